"""``{% translate "..." %}`` of a plain text answered from memory after its first rendering.

Django's ``TranslateNode`` resolves its text, looks it up, localises and escapes the result and
restores its percent signs on every rendering: some 600 Python opcodes a tag, of which an employer
page has 20 in its header and footer alone and the staff dossier page 63. For a plain text (no
variable, filter, ``context``, ``noop`` or ``as``) the result depends only on the active catalogue
and on autoescaping, so the node keeps it per catalogue object (a new one after a change of
languages or locale paths) and autoescape setting. Any other tag renders as Django renders it.
"""

from __future__ import annotations

from django.templatetags.i18n import TranslateNode
from django.utils.translation import trans_real

from .node_memo import kept_rendering

_DJANGO_RENDER = TranslateNode.render
# Per node: Dutch and English, each with and without autoescaping, and room for what tests and
# management commands activate (deactivate_all makes a new catalogue object each time).
_MAX_PER_NODE = 8


def _render(self, context):
    expressie = self.filter_expression
    if (
        self.noop
        or self.asvar
        or self.message_context
        or expressie.filters
        or not isinstance(getattr(expressie.var, "literal", None), str)
    ):
        return _DJANGO_RENDER(self, context)
    return kept_rendering(
        self, (trans_real.catalog(), context.autoescape), lambda: _DJANGO_RENDER(self, context), _MAX_PER_NODE
    )


def install() -> None:
    """Written against 5.2's TranslateNode.render: on another version, check what it depends on."""
    TranslateNode.render = _render
