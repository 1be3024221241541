"""Numbered items: generated labels, numbers and their html and latex visitors.

Algorithm cards, pros/cons tables and derivations share one rendering: a box
with a caption such as "Algorithm 2.1 Title" followed by the body. Numbers come
from Sphinx's numfig (``env.toc_fignumbers``), so ``:numref:`` and the captions
agree in every builder.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.transforms import SphinxTransform
from sphinx.transforms.post_transforms import SphinxPostTransform

from sphinx_whitepaper._base import (
    WhitepaperItem,
    builder_name,
    item_caption,
    item_label,
    item_title,
)
from sphinx_whitepaper.i18n import _

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment
    from sphinx.writers.html5 import HTML5Translator
    from sphinx.writers.latex import LaTeXTranslator


def item_number(env: BuildEnvironment, node: WhitepaperItem) -> str | None:
    """Return the item's number such as "2.1", or None when it has none."""
    if not node["ids"]:
        return None
    figtype = node.get("kind", "")
    numbers = env.toc_fignumbers.get(node.get("docname", ""), {}).get(figtype, {})
    number = numbers.get(node["ids"][0])
    if not number:
        return None
    return ".".join(map(str, number))


def format_label(env: BuildEnvironment, node: WhitepaperItem, number: str | None) -> str:
    """Return the caption label: the numfig format filled in, or the kind word."""
    if number is None:
        return str(node.get("label", ""))
    template = env.config.numfig_format.get(node.get("kind", ""), "")
    if not template:
        return f"{node.get('label', '')} {number}"
    template = str(template)
    if "{number}" in template or "{name}" in template:
        return template.format(number=number, name=node.get("title", ""))
    try:
        return str(template % number)
    except (TypeError, ValueError):
        return f"{template} {number}"


class ItemLabels(SphinxPostTransform):
    """Insert the generated label (kind word and number) into each caption.

    It runs after reading and translation, so the label never mixes with the
    user's title in message catalogs. The gettext builder is skipped.
    """

    default_priority = 100

    def is_supported(self) -> bool:
        return builder_name(self.env) != "gettext"

    def run(self, **kwargs: Any) -> None:
        for node in self.document.findall(WhitepaperItem):
            number = item_number(self.env, node)
            node["number"] = number or ""
            caption = next(iter(node.findall(item_caption)), None)
            if caption is None or caption.parent is not node:
                continue
            if any(isinstance(child, item_label) for child in caption.children):
                continue
            text = format_label(self.env, node, number)
            label = item_label("", text, classes=["wp-label"])
            if len(caption):
                caption.insert(0, nodes.Text(" "))
            caption.insert(0, label)


class AnchorLinkTitles(SphinxTransform):
    """Show the item's title in MyST ``[](#label)`` links within one document.

    MyST resolves such a link while reading and takes its text from a
    ``caption`` or ``title`` child. Items and FAQ questions have neither, so
    MyST writes the bare ``#label``. This transform runs right after MyST's
    (priority 879) and puts the title there instead.
    """

    default_priority = 885

    def apply(self, **kwargs: Any) -> None:
        for reference in self.document.findall(nodes.reference):
            refid = reference.get("refid")
            if not refid or len(reference.children) != 1:
                continue
            text = reference[0]
            target = self.document.ids.get(refid)
            title = _plain_title(target)
            if target is None or not title or not isinstance(text, nodes.inline):
                continue
            names: list[str] = target.get("names", [])
            anchors = {"#" + refid} | {"#" + name for name in names}
            if text.astext() in anchors:
                text.replace_self(nodes.inline(title, title, classes=text["classes"]))


def _plain_title(node: nodes.Node | None) -> str:
    if isinstance(node, WhitepaperItem):
        return str(node.get("title") or "")
    if isinstance(node, nodes.Element) and node.get("question"):
        return str(node["question"])
    return ""


# html


def visit_item_html(self: HTML5Translator, node: WhitepaperItem) -> None:
    self.body.append(self.starttag(node, "div", ""))


def depart_item_html(self: HTML5Translator, node: WhitepaperItem) -> None:
    self.body.append("</div>\n")


def visit_caption_html(self: HTML5Translator, node: item_caption) -> None:
    self.body.append(self.starttag(node, "div", ""))


def depart_caption_html(self: HTML5Translator, node: item_caption) -> None:
    parent = node.parent
    if isinstance(parent, WhitepaperItem):
        self.add_permalink_ref(parent, _("Link to this item"))
    self.body.append("</div>\n")


# latex


def visit_item_latex(self: LaTeXTranslator, node: WhitepaperItem) -> None:
    self.body.append("\n\\begin{sphinxwpitem}{%s}" % node.get("kind", "item"))
    number = node.get("number")
    if number:
        self.body.append("\\sphinxwpsetlabel{%s}" % self.encode(number))
    if node["ids"]:
        self.body.append(self.hypertarget_to(node, anchor=True))
    self.body.append("\n")


def depart_item_latex(self: LaTeXTranslator, node: WhitepaperItem) -> None:
    self.body.append("\n\\end{sphinxwpitem}\n")


def visit_caption_latex(self: LaTeXTranslator, node: item_caption) -> None:
    self.body.append("\\sphinxwpcaption{")


def depart_caption_latex(self: LaTeXTranslator, node: item_caption) -> None:
    self.body.append("}\n")


def visit_label_latex(self: LaTeXTranslator, node: item_label) -> None:
    self.body.append("\\sphinxwplabel{")


def depart_label_latex(self: LaTeXTranslator, node: item_label) -> None:
    self.body.append("}")


def register_item(app: Sphinx, node_class: type[WhitepaperItem], figtype: str) -> None:
    """Register a numbered item node with numfig under ``figtype``."""
    app.add_enumerable_node(
        node_class,
        figtype,
        item_title,
        html=(visit_item_html, depart_item_html),
        latex=(visit_item_latex, depart_item_latex),
    )


def setup_items(app: Sphinx) -> None:
    """Register the shared caption nodes and the label post-transform."""
    app.add_node(
        item_caption,
        html=(visit_caption_html, depart_caption_html),
        latex=(visit_caption_latex, depart_caption_latex),
    )
    app.add_node(item_label, latex=(visit_label_latex, depart_label_latex))
    app.add_post_transform(ItemLabels)
    app.add_transform(AnchorLinkTitles)
