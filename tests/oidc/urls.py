from django.contrib.auth import get_user_model, login
from django.shortcuts import redirect
from django.urls import include, path
from django.utils.http import url_has_allowed_host_and_scheme

from .claims import personen


def aanmelden(request):
    """The provider's own login, reduced to 'who are you': the person named in ``?persoon=``
    (from personen.json) is signed in at the provider. The portal's side of the flow is real."""
    naam = request.GET.get("persoon", "")
    if naam not in personen():
        return redirect(f"/onbekend/?{request.GET.urlencode()}")
    gebruiker, _nieuw = get_user_model().objects.get_or_create(username=naam)
    login(request, gebruiker, backend="django.contrib.auth.backends.ModelBackend")
    volgende = request.GET.get("next", "/")
    return redirect(volgende if url_has_allowed_host_and_scheme(volgende, None) else "/")


urlpatterns = [
    path("aanmelden/", aanmelden),
    path("openid/", include("oidc_provider.urls", namespace="oidc_provider")),
]
