"""Webhook events of payments: when a run is marked 'verzonden' (post_save inside the transaction
of ``premies.services.verzend``), one event per dossier it pays, unique per run and dossier."""

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
            sleutel=f"run-{instance.pk}",  # once per run and dossier, however often the run is saved
        )


def verbind():
    post_save.connect(_run, sender=Uitbetalingsrun, dispatch_uid="api.events.betaling")
