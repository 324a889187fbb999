from celery import shared_task

from .models import Bericht


@shared_task(autoretry_for=(OSError,), retry_backoff=30, retry_backoff_max=3600, max_retries=10)
def bezorg_bericht(bericht_id: int) -> bool:
    from .mail import bezorg

    bericht = Bericht.objects.filter(pk=bericht_id).first()
    return bool(bericht) and bezorg(bericht)


@shared_task
def bezorg_openstaande_berichten() -> int:
    """Beat safety net: deliver mails whose on-commit delivery was lost (a broker outage, a worker
    killed mid-task); a mail another delivery holds is left to it until its claim expires."""
    from .mail import bezorg, te_bezorgen

    sent = 0
    for bericht in te_bezorgen().only("pk")[:500]:
        sent += bezorg(bericht)
    return sent


@shared_task
def hartslag() -> str:
    """A trivial task that writes to the database; used to check a worker end to end."""
    from django.utils import timezone

    from .models import KboInschrijving

    stamp = timezone.now().isoformat()
    KboInschrijving.objects.filter(kbo_nummer="0566988259").update(rechtsvorm=f"hartslag {stamp}")
    return stamp


@shared_task
def compact_data_changes() -> int:
    """Folds the page cache's change rows into one per organisation (their sums, the versions,
    stay the same), so reading a version stays one short index scan. Safe to run at any moment."""
    from . import data_versions

    return data_versions.compact()
