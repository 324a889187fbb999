from celery import shared_task


@shared_task(bind=True, max_retries=12)
def toets_ontvankelijkheid(self, dossier_id: int) -> None:
    """Check admissibility against the authentic sources and send the confirmation mail.

    Idempotent: a dossier already checked is left alone. (Filled in by the Aanvragen issue.)
    """
