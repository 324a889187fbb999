"""The forms of the evaluation request. The checks are the ones the services make again at
submission: ``services.controleer_soorten`` (the rules, naming the date) and
``motivatieverslag.lees`` (the uploaded PDF by content)."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from aanvragen.uploads import max_megabytes

from . import motivatieverslag, rules, services


class KeuzeForm(forms.Form):
    hoogte = forms.BooleanField(
        label=_("De hoogte van de premie(s)"),
        required=False,
        help_text=_(
            "Vanaf het tweede jaar van de toekenning, en minstens 2 jaar na de vorige evaluatie door VDAB."
        ),
    )
    duur = forms.BooleanField(
        label=_("De duurtijd: een verlenging van de premie(s)"),
        required=False,
        help_text=_("In het laatste jaar van de premie(s)."),
    )

    def __init__(self, *args, dossier, vandaag, lenient=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.dossier, self.vandaag, self.lenient = dossier, vandaag, lenient
        toegelaten = services.mogelijke_soorten(dossier, vandaag)
        for soort in rules.SOORTEN:
            if soort not in toegelaten:
                del self.fields[soort]

    def clean(self):
        data = super().clean()
        soorten = [s for s in rules.SOORTEN if data.get(s)]
        if not soorten and self.lenient:
            return data
        for soort, melding in services.controleer_soorten(self.dossier, soorten, self.vandaag).items():
            self.add_error(soort or None, melding)
        return data


def _bestand(label, help_text):
    return forms.FileField(
        label=label,
        required=False,
        help_text=help_text,
        widget=forms.FileInput(attrs={"accept": ".pdf,application/pdf"}),
    )


class MotivatieForm(forms.Form):
    motivatieverslag = _bestand(
        _("Ingevuld motivatieverslag (PDF)"),
        _("Het pdf-formulier dat u hierboven downloadde, digitaal ingevuld en bewaard. Hoogstens %(mb)s MB.")
        % {"mb": max_megabytes()},
    )
    ondersteuningsplan = forms.FileField(
        label=_("Meest recente ondersteuningsplan"),
        required=False,
        help_text=_("PDF, JPEG of PNG, hoogstens %(mb)s MB.") % {"mb": max_megabytes()},
        widget=forms.FileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )

    def __init__(self, *args, evaluatie, lenient=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.evaluatie, self.lenient = evaluatie, lenient
        self.dossier = evaluatie.dossier
        if not rules.ondersteuningsplan_nodig(self.dossier.premie_keuze):
            del self.fields["ondersteuningsplan"]
        self.waarden = None

    def clean_motivatieverslag(self):
        bestand = self.cleaned_data.get("motivatieverslag")
        if bestand:
            self.waarden = motivatieverslag.lees(
                bestand,
                referentie=motivatieverslag.kenmerk(self.dossier),
                zelfstandige=self.dossier.aanvrager_soort == "zelfstandige",
            )
        return bestand

    def clean_ondersteuningsplan(self):
        bestand = self.cleaned_data.get("ondersteuningsplan")
        if bestand:
            motivatieverslag.controleer_bijlage(bestand)
        return bestand

    def clean(self):
        data = super().clean()
        if self.lenient:
            return data
        if "motivatieverslag" not in self.errors and not data.get("motivatieverslag"):
            if self.evaluatie.motivatieverslag_id is None:
                self.add_error(
                    "motivatieverslag", ValidationError(_("Laad het ingevulde motivatieverslag op."))
                )
        if "ondersteuningsplan" in self.fields and "ondersteuningsplan" not in self.errors:
            if not data.get("ondersteuningsplan") and self.evaluatie.ondersteuningsplan_id is None:
                self.add_error("ondersteuningsplan", _("Laad het meest recente ondersteuningsplan op."))
        return data

    def nieuwe_uploads(self):
        """(field, file) of every upload in this request that passed its own check."""
        if not hasattr(self, "cleaned_data"):
            return []
        return [
            (naam, self.cleaned_data[naam])
            for naam in ("motivatieverslag", "ondersteuningsplan")
            if naam in self.fields and naam not in self.errors and self.cleaned_data.get(naam)
        ]


class RegelingForm(forms.Form):
    """Staff (the dossier page's action 'Evaluatieregeling'): may this premium, taken over from the
    old measures, be evaluated as a 5-year IMW premium? ``services.wijzig_regeling`` records it."""

    vop_onbepaalde_duur = forms.BooleanField(
        label=_("VOP van onbepaalde duur"),
        required=False,
        help_text=_("De premie volgt een Vlaamse ondersteuningspremie van onbepaalde duur op."),
    )
    lde_tijdelijke_regeling = forms.BooleanField(
        label=_("LDE tijdelijke regeling"),
        required=False,
        help_text=_("De premie valt onder de tijdelijke regeling voor lokale diensteneconomie."),
    )
    reden = forms.CharField(
        label=_("Reden"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Komt in de historiek van het dossier, met uw naam en het tijdstip."),
        error_messages={"required": _("Geef de reden op waarom u de evaluatieregeling wijzigt.")},
    )
