"""The dossier page: read-only; every action is a form that calls a service in
``aanvragen.beslissingen``. Opening a dossier is logged (``DossierInzage``)."""

from __future__ import annotations

from collections import defaultdict

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists, F, OuterRef
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from loket.admin import AlleenViaActiesMixin, CappedCountPaginator, FiltersInRijenChangeList, HistoriekAdmin
from loket.bronnen import BronNietBeschikbaar, get_bron
from loket.downloads import bestand_response
from loket.models import Bericht, BerichtBijlage, Organisatie
from loket.prepared import PreparedQuery
from loket.rules import format_insz, mask_iban, parse_id
from premies.models import Betaallijn

from .. import beslissingen, rules, termijnen
from .. import wijzigingen as verwerking
from ..models import (
    Beroep,
    Beslissing,
    Document,
    Dossier,
    Status,
    StatusOvergang,
    Uitkomst,
    Wijziging,
    met_dossier,
)
from .formulieren import ACTIES
from .werkvoorraad import (
    BevestigingTeLaatFilter,
    OrganisatieSoortFilter,
    TermijnFilter,
    termijn_badge,
    zoek_dossiers,
)
from .wijzigingen import uit_dienst_waarschuwing

# The action on the two evaluation flags (``vop_onbepaalde_duur``, ``lde_tijdelijke_regeling``):
# its form and service are in ``evaluaties`` (imported when used: that app builds on this one).
REGELING = "evaluatieregeling"


def _actie(actie: str):
    """(title, form class) of an action on the dossier page; None: no such action."""
    if actie == REGELING:
        from evaluaties.forms import RegelingForm

        return _("Evaluatieregeling wijzigen"), RegelingForm
    return ACTIES.get(actie)


# --- Dossiers -------------------------------------------------------------------------------------

# What the dossier page reads by the dossier's key, each compiled to SQL once per process
# (loket.prepared): a case handler opens dozens of dossiers an hour, and building each of these
# queries cost about a millisecond of Python, more than running it. The evaluations' model is
# reached through the relation, not imported: ``evaluaties`` builds on this app, not the reverse.

# The rows of DossierAdmin.get_queryset (no drafts). The dossier comes with whether it has any
# evaluations, appeals, reported changes and payment lines: most have none of some, and a list
# known to be empty needs no query (``_rijen``).
_PAGINA_RELATIES = ("organisatie__scholengroep", "vestiging", "werknemer", "dienstverlener", "ingediend_door")
_PAGINA_DOSSIER = PreparedQuery(
    lambda pk: (
        Dossier.objects.exclude(status=Status.CONCEPT)
        .select_related(*_PAGINA_RELATIES)
        .annotate(
            heeft_evaluaties=Exists(
                Dossier.evaluaties.rel.related_model.objects.filter(dossier=OuterRef("pk")).exclude(
                    status="concept"
                )
            ),
            heeft_beroepen=Exists(Beroep.objects.filter(dossier=OuterRef("pk"))),
            heeft_wijzigingen=Exists(Wijziging.objects.filter(dossier=OuterRef("pk"))),
            heeft_betaallijnen=Exists(Betaallijn.objects.filter(dossier=OuterRef("pk"))),
        )
        .filter(pk=pk)
    )
)
_BESLISSINGEN = PreparedQuery(
    lambda dossier_id: (
        Beslissing.objects.filter(dossier_id=dossier_id)
        .select_related("beslist_door", "vervangt")
        .order_by("-id")
    )
)
_BETAALLIJNEN = PreparedQuery(
    lambda dossier_id: (
        Betaallijn.objects.filter(dossier_id=dossier_id)
        .select_related("run")
        .order_by("jaar", "kwartaal", "premie_soort", "volgnummer")
    )
)
_OVERGANGEN = PreparedQuery(
    lambda dossier_id: StatusOvergang.objects.filter(dossier_id=dossier_id).select_related("door")
)
_WIJZIGINGEN = PreparedQuery(
    lambda dossier_id: Wijziging.objects.filter(dossier_id=dossier_id).select_related(
        "gemeld_door", "verwerkt_door"
    )
)
_EVALUATIES = PreparedQuery(
    lambda dossier_id: (
        Dossier.evaluaties.rel.related_model.objects.filter(dossier_id=dossier_id)
        .exclude(status="concept")
        .order_by("-id")
    )
)
_BEROEPEN = PreparedQuery(lambda dossier_id: Beroep.objects.filter(dossier_id=dossier_id).order_by("-id"))
_VELDHISTORIEK = PreparedQuery(
    lambda dossier_id: (
        Dossier.history.filter(id=dossier_id)
        .select_related("history_user")
        .order_by("-history_date", "-history_id")[:60]
    )
)
_BERICHTEN = PreparedQuery(
    lambda content_type_id, dossier_id: Bericht.objects.filter(
        content_type_id=content_type_id, object_id=dossier_id
    ).order_by("-aangemaakt_op", "-id")
)
# the attachments' names for the links, not their content
_BIJLAGEN = PreparedQuery(
    lambda content_type_id, dossier_id: (
        BerichtBijlage.objects.filter(bericht__content_type_id=content_type_id, bericht__object_id=dossier_id)
        .defer("inhoud")
        .order_by("pk")
    )
)


def _berichten(dossier: Dossier) -> list[Bericht]:
    """The dossier's messages, newest first, each with its attachments as ``bijlagen_lijst``."""
    sleutels = {"content_type_id": ContentType.objects.get_for_model(Dossier).pk, "dossier_id": dossier.pk}
    berichten = _BERICHTEN.all(**sleutels)
    bijlagen = defaultdict(list)
    for bijlage in _BIJLAGEN.all(**sleutels) if berichten else []:
        bijlagen[bijlage.bericht_id].append(bijlage)
    for bericht in berichten:
        bericht.bijlagen_lijst = bijlagen[bericht.pk]
    return berichten


def _rijen(dossier: Dossier, heeft: str, query: PreparedQuery) -> list:
    """One of the page's lists, with its dossier set; not queried when the dossier's own query
    found it empty (``heeft``: its annotation; a dossier loaded another way is always queried)."""
    if not getattr(dossier, heeft, True):
        return []
    return met_dossier(query.all(dossier_id=dossier.pk), dossier)


@admin.register(Dossier)
class DossierAdmin(AlleenViaActiesMixin, HistoriekAdmin):
    list_display = [
        "referentie",
        "organisatie_naam",
        "werknemer_weergave",
        "premie_keuze",
        "status",
        "termijn_weergave",
        "ingediend_op",
    ]
    list_display_links = ["referentie"]
    list_filter = [
        "status",
        "premie_keuze",
        ("organisatie__soort", OrganisatieSoortFilter),
        TermijnFilter,
        BevestigingTeLaatFilter,
    ]
    search_fields = [
        "referentie",
        "organisatie__kbo_nummer",
        "werknemer_insz",
        "werknemer_voornaam",
        "werknemer_achternaam",
        "organisatie__naam",
    ]
    search_help_text = gettext_lazy(
        "Zoek op referentie, KBO-nummer, INSZ, naam van de werknemer of organisatie."
    )
    list_select_related = ["organisatie"]
    # What the rows show (FiltersInRijenChangeList.get_results): the columns above, the names of
    # the employee and organisation, the deadline the badge counts from.
    list_columns = [
        "referentie",
        "status",
        "premie_keuze",
        "werknemer_voornaam",
        "werknemer_achternaam",
        "lopende_termijn",
        "ingediend_op",
        "organisatie",
        "organisatie__naam",
    ]
    # A case handler works the queue from the top (overdue first); 25 rows fill a screen, and each
    # row costs the admin's cell rendering (50 rows: a third of the page's time at 50,000 dossiers).
    list_per_page = 25
    # At 50,000 dossiers a count of every row costs more than the page: neither the total nor the
    # filtered count reads more than CappedCountPaginator.CAP rows.
    show_full_result_count = False
    paginator = CappedCountPaginator

    def get_changelist(self, request, **kwargs):
        return FiltersInRijenChangeList

    change_form_template = "admin/aanvragen/dossier/change_form.html"
    fieldsets = [
        (
            gettext_lazy("Aanvraag"),
            {
                "fields": [
                    "referentie",
                    "status",
                    "organisatie",
                    "aanvrager_soort",
                    "premie_keuze",
                    "vop_evaluatie",
                    "vop_onbepaalde_duur",
                    "lde_tijdelijke_regeling",
                    "ingediend_op",
                    "ingediend_door",
                ]
            },
        ),
        (
            gettext_lazy("Contactpersoon voor deze aanvraag"),
            {"fields": ["contact_naam", "contact_email", "contact_telefoon"]},
        ),
        (
            gettext_lazy("Werknemer en tewerkstelling"),
            {
                "fields": [
                    "werknemer_voornaam",
                    "werknemer_achternaam",
                    "insz_weergave",
                    "werknemer_woonplaats_gewest",
                    "werknemer",
                    "vestiging",
                    "via_departement_onderwijs",
                ]
            },
        ),
        (
            gettext_lazy("Begeleiding"),
            {"fields": ["begeleider_soort", "begeleider_naam", "dienstverlener", "collega_coach_naam"]},
        ),
        (gettext_lazy("Rekening"), {"fields": ["iban_gemaskeerd"]}),
        (
            gettext_lazy("Termijnen en periode"),
            {
                "fields": [
                    "ontvankelijkheid_uiterlijk",
                    "ontvankelijkheid_gemeld_op",
                    "bevestiging_te_laat_gesignaleerd_op",
                    "beslissing_uiterlijk",
                    "startdatum",
                    "einddatum",
                    "doorbetaling",
                    "evaluaties_weergave",
                    "beroepen_weergave",
                ]
            },
        ),
    ]

    def get_fieldsets(self, request, obj=None):
        """Staff who handle dossiers also see the link to the action that sets the two evaluation
        flags (with a reason, in the dossier's history), next to them."""
        if obj is None or not self._mag_behandelen(request):
            return self.fieldsets
        (titel, opties), *rest = self.fieldsets
        velden = list(opties["fields"])
        velden.insert(velden.index("lde_tijdelijke_regeling") + 1, "evaluatieregeling_wijzigen")
        return [(titel, {**opties, "fields": velden}), *rest]

    # Read-only: every change goes through a service (see the actions on the page).
    def get_readonly_fields(self, request, obj=None):
        return [f for _titel, opties in self.get_fieldsets(request, obj) for f in opties["fields"]]

    def save_model(self, request, obj, form, change):
        raise PermissionDenied(_("Een dossier wijzigt enkel via de acties op de dossierpagina."))

    def history_view(self, request, object_id, extra_context=None):
        self._dossier(request, object_id)  # logged: the history shows the dossier's data too
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST":
            raise PermissionDenied(_("Een vroegere versie van een dossier kan niet teruggezet worden."))
        return super().history_form_view(request, object_id, version_id, extra_context)

    def get_ordering(self, request):
        # Overdue first, then the nearest deadline; dossiers without a running deadline last.
        return [F("lopende_termijn").asc(nulls_last=True), "-ingediend_op", "-id"]

    def get_queryset(self, request):
        return super().get_queryset(request).exclude(status=Status.CONCEPT)

    def get_search_results(self, request, queryset, search_term):
        gevonden = zoek_dossiers(queryset, search_term, Organisatie.objects.all()) if search_term else None
        if gevonden is None:
            return super().get_search_results(request, queryset, search_term)
        return gevonden, False

    def get_object(self, request, object_id, from_field=None):
        """The dossier with what its page shows of it, loaded once per request (the page and the
        admin's own form would otherwise each load it, its organisation and decision)."""
        geladen = request.__dict__.setdefault("_dossiers", {})
        sleutel = (object_id, from_field)
        if sleutel in geladen:
            return geladen[sleutel]
        if from_field is None:
            # By primary key, as every dossier URL: the prepared query (no key, no dossier).
            pk = parse_id(object_id)
            geladen[sleutel] = _PAGINA_DOSSIER.first(pk=pk) if pk is not None else None
        else:
            field = self.model._meta.get_field(from_field)
            try:
                geladen[sleutel] = (
                    self.get_queryset(request)
                    .select_related(*_PAGINA_RELATIES)
                    .get(**{field.name: field.to_python(object_id)})
                )
            except (self.model.DoesNotExist, ValidationError, ValueError):
                geladen[sleutel] = None
        return geladen[sleutel]

    # Columns
    @admin.display(description=gettext_lazy("organisatie"), ordering="organisatie__naam")
    def organisatie_naam(self, obj):
        return obj.organisatie.naam

    @admin.display(description=gettext_lazy("werknemer"), ordering="werknemer_achternaam")
    def werknemer_weergave(self, obj):
        return obj.werknemer_naam

    @admin.display(description=gettext_lazy("dagen over"), ordering="lopende_termijn")
    def termijn_weergave(self, obj):
        soort = _("bevestiging") if obj.status == Status.INGEDIEND else _("beslissing")
        return termijn_badge(obj.lopende_termijn, soort)

    @admin.display(description=gettext_lazy("evaluaties"))
    def evaluaties_weergave(self, obj):
        # The evaluation requests (app ``evaluaties``), each linking to its own page and actions.
        rijen = [
            (reverse("admin:evaluaties_evaluatie_change", args=[e.pk]), str(e), e.get_status_display())
            for e in _rijen(obj, "heeft_evaluaties", _EVALUATIES)
        ]
        # A constant separator without user data: no escaping needed.
        scheiding = mark_safe("<br>")  # nosec B308
        return format_html_join(scheiding, '<a href="{}">{}</a> ({})', rijen) if rijen else "–"

    @admin.display(description=gettext_lazy("beroepen"))
    def beroepen_weergave(self, obj):
        # The appeals against its decisions, each linking to its page and the outcome action.
        rijen = [
            (
                reverse("admin:aanvragen_beroep_change", args=[b.pk]),
                str(b),
                b.get_uitkomst_display() if b.uitkomst else b.get_status_display(),
            )
            for b in _rijen(obj, "heeft_beroepen", _BEROEPEN)
        ]
        scheiding = mark_safe("<br>")  # nosec B308 - a constant separator without user data
        return format_html_join(scheiding, '<a href="{}">{}</a> ({})', rijen) if rijen else "–"

    @admin.display(description=gettext_lazy("evaluatieregeling"))
    def evaluatieregeling_wijzigen(self, obj):
        return format_html(
            '<a class="button" href="{}" data-testid="evaluatieregeling-wijzigen">{}</a>',
            reverse("admin:aanvragen_dossier_actie", args=[obj.pk, REGELING]),
            _("Evaluatieregeling wijzigen"),
        )

    @admin.display(description=gettext_lazy("INSZ-nummer werknemer"))
    def insz_weergave(self, obj):
        return format_insz(obj.werknemer_insz) if obj.werknemer_insz else "–"

    @admin.display(description=gettext_lazy("rekeningnummer (IBAN)"))
    def iban_gemaskeerd(self, obj):
        # The account on file now (a processed change may have replaced the one in the application).
        rekening = obj.organisatie.huidige_rekening()
        if rekening is None:
            return mask_iban(obj.iban) if obj.iban else "–"
        tekst = _("%(iban)s (rekening van de organisatie)") % {"iban": rekening.gemaskeerd}
        if obj.iban and obj.iban != rekening.iban:
            tekst += " – " + _("in de aanvraag: %(iban)s") % {"iban": mask_iban(obj.iban)}
        return tekst

    # URLs
    def get_urls(self):
        view = self.admin_site.admin_view
        eigen = [
            path("postbrieven/", view(self.postbrieven_view), name="aanvragen_dossier_postbrieven"),
            path(
                "postbrieven/pdf/", view(self.postbrieven_pdf_view), name="aanvragen_dossier_postbrieven_pdf"
            ),
            path(
                "postbrieven/verzonden/",
                view(self.postbrieven_verzonden_view),
                name="aanvragen_dossier_postbrieven_verzonden",
            ),
            path("cijfers/", view(self.cijfers_view), name="aanvragen_dossier_cijfers"),
            path(
                "<path:object_id>/in-behandeling/",
                view(self.in_behandeling_view),
                name="aanvragen_dossier_in_behandeling",
            ),
            path(
                "<path:object_id>/actie/<str:actie>/", view(self.actie_view), name="aanvragen_dossier_actie"
            ),
            path(
                "<path:object_id>/document/<int:document_id>/",
                view(self.document_view),
                name="aanvragen_dossier_document",
            ),
            path(
                "<path:object_id>/bijlage/<int:bijlage_id>/",
                view(self.bijlage_view),
                name="aanvragen_dossier_bijlage",
            ),
        ]
        return eigen + super().get_urls()

    def _dossier(self, request, object_id) -> Dossier:
        if not self.has_view_permission(request):
            raise PermissionDenied
        dossier = self.get_object(request, unquote(object_id))
        if dossier is None:
            raise Http404(_("Dit dossier bestaat niet."))
        if request.method == "GET":
            # Every page and download that shows the dossier's personal data is in the access log.
            beslissingen.registreer_inzage(dossier, request.user)
        return dossier

    def _mag_behandelen(self, request) -> bool:
        return request.user.has_perm("aanvragen.change_dossier")

    def _naar_dossier(self, dossier):
        return HttpResponseRedirect(reverse("admin:aanvragen_dossier_change", args=[dossier.pk]))

    def changelist_view(self, request, extra_context=None):
        context = {"title": _("Werklijst dossiers: te bevestigen en te beslissen"), **(extra_context or {})}
        return super().changelist_view(request, context)

    # The dossier page
    def change_view(self, request, object_id, form_url="", extra_context=None):
        dossier = self.get_object(request, unquote(object_id))
        if dossier is not None and request.method == "GET" and self.has_view_permission(request, dossier):
            beslissingen.registreer_inzage(dossier, request.user)
        context = {**(extra_context or {})}
        if dossier is not None:
            context.update(self._dossier_context(request, dossier))
        return super().change_view(request, object_id, form_url, context)

    def _bronnen(self, dossier: Dossier) -> list[dict]:
        """What each authentic source says now, queried on page load."""
        vandaag = timezone.localdate()
        kbo = dossier.organisatie.kbo_nummer
        vragen = [
            ("vdab", _("VDAB – indicering"), lambda b: b.indicatie(dossier.werknemer_insz, vandaag)),
            (
                "dimona",
                _("RSZ Dimona – arbeidsrelatie"),
                lambda b: b.tewerkstelling(kbo, dossier.werknemer_insz, vandaag),
            ),
            ("kbo", _("KBO – onderneming"), lambda b: b.onderneming(kbo)),
        ]
        resultaat = []
        for naam, titel, vraag in vragen:
            rij = {
                "naam": naam,
                "titel": titel,
                "opgevraagd_op": timezone.now(),
                "antwoord": None,
                "fout": "",
            }
            if naam != "kbo" and not dossier.werknemer_insz:
                rij["fout"] = _("Geen INSZ-nummer in de aanvraag.")
            else:
                try:
                    rij["antwoord"] = vraag(get_bron(naam))
                except BronNietBeschikbaar as exc:
                    rij["fout"] = _("De bron is nu niet beschikbaar (%(fout)s). Probeer later opnieuw.") % {
                        "fout": exc
                    }
            rij["opgevraagd_op"] = timezone.now()
            resultaat.append(rij)
        return resultaat

    def _veldhistoriek(self, dossier: Dossier) -> list[dict]:
        records = _VELDHISTORIEK.all(dossier_id=dossier.pk)
        regels = []
        # A dossier loaded in bulk (a migration from the old system) may have no history yet.
        for nieuw, oud in zip(records, [*records[1:], None][: len(records)], strict=True):
            wijzigingen = []
            if oud is not None:
                delta = nieuw.diff_against(oud)
                for change in delta.changes:
                    veld = Dossier._meta.get_field(change.field)
                    wijzigingen.append({"veld": veld.verbose_name, "oud": change.old, "nieuw": change.new})
            regels.append(
                {
                    "op": nieuw.history_date,
                    "door": nieuw.history_user,
                    "soort": nieuw.get_history_type_display(),
                    "reden": nieuw.history_change_reason,
                    "wijzigingen": wijzigingen,
                }
            )
        return regels

    def _dossier_context(self, request, dossier: Dossier) -> dict:
        beslist = met_dossier(_BESLISSINGEN.all(dossier_id=dossier.pk), dossier)
        # A period followed by a period after an evaluation is not a corrected decision.
        opgevolgd = {b.vorige_periode_id for b in beslist if b.vorige_periode_id}
        for b in beslist:
            b.opgevolgd = b.pk in opgevolgd
        # The decision that stands: the latest one no other corrects (as actieve_beslissing reads it).
        vervangen = {b.vervangt_id for b in beslist if b.vervangt_id}
        actief = next((b for b in beslist if b.pk not in vervangen), None)
        mag = self._mag_behandelen(request)
        gemeld = _rijen(dossier, "heeft_wijzigingen", _WIJZIGINGEN)
        uit_dienst = verwerking.uit_dienst_verwerkt(gemeld)
        return {
            "dossier": dossier,
            "documenten": dossier.documentenlijst(),
            # Read-only, a plain table: an admin inline renders a formset for rows nobody edits.
            "betaallijnen": _rijen(dossier, "heeft_betaallijnen", _BETAALLIJNEN),
            "bronnen": self._bronnen(dossier),
            "redenen": [
                r if isinstance(r, dict) else {"code": r, "uitleg": r}
                for r in dossier.ontvankelijkheid_redenen or []
            ],
            "berichten": _berichten(dossier),
            "overgangen": met_dossier(_OVERGANGEN.all(dossier_id=dossier.pk), dossier),
            "veldhistoriek": self._veldhistoriek(dossier),
            "beslissingen_lijst": beslist,
            "actieve_beslissing": actief,
            "wijzigingen": gemeld,
            "mag_wijzigingen_verwerken": request.user.has_perm("aanvragen.change_wijziging"),
            "uit_dienst": uit_dienst,
            "uit_dienst_voor_beslissing": uit_dienst is not None
            and dossier.status in rules.NOG_TE_BESLISSEN_STATUSSEN,
            # The stored deadline the work queue sorts on: in evaluation, the evaluation's 120 days.
            "termijn": dossier.lopende_termijn,
            "dagen_over": rules.dagen_over(dossier.lopende_termijn, timezone.localdate()),
            "mag_behandelen": mag,
            "kan_in_behandeling": mag and dossier.status == Status.ONTVANKELIJK,
            "kan_ontvankelijkheid": mag
            and dossier.status
            in (Status.INGEDIEND, Status.NIET_ONTVANKELIJK, Status.ONTVANKELIJK, Status.IN_BEHANDELING),
            "kan_beslissen": mag and dossier.status in rules.BESLISBARE_STATUSSEN and actief is None,
            "kan_corrigeren": mag and dossier.status in rules.CORRIGEERBARE_STATUSSEN and actief is not None,
            "show_save": False,
            "show_save_and_continue": False,
            "show_save_and_add_another": False,
            "show_delete": False,
        }

    def in_behandeling_view(self, request, object_id):
        dossier = self._dossier(request, object_id)
        if request.method != "POST":
            return self._naar_dossier(dossier)
        if not self._mag_behandelen(request):
            raise PermissionDenied
        try:
            beslissingen.neem_in_behandeling(dossier, door=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Het dossier is in behandeling genomen."))
        return self._naar_dossier(dossier)

    def _initial(self, request, dossier: Dossier, actie: str) -> tuple[dict, str]:
        """Initial values of an action form, and a warning to show (a source that is down)."""
        if actie == "beslissen":
            indicatie, waarschuwing = None, ""
            if dossier.werknemer_insz:
                try:
                    indicatie = get_bron("vdab").indicatie(dossier.werknemer_insz, timezone.localdate())
                except BronNietBeschikbaar:
                    waarschuwing = _(
                        "VDAB is nu niet bereikbaar: percentage en duurtijd zijn niet vooraf ingevuld."
                    )
            if indicatie is None and not waarschuwing:
                waarschuwing = _("VDAB heeft vandaag geen geldige indicering voor deze werknemer.")
            return beslissingen.voorstel(dossier, indicatie), waarschuwing
        if actie == "corrigeren":
            vorige = beslissingen.actieve_beslissing(dossier)
            if vorige is None:
                return {}, ""
            return {
                "uitkomst": vorige.uitkomst,
                "loonpremie": vorige.loonpremie,
                "begeleidingspremie": vorige.begeleidingspremie,
                "ondersteuningspremie": vorige.ondersteuningspremie,
                "pakket": vorige.pakket or "vast",
                "percentage": vorige.percentage,
                "duur_jaren": vorige.duur_jaren,
                "begeleidingsnood": vorige.begeleidingsnood,
                "startdatum": vorige.startdatum,
                "einddatum": vorige.einddatum,
                "beslist_op": timezone.localdate(),
            }, ""
        if actie == "ontvankelijkheid":
            return {"ontvankelijk": "0" if dossier.status in rules.BESLISBARE_STATUSSEN else "1"}, ""
        if actie == REGELING:
            return {
                "vop_onbepaalde_duur": dossier.vop_onbepaalde_duur,
                "lde_tijdelijke_regeling": dossier.lde_tijdelijke_regeling,
            }, ""
        return {}, ""

    def actie_view(self, request, object_id, actie):
        gevonden = _actie(actie)
        if gevonden is None:
            raise Http404
        dossier = self._dossier(request, object_id)
        if not self._mag_behandelen(request):
            raise PermissionDenied
        titel, form_class = gevonden
        initial, waarschuwing = self._initial(request, dossier, actie)
        vorige = beslissingen.actieve_beslissing(dossier) if actie == "corrigeren" else None
        if request.method == "POST":
            form = form_class(request.POST)
            if form.is_valid():
                try:
                    melding = self._voer_uit(request, dossier, actie, form.cleaned_data, vorige)
                except beslissingen.BehandelingGeweigerd as exc:
                    form.add_error(None, exc.messages)
                except ValidationError as exc:
                    form.add_error(None, exc)
                else:
                    messages.success(request, melding)
                    return self._naar_dossier(dossier)
        else:
            form = form_class(initial=initial)
            if waarschuwing:
                messages.warning(request, waarschuwing)
            uit_dienst = verwerking.uit_dienst_verwerkt(dossier.wijzigingen.all())
            if actie == "beslissen" and uit_dienst is not None and uit_dienst.laatste_dag:
                messages.warning(request, uit_dienst_waarschuwing(uit_dienst))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": f"{titel}: {dossier}",
            "actie": actie,
            "dossier": dossier,
            "form": form,
            "vorige": vorige,
        }
        return TemplateResponse(request, "admin/aanvragen/dossier/actie.html", context)

    def _voer_uit(self, request, dossier, actie, data, vorige) -> str:
        if actie == REGELING:
            from evaluaties import services as evaluatie_services

            evaluatie_services.wijzig_regeling(dossier, door=request.user, **data)
            return _("De evaluatieregeling is gewijzigd; de wijziging staat in de historiek van het dossier.")
        if actie == "ontvankelijkheid":
            beslissingen.herzie_ontvankelijkheid(
                dossier, ontvankelijk=data["ontvankelijk"], door=request.user, reden=data["reden"]
            )
            return _("De ontvankelijkheid is herzien; de werkgever krijgt een e-mail.")
        if actie == "informatie":
            beslissingen.vraag_informatie(dossier, door=request.user, vraag=data["vraag"])
            return _("De vraag is naar de werkgever verstuurd en staat bij de berichten van het dossier.")
        if actie == "corrigeren" and vorige is None:
            raise beslissingen.BehandelingGeweigerd(_("Er is geen beslissing om te corrigeren."))
        beslissing = beslissingen.beslis(dossier, door=request.user, vervangt=vorige, **data)
        if beslissing.uitkomst == Uitkomst.TOEGEKEND:
            return _("Beslissing geregistreerd: toegekend van %(start)s tot en met %(eind)s.") % {
                "start": beslissing.startdatum.strftime("%d/%m/%Y"),
                "eind": beslissing.einddatum.strftime("%d/%m/%Y"),
            }
        return _("Beslissing geregistreerd: geweigerd.")

    def document_view(self, request, object_id, document_id):
        dossier = self._dossier(request, object_id)
        document = get_object_or_404(Document, pk=document_id, dossier=dossier)
        return bestand_response(document.bestand, naam=document.naam, mimetype=document.mimetype)

    def bijlage_view(self, request, object_id, bijlage_id):
        dossier = self._dossier(request, object_id)
        bijlage = get_object_or_404(
            BerichtBijlage,
            pk=bijlage_id,
            bericht__content_type=ContentType.objects.get_for_model(Dossier),
            bericht__object_id=dossier.pk,
        )
        return bestand_response(bijlage.inhoud, naam=bijlage.naam, mimetype=bijlage.mimetype)

    # Letters for the post
    def _mag_post(self, request):
        if not self._mag_behandelen(request):
            raise PermissionDenied

    def postbrieven_view(self, request):
        self._mag_post(request)
        brieven = list(beslissingen.postbrieven())
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Brieven voor de post"),
            "brieven": brieven,
            "ids": ",".join(str(b.pk) for b in brieven),
        }
        return TemplateResponse(request, "admin/aanvragen/dossier/postbrieven.html", context)

    def _gekozen_brieven(self, request, bron):
        ids = {parse_id(i.strip()) for i in bron.get("ids", "").split(",")} - {None}
        return [b for b in beslissingen.postbrieven() if b.pk in ids]

    def postbrieven_pdf_view(self, request):
        self._mag_post(request)
        brieven = (
            self._gekozen_brieven(request, request.GET)
            if "ids" in request.GET
            else list(beslissingen.postbrieven())
        )
        if not brieven:
            if "ids" in request.GET:
                messages.info(request, _("Geen van de gekozen brieven wacht nog op verzending."))
            else:
                messages.info(request, _("Er wachten geen brieven op verzending."))
            return HttpResponseRedirect(reverse("admin:aanvragen_dossier_postbrieven"))
        # A decision's copy for the employee is the dossier's personal data: in the access log.
        soort = ContentType.objects.get_for_model(Dossier)
        over_dossiers = {b.object_id for b in brieven if b.content_type_id == soort.pk}
        for dossier in Dossier.objects.filter(pk__in=over_dossiers).only("pk"):
            beslissingen.registreer_inzage(dossier, request.user)
        pdf = beslissingen.voeg_postbrieven_samen(brieven)
        response = HttpResponse(pdf, content_type="application/pdf")
        naam = f"postbrieven-{timezone.localdate().isoformat()}.pdf"
        response["Content-Disposition"] = f'attachment; filename="{naam}"'
        return response

    def postbrieven_verzonden_view(self, request):
        self._mag_post(request)
        if request.method != "POST":
            return HttpResponseRedirect(reverse("admin:aanvragen_dossier_postbrieven"))
        brieven = self._gekozen_brieven(request, request.POST)
        aantal = beslissingen.markeer_verzonden([b.pk for b in brieven], door=request.user)
        messages.success(
            request, _("%(aantal)s brief/brieven gemarkeerd als verzonden.") % {"aantal": aantal}
        )
        return HttpResponseRedirect(reverse("admin:aanvragen_dossier_postbrieven"))

    # Manager figures
    def cijfers_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Cijfers individueel maatwerk"),
            "cijfers": termijnen.beheerscijfers(),
        }
        return TemplateResponse(request, "admin/aanvragen/dossier/cijfers.html", context)
