import datetime as dt

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from . import webhooks


@shared_task
def bezorg_event(event_id: str):
    """Deliver one webhook event; safe to rerun (the claim lets one delivery through)."""
    return webhooks.bezorg(event_id)


@shared_task
def veeg_events(limiet: int = 500) -> int:
    """Beat: deliver events that are due (failed earlier, or whose task got lost)."""
    ids = list(webhooks.te_bezorgen().values_list("pk", flat=True)[:limiet])
    for event_id in ids:
        webhooks.bezorg(event_id)
    return len(ids)


@shared_task
def ruim_idempotency_keys_op() -> int:
    """Beat, daily: a retry comes within minutes or hours; keys older than the window go."""
    from .models import IdempotencyKey

    grens = timezone.now() - dt.timedelta(days=settings.IDEMPOTENCY_KEY_DAYS)
    return IdempotencyKey.objects.filter(aangemaakt_op__lt=grens).delete()[0]
