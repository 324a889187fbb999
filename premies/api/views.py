"""'Berekeningen' of a dossier and the payments of payout runs, as the portal shows them."""

from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from aanvragen.models import Dossier
from loket.api.base import ApiViewSet

from .. import services
from ..models import Betaallijn, RunStatus
from .serializers import BetaallijnSerializer, KwartaaloverzichtSerializer


class BerekeningenViewSet(ApiViewSet):
    """Per quarter: status, reason and the payment lines with what they were computed from."""

    pagination_class = None
    serializer_class = KwartaaloverzichtSerializer

    @extend_schema(
        responses=KwartaaloverzichtSerializer(many=True),
        parameters=[OpenApiParameter("dossier_pk", int, OpenApiParameter.PATH)],
    )
    def list(self, request, dossier_pk=None):
        dossier = Dossier.objects.filter(pk=dossier_pk, organisatie__in=self.organisaties()).first()
        if dossier is None:
            raise NotFound()
        overzicht = services.kwartaaloverzicht(dossier, timezone.localdate())
        return Response(KwartaaloverzichtSerializer(overzicht, many=True).data)


class BetalingViewSet(mixins.ListModelMixin, ApiViewSet):
    """Payments sent (runs 'verzonden') to the organisations the client acts for."""

    serializer_class = BetaallijnSerializer
    vereiste_scope = "payments"

    def get_queryset(self):
        qs = Betaallijn.objects.filter(
            organisatie__in=self.organisaties(), run__status=RunStatus.VERZONDEN
        ).select_related("dossier", "organisatie")
        params = self.request.query_params
        if params.get("run", "").isdigit():
            qs = qs.filter(run_id=int(params["run"]))
        elif params.get("run"):
            qs = qs.none()
        if params.get("organisatie"):
            qs = qs.filter(organisatie__kbo_nummer=params["organisatie"])
        return qs

    @extend_schema(
        parameters=[
            OpenApiParameter("run", int, description="Enkel de lijnen van deze uitbetalingsrun."),
            OpenApiParameter("organisatie", str, description="KBO-nummer van de werkgever."),
        ]
    )
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)
