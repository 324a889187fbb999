"""The base of every API view: authentication, scopes, throttling, idempotent POSTs."""

from django.db import transaction
from drf_spectacular.utils import OpenApiParameter
from rest_framework import viewsets
from rest_framework.exceptions import NotFound

from .. import rules
from . import idempotency
from .access import organisaties_voor_client


class ApiMixin:
    """Every POST runs in one transaction with its Idempotency-Key (see ``idempotency``)."""

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
        if request.method == "POST":
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


IDEMPOTENCY_PARAMETER = OpenApiParameter(
    idempotency.HEADER,
    location=OpenApiParameter.HEADER,
    required=True,
    type=str,
    description="Een unieke sleutel per bedoelde wijziging (bv. een UUID). Een herhaling met dezelfde "
    "sleutel wijzigt niets en krijgt hetzelfde antwoord.",
)
