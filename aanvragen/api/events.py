"""Webhook events of dossiers, recorded in the transaction of the change itself: a status change
(every ``StatusOvergang`` the services write), a decision and a message to the organisation."""

from django.contrib.contenttypes.models import ContentType
from django.db.models.signals import post_save

from loket.api import webhooks
from loket.api.models import EventType
from loket.models import Bericht

from ..models import Beslissing, Dossier, StatusOvergang


def _status(sender, instance: StatusOvergang, created, raw=False, **kwargs):
    if created and not raw:
        dossier = instance.dossier
        webhooks.registreer(
            EventType.STATUS,
            dossier_id=dossier.pk,
            organisatie_id=dossier.organisatie_id,
            data={"van": instance.van, "naar": instance.naar, "referentie": dossier.referentie},
        )


def _beslissing(sender, instance: Beslissing, created, raw=False, **kwargs):
    if created and not raw:
        webhooks.registreer(
            EventType.BESLISSING,
            dossier_id=instance.dossier_id,
            organisatie_id=instance.dossier.organisatie_id,
            data={"uitkomst": instance.uitkomst},
        )


def _bericht(sender, instance: Bericht, created, raw=False, **kwargs):
    if not created or raw or instance.organisatie_id is None or instance.object_id is None:
        return
    if instance.content_type_id != ContentType.objects.get_for_model(Dossier).pk:
        return
    webhooks.registreer(
        EventType.BERICHT,
        dossier_id=instance.object_id,
        organisatie_id=instance.organisatie_id,
        data={"bericht": instance.pk, "onderwerp": instance.onderwerp},
    )


def verbind():
    post_save.connect(_status, sender=StatusOvergang, dispatch_uid="api.events.status")
    post_save.connect(_beslissing, sender=Beslissing, dispatch_uid="api.events.beslissing")
    post_save.connect(_bericht, sender=Bericht, dispatch_uid="api.events.bericht")
