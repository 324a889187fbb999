"""Forms to report a change on a dossier (contact, bank account, leaving service, coach, guide).

Each form turns its cleaned data into ``gegevens`` (JSON for ``Wijziging.gegevens``) and a
``samenvatting`` (label, value) list shown to the user and in the confirmation mail.
"""

from __future__ import annotations

import datetime as dt
import re

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from loket import rules as loket_rules
from loket.forms import Datumveld

from .models import BegeleiderSoort, ErkendeDienstverlener, PremieKeuze, WijzigingSoort

TELEFOON = re.compile(r"^\+?[0-9][0-9 ./()-]{7,20}$")
MAX_DAGEN_VOORUIT = 366


def _datum(waarde: dt.date) -> str:
    return waarde.strftime("%d/%m/%Y")


class WijzigingForm(forms.Form):
    soort: str = ""
    titel = ""
    uitleg = ""

    def __init__(self, *args, dossier, **kwargs):
        self.dossier = dossier
        super().__init__(*args, **kwargs)

    def gegevens(self) -> dict:
        raise NotImplementedError

    def samenvatting(self) -> list[tuple[str, str]]:
        raise NotImplementedError


class ContactpersoonForm(WijzigingForm):
    soort = WijzigingSoort.CONTACTPERSOON
    titel = _("Contactpersoon wijzigt")
    uitleg = _(
        "Geef de nieuwe contactpersoon voor dit dossier op. Mails over dit dossier gaan naar die persoon."
    )

    naam = forms.CharField(label=_("Naam contactpersoon"), max_length=200)
    email = forms.EmailField(
        label=_("E-mailadres"),
        error_messages={"invalid": _("Vul een geldig e-mailadres in, bv. naam@bedrijf.be.")},
    )
    telefoon = forms.CharField(
        label=_("Telefoonnummer"), max_length=30, required=False, help_text=_("Bijvoorbeeld 09 123 45 67.")
    )

    def clean_naam(self):
        naam = self.cleaned_data["naam"].strip()
        if not naam:
            raise forms.ValidationError(_("Vul de naam van de contactpersoon in."))
        return naam

    def clean_telefoon(self):
        telefoon = self.cleaned_data["telefoon"].strip()
        if telefoon and not TELEFOON.match(telefoon):
            raise forms.ValidationError(
                _("Vul een geldig telefoonnummer in, met enkel cijfers, bv. 09 123 45 67.")
            )
        return telefoon

    def gegevens(self):
        return {k: self.cleaned_data[k] for k in ("naam", "email", "telefoon")}

    def samenvatting(self):
        rijen = [
            (str(_("Naam")), self.cleaned_data["naam"]),
            (str(_("E-mailadres")), self.cleaned_data["email"]),
        ]
        if self.cleaned_data["telefoon"]:
            rijen.append((str(_("Telefoonnummer")), self.cleaned_data["telefoon"]))
        return rijen


class RekeningnummerForm(WijzigingForm):
    soort = WijzigingSoort.REKENINGNUMMER
    titel = _("Rekeningnummer wijzigt")
    uitleg = _(
        "Alle premies van uw onderneming (hetzelfde KBO-nummer) worden op één rekeningnummer betaald. "
        "Het nieuwe rekeningnummer geldt pas nadat het departement het heeft nagekeken."
    )

    iban = forms.CharField(
        label=_("Nieuw rekeningnummer (IBAN)"),
        max_length=42,
        help_text=_("Bijvoorbeeld BE71 0961 2345 6769."),
    )
    vanaf = Datumveld(
        label=_("Te gebruiken vanaf"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Vul een geldige datum in.")},
    )

    def clean_iban(self):
        try:
            return loket_rules.normalise_iban(self.cleaned_data["iban"])
        except loket_rules.InvalidIdentifier as exc:
            raise forms.ValidationError(str(exc)) from None

    def clean_vanaf(self):
        vanaf = self.cleaned_data.get("vanaf")
        if vanaf and vanaf < timezone.localdate():
            raise forms.ValidationError(
                _("Een nieuw rekeningnummer kan niet met terugwerkende kracht ingaan.")
            )
        return vanaf

    def gegevens(self):
        vanaf = self.cleaned_data.get("vanaf")
        return {"iban": self.cleaned_data["iban"], "vanaf": vanaf.isoformat() if vanaf else None}

    def samenvatting(self):
        rijen = [(str(_("Nieuw rekeningnummer")), loket_rules.mask_iban(self.cleaned_data["iban"]))]
        if self.cleaned_data.get("vanaf"):
            rijen.append((str(_("Vanaf")), _datum(self.cleaned_data["vanaf"])))
        return rijen


class UitDienstForm(WijzigingForm):
    soort = WijzigingSoort.UIT_DIENST
    titel = _("Werknemer treedt uit dienst")
    uitleg = _("Geef de laatste dag van de tewerkstelling van de werknemer bij u op.")

    datum = Datumveld(
        label=_("Laatste dag in dienst"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "invalid": _("Vul een geldige datum in."),
            "required": _("Vul de laatste dag in dienst in."),
        },
    )
    toelichting = forms.CharField(
        label=_("Toelichting (niet verplicht)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean_datum(self):
        datum = self.cleaned_data["datum"]
        ingediend = timezone.localdate(self.dossier.ingediend_op) if self.dossier.ingediend_op else None
        if ingediend and datum < ingediend:
            raise forms.ValidationError(
                _(
                    "De datum ligt vóór de indiening van de aanvraag (%(datum)s). Een aanvraag kan "
                    "enkel tijdens de tewerkstelling."
                )
                % {"datum": _datum(ingediend)}
            )
        if datum > timezone.localdate() + dt.timedelta(days=MAX_DAGEN_VOORUIT):
            raise forms.ValidationError(_("Meld een uitdiensttreding ten vroegste een jaar op voorhand."))
        return datum

    def gegevens(self):
        return {
            "datum": self.cleaned_data["datum"].isoformat(),
            "toelichting": self.cleaned_data["toelichting"],
        }

    def samenvatting(self):
        rijen = [(str(_("Laatste dag in dienst")), _datum(self.cleaned_data["datum"]))]
        if self.cleaned_data["toelichting"]:
            rijen.append((str(_("Toelichting")), self.cleaned_data["toelichting"]))
        return rijen


class CollegaCoachForm(WijzigingForm):
    soort = WijzigingSoort.COLLEGA_COACH
    titel = _("Collega-coach wijzigt")
    uitleg = _("Geef de naam van de nieuwe collega-coach van de werknemer op.")

    naam = forms.CharField(label=_("Naam nieuwe collega-coach"), max_length=200)
    vanaf = Datumveld(
        label=_("Collega-coach vanaf"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Vul een geldige datum in."), "required": _("Vul de datum in.")},
    )

    def clean_naam(self):
        naam = self.cleaned_data["naam"].strip()
        if not naam:
            raise forms.ValidationError(_("Vul de naam van de collega-coach in."))
        return naam

    def gegevens(self):
        return {"naam": self.cleaned_data["naam"], "vanaf": self.cleaned_data["vanaf"].isoformat()}

    def samenvatting(self):
        return [
            (str(_("Nieuwe collega-coach")), self.cleaned_data["naam"]),
            (str(_("Vanaf")), _datum(self.cleaned_data["vanaf"])),
        ]


class BegeleiderForm(WijzigingForm):
    soort = WijzigingSoort.BEGELEIDER
    titel = _("Begeleider wijzigt")
    uitleg = _(
        "Kies een interne gekwalificeerde begeleider (bij u in dienst) of een erkende externe "
        "dienstverlener. Voor een interne begeleider kan het departement een bewijs van de "
        "kwalificaties vragen."
    )

    begeleider_soort = forms.ChoiceField(
        label=_("Soort begeleider"),
        choices=BegeleiderSoort.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies een interne begeleider of een erkende dienstverlener.")},
    )
    naam = forms.CharField(label=_("Naam interne begeleider"), max_length=200, required=False)
    dienstverlener = forms.ModelChoiceField(
        label=_("Erkende dienstverlener"),
        queryset=ErkendeDienstverlener.objects.filter(actief=True),
        required=False,
        empty_label=_("— kies een dienstverlener —"),
        error_messages={"invalid_choice": _("Kies een dienstverlener uit de lijst.")},
    )
    vanaf = Datumveld(
        label=_("Begeleider vanaf"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Vul een geldige datum in."), "required": _("Vul de datum in.")},
    )

    def clean(self):
        data = super().clean()
        soort = data.get("begeleider_soort")
        if soort == BegeleiderSoort.INTERN and not (data.get("naam") or "").strip():
            self.add_error("naam", _("Vul de naam van de interne begeleider in."))
        if soort == BegeleiderSoort.EXTERN and not data.get("dienstverlener"):
            self.add_error("dienstverlener", _("Kies een erkende dienstverlener uit de lijst."))
        return data

    def gegevens(self):
        d = self.cleaned_data
        extern = d["begeleider_soort"] == BegeleiderSoort.EXTERN
        return {
            "begeleider_soort": d["begeleider_soort"],
            "naam": "" if extern else d["naam"].strip(),
            "dienstverlener_id": d["dienstverlener"].pk if extern else None,
            "dienstverlener": d["dienstverlener"].naam if extern else "",
            "vanaf": d["vanaf"].isoformat(),
        }

    def samenvatting(self):
        g = self.gegevens()
        if g["dienstverlener"]:
            rij = (str(_("Erkende dienstverlener")), g["dienstverlener"])
        else:
            rij = (str(_("Interne begeleider")), g["naam"])
        return [rij, (str(_("Vanaf")), _datum(self.cleaned_data["vanaf"]))]


FORMULIEREN: dict[str, type[WijzigingForm]] = {
    WijzigingSoort.CONTACTPERSOON: ContactpersoonForm,
    WijzigingSoort.REKENINGNUMMER: RekeningnummerForm,
    WijzigingSoort.UIT_DIENST: UitDienstForm,
    WijzigingSoort.COLLEGA_COACH: CollegaCoachForm,
    WijzigingSoort.BEGELEIDER: BegeleiderForm,
}


def mogelijke_soorten(dossier) -> list[str]:
    """The changes that apply to this dossier: coach and guide only with a begeleidingspremie,
    leaving service only for an employee."""
    soorten = [WijzigingSoort.CONTACTPERSOON, WijzigingSoort.REKENINGNUMMER]
    if dossier.aanvrager_soort != "zelfstandige":
        soorten.append(WijzigingSoort.UIT_DIENST)
    if dossier.premie_keuze == PremieKeuze.LOON_EN_BEGELEIDING:
        soorten += [WijzigingSoort.COLLEGA_COACH, WijzigingSoort.BEGELEIDER]
    return [str(s) for s in soorten]


def weergave(wijziging) -> list[tuple[str, str]]:
    """(label, value) rows of a recorded change, for the dossier page."""
    g = wijziging.gegevens or {}
    labels = {
        "naam": _("Naam"),
        "email": _("E-mailadres"),
        "telefoon": _("Telefoonnummer"),
        "iban": _("Rekeningnummer"),
        "vanaf": _("Vanaf"),
        "datum": _("Laatste dag in dienst"),
        "toelichting": _("Toelichting"),
        "dienstverlener": _("Erkende dienstverlener"),
    }
    rijen = []
    for sleutel, label in labels.items():
        waarde = g.get(sleutel)
        if not waarde:
            continue
        if sleutel == "iban":
            waarde = loket_rules.format_iban(waarde)
        elif sleutel in ("vanaf", "datum"):
            try:
                waarde = _datum(dt.date.fromisoformat(waarde))
            except ValueError:
                pass
        rijen.append((str(label), str(waarde)))
    return rijen
