"""The only place a dossier's status changes.

``wijzig_status`` checks the transition against ``rules.OVERGANGEN``, saves, and records who,
when and why. Callers schedule mails and tasks with ``transaction.on_commit``.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from . import rules
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
    dossier.__dict__.update({k: v for k, v in locked.__dict__.items() if not k.startswith("_")})
    return locked


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
    wijzig_status(
        dossier,
        "ingediend",
        door=door,
        reden=_("Aanvraag ingediend in het WSE-loket."),
        velden={
            "referentie": nieuwe_referentie(dossier, vandaag.year),
            "ingediend_op": nu,
            "ingediend_door": door,
            "ontvankelijkheid_uiterlijk": rules.ontvankelijkheid_uiterlijk(vandaag),
            "beslissing_uiterlijk": rules.beslissing_uiterlijk(vandaag),
        },
    )
    from . import tasks

    transaction.on_commit(lambda: tasks.toets_ontvankelijkheid.delay(dossier.pk))
    return dossier


def dossier_url(dossier: Dossier) -> str:
    """Absolute link to the dossier page (for mails)."""
    from django.conf import settings
    from django.urls import reverse

    return settings.SITE_URL.rstrip("/") + reverse("aanvragen:dossier", args=[dossier.pk])


def _ontvanger(dossier: Dossier) -> str:
    """Mails about an application go to its contact person, else to the organisation."""
    return dossier.contact_email or dossier.organisatie.email


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
    dossier.__dict__.update({k: v for k, v in locked.__dict__.items() if not k.startswith("_")})
    return locked


def verstuur_ontvankelijkheidsmail(dossier: Dossier):
    """The confirmation mail (HTML + text): admissible or not, every reason and what to do next,
    the reference and, if admissible, the decision deadline. Stored as a message of the dossier.

    Without any address the message is still stored (tab Berichten) but ``ontvankelijkheid_gemeld_op``
    stays empty, so the daily check puts the dossier on the staff list.
    """
    from django.utils import timezone

    from loket.mail import verstuur_bericht

    aan = _ontvanger(dossier)
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
        aan=_ontvanger(dossier),
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
