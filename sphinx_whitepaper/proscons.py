"""The ``pros-cons`` directive: a numbered two-column table of pros and cons.

.. code-block:: rst

   .. pros-cons:: Retrieval-augmented generation
      :name: pc-rag

      .. pros::

         - Answers cite their sources.

      .. cons::

         - Retrieval adds latency.

The ``pros`` and ``cons`` parts become the two cells of a real table with
translated column headers, so every builder renders a table.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform

from sphinx_whitepaper._base import (
    COMMON_OPTIONS,
    ItemDirective,
    WhitepaperDirective,
    WhitepaperItem,
    option_spec,
)
from sphinx_whitepaper.diagnostics import WhitepaperWarning
from sphinx_whitepaper.i18n import _, __
from sphinx_whitepaper.items import register_item

if TYPE_CHECKING:
    from docutils.nodes import Node
    from sphinx.application import Sphinx
    from sphinx.writers.html5 import HTML5Translator

PARTS: tuple[str, ...] = ("pros", "cons")


def _part_label(kind: str) -> str:
    # Literal calls keep the words visible to the message extractor.
    return _("Pros") if kind == "pros" else _("Cons")


class pros_cons(WhitepaperItem):  # noqa: N801 (docutils node naming)
    """A pros/cons item: caption, then a two-column table."""


class proscons_part(nodes.container):  # noqa: N801
    """Content of a ``pros`` or ``cons`` directive (attribute ``part``).

    Inside ``pros-cons`` it is moved into a table cell. Elsewhere it stays as a
    container with a translated rubric, so no content is lost.
    """


class proscons_head(nodes.entry):  # noqa: N801
    """Header cell "Pros" or "Cons".

    html writes ``<th scope="col">``; every other builder renders it as the
    table entry it subclasses.
    """


class ProsConsPartDirective(WhitepaperDirective):
    """Collect the ``pros`` or ``cons`` part of a ``pros-cons`` table.

    No argument. Options: ``:class:``. Content: usually a bullet list.
    Node tree: ``proscons_part(part="pros"|"cons")`` > parsed content.
    """

    has_content = True
    option_spec = option_spec(**{"class": COMMON_OPTIONS["class"]})
    subtype = WhitepaperWarning.PROSCONS

    def run(self) -> list[Node]:
        self.check_options()
        part = self.name.rsplit("-", 1)[-1]
        node = proscons_part(
            "",
            part=part,
            classes=["wp-" + part, *self.options.get("class", [])],
        )
        self.set_source_info(node)
        if not self.content:
            self.warn(
                __('the "%s" part is empty; list at least one point'),
                WhitepaperWarning.EMPTY,
                self.name,
            )
        node += self.parse_content_to_nodes(allow_section_headings=False)
        if not self._inside_table():
            self.warn(
                __('"%s" outside a "pros-cons" directive is shown as a plain block'),
                WhitepaperWarning.PROSCONS,
                self.name,
            )
            heading = nodes.rubric(
                "", _part_label(part), classes=["wp-part-title"], translatable=False
            )
            node.insert(0, heading)
            node["orphan"] = True
        return [node]

    def _inside_table(self) -> bool:
        return bool(self.env.temp_data.get("wp_proscons_depth"))


class ProsConsDirective(ItemDirective):
    """Render a numbered pros/cons table.

    Argument: the subject (optional). Options: ``:name:``, ``:class:``,
    ``:nonumber:``. Content: one ``pros`` and one ``cons`` directive.

    Node tree: ``pros_cons`` > ``item_caption``, ``table`` with a header row
    (translated "Pros" and "Cons") and one row holding both parts.
    """

    node_class: ClassVar[type[WhitepaperItem]] = pros_cons
    kind = "proscons"
    subtype = WhitepaperWarning.PROSCONS
    title_required = False

    def label(self) -> str:
        return _("Pros and cons")

    def build_body(self, node: WhitepaperItem) -> list[Node]:
        if not self.content:
            self.warn(
                __('the "pros-cons" directive is empty; add a "pros" and a "cons" part'),
                WhitepaperWarning.EMPTY,
            )
            node += self._table({})
            return []
        depth = int(self.env.temp_data.get("wp_proscons_depth") or 0)
        self.env.temp_data["wp_proscons_depth"] = depth + 1
        try:
            content = self.parse_content_to_nodes(allow_section_headings=False)
        finally:
            self.env.temp_data["wp_proscons_depth"] = depth

        parts: dict[str, proscons_part] = {}
        others: list[Node] = []
        for child in content:
            if isinstance(child, proscons_part) and child["part"] not in parts:
                parts[child["part"]] = child
            elif isinstance(child, nodes.system_message):
                others.append(child)
            else:
                if not isinstance(child, nodes.comment):
                    self.warn(
                        __('"pros-cons" content other than one "pros" and one "cons" part '
                           "is shown below the table"),
                        WhitepaperWarning.PROSCONS,
                    )
                others.append(child)
        for part in PARTS:
            if part not in parts:
                self.warn(
                    __('the "pros-cons" table has no "%s" part'),
                    WhitepaperWarning.PROSCONS,
                    part,
                )
        node += self._table(parts)
        node.extend(child for child in others if not isinstance(child, nodes.system_message))
        return [child for child in others if isinstance(child, nodes.system_message)]

    def _table(self, parts: dict[str, proscons_part]) -> nodes.table:
        # Given widths make the LaTeX writer use two fixed half-width columns.
        # Without them it may pick tabulary, which lets a column holding a
        # derivation or a card take the whole line.
        table = nodes.table("", classes=["wp-proscons-table", "colwidths-given"])
        group = nodes.tgroup("", cols=len(PARTS))
        table += group
        for _part in PARTS:
            group += nodes.colspec("", colwidth=50)
        head_row = nodes.row()
        body_row = nodes.row()
        for part in PARTS:
            head_row += proscons_head(
                "",
                nodes.paragraph("", _part_label(part)),
                classes=["wp-" + part + "-head"],
            )
            cell = nodes.entry("", classes=["wp-" + part])
            if part in parts:
                cell.extend(parts[part].children)
                cell["classes"].extend(c for c in parts[part]["classes"] if c != "wp-" + part)
            body_row += cell
        group += nodes.thead("", head_row)
        group += nodes.tbody("", body_row)
        self.set_source_info(table)
        return table


def visit_head_html(self: HTML5Translator, node: proscons_head) -> None:
    # Our header row has no spans and no stub columns; keep docutils' column
    # count in step for the cells that follow.
    row: Any = node.parent  # docutils' html writer keeps a column counter on the row
    row.column += 1
    self.body.append(self.starttag(node, "th", "", CLASS="head", scope="col"))


def depart_head_html(self: HTML5Translator, node: proscons_head) -> None:
    self.body.append("</th>\n")


class NestedTableFallback(SphinxPostTransform):
    """Turn a pros/cons table that nests in, or holds, another table into blocks.

    The text and man writers cannot render a table inside a table: the text
    writer raises ``NotImplementedError`` and the man writer crashes. There,
    each part becomes a bold heading followed by its content.
    """

    default_priority = 200
    formats = ("text", "man")

    def run(self, **kwargs: Any) -> None:
        for table in list(self.document.findall(nodes.table)):
            if "wp-proscons-table" not in table["classes"]:
                continue
            nested_in = any(isinstance(a, nodes.table) for a in _ancestors(table))
            holds = any(t is not table for t in table.findall(nodes.table))
            if nested_in or holds:
                table.replace_self(_blocks(table))


def _ancestors(node: nodes.Node) -> list[nodes.Node]:
    found: list[nodes.Node] = []
    parent = node.parent
    while parent is not None:
        found.append(parent)
        parent = parent.parent
    return found


def _blocks(table: nodes.table) -> nodes.container:
    """Return the parts of a pros/cons table as a heading and content each."""
    blocks = nodes.container("", classes=["wp-proscons-blocks"])
    group = next(child for child in table.children if isinstance(child, nodes.tgroup))
    head_row = next(group.findall(nodes.thead)).children[0]
    body_row = next(group.findall(nodes.tbody)).children[0]
    assert isinstance(head_row, nodes.row)
    assert isinstance(body_row, nodes.row)
    heads = [entry.astext() for entry in head_row.children]
    cells = [entry for entry in body_row.children if isinstance(entry, nodes.entry)]
    for head, cell in zip(heads, cells, strict=True):
        blocks += nodes.paragraph("", "", nodes.strong(head, head))
        blocks.extend(child.deepcopy() for child in cell.children)
    return blocks


def setup_proscons(app: Sphinx) -> None:
    """Register ``pros-cons``, ``pros`` and ``cons`` and the numbered node."""
    register_item(app, pros_cons, "proscons")
    app.add_node(proscons_part)
    app.add_node(proscons_head, html=(visit_head_html, depart_head_html))
    app.add_directive("pros-cons", ProsConsDirective)
    app.add_directive("pros", ProsConsPartDirective)
    app.add_directive("cons", ProsConsPartDirective)
    app.add_post_transform(NestedTableFallback)
