"""The 'Berekeningen' tab of a dossier: per quarter of the grant periods what was computed from
which DmfA figures, what was paid (corrections as separate lines) and when, or why not yet.

Reads the payment lines the payout engine wrote and the grant periods; computes nothing new
(amounts come from the lines, dates and percentages from ``premies.rules``). Four queries,
whatever the number of quarters.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from loket.rules import Kwartaal

from . import rules
from .models import Betaallijn, Betalingsblokkering, Betalingsprobleem, PremieSoort, RunStatus

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


def status_label(code: str) -> str:
    return {
        BETAALD: _("Betaald"),
        IN_BETALING: _("Wordt betaald"),
        IN_ONDERZOEK: _("In onderzoek bij DWSE"),
        OPGESCHORT: _("Betaling tijdelijk opgeschort"),
        WACHT_OP_AANGIFTE: _("Wacht op RSZ-aangifte"),
        NOG_NIET_VERSCHULDIGD: _("Nog niet verschuldigd"),
    }[code]


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


def _periodes(dossier):
    """The grant periods that stand (a corrected decision is replaced), in order of start."""
    from aanvragen.models import Beslissing, Uitkomst

    return list(
        Beslissing.objects.filter(
            dossier=dossier,
            uitkomst=Uitkomst.TOEGEKEND,
            vervangen_door__isnull=True,
            startdatum__isnull=False,
            einddatum__isnull=False,
        ).order_by("startdatum", "id")
    )


def _kwartalen_per_periode(dossier, periodes) -> dict[Kwartaal, object]:
    """Every quarter of every period with the period it falls in; a later period takes over the
    quarters it shares with an earlier one. The dossier's end date (moved when the employee
    leaves) cuts the periods short: quarters after it are not listed."""
    uit = {}
    for periode in periodes:
        einde = periode.einddatum
        if dossier.einddatum and dossier.einddatum < einde:
            einde = dossier.einddatum
        for kwartaal in rules.kwartalen_van_periode(periode.startdatum, einde):
            uit[kwartaal] = periode
    return uit


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
    if any(lijn.doorbetaling for lijn in lijnen):
        opmerkingen.append(
            _(
                "Na de einddatum: de premie wordt verder betaald zolang de aangevraagde evaluatie "
                "loopt, aan het laatste percentage."
            )
        )
    return opmerkingen


def _status(
    versies: list[Versie], probleem: bool, geblokkeerd: bool, kwartaal: Kwartaal, vandaag: dt.date
) -> str:
    if versies and all(v.verzonden for v in versies):
        return BETAALD
    if probleem:
        return IN_ONDERZOEK
    te_betalen = bool(versies) or rules.verschuldigd(kwartaal.jaar, kwartaal.nummer, vandaag)
    if geblokkeerd and te_betalen:
        return OPGESCHORT
    if versies:
        return IN_BETALING
    if te_betalen:
        return WACHT_OP_AANGIFTE
    return NOG_NIET_VERSCHULDIGD


def berekeningen(dossier, vandaag: dt.date) -> dict:
    """What the tab shows: the quarters per calendar year with their totals, the premium types
    of the columns and the grand total."""
    periodes = _periodes(dossier)
    per_kwartaal = _kwartalen_per_periode(dossier, periodes)
    lijnen_per_kwartaal: dict[Kwartaal, list[Betaallijn]] = defaultdict(list)
    for lijn in Betaallijn.objects.filter(dossier=dossier).select_related("run"):
        lijnen_per_kwartaal[Kwartaal(lijn.jaar, lijn.kwartaal)].append(lijn)
    problemen = {
        Kwartaal(j, k)
        for j, k in Betalingsprobleem.objects.filter(dossier=dossier, opgelost_op__isnull=True).values_list(
            "jaar", "kwartaal"
        )
    }
    geblokkeerd = Betalingsblokkering.objects.filter(dossier=dossier, opgeheven_op__isnull=True).exists()

    soorten = _soorten(periodes, lijnen_per_kwartaal)
    rijen = []
    # Quarters of the periods, and those paid after the end while an evaluation ran.
    for kwartaal in sorted(set(per_kwartaal) | set(lijnen_per_kwartaal)):
        lijnen = sorted(lijnen_per_kwartaal.get(kwartaal, []), key=lambda x: (x.volgnummer, x.premie_soort))
        versies = _versies(lijnen)
        nummer, percentage = _nummer_en_percentage(kwartaal, per_kwartaal.get(kwartaal), versies)
        rijen.append(
            KwartaalRij(
                kwartaal=kwartaal,
                nummer=nummer,
                percentage=percentage,
                betaalmaand=rules.betaalmaand(kwartaal.jaar, kwartaal.nummer),
                status=_status(versies, kwartaal in problemen, geblokkeerd, kwartaal, vandaag),
                versies=versies,
                opmerkingen=_opmerkingen(versies),
            )
        )
    jaren: dict[int, list[KwartaalRij]] = defaultdict(list)
    for rij in rijen:
        jaren[rij.kwartaal.jaar].append(rij)
    per_jaar = [Jaar(jaar, r) for jaar, r in sorted(jaren.items())]
    return {
        "jaren": per_jaar,
        "soorten": soorten,
        "totaal": sum((j.totaal for j in per_jaar), Decimal("0")),
        "geblokkeerd": geblokkeerd,
        "periodes": periodes,
    }


def _versies(lijnen: list[Betaallijn]) -> list[Versie]:
    per_volgnummer: dict[int, list[Betaallijn]] = defaultdict(list)
    for lijn in lijnen:
        per_volgnummer[lijn.volgnummer].append(lijn)
    return [Versie(nr, per_volgnummer[nr]) for nr in sorted(per_volgnummer)]


def _nummer_en_percentage(
    kwartaal: Kwartaal, periode, versies: list[Versie]
) -> tuple[int | None, int | None]:
    """The quarter's number and percentage: from its line when paid, else from the period's
    schedule."""
    if versies:
        cijfers = versies[-1].cijfers
        return cijfers.kwartaalnummer, cijfers.percentage
    if periode is None:
        return None, None
    nummer = rules.kwartaalnummer(periode.startdatum, kwartaal.jaar, kwartaal.nummer)
    percentage = rules.percentage(periode.schema, nummer) if periode.schijven else periode.percentage
    return nummer, percentage


def _soorten(periodes, lijnen_per_kwartaal) -> list[tuple[str, str]]:
    """The premium types to show a column for: granted in a period or paid in a line."""
    gekozen = set()
    for periode in periodes:
        if periode.loonpremie:
            gekozen.add(PremieSoort.LOONPREMIE)
        if periode.begeleidingspremie:
            gekozen.add(PremieSoort.BEGELEIDINGSPREMIE)
        if periode.ondersteuningspremie:
            gekozen.add(PremieSoort.ONDERSTEUNINGSPREMIE)
    for lijnen in lijnen_per_kwartaal.values():
        gekozen.update(lijn.premie_soort for lijn in lijnen)
    return [(waarde, label) for waarde, label in PremieSoort.choices if waarde in gekozen]
