from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from loket.prepared import KBO_PLACEHOLDER, PreparedQuery


@dataclass(frozen=True)
class Onderneming:
    kbo_nummer: str
    naam: str
    rechtsvorm: str
    actief: bool
    # The registered seat (maatschappelijke zetel); empty when the source does not know it.
    straat: str = ""
    postcode: str = ""
    gemeente: str = ""


class KboBron(Protocol):
    def onderneming(self, kbo_nummer: str) -> Onderneming | None:
        """The enterprise registered under this number, or None if unknown."""


def _inschrijving(kbo_nummer=KBO_PLACEHOLDER):
    from loket.models import KboInschrijving

    return KboInschrijving.objects.filter(kbo_nummer=kbo_nummer).order_by("pk")[:1]


# Read on every staff dossier page: compiled to SQL once per process.
_INSCHRIJVING = PreparedQuery(_inschrijving)


class RegisterKbo:
    def onderneming(self, kbo_nummer: str) -> Onderneming | None:
        row = _INSCHRIJVING.first(kbo_nummer=kbo_nummer)
        if row is None:
            return None
        return Onderneming(
            row.kbo_nummer, row.naam, row.rechtsvorm, row.actief, row.straat, row.postcode, row.gemeente
        )
