"""Template tags of the employer's premium pages, so the dossier page includes them in one line."""

from django import template

register = template.Library()


@register.simple_tag
def dossier_beslissing(dossier, beslissing=None) -> dict | None:
    """The decision that stands on the dossier, ready to show: the premiums, the percentage per
    quarter as a sentence, the number of quarters of the period. None before a decision.
    ``beslissing``: the active decision, when the page has loaded it already."""
    from aanvragen.beslissingen import actieve_beslissing, premie_namen
    from premies.rules import aantal_kwartalen, schema_tekst

    beslissing = beslissing or actieve_beslissing(dossier)
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


@register.inclusion_tag("premies/berekeningen.html")
def berekeningen_tab(dossier):
    """The dossier's tab 'Berekeningen' (so the dossier page of ``aanvragen`` needs no import of
    ``premies``). The quarters are planned from the DmfA and Dimona sources: when one cannot be
    reached, the tab says so instead of failing."""
    from django.utils import timezone

    from loket.bronnen import BronNietBeschikbaar
    from premies.berekeningen import berekeningen

    try:
        return {"dossier": dossier, "berekening": berekeningen(dossier, timezone.localdate())}
    except BronNietBeschikbaar:
        return {"dossier": dossier, "berekening_onbeschikbaar": True}


def _euro(bedrag) -> str:
    """1234.5 → '€ 1.234,50' on a Dutch page (mail, letter), '€ 1,234.50' on an English one."""
    from decimal import Decimal

    from django.utils import numberformat
    from django.utils.formats import get_format

    tekst = numberformat.format(
        abs(Decimal(bedrag)).quantize(Decimal("0.01")),  # rounded as before (numberformat cuts)
        get_format("DECIMAL_SEPARATOR"),
        decimal_pos=2,
        grouping=3,
        thousand_sep=get_format("THOUSAND_SEPARATOR"),
        force_grouping=True,
    )
    return f"€ {tekst}"


@register.filter
def euro(bedrag) -> str:
    if bedrag is None or bedrag == "":
        return "–"
    from decimal import Decimal

    return ("− " if Decimal(bedrag) < 0 else "") + _euro(bedrag)


@register.filter
def euro_teken(bedrag) -> str:
    """A correction: '+ € 12,00' or '− € 12,00'."""
    if bedrag is None or bedrag == "":
        return "–"
    from decimal import Decimal

    return ("− " if Decimal(bedrag) < 0 else "+ ") + _euro(bedrag)


@register.filter
def breuk(waarde) -> str:
    """Working-time fraction 0.8000 → '0,8' (Dutch), '0.8' (English)."""
    if waarde is None or waarde == "":
        return "–"
    from decimal import Decimal

    from django.utils.formats import get_format

    tekst = format(Decimal(waarde).normalize(), "f")
    return tekst.replace(".", get_format("DECIMAL_SEPARATOR"))


@register.filter
def premie(versie, soort: str):
    """The premium of ``soort`` in a version of a quarter's lines (None when not paid in it)."""
    return versie.bedrag(soort)


@register.filter
def percentages(beslissing) -> str:
    """A decision's percentage per quarter as a sentence ('40 % kwartaal 1–5, ...'); '–' without."""
    from premies.rules import schema_tekst

    if beslissing.schijven:
        return schema_tekst(beslissing.schema)
    return f"{beslissing.percentage} %" if beslissing.percentage else "–"
