"""The language switch's buttons, worked out once per language (``includes/taalkeuze.html``)."""

from __future__ import annotations

import functools

from django import template
from django.conf import settings
from django.utils.text import capfirst
from django.utils.translation import get_language, get_language_info

register = template.Library()


@functools.cache
def _andere_talen(huidig: str, talen: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    return tuple((code, capfirst(get_language_info(code)["name_local"])) for code in talen if code != huidig)


@register.simple_tag
def andere_talen() -> tuple[tuple[str, str], ...]:
    """Every language but the page's: (code, its name in that language), as a button shows it.
    The names are the languages' own, whatever the page's language (Django's list of them)."""
    return _andere_talen(get_language(), tuple(code for code, _naam in settings.LANGUAGES))
