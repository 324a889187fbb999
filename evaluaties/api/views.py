"""Requesting an evaluation through the API, with the services (and rules) of the portal."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response

from aanvragen.api.aanvraag import controleer_upload
from aanvragen.models import Dossier
from loket.api.base import ApiViewSet
from loket.api.problems import Probleem

from .. import services
from ..models import Evaluatie


class EvaluatieSerializer(serializers.ModelSerializer):
    ontbrekend = serializers.SerializerMethodField()

    class Meta:
        model = Evaluatie
        fields = ["id", "status", "hoogte", "duur", "ingediend_op", "ontbrekend"]

    def get_ontbrekend(self, obj) -> list[str]:
        return [str(m) for m in services.ontbrekend(obj, obj.dossier)]


class KeuzeSerializer(serializers.Serializer):
    hoogte = serializers.BooleanField(default=False)
    duur = serializers.BooleanField(default=False)


class VerslagSerializer(serializers.Serializer):
    soort = serializers.ChoiceField(choices=["motivatieverslag", "ondersteuningsplan"])
    bestand = serializers.FileField()


def _geweigerd(exc: services.EvaluatieGeweigerd) -> Probleem:
    return Probleem("; ".join(str(m) for m in exc.messages), exc.code or "geweigerd")


DOSSIER = OpenApiParameter("dossier_pk", int, OpenApiParameter.PATH)


@extend_schema(parameters=[DOSSIER])
class EvaluatieViewSet(ApiViewSet):
    """Requests for evaluation of a dossier: start one, upload the report, submit."""

    serializer_class = EvaluatieSerializer
    lookup_value_regex = "[0-9]+"
    pagination_class = None
    # Beside the usual refusals (loket.api.schema): the services' refusal of a request.
    problemen = {"create": (422,), "documenten": (422,), "indienen": (422,)}

    def dossier(self) -> Dossier:
        dossier = Dossier.objects.filter(
            pk=self.kwargs["dossier_pk"], organisatie__in=self.organisaties()
        ).first()
        if dossier is None:
            raise NotFound()
        return dossier

    def evaluatie(self, pk) -> Evaluatie:
        evaluatie = Evaluatie.objects.filter(pk=pk, dossier=self.dossier()).select_related("dossier").first()
        if evaluatie is None:
            raise NotFound()
        return evaluatie

    @extend_schema(responses=EvaluatieSerializer(many=True))
    def list(self, request, dossier_pk=None):
        return Response(EvaluatieSerializer(self.dossier().evaluaties.all(), many=True).data)

    @extend_schema(request=KeuzeSerializer, responses={201: EvaluatieSerializer})
    def create(self, request, dossier_pk=None):
        """Start a request for evaluation (of the amount, the duration or both)."""
        keuze = KeuzeSerializer(data=request.data)
        keuze.is_valid(raise_exception=True)
        try:
            evaluatie = services.start(self.dossier(), door=request.user)
            services.bewaar_keuze(evaluatie, door=request.user, laatste_stap="keuze", **keuze.validated_data)
        except services.EvaluatieGeweigerd as exc:
            raise _geweigerd(exc) from None
        return Response(EvaluatieSerializer(evaluatie).data, status=status.HTTP_201_CREATED)

    @extend_schema(request={"multipart/form-data": VerslagSerializer}, responses={201: EvaluatieSerializer})
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser])
    def documenten(self, request, dossier_pk=None, pk=None):
        """Upload the motivation report (or the support plan)."""
        evaluatie = self.evaluatie(pk)
        invoer = VerslagSerializer(data=request.data)
        invoer.is_valid(raise_exception=True)
        bestand = invoer.validated_data["bestand"]
        controleer_upload(bestand)
        bewaar = {
            "motivatieverslag": services.bewaar_motivatieverslag,
            "ondersteuningsplan": services.bewaar_ondersteuningsplan,
        }[invoer.validated_data["soort"]]
        try:
            bewaar(evaluatie, bestand, door=request.user)
        except services.EvaluatieGeweigerd as exc:
            raise _geweigerd(exc) from None
        return Response(EvaluatieSerializer(self.evaluatie(pk)).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={201: EvaluatieSerializer})
    @action(detail=True, methods=["post"])
    def indienen(self, request, dossier_pk=None, pk=None):
        evaluatie = self.evaluatie(pk)
        try:
            services.dien_in(evaluatie, door=request.user)
        except services.EvaluatieGeweigerd as exc:
            raise _geweigerd(exc) from None
        return Response(EvaluatieSerializer(self.evaluatie(pk)).data, status=status.HTTP_201_CREATED)
