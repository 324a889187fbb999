"""The DWSE backoffice for individueel maatwerk: the work queue, the dossier page and its actions.

Staff never edit a dossier's fields here: the dossier page is read-only and every action (override
admissibility, take in hand, ask for information, decide, correct) is a form that calls a service
in ``aanvragen.beslissingen``. Opening a dossier is logged (``DossierInzage``).
"""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Case, DateField, F, When
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.admin import SimpleHistoryAdmin

from loket.admin import IdentifierSearchMixin
from loket.bronnen import BronNietBeschikbaar, get_bron
from loket.models import Bericht, BerichtBijlage
from loket.rules import format_insz, mask_iban

from . import beslissingen, rules, termijnen
from . import wijzigingen as verwerking
from .models import (
    Beslissing,
    Document,
    Dossier,
    DossierInzage,
    ErkendeDienstverlener,
    Status,
    Uitkomst,
    Wijziging,
    WijzigingUitkomst,
)

# --- Work queue -----------------------------------------------------------------------------------


def _met_termijn(queryset):
    """Annotate the deadline that runs now: 7 days to confirm, 30 days to decide."""
    return queryset.annotate(
        lopende_termijn=Case(
            When(status=Status.INGEDIEND, then=F("ontvankelijkheid_uiterlijk")),
            When(status__in=rules.BESLISBARE_STATUSSEN, then=F("beslissing_uiterlijk")),
            default=None,
            output_field=DateField(),
        )
    )


class TermijnFilter(admin.SimpleListFilter):
    title = gettext_lazy("termijn")
    parameter_name = "termijn"

    def lookups(self, request, model_admin):
        return [
            ("verlopen", gettext_lazy("Verlopen")),
            ("week", gettext_lazy("Verloopt binnen 7 dagen")),
            ("geen", gettext_lazy("Geen lopende termijn")),
        ]

    def queryset(self, request, queryset):
        vandaag = timezone.localdate()
        if self.value() == "verlopen":
            return queryset.filter(lopende_termijn__lt=vandaag)
        if self.value() == "week":
            return queryset.filter(
                lopende_termijn__gte=vandaag, lopende_termijn__lte=vandaag + dt.timedelta(days=7)
            )
        if self.value() == "geen":
            return queryset.filter(lopende_termijn__isnull=True)
        return queryset


class OrganisatieSoortFilter(admin.ChoicesFieldListFilter):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.title = gettext_lazy("soort organisatie")


class BevestigingTeLaatFilter(admin.SimpleListFilter):
    title = gettext_lazy("bevestiging te laat")
    parameter_name = "bevestiging_te_laat"

    def lookups(self, request, model_admin):
        return [
            ("ja", gettext_lazy("Op de lijst 'bevestiging te laat'")),
            ("open", gettext_lazy("Op de lijst en nog zonder bevestigingsmail")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "ja":
            return queryset.filter(bevestiging_te_laat_gesignaleerd_op__isnull=False)
        if self.value() == "open":
            return queryset.filter(
                bevestiging_te_laat_gesignaleerd_op__isnull=False, ontvankelijkheid_gemeld_op__isnull=True
            )
        return queryset


# --- Action forms ---------------------------------------------------------------------------------


class OntvankelijkheidForm(forms.Form):
    ontvankelijk = forms.TypedChoiceField(
        label=gettext_lazy("Nieuwe beoordeling"),
        choices=[("1", gettext_lazy("Ontvankelijk")), ("0", gettext_lazy("Niet ontvankelijk"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Kies ontvankelijk of niet ontvankelijk.")},
    )
    reden = forms.CharField(
        label=gettext_lazy("Reden"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("De werkgever krijgt deze reden in een e-mail."),
        error_messages={"required": gettext_lazy("Geef de reden op waarom u de ontvankelijkheid herziet.")},
    )


class InformatieForm(forms.Form):
    vraag = forms.CharField(
        label=gettext_lazy("Welke informatie hebt u nodig?"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=gettext_lazy("De werkgever krijgt deze vraag per e-mail en ziet ze bij zijn dossier."),
        error_messages={"required": gettext_lazy("Schrijf welke informatie u van de werkgever nodig hebt.")},
    )


class DatumInput(forms.DateInput):
    input_type = "date"

    def __init__(self):
        super().__init__(format="%Y-%m-%d")


class BeslissingForm(forms.Form):
    uitkomst = forms.ChoiceField(
        label=gettext_lazy("Beslissing"),
        choices=[
            (Uitkomst.TOEGEKEND, gettext_lazy("Toekennen")),
            (Uitkomst.GEWEIGERD, gettext_lazy("Weigeren")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Kies of u de premie toekent of weigert.")},
    )
    loonpremie = forms.BooleanField(label=gettext_lazy("Loonpremie"), required=False)
    begeleidingspremie = forms.BooleanField(label=gettext_lazy("Begeleidingspremie"), required=False)
    ondersteuningspremie = forms.BooleanField(label=gettext_lazy("Ondersteuningspremie"), required=False)
    percentage = forms.IntegerField(
        label=gettext_lazy("Percentage (%)"),
        required=False,
        help_text=gettext_lazy("Tussen 20 en 75, een veelvoud van 5 (ondersteuningspremie: hoogstens 55)."),
    )
    duur_jaren = forms.IntegerField(label=gettext_lazy("Duurtijd (jaren)"), required=False)
    beslist_op = forms.DateField(label=gettext_lazy("Datum van de beslissing"), widget=DatumInput())
    startdatum = forms.DateField(
        label=gettext_lazy("Begindatum"),
        required=False,
        widget=DatumInput(),
        help_text=gettext_lazy("Eerste dag van het kwartaal van de beslissing. Leeg: wordt berekend."),
    )
    einddatum = forms.DateField(
        label=gettext_lazy("Einddatum"),
        required=False,
        widget=DatumInput(),
        help_text=gettext_lazy("Volgt uit de duurtijd. Leeg: wordt berekend."),
    )
    reden = forms.CharField(
        label=gettext_lazy("Motivering"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy(
            "Verplicht bij een weigering en bij een correctie; staat in de beslissingsbrief."
        ),
    )


ACTIES = {
    "ontvankelijkheid": (gettext_lazy("Ontvankelijkheid herzien"), OntvankelijkheidForm),
    "informatie": (gettext_lazy("Informatie vragen aan de werkgever"), InformatieForm),
    "beslissen": (gettext_lazy("Beslissen"), BeslissingForm),
    "corrigeren": (gettext_lazy("Beslissing corrigeren"), BeslissingForm),
}


# --- Dossiers -------------------------------------------------------------------------------------


@admin.register(Dossier)
class DossierAdmin(IdentifierSearchMixin, SimpleHistoryAdmin):
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
    list_per_page = 50
    show_full_result_count = False
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
                ]
            },
        ),
    ]

    # Read-only: every change goes through a service (see the actions on the page).
    def get_readonly_fields(self, request, obj=None):
        return [f for _titel, opties in self.fieldsets for f in opties["fields"]]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        # The changelist may list dossiers for case handlers; the page itself is view-only.
        return super().has_change_permission(request, obj) if obj is None else False

    def revert_disabled(self, request, obj=None):
        return True

    def save_model(self, request, obj, form, change):
        raise PermissionDenied(_("Een dossier wijzigt enkel via de acties op de dossierpagina."))

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST":
            raise PermissionDenied(_("Een vroegere versie van een dossier kan niet teruggezet worden."))
        return super().history_form_view(request, object_id, version_id, extra_context)

    def get_ordering(self, request):
        # Overdue first, then the nearest deadline; dossiers without a running deadline last.
        return [F("lopende_termijn").asc(nulls_last=True), "-ingediend_op", "-id"]

    def get_queryset(self, request):
        return _met_termijn(super().get_queryset(request).exclude(status=Status.CONCEPT))

    # Columns
    @admin.display(description=gettext_lazy("organisatie"), ordering="organisatie__naam")
    def organisatie_naam(self, obj):
        return obj.organisatie.naam

    @admin.display(description=gettext_lazy("werknemer"), ordering="werknemer_achternaam")
    def werknemer_weergave(self, obj):
        return obj.werknemer_naam

    @admin.display(description=gettext_lazy("dagen over"), ordering="lopende_termijn")
    def termijn_weergave(self, obj):
        termijn = getattr(obj, "lopende_termijn", None)
        dagen = rules.dagen_over(termijn, timezone.localdate())
        if dagen is None:
            return "–"
        stand = rules.termijn_stand(termijn, timezone.localdate())
        if dagen < 0:
            tekst = _("%(dagen)s d te laat") % {"dagen": -dagen}
        else:
            tekst = _("%(dagen)s d") % {"dagen": dagen}
        soort = _("bevestiging") if obj.status == Status.INGEDIEND else _("beslissing")
        return format_html(
            '<span class="termijn termijn-{}" title="{} {}">{} ({})</span>',
            stand,
            soort,
            termijn.strftime("%d/%m/%Y"),
            tekst,
            soort,
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
        records = list(
            dossier.history.select_related("history_user").order_by("-history_date", "-history_id")[:60]
        )
        regels = []
        for nieuw, oud in zip(records, records[1:] + [None], strict=True):
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
        beslist = list(dossier.beslissingen.select_related("beslist_door", "vervangt").order_by("-id"))
        actief = beslissingen.actieve_beslissing(dossier)
        berichten = (
            Bericht.objects.filter(
                content_type=ContentType.objects.get_for_model(Dossier), object_id=dossier.pk
            )
            .prefetch_related("bijlagen")
            .order_by("-aangemaakt_op", "-id")
        )
        mag = self._mag_behandelen(request)
        gemeld = list(dossier.wijzigingen.select_related("gemeld_door", "verwerkt_door"))
        uit_dienst = verwerking.uit_dienst_verwerkt(gemeld)
        return {
            "dossier": dossier,
            "documenten": dossier.documenten.all(),
            "bronnen": self._bronnen(dossier),
            "redenen": [
                r if isinstance(r, dict) else {"code": r, "uitleg": r}
                for r in dossier.ontvankelijkheid_redenen or []
            ],
            "berichten": berichten,
            "overgangen": dossier.overgangen.select_related("door"),
            "veldhistoriek": self._veldhistoriek(dossier),
            "beslissingen_lijst": beslist,
            "actieve_beslissing": actief,
            "wijzigingen": gemeld,
            "mag_wijzigingen_verwerken": request.user.has_perm("aanvragen.change_wijziging"),
            "uit_dienst": uit_dienst,
            "uit_dienst_voor_beslissing": uit_dienst is not None
            and dossier.status in rules.NOG_TE_BESLISSEN_STATUSSEN,
            "termijn": rules.lopende_termijn(
                dossier.status, dossier.ontvankelijkheid_uiterlijk, dossier.beslissing_uiterlijk
            ),
            "dagen_over": rules.dagen_over(
                rules.lopende_termijn(
                    dossier.status, dossier.ontvankelijkheid_uiterlijk, dossier.beslissing_uiterlijk
                ),
                timezone.localdate(),
            ),
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
                "percentage": vorige.percentage,
                "duur_jaren": vorige.duur_jaren,
                "startdatum": vorige.startdatum,
                "einddatum": vorige.einddatum,
                "beslist_op": timezone.localdate(),
            }, ""
        if actie == "ontvankelijkheid":
            return {"ontvankelijk": "0" if dossier.status in rules.BESLISBARE_STATUSSEN else "1"}, ""
        return {}, ""

    def actie_view(self, request, object_id, actie):
        if actie not in ACTIES:
            raise Http404
        dossier = self._dossier(request, object_id)
        if not self._mag_behandelen(request):
            raise PermissionDenied
        titel, form_class = ACTIES[actie]
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
                messages.warning(request, _uit_dienst_waarschuwing(uit_dienst))
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
        return FileResponse(
            document.bestand.open("rb"),
            as_attachment=True,
            filename=document.naam,
            content_type=document.mimetype,
        )

    def bijlage_view(self, request, object_id, bijlage_id):
        dossier = self._dossier(request, object_id)
        bijlage = get_object_or_404(
            BerichtBijlage,
            pk=bijlage_id,
            bericht__content_type=ContentType.objects.get_for_model(Dossier),
            bericht__object_id=dossier.pk,
        )
        return FileResponse(
            bijlage.inhoud.open("rb"),
            as_attachment=True,
            filename=bijlage.naam,
            content_type=bijlage.mimetype,
        )

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
        ids = [int(i) for i in bron.get("ids", "").split(",") if i.strip().isdigit()]
        return [b for b in beslissingen.postbrieven() if b.pk in ids]

    def postbrieven_pdf_view(self, request):
        self._mag_post(request)
        brieven = (
            self._gekozen_brieven(request, request.GET)
            if "ids" in request.GET
            else list(beslissingen.postbrieven())
        )
        if not brieven:
            messages.info(request, _("Er wachten geen brieven op verzending."))
            return HttpResponseRedirect(reverse("admin:aanvragen_dossier_postbrieven"))
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


# --- Reported changes -----------------------------------------------------------------------------


def _uit_dienst_waarschuwing(uit_dienst) -> str:
    return _(
        "De werknemer is uit dienst sinds %(datum)s (gemeld door de werkgever). Een aanvraag kan enkel "
        "tijdens de tewerkstelling: ging de werknemer vóór de beslissing uit dienst, weiger dan de aanvraag."
    ) % {"datum": uit_dienst.laatste_dag.strftime("%d/%m/%Y") if uit_dienst.laatste_dag else "–"}


class VerwerktFilter(admin.SimpleListFilter):
    title = gettext_lazy("verwerkt")
    parameter_name = "verwerkt"

    def lookups(self, request, model_admin):
        return [
            ("nee", gettext_lazy("Nog te verwerken")),
            ("ja", gettext_lazy("Verwerkt (toegepast)")),
            ("afgewezen", gettext_lazy("Afgewezen")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "nee":
            return queryset.filter(verwerkt_op__isnull=True)
        if self.value() == "ja":
            return queryset.filter(verwerkt_op__isnull=False).exclude(uitkomst=WijzigingUitkomst.AFGEWEZEN)
        if self.value() == "afgewezen":
            return queryset.filter(uitkomst=WijzigingUitkomst.AFGEWEZEN)
        return queryset


class AfwijzingForm(forms.Form):
    reden = forms.CharField(
        label=gettext_lazy("Reden van de afwijzing"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("De werkgever krijgt deze reden per e-mail en ziet ze bij zijn dossier."),
        error_messages={
            "required": gettext_lazy(
                "Geef de reden op waarom u de wijziging afwijst; de werkgever krijgt ze per e-mail."
            )
        },
    )

    def clean_reden(self):
        reden = self.cleaned_data["reden"].strip()
        if not reden:
            raise forms.ValidationError(self.fields["reden"].error_messages["required"])
        return reden


@admin.register(Wijziging)
class WijzigingAdmin(IdentifierSearchMixin, admin.ModelAdmin):
    """Reported changes: staff apply one ('Verwerken (toepassen)', after seeing what it will do) or
    reject it with a reason ('Afwijzen'), one at a time or as a selection; both through
    ``aanvragen.wijzigingen``. Nothing is edited by hand."""

    list_display = [
        "dossier_link",
        "organisatie",
        "soort",
        "gegevens_kort",
        "gemeld_op",
        "gemeld_door",
        "stand",
        "verwerkt_op",
        "verwerkt_door",
        "behandelen",
    ]
    list_filter = [VerwerktFilter, "soort"]
    search_fields = ["dossier__referentie", "dossier__organisatie__naam", "dossier__organisatie__kbo_nummer"]
    list_select_related = ["dossier__organisatie", "gemeld_door", "verwerkt_door"]
    show_full_result_count = False
    ordering = [F("verwerkt_op").desc(nulls_first=True), "gemeld_op", "id"]
    actions = ["verwerken", "afwijzen"]
    change_form_template = "admin/aanvragen/wijziging/change_form.html"
    readonly_fields = [
        "dossier",
        "soort",
        "gegevens",
        "gemeld_door",
        "gemeld_op",
        "uitkomst",
        "reden",
        "verwerkt_door",
        "verwerkt_op",
    ]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) if obj is None else False

    def _mag_verwerken(self, request) -> bool:
        # behandelaar and supervisor (aanvragen.rollen); the object page itself stays read-only.
        return request.user.has_perm("aanvragen.change_wijziging")

    # Columns
    @admin.display(description=gettext_lazy("dossier"), ordering="dossier__referentie")
    def dossier_link(self, obj):
        url = reverse("admin:aanvragen_dossier_change", args=[obj.dossier_id])
        return format_html('<a href="{}">{}</a>', url, obj.dossier.referentie or obj.dossier_id)

    @admin.display(description=gettext_lazy("organisatie"))
    def organisatie(self, obj):
        return obj.dossier.organisatie.naam

    @admin.display(description=gettext_lazy("gegevens"))
    def gegevens_kort(self, obj):
        gegevens = obj.gegevens or {}
        delen = []
        for sleutel, waarde in gegevens.items():
            if "iban" in sleutel.lower() and isinstance(waarde, str) and waarde:
                waarde = mask_iban(waarde)
            delen.append(f"{sleutel}: {waarde}")
        return "; ".join(delen)[:200]

    @admin.display(description=gettext_lazy("stand"), ordering="uitkomst")
    def stand(self, obj):
        if obj.verwerkt_op is None:
            return format_html('<span class="termijn termijn-bijna">{}</span>', _("Nog te verwerken"))
        if obj.uitkomst == WijzigingUitkomst.AFGEWEZEN:
            return format_html("{}: {}", _("Afgewezen"), obj.reden[:120])
        return _("Verwerkt")

    @admin.display(description=gettext_lazy("behandelen"))
    def behandelen(self, obj):
        if obj.verwerkt_op is not None:
            return "–"
        return format_html(
            '<a class="button" href="{}">{}</a> <a class="button" href="{}">{}</a>',
            reverse("admin:aanvragen_wijziging_verwerken", args=[obj.pk]),
            _("Verwerken"),
            reverse("admin:aanvragen_wijziging_afwijzen", args=[obj.pk]),
            _("Afwijzen"),
        )

    # URLs of the two actions on one change
    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "<path:object_id>/verwerken/", view(self.verwerken_view), name="aanvragen_wijziging_verwerken"
            ),
            path("<path:object_id>/afwijzen/", view(self.afwijzen_view), name="aanvragen_wijziging_afwijzen"),
        ] + super().get_urls()

    def _terug(self, request) -> str:
        volgende = request.POST.get("next") or request.GET.get("next") or ""
        if volgende and url_has_allowed_host_and_scheme(
            volgende, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            return volgende
        return reverse("admin:aanvragen_wijziging_changelist") + "?verwerkt=nee"

    def _een(self, request, object_id) -> list[Wijziging]:
        if not self._mag_verwerken(request):
            raise PermissionDenied
        wijziging = get_object_or_404(
            Wijziging.objects.select_related("dossier__organisatie__scholengroep", "dossier__dienstverlener"),
            pk=unquote(object_id),
        )
        return [wijziging]

    def verwerken_view(self, request, object_id):
        return self._verwerken(request, self._een(request, object_id), terug=self._terug(request))

    def afwijzen_view(self, request, object_id):
        return self._afwijzen(request, self._een(request, object_id), terug=self._terug(request))

    # Admin actions on a selection (an intermediate page, as Django's 'delete selected')
    def _te_verwerken(self, request, queryset) -> list[Wijziging]:
        gekozen = list(
            queryset.filter(verwerkt_op__isnull=True).select_related(
                "dossier__organisatie__scholengroep", "dossier__dienstverlener"
            )
        )
        if not gekozen:
            self.message_user(
                request, _("Geen van de gekozen wijzigingen is nog te verwerken."), messages.WARNING
            )
        return gekozen

    @admin.action(description=gettext_lazy("Verwerken (toepassen)"), permissions=["change"])
    def verwerken(self, request, queryset):
        gekozen = self._te_verwerken(request, queryset)
        if gekozen:
            return self._verwerken(request, gekozen, terug=request.get_full_path(), actie="verwerken")
        return None

    @admin.action(description=gettext_lazy("Afwijzen (met reden)"), permissions=["change"])
    def afwijzen(self, request, queryset):
        gekozen = self._te_verwerken(request, queryset)
        if gekozen:
            return self._afwijzen(request, gekozen, terug=request.get_full_path(), actie="afwijzen")
        return None

    def _pagina(self, request, wijzigingen, *, titel, soort, terug, actie, items, form=None):
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": titel,
            "soort": soort,
            "items": items,
            "form": form,
            "terug": terug,
            "actie": actie,
            "geselecteerd": [w.pk for w in wijzigingen],
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/aanvragen/wijziging/bevestig.html", context)

    def _al_behandeld(self, request, wijzigingen, terug):
        """A change processed in the meantime: say so and go back (nothing to confirm)."""
        open_ = [w for w in wijzigingen if w.verwerkt_op is None]
        if not open_:
            self.message_user(request, _("Deze wijziging is al behandeld."), messages.WARNING)
        return open_

    def _verwerken(self, request, wijzigingen, *, terug, actie=""):
        if request.method == "POST" and request.POST.get("bevestigd") == "ja":
            gelukt = 0
            for wijziging in wijzigingen:
                try:
                    plan = verwerking.verwerk_wijziging(wijziging, door=request.user)
                except ValidationError as exc:
                    self.message_user(request, f"{wijziging}: {' '.join(exc.messages)}", messages.ERROR)
                else:
                    gelukt += 1
                    self.message_user(
                        request,
                        _("%(wijziging)s verwerkt. %(gevolgen)s")
                        % {"wijziging": wijziging, "gevolgen": " ".join(plan.gevolgen)},
                        messages.SUCCESS,
                    )
            return HttpResponseRedirect(terug)
        wijzigingen = self._al_behandeld(request, wijzigingen, terug)
        if not wijzigingen:
            return HttpResponseRedirect(terug)
        items = [(w, verwerking.maak_plan(w, w.dossier)) for w in wijzigingen]
        return self._pagina(
            request,
            wijzigingen,
            titel=_("Wijziging verwerken (toepassen)")
            if len(wijzigingen) == 1
            else _("%(aantal)s wijzigingen verwerken (toepassen)") % {"aantal": len(wijzigingen)},
            soort="verwerken",
            terug=terug,
            actie=actie,
            items=items,
        )

    def _afwijzen(self, request, wijzigingen, *, terug, actie=""):
        form = AfwijzingForm()
        if request.method == "POST" and request.POST.get("bevestigd") == "ja":
            form = AfwijzingForm(request.POST)
            if form.is_valid():
                for wijziging in wijzigingen:
                    try:
                        verwerking.wijs_wijziging_af(
                            wijziging, door=request.user, reden=form.cleaned_data["reden"]
                        )
                    except ValidationError as exc:
                        self.message_user(request, f"{wijziging}: {' '.join(exc.messages)}", messages.ERROR)
                    else:
                        self.message_user(
                            request,
                            _("%(wijziging)s afgewezen; de werkgever krijgt de reden per e-mail.")
                            % {"wijziging": wijziging},
                            messages.SUCCESS,
                        )
                return HttpResponseRedirect(terug)
        else:
            wijzigingen = self._al_behandeld(request, wijzigingen, terug)
            if not wijzigingen:
                return HttpResponseRedirect(terug)
        return self._pagina(
            request,
            wijzigingen,
            titel=_("Wijziging afwijzen")
            if len(wijzigingen) == 1
            else _("%(aantal)s wijzigingen afwijzen") % {"aantal": len(wijzigingen)},
            soort="afwijzen",
            terug=terug,
            actie=actie,
            items=[(w, None) for w in wijzigingen],
            form=form,
        )

    # The object page (read-only): what processing would do, and the two buttons
    def change_view(self, request, object_id, form_url="", extra_context=None):
        context = {**(extra_context or {})}
        wijziging = self.get_object(request, unquote(object_id))
        if wijziging is not None:
            context["wijziging"] = wijziging
            context["mag_verwerken"] = self._mag_verwerken(request) and wijziging.verwerkt_op is None
            if wijziging.verwerkt_op is None:
                context["plan"] = verwerking.maak_plan(wijziging)
        return super().change_view(request, object_id, form_url, context)


# --- Decisions, access log, recognised service providers ------------------------------------------


class AlleenLezenAdmin(IdentifierSearchMixin, admin.ModelAdmin):
    """A record that nobody adds, edits or deletes by hand: it is written by the services."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Beslissing)
class BeslissingAdmin(AlleenLezenAdmin):
    list_display = [
        "dossier",
        "uitkomst",
        "percentage",
        "startdatum",
        "einddatum",
        "beslist_op",
        "beslist_door",
        "vervangt",
    ]
    list_filter = ["uitkomst", "beslist_op"]
    search_fields = ["dossier__referentie", "dossier__organisatie__naam", "dossier__werknemer_insz"]
    list_select_related = ["dossier", "beslist_door", "vervangt__dossier"]


@admin.register(DossierInzage)
class DossierInzageAdmin(AlleenLezenAdmin):
    """The access log: who opened which dossier when. Only supervisors have the view permission."""

    list_display = ["op", "door", "dossier"]
    list_filter = ["op"]
    search_fields = ["door__username", "door__last_name", "dossier__referentie"]
    list_select_related = ["door", "dossier"]
    date_hierarchy = "op"


@admin.register(ErkendeDienstverlener)
class ErkendeDienstverlenerAdmin(SimpleHistoryAdmin):
    list_display = ["naam", "kbo_nummer", "gemeente", "actief"]
    list_filter = ["actief"]
    search_fields = ["naam", "kbo_nummer", "gemeente"]
