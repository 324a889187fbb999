"""The only place a dossier's status changes.

``wijzig_status`` checks the transition against ``rules.OVERGANGEN``, saves, and records who,
when and why. Callers schedule mails and tasks with ``transaction.on_commit``.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from loket.instanties import neem_velden_over

from . import rules
from .adressen import dossier_url, ontvanger
from .models import Dossier, StatusOvergang


class OngeldigeOvergang(ValidationError):
    pass


@transaction.atomic
def wijzig_status(
    dossier: Dossier, naar: str, *, door=None, reden: str = "", velden: dict | None = None
) -> Dossier:
    """Move ``dossier`` to ``naar`` (locking the row), optionally setting other fields with it."""
    locked = Dossier.objects.select_for_update().get(pk=dossier.pk)
    if not rules.overgang_toegelaten(locked.status, naar):
        raise OngeldigeOvergang(
            _("Een dossier met status '%(van)s' kan niet naar '%(naar)s'.")
            % {"van": locked.get_status_display(), "naar": naar}
        )
    van = locked.status
    locked.status = naar
    for veld, waarde in (velden or {}).items():
        setattr(locked, veld, waarde)
    if door is not None:
        locked._history_user = door
    locked.save()
    StatusOvergang.objects.create(dossier=locked, van=van, naar=naar, door=door, reden=reden)
    # Keep the caller's instance in step with the database.
    neem_velden_over(dossier, locked)
    return locked


def beslissing_termijn(dossier: Dossier, ingediend: dt.date) -> dt.date:
    """30 days for an application; an evaluation of a VOP premium (a new application with the VOP
    flag) is handled as an evaluation: 120 days (``evaluaties.rules``)."""
    from evaluaties import rules as evaluatie_rules

    if dossier.vop_evaluatie:
        return evaluatie_rules.beslissing_uiterlijk(ingediend)
    return rules.beslissing_uiterlijk(ingediend)


def nieuwe_referentie(dossier: Dossier, jaar: int) -> str:
    return f"IMW-{jaar}-{dossier.pk:06d}"


@transaction.atomic
def dien_in(dossier: Dossier, *, door) -> Dossier:
    """Submit a draft: reference, deadlines (from ``rules``), status ``ingediend``.

    The admissibility check runs after commit, as a Celery task.
    """
    from django.utils import timezone

    nu = timezone.now()
    vandaag = timezone.localdate(nu)
    # Stored in Dutch (gettext_noop), the language of the history, whatever language the employer reads.
    wijzig_status(
        dossier,
        "ingediend",
        door=door,
        reden=gettext_noop("Aanvraag ingediend in het WSE-loket."),
        velden={
            "referentie": nieuwe_referentie(dossier, vandaag.year),
            "ingediend_op": nu,
            "ingediend_door": door,
            "ontvankelijkheid_uiterlijk": rules.ontvankelijkheid_uiterlijk(vandaag),
            "beslissing_uiterlijk": beslissing_termijn(dossier, vandaag),
        },
    )
    from . import tasks

    transaction.on_commit(lambda: tasks.toets_ontvankelijkheid.delay(dossier.pk))
    return dossier


@transaction.atomic
def registreer_ontvankelijkheid(dossier: Dossier, redenen, door=None) -> Dossier:
    """Record the outcome of the admissibility check and send the confirmation mail, once.

    ``redenen``: the ``rules.Reden`` list from ``rules.redenen_niet_ontvankelijk`` (empty:
    admissible). A dossier already checked keeps its outcome; only a confirmation mail that is
    still missing is sent (the mail's key ``ontvankelijkheid-<pk>`` makes a rerun send nothing).
    """
    from django.utils import timezone

    locked = Dossier.objects.select_for_update().select_related("organisatie").get(pk=dossier.pk)
    if locked.status == "ingediend":
        ontvankelijk = not redenen
        opgeslagen = [r.als_dict() if isinstance(r, rules.Reden) else dict(r) for r in redenen]
        wijzig_status(
            locked,
            "ontvankelijk" if ontvankelijk else "niet_ontvankelijk",
            door=door,
            reden=_("Ontvankelijk na toetsing aan de authentieke bronnen.")
            if ontvankelijk
            else _("Niet ontvankelijk: %(codes)s.") % {"codes": ", ".join(r["code"] for r in opgeslagen)},
            velden={
                "ontvankelijk": ontvankelijk,
                "ontvankelijkheid_redenen": opgeslagen,
                "ontvankelijkheid_getoetst_op": timezone.now(),
            },
        )
    if locked.ontvankelijk is not None and locked.ontvankelijkheid_gemeld_op is None:
        verstuur_ontvankelijkheidsmail(locked)
    neem_velden_over(dossier, locked)
    return locked


def verstuur_ontvankelijkheidsmail(dossier: Dossier):
    """The confirmation mail (HTML + text): admissible or not, every reason and what to do next,
    the reference and, if admissible, the decision deadline. Stored as a message of the dossier.

    Without any address the message is still stored (tab Berichten) but ``ontvankelijkheid_gemeld_op``
    stays empty, so the daily check puts the dossier on the staff list.
    """
    from django.utils import timezone

    from loket.mail import verstuur_bericht

    aan = ontvanger(dossier)
    bericht, _nieuw = verstuur_bericht(
        sleutel=f"ontvankelijkheid-{dossier.pk}",
        aan=aan,
        template="aanvragen/mail/ontvankelijkheid",
        context={
            "dossier": dossier,
            "organisatie": dossier.organisatie,
            "ontvankelijk": bool(dossier.ontvankelijk),
            "redenen": dossier.ontvankelijkheid_redenen,
            "beslissing_uiterlijk": dossier.beslissing_uiterlijk,
            "dossier_url": dossier_url(dossier),
        },
        organisatie=dossier.organisatie,
        onderwerp_object=dossier,
    )
    if bericht.aan and dossier.ontvankelijkheid_gemeld_op is None:
        dossier.ontvankelijkheid_gemeld_op = timezone.now()
        dossier.save(update_fields=["ontvankelijkheid_gemeld_op"])
    return bericht


@transaction.atomic
def signaleer_late_bevestiging(vandaag=None) -> list[int]:
    """Put every application without confirmation mail 5+ days after submission on the staff
    list (once). Returns the ids of the dossiers whose admissibility check is still to run."""
    from django.utils import timezone

    nu = timezone.now()
    achterstallig = Dossier.objects.zonder_bevestiging_na(5, vandaag=vandaag)
    achterstallig.filter(bevestiging_te_laat_gesignaleerd_op__isnull=True).update(
        bevestiging_te_laat_gesignaleerd_op=nu
    )
    return list(achterstallig.filter(status="ingediend").values_list("pk", flat=True))


@transaction.atomic
def meld_wijziging(dossier: Dossier, soort: str, gegevens: dict, *, door, samenvatting=()):
    """Record a change the employer reports (pending for staff: ``verwerkt_op`` empty) and confirm
    it with a message of the dossier. Nothing on the dossier itself changes until staff process it
    (a new bank account in particular is never activated here)."""
    from loket.mail import verstuur_bericht

    from .models import Wijziging

    wijziging = Wijziging.objects.create(dossier=dossier, soort=soort, gegevens=gegevens, gemeld_door=door)
    verstuur_bericht(
        sleutel=f"wijziging-{wijziging.pk}",
        aan=ontvanger(dossier),
        template="aanvragen/mail/wijziging_ontvangen",
        context={
            "dossier": dossier,
            "wijziging": wijziging,
            "samenvatting": list(samenvatting),
            "dossier_url": dossier_url(dossier),
        },
        organisatie=dossier.organisatie,
        onderwerp_object=dossier,
    )
    return wijziging


# --- The application form ------------------------------------------------------------------------


class AanvraagOnvolledig(ValidationError):
    """Submission refused: a required answer is missing, or another application blocks it."""


def nieuw_concept(organisatie, *, door) -> Dossier:
    """A new draft for ``organisatie``; a self-employed person applies for the ondersteuningspremie."""
    from loket.models import OrganisatieSoort

    dossier = Dossier(
        organisatie=organisatie,
        aangemaakt_door=door,
        contact_naam=door.get_full_name(),
        contact_email=door.email,
    )
    if organisatie.soort == OrganisatieSoort.ZELFSTANDIGE:
        dossier.aanvrager_soort = "zelfstandige"
        dossier.premie_keuze = "ondersteuning"
        if organisatie.persoon_id:
            persoon = organisatie.persoon
            dossier.werknemer = persoon
            dossier.werknemer_insz = persoon.insz
            dossier.werknemer_voornaam = persoon.voornaam
            dossier.werknemer_achternaam = persoon.achternaam
    dossier._history_user = door
    dossier.save()
    return dossier


def aanvraag_stappen(dossier: Dossier) -> list[str]:
    from loket.models import OrganisatieSoort

    return rules.aanvraag_stappen(
        zelfstandige=dossier.aanvrager_soort == "zelfstandige",
        onderwijs=dossier.organisatie.soort in (OrganisatieSoort.SCHOOL, OrganisatieSoort.SCHOLENGROEP),
        premie_keuze=dossier.premie_keuze,
    )


def aanvraag_gegevens(dossier: Dossier, *, documenten, rekening) -> dict:
    """The answers of a draft as the plain dict ``rules.onvolledige_stappen`` reads."""
    velden = (
        "contact_naam contact_email contact_telefoon werknemer_insz werknemer_voornaam werknemer_achternaam "
        "werknemer_woonplaats_gewest vestiging_id premie_keuze via_departement_onderwijs begeleider_soort "
        "begeleider_naam dienstverlener_id collega_coach_naam iban vop_evaluatie"
    ).split()
    gegevens = {veld: getattr(dossier, veld) for veld in velden}
    gegevens["documenten"] = frozenset(d.soort for d in documenten)
    gegevens["rekening_bekend"] = rekening is not None
    return gegevens


def verwijder_concept(dossier: Dossier) -> None:
    """Delete a draft with its uploads (files too). Only drafts can be deleted."""
    from . import uploads

    if dossier.status != "concept":
        raise OngeldigeOvergang(_("Alleen een aanvraag in opmaak kan verwijderd worden."))
    with transaction.atomic():
        for document in dossier.documenten.all():
            uploads.verwijder(document)
        dossier.delete()


def _maak_niet_toepasselijk_leeg(dossier: Dossier, stappen: list[str]) -> list:
    """Answers of steps that no longer apply (e.g. a begeleider after choosing 'loonpremie') are
    not submitted; returns the documents that no longer apply."""
    weg = []
    if "begeleiding" not in stappen:
        dossier.begeleider_soort = ""
        dossier.begeleider_naam = ""
        dossier.dienstverlener = None
        dossier.collega_coach_naam = ""
        weg.append("bewijs_kwalificatie")
    elif dossier.begeleider_soort == "extern":
        weg.append("bewijs_kwalificatie")
    elif dossier.begeleider_soort == "intern":
        dossier.dienstverlener = None
    if "onderwijs" not in stappen:
        dossier.via_departement_onderwijs = None
    if not dossier.vop_evaluatie:
        weg.append("motivatieverslag")
    return weg


@transaction.atomic
def dien_aanvraag_in(dossier: Dossier, *, door) -> Dossier:
    """Submit a complete draft from the form: check it, link the employee, record a new bank
    account, submit (``dien_in``) and store the receipt PDF.

    Raises AanvraagOnvolledig when an answer is missing or another open application exists for
    the same employee (the check runs again here: the form may be old).
    """
    from django.utils import timezone

    from loket.models import Bankrekening, Organisatie, Persoon

    from . import uploads

    # Serialise submissions per organisation, so two tabs cannot file two applications for one employee.
    Organisatie.objects.select_for_update().get(pk=dossier.organisatie_id)
    dossier = (
        Dossier.objects.select_for_update(of=("self",))
        .select_related("organisatie__scholengroep")
        .get(pk=dossier.pk)
    )
    if dossier.status != "concept":
        raise AanvraagOnvolledig(_("Deze aanvraag is al ingediend."))
    organisatie = dossier.organisatie
    stappen = aanvraag_stappen(dossier)
    for soort in _maak_niet_toepasselijk_leeg(dossier, stappen):
        for document in dossier.documenten.filter(soort=soort):
            uploads.verwijder(document)
    rekening = organisatie.huidige_rekening()
    documenten = list(dossier.documenten.all())
    onvolledig = rules.onvolledige_stappen(
        stappen, aanvraag_gegevens(dossier, documenten=documenten, rekening=rekening)
    )
    if onvolledig:
        raise AanvraagOnvolledig(_("Vul eerst alle gevraagde gegevens in."), params={"stappen": onvolledig})
    bestaande = Dossier.objects.filter(
        organisatie=organisatie, werknemer_insz=dossier.werknemer_insz
    ).values_list("pk", "werknemer_insz", "status")
    blokkerend = rules.blokkerende_aanvraag(dossier.werknemer_insz, bestaande, eigen_id=dossier.pk)
    if blokkerend is not None:
        raise AanvraagOnvolledig(
            _("Voor deze werknemer loopt al een aanvraag of premie van uw organisatie."),
            code="dubbel",
            params={"dossier": blokkerend},
        )

    if dossier.werknemer_id is None or dossier.werknemer.insz != dossier.werknemer_insz:
        persoon, _nieuw = Persoon.objects.get_or_create(
            insz=dossier.werknemer_insz,
            defaults={
                "voornaam": dossier.werknemer_voornaam,
                "achternaam": dossier.werknemer_achternaam,
                "woonplaats_gewest": dossier.werknemer_woonplaats_gewest or "",
            },
        )
        dossier.werknemer = persoon
    if rekening is None:
        # First application of this KBO number (or scholengroep): the account for all premiums.
        Bankrekening.objects.create(
            organisatie=organisatie.betalende_organisatie,
            iban=dossier.iban,
            geldig_vanaf=timezone.localdate(),
            opgegeven_door=door,
        )
    else:
        dossier.iban = ""
    dossier._history_user = door
    dossier.laatste_stap = "overzicht"
    dossier.save()
    dien_in(dossier, door=door)
    maak_ontvangstbewijs(dossier, door=door)
    return dossier


def maak_ontvangstbewijs(dossier: Dossier, *, door=None):
    """Render the receipt PDF (everything submitted) and store it as a Document of the dossier."""
    from loket.pdf import render_pdf

    from . import uploads
    from .models import DocumentSoort

    dossier = Dossier.objects.select_related(
        "organisatie", "vestiging", "dienstverlener", "werknemer", "ingediend_door"
    ).get(pk=dossier.pk)
    rekening = dossier.organisatie.huidige_rekening()
    inhoud = render_pdf(
        "aanvragen/pdf/ontvangstbewijs.html",
        {
            "dossier": dossier,
            "organisatie": dossier.organisatie,
            "rekening": rekening,
            "documenten": [d for d in dossier.documenten.all() if d.soort != DocumentSoort.ONTVANGSTBEWIJS],
        },
        aan=ontvanger(dossier),
    )
    for oud in dossier.documenten.filter(soort=DocumentSoort.ONTVANGSTBEWIJS):
        uploads.verwijder(oud)
    return uploads.bewaar_inhoud(
        dossier,
        DocumentSoort.ONTVANGSTBEWIJS,
        f"ontvangstbewijs-{dossier.referentie}.pdf",
        inhoud,
        "application/pdf",
        door=door,
    )


# --- The period of a granted premium --------------------------------------------------------------


def _periode_reden(naar: str) -> str:
    if naar == "lopend":
        return _("Begindatum bereikt: de premie loopt.")
    return _("Einddatum bereikt: de premie is beëindigd.")


@transaction.atomic
def werk_periode_bij(dossier: Dossier, vandaag=None) -> list[str]:
    """Move the dossier along its period on ``vandaag`` (default: today), as the system.

    'toegekend' → 'lopend' from the start date, 'lopend' → 'beeindigd' after the end date (both
    in one go when the whole period lies in the past; see ``rules.periode_stappen``). Locks the
    row and re-reads its status, so a rerun or a concurrent run changes nothing twice. When the
    premium ends, the employer gets one mail (key ``periode-einde-<pk>``). Returns the statuses
    the dossier went through (empty: nothing changed).
    """
    from django.utils import timezone

    vandaag = vandaag or timezone.localdate()
    locked = Dossier.objects.select_for_update(of=("self",)).select_related("organisatie").get(pk=dossier.pk)
    stappen = rules.periode_stappen(locked.status, locked.startdatum, locked.einddatum, vandaag)
    for naar in stappen:
        wijzig_status(locked, naar, door=None, reden=_periode_reden(naar))
    if "beeindigd" in stappen:
        verstuur_periode_einde_mail(locked)
    neem_velden_over(dossier, locked)
    return stappen


def verstuur_periode_einde_mail(dossier: Dossier):
    """Tell the employer the premium ended on its end date (once: key ``periode-einde-<pk>``); for
    a premium of 5 years, that an evaluation (extension) is asked for in time."""
    from evaluaties import rules as evaluatie_rules
    from loket.mail import verstuur_bericht

    from .models import Beslissing

    beslissing = (
        Beslissing.objects.filter(dossier=dossier, vervangen_door__isnull=True, uitkomst="toegekend")
        .order_by("-id")
        .only("duur_jaren")
        .first()
    )
    duur = beslissing.duur_jaren if beslissing is not None and beslissing.duur_jaren else None
    if duur is None and dossier.startdatum and dossier.einddatum:
        duur = rules.periode_duur_jaren(dossier.startdatum, dossier.einddatum)
    bericht, _nieuw = verstuur_bericht(
        sleutel=f"periode-einde-{dossier.pk}",
        aan=ontvanger(dossier),
        template="aanvragen/mail/periode_einde",
        context={
            "dossier": dossier,
            "einddatum": dossier.einddatum,
            "duur_jaren": duur,
            "evaluatie_mogelijk": evaluatie_rules.evaluatie_toegelaten(
                duur,
                vop_onbepaalde_duur=dossier.vop_onbepaalde_duur,
                lde_tijdelijke_regeling=dossier.lde_tijdelijke_regeling,
            ),
            "dossier_url": dossier_url(dossier),
        },
        organisatie=dossier.organisatie,
        onderwerp_object=dossier,
    )
    return bericht
