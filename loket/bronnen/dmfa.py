from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol

from loket.prepared import INSZ_PLACEHOLDER, PreparedQuery


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
        inszs = list(inszs)
        if len(inszs) == 1:  # one dossier's tab 'Berekeningen'
            rows = _LOONLIJNEN_VAN_WERKNEMER.all(insz=inszs[0], vanaf_jaar=vanaf_jaar)
        else:
            rows = _loonlijnen().filter(insz__in=inszs, jaar__gte=vanaf_jaar)
        return [_as_loonlijn(row) for row in rows]


def _loonlijnen():
    from loket.models import DmfaLoonlijn

    return DmfaLoonlijn.objects.only(
        "werkgever_kbo", "insz", "jaar", "kwartaal", "brutoloon", "werkgeversbijdragen",
        "verminderingen", "arbeidsfractie",
    )  # fmt: skip


# Compiled to SQL once per process (loket.prepared); the year's default fits its small column.
_LOONLIJNEN_VAN_WERKNEMER = PreparedQuery(
    lambda insz=INSZ_PLACEHOLDER, vanaf_jaar=32_749: _loonlijnen().filter(insz=insz, jaar__gte=vanaf_jaar)
)
