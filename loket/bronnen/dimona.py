from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol

from loket.prepared import DATE_PLACEHOLDER, INSZ_PLACEHOLDER, KBO_PLACEHOLDER, PreparedQuery


@dataclass(frozen=True)
class Tewerkstelling:
    werkgever_kbo: str
    insz: str
    begin: dt.date
    einde: dt.date | None
    arbeidsfractie: Decimal


class DimonaBron(Protocol):
    def tewerkstelling(self, werkgever_kbo: str, insz: str, op: dt.date) -> Tewerkstelling | None:
        """The employment relation between employer and employee running on that day, or None."""

    def tewerkstellingen_van_werknemers(self, inszs: Iterable[str]) -> list[Tewerkstelling]:
        """Every relation of these employees with any employer, in one request (payout engine)."""


def _tewerkstelling(werkgever_kbo=KBO_PLACEHOLDER, insz=INSZ_PLACEHOLDER, op=DATE_PLACEHOLDER):
    from django.db.models import Q

    from loket.models import DimonaRelatie

    return (
        DimonaRelatie.objects.filter(werkgever_kbo=werkgever_kbo, insz=insz, begin__lte=op)
        .filter(Q(einde__isnull=True) | Q(einde__gte=op))
        .order_by("-begin", "-id")[:1]
    )


# Read on every staff dossier page and by the checks of an application: compiled once per process.
_TEWERKSTELLING = PreparedQuery(_tewerkstelling)


class RegisterDimona:
    def tewerkstelling(self, werkgever_kbo: str, insz: str, op: dt.date) -> Tewerkstelling | None:
        row = _TEWERKSTELLING.first(werkgever_kbo=werkgever_kbo, insz=insz, op=op)
        if row is None:
            return None
        return Tewerkstelling(row.werkgever_kbo, row.insz, row.begin, row.einde, row.arbeidsfractie)

    def tewerkstellingen_van_werknemers(self, inszs: Iterable[str]) -> list[Tewerkstelling]:
        inszs = list(inszs)
        if len(inszs) == 1:  # one dossier's tab 'Berekeningen'
            rows = _RELATIES_VAN_WERKNEMER.all(insz=inszs[0])
        else:
            rows = _relaties().filter(insz__in=inszs)
        return [Tewerkstelling(r.werkgever_kbo, r.insz, r.begin, r.einde, r.arbeidsfractie) for r in rows]


def _relaties():
    from loket.models import DimonaRelatie

    return DimonaRelatie.objects.only("werkgever_kbo", "insz", "begin", "einde", "arbeidsfractie")


# Compiled to SQL once per process (loket.prepared).
_RELATIES_VAN_WERKNEMER = PreparedQuery(lambda insz=INSZ_PLACEHOLDER: _relaties().filter(insz=insz))
