"""The ``date`` template filter, for numeric formats in one C call (a builtin library: see TEMPLATES).

Django's filter parses its format string and builds a ``DateFormat`` on every use: some 900 Python
opcodes for ``{{ d|date:"d/m/Y" }}``, which the portal's templates write 120 times (a dossier's
timeline alone seven). A format of only numeric specifiers (``d j m n Y H G i s``) and separators
shows the same digits in every language, so it is turned once into a ``str.format`` pattern over
the value's attributes. Any other format (month names, ``\\`` escapes, the settings' formats), a
date with a time specifier and anything that is not a date go to Django's filter as they are.
"""

from __future__ import annotations

import datetime as dt
import string

from django.template import Library, defaultfilters

register = Library()

_NUMERIC = {
    "d": "{0.day:02d}",
    "j": "{0.day}",
    "m": "{0.month:02d}",
    "n": "{0.month}",
    "Y": "{0.year:04d}",
    "H": "{0.hour:02d}",
    "G": "{0.hour}",
    "i": "{0.minute:02d}",
    "s": "{0.second:02d}",
}
_TIME = frozenset("HGis")
_patterns: dict[str, tuple[str, bool] | None] = {}


def pattern(format_string) -> tuple[str, bool] | None:
    """(``str.format`` pattern, whether it shows the time) for a numeric format, else None."""
    try:
        return _patterns[format_string]
    except (KeyError, TypeError):  # TypeError: a lazy or other unhashable format
        pass
    result = None
    # An empty format means the settings' DATE_FORMAT to Django, as None does.
    if isinstance(format_string, str) and format_string and "\\" not in format_string:
        parts = []
        for char in format_string:
            if char in _NUMERIC:
                parts.append(_NUMERIC[char])
            elif char in string.ascii_letters:
                break  # a specifier this fast path does not write (or a letter Django might)
            else:
                parts.append(char.replace("{", "{{").replace("}", "}}"))
        else:
            result = ("".join(parts), any(char in _TIME for char in format_string))
    if len(_patterns) < 256:  # the templates' formats are a handful; a variable's are not kept
        _patterns[format_string] = result
    return result


@register.filter(expects_localtime=True, is_safe=False)
def date(value, arg=None):
    """Django's ``date`` filter (``django.template.defaultfilters.date``), faster for numeric formats."""
    found = pattern(arg) if isinstance(value, dt.date) else None
    if found is not None and (found[1] is False or isinstance(value, dt.datetime)):
        return found[0].format(value)
    return defaultfilters.date(value, arg)
