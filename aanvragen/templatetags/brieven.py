"""What the letters (PDF) about a dossier share, computed by the same functions as the services
and the dossier page: the address at the registered seat and the last day to appeal.

Tags, not context values, so every letter template gets them whoever renders it (the decision,
evaluation and appeal letters are made in three apps)."""

from django import template

from .. import rules
from ..beslissingen import maatschappelijke_zetel

register = template.Library()


@register.simple_tag
def zetel_van(organisatie):
    """The organisation's registered seat in the KBO, or None (the letter then uses the
    establishment): ``aanvragen.beslissingen.maatschappelijke_zetel``."""
    return maatschappelijke_zetel(organisatie) if organisatie is not None else None


@register.filter
def beroep_tot(beslist_op):
    """The last day an appeal against a decision of ``beslist_op`` can be filed: the rule the
    portal's button follows (``rules.beroep_mogelijk_tot``), so letter and portal agree."""
    return rules.beroep_mogelijk_tot(beslist_op) if beslist_op else None
