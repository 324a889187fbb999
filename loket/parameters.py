"""Reads the dated rule parameters and hands plain values to the pure rules."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import Q

from .models import BegeleidingspremieBedrag, BegeleidingspremieOpstart, DegressiefPakket, GgmmiBedrag


def _geldig_op(queryset, op: dt.date):
    return queryset.filter(geldig_vanaf__lte=op).filter(Q(geldig_tot__isnull=True) | Q(geldig_tot__gte=op))


def ggmmi(op: dt.date) -> Decimal | None:
    """GGMMI per month in force on ``op``."""
    row = _geldig_op(GgmmiBedrag.objects.all(), op).order_by("-geldig_vanaf").first()
    return row.bedrag_per_maand if row else None


def degressief_pakket(duur_jaren: int, op: dt.date, verhoogd: bool = False) -> list[tuple[int, int, int]]:
    """[(van_kwartaal, tot_kwartaal, percentage), ...] of the package in force on ``op``."""
    pakket = (
        _geldig_op(DegressiefPakket.objects.filter(duur_jaren=duur_jaren, verhoogd=verhoogd), op)
        .order_by("-geldig_vanaf")
        .first()
    )
    if pakket is None:
        return []
    return [(s.van_kwartaal, s.tot_kwartaal, s.percentage) for s in pakket.schijven.all()]


def begeleidingspremie_bedragen(op: dt.date) -> list[tuple[int, int | None, Decimal]]:
    """[(van_kwartaal, tot_kwartaal or None, bedrag_per_kwartaal), ...] in force on ``op``."""
    rows = _geldig_op(BegeleidingspremieBedrag.objects.all(), op).order_by("van_kwartaal")
    return [(r.van_kwartaal, r.tot_kwartaal, r.bedrag_per_kwartaal) for r in rows]


def begeleidingspremie_opstart(op: dt.date) -> dict[str, Decimal]:
    rows = _geldig_op(BegeleidingspremieOpstart.objects.all(), op)
    return {r.begeleidingsnood: r.bedrag for r in rows}


def ggmmi_voor_maanden(maanden: list[dt.date]) -> dict[dt.date, Decimal | None]:
    """GGMMI per month in force on each of ``maanden`` (first days), read in one query; None for a
    month no amount covers."""
    if not maanden:
        return {}
    rijen = list(
        GgmmiBedrag.objects.filter(geldig_vanaf__lte=max(maanden))
        .filter(Q(geldig_tot__isnull=True) | Q(geldig_tot__gte=min(maanden)))
        .order_by("-geldig_vanaf")
    )
    uit = {}
    for maand in maanden:
        rij = next(
            (r for r in rijen if r.geldig_vanaf <= maand and (r.geldig_tot is None or r.geldig_tot >= maand)),
            None,
        )
        uit[maand] = rij.bedrag_per_maand if rij else None
    return uit
