"""Public pages: help per topic.

No login needed; nothing here reads the database.
"""

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
