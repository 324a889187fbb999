"""Error pages that need a view. The 403/404 pages are Django's handlers with the templates of
the same name; 400 and 500 are rendered here, as Django does without the request (the error may
lie in what a request's context would run) but with DWSE's contact from the settings, so the
footer says whom to call; the CSRF failure is its own view (``settings.CSRF_FAILURE_VIEW``)
because Django's default is a bare English page outside the portal's layout. Under /api/ the
handlers in ``loket.api.problems`` answer problem details instead."""

from __future__ import annotations

import logging

from django.http import HttpResponseBadRequest, HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.utils.http import url_has_allowed_host_and_scheme

logger = logging.getLogger(__name__)


def csrf_mislukt(request, reason: str = ""):
    """A form sent without a valid CSRF token: the form stood open too long (the session ended or
    changed) or the browser refuses cookies. What was typed is gone (the request is refused before
    any view reads it), so the page says so and how to try again, in the page's language."""
    # Django's reason is for developers (English, technical): logged, not shown.
    logger.info("csrf failure: %s", reason, extra={"pad": request.path})
    terug = request.META.get("HTTP_REFERER", "")
    if not url_has_allowed_host_and_scheme(terug, {request.get_host()}, request.is_secure()):
        terug = ""
    return render(request, "403_csrf.html", {"terug": terug}, status=403)


def _zonder_verzoek(template: str) -> str:
    from .context_processors import contact_gegevens

    return loader.get_template(template).render(contact_gegevens())


def ongeldig_verzoek(request, exception=None):
    return HttpResponseBadRequest(_zonder_verzoek("400.html"))


def serverfout(request):
    return HttpResponseServerError(_zonder_verzoek("500.html"))
