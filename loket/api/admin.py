from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext as _

from ..admin import AlleenLezenMixin
from . import clients
from .models import SCOPES, ApiCall, ApiClient, Event


class ApiClientAddForm(forms.ModelForm):
    scopes = forms.MultipleChoiceField(choices=[(s, s) for s in SCOPES], widget=forms.CheckboxSelectMultiple)

    class Meta:
        model = ApiClient
        fields = ["organisatie", "naam", "scopes"]


@admin.register(ApiClient)
class ApiClientAdmin(admin.ModelAdmin):
    list_display = ["naam", "organisatie", "scopes", "aangemaakt_op", "ingetrokken_op"]
    search_fields = ["naam", "organisatie__naam", "organisatie__kbo_nummer", "application__client_id"]
    autocomplete_fields = ["organisatie"]
    actions = ["intrekken"]

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            kwargs["form"] = ApiClientAddForm
        return super().get_form(request, obj, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        return ["organisatie", "naam", "scopes"] if obj else []

    def save_model(self, request, obj, form, change):
        if change:
            return
        client, geheim = clients.maak_client(
            organisatie=form.cleaned_data["organisatie"],
            naam=form.cleaned_data["naam"],
            scopes=form.cleaned_data["scopes"],
            door=request.user,
        )
        form.instance = obj = client
        obj.pk = client.pk
        messages.warning(
            request,
            _("Client-ID %(id)s, geheim %(geheim)s. Het geheim wordt niet meer getoond.")
            % {"id": client.client_id, "geheim": geheim},
        )

    def save_related(self, request, form, formsets, change):
        pass

    @admin.action(description=_("Geselecteerde clients intrekken"))
    def intrekken(self, request, queryset):
        for client in queryset:
            clients.trek_client_in(client, request.user)


@admin.register(ApiCall)
class ApiCallAdmin(AlleenLezenMixin, admin.ModelAdmin):
    """The API access log: read only."""

    list_display = ["op", "client", "methode", "pad", "status", "duur_ms"]
    list_filter = ["status", "methode"]
    search_fields = ["pad", "client__naam"]


@admin.register(Event)
class EventAdmin(AlleenLezenMixin, admin.ModelAdmin):
    """Webhook events: written with the change they report, delivered and replayed by the tasks."""

    list_display = ["op", "type", "client", "dossier_id", "afgeleverd_op", "pogingen", "laatste_fout"]
    list_filter = ["type"]
