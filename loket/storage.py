"""The private storage of uploads and generated letters: local files (embedded default) or an
S3-compatible bucket (``S3_BUCKET``, see settings), never under a public URL; and the static files
as production serves them."""

from django.core.files.storage import storages
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.functional import LazyObject, empty
from whitenoise.storage import CompressedManifestStaticFilesStorage


class _PrivateStorage(LazyObject):
    """``storages['private']``, looked up when first used instead of when the models are imported.

    A FileField evaluates its storage callable once, at import; without this proxy a test (or a
    process) that switches ``STORAGES`` would go on writing to the storage of import time."""

    def _setup(self):
        self._wrapped = storages["private"]


_private = _PrivateStorage()


@receiver(setting_changed)
def _forget_storage(setting, **kwargs):
    if setting == "STORAGES":
        _private._wrapped = empty


def private_storage():
    """Storage for uploads and letters: never under a public URL (see STORAGES['private'])."""
    return _private


class StaticStorage(CompressedManifestStaticFilesStorage):
    """WhiteNoise's compressed files under hashed names, each name's URL worked out once.

    A process reads the manifest once, so a name's URL stays the same while it runs; Django works it
    out anew at every ``{% static %}`` (splitting, unquoting and joining URLs): 1,100 Python opcodes
    a time, 26,000 on the staff dossier page. Collecting the files anew (``collectstatic`` in this
    process) starts over."""

    _MAX_URLS = 4096  # far above the names templates and form media use; a bound on memory

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._urls: dict[str, str] = {}

    def url(self, name, force=False):
        if force:
            return super().url(name, force)
        url = self._urls.get(name)
        if url is None:
            url = super().url(name)
            if len(self._urls) < self._MAX_URLS:
                self._urls[name] = url
        return url

    def post_process(self, *args, **kwargs):
        self._urls.clear()
        yield from super().post_process(*args, **kwargs)
        self._urls.clear()
