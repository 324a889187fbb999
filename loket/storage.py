"""The private storage of uploads and generated letters: local files (embedded default) or an
S3-compatible bucket (``S3_BUCKET``, see settings), never under a public URL."""

from django.core.files.storage import storages
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.functional import LazyObject, empty


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
