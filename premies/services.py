"""The one place payouts change state: runs (concept → goedgekeurd → verzonden) and holds.

Other code calls:

- ``voer_run_uit(vandaag, door=None)``: every due, unpaid quarter into the concept run (the daily
  task, the admin, the benchmark). ``plan_run(vandaag)``: what that would pay, without writing.
- ``keur_goed(run, door)``: four eyes; the SEPA file follows on commit (``verzend``).
- ``verzend(run)``: the validated pain.001.001.09 file on ``run.sepa_bestand``, status
  'verzonden', then ``premies.signals.run_verzonden`` (sender=Uitbetalingsrun, run=run) on commit.
- ``zet_op_hold(dossier, reden, door)`` / ``hef_hold_op(dossier, reden, door)``.
- ``kwartaaloverzicht(dossier, vandaag)``: per quarter its status and lines, for the
  'Berekeningen' tab and the statement (see ``Kwartaaloverzicht``); ``dossier_overzicht`` adds
  whether the dossier's payments are on hold.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from loket.parameters import Parameterstand
from loket.prepared import PreparedQuery

from . import rules, sepa, uitbetaling
from .models import Betaallijn, Betalingsblokkering, Betalingsprobleem, RunStatus, Uitbetalingsrun
from .signals import run_verzonden
from .uitbetaling import KwartaalStatus, voer_run_uit  # noqa: F401  (part of this module's API)

SUPERVISOR = "supervisor"


class OngeldigeRunOvergang(ValidationError):
    """A run or hold change that is not allowed; the message is Dutch and shown to staff."""


def is_supervisor(gebruiker) -> bool:
    return bool(
        gebruiker
        and gebruiker.is_active
        and (gebruiker.is_superuser or gebruiker.groups.filter(name=SUPERVISOR).exists())
    )


# --- Runs -----------------------------------------------------------------------------------------


def plan_run(vandaag: dt.date) -> dict:
    """What a run today would add, without writing: {'lijnen': n, 'totaal': Decimal, 'wacht_op_dmfa': n,
    'problemen': n, 'geblokkeerd': n}. Reads in chunks like the run itself."""
    params = Parameterstand.laad()
    uit = {"lijnen": 0, "totaal": rules.NUL, "wacht_op_dmfa": 0, "problemen": 0, "geblokkeerd": 0}
    for ids in uitbetaling._chunks(uitbetaling.settings.PREMIES_CHUNK_GROOTTE):
        for g in uitbetaling.laad_gegevens(ids):
            for b in uitbetaling.plan_dossier(g, params, vandaag, alleen_verschuldigd=True):
                if b.lijn is not None:
                    uit["lijnen"] += 1
                    uit["totaal"] += b.lijn["uitbetaald"]
                elif b.status in (
                    KwartaalStatus.WACHT_OP_DMFA,
                    KwartaalStatus.PROBLEEM,
                    KwartaalStatus.GEBLOKKEERD,
                ):
                    sleutel = "problemen" if b.status == KwartaalStatus.PROBLEEM else b.status
                    uit[sleutel] += 1
    return uit


def keur_goed(run: Uitbetalingsrun, door) -> Uitbetalingsrun:
    """A supervisor who did not start the run approves it; the SEPA file is made on commit."""
    if not is_supervisor(door):
        raise OngeldigeRunOvergang(_("Alleen een supervisor kan een uitbetalingsrun goedkeuren."))
    with transaction.atomic():
        run = Uitbetalingsrun.objects.select_for_update().get(pk=run.pk)
        if run.status != RunStatus.CONCEPT:
            raise OngeldigeRunOvergang(
                _("Deze run is al %(status)s.") % {"status": run.get_status_display().lower()}
            )
        if run.gestart_door_id and run.gestart_door_id == door.pk:
            raise OngeldigeRunOvergang(
                _(
                    "Vier ogen: wie de run startte, kan hem niet zelf goedkeuren. "
                    "Vraag het een andere supervisor."
                )
            )
        uitbetaling.werk_totalen_bij(run)
        if not run.aantal_lijnen:
            raise OngeldigeRunOvergang(_("Deze run bevat geen betaallijnen."))
        run.status = RunStatus.GOEDGEKEURD
        run.goedgekeurd_door = door
        run.goedgekeurd_op = timezone.now()
        run.save(update_fields=["status", "goedgekeurd_door", "goedgekeurd_op"])

        def volgende_stap(pk=run.pk):
            from .tasks.sepa import verzend_run

            verzend_run.delay(pk)

        transaction.on_commit(volgende_stap)
    return run


def verzend(run: Uitbetalingsrun, vandaag: dt.date | None = None) -> Uitbetalingsrun:
    """Make, validate and store the SEPA file of an approved run and mark it 'verzonden'.

    Idempotent: a run already sent is returned as it is, so the task and the sweeper may both call it.
    """
    with transaction.atomic():
        run = Uitbetalingsrun.objects.select_for_update().get(pk=run.pk)
        if run.status == RunStatus.VERZONDEN:
            return run
        if run.status != RunStatus.GOEDGEKEURD:
            raise OngeldigeRunOvergang(_("Alleen een goedgekeurde run kan verzonden worden."))
        uitvoering = max(run.betaaldatum, vandaag or timezone.localdate())
        transfers, terugvorderingen = sepa.overschrijvingen(run)
        if transfers:  # a run of reclaims only has nothing to transfer: no file
            inhoud = sepa.maak_bestand(run, transfers, uitvoering)
            naam = f"imw-run-{run.pk}-{uitvoering:%Y%m%d}.xml"
            run.sepa_bestand.save(naam, ContentFile(inhoud), save=False)
        run.status = RunStatus.VERZONDEN
        run.verzonden_op = timezone.now()
        run.overzicht = {
            **run.overzicht,
            "overschrijvingen": len(transfers),
            "terugvorderingen": terugvorderingen,
        }
        run.save(update_fields=["sepa_bestand", "status", "verzonden_op", "overzicht"])
        transaction.on_commit(lambda: run_verzonden.send(sender=Uitbetalingsrun, run=run))
    return run


# --- Holds ----------------------------------------------------------------------------------------


def zet_op_hold(dossier, reden: str, door) -> Betalingsblokkering:
    """Stop the dossier's payments until released; the engine skips it (and lists it on the run)."""
    if not (reden or "").strip():
        raise OngeldigeRunOvergang(_("Geef een reden om de betalingen on hold te zetten."))
    try:
        with transaction.atomic():
            return Betalingsblokkering.objects.create(dossier=dossier, reden=reden.strip(), door=door)
    except IntegrityError:
        raise OngeldigeRunOvergang(_("De betalingen van dit dossier staan al on hold.")) from None


def hef_hold_op(dossier, reden: str, door) -> Betalingsblokkering:
    """Release the hold: the next run pays what became due meanwhile."""
    if not (reden or "").strip():
        raise OngeldigeRunOvergang(_("Geef een reden om de blokkering op te heffen."))
    with transaction.atomic():
        blokkering = (
            Betalingsblokkering.objects.select_for_update()
            .filter(dossier=dossier, opgeheven_op__isnull=True)
            .first()
        )
        if blokkering is None:
            raise OngeldigeRunOvergang(_("De betalingen van dit dossier staan niet on hold."))
        blokkering.opgeheven_door = door
        blokkering.opgeheven_op = timezone.now()
        blokkering.reden_opheffing = reden.strip()
        blokkering.save(update_fields=["opgeheven_door", "opgeheven_op", "reden_opheffing"])
    return blokkering


# --- The per-quarter overview ('Berekeningen' tab, statement) -----------------------------------

# The worst status of a quarter's premiums is the quarter's status.
_ERNST = [
    KwartaalStatus.PROBLEEM,
    KwartaalStatus.GEBLOKKEERD,
    KwartaalStatus.WACHT_OP_DMFA,
    KwartaalStatus.TE_BETALEN,
    KwartaalStatus.NOG_NIET_VERSCHULDIGD,
    KwartaalStatus.BETAALD,
]


@dataclass
class Premieoverzicht:
    premie_soort: str
    status: str
    reden: str
    lijnen: list[Betaallijn]


@dataclass
class Kwartaaloverzicht:
    """One quarter of a dossier: ``status`` is one of 'betaald', 'te_betalen' (due, the next run
    pays it), 'wacht_op_dmfa', 'probleem', 'geblokkeerd', 'nog_niet_verschuldigd'; ``premies`` per
    premium type with the reason and the payment lines (first payment and corrections, each with
    what it was computed from: DmfA figures, cap, percentage, days in service)."""

    jaar: int
    kwartaal: int
    kwartaalnummer: int
    betaalmaand: dt.date
    status: str
    premies: list[Premieoverzicht] = field(default_factory=list)
    # The schedule of the period the quarter is paid under (the last one past the end); empty for a
    # quarter paid outside the current planning (listed for its lines only).
    schema: list[tuple[int, int, int]] = field(default_factory=list)

    @property
    def lijnen(self) -> list[Betaallijn]:
        return [lijn for p in self.premies for lijn in p.lijnen]


# Read on each opening of the tab 'Berekeningen': compiled to SQL once per process (loket.prepared).
_BETAALLIJNEN = PreparedQuery(
    lambda dossier_id: (
        Betaallijn.objects.filter(dossier_id=dossier_id).select_related("run").order_by("volgnummer")
    )
)
_OPEN_PROBLEMEN = PreparedQuery(
    lambda dossier_id: Betalingsprobleem.objects.filter(dossier_id=dossier_id, opgelost_op__isnull=True)
)


def kwartaaloverzicht(dossier, vandaag: dt.date) -> list[Kwartaaloverzicht]:
    """Every quarter of the dossier's grant periods, oldest first (see ``dossier_overzicht``)."""
    return dossier_overzicht(dossier, vandaag)[0]


def dossier_overzicht(dossier, vandaag: dt.date) -> tuple[list[Kwartaaloverzicht], bool]:
    """Every quarter of the dossier's grant periods, oldest first, as the engine sees it on ``vandaag``.

    A premium without a line that has an open ``Betalingsprobleem`` is 'probleem' with the recorded
    reason, also while the dossier is on hold or waits for its DmfA (staff look at it); one the next
    run pays keeps 'te_betalen'. A quarter with payment lines that the planning no longer covers (the
    end moved back after it was paid) is listed too, 'betaald', with its lines."""
    # The lines are shown with their run: loaded once, for the planning and for the overview.
    betaallijnen = _BETAALLIJNEN.all(dossier_id=dossier.pk)
    gegevens = uitbetaling.laad_gegevens([dossier.pk], betaallijnen=betaallijnen)
    if not gegevens:
        return [], False
    g = gegevens[0]
    # A view of the quarters, not a payment: the shared parameter stand (the run reads its own).
    besluiten = uitbetaling.plan_dossier(g, Parameterstand.gedeeld(), vandaag)
    schema = {p.id: p.schema for p in g.periodes}
    lijnen: dict[tuple, list[Betaallijn]] = {}
    for lijn in betaallijnen:
        lijnen.setdefault((lijn.jaar, lijn.kwartaal, lijn.premie_soort), []).append(lijn)
    problemen = {
        (p.jaar, p.kwartaal, p.premie_soort): p.reden for p in _OPEN_PROBLEMEN.all(dossier_id=dossier.pk)
    }
    per_kwartaal: dict[tuple[int, int], Kwartaaloverzicht] = {}

    def overzicht(jaar, kwartaal, kwartaalnummer, periode_schema) -> Kwartaaloverzicht:
        k = per_kwartaal.get((jaar, kwartaal))
        if k is None:
            k = per_kwartaal[(jaar, kwartaal)] = Kwartaaloverzicht(
                jaar,
                kwartaal,
                kwartaalnummer,
                rules.betaalmaand(jaar, kwartaal),
                KwartaalStatus.BETAALD,
                schema=periode_schema,
            )
        return k

    for b in besluiten:
        k = overzicht(b.jaar, b.kwartaal, b.kwartaalnummer, schema.get(b.periode_id, []))
        premielijnen = lijnen.pop((b.jaar, b.kwartaal, b.premie_soort), [])
        status, reden = b.status, b.reden
        probleem = problemen.get((b.jaar, b.kwartaal, b.premie_soort))
        if probleem is not None and not premielijnen and status in _OPEN_PROBLEEM_GAAT_VOOR:
            status, reden = KwartaalStatus.PROBLEEM, reden if status == KwartaalStatus.PROBLEEM else probleem
        k.premies.append(Premieoverzicht(b.premie_soort, status, reden or probleem or "", premielijnen))
        if _ERNST.index(status) < _ERNST.index(k.status):
            k.status = status
    for (jaar, kwartaal, soort), premielijnen in lijnen.items():
        k = overzicht(jaar, kwartaal, premielijnen[-1].kwartaalnummer, [])
        k.premies.append(Premieoverzicht(soort, KwartaalStatus.BETAALD, "", premielijnen))
    return [per_kwartaal[s] for s in sorted(per_kwartaal)], g.geblokkeerd


# A recorded, unsolved problem outweighs these (not a quarter the next run pays, nor a paid one).
_OPEN_PROBLEEM_GAAT_VOOR = (
    KwartaalStatus.PROBLEEM,
    KwartaalStatus.GEBLOKKEERD,
    KwartaalStatus.WACHT_OP_DMFA,
)
