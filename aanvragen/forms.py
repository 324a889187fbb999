"""The forms of the application wizard: one form per step, each saving into the draft Dossier.

Every step form takes ``dossier`` and ``lenient``: 'Vorige' and 'Bewaren en later verdergaan'
save whatever is valid without demanding the required answers (a wrong INSZ or IBAN is still
refused); 'Volgende' demands them. Upload fields are checked by content (``uploads.controleer``)
and, when valid, stored at once, so a file is kept even when another field has an error.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db.models import Q
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from loket import rules as loket_rules
from loket.models import Gewest

from . import rules, uploads
from .adressen import dossier_pad
from .models import BegeleiderSoort, DocumentSoort, Dossier, ErkendeDienstverlener, PremieKeuze

JA_NEE = [("True", _("Ja")), ("False", _("Nee"))]


def _ja_nee(waarde):
    return {"True": True, "False": False}.get(waarde)


def _upload_veld(label, help_text=""):
    hulp = _("PDF, JPEG of PNG, hoogstens %(mb)s MB.") % {"mb": uploads.max_megabytes()}
    return forms.FileField(
        label=label,
        required=False,
        validators=[uploads.controleer],
        help_text=f"{help_text} {hulp}".strip(),
        widget=forms.FileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )


class StapForm(forms.ModelForm):
    """Base of every step form."""

    # Upload field name -> DocumentSoort.
    upload_velden: dict[str, str] = {}

    def __init__(self, *args, dossier: Dossier, lenient: bool = False, documenten=(), **kwargs):
        kwargs["instance"] = dossier
        super().__init__(*args, **kwargs)
        self.dossier = dossier
        self.lenient = lenient
        self.toon_documenten(documenten)
        if lenient:
            for veld in self.fields.values():
                veld.required = False

    def toon_documenten(self, documenten):
        """Attach the already uploaded document of each upload field (shown by the template)."""
        per_soort = {d.soort: d for d in documenten}
        for naam, soort in self.upload_velden.items():
            if naam in self.fields:
                self.fields[naam].bestaand = per_soort.get(soort)

    def heeft_document(self, naam: str) -> bool:
        return getattr(self.fields[naam], "bestaand", None) is not None

    def eis_upload(self, naam: str, melding) -> None:
        """Required upload: a file now, or one uploaded earlier (not when saving leniently)."""
        if self.lenient or naam in self.errors:
            return
        if not self.cleaned_data.get(naam) and not self.heeft_document(naam):
            self.add_error(naam, melding)

    def nieuwe_uploads(self):
        """(soort, file) of every upload in this request that passed its own check."""
        if not hasattr(self, "cleaned_data"):
            return []
        return [
            (soort, self.cleaned_data[naam])
            for naam, soort in self.upload_velden.items()
            if naam not in self.errors and self.cleaned_data.get(naam)
        ]

    def eis(self, naam: str, melding) -> None:
        if not self.lenient and naam not in self.errors and self.cleaned_data.get(naam) in (None, ""):
            self.add_error(naam, melding)


class ContactForm(StapForm):
    contact_telefoon = forms.CharField(
        label=_("Telefoonnummer"),
        max_length=30,
        validators=[
            RegexValidator(
                r"^\+?[0-9 ./()-]{9,}$",
                _("Vul een geldig telefoonnummer in, bijvoorbeeld 09 123 45 67 of +32 470 12 34 56."),
            )
        ],
        error_messages={"required": _("Vul een telefoonnummer in.")},
    )

    class Meta:
        model = Dossier
        fields = ["contact_naam", "contact_email", "contact_telefoon"]
        labels = {"contact_naam": _("Naam"), "contact_email": _("E-mailadres")}
        help_texts = {
            "contact_email": _("Hierop contacteren we u over deze aanvraag, ook voor de bevestigingsmail."),
        }
        error_messages = {
            "contact_naam": {"required": _("Vul de naam van de contactpersoon in.")},
            "contact_email": {
                "required": _("Vul een e-mailadres in."),
                "invalid": _("Vul een geldig e-mailadres in, bijvoorbeeld naam@voorbeeld.be."),
            },
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for naam in self.Meta.fields:
            self.fields[naam].required = not self.lenient


class InszFormMixin:
    """An INSZ typed the usual ways (93.05.18-223.61), validated and stored compact."""

    def clean_werknemer_insz(self):
        waarde = self.cleaned_data.get("werknemer_insz", "")
        if not waarde.strip():
            return ""
        try:
            return loket_rules.normalise_insz(waarde)
        except loket_rules.InvalidIdentifier as exc:
            raise ValidationError(str(exc), code="invalid") from None


class WerknemerForm(InszFormMixin, StapForm):
    werknemer_insz = forms.CharField(
        label=_("INSZ-nummer (rijksregisternummer)"),
        max_length=20,
        help_text=_(
            "11 cijfers, bijvoorbeeld 93.05.18-223.61. U vindt het op de achterkant van de identiteitskaart."
        ),
        error_messages={"required": _("Vul het INSZ-nummer van de werknemer in.")},
    )
    werknemer_woonplaats_gewest = forms.ChoiceField(
        label=_("Waar woont de werknemer?"),
        choices=Gewest.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Duid aan waar de werknemer woont.")},
    )

    class Meta:
        model = Dossier
        fields = [
            "werknemer_insz",
            "werknemer_voornaam",
            "werknemer_achternaam",
            "werknemer_woonplaats_gewest",
        ]
        labels = {"werknemer_voornaam": _("Voornaam"), "werknemer_achternaam": _("Achternaam")}
        error_messages = {
            "werknemer_voornaam": {"required": _("Vul de voornaam van de werknemer in.")},
            "werknemer_achternaam": {"required": _("Vul de achternaam van de werknemer in.")},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for naam in ("werknemer_voornaam", "werknemer_achternaam"):
            self.fields[naam].required = not self.lenient
        if not self.is_bound and self.instance.werknemer_insz:
            self.initial["werknemer_insz"] = loket_rules.format_insz(self.instance.werknemer_insz)

    def clean_werknemer_insz(self):
        insz = super().clean_werknemer_insz()
        fout = dubbele_aanvraag_fout(self.dossier, insz)
        if fout:
            raise ValidationError(fout, code="dubbel")
        return insz


def dubbele_aanvraag_fout(dossier: Dossier, insz: str):
    """The Dutch message (with a link) if another open application exists for this employee."""
    if not insz:
        return None
    bestaande = Dossier.objects.filter(
        organisatie_id=dossier.organisatie_id, werknemer_insz=insz
    ).values_list("pk", "werknemer_insz", "status")
    blokkerend = rules.blokkerende_aanvraag(insz, bestaande, eigen_id=dossier.pk)
    if blokkerend is None:
        return None
    andere = Dossier.objects.only("referentie").get(pk=blokkerend)
    return format_html(
        '{} <a href="{}">{}</a>',
        _(
            "Voor deze werknemer loopt al een aanvraag of premie van uw organisatie. "
            "Per werknemer kan er maar één aanvraag lopen."
        ),
        dossier_pad(blokkerend),
        _("Bekijk dossier %(referentie)s") % {"referentie": andere.referentie or blokkerend},
    )


class VestigingForm(StapForm):
    class Meta:
        model = Dossier
        fields = ["vestiging"]
        labels = {"vestiging": _("In welke vestiging werkt de werknemer?")}
        widgets = {"vestiging": forms.RadioSelect}
        error_messages = {"vestiging": {"required": _("Kies de vestiging waar de werknemer werkt.")}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        veld = self.fields["vestiging"]
        veld.queryset = self.dossier.organisatie.vestigingen.order_by("naam", "pk")
        veld.empty_label = None
        veld.required = not self.lenient
        veld.help_text = _("De begeleidingspremie kan alleen voor een vestiging in het Vlaams Gewest.")


class PremieForm(StapForm):
    premie_keuze = forms.ChoiceField(
        label=_("Welke premie vraagt u aan?"),
        choices=[
            (PremieKeuze.LOONPREMIE, _("Loonpremie")),
            (PremieKeuze.LOON_EN_BEGELEIDING, _("Loonpremie en begeleidingspremie")),
        ],
        widget=forms.RadioSelect,
        help_text=_(
            "Kies de premie die overeenkomt met de behoefte die VDAB voor uw werknemer heeft vastgesteld. "
            "Uw aanvraag wordt alleen behandeld als uw keuze overeenkomt met het advies van VDAB."
        ),
        error_messages={"required": _("Kies 'loonpremie' of 'loonpremie en begeleidingspremie'.")},
    )

    class Meta:
        model = Dossier
        fields = ["premie_keuze"]

    def clean_premie_keuze(self):
        """The premium that the establishment chosen on the previous step rules out is refused here
        already, with the reason the admissibility check would give (the same rule)."""
        keuze = self.cleaned_data["premie_keuze"]
        vestiging = self.dossier.vestiging
        if vestiging is not None and vestiging.gewest and not self.lenient:
            codes = rules.premie_past_niet_bij_vestiging(keuze, vestiging.gewest)
            if codes:
                reden = rules.reden(codes[0])
                raise ValidationError(f"{reden.uitleg} {reden.wat_nu}", code=codes[0])
        return keuze


class OnderwijsForm(StapForm):
    via_departement_onderwijs = forms.TypedChoiceField(
        label=_("Is de werknemer tewerkgesteld via het Departement Onderwijs?"),
        choices=JA_NEE,
        coerce=_ja_nee,
        empty_value=None,
        widget=forms.RadioSelect,
        help_text=_("Dit bepaalt of uw aanvraag ontvankelijk is."),
        error_messages={"required": _("Duid 'ja' of 'nee' aan.")},
    )

    class Meta:
        model = Dossier
        fields = ["via_departement_onderwijs"]


class BegeleidingForm(StapForm):
    upload_velden = {"bewijs_kwalificatie": DocumentSoort.BEWIJS_KWALIFICATIE}

    begeleider_soort = forms.ChoiceField(
        label=_("Wie begeleidt de werknemer?"),
        choices=[
            (BegeleiderSoort.INTERN, _("Een gekwalificeerde begeleider die bij ons in dienst is")),
            (BegeleiderSoort.EXTERN, _("Een erkende externe dienstverlener")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies een interne begeleider of een erkende dienstverlener.")},
    )
    bewijs_kwalificatie = _upload_veld(
        _("Bewijs dat de interne begeleider aan de kwalificaties voldoet"),
        _("Alleen bij een interne begeleider."),
    )

    class Meta:
        model = Dossier
        fields = ["begeleider_soort", "begeleider_naam", "dienstverlener", "collega_coach_naam"]
        labels = {
            "begeleider_naam": _("Naam van de gekwalificeerde begeleider"),
            "dienstverlener": _("Erkende dienstverlener"),
            "collega_coach_naam": _("Naam van de collega-coach"),
        }
        help_texts = {
            "dienstverlener": _(
                "Alleen bij een externe begeleider: kies uit de lijst van erkende dienstverleners."
            ),
            "collega_coach_naam": _("De collega die de werknemer dagelijks op de werkvloer opvolgt."),
        }
        error_messages = {"collega_coach_naam": {"required": _("Vul de naam van de collega-coach in.")}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["begeleider_soort"].required = not self.lenient
        self.fields["collega_coach_naam"].required = not self.lenient
        veld = self.fields["dienstverlener"]
        veld.queryset = ErkendeDienstverlener.objects.filter(
            Q(actief=True) | Q(pk=self.instance.dienstverlener_id or 0)
        ).order_by("naam")
        veld.empty_label = _("Kies een erkende dienstverlener")
        # Field order: kind, then what each kind needs, then the collega-coach.
        self.order_fields(
            [
                "begeleider_soort",
                "begeleider_naam",
                "bewijs_kwalificatie",
                "dienstverlener",
                "collega_coach_naam",
            ]
        )

    def clean(self):
        data = super().clean()
        soort = data.get("begeleider_soort")
        if soort == BegeleiderSoort.INTERN:
            self.eis("begeleider_naam", _("Vul de naam van de interne begeleider in."))
            self.eis_upload(
                "bewijs_kwalificatie", _("Voeg het bewijs van de kwalificatie van de begeleider toe.")
            )
            data["dienstverlener"] = None
        elif soort == BegeleiderSoort.EXTERN:
            self.eis("dienstverlener", _("Kies een erkende dienstverlener uit de lijst."))
        return data


class RekeningForm(StapForm):
    iban = forms.CharField(
        label=_("Rekeningnummer (IBAN)"),
        max_length=42,
        help_text=_(
            "Alle premies van alle vestigingen van uw ondernemingsnummer worden op deze rekening betaald. "
            "Bijvoorbeeld BE71 0961 2345 6769."
        ),
        error_messages={"required": _("Vul het rekeningnummer (IBAN) in.")},
    )

    class Meta:
        model = Dossier
        fields = ["iban"]

    def __init__(self, *args, rekening=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.rekening = rekening
        if rekening is not None:
            # Only the first application of a KBO number gives the account.
            del self.fields["iban"]
        elif not self.is_bound and self.instance.iban:
            self.initial["iban"] = loket_rules.format_iban(self.instance.iban)

    def clean_iban(self):
        waarde = self.cleaned_data.get("iban", "")
        if not waarde.strip():
            return ""
        try:
            return loket_rules.normalise_iban(waarde)
        except loket_rules.InvalidIdentifier as exc:
            raise ValidationError(str(exc), code="invalid") from None


class VopForm(StapForm):
    upload_velden = {"motivatieverslag": DocumentSoort.MOTIVATIEVERSLAG}

    vop_evaluatie = forms.TypedChoiceField(
        label=_("Is deze aanvraag een evaluatie van een Vlaamse ondersteuningspremie (VOP)?"),
        choices=JA_NEE,
        coerce=_ja_nee,
        empty_value=None,
        widget=forms.RadioSelect,
        help_text=_(
            "Duid 'ja' aan als u nu een VOP van onbepaalde duur ontvangt en die wilt laten evalueren."
        ),
        error_messages={"required": _("Duid 'ja' of 'nee' aan.")},
    )
    motivatieverslag = _upload_veld(
        _("Motivatieverslag"),
        _("Alleen bij een evaluatie: het ingevulde motivatieverslag (niet afgedrukt en ingescand)."),
    )

    class Meta:
        model = Dossier
        fields = ["vop_evaluatie"]

    def clean_vop_evaluatie(self):
        waarde = self.cleaned_data.get("vop_evaluatie")
        return self.instance.vop_evaluatie if waarde is None else waarde

    def clean_motivatieverslag(self):
        """The fillable motivatieverslag of ``evaluaties``, read back and checked by content (form
        fields present, required questions answered, no scripts), as for an IMW evaluation. A draft
        has no reference yet: the report carries the draft's own key (``kenmerk``), so a report
        downloaded for another draft is refused."""
        from evaluaties import motivatieverslag

        bestand = self.cleaned_data.get("motivatieverslag")
        if bestand:
            motivatieverslag.lees(
                bestand,
                referentie=motivatieverslag.kenmerk(self.dossier),
                zelfstandige=self.dossier.aanvrager_soort == "zelfstandige",
            )
        return bestand

    def clean(self):
        data = super().clean()
        if data.get("vop_evaluatie"):
            self.eis_upload("motivatieverslag", _("Voeg het motivatieverslag toe."))
        return data


class OndersteuningForm(InszFormMixin, StapForm):
    """Self-employed: the ondersteuningspremie, for the person behind the organisation."""

    ondersteuningspremie = forms.BooleanField(
        label=_("Ik vraag als zelfstandige een ondersteuningspremie aan."),
        error_messages={"required": _("Duid aan dat u een ondersteuningspremie aanvraagt.")},
    )
    werknemer_insz = forms.CharField(
        label=_("Uw INSZ-nummer (rijksregisternummer)"),
        max_length=20,
        help_text=_("11 cijfers, bijvoorbeeld 93.05.18-223.61."),
        error_messages={"required": _("Vul uw INSZ-nummer in.")},
    )

    class Meta:
        model = Dossier
        fields = ["werknemer_insz", "werknemer_voornaam", "werknemer_achternaam"]
        labels = {"werknemer_voornaam": _("Uw voornaam"), "werknemer_achternaam": _("Uw achternaam")}
        error_messages = {
            "werknemer_voornaam": {"required": _("Vul uw voornaam in.")},
            "werknemer_achternaam": {"required": _("Vul uw achternaam in.")},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.persoon = self.dossier.organisatie.persoon
        if self.persoon is not None:
            # Known from the registration of the enterprise: not asked again.
            for naam in self.Meta.fields:
                del self.fields[naam]
        else:
            for naam in self.Meta.fields:
                self.fields[naam].required = not self.lenient
            if not self.is_bound and self.instance.werknemer_insz:
                self.initial["werknemer_insz"] = loket_rules.format_insz(self.instance.werknemer_insz)
        if not self.is_bound:
            self.initial["ondersteuningspremie"] = self.instance.premie_keuze == PremieKeuze.ONDERSTEUNING
        self.order_fields(["ondersteuningspremie"])

    def clean_werknemer_insz(self):
        insz = super().clean_werknemer_insz()
        fout = dubbele_aanvraag_fout(self.dossier, insz)
        if fout:
            raise ValidationError(fout, code="dubbel")
        return insz

    def clean(self):
        data = super().clean()
        if "ondersteuningspremie" not in self.errors:
            self.instance.premie_keuze = PremieKeuze.ONDERSTEUNING if data.get("ondersteuningspremie") else ""
        return data


class BedrijfsactiviteitForm(StapForm):
    upload_velden = {"bewijs_bedrijfsactiviteit": DocumentSoort.BEWIJS_BEDRIJFSACTIVITEIT}

    bewijs_bedrijfsactiviteit = _upload_veld(_("Bewijs van voldoende bedrijfsactiviteit"))

    class Meta:
        model = Dossier
        fields = []

    def clean(self):
        data = super().clean()
        self.eis_upload(
            "bewijs_bedrijfsactiviteit", _("Voeg een bewijs van voldoende bedrijfsactiviteit toe.")
        )
        return data


STAP_FORMULIEREN: dict[str, type[StapForm]] = {
    "contact": ContactForm,
    "werknemer": WerknemerForm,
    "vestiging": VestigingForm,
    "premie": PremieForm,
    "onderwijs": OnderwijsForm,
    "begeleiding": BegeleidingForm,
    "rekening": RekeningForm,
    "vop": VopForm,
    "ondersteuning": OndersteuningForm,
    "bedrijfsactiviteit": BedrijfsactiviteitForm,
}
