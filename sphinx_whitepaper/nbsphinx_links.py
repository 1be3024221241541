"""MyST ``[](#label)`` links in projects that also load nbsphinx.

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
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.transforms import SphinxTransform

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


def add_transforms(app: Sphinx, config: Config) -> None:
    """Register the transforms when nbsphinx and myst-parser are both loaded."""
    if "nbsphinx" in app.extensions and "myst_parser" in app.extensions:
        app.add_transform(HideAnchorLinks)
        app.add_transform(RestoreAnchorLinks)


def setup_nbsphinx_links(app: Sphinx) -> None:
    """Register the transforms once the project's extensions are known."""
    app.connect("config-inited", add_transforms)
