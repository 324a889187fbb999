"""After a payout run is released: the payment statements and mails (idempotent: a rerun stores
and sends nothing twice), and the hourly sweeper for a release whose task was lost."""

import datetime as dt

from celery import shared_task

# A statement lost longer ago than this is not looked for any more: the sweeper's query stays
# small however many runs there were, and a week is many hourly chances.
VEEG_TERUG = dt.timedelta(days=7)


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=60, max_retries=5)
def maak_betalingsoverzichten(run_id: int) -> int:
    from premies.betalingsoverzichten import maak_betalingsoverzichten as maak

    return maak(run_id)


@shared_task(acks_late=True)
def veeg_betalingsoverzichten() -> int:
    """Hourly sweeper, derived from the database: every organisation paid by a run released in
    the last week whose statement mail is not in the outbox (the on-commit task was lost: broker
    down, worker killed) gets its statement and mail now. The mail is stored in the same
    transaction as the statement, so a missing mail means a missing statement. Returns how many
    were made."""
    from django.db.models import Exists, OuterRef
    from django.utils import timezone

    from loket.models import Bericht, Organisatie
    from premies.betalingsoverzichten import maak_betalingsoverzicht, mail_sleutel_sql
    from premies.models import Betaallijn, RunStatus, Uitbetalingsrun

    ontbrekend = (
        Betaallijn.objects.filter(
            run__status=RunStatus.VERZONDEN, run__verzonden_op__gte=timezone.now() - VEEG_TERUG
        )
        .alias(sleutel=mail_sleutel_sql())
        .exclude(Exists(Bericht.objects.filter(sleutel=OuterRef("sleutel"))))
        .values_list("run_id", "organisatie_id")
        .distinct()
        .order_by("run_id", "organisatie_id")
    )
    gemaakt = 0
    for run_id, organisatie_id in list(ontbrekend):
        gemaakt += maak_betalingsoverzicht(
            Uitbetalingsrun.objects.get(pk=run_id), Organisatie.objects.get(pk=organisatie_id)
        )
    return gemaakt
