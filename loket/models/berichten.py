"""The outbox: every mail and letter is stored here first, then delivered.

A message has a unique ``sleutel`` (idempotency key) so that a task that runs twice finds the
message already there and sends nothing twice; and the portal shows it to the user under
*Berichten*, so nothing depends on the mailbox alone.
"""

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..storage import private_storage
from .organisaties import Organisatie, Persoon


class Kanaal(models.TextChoices):
    EMAIL = "email", _("E-mail")
    POST = "post", _("Brief per post")


class Bericht(models.Model):
    sleutel = models.CharField(_("sleutel"), max_length=200, unique=True)
    kanaal = models.CharField(_("kanaal"), max_length=10, choices=Kanaal.choices, default=Kanaal.EMAIL)
    aan = models.CharField(_("aan"), max_length=254, blank=True)
    onderwerp = models.CharField(_("onderwerp"), max_length=200)
    tekst = models.TextField(_("tekst"))
    html = models.TextField(_("HTML"), blank=True)
    organisatie = models.ForeignKey(
        Organisatie, null=True, blank=True, on_delete=models.CASCADE, related_name="berichten"
    )
    persoon = models.ForeignKey(
        Persoon, null=True, blank=True, on_delete=models.CASCADE, related_name="berichten"
    )
    content_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    onderwerp_object = GenericForeignKey("content_type", "object_id")
    aangemaakt_op = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    verzonden_op = models.DateTimeField(_("verzonden op"), null=True, blank=True)
    # A delivery claims the message until this moment before handing it to the mail backend, so
    # one claimant sends it; a claim left by a crash is taken over only after it expires.
    geclaimd_tot = models.DateTimeField(_("in bezorging tot"), null=True, blank=True)
    pogingen = models.PositiveSmallIntegerField(_("pogingen"), default=0)

    class Meta:
        verbose_name = _("bericht")
        verbose_name_plural = _("berichten")
        ordering = ["-aangemaakt_op", "-id"]
        indexes = [
            models.Index(fields=["content_type", "object_id"]),
            models.Index(
                fields=["aangemaakt_op"],
                condition=models.Q(verzonden_op__isnull=True),
                name="bericht_onbezorgd",
            ),
        ]

    def __str__(self):
        return self.onderwerp


class BerichtBijlage(models.Model):
    bericht = models.ForeignKey(Bericht, on_delete=models.CASCADE, related_name="bijlagen")
    naam = models.CharField(_("naam"), max_length=200)
    mimetype = models.CharField(max_length=100, default="application/pdf")
    inhoud = models.FileField(_("bestand"), storage=private_storage, upload_to="berichten/%Y/%m/")

    class Meta:
        verbose_name = _("bijlage")
        verbose_name_plural = _("bijlagen")

    def __str__(self):
        return self.naam
