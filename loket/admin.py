import functools
from urllib.parse import quote_plus

from django.contrib import admin, messages
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import DateField
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.functional import cached_property
from django.utils.http import urlencode
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin
from simple_history.template_utils import HistoricalRecordContextHelper

from . import models
from .csv_import import CsvImportAdminMixin
from .fields import IbanField
from .forms import Datumveld
from .row_format import url_per_pk
from .rules import mask_iban

admin.site.site_header = _("WSE-loket – DWSE backoffice")
admin.site.site_title = _("WSE-loket backoffice")
admin.site.index_title = _("Individueel maatwerk")


class IdentifierSearchMixin:
    """KBO and INSZ numbers are often typed with dots, dashes or spaces: search on their digits."""

    def get_search_results(self, request, queryset, search_term):
        cijfers = "".join(c for c in search_term if c.isdigit())
        if len(cijfers) >= 6 and not any(c.isalpha() for c in search_term):
            search_term = cijfers
        return super().get_search_results(request, queryset, search_term)


class CappedCountPaginator(Paginator):
    """A changelist paginator whose count stops at ``CAP`` rows: counting every row of a large
    table on each page view costs time in proportion to the table (a sequential scan), while
    nobody pages past the first few hundred. The count reads at most ``CAP + 1`` primary keys
    through the same index as the page itself; the template says "more than" when it is reached
    (``admin/pagination.html`` of the model)."""

    CAP = 1000

    @cached_property
    def count(self):
        return self.object_list.values("pk")[: self.CAP + 1].count()

    @property
    def afgetopt(self) -> bool:
        return self.count > self.CAP


class FiltersInRijenChangeList(ChangeList):
    """Each row's link keeps the search and filters (Django's ``_changelist_filters``), written once
    into the row's URL here. Django adds them per row with ``add_preserved_filters``, which
    resolves every row's URL against all admin URLs to see whether it is the list itself: on a
    search page of 25 rows that was an eighth of the page's time. The links are the same."""

    def __init__(self, request, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.filters_in_rijen = self.preserved_filters
        self.preserved_filters = ""

    def get_results(self, request):
        super().get_results(request)
        if kolommen := getattr(self.model_admin, "list_columns", None):
            # The page's rows read only the columns the list shows (ModelAdmin.list_columns): a
            # dossier has forty-odd, and building the rest into 25 instances, the timestamps
            # parsed, was a tenth of the work queue. Only the rows: actions get the full queryset.
            self.result_list = self.result_list.only(*kolommen)

    def url_for_result(self, result):
        pk = getattr(result, self.pk_attname)
        if isinstance(pk, int):
            # An integer key needs no quoting: the change URL reversed once for the page, the key
            # put in its place (reverse() per row was a sixth of writing the rows).
            url = self._wijzig_url(pk)
        else:
            url = super().url_for_result(result)
        return f"{url}?{self.filters_in_rijen}" if self.filters_in_rijen else url

    @cached_property
    def _wijzig_url(self):
        naam = f"admin:{self.opts.app_label}_{self.opts.model_name}_change"
        return url_per_pk(naam, current_app=self.model_admin.admin_site.name)

    def get_query_string(self, new_params=None, remove=None):
        """Django's, with the query written by ``_query_string``: a list page asks for some sixty
        (a link per filter choice, three per sortable column), which through ``urlencode`` and
        ``quote_plus`` were a tenth of a search page."""
        p = self.filter_params.copy()
        for r in remove or ():
            for k in list(p):
                if k.startswith(r):
                    del p[k]
        for k, v in (new_params or {}).items():
            if v is None:
                p.pop(k, None)
            else:
                p[k] = v
        return f"?{_query_string(sorted(p.items()))}"


_quote_plus = functools.lru_cache(maxsize=2048)(quote_plus)


def _query_string(pairs: list) -> str:
    """``django.utils.http.urlencode(pairs, doseq=True)``, each text quoted once per process: the
    same filter names and values recur in every link of a page. Anything but text, or a list or
    tuple of texts, goes to Django's function."""
    delen = []
    for key, value in pairs:
        if type(key) is str:
            if type(value) is str:
                delen.append(f"{_quote_plus(key)}={_quote_plus(value)}")
                continue
            if type(value) in (list, tuple) and all(type(v) is str for v in value):
                sleutel = _quote_plus(key)
                delen.extend(f"{sleutel}={_quote_plus(v)}" for v in value)
                continue
        return urlencode(pairs, doseq=True)
    return "&".join(delen)


class GemaskeerdeWijzigingen(HistoricalRecordContextHelper):
    """A change of a bank account number shows in the history masked (BE** **** **** 6769)."""

    def prepare_delta_change_value(self, change, value):
        if isinstance(self.model._meta.get_field(change.field), IbanField) and value:
            return mask_iban(value)
        return super().prepare_delta_change_value(change, value)


class HistoriekAdmin(SimpleHistoryAdmin):
    """The history of a record, with bank account numbers masked. A single past version is not
    shown as a form (it would show the full account number): its link leads back to the list."""

    def get_historical_record_context_helper(self, request, historical_record):
        return GemaskeerdeWijzigingen(self.model, historical_record)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method != "GET":
            raise PermissionDenied  # nothing is reverted from the history
        opts = self.model._meta
        return redirect(f"admin:{opts.app_label}_{opts.model_name}_history", object_id)


class AlleenLezenMixin:
    """A record nobody adds, edits or deletes by hand: the services write it (logs, decisions)."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class AlleenViaActiesMixin:
    """A record staff change only through the actions on its page (each calls a service that checks
    the transition and records who and why), never by editing fields: no add, no delete, a
    view-only page, nothing reverted from the history. The changelist still lists it."""

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) if obj is None else False

    def revert_disabled(self, request, obj=None):
        return True


class BegrensdeDatumsMixin:
    """Dates of a rule parameter are bounded (``Datumveld``): a year like 9999 or 0001 is a form
    error, not a period from which the rules would compute a date that does not exist."""

    formfield_overrides = {DateField: {"form_class": Datumveld}}


class VestigingInline(admin.TabularInline):
    model = models.Vestiging
    extra = 0


class BankrekeningInline(admin.TabularInline):
    model = models.Bankrekening
    extra = 0
    readonly_fields = ["opgegeven_door", "opgegeven_op"]


@admin.register(models.Organisatie)
class OrganisatieAdmin(IdentifierSearchMixin, HistoriekAdmin):
    list_display = ["naam", "kbo_weergave", "soort", "in_moeilijkheden", "scholengroep"]
    list_filter = ["soort", "in_moeilijkheden"]
    search_fields = ["kbo_nummer", "naam"]
    list_select_related = ["scholengroep"]
    autocomplete_fields = ["scholengroep", "persoon"]
    inlines = [VestigingInline, BankrekeningInline]

    @admin.display(description=_("KBO-nummer"), ordering="kbo_nummer")
    def kbo_weergave(self, obj):
        return obj.kbo_weergave


@admin.register(models.Vestiging)
class VestigingAdmin(IdentifierSearchMixin, HistoriekAdmin):
    list_display = ["naam", "organisatie", "gemeente", "gewest"]
    list_filter = ["gewest"]
    search_fields = ["naam", "gemeente", "organisatie__naam", "organisatie__kbo_nummer"]
    list_select_related = ["organisatie"]
    autocomplete_fields = ["organisatie"]


@admin.register(models.Bankrekening)
class BankrekeningAdmin(IdentifierSearchMixin, HistoriekAdmin):
    list_display = ["__str__", "organisatie", "geldig_vanaf", "actief"]
    list_filter = ["actief"]
    search_fields = ["iban", "organisatie__naam", "organisatie__kbo_nummer"]
    list_select_related = ["organisatie"]
    autocomplete_fields = ["organisatie"]


@admin.register(models.Persoon)
class PersoonAdmin(IdentifierSearchMixin, HistoriekAdmin):
    list_display = ["achternaam", "voornaam", "insz_weergave", "woonplaats_gewest", "email"]
    list_filter = ["woonplaats_gewest"]
    search_fields = ["insz", "voornaam", "achternaam", "email"]


class ToegangStatusFilter(admin.SimpleListFilter):
    title = _("status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [
            ("in_afwachting", _("In afwachting van activatie")),
            ("actief", _("Actief")),
            ("ingetrokken", _("Ingetrokken")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "in_afwachting":
            return queryset.in_afwachting()
        if self.value() == "actief":
            return queryset.actief()
        if self.value() == "ingetrokken":
            return queryset.filter(ingetrokken_op__isnull=False)
        return queryset


class ActivatiecodeInline(admin.TabularInline):
    model = models.Activatiecode
    extra = 0
    can_delete = False
    fields = ["aangemaakt_op", "naam", "adres", "geldig_tot", "pogingen", "gebruikt_op", "vervangen_op"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(models.Mandaat)
class MandaatAdmin(IdentifierSearchMixin, HistoriekAdmin):
    """Mandates of social secretariats (API): granted and revoked by the organisation responsible
    in the portal; staff see them with their history."""

    list_display = ["organisatie", "secretariaat", "maatregel", "verleend_op", "ingetrokken_op"]
    list_filter = ["maatregel"]
    search_fields = [
        "organisatie__naam",
        "organisatie__kbo_nummer",
        "secretariaat__naam",
        "secretariaat__kbo_nummer",
    ]
    list_select_related = ["organisatie", "secretariaat"]
    autocomplete_fields = ["organisatie", "secretariaat"]
    raw_id_fields = ["verleend_door", "ingetrokken_door"]


@admin.register(models.Toegang)
class ToegangAdmin(IdentifierSearchMixin, HistoriekAdmin):
    list_display = [
        "gebruiker",
        "organisatie",
        "maatregel",
        "rol",
        "status",
        "verleend_op",
        "geactiveerd_op",
        "ingetrokken_op",
    ]
    list_filter = [ToegangStatusFilter, "maatregel", "rol", "activatie_wijze"]
    search_fields = [
        "gebruiker__username",
        "gebruiker__email",
        "organisatie__naam",
        "organisatie__kbo_nummer",
    ]
    list_select_related = ["gebruiker", "organisatie"]
    autocomplete_fields = ["organisatie"]
    raw_id_fields = ["gebruiker", "verleend_door", "ingetrokken_door", "geactiveerd_door"]
    readonly_fields = ["geactiveerd_op", "geactiveerd_door", "activatie_wijze", "activatie_reden"]
    inlines = [ActivatiecodeInline]
    actions = ["activeren_zonder_code"]

    @admin.display(description=_("status"))
    def status(self, obj):
        if obj.ingetrokken_op:
            return gettext("Ingetrokken")
        if obj.geactiveerd_op is None:
            return gettext("In afwachting van activatie")
        return gettext("Actief")

    def has_activeren_permission(self, request):
        return request.user.has_perm("loket.activeren_toegang")

    @admin.action(description=_("Activeren zonder code"), permissions=["activeren"])
    def activeren_zonder_code(self, request, queryset):
        """A supervisor activates registrations waiting for the code by post, with a reason
        (e.g. the organisation confirmed by phone at the number in the KBO)."""
        from .toegangsbeheer import ToegangGeweigerd, activeer_zonder_code

        wachtend = list(queryset.in_afwachting().select_related("gebruiker", "organisatie"))
        if not wachtend:
            self.message_user(
                request, gettext("Geen van de gekozen registraties wacht op activatie."), messages.WARNING
            )
            return None
        reden = (request.POST.get("reden") or "").strip()
        if request.POST.get("bevestigd") and reden:
            aantal = 0
            for toegang in wachtend:
                try:
                    activeer_zonder_code(toegang, door=request.user, reden=reden)
                except ToegangGeweigerd as exc:
                    self.message_user(request, f"{toegang}: {exc}", messages.ERROR)
                else:
                    aantal += 1
            if aantal:
                self.message_user(
                    request,
                    gettext("%(aantal)s registratie(s) geactiveerd zonder code.") % {"aantal": aantal},
                    messages.SUCCESS,
                )
            return None
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": gettext("Activeren zonder code"),
            "toegangen": wachtend,
            "fout": gettext("Geef een reden op.") if request.POST.get("bevestigd") else "",
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "loket/admin/activeren_zonder_code.html", context)


@admin.register(models.Uitnodiging)
class UitnodigingAdmin(IdentifierSearchMixin, HistoriekAdmin):
    list_display = ["email", "organisatie", "aangemaakt_op", "geldig_tot", "aanvaard_op", "ingetrokken_op"]
    list_filter = [
        ("aanvaard_op", admin.EmptyFieldListFilter),
        ("ingetrokken_op", admin.EmptyFieldListFilter),
    ]
    search_fields = ["email", "organisatie__naam", "organisatie__kbo_nummer"]
    list_select_related = ["organisatie"]
    raw_id_fields = ["uitgenodigd_door", "aanvaard_door"]


@admin.register(models.VdabIndicatie)
class VdabIndicatieAdmin(IdentifierSearchMixin, CsvImportAdminMixin, HistoriekAdmin):
    csv_bron = "vdab"
    list_display = [
        "insz",
        "arbeidshandicap_erkend",
        "doelgroep",
        "behoefte",
        "percentage",
        "duur_jaren",
        "geldig_van",
        "geldig_tot",
    ]
    list_filter = ["arbeidshandicap_erkend", "doelgroep", "behoefte", "duur_jaren"]
    search_fields = ["insz"]
    date_hierarchy = "geldig_van"


@admin.register(models.VdabEvaluatie)
class VdabEvaluatieAdmin(IdentifierSearchMixin, CsvImportAdminMixin, SimpleHistoryAdmin):
    csv_bron = "vdab_evaluatie"
    list_display = [
        "insz",
        "geevalueerd_op",
        "behoefte",
        "percentage",
        "pakket",
        "duur_jaren",
        "begeleidingsnood",
    ]
    list_filter = ["behoefte", "duur_jaren"]
    search_fields = ["insz"]
    date_hierarchy = "geevalueerd_op"


@admin.register(models.DimonaRelatie)
class DimonaRelatieAdmin(IdentifierSearchMixin, CsvImportAdminMixin, HistoriekAdmin):
    csv_bron = "dimona"
    list_display = ["werkgever_kbo", "insz", "begin", "einde", "arbeidsfractie"]
    list_filter = [("einde", admin.EmptyFieldListFilter)]
    search_fields = ["werkgever_kbo", "insz"]


@admin.register(models.DmfaLoonlijn)
class DmfaLoonlijnAdmin(IdentifierSearchMixin, CsvImportAdminMixin, HistoriekAdmin):
    csv_bron = "dmfa"
    list_display = [
        "werkgever_kbo",
        "insz",
        "jaar",
        "kwartaal",
        "brutoloon",
        "werkgeversbijdragen",
        "verminderingen",
        "arbeidsfractie",
    ]
    list_filter = ["jaar", "kwartaal"]
    search_fields = ["werkgever_kbo", "insz"]


@admin.register(models.KboInschrijving)
class KboInschrijvingAdmin(IdentifierSearchMixin, CsvImportAdminMixin, HistoriekAdmin):
    csv_bron = "kbo"
    list_display = ["kbo_nummer", "naam", "rechtsvorm", "actief"]
    list_filter = ["actief", "rechtsvorm"]
    search_fields = ["kbo_nummer", "naam"]


@admin.register(models.GgmmiBedrag)
class GgmmiBedragAdmin(IdentifierSearchMixin, BegrensdeDatumsMixin, HistoriekAdmin):
    list_display = ["bedrag_per_maand", "geldig_vanaf", "geldig_tot"]
    list_filter = [("geldig_tot", admin.EmptyFieldListFilter)]
    search_fields = ["bedrag_per_maand"]
    date_hierarchy = "geldig_vanaf"


class PakketSchijfInline(admin.TabularInline):
    model = models.PakketSchijf
    extra = 0


@admin.register(models.DegressiefPakket)
class DegressiefPakketAdmin(IdentifierSearchMixin, BegrensdeDatumsMixin, HistoriekAdmin):
    list_display = ["naam", "duur_jaren", "verhoogd", "geldig_vanaf", "geldig_tot"]
    list_filter = ["duur_jaren", "verhoogd"]
    search_fields = ["naam"]
    inlines = [PakketSchijfInline]


@admin.register(models.BegeleidingspremieBedrag)
class BegeleidingspremieBedragAdmin(IdentifierSearchMixin, BegrensdeDatumsMixin, HistoriekAdmin):
    list_display = ["bedrag_per_kwartaal", "van_kwartaal", "tot_kwartaal", "geldig_vanaf", "geldig_tot"]
    list_filter = [("geldig_tot", admin.EmptyFieldListFilter)]
    search_fields = ["bedrag_per_kwartaal"]


@admin.register(models.BegeleidingspremieOpstart)
class BegeleidingspremieOpstartAdmin(IdentifierSearchMixin, BegrensdeDatumsMixin, HistoriekAdmin):
    list_display = ["begeleidingsnood", "bedrag", "geldig_vanaf", "geldig_tot"]
    list_filter = ["begeleidingsnood"]
    search_fields = ["bedrag"]


@admin.register(models.OndersteuningReferentiebedrag)
class OndersteuningReferentiebedragAdmin(IdentifierSearchMixin, BegrensdeDatumsMixin, SimpleHistoryAdmin):
    list_display = ["bedrag_per_kwartaal", "geldig_vanaf", "geldig_tot"]
    list_filter = [("geldig_tot", admin.EmptyFieldListFilter)]
    search_fields = ["bedrag_per_kwartaal"]
    date_hierarchy = "geldig_vanaf"


class BerichtBijlageInline(admin.TabularInline):
    model = models.BerichtBijlage
    extra = 0


@admin.register(models.Bericht)
class BerichtAdmin(IdentifierSearchMixin, admin.ModelAdmin):
    list_display = ["onderwerp", "kanaal", "aan", "organisatie", "aangemaakt_op", "verzonden_op"]
    list_filter = ["kanaal", ("verzonden_op", admin.EmptyFieldListFilter)]
    search_fields = ["onderwerp", "aan", "organisatie__naam", "organisatie__kbo_nummer", "persoon__insz"]
    list_select_related = ["organisatie"]
    raw_id_fields = ["organisatie", "persoon"]
    inlines = [BerichtBijlageInline]
