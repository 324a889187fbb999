"""The 'Berekeningen' tab of a dossier: per quarter of the grant periods what was computed from
which DmfA figures, what was paid (corrections as separate lines) and when, or why not yet.

Which quarters, their numbers, statuses and reasons come from the payout engine's per-quarter view
(``premies.services.dossier_overzicht``); this module only presents them: versions and corrections
as separate lines, remarks, totals per year, the percentage from the lines or the period's schedule.
A constant number of queries, whatever the number of quarters.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from loket.rules import Kwartaal

from . import rules
from .models import Betaallijn, PremieSoort, RunStatus
from .services import KwartaalStatus, dossier_overzicht
from .uitbetaling import TERUGVORDERING_UIT_DIENST

# Status of a quarter on the tab: (code, css class of the badge).
BETAALD = "betaald"
IN_BETALING = "in_betaling"
IN_ONDERZOEK = "in_onderzoek"
OPGESCHORT = "opgeschort"
WACHT_OP_AANGIFTE = "wacht_op_aangifte"
NOG_NIET_VERSCHULDIGD = "nog_niet_verschuldigd"

BADGES = {
    BETAALD: "badge-ok",
    IN_BETALING: "badge-bezig",
    IN_ONDERZOEK: "badge-nok",
    OPGESCHORT: "badge-nok",
    WACHT_OP_AANGIFTE: "badge-bezig",
    NOG_NIET_VERSCHULDIGD: "",
}


_STATUS_LABELS = {
    BETAALD: gettext_lazy("Betaald"),
    IN_BETALING: gettext_lazy("Wordt betaald"),
    IN_ONDERZOEK: gettext_lazy("In onderzoek bij DWSE"),
    OPGESCHORT: gettext_lazy("Betaling tijdelijk opgeschort"),
    WACHT_OP_AANGIFTE: gettext_lazy("Wacht op RSZ-aangifte"),
    NOG_NIET_VERSCHULDIGD: gettext_lazy("Nog niet verschuldigd"),
}


def status_label(code: str) -> str:
    # One translation per call (a dict of gettext() calls translated all six for every row).
    return str(_STATUS_LABELS[code])


@dataclass
class Versie:
    """The lines of one quarter with the same ``volgnummer``: the first payment (1) or a
    correction after a changed DmfA declaration (2 and more)."""

    volgnummer: int
    lijnen: list[Betaallijn]

    @property
    def correctie(self) -> bool:
        return self.volgnummer > 1

    @property
    def cijfers(self) -> Betaallijn:
        """The line whose DmfA figures, cap and percentage the version shows (the loonpremie's,
        else the first)."""
        for lijn in self.lijnen:
            if lijn.premie_soort in (PremieSoort.LOONPREMIE, PremieSoort.ONDERSTEUNINGSPREMIE):
                return lijn
        return self.lijnen[0]

    def bedrag(self, soort: str) -> Decimal | None:
        return next((lijn.bedrag for lijn in self.lijnen if lijn.premie_soort == soort), None)

    @property
    def uitbetaald(self) -> Decimal:
        return sum((lijn.uitbetaald for lijn in self.lijnen), Decimal("0"))

    @property
    def betaaldatum(self) -> dt.date | None:
        runs = [lijn.run for lijn in self.lijnen if lijn.run is not None]
        return runs[0].betaaldatum if runs else None

    @property
    def verzonden(self) -> bool:
        return all(lijn.run is not None and lijn.run.status == RunStatus.VERZONDEN for lijn in self.lijnen)


@dataclass
class KwartaalRij:
    kwartaal: Kwartaal
    nummer: int | None  # the quarter's number within its grant period
    percentage: int | None
    betaalmaand: dt.date
    status: str
    versies: list[Versie] = field(default_factory=list)
    opmerkingen: list[str] = field(default_factory=list)
    redenen: list[str] = field(default_factory=list)  # why DWSE looks into it (status 'in_onderzoek')

    @property
    def status_label(self) -> str:
        return status_label(self.status)

    @property
    def badge(self) -> str:
        return BADGES[self.status]

    @property
    def uitbetaald(self) -> Decimal:
        return sum((v.uitbetaald for v in self.versies), Decimal("0"))


@dataclass
class Jaar:
    jaar: int
    rijen: list[KwartaalRij]

    @property
    def totaal(self) -> Decimal:
        return sum((r.uitbetaald for r in self.rijen), Decimal("0"))


def _opmerkingen(versies: list[Versie]) -> list[str]:
    opmerkingen = []
    lijnen = [lijn for v in versies for lijn in v.lijnen]
    for lijn in lijnen:
        if (
            lijn.premie_soort == PremieSoort.BEGELEIDINGSPREMIE
            and lijn.dagen_in_dienst is not None
            and lijn.dagen_kwartaal
            and lijn.dagen_in_dienst < lijn.dagen_kwartaal
        ):
            opmerkingen.append(
                _(
                    "De werknemer ging dit kwartaal uit dienst: de begeleidingspremie is pro rata betaald "
                    "(%(dagen)s van de %(totaal)s dagen in dienst); de loonpremie volgt het loon in de "
                    "DmfA-aangifte."
                )
                % {"dagen": lijn.dagen_in_dienst, "totaal": lijn.dagen_kwartaal}
            )
            break
    if any(lijn.dmfa_versie == TERUGVORDERING_UIT_DIENST for lijn in lijnen):
        opmerkingen.append(
            _(
                "De werknemer was dit kwartaal niet meer in dienst (later gemeld dan de betaling): "
                "wat voor dit kwartaal betaald werd, wordt teruggevorderd."
            )
        )
    if any(lijn.doorbetaling for lijn in lijnen):
        opmerkingen.append(
            _(
                "Na de einddatum: de premie wordt verder betaald zolang de aangevraagde evaluatie "
                "loopt, aan het laatste percentage."
            )
        )
    return opmerkingen


# The engine's status of a quarter → the tab's; 'betaald' splits on whether the run went out.
_STATUS = {
    KwartaalStatus.TE_BETALEN: IN_BETALING,
    KwartaalStatus.PROBLEEM: IN_ONDERZOEK,
    KwartaalStatus.GEBLOKKEERD: OPGESCHORT,
    KwartaalStatus.WACHT_OP_DMFA: WACHT_OP_AANGIFTE,
    KwartaalStatus.NOG_NIET_VERSCHULDIGD: NOG_NIET_VERSCHULDIGD,
}


def _status(status: str, versies: list[Versie]) -> str:
    if status == KwartaalStatus.BETAALD:
        return BETAALD if versies and all(v.verzonden for v in versies) else IN_BETALING
    return _STATUS[status]


def _redenen(k) -> list[str]:
    """The reasons of the premiums in problem, each once."""
    redenen = []
    for premie in k.premies:
        if premie.status == KwartaalStatus.PROBLEEM and premie.reden and premie.reden not in redenen:
            redenen.append(premie.reden)
    return redenen


def berekeningen(dossier, vandaag: dt.date) -> dict:
    """What the tab shows: the quarters per calendar year with their totals, the premium types
    of the columns and the grand total."""
    overzicht, geblokkeerd = dossier_overzicht(dossier, vandaag)
    rijen = []
    for k in overzicht:
        lijnen = sorted(k.lijnen, key=lambda x: (x.volgnummer, x.premie_soort))
        versies = _versies(lijnen)
        rijen.append(
            KwartaalRij(
                kwartaal=Kwartaal(k.jaar, k.kwartaal),
                nummer=k.kwartaalnummer,
                percentage=_percentage(k, versies),
                betaalmaand=k.betaalmaand,
                status=_status(k.status, versies),
                versies=versies,
                opmerkingen=_opmerkingen(versies),
                redenen=_redenen(k),
            )
        )
    jaren: dict[int, list[KwartaalRij]] = defaultdict(list)
    for rij in rijen:
        jaren[rij.kwartaal.jaar].append(rij)
    per_jaar = [Jaar(jaar, r) for jaar, r in sorted(jaren.items())]
    return {
        "jaren": per_jaar,
        "soorten": _soorten(overzicht),
        "totaal": sum((j.totaal for j in per_jaar), Decimal("0")),
        "geblokkeerd": geblokkeerd,
    }


def _versies(lijnen: list[Betaallijn]) -> list[Versie]:
    per_volgnummer: dict[int, list[Betaallijn]] = defaultdict(list)
    for lijn in lijnen:
        per_volgnummer[lijn.volgnummer].append(lijn)
    return [Versie(nr, per_volgnummer[nr]) for nr in sorted(per_volgnummer)]


def _percentage(k, versies: list[Versie]) -> int | None:
    """The quarter's percentage: from its line when paid, else from the period's schedule."""
    if versies:
        return versies[-1].cijfers.percentage
    try:
        return rules.percentage(k.schema, k.kwartaalnummer) if k.schema else None
    except ValueError:
        return None


def _soorten(overzicht) -> list[tuple[str, str]]:
    """The premium types to show a column for: granted in a period or paid in a line."""
    gekozen = {premie.premie_soort for k in overzicht for premie in k.premies}
    return [(waarde, label) for waarde, label in PremieSoort.choices if waarde in gekozen]
