"""Querysets compiled to SQL once per process and then only run, with other key values.

Building a queryset and compiling it to SQL is most of what a simple query costs: measured on the
reference VM, the acting organisation's check (every signed-in request) took 1.16 ms of Python, of
which 0.17 ms was sending the SQL and building the objects. The few queries every signed-in page
runs are therefore built once per process with placeholder keys; each request substitutes its
own keys and turns the rows into objects with the ORM's own converters and ``select_related``
populators, so callers get exactly the instances the queryset would have given.

Only integer keys (primary and foreign keys) can be substituted: a placeholder must be a value the
ORM passes to the database unchanged, and ``None`` would change the SQL itself (``IS NULL``).
"""

from __future__ import annotations

import inspect
import threading
from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import Model, QuerySet
from django.db.models.query import ModelIterable, get_related_populators

# Far above any real key, yet inside every integer column's range (Django compiles a lookup with
# an out-of-range value, e.g. a negative one on a positive field, to 'no rows' instead of SQL): a
# placeholder is found back in the compiled parameters by its value.
_PLACEHOLDER = 2**31 - 104_729
_KLEINSTE, _GROOTSTE = -(2**63), 2**63 - 1


@dataclass(frozen=True)
class _Compiled:
    sql: str
    params: tuple
    slots: tuple[str | None, ...]  # per SQL parameter: the key it takes, or None for a constant
    compiler: object
    init_list: list[str]
    start: int
    end: int
    populators: list
    annotations: dict[str, int]
    converters: dict  # the columns' from_db_value converters, as results_iter() would work them out


class PreparedQuery:
    """``build(**keys)`` returns the queryset; its parameter names are the keys callers pass.

    >>> ACTIEVE_TOEGANG = PreparedQuery(lambda gebruiker_id, organisatie_id: Toegang.objects.filter(
    ...     gebruiker_id=gebruiker_id, organisatie_id=organisatie_id).order_by("pk")[:1])
    >>> ACTIEVE_TOEGANG.first(gebruiker_id=1, organisatie_id=2)
    """

    def __init__(self, build: Callable[..., QuerySet]):
        self._build = build
        self._keys = tuple(inspect.signature(build).parameters)
        self._compiled: dict[str, _Compiled] = {}
        self._lock = threading.Lock()

    def _compile(self, alias: str) -> _Compiled:
        placeholders = {key: _PLACEHOLDER - i for i, key in enumerate(self._keys)}
        queryset = self._build(**placeholders)
        if queryset._prefetch_related_lookups or queryset._known_related_objects:
            raise ValueError("a prepared query cannot prefetch or come from a related manager")
        compiler = queryset.query.get_compiler(using=alias)
        try:
            sql, params = compiler.as_sql()
        except EmptyResultSet as exc:
            raise ValueError(f"a key of {self._keys} cannot hold the placeholder {_PLACEHOLDER}") from exc
        by_value = {value: key for key, value in placeholders.items()}
        # The driver may wrap an integer to fix its SQL type (psycopg's Int8 for a big integer
        # column): found by its value, substituted in the same wrapper.
        slots = tuple(
            by_value.get(int(p)) if isinstance(p, int) and not isinstance(p, bool) else None for p in params
        )
        if missing := set(self._keys) - set(slots):
            raise ValueError(f"the query does not use the key(s) {sorted(missing)} as parameters")
        klass_info, select = compiler.klass_info, compiler.select
        if queryset._iterable_class is not ModelIterable or klass_info is None:
            raise ValueError("a prepared query returns model instances (not values())")
        columns = [column[0] for column in select[: compiler.col_count]]
        if compiler.has_composite_fields(columns):
            raise ValueError("a prepared query cannot select a composite primary key")
        fields = klass_info["select_fields"]
        start, end = fields[0], fields[-1] + 1
        return _Compiled(
            sql=sql,
            params=tuple(params),
            slots=slots,
            compiler=compiler,
            init_list=[f[0].target.attname for f in select[start:end]],
            start=start,
            end=end,
            populators=get_related_populators(klass_info, select, alias),
            annotations=dict(compiler.annotation_col_map or {}),
            # results_iter() works these out from every selected column on each call: an eighth
            # of a signed-in request's Python when the page runs only the grant's query.
            converters=compiler.get_converters(columns),
        )

    def all(self, using: str = "default", **keys: int) -> list[Model]:
        if set(keys) != set(self._keys) or not all(type(v) is int for v in keys.values()):
            raise ValueError(f"pass the integer keys {self._keys}, got {keys!r}")
        if not all(_KLEINSTE <= v <= _GROOTSTE for v in keys.values()):
            # No integer column holds it (a typed URL like /dossiers/99999999999999999999/), and
            # SQLite would refuse to bind it: no rows, as the ORM answers for an out-of-range value.
            return []
        compiled = self._compiled.get(using)
        if compiled is None:
            with self._lock:
                compiled = self._compiled.get(using) or self._compiled.setdefault(using, self._compile(using))
        params = [
            type(constant)(keys[slot]) if slot else constant
            for slot, constant in zip(compiled.slots, compiled.params, strict=True)
        ]
        with connections[using].cursor() as cursor:
            cursor.execute(compiled.sql, params)
            rows = cursor.fetchall()
        model = compiled.compiler.klass_info["model"]
        objects = []
        if compiled.converters:
            rows = compiled.compiler.apply_converters(rows, compiled.converters)
        for row in rows:
            obj = model.from_db(using, compiled.init_list, row[compiled.start : compiled.end])
            for populator in compiled.populators:
                populator.populate(row, obj)
            for name, position in compiled.annotations.items():
                setattr(obj, name, row[position])
            objects.append(obj)
        return objects

    def first(self, using: str = "default", **keys: int) -> Model | None:
        """The first row's object; the queryset should be sliced (``[:1]``) so only one is read."""
        objects = self.all(using, **keys)
        return objects[0] if objects else None
