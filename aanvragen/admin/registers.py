"""Decisions, the access log and the recognised service providers."""

from __future__ import annotations

from django.contrib import admin

from loket.admin import AlleenLezenMixin, HistoriekAdmin, IdentifierSearchMixin

from ..models import (
    Beslissing,
    DossierInzage,
    ErkendeDienstverlener,
)

# --- Decisions, access log, recognised service providers ------------------------------------------


class AlleenLezenAdmin(AlleenLezenMixin, IdentifierSearchMixin, admin.ModelAdmin):
    """A record that nobody adds, edits or deletes by hand: it is written by the services."""


@admin.register(Beslissing)
class BeslissingAdmin(AlleenLezenAdmin):
    list_display = [
        "dossier",
        "uitkomst",
        "percentage",
        "startdatum",
        "einddatum",
        "beslist_op",
        "beslist_door",
        "vervangt",
    ]
    list_filter = ["uitkomst", "beslist_op"]
    search_fields = ["dossier__referentie", "dossier__organisatie__naam", "dossier__werknemer_insz"]
    list_select_related = ["dossier", "beslist_door", "vervangt__dossier"]


@admin.register(DossierInzage)
class DossierInzageAdmin(AlleenLezenAdmin):
    """The access log: who opened which dossier when. Only supervisors have the view permission."""

    list_display = ["op", "door", "dossier"]
    list_filter = ["op"]
    search_fields = ["door__username", "door__last_name", "dossier__referentie"]
    list_select_related = ["door", "dossier"]
    date_hierarchy = "op"


@admin.register(ErkendeDienstverlener)
class ErkendeDienstverlenerAdmin(HistoriekAdmin):
    list_display = ["naam", "kbo_nummer", "gemeente", "actief"]
    list_filter = ["actief"]
    search_fields = ["naam", "kbo_nummer", "gemeente"]
