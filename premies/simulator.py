"""The public premium simulator: a quarter-by-quarter estimate over the whole period, from the
same pure rules the payout engine uses and the parameters in force (the GGMMI of each month as
known today: future indexations are not included).

``raming`` is pure (plain values in, rows out); ``parameters_voor`` reads the dated parameters.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from loket.rules import Kwartaal

from . import rules

LOONPREMIE = "loonpremie"
LOON_EN_BEGELEIDING = "loon_begeleiding"
ONDERSTEUNING = "ondersteuning"


@dataclass(frozen=True)
class Invoer:
    premie: str
    startkwartaal: Kwartaal
    aantal_kwartalen: int
    brutoloon: Decimal = Decimal("0")
    werkgeversbijdragen: Decimal = Decimal("0")
    verminderingen: Decimal = Decimal("0")
    arbeidsfractie: Decimal = Decimal("1")
    referentiebedrag: Decimal | None = None  # ondersteuningspremie; None: 3 × the GGMMI


@dataclass(frozen=True)
class Parameters:
    schijven: list[tuple[int, int, int]]
    ggmmi: dict[dt.date, Decimal | None]
    begeleiding_bedragen: list[tuple[int, int | None, Decimal]] = field(default_factory=list)
    opstartbedrag: Decimal = Decimal("0")


@dataclass
class RamingKwartaal:
    nummer: int
    kwartaal: Kwartaal
    betaalmaand: dt.date
    percentage: int
    plafond: Decimal | None = None
    referteloon: Decimal | None = None
    loonpremie: Decimal | None = None
    begeleidingspremie: Decimal | None = None
    ondersteuningspremie: Decimal | None = None

    @property
    def totaal(self) -> Decimal:
        return sum(
            (
                b
                for b in (self.loonpremie, self.begeleidingspremie, self.ondersteuningspremie)
                if b is not None
            ),
            Decimal("0"),
        )


@dataclass
class Raming:
    kwartalen: list[RamingKwartaal]
    ontbrekende_ggmmi: list[dt.date]

    @property
    def totaal(self) -> Decimal:
        return sum((k.totaal for k in self.kwartalen), Decimal("0"))

    def per_jaar(self) -> list[tuple[int, list[RamingKwartaal], Decimal]]:
        jaren = defaultdict(list)
        for k in self.kwartalen:
            jaren[k.kwartaal.jaar].append(k)
        return [
            (jaar, rijen, sum((r.totaal for r in rijen), Decimal("0")))
            for jaar, rijen in sorted(jaren.items())
        ]


def kwartalen(invoer: Invoer) -> list[Kwartaal]:
    return [invoer.startkwartaal.plus(i) for i in range(invoer.aantal_kwartalen)]


def maanden(invoer: Invoer) -> list[dt.date]:
    return [m for k in kwartalen(invoer) for m in rules.eerste_dagen_van_maanden(k.jaar, k.nummer)]


def raming(invoer: Invoer, parameters: Parameters) -> Raming:
    """The estimate per quarter. A quarter a month of which has no GGMMI is left out and the
    month reported (the caller says so)."""
    uit, ontbrekend = [], []
    referteloon = rules.referteloon(invoer.brutoloon, invoer.werkgeversbijdragen, invoer.verminderingen)
    for nummer, kwartaal in enumerate(kwartalen(invoer), start=1):
        ggmmi = [
            parameters.ggmmi.get(m) for m in rules.eerste_dagen_van_maanden(kwartaal.jaar, kwartaal.nummer)
        ]
        if any(g is None for g in ggmmi):
            ontbrekend += [
                m
                for m, g in zip(
                    rules.eerste_dagen_van_maanden(kwartaal.jaar, kwartaal.nummer), ggmmi, strict=True
                )
                if g is None
            ]
            continue
        rij = RamingKwartaal(
            nummer=nummer,
            kwartaal=kwartaal,
            betaalmaand=rules.betaalmaand(kwartaal.jaar, kwartaal.nummer),
            percentage=rules.percentage(parameters.schijven, nummer),
        )
        if invoer.premie == ONDERSTEUNING:
            rij.referteloon = (
                invoer.referentiebedrag
                if invoer.referentiebedrag is not None
                else rules.standaard_referentiebedrag_zelfstandige(ggmmi)
            )
            rij.ondersteuningspremie = rules.ondersteuningspremie(rij.referteloon, rij.percentage)
        else:
            rij.referteloon = referteloon
            rij.plafond = rules.plafond(ggmmi, invoer.arbeidsfractie)
            rij.loonpremie = rules.loonpremie(referteloon, rij.plafond, rij.percentage)
            if invoer.premie == LOON_EN_BEGELEIDING:
                rij.begeleidingspremie = rules.begeleidingspremie(
                    parameters.begeleiding_bedragen, parameters.opstartbedrag, nummer
                )
        uit.append(rij)
    return Raming(uit, ontbrekend)


def parameters_voor(invoer: Invoer, pakket: str, percentage: int | None, begeleidingsnood: str) -> Parameters:
    """The parameters in force on the first day of the start quarter (the GGMMI per month of each
    quarter): three or four queries, whatever the period's length."""
    from loket import parameters

    op = invoer.startkwartaal.eerste_dag
    if pakket in rules.DEGRESSIEVE_PAKKETTEN:
        duur, verhoogd = rules.DEGRESSIEVE_PAKKETTEN[pakket]
        schijven = rules.schijven_tot(
            parameters.degressief_pakket(duur, op, verhoogd), invoer.aantal_kwartalen
        )
    else:
        schijven = rules.vaste_schijven(percentage, invoer.aantal_kwartalen)
    bedragen, opstart = [], Decimal("0")
    if invoer.premie == LOON_EN_BEGELEIDING:
        bedragen = parameters.begeleidingspremie_bedragen(op)
        opstart = parameters.begeleidingspremie_opstart(op).get(begeleidingsnood, Decimal("0"))
    return Parameters(
        schijven=schijven,
        ggmmi=parameters.ggmmi_op_data(maanden(invoer)),
        begeleiding_bedragen=bedragen,
        opstartbedrag=opstart,
    )
