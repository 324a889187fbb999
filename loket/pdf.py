"""PDF documents (receipts, decision letters) rendered from Django templates with WeasyPrint."""

from django.conf import settings
from django.template.loader import render_to_string


def render_pdf(template: str, context: dict, **opties) -> bytes:
    """``opties`` go to WeasyPrint's ``write_pdf`` (e.g. ``pdf_forms=True`` for fillable fields)."""
    from weasyprint import HTML

    html = render_to_string(template, context)
    return HTML(string=html, base_url=str(settings.BASE_DIR / "static")).write_pdf(**opties)
