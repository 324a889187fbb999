from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol


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


class RegisterDimona:
    def tewerkstelling(self, werkgever_kbo: str, insz: str, op: dt.date) -> Tewerkstelling | None:
        from django.db.models import Q

        from loket.models import DimonaRelatie

        row = (
            DimonaRelatie.objects.filter(werkgever_kbo=werkgever_kbo, insz=insz, begin__lte=op)
            .filter(Q(einde__isnull=True) | Q(einde__gte=op))
            .order_by("-begin", "-id")
            .first()
        )
        if row is None:
            return None
        return Tewerkstelling(row.werkgever_kbo, row.insz, row.begin, row.einde, row.arbeidsfractie)

    def tewerkstellingen_van_werknemers(self, inszs: Iterable[str]) -> list[Tewerkstelling]:
        from loket.models import DimonaRelatie

        rows = DimonaRelatie.objects.filter(insz__in=list(inszs)).only(
            "werkgever_kbo", "insz", "begin", "einde", "arbeidsfractie"
        )
        return [Tewerkstelling(r.werkgever_kbo, r.insz, r.begin, r.einde, r.arbeidsfractie) for r in rows]
