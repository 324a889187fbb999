"""The work queue: the deadline that runs now and the queue's filters."""

from __future__ import annotations

import datetime as dt

from django.contrib import admin
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .. import rules

# --- Work queue -----------------------------------------------------------------------------------


def termijn_badge(termijn, soort: str = "") -> str:
    """A running deadline in a queue (dossiers, evaluations, appeals): the days left or late, coloured
    by ``rules.termijn_stand``, the date (and, given, what is due: ``soort``) alongside."""
    vandaag = timezone.localdate()
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
