"""Daily: every due, unpaid quarter into the concept run.

Safe to rerun and to kill: the engine derives its work from the database and the unique constraint
on the payment lines decides, so a redelivered or repeated task pays nothing twice (acks_late: a
worker that dies mid-run leaves the message to be delivered again).
"""

from __future__ import annotations

import datetime as dt

from celery import shared_task
from django.utils import timezone


# Its time limit (an hour) is in settings.CELERY_LANGE_TAKEN, where the broker's visibility timeout
# is derived from it.
@shared_task(acks_late=True, name="premies.tasks.uitbetaling.betaal_wat_verschuldigd_is")
def betaal_wat_verschuldigd_is(vandaag: str | None = None) -> int:
    """Returns the concept run's id."""
    from premies.services import voer_run_uit

    datum = dt.date.fromisoformat(vandaag) if vandaag else timezone.localdate()
    return voer_run_uit(datum).pk
