"""``django.utils.html.escape`` without its generator for lazy arguments, ``conditional_escape``
straight to it for plain text.

Django wraps ``escape`` in ``keep_lazy``, whose wrapper walks its arguments with a generator
expression on every call to find a lazy one: three times the work of the escaping itself. Every
``{{ value }}``, ``format_html`` argument and admin cell goes through it (``conditional_escape``),
some 300 times on an employer page and thousands on a staff list. This ``escape`` checks its one
argument directly and hands a lazy text to Django's own function, so a lazy result stays lazy.
``conditional_escape`` escapes a plain ``str`` (neither lazy nor marked safe) at once and passes
anything else to Django's. Installed as the module's functions, which ``format_html`` and
``conditional_escape`` call.
"""

from __future__ import annotations

import html

from django.utils import html as django_html
from django.utils.functional import Promise
from django.utils.safestring import SafeString

_DJANGO_ESCAPE = django_html.escape
_DJANGO_CONDITIONAL_ESCAPE = django_html.conditional_escape


def escape(text):
    """Return the given text with ampersands, quotes and angle brackets encoded for use in HTML,
    as ``django.utils.html.escape`` does (always, even text already marked safe)."""
    if isinstance(text, Promise):
        return _DJANGO_ESCAPE(text)
    return SafeString(html.escape(str(text)))  # nosec B703: escaped on this line


def conditional_escape(text):
    """Escape the text unless it is marked safe, as ``django.utils.html.conditional_escape``."""
    if type(text) is str:
        return SafeString(html.escape(text))  # nosec B703: escaped on this line
    return _DJANGO_CONDITIONAL_ESCAPE(text)


def install() -> None:
    """Written against 5.2's escape (keep_lazy over html.escape): on another version, compare."""
    django_html.escape = escape
    django_html.conditional_escape = conditional_escape
