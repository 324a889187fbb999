"""API clients, idempotency keys, the API access log and webhook events."""

import secrets
import uuid

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

SCOPES = ("read", "write", "payments")


class ApiClient(models.Model):
    """An OAuth2 client (client credentials) of one organisation: an employer or a social
    secretariat. Acts for its own organisation and for those that gave it a ``Mandaat``.

    ``gebruiker`` is a service account without password: the services record it as who did a
    change (status history, uploads), so a change by the API is traceable to the client."""

    application = models.OneToOneField(
        "oauth2_provider.Application", on_delete=models.CASCADE, related_name="loket_client"
    )
    organisatie = models.ForeignKey(
        "loket.Organisatie",
        on_delete=models.CASCADE,
        related_name="api_clients",
        verbose_name=_("organisatie"),
    )
    naam = models.CharField(_("naam"), max_length=100)
    scopes = models.CharField(_("rechten"), max_length=100, default="read")
    gebruiker = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="api_client", editable=False
    )
    aangemaakt_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    aangemaakt_op = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    ingetrokken_op = models.DateTimeField(_("ingetrokken op"), null=True, blank=True, editable=False)
    ingetrokken_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("API-client")
        verbose_name_plural = _("API-clients")
        ordering = ["organisatie", "naam"]

    def __str__(self):
        return f"{self.naam} ({self.organisatie})"

    @property
    def client_id(self) -> str:
        return self.application.client_id

    @property
    def scope_set(self) -> set[str]:
        return set(self.scopes.split())


class IdempotencyKey(models.Model):
    """The answer to a POST with an ``Idempotency-Key``: a retry gets it again and changes nothing.

    Inserted in the transaction of the change itself, so the unique constraint makes a concurrent
    retry wait for the first request and then replay its answer."""

    client = models.ForeignKey(ApiClient, on_delete=models.CASCADE, related_name="+")
    sleutel = models.CharField(max_length=255)
    methode = models.CharField(max_length=10)
    pad = models.CharField(max_length=500)
    vingerafdruk = models.CharField(max_length=64)
    status = models.PositiveSmallIntegerField(null=True)
    antwoord = models.JSONField(null=True, encoder=DjangoJSONEncoder)
    # Replayed as it was sent: an error stays application/problem+json (empty: the renderer's).
    content_type = models.CharField(max_length=100, blank=True, default="")
    aangemaakt_op = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("idempotentiesleutel")
        verbose_name_plural = _("idempotentiesleutels")
        constraints = [models.UniqueConstraint(fields=["client", "sleutel"], name="een_antwoord_per_sleutel")]

    def __str__(self):
        return f"{self.methode} {self.pad} ({self.sleutel})"


class ApiCall(models.Model):
    """The access log of the API: every call, by which client, with what outcome."""

    client = models.ForeignKey(ApiClient, null=True, on_delete=models.SET_NULL, related_name="+")
    methode = models.CharField(_("methode"), max_length=10)
    pad = models.CharField(_("pad"), max_length=500)
    status = models.PositiveSmallIntegerField(_("status"))
    duur_ms = models.PositiveIntegerField(_("duur (ms)"))
    adres = models.GenericIPAddressField(_("IP-adres"), null=True)
    op = models.DateTimeField(_("op"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("API-oproep")
        verbose_name_plural = _("API-oproepen")
        ordering = ["-op", "-id"]

    def __str__(self):
        return f"{self.methode} {self.pad} → {self.status}"


def _nieuw_geheim() -> str:
    return secrets.token_urlsafe(32)


class Webhook(models.Model):
    """Where the portal POSTs a client's events, signed with ``geheim`` (HMAC-SHA256)."""

    client = models.OneToOneField(ApiClient, on_delete=models.CASCADE, related_name="webhook")
    url = models.URLField(_("URL"), max_length=500)
    geheim = models.CharField(max_length=64, default=_nieuw_geheim, editable=False)
    aangemaakt_op = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)

    class Meta:
        verbose_name = _("webhook")
        verbose_name_plural = _("webhooks")

    def __str__(self):
        return self.url


class EventType(models.TextChoices):
    STATUS = "dossier.status", _("Status van een dossier gewijzigd")
    BESLISSING = "dossier.beslissing", _("Beslissing over een dossier")
    BETALING = "dossier.betaling", _("Betaling van een premie")
    BERICHT = "dossier.bericht", _("Nieuw bericht")


class Event(models.Model):
    """One event for one client, created in the transaction of the change. Delivered at least
    once to the client's webhook; ``id`` stays the same on every retry and replay."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    client = models.ForeignKey(ApiClient, on_delete=models.CASCADE, related_name="events")
    type = models.CharField(_("type"), max_length=40, choices=EventType.choices)
    dossier_id = models.BigIntegerField(_("dossier"))
    organisatie = models.ForeignKey("loket.Organisatie", on_delete=models.CASCADE, related_name="+")
    data = models.JSONField(default=dict, encoder=DjangoJSONEncoder)
    op = models.DateTimeField(_("op"), db_index=True)
    # Delivery, claimed atomically like the mail outbox (loket.mail).
    afgeleverd_op = models.DateTimeField(_("afgeleverd op"), null=True, blank=True)
    geclaimd_tot = models.DateTimeField(null=True, blank=True)
    volgende_poging_op = models.DateTimeField(null=True, blank=True, db_index=True)
    pogingen = models.PositiveSmallIntegerField(_("pogingen"), default=0)
    laatste_fout = models.CharField(_("laatste fout"), max_length=500, blank=True)
    # What makes the event unique for its dossier (e.g. "run-12" for a payment): a second
    # recording of the same fact (a rerun, another save) creates nothing. Empty: no such key.
    sleutel = models.CharField(max_length=100, blank=True, default="")

    class Meta:
        verbose_name = _("gebeurtenis")
        verbose_name_plural = _("gebeurtenissen")
        ordering = ["-op", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["client", "type", "dossier_id", "sleutel"],
                condition=~models.Q(sleutel=""),
                name="een_event_per_sleutel",
            )
        ]

    def __str__(self):
        return f"{self.type} {self.dossier_id} ({self.id})"
