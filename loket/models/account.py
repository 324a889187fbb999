from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class BevestigingWijze(models.TextChoices):
    LINK = "link", _("met de link in de e-mail")
    FEDERAAL = "federaal", _("door de federale aanmelding (e-mailadres van de identiteitsprovider)")


class EmailBevestiging(models.Model):
    """Proof that an account reads the mail of one address: asked (a link sent) and, once the link
    is opened by that account, confirmed. An account counts as verified only for the address it
    has now, so changing the address makes it unverified again."""

    gebruiker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="emailbevestigingen"
    )
    email = models.EmailField(_("e-mailadres"))
    aangemaakt_op = models.DateTimeField(_("verstuurd op"), auto_now_add=True)
    bevestigd_op = models.DateTimeField(_("bevestigd op"), null=True, blank=True)
    wijze = models.CharField(_("wijze"), max_length=20, choices=BevestigingWijze.choices, default="link")

    class Meta:
        verbose_name = _("bevestiging van een e-mailadres")
        verbose_name_plural = _("bevestigingen van e-mailadressen")
        ordering = ["-aangemaakt_op", "-id"]

    def __str__(self):
        return f"{self.gebruiker} – {self.email}"
