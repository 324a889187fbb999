"""The account's e-mail address: its verification status, a new verification mail, the link."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from . import emailbevestiging
from .views import _safe_next


def _pagina(request, probleem: str = "", status: int = 200):
    bevestigd = emailbevestiging.is_bevestigd(request.user)
    melding = "" if bevestigd else emailbevestiging.onbevestigd_melding(request.user)
    return render(
        request,
        "loket/emailadres.html",
        {"bevestigd": bevestigd, "melding": melding, "probleem": probleem},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def emailadres(request):
    """GET: is the address verified, and why it matters; POST: send a new verification mail."""
    if request.method == "POST":
        try:
            bevestiging = emailbevestiging.stuur_bevestiging(request.user)
        except emailbevestiging.BevestigingGeweigerd as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request,
                _("We stuurden een bevestigingsmail naar %(email)s. Open de link in die e-mail.")
                % {"email": bevestiging.email},
            )
        return HttpResponseRedirect(_safe_next(request, reverse("loket:emailadres")))
    return _pagina(request)


@login_required
@require_http_methods(["GET"])
def emailadres_bevestigen(request, token):
    """The link in the verification mail (for the account that is signed in)."""
    uitkomst = emailbevestiging.bevestig(token, request.user)
    if uitkomst is None:
        messages.success(request, _("Uw e-mailadres %(email)s is bevestigd.") % {"email": request.user.email})
        return HttpResponseRedirect(reverse("loket:emailadres"))
    probleem, status = uitkomst
    return _pagina(request, probleem, status=status)
