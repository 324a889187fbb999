"""Signals of the payout engine, so what follows a payout (statements, mails, webhooks) need not be
written into the engine.

``run_verzonden`` is sent once, after the commit that marked the run 'verzonden', with ``run``.
"""

from django.dispatch import Signal

run_verzonden = Signal()
