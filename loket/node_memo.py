"""A template node's rendering kept on the node, per key (``loket.translate_tag``, ``loket.url_tag``)."""

from __future__ import annotations

from collections.abc import Callable


def kept_rendering(node, key, render: Callable[[], str], limit: int) -> str:
    """The node's rendering under ``key``: ``render()`` the first time, from memory after that.
    At most ``limit`` keys per node; past that the node starts afresh (what tests and management
    commands activate would otherwise grow it without end)."""
    kept = node.__dict__.setdefault("_loket_kept", {})
    try:
        return kept[key]
    except KeyError:
        pass
    rendering = render()  # an exception (NoReverseMatch, ...) passes through: nothing is kept
    if len(kept) >= limit:
        kept.clear()
    kept[key] = rendering
    return rendering
