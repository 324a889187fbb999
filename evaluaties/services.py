"""The only place an evaluation request changes: draft, submission, admissibility, forwarding to
VDAB, VDAB's evaluation, the decision (a new grant period) and the reminder.

Every step locks the dossier row (then the request), re-reads the status and checks it with
``evaluaties.rules``; the dossier's own status moves only through ``aanvragen.services.wijzig_status``
(lopend → in_evaluatie → lopend). Mails go through ``loket.mail.verstuur_bericht`` with fixed keys
(delivered on commit, never twice); tasks are queued with ``transaction.on_commit``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from aanvragen import beslissingen as aanvraag_beslissingen
from aanvragen import rules as aanvraag_rules
from aanvragen import services as aanvraag_services
from aanvragen import uploads
from aanvragen.beslissingen import vergrendel_dossier
from aanvragen.models import Beslissing, BeslissingSoort, DocumentSoort, Dossier, Pakket, Status, Uitkomst
from loket.instanties import neem_velden_over
from loket.mail import verstuur_bericht
from loket.prepared import PreparedQuery

from . import motivatieverslag, rules
from .models import OPEN_STATUSSEN, TE_BEHANDELEN_STATUSSEN, Evaluatie, EvaluatieStatus, EvaluatieUitkomst


class EvaluatieGeweigerd(ValidationError):
    """The step is not possible now; the message says why (and from when it will be)."""


# --- Where the dossier stands (the button on the dossier page) ----------------------------------


@dataclass
class Stand:
    """What the dossier page shows about evaluations on ``vandaag``."""

    soorten: list[str] = field(default_factory=list)
    reden: str = ""  # why there is no button (with the date from which there will be), or ''
    vanaf: dt.date | None = None
    open_evaluatie: Evaluatie | None = None
    laatste: Evaluatie | None = None

    @property
    def knop(self) -> bool:
        return bool(self.soorten) and (self.open_evaluatie is None or self.open_evaluatie.status == "concept")


def duur_jaren(dossier: Dossier, beslissing: Beslissing | None = None) -> int | None:
    """The duration of the running grant: from its decision, else from the period's dates."""
    beslissing = beslissing or aanvraag_beslissingen.actieve_beslissing(dossier)
    if beslissing is not None and beslissing.duur_jaren:
        return beslissing.duur_jaren
    if dossier.startdatum and dossier.einddatum:
        return aanvraag_rules.periode_duur_jaren(dossier.startdatum, dossier.einddatum)
    return None


# Both read on every view of a running dossier: compiled to SQL once per process (loket.prepared).
_LAATSTE_EVALUATIE = PreparedQuery(
    lambda dossier_id: Evaluatie.objects.filter(dossier_id=dossier_id).order_by("-id")[:1]
)
_LAATSTE_VDAB_EVALUATIE = PreparedQuery(
    lambda dossier_id: (
        Evaluatie.objects.filter(dossier_id=dossier_id, vdab_geevalueerd_op__isnull=False)
        .only("pk", "vdab_geevalueerd_op")
        .order_by("-vdab_geevalueerd_op")[:1]
    )
)


def vorige_vdab_evaluatie(dossier: Dossier) -> dt.date | None:
    """The date of VDAB's latest evaluation recorded on this dossier (a decided request)."""
    laatste = _LAATSTE_VDAB_EVALUATIE.first(dossier_id=dossier.pk)
    return laatste.vdab_geevalueerd_op if laatste else None


def _regel_args(dossier: Dossier, beslissing: Beslissing | None = None) -> dict:
    return {
        "startdatum": dossier.startdatum,
        "einddatum": dossier.einddatum,
        "duur_jaren": duur_jaren(dossier, beslissing),
        "vorige_evaluatie": vorige_vdab_evaluatie(dossier),
        "vop_onbepaalde_duur": dossier.vop_onbepaalde_duur,
        "lde_tijdelijke_regeling": dossier.lde_tijdelijke_regeling,
    }


def mogelijke_soorten(dossier: Dossier, vandaag: dt.date) -> list[str]:
    """What may be evaluated today: only on a running dossier, as the rules allow."""
    if dossier.status != Status.LOPEND:
        return []
    return rules.mogelijke_soorten(vandaag=vandaag, **_regel_args(dossier))


def vanaf_per_soort(dossier: Dossier) -> dict[str, dt.date | None]:
    args = _regel_args(dossier)
    vlaggen = {k: args[k] for k in ("vop_onbepaalde_duur", "lde_tijdelijke_regeling")}
    return {
        rules.HOOGTE: rules.hoogte_mogelijk_vanaf(
            args["startdatum"], args["duur_jaren"], args["vorige_evaluatie"], **vlaggen
        ),
        rules.DUUR: rules.verlenging_mogelijk_vanaf(args["einddatum"], args["duur_jaren"], **vlaggen),
    }


def stand(dossier: Dossier, vandaag: dt.date | None = None, beslissing: Beslissing | None = None) -> Stand:
    """``beslissing``: the active decision when the caller has it already (one query less)."""
    vandaag = vandaag or timezone.localdate()
    laatste = _LAATSTE_EVALUATIE.first(dossier_id=dossier.pk)
    if laatste is not None:
        laatste.dossier = dossier
    open_evaluatie = laatste if laatste is not None and laatste.is_open else None
    resultaat = Stand(open_evaluatie=open_evaluatie, laatste=laatste)
    if dossier.status != Status.LOPEND:
        return resultaat
    args = _regel_args(dossier, beslissing)
    resultaat.soorten = rules.mogelijke_soorten(vandaag=vandaag, **args)
    if not resultaat.soorten:
        resultaat.reden = rules.reden_niet_mogelijk(vandaag=vandaag, **args)
        resultaat.vanaf = rules.evaluatie_mogelijk_vanaf(vandaag=vandaag, **args)
    return resultaat


# --- The request form ----------------------------------------------------------------------------


def _vergrendel(evaluatie: Evaluatie) -> tuple[Dossier, Evaluatie]:
    dossier = vergrendel_dossier(evaluatie.dossier_id)
    locked = Evaluatie.objects.select_for_update().get(pk=evaluatie.pk)
    locked.dossier = dossier
    return dossier, locked


def _niet_mogelijk(dossier: Dossier, vandaag: dt.date) -> EvaluatieGeweigerd:
    if dossier.status == Status.IN_EVALUATIE:
        return EvaluatieGeweigerd(_("Voor dit dossier loopt al een evaluatie."), code="al_open")
    if dossier.status != Status.LOPEND:
        return EvaluatieGeweigerd(_("Enkel een lopende premie kan geëvalueerd worden."), code="niet_lopend")
    return EvaluatieGeweigerd(
        rules.reden_niet_mogelijk(vandaag=vandaag, **_regel_args(dossier)), code="te_vroeg"
    )


def start(dossier: Dossier, *, door, vandaag: dt.date | None = None) -> Evaluatie:
    """Start a request (or resume the draft there is): one open request per dossier.

    The dossier row is locked, so two clicks (or two tabs) get the same draft; the unique
    constraint on an open request is the last guard."""
    vandaag = vandaag or timezone.localdate()
    try:
        with transaction.atomic():
            locked = vergrendel_dossier(dossier.pk)
            bestaand = locked.evaluaties.filter(status__in=OPEN_STATUSSEN).first()
            if bestaand is not None:
                if bestaand.status != EvaluatieStatus.CONCEPT:
                    raise EvaluatieGeweigerd(
                        _("Voor dit dossier loopt al een aanvraag tot evaluatie (ingediend op %(datum)s).")
                        % {"datum": timezone.localtime(bestaand.ingediend_op).strftime("%d/%m/%Y")},
                        code="al_open",
                    )
                return bestaand
            soorten = mogelijke_soorten(locked, vandaag)
            if not soorten:
                raise _niet_mogelijk(locked, vandaag)
            evaluatie = Evaluatie(
                dossier=locked,
                aangemaakt_door=door,
                hoogte=soorten == [rules.HOOGTE],
                duur=soorten == [rules.DUUR],
                laatste_stap="keuze",
            )
            evaluatie._history_user = door
            evaluatie.save()
            return evaluatie
    except IntegrityError:
        bestaand = Evaluatie.objects.filter(dossier=dossier, status__in=OPEN_STATUSSEN).first()
        if bestaand is not None and bestaand.status == EvaluatieStatus.CONCEPT:
            return bestaand
        raise EvaluatieGeweigerd(
            _("Voor dit dossier loopt al een aanvraag tot evaluatie."), code="al_open"
        ) from None


def controleer_soorten(dossier: Dossier, soorten: list[str], vandaag: dt.date) -> dict[str, str]:
    """{kind: Dutch refusal naming the date} for every kind asked that the rules do not allow;
    {'': message} when nothing was chosen. Used by the form and again at submission."""
    toegelaten = mogelijke_soorten(dossier, vandaag)
    if not toegelaten:  # e.g. a draft resumed after the end date: say why, and from when
        return {"": _niet_mogelijk(dossier, vandaag).messages[0]}
    if not soorten:
        return {"": _("Duid aan wat u wilt laten evalueren: de hoogte, de duurtijd of beide.")}
    vanaf = vanaf_per_soort(dossier)
    return {s: rules.weigering_soort(s, vanaf[s]) for s in soorten if s not in toegelaten}


def _concept(evaluatie: Evaluatie) -> tuple[Dossier, Evaluatie]:
    dossier, locked = _vergrendel(evaluatie)
    if locked.status != EvaluatieStatus.CONCEPT:
        raise EvaluatieGeweigerd(_("Deze aanvraag tot evaluatie is al ingediend."), code="ingediend")
    return dossier, locked


@transaction.atomic
def bewaar_keuze(
    evaluatie: Evaluatie, *, hoogte: bool, duur: bool, door, laatste_stap: str, vandaag=None
) -> Evaluatie:
    vandaag = vandaag or timezone.localdate()
    dossier, locked = _concept(evaluatie)
    soorten = [s for s, ja in ((rules.HOOGTE, hoogte), (rules.DUUR, duur)) if ja]
    fouten = controleer_soorten(dossier, soorten, vandaag)
    if fouten:
        raise EvaluatieGeweigerd(list(fouten.values()), code="soort")
    locked.hoogte, locked.duur, locked.laatste_stap = hoogte, duur, laatste_stap
    locked._history_user = door
    locked.save()
    neem_velden_over(evaluatie, locked)
    return evaluatie


@transaction.atomic
def bewaar_laatste_stap(evaluatie: Evaluatie, stap: str) -> None:
    Evaluatie.objects.filter(pk=evaluatie.pk, status=EvaluatieStatus.CONCEPT).update(laatste_stap=stap)
    evaluatie.laatste_stap = stap


def _vervang_document(evaluatie: Evaluatie, veld: str, soort: str, bestand, door):
    oud = getattr(evaluatie, veld)
    document = uploads.bewaar(evaluatie.dossier, soort, bestand, door=door, vervang=False)
    setattr(evaluatie, veld, document)
    if oud is not None:
        uploads.verwijder(oud)
    return document


@transaction.atomic
def bewaar_motivatieverslag(evaluatie: Evaluatie, bestand, *, door) -> Evaluatie:
    """Check the uploaded motivatieverslag (``motivatieverslag.lees``), store it and keep its fields."""
    dossier, locked = _concept(evaluatie)
    waarden = motivatieverslag.lees(
        bestand,
        referentie=motivatieverslag.kenmerk(dossier),
        zelfstandige=dossier.aanvrager_soort == "zelfstandige",
    )
    _vervang_document(locked, "motivatieverslag", DocumentSoort.MOTIVATIEVERSLAG, bestand, door)
    locked.motivatie = waarden
    locked._history_user = door
    locked.save()
    neem_velden_over(evaluatie, locked)
    return evaluatie


@transaction.atomic
def bewaar_ondersteuningsplan(evaluatie: Evaluatie, bestand, *, door) -> Evaluatie:
    _dossier, locked = _concept(evaluatie)
    motivatieverslag.controleer_bijlage(bestand)
    _vervang_document(locked, "ondersteuningsplan", DocumentSoort.ONDERSTEUNINGSPLAN, bestand, door)
    locked._history_user = door
    locked.save()
    neem_velden_over(evaluatie, locked)
    return evaluatie


@transaction.atomic
def verwijder_document(evaluatie: Evaluatie, veld: str, *, door) -> None:
    _dossier, locked = _concept(evaluatie)
    document = getattr(locked, veld)
    if document is None:
        return
    setattr(locked, veld, None)
    if veld == "motivatieverslag":
        locked.motivatie = {}
    locked._history_user = door
    locked.save()
    uploads.verwijder(document)
    neem_velden_over(evaluatie, locked)


def ontbrekend(evaluatie: Evaluatie, dossier: Dossier) -> list[str]:
    """Dutch messages of what is still missing before submitting (empty: ready)."""
    fouten = []
    if not evaluatie.soorten:
        fouten.append(_("Duid aan wat u wilt laten evalueren."))
    if evaluatie.motivatieverslag_id is None:
        fouten.append(_("Laad het ingevulde motivatieverslag op."))
    if rules.ondersteuningsplan_nodig(dossier.premie_keuze) and evaluatie.ondersteuningsplan_id is None:
        fouten.append(_("Laad het meest recente ondersteuningsplan op."))
    return fouten


@transaction.atomic
def dien_in(evaluatie: Evaluatie, *, door, vandaag: dt.date | None = None) -> Evaluatie:
    """Submit the request: the rules are checked again (the form may be old), deadlines stored
    (7 and 120 days), the receipt PDF made; the admissibility check runs after commit."""
    nu = timezone.now()
    vandaag = vandaag or timezone.localdate(nu)
    dossier, locked = _concept(evaluatie)
    fouten = ontbrekend(locked, dossier)
    fouten += list(controleer_soorten(dossier, locked.soorten, vandaag).values()) if locked.soorten else []
    if fouten:
        raise EvaluatieGeweigerd(fouten, code="onvolledig")
    locked.status = EvaluatieStatus.INGEDIEND
    locked.ingediend_op = nu
    locked.ingediend_door = door
    locked.ontvankelijkheid_uiterlijk = rules.ontvankelijkheid_uiterlijk(vandaag)
    locked.beslissing_uiterlijk = rules.beslissing_uiterlijk(vandaag)
    locked.laatste_stap = "overzicht"
    locked._history_user = door
    # Stored in Dutch (gettext_noop), the language of the history, whatever language the employer reads.
    locked._change_reason = gettext_noop("Aanvraag tot evaluatie ingediend in het WSE-loket.")
    locked.save()
    locked.ontvangstbewijs = maak_ontvangstbewijs(locked, dossier, door=door)
    locked.save(update_fields=["ontvangstbewijs"])
    neem_velden_over(evaluatie, locked)
    from . import tasks

    transaction.on_commit(lambda: tasks.toets_ontvankelijkheid.delay(locked.pk))
    return evaluatie


def maak_ontvangstbewijs(evaluatie: Evaluatie, dossier: Dossier, *, door=None):
    from loket.pdf import render_pdf

    inhoud = render_pdf(
        "evaluaties/pdf/ontvangstbewijs.html",
        {
            "evaluatie": evaluatie,
            "dossier": dossier,
            "organisatie": dossier.organisatie,
            "motivatie": motivatieverslag.weergave(
                evaluatie.motivatie, dossier.aanvrager_soort == "zelfstandige"
            ),
        },
        aan=aanvraag_beslissingen.ontvanger(dossier),
    )
    return uploads.bewaar_inhoud(
        dossier,
        DocumentSoort.ONTVANGSTBEWIJS,
        f"ontvangstbewijs-evaluatie-{dossier.referentie}-{evaluatie.pk}.pdf",
        inhoud,
        "application/pdf",
        door=door,
    )


# --- Admissibility ------------------------------------------------------------------------------------


def redenen(evaluatie: Evaluatie, dossier: Dossier, tewerkstelling) -> list[aanvraag_rules.Reden]:
    """The admissibility reasons for this request on its submission date (pure rule, plain values)."""
    ingediend = timezone.localdate(evaluatie.ingediend_op)
    documenten = set()
    if evaluatie.motivatieverslag_id:
        documenten.add("motivatieverslag")
    if evaluatie.ondersteuningsplan_id:
        documenten.add("ondersteuningsplan")
    return rules.redenen_niet_ontvankelijk(
        soorten=evaluatie.soorten,
        toegelaten_soorten=rules.mogelijke_soorten(vandaag=ingediend, **_regel_args(dossier)),
        vanaf=vanaf_per_soort(dossier),
        dossier_status=dossier.status,
        aanvrager_soort=dossier.aanvrager_soort,
        premie_keuze=dossier.premie_keuze,
        tewerkstelling=tewerkstelling,
        documenten=documenten,
    )


def _start_evaluatie_op_dossier(dossier: Dossier, evaluatie: Evaluatie, *, door, reden: str) -> None:
    """The dossier goes 'in_evaluatie'; payment continues past the end if filed in time."""
    tijdig = rules.doorbetaling(timezone.localdate(evaluatie.ingediend_op), dossier.einddatum)
    evaluatie.tijdig = tijdig
    if dossier.status == Status.LOPEND:
        aanvraag_services.wijzig_status(
            dossier,
            Status.IN_EVALUATIE,
            door=door,
            reden=reden,
            velden={"doorbetaling": tijdig, "lopende_termijn": evaluatie.beslissing_uiterlijk},
        )


def _stop_evaluatie_op_dossier(dossier: Dossier, *, door, reden: str) -> None:
    """Back to 'lopend' without continued payment; a period already past ends at once."""
    if dossier.status == Status.IN_EVALUATIE:
        aanvraag_services.wijzig_status(
            dossier, Status.LOPEND, door=door, reden=reden, velden={"doorbetaling": False}
        )
        aanvraag_services.werk_periode_bij(dossier, timezone.localdate())


@transaction.atomic
def registreer_ontvankelijkheid(evaluatie: Evaluatie, redenen_lijst, door=None) -> Evaluatie:
    """Record the outcome of the automatic check and send the confirmation mail once
    (key ``evaluatie-ontvankelijkheid-<pk>``). A request already checked keeps its outcome."""
    dossier, locked = _vergrendel(evaluatie)
    if locked.status == EvaluatieStatus.INGEDIEND:
        ontvankelijk = not redenen_lijst
        locked.ontvankelijk = ontvankelijk
        locked.redenen = [r.als_dict() for r in redenen_lijst]
        locked.ontvankelijkheid_getoetst_op = timezone.now()
        locked.status = EvaluatieStatus.ONTVANKELIJK if ontvankelijk else EvaluatieStatus.NIET_ONTVANKELIJK
        if ontvankelijk:
            _start_evaluatie_op_dossier(
                dossier,
                locked,
                door=door,
                reden=_("Aanvraag tot evaluatie (%(soorten)s) ontvankelijk.")
                % {"soorten": locked.soorten_tekst},
            )
        locked._change_reason = _("Ontvankelijkheid getoetst.")
        locked.save()
    if locked.ontvankelijk is not None and locked.ontvankelijkheid_gemeld_op is None:
        _verstuur_ontvankelijkheidsmail(locked, dossier, sleutel=f"evaluatie-ontvankelijkheid-{locked.pk}")
    neem_velden_over(evaluatie, locked)
    return evaluatie


def _verstuur_ontvankelijkheidsmail(evaluatie: Evaluatie, dossier: Dossier, *, sleutel: str, reden: str = ""):
    bericht, _nieuw = verstuur_bericht(
        sleutel=sleutel,
        aan=aanvraag_beslissingen.ontvanger(dossier),
        template="evaluaties/mail/ontvankelijkheid",
        context={
            "dossier": dossier,
            "evaluatie": evaluatie,
            "reden": reden,
            "dossier_url": aanvraag_beslissingen.dossier_url(dossier),
        },
        organisatie=dossier.organisatie,
        onderwerp_object=dossier,
    )
    if bericht.aan and evaluatie.ontvankelijkheid_gemeld_op is None:
        evaluatie.ontvankelijkheid_gemeld_op = timezone.now()
        evaluatie.save(update_fields=["ontvankelijkheid_gemeld_op"])
    return bericht


@transaction.atomic
def herzie_ontvankelijkheid(evaluatie: Evaluatie, *, ontvankelijk: bool, door, reden: str) -> Evaluatie:
    """Staff override of the automatic check, with a reason; the employer gets a mail."""
    reden = (reden or "").strip()
    if not reden:
        raise ValidationError({"reden": _("Geef de reden op waarom u de ontvankelijkheid herziet.")})
    dossier, locked = _vergrendel(evaluatie)
    toegelaten = (
        {EvaluatieStatus.INGEDIEND, EvaluatieStatus.NIET_ONTVANKELIJK}
        if ontvankelijk
        else {EvaluatieStatus.INGEDIEND, EvaluatieStatus.ONTVANKELIJK, EvaluatieStatus.BIJ_VDAB}
    )
    if locked.status not in toegelaten:
        raise EvaluatieGeweigerd(
            _("De ontvankelijkheid van een evaluatie met status '%(status)s' kan niet (meer) herzien worden.")
            % {"status": locked.get_status_display()}
        )
    if (
        ontvankelijk
        and Evaluatie.objects.filter(dossier=dossier, status__in=OPEN_STATUSSEN)
        .exclude(pk=locked.pk)
        .exists()
    ):
        raise EvaluatieGeweigerd(_("Voor dit dossier loopt intussen een andere aanvraag tot evaluatie."))
    locked.ontvankelijk = ontvankelijk
    locked.ontvankelijkheid_getoetst_op = timezone.now()
    locked.redenen = (
        []
        if ontvankelijk
        else [
            {
                "code": "beslissing_dwse",
                "uitleg": reden,
                "wat_nu": _("Neem contact op met het Departement Werk en Sociale Economie voor meer uitleg."),
            }
        ]
    )
    locked.status = EvaluatieStatus.ONTVANKELIJK if ontvankelijk else EvaluatieStatus.NIET_ONTVANKELIJK
    motivering = _("Ontvankelijkheid van de evaluatie herzien door DWSE: %(reden)s") % {"reden": reden}
    if ontvankelijk:
        _start_evaluatie_op_dossier(dossier, locked, door=door, reden=motivering)
    else:
        _stop_evaluatie_op_dossier(dossier, door=door, reden=motivering)
    locked._history_user = door
    locked._change_reason = motivering
    locked.save()
    aantal = locked.history.count()
    _verstuur_ontvankelijkheidsmail(
        locked, dossier, sleutel=f"evaluatie-ontvankelijkheid-{locked.pk}-{aantal}", reden=reden
    )
    neem_velden_over(evaluatie, locked)
    return evaluatie


# --- VDAB ---------------------------------------------------------------------------------------------


@transaction.atomic
def stuur_naar_vdab(evaluatie: Evaluatie, *, door) -> Evaluatie:
    """Forward the admissible request to VDAB's team (recorded; one mail, key per request)."""
    dossier, locked = _vergrendel(evaluatie)
    if locked.status != EvaluatieStatus.ONTVANKELIJK:
        raise EvaluatieGeweigerd(
            _("Enkel een ontvankelijke aanvraag tot evaluatie kan naar VDAB (status: %(status)s).")
            % {"status": locked.get_status_display()}
        )
    locked.status = EvaluatieStatus.BIJ_VDAB
    locked.doorgestuurd_op = timezone.now()
    locked.doorgestuurd_door = door
    locked._history_user = door
    locked._change_reason = _("Naar VDAB gestuurd voor evaluatie van de behoefte.")
    locked.save()
    verstuur_bericht(
        sleutel=f"evaluatie-vdab-{locked.pk}",
        aan=settings.VDAB_EVALUATIE_EMAIL,
        template="evaluaties/mail/naar_vdab",
        context={"dossier": dossier, "evaluatie": locked},
        onderwerp_object=dossier,
    )
    neem_velden_over(evaluatie, locked)
    return evaluatie


def vraag_vdab_evaluatie(evaluatie: Evaluatie):
    """VDAB's evaluation made since the request was filed, through the source interface (None:
    not there yet). May raise ``loket.bronnen.BronNietBeschikbaar``."""
    from loket.bronnen import get_bron

    sinds = timezone.localdate(evaluatie.ingediend_op)
    return get_bron("vdab").evaluatie(evaluatie.dossier.werknemer_insz, sinds)


@transaction.atomic
def registreer_vdab_evaluatie(
    evaluatie: Evaluatie,
    *,
    door,
    geevalueerd_op: dt.date,
    duur_jaren: int | None,
    percentage: int | None = None,
    pakket: str = "",
    begeleidingsnood: str = "",
    bron: str = "bron",
    reden: str = "",
) -> Evaluatie:
    """Record VDAB's new need on the request: read from the source ('bron') or entered by hand
    ('manueel', with a reason)."""
    reden = (reden or "").strip()
    fouten = {}
    if bron == "manueel" and not reden:
        fouten["reden"] = _("Geef de reden op waarom u de VDAB-evaluatie met de hand invult.")
    if not duur_jaren or not aanvraag_rules.DUUR_MIN_JAREN <= duur_jaren <= aanvraag_rules.DUUR_MAX_JAREN:
        fouten["duur_jaren"] = _("De duurtijd ligt tussen 1 en 5 jaar.")
    if (pakket in ("", Pakket.VAST)) and percentage is None:
        fouten["percentage"] = _("Vul het percentage of het pakket in.")
    if geevalueerd_op > timezone.localdate():
        fouten["geevalueerd_op"] = _("De datum van de VDAB-evaluatie kan niet in de toekomst liggen.")
    if fouten:
        raise ValidationError(fouten)
    _dossier, locked = _vergrendel(evaluatie)
    if locked.status not in TE_BEHANDELEN_STATUSSEN:
        raise EvaluatieGeweigerd(
            _("Bij een evaluatie met status '%(status)s' kan geen VDAB-evaluatie geregistreerd worden.")
            % {"status": locked.get_status_display()}
        )
    locked.vdab_geevalueerd_op = geevalueerd_op
    locked.vdab_percentage = percentage
    locked.vdab_pakket = pakket or Pakket.VAST
    locked.vdab_duur_jaren = duur_jaren
    locked.vdab_begeleidingsnood = begeleidingsnood or ""
    locked.vdab_bron = bron
    locked.vdab_reden = reden
    locked.vdab_geregistreerd_door = door
    locked._history_user = door
    locked._change_reason = _("VDAB-evaluatie geregistreerd.")
    locked.save()
    neem_velden_over(evaluatie, locked)
    return evaluatie


def neem_vdab_evaluatie_over(evaluatie: Evaluatie, *, door) -> Evaluatie:
    """Read VDAB's evaluation through the source and record it; EvaluatieGeweigerd if there is none."""
    resultaat = vraag_vdab_evaluatie(evaluatie)
    if resultaat is None:
        raise EvaluatieGeweigerd(
            _("VDAB heeft voor deze werknemer nog geen evaluatie geregistreerd sinds %(datum)s.")
            % {"datum": timezone.localdate(evaluatie.ingediend_op).strftime("%d/%m/%Y")}
        )
    return registreer_vdab_evaluatie(
        evaluatie,
        door=door,
        geevalueerd_op=resultaat.geevalueerd_op,
        duur_jaren=resultaat.duur_jaren,
        percentage=resultaat.percentage,
        pakket=resultaat.pakket,
        begeleidingsnood=resultaat.begeleidingsnood,
        bron="bron",
    )


# --- The decision: a new grant period --------------------------------------------------------------


def _schijven(pakket: str, percentage: int | None, duur: int, start: dt.date, eind: dt.date) -> list:
    """The new period's schedule: VDAB's degressive package, else one fixed percentage."""
    from loket.parameters import degressief_pakket
    from premies.rules import DEGRESSIEVE_PAKKETTEN

    if pakket in DEGRESSIEVE_PAKKETTEN:
        jaren, verhoogd = DEGRESSIEVE_PAKKETTEN[pakket]
        return degressief_pakket(jaren, start, verhoogd=verhoogd)
    return []


@transaction.atomic
def beslis(
    evaluatie: Evaluatie,
    *,
    door,
    uitkomst: str,
    reden: str = "",
    beslist_op: dt.date | None = None,
) -> Evaluatie:
    """Decide the request. Height and/or duration changed: a new grant period (an
    ``aanvragen.Beslissing`` with soort 'evaluatie' following the active one) from VDAB's
    evaluation, with the letter and the employee's copy; the dossier's end date moves. Unchanged
    or refused (with a reason): a mail. In every case the dossier is 'lopend' again and continued
    payment stops."""
    beslist_op = beslist_op or timezone.localdate()
    reden = (reden or "").strip()
    fouten = {}
    if uitkomst not in EvaluatieUitkomst.values:
        fouten["uitkomst"] = _("Kies de uitkomst van de evaluatie.")
    elif uitkomst in (EvaluatieUitkomst.GEWEIGERD, EvaluatieUitkomst.ONGEWIJZIGD) and not reden:
        fouten["reden"] = _("Geef de reden op; die staat in de brief aan de werkgever.")
    if beslist_op > timezone.localdate():
        fouten["beslist_op"] = _("De datum van de beslissing kan niet in de toekomst liggen.")
    if fouten:
        raise ValidationError(fouten)

    dossier, locked = _vergrendel(evaluatie)
    if locked.status not in TE_BEHANDELEN_STATUSSEN:
        raise EvaluatieGeweigerd(
            _("Over een evaluatie met status '%(status)s' kan niet beslist worden.")
            % {"status": locked.get_status_display()}
        )
    if dossier.status != Status.IN_EVALUATIE:
        raise EvaluatieGeweigerd(
            _("Het dossier staat niet in evaluatie (status: %(status)s).")
            % {"status": dossier.get_status_display()}
        )
    nieuwe_periode = None
    if uitkomst in (EvaluatieUitkomst.HOOGTE, EvaluatieUitkomst.DUUR, EvaluatieUitkomst.BEIDE):
        nieuwe_periode = _nieuwe_periode(
            locked, dossier, uitkomst=uitkomst, door=door, reden=reden, beslist_op=beslist_op
        )

    locked.status = EvaluatieStatus.BESLIST
    locked.uitkomst = uitkomst
    locked.beslissing = nieuwe_periode
    locked.beslist_op = beslist_op
    locked.beslist_door = door
    locked.reden = reden
    locked._history_user = door
    locked._change_reason = _("Beslist: %(uitkomst)s.") % {"uitkomst": locked.get_uitkomst_display()}
    locked.save()

    motivering = _("Evaluatie beslist: %(uitkomst)s.") % {"uitkomst": locked.get_uitkomst_display()}
    velden = {"doorbetaling": False}
    if nieuwe_periode is not None:
        velden["einddatum"] = nieuwe_periode.einddatum
    aanvraag_services.wijzig_status(dossier, Status.LOPEND, door=door, reden=motivering, velden=velden)
    if nieuwe_periode is not None:
        aanvraag_beslissingen.maak_en_verstuur_brieven(nieuwe_periode, door=door)
    else:
        _verstuur_brief_zonder_nieuwe_periode(locked, dossier, door=door)
    # An unchanged or refused evaluation of a premium whose end date has passed ends it now.
    aanvraag_services.werk_periode_bij(dossier, timezone.localdate())
    neem_velden_over(evaluatie, locked)
    return evaluatie


def _verstuur_brief_zonder_nieuwe_periode(evaluatie: Evaluatie, dossier: Dossier, *, door) -> None:
    """Unchanged or refused: a letter (PDF, also a document of the dossier) with the reason and
    the appeal, mailed once (key ``evaluatie-beslissing-<pk>``)."""
    from loket.pdf import render_pdf

    context = {
        "dossier": dossier,
        "evaluatie": evaluatie,
        "organisatie": dossier.organisatie,
        "beroepstermijn": aanvraag_beslissingen.BEROEPSTERMIJN_DAGEN,
        "dossier_url": aanvraag_beslissingen.dossier_url(dossier),
    }
    pdf = render_pdf("evaluaties/pdf/beslissing.html", context, aan=aanvraag_beslissingen.ontvanger(dossier))
    naam = f"beslissing-evaluatie-{dossier.referentie}-{evaluatie.pk}.pdf"
    uploads.bewaar_inhoud(dossier, DocumentSoort.BESLISSINGSBRIEF, naam, pdf, "application/pdf", door=door)
    verstuur_bericht(
        sleutel=f"evaluatie-beslissing-{evaluatie.pk}",
        aan=aanvraag_beslissingen.ontvanger(dossier),
        template="evaluaties/mail/beslissing",
        context=context,
        organisatie=dossier.organisatie,
        onderwerp_object=dossier,
        bijlagen=[(naam, pdf, "application/pdf")],
    )


def _nieuwe_periode(locked: Evaluatie, dossier: Dossier, *, uitkomst, door, reden, beslist_op) -> Beslissing:
    vorige = aanvraag_beslissingen.actieve_beslissing(dossier)
    if vorige is None or vorige.uitkomst != Uitkomst.TOEGEKEND:
        raise EvaluatieGeweigerd(_("Dit dossier heeft geen lopende toekenning om op te volgen."))
    if locked.vdab_duur_jaren is None:
        raise EvaluatieGeweigerd(
            _("Registreer eerst de evaluatie van VDAB (nieuwe behoefte en duurtijd) voor u beslist.")
        )
    soort = rules.HOOGTE if uitkomst in (EvaluatieUitkomst.HOOGTE, EvaluatieUitkomst.BEIDE) else rules.DUUR
    vorige_einde = dossier.einddatum or vorige.einddatum
    start = rules.startdatum_na_evaluatie(soort, beslist_op, vorige_einde)
    eind = aanvraag_rules.einddatum(start, locked.vdab_duur_jaren)
    schijven = _schijven(locked.vdab_pakket, locked.vdab_percentage, locked.vdab_duur_jaren, start, eind)
    percentage = schijven[0][2] if schijven else locked.vdab_percentage
    if uitkomst == EvaluatieUitkomst.DUUR and percentage is None:
        percentage = vorige.percentage
    inhoud = {
        "uitkomst": Uitkomst.TOEGEKEND,
        "loonpremie": vorige.loonpremie,
        "begeleidingspremie": vorige.begeleidingspremie,
        "ondersteuningspremie": vorige.ondersteuningspremie,
        "percentage": percentage,
        "duur_jaren": locked.vdab_duur_jaren,
        "startdatum": start,
        "einddatum": eind,
        "reden": reden,
    }
    fouten = aanvraag_rules.valideer_beslissing(**inhoud)
    if fouten:
        raise ValidationError(fouten)
    schema = aanvraag_beslissingen._schema(
        percentage,
        start,
        eind,
        locked.vdab_pakket if schijven else "",
        schijven,
        locked.vdab_begeleidingsnood,
    )
    return Beslissing.objects.create(
        dossier=dossier,
        **inhoud,
        **schema,
        soort=BeslissingSoort.EVALUATIE,
        vorige_periode=vorige,
        beslist_op=beslist_op,
        beslist_door=door,
    )


# --- Reminder 7 months before the end ----------------------------------------------------------------


def herinner(vandaag: dt.date | None = None) -> int:
    """Remind every employer whose evaluable premium ends in 7 months (or less, until 5 months
    before the end) and who has not asked for an evaluation: once per dossier and period
    (key ``evaluatie-herinnering-<pk>-<einddatum>``). Returns the number of new mails."""
    vandaag = vandaag or timezone.localdate()
    grens_laat = vandaag + dt.timedelta(days=7 * 31 + 1)
    kandidaten = (
        Dossier.objects.filter(status=Status.LOPEND, einddatum__gte=vandaag, einddatum__lte=grens_laat)
        # A request filed already needs no reminder; a draft not submitted yet still does.
        .exclude(evaluaties__status__in=[s for s in OPEN_STATUSSEN if s != EvaluatieStatus.CONCEPT])
        .select_related("organisatie")
        .order_by("pk")
    )
    verstuurd = 0
    for dossier in kandidaten:
        if not rules.herinnering_verschuldigd(
            dossier.einddatum,
            duur_jaren(dossier),
            vandaag,
            vop_onbepaalde_duur=dossier.vop_onbepaalde_duur,
            lde_tijdelijke_regeling=dossier.lde_tijdelijke_regeling,
        ):
            continue
        with transaction.atomic():
            _bericht, nieuw = verstuur_bericht(
                sleutel=f"evaluatie-herinnering-{dossier.pk}-{dossier.einddatum.isoformat()}",
                aan=aanvraag_beslissingen.ontvanger(dossier),
                template="evaluaties/mail/herinnering",
                context={
                    "dossier": dossier,
                    "uiterlijk": rules.tijdig_ingediend_uiterlijk(dossier.einddatum),
                    "dossier_url": aanvraag_beslissingen.dossier_url(dossier),
                },
                organisatie=dossier.organisatie,
                onderwerp_object=dossier,
            )
        verstuurd += nieuw
    return verstuurd


# --- The dossier's evaluation arrangement (staff) -------------------------------------------------

REGELING_VELDEN = ("vop_onbepaalde_duur", "lde_tijdelijke_regeling")


@transaction.atomic
def wijzig_regeling(
    dossier: Dossier, *, vop_onbepaalde_duur: bool, lde_tijdelijke_regeling: bool, door, reden: str
) -> Dossier:
    """DWSE records that a premium taken over from the old measures (a VOP of indefinite duration,
    an LDE temporary arrangement) may be evaluated as a 5-year IMW premium (``rules``), or no
    longer. Nothing in the portal knows this by itself; it comes from the old files.

    The dossier row is locked and read again; the change is a line in the dossier's history with
    who, when and why (the reason is required). Nothing else changes, and nobody is mailed: the
    employer sees the 'Evalueren' button, or the date from which it comes, on the dossier page."""
    reden = (reden or "").strip()
    if not reden:
        raise ValidationError({"reden": _("Geef de reden op waarom u de evaluatieregeling wijzigt.")})
    locked = vergrendel_dossier(dossier.pk)
    if locked.status == Status.CONCEPT:
        raise EvaluatieGeweigerd(
            _("Een aanvraag in opmaak heeft nog geen evaluatieregeling."), code="concept"
        )
    nieuw = {
        "vop_onbepaalde_duur": bool(vop_onbepaalde_duur),
        "lde_tijdelijke_regeling": bool(lde_tijdelijke_regeling),
    }
    gewijzigd = [veld for veld in REGELING_VELDEN if getattr(locked, veld) != nieuw[veld]]
    if not gewijzigd:
        raise EvaluatieGeweigerd(
            _("De evaluatieregeling van dit dossier is al zo: er is niets gewijzigd."), code="ongewijzigd"
        )
    for veld in gewijzigd:
        setattr(locked, veld, nieuw[veld])
    locked._history_user = door
    locked._change_reason = _("Evaluatieregeling gewijzigd door DWSE: %(reden)s") % {"reden": reden}
    locked.save(update_fields=[*gewijzigd, "gewijzigd_op"])
    neem_velden_over(dossier, locked)
    return dossier
