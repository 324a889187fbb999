from django.conf import settings
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from ..models import Organisatie
from . import ssrf
from .models import Event, Webhook


class OrganisatieSerializer(serializers.ModelSerializer):
    eigen = serializers.SerializerMethodField(help_text=_("De organisatie van de client zelf."))

    class Meta:
        model = Organisatie
        fields = ["kbo_nummer", "naam", "soort", "eigen"]

    def get_eigen(self, obj) -> bool:
        return obj.pk == self.context["request"].api_client.organisatie_id


class WebhookSerializer(serializers.ModelSerializer):
    class Meta:
        model = Webhook
        fields = ["url", "aangemaakt_op"]
        read_only_fields = ["aangemaakt_op"]

    def validate_url(self, url):
        toegelaten = ("https://",) if settings.WEBHOOK_HTTPS_ONLY else ("https://", "http://")
        if not url.lower().startswith(toegelaten):
            raise serializers.ValidationError(_("Gebruik een https-adres."))
        try:
            ssrf.controleer_url(url)
        except ssrf.GeblokkeerdAdres as exc:
            raise serializers.ValidationError(str(exc), code="intern-adres") from None
        return url


class WebhookAangemaaktSerializer(WebhookSerializer):
    geheim = serializers.CharField(
        read_only=True, help_text=_("Het geheim om de handtekening te controleren. Enkel nu getoond.")
    )

    class Meta(WebhookSerializer.Meta):
        fields = [*WebhookSerializer.Meta.fields, "geheim"]


class EventSerializer(serializers.ModelSerializer):
    dossier = serializers.IntegerField(source="dossier_id")
    organisatie = serializers.CharField(source="organisatie.kbo_nummer")
    tijd = serializers.DateTimeField(source="op")

    class Meta:
        model = Event
        fields = ["id", "type", "dossier", "organisatie", "tijd", "data", "afgeleverd_op", "pogingen"]
