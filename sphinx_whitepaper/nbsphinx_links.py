"""Links to cards and FAQ questions in projects that load nbsphinx.

nbsphinx turns every reference whose URI starts with ``#`` into a ``:ref:``
to a label of its own, ``/<document>.md#<anchor>``, at transform priority
500. It makes such labels only for sections and object signatures. MyST
resolves its ``[](#label)`` links later, at priority 879, to a target in the
same document or to any label of the project. So, without this module, a
MyST link to an algorithm card or an FAQ question ends as an undefined label
with empty text when nbsphinx is loaded.

:class:`HideAnchorLinks` moves the URI of MyST's anchor links (the
references MyST marks with ``id_link``) aside just before nbsphinx looks,
and :class:`RestoreAnchorLinks` puts it back right after. MyST then resolves
them as it does without nbsphinx. Notebooks are not affected, because
nbsphinx converts their Markdown without MyST, so their links have no
``id_link`` mark.

Links from a notebook (or any reStructuredText link) to ``chapter.md#label``
are nbsphinx's own: it looks for a label ``/chapter.md#label``.
:class:`NotebookItemLabels` adds such labels for cards and FAQ questions,
as nbsphinx does for sections.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.transforms import SphinxTransform

from sphinx_whitepaper._base import WhitepaperItem
from sphinx_whitepaper.faq import faq_item

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

#: nbsphinx's ``RewriteLocalLinks`` runs at priority 500.
NBSPHINX_PRIORITY = 500
_ATTRIBUTE = "wp_hidden_refuri"


class HideAnchorLinks(SphinxTransform):
    """Move the ``#label`` URI of MyST anchor links aside from nbsphinx."""

    default_priority = NBSPHINX_PRIORITY - 1

    def apply(self, **kwargs: Any) -> None:
        for reference in self.document.findall(nodes.reference):
            refuri = reference.get("refuri")
            if reference.get("id_link") and refuri and refuri.startswith("#"):
                reference[_ATTRIBUTE] = refuri
                del reference["refuri"]


class RestoreAnchorLinks(SphinxTransform):
    """Put back the URI that :class:`HideAnchorLinks` moved aside."""

    default_priority = NBSPHINX_PRIORITY + 1

    def apply(self, **kwargs: Any) -> None:
        for reference in self.document.findall(nodes.reference):
            if _ATTRIBUTE in reference:
                reference["refuri"] = reference[_ATTRIBUTE]
                del reference[_ATTRIBUTE]


class NotebookItemLabels(SphinxTransform):
    """Add nbsphinx-style labels, ``/<document><suffix>#<id>``, for items.

    nbsphinx adds its labels for sections at priority 250, so these come at
    the same point. The standard domain clears and merges them per document
    like any label.
    """

    default_priority = 250

    def apply(self, **kwargs: Any) -> None:
        env = self.env
        std: Any = env.get_domain("std")
        path = str(env.doc2path(env.docname, base=False))
        page = "/" + env.docname + path[len(env.docname):]
        for node in self.document.findall(_is_item):
            assert isinstance(node, nodes.Element)
            title = str(node.get("title") or node.get("question") or "")
            for node_id in node["ids"]:
                label = (page + "#" + node_id).lower()
                std.labels[label] = (env.docname, node_id, title)
                std.anonlabels[label] = (env.docname, node_id)


def _is_item(node: nodes.Node) -> bool:
    return isinstance(node, (WhitepaperItem, faq_item))


def add_transforms(app: Sphinx, config: Config) -> None:
    """Register the transforms that the loaded extensions need."""
    if "nbsphinx" not in app.extensions:
        return
    app.add_transform(NotebookItemLabels)
    if "myst_parser" in app.extensions:
        app.add_transform(HideAnchorLinks)
        app.add_transform(RestoreAnchorLinks)


def setup_nbsphinx_links(app: Sphinx) -> None:
    """Register the transforms once the project's extensions are known."""
    app.connect("config-inited", add_transforms)
