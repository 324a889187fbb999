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


class ActivatieWijze(models.TextChoices):
    BESTAAND = "bestaand", _("actief van voor de activatiecodes")
    CODE = "code", _("met de activatiecode per post")
    DWSE = "dwse", _("door DWSE, zonder code")
    UITNODIGING = "uitnodiging", _("uitgenodigd door een geverifieerde verantwoordelijke")
    COLLEGA = "collega", _("had al geverifieerde toegang tot de organisatie")
    MANDAAT = "mandaat", _("mandaat in de KBO, gemeld door de federale aanmelding")


class ToegangQuerySet(models.QuerySet):
    def actief(self):
        """Usable grants: not revoked and activated. A pending grant gives no access at all."""
        return self.filter(ingetrokken_op__isnull=True, geactiveerd_op__isnull=False)

    def lopend(self):
        """Not revoked: active or waiting for activation."""
        return self.filter(ingetrokken_op__isnull=True)

    def in_afwachting(self):
        """Waiting for activation (the code sent by post, or a DWSE approval)."""
        return self.filter(ingetrokken_op__isnull=True, geactiveerd_op__isnull=True)


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
    # Empty: 'in afwachting van activatie' (no access until the code from the letter or a DWSE
    # approval); see loket.toegangsbeheer.
    geactiveerd_op = models.DateTimeField(_("geactiveerd op"), null=True, blank=True)
    geactiveerd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("geactiveerd door"),
    )
    activatie_wijze = models.CharField(
        _("geactiveerd"), max_length=20, choices=ActivatieWijze.choices, blank=True
    )
    activatie_reden = models.TextField(_("reden van activatie zonder code"), blank=True)
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
                condition=models.Q(
                    ingetrokken_op__isnull=True, geactiveerd_op__isnull=False, rol="verantwoordelijke"
                ),
                name="een_organisatieverantwoordelijke_per_maatregel",
            ),
        ]
        permissions = [("activeren_toegang", _("Registratie activeren zonder code"))]

    def __str__(self):
        return f"{self.gebruiker} → {self.organisatie} ({self.get_rol_display()})"

    @property
    def in_afwachting(self) -> bool:
        return self.ingetrokken_op is None and self.geactiveerd_op is None


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


class Activatiecode(models.Model):
    """A code sent by post to the registered seat (KBO) of an organisation: whoever enters it
    proves to read that organisation's mail, and so may act for it. Only a hash is stored."""

    toegang = models.ForeignKey(Toegang, on_delete=models.CASCADE, related_name="activatiecodes")
    code_hash = models.CharField(max_length=128, editable=False)
    aangemaakt_op = models.DateTimeField(_("verstuurd op"), auto_now_add=True)
    geldig_tot = models.DateTimeField(_("geldig tot"))
    pogingen = models.PositiveSmallIntegerField(_("foute pogingen"), default=0)
    gebruikt_op = models.DateTimeField(_("gebruikt op"), null=True, blank=True)
    vervangen_op = models.DateTimeField(_("vervangen op"), null=True, blank=True)
    naam = models.CharField(_("geadresseerde"), max_length=200)
    straat = models.CharField(_("straat en nummer"), max_length=200)
    postcode = models.CharField(_("postcode"), max_length=10)
    gemeente = models.CharField(_("gemeente"), max_length=100)

    class Meta:
        verbose_name = _("activatiecode")
        verbose_name_plural = _("activatiecodes")
        ordering = ["-aangemaakt_op", "-id"]

    def __str__(self):
        return f"{self.toegang} – {self.aangemaakt_op:%d/%m/%Y}"

    @property
    def adres(self) -> str:
        return f"{self.straat}, {self.postcode} {self.gemeente}"


class MandaatQuerySet(models.QuerySet):
    def actief(self):
        return self.filter(ingetrokken_op__isnull=True)


class Mandaat(models.Model):
    """An organisation lets a social secretariat (another KBO number) act for it for one measure,
    through the API. Granted and revoked by the organisation's responsible, like a colleague's
    access (see ``loket.toegangsbeheer``)."""

    organisatie = models.ForeignKey(Organisatie, on_delete=models.CASCADE, related_name="mandaten")
    secretariaat = models.ForeignKey(
        Organisatie,
        on_delete=models.CASCADE,
        related_name="mandaten_als_secretariaat",
        verbose_name=_("sociaal secretariaat"),
    )
    maatregel = models.CharField(
        _("maatregel"), max_length=30, choices=Maatregel.choices, default=Maatregel.IMW
    )
    verleend_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
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

    objects = MandaatQuerySet.as_manager()

    class Meta:
        verbose_name = _("mandaat van een sociaal secretariaat")
        verbose_name_plural = _("mandaten van sociale secretariaten")
        constraints = [
            models.UniqueConstraint(
                fields=["organisatie", "secretariaat", "maatregel"],
                condition=models.Q(ingetrokken_op__isnull=True),
                name="een_actief_mandaat_per_secretariaat",
            ),
        ]

    def __str__(self):
        return f"{self.secretariaat} → {self.organisatie}"
