from django import template
from django.utils.translation import gettext as _

from .. import services

register = template.Library()


@register.inclusion_tag("evaluaties/_dossier_evaluatie.html")
def evaluatie_op_dossier(dossier, beslissing=None):
    """The 'Evaluatie' block of the employer's dossier page: the button when a rule allows it,
    else from which date (or why never); the steps of a running request; continued payment.
    ``beslissing``: the active decision, when the page has loaded it already."""
    stand = services.stand(dossier, beslissing=beslissing)
    namen = {"hoogte": _("de hoogte"), "duur": _("de duurtijd (verlenging)")}
    return {
        "dossier": dossier,
        "toon": dossier.status in ("lopend", "in_evaluatie") or stand.laatste is not None,
        "knop": stand.knop,
        "reden": stand.reden,
        "soorten_tekst": _(" en ").join(str(namen[s]) for s in stand.soorten),
        "open": stand.open_evaluatie,
        "laatste": stand.laatste,
    }
