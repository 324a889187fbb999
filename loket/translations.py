"""The English message catalogue (``locale/en/LC_MESSAGES/django.po``): filling it from the
translation tables and checking it. Used by ``manage.py fill_translations`` (``make messages``) and
by the test that fails when a string has no English translation.

The tables are JSON files in ``locale/en/translations/``: ``{"<Dutch msgid>": "<English>"}``, a
list ``[singular, plural]`` for a plural entry, and ``"<context>\\u0004<msgid>"`` as the key of an
entry with a msgctxt. They are the source of the translations: a rerun gives the same catalogue.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from django.conf import settings

PO_PATH = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES" / "django.po"
TABLES_DIR = Path(settings.BASE_DIR) / "locale" / "en" / "translations"
# The options of makemessages, shared by `make messages` and the test that extracts the strings.
MAKEMESSAGES_ARGS = [
    "--locale=en",
    "--add-location=file",
    "--no-obsolete",
    "--ignore=.venv",
    "--ignore=var",
    "--ignore=tests",
    "--ignore=node_modules",
]

# printf-style (%(name)s, %s, %d, %%) and format-style ({name}) placeholders.
_PLACEHOLDER = re.compile(r"%\([^)]+\)[-#0 +]*\d*(?:\.\d+)?[sdifrx]|%[sdif]|%%|\{[A-Za-z_][A-Za-z0-9_]*\}")


def key(entry) -> str:
    return f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid


def load_tables(directory: Path = TABLES_DIR) -> dict[str, str | list[str]]:
    table: dict[str, str | list[str]] = {}
    for path in sorted(directory.glob("*.json")):
        with path.open(encoding="utf-8") as fh:
            table.update(json.load(fh))
    return table


def fill(po, table: dict) -> int:
    """Set every entry the tables know (the tables win over the .po); returns how many changed."""
    po.metadata_is_fuzzy = False
    po.metadata.update(
        {
            "Project-Id-Version": "imw-loket",
            "Language": "en",
            "Language-Team": "imw-loket (locale/en/translations/*.json)",
            "Plural-Forms": "nplurals=2; plural=(n != 1);",
        }
    )
    # No dates: a rerun without new strings leaves the .po unchanged (fewer merge conflicts).
    for name in ("Last-Translator", "Report-Msgid-Bugs-To", "PO-Revision-Date", "POT-Creation-Date"):
        po.metadata.pop(name, None)
    changed = 0
    for entry in po:
        if entry.obsolete or key(entry) not in table:
            continue
        value = table[key(entry)]
        if entry.msgid_plural:
            singular, plural = (value, value) if isinstance(value, str) else value
            new = {0: singular, 1: plural}
            if entry.msgstr_plural != new or entry.fuzzy:
                entry.msgstr_plural = new
                changed += 1
        elif entry.msgstr != value or entry.fuzzy:
            entry.msgstr = value
            changed += 1
        if entry.fuzzy:
            entry.flags.remove("fuzzy")
            entry.previous_msgid = entry.previous_msgid_plural = entry.previous_msgctxt = None
    return changed


def _translations(entry) -> list[str]:
    return list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]


def untranslated(po) -> list[str]:
    """Entries without an English text for every form, or marked fuzzy (a guess by msgmerge)."""
    return [
        key(entry)
        for entry in po
        if not entry.obsolete and (entry.fuzzy or not all(t.strip() for t in _translations(entry)))
    ]


def placeholder_errors(po) -> list[str]:
    """Entries whose English text drops or adds a placeholder of the Dutch one (each plural form
    must keep the named placeholders; a singular may leave out the count, as in "one file")."""
    errors = []
    for entry in po:
        if entry.obsolete:
            continue
        source = set(_PLACEHOLDER.findall(entry.msgid)) | set(_PLACEHOLDER.findall(entry.msgid_plural or ""))
        for text in _translations(entry):
            if not text:
                continue
            found = set(_PLACEHOLDER.findall(text))
            missing = source - found
            if entry.msgid_plural:
                missing -= {"%d", "%s", "%(count)s", "%(aantal)s", "%(n)s"}
            if missing or found - source:
                errors.append(f"{key(entry)!r}: {sorted(source)} vs {sorted(found)} in {text!r}")
    return errors
