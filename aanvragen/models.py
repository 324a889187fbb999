from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from loket.fields import IbanField, InszField, KboField
from loket.indexes import BeginIndex
from loket.models.bronnen import Begeleidingsnood
from loket.models.organisaties import Gewest
from loket.prepared import PreparedQuery
from loket.storage import private_storage


def keuze_label(keuzes: type[models.Choices], waarde: str):
    """The label of a stored choice, or the value itself when it is no (longer a) choice."""
    try:
        return keuzes(waarde).label
    except ValueError:
        return waarde


def met_dossier(objecten: list, dossier: "Dossier") -> list:
    """Rows of a dossier read by its key (``loket.prepared``), with their dossier set as the
    related manager would: their names and links show it, without a query each."""
    for obj in objecten:
        obj.dossier = dossier
    return objecten


class Status(models.TextChoices):
    CONCEPT = "concept", _("Concept")
    INGEDIEND = "ingediend", _("Ingediend")
    ONTVANKELIJK = "ontvankelijk", _("Ontvankelijk")
    NIET_ONTVANKELIJK = "niet_ontvankelijk", _("Niet ontvankelijk")
    IN_BEHANDELING = "in_behandeling", _("In behandeling")
    TOEGEKEND = "toegekend", _("Toegekend")
    GEWEIGERD = "geweigerd", _("Geweigerd")
    LOPEND = "lopend", _("Lopend")
    IN_EVALUATIE = "in_evaluatie", _("In evaluatie")
    BEEINDIGD = "beeindigd", _("Beëindigd")


class PremieKeuze(models.TextChoices):
    LOONPREMIE = "loonpremie", _("Loonpremie")
    LOON_EN_BEGELEIDING = "loon_begeleiding", _("Loonpremie en begeleidingspremie")
    ONDERSTEUNING = "ondersteuning", _("Ondersteuningspremie")


class AanvragerSoort(models.TextChoices):
    WERKGEVER = "werkgever", _("Werkgever")
    ZELFSTANDIGE = "zelfstandige", _("Zelfstandige")


class BegeleiderSoort(models.TextChoices):
    INTERN = "intern", _("Interne gekwalificeerde begeleider")
    EXTERN = "extern", _("Erkende externe dienstverlener")


class ErkendeDienstverlener(models.Model):
    """A recognised external guidance provider; the list is kept by supervisors."""

    naam = models.CharField(_("naam"), max_length=200)
    kbo_nummer = KboField(_("KBO-nummer"), blank=True)
    gemeente = models.CharField(_("gemeente"), max_length=100, blank=True)
    actief = models.BooleanField(_("actief"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("erkende dienstverlener")
        verbose_name_plural = _("erkende dienstverleners")
        ordering = ["naam"]

    def __str__(self):
        return self.naam


class DossierQuerySet(models.QuerySet):
    def ingediend(self):
        """Submitted applications and dossiers (everything but drafts)."""
        return self.exclude(status="concept")

    def zonder_bevestiging_na(self, dagen: int = 5, vandaag=None):
        """Submitted ``dagen`` or more calendar days before ``vandaag`` (default: today) and no
        confirmation mail sent yet."""
        import datetime as dt

        from django.utils import timezone

        vandaag = vandaag or timezone.localdate()
        grens = timezone.make_aware(dt.datetime.combine(vandaag - dt.timedelta(days=dagen - 1), dt.time.min))
        return self.ingediend().filter(ingediend_op__lt=grens, ontvankelijkheid_gemeld_op__isnull=True)

    def te_laat_bevestigd(self):
        """Staff list: put there by the daily check (``signaleer_late_bevestigingen``) and still
        without confirmation mail."""
        return self.filter(
            bevestiging_te_laat_gesignaleerd_op__isnull=False, ontvankelijkheid_gemeld_op__isnull=True
        )


# What 'Actuele stand van uw dossier' shows of each dossier besides its key and submission date
# (aanvragen.views.dossiers): its indexes carry these columns, so a page is read from the index.
STAND_KOLOMMEN = [
    "referentie",
    "status",
    "werknemer_voornaam",
    "werknemer_achternaam",
    "premie_keuze",
    "beslissing_uiterlijk",
    "lopende_termijn",
]


class Dossier(models.Model):
    """One IMW application for one employee (or self-employed person), from draft to end.

    Status changes only through ``aanvragen.services``; see ``rules.OVERGANGEN``.
    """

    referentie = models.CharField(_("referentie"), max_length=20, unique=True, null=True, blank=True)
    organisatie = models.ForeignKey(
        "loket.Organisatie", verbose_name=_("organisatie"), on_delete=models.PROTECT, related_name="dossiers"
    )
    aangemaakt_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("aangemaakt door"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    aangemaakt_op = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    gewijzigd_op = models.DateTimeField(_("gewijzigd op"), auto_now=True)
    aanvrager_soort = models.CharField(
        _("aanvrager"), max_length=20, choices=AanvragerSoort.choices, default=AanvragerSoort.WERKGEVER
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.CONCEPT, db_index=True
    )
    laatste_stap = models.CharField(_("laatste stap"), max_length=40, blank=True)

    # Contact for this application (asked first, as the procedure says).
    contact_naam = models.CharField(_("naam contactpersoon"), max_length=200, blank=True)
    contact_email = models.EmailField(_("e-mailadres contactpersoon"), blank=True)
    contact_telefoon = models.CharField(_("telefoonnummer contactpersoon"), max_length=30, blank=True)

    # The employee (for a self-employed person: the applicant).
    werknemer_insz = InszField(_("INSZ-nummer werknemer"), blank=True, db_index=True)
    werknemer_voornaam = models.CharField(_("voornaam werknemer"), max_length=100, blank=True)
    werknemer_achternaam = models.CharField(_("achternaam werknemer"), max_length=100, blank=True)
    # Where the employee lives, as the applicant states it (residence is an admissibility rule);
    # copied to a new Persoon on submission.
    werknemer_woonplaats_gewest = models.CharField(
        _("woonplaats werknemer"), max_length=20, choices=Gewest.choices, blank=True
    )
    werknemer = models.ForeignKey(
        "loket.Persoon",
        verbose_name=_("werknemer"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="dossiers",
    )
    vestiging = models.ForeignKey(
        "loket.Vestiging",
        verbose_name=_("vestiging"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="dossiers",
    )

    premie_keuze = models.CharField(
        _("gevraagde premie"), max_length=20, choices=PremieKeuze.choices, blank=True
    )
    via_departement_onderwijs = models.BooleanField(
        _("tewerkgesteld via het Departement Onderwijs"), null=True, blank=True
    )
    begeleider_soort = models.CharField(
        _("soort begeleider"), max_length=10, choices=BegeleiderSoort.choices, blank=True
    )
    begeleider_naam = models.CharField(_("naam gekwalificeerde begeleider"), max_length=200, blank=True)
    dienstverlener = models.ForeignKey(
        ErkendeDienstverlener,
        verbose_name=_("erkende dienstverlener"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="dossiers",
    )
    collega_coach_naam = models.CharField(_("naam collega-coach"), max_length=200, blank=True)
    iban = IbanField(_("rekeningnummer (IBAN)"), blank=True)
    vop_evaluatie = models.BooleanField(_("evaluatie van een VOP-premie"), default=False)
    # Premiums taken over from the old measures that may be evaluated like a 5-year IMW premium
    # (``evaluaties.rules``): a VOP of indefinite duration, an LDE temporary arrangement.
    vop_onbepaalde_duur = models.BooleanField(_("VOP van onbepaalde duur"), default=False)
    lde_tijdelijke_regeling = models.BooleanField(_("LDE tijdelijke regeling"), default=False)

    ingediend_op = models.DateTimeField(_("ingediend op"), null=True, blank=True, db_index=True)
    ingediend_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ingediend door"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Deadlines are stored when the application is submitted (computed by aanvragen.rules), so
    # beat tasks and admin filters read them from the database.
    ontvankelijkheid_uiterlijk = models.DateField(
        _("ontvankelijkheid uiterlijk"), null=True, blank=True, db_index=True
    )
    beslissing_uiterlijk = models.DateField(_("beslissing uiterlijk"), null=True, blank=True, db_index=True)
    # The deadline that runs now (``rules.lopende_termijn``; for a dossier in evaluation, set by
    # ``evaluaties`` to its 120-day deadline), stored so the work queue sorts on an index.
    lopende_termijn = models.DateField(_("lopende termijn"), null=True, blank=True, editable=False)

    ontvankelijk = models.BooleanField(_("ontvankelijk"), null=True, blank=True)
    ontvankelijkheid_redenen = models.JSONField(_("redenen niet ontvankelijk"), default=list, blank=True)
    ontvankelijkheid_getoetst_op = models.DateTimeField(
        _("ontvankelijkheid getoetst op"), null=True, blank=True
    )
    ontvankelijkheid_gemeld_op = models.DateTimeField(
        _("bevestigingsmail verstuurd op"), null=True, blank=True
    )
    bevestiging_te_laat_gesignaleerd_op = models.DateTimeField(
        _("op lijst 'bevestiging te laat' gezet op"), null=True, blank=True
    )

    # Running period (set by the decision, moved by an evaluation).
    startdatum = models.DateField(_("begindatum"), null=True, blank=True)
    einddatum = models.DateField(_("einddatum"), null=True, blank=True)
    # Set by ``evaluaties`` while DWSE has not decided on an admissible evaluation request filed in
    # time (``evaluaties.rules.doorbetaling``): the payout engine keeps paying past ``einddatum``
    # under the last period's schedule. Cleared by the evaluation's decision.
    doorbetaling = models.BooleanField(_("doorbetaling tijdens evaluatie"), default=False)
    # Set once the retention period was over and the personal data were removed (bewaring.py).
    geanonimiseerd_op = models.DateTimeField(_("geanonimiseerd op"), null=True, blank=True, editable=False)

    history = HistoricalRecords()

    objects = DossierQuerySet.as_manager()

    class Meta:
        verbose_name = _("dossier")
        verbose_name_plural = _("dossiers")
        ordering = ["-ingediend_op", "-aangemaakt_op"]
        indexes = [
            models.Index(fields=["organisatie", "status"]),
            # The work queue's order: overdue first, then the nearest deadline, none last
            # (PostgreSQL sorts NULLs last in an ascending index, as the queue's ORDER BY asks).
            models.Index(fields=["lopende_termijn", "-ingediend_op", "-id"], name="werkvoorraad_volgorde"),
            # 'Actuele stand van uw dossier': an employer's submitted dossiers, newest first, page by
            # page, all or of one status. Partial and covering, so PostgreSQL walks the index in the
            # page's order up to its offset without a sort or a visit to the table: without them,
            # it read and sorted all of a large employer's dossiers for every page.
            models.Index(
                fields=["organisatie", "-ingediend_op", "-id"],
                include=STAND_KOLOMMEN,
                condition=~models.Q(status="concept"),
                name="actuele_stand_volgorde",
            ),
            models.Index(
                fields=["organisatie", "status", "-ingediend_op", "-id"],
                include=[kolom for kolom in STAND_KOLOMMEN if kolom != "status"],
                condition=~models.Q(status="concept"),
                name="actuele_stand_per_status",
            ),
            # The queue's search on the start of a name (``admin.werkvoorraad.zoek_dossiers``).
            BeginIndex("werknemer_achternaam", name="dossier_achternaam_begin"),
            BeginIndex("werknemer_voornaam", name="dossier_voornaam_begin"),
        ]

    def __str__(self):
        return self.referentie or _("Concept #%(id)s") % {"id": self.pk}

    def save(self, *args, **kwargs):
        if self.status != Status.IN_EVALUATIE:  # in evaluation: the evaluation's own deadline
            from .rules import lopende_termijn

            self.lopende_termijn = lopende_termijn(
                self.status, self.ontvankelijkheid_uiterlijk, self.beslissing_uiterlijk
            )
        velden = kwargs.get("update_fields")
        if velden is not None and {"status", "ontvankelijkheid_uiterlijk", "beslissing_uiterlijk"} & set(
            velden
        ):
            kwargs["update_fields"] = {*velden, "lopende_termijn"}
        super().save(*args, **kwargs)

    def documentenlijst(self) -> "list[Document]":
        """The dossier's documents in their order, each with this dossier: the employer's tab and
        the staff page list them (one query, compiled once per process: loket.prepared)."""
        return met_dossier(_DOCUMENTEN.all(dossier_id=self.pk), self)

    @property
    def werknemer_naam(self) -> str:
        return f"{self.werknemer_voornaam} {self.werknemer_achternaam}".strip()

    # Django's generated get_FOO_display rebuilds a dict of every choice, translating each label,
    # on every call: on a list of 25 dossiers that is hundreds of translations per page. The
    # enums answer with one lookup (and one translation when rendered).
    # (Not ``in Status.values``: that property builds a new list on every access.)
    def get_status_display(self):
        return keuze_label(Status, self.status)

    def get_premie_keuze_display(self):
        return keuze_label(PremieKeuze, self.premie_keuze)


class StatusOvergang(models.Model):
    """One row per status change: who, when, why."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="overgangen")
    van = models.CharField(_("van"), max_length=20, choices=Status.choices, blank=True)
    naar = models.CharField(_("naar"), max_length=20, choices=Status.choices)
    door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("door"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Leeg: door het systeem."),
    )
    op = models.DateTimeField(_("op"), auto_now_add=True)
    reden = models.TextField(_("reden"), blank=True)

    class Meta:
        verbose_name = _("statuswijziging")
        verbose_name_plural = _("statuswijzigingen")
        ordering = ["op", "id"]

    def __str__(self):
        return f"{self.dossier}: {self.van} → {self.naar}"

    # One lookup each, as Dossier.get_status_display (the timeline and history list every change).
    def get_van_display(self):
        return keuze_label(Status, self.van)

    def get_naar_display(self):
        return keuze_label(Status, self.naar)


class DocumentSoort(models.TextChoices):
    BEWIJS_KWALIFICATIE = "bewijs_kwalificatie", _("Bewijs kwalificatie begeleider")
    BEWIJS_BEDRIJFSACTIVITEIT = "bewijs_bedrijfsactiviteit", _("Bewijs van voldoende bedrijfsactiviteit")
    MOTIVATIEVERSLAG = "motivatieverslag", _("Motivatieverslag")
    ONDERSTEUNINGSPLAN = "ondersteuningsplan", _("Ondersteuningsplan")
    ONTVANGSTBEWIJS = "ontvangstbewijs", _("Ontvangstbewijs")
    BESLISSINGSBRIEF = "beslissingsbrief", _("Beslissingsbrief")
    BETALINGSOVERZICHT = "betalingsoverzicht", _("Betalingsoverzicht")
    BIJLAGE_BEROEP = "bijlage_beroep", _("Bijlage bij een beroep")
    ANDER = "ander", _("Ander document")


class Document(models.Model):
    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="documenten")
    soort = models.CharField(_("soort"), max_length=30, choices=DocumentSoort.choices)
    bestand = models.FileField(_("bestand"), storage=private_storage, upload_to="dossiers/%Y/%m/")
    naam = models.CharField(_("bestandsnaam"), max_length=200)
    mimetype = models.CharField(_("type"), max_length=100)
    grootte = models.PositiveIntegerField(_("grootte (bytes)"))
    opgeladen_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    opgeladen_op = models.DateTimeField(_("opgeladen op"), auto_now_add=True)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documenten")
        ordering = ["opgeladen_op", "id"]

    def __str__(self):
        return f"{self.get_soort_display()}: {self.naam}"


class WijzigingSoort(models.TextChoices):
    CONTACTPERSOON = "contactpersoon", _("Contactpersoon wijzigt")
    REKENINGNUMMER = "rekeningnummer", _("Rekeningnummer wijzigt")
    UIT_DIENST = "uit_dienst", _("Werknemer treedt uit dienst")
    COLLEGA_COACH = "collega_coach", _("Collega-coach wijzigt")
    BEGELEIDER = "begeleider", _("Begeleider wijzigt")


class WijzigingUitkomst(models.TextChoices):
    VERWERKT = "verwerkt", _("Verwerkt")
    AFGEWEZEN = "afgewezen", _("Afgewezen")


class Wijziging(models.Model):
    """A change the employer reports on a dossier; staff apply it or reject it with a reason
    (``aanvragen.wijzigingen``). Empty ``uitkomst``: still to process."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="wijzigingen")
    soort = models.CharField(_("soort"), max_length=20, choices=WijzigingSoort.choices)
    gegevens = models.JSONField(_("gegevens"), default=dict)
    gemeld_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("gemeld door"),
    )
    gemeld_op = models.DateTimeField(_("gemeld op"), auto_now_add=True)
    verwerkt_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("verwerkt door"),
    )
    verwerkt_op = models.DateTimeField(_("verwerkt op"), null=True, blank=True)
    uitkomst = models.CharField(
        _("uitkomst"), max_length=10, choices=WijzigingUitkomst.choices, blank=True, db_index=True
    )
    reden = models.TextField(_("reden van de afwijzing"), blank=True)

    class Meta:
        verbose_name = _("gemelde wijziging")
        verbose_name_plural = _("gemelde wijzigingen")
        ordering = ["-gemeld_op", "-id"]

    def __str__(self):
        return f"{self.dossier}: {self.get_soort_display()}"


class Uitkomst(models.TextChoices):
    TOEGEKEND = "toegekend", _("Toegekend")
    GEWEIGERD = "geweigerd", _("Geweigerd")


class BeslissingSoort(models.TextChoices):
    AANVRAAG = "aanvraag", _("Beslissing over de aanvraag")
    EVALUATIE = "evaluatie", _("Beslissing na evaluatie")


class Pakket(models.TextChoices):
    """What VDAB set as the percentage: one fixed percentage, or a degressive start package
    (``loket.parameters.degressief_pakket``)."""

    VAST = "vast", _("Vast percentage")
    TWEE_JAAR = "2j", _("Degressief pakket 2 jaar")
    VIJF_JAAR = "5j", _("Degressief pakket 5 jaar")
    VIJF_JAAR_VERHOOGD = "5j_verhoogd", _("Degressief pakket 5 jaar verhoogd")


class Beslissing(models.Model):
    """DWSE's decision on a dossier. A correction is a new row that ``vervangt`` the old one.

    A grant is a *grant period*: start, end, the percentage schedule (``schijven``, as
    ``premies.rules.percentage`` reads it) and the premium types. A decision after an evaluation
    is a new grant period on the same dossier that follows ``vorige_periode``; the payout engine
    pays every quarter under the period it falls in.
    """

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="beslissingen")
    uitkomst = models.CharField(_("uitkomst"), max_length=10, choices=Uitkomst.choices)
    loonpremie = models.BooleanField(_("loonpremie"), default=False)
    begeleidingspremie = models.BooleanField(_("begeleidingspremie"), default=False)
    ondersteuningspremie = models.BooleanField(_("ondersteuningspremie"), default=False)
    percentage = models.PositiveSmallIntegerField(
        _("percentage"), null=True, blank=True, help_text=_("Het percentage van het eerste kwartaal.")
    )
    pakket = models.CharField(_("pakket"), max_length=12, choices=Pakket.choices, blank=True)
    schijven = models.JSONField(
        _("percentages per kwartaal"),
        default=list,
        blank=True,
        help_text=_("[[van kwartaal, tot en met kwartaal, percentage], ...]"),
    )
    begeleidingsnood = models.CharField(
        _("begeleidingsnood"), max_length=10, choices=Begeleidingsnood.choices, blank=True
    )
    duur_jaren = models.PositiveSmallIntegerField(_("duurtijd (jaren)"), null=True, blank=True)
    startdatum = models.DateField(_("begindatum"), null=True, blank=True)
    einddatum = models.DateField(_("einddatum"), null=True, blank=True)
    soort = models.CharField(
        _("soort beslissing"),
        max_length=10,
        choices=BeslissingSoort.choices,
        default=BeslissingSoort.AANVRAAG,
    )
    vorige_periode = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        # RESTRICT: a period that another follows is never deleted on its own, but the whole
        # dossier (with all its periods) still can be.
        on_delete=models.RESTRICT,
        related_name="volgende_periodes",
        verbose_name=_("volgt op periode"),
    )
    reden = models.TextField(_("motivering"), blank=True)
    beslist_op = models.DateField(_("beslist op"))
    beslist_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("beslist door"),
    )
    vervangt = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="vervangen_door",
        verbose_name=_("corrigeert beslissing"),
    )
    brief = models.FileField(
        _("beslissingsbrief"), storage=private_storage, upload_to="brieven/%Y/%m/", blank=True
    )
    aangemaakt_op = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("beslissing")
        verbose_name_plural = _("beslissingen")
        ordering = ["-beslist_op", "-id"]

    def __str__(self):
        return f"{self.dossier}: {self.get_uitkomst_display()} ({self.beslist_op:%d/%m/%Y})"

    @property
    def schema(self) -> list[tuple[int, int, int]]:
        """The schedule as tuples; a decision from before schedules had one fixed percentage."""
        return [tuple(s) for s in self.schijven]


class DossierInzage(models.Model):
    """Every time a staff member opens a dossier (it holds disability data), who and when."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="inzages")
    door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    op = models.DateTimeField(_("op"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("inzage dossier")
        verbose_name_plural = _("inzagelog dossiers")
        ordering = ["-op", "-id"]

    def __str__(self):
        return f"{self.door} – {self.dossier} – {self.op:%d/%m/%Y %H:%M}"


class BeroepStatus(models.TextChoices):
    INGEDIEND = "ingediend", _("Ingediend, in behandeling")
    BESLIST = "beslist", _("Beslist")


class BeroepUitkomst(models.TextChoices):
    GEGROND = "gegrond", _("Gegrond")
    ONGEGROND = "ongegrond", _("Ongegrond")
    ONONTVANKELIJK = "onontvankelijk", _("Onontvankelijk")


class Beroep(models.Model):
    """The employer's appeal against a decision (within 45 days of the letter), handled by the
    heroverwegingscommissie. Changes only through ``aanvragen.beroep``."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="beroepen")
    beslissing = models.ForeignKey(
        Beslissing, on_delete=models.CASCADE, related_name="beroepen", verbose_name=_("beslissing")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=BeroepStatus.choices, default=BeroepStatus.INGEDIEND
    )
    motivering = models.TextField(_("motivering van de werkgever"))
    bijlagen = models.ManyToManyField(Document, blank=True, related_name="+", verbose_name=_("bijlagen"))
    ontvangstbewijs = models.ForeignKey(
        Document, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    ingediend_op = models.DateTimeField(_("ingediend op"), auto_now_add=True)
    ingediend_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Stored at submission (``rules.beroep_beslissing_uiterlijk``): the staff queue orders on it.
    beslissing_uiterlijk = models.DateField(_("beslissing uiterlijk"), db_index=True)
    uitkomst = models.CharField(_("uitkomst"), max_length=15, choices=BeroepUitkomst.choices, blank=True)
    uitkomst_reden = models.TextField(_("motivering van de uitkomst"), blank=True)
    beslist_op = models.DateTimeField(_("beslist op"), null=True, blank=True)
    beslist_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("beslist door"),
    )
    brief = models.ForeignKey(Document, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("beroep")
        verbose_name_plural = _("beroepen")
        ordering = ["beslissing_uiterlijk", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["beslissing"],
                condition=Q(status="ingediend"),
                name="een_open_beroep_per_beslissing",
                violation_error_message=_("Tegen deze beslissing loopt al een beroep."),
            )
        ]

    def __str__(self):
        return _("Beroep %(ref)s (%(datum)s)") % {
            "ref": self.dossier.referentie if self.dossier_id else "",
            "datum": timezone.localtime(self.ingediend_op).strftime("%d/%m/%Y") if self.ingediend_op else "",
        }


_DOCUMENTEN = PreparedQuery(lambda dossier_id: Document.objects.filter(dossier_id=dossier_id))
