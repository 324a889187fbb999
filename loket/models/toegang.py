import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .organisaties import Organisatie


class Maatregel(models.TextChoices):
    IMW = "imw", _("Individueel maatwerk")
    AANMOEDIGINGSPREMIES = "aanmoedigingspremies", _("Aanmoedigingspremies")


class Rol(models.TextChoices):
    VERANTWOORDELIJKE = "verantwoordelijke", _("DWSE Organisatieverantwoordelijke")
    MEDEWERKER = "medewerker", _("Medewerker")


class ToegangQuerySet(models.QuerySet):
    def actief(self):
        return self.filter(ingetrokken_op__isnull=True)


class Toegang(models.Model):
    """The right of an account to act *in naam van* an organisation for one measure."""

    gebruiker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="toegangen"
    )
    organisatie = models.ForeignKey(Organisatie, on_delete=models.CASCADE, related_name="toegangen")
    maatregel = models.CharField(
        _("maatregel"), max_length=30, choices=Maatregel.choices, default=Maatregel.IMW
    )
    rol = models.CharField(_("rol"), max_length=20, choices=Rol.choices)
    verleend_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("verleend door"),
    )
    verleend_op = models.DateTimeField(_("verleend op"), auto_now_add=True)
    ingetrokken_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("ingetrokken door"),
    )
    ingetrokken_op = models.DateTimeField(_("ingetrokken op"), null=True, blank=True)
    history = HistoricalRecords()

    objects = ToegangQuerySet.as_manager()

    class Meta:
        verbose_name = _("toegang")
        verbose_name_plural = _("toegangen")
        constraints = [
            models.UniqueConstraint(
                fields=["gebruiker", "organisatie", "maatregel"],
                condition=models.Q(ingetrokken_op__isnull=True),
                name="een_actieve_toegang_per_gebruiker",
            ),
            models.UniqueConstraint(
                fields=["organisatie", "maatregel"],
                condition=models.Q(ingetrokken_op__isnull=True, rol="verantwoordelijke"),
                name="een_organisatieverantwoordelijke_per_maatregel",
            ),
        ]

    def __str__(self):
        return f"{self.gebruiker} → {self.organisatie} ({self.get_rol_display()})"


def _new_token() -> str:
    return secrets.token_urlsafe(32)


class Uitnodiging(models.Model):
    """An e-mail invitation to a colleague to get access for an organisation."""

    organisatie = models.ForeignKey(Organisatie, on_delete=models.CASCADE, related_name="uitnodigingen")
    maatregel = models.CharField(
        _("maatregel"), max_length=30, choices=Maatregel.choices, default=Maatregel.IMW
    )
    email = models.EmailField(_("e-mailadres"))
    token = models.CharField(max_length=64, unique=True, default=_new_token, editable=False)
    uitgenodigd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("uitgenodigd door"),
    )
    aangemaakt_op = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    geldig_tot = models.DateTimeField(_("geldig tot"))
    aanvaard_op = models.DateTimeField(_("aanvaard op"), null=True, blank=True)
    aanvaard_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    ingetrokken_op = models.DateTimeField(_("ingetrokken op"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("uitnodiging")
        verbose_name_plural = _("uitnodigingen")

    def __str__(self):
        return f"{self.email} → {self.organisatie}"
