"""Applications and dossiers in the API. Every change goes through ``aanvragen.services`` and the
wizard's forms, exactly as in the portal."""

from __future__ import annotations

from django.db import transaction
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response

from loket.api.base import ApiViewSet
from loket.api.problems import Probleem
from loket.downloads import bestand_response

from .. import rules, services, uploads
from ..berichten import berichten_van_dossier
from ..forms_wijziging import FORMULIEREN, mogelijke_soorten
from ..models import DocumentSoort, Dossier, Status
from . import aanvraag
from .serializers import (
    AanvraagSerializer,
    BerichtSerializer,
    DocumentSerializer,
    DocumentUitSerializer,
    DossierDetailSerializer,
    DossierSerializer,
    NieuweAanvraagSerializer,
    StapSerializer,
    ValidatieSerializer,
    WijzigingInSerializer,
    WijzigingUitSerializer,
)


class DossierBasis(ApiViewSet):
    lookup_value_regex = "[0-9]+"

    def dossiers(self):
        return Dossier.objects.filter(organisatie__in=self.organisaties()).select_related("organisatie")

    def dossier(self, pk) -> Dossier:
        dossier = self.dossiers().filter(pk=pk).first() if str(pk).isdigit() else None
        if dossier is None:
            raise NotFound()
        return dossier


LIJST_STATUSSEN = [s for s, _l in Status.choices if s != Status.CONCEPT]
LIJST_PARAMETERS = [
    OpenApiParameter("status", str, enum=LIJST_STATUSSEN),
    OpenApiParameter(
        "gewijzigd_sinds", OpenApiTypes.DATETIME, description="Enkel dossiers gewijzigd na dit tijdstip."
    ),
    OpenApiParameter("organisatie", str, description="KBO-nummer van de werkgever."),
]


class DossierViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, DossierBasis):
    """Submitted dossiers of the organisations the client acts for."""

    serializer_class = DossierSerializer
    # Beside the usual refusals the schema documents (loket.api.schema): a change to a closed
    # dossier.
    problemen = {"wijzigingen": (422,)}

    def get_serializer_class(self):
        return DossierSerializer if self.action == "list" else DossierDetailSerializer

    def get_queryset(self):
        qs = self.dossiers().exclude(status=Status.CONCEPT).prefetch_related("overgangen")
        params = self.request.query_params
        if "status" in params:
            if params["status"] not in LIJST_STATUSSEN:
                raise ValidationError(
                    {
                        "status": [
                            _("Kies een van: %(statussen)s.") % {"statussen": ", ".join(LIJST_STATUSSEN)}
                        ]
                    }
                )
            qs = qs.filter(status=params["status"])
        if "gewijzigd_sinds" in params:
            try:
                sinds = parse_datetime(params["gewijzigd_sinds"])
            except ValueError:
                sinds = None
            if sinds is None:
                raise ValidationError({"gewijzigd_sinds": [_("Gebruik een tijdstip in ISO 8601.")]})
            qs = qs.filter(gewijzigd_op__gt=sinds)
        if params.get("organisatie"):
            # Any usual spelling; an organisation the client may not act for (or no KBO number): 404.
            qs = qs.filter(organisatie=self.organisatie_uit_kbo(params["organisatie"]))
        return qs

    @extend_schema(parameters=LIJST_PARAMETERS)
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(responses={(200, "application/pdf"): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"])
    def ontvangstbewijs(self, request, pk=None):
        """The receipt (PDF) of the submitted application."""
        document = self.dossier(pk).documenten.filter(soort=DocumentSoort.ONTVANGSTBEWIJS).first()
        if document is None:
            raise NotFound()
        return bestand_response(document.bestand, naam=document.naam, mimetype=document.mimetype)

    @extend_schema(responses=BerichtSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None)
    def berichten(self, request, pk=None):
        """Messages to the organisation about this dossier (as on the tab Berichten)."""
        return Response(BerichtSerializer(berichten_van_dossier(self.dossier(pk)), many=True).data)

    @extend_schema(request=WijzigingInSerializer, responses={201: WijzigingUitSerializer})
    @action(detail=True, methods=["post"])
    def wijzigingen(self, request, pk=None):
        """Report a change, with the fields and checks of the portal's 'Wijziging melden' forms."""
        dossier = self.dossier(pk)
        invoer = WijzigingInSerializer(data=request.data)
        invoer.is_valid(raise_exception=True)
        soort = invoer.validated_data["soort"]
        if soort not in mogelijke_soorten(dossier):
            raise ValidationError({"soort": [_("Deze wijziging kan niet voor dit dossier.")]})
        if dossier.status not in rules.OPEN_STATUSSEN:
            raise Probleem(
                _("Dit dossier is afgesloten: u kunt er geen wijziging meer voor melden."), "afgesloten"
            )
        from loket.api.forms import als_formdata, fouten

        form = FORMULIEREN[soort](als_formdata(invoer.validated_data["gegevens"]), dossier=dossier)
        if not form.is_valid():
            raise ValidationError(fouten(form))
        wijziging = services.meld_wijziging(
            dossier, soort, form.gegevens(), door=request.user, samenvatting=form.samenvatting()
        )
        return Response(WijzigingUitSerializer(wijziging).data, status=status.HTTP_201_CREATED)


class AanvraagViewSet(mixins.RetrieveModelMixin, DossierBasis):
    """Applications being filled in (drafts): create, answer step by step, upload, validate, submit."""

    serializer_class = AanvraagSerializer
    pagination_class = None
    # Beside the usual refusals (loket.api.schema): an organisation the client may not act for
    # (404), an application submitted already (409), a submission that is refused (422).
    problemen = {
        "create": (404,),
        "stap": (409,),
        "validatie": (409,),
        "documenten": (409,),
        "indienen": (409, 422),
    }

    def get_queryset(self):
        return self.dossiers().filter(status=Status.CONCEPT)

    def concept(self, pk) -> Dossier:
        dossier = self.dossier(pk)
        if dossier.status != Status.CONCEPT:
            raise Probleem(_("Deze aanvraag is al ingediend."), "al-ingediend", status_code=409)
        return dossier

    @extend_schema(request=NieuweAanvraagSerializer, responses={201: AanvraagSerializer})
    def create(self, request):
        invoer = NieuweAanvraagSerializer(data=request.data)
        invoer.is_valid(raise_exception=True)
        organisatie = self.organisatie_uit_kbo(invoer.validated_data.get("organisatie"))
        dossier = services.nieuw_concept(organisatie, door=request.user)
        return Response(AanvraagSerializer(dossier).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=StapSerializer,
        responses={200: AanvraagSerializer},
        parameters=[
            OpenApiParameter("stap", str, OpenApiParameter.PATH, enum=sorted(aanvraag.STAP_FORMULIEREN))
        ],
    )
    @action(detail=True, methods=["patch"], url_path=r"stappen/(?P<stap>[a-z_]+)")
    def stap(self, request, pk=None, stap=None):
        """Save answers of one step (format checked, required answers not yet: see ``validatie``)."""
        dossier = self.concept(pk)
        if stap not in aanvraag.stappen(dossier):
            raise NotFound(_("Deze stap hoort niet bij deze aanvraag."))
        invoer = StapSerializer(data=request.data)
        invoer.is_valid(raise_exception=True)
        with transaction.atomic():
            meldingen = aanvraag.bewaar_stap(dossier, stap, invoer.validated_data, door=request.user)
        if meldingen:
            raise ValidationError(meldingen)
        return Response(AanvraagSerializer(self.dossier(pk)).data)

    @extend_schema(responses=ValidatieSerializer)
    @action(detail=True, methods=["get"])
    def validatie(self, request, pk=None):
        """The wizard's checks on every step, per field, and what is still missing to submit."""
        return Response(aanvraag.valideer(self.concept(pk)))

    @extend_schema(
        request={"multipart/form-data": DocumentSerializer}, responses={201: DocumentUitSerializer}
    )
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser])
    def documenten(self, request, pk=None):
        """Upload a document (PDF, JPEG or PNG, checked by content like the wizard's uploads)."""
        dossier = self.concept(pk)
        invoer = DocumentSerializer(data=request.data)
        invoer.is_valid(raise_exception=True)
        soort = invoer.validated_data["soort"]
        if soort not in aanvraag.upload_soorten(dossier):
            raise ValidationError({"soort": [_("Dit document hoort niet bij deze aanvraag.")]})
        bestand = invoer.validated_data["bestand"]
        aanvraag.controleer_upload(bestand)
        document = uploads.bewaar(dossier, soort, bestand, door=request.user)
        return Response(DocumentUitSerializer(document).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={201: DossierDetailSerializer})
    @action(detail=True, methods=["post"])
    def indienen(self, request, pk=None):
        """Submit: the same checks as the wizard's last step; a refusal lists what is missing."""
        dossier = self.concept(pk)
        try:
            dossier = services.dien_aanvraag_in(dossier, door=request.user)
        except services.AanvraagOnvolledig as exc:
            raise Probleem(
                "; ".join(exc.messages), exc.code or "onvolledig", fouten=aanvraag.valideer(dossier)["fouten"]
            ) from None
        return Response(
            DossierDetailSerializer(self.dossier(dossier.pk)).data, status=status.HTTP_201_CREATED
        )
