from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol


@dataclass(frozen=True)
class Loonlijn:
    werkgever_kbo: str
    insz: str
    jaar: int
    kwartaal: int
    brutoloon: Decimal
    werkgeversbijdragen: Decimal
    verminderingen: Decimal
    arbeidsfractie: Decimal


class DmfaBron(Protocol):
    def loonlijnen(self, werkgever_kbo: str, insz: str) -> list[Loonlijn]:
        """All quarterly wage lines declared for this employee, newest first."""

    def loonlijn(self, werkgever_kbo: str, insz: str, jaar: int, kwartaal: int) -> Loonlijn | None:
        """The declaration of one quarter, or None if not (yet) declared."""

    def loonlijnen_van_werknemers(self, inszs: Iterable[str], vanaf_jaar: int) -> list[Loonlijn]:
        """Every line declared for these employees from ``vanaf_jaar`` on, by any employer, in one
        request: the payout engine asks for a thousand employees at a time."""


def _as_loonlijn(row) -> Loonlijn:
    return Loonlijn(
        row.werkgever_kbo,
        row.insz,
        row.jaar,
        row.kwartaal,
        row.brutoloon,
        row.werkgeversbijdragen,
        row.verminderingen,
        row.arbeidsfractie,
    )


class RegisterDmfa:
    def loonlijnen(self, werkgever_kbo: str, insz: str) -> list[Loonlijn]:
        from loket.models import DmfaLoonlijn

        rows = DmfaLoonlijn.objects.filter(werkgever_kbo=werkgever_kbo, insz=insz).order_by(
            "-jaar", "-kwartaal"
        )
        return [_as_loonlijn(row) for row in rows]

    def loonlijn(self, werkgever_kbo: str, insz: str, jaar: int, kwartaal: int) -> Loonlijn | None:
        from loket.models import DmfaLoonlijn

        row = DmfaLoonlijn.objects.filter(
            werkgever_kbo=werkgever_kbo, insz=insz, jaar=jaar, kwartaal=kwartaal
        ).first()
        return _as_loonlijn(row) if row else None

    def loonlijnen_van_werknemers(self, inszs: Iterable[str], vanaf_jaar: int) -> list[Loonlijn]:
        from loket.models import DmfaLoonlijn

        rows = DmfaLoonlijn.objects.filter(insz__in=list(inszs), jaar__gte=vanaf_jaar).only(
            "werkgever_kbo", "insz", "jaar", "kwartaal", "brutoloon", "werkgeversbijdragen",
            "verminderingen", "arbeidsfractie",
        )  # fmt: skip
        return [_as_loonlijn(row) for row in rows]
