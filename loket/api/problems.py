"""Errors as RFC 9457 problem details (``application/problem+json``), in the request's language
(Accept-Language: Dutch or English, through gettext like the portal)."""

import math

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler

PROBLEM_CONTENT_TYPE = "application/problem+json"


def titels() -> dict[int, str]:
    return {
        400: _("De gegevens zijn niet geldig."),
        401: _("Niet aangemeld."),
        403: _("Geen toegang."),
        404: _("Niet gevonden."),
        405: _("Deze methode is niet toegelaten."),
        406: _("Dit antwoordformaat is niet beschikbaar."),
        409: _("Conflict."),
        415: _("Dit formaat wordt niet aanvaard."),
        422: _("De aanvraag kan zo niet verwerkt worden."),
        429: _("Te veel oproepen."),
        500: _("Interne fout."),
        503: _("Tijdelijk niet beschikbaar."),
    }


def _drf_teksten(exc, request) -> dict:
    """DRF's own messages, by its error code, in the project's words (DRF's catalogue is left out,
    so its texts would be English on a Dutch request)."""
    wacht = getattr(exc, "wait", None)
    return {
        "not_authenticated": _("Geef een geldig toegangstoken mee (Authorization: Bearer ...)."),
        "authentication_failed": _("De aanmeldgegevens zijn niet correct."),
        "permission_denied": _("U hebt geen toegang tot deze oproep."),
        "not_found": _("Niet gevonden."),
        "method_not_allowed": _("De methode %(methode)s is hier niet toegelaten.")
        % {"methode": getattr(request, "method", "")},
        "not_acceptable": _("Het gevraagde antwoordformaat (Accept) is niet beschikbaar."),
        "unsupported_media_type": _("Het formaat %(formaat)s wordt niet aanvaard.")
        % {"formaat": getattr(request, "content_type", "") or "?"},
        "parse_error": _("De inhoud van de oproep kan niet gelezen worden (geen geldige JSON of multipart)."),
        "throttled": _("Te veel oproepen. Probeer opnieuw over %(seconden)d seconden.")
        % {"seconden": math.ceil(wacht)}
        if wacht
        else _("Te veel oproepen. Probeer later opnieuw."),
    }


# DRF formats these itself (method, media type, wait, parser error); the project never raises them
# with a text of its own, so the project's text always replaces DRF's.
_ALTIJD_VERTAALD = {
    "method_not_allowed",
    "not_acceptable",
    "unsupported_media_type",
    "parse_error",
    "throttled",
}


def _detail(exc, request):
    """The message: the project's own (given by the code that raised it), else DRF's translated."""
    if not isinstance(exc, exceptions.APIException):
        return str(exc)
    code = exc.get_codes()
    eigen_tekst = str(exc.detail) != str(exc.default_detail)
    if isinstance(code, str) and (code in _ALTIJD_VERTAALD or not eigen_tekst):
        return _drf_teksten(exc, request).get(code, exc.detail)
    return exc.detail


class Probleem(exceptions.APIException):
    """A refusal by the domain (a service's ValidationError): 422 with the message and code."""

    status_code = status.HTTP_422_UNPROCESSABLE_ENTITY

    def __init__(self, detail, code="ongeldig", fouten=None, status_code=None):
        super().__init__(detail, code)
        self.fouten = fouten
        if status_code:
            self.status_code = status_code


class NietBeschikbaar(exceptions.APIException):
    """Something the answer needs (an authentic source) cannot be reached now: 503, retry later."""

    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    default_detail = gettext_lazy("Tijdelijk niet beschikbaar.")
    default_code = "niet-beschikbaar"
    wait = 60  # DRF's exception handler turns it into Retry-After


def probleem(status_code: int, detail: str, *, code: str = "", fouten=None, instance: str = "") -> dict:
    titel = titels().get(status_code, _("Fout"))
    data = {
        "type": f"urn:imw-loket:probleem:{code}" if code else "about:blank",
        "title": titel,
        "status": status_code,
        "detail": str(detail),
    }
    if instance:
        data["instance"] = instance
    if fouten is not None:
        data["errors"] = fouten
    return data


def _platte_fouten(detail) -> dict:
    """DRF's error dict as {field: [messages]} ('non_field_errors' for the whole)."""
    if isinstance(detail, dict):
        return {str(k): [str(m) for m in (v if isinstance(v, list) else [v])] for k, v in detail.items()}
    if isinstance(detail, list):
        return {"non_field_errors": [str(m) for m in detail]}
    return {"non_field_errors": [str(detail)]}


def problem_exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        exc = Probleem("; ".join(exc.messages), code=getattr(exc, "code", None) or "ongeldig")
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = exception_handler(exc, context)
    if response is None:
        return None
    request = context.get("request")
    instance = request.path if request is not None else ""
    if isinstance(exc, exceptions.ValidationError):
        data = probleem(
            response.status_code,
            _("Een of meer velden zijn niet geldig."),
            code="ongeldige-velden",
            fouten=_platte_fouten(exc.detail),
            instance=instance,
        )
    else:
        code = exc.get_codes() if isinstance(exc, exceptions.APIException) else ""
        data = probleem(
            response.status_code,
            _detail(exc, request),
            code=code if isinstance(code, str) else "",
            fouten=getattr(exc, "fouten", None),
            instance=instance,
        )
    nieuw = Response(data, status=response.status_code, headers=dict(response.items()))
    nieuw.content_type = PROBLEM_CONTENT_TYPE
    return nieuw


# --- Errors Django answers itself (no DRF view): an unknown path under /api/, a path parameter
# that does not match (``/api/v1/dossiers/abc/``), a server error, a method the token endpoint
# does not take. Under /api/ they are problem details too; the portal keeps its HTML pages.

API_PAD = "/api/"


def onder_api(request) -> bool:
    return request.path_info.startswith(API_PAD)


def api_taal(request) -> str:
    """The language of an API answer: Accept-Language (Dutch or English), else Dutch; as
    ``loket.taal`` chooses it for /api/v1/, and for any other path under /api/ too."""
    from django.utils import translation

    from ..taal import geldige_taal, standaardtaal

    return geldige_taal(translation.get_language_from_request(request)) or standaardtaal()


def probleem_response(request, status_code: int, tekst, *, code: str = ""):
    """A problem detail as a plain Django response, in the request's language. ``tekst``: a
    function giving the detail (called with that language active)."""
    from django.http import JsonResponse
    from django.utils import translation
    from django.utils.cache import patch_vary_headers

    taal = api_taal(request)
    with translation.override(taal):
        data = probleem(status_code, tekst(), code=code, instance=request.path)
    response = JsonResponse(
        data, status=status_code, content_type=PROBLEM_CONTENT_TYPE, json_dumps_params={"ensure_ascii": False}
    )
    response["Content-Language"] = taal
    patch_vary_headers(response, ("Accept-Language",))
    return response


def niet_gevonden(request, exception=None):
    """``handler404``: a problem detail under /api/, the portal's Dutch page elsewhere."""
    from django.views import defaults

    if not onder_api(request):
        return defaults.page_not_found(request, exception)
    return probleem_response(request, 404, lambda: _("Op dit adres is er geen API-bron."), code="not_found")


def serverfout(request):
    """``handler500``: a problem detail under /api/ (no details of the error), the portal's page
    elsewhere."""
    from loket import foutpaginas

    if not onder_api(request):
        return foutpaginas.serverfout(request)
    return probleem_response(
        request,
        500,
        lambda: _("Er ging iets mis aan onze kant. Probeer het later opnieuw."),
        code="server_error",
    )


def ongeldig_verzoek(request, exception=None):
    """``handler400``: a problem detail under /api/, the portal's page elsewhere."""
    from loket import foutpaginas

    if not onder_api(request):
        return foutpaginas.ongeldig_verzoek(request, exception)
    return probleem_response(
        request, 400, lambda: _("Deze vraag kunnen we niet verwerken."), code="bad_request"
    )


def methode_niet_toegelaten(request, toegelaten: list[str]):
    """A 405 of a view that is no DRF view (the token endpoint), with its Allow header."""
    response = probleem_response(
        request,
        405,
        lambda: _("De methode %(methode)s is hier niet toegelaten.") % {"methode": request.method},
        code="method_not_allowed",
    )
    response["Allow"] = ", ".join(toegelaten)
    return response
