"""``{% url %}`` of fixed arguments answered from memory after its first rendering.

Django's ``URLNode`` resolves its arguments and reverses the route on every rendering: some 1,000
Python opcodes a tag, of which an employer page has nine in its header and footer alone. When the
view name and every argument are written in the template (no variable, filter or ``as``), the
address depends only on what ``reverse`` reads besides them: the current application (namespace),
the script prefix, the URL configuration (a new resolver object after ``clear_url_caches``), the
language (translated routes) and autoescaping. The node keeps its address per combination of
those; any other tag, and a route that does not reverse, renders as Django renders it.
"""

from __future__ import annotations

from django.template.base import Variable
from django.template.defaulttags import URLNode
from django.urls import get_resolver, get_script_prefix, get_urlconf
from django.utils.translation import get_language

from .node_memo import kept_rendering

_DJANGO_RENDER = URLNode.render
# Per node: a page's namespaces times two languages, with room for what tests activate.
_MAX_PER_NODE = 16


def _written_in_template(expression) -> bool:
    """True when the filter expression is a literal with no filter: the same on every rendering."""
    if expression.filters:
        return False
    var = expression.var
    if isinstance(var, str):
        return True
    return isinstance(var, Variable) and var.lookups is None and not var.translate


def _fixed(node) -> bool:
    fixed = node.__dict__.get("_fixed")
    if fixed is None:
        fixed = node.__dict__["_fixed"] = (
            node.asvar is None
            and _written_in_template(node.view_name)
            and all(_written_in_template(arg) for arg in node.args)
            and all(_written_in_template(kwarg) for kwarg in node.kwargs.values())
        )
    return fixed


def _current_app(context):
    """As ``URLNode.render`` finds it."""
    try:
        return context.request.current_app
    except AttributeError:
        try:
            return context.request.resolver_match.namespace
        except AttributeError:
            return None


def _render(self, context):
    if not _fixed(self):
        return _DJANGO_RENDER(self, context)
    key = (
        _current_app(context),
        get_script_prefix(),
        get_resolver(get_urlconf()),
        get_language(),
        context.autoescape,
    )
    # NoReverseMatch is raised as Django raises it, and nothing is kept.
    return kept_rendering(self, key, lambda: _DJANGO_RENDER(self, context), _MAX_PER_NODE)


def install() -> None:
    """Written against 5.2's URLNode.render: on another version, check what it reads."""
    URLNode.render = _render
