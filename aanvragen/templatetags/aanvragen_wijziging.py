from django import template

from ..forms_wijziging import weergave

register = template.Library()


@register.filter
def wijziging_rijen(wijziging) -> list[tuple[str, str]]:
    """(label, value) rows of a reported change, as the dossier page shows them."""
    return weergave(wijziging)
