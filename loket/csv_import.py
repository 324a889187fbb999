"""CSV import of the local registries of the authentic sources (VDAB, Dimona, DmfA, KBO).

All or nothing: every row is validated with a ModelForm (so the same Dutch field messages apply
as in the admin); if one row is bad nothing is imported and every bad row is reported with its
line number. Used by ``manage.py importeer_bron`` and by the 'CSV importeren' admin page.

Format: a header row with the model field names, separated by ``;`` or ``,``; dates as
``2026-01-31`` or ``31/01/2026``; decimals with ``,`` or ``.``; yes/no as ja/nee, 1/0 or
true/false. A missing column or an empty cell takes the field's default. The KBO registry has
the registered seat (``straat;postcode;gemeente``): where an activation code goes by post.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass, field

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.forms import modelform_factory
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.utils import bulk_create_with_history

from .forms import Datumveld
from .models import DimonaRelatie, DmfaLoonlijn, KboInschrijving, VdabEvaluatie, VdabIndicatie

BRONNEN: dict[str, type[models.Model]] = {
    "vdab": VdabIndicatie,
    "vdab_evaluatie": VdabEvaluatie,
    "dimona": DimonaRelatie,
    "dmfa": DmfaLoonlijn,
    "kbo": KboInschrijving,
}

DATUMFORMATEN = ["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y"]
WAAR = {"1", "ja", "j", "true", "waar", "yes", "y", "x"}
ONWAAR = {"0", "nee", "n", "false", "onwaar", "no"}


def _decimaal(value: str) -> str:
    """``1.234,56`` / ``1234,56`` / ``1234.56`` / ``€ 1 234,56`` → ``1234.56``."""
    compact = value.strip().replace("€", "").replace(" ", "").replace("\u00a0", "")
    if "," in compact:
        compact = compact.replace(".", "").replace(",", ".")
    return compact


class CsvDecimalField(forms.DecimalField):
    def to_python(self, value):
        if isinstance(value, str):
            value = _decimaal(value)
        return super().to_python(value)


class RegisterDatumveld(Datumveld):
    """A date in a registry (CSV or admin): bounded like every typed date, so a year like 9999 or
    0001 is refused instead of breaking a date computed from it later, but from 1900: a registry
    also holds employments and indications that began long before the portal."""

    EERSTE = dt.date(1900, 1, 1)


class CsvBooleanField(forms.Field):
    def to_python(self, value):
        if isinstance(value, bool):
            return value
        text = (value or "").strip().lower()
        if text in WAAR:
            return True
        if text in ONWAAR:
            return False
        raise ValidationError(_("Vul ja of nee in (of 1/0, true/false)."), code="invalid")


def _formfield(model_field, **kwargs):
    if isinstance(model_field, models.BooleanField):
        return CsvBooleanField(label=model_field.verbose_name, required=False)
    if isinstance(model_field, models.DecimalField):
        kwargs["form_class"] = CsvDecimalField
    if type(model_field) is models.DateField:
        kwargs["form_class"] = RegisterDatumveld
    formfield = model_field.formfield(**kwargs)
    if isinstance(formfield, forms.DateField):
        formfield.input_formats = DATUMFORMATEN
    return formfield


def velden(model) -> list[models.Field]:
    """The importable fields of a registry: every editable concrete field but the id."""
    return [f for f in model._meta.concrete_fields if f.editable and not f.primary_key]


def verplichte_kolommen(model) -> list[str]:
    return [f.name for f in velden(model) if not f.blank and not f.has_default()]


@dataclass(frozen=True)
class RijFout:
    regel: int
    kolom: str
    melding: str

    def __str__(self):
        if self.kolom:
            return _("Regel %(regel)s, kolom %(kolom)s: %(melding)s") % {
                "regel": self.regel,
                "kolom": self.kolom,
                "melding": self.melding,
            }
        return _("Regel %(regel)s: %(melding)s") % {"regel": self.regel, "melding": self.melding}


@dataclass
class Resultaat:
    bron: str
    model: type[models.Model]
    objecten: list = field(default_factory=list)
    fouten: list[RijFout] = field(default_factory=list)
    geimporteerd: int = 0

    @property
    def ok(self) -> bool:
        return not self.fouten

    @property
    def foute_regels(self) -> list[int]:
        return sorted({f.regel for f in self.fouten})


def _tekst(inhoud: bytes | str) -> str:
    if isinstance(inhoud, str):
        return inhoud.lstrip("\ufeff")
    try:
        return inhoud.decode("utf-8-sig")
    except UnicodeDecodeError:
        return inhoud.decode("cp1252", errors="replace")


def _scheidingsteken(tekst: str) -> str:
    kopregel = next((regel for regel in tekst.splitlines() if regel.strip()), "")
    return ";" if kopregel.count(";") >= kopregel.count(",") and ";" in kopregel else ","


def _keuzewaarde(model_field, value: str) -> str:
    """Accept a choice by its value or its label, in any case."""
    if not model_field.choices or not value:
        return value
    for key, label in model_field.flatchoices:
        if value.lower() in {str(key).lower(), str(label).lower()}:
            return str(key)
    return value


def _unieke_sleutels(model) -> list[tuple[str, ...]]:
    sleutels = [(f.name,) for f in velden(model) if f.unique]
    for constraint in model._meta.constraints:
        if (
            isinstance(constraint, models.UniqueConstraint)
            and constraint.condition is None
            and constraint.fields
        ):
            sleutels.append(tuple(constraint.fields))
    return sleutels


def lees(bron: str, inhoud: bytes | str) -> Resultaat:
    """Parse and validate a CSV for registry ``bron``; saves nothing."""
    model = BRONNEN[bron]
    resultaat = Resultaat(bron=bron, model=model)
    tekst = _tekst(inhoud)
    reader = csv.reader(io.StringIO(tekst, newline=""), delimiter=_scheidingsteken(tekst))
    modelvelden = {f.name: f for f in velden(model)}

    kop: list[str] | None = None
    for rij in reader:
        if any(cel.strip() for cel in rij):
            kop = [cel.strip().lstrip("\ufeff").lower() for cel in rij]
            break
    if kop is None:
        resultaat.fouten.append(
            RijFout(1, "", _("Het bestand is leeg: verwacht een kopregel met de veldnamen."))
        )
        return resultaat
    kopregel = reader.line_num
    toegelaten = ", ".join(modelvelden)
    for kolom in kop:
        if kolom not in modelvelden:
            resultaat.fouten.append(
                RijFout(
                    kopregel,
                    kolom,
                    _("onbekende kolom. Toegelaten kolommen: %(kolommen)s.") % {"kolommen": toegelaten},
                )
            )
    for kolom in verplichte_kolommen(model):
        if kolom not in kop:
            resultaat.fouten.append(RijFout(kopregel, kolom, _("deze verplichte kolom ontbreekt.")))
    if len(set(kop)) != len(kop):
        resultaat.fouten.append(RijFout(kopregel, "", _("een kolom komt meer dan eens voor in de kopregel.")))
    if resultaat.fouten:
        return resultaat

    form_class = modelform_factory(model, fields=list(modelvelden), formfield_callback=_formfield)
    sleutels = _unieke_sleutels(model)
    gezien: dict[tuple, int] = {}
    vorige = reader.line_num
    for rij in reader:
        regel, vorige = vorige + 1, reader.line_num
        if not any(cel.strip() for cel in rij):
            continue
        if len(rij) != len(kop):
            resultaat.fouten.append(
                RijFout(
                    regel,
                    "",
                    _("deze regel heeft %(n)s velden, de kopregel %(k)s.") % {"n": len(rij), "k": len(kop)},
                )
            )
            continue
        data = {}
        for naam, model_field in modelvelden.items():
            waarde = rij[kop.index(naam)].strip() if naam in kop else ""
            if waarde == "" and model_field.has_default():
                default = model_field.get_default()
                waarde = default if isinstance(default, bool) else str(default)
            data[naam] = _keuzewaarde(model_field, waarde) if isinstance(waarde, str) else waarde
        form = form_class(data=data)
        if not form.is_valid():
            for naam, fouten in form.errors.items():
                for melding in fouten:
                    resultaat.fouten.append(RijFout(regel, "" if naam == "__all__" else naam, melding))
            continue
        obj = form.instance
        for sleutel in sleutels:
            waarde = tuple(getattr(obj, naam) for naam in sleutel)
            if (sleutel, waarde) in gezien:
                resultaat.fouten.append(
                    RijFout(
                        regel,
                        ", ".join(sleutel),
                        _("dezelfde waarde staat al op regel %(regel)s van dit bestand.")
                        % {"regel": gezien[(sleutel, waarde)]},
                    )
                )
            else:
                gezien[(sleutel, waarde)] = regel
        resultaat.objecten.append(obj)
    if not resultaat.objecten and not resultaat.fouten:
        resultaat.fouten.append(
            RijFout(kopregel, "", _("Het bestand bevat geen gegevens onder de kopregel."))
        )
    return resultaat


def importeer(bron: str, inhoud: bytes | str, gebruiker=None) -> Resultaat:
    """Validate the whole file; import every row in one transaction, or nothing at all."""
    resultaat = lees(bron, inhoud)
    if resultaat.ok:
        with transaction.atomic():
            bulk_create_with_history(
                resultaat.objecten,
                resultaat.model,
                batch_size=500,
                default_user=gebruiker,
                default_change_reason="CSV-import",
            )
        resultaat.geimporteerd = len(resultaat.objecten)
    return resultaat


class CsvImportAdminMixin:
    """Adds 'CSV importeren' to a registry's changelist in the admin (staff with add permission)."""

    csv_bron = ""
    change_list_template = "loket/admin/change_list_csv.html"
    # A date typed in the registry's admin form is bounded as in its CSV import.
    formfield_overrides = {models.DateField: {"form_class": RegisterDatumveld}}

    def get_urls(self):
        naam = f"{self.opts.app_label}_{self.opts.model_name}_csv_import"
        return [
            path("csv-importeren/", self.admin_site.admin_view(self.csv_import_view), name=naam),
            *super().get_urls(),
        ]

    def csv_import_view(self, request):
        from .forms import CsvImportForm

        if not self.has_add_permission(request):
            raise PermissionDenied
        form = CsvImportForm(request.POST, request.FILES) if request.method == "POST" else CsvImportForm()
        resultaat = None
        if request.method == "POST" and form.is_valid():
            resultaat = importeer(self.csv_bron, form.cleaned_data["bestand"].read(), gebruiker=request.user)
            if resultaat.ok:
                self.message_user(
                    request,
                    _("%(aantal)s rijen geïmporteerd in %(register)s.")
                    % {"aantal": resultaat.geimporteerd, "register": self.opts.verbose_name_plural},
                    messages.SUCCESS,
                )
                return redirect(reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_changelist"))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": gettext_lazy("CSV importeren"),
            "form": form,
            "resultaat": resultaat,
            "kolommen": [f.name for f in velden(self.model)],
            "verplicht": verplichte_kolommen(self.model),
        }
        return TemplateResponse(request, "loket/admin/csv_import.html", context)
