"""PDF documents (receipts, decision letters) rendered from Django templates with WeasyPrint."""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from .context_processors import contact_gegevens


def render_pdf(template: str, context: dict, *, aan: str | None = None, **opties) -> bytes:
    """Render ``template`` to PDF. There is no request, so the context processors do not run:
    the values every letter needs (DWSE's contact) are added here, unless the caller gives them.

    ``aan``: the address of the letter's recipient; the letter is in that account's language
    (Dutch for an address without account, or ``""``: a letter by post). Without ``aan`` the
    document is for whoever is looking at the page (a download, a receipt made while submitting)
    and follows the active language. ``opties`` go to WeasyPrint's ``write_pdf`` (e.g.
    ``pdf_forms=True`` for fillable fields)."""
    from weasyprint import HTML

    from .taal import met_wettelijke_noot, taal_van_adres

    taal = taal_van_adres(aan) if aan is not None else translation.get_language()
    with translation.override(taal):
        html = render_to_string(template, {**contact_gegevens(), "LANGUAGE_CODE": taal, **context})
        html = met_wettelijke_noot(html, translation.get_language())
    return HTML(string=html, base_url=str(settings.BASE_DIR / "static")).write_pdf(**opties)
