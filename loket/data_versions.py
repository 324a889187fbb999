"""Which changes an organisation's pages depend on, counted by the database itself.

Every table whose rows an employer's or self-employed person's pages show has a trigger that
adds a ``DataChange`` row for each organisation the changed rows belong to, in the same
transaction as the change; changes to data every organisation's pages show (parameters,
authentic sources, payout runs) add one for ``DataChange.GLOBAL``. An organisation's data version
is the sum of its rows' ``changes``; a cached page is keyed by its own and the global version
(``loket.page_cache``), so it is never served after its data changed, whoever changed it: a
service, the admin, a bulk update, a CSV import or a raw SQL statement.

Why triggers and not Django's signals: ``QuerySet.update()``, ``bulk_create()`` and raw SQL send
none, and the payout run, the registries' CSV imports and the mail outbox claims use them.

Why rows added and summed, not one counter per organisation: a counter row would be locked from
the first change of a transaction to its commit, so every write of an organisation would wait
for the others and a decision (dossier first, then the counter) could deadlock with an upload
(counter first, then the dossier); found by the load test. Inserted rows lock nothing. The sum
is right whatever the order of commits: a version read by a page counts every change committed
before it, which the page's later statements see (READ COMMITTED gives each a newer snapshot),
and any change committed afterwards makes the sum larger. So a page is at worst stored under a
version older than its data, never served after a change.

PostgreSQL runs one statement-level trigger per statement (transition tables: a bulk insert of
50,000 payment lines adds one row per organisation); SQLite, for ``make run``, one row-level
trigger per row. Both are (re)installed after every ``migrate`` from ``TRACKED``; ``compact``
(every ten minutes, beat) keeps the sums short to read.

One more counter lives here for the same reasons: ``STAFF_RIGHTS``, raised by every change of
who holds which permission (groups, their permissions, a user's own) and of the staff's second
factors (TOTP devices), so a staff member's permissions and verified device can be kept between
requests under that version (``loket.backends``, ``loket.otp``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps
from django.db import connection as default_connection
from django.db.models import Subquery

GLOBAL = 0  # DataChange.GLOBAL, without importing the model at import time
STAFF_RIGHTS = -1  # DataChange.STAFF_RIGHTS


@dataclass(frozen=True)
class Route:
    """From a changed row (``r``) to organisation ids: the row's own ``column``, or the ``select``
    column of the rows of ``model`` whose ``match`` column equals the row's ``column``. Without a
    column: the change counts for the fixed row ``constant`` (``GLOBAL``: every organisation)."""

    column: str | None
    model: str | None = None
    match: str = "id"
    select: str = "organisatie_id"
    constant: int = GLOBAL

    def sql(self, rows: str) -> str:
        if self.model is None:
            return f"SELECT r.{self.column} AS o FROM {rows} r"  # nosec B608: names from the models
        table = apps.get_model(self.model)._meta.db_table
        return (
            f"SELECT t.{self.select} AS o FROM {rows} r "  # nosec B608: names from the models
            f"JOIN {table} t ON t.{self.match} = r.{self.column}"
        )


def own(column: str = "organisatie_id") -> Route:
    return Route(column)


def of_dossier(column: str = "dossier_id") -> Route:
    return Route(column, "aanvragen.Dossier")


def of_user(column: str) -> Route:
    """The organisations a user has a grant for (their name and e-mail show in the header)."""
    return Route(column, "loket.Toegang", match="gebruiker_id")


EVERY_ORGANISATION = (Route(None),)
RIGHTS = (Route(None, constant=STAFF_RIGHTS),)

# A school's pages show its scholengroep's bank account and name: a change of the scholengroep
# raises its schools too.
_SCHOOLS = Route("organisatie_id", "loket.Organisatie", match="scholengroep_id", select="id")

TRACKED: dict[str, tuple[Route, ...]] = {
    "auth.User": (of_user("id"),),
    "loket.Organisatie": (own("id"), Route("id", "loket.Organisatie", match="scholengroep_id", select="id")),
    "loket.Vestiging": (own(),),
    "loket.Bankrekening": (own(), _SCHOOLS),
    "loket.Persoon": (
        Route("id", "aanvragen.Dossier", match="werknemer_id"),
        Route("id", "loket.Organisatie", match="persoon_id", select="id"),
    ),
    "loket.Bericht": (own(),),
    "loket.BerichtBijlage": (Route("bericht_id", "loket.Bericht"),),
    "loket.Toegang": (own(),),
    "loket.Activatiecode": (Route("toegang_id", "loket.Toegang"),),
    "loket.Uitnodiging": (own(),),
    "loket.Mandaat": (own(), own("secretariaat_id")),
    "loket.EmailBevestiging": (of_user("gebruiker_id"),),
    "loket.Profiel": (of_user("gebruiker_id"),),
    "aanvragen.Dossier": (own(),),
    "aanvragen.StatusOvergang": (of_dossier(),),
    "aanvragen.Document": (of_dossier(),),
    "aanvragen.Wijziging": (of_dossier(),),
    "aanvragen.Beslissing": (of_dossier(),),
    "aanvragen.Beroep": (of_dossier(),),
    "premies.Betaallijn": (own(), of_dossier()),
    "premies.Betalingsblokkering": (of_dossier(),),
    "premies.Betalingsprobleem": (of_dossier(),),
    "evaluaties.Evaluatie": (of_dossier(),),
    # Shown on every organisation's pages (amounts, schedules, authentic sources, payment dates).
    **{
        label: EVERY_ORGANISATION
        for label in (
            "loket.VdabIndicatie",
            "loket.VdabEvaluatie",
            "loket.DimonaRelatie",
            "loket.DmfaLoonlijn",
            "loket.KboInschrijving",
            "loket.GgmmiBedrag",
            "loket.DegressiefPakket",
            "loket.PakketSchijf",
            "loket.BegeleidingspremieBedrag",
            "loket.BegeleidingspremieOpstart",
            "loket.OndersteuningReferentiebedrag",
            "aanvragen.ErkendeDienstverlener",
            "premies.Uitbetalingsrun",
        )
    },
    # Who may do what in the admin: no employer page shows it, the staff permission cache reads it.
    **{
        label: RIGHTS
        for label in (
            "auth.Permission",
            "auth.Group_permissions",
            "auth.User_groups",
            "auth.User_user_permissions",
            # A staff member's second factor (loket.otp.OTPMiddleware keeps it under this version).
            "otp_totp.TOTPDevice",
        )
    },
}

# Models of the portal's apps no employer page shows; a new model must be put in one of the two
# (tests/infra/test_data_versions.py checks it).
NOT_SHOWN = {
    "loket.DataChange": "the versions themselves",
    "aanvragen.DossierInzage": "staff's access log, read in the admin only",
    "api.ApiClient": "listed on the access page (toegang), which is not cached",
    "api.ApiCall": "the API's access log, read in the admin only",
    "api.IdempotencyKey": "the API's replay protection",
    "api.Webhook": "the API's subscriptions, not on an employer page",
    "api.Event": "the API's outgoing events, not on an employer page",
}
NOT_SHOWN_PREFIX = "Historical"  # django-simple-history's copies, read in the admin only


def _select(routes: tuple[Route, ...], rows_of: Callable[[Route], str]) -> str:
    """The organisation ids (``o``) of the changed rows; ``rows_of(route)`` names those rows."""
    return " UNION ALL ".join(
        route.sql(rows_of(route)) if route.column else f"SELECT {route.constant} AS o" for route in routes
    )


_INSERT = (
    "INSERT INTO loket_datachange (organisatie_id, changes) "  # nosec B608: names from the models
    "SELECT DISTINCT o, 1 FROM ({select}) AS s WHERE o IS NOT NULL"
)


def _postgresql(table: str, routes: tuple[Route, ...]) -> list[str]:
    function = f"dv_{table}"[:63]
    # The statement's transition tables: every route reads them whole.
    oud, nieuw = _select(routes, lambda _route: "oud"), _select(routes, lambda _route: "nieuw")
    old, new = _INSERT.format(select=oud), _INSERT.format(select=nieuw)
    both = _INSERT.format(select=f"{oud} UNION ALL {nieuw}")
    statements = [
        f"CREATE OR REPLACE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
        f"IF TG_OP = 'INSERT' THEN {new}; ELSIF TG_OP = 'DELETE' THEN {old}; ELSE {both}; END IF; "
        "RETURN NULL; END $$"
    ]
    for event, referencing in (
        ("INSERT", "NEW TABLE AS nieuw"),
        ("UPDATE", "OLD TABLE AS oud NEW TABLE AS nieuw"),
        ("DELETE", "OLD TABLE AS oud"),
    ):
        name = f"dv_{event.lower()}"
        statements += [
            f"DROP TRIGGER IF EXISTS {name} ON {table}",
            f"CREATE TRIGGER {name} AFTER {event} ON {table} REFERENCING {referencing} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {function}()",
        ]
    return statements


def _sqlite(table: str, routes: tuple[Route, ...]) -> list[str]:
    def select(record: str) -> str:
        # The one changed row (NEW or OLD), as a one-row table of the column the route reads.
        return _select(routes, lambda route: f"(SELECT {record}.{route.column} AS {route.column})")

    statements = []
    for event, selected in (
        ("INSERT", select("NEW")),
        ("UPDATE", f"{select('OLD')} UNION ALL {select('NEW')}"),
        ("DELETE", select("OLD")),
    ):
        name = f"dv_{table}_{event.lower()}"
        statements += [
            f"DROP TRIGGER IF EXISTS {name}",
            f"CREATE TRIGGER {name} AFTER {event} ON {table} BEGIN {_INSERT.format(select=selected)}; END",
        ]
    return statements


def trigger_sql(vendor: str, existing_tables: set[str] | None = None) -> list[str]:
    build = {"postgresql": _postgresql, "sqlite": _sqlite}.get(vendor)
    if build is None:
        raise NotImplementedError(f"data versions need triggers written for {vendor}")
    statements = []
    for label, routes in TRACKED.items():
        table = apps.get_model(label)._meta.db_table
        if existing_tables is None or table in existing_tables:
            statements += build(table, routes)
    return statements


def install(connection=default_connection) -> None:
    """(Re)install the triggers of every tracked table that exists; safe to run any number of times."""
    existing = set(connection.introspection.table_names())
    if "loket_datachange" not in existing:
        return
    with connection.cursor() as cursor:
        for statement in trigger_sql(connection.vendor, existing):
            cursor.execute(statement)


def install_after_migrate(sender, using="default", **kwargs) -> None:
    from django.db import connections

    install(connections[using])


def version(organisatie):
    """The data version of an organisation (an id or an ``OuterRef``) as a subquery expression."""
    from django.db.models import Sum, Value
    from django.db.models.functions import Coalesce

    from .models import DataChange

    totaal = (
        DataChange.objects.filter(organisatie_id=organisatie)
        .order_by()
        .values("organisatie_id")
        .annotate(totaal=Sum("changes"))
        .values("totaal")
    )
    return Coalesce(Subquery(totaal), Value(0))


def compact(connection=default_connection) -> int:
    """Fold each organisation's rows into one with their sum: the versions stay what they were.
    Safe at any moment and to run twice at once. Returns the number of rows folded."""
    from django.db import transaction

    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # One statement, one snapshot: a change committed meanwhile is neither deleted nor
            # summed, it stays a row of its own.
            cursor.execute(
                "WITH gevouwen AS (DELETE FROM loket_datachange RETURNING organisatie_id, changes) "
                "INSERT INTO loket_datachange (organisatie_id, changes) "
                "SELECT organisatie_id, SUM(changes) FROM gevouwen GROUP BY organisatie_id"
            )
            return cursor.rowcount
        # SQLite has one writer at a time: nothing commits between the two statements.
        cursor.execute("SELECT MAX(id) FROM loket_datachange")
        (laatste,) = cursor.fetchone()
        if laatste is None:
            return 0
        cursor.execute(
            "INSERT INTO loket_datachange (organisatie_id, changes) "
            "SELECT organisatie_id, SUM(changes) FROM loket_datachange "
            "WHERE id <= %s GROUP BY organisatie_id",
            [laatste],
        )
        cursor.execute("DELETE FROM loket_datachange WHERE id <= %s", [laatste])
        return cursor.rowcount
