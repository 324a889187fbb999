"""The application wizard's forms run on API input: same fields, same rules, same messages."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework.exceptions import ValidationError

from loket.api.forms import als_formdata, fouten, huidige_waarden

from .. import rules, services, uploads
from ..forms import STAP_FORMULIEREN
from ..models import Dossier


def stappen(dossier: Dossier) -> list[str]:
    return [s for s in services.aanvraag_stappen(dossier) if s in STAP_FORMULIEREN]


def _form(dossier: Dossier, stap: str, data=None, files=None, *, lenient: bool):
    extra = {"rekening": dossier.organisatie.huidige_rekening()} if stap == "rekening" else {}
    return STAP_FORMULIEREN[stap](
        data, files, dossier=dossier, documenten=list(dossier.documenten.all()), lenient=lenient, **extra
    )


def gegevens_per_stap(dossier: Dossier) -> dict:
    return {stap: huidige_waarden(_form(dossier, stap, lenient=True)) for stap in stappen(dossier)}


def bewaar_stap(dossier: Dossier, stap: str, antwoorden: dict, *, door) -> dict[str, list[str]]:
    """Save the given answers of one step like 'Bewaren' in the wizard (the format of each answer
    is checked, required answers are not yet). Returns the form's errors (nothing saved then)."""
    data = {**huidige_waarden(_form(dossier, stap, lenient=True)), **als_formdata(antwoorden)}
    form = _form(dossier, stap, data, lenient=True)
    if not form.is_valid():
        return fouten(form)
    dossier = form.save(commit=False)
    dossier.laatste_stap = stap
    dossier._history_user = door
    dossier.save()
    return {}


def valideer(dossier: Dossier) -> dict:
    """Every step checked as 'Volgende' in the wizard would, plus what submitting checks."""
    per_stap = {}
    for stap in stappen(dossier):
        form = _form(dossier, stap, huidige_waarden(_form(dossier, stap, lenient=True)), lenient=False)
        if not form.is_valid():
            per_stap[stap] = fouten(form)
    onvolledig = rules.onvolledige_stappen(
        services.aanvraag_stappen(dossier),
        services.aanvraag_gegevens(
            dossier,
            documenten=list(dossier.documenten.all()),
            rekening=dossier.organisatie.huidige_rekening(),
        ),
    )
    return {"geldig": not per_stap and not onvolledig, "onvolledige_stappen": onvolledig, "fouten": per_stap}


def upload_soorten(dossier: Dossier) -> set[str]:
    """The document types the steps of this application ask for."""
    return {
        str(soort) for stap in stappen(dossier) for soort in STAP_FORMULIEREN[stap].upload_velden.values()
    }


def controleer_upload(bestand, veld: str = "bestand") -> None:
    """The wizard's check of an upload (type by content, size), as a per-field API error."""
    try:
        uploads.controleer(bestand)
    except DjangoValidationError as exc:
        raise ValidationError({veld: [str(m) for m in exc.messages]}) from None
