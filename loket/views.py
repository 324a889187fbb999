from django.contrib.auth.decorators import login_required
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from .access import in_naam_van_vereist, organisaties_voor
from .middleware import SESSION_KEY_ORGANISATIE
from .models import Maatregel, Toegang


def _safe_next(request, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return fallback


@login_required
@require_http_methods(["GET", "POST"])
def kies_organisatie(request):
    """*In naam van*: choose the organisation to act for; kept in the session."""
    organisaties = list(organisaties_voor(request.user).order_by("naam"))
    fout = ""
    if request.method == "POST":
        gekozen = next((o for o in organisaties if str(o.pk) == request.POST.get("organisatie")), None)
        if gekozen is None:
            fout = _("Kies een organisatie waarvoor u toegang hebt.")
        else:
            request.session[SESSION_KEY_ORGANISATIE] = gekozen.pk
            return HttpResponseRedirect(_safe_next(request, reverse("loket:dashboard")))
    elif len(organisaties) == 1 and not request.GET.get("wissel"):
        request.session[SESSION_KEY_ORGANISATIE] = organisaties[0].pk
        return HttpResponseRedirect(_safe_next(request, reverse("loket:dashboard")))
    return render(
        request,
        "loket/kies_organisatie.html",
        {"organisaties": organisaties, "fout": fout, "next": _safe_next(request, "")},
    )


@in_naam_van_vereist
def dashboard(request):
    """'Start nieuwe aanvraag': the tiles of the measures."""
    imw_toegang = request.toegang.maatregel == Maatregel.IMW
    verantwoordelijke_bestaat = (
        Toegang.objects.actief()
        .filter(organisatie=request.organisatie, maatregel=Maatregel.IMW, rol="verantwoordelijke")
        .exists()
    )
    return render(
        request,
        "loket/dashboard.html",
        {"imw_actief": imw_toegang, "verantwoordelijke_bestaat": verantwoordelijke_bestaat},
    )
