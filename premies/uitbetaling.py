"""The payout engine: which quarters are due, what each pays, and writing that exactly once.

Per chunk of dossiers (``settings.PREMIES_CHUNK_GROOTTE``) the engine reads everything it needs in
a constant number of queries (dossiers, grant periods, accounts, DmfA and Dimona lines, existing
payment lines), decides per quarter and premium in memory with ``premies.rules``, and inserts the
new payment lines in bulk. The unique constraint on (dossier, quarter, premium, volgnummer)
decides: an insert that conflicts was paid by an earlier (or concurrent) pass and is skipped, so a
rerun, a crash halfway or two workers at once never pay a quarter twice.

The same planning (``plan_dossier``) feeds ``premies.services.kwartaaloverzicht``, the per-quarter
overview the 'Berekeningen' tab shows.
"""

from __future__ import annotations

import datetime as dt
import operator
import time
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, OuterRef, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from aanvragen.models import Beslissing, Dossier, Status, Uitkomst
from loket.bronnen import get_bron
from loket.models import Bankrekening
from loket.models.organisaties import HUIDIGE_REKENING_VOLGORDE, huidige_rekening
from loket.parameters import Parameterstand
from loket.prepared import PreparedQuery
from loket.rules import Kwartaal, format_kbo

from . import rules
from .models import (
    Betaallijn,
    Betalingsblokkering,
    Betalingsprobleem,
    PremieSoort,
    RunStatus,
    Uitbetalingsrun,
)


class KwartaalStatus:
    """What became of one quarter (and premium) of a dossier; the 'Berekeningen' tab shows these."""

    BETAALD = "betaald"
    TE_BETALEN = "te_betalen"  # due and computable: the next run pays it (or its correction)
    WACHT_OP_DMFA = "wacht_op_dmfa"
    PROBLEEM = "probleem"
    GEBLOKKEERD = "geblokkeerd"
    NOG_NIET_VERSCHULDIGD = "nog_niet_verschuldigd"


@dataclass(frozen=True)
class Periode:
    id: int
    startdatum: dt.date
    einddatum: dt.date
    schema: list[tuple[int, int, int]]
    loonpremie: bool
    begeleidingspremie: bool
    ondersteuningspremie: bool
    begeleidingsnood: str

    def soorten(self) -> list[str]:
        vlaggen = [
            (self.loonpremie, PremieSoort.LOONPREMIE),
            (self.begeleidingspremie, PremieSoort.BEGELEIDINGSPREMIE),
            (self.ondersteuningspremie, PremieSoort.ONDERSTEUNINGSPREMIE),
        ]
        return [str(soort) for aan, soort in vlaggen if aan]


@dataclass(frozen=True)
class BestaandeLijn:
    volgnummer: int
    dmfa_versie: str
    bedrag: Decimal
    uitbetaald: Decimal
    dagen_in_dienst: int | None = None


@dataclass
class DossierGegevens:
    """Everything the engine needs of one dossier, loaded in bulk for a chunk."""

    id: int
    referentie: str
    insz: str
    werkgever_kbo: str
    betaler_id: int  # the organisation paid: the scholengroep for a school
    iban: str
    einddatum: dt.date | None
    doorbetaling: bool
    geblokkeerd: bool
    periodes: list[Periode] = field(default_factory=list)
    # {(jaar, kwartaal): {werkgever_kbo: Loonlijn}}
    loonlijnen: dict = field(default_factory=dict)
    tewerkstellingen: list = field(default_factory=list)
    # {(jaar, kwartaal, premie_soort): [BestaandeLijn, ...]}
    bestaande: dict = field(default_factory=dict)


@dataclass
class Kwartaalbesluit:
    """The engine's verdict on one quarter and premium: a line to insert, a reason, or nothing."""

    jaar: int
    kwartaal: int
    kwartaalnummer: int
    premie_soort: str
    periode_id: int
    status: str
    reden: str = ""
    lijn: dict | None = None


# Stored as the ``dmfa_versie`` of a line that reclaims a quarter the employee was no longer in
# service for: no declaration's version, so a quarter found in service again is paid anew.
TERUGVORDERING_UIT_DIENST = "terugvordering uit dienst"

# --- Loading --------------------------------------------------------------------------------------


def _actieve_periodes():
    """Granted periods that are not replaced by a correction and have their dates."""
    return Beslissing.objects.filter(
        uitkomst=Uitkomst.TOEGEKEND,
        vervangen_door__isnull=True,
        startdatum__isnull=False,
        einddatum__isnull=False,
    )


def _dossiers():
    """Dossiers, with whether a payment block is in force."""
    return Dossier.objects.annotate(
        geblokkeerd=Exists(
            Betalingsblokkering.objects.filter(dossier=OuterRef("pk"), opgeheven_op__isnull=True)
        )
    )


_DOSSIERVELDEN = (
    "pk",
    "referentie",
    "werknemer_insz",
    "organisatie_id",
    "organisatie__kbo_nummer",
    "organisatie__scholengroep_id",
    "einddatum",
    "doorbetaling",
    "geblokkeerd",
)
_PERIODEVOLGORDE = ("startdatum", "pk")

# One dossier's, read on each opening of its tab 'Berekeningen': compiled once per process
# (loket.prepared); a run's chunk reads the same in one query per kind for all its dossiers.
_DOSSIER = PreparedQuery(
    lambda dossier_id: (
        _dossiers()
        .filter(pk=dossier_id)
        .select_related("organisatie")
        # the columns of _DOSSIERVELDEN (not the key, nor the annotation), through the organisation
        .only("organisatie", *(v for v in _DOSSIERVELDEN[1:-1] if v != "organisatie_id"))
    )
)
_DOSSIERWAARDEN = operator.attrgetter(*(v.replace("__", ".") for v in _DOSSIERVELDEN))
_PERIODES = PreparedQuery(
    lambda dossier_id: _actieve_periodes().filter(dossier_id=dossier_id).order_by(*_PERIODEVOLGORDE)
)


def laad_gegevens(
    dossier_ids: list[int], betaallijnen: list[Betaallijn] | None = None
) -> list[DossierGegevens]:
    """The chunk's data in six queries, whatever its size; five when the caller has loaded the
    chunk's payment lines already (``betaallijnen``: all of them). One dossier's (its tab
    'Berekeningen') through prepared queries: the same data, without building the querysets."""
    een = dossier_ids[0] if len(dossier_ids) == 1 else None
    if een is not None:
        dossier = _DOSSIER.first(dossier_id=een)
        rijen = [_DOSSIERWAARDEN(dossier)] if dossier else []
    else:
        rijen = _dossiers().filter(pk__in=dossier_ids).order_by("pk").values_list(*_DOSSIERVELDEN)
    gegevens: dict[int, DossierGegevens] = {}
    for (
        pk,
        referentie,
        insz,
        organisatie_id,
        kbo,
        scholengroep_id,
        einddatum,
        doorbetaling,
        geblokkeerd,
    ) in rijen:
        gegevens[pk] = DossierGegevens(
            id=pk,
            referentie=referentie or str(pk),
            insz=insz,
            werkgever_kbo=kbo,
            betaler_id=scholengroep_id or organisatie_id,
            iban="",
            einddatum=einddatum,
            doorbetaling=doorbetaling,
            geblokkeerd=geblokkeerd,
        )
    if not gegevens:
        return []

    if een is not None:
        periodes = _PERIODES.all(dossier_id=een)
    else:
        periodes = _actieve_periodes().filter(dossier_id__in=gegevens).order_by(*_PERIODEVOLGORDE)
    for p in periodes:
        schema = p.schema or (rules.vaste_schijven(p.percentage, 99) if p.percentage else [])
        gegevens[p.dossier_id].periodes.append(
            Periode(
                p.pk,
                p.startdatum,
                p.einddatum,
                schema,
                p.loonpremie,
                p.begeleidingspremie,
                p.ondersteuningspremie,
                p.begeleidingsnood,
            )
        )

    rekeningen: dict[int, str] = {}
    betalers = {g.betaler_id for g in gegevens.values()}
    if een is not None:
        (betaler,) = betalers
        if rekening := huidige_rekening(betaler):
            rekeningen[betaler] = rekening.iban
    else:
        for rek in (
            Bankrekening.objects.filter(organisatie_id__in=betalers, actief=True)
            .order_by("organisatie_id", *HUIDIGE_REKENING_VOLGORDE)
            .values("organisatie_id", "iban")
        ):
            rekeningen.setdefault(rek["organisatie_id"], rek["iban"])

    per_insz: dict[str, list[DossierGegevens]] = defaultdict(list)
    for g in gegevens.values():
        g.iban = rekeningen.get(g.betaler_id, "")
        if g.insz:
            per_insz[g.insz].append(g)
    if per_insz:
        vanaf_jaar = min((p.startdatum.year for g in gegevens.values() for p in g.periodes), default=2000)
        for lijn in get_bron("dmfa").loonlijnen_van_werknemers(per_insz, vanaf_jaar):
            for g in per_insz[lijn.insz]:
                g.loonlijnen.setdefault((lijn.jaar, lijn.kwartaal), {})[lijn.werkgever_kbo] = lijn
        for t in get_bron("dimona").tewerkstellingen_van_werknemers(per_insz):
            for g in per_insz[t.insz]:
                g.tewerkstellingen.append(t)

    velden = (
        "dossier_id",
        "jaar",
        "kwartaal",
        "premie_soort",
        "volgnummer",
        "dmfa_versie",
        "bedrag",
        "uitbetaald",
        "dagen_in_dienst",
    )
    if betaallijnen is None:
        bestaande = Betaallijn.objects.filter(dossier_id__in=gegevens).values_list(*velden)
    else:
        bestaande = [tuple(getattr(lijn, veld) for veld in velden) for lijn in betaallijnen]
    for b in bestaande:
        gegevens[b[0]].bestaande.setdefault((b[1], b[2], b[3]), []).append(BestaandeLijn(*b[4:]))
    return list(gegevens.values())


# --- Planning (no queries) ------------------------------------------------------------------------


def laatste_betaaldag(g: DossierGegevens) -> dt.date | None:
    """The last day a premium is due for: the last period's end, or earlier when the employee left
    service (the dossier's end moved by 'uit dienst', or every Dimona relation with this employer
    ended). None: open-ended, while payment continues during an evaluation (``doorbetaling``)."""
    laatste = g.periodes[-1]
    vertrek = []
    if g.einddatum and g.einddatum < laatste.einddatum:
        vertrek.append(g.einddatum)
    relaties = [t for t in g.tewerkstellingen if t.werkgever_kbo == g.werkgever_kbo]
    if relaties and all(t.einde for t in relaties):
        vertrek.append(max(t.einde for t in relaties))
    if g.doorbetaling:
        return min(vertrek) if vertrek else None
    return min([laatste.einddatum, *vertrek])


def laatste_verschuldigde_dag(vandaag: dt.date) -> dt.date:
    """The last day of the latest quarter whose payment month has begun on ``vandaag``."""
    k = Kwartaal.van(vandaag).plus(-2)  # the payment month of a quarter is 4 months after its start
    while rules.betaalmaand(k.jaar, k.nummer) > vandaag:
        k = k.vorige()
    return k.laatste_dag


def _kwartalen(
    g: DossierGegevens, vandaag: dt.date, laatste_dag: dt.date | None, tot: dt.date | None = None
) -> list[Kwartaal]:
    """The dossier's quarters in order; with ``tot``, only those starting on or before it."""
    kwartalen: set[Kwartaal] = set()
    for p in g.periodes:
        einde = min(p.einddatum, tot) if tot else p.einddatum
        kwartalen.update(rules.kwartalen_van_periode(p.startdatum, einde))
    einde = max(p.einddatum for p in g.periodes)
    if laatste_dag is None or laatste_dag > einde:
        # Payment continues past the end: every quarter that is due by now.
        k = Kwartaal.van(einde).volgende()
        while rules.betaalmaand(k.jaar, k.nummer) <= vandaag and (
            laatste_dag is None or k.eerste_dag <= laatste_dag
        ):
            kwartalen.add(k)
            k = k.volgende()
    return sorted(k for k in kwartalen if laatste_dag is None or k.eerste_dag <= laatste_dag)


def _periode_van(g: DossierGegevens, k: Kwartaal) -> tuple[Periode, bool]:
    """The period the quarter is paid under: the latest (by start, then id) that overlaps it; past
    the end, the last period (payment continues under its schedule)."""
    overlappend = [p for p in g.periodes if p.startdatum <= k.laatste_dag and p.einddatum >= k.eerste_dag]
    if overlappend:
        return overlappend[-1], False
    return g.periodes[-1], True


def _maand(datum: dt.date) -> str:
    return formats.date_format(datum, "F Y")


def _ggmmi(params: Parameterstand, k: Kwartaal) -> tuple[list[Decimal], str]:
    bedragen, ontbrekend = [], []
    for dag in rules.eerste_dagen_van_maanden(k.jaar, k.nummer):
        bedrag = params.ggmmi(dag)
        if bedrag is None:
            ontbrekend.append(_maand(dag))
        bedragen.append(bedrag)
    if ontbrekend:
        return [], _("Er is geen GGMMI-bedrag ingesteld voor %(maanden)s.") % {
            "maanden": ", ".join(ontbrekend)
        }
    return bedragen, ""


def _dmfa_lijn(g: DossierGegevens, k: Kwartaal) -> tuple[object | None, str, str]:
    """(line, status, reason): the employer's DmfA line of the quarter, or why it cannot be used."""
    lijnen = g.loonlijnen.get((k.jaar, k.nummer), {})
    lijn = lijnen.get(g.werkgever_kbo)
    if lijn is None:
        if lijnen:
            # The reason is also shown to the employer (tab 'Berekeningen'): it does not name the
            # other employer; staff find it in the DmfA registry.
            reden = _(
                "De DmfA-aangifte van %(kwartaal)s voor deze werknemer komt van een andere werkgever, "
                "niet van %(kbo)s."
            ) % {"kwartaal": k, "kbo": format_kbo(g.werkgever_kbo)}
            return None, KwartaalStatus.PROBLEEM, reden
        return None, KwartaalStatus.WACHT_OP_DMFA, _("Wacht op de RSZ-aangifte (DmfA) van %(k)s.") % {"k": k}
    fouten = rules.loonlijn_fouten(_bedragen(lijn))
    if fouten:
        return None, KwartaalStatus.PROBLEEM, " ".join(fouten)
    return lijn, "", ""


def _bedragen(lijn) -> rules.LoonlijnBedragen:
    return rules.LoonlijnBedragen(
        lijn.brutoloon, lijn.werkgeversbijdragen, lijn.verminderingen, lijn.arbeidsfractie
    )


def _bereken(
    g: DossierGegevens,
    periode: Periode,
    k: Kwartaal,
    soort: str,
    nr: int,
    params: Parameterstand,
    laatste_dag: dt.date | None,
) -> tuple[dict | None, str, str]:
    """(line fields, status, reason) for one quarter and premium."""
    try:
        pct = rules.percentage(periode.schema, nr)
    except ValueError:
        return (
            None,
            KwartaalStatus.PROBLEEM,
            _("De toekenning heeft geen percentage voor kwartaal %(nr)s.") % {"nr": nr},
        )
    if not g.iban:
        return None, KwartaalStatus.PROBLEEM, _("Er is geen actief rekeningnummer voor deze organisatie.")
    velden: dict = {"percentage": pct}

    if soort == PremieSoort.ONDERSTEUNINGSPREMIE:
        referentie = params.ondersteuning_referentiebedrag(k.laatste_dag)
        if referentie is None:
            ggmmi, reden = _ggmmi(params, k)
            if reden:
                return None, KwartaalStatus.PROBLEEM, reden
            referentie = rules.standaard_referentiebedrag_zelfstandige(ggmmi)
        # The self-employed person's reference amount takes the place of the reference wage.
        velden.update(referteloon=referentie, bedrag=rules.ondersteuningspremie(referentie, pct))
        return velden, KwartaalStatus.TE_BETALEN, ""

    lijn, status, reden = _dmfa_lijn(g, k)
    if lijn is None:
        return None, status, reden

    if soort == PremieSoort.LOONPREMIE:
        ggmmi, reden = _ggmmi(params, k)
        if reden:
            return None, KwartaalStatus.PROBLEEM, reden
        referteloon = rules.referteloon(lijn.brutoloon, lijn.werkgeversbijdragen, lijn.verminderingen)
        plafond = rules.plafond(ggmmi, lijn.arbeidsfractie)
        velden.update(
            dmfa_versie=rules.loonlijn_versie(_bedragen(lijn)),
            brutoloon=lijn.brutoloon,
            werkgeversbijdragen=lijn.werkgeversbijdragen,
            verminderingen=lijn.verminderingen,
            arbeidsfractie=lijn.arbeidsfractie,
            referteloon=referteloon,
            plafond=rules.afgerond(plafond),  # shown on 'Berekeningen'; the amount uses the exact cap
            bedrag=rules.loonpremie(referteloon, plafond, pct),
        )
        return velden, KwartaalStatus.TE_BETALEN, ""

    # Begeleidingspremie: a flat amount, pro rata the days in service in the quarter the employee leaves.
    bedragen = params.begeleidingspremie_bedragen(k.laatste_dag)
    if not bedragen:
        return (
            None,
            KwartaalStatus.PROBLEEM,
            _("Er is geen bedrag voor de begeleidingspremie ingesteld op %(d)s.")
            % {"d": formats.date_format(k.laatste_dag, "j F Y")},
        )
    opstart = params.begeleidingspremie_opstart(k.laatste_dag).get(periode.begeleidingsnood, rules.NUL)
    volledig = rules.begeleidingspremie(bedragen, opstart, nr)
    dagen, dagen_kwartaal = rules.dagen_in_periode(k.jaar, k.nummer, None, laatste_dag)
    velden.update(
        dagen_in_dienst=dagen,
        dagen_kwartaal=dagen_kwartaal,
        bedrag=rules.pro_rata(volledig, dagen, dagen_kwartaal),
    )
    return velden, KwartaalStatus.TE_BETALEN, ""


def plan_dossier(
    g: DossierGegevens, params: Parameterstand, vandaag: dt.date, *, alleen_verschuldigd: bool = False
) -> list[Kwartaalbesluit]:
    """Every quarter and premium of the dossier's periods, with what the engine does with it today;
    ``alleen_verschuldigd``: stop at the first quarter not yet due (the engine needs no more)."""
    if not g.periodes:
        return []
    laatste_dag = laatste_betaaldag(g)
    tot = laatste_verschuldigde_dag(vandaag) if alleen_verschuldigd else None
    besluiten = []
    for k in _kwartalen(g, vandaag, laatste_dag, tot):
        periode, na_einde = _periode_van(g, k)
        nr = rules.kwartaalnummer(periode.startdatum, k.jaar, k.nummer)
        verschuldigd = rules.betaalmaand(k.jaar, k.nummer) <= vandaag
        if alleen_verschuldigd and not verschuldigd:
            break  # the quarters are in order: none after this one is due either
        for soort in periode.soorten():
            besluit = Kwartaalbesluit(k.jaar, k.nummer, nr, soort, periode.id, KwartaalStatus.BETAALD)
            besluiten.append(besluit)
            bestaande = g.bestaande.get((k.jaar, k.nummer, soort), [])
            if not verschuldigd and not bestaande:
                besluit.status = KwartaalStatus.NOG_NIET_VERSCHULDIGD
                continue
            if g.geblokkeerd:
                if not bestaande:
                    _opgeschort(besluit)
                continue
            velden, status, reden = _bereken(g, periode, k, soort, nr, params, laatste_dag)
            if bestaande:
                laatste = max(bestaande, key=lambda b: b.volgnummer)
                if velden is None or not _te_corrigeren(soort, velden, bestaande, laatste):
                    continue
                # One correction line for the difference with what was paid.
                velden["volgnummer"] = laatste.volgnummer + 1
                velden["uitbetaald"] = velden["bedrag"] - _netto(bestaande)
            elif velden is not None:
                velden["volgnummer"] = 1
                velden["uitbetaald"] = velden["bedrag"]
            besluit.status, besluit.reden = status, reden
            if velden is not None:
                besluit.lijn = {**velden, **_lijn_van(g, periode, k, nr, soort, na_einde)}
    if laatste_dag is not None:
        besluiten.extend(_terugvorderingen(g, laatste_dag))
    return besluiten


def _lijn_van(g: DossierGegevens, periode: Periode, k: Kwartaal, nr: int, soort: str, na_einde: bool) -> dict:
    """Whose and which payment line it is: the fields every line of a quarter and premium has."""
    return {
        "dossier_id": g.id,
        "organisatie_id": g.betaler_id,
        "periode_id": periode.id,
        "jaar": k.jaar,
        "kwartaal": k.nummer,
        "kwartaalnummer": nr,
        "premie_soort": soort,
        "doorbetaling": na_einde,
        "iban": g.iban,
    }


def _opgeschort(besluit: Kwartaalbesluit) -> None:
    besluit.status = KwartaalStatus.GEBLOKKEERD
    besluit.reden = _("De betalingen van dit dossier staan on hold.")


def _netto(bestaande: list[BestaandeLijn]) -> Decimal:
    return sum((b.uitbetaald for b in bestaande), rules.NUL)


def _te_corrigeren(soort: str, velden: dict, bestaande: list[BestaandeLijn], laatste: BestaandeLijn) -> bool:
    """Whether a paid quarter gets a correction line now.

    Loonpremie: when its DmfA declaration changed (another version than the last line's).
    Flat amounts (begeleidings-, ondersteuningspremie) are paid once: again only when what was paid
    was reclaimed (the employee turned out to be in service after all), or when the days in service
    changed (leaving reported after the quarter was paid in full: pro rata); a parameter changed
    after payment does not reopen a paid quarter."""
    if soort == PremieSoort.LOONPREMIE:
        return velden["dmfa_versie"] != laatste.dmfa_versie
    netto = _netto(bestaande)
    if netto == rules.NUL:
        return velden["bedrag"] != rules.NUL
    return velden.get("dagen_in_dienst") != laatste.dagen_in_dienst and velden["bedrag"] != netto


def _terugvorderingen(g: DossierGegevens, laatste_dag: dt.date) -> list[Kwartaalbesluit]:
    """Quarters paid before it was known that the employee left (or the Dimona relation ended)
    before they began: one line per premium reclaims what they paid (bedrag 0, ``uitbetaald``
    minus the net paid). Once reclaimed the net is 0 and nothing follows: the unique constraint
    on the line's ``volgnummer`` and this net decide, never twice."""
    besluiten = []
    for (jaar, kwartaal, soort), bestaande in sorted(g.bestaande.items()):
        k = Kwartaal(jaar, kwartaal)
        netto = _netto(bestaande)
        if k.eerste_dag <= laatste_dag or netto == rules.NUL:
            continue
        periode, na_einde = _periode_van(g, k)
        nr = rules.kwartaalnummer(periode.startdatum, jaar, kwartaal)
        besluit = Kwartaalbesluit(jaar, kwartaal, nr, soort, periode.id, KwartaalStatus.TE_BETALEN)
        besluiten.append(besluit)
        if g.geblokkeerd:
            _opgeschort(besluit)
            continue
        besluit.reden = _(
            "De werknemer was dit kwartaal niet meer in dienst: wat betaald werd, wordt teruggevorderd."
        )
        besluit.lijn = {
            **_lijn_van(g, periode, k, nr, soort, na_einde),
            "volgnummer": max(b.volgnummer for b in bestaande) + 1,
            "dmfa_versie": TERUGVORDERING_UIT_DIENST,
            "bedrag": rules.NUL,
            "uitbetaald": -netto,
        }
    return besluiten


# --- Running --------------------------------------------------------------------------------------


def conceptrun(vandaag: dt.date, door=None) -> Uitbetalingsrun:
    """THE concept run (created if there is none); a unique partial constraint keeps it one."""
    run = Uitbetalingsrun.objects.filter(status=RunStatus.CONCEPT).first()
    if run is None:
        try:
            with transaction.atomic():
                run = Uitbetalingsrun.objects.create(betaaldatum=vandaag, gestart_door=door)
        except IntegrityError:  # another worker opened it a moment ago
            run = Uitbetalingsrun.objects.get(status=RunStatus.CONCEPT)
    if door is not None and run.gestart_door_id is None:
        # Whoever adds lines by hand may not approve them (four eyes).
        Uitbetalingsrun.objects.filter(pk=run.pk, gestart_door__isnull=True).update(gestart_door=door)
        run.gestart_door = door
    return run


# A granted dossier has one of these statuses; 'beeindigd' too: its last quarters fall due after the end.
STATUSSEN_MET_TOEKENNING = [Status.TOEGEKEND, Status.LOPEND, Status.IN_EVALUATIE, Status.BEEINDIGD]


def _chunks(grootte: int) -> Iterator[list[int]]:
    """Ids of granted dossiers in order, ``grootte`` at a time: a keyset walk over the primary key,
    so every chunk costs the same however far into the table it lies (a filter on the grant periods
    here made PostgreSQL sort all of them for every chunk). Dossiers without an active period are
    skipped by the planning."""
    laatste = 0
    while True:
        ids = list(
            Dossier.objects.filter(pk__gt=laatste, status__in=STATUSSEN_MET_TOEKENNING)
            .order_by("pk")
            .values_list("pk", flat=True)[:grootte]
        )
        if not ids:
            return
        yield ids
        laatste = ids[-1]


@dataclass
class Teller:
    dossiers: int = 0
    nieuwe_lijnen: int = 0
    wacht_op_dmfa: int = 0
    problemen: int = 0
    geblokkeerd: list[str] = field(default_factory=list)


def _werk_problemen_bij(problemen: list[Betalingsprobleem]) -> None:
    """New problems are added; an open problem whose reason changed (the GGMMI gap is filled but
    the DmfA line is still negative) gets the new reason and date. Two queries per chunk at most."""
    nieuw = {(p.dossier_id, p.jaar, p.kwartaal, p.premie_soort): p for p in problemen}
    gewijzigd = []
    for open_probleem in Betalingsprobleem.objects.filter(
        dossier_id__in={p.dossier_id for p in problemen}, opgelost_op__isnull=True
    ).only("dossier_id", "jaar", "kwartaal", "premie_soort", "reden"):
        sleutel = (
            open_probleem.dossier_id,
            open_probleem.jaar,
            open_probleem.kwartaal,
            open_probleem.premie_soort,
        )
        actueel = nieuw.get(sleutel)
        if actueel is not None and actueel.reden != open_probleem.reden:
            open_probleem.reden = actueel.reden
            open_probleem.vastgesteld_op = timezone.now()
            gewijzigd.append(open_probleem)
    if gewijzigd:
        Betalingsprobleem.objects.bulk_update(gewijzigd, ["reden", "vastgesteld_op"])
    Betalingsprobleem.objects.bulk_create(problemen, ignore_conflicts=True)


def _schrijf(
    run: Uitbetalingsrun, lijnen: list[dict], problemen: list[Betalingsprobleem], dossier_ids
) -> bool:
    """Insert one chunk's lines and problems; False when the run is no longer a concept (approved
    meanwhile: the caller writes into a new concept run)."""
    with transaction.atomic():
        # Serialises with ``services.keur_goed``: no line lands in a run after its approval.
        if (
            not Uitbetalingsrun.objects.select_for_update()
            .filter(pk=run.pk, status=RunStatus.CONCEPT)
            .exists()
        ):
            return False
        # ON CONFLICT DO NOTHING: a quarter another pass already paid stays that pass's line.
        Betaallijn.objects.bulk_create(
            [Betaallijn(run_id=run.pk, **velden) for velden in lijnen],
            batch_size=settings.PREMIES_CHUNK_GROOTTE,
            ignore_conflicts=True,
        )
        if problemen:
            _werk_problemen_bij(problemen)
        # A problem is resolved once its quarter has a payment line.
        Betalingsprobleem.objects.filter(dossier_id__in=dossier_ids, opgelost_op__isnull=True).filter(
            Exists(
                Betaallijn.objects.filter(
                    dossier_id=OuterRef("dossier_id"),
                    jaar=OuterRef("jaar"),
                    kwartaal=OuterRef("kwartaal"),
                    premie_soort=OuterRef("premie_soort"),
                )
            )
        ).update(opgelost_op=timezone.now())
    return True


def werk_totalen_bij(run: Uitbetalingsrun, **extra) -> None:
    """The run's number of lines and total, computed by the database. The run row is locked first,
    as every chunk's insert does: no chunk of a concurrent pass commits between count and save."""
    with transaction.atomic():
        Uitbetalingsrun.objects.select_for_update().filter(pk=run.pk).exists()
        cijfers = Betaallijn.objects.filter(run_id=run.pk).aggregate(
            aantal=Count("pk"), totaal=Coalesce(Sum("uitbetaald"), Value(Decimal("0")))
        )
        run.aantal_lijnen, run.totaal = cijfers["aantal"], cijfers["totaal"]
        for naam, waarde in extra.items():
            setattr(run, naam, waarde)
        Uitbetalingsrun.objects.filter(pk=run.pk).update(
            aantal_lijnen=run.aantal_lijnen, totaal=run.totaal, **extra
        )


def voer_run_uit(vandaag: dt.date, door=None) -> Uitbetalingsrun:
    """Add every due, unpaid quarter to the concept run; safe to rerun at any moment."""
    params = Parameterstand.laad()
    run = conceptrun(vandaag, door)
    teller = Teller()
    for ids in _chunks(settings.PREMIES_CHUNK_GROOTTE):
        lijnen, problemen = [], []
        for g in laad_gegevens(ids):
            if not g.periodes:
                continue
            teller.dossiers += 1
            if g.geblokkeerd and len(teller.geblokkeerd) < 500:
                teller.geblokkeerd.append(g.referentie)
            for b in plan_dossier(g, params, vandaag, alleen_verschuldigd=True):
                if b.lijn is not None:
                    lijnen.append(b.lijn)
                elif b.status == KwartaalStatus.WACHT_OP_DMFA:
                    teller.wacht_op_dmfa += 1
                elif b.status == KwartaalStatus.PROBLEEM:
                    teller.problemen += 1
                    problemen.append(
                        Betalingsprobleem(
                            dossier_id=g.id,
                            jaar=b.jaar,
                            kwartaal=b.kwartaal,
                            premie_soort=b.premie_soort,
                            reden=b.reden,
                        )
                    )
        if not _schrijf(run, lijnen, problemen, ids):
            # The run was approved while this pass was busy: what is left goes into a new concept run.
            run = conceptrun(vandaag, door)
            _schrijf(run, lijnen, problemen, ids)
        teller.nieuwe_lijnen += len(lijnen)
        if settings.PREMIES_PAUZE_NA_CHUNK:
            time.sleep(settings.PREMIES_PAUZE_NA_CHUNK)  # test hook: a worker killed between chunks
    overzicht = {
        "vandaag": vandaag.isoformat(),
        "dossiers": teller.dossiers,
        "wacht_op_dmfa": teller.wacht_op_dmfa,
        "problemen": teller.problemen,
        "geblokkeerd": teller.geblokkeerd,
    }
    werk_totalen_bij(run, overzicht=overzicht)
    run.refresh_from_db()
    return run
