"""Pure rules of the premiums: quarters, payment months, percentages and amounts.

No ORM, no request. The payout engine, the 'Berekeningen' tab, the payment statement, the public
simulator and the API call these with plain values (the dated parameters are read by
``loket.parameters`` and passed in); nothing re-implements them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from loket.rules import Kwartaal

CENT = Decimal("0.01")
NUL = Decimal("0")
MAXIMUM_PERCENTAGE = 75
# The cap is twice the GGMMI for every month of the quarter.
PLAFOND_FACTOR = Decimal("2")
# The ondersteuningspremie's reference amount defaults to this many times the GGMMI per month of
# the quarter (domain.md: "default 3 × the GGMMI of the quarter's months"), until staff set it.
ONDERSTEUNING_REFERENTIE_MAANDEN = 3

Schijven = Sequence[tuple[int, int, int]]


def afgerond(bedrag: Decimal) -> Decimal:
    """Money to the cent, half up (0.005 → 0.01)."""
    return Decimal(bedrag).quantize(CENT, rounding=ROUND_HALF_UP)


# --- Quarters and dates ---------------------------------------------------------------------------


def betaalmaand(jaar: int, kwartaal: int) -> dt.date:
    """First day of the payment month: the 4th month after the quarter (Q1 → July, Q2 → October,
    Q3 → January, Q4 → April of the next year)."""
    Kwartaal(jaar, kwartaal)  # validates the quarter number
    maand = 3 * kwartaal + 4
    return dt.date(jaar + (maand - 1) // 12, (maand - 1) % 12 + 1, 1)


def kwartaalnummer(startdatum: dt.date, jaar: int, kwartaal: int) -> int:
    """Number of the quarter within the award: 1 for the quarter the start date lies in."""
    start = Kwartaal.van(startdatum)
    return (jaar * 4 + kwartaal - 1) - (start.jaar * 4 + start.nummer - 1) + 1


def kwartalen_van_periode(startdatum: dt.date, einddatum: dt.date) -> list[Kwartaal]:
    """Every calendar quarter the period touches, in order."""
    if einddatum < startdatum:
        return []
    eerste, laatste = Kwartaal.van(startdatum), Kwartaal.van(einddatum)
    uit: list[Kwartaal] = []
    k = eerste
    while k <= laatste:
        uit.append(k)
        k = k.volgende()
    return uit


def aantal_kwartalen(startdatum: dt.date, einddatum: dt.date) -> int:
    return len(kwartalen_van_periode(startdatum, einddatum))


def eerste_dagen_van_maanden(jaar: int, kwartaal: int) -> list[dt.date]:
    """The first day of each of the quarter's three months (the GGMMI in force on that day counts)."""
    eerste = Kwartaal(jaar, kwartaal).eerste_dag
    return [dt.date(jaar, eerste.month + i, 1) for i in range(3)]


def dagen_in_periode(jaar: int, kwartaal: int, van: dt.date | None, tot: dt.date | None) -> tuple[int, int]:
    """(days of the quarter within [van, tot], days of the quarter); open ends count as unbounded."""
    k = Kwartaal(jaar, kwartaal)
    begin = max(k.eerste_dag, van) if van else k.eerste_dag
    eind = min(k.laatste_dag, tot) if tot else k.laatste_dag
    totaal = (k.laatste_dag - k.eerste_dag).days + 1
    return max(0, (eind - begin).days + 1), totaal


# --- Percentages ----------------------------------------------------------------------------------


def percentage(schijven: Schijven, kwartaalnummer: int) -> int:
    """The percentage for the ``kwartaalnummer``-th quarter of the award.

    ``schijven`` as ``loket.parameters.degressief_pakket`` returns them: [(van, tot, percentage)].
    Past the last bracket the last percentage applies: payment that continues while an evaluation
    is undecided (``evaluaties.rules.doorbetaling``) continues under the old schedule.
    """
    if kwartaalnummer < 1:
        raise ValueError("A quarter before the start of the award has no percentage.")
    if not schijven:
        raise ValueError("A schedule needs at least one bracket.")
    geordend = sorted(schijven)
    for van, tot, pct in geordend:
        if van <= kwartaalnummer <= tot:
            return pct
    if kwartaalnummer > geordend[-1][1]:
        return geordend[-1][2]
    raise ValueError(f"No bracket covers quarter {kwartaalnummer}.")


def vaste_schijven(pct: int, aantal: int) -> list[tuple[int, int, int]]:
    """A fixed percentage for every quarter of the award, as a schedule."""
    return [(1, max(1, aantal), pct)]


def schijven_tot(schijven: Schijven, aantal: int) -> list[tuple[int, int, int]]:
    """The schedule cut to the award's ``aantal`` quarters (a package for 20 quarters on a shorter
    period); the last bracket ends at ``aantal``."""
    uit = []
    for van, tot, pct in sorted(schijven):
        if van > aantal:
            break
        uit.append((van, min(tot, aantal), pct))
    return uit


def schema_tekst(schijven: Schijven) -> str:
    """'40 % kwartaal 1–5, 30 % kwartaal 6–8, 20 % kwartaal 9–20' (one bracket: '40 % kwartaal 1–20')."""
    delen = []
    for van, tot, pct in sorted(schijven):
        if van == tot:
            delen.append(_("%(pct)s %% kwartaal %(van)s") % {"pct": pct, "van": van})
        else:
            delen.append(_("%(pct)s %% kwartaal %(van)s–%(tot)s") % {"pct": pct, "van": van, "tot": tot})
    return ", ".join(delen)


def schijven_fouten(schijven: Schijven) -> list[str]:
    """What is wrong with a schedule (Dutch), empty when it is usable: brackets from quarter 1
    without gaps or overlaps, percentages 20–75 in steps of 5."""
    fouten: list[str] = []
    verwacht = 1
    for van, tot, pct in sorted(schijven):
        if van != verwacht:
            fouten.append(
                _("De schijven sluiten niet aan: kwartaal %(k)s ontbreekt of overlapt.") % {"k": verwacht}
            )
        if tot < van:
            fouten.append(_("Een schijf eindigt vóór ze begint (kwartaal %(van)s).") % {"van": van})
        if not 20 <= pct <= MAXIMUM_PERCENTAGE or pct % 5:
            fouten.append(
                _("Het percentage %(pct)s ligt niet tussen 20 en 75 in stappen van 5.") % {"pct": pct}
            )
        verwacht = tot + 1
    if not schijven:
        fouten.append(_("Geef minstens één schijf op."))
    return fouten


# --- Amounts --------------------------------------------------------------------------------------


def referteloon(brutoloon: Decimal, werkgeversbijdragen: Decimal, verminderingen: Decimal) -> Decimal:
    """Reference wage of the quarter: gross wage + employer contributions − reductions on them."""
    return Decimal(brutoloon) + Decimal(werkgeversbijdragen) - Decimal(verminderingen)


def plafond(ggmmi_per_maand: list[Decimal], tewerkstellingsbreuk: Decimal) -> Decimal:
    """Cap of the quarter: 2 × the GGMMI in force on the first of each month, summed, × the
    working-time fraction. Exact, not rounded: the loonpremie is rounded once, at the end, so
    a fraction like 0.8 of 3 × 2 × 2,070.48 stays 9,938.304 until the percentage is applied."""
    if not ggmmi_per_maand:
        raise ValueError("The cap needs the GGMMI of every month of the quarter.")
    if not NUL < Decimal(tewerkstellingsbreuk) <= 1:
        raise ValueError("The working-time fraction lies between 0 (excluded) and 1.")
    som = sum((PLAFOND_FACTOR * Decimal(g) for g in ggmmi_per_maand), NUL)
    return som * Decimal(tewerkstellingsbreuk)


def loonpremie(referteloon: Decimal, plafond: Decimal, percentage: int) -> Decimal:
    """percentage × min(reference wage, cap), to the cent, half up; never negative."""
    if not 0 <= percentage <= 100:
        raise ValueError("A percentage lies between 0 and 100.")
    basis = max(NUL, min(Decimal(referteloon), Decimal(plafond)))
    return afgerond(basis * Decimal(percentage) / Decimal(100))


def begeleidingspremie(
    bedragen: Iterable[tuple[int, int | None, Decimal]],
    opstartbedrag: Decimal,
    kwartaalnummer: int,
) -> Decimal:
    """Flat amount for the quarter's number (``loket.parameters.begeleidingspremie_bedragen``), plus
    the start-up amount for the guidance need in the first period (the bracket from quarter 1)."""
    for van, tot, bedrag in sorted(bedragen, key=lambda r: r[0]):
        if van <= kwartaalnummer and (tot is None or kwartaalnummer <= tot):
            extra = Decimal(opstartbedrag or 0) if van == 1 else NUL
            return afgerond(Decimal(bedrag) + extra)
    return NUL


def ondersteuningspremie(referentiebedrag: Decimal, percentage: int) -> Decimal:
    """Self-employed: percentage × the reference amount of the quarter."""
    return afgerond(max(NUL, Decimal(referentiebedrag)) * Decimal(percentage) / Decimal(100))


def standaard_referentiebedrag_zelfstandige(ggmmi_per_maand: list[Decimal]) -> Decimal:
    """Default reference for a self-employed person: the GGMMI of the quarter's months, summed."""
    return afgerond(sum((Decimal(g) for g in ggmmi_per_maand), NUL))


def pro_rata(bedrag: Decimal, dagen: int, dagen_kwartaal: int) -> Decimal:
    """``bedrag`` for ``dagen`` of the quarter's ``dagen_kwartaal`` days (the quarter the employee leaves)."""
    if dagen >= dagen_kwartaal:
        return afgerond(bedrag)
    return afgerond(Decimal(bedrag) * Decimal(max(0, dagen)) / Decimal(dagen_kwartaal))


# --- DmfA lines -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class LoonlijnBedragen:
    brutoloon: Decimal
    werkgeversbijdragen: Decimal
    verminderingen: Decimal
    arbeidsfractie: Decimal


def loonlijn_versie(lijn: LoonlijnBedragen) -> str:
    """A fingerprint of the DmfA amounts a payment was computed from: a changed declaration has
    another fingerprint, so the next run adds a correction line."""
    tekst = "|".join(
        str(Decimal(v).normalize())
        for v in (lijn.brutoloon, lijn.werkgeversbijdragen, lijn.verminderingen, lijn.arbeidsfractie)
    )
    return hashlib.sha256(tekst.encode()).hexdigest()[:16]


def loonlijn_fouten(lijn: LoonlijnBedragen) -> list[str]:
    """Why a DmfA line cannot be paid from (Dutch), empty when it can."""
    fouten = []
    # Names translated only for a line in error: the engine checks tens of thousands of good ones.
    for naam, waarde in (
        (gettext_noop("brutoloon"), lijn.brutoloon),
        (gettext_noop("werkgeversbijdragen"), lijn.werkgeversbijdragen),
        (gettext_noop("verminderingen"), lijn.verminderingen),
    ):
        if Decimal(waarde) < 0:
            fouten.append(
                _("De DmfA-aangifte vermeldt een negatief bedrag voor %(naam)s.") % {"naam": _(naam)}
            )
    if not NUL < Decimal(lijn.arbeidsfractie) <= 1:
        fouten.append(
            _("De arbeidsfractie in de DmfA-aangifte (%(breuk)s) ligt niet tussen 0 en 1.")
            % {"breuk": lijn.arbeidsfractie}
        )
    return fouten


# --- The decision's package (employer portal) ----------------------------------------------------

# Degressive start packages by the code a decision stores (``aanvragen.models.Pakket``): the
# duration in years and whether it is the raised package, as ``loket.parameters.degressief_pakket``
# takes them. A fixed percentage ('vast') is not in here.
DEGRESSIEVE_PAKKETTEN: dict[str, tuple[int, bool]] = {
    "2j": (2, False),
    "5j": (5, False),
    "5j_verhoogd": (5, True),
}
