"""``django.utils.html.escape`` without its generator for lazy arguments.

Django wraps ``escape`` in ``keep_lazy``, whose wrapper walks its arguments with a generator
expression on every call to find a lazy one: three times the work of the escaping itself. Every
``{{ value }}``, ``format_html`` argument and admin cell goes through it (``conditional_escape``),
some 300 times on an employer page and thousands on a staff list. This ``escape`` checks its one
argument directly and hands a lazy text to Django's own function, so a lazy result stays lazy.
Installed as the module's ``escape``, which ``conditional_escape`` and ``format_html`` call.
"""

from __future__ import annotations

import html

import django
from django.utils import html as django_html
from django.utils.functional import Promise
from django.utils.safestring import SafeString

_DJANGO_ESCAPE = django_html.escape


def escape(text):
    """Return the given text with ampersands, quotes and angle brackets encoded for use in HTML,
    as ``django.utils.html.escape`` does (always, even text already marked safe)."""
    if isinstance(text, Promise):
        return _DJANGO_ESCAPE(text)
    return SafeString(html.escape(str(text)))


def install() -> None:
    if django.VERSION[:2] != (5, 2):
        # Written against 5.2's escape (keep_lazy over html.escape); compare before carrying it over.
        return
    django_html.escape = escape
