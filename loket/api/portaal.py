"""The portal's part of the API: the organisation responsible creates and revokes the
organisation's API clients on the access page (the secret is shown once)."""

from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from . import clients
from .models import SCOPES, ApiClient

SCOPE_LABELS = {
    "read": gettext_lazy("Lezen (dossiers, berichten, gebeurtenissen)"),
    "write": gettext_lazy("Wijzigen (aanvragen indienen, wijzigingen melden, evaluaties vragen)"),
    "payments": gettext_lazy("Berekeningen en betalingen lezen"),
}


class ClientForm(forms.Form):
    naam = forms.CharField(label=gettext_lazy("Naam van de koppeling"), max_length=100)
    scopes = forms.MultipleChoiceField(
        label=gettext_lazy("Rechten"),
        choices=[(s, SCOPE_LABELS[s]) for s in SCOPES],
        widget=forms.CheckboxSelectMultiple,
        initial=["read"],
    )


def clients_context(request) -> dict:
    return {
        "client_form": ClientForm(),
        "api_clients": ApiClient.objects.filter(organisatie=request.organisatie).select_related(
            "application"
        ),
    }


def _verantwoordelijke_vereist(view):
    # Imported late: loket.views imports this module for the access page.
    from ..views import verantwoordelijke_vereist

    return verantwoordelijke_vereist(view)


def client_aanmaken(request):
    return _verantwoordelijke_vereist(require_POST(_client_aanmaken))(request)


def _client_aanmaken(request):
    form = ClientForm(request.POST)
    if not form.is_valid():
        for fouten in form.errors.values():
            for fout in fouten:
                messages.error(request, fout)
        return redirect("loket:toegang")
    client, geheim = clients.maak_client(
        organisatie=request.organisatie,
        naam=form.cleaned_data["naam"],
        scopes=form.cleaned_data["scopes"],
        door=request.user,
    )
    # Rendered, not redirected: the secret is shown on this one page and stored nowhere in clear.
    return render(request, "loket/api_client_aangemaakt.html", {"client": client, "geheim": geheim})


def client_intrekken(request, pk):
    return _verantwoordelijke_vereist(require_POST(_client_intrekken))(request, pk)


def _client_intrekken(request, pk):
    client = get_object_or_404(ApiClient, pk=pk, organisatie=request.organisatie)
    clients.trek_client_in(client, request.user)
    messages.success(request, _("De API-client %(naam)s is ingetrokken.") % {"naam": client.naam})
    return redirect("loket:toegang")
