"""Reads the dated rule parameters and hands plain values to the pure rules."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.core.cache import cache
from django.db import transaction
from django.db.models import Q

from .models import (
    BegeleidingspremieBedrag,
    BegeleidingspremieOpstart,
    DegressiefPakket,
    GgmmiBedrag,
    OndersteuningReferentiebedrag,
)


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


def ondersteuning_referentiebedrag(op: dt.date) -> Decimal | None:
    """Reference amount of the ondersteuningspremie for the quarter ``op`` lies in, as staff set it;
    None when none is set (the caller then uses ``premies.rules.standaard_referentiebedrag_zelfstandige``)."""
    row = _geldig_op(OndersteuningReferentiebedrag.objects.all(), op).order_by("-geldig_vanaf").first()
    return row.bedrag_per_kwartaal if row else None


def _in_kracht(rijen, op: dt.date):
    """The rows in force on ``op``, newest ``geldig_vanaf`` first (the same choice as ``_geldig_op``)."""
    return [r for r in rijen if r.geldig_vanaf <= op and (r.geldig_tot is None or r.geldig_tot >= op)]


def _overlappend(queryset, data: list[dt.date]):
    """Rows that may be in force on one of ``data``: one query, resolved per date in Python."""
    return list(
        queryset.filter(geldig_vanaf__lte=max(data))
        .filter(Q(geldig_tot__isnull=True) | Q(geldig_tot__gte=min(data)))
        .order_by("-geldig_vanaf", "-id")
    )


def ggmmi_op_data(data: Iterable[dt.date]) -> dict[dt.date, Decimal | None]:
    """The GGMMI in force on each date, in ONE query (the payout engine asks for many months)."""
    data = sorted(set(data))
    if not data:
        return {}
    rijen = _overlappend(GgmmiBedrag.objects.all(), data)
    uit: dict[dt.date, Decimal | None] = {}
    for op in data:
        geldig = _in_kracht(rijen, op)
        uit[op] = geldig[0].bedrag_per_maand if geldig else None
    return uit


GEDEELD_SLEUTEL = "loket:parameterstand"
GEDEELD_SECONDEN = 300
# The tables a Parameterstand is read from.
STAND_MODELLEN = (
    GgmmiBedrag,
    BegeleidingspremieBedrag,
    BegeleidingspremieOpstart,
    OndersteuningReferentiebedrag,
)


def vergeet_gedeelde_stand(**_signaal) -> None:
    """A parameter changed: the next page reads the tables again (now, and once more after the
    commit, in case a page cached the old rows in between)."""
    cache.delete(GEDEELD_SLEUTEL)
    transaction.on_commit(lambda: cache.delete(GEDEELD_SLEUTEL))


@dataclass(frozen=True)
class Parameterstand:
    """Every dated parameter a payout run needs, read once (four queries, whatever the number of
    dossiers) and answered per date in memory. The tables are small: a few rows per year."""

    ggmmi_rijen: tuple
    begeleiding_rijen: tuple
    opstart_rijen: tuple
    ondersteuning_rijen: tuple

    @classmethod
    def laad(cls) -> Parameterstand:
        """Read from the database now: what the payout run computes money with."""
        return cls(
            tuple(GgmmiBedrag.objects.order_by("-geldig_vanaf", "-id")),
            tuple(BegeleidingspremieBedrag.objects.order_by("van_kwartaal", "-geldig_vanaf")),
            tuple(BegeleidingspremieOpstart.objects.order_by("-geldig_vanaf", "-id")),
            tuple(OndersteuningReferentiebedrag.objects.order_by("-geldig_vanaf", "-id")),
        )

    @classmethod
    def gedeeld(cls) -> Parameterstand:
        """The same for every user and page, so kept in the cache: four queries less on each
        'Berekeningen' tab. Forgotten as soon as staff save or delete a parameter (the signals of
        ``loket.apps``; parameters change a few times a year, only through the admin), and at the
        latest after ``GEDEELD_SECONDEN``: the bound on a page that read the old rows while the
        change was being saved. Money is never computed from it: the payout run reads ``laad()``."""
        stand = cache.get(GEDEELD_SLEUTEL)
        if stand is None:
            stand = cls.laad()
            cache.set(GEDEELD_SLEUTEL, stand, GEDEELD_SECONDEN)
        return stand

    def ggmmi(self, op: dt.date) -> Decimal | None:
        geldig = _in_kracht(self.ggmmi_rijen, op)
        return geldig[0].bedrag_per_maand if geldig else None

    def begeleidingspremie_bedragen(self, op: dt.date) -> list[tuple[int, int | None, Decimal]]:
        return [
            (r.van_kwartaal, r.tot_kwartaal, r.bedrag_per_kwartaal)
            for r in _in_kracht(self.begeleiding_rijen, op)
        ]

    def begeleidingspremie_opstart(self, op: dt.date) -> dict[str, Decimal]:
        # Oldest first, so the newest row in force wins, as in ``begeleidingspremie_opstart``.
        return {r.begeleidingsnood: r.bedrag for r in reversed(_in_kracht(self.opstart_rijen, op))}

    def ondersteuning_referentiebedrag(self, op: dt.date) -> Decimal | None:
        geldig = _in_kracht(self.ondersteuning_rijen, op)
        return geldig[0].bedrag_per_kwartaal if geldig else None
