"""Celery tasks of the application procedure: thin and idempotent.

A rerun (or two workers running the same task at once) never changes a dossier twice and never
mails twice: the dossier row is locked, its status re-read, and every mail has a fixed key.
"""

from __future__ import annotations

import datetime as dt
import logging

from celery import shared_task
from django.db import transaction

logger = logging.getLogger(__name__)

# Retries when a source is down: 1 min, 2, 4, ... capped at 6 h. All 12 retries together take
# about 26.5 hours, well within the 7 days for the confirmation mail; after that the daily
# ``signaleer_late_bevestigingen`` puts the dossier on the staff list and queues a new check.
RETRY_START_SECONDEN = 60
RETRY_MAX_SECONDEN = 6 * 3600
MAX_RETRIES = 12


def retry_countdown(retries: int) -> int:
    """Seconds to wait before retry number ``retries + 1`` (exponential, capped)."""
    return min(RETRY_START_SECONDEN * 2**retries, RETRY_MAX_SECONDEN)


def _feiten(dossier):
    """The application as plain values for ``rules.redenen_niet_ontvankelijk``."""
    from .rules import AanvraagFeiten

    woonplaats = dossier.werknemer_woonplaats_gewest or (
        dossier.werknemer.woonplaats_gewest if dossier.werknemer_id else None
    )
    return AanvraagFeiten(
        aanvrager_soort=dossier.aanvrager_soort,
        premie_keuze=dossier.premie_keuze,
        organisatie_soort=dossier.organisatie.soort,
        in_moeilijkheden=dossier.organisatie.in_moeilijkheden,
        via_departement_onderwijs=dossier.via_departement_onderwijs,
        vestiging_gewest=dossier.vestiging.gewest if dossier.vestiging_id else None,
        woonplaats_gewest=woonplaats or None,
    )


def _vraag_bronnen(dossier, op: dt.date):
    """Ask VDAB, Dimona and (for the self-employed) KBO; may raise BronNietBeschikbaar."""
    from loket.bronnen import get_bron

    kbo = dossier.organisatie.kbo_nummer
    indicatie = get_bron("vdab").indicatie(dossier.werknemer_insz, op)
    if dossier.aanvrager_soort == "zelfstandige":
        return indicatie, None, get_bron("kbo").onderneming(kbo)
    return indicatie, get_bron("dimona").tewerkstelling(kbo, dossier.werknemer_insz, op), None


@shared_task(bind=True, max_retries=MAX_RETRIES)
def toets_ontvankelijkheid(self, dossier_id: int, opnieuw_proberen: bool = True) -> str:
    """Check admissibility against the authentic sources and send the confirmation mail.

    Idempotent: a dossier already checked (status no longer ``ingediend``) is left alone. A check
    queued by the hourly sweeper does not start a retry chain of its own (``opnieuw_proberen``):
    the sweeper itself comes back.
    """
    from django.utils import timezone

    from loket.bronnen import BronNietBeschikbaar

    from . import rules, services
    from .models import Dossier

    dossier = (
        Dossier.objects.select_related("organisatie", "vestiging", "werknemer").filter(pk=dossier_id).first()
    )
    if dossier is None or dossier.status != "ingediend":
        return "overgeslagen"
    op = timezone.localdate(dossier.ingediend_op) if dossier.ingediend_op else timezone.localdate()
    try:
        indicatie, tewerkstelling, onderneming = _vraag_bronnen(dossier, op)
    except BronNietBeschikbaar as exc:
        if not opnieuw_proberen:
            return "bron_niet_beschikbaar"
        countdown = retry_countdown(self.request.retries)
        logger.warning("Bron niet beschikbaar voor dossier %s; opnieuw over %ss", dossier_id, countdown)
        raise self.retry(exc=exc, countdown=countdown) from exc

    with transaction.atomic():
        # Lock and re-read: a concurrent run that got here first has already decided.
        locked = Dossier.objects.select_for_update().filter(pk=dossier_id, status="ingediend").first()
        if locked is None:
            return "overgeslagen"
        redenen = rules.redenen_niet_ontvankelijk(_feiten(dossier), indicatie, tewerkstelling, onderneming)
        services.registreer_ontvankelijkheid(locked, redenen)
    return "niet_ontvankelijk" if redenen else "ontvankelijk"


@shared_task
def signaleer_late_bevestigingen() -> int:
    """Daily: every application without confirmation mail 5+ days after submission goes on the
    staff list (``Dossier.objects.te_laat_bevestigd()``), once; its admissibility check is queued
    again. A rerun the same day flags nothing twice and mails nothing twice."""
    from . import services

    te_toetsen = services.signaleer_late_bevestiging()
    for dossier_id in te_toetsen:
        transaction.on_commit(lambda pk=dossier_id: toets_ontvankelijkheid.delay(pk))
    return len(te_toetsen)


# A check normally runs seconds after submission; one not done after this long was lost (broker
# down at submission, worker killed mid-task) and is queued again by the hourly sweeper.
VERLOREN_TOETS_NA = dt.timedelta(minutes=30)


@shared_task
def herneem_verloren_toetsen() -> int:
    """Hourly sweeper, derived from the database: every submitted application whose admissibility
    check has not run 30 minutes after submission is queued again (the check is idempotent)."""
    from django.utils import timezone

    from .models import Dossier, Status

    grens = timezone.now() - VERLOREN_TOETS_NA
    te_toetsen = list(
        Dossier.objects.filter(
            status=Status.INGEDIEND, ontvankelijkheid_getoetst_op__isnull=True, ingediend_op__lt=grens
        )
        .order_by("ingediend_op")
        .values_list("pk", flat=True)[:1000]
    )
    for pk in te_toetsen:
        toets_ontvankelijkheid.delay(pk, opnieuw_proberen=False)
    return len(te_toetsen)


@shared_task
def werk_periodes_bij() -> int:
    """Daily: granted dossiers whose start date has come become 'lopend'; running ones past their
    end date become 'beeindigd' (the employer gets one mail). One query finds exactly the dossiers
    that need a change; the service locks and re-reads each, so a rerun the same day changes and
    mails nothing twice. Returns how many dossiers changed."""
    from django.db.models import Q
    from django.utils import timezone

    from . import services
    from .models import Dossier, Status

    vandaag = timezone.localdate()
    te_doen = list(
        Dossier.objects.filter(
            Q(status=Status.TOEGEKEND, startdatum__lte=vandaag)
            | Q(status=Status.LOPEND, einddatum__lt=vandaag)
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    gewijzigd = 0
    for pk in te_doen:
        try:
            if services.werk_periode_bij(Dossier(pk=pk), vandaag):
                gewijzigd += 1
        except Exception:
            # One dossier that fails (rolled back on its own) does not hold up the others; the next
            # run selects it again.
            logger.exception("Periode van dossier %s niet bijgewerkt", pk)
    return gewijzigd


# Tasks of the handling by DWSE staff live in their own module; imported here so Celery finds them.
from . import tasks_behandeling  # noqa: E402, F401


@shared_task
def anonimiseer_verlopen_dossiers() -> int:
    """Beat: the personal data of dossiers ended longer ago than the retention period (safe to rerun)."""
    from . import bewaring

    return bewaring.anonimiseer_verlopen_dossiers(door="beat")
