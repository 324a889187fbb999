"""Dated rule parameters: amounts and percentages that change over time.

Staff edit these in the admin; code reads them only through ``loket.parameters``, which
hands plain values to the pure rules. Seeded by a data migration with the values of domain.md.
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .bronnen import Begeleidingsnood


class GeldigheidsPeriode(models.Model):
    geldig_vanaf = models.DateField(_("geldig vanaf"))
    geldig_tot = models.DateField(_("geldig tot en met"), null=True, blank=True)

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        if self.geldig_tot and self.geldig_vanaf and self.geldig_tot < self.geldig_vanaf:
            raise ValidationError({"geldig_tot": _("De einddatum ligt vóór de begindatum.")})


class GgmmiBedrag(GeldigheidsPeriode):
    """Gewaarborgd gemiddeld minimum maandinkomen (GGMMI), per month."""

    bedrag_per_maand = models.DecimalField(_("bedrag per maand"), max_digits=9, decimal_places=2)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("GGMMI-bedrag")
        verbose_name_plural = _("GGMMI-bedragen")
        ordering = ["-geldig_vanaf"]

    def __str__(self):
        return f"€ {self.bedrag_per_maand} vanaf {self.geldig_vanaf:%d/%m/%Y}"


class DegressiefPakket(GeldigheidsPeriode):
    """A start package of degressive percentages, per quarter of the award."""

    naam = models.CharField(_("naam"), max_length=100)
    duur_jaren = models.PositiveSmallIntegerField(_("duurtijd (jaren)"), choices=[(2, "2"), (5, "5")])
    verhoogd = models.BooleanField(_("verhoogd pakket"), default=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("degressief pakket")
        verbose_name_plural = _("degressieve pakketten")
        ordering = ["duur_jaren", "verhoogd", "-geldig_vanaf"]

    def __str__(self):
        return self.naam


class PakketSchijf(models.Model):
    pakket = models.ForeignKey(DegressiefPakket, on_delete=models.CASCADE, related_name="schijven")
    van_kwartaal = models.PositiveSmallIntegerField(_("van kwartaal"), validators=[MinValueValidator(1)])
    tot_kwartaal = models.PositiveSmallIntegerField(
        _("tot en met kwartaal"), validators=[MinValueValidator(1)]
    )
    percentage = models.PositiveSmallIntegerField(
        _("percentage"), validators=[MinValueValidator(20), MaxValueValidator(75)]
    )

    class Meta:
        verbose_name = _("schijf")
        verbose_name_plural = _("schijven")
        ordering = ["pakket", "van_kwartaal"]

    def __str__(self):
        return f"Q{self.van_kwartaal}–Q{self.tot_kwartaal}: {self.percentage}%"

    def clean(self):
        if self.percentage is not None and self.percentage % 5:
            raise ValidationError({"percentage": _("Het percentage is altijd een veelvoud van 5.")})
        if self.van_kwartaal and self.tot_kwartaal and self.tot_kwartaal < self.van_kwartaal:
            raise ValidationError({"tot_kwartaal": _("Het laatste kwartaal ligt vóór het eerste.")})


class BegeleidingspremieBedrag(GeldigheidsPeriode):
    """Flat begeleidingspremie per quarter for quarters ``van_kwartaal``..``tot_kwartaal`` of the award."""

    van_kwartaal = models.PositiveSmallIntegerField(_("van kwartaal"), validators=[MinValueValidator(1)])
    tot_kwartaal = models.PositiveSmallIntegerField(
        _("tot en met kwartaal"), null=True, blank=True, help_text=_("Leeg: tot het einde van de premie.")
    )
    bedrag_per_kwartaal = models.DecimalField(_("bedrag per kwartaal"), max_digits=9, decimal_places=2)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("bedrag begeleidingspremie")
        verbose_name_plural = _("bedragen begeleidingspremie")
        ordering = ["-geldig_vanaf", "van_kwartaal"]

    def __str__(self):
        return f"€ {self.bedrag_per_kwartaal} vanaf kwartaal {self.van_kwartaal}"


class BegeleidingspremieOpstart(GeldigheidsPeriode):
    """Extra start-up amount of the begeleidingspremie, by the guidance need VDAB set."""

    begeleidingsnood = models.CharField(
        _("begeleidingsnood"), max_length=10, choices=Begeleidingsnood.choices
    )
    bedrag = models.DecimalField(_("bedrag"), max_digits=9, decimal_places=2, default=Decimal("0"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("opstartbedrag begeleidingspremie")
        verbose_name_plural = _("opstartbedragen begeleidingspremie")
        ordering = ["-geldig_vanaf", "begeleidingsnood"]

    def __str__(self):
        return f"{self.get_begeleidingsnood_display()}: € {self.bedrag}"


class OndersteuningReferentiebedrag(GeldigheidsPeriode):
    """Reference amount per quarter of the ondersteuningspremie (self-employed): not a DmfA wage.

    Without a row in force the engine uses ``premies.rules.standaard_referentiebedrag_zelfstandige``
    (the GGMMI of the quarter's three months, summed) until staff set the real figure.
    """

    bedrag_per_kwartaal = models.DecimalField(_("bedrag per kwartaal"), max_digits=10, decimal_places=2)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("referentiebedrag ondersteuningspremie")
        verbose_name_plural = _("referentiebedragen ondersteuningspremie")
        ordering = ["-geldig_vanaf"]

    def __str__(self):
        return f"€ {self.bedrag_per_kwartaal} vanaf {self.geldig_vanaf:%d/%m/%Y}"
