"""Reported changes: staff apply them or reject them with a reason (``aanvragen.wijzigingen``)."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import F
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from loket.admin import IdentifierSearchMixin
from loket.rules import mask_iban

from .. import beslissingen
from .. import wijzigingen as verwerking
from ..models import (
    Wijziging,
    WijzigingUitkomst,
)

# --- Reported changes -----------------------------------------------------------------------------


def uit_dienst_waarschuwing(uit_dienst) -> str:
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
            if request.method == "GET" and self.has_view_permission(request, wijziging):
                # The change shows the dossier's employee data (wage, hours, leaving): logged.
                beslissingen.registreer_inzage(wijziging.dossier, request.user)
            context["wijziging"] = wijziging
            context["mag_verwerken"] = self._mag_verwerken(request) and wijziging.verwerkt_op is None
            if wijziging.verwerkt_op is None:
                context["plan"] = verwerking.maak_plan(wijziging)
        return super().change_view(request, object_id, form_url, context)
