from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


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


class RegisterKbo:
    def onderneming(self, kbo_nummer: str) -> Onderneming | None:
        from loket.models import KboInschrijving

        row = KboInschrijving.objects.filter(kbo_nummer=kbo_nummer).first()
        if row is None:
            return None
        return Onderneming(
            row.kbo_nummer, row.naam, row.rechtsvorm, row.actief, row.straat, row.postcode, row.gemeente
        )
