from rest_framework import serializers

from ..models import Betaallijn


class BetaallijnSerializer(serializers.ModelSerializer):
    dossier = serializers.IntegerField(source="dossier_id")
    referentie = serializers.CharField(source="dossier.referentie")
    organisatie = serializers.CharField(source="organisatie.kbo_nummer")
    run = serializers.IntegerField(source="run_id", allow_null=True)
    iban = serializers.SerializerMethodField()

    class Meta:
        model = Betaallijn
        fields = [
            "id",
            "run",
            "dossier",
            "referentie",
            "organisatie",
            "jaar",
            "kwartaal",
            "kwartaalnummer",
            "premie_soort",
            "volgnummer",
            "brutoloon",
            "werkgeversbijdragen",
            "verminderingen",
            "arbeidsfractie",
            "referteloon",
            "plafond",
            "percentage",
            "dagen_in_dienst",
            "dagen_kwartaal",
            "doorbetaling",
            "bedrag",
            "uitbetaald",
            "iban",
        ]

    def get_iban(self, obj) -> str:
        from loket.rules import mask_iban

        return mask_iban(obj.iban) if obj.iban else ""


class PremieoverzichtSerializer(serializers.Serializer):
    premie_soort = serializers.CharField()
    status = serializers.CharField()
    reden = serializers.CharField()
    lijnen = BetaallijnSerializer(many=True)


class KwartaaloverzichtSerializer(serializers.Serializer):
    jaar = serializers.IntegerField()
    kwartaal = serializers.IntegerField()
    kwartaalnummer = serializers.IntegerField()
    betaalmaand = serializers.DateField()
    status = serializers.CharField()
    premies = PremieoverzichtSerializer(many=True)
