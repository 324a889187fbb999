"""PDF documents (receipts, decision letters) rendered from Django templates with WeasyPrint."""

from django.conf import settings
from django.template.loader import render_to_string

from .context_processors import contact_gegevens


def render_pdf(template: str, context: dict, **opties) -> bytes:
    """Render ``template`` to PDF. There is no request, so the context processors do not run:
    the values every letter needs (DWSE's contact) are added here, unless the caller gives them.
    ``opties`` go to WeasyPrint's ``write_pdf`` (e.g. ``pdf_forms=True`` for fillable fields)."""
    from weasyprint import HTML

    html = render_to_string(template, {**contact_gegevens(), **context})
    return HTML(string=html, base_url=str(settings.BASE_DIR / "static")).write_pdf(**opties)
