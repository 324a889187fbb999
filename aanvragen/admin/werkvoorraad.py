"""The work queue: the deadline that runs now and the queue's filters."""

from __future__ import annotations

import datetime as dt

from django.contrib import admin
from django.db.models import Case, DateField, F, OuterRef, Subquery, When
from django.utils import timezone
from django.utils.translation import gettext_lazy

from .. import rules
from ..models import (
    Status,
)

# --- Work queue -----------------------------------------------------------------------------------


def _met_termijn(queryset):
    """Annotate the deadline that runs now: 7 days to confirm, 30 days to decide; for a dossier
    in evaluation, the 120 days of its evaluation request (``evaluaties``)."""
    from evaluaties.models import TE_BEHANDELEN_STATUSSEN, Evaluatie

    evaluatie_termijn = Evaluatie.objects.filter(
        dossier=OuterRef("pk"), status__in=TE_BEHANDELEN_STATUSSEN
    ).values("beslissing_uiterlijk")[:1]
    return queryset.annotate(
        lopende_termijn=Case(
            When(status=Status.INGEDIEND, then=F("ontvankelijkheid_uiterlijk")),
            When(status__in=rules.BESLISBARE_STATUSSEN, then=F("beslissing_uiterlijk")),
            When(status=Status.IN_EVALUATIE, then=Subquery(evaluatie_termijn)),
            default=None,
            output_field=DateField(),
        )
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
