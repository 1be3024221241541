"""The ``derivation`` directive: a numbered formula derivation.

.. code-block:: rst

   .. derivation:: Gradient of the softmax loss
      :name: der-softmax

      .. math:: L = -\\log p_y
         :label: eq-loss

      The loss is the negative log-likelihood of the true class.

      .. math:: \\frac{\\partial L}{\\partial z_i} = p_i - [i = y]

      Differentiate the log-sum-exp term.

Each math block starts a step and the paragraphs after it justify that step.
The math blocks stay ordinary Sphinx math, so every step keeps its own equation
number and ``:label:``, and ``:eq:`` reaches a single step.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from docutils import nodes

from sphinx_whitepaper._base import ItemDirective, WhitepaperItem
from sphinx_whitepaper.diagnostics import WhitepaperWarning
from sphinx_whitepaper.i18n import _, __
from sphinx_whitepaper.items import register_item

if TYPE_CHECKING:
    from docutils.nodes import Node
    from sphinx.application import Sphinx
    from sphinx.writers.latex import LaTeXTranslator


class derivation(WhitepaperItem):  # noqa: N801 (docutils node naming)
    """A derivation: caption, optional introduction, then numbered steps."""


class derivation_step(nodes.container):  # noqa: N801
    """One step: ``step_title``, the math block (with its targets), then a
    ``justification``. Every builder renders it as a container."""


class step_title(nodes.rubric):  # noqa: N801
    """Generated "Step N" heading. latex has its own visitor; other builders
    render it as a rubric."""


class justification(nodes.container):  # noqa: N801
    """Paragraphs that justify a step. Rendered as a container."""


class DerivationDirective(ItemDirective):
    """Render a numbered derivation.

    Argument: the title. Options: ``:name:``, ``:class:``, ``:nonumber:``.
    Content: math blocks, each followed by the paragraphs that justify it.
    Text before the first math block is kept as an introduction.

    Node tree: ``derivation`` > ``item_caption``, introduction nodes, then one
    ``derivation_step`` per math block.
    """

    node_class: ClassVar[type[WhitepaperItem]] = derivation
    kind = "derivation"
    subtype = WhitepaperWarning.DERIVATION

    def label(self) -> str:
        return _("Derivation")

    def build_body(self, node: WhitepaperItem) -> list[Node]:
        if not self.content:
            self.warn(
                __('the "derivation" directive is empty; add math blocks and their '
                   "justifications"),
                WhitepaperWarning.EMPTY,
            )
            return []
        content = self.parse_content_to_nodes(allow_section_headings=False)
        if not any(isinstance(child, nodes.math_block) for child in content):
            self.warn(
                __('the "derivation" has no math block; each step must be a math block '
                   "followed by its justification"),
                WhitepaperWarning.DERIVATION,
            )
            node.extend(content)
            return []

        pending_targets: list[Node] = []
        current: justification | None = None
        steps: list[derivation_step] = []
        for child in content:
            if isinstance(child, nodes.target) and not child.get("refuri"):
                pending_targets.append(child)
                continue
            if isinstance(child, nodes.math_block):
                step = derivation_step("", classes=["wp-step"])
                self.set_source_info(step)
                number = len(steps) + 1
                step += step_title(
                    "", _("Step %d") % number, classes=["wp-step-title"], translatable=False
                )
                step.extend(pending_targets)
                step += child
                current = justification("", classes=["wp-justification"])
                step += current
                pending_targets = []
                steps.append(step)
                node += step
                continue
            if current is None:
                node.extend(pending_targets)
                node += child
            else:
                current.extend(pending_targets)
                current += child
            pending_targets = []
        if pending_targets:
            (current if current is not None else node).extend(pending_targets)

        for number, each in enumerate(steps, start=1):
            reasons = each.children[-1].children
            if not any(not isinstance(c, (nodes.target, nodes.comment)) for c in reasons):
                self.warn(
                    __("step %d of the derivation has no justification; add a paragraph "
                       "after its math block"),
                    WhitepaperWarning.DERIVATION,
                    number,
                )
        return []


def visit_step_title_latex(self: LaTeXTranslator, node: step_title) -> None:
    self.body.append("\n\\sphinxwpsteptitle{")


def depart_step_title_latex(self: LaTeXTranslator, node: step_title) -> None:
    self.body.append("}\n")


def setup_derivation(app: Sphinx) -> None:
    """Register the ``derivation`` directive and its nodes."""
    register_item(app, derivation, "derivation")
    app.add_node(derivation_step)
    app.add_node(step_title, latex=(visit_step_title_latex, depart_step_title_latex))
    app.add_node(justification)
    app.add_directive("derivation", DerivationDirective)
