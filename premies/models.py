"""Payouts: runs, payment lines, the hold list and the staff list of quarters that cannot be paid.

A payment line is never updated in place: a changed DmfA declaration adds a correction line with
the next ``volgnummer``. The unique constraint on (dossier, quarter, premium type, volgnummer)
decides which of two concurrent runs pays: the other one's insert fails and pays nothing.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from loket.fields import IbanField
from loket.storage import private_storage


class PremieSoort(models.TextChoices):
    LOONPREMIE = "loonpremie", _("Loonpremie")
    BEGELEIDINGSPREMIE = "begeleidingspremie", _("Begeleidingspremie")
    ONDERSTEUNINGSPREMIE = "ondersteuningspremie", _("Ondersteuningspremie")


class RunStatus(models.TextChoices):
    CONCEPT = "concept", _("Concept")
    GOEDGEKEURD = "goedgekeurd", _("Goedgekeurd")
    VERZONDEN = "verzonden", _("Verzonden")


class Uitbetalingsrun(models.Model):
    """One payout: the lines it pays, approved by a supervisor who did not start it (four eyes),
    then released as a SEPA credit transfer file."""

    betaaldatum = models.DateField(_("betaaldatum"))
    status = models.CharField(
        _("status"), max_length=12, choices=RunStatus.choices, default=RunStatus.CONCEPT, db_index=True
    )
    aantal_lijnen = models.PositiveIntegerField(_("aantal betaallijnen"), default=0)
    totaal = models.DecimalField(_("totaal"), max_digits=14, decimal_places=2, default=0)
    gestart_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("gestart door"),
        help_text=_("Leeg: door de dagelijkse taak."),
    )
    gestart_op = models.DateTimeField(_("gestart op"), auto_now_add=True)
    goedgekeurd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("goedgekeurd door"),
    )
    goedgekeurd_op = models.DateTimeField(_("goedgekeurd op"), null=True, blank=True)
    verzonden_op = models.DateTimeField(_("verzonden op"), null=True, blank=True)
    sepa_bestand = models.FileField(
        _("SEPA-bestand"), storage=private_storage, upload_to="sepa/%Y/%m/", blank=True
    )
    # What the last pass of the engine saw, for staff: dossiers on hold, quarters waiting for the
    # DmfA declaration, problems; and the accounts whose total was negative (reclaimed, not paid).
    overzicht = models.JSONField(_("overzicht"), default=dict, blank=True)

    class Meta:
        verbose_name = _("uitbetalingsrun")
        verbose_name_plural = _("uitbetalingsruns")
        ordering = ["-betaaldatum", "-id"]
        constraints = [
            # Every engine pass adds its lines to THE concept run: two workers cannot open two.
            models.UniqueConstraint(
                fields=["status"], condition=models.Q(status="concept"), name="een_conceptrun"
            )
        ]

    def __str__(self):
        return _("Uitbetaling %(datum)s (%(status)s)") % {
            "datum": self.betaaldatum.strftime("%d/%m/%Y"),
            "status": self.get_status_display(),
        }


class Betaallijn(models.Model):
    """What one quarter of one premium of one dossier pays, and what it was computed from.

    ``bedrag`` is the premium for the quarter as computed now; ``uitbetaald`` is what this line
    pays (for a correction: the difference with what earlier lines paid, negative to reclaim).
    """

    run = models.ForeignKey(
        Uitbetalingsrun, null=True, blank=True, on_delete=models.PROTECT, related_name="lijnen"
    )
    dossier = models.ForeignKey("aanvragen.Dossier", on_delete=models.PROTECT, related_name="betaallijnen")
    organisatie = models.ForeignKey(
        "loket.Organisatie", on_delete=models.PROTECT, related_name="betaallijnen"
    )
    periode = models.ForeignKey(
        "aanvragen.Beslissing",
        on_delete=models.PROTECT,
        related_name="betaallijnen",
        verbose_name=_("toekenningsperiode"),
    )
    jaar = models.PositiveSmallIntegerField(_("jaar"))
    kwartaal = models.PositiveSmallIntegerField(_("kwartaal"))
    kwartaalnummer = models.PositiveSmallIntegerField(_("kwartaal van de premie"))
    premie_soort = models.CharField(_("premie"), max_length=20, choices=PremieSoort.choices)
    volgnummer = models.PositiveSmallIntegerField(
        _("volgnummer"), default=1, help_text=_("1: eerste betaling; 2 en meer: correcties.")
    )
    dmfa_versie = models.CharField(_("versie DmfA-aangifte"), max_length=32, blank=True)
    # The DmfA figures the line was computed from (empty for the ondersteuningspremie).
    brutoloon = models.DecimalField(_("brutoloon"), max_digits=12, decimal_places=2, null=True, blank=True)
    werkgeversbijdragen = models.DecimalField(
        _("werkgeversbijdragen"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    verminderingen = models.DecimalField(
        _("verminderingen"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    arbeidsfractie = models.DecimalField(
        _("arbeidsfractie"), max_digits=5, decimal_places=4, null=True, blank=True
    )
    referteloon = models.DecimalField(
        _("referteloon"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    plafond = models.DecimalField(_("plafond"), max_digits=12, decimal_places=2, null=True, blank=True)
    percentage = models.PositiveSmallIntegerField(_("percentage"), null=True, blank=True)
    dagen_in_dienst = models.PositiveSmallIntegerField(_("dagen in dienst"), null=True, blank=True)
    dagen_kwartaal = models.PositiveSmallIntegerField(_("dagen in het kwartaal"), null=True, blank=True)
    doorbetaling = models.BooleanField(
        _("doorbetaling"), default=False, help_text=_("Betaald na de einddatum, zolang de evaluatie loopt.")
    )
    bedrag = models.DecimalField(_("premie voor het kwartaal"), max_digits=12, decimal_places=2)
    uitbetaald = models.DecimalField(_("uitbetaald met deze lijn"), max_digits=12, decimal_places=2)
    iban = IbanField(_("rekeningnummer"), blank=True)
    aangemaakt_op = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)

    class Meta:
        verbose_name = _("betaallijn")
        verbose_name_plural = _("betaallijnen")
        ordering = ["dossier", "jaar", "kwartaal", "premie_soort", "volgnummer"]
        constraints = [
            models.UniqueConstraint(
                fields=["dossier", "jaar", "kwartaal", "premie_soort", "volgnummer"],
                name="een_betaling_per_kwartaal_premie_en_versie",
            )
        ]
        indexes = [
            models.Index(fields=["dossier", "jaar", "kwartaal"]),
            models.Index(fields=["run", "organisatie"]),
        ]

    def __str__(self):
        soort = self.get_premie_soort_display()
        return f"{self.dossier} {self.jaar}-Q{self.kwartaal} {soort} #{self.volgnummer}"

    @property
    def correctie(self) -> bool:
        return self.volgnummer > 1


class Betalingsblokkering(models.Model):
    """Staff put one dossier's payments on hold, with a reason; released later (also with who/when)."""

    dossier = models.ForeignKey(
        "aanvragen.Dossier", on_delete=models.CASCADE, related_name="betalingsblokkeringen"
    )
    reden = models.TextField(_("reden"))
    door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("door"),
    )
    op = models.DateTimeField(_("op"), auto_now_add=True)
    opgeheven_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("opgeheven door"),
    )
    opgeheven_op = models.DateTimeField(_("opgeheven op"), null=True, blank=True)
    reden_opheffing = models.TextField(_("reden van de opheffing"), blank=True)

    class Meta:
        verbose_name = _("betalingsblokkering")
        verbose_name_plural = _("betalingsblokkeringen")
        ordering = ["-op", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["dossier"],
                condition=models.Q(opgeheven_op__isnull=True),
                name="een_actieve_blokkering_per_dossier",
            )
        ]

    def __str__(self):
        return f"{self.dossier}: {self.reden[:60]}"


class Betalingsprobleem(models.Model):
    """A quarter the engine could not pay (no GGMMI for a month, a negative DmfA amount, a fraction
    above 1, a DmfA line of another employer...). Staff see it with a Dutch reason; the rest of the
    run goes on. Resolved automatically when a later run pays the quarter."""

    dossier = models.ForeignKey(
        "aanvragen.Dossier", on_delete=models.CASCADE, related_name="betalingsproblemen"
    )
    jaar = models.PositiveSmallIntegerField(_("jaar"))
    kwartaal = models.PositiveSmallIntegerField(_("kwartaal"))
    premie_soort = models.CharField(_("premie"), max_length=20, choices=PremieSoort.choices)
    reden = models.TextField(_("reden"))
    vastgesteld_op = models.DateTimeField(_("vastgesteld op"), auto_now=True)
    opgelost_op = models.DateTimeField(_("opgelost op"), null=True, blank=True, db_index=True)

    class Meta:
        verbose_name = _("betalingsprobleem")
        verbose_name_plural = _("betalingsproblemen")
        ordering = ["-vastgesteld_op", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["dossier", "jaar", "kwartaal", "premie_soort"],
                condition=models.Q(opgelost_op__isnull=True),
                name="een_open_probleem_per_kwartaal_en_premie",
            )
        ]

    def __str__(self):
        return f"{self.dossier} {self.jaar}-Q{self.kwartaal}: {self.reden[:60]}"
