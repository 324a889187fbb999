"""The API's own resources: organisations the client acts for, its webhook and its events."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from . import webhooks
from .access import typen_zonder_scope
from .base import ApiViewSet
from .models import Event, Webhook
from .pagination import NieuwsteEerst
from .serializers import (
    EventSerializer,
    OrganisatieSerializer,
    WebhookAangemaaktSerializer,
    WebhookSerializer,
)


class OrganisatieViewSet(mixins.ListModelMixin, ApiViewSet):
    """The organisations this client may act for: its own and those that gave it a mandate."""

    serializer_class = OrganisatieSerializer

    def get_queryset(self):
        return self.organisaties().order_by("-pk")


class WebhookViewSet(ApiViewSet):
    """The client's webhook: where events are POSTed (one URL per client)."""

    serializer_class = WebhookSerializer
    pagination_class = None
    enkel_object = True  # one webhook, not a list (loket.api.schema)
    problemen = {"list": (404,)}  # none registered yet

    @extend_schema(operation_id="webhook_list", responses={200: WebhookSerializer})
    def list(self, request):
        webhook = Webhook.objects.filter(client=self.client).first()
        if webhook is None:
            raise NotFound(_("Deze client heeft nog geen webhook."))
        return Response(WebhookSerializer(webhook).data)

    @extend_schema(request=WebhookSerializer, responses={201: WebhookAangemaaktSerializer})
    def create(self, request):
        """Register (or replace) the URL; the answer holds the signing secret, shown only now."""
        serializer = WebhookSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        Webhook.objects.filter(client=self.client).delete()
        webhook = Webhook.objects.create(client=self.client, url=serializer.validated_data["url"])
        return Response(WebhookAangemaaktSerializer(webhook).data, status=status.HTTP_201_CREATED)


class EventViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    """The client's events, newest first; ``opnieuw`` delivers one again (same id). Only events of
    organisations the client acts for now (a revoked mandate hides them), and payment events only
    with the scope 'payments'."""

    serializer_class = EventSerializer
    lookup_value_regex = "[0-9a-f-]{36}"
    pagination_class = NieuwsteEerst

    def get_queryset(self):
        return (
            Event.objects.filter(client=self.client, organisatie__in=self.organisaties())
            .exclude(type__in=typen_zonder_scope(self.scopes()))
            .select_related("organisatie")
            .order_by("-op", "-pk")
        )

    @extend_schema(request=None, responses={202: EventSerializer})
    @action(detail=True, methods=["post"])
    def opnieuw(self, request, pk=None):
        event = webhooks.herhaal(self.get_object())
        return Response(EventSerializer(event).data, status=status.HTTP_202_ACCEPTED)
