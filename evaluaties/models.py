from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from aanvragen.models import Pakket
from loket.models.bronnen import Begeleidingsnood


class EvaluatieStatus(models.TextChoices):
    CONCEPT = "concept", _("In opmaak")
    INGEDIEND = "ingediend", _("Ingediend")
    ONTVANKELIJK = "ontvankelijk", _("Ontvankelijk")
    NIET_ONTVANKELIJK = "niet_ontvankelijk", _("Niet ontvankelijk")
    BIJ_VDAB = "bij_vdab", _("Bij VDAB voor evaluatie")
    BESLIST = "beslist", _("Beslist")


# One request per dossier at a time: a draft or a request that is not decided yet.
OPEN_STATUSSEN = ("concept", "ingediend", "ontvankelijk", "bij_vdab")
# Staff handle these (the 120-day deadline runs).
TE_BEHANDELEN_STATUSSEN = ("ontvankelijk", "bij_vdab")


class EvaluatieUitkomst(models.TextChoices):
    HOOGTE = "hoogte", _("Hoogte gewijzigd")
    DUUR = "duur", _("Duurtijd gewijzigd (verlengd)")
    BEIDE = "beide", _("Hoogte en duurtijd gewijzigd")
    ONGEWIJZIGD = "ongewijzigd", _("Ongewijzigd")
    GEWEIGERD = "geweigerd", _("Geweigerd")


class VdabBronSoort(models.TextChoices):
    BRON = "bron", _("Opgevraagd bij VDAB")
    MANUEEL = "manueel", _("Met de hand ingevuld")


class Evaluatie(models.Model):
    """A request to evaluate the height and/or the duration of a running premium, from draft to
    decision. Changes only through ``evaluaties.services``."""

    dossier = models.ForeignKey(
        "aanvragen.Dossier", verbose_name=_("dossier"), on_delete=models.CASCADE, related_name="evaluaties"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=EvaluatieStatus.choices, default=EvaluatieStatus.CONCEPT
    )
    hoogte = models.BooleanField(_("evaluatie van de hoogte"), default=False)
    duur = models.BooleanField(_("evaluatie van de duurtijd (verlenging)"), default=False)
    laatste_stap = models.CharField(_("laatste stap"), max_length=20, blank=True)
    # The fields of the motivatieverslag as read back from the uploaded PDF.
    motivatie = models.JSONField(_("motivatieverslag (velden)"), default=dict, blank=True)
    motivatieverslag = models.ForeignKey(
        "aanvragen.Document", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    ondersteuningsplan = models.ForeignKey(
        "aanvragen.Document", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    ontvangstbewijs = models.ForeignKey(
        "aanvragen.Document", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    aangemaakt_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    aangemaakt_op = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    gewijzigd_op = models.DateTimeField(_("gewijzigd op"), auto_now=True)
    ingediend_op = models.DateTimeField(_("ingediend op"), null=True, blank=True)
    ingediend_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Deadlines stored at submission (``evaluaties.rules``): the queue orders on them.
    ontvankelijkheid_uiterlijk = models.DateField(
        _("ontvankelijkheid uiterlijk"), null=True, blank=True, db_index=True
    )
    beslissing_uiterlijk = models.DateField(_("beslissing uiterlijk"), null=True, blank=True, db_index=True)

    ontvankelijk = models.BooleanField(_("ontvankelijk"), null=True, blank=True)
    redenen = models.JSONField(_("redenen niet ontvankelijk"), default=list, blank=True)
    ontvankelijkheid_getoetst_op = models.DateTimeField(
        _("ontvankelijkheid getoetst op"), null=True, blank=True
    )
    ontvankelijkheid_gemeld_op = models.DateTimeField(
        _("bevestigingsmail verstuurd op"), null=True, blank=True
    )
    tijdig = models.BooleanField(
        _("tijdig ingediend (doorbetaling)"),
        null=True,
        blank=True,
        help_text=_(
            "Minstens 5 maanden voor het einde ingediend: de premie wordt doorbetaald tot de beslissing."
        ),
    )

    doorgestuurd_op = models.DateTimeField(_("naar VDAB gestuurd op"), null=True, blank=True)
    doorgestuurd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    # VDAB's evaluation of the need, read from the source or entered by hand (with a reason).
    vdab_geevalueerd_op = models.DateField(_("VDAB-evaluatie op"), null=True, blank=True)
    vdab_percentage = models.PositiveSmallIntegerField(_("nieuw percentage"), null=True, blank=True)
    vdab_pakket = models.CharField(_("nieuw pakket"), max_length=12, choices=Pakket.choices, blank=True)
    vdab_duur_jaren = models.PositiveSmallIntegerField(_("nieuwe duurtijd (jaren)"), null=True, blank=True)
    vdab_begeleidingsnood = models.CharField(
        _("begeleidingsnood"), max_length=10, choices=Begeleidingsnood.choices, blank=True
    )
    vdab_bron = models.CharField(
        _("herkomst VDAB-evaluatie"), max_length=10, choices=VdabBronSoort.choices, blank=True
    )
    vdab_reden = models.TextField(_("reden (met de hand ingevuld)"), blank=True)
    vdab_geregistreerd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    uitkomst = models.CharField(_("uitkomst"), max_length=12, choices=EvaluatieUitkomst.choices, blank=True)
    beslissing = models.OneToOneField(
        "aanvragen.Beslissing",
        null=True,
        blank=True,
        on_delete=models.RESTRICT,  # see Beslissing.vorige_periode: the dossier may still go
        related_name="evaluatie",
        verbose_name=_("nieuwe periode"),
    )
    beslist_op = models.DateField(_("beslist op"), null=True, blank=True)
    beslist_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reden = models.TextField(_("motivering"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("evaluatie")
        verbose_name_plural = _("evaluaties")
        ordering = ["-ingediend_op", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["dossier"],
                condition=Q(status__in=OPEN_STATUSSEN),
                name="een_open_evaluatie_per_dossier",
                violation_error_message=_("Voor dit dossier loopt al een aanvraag tot evaluatie."),
            )
        ]

    def __str__(self):
        return _("Evaluatie %(ref)s (%(soorten)s)") % {
            "ref": self.dossier.referentie if self.dossier_id else "",
            "soorten": self.soorten_tekst,
        }

    @property
    def soorten(self) -> list[str]:
        return [s for s, gevraagd in (("hoogte", self.hoogte), ("duur", self.duur)) if gevraagd]

    @property
    def soorten_tekst(self) -> str:
        namen = {"hoogte": _("hoogte"), "duur": _("duurtijd")}
        return " + ".join(str(namen[s]) for s in self.soorten) or "–"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSSEN
