"""Staff pages of the payouts: runs (approve, send, download the SEPA file), their lines, the hold
list, the problem list and a page of figures. Every change goes through ``premies.services``."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q, Sum
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from loket.downloads import bestand_response
from loket.rules import Kwartaal

from . import services
from .models import Betaallijn, Betalingsblokkering, Betalingsprobleem, RunStatus, Uitbetalingsrun


class AlleenLezen:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Uitbetalingsrun)
class UitbetalingsrunAdmin(admin.ModelAdmin):
    list_display = [
        "__str__",
        "status",
        "aantal_lijnen",
        "totaal",
        "gestart_door",
        "goedgekeurd_door",
        "verzonden_op",
        "lijnen_link",
        "sepa_link",
    ]
    list_filter = ["status", "betaaldatum"]
    readonly_fields = [
        "betaaldatum",
        "status",
        "aantal_lijnen",
        "totaal",
        "gestart_door",
        "gestart_op",
        "goedgekeurd_door",
        "goedgekeurd_op",
        "verzonden_op",
        "lijnen_link",
        "sepa_link",
        "overzicht",
    ]
    exclude = ["sepa_bestand"]
    actions = ["keur_goed", "verzend"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=gettext_lazy("betaallijnen"))
    def lijnen_link(self, run):
        url = reverse("admin:premies_betaallijn_changelist") + f"?run__id__exact={run.pk}"
        return format_html('<a href="{}">{}</a>', url, _("Bekijk de %(n)s lijnen") % {"n": run.aantal_lijnen})

    @admin.display(description=gettext_lazy("SEPA-bestand"))
    def sepa_link(self, run):
        if not run.sepa_bestand:
            return "—"
        url = reverse("admin:premies_uitbetalingsrun_sepa", args=[run.pk])
        return format_html('<a href="{}">{}</a>', url, _("Download"))

    def get_urls(self):
        eigen = [
            path(
                "<int:pk>/sepa/",
                self.admin_site.admin_view(self.sepa_view),
                name="premies_uitbetalingsrun_sepa",
            ),
            path("cijfers/", self.admin_site.admin_view(self.cijfers_view), name="premies_cijfers"),
        ]
        return eigen + super().get_urls()

    def sepa_view(self, request, pk):
        run = get_object_or_404(Uitbetalingsrun, pk=pk)
        if not self.has_view_permission(request, run):
            raise PermissionDenied
        if not run.sepa_bestand:
            raise Http404
        return bestand_response(
            run.sepa_bestand, naam=run.sepa_bestand.name.rsplit("/", 1)[-1], mimetype="application/xml"
        )

    def cijfers_view(self, request):
        """What a manager asks: paid this quarter, waiting for DmfA, corrections, problems, holds."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        if request.method == "POST":
            if not self.has_change_permission(request):
                raise PermissionDenied
            run = services.voer_run_uit(timezone.localdate(), door=request.user)
            self.message_user(request, _("De conceptrun bevat nu %(n)s lijnen.") % {"n": run.aantal_lijnen})
            return HttpResponseRedirect(reverse("admin:premies_uitbetalingsrun_change", args=[run.pk]))
        kwartaal = Kwartaal.van(timezone.localdate())
        begin = timezone.make_aware(dt.datetime.combine(kwartaal.eerste_dag, dt.time.min))
        dit_kwartaal = Betaallijn.objects.filter(aangemaakt_op__gte=begin)
        verzonden = dit_kwartaal.filter(run__status=RunStatus.VERZONDEN)
        laatste = Uitbetalingsrun.objects.order_by("-gestart_op", "-id").first()
        context = {
            **self.admin_site.each_context(request),
            "title": _("Cijfers uitbetalingen"),
            "kwartaal": kwartaal,
            "betaald": verzonden.aggregate(n=Count("pk"), som=Sum("uitbetaald")),
            "in_voorbereiding": dit_kwartaal.exclude(run__status=RunStatus.VERZONDEN).aggregate(
                n=Count("pk"), som=Sum("uitbetaald")
            ),
            "correcties": dit_kwartaal.filter(volgnummer__gt=1).aggregate(
                n=Count("pk"),
                terug=Sum("uitbetaald", filter=Q(uitbetaald__lt=0)),
                bij=Sum("uitbetaald", filter=Q(uitbetaald__gt=0)),
            ),
            "wacht_op_dmfa": (laatste.overzicht or {}).get("wacht_op_dmfa") if laatste else None,
            "laatste": laatste,
            "problemen": Betalingsprobleem.objects.filter(opgelost_op__isnull=True).count(),
            "blokkeringen": Betalingsblokkering.objects.filter(opgeheven_op__isnull=True).count(),
            "mag_starten": self.has_change_permission(request),
        }
        return TemplateResponse(request, "admin/premies/cijfers.html", context)

    @admin.action(description=gettext_lazy("Goedkeuren (vier ogen)"), permissions=["change"])
    def keur_goed(self, request, queryset):
        for run in queryset:
            try:
                services.keur_goed(run, request.user)
            except ValidationError as fout:
                self.message_user(request, f"{run}: {' '.join(fout.messages)}", messages.ERROR)
            else:
                self.message_user(
                    request, _("%(run)s is goedgekeurd; het SEPA-bestand volgt.") % {"run": run}
                )

    @admin.action(description=gettext_lazy("SEPA-bestand maken en vrijgeven"), permissions=["change"])
    def verzend(self, request, queryset):
        for run in queryset:
            try:
                run = services.verzend(run)
            except ValidationError as fout:
                self.message_user(request, f"{run}: {' '.join(fout.messages)}", messages.ERROR)
            else:
                self.message_user(request, _("%(run)s is verzonden.") % {"run": run})


class CorrectieFilter(admin.SimpleListFilter):
    title = gettext_lazy("soort lijn")
    parameter_name = "correctie"

    def lookups(self, request, model_admin):
        return [("nee", _("Eerste betaling")), ("ja", _("Correctie"))]

    def queryset(self, request, queryset):
        if self.value() == "ja":
            return queryset.filter(volgnummer__gt=1)
        if self.value() == "nee":
            return queryset.filter(volgnummer=1)
        return queryset


@admin.register(Betaallijn)
class BetaallijnAdmin(AlleenLezen, admin.ModelAdmin):
    list_display = [
        "dossier",
        "organisatie",
        "jaar",
        "kwartaal",
        "premie_soort",
        "volgnummer",
        "percentage",
        "bedrag",
        "uitbetaald",
        "run",
    ]
    list_filter = [
        "jaar",
        "kwartaal",
        "premie_soort",
        CorrectieFilter,
        "run__status",
        "doorbetaling",
        ("organisatie", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = ["dossier__referentie", "organisatie__naam", "organisatie__kbo_nummer", "iban"]
    list_select_related = ["dossier", "organisatie", "run"]
    show_full_result_count = False
    list_per_page = 100


class BlokkeringForm(forms.ModelForm):
    class Meta:
        model = Betalingsblokkering
        fields = ["dossier", "reden", "reden_opheffing"]

    def clean(self):
        gegevens = super().clean()
        if self.instance.pk is None:
            dossier = gegevens.get("dossier")
            if (
                dossier
                and Betalingsblokkering.objects.filter(dossier=dossier, opgeheven_op__isnull=True).exists()
            ):
                raise ValidationError(_("De betalingen van dit dossier staan al on hold."))
        return gegevens


@admin.register(Betalingsblokkering)
class BetalingsblokkeringAdmin(admin.ModelAdmin):
    """The hold list. Add: put a dossier on hold with a reason. Open an active hold and give a
    reason for the release to release it."""

    form = BlokkeringForm
    list_display = ["dossier", "reden", "door", "op", "opgeheven_op", "opgeheven_door"]
    list_filter = [("opgeheven_op", admin.EmptyFieldListFilter)]
    search_fields = ["dossier__referentie", "dossier__organisatie__naam", "reden"]
    raw_id_fields = ["dossier"]
    list_select_related = ["dossier", "door", "opgeheven_door"]

    def has_delete_permission(self, request, obj=None):
        return False

    def get_fields(self, request, obj=None):
        return ["dossier", "reden"] if obj is None else ["dossier", "reden", "door", "op", "reden_opheffing"]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        vast = ["dossier", "reden", "door", "op"]
        return vast + (["reden_opheffing"] if obj.opgeheven_op else [])

    def save_model(self, request, obj, form, change):
        if not change:
            nieuw = services.zet_op_hold(obj.dossier, obj.reden, request.user)
            obj.pk = nieuw.pk
        elif obj.reden_opheffing.strip() and obj.opgeheven_op is None:
            services.hef_hold_op(obj.dossier, obj.reden_opheffing, request.user)


@admin.register(Betalingsprobleem)
class BetalingsprobleemAdmin(AlleenLezen, admin.ModelAdmin):
    list_display = ["dossier", "jaar", "kwartaal", "premie_soort", "reden", "vastgesteld_op", "opgelost_op"]
    list_filter = [("opgelost_op", admin.EmptyFieldListFilter), "premie_soort", "jaar", "kwartaal"]
    search_fields = ["dossier__referentie", "dossier__organisatie__naam", "reden"]
    list_select_related = ["dossier"]
