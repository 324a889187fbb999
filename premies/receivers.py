"""What the employer portal does when the payout engine releases a run."""

from django.db import transaction

from .tasks.betalingsoverzichten import maak_betalingsoverzichten


def plan_betalingsoverzichten(sender, run, **kwargs):
    """Schedule the statements and mails of the released run (after the commit, if any)."""
    transaction.on_commit(lambda: maak_betalingsoverzichten.delay(run.pk))
