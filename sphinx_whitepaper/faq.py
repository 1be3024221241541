"""The ``faq`` and ``faq-item`` directives: questions with collapsible answers.

.. code-block:: rst

   .. faq::

      .. faq-item:: Does the model need a GPU?
         :name: faq-gpu

         Inference runs on a CPU; training does not.

In HTML each item is a native ``<details>`` element, so answers open and close
without JavaScript. Other builders show every answer.

A ``faq-item`` outside a ``faq`` block, and a ``faq`` block or ``faq-item``
inside an answer, give a ``whitepaper.faq`` warning and are rendered where
they are.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform

from sphinx_whitepaper._base import (
    COMMON_OPTIONS,
    WhitepaperDirective,
    builder_name,
    flag_option,
    item_label,
    option_spec,
)
from sphinx_whitepaper.diagnostics import WhitepaperWarning
from sphinx_whitepaper.i18n import _, __

if TYPE_CHECKING:
    from docutils.nodes import Node
    from sphinx.application import Sphinx
    from sphinx.writers.html5 import HTML5Translator
    from sphinx.writers.latex import LaTeXTranslator
    from sphinx.writers.manpage import ManualPageTranslator

_FAQ_OPTIONS = option_spec(**COMMON_OPTIONS, open=flag_option, closed=flag_option)

#: ``env.temp_data`` key: the name of the innermost ``faq`` or ``faq-item``
#: directive whose content is being parsed, or None outside both.
_PARENT_KEY = "wp_faq_parent"


class faq(nodes.container):  # noqa: N801 (docutils node naming)
    """A block of FAQ items. Every builder renders it as a container."""


class faq_item(nodes.container):  # noqa: N801
    """One question and its answer.

    Attributes: ``docname``, ``question`` (plain text) and ``open`` (True,
    False or None for the ``whitepaper_faq_open`` default). Rendered as
    ``<details>`` in html; other builders fall back to a container.
    """


class faq_question(nodes.paragraph):  # noqa: N801
    """The question text: ``<summary>`` in html, a bold paragraph in latex."""


class faq_answer(nodes.container):  # noqa: N801
    """The answer body. Every builder renders it as a container."""


def _check_open_closed(directive: WhitepaperDirective) -> None:
    """Warn when both ``:open:`` and ``:closed:`` are given; ``:open:`` wins."""
    if "open" in directive.options and "closed" in directive.options:
        directive.warn(
            __('the "%s" directive has both :open: and :closed:; :open: is used'),
            WhitepaperWarning.OPTION,
            directive.name,
        )


def _check_placement(directive: WhitepaperDirective) -> None:
    """Warn about a ``faq-item`` outside any ``faq`` block and about FAQ directives in answers.

    A question inside an answer is shown as part of that answer.
    """
    parent = directive.env.temp_data.get(_PARENT_KEY)
    if parent == "faq-item":
        directive.warn(
            __('"%s" inside a "faq-item" answer is shown as part of that answer; '
               "move it out of the answer"),
            WhitepaperWarning.FAQ,
            directive.name,
        )
    elif parent is None and directive.name == "faq-item":
        directive.warn(
            __('"faq-item" outside a "faq" directive is shown on its own; '
               'put it inside a "faq" directive'),
            WhitepaperWarning.FAQ,
        )


def _parse_as_parent(directive: WhitepaperDirective) -> list[Node]:
    """Parse the directive's content with the directive recorded as the FAQ parent."""
    temp_data = directive.env.temp_data
    saved = temp_data.get(_PARENT_KEY)
    temp_data[_PARENT_KEY] = directive.name
    try:
        return directive.parse_content_to_nodes(allow_section_headings=False)
    finally:
        temp_data[_PARENT_KEY] = saved


_HTML_COMMENTS = re.compile(r"\s*(<!--.*?-->\s*)*", re.DOTALL)


def _visible(node: Node) -> bool:
    """Return whether a reader sees ``node``: not a comment, target or message."""
    if isinstance(node, (nodes.Invisible, nodes.system_message)):
        return False
    # MyST keeps an HTML comment block as raw HTML.
    if isinstance(node, nodes.raw) and "html" in node.get("format", "").split():
        return not _HTML_COMMENTS.fullmatch(node.astext())
    return True


def _open_state(options: dict[str, object]) -> bool | None:
    if "open" in options:
        return True
    if "closed" in options:
        return False
    return None


class FaqDirective(WhitepaperDirective):
    """Group FAQ items.

    Argument: an optional heading. Options: ``:name:``, ``:class:``,
    ``:open:``, ``:closed:`` (the default state of every item inside).
    Content: ``faq-item`` directives.

    Node tree: ``faq`` > optional ``rubric``, then ``faq_item`` nodes.
    """

    has_content = True
    optional_arguments = 1
    final_argument_whitespace = True
    option_spec = _FAQ_OPTIONS
    subtype = WhitepaperWarning.FAQ

    def run(self) -> list[Node]:
        self.check_options()
        _check_open_closed(self)
        _check_placement(self)
        node = faq("", classes=["wp-faq", *self.options.get("class", [])])
        self.set_source_info(node)
        messages: list[Node] = []
        if self.arguments:
            inlines, problems = self.parse_title(self.arguments[0])
            messages.extend(problems)
            title = nodes.rubric(self.arguments[0], "", *inlines, classes=["wp-faq-title"])
            self.set_source_info(title)
            node += title
        if "name" in self.options:
            self.assign_ids(node, "faq-block", None)

        saved = self.env.temp_data.get("wp_faq_open")
        self.env.temp_data["wp_faq_open"] = _open_state(self.options)
        try:
            content = _parse_as_parent(self)
        finally:
            self.env.temp_data["wp_faq_open"] = saved

        # One problem, one warning: without any item, the other content is
        # covered by the "no entries" warning.
        has_items = any(isinstance(child, faq_item) for child in content)
        if not has_items:
            self.warn(
                __('the "faq" directive has no "faq-item" entries'),
                WhitepaperWarning.EMPTY,
            )
        for child in content if has_items else ():
            if not isinstance(child, (faq_item, nodes.system_message, nodes.comment)):
                self.warn(
                    __('"faq" content other than "faq-item" entries is shown as it is'),
                    WhitepaperWarning.FAQ,
                )
                break
        node += content
        return [node, *messages]


class FaqItemDirective(WhitepaperDirective):
    """Render one question with its answer.

    Argument: the question. Options: ``:name:`` (a label; ``:ref:`` to it shows
    the question), ``:class:``, ``:open:``, ``:closed:``. Content: the answer.

    Node tree: ``faq_item`` > ``faq_question``, ``faq_answer``.
    """

    has_content = True
    optional_arguments = 1
    final_argument_whitespace = True
    option_spec = _FAQ_OPTIONS
    subtype = WhitepaperWarning.FAQ

    def run(self) -> list[Node]:
        self.check_options()
        _check_open_closed(self)
        _check_placement(self)
        question_text = self.arguments[0].strip() if self.arguments else ""
        state = _open_state(self.options)
        if state is None:
            state = self.env.temp_data.get("wp_faq_open")
        node = faq_item(
            "",
            classes=["wp-faq-item", *self.options.get("class", [])],
            docname=self.env.docname,
            open=state,
        )
        self.set_source_info(node)
        messages: list[Node] = []

        question = faq_question(question_text, "", classes=["wp-faq-question"])
        self.set_source_info(question)
        if question_text:
            inlines, problems = self.parse_title(question_text)
            question += inlines
            messages.extend(problems)
        else:
            self.warn(
                __('the "faq-item" directive has no question; give it as the argument'),
                WhitepaperWarning.MISSING_TITLE,
            )
        node["question"] = question.astext()
        node += question
        self.assign_ids(node, "faq", question_text or None)

        answer = faq_answer("", classes=["wp-faq-answer"])
        self.set_source_info(answer)
        answer += _parse_as_parent(self)
        # Content of only comments or targets shows no answer either.
        if not any(_visible(child) for child in answer.children):
            self.warn(
                __('the question "%s" has no answer; write it as the content'),
                WhitepaperWarning.EMPTY,
                node["question"],
            )
        node += answer
        return [node, *messages]


class QuestionLabels(SphinxPostTransform):
    """Insert the translated marker "Q" before each question.

    It runs after reading and translation, so the marker never reaches message
    catalogs or replaces the user's translated question.
    """

    default_priority = 100

    def is_supported(self) -> bool:
        return builder_name(self.env) != "gettext"

    def run(self, **kwargs: Any) -> None:
        for question in self.document.findall(faq_question):
            if question.children and isinstance(question[0], item_label):
                continue
            question.insert(0, nodes.Text(" "))
            question.insert(0, item_label("", _("Q"), classes=["wp-label", "wp-faq-q"]))


# html


def visit_item_html(self: HTML5Translator, node: faq_item) -> None:
    state = node.get("open")
    if state is None:
        state = bool(self.config.whitepaper_faq_open)
    if state:
        self.body.append(self.starttag(node, "details", "", open="open"))
    else:
        self.body.append(self.starttag(node, "details", ""))


def depart_item_html(self: HTML5Translator, node: faq_item) -> None:
    self.body.append("</details>\n")


def visit_question_html(self: HTML5Translator, node: faq_question) -> None:
    self.body.append(self.starttag(node, "summary", ""))


def depart_question_html(self: HTML5Translator, node: faq_question) -> None:
    self.body.append("</summary>\n")
    # The permalink goes after <summary>, not inside it: a link inside the
    # summary is a control nested in a control (axe "nested-interactive").
    parent = node.parent
    if isinstance(parent, faq_item):
        self.add_permalink_ref(parent, _("Link to this question"))


# latex


def visit_item_latex(self: LaTeXTranslator, node: faq_item) -> None:
    self.body.append("\n\\begin{sphinxwpfaqitem}")
    if node["ids"]:
        self.body.append(self.hypertarget_to(node, anchor=True))
    self.body.append("\n")


def depart_item_latex(self: LaTeXTranslator, node: faq_item) -> None:
    self.body.append("\n\\end{sphinxwpfaqitem}\n")


def visit_question_latex(self: LaTeXTranslator, node: faq_question) -> None:
    self.body.append("\\sphinxwpquestion{")


def depart_question_latex(self: LaTeXTranslator, node: faq_question) -> None:
    self.body.append("}\n")


# man


def visit_block_man(self: ManualPageTranslator, node: nodes.Element) -> None:
    # A paragraph that is the first child of its container gets no vertical
    # space in man output, so questions and answers would run together.
    self.ensure_eol()
    self.body.append(".sp\n")


def depart_block_man(self: ManualPageTranslator, node: nodes.Element) -> None:
    pass


def setup_faq(app: Sphinx) -> None:
    """Register the FAQ directives and nodes."""
    app.add_node(faq, man=(visit_block_man, depart_block_man))
    app.add_node(
        faq_item,
        html=(visit_item_html, depart_item_html),
        latex=(visit_item_latex, depart_item_latex),
        man=(visit_block_man, depart_block_man),
    )
    app.add_node(
        faq_question,
        html=(visit_question_html, depart_question_html),
        latex=(visit_question_latex, depart_question_latex),
    )
    app.add_node(faq_answer, man=(visit_block_man, depart_block_man))
    app.add_directive("faq", FaqDirective)
    app.add_directive("faq-item", FaqItemDirective)
    app.add_post_transform(QuestionLabels)
