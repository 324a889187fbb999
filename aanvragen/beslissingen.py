"""What DWSE staff do with a dossier (behandeling): admissibility overrides, taking it in hand,
asking the employer for information, deciding, correcting a decision, the post queue.

Every status change goes through ``services.wijzig_status``; validation of a decision is the pure
``rules.valideer_beslissing``. A decision locks the dossier row and re-checks its status, so two
case handlers deciding at the same time cannot both succeed. Mails go through
``loket.mail.verstuur_bericht`` (stored in the transaction, delivered on commit) with keys that
make a retry send nothing twice.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext as _

from loket.instanties import neem_velden_over
from loket.mail import verstuur_bericht
from loket.models import Bericht, Persoon
from loket.models.berichten import Kanaal
from loket.prepared import PreparedQuery
from loket.taal import taal_van_adres
from premies.rules import (
    DEGRESSIEVE_PAKKETTEN,
    aantal_kwartalen,
    schema_tekst,
    schijven_fouten,
    schijven_tot,
    vaste_schijven,
)

from . import rules, services
from .adressen import dossier_url, ontvanger
from .models import Beslissing, Document, DocumentSoort, Dossier, DossierInzage, Pakket, Status, Uitkomst

BEROEPSTERMIJN_DAGEN = rules.BEROEPSTERMIJN_DAGEN


class BehandelingGeweigerd(ValidationError):
    """The action is not possible on this dossier now (wrong status, already decided...)."""


def vergrendel_dossier(dossier_id: int) -> Dossier:
    """The dossier row locked for the rest of the transaction and read again: of two staff actions
    (or an action and a task) at once, the second sees what the first did."""
    return (
        Dossier.objects.select_for_update(of=("self",))
        .select_related("organisatie", "werknemer", "vestiging")
        .get(pk=dossier_id)
    )


# Read on every view of a dossier: compiled to SQL once per process (loket.prepared).
_ACTIEVE_BESLISSING = PreparedQuery(
    lambda dossier_id: Beslissing.objects.filter(dossier_id=dossier_id, vervangen_door__isnull=True).order_by(
        "-id"
    )[:1]
)


def actieve_beslissing(dossier: Dossier) -> Beslissing | None:
    """The decision that stands: the latest one not replaced by a correction."""
    return _ACTIEVE_BESLISSING.first(dossier_id=dossier.pk)


def _naam(user) -> str:
    return (user.get_full_name() or user.get_username()) if user else _("het systeem")


# --- Inzage, in behandeling, admissibility --------------------------------------------------------


def registreer_inzage(dossier: Dossier, door) -> DossierInzage:
    """Log that a staff member opened the dossier (it holds disability data)."""
    return DossierInzage.objects.create(dossier=dossier, door=door)


@transaction.atomic
def neem_in_behandeling(dossier: Dossier, *, door) -> Dossier:
    locked = vergrendel_dossier(dossier.pk)
    if locked.status != Status.ONTVANKELIJK:
        raise BehandelingGeweigerd(
            _("Enkel een ontvankelijk dossier kan in behandeling genomen worden (status: %(status)s).")
            % {"status": locked.get_status_display()}
        )
    services.wijzig_status(
        locked,
        Status.IN_BEHANDELING,
        door=door,
        reden=_("In behandeling genomen door %(naam)s.") % {"naam": _naam(door)},
    )
    neem_velden_over(dossier, locked)
    return dossier


@transaction.atomic
def herzie_ontvankelijkheid(dossier: Dossier, *, ontvankelijk: bool, door, reden: str) -> Dossier:
    """Staff override of the admissibility check, with a reason; the employer gets a mail."""
    reden = (reden or "").strip()
    if not reden:
        raise ValidationError({"reden": _("Geef de reden op waarom u de ontvankelijkheid herziet.")})
    locked = vergrendel_dossier(dossier.pk)
    toegelaten = (
        {Status.INGEDIEND, Status.NIET_ONTVANKELIJK}
        if ontvankelijk
        else {Status.INGEDIEND, Status.ONTVANKELIJK, Status.IN_BEHANDELING}
    )
    if locked.status not in toegelaten:
        raise BehandelingGeweigerd(
            _("De ontvankelijkheid van een dossier met status '%(status)s' kan niet (meer) herzien worden.")
            % {"status": locked.get_status_display()}
        )
    nu = timezone.now()
    velden = {
        "ontvankelijk": ontvankelijk,
        "ontvankelijkheid_getoetst_op": nu,
        "ontvankelijkheid_redenen": []
        if ontvankelijk
        else [
            {
                "code": "beslissing_dwse",
                "uitleg": reden,
                "wat_nu": _("Neem contact op met het Departement Werk en Sociale Economie voor meer uitleg."),
            }
        ],
    }
    aan = ontvanger(locked)
    if locked.ontvankelijkheid_gemeld_op is None and aan:
        velden["ontvankelijkheid_gemeld_op"] = nu
    services.wijzig_status(
        locked,
        Status.ONTVANKELIJK if ontvankelijk else Status.NIET_ONTVANKELIJK,
        door=door,
        reden=_("Ontvankelijkheid herzien door DWSE: %(reden)s") % {"reden": reden},
        velden=velden,
    )
    overgang = locked.overgangen.order_by("-id").first()
    verstuur_bericht(
        sleutel=f"ontvankelijkheid-herzien-{overgang.pk}",
        aan=aan,
        template="aanvragen/admin/mail/ontvankelijkheid_herzien",
        context={
            "dossier": locked,
            "ontvankelijk": ontvankelijk,
            "reden": reden,
            "dossier_url": dossier_url(locked),
        },
        organisatie=locked.organisatie,
        onderwerp_object=locked,
    )
    neem_velden_over(dossier, locked)
    return dossier


@transaction.atomic
def vraag_informatie(dossier: Dossier, *, door, vraag: str) -> Bericht:
    """Ask the employer for more information: a message on the dossier and a mail.

    The same question on the same dossier is sent once (a double click sends nothing twice).
    """
    vraag = (vraag or "").strip()
    if not vraag:
        raise ValidationError({"vraag": _("Schrijf welke informatie u van de werkgever nodig hebt.")})
    locked = vergrendel_dossier(dossier.pk)
    if locked.status == Status.CONCEPT:
        raise BehandelingGeweigerd(_("Deze aanvraag is nog niet ingediend."))
    vingerafdruk = hashlib.sha256(vraag.encode()).hexdigest()[:16]
    bericht, _nieuw = verstuur_bericht(
        sleutel=f"informatievraag-{locked.pk}-{vingerafdruk}",
        aan=ontvanger(locked),
        template="aanvragen/admin/mail/informatievraag",
        context={"dossier": locked, "vraag": vraag, "door": _naam(door), "dossier_url": dossier_url(locked)},
        organisatie=locked.organisatie,
        onderwerp_object=locked,
    )
    return bericht


# --- Decisions ------------------------------------------------------------------------------------


def voorstel(dossier: Dossier, indicatie=None, vandaag: dt.date | None = None) -> dict:
    """Initial values of the decision form: the premium types asked, percentage and duration of
    the VDAB need, start = first day of the quarter of the decision, end from the duration."""
    vandaag = vandaag or timezone.localdate()
    waarden = {
        "uitkomst": Uitkomst.TOEGEKEND,
        "beslist_op": vandaag,
        **rules.premies_voor_keuze(dossier.premie_keuze),
    }
    percentage = getattr(indicatie, "percentage", None)
    duur = getattr(indicatie, "duur_jaren", None)
    start = rules.startdatum(vandaag)
    waarden.update(
        percentage=percentage,
        duur_jaren=duur,
        startdatum=start,
        pakket=Pakket.VAST,
        begeleidingsnood=getattr(indicatie, "begeleidingsnood", "") if waarden["begeleidingspremie"] else "",
    )
    if duur:
        waarden["einddatum"] = rules.einddatum(start, duur)
    return waarden


@transaction.atomic
def beslis(
    dossier: Dossier,
    *,
    door,
    uitkomst: str,
    loonpremie: bool = False,
    begeleidingspremie: bool = False,
    ondersteuningspremie: bool = False,
    percentage: int | None = None,
    duur_jaren: int | None = None,
    startdatum: dt.date | None = None,
    einddatum: dt.date | None = None,
    reden: str = "",
    beslist_op: dt.date | None = None,
    vervangt: Beslissing | None = None,
    pakket: str = "",
    schijven: list | None = None,
    begeleidingsnood: str = "",
) -> Beslissing:
    """Decide a dossier (or correct its decision, with ``vervangt``): store the decision, move the
    status, write the decision letter and send it to the employer, with a copy for the employee.

    Without dates, start = first day of the quarter of the decision (``rules.startdatum``) and the
    end follows from the duration (``rules.einddatum``). Raises ValidationError (field errors) or
    BehandelingGeweigerd (the dossier cannot be decided now).
    """
    beslist_op = beslist_op or timezone.localdate()
    reden = (reden or "").strip()
    locked = vergrendel_dossier(dossier.pk)
    huidige = actieve_beslissing(locked)
    correctie = vervangt is not None

    if not correctie:
        if huidige is not None or locked.status in rules.CORRIGEERBARE_STATUSSEN:
            raise BehandelingGeweigerd(
                _(
                    "Over dit dossier werd al beslist. Een nieuwe beslissing kan enkel als correctie "
                    "van de vorige beslissing, met een reden."
                )
            )
        if locked.status not in rules.BESLISBARE_STATUSSEN:
            raise BehandelingGeweigerd(
                _(
                    "Over dit dossier kan geen beslissing genomen worden: het is niet ontvankelijk "
                    "(status: %(status)s). Herzie eerst de ontvankelijkheid."
                )
                % {"status": locked.get_status_display()}
            )
    else:
        if huidige is None or huidige.pk != vervangt.pk:
            raise BehandelingGeweigerd(
                _("Deze beslissing werd intussen al gecorrigeerd. Open het dossier opnieuw.")
            )
        if locked.status not in rules.CORRIGEERBARE_STATUSSEN:
            raise BehandelingGeweigerd(
                _("De beslissing van een dossier met status '%(status)s' kan niet gecorrigeerd worden.")
                % {"status": locked.get_status_display()}
            )

    schema_invoer_fouten: dict[str, str] = {}
    if uitkomst == Uitkomst.TOEGEKEND:
        if not schijven and pakket in DEGRESSIEVE_PAKKETTEN:
            schijven, percentage, duur_jaren, schema_invoer_fouten = _degressief(
                pakket, duur_jaren, beslist_op
            )
        elif schijven and percentage is None:
            percentage = sorted(schijven)[0][2]
        if startdatum is None:
            startdatum = (vervangt.startdatum if correctie else None) or rules.startdatum(beslist_op)
        if einddatum is None and duur_jaren and rules.DUUR_MIN_JAREN <= duur_jaren <= rules.DUUR_MAX_JAREN:
            einddatum = rules.einddatum(startdatum, duur_jaren)
        if begeleidingspremie and not begeleidingsnood:
            schema_invoer_fouten["begeleidingsnood"] = _(
                "Kies de begeleidingsnood die VDAB vaststelde: die bepaalt het opstartbedrag van de "
                "begeleidingspremie."
            )
        if not begeleidingspremie:
            begeleidingsnood = ""
    else:
        loonpremie = begeleidingspremie = ondersteuningspremie = False
        percentage = duur_jaren = startdatum = einddatum = None

    inhoud = {
        "uitkomst": uitkomst,
        "loonpremie": loonpremie,
        "begeleidingspremie": begeleidingspremie,
        "ondersteuningspremie": ondersteuningspremie,
        "percentage": percentage,
        "duur_jaren": duur_jaren,
        "startdatum": startdatum,
        "einddatum": einddatum,
        "reden": reden,
    }
    fouten = {**rules.valideer_beslissing(**inhoud, correctie=correctie), **schema_invoer_fouten}
    if beslist_op > timezone.localdate():
        fouten["beslist_op"] = _("De datum van de beslissing kan niet in de toekomst liggen.")
    schema = {"pakket": "", "schijven": [], "begeleidingsnood": ""}
    if uitkomst == Uitkomst.TOEGEKEND and not fouten:
        schema = _schema(percentage, startdatum, einddatum, pakket, schijven, begeleidingsnood)
        if schema_fouten := schijven_fouten(schema["schijven"]):
            fouten["pakket"] = " ".join(schema_fouten)
    if fouten:
        raise ValidationError(fouten)
    beslissing = Beslissing.objects.create(
        dossier=locked,
        **inhoud,
        **schema,
        beslist_op=beslist_op,
        beslist_door=door,
        vervangt=vervangt,
    )
    naar = Status.TOEGEKEND if uitkomst == Uitkomst.TOEGEKEND else Status.GEWEIGERD
    velden = {"startdatum": startdatum, "einddatum": einddatum}
    motivering = (
        _("Beslissing gecorrigeerd: %(reden)s") % {"reden": reden}
        if correctie
        else (_("Beslissing: %(uitkomst)s.") % {"uitkomst": beslissing.get_uitkomst_display()})
    )
    blijft = naar == locked.status or (naar == Status.TOEGEKEND and locked.status == Status.LOPEND)
    if blijft:
        # A correction that keeps the outcome: only the period changes (recorded in the history).
        for veld, waarde in velden.items():
            setattr(locked, veld, waarde)
        locked._history_user = door
        locked._change_reason = motivering
        locked.save()
    else:
        try:
            services.wijzig_status(locked, naar, door=door, reden=motivering, velden=velden)
        except services.OngeldigeOvergang as exc:
            raise BehandelingGeweigerd(exc.messages[0]) from exc
    neem_velden_over(dossier, locked)
    maak_en_verstuur_brieven(beslissing, door=door)
    if uitkomst == Uitkomst.TOEGEKEND:
        # The period starts on the first day of the decision's quarter, so a grant usually runs at
        # once ('lopend', by the system, in this transaction); a corrected period that already
        # lies in the past ends it. The daily ``tasks.werk_periodes_bij`` does the same later on.
        services.werk_periode_bij(locked, timezone.localdate())
        neem_velden_over(dossier, locked)
    return beslissing


def _degressief(
    pakket: str, duur_jaren: int | None, beslist_op: dt.date
) -> tuple[list, int | None, int, dict]:
    """The brackets of a degressive package in force on the decision date, its first percentage
    (stored as the decision's percentage), the package's duration and what is wrong."""
    from loket.parameters import degressief_pakket

    duur_pakket, verhoogd = DEGRESSIEVE_PAKKETTEN[pakket]
    fouten = {}
    if duur_jaren is not None and duur_jaren != duur_pakket:
        fouten["duur_jaren"] = _("Het gekozen pakket geldt voor een duurtijd van %(jaren)s jaar.") % {
            "jaren": duur_pakket
        }
    schijven = degressief_pakket(duur_pakket, beslist_op, verhoogd)
    if not schijven:
        fouten["pakket"] = _("Op %(datum)s is er geen degressief pakket van %(jaren)s jaar van kracht.") % {
            "datum": beslist_op.strftime("%d/%m/%Y"),
            "jaren": duur_pakket,
        }
        return [], None, duur_pakket, fouten
    return schijven, sorted(schijven)[0][2], duur_pakket, fouten


def _schema(percentage, startdatum, einddatum, pakket, schijven, begeleidingsnood) -> dict:
    """The grant's percentage schedule: the brackets given (a package for 20 quarters is cut to a
    shorter period), else one fixed percentage over the whole period."""
    aantal = aantal_kwartalen(startdatum, einddatum)
    if not schijven:
        pakket = Pakket.VAST
        schijven = vaste_schijven(percentage, aantal)
    else:
        schijven = schijven_tot(schijven, aantal)
    return {
        "pakket": pakket or Pakket.VAST,
        "schijven": [list(s) for s in schijven],
        "begeleidingsnood": begeleidingsnood or "",
    }


def _brief_context(beslissing: Beslissing, *, kopie_voor: Persoon | None = None, naam: str = "") -> dict:
    dossier = beslissing.dossier
    return {
        "beslissing": beslissing,
        "dossier": dossier,
        "organisatie": dossier.organisatie,
        "vervangt": beslissing.vervangt,
        "kopie_voor": kopie_voor,
        "kopie_naam": naam,
        "beroepstermijn": BEROEPSTERMIJN_DAGEN,
        "premies": _premie_namen_lazy(beslissing),
        "schema": _schema_tekst_lazy(beslissing.schema),
    }


def maatschappelijke_zetel(organisatie):
    """The registered seat in the KBO, where letters to the organisation go; None when the source
    does not know it (or cannot be reached now): the letter then uses the establishment. Every
    letter about a dossier shows it through ``templates/aanvragen/pdf/_adres.html``."""
    from loket.bronnen import BronNietBeschikbaar, get_bron

    try:
        onderneming = get_bron("kbo").onderneming(organisatie.kbo_nummer)
    except BronNietBeschikbaar:
        return None
    return onderneming if onderneming is not None and onderneming.straat else None


def premie_namen(beslissing: Beslissing) -> list[str]:
    namen = []
    if beslissing.loonpremie:
        namen.append(_("loonpremie"))
    if beslissing.begeleidingspremie:
        namen.append(_("begeleidingspremie"))
    if beslissing.ondersteuningspremie:
        namen.append(_("ondersteuningspremie"))
    return namen


# For mails and letters: translated when rendered, so in the recipient's language (loket.taal).
_premie_namen_lazy = lazy(premie_namen, list)
_schema_tekst_lazy = lazy(schema_tekst, str)


def render_beslissingsbrief(
    beslissing: Beslissing, *, kopie_voor: Persoon | None = None, naam: str = "", aan: str | None = None
) -> bytes:
    """The decision letter, in the language of the account with address ``aan`` (see render_pdf)."""
    from loket.pdf import render_pdf

    return render_pdf(
        "aanvragen/pdf/beslissingsbrief.html",
        _brief_context(beslissing, kopie_voor=kopie_voor, naam=naam),
        aan=aan,
    )


def _werknemer(dossier: Dossier) -> Persoon | None:
    if dossier.werknemer_id:
        return dossier.werknemer
    if dossier.werknemer_insz:
        return Persoon.objects.filter(insz=dossier.werknemer_insz).first()
    return None


def maak_en_verstuur_brieven(beslissing: Beslissing, *, door=None) -> None:
    """The decision letter (PDF on the decision and as a document of the dossier), the mail to
    the employer with the letter, and the employee's copy: by mail when an e-mail address is
    known (standing in for Mijn Burgerprofiel), otherwise a letter queued for post."""
    dossier = beslissing.dossier
    referentie = dossier.referentie or str(dossier.pk)
    pdf = render_beslissingsbrief(beslissing, aan=ontvanger(dossier))
    bestandsnaam = f"beslissingsbrief-{referentie}-{beslissing.pk}.pdf"
    beslissing.brief.save(bestandsnaam, ContentFile(pdf), save=True)
    Document.objects.create(
        dossier=dossier,
        soort=DocumentSoort.BESLISSINGSBRIEF,
        bestand=beslissing.brief.name,
        naam=bestandsnaam,
        mimetype="application/pdf",
        grootte=len(pdf),
        opgeladen_door=door,
    )
    context = {
        "dossier": dossier,
        "beslissing": beslissing,
        "premies": _premie_namen_lazy(beslissing),
        "schema": _schema_tekst_lazy(beslissing.schema),
        "beroepstermijn": BEROEPSTERMIJN_DAGEN,
        "dossier_url": dossier_url(dossier),
    }
    verstuur_bericht(
        sleutel=f"beslissing-{beslissing.pk}-werkgever",
        aan=ontvanger(dossier),
        template="aanvragen/mail/beslissing_werkgever",
        context=context,
        organisatie=dossier.organisatie,
        onderwerp_object=dossier,
        bijlagen=[(bestandsnaam, pdf, "application/pdf")],
    )
    if dossier.aanvrager_soort != "werkgever":
        return  # a self-employed person is the applicant: the mail above is theirs
    persoon = _werknemer(dossier)
    kopie_context = {**context, "persoon": persoon, "naam": dossier.werknemer_naam}
    if persoon is not None and persoon.email:
        if taal_van_adres(persoon.email) != taal_van_adres(ontvanger(dossier)):
            # The employee's copy in the employee's language (Dutch without an account).
            pdf = render_beslissingsbrief(beslissing, aan=persoon.email)
        verstuur_bericht(
            sleutel=f"beslissing-{beslissing.pk}-werknemer",
            aan=persoon.email,
            template="aanvragen/mail/beslissing_werknemer",
            context=kopie_context,
            persoon=persoon,
            onderwerp_object=dossier,
            bijlagen=[(bestandsnaam, pdf, "application/pdf")],
        )
    else:
        kopie = render_beslissingsbrief(beslissing, kopie_voor=persoon, naam=dossier.werknemer_naam, aan="")
        verstuur_bericht(
            sleutel=f"beslissing-{beslissing.pk}-werknemer",
            aan="",
            template="aanvragen/mail/beslissing_werknemer",
            context=kopie_context,
            persoon=persoon,
            onderwerp_object=dossier,
            bijlagen=[(f"kopie-{bestandsnaam}", kopie, "application/pdf")],
            kanaal=Kanaal.POST,
        )


# --- Letters for the post -------------------------------------------------------------------------


def postbrieven():
    """Letters waiting to be printed and posted, oldest first."""
    return (
        Bericht.objects.filter(kanaal=Kanaal.POST, verzonden_op__isnull=True)
        .select_related("persoon")
        .prefetch_related("bijlagen")
        .order_by("aangemaakt_op", "id")
    )


def voeg_postbrieven_samen(berichten) -> bytes:
    """All PDF attachments of ``berichten`` as one PDF, in order, for printing."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    for bericht in berichten:
        for bijlage in bericht.bijlagen.all():
            if bijlage.mimetype != "application/pdf":
                continue
            with bijlage.inhoud.open("rb") as fh:
                writer.append(io.BytesIO(fh.read()))
    uit = io.BytesIO()
    writer.write(uit)
    return uit.getvalue()


def markeer_verzonden(ids, *, door=None) -> int:
    """Mark these letters for the post as sent (only those still waiting)."""
    return Bericht.objects.filter(pk__in=list(ids), kanaal=Kanaal.POST, verzonden_op__isnull=True).update(
        verzonden_op=timezone.now()
    )
