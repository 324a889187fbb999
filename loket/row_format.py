"""Formatting for long tables, done once per row in Python instead of by template tags: a
``{% url %}`` per row resolves the URL pattern each time and ``|date:"d/m/Y"`` parses its format
string each time, which together were a fifth of the CPU time of a page of 25 dossiers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.urls import reverse
from django.utils.html import conditional_escape
from django.utils.timezone import template_localtime

from . import date_filter

_PLAATSHOUDER = 987654321


def url_per_pk(naam: str, *vooraf, current_app: str | None = None) -> Callable[[int], str]:
    """``reverse(naam, args=[*vooraf, pk])`` for many pks, reversing once: the pattern's URL with
    a placeholder pk, filled in per row."""
    url = reverse(naam, args=[*vooraf, _PLAATSHOUDER], current_app=current_app)
    voor, na = url.rsplit(str(_PLAATSHOUDER), 1)
    return lambda pk: f"{voor}{int(pk)}{na}"


def dag_maand_jaar(waarde: dt.date | dt.datetime | None) -> str:
    """What ``{{ waarde|date:"d/m/Y" }}`` shows: a moment in the current time zone, '' for None."""
    return date_filter.date(template_localtime(waarde), "d/m/Y")


def dag_maand_jaar_uur(waarde: dt.datetime | None) -> str:
    """What ``{{ waarde|date:"d/m/Y H:i" }}`` shows: the moment in the current time zone."""
    return date_filter.date(template_localtime(waarde), "d/m/Y H:i")


def keuze_labels(veld) -> dict:
    """A choice field's labels in the current language, escaped as ``{{ }}`` writes them: worked
    out once for a page, not per row (each label is a lazy translation, looked up anew whenever it
    is written)."""
    return {waarde: conditional_escape(str(label)) for waarde, label in veld.flatchoices}
