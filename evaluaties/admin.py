"""The DWSE backoffice for evaluation requests: the work queue (ordered on the stored deadline:
7 days to confirm, 120 days to decide) and the request page with its actions. Nothing is edited
by hand: every action is a form that calls ``evaluaties.services``."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Case, DateField, F, When
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from aanvragen.admin.formulieren import DatumInput, OntvankelijkheidForm
from aanvragen.admin.werkvoorraad import TermijnFilter, termijn_badge
from aanvragen.models import Pakket
from loket.admin import AlleenViaActiesMixin, HistoriekAdmin, IdentifierSearchMixin
from loket.bronnen import BronNietBeschikbaar
from loket.forms import Datumveld
from loket.models.bronnen import Begeleidingsnood

from . import motivatieverslag, services
from .models import TE_BEHANDELEN_STATUSSEN, Evaluatie, EvaluatieStatus, EvaluatieUitkomst


def met_termijn(queryset):
    """The deadline that runs now: 7 days to confirm a submitted request, 120 to decide."""
    return queryset.annotate(
        lopende_termijn=Case(
            When(status=EvaluatieStatus.INGEDIEND, then=F("ontvankelijkheid_uiterlijk")),
            When(status__in=TE_BEHANDELEN_STATUSSEN, then=F("beslissing_uiterlijk")),
            default=None,
            output_field=DateField(),
        )
    )


class VdabManueelForm(forms.Form):
    geevalueerd_op = Datumveld(label=gettext_lazy("VDAB evalueerde op"), widget=DatumInput())
    percentage = forms.IntegerField(label=gettext_lazy("Nieuw percentage (%)"), required=False)
    pakket = forms.ChoiceField(
        label=gettext_lazy("Of een pakket"), choices=[("", "–"), *Pakket.choices], required=False
    )
    duur_jaren = forms.IntegerField(label=gettext_lazy("Duurtijd (jaren)"), min_value=1, max_value=5)
    begeleidingsnood = forms.ChoiceField(
        label=gettext_lazy("Begeleidingsnood"), choices=[("", "–"), *Begeleidingsnood.choices], required=False
    )
    reden = forms.CharField(
        label=gettext_lazy("Reden"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Waarom vult u de evaluatie van VDAB met de hand in?"),
        error_messages={
            "required": gettext_lazy("Geef de reden op waarom u de VDAB-evaluatie met de hand invult.")
        },
    )


class EvaluatieBeslissingForm(forms.Form):
    uitkomst = forms.ChoiceField(
        label=gettext_lazy("Beslissing"),
        choices=EvaluatieUitkomst.choices,
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Kies de uitkomst van de evaluatie.")},
    )
    beslist_op = Datumveld(label=gettext_lazy("Datum van de beslissing"), widget=DatumInput())
    reden = forms.CharField(
        label=gettext_lazy("Motivering"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("Verplicht bij 'ongewijzigd' en bij een weigering; staat in de brief."),
    )


class BevestigForm(forms.Form):
    """An action without input (forward to VDAB, read VDAB's evaluation): a confirmation."""


ACTIES = {
    "ontvankelijkheid": (gettext_lazy("Ontvankelijkheid herzien"), OntvankelijkheidForm),
    "naar_vdab": (gettext_lazy("Naar VDAB sturen"), BevestigForm),
    "vdab_bron": (gettext_lazy("Evaluatie van VDAB opvragen"), BevestigForm),
    "vdab_manueel": (gettext_lazy("Evaluatie van VDAB met de hand invullen"), VdabManueelForm),
    "beslissen": (gettext_lazy("Beslissen"), EvaluatieBeslissingForm),
}


@admin.register(Evaluatie)
class EvaluatieAdmin(AlleenViaActiesMixin, IdentifierSearchMixin, HistoriekAdmin):
    list_display = [
        "dossier_referentie",
        "organisatie_naam",
        "werknemer",
        "soorten_tekst",
        "status",
        "termijn_weergave",
        "tijdig",
        "ingediend_op",
    ]
    list_filter = ["status", "hoogte", "duur", "tijdig", TermijnFilter]
    search_fields = [
        "dossier__referentie",
        "dossier__organisatie__kbo_nummer",
        "dossier__werknemer_insz",
        "dossier__werknemer_achternaam",
        "dossier__organisatie__naam",
    ]
    list_select_related = ["dossier__organisatie"]
    list_per_page = 50
    change_form_template = "admin/evaluaties/evaluatie/change_form.html"
    readonly_fields = [
        "dossier",
        "status",
        "hoogte",
        "duur",
        "ingediend_op",
        "ontvankelijkheid_uiterlijk",
        "beslissing_uiterlijk",
        "ontvankelijk",
        "tijdig",
        "doorgestuurd_op",
        "vdab_geevalueerd_op",
        "vdab_percentage",
        "vdab_pakket",
        "vdab_duur_jaren",
        "vdab_begeleidingsnood",
        "vdab_bron",
        "vdab_reden",
        "uitkomst",
        "beslissing",
        "beslist_op",
        "reden",
    ]
    fields = readonly_fields

    def get_queryset(self, request):
        return met_termijn(super().get_queryset(request).exclude(status=EvaluatieStatus.CONCEPT))

    def get_ordering(self, request):
        # Overdue first, then the nearest deadline; requests without a running deadline last.
        return [F("lopende_termijn").asc(nulls_last=True), "-ingediend_op", "-id"]

    def changelist_view(self, request, extra_context=None):
        context = {
            "title": _("Werklijst evaluaties: te bevestigen en te beslissen (120 dagen)"),
            **(extra_context or {}),
        }
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

    @admin.display(description=gettext_lazy("evaluatie van"))
    def soorten_tekst(self, obj):
        return obj.soorten_tekst

    @admin.display(description=gettext_lazy("dagen over"), ordering="lopende_termijn")
    def termijn_weergave(self, obj):
        soort = _("bevestiging") if obj.status == EvaluatieStatus.INGEDIEND else _("beslissing")
        return termijn_badge(obj.lopende_termijn, soort)

    # --- The request page and its actions ---------------------------------------------------------

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "<path:object_id>/actie/<str:actie>/",
                view(self.actie_view),
                name="evaluaties_evaluatie_actie",
            ),
            *super().get_urls(),
        ]

    def _mag_behandelen(self, request) -> bool:
        return request.user.has_perm("evaluaties.change_evaluatie")

    def _evaluatie(self, request, object_id) -> Evaluatie:
        if not self.has_view_permission(request):
            raise PermissionDenied
        evaluatie = self.get_object(request, unquote(object_id))
        if evaluatie is None:
            raise Http404(_("Deze evaluatie bestaat niet."))
        return evaluatie

    def _acties(self, request, evaluatie) -> list[tuple[str, str]]:
        if not self._mag_behandelen(request):
            return []
        status = evaluatie.status
        mogelijk = []
        if status in (EvaluatieStatus.INGEDIEND, EvaluatieStatus.NIET_ONTVANKELIJK, *TE_BEHANDELEN_STATUSSEN):
            mogelijk.append("ontvankelijkheid")
        if status == EvaluatieStatus.ONTVANKELIJK:
            mogelijk.append("naar_vdab")
        if status in TE_BEHANDELEN_STATUSSEN:
            mogelijk += ["vdab_bron", "vdab_manueel", "beslissen"]
        return [(actie, ACTIES[actie][0]) for actie in mogelijk]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        evaluatie = self.get_object(request, unquote(object_id))
        context = {**(extra_context or {})}
        if evaluatie is not None:
            dossier = evaluatie.dossier
            if request.method == "GET" and self.has_view_permission(request, evaluatie):
                from aanvragen.beslissingen import registreer_inzage

                # The page shows the motivation report (the employee's support needs): logged.
                registreer_inzage(dossier, request.user)
            context.update(
                {
                    "evaluatie": evaluatie,
                    "dossier": dossier,
                    "acties": self._acties(request, evaluatie),
                    "motivatie": motivatieverslag.weergave(
                        evaluatie.motivatie, dossier.aanvrager_soort == "zelfstandige"
                    ),
                    "show_save": False,
                    "show_save_and_continue": False,
                    "show_save_and_add_another": False,
                    "show_delete": False,
                }
            )
        return super().change_view(request, object_id, form_url, context)

    def _initial(self, evaluatie, actie) -> dict:
        if actie == "beslissen":
            uitkomst = {
                (True, True): EvaluatieUitkomst.BEIDE,
                (True, False): EvaluatieUitkomst.HOOGTE,
                (False, True): EvaluatieUitkomst.DUUR,
            }.get((evaluatie.hoogte, evaluatie.duur), "")
            return {"uitkomst": uitkomst, "beslist_op": timezone.localdate()}
        if actie == "vdab_manueel":
            return {"geevalueerd_op": timezone.localdate()}
        if actie == "ontvankelijkheid":
            return {"ontvankelijk": "0" if evaluatie.ontvankelijk else "1"}
        return {}

    def actie_view(self, request, object_id, actie):
        if actie not in ACTIES:
            raise Http404
        evaluatie = self._evaluatie(request, object_id)
        if not self._mag_behandelen(request):
            raise PermissionDenied
        titel, form_class = ACTIES[actie]
        if request.method == "POST":
            form = form_class(request.POST)
            if form.is_valid():
                try:
                    melding = self._voer_uit(request, evaluatie, actie, form.cleaned_data)
                except services.EvaluatieGeweigerd as exc:
                    form.add_error(None, exc.messages)
                except BronNietBeschikbaar as exc:
                    form.add_error(
                        None,
                        _("VDAB is nu niet bereikbaar (%(fout)s). Probeer later opnieuw.") % {"fout": exc},
                    )
                except ValidationError as exc:
                    if hasattr(exc, "error_dict"):
                        for veld, fouten in exc.message_dict.items():
                            form.add_error(veld if veld in form.fields else None, fouten)
                    else:
                        form.add_error(None, exc.messages)
                else:
                    messages.success(request, melding)
                    return HttpResponseRedirect(
                        reverse("admin:evaluaties_evaluatie_change", args=[evaluatie.pk])
                    )
        else:
            form = form_class(initial=self._initial(evaluatie, actie))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": f"{titel}: {evaluatie}",
            "actie": actie,
            "evaluatie": evaluatie,
            "dossier": evaluatie.dossier,
            "form": form,
        }
        if actie == "vdab_bron":
            try:
                context["vdab"] = services.vraag_vdab_evaluatie(evaluatie)
            except BronNietBeschikbaar as exc:
                context["vdab_fout"] = str(exc)
        return TemplateResponse(request, "admin/evaluaties/evaluatie/actie.html", context)

    def _voer_uit(self, request, evaluatie, actie, data) -> str:
        if actie == "ontvankelijkheid":
            services.herzie_ontvankelijkheid(
                evaluatie, ontvankelijk=data["ontvankelijk"], door=request.user, reden=data["reden"]
            )
            return _("De ontvankelijkheid is herzien; de werkgever krijgt een e-mail.")
        if actie == "naar_vdab":
            services.stuur_naar_vdab(evaluatie, door=request.user)
            return _("De aanvraag is naar VDAB gestuurd.")
        if actie == "vdab_bron":
            services.neem_vdab_evaluatie_over(evaluatie, door=request.user)
            return _("De evaluatie van VDAB is overgenomen.")
        if actie == "vdab_manueel":
            services.registreer_vdab_evaluatie(evaluatie, door=request.user, bron="manueel", **data)
            return _("De evaluatie van VDAB is geregistreerd.")
        services.beslis(evaluatie, door=request.user, **data)
        evaluatie.refresh_from_db()
        if evaluatie.beslissing is not None:
            return _("Beslist: nieuwe periode van %(start)s tot en met %(eind)s.") % {
                "start": evaluatie.beslissing.startdatum.strftime("%d/%m/%Y"),
                "eind": evaluatie.beslissing.einddatum.strftime("%d/%m/%Y"),
            }
        return _("Beslist: %(uitkomst)s.") % {"uitkomst": evaluatie.get_uitkomst_display()}
