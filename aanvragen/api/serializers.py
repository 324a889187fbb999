from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from ..beslissingen import actieve_beslissing
from ..models import Beslissing, Dossier, StatusOvergang


def _keuze(model, veld: str) -> serializers.ChoiceField:
    """A read-only choice that may be empty (a model field with ``blank=True``)."""
    return serializers.ChoiceField(
        choices=model._meta.get_field(veld).choices, allow_blank=True, read_only=True
    )


class StatusOvergangSerializer(serializers.ModelSerializer):
    van = _keuze(StatusOvergang, "van")

    class Meta:
        model = StatusOvergang
        fields = ["van", "naar", "op", "reden"]


class BeslissingSerializer(serializers.ModelSerializer):
    pakket = _keuze(Beslissing, "pakket")
    begeleidingsnood = _keuze(Beslissing, "begeleidingsnood")
    schema = serializers.SerializerMethodField(
        help_text=_("Per jaar van de periode: [jaar, percentage loonpremie, begeleidingspremie].")
    )

    class Meta:
        model = Beslissing
        fields = [
            "uitkomst",
            "soort",
            "loonpremie",
            "begeleidingspremie",
            "ondersteuningspremie",
            "percentage",
            "pakket",
            "begeleidingsnood",
            "duur_jaren",
            "startdatum",
            "einddatum",
            "beslist_op",
            "reden",
            "schema",
        ]

    def get_schema(self, obj) -> list[list[int]]:
        return [list(rij) for rij in obj.schema]


class DossierSerializer(serializers.ModelSerializer):
    organisatie = serializers.CharField(source="organisatie.kbo_nummer", read_only=True)
    premie_keuze = _keuze(Dossier, "premie_keuze")

    class Meta:
        model = Dossier
        fields = [
            "id",
            "referentie",
            "organisatie",
            "status",
            "premie_keuze",
            "werknemer_insz",
            "werknemer_voornaam",
            "werknemer_achternaam",
            "ingediend_op",
            "gewijzigd_op",
            "ontvankelijk",
        ]
        read_only_fields = fields


class DossierDetailSerializer(DossierSerializer):
    statusgeschiedenis = StatusOvergangSerializer(source="overgangen", many=True, read_only=True)
    beslissing = serializers.SerializerMethodField()

    class Meta(DossierSerializer.Meta):
        fields = [
            *DossierSerializer.Meta.fields,
            "ontvankelijkheid_redenen",
            "beslissing_uiterlijk",
            "startdatum",
            "einddatum",
            "statusgeschiedenis",
            "beslissing",
        ]
        read_only_fields = fields

    def get_beslissing(self, obj) -> BeslissingSerializer(allow_null=True):  # type: ignore[valid-type]
        beslissing = actieve_beslissing(obj)
        return BeslissingSerializer(beslissing).data if beslissing else None


class AanvraagSerializer(DossierSerializer):
    stappen = serializers.SerializerMethodField(
        help_text=_("De stappen van het formulier voor deze aanvraag.")
    )
    gegevens = serializers.SerializerMethodField(help_text=_("De huidige antwoorden per stap."))

    class Meta(DossierSerializer.Meta):
        fields = [*DossierSerializer.Meta.fields, "stappen", "gegevens"]
        read_only_fields = fields

    def get_stappen(self, obj) -> list[str]:
        from .aanvraag import stappen

        return stappen(obj)

    def get_gegevens(self, obj) -> dict:
        from .aanvraag import gegevens_per_stap

        return gegevens_per_stap(obj)


class NieuweAanvraagSerializer(serializers.Serializer):
    organisatie = serializers.CharField(
        required=False,
        allow_blank=True,  # as a form sends an empty field: the same as none
        help_text=_("KBO-nummer van de werkgever; zonder: de organisatie van de client."),
    )


class StapSerializer(serializers.Serializer):
    """The answers of one step: the field names of the portal's form for that step."""

    def to_internal_value(self, data):
        if not isinstance(data, dict):
            raise serializers.ValidationError(_("Verwacht een JSON-object met de velden van de stap."))
        return data


class DocumentSerializer(serializers.Serializer):
    soort = serializers.CharField()
    bestand = serializers.FileField()


class DocumentUitSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    soort = serializers.CharField()
    naam = serializers.CharField()
    mimetype = serializers.CharField()
    grootte = serializers.IntegerField()


class ValidatieSerializer(serializers.Serializer):
    geldig = serializers.BooleanField()
    onvolledige_stappen = serializers.ListField(child=serializers.CharField())
    fouten = serializers.DictField(
        child=serializers.DictField(child=serializers.ListField(child=serializers.CharField())),
        help_text=_("Per stap, per veld: de meldingen van het formulier."),
    )


class BerichtSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    onderwerp = serializers.CharField()
    tekst = serializers.CharField()
    aangemaakt_op = serializers.DateTimeField()


class WijzigingInSerializer(serializers.Serializer):
    soort = serializers.CharField()
    gegevens = serializers.DictField(help_text=_("De velden van het formulier 'wijziging melden'."))


class WijzigingUitSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    soort = serializers.CharField()
    gegevens = serializers.DictField()
    gemeld_op = serializers.DateTimeField()
