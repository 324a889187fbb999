"""The work queue: the deadline that runs now and the queue's filters."""

from __future__ import annotations

import datetime as dt
import functools
import re

from django.contrib import admin
from django.db.models import Q
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from .. import rules

# --- Work queue -----------------------------------------------------------------------------------


def termijn_badge(termijn, soort: str = "") -> str:
    """A running deadline in a queue (dossiers, evaluations, appeals): the days left or late, coloured
    by ``rules.termijn_stand``, the date (and, given, what is due: ``soort``) alongside."""
    return _badge(termijn, soort, timezone.localdate(), get_language())


@functools.lru_cache(maxsize=4096)
def _badge(termijn, soort: str, vandaag: dt.date, taal: str) -> str:
    # The same few hundred deadlines recur on every page of a queue on a given day: each badge is
    # written once per deadline, day and language (a fifteenth of the work queue's rendering).
    dagen = rules.dagen_over(termijn, vandaag)
    if dagen is None:
        return "–"
    stand = rules.termijn_stand(termijn, vandaag)
    tekst = _("%(dagen)s d te laat") % {"dagen": -dagen} if dagen < 0 else _("%(dagen)s d") % {"dagen": dagen}
    datum = termijn.strftime("%d/%m/%Y")
    if soort:
        return format_html(
            '<span class="termijn termijn-{}" title="{} {}">{} ({})</span>', stand, soort, datum, tekst, soort
        )
    return format_html('<span class="termijn termijn-{}" title="{}">{}</span>', stand, datum, tekst)


# --- Search ---------------------------------------------------------------------------------------

REFERENTIE = re.compile(r"^IMW-\d{4}-\d+$", re.IGNORECASE)
SCHEIDINGSTEKENS = re.compile(r"[\s.\-/]")


def zoek_dossiers(queryset, term: str, organisaties):
    """The queue's search, so that it reads an index whatever the number of dossiers: a reference,
    a KBO number (10 digits) and an INSZ (11 digits, both typed with or without dots, dashes and
    spaces) are exact matches; anything else is the start of the employee's first or last name or
    of the organisation's name (prefix indexes, ``Upper`` + ``text_pattern_ops``). ``organisaties``:
    the organisations whose name starts with ``term`` (one small query, read first so the dossier
    query stays one bitmap scan over indexes instead of a join with an OR). None when ``term`` is
    none of these (the caller falls back to the default search)."""
    term = term.strip()
    cijfers = SCHEIDINGSTEKENS.sub("", term)
    if REFERENTIE.match(term):
        return queryset.filter(referentie=term.upper())
    if term.upper().startswith("IMW-"):
        return queryset.filter(referentie__startswith=term.upper())
    if cijfers.isdigit():
        if len(cijfers) == 10:
            return queryset.filter(organisatie__kbo_nummer=cijfers)
        if len(cijfers) == 11:
            return queryset.filter(werknemer_insz=cijfers)
        return None
    if len(term) < 2:
        return None
    ids = list(organisaties.filter(naam__istartswith=term).values_list("pk", flat=True)[:100])
    return queryset.filter(
        Q(werknemer_achternaam__istartswith=term)
        | Q(werknemer_voornaam__istartswith=term)
        | Q(organisatie_id__in=ids)
    )


class TermijnFilter(admin.SimpleListFilter):
    title = gettext_lazy("termijn")
    parameter_name = "termijn"

    def lookups(self, request, model_admin):
        return [
            ("verlopen", gettext_lazy("Verlopen")),
            ("week", gettext_lazy("Verloopt binnen 7 dagen")),
            ("geen", gettext_lazy("Geen lopende termijn")),
        ]

    def queryset(self, request, queryset):
        vandaag = timezone.localdate()
        if self.value() == "verlopen":
            return queryset.filter(lopende_termijn__lt=vandaag)
        if self.value() == "week":
            return queryset.filter(
                lopende_termijn__gte=vandaag, lopende_termijn__lte=vandaag + dt.timedelta(days=7)
            )
        if self.value() == "geen":
            return queryset.filter(lopende_termijn__isnull=True)
        return queryset


class OrganisatieSoortFilter(admin.ChoicesFieldListFilter):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.title = gettext_lazy("soort organisatie")


class BevestigingTeLaatFilter(admin.SimpleListFilter):
    title = gettext_lazy("bevestiging te laat")
    parameter_name = "bevestiging_te_laat"

    def lookups(self, request, model_admin):
        return [
            ("ja", gettext_lazy("Op de lijst 'bevestiging te laat'")),
            ("open", gettext_lazy("Op de lijst en nog zonder bevestigingsmail")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "ja":
            return queryset.filter(bevestiging_te_laat_gesignaleerd_op__isnull=False)
        if self.value() == "open":
            return queryset.filter(
                bevestiging_te_laat_gesignaleerd_op__isnull=False, ontvankelijkheid_gemeld_op__isnull=True
            )
        return queryset
