"""After a payout run is released: the payment statements and mails (idempotent: a rerun stores
and sends nothing twice)."""

from celery import shared_task


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=60, max_retries=5)
def maak_betalingsoverzichten(run_id: int) -> int:
    from premies.betalingsoverzichten import maak_betalingsoverzichten as maak

    return maak(run_id)
