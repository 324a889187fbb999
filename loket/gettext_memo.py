"""``gettext`` answered from a memory per active catalogue.

In Dutch, the portal's own language, nearly every message is its own translation: its msgid is
Dutch, so no catalogue holds it. Django's ``gettext`` then looks it up as itself and as a plural
(calling the catalogue's plural function), finds nothing, and asks the fallback catalogue
(``nl-be`` behind ``nl``) the same twice more: some 60 Python opcodes for every translated text
that is not a template's ``{% translate %}`` (``loket.translate_tag`` keeps those): labels of
choices and fields, the views' texts. A rendered dossier page asks about 90.

What it answers depends only on the active translation object (its catalogues are fixed once it
is built; Django builds new ones when the translation settings change) and on the message. So each
translation object keeps what it answered, per message, bounded in size. A ``SafeString`` message
(whose answer must be marked safe again) and anything but a plain ``str`` go Django's way.
"""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import trans_real

_DJANGO_GETTEXT = trans_real.gettext
_MEMO = "_loket_gettext"
# The messages of the code and templates are a few thousand; a text built at run time and then
# translated would otherwise grow it without end.
_MAX_MESSAGES = 8192


def gettext(message):
    if type(message) is str:
        translation_object = getattr(trans_real._active, "value", None)
        if translation_object is not None:
            try:
                return translation_object.__dict__[_MEMO][message]
            except KeyError:
                return _remember(translation_object, message)
    return _DJANGO_GETTEXT(message)


def _remember(translation_object, message: str) -> str:
    memo = translation_object.__dict__.setdefault(_MEMO, {})
    if len(memo) >= _MAX_MESSAGES:
        memo.clear()
    antwoord = memo[message] = _DJANGO_GETTEXT(message)
    return antwoord


def install() -> None:
    trans_real.gettext = gettext
    # django.utils.translation keeps the function it found at its first call.
    translation._trans.__dict__.pop("gettext", None)
