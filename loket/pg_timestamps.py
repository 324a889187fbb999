"""PostgreSQL's ``timestamptz`` read by psycopg's C loader, as Django wants it (in its time zone).

Django registers its own loader for ``timestamptz`` (``psycopg_any.BaseTzLoader``): a subclass of
psycopg's *Python* loader, because the C one cannot be subclassed. So every timestamp a query
returns is parsed by a regular expression and some twenty lines of Python (some 200 opcodes; the
staff work queue reads 26 per page, a dossier's page 13 to 20), although psycopg's binary package
parses the same text in C. This loader asks the C loader for the value and then does what
Django's adds: the value in Django's connection time zone (``replace(tzinfo=...)``). Installed as
``psycopg_any.BaseTzLoader``, the base Django's ``register_tzloader`` builds its loaders from, when
psycopg runs its C implementation; tested against Django's loader on many values.
"""

from __future__ import annotations

import psycopg
from django.db.backends.postgresql import psycopg_any
from psycopg.adapt import Loader
from psycopg.pq import Format

_DJANGO_BASE_TZ_LOADER = psycopg_any.BaseTzLoader


def _c_loader():
    """psycopg's own ``timestamptz`` text loader, when it is the C one (else None)."""
    loader = psycopg.adapters.get_loader(psycopg.adapters.types["timestamptz"].oid, Format.TEXT)
    return None if loader is None or issubclass(loader, Loader) else loader


class BaseTzLoader(Loader):
    """Django's ``BaseTzLoader``, parsing in C: the timestamp in ``timezone`` (None: naive)."""

    timezone = None
    _c_loader_class = _c_loader()

    def __init__(self, oid: int, context=None):
        super().__init__(oid, context)
        self._load = self._c_loader_class(oid, context).load

    def load(self, data):
        return self._load(data).replace(tzinfo=self.timezone)


def install() -> None:
    """Written against 5.2's ``psycopg_any`` (register_tzloader subclasses the module's
    BaseTzLoader each time it is called); without psycopg's C implementation nothing changes."""
    if BaseTzLoader._c_loader_class is not None:
        psycopg_any.BaseTzLoader = BaseTzLoader
        psycopg_any.get_adapters_template.cache_clear()
