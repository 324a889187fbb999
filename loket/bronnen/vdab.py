from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Protocol

from loket.prepared import DATE_PLACEHOLDER, INSZ_PLACEHOLDER, PreparedQuery


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


@dataclass(frozen=True)
class EvaluatieResultaat:
    """VDAB's evaluation of the need on the work floor (for an evaluation request)."""

    insz: str
    geevalueerd_op: dt.date
    behoefte: str
    percentage: int | None
    pakket: str  # '' or 'vast': one percentage; else a degressive package (2j, 5j, 5j_verhoogd)
    duur_jaren: int
    begeleidingsnood: str
    toelichting: str = ""


class VdabBron(Protocol):
    def indicatie(self, insz: str, op: dt.date) -> Indicatie | None:
        """The indication valid for this person on that day, or None."""

    def evaluatie(self, insz: str, sinds: dt.date) -> EvaluatieResultaat | None:
        """VDAB's latest evaluation of this person made on or after ``sinds``, or None."""


def _indicatie(insz=INSZ_PLACEHOLDER, op=DATE_PLACEHOLDER):
    from django.db.models import Q

    from loket.models import VdabIndicatie

    return (
        VdabIndicatie.objects.filter(insz=insz, geldig_van__lte=op)
        .filter(Q(geldig_tot__isnull=True) | Q(geldig_tot__gte=op))
        .order_by("-geldig_van", "-id")[:1]
    )


# Read on every staff dossier page: compiled to SQL once per process.
_INDICATIE = PreparedQuery(_indicatie)


class RegisterVdab:
    """Reads the local VDAB registry (admin-editable, loadable from CSV)."""

    def indicatie(self, insz: str, op: dt.date) -> Indicatie | None:
        row = _INDICATIE.first(insz=insz, op=op)
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

    def evaluatie(self, insz: str, sinds: dt.date) -> EvaluatieResultaat | None:
        from loket.models import VdabEvaluatie

        row = (
            VdabEvaluatie.objects.filter(insz=insz, geevalueerd_op__gte=sinds)
            .order_by("-geevalueerd_op", "-id")
            .first()
        )
        if row is None:
            return None
        return EvaluatieResultaat(
            insz=row.insz,
            geevalueerd_op=row.geevalueerd_op,
            behoefte=row.behoefte,
            percentage=row.percentage,
            pakket=row.pakket,
            duur_jaren=row.duur_jaren,
            begeleidingsnood=row.begeleidingsnood,
            toelichting=row.toelichting,
        )
