"""The base of every API view: authentication, scopes, throttling, idempotent POSTs."""

from django.db import transaction
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter
from rest_framework import viewsets
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.parsers import JSONParser

from .. import rules
from . import idempotency
from .access import organisaties_voor_client


class ApiMixin:
    """Every POST runs in one transaction with its Idempotency-Key (see ``idempotency``). Bodies
    are JSON; an upload action takes multipart/form-data instead (its own ``parser_classes``)."""

    parser_classes = [JSONParser]

    def dispatch(self, request, *args, **kwargs):
        if request.method != "POST":
            return super().dispatch(request, *args, **kwargs)
        with transaction.atomic():
            response = super().dispatch(request, *args, **kwargs)
            if response.status_code >= 500:
                transaction.set_rollback(True)
            return response

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        # Only a POST the view takes: any other gets its 405 (Allow) without a key being asked.
        if request.method == "POST" and hasattr(self, "post"):
            self._idempotency = idempotency.claim(request, request.api_client)

    def handle_exception(self, exc):
        if isinstance(exc, idempotency.Herhaling):
            return idempotency.herhaal(exc.record)
        return super().handle_exception(exc)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        record = getattr(self, "_idempotency", None)
        if record is not None and response.status_code < 500:
            idempotency.bewaar(record, response)
            self._idempotency = None
        return response

    @property
    def client(self):
        return self.request.api_client

    def organisaties(self):
        return organisaties_voor_client(self.client)

    def scopes(self) -> set[str]:
        """The scopes of this call's token (at most the client's own)."""
        token = getattr(self.request, "auth", None)
        return set(getattr(token, "scope", "").split())

    def organisatie_uit_kbo(self, kbo: str | None):
        """The organisation the client names (by KBO number), if it may act for it; else 404."""
        if not kbo:
            return self.client.organisatie
        try:
            kbo = rules.normalise_kbo(kbo)  # any usual spelling: 0123.456.749, BE0123456749
        except rules.InvalidIdentifier:
            raise NotFound() from None
        organisatie = self.organisaties().filter(kbo_nummer=kbo).first()
        if organisatie is None:
            raise NotFound()
        return organisatie


class ApiViewSet(ApiMixin, viewsets.GenericViewSet):
    pass


def positief_getal(request, naam: str) -> int | None:
    """A query parameter that, when given, is a whole number from 1 (the schema says
    ``minimum: 1``); anything else is a 400 problem at that parameter."""
    waarde = request.query_params.get(naam)
    if waarde is None:
        return None
    getal = rules.parse_id(waarde) if len(waarde) <= 18 else None  # 18 digits: within a bigint
    if getal is None or getal < 1:
        raise ValidationError({naam: [_("Geef een geheel getal vanaf 1.")]})
    return getal


IDEMPOTENCY_PARAMETER = OpenApiParameter(
    idempotency.HEADER,
    location=OpenApiParameter.HEADER,
    required=True,
    type={"type": "string", "minLength": 1, "maxLength": 255, "pattern": r"\S"},
    description="Een unieke sleutel per bedoelde wijziging (bv. een UUID). Een herhaling met dezelfde "
    "sleutel wijzigt niets en krijgt hetzelfde antwoord.",
)
