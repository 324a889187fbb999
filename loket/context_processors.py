from django.conf import settings


def acting_organisation(request):
    return {
        "organisatie": getattr(request, "organisatie", None),
        "toegang": getattr(request, "toegang", None),
    }


def contact_gegevens() -> dict:
    """DWSE's public contact for IMW, from the settings (no query): for pages and letters."""
    telefoon = settings.DWSE_CONTACT_TELEFOON
    return {
        "dwse_contact": {
            "email": settings.DWSE_CONTACT_EMAIL,
            "telefoon": telefoon,
            # For a tel: link: digits and a leading + only.
            "telefoon_link": "".join(c for c in telefoon if c.isdigit() or c == "+"),
        }
    }


def contact(request):
    return contact_gegevens()
