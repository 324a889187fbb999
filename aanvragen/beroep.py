"""The appeal ('Beroep aantekenen') against a decision: the employer files it within 45 days of
the decision letter (``rules.beroep_mogelijk``), with a motivation and optional evidence; DWSE's
heroverwegingscommissie records the outcome within 60 days (``rules.beroep_beslissing_uiterlijk``).

Every step locks the dossier row and re-reads the state; one open appeal per decision (also a
unique constraint). Mails go through ``loket.mail.verstuur_bericht`` with fixed keys (never
twice); the receipt and the outcome letter are PDFs stored as documents of the dossier. A 'gegrond'
outcome changes no decision by itself: the case handler then corrects it ('corrigeren').
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from loket.instanties import neem_velden_over
from loket.mail import verstuur_bericht
from loket.prepared import PreparedQuery

from . import rules, uploads
from .adressen import dossier_url, ontvanger
from .beslissingen import actieve_beslissing, vergrendel_dossier
from .models import Beroep, BeroepStatus, BeroepUitkomst, Beslissing, DocumentSoort, Dossier


class BeroepGeweigerd(ValidationError):
    """The step is not possible now; the message says why."""


@dataclass
class Stand:
    """What the dossier page shows about an appeal on ``vandaag``."""

    beslissing: Beslissing | None = None
    tot: dt.date | None = None  # the last day an appeal can be filed
    knop: bool = False
    reden: str = ""  # why there is no button (with the date the period ended), or ''
    open_beroep: Beroep | None = None
    laatste: Beroep | None = None


def _beslist(dossier: Dossier) -> bool:
    return dossier.status in rules.CORRIGEERBARE_STATUSSEN or dossier.status in ("in_evaluatie", "beeindigd")


# Read on every view of a decided dossier: compiled to SQL once per process (loket.prepared).
_LAATSTE_BEROEP = PreparedQuery(
    lambda dossier_id: (
        Beroep.objects.filter(dossier_id=dossier_id).select_related("beslissing").order_by("-id")[:1]
    )
)


def stand(dossier: Dossier, vandaag: dt.date | None = None, beslissing: Beslissing | None = None) -> Stand:
    vandaag = vandaag or timezone.localdate()
    beslissing = beslissing or actieve_beslissing(dossier)
    laatste = _LAATSTE_BEROEP.first(dossier_id=dossier.pk)
    if laatste is not None:
        laatste.dossier = dossier
    resultaat = Stand(beslissing=beslissing, laatste=laatste)
    if beslissing is None or not _beslist(dossier):
        return resultaat
    resultaat.tot = rules.beroep_mogelijk_tot(beslissing.beslist_op)
    # One open appeal per decision (a unique constraint): if there is one, it is the latest.
    if (
        laatste is not None
        and laatste.beslissing_id == beslissing.pk
        and laatste.status == BeroepStatus.INGEDIEND
    ):
        resultaat.open_beroep = laatste
    if resultaat.open_beroep is not None:
        return resultaat
    if rules.beroep_mogelijk(beslissing.beslist_op, vandaag):
        resultaat.knop = True
    elif vandaag > resultaat.tot:
        resultaat.reden = _(
            "De termijn om beroep aan te tekenen tegen de beslissing van %(beslist)s liep af op "
            "%(tot)s (%(dagen)s dagen na de beslissing)."
        ) % {
            "beslist": beslissing.beslist_op.strftime("%d/%m/%Y"),
            "tot": resultaat.tot.strftime("%d/%m/%Y"),
            "dagen": rules.BEROEPSTERMIJN_DAGEN,
        }
    return resultaat


def al_open(beroep: Beroep) -> BeroepGeweigerd:
    return BeroepGeweigerd(
        _(
            "Tegen deze beslissing loopt al een beroep (ingediend op %(datum)s). "
            "U krijgt bericht van de uitkomst."
        )
        % {"datum": timezone.localtime(beroep.ingediend_op).strftime("%d/%m/%Y")},
        code="al_open",
    )


def _noteer_op_dossier(dossier: Dossier, *, door, reden: str) -> None:
    """A line in the dossier's history (who, when, why) without changing the dossier."""
    dossier._history_user = door
    dossier._change_reason = reden
    dossier.save(update_fields=["gewijzigd_op"])


def dien_in(
    dossier: Dossier, *, door, motivering: str, bijlagen=(), vandaag: dt.date | None = None
) -> Beroep:
    """File an appeal against the active decision: checked again under the dossier's lock (the
    page may be old), the uploads checked by content, the receipt made and mailed once."""
    motivering = (motivering or "").strip()
    if not motivering:
        raise ValidationError({"motivering": _("Schrijf waarom u het niet eens bent met de beslissing.")})
    for bestand in bijlagen:
        uploads.controleer(bestand)
    try:
        with transaction.atomic():
            return _dien_in(dossier, door=door, motivering=motivering, bijlagen=bijlagen, vandaag=vandaag)
    except IntegrityError:
        bestaand = Beroep.objects.filter(dossier=dossier, status=BeroepStatus.INGEDIEND).first()
        if bestaand is None:
            raise
        raise al_open(bestaand) from None


def _dien_in(dossier, *, door, motivering, bijlagen, vandaag) -> Beroep:
    nu = timezone.now()
    vandaag = vandaag or timezone.localdate(nu)
    locked = vergrendel_dossier(dossier.pk)
    huidige = stand(locked, vandaag)
    if huidige.open_beroep is not None:
        raise al_open(huidige.open_beroep)
    if not huidige.knop:
        raise BeroepGeweigerd(
            huidige.reden or _("Tegen dit dossier kan (nog) geen beroep aangetekend worden."),
            code="niet_mogelijk",
        )
    beroep = Beroep(
        dossier=locked,
        beslissing=huidige.beslissing,
        motivering=motivering,
        ingediend_door=door,
        beslissing_uiterlijk=rules.beroep_beslissing_uiterlijk(vandaag),
    )
    beroep._history_user = door
    # Stored in Dutch (gettext_noop), the language of the history, whatever language the employer reads.
    beroep._change_reason = gettext_noop("Beroep aangetekend in het WSE-loket.")
    beroep.save()
    for bestand in bijlagen:
        beroep.bijlagen.add(
            uploads.bewaar(locked, DocumentSoort.BIJLAGE_BEROEP, bestand, door=door, vervang=False)
        )
    beroep.ontvangstbewijs = _ontvangstbewijs(beroep, locked, door=door)
    beroep.save(update_fields=["ontvangstbewijs"])
    _noteer_op_dossier(
        locked,
        door=door,
        reden=gettext_noop("Beroep aangetekend tegen de beslissing van %(datum)s.")
        % {"datum": beroep.beslissing.beslist_op.strftime("%d/%m/%Y")},
    )
    verstuur_bericht(
        sleutel=f"beroep-ontvangst-{beroep.pk}",
        aan=ontvanger(locked),
        template="aanvragen/beroep/mail/ontvangst",
        context={"dossier": locked, "beroep": beroep, "dossier_url": dossier_url(locked)},
        organisatie=locked.organisatie,
        onderwerp_object=locked,
    )
    return beroep


def _pdf(template: str, context: dict) -> bytes:
    """A letter about the appeal, in the language of the dossier's addressee."""
    from loket.pdf import render_pdf

    return render_pdf(template, context, aan=ontvanger(context["dossier"]))


def _ontvangstbewijs(beroep: Beroep, dossier: Dossier, *, door):
    inhoud = _pdf(
        "aanvragen/beroep/pdf/ontvangstbewijs.html",
        {
            "beroep": beroep,
            "dossier": dossier,
            "organisatie": dossier.organisatie,
            "bijlagen": beroep.bijlagen.all(),
        },
    )
    return uploads.bewaar_inhoud(
        dossier,
        DocumentSoort.ONTVANGSTBEWIJS,
        f"ontvangstbewijs-beroep-{dossier.referentie}-{beroep.pk}.pdf",
        inhoud,
        "application/pdf",
        door=door,
    )


@transaction.atomic
def beslis(beroep: Beroep, *, door, uitkomst: str, reden: str) -> Beroep:
    """Record the outcome (who, when, why) on the appeal and in the dossier's history; the letter
    (PDF, a document of the dossier) goes to the employer by mail once (``beroep-beslissing-<pk>``)."""
    reden = (reden or "").strip()
    fouten = {}
    if uitkomst not in BeroepUitkomst.values:
        fouten["uitkomst"] = _("Kies de uitkomst van het beroep.")
    if not reden:
        fouten["reden"] = _("Geef de motivering op; die staat in de brief aan de werkgever.")
    if fouten:
        raise ValidationError(fouten)
    dossier = vergrendel_dossier(beroep.dossier_id)
    locked = Beroep.objects.select_for_update().select_related("beslissing").get(pk=beroep.pk)
    if locked.status != BeroepStatus.INGEDIEND:
        raise BeroepGeweigerd(_("Over dit beroep werd al beslist."))
    locked.status = BeroepStatus.BESLIST
    locked.uitkomst = uitkomst
    locked.uitkomst_reden = reden
    locked.beslist_op = timezone.now()
    locked.beslist_door = door
    motivering = _("Beroep beslist: %(uitkomst)s. %(reden)s") % {
        "uitkomst": locked.get_uitkomst_display().lower(),
        "reden": reden,
    }
    locked._history_user = door
    locked._change_reason = motivering
    locked.save()
    _noteer_op_dossier(dossier, door=door, reden=motivering)
    context = {
        "dossier": dossier,
        "organisatie": dossier.organisatie,
        "beroep": locked,
        "dossier_url": dossier_url(dossier),
    }
    pdf = _pdf("aanvragen/beroep/pdf/beslissing.html", context)
    naam = f"beslissing-beroep-{dossier.referentie}-{locked.pk}.pdf"
    locked.brief = uploads.bewaar_inhoud(
        dossier, DocumentSoort.BESLISSINGSBRIEF, naam, pdf, "application/pdf", door=door
    )
    locked.save(update_fields=["brief"])
    verstuur_bericht(
        sleutel=f"beroep-beslissing-{locked.pk}",
        aan=ontvanger(dossier),
        template="aanvragen/beroep/mail/beslissing",
        context=context,
        organisatie=dossier.organisatie,
        onderwerp_object=dossier,
        bijlagen=[(naam, pdf, "application/pdf")],
    )
    neem_velden_over(beroep, locked)
    return beroep


def te_behandelen():
    """Open appeals, the oldest deadline (so overdue ones) first."""
    return (
        Beroep.objects.filter(status=BeroepStatus.INGEDIEND)
        .select_related("dossier", "dossier__organisatie", "beslissing")
        .order_by("beslissing_uiterlijk", "id")
    )
