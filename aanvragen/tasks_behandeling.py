"""Celery tasks of the handling by DWSE staff (imported by ``aanvragen.tasks`` for autodiscovery)."""

from celery import shared_task


@shared_task
def mail_termijnen_digest() -> bool:
    """Daily: mail the team which applications and dossiers are near or past their deadline.

    Thin and idempotent: the work is derived from the database; the mail has one key per day.
    """
    from .termijnen import verstuur_termijnen_digest

    return verstuur_termijnen_digest() is not None
