"""Local registries of the authentic sources (VDAB, Dimona, DmfA, KBO).

Only the adapters in ``loket.bronnen`` read these tables; everything else asks the adapters,
so a real integration can replace a registry without touching the procedure code.
"""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ..fields import InszField, KboField


class Doelgroep(models.TextChoices):
    PMAH = "pmah", _("Persoon met arbeidshandicap (PmAH)")
    PMP = "pmp", _("Persoon met multiple problematiek (PMP)")


class Behoefte(models.TextChoices):
    LOONPREMIE = "loonpremie", _("Loonpremie")
    LOON_EN_BEGELEIDING = "loon_begeleiding", _("Loonpremie en begeleidingspremie")
    ONDERSTEUNING = "ondersteuning", _("Ondersteuningspremie")


class Begeleidingsnood(models.TextChoices):
    LAAG = "laag", _("Laag")
    MIDDEN = "midden", _("Midden")
    HOOG = "hoog", _("Hoog")


class VdabIndicatie(models.Model):
    insz = InszField(_("INSZ-nummer"), db_index=True)
    arbeidshandicap_erkend = models.BooleanField(_("arbeidshandicap erkend"), default=True)
    doelgroep = models.CharField(_("doelgroep"), max_length=10, choices=Doelgroep.choices, blank=True)
    behoefte = models.CharField(_("behoefte"), max_length=20, choices=Behoefte.choices, blank=True)
    percentage = models.PositiveSmallIntegerField(
        _("percentage"), null=True, blank=True, validators=[MinValueValidator(20), MaxValueValidator(75)]
    )
    duur_jaren = models.PositiveSmallIntegerField(
        _("duurtijd (jaren)"), null=True, blank=True, choices=[(2, _("2 jaar")), (5, _("5 jaar"))]
    )
    geldig_van = models.DateField(_("geldig van"))
    geldig_tot = models.DateField(_("geldig tot"), null=True, blank=True)
    begeleidingsnood = models.CharField(
        _("begeleidingsnood"), max_length=10, choices=Begeleidingsnood.choices, blank=True
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("VDAB-indicering")
        verbose_name_plural = _("VDAB-indiceringen")
        ordering = ["insz", "-geldig_van"]

    def __str__(self):
        return f"{self.insz} {self.get_behoefte_display()} {self.percentage or ''}% vanaf {self.geldig_van}"


class VdabEvaluatie(models.Model):
    """VDAB's evaluation of a person's need on this work floor (asked by DWSE for an evaluation
    request): the new percentage or start package, the duration and the guidance level."""

    insz = InszField(_("INSZ-nummer"), db_index=True)
    geevalueerd_op = models.DateField(_("geëvalueerd op"))
    behoefte = models.CharField(_("behoefte"), max_length=20, choices=Behoefte.choices, blank=True)
    percentage = models.PositiveSmallIntegerField(
        _("percentage"), null=True, blank=True, validators=[MinValueValidator(20), MaxValueValidator(75)]
    )
    pakket = models.CharField(
        _("pakket"),
        max_length=12,
        blank=True,
        help_text=_("Leeg of 'vast': één percentage. Anders een degressief pakket: 2j, 5j, 5j_verhoogd."),
    )
    duur_jaren = models.PositiveSmallIntegerField(
        _("duurtijd (jaren)"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    begeleidingsnood = models.CharField(
        _("begeleidingsnood"), max_length=10, choices=Begeleidingsnood.choices, blank=True
    )
    toelichting = models.TextField(_("toelichting"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("VDAB-evaluatie")
        verbose_name_plural = _("VDAB-evaluaties")
        ordering = ["insz", "-geevalueerd_op"]

    def __str__(self):
        return f"{self.insz} {self.percentage or self.pakket}% {self.duur_jaren} j ({self.geevalueerd_op})"


class DimonaRelatie(models.Model):
    werkgever_kbo = KboField(_("KBO-nummer werkgever"), db_index=True)
    insz = InszField(_("INSZ-nummer werknemer"), db_index=True)
    begin = models.DateField(_("begin"))
    einde = models.DateField(_("einde"), null=True, blank=True)
    arbeidsfractie = models.DecimalField(
        _("arbeidsfractie"),
        max_digits=5,
        decimal_places=4,
        default=1,
        validators=[MinValueValidator(0.0001), MaxValueValidator(1)],
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Dimona-tewerkstelling")
        verbose_name_plural = _("Dimona-tewerkstellingen")
        ordering = ["werkgever_kbo", "insz", "-begin"]

    def __str__(self):
        return f"{self.werkgever_kbo} – {self.insz} vanaf {self.begin}"


class DmfaLoonlijn(models.Model):
    werkgever_kbo = KboField(_("KBO-nummer werkgever"), db_index=True)
    insz = InszField(_("INSZ-nummer werknemer"), db_index=True)
    jaar = models.PositiveSmallIntegerField(_("jaar"))
    kwartaal = models.PositiveSmallIntegerField(
        _("kwartaal"), validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    brutoloon = models.DecimalField(_("brutoloon"), max_digits=12, decimal_places=2)
    werkgeversbijdragen = models.DecimalField(_("werkgeversbijdragen"), max_digits=12, decimal_places=2)
    verminderingen = models.DecimalField(
        _("verminderingen op werkgeversbijdragen"), max_digits=12, decimal_places=2, default=0
    )
    arbeidsfractie = models.DecimalField(
        _("arbeidsfractie"),
        max_digits=5,
        decimal_places=4,
        default=1,
        validators=[MinValueValidator(0.0001), MaxValueValidator(1)],
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("DmfA-loonlijn")
        verbose_name_plural = _("DmfA-loonlijnen")
        ordering = ["werkgever_kbo", "insz", "-jaar", "-kwartaal"]
        constraints = [
            models.UniqueConstraint(
                fields=["werkgever_kbo", "insz", "jaar", "kwartaal"], name="een_dmfa_lijn_per_kwartaal"
            )
        ]

    def __str__(self):
        return f"{self.werkgever_kbo} – {self.insz} {self.jaar}-Q{self.kwartaal}"


class KboInschrijving(models.Model):
    kbo_nummer = KboField(_("KBO-nummer"), unique=True)
    naam = models.CharField(_("naam"), max_length=200)
    rechtsvorm = models.CharField(_("rechtsvorm"), max_length=100, blank=True)
    actief = models.BooleanField(_("actief"), default=True)
    # The registered seat (maatschappelijke zetel): where an activation code goes by post.
    straat = models.CharField(_("straat en nummer (zetel)"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode (zetel)"), max_length=10, blank=True)
    gemeente = models.CharField(_("gemeente (zetel)"), max_length=100, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("KBO-inschrijving")
        verbose_name_plural = _("KBO-inschrijvingen")
        ordering = ["kbo_nummer"]

    def __str__(self):
        return f"{self.kbo_nummer} {self.naam}"
