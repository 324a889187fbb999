"""Webhook events of payments: when a run is marked 'verzonden' (in that same transaction), one
event per dossier it pays."""

from django.db.models import Sum
from django.db.models.signals import post_save

from loket.api import webhooks
from loket.api.models import EventType

from ..models import RunStatus, Uitbetalingsrun


def _run(sender, instance: Uitbetalingsrun, created, raw=False, update_fields=None, **kwargs):
    if raw or instance.status != RunStatus.VERZONDEN or (update_fields and "status" not in update_fields):
        return
    per_dossier = instance.lijnen.values("dossier_id", "organisatie_id").annotate(bedrag=Sum("uitbetaald"))
    for rij in per_dossier:
        webhooks.registreer(
            EventType.BETALING,
            dossier_id=rij["dossier_id"],
            organisatie_id=rij["organisatie_id"],
            data={"run": instance.pk, "bedrag": str(rij["bedrag"]), "betaaldatum": instance.betaaldatum},
        )


def verbind():
    post_save.connect(_run, sender=Uitbetalingsrun, dispatch_uid="api.events.betaling")
