"""The DWSE backoffice for appeals: the queue (ordered on the stored deadline, 60 days to decide,
overdue first) and the appeal page with one action, recording the outcome, which calls
``aanvragen.beroep.beslis``. Only staff with the behandelaar or supervisor role act."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Case, DateField, F, When
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from loket.admin import AlleenViaActiesMixin, HistoriekAdmin, IdentifierSearchMixin

from .. import beroep as beroep_service
from .. import beslissingen
from ..models import Beroep, BeroepStatus, BeroepUitkomst
from .werkvoorraad import TermijnFilter, termijn_badge


class BeroepUitkomstForm(forms.Form):
    uitkomst = forms.ChoiceField(
        label=gettext_lazy("Uitkomst"),
        choices=BeroepUitkomst.choices,
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Kies de uitkomst van het beroep.")},
        help_text=gettext_lazy(
            "Gegrond: corrigeer daarna de beslissing van het dossier met de actie 'Beslissing corrigeren'."
        ),
    )
    reden = forms.CharField(
        label=gettext_lazy("Motivering"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=gettext_lazy("Staat in de brief aan de werkgever."),
        error_messages={
            "required": gettext_lazy("Geef de motivering op; die staat in de brief aan de werkgever.")
        },
    )


def met_termijn(queryset):
    """The running deadline: only an appeal not decided yet has one."""
    return queryset.annotate(
        lopende_termijn=Case(
            When(status=BeroepStatus.INGEDIEND, then=F("beslissing_uiterlijk")),
            default=None,
            output_field=DateField(),
        )
    )


@admin.register(Beroep)
class BeroepAdmin(AlleenViaActiesMixin, IdentifierSearchMixin, HistoriekAdmin):
    list_display = [
        "dossier_referentie",
        "organisatie_naam",
        "werknemer",
        "beslissing",
        "status",
        "termijn_weergave",
        "uitkomst",
        "ingediend_op",
    ]
    list_filter = ["status", "uitkomst", TermijnFilter]
    search_fields = [
        "dossier__referentie",
        "dossier__organisatie__kbo_nummer",
        "dossier__werknemer_insz",
        "dossier__werknemer_achternaam",
        "dossier__organisatie__naam",
    ]
    list_select_related = ["dossier__organisatie", "beslissing"]
    list_per_page = 50
    change_form_template = "admin/aanvragen/beroep/change_form.html"
    readonly_fields = [
        "dossier",
        "beslissing",
        "status",
        "motivering",
        "ingediend_op",
        "ingediend_door",
        "beslissing_uiterlijk",
        "uitkomst",
        "uitkomst_reden",
        "beslist_op",
        "beslist_door",
    ]
    fields = readonly_fields

    def get_queryset(self, request):
        return met_termijn(super().get_queryset(request))

    def get_ordering(self, request):
        # Overdue first, then the nearest deadline; decided appeals last.
        return [F("lopende_termijn").asc(nulls_last=True), "-ingediend_op", "-id"]

    def changelist_view(self, request, extra_context=None):
        context = {"title": _("Werklijst beroepen: te beslissen binnen 60 dagen"), **(extra_context or {})}
        return super().changelist_view(request, context)

    @admin.display(description=gettext_lazy("dossier"), ordering="dossier__referentie")
    def dossier_referentie(self, obj):
        return obj.dossier.referentie

    @admin.display(description=gettext_lazy("organisatie"), ordering="dossier__organisatie__naam")
    def organisatie_naam(self, obj):
        return obj.dossier.organisatie.naam

    @admin.display(description=gettext_lazy("werknemer"))
    def werknemer(self, obj):
        return obj.dossier.werknemer_naam

    @admin.display(description=gettext_lazy("dagen over"), ordering="lopende_termijn")
    def termijn_weergave(self, obj):
        return termijn_badge(obj.lopende_termijn)

    # --- The appeal page and its action ------------------------------------------------------------

    def get_urls(self):
        return [
            path(
                "<path:object_id>/uitkomst/",
                self.admin_site.admin_view(self.uitkomst_view),
                name="aanvragen_beroep_uitkomst",
            ),
            *super().get_urls(),
        ]

    def _mag_behandelen(self, request) -> bool:
        return request.user.has_perm("aanvragen.change_beroep")

    def change_view(self, request, object_id, form_url="", extra_context=None):
        beroep = self.get_object(request, unquote(object_id))
        context = {**(extra_context or {})}
        if beroep is not None:
            if request.method == "GET" and self.has_view_permission(request, beroep):
                # The appeal shows the dossier's employee and decision: in the access log.
                beslissingen.registreer_inzage(beroep.dossier, request.user)
            context.update(
                {
                    "beroep": beroep,
                    "dossier": beroep.dossier,
                    "bijlagen": beroep.bijlagen.all(),
                    "kan_beslissen": self._mag_behandelen(request)
                    and beroep.status == BeroepStatus.INGEDIEND,
                    "show_save": False,
                    "show_save_and_continue": False,
                    "show_save_and_add_another": False,
                    "show_delete": False,
                }
            )
        return super().change_view(request, object_id, form_url, context)

    def uitkomst_view(self, request, object_id):
        if not self.has_view_permission(request):
            raise PermissionDenied
        beroep = self.get_object(request, unquote(object_id))
        if beroep is None:
            raise Http404(_("Dit beroep bestaat niet."))
        if not self._mag_behandelen(request):
            raise PermissionDenied
        if request.method == "POST":
            form = BeroepUitkomstForm(request.POST)
            if form.is_valid():
                try:
                    beroep_service.beslis(beroep, door=request.user, **form.cleaned_data)
                except ValidationError as exc:
                    if hasattr(exc, "error_dict"):
                        for veld, fouten in exc.message_dict.items():
                            form.add_error(veld if veld in form.fields else None, fouten)
                    else:
                        form.add_error(None, exc.messages)
                else:
                    melding = _("Beslist: %(uitkomst)s. De werkgever krijgt de brief per e-mail.") % {
                        "uitkomst": beroep.get_uitkomst_display().lower()
                    }
                    if beroep.uitkomst == BeroepUitkomst.GEGROND:
                        melding += " " + _("Corrigeer nu de beslissing van het dossier.")
                    messages.success(request, melding)
                    return HttpResponseRedirect(reverse("admin:aanvragen_beroep_change", args=[beroep.pk]))
        else:
            form = BeroepUitkomstForm()
        return TemplateResponse(
            request,
            "admin/aanvragen/beroep/uitkomst.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "title": _("Uitkomst registreren: %(beroep)s") % {"beroep": beroep},
                "beroep": beroep,
                "dossier": beroep.dossier,
                "form": form,
            },
        )
