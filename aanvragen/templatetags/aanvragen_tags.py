from django import template

from loket import rules as loket_rules
from loket.prepared import PreparedQuery

from ..models import Dossier, Status

register = template.Library()


# On every dashboard: compiled to SQL once per process (loket.prepared).
CONCEPTEN = PreparedQuery(
    lambda organisatie_id: Dossier.objects.filter(
        organisatie_id=organisatie_id, status=Status.CONCEPT
    ).order_by("-gewijzigd_op", "-pk")
)


@register.simple_tag
def concepten_van(organisatie):
    """The organisation's drafts (applications not yet submitted), newest change first."""
    if organisatie is None:
        return []
    return CONCEPTEN.all(organisatie_id=organisatie.pk)


@register.filter
def insz(waarde: str) -> str:
    """``93051822361`` → ``93.05.18-223.61``."""
    return loket_rules.format_insz(waarde or "")


@register.filter
def iban(waarde: str) -> str:
    return loket_rules.format_iban(waarde or "")


@register.filter
def kb(grootte: int) -> str:
    return f"{max(1, round((grootte or 0) / 1024))} kB"
