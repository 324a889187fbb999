"""Querysets compiled to SQL once per process and then only run, with other key values.

Building a queryset and compiling it to SQL is most of what a simple query costs: measured on the
reference VM, the acting organisation's check (every signed-in request) took 1.16 ms of Python, of
which 0.17 ms was sending the SQL and building the objects. The few queries every signed-in page
runs are therefore built once per process with placeholder keys; each request substitutes its
own keys and turns the rows into objects with the ORM's own converters and ``select_related``
populators, so callers get exactly the instances the queryset would have given.

A key without a default in ``build`` is an integer (a primary or foreign key). A key with a
default takes it as its placeholder: an integer for a column too small for the usual placeholder (a
year), a text or a date, in a form its field keeps as it is (an INSZ as stored, not
``85.07.30-033.28``). A text or date key must be compared with ``=``, ``<``, ``<=``, ``>`` or ``>=``;
each run passes its value through that field, as the ORM would (normalised, validated, adapted to
the database). ``None`` is no key: it would change the SQL itself (``IS NULL``). An integer key may
also be where a slice starts (``qs[vanaf : vanaf + 25]``): the ORM writes the offset into the SQL,
which then takes it as a parameter instead.

A queryset of model instances gives instances; one of ``values_list()`` (plain or ``named=True``,
its fields in their select order) gives its tuples.

On PostgreSQL the SQL, fixed per process, is also a server-side prepared statement from its
second run on a connection (``prepare_threshold`` in settings.DATABASES, ``DB_PREPARED_STATEMENTS``).
After five runs planned for their values PostgreSQL keeps one generic plan and plans it no more:
the staff dossier page's seven-join query went from 3.7 to 0.9 ms on the reference VM, most of it
planning, and the page's SQL from 10.6 to 5.3 ms.
"""

from __future__ import annotations

import datetime as dt
import functools
import inspect
import threading
from collections.abc import Callable
from dataclasses import dataclass

import psycopg
from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import Field, Lookup, Model, QuerySet
from django.db.models.query import (
    ModelIterable,
    NamedValuesListIterable,
    ValuesListIterable,
    get_related_populators,
)
from django.db.models.sql.where import WhereNode
from django.db.models.utils import create_namedtuple_class

# Far above any real key, yet inside every integer column's range (Django compiles a lookup with
# an out-of-range value, e.g. a negative one on a positive field, to 'no rows' instead of SQL): a
# placeholder is found back in the compiled parameters by its value.
_PLACEHOLDER = 2**31 - 104_729
_KLEINSTE, _GROOTSTE = -(2**63), 2**63 - 1
_VERGELIJKINGEN = frozenset({"exact", "lt", "lte", "gt", "gte"})

# Defaults for text and date keys: valid values in their stored form (an INSZ and a KBO number with
# their check digits), which no query compares with as a constant.
INSZ_PLACEHOLDER = "85073003328"
KBO_PLACEHOLDER = "0203201340"
DATE_PLACEHOLDER = dt.date(1900, 1, 1)


@dataclass(frozen=True)
class _Compiled:
    sql: str
    params: tuple
    slots: tuple[str | None, ...]  # per SQL parameter: the key it takes, or None for a constant
    # per integer key's parameter: the driver's wrapper of its value (psycopg's Int8 for a big
    # integer column), so the value is passed as the ORM passed the placeholder
    wraps: tuple[type | None, ...]
    # per text or date key: its field's preparation of a value (Field.get_db_prep_value)
    voorbereiding: dict[str, Callable]
    compiler: object
    init_list: list[str]
    start: int
    end: int
    populators: list
    annotations: dict[str, int]
    converters: dict  # the columns' from_db_value converters, as results_iter() would work them out
    # values_list(): rows, not instances; named=True: the named tuple class of its fields
    rijen: bool = False
    rij_klasse: type | None = None


class PreparedQuery:
    """``build(**keys)`` returns the queryset; its parameter names are the keys callers pass.

    >>> ACTIEVE_TOEGANG = PreparedQuery(lambda gebruiker_id, organisatie_id: Toegang.objects.filter(
    ...     gebruiker_id=gebruiker_id, organisatie_id=organisatie_id).order_by("pk")[:1])
    >>> ACTIEVE_TOEGANG.first(gebruiker_id=1, organisatie_id=2)
    >>> INDICATIE = PreparedQuery(lambda insz=INSZ_PLACEHOLDER, op=DATE_PLACEHOLDER: ...)
    """

    def __init__(self, build: Callable[..., QuerySet]):
        self._build = build
        parameters = inspect.signature(build).parameters
        self._keys = tuple(parameters)
        self._placeholders = {
            key: _PLACEHOLDER - i if p.default is p.empty else p.default
            for i, (key, p) in enumerate(parameters.items())
        }
        self._types = {key: type(placeholder) for key, placeholder in self._placeholders.items()}
        if wrong := {k: t for k, t in self._types.items() if t not in (int, str, dt.date)}:
            raise ValueError(f"a key is an integer, a text or a date, not {wrong}")
        self._compiled: dict[str, _Compiled] = {}
        self._lock = threading.Lock()

    def _compile(self, alias: str) -> _Compiled:
        placeholders = self._placeholders
        queryset = self._build(**placeholders)
        if queryset._prefetch_related_lookups or queryset._known_related_objects:
            raise ValueError("a prepared query cannot prefetch or come from a related manager")
        compiler = queryset.query.get_compiler(using=alias)
        try:
            sql, params = compiler.as_sql()
        except EmptyResultSet as exc:
            raise ValueError(f"a key of {self._keys} cannot hold the placeholder {_PLACEHOLDER}") from exc
        integers = {value: key for key, value in placeholders.items() if type(value) is int}
        sql, params = _offset_als_parameter(sql, params, queryset.query.low_mark, integers)
        velden = _vergeleken_velden(
            queryset.query.where, {k: v for k, v in placeholders.items() if type(v) is not int}
        )
        voorbereiding = {
            key: functools.partial(veld.get_db_prep_value, connection=connections[alias], prepared=False)
            for key, veld in velden.items()
        }
        # A text or date is found by its value as the database receives it (SQLite: a date as text).
        anders = {(type(v := prep(placeholders[key])), v): key for key, prep in voorbereiding.items()}
        slots = tuple(
            # an integer the driver wraps to fix its SQL type (psycopg's Int8) is found by its value
            integers.get(int(p))
            if isinstance(p, int) and not isinstance(p, bool)
            else anders.get((type(p), p))
            if isinstance(p, (str, dt.date))
            else None
            for p in params
        )
        if missing := set(self._keys) - set(slots):
            raise ValueError(
                f"the query does not use the key(s) {sorted(missing)} as parameters (a text or date "
                "key's default is a value its field keeps as it is, compared with =, <, <=, > or >=)"
            )
        klass_info, select = compiler.klass_info, compiler.select
        columns = [column[0] for column in select[: compiler.col_count]]
        if compiler.has_composite_fields(columns):
            raise ValueError("a prepared query cannot select a composite primary key")
        gemeen = {
            "sql": sql,
            "params": tuple(params),
            "slots": slots,
            "wraps": tuple(
                type(p) if self._types.get(slot) is int else None
                for slot, p in zip(slots, params, strict=True)
            ),
            "voorbereiding": voorbereiding,
            "compiler": compiler,
            # results_iter() works these out from every selected column on each call: an eighth
            # of a signed-in request's Python when the page runs only the grant's query.
            "converters": compiler.get_converters(columns),
        }
        if queryset._iterable_class in (ValuesListIterable, NamedValuesListIterable):
            return _Compiled(
                **gemeen,
                init_list=[],
                start=0,
                end=len(columns),
                populators=[],
                annotations={},
                rijen=True,
                rij_klasse=_rij_klasse(queryset),
            )
        if queryset._iterable_class is not ModelIterable or klass_info is None:
            raise ValueError("a prepared query returns model instances or values_list() rows")
        fields = klass_info["select_fields"]
        start, end = fields[0], fields[-1] + 1
        return _Compiled(
            **gemeen,
            init_list=[f[0].target.attname for f in select[start:end]],
            start=start,
            end=end,
            populators=get_related_populators(klass_info, select, alias),
            annotations=dict(compiler.annotation_col_map or {}),
        )

    def all(self, using: str = "default", **keys: int | str | dt.date) -> list:
        types = self._types
        if keys.keys() != types.keys() or not all(type(v) is types[k] for k, v in keys.items()):
            soorten = ", ".join(f"{k}: {t.__name__}" for k, t in types.items())
            raise ValueError(f"pass the keys ({soorten}), got {keys!r}")
        if not all(_KLEINSTE <= v <= _GROOTSTE for v in keys.values() if type(v) is int):
            # No integer column holds it (a typed URL like /dossiers/99999999999999999999/), and
            # SQLite would refuse to bind it: no rows, as the ORM answers for an out-of-range value.
            return []
        compiled = self._compiled.get(using)
        if compiled is None:
            with self._lock:
                compiled = self._compiled.get(using) or self._compiled.setdefault(using, self._compile(using))
        for key, prep in compiled.voorbereiding.items():
            keys[key] = prep(keys[key])
        params = [
            constant if slot is None else wrap(keys[slot]) if wrap else keys[slot]
            for slot, wrap, constant in zip(compiled.slots, compiled.wraps, compiled.params, strict=True)
        ]
        db = connections[using]
        op_server = _op_server_gebonden(db)
        with _cursor(db, op_server) as cursor:
            cursor.execute(compiled.sql, params)
            rows = cursor.fetchall()
        if op_server and db.queries_logged:
            # Django logs a query bound on the server as psycopg kept it: with $1 for its values,
            # or nothing at all when it ran prepared. Logged with its values, as any other query.
            db.queries_log[-1]["sql"] = db.ops.compose_sql(compiled.sql, params)
        if compiled.converters:
            rows = compiled.compiler.apply_converters(rows, compiled.converters)
        if compiled.rijen:
            if compiled.rij_klasse is None:
                return [tuple(row) for row in rows]
            nieuw, klasse = tuple.__new__, compiled.rij_klasse
            return [nieuw(klasse, row) for row in rows]
        model = compiled.compiler.klass_info["model"]
        objects = []
        for row in rows:
            obj = model.from_db(using, compiled.init_list, row[compiled.start : compiled.end])
            for populator in compiled.populators:
                populator.populate(row, obj)
            for name, position in compiled.annotations.items():
                setattr(obj, name, row[position])
            objects.append(obj)
        return objects

    def first(self, using: str = "default", **keys: int | str | dt.date) -> Model | None:
        """The first row's object; the queryset should be sliced (``[:1]``) so only one is read."""
        objects = self.all(using, **keys)
        return objects[0] if objects else None


def _rij_klasse(queryset) -> type | None:
    """values_list(named=True): the named tuple class of its rows; a plain values_list(): None."""
    query = queryset.query
    namen = [*query.extra_select, *query.values_select, *query.annotation_select]
    if queryset._fields and list(queryset._fields) != namen:
        raise ValueError(f"a prepared values_list() names its fields in their select order: {namen}")
    return create_namedtuple_class(*namen) if queryset._iterable_class is NamedValuesListIterable else None


def _offset_als_parameter(sql: str, params, low_mark: int, integers: dict[int, str]) -> tuple[str, list]:
    """``qs[key : ...]``: the ORM writes the slice's start into the SQL (``OFFSET 2147378919``,
    the key's placeholder); that start becomes the statement's last parameter instead."""
    params = list(params)
    if low_mark in integers and sql.endswith(f" OFFSET {low_mark}"):
        sql = sql[: -len(str(low_mark))] + "%s"
        params.append(low_mark)
    return sql, params


def _vergeleken_velden(where: WhereNode, placeholders: dict[str, object]) -> dict[str, Field]:
    """Per text or date key: the field its placeholder is compared with, in the query's conditions."""
    velden: dict[str, Field] = {}
    nodes = [where]
    while nodes:
        node = nodes.pop()
        if isinstance(node, WhereNode):
            nodes.extend(node.children)
        elif isinstance(node, Lookup) and node.lookup_name in _VERGELIJKINGEN:
            for key, placeholder in placeholders.items():
                if type(node.rhs) is type(placeholder) and node.rhs == placeholder:
                    veld = velden.setdefault(key, node.lhs.output_field)
                    if type(veld) is not type(node.lhs.output_field):
                        raise ValueError(f"the key {key} is compared with fields of different kinds")
    return velden


def _op_server_gebonden(db) -> bool:
    return db.vendor == "postgresql" and db.settings_dict["OPTIONS"].get("prepare_threshold") is not None


def _cursor(db, op_server: bool):
    """Django's cursor (query logging, execute wrappers, error translation); with ``op_server``
    around a psycopg cursor that binds the parameters on the server, since only those can be
    prepared: Django's own cursors bind on the client."""
    if not op_server:
        return db.cursor()
    # What BaseDatabaseWrapper._cursor() does around a cursor of its own making.
    db.close_if_health_check_failed()
    db.ensure_connection()
    with db.wrap_database_errors:
        return db._prepare_cursor(psycopg.Cursor(db.connection))
