"""Template helpers for the portal's forms (the error summary, includes/foutoverzicht.html)."""

from django import template

register = template.Library()


@register.filter
def veld_anker(veld) -> str:
    """The id an error summary links to for a bound field: its input, or for a group of radio
    buttons or checkboxes (which has no single labelled input) its first option."""
    return veld.id_for_label or f"{veld.auto_id}_0"
