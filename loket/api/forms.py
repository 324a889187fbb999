"""Running the portal's Django forms on API input, so the API checks with the very same rules
and messages as the pages (no rule written twice)."""

from django import forms


def huidige_waarden(form: forms.BaseForm) -> dict:
    """What an unbound form would show: the current answers, as form data."""
    return {
        naam: form[naam].value()
        for naam, veld in form.fields.items()
        if not isinstance(veld, forms.FileField) and form[naam].value() is not None
    }


def als_formdata(waarden: dict) -> dict:
    """JSON values as a browser would post them (booleans as the 'True'/'False' of the forms)."""
    return {k: ("True" if v is True else "False" if v is False else v) for k, v in waarden.items()}


def fouten(form: forms.BaseForm) -> dict[str, list[str]]:
    """The form's messages per field ('non_field_errors' for the form as a whole)."""
    return {
        ("non_field_errors" if veld == forms.forms.NON_FIELD_ERRORS else veld): [str(m) for m in meldingen]
        for veld, meldingen in form.errors.items()
    }
