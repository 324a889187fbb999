"""The forms behind the dossier page's actions (admissibility, information, decision)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy

from loket.forms import Datumveld
from loket.models.bronnen import Begeleidingsnood

from ..models import (
    Pakket,
    Uitkomst,
)

# --- Action forms ---------------------------------------------------------------------------------


class OntvankelijkheidForm(forms.Form):
    ontvankelijk = forms.TypedChoiceField(
        label=gettext_lazy("Nieuwe beoordeling"),
        choices=[("1", gettext_lazy("Ontvankelijk")), ("0", gettext_lazy("Niet ontvankelijk"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Kies ontvankelijk of niet ontvankelijk.")},
    )
    reden = forms.CharField(
        label=gettext_lazy("Reden"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("De werkgever krijgt deze reden in een e-mail."),
        error_messages={"required": gettext_lazy("Geef de reden op waarom u de ontvankelijkheid herziet.")},
    )


class InformatieForm(forms.Form):
    vraag = forms.CharField(
        label=gettext_lazy("Welke informatie hebt u nodig?"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=gettext_lazy("De werkgever krijgt deze vraag per e-mail en ziet ze bij zijn dossier."),
        error_messages={"required": gettext_lazy("Schrijf welke informatie u van de werkgever nodig hebt.")},
    )


class DatumInput(forms.DateInput):
    input_type = "date"

    def __init__(self):
        super().__init__(format="%Y-%m-%d")


class BeslissingForm(forms.Form):
    uitkomst = forms.ChoiceField(
        label=gettext_lazy("Beslissing"),
        choices=[
            (Uitkomst.TOEGEKEND, gettext_lazy("Toekennen")),
            (Uitkomst.GEWEIGERD, gettext_lazy("Weigeren")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Kies of u de premie toekent of weigert.")},
    )
    loonpremie = forms.BooleanField(label=gettext_lazy("Loonpremie"), required=False)
    begeleidingspremie = forms.BooleanField(label=gettext_lazy("Begeleidingspremie"), required=False)
    ondersteuningspremie = forms.BooleanField(label=gettext_lazy("Ondersteuningspremie"), required=False)
    pakket = forms.ChoiceField(
        label=gettext_lazy("Percentage vastgesteld door VDAB"),
        choices=Pakket.choices,
        initial=Pakket.VAST,
        widget=forms.RadioSelect,
        help_text=gettext_lazy(
            "Een vast percentage voor de hele periode, of een degressief pakket: de percentages per "
            "kwartaal komen dan uit het pakket dat op de datum van de beslissing van kracht is."
        ),
        # Not required: a form without the choice (older bookmarks, scripts) means a fixed percentage.
        required=False,
    )
    percentage = forms.IntegerField(
        label=gettext_lazy("Percentage (%)"),
        required=False,
        help_text=gettext_lazy(
            "Bij een vast percentage: tussen 20 en 75, een veelvoud van 5 (ondersteuningspremie: "
            "hoogstens 55). Bij een degressief pakket: wordt uit het pakket genomen."
        ),
    )
    duur_jaren = forms.IntegerField(label=gettext_lazy("Duurtijd (jaren)"), required=False)
    begeleidingsnood = forms.ChoiceField(
        label=gettext_lazy("Begeleidingsnood"),
        choices=[("", gettext_lazy("– niet van toepassing –")), *Begeleidingsnood.choices],
        required=False,
        help_text=gettext_lazy("Verplicht wanneer u een begeleidingspremie toekent."),
    )
    beslist_op = Datumveld(label=gettext_lazy("Datum van de beslissing"), widget=DatumInput())
    startdatum = Datumveld(
        label=gettext_lazy("Begindatum"),
        required=False,
        widget=DatumInput(),
        help_text=gettext_lazy("Eerste dag van het kwartaal van de beslissing. Leeg: wordt berekend."),
    )
    einddatum = Datumveld(
        label=gettext_lazy("Einddatum"),
        required=False,
        widget=DatumInput(),
        help_text=gettext_lazy("Volgt uit de duurtijd. Leeg: wordt berekend."),
    )
    reden = forms.CharField(
        label=gettext_lazy("Motivering"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy(
            "Verplicht bij een weigering en bij een correctie; staat in de beslissingsbrief."
        ),
    )

    def clean_pakket(self):
        return self.cleaned_data.get("pakket") or Pakket.VAST


ACTIES = {
    "ontvankelijkheid": (gettext_lazy("Ontvankelijkheid herzien"), OntvankelijkheidForm),
    "informatie": (gettext_lazy("Informatie vragen aan de werkgever"), InformatieForm),
    "beslissen": (gettext_lazy("Beslissen"), BeslissingForm),
    "corrigeren": (gettext_lazy("Beslissing corrigeren"), BeslissingForm),
}
