"""``{% extends %}`` without walking the root template on every rendering.

Django's ``ExtendsNode.render`` collects the ``{% block %}`` nodes of the root template (the one
that extends nothing, ``base.html``) by walking its whole node tree, on every page: some 3,000
Python opcodes. The tree of a compiled template does not change, so the blocks are kept on the
template object itself (the cached loader keeps one per template; a template loaded anew is walked
anew). Everything else is Django's 5.2 code as it is.
"""

from __future__ import annotations

from django.template.base import TextNode
from django.template.loader_tags import BLOCK_CONTEXT_KEY, BlockContext, BlockNode, ExtendsNode

_DJANGO_RENDER = ExtendsNode.render


def _root_blocks(template) -> dict | None:
    """The root template's blocks by name, or None when the template extends another one."""
    try:
        return template.__dict__["_loket_root_blocks"]
    except KeyError:
        pass
    blocks = None
    for node in template.nodelist:
        # The ExtendsNode has to be the first non-text node.
        if not isinstance(node, TextNode):
            if not isinstance(node, ExtendsNode):
                blocks = {n.name: n for n in template.nodelist.get_nodes_by_type(BlockNode)}
            break
    template.__dict__["_loket_root_blocks"] = blocks
    return blocks


def _render(self, context):
    compiled_parent = self.get_parent(context)
    if BLOCK_CONTEXT_KEY not in context.render_context:
        context.render_context[BLOCK_CONTEXT_KEY] = BlockContext()
    block_context = context.render_context[BLOCK_CONTEXT_KEY]
    block_context.add_blocks(self.blocks)
    blocks = _root_blocks(compiled_parent)
    if blocks is not None:
        block_context.add_blocks(blocks)  # reads the dictionary, never changes it
    with context.render_context.push_state(compiled_parent, isolated_context=False):
        return compiled_parent._render(context)


def install() -> None:
    """A copy of 5.2's ExtendsNode.render with the walk kept: on another version, compare."""
    ExtendsNode.render = _render
