"""Template tags of the employer's premium pages, so the dossier page includes them in one line."""

from django import template

register = template.Library()


@register.simple_tag
def dossier_beslissing(dossier) -> dict | None:
    """The decision that stands on the dossier, ready to show: the premiums, the percentage per
    quarter as a sentence, the number of quarters of the period. None before a decision."""
    from aanvragen.beslissingen import actieve_beslissing, premie_namen
    from premies.rules import aantal_kwartalen, schema_tekst

    beslissing = actieve_beslissing(dossier)
    if beslissing is None:
        return None
    toegekend = beslissing.uitkomst == "toegekend"
    return {
        "beslissing": beslissing,
        "toegekend": toegekend,
        "premies": premie_namen(beslissing),
        "schema": schema_tekst(beslissing.schema) if toegekend and beslissing.schijven else "",
        "aantal_kwartalen": aantal_kwartalen(beslissing.startdatum, beslissing.einddatum)
        if toegekend and beslissing.startdatum and beslissing.einddatum
        else None,
    }
