"""Celery tasks of the evaluation procedure: thin and idempotent (the service locks the rows,
re-reads the status, and every mail has a fixed key)."""

from __future__ import annotations

import logging

from celery import shared_task
from django.db import transaction

from aanvragen.tasks import MAX_RETRIES, VERLOREN_TOETS_NA, retry_countdown

logger = logging.getLogger(__name__)


@shared_task(bind=True, max_retries=MAX_RETRIES)
def toets_ontvankelijkheid(self, evaluatie_id: int, opnieuw_proberen: bool = True) -> str:
    """Check a submitted evaluation request (the rules again, the attachments, the employment in
    Dimona) and send the confirmation mail. A request already checked is left alone. A check queued
    by the hourly sweeper starts no retry chain of its own (``opnieuw_proberen``): the sweeper
    comes back."""
    from django.utils import timezone

    from loket.bronnen import BronNietBeschikbaar, get_bron

    from . import services
    from .models import Evaluatie, EvaluatieStatus

    evaluatie = Evaluatie.objects.select_related("dossier__organisatie").filter(pk=evaluatie_id).first()
    if evaluatie is None or evaluatie.status != EvaluatieStatus.INGEDIEND:
        return "overgeslagen"
    dossier = evaluatie.dossier
    tewerkstelling = None
    if dossier.aanvrager_soort == "werkgever":
        try:
            tewerkstelling = get_bron("dimona").tewerkstelling(
                dossier.organisatie.kbo_nummer,
                dossier.werknemer_insz,
                timezone.localdate(evaluatie.ingediend_op),
            )
        except BronNietBeschikbaar as exc:
            if not opnieuw_proberen:
                return "bron_niet_beschikbaar"
            countdown = retry_countdown(self.request.retries)
            logger.warning(
                "Dimona niet beschikbaar voor evaluatie %s; opnieuw over %ss", evaluatie_id, countdown
            )
            raise self.retry(exc=exc, countdown=countdown) from exc
    with transaction.atomic():
        locked = Evaluatie.objects.select_for_update().filter(pk=evaluatie_id, status="ingediend").first()
        if locked is None:
            return "overgeslagen"
        redenen = services.redenen(locked, dossier, tewerkstelling)
        services.registreer_ontvankelijkheid(locked, redenen)
    return "niet_ontvankelijk" if redenen else "ontvankelijk"


@shared_task
def herinner_evaluatie() -> int:
    """Daily: remind employers 7 months before the end of an evaluable premium to ask for the
    evaluation at least 5 months before the end; once per dossier and period."""
    from . import services

    return services.herinner()


@shared_task
def toets_late_evaluaties() -> int:
    """Hourly sweeper, derived from the database: every submitted request whose admissibility
    check has not run 30 minutes after submission (broker down at submission, worker killed
    mid-check, a source down for longer than the retries) is checked again, as for applications
    (``aanvragen.tasks.herneem_verloren_toetsen``). Returns how many were queued."""
    from django.utils import timezone

    from .models import Evaluatie, EvaluatieStatus

    grens = timezone.now() - VERLOREN_TOETS_NA
    te_toetsen = list(
        Evaluatie.objects.filter(
            status=EvaluatieStatus.INGEDIEND,
            ontvankelijkheid_getoetst_op__isnull=True,
            ingediend_op__lt=grens,
        )
        .order_by("ingediend_op")
        .values_list("pk", flat=True)[:1000]
    )
    for pk in te_toetsen:
        toets_ontvankelijkheid.delay(pk, opnieuw_proberen=False)
    return len(te_toetsen)
