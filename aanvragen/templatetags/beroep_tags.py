from django import template

from .. import beroep

register = template.Library()


@register.inclusion_tag("aanvragen/beroep/_dossier_beroep.html")
def beroep_op_dossier(dossier, beslissing=None):
    """The 'Beroep' block of the employer's dossier page: the button within 45 days of the
    decision, else why not (with the date the period ended); a running or decided appeal."""
    stand = beroep.stand(dossier, beslissing=beslissing)
    return {"dossier": dossier, "stand": stand, "toon": stand.tot is not None or stand.laatste is not None}
