"""Errors as RFC 9457 problem details (``application/problem+json``), in the request's language
(Accept-Language: Dutch or English, through gettext like the portal)."""

import math

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler

PROBLEM_CONTENT_TYPE = "application/problem+json"


def _titels():
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


def probleem(status_code: int, detail: str, *, code: str = "", fouten=None, instance: str = "") -> dict:
    titel = _titels().get(status_code, _("Fout"))
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
