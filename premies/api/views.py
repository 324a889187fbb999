"""'Berekeningen' of a dossier and the payments of payout runs, as the portal shows them."""

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from aanvragen.models import Dossier
from loket.api.base import ApiViewSet, positief_getal
from loket.api.problems import NietBeschikbaar
from loket.bronnen import BronNietBeschikbaar

from .. import services
from ..models import Betaallijn, RunStatus
from .serializers import BetaallijnSerializer, KwartaaloverzichtSerializer


class BerekeningenViewSet(ApiViewSet):
    """Per quarter: status, reason and the payment lines with what they were computed from. The
    amounts are payments: the scope 'payments'. When an authentic source (RSZ) cannot be reached,
    a 503 says so, as the portal's tab does."""

    pagination_class = None
    serializer_class = KwartaaloverzichtSerializer
    vereiste_scope = "payments"
    # For the schema: the 503 this view answers when a source is down (see loket.api.schema).
    problemen = (503,)

    @extend_schema(
        responses=KwartaaloverzichtSerializer(many=True),
        parameters=[OpenApiParameter("dossier_pk", int, OpenApiParameter.PATH)],
    )
    def list(self, request, dossier_pk=None):
        dossier = Dossier.objects.filter(pk=dossier_pk, organisatie__in=self.organisaties()).first()
        if dossier is None:
            raise NotFound()
        try:
            overzicht = services.kwartaaloverzicht(dossier, timezone.localdate())
        except BronNietBeschikbaar:
            raise NietBeschikbaar(
                _(
                    "De berekening kan nu niet getoond worden: een authentieke bron (RSZ) is tijdelijk "
                    "niet bereikbaar. Probeer het later opnieuw; uw betalingen lopen gewoon door."
                )
            ) from None
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
        run = positief_getal(self.request, "run")
        if run is not None:
            qs = qs.filter(run_id=run)
        if params.get("organisatie"):
            # Any usual spelling; an organisation the client may not act for (or no KBO number): 404.
            qs = qs.filter(organisatie=self.organisatie_uit_kbo(params["organisatie"]))
        return qs

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "run",
                {"type": "integer", "minimum": 1},
                description="Enkel de lijnen van deze uitbetalingsrun.",
            ),
            OpenApiParameter("organisatie", str, description="KBO-nummer van de werkgever."),
        ]
    )
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)
