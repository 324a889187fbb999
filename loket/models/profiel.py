from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Profiel(models.Model):
    """What the portal keeps about an account besides Django's user: for now its language.

    One row per account, created the first time something is stored (an account without a row
    has made no choice yet).
    """

    gebruiker = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True, related_name="profiel"
    )
    # Empty: no choice made; pages then follow the language cookie and mails and letters are Dutch.
    taal = models.CharField(_("taal"), max_length=8, choices=settings.LANGUAGES, blank=True)
    gewijzigd_op = models.DateTimeField(_("gewijzigd op"), auto_now=True)

    class Meta:
        verbose_name = _("profiel")
        verbose_name_plural = _("profielen")

    def __str__(self):
        return str(self.gebruiker)
