"""Authentic sources, each behind a small interface.

``get_bron("vdab")`` returns the adapter configured in ``settings.LOKET_BRONNEN``; the default
adapters read the local registries in ``loket.models.bronnen``. An adapter raises
``BronNietBeschikbaar`` when the source cannot be reached, so callers can retry.
"""

from functools import cache

from django.conf import settings
from django.utils.module_loading import import_string


class BronNietBeschikbaar(RuntimeError):
    """The authentic source could not be queried now; try again later."""


@cache
def _adapter(path: str):
    return import_string(path)()


def get_bron(naam: str):
    return _adapter(settings.LOKET_BRONNEN[naam])
