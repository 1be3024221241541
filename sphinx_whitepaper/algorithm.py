"""The ``algorithm`` directive: an algorithm card.

.. code-block:: rst

   .. algorithm:: Retrieval-augmented generation
      :name: alg-rag
      :input: a query :math:`q` and a corpus :math:`D`
      :output: an answer :math:`a`
      :complexity: :math:`O(k \\log n)`

      #. Embed the query.
      #. Retrieve the :math:`k` nearest passages.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives

from sphinx_whitepaper._base import (
    COMMON_OPTIONS,
    ItemDirective,
    WhitepaperItem,
    flag_option,
    option_spec,
)
from sphinx_whitepaper.diagnostics import WhitepaperWarning
from sphinx_whitepaper.i18n import _, __
from sphinx_whitepaper.items import register_item

if TYPE_CHECKING:
    from docutils.nodes import Node
    from sphinx.application import Sphinx

#: Field options in display order.
FIELDS: tuple[str, ...] = ("input", "output", "complexity")


def _field_label(key: str) -> str:
    # Literal calls keep the words visible to the message extractor.
    if key == "input":
        return _("Input")
    if key == "output":
        return _("Output")
    return _("Complexity")


class algorithm(WhitepaperItem):  # noqa: N801 (docutils node naming)
    """An algorithm card: caption, an optional field list, then the steps."""


class AlgorithmDirective(ItemDirective):
    """Render an algorithm card.

    Argument: the title. Options: ``:name:``, ``:class:``, ``:nonumber:``,
    ``:input:``, ``:output:``, ``:complexity:`` (inline markup and math
    allowed). Content: the steps, as any body elements.

    Node tree: ``algorithm`` > ``item_caption``, ``field_list`` (one field per
    given option, labels translated), then the parsed content.
    """

    option_spec = option_spec(
        **COMMON_OPTIONS,
        nonumber=flag_option,
        input=directives.unchanged_required,
        output=directives.unchanged_required,
        complexity=directives.unchanged_required,
    )
    node_class: ClassVar[type[WhitepaperItem]] = algorithm
    kind = "algorithm"

    def label(self) -> str:
        return _("Algorithm")

    def build_body(self, node: WhitepaperItem) -> list[Node]:
        messages: list[Node] = []
        fields = nodes.field_list(classes=["wp-fields"])
        for key in FIELDS:
            value = self.options.get(key)
            if not value:
                continue
            inlines, problems = self.parse_title(value)
            messages.extend(problems)
            paragraph = nodes.paragraph(value, "", *inlines)
            self.set_source_info(paragraph)
            fields += nodes.field(
                "",
                nodes.field_name("", _field_label(key), translatable=False),
                nodes.field_body("", paragraph),
                classes=["wp-field-" + key],
            )
        if len(fields):
            node += fields

        if not self.content:
            self.warn(
                __('the "%s" directive has no steps; add its steps as content'),
                WhitepaperWarning.EMPTY,
                self.name,
            )
            return messages
        body = nodes.container("", classes=["wp-body"])
        self.set_source_info(body)
        body += self.parse_content_to_nodes(allow_section_headings=False)
        node += body
        return messages


def setup_algorithm(app: Sphinx) -> None:
    """Register the ``algorithm`` directive and its numbered node."""
    register_item(app, algorithm, "algorithm")
    app.add_directive("algorithm", AlgorithmDirective)
