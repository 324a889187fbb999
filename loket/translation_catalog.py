"""One dictionary per plural rule for the message catalogues, as Django means to build them.

Django's ``TranslationCatalog.update`` (``django/utils/translation/trans_real.py``, 5.2) merges an
app's catalogue into the top one "if [its] plural function is the same", but compares the new
function's code object with the top *function*: never equal, so every app's catalogue stays a
dictionary of its own (7 in Dutch, 8 in English here) and each lookup of a message that no
catalogue holds asks all of them. In Dutch that is every message of the portal (its msgids are
Dutch): on the staff work queue, ~700 lookups and a tenth of the page's Python. Compared as
intended (code with code), the Dutch catalogues become one and the English two; which entry wins
is unchanged, the newest catalogue's (tested against Django's own lookup for every message).

A single catalogue (Dutch) is then looked up with its dictionary's own ``get``, no Python loop: a
Dutch msgid is looked up twice per translation (as itself and as a plural), some 200 to 500 times
a page.
"""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import trans_real

_DJANGO_UPDATE = trans_real.TranslationCatalog.update


def _update(self, trans) -> None:
    if trans.plural.__code__ == self._plurals[0].__code__:
        self._catalogs[0].update(trans._catalog)
    else:
        self._catalogs.insert(0, trans._catalog.copy())
        self._plurals.insert(0, trans.plural)
    if len(self._catalogs) == 1:
        self.get = self._catalogs[0].get  # what the class's get answers, in C
    else:
        self.__dict__.pop("get", None)


def install() -> None:
    """Merge from now on, and forget the catalogues built before (an app's import may already
    have translated something): they are built again, merged, at their next use. Written against
    5.2's update(): on another version, check whether it still compares a code object with a
    function."""
    trans_real.TranslationCatalog.update = _update
    trans_real._translations = {}
    trans_real._default = None
    # The active one too, by deactivating it: replacing the local that holds it would undo
    # loket.context_local, whichever of the two is installed first.
    translation.deactivate()
