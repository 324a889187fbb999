"""Public pages: help per topic, the privacy statement and the accessibility statement.

No login needed; nothing here reads the database.
"""

import datetime as dt

from django.conf import settings
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

# The help topics, in the order of the side navigation: slug (URL) → title. Each has its
# template ``loket/hulp/<slug>.html``; any other slug is a 404.
ONDERWERPEN: dict[str, str] = {
    "voorwaarden": _("Voorwaarden"),
    "registreren": _("Registreren als organisatieverantwoordelijke"),
    "aanvragen": _("Een aanvraag indienen"),
    "na-de-aanvraag": _("Na uw aanvraag"),
    "betaling": _("Betaling van de premie"),
    "opvolgen": _("Uw dossier opvolgen"),
    "evaluatie": _("Evaluatie aanvragen"),
    "veelgestelde-vragen": _("Veelgestelde vragen"),
}

# The date of the accessibility statement (update it when the statement is reviewed).
TOEGANKELIJKHEID_VERKLAARD_OP = dt.date(2026, 11, 23)


def _navigatie(actief: str = "") -> list[dict]:
    return [{"slug": slug, "titel": titel, "actief": slug == actief} for slug, titel in ONDERWERPEN.items()]


@require_safe
def hulp(request):
    return render(request, "loket/hulp/index.html", {"navigatie": _navigatie(), "onderwerp": ""})


@require_safe
def hulp_onderwerp(request, onderwerp: str):
    if onderwerp not in ONDERWERPEN:
        raise Http404("Onbekend onderwerp")
    return render(
        request,
        f"loket/hulp/{onderwerp}.html",
        {"navigatie": _navigatie(onderwerp), "onderwerp": onderwerp, "titel": ONDERWERPEN[onderwerp]},
    )


@require_safe
def privacy(request):
    return render(
        request,
        "loket/privacy.html",
        {
            "bewaartermijn_dossier": settings.BEWAARTERMIJN_DOSSIER_JAREN,
            "bewaartermijn_inzagelog": settings.BEWAARTERMIJN_INZAGELOG_JAREN,
            "dpo_email": settings.DWSE_DPO_EMAIL,
        },
    )


@require_safe
def toegankelijkheid(request):
    return render(request, "loket/toegankelijkheid.html", {"verklaard_op": TOEGANKELIJKHEID_VERKLAARD_OP})
