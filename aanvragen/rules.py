"""Pure rules of the application procedure: dates and status transitions.

No ORM, no request. Views, services, tasks and the admin call these; they never re-implement them.
"""

from __future__ import annotations

import datetime as dt

from loket.rules import eerste_dag_kwartaal

ONTVANKELIJKHEID_TERMIJN_DAGEN = 7
BESLISSING_TERMIJN_DAGEN = 30


def startdatum(beslissingsdatum: dt.date) -> dt.date:
    """First day of the quarter of the decision (not of the application)."""
    return eerste_dag_kwartaal(beslissingsdatum)


def einddatum(startdatum: dt.date, duur_jaren: int) -> dt.date:
    """The day before the same date ``duur_jaren`` later: 2026-10-01, 2 → 2028-09-30."""
    if duur_jaren < 1:
        raise ValueError("duur_jaren must be at least 1")
    try:
        zelfde_dag = startdatum.replace(year=startdatum.year + duur_jaren)
    except ValueError:  # 29 February into a year without it: the period ends on 28 February.
        return dt.date(startdatum.year + duur_jaren, 2, 28)
    return zelfde_dag - dt.timedelta(days=1)


def ontvankelijkheid_uiterlijk(ingediend_op: dt.date) -> dt.date:
    """The admissibility mail goes out within 7 days of submission."""
    return ingediend_op + dt.timedelta(days=ONTVANKELIJKHEID_TERMIJN_DAGEN)


def beslissing_uiterlijk(ingediend_op: dt.date) -> dt.date:
    """A decision follows within 30 days of submission."""
    return ingediend_op + dt.timedelta(days=BESLISSING_TERMIJN_DAGEN)


# The dossier's life. Every status change is checked against this table.
OVERGANGEN: dict[str, frozenset[str]] = {
    "concept": frozenset({"ingediend"}),
    "ingediend": frozenset({"ontvankelijk", "niet_ontvankelijk"}),
    "ontvankelijk": frozenset({"in_behandeling", "niet_ontvankelijk", "toegekend", "geweigerd"}),
    "niet_ontvankelijk": frozenset({"ontvankelijk"}),  # only by a staff override, with a reason
    "in_behandeling": frozenset({"toegekend", "geweigerd", "niet_ontvankelijk"}),
    "toegekend": frozenset({"lopend", "geweigerd"}),  # toegekend → geweigerd: a recorded correction
    "geweigerd": frozenset({"toegekend"}),  # a recorded correction
    "lopend": frozenset({"beeindigd", "in_evaluatie"}),
    "in_evaluatie": frozenset({"lopend", "beeindigd"}),
    "beeindigd": frozenset(),
}

OPEN_STATUSSEN = frozenset(
    {"ingediend", "ontvankelijk", "in_behandeling", "toegekend", "lopend", "in_evaluatie"}
)


def overgang_toegelaten(van: str, naar: str) -> bool:
    return naar in OVERGANGEN.get(van, frozenset())
