from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class Indicatie:
    insz: str
    arbeidshandicap_erkend: bool
    doelgroep: str
    behoefte: str  # loonpremie | loon_begeleiding | ondersteuning ('' if none set)
    percentage: int | None
    duur_jaren: int | None
    geldig_van: dt.date
    geldig_tot: dt.date | None
    begeleidingsnood: str


class VdabBron(Protocol):
    def indicatie(self, insz: str, op: dt.date) -> Indicatie | None:
        """The indication valid for this person on that day, or None."""


class RegisterVdab:
    """Reads the local VDAB registry (admin-editable, loadable from CSV)."""

    def indicatie(self, insz: str, op: dt.date) -> Indicatie | None:
        from django.db.models import Q

        from loket.models import VdabIndicatie

        row = (
            VdabIndicatie.objects.filter(insz=insz, geldig_van__lte=op)
            .filter(Q(geldig_tot__isnull=True) | Q(geldig_tot__gte=op))
            .order_by("-geldig_van", "-id")
            .first()
        )
        if row is None:
            return None
        return Indicatie(
            insz=row.insz,
            arbeidshandicap_erkend=row.arbeidshandicap_erkend,
            doelgroep=row.doelgroep,
            behoefte=row.behoefte,
            percentage=row.percentage,
            duur_jaren=row.duur_jaren,
            geldig_van=row.geldig_van,
            geldig_tot=row.geldig_tot,
            begeleidingsnood=row.begeleidingsnood,
        )
