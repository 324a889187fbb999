from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .. import rules
from ..fields import IbanField, InszField, KboField
from ..prepared import PreparedQuery


class Gewest(models.TextChoices):
    VLAANDEREN = "vlaanderen", _("Vlaams Gewest")
    BRUSSEL = "brussel", _("Brussels Hoofdstedelijk Gewest")
    WALLONIE = "wallonie", _("Waals Gewest")
    EU_EER = "eu_eer", _("Ander land van de EU/EER")
    BUITEN_EU = "buiten_eu", _("Buiten de EU/EER")


class OrganisatieSoort(models.TextChoices):
    PRIVAAT = "privaat", _("Privaatrechtelijke rechtspersoon (bv, nv, vzw, interimkantoor)")
    NATUURLIJK_PERSOON = "natuurlijk_persoon", _("Natuurlijk persoon met personeel")
    ZELFSTANDIGE = "zelfstandige", _("Zelfstandige")
    BUITENLANDS = "buitenlands", _("Werkgever gevestigd in het buitenland")
    SCHOOL = "school", _("School")
    SCHOLENGROEP = "scholengroep", _("Scholengroep")
    LOKAAL_BESTUUR = "lokaal_bestuur", _("Lokaal bestuur")
    ANDERE_OVERHEID = "andere_overheid", _("Andere overheid")


class Organisatie(models.Model):
    """An enterprise known by its KBO number: an employer, a self-employed person or a school."""

    kbo_nummer = KboField(_("KBO-nummer"), unique=True)
    naam = models.CharField(_("naam"), max_length=200)
    soort = models.CharField(_("soort"), max_length=30, choices=OrganisatieSoort.choices)
    in_moeilijkheden = models.BooleanField(
        _("onderneming in moeilijkheden"),
        default=False,
        help_text=_("Een onderneming in moeilijkheden komt niet in aanmerking voor individueel maatwerk."),
    )
    scholengroep = models.ForeignKey(
        "self",
        verbose_name=_("scholengroep"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="scholen",
        limit_choices_to={"soort": OrganisatieSoort.SCHOLENGROEP},
    )
    persoon = models.ForeignKey(
        "loket.Persoon",
        verbose_name=_("persoon (zelfstandige of natuurlijk persoon)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="ondernemingen",
    )
    email = models.EmailField(_("e-mailadres"), blank=True)
    aangemaakt_op = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("organisatie")
        verbose_name_plural = _("organisaties")
        ordering = ["naam"]

    def __str__(self):
        return f"{self.naam} ({self.kbo_weergave})"

    @property
    def kbo_weergave(self) -> str:
        return rules.format_kbo(self.kbo_nummer)

    @property
    def betalende_organisatie(self) -> "Organisatie":
        """Premiums of the schools of a scholengroep go to the group's account."""
        return self.scholengroep if self.scholengroep_id else self

    def huidige_rekening(self) -> "Bankrekening | None":
        return huidige_rekening(self.scholengroep_id or self.pk)


class Vestiging(models.Model):
    organisatie = models.ForeignKey(Organisatie, on_delete=models.CASCADE, related_name="vestigingen")
    naam = models.CharField(_("naam"), max_length=200)
    straat = models.CharField(_("straat en nummer"), max_length=200)
    postcode = models.CharField(_("postcode"), max_length=10)
    gemeente = models.CharField(_("gemeente"), max_length=100)
    land = models.CharField(_("land"), max_length=60, default="België")
    gewest = models.CharField(_("gewest"), max_length=20, choices=Gewest.choices)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("vestiging")
        verbose_name_plural = _("vestigingen")
        ordering = ["organisatie", "naam"]

    def __str__(self):
        return f"{self.naam}, {self.straat}, {self.postcode} {self.gemeente}"


class Bankrekening(models.Model):
    """The account all premiums of a KBO number are paid to; older rows are its history."""

    organisatie = models.ForeignKey(Organisatie, on_delete=models.CASCADE, related_name="rekeningen")
    iban = IbanField(_("IBAN"))
    geldig_vanaf = models.DateField(_("geldig vanaf"))
    actief = models.BooleanField(_("actief"), default=True)
    opgegeven_door = models.ForeignKey(
        "auth.User", null=True, blank=True, on_delete=models.SET_NULL, verbose_name=_("opgegeven door")
    )
    opgegeven_op = models.DateTimeField(_("opgegeven op"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("bankrekening")
        verbose_name_plural = _("bankrekeningen")
        ordering = ["-geldig_vanaf", "-id"]

    def __str__(self):
        return rules.format_iban(self.iban)

    @property
    def gemaskeerd(self) -> str:
        return rules.mask_iban(self.iban)


class Persoon(models.Model):
    """A natural person known by INSZ: an employee, or a self-employed person."""

    insz = InszField(_("INSZ-nummer"), unique=True)
    voornaam = models.CharField(_("voornaam"), max_length=100)
    achternaam = models.CharField(_("achternaam"), max_length=100)
    woonplaats_gewest = models.CharField(_("woont in"), max_length=20, choices=Gewest.choices)
    email = models.EmailField(
        _("e-mailadres"), blank=True, help_text=_("Zonder e-mailadres gaan brieven met de post.")
    )
    straat = models.CharField(_("straat en nummer"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=10, blank=True)
    gemeente = models.CharField(_("gemeente"), max_length=100, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("persoon")
        verbose_name_plural = _("personen")
        ordering = ["achternaam", "voornaam"]

    def __str__(self):
        return f"{self.volledige_naam} ({self.insz_weergave})"

    @property
    def volledige_naam(self) -> str:
        return f"{self.voornaam} {self.achternaam}"

    @property
    def insz_weergave(self) -> str:
        return rules.format_insz(self.insz)


# Of an organisation's active accounts, the one paid into: the newest valid one.
HUIDIGE_REKENING_VOLGORDE = ("-geldig_vanaf", "-id")
# Read on every dossier page in the admin: compiled to SQL once per process (loket.prepared).
_HUIDIGE_REKENING = PreparedQuery(
    lambda organisatie_id: Bankrekening.objects.filter(organisatie_id=organisatie_id, actief=True).order_by(
        *HUIDIGE_REKENING_VOLGORDE
    )[:1]
)


def huidige_rekening(betaler_id: int) -> Bankrekening | None:
    """The account payments to this organisation (a school's scholengroep) go to, or None."""
    return _HUIDIGE_REKENING.first(organisatie_id=betaler_id)
