"""The public simulator's form (GET): every impossible input is a message next to its field,
and what was typed stays in the field."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.utils import timezone
from django.utils.formats import get_format
from django.utils.translation import gettext_lazy as _

from loket.models.bronnen import Begeleidingsnood
from loket.rules import Kwartaal

from . import rules, simulator

# The first quarter of individueel maatwerk (applications since 3 July 2023), and how far ahead
# a start quarter can be chosen.
EERSTE_KWARTAAL = Kwartaal(2023, 3)
KWARTALEN_VOORUIT = 8
PERCENTAGE_MIN = 20
PERCENTAGE_STAP = 5
ONDERSTEUNING_PERCENTAGE_MAX = 55

MAANDEN = {
    1: _("januari–maart"),
    2: _("april–juni"),
    3: _("juli–september"),
    4: _("oktober–december"),
}


def _als_decimaal(tekst: str) -> str:
    """'9.000,50' (Dutch), '9,000.50' (English), '9000.5' → text for Decimal ('9000.50').

    With both separators the last one is the decimal sign; with one, it is the decimal sign unless
    it only groups thousands and is not the decimal sign of the page's language ('2,500' on an
    English page is 2500, on a Dutch one 2.5; '2.500' on a Dutch page is 2500)."""
    komma, punt = "," in tekst, "." in tekst
    if komma and punt:
        decimaal = "," if tekst.rfind(",") > tekst.rfind(".") else "."
    elif komma or punt:
        decimaal = "," if komma else "."
        groepeert = re.fullmatch(rf"[1-9]\d{{0,2}}(?:{re.escape(decimaal)}\d{{3}})+", tekst)
        if groepeert and decimaal != get_format("DECIMAL_SEPARATOR"):
            return tekst.replace(decimaal, "")
    else:
        return tekst
    return tekst.replace("." if decimaal == "," else ",", "").replace(decimaal, ".")


class BedragField(forms.CharField):
    """An amount as people type it: '9000', '9.000,50', '9 000,50', '€ 9000.5'. Never negative."""

    def __init__(self, *, minimum: Decimal | None = Decimal("0"), **kwargs):
        self.minimum = minimum
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}))
        super().__init__(**kwargs)

    def to_python(self, value):
        tekst = (super().to_python(value) or "").replace("€", "").replace(" ", "").replace("\u00a0", "")
        if not tekst:
            return None
        tekst = _als_decimaal(tekst)
        try:
            bedrag = Decimal(tekst)
        except InvalidOperation:
            raise forms.ValidationError(
                _("Vul een getal in, bijvoorbeeld 2.500,00."), code="ongeldig"
            ) from None
        if not bedrag.is_finite():
            raise forms.ValidationError(_("Vul een getal in, bijvoorbeeld 2.500,00."), code="ongeldig")
        if self.minimum is not None and bedrag < self.minimum:
            raise forms.ValidationError(_("Een bedrag kan niet negatief zijn."), code="negatief")
        return bedrag


def kwartaal_keuzes(vandaag) -> list[tuple[str, str]]:
    laatste = Kwartaal.van(vandaag).plus(KWARTALEN_VOORUIT)
    keuzes, k = [], EERSTE_KWARTAAL
    while k <= laatste:
        label = _("%(jaar)s – kwartaal %(nummer)s (%(maanden)s)") % {
            "jaar": k.jaar,
            "nummer": k.nummer,
            "maanden": MAANDEN[k.nummer],
        }
        keuzes.append((str(k), label))
        k = k.volgende()
    return keuzes


class SimulatorForm(forms.Form):
    premie = forms.ChoiceField(
        label=_("Welke premie?"),
        choices=[
            (simulator.LOONPREMIE, _("Loonpremie")),
            (simulator.LOON_EN_BEGELEIDING, _("Loonpremie en begeleidingspremie")),
            (simulator.ONDERSTEUNING, _("Ondersteuningspremie (zelfstandige)")),
        ],
        initial=simulator.LOONPREMIE,
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies een premie.")},
    )
    begeleidingsnood = forms.ChoiceField(
        label=_("Begeleidingsnood (bij een begeleidingspremie)"),
        choices=[("", _("– kies –")), *Begeleidingsnood.choices],
        required=False,
        help_text=_("Zoals VDAB die vaststelde; bepaalt het opstartbedrag van de begeleidingspremie."),
    )
    brutoloon = BedragField(
        label=_("Brutoloon per kwartaal (€)"), required=False, help_text=_("Zoals in de RSZ-aangifte (DmfA).")
    )
    werkgeversbijdragen = BedragField(label=_("Werkgeversbijdragen per kwartaal (€)"), required=False)
    verminderingen = BedragField(
        label=_("Verminderingen op de werkgeversbijdragen per kwartaal (€)"),
        required=False,
        help_text=_("Bijvoorbeeld de doelgroepvermindering. Leeg: geen."),
    )
    arbeidsfractie = BedragField(
        label=_("Arbeidsfractie"),
        required=False,
        initial="1",
        help_text=_("Voltijds: 1. Halftijds: 0,5. Tussen 0 (niet inbegrepen) en 1."),
    )
    referentiebedrag = BedragField(
        label=_("Referentiebedrag per kwartaal (€, ondersteuningspremie)"),
        required=False,
        help_text=_(
            "Leeg: drie keer het gewaarborgd gemiddeld minimum maandinkomen (GGMMI) van het kwartaal."
        ),
    )
    pakket = forms.ChoiceField(
        label=_("Percentage"),
        choices=[
            ("vast", _("Vast percentage")),
            ("2j", _("Degressief pakket 2 jaar")),
            ("5j", _("Degressief pakket 5 jaar")),
            ("5j_verhoogd", _("Degressief pakket 5 jaar verhoogd")),
        ],
        initial="vast",
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies een vast percentage of een degressief pakket.")},
    )
    percentage = forms.IntegerField(
        label=_("Vast percentage (%)"),
        required=False,
        help_text=_("Tussen 20 en 75, een veelvoud van 5 (ondersteuningspremie: hoogstens 55)."),
        error_messages={"invalid": _("Vul een geheel getal in, bijvoorbeeld 40.")},
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    duur_jaren = forms.TypedChoiceField(
        label=_("Duurtijd bij een vast percentage"),
        choices=[("2", _("2 jaar")), ("5", _("5 jaar"))],
        coerce=int,
        required=False,
        initial="2",
    )
    startkwartaal = forms.ChoiceField(label=_("Eerste kwartaal van de premie"))

    def __init__(self, *args, vandaag=None, **kwargs):
        super().__init__(*args, **kwargs)
        vandaag = vandaag or timezone.localdate()
        self.fields["startkwartaal"].choices = kwartaal_keuzes(vandaag)
        self.fields["startkwartaal"].initial = str(Kwartaal.van(vandaag))

    def clean_arbeidsfractie(self):
        breuk = self.cleaned_data.get("arbeidsfractie")
        if breuk is None:
            return Decimal("1")
        if not Decimal("0") < breuk <= 1:
            raise forms.ValidationError(
                _("De arbeidsfractie ligt tussen 0 (niet inbegrepen) en 1, bijvoorbeeld 0,8 voor 4/5.")
            )
        return breuk

    def clean_startkwartaal(self):
        jaar, nummer = self.cleaned_data["startkwartaal"].split("-Q")
        return Kwartaal(int(jaar), int(nummer))

    def clean(self):
        data = super().clean()
        premie = data.get("premie")
        if premie in (simulator.LOONPREMIE, simulator.LOON_EN_BEGELEIDING):
            for veld in ("brutoloon", "werkgeversbijdragen"):
                if data.get(veld) is None and veld not in self.errors:
                    self.add_error(veld, _("Vul dit bedrag in (0 als er geen is)."))
            verminderingen = data.get("verminderingen") or Decimal("0")
            bijdragen = data.get("werkgeversbijdragen")
            # A reduction on the employer contributions cannot exceed those contributions.
            if bijdragen is not None and verminderingen > bijdragen and "verminderingen" not in self.errors:
                self.add_error(
                    "verminderingen",
                    _("De verminderingen kunnen niet hoger zijn dan de werkgeversbijdragen waarop ze slaan."),
                )
        if premie == simulator.LOON_EN_BEGELEIDING and not data.get("begeleidingsnood"):
            self.add_error("begeleidingsnood", _("Kies de begeleidingsnood voor de begeleidingspremie."))
        if data.get("pakket") == "vast":
            self._controleer_percentage(data, premie)
        return data

    def _controleer_percentage(self, data, premie):
        percentage = data.get("percentage")
        maximum = (
            ONDERSTEUNING_PERCENTAGE_MAX if premie == simulator.ONDERSTEUNING else rules.MAXIMUM_PERCENTAGE
        )
        if "percentage" in self.errors:
            return
        if percentage is None:
            self.add_error("percentage", _("Vul het percentage in."))
        elif not PERCENTAGE_MIN <= percentage <= maximum or percentage % PERCENTAGE_STAP:
            self.add_error(
                "percentage",
                _("Het percentage ligt tussen %(min)s en %(max)s, in stappen van %(stap)s.")
                % {"min": PERCENTAGE_MIN, "max": maximum, "stap": PERCENTAGE_STAP},
            )
        if not data.get("duur_jaren"):
            self.add_error("duur_jaren", _("Kies de duurtijd."))

    def invoer(self) -> simulator.Invoer:
        data = self.cleaned_data
        if data["pakket"] in rules.DEGRESSIEVE_PAKKETTEN:
            duur = rules.DEGRESSIEVE_PAKKETTEN[data["pakket"]][0]
        else:
            duur = data["duur_jaren"]
        return simulator.Invoer(
            premie=data["premie"],
            startkwartaal=data["startkwartaal"],
            aantal_kwartalen=4 * duur,
            brutoloon=data.get("brutoloon") or Decimal("0"),
            werkgeversbijdragen=data.get("werkgeversbijdragen") or Decimal("0"),
            verminderingen=data.get("verminderingen") or Decimal("0"),
            arbeidsfractie=data["arbeidsfractie"],
            referentiebedrag=data.get("referentiebedrag"),
        )
