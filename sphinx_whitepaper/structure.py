"""Chapter structure, writing guidance and placeholders, and the check on them.

A document names the chapter it contains with file-wide metadata, which works in
any language::

   :whitepaper-chapter: background          (reST, before the title)

   ---
   whitepaper-chapter: background           (MyST front matter)
   ---

A single-file whitepaper marks each chapter section with
``.. whitepaper-chapter:: background`` instead.

``.. whitepaper-guidance:: background`` shows what belongs in a chapter while
``whitepaper_draft = True``; with no content it shows the catalog's text for
that chapter id. ``:whitepaper-placeholder:`text``` marks sample text that the
author must replace.

After reading, :func:`check_structure` warns (``whitepaper.structure``) when a
chapter of ``whitepaper_structure`` is missing or out of toctree order, and,
in a release build, when guidance or placeholders remain. The chapter check
only runs once some document names a chapter, so a project that never uses
``whitepaper-chapter`` is left alone.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx.util.docutils import SphinxRole

from sphinx_whitepaper._base import LenientOptionSpec, WhitepaperDirective, option_spec
from sphinx_whitepaper.diagnostics import WhitepaperWarning, warn
from sphinx_whitepaper.domain import RecordsCollector, toctree_order
from sphinx_whitepaper.i18n import _, __

if TYPE_CHECKING:
    from docutils.nodes import Node, system_message
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment

#: Key of the per-document records in the ``wp`` domain's data.
DATA_KEY = "structure"
#: Metadata field that names a document's chapter.
CHAPTER_FIELD = "whitepaper-chapter"


def chapter_guidance(chapter: str) -> str:
    """Return the translated writing guidance for a standard chapter id, or ``""``."""
    # Literal calls keep the texts visible to the message extractor.
    texts = {
        "background": _(
            "Say which problem this paper addresses, who has it, and why the "
            "current answers fall short. End with the claim the paper will back up."
        ),
        "concepts": _(
            "Define each term the later chapters rely on, once, and show how the "
            "concepts depend on one another; a diagram often says it faster."
        ),
        "algorithm": _(
            "Give the method as numbered steps with inputs, outputs and cost, "
            "then weigh it honestly against the alternatives."
        ),
        "model": _(
            "State the assumptions, then derive the result step by step; every "
            "step should say which rule or earlier equation justifies it."
        ),
        "practice": _(
            "Show the method working on real data: code, measured results and "
            "what surprised you. Keep the outputs so readers need not rerun them."
        ),
        "applications": _(
            "Describe where the approach pays off and where it does not, with one "
            "concrete case per scenario."
        ),
        "tools": _(
            "List the software, data sets and references a reader needs to "
            "reproduce or extend the work, with versions."
        ),
        "summary": _(
            "Restate the claim and the evidence in a few sentences, name the "
            "limits, and say what comes next."
        ),
        "faq": _(
            "Answer the questions reviewers and readers actually ask; each answer "
            "should stand on its own."
        ),
    }
    return texts.get(chapter, "")


class whitepaper_guidance(nodes.admonition):  # noqa: N801 (docutils node naming)
    """Writing guidance. Removed after reading unless ``whitepaper_draft`` is
    on; then every builder renders it as an admonition."""


class whitepaper_placeholder(nodes.inline):  # noqa: N801
    """Sample text to replace. Every builder renders it as inline text."""


class whitepaper_chapter(nodes.Element):  # noqa: N801
    """Marker that makes the enclosing section a chapter. Always removed after reading."""


class ChapterRecord(NamedTuple):
    """Chapters, guidance and placeholders of one document, for the structure check."""

    #: ``(chapter id, line)`` in document order.
    chapters: tuple[tuple[str, int], ...]
    #: Lines of ``whitepaper-guidance`` blocks.
    guidance: tuple[int, ...]
    #: ``(line, text)`` of placeholders.
    placeholders: tuple[tuple[int, str], ...]
    #: Line of the first toctree, where a missing chapter would be listed.
    toctree_line: int


class _NoOptions(LenientOptionSpec):
    """Option spec of a directive without options: every option is unknown.

    docutils parses options only for a truthy spec. This empty one is truthy,
    so ``:bogus: 1`` gives an unknown-option warning instead of a parse error.
    """

    def __bool__(self) -> bool:
        return True


class GuidanceDirective(WhitepaperDirective):
    """Show writing guidance in draft builds only.

    Argument: a chapter id (optional). Option: ``:class:``. Content: the
    guidance; when empty, the catalog's guidance for the chapter id is used.
    Node tree: ``whitepaper_guidance`` > ``title`` (translated), paragraphs.
    """

    has_content = True
    optional_arguments = 1
    option_spec = option_spec(**{"class": directives.class_option})

    def run(self) -> list[Node]:
        self.check_options()
        node = whitepaper_guidance(
            "", classes=["wp-guidance", *self.options.get("class", [])]
        )
        self.set_source_info(node)
        node += nodes.title("", _("Writing guidance"))
        if self.content:
            node += self.parse_content_to_nodes(allow_section_headings=False)
            return [node]
        text = chapter_guidance(self.arguments[0]) if self.arguments else ""
        if not text:
            warn(
                __('"whitepaper-guidance" needs content or a standard chapter id'),
                WhitepaperWarning.EMPTY,
                self.get_location(),
            )
        node += nodes.paragraph(text, text)
        return [node]


class ChapterDirective(WhitepaperDirective):
    """Mark the current section as a chapter (single-file whitepapers).

    Argument: the chapter id. Node tree: ``whitepaper_chapter``, removed after
    reading.
    """

    required_arguments = 1
    option_spec = _NoOptions()

    def run(self) -> list[Node]:
        self.check_options()
        node = whitepaper_chapter(chapter=self.arguments[0].strip())
        self.set_source_info(node)
        return [node]


class PlaceholderRole(SphinxRole):
    """``:whitepaper-placeholder:`text``` marks sample text to replace."""

    def run(self) -> tuple[list[Node], list[system_message]]:
        node = whitepaper_placeholder(self.rawtext, self.text, classes=["wp-placeholder"])
        self.set_source_info(node)
        return [node], []


def _records(env: BuildEnvironment) -> dict[str, ChapterRecord]:
    return StructureCollector.records(env)


def _file_chapter(env: BuildEnvironment, doctree: nodes.document) -> str:
    """Return the chapter id in the document's file-wide metadata, or ``""``."""
    value = env.metadata.get(env.docname, {}).get(CHAPTER_FIELD)
    if value:
        return str(value).strip()
    # Before Sphinx's metadata collector has run, the docinfo is still there.
    for docinfo in doctree.findall(nodes.docinfo):
        for item in docinfo.findall(nodes.field):
            if item[0].astext().strip().lower() == CHAPTER_FIELD:
                return item[1].astext().strip()
    return ""


class StructureCollector(RecordsCollector):
    """Record chapters, guidance and placeholders, and drop guidance in release builds."""

    data_key = DATA_KEY

    def process_doc(self, app: Sphinx, doctree: nodes.document) -> None:
        env = app.env
        chapters: list[tuple[str, int]] = []
        file_chapter = _file_chapter(env, doctree)
        if file_chapter:
            chapters.append((file_chapter, 1))
        guidance: list[int] = []
        placeholders: list[tuple[int, str]] = []
        toctree: nodes.Element | None = None
        draft = env.config.whitepaper_draft
        # One walk collects all four node types, and removal waits until it ends.
        for node in list(doctree.findall(_is_structure_node)):
            assert isinstance(node, nodes.Element)
            if isinstance(node, whitepaper_chapter):
                chapters.append((node["chapter"], node.line or 0))
                node.parent.remove(node)
            elif isinstance(node, whitepaper_guidance):
                guidance.append(node.line or 0)
                if not draft:
                    node.parent.remove(node)
            elif not draft and _in_guidance(node):
                continue  # It goes with its guidance block.
            elif isinstance(node, whitepaper_placeholder):
                placeholders.append((node.line or 0, node.astext()))
            elif toctree is None:
                toctree = node
        if chapters or guidance or placeholders or toctree is not None:
            _records(env)[env.docname] = ChapterRecord(
                chapters=tuple(chapters),
                guidance=tuple(guidance),
                placeholders=tuple(placeholders),
                toctree_line=(toctree.line or 0) if toctree is not None else 0,
            )


_STRUCTURE_NODES = (
    whitepaper_chapter, whitepaper_guidance, whitepaper_placeholder, addnodes.toctree,
)


def _is_structure_node(node: Node) -> bool:
    return isinstance(node, _STRUCTURE_NODES)


def _in_guidance(node: Node) -> bool:
    parent = node.parent
    while parent is not None:
        if isinstance(parent, whitepaper_guidance):
            return True
        parent = parent.parent
    return False


def _in_order(indexes: list[int]) -> set[int]:
    """Return the positions of a longest increasing subsequence of ``indexes``.

    The chapters at these positions count as in order; the others are reported.
    """
    best: list[list[int]] = []
    for pos, value in enumerate(indexes):
        chain: list[int] = []
        for prev in range(pos):
            if indexes[prev] < value and len(best[prev]) > len(chain):
                chain = best[prev]
        best.append([*chain, pos])
    longest: list[int] = []
    for run in best:
        if len(run) > len(longest):
            longest = run
    return set(longest)


def check_structure(app: Sphinx, env: BuildEnvironment) -> None:
    """Warn about missing or misplaced chapters and leftover template text."""
    records = _records(env)
    order = toctree_order(env)
    structure = list(env.config.whitepaper_structure or [])
    # A project in which no document names a chapter does not follow the
    # whitepaper structure at all (an existing manual that only uses the
    # directives, say): it gets no chapter warnings.
    if structure and any(record.chapters for record in records.values()):
        _check_chapters(env, records, order, structure)
    if env.config.whitepaper_draft:
        return
    for docname in order:
        record = records.get(docname)
        if record is None:
            continue
        for line in record.guidance:
            warn(
                __(
                    "writing guidance is left in a release build; delete the "
                    '"whitepaper-guidance" block or set whitepaper_draft = True'
                ),
                WhitepaperWarning.STRUCTURE,
                (docname, line),
            )
        for line, text in record.placeholders:
            warn(
                __('placeholder text "%s" is left in a release build; replace it'),
                WhitepaperWarning.STRUCTURE,
                (docname, line),
                text,
            )


def _check_chapters(
    env: BuildEnvironment,
    records: dict[str, ChapterRecord],
    order: list[str],
    structure: list[str],
) -> None:
    found: list[tuple[str, str, int]] = []
    first_seen: dict[str, str] = {}
    for docname in order:
        record = records.get(docname)
        for chapter, line in record.chapters if record else ():
            if chapter in first_seen:
                warn(
                    __('chapter "%s" appears twice; the first one is in %s'),
                    WhitepaperWarning.STRUCTURE,
                    (docname, line),
                    chapter,
                    env.doc2path(first_seen[chapter]),
                )
                continue
            first_seen[chapter] = docname
            if chapter in structure:
                found.append((chapter, docname, line))
    root = env.config.root_doc
    root_record = records.get(root)
    root_line = root_record.toctree_line if root_record and root_record.toctree_line else None
    for chapter in structure:
        if chapter not in first_seen:
            warn(
                __('required chapter "%s" is missing; mark its document with "%s: %s"'),
                WhitepaperWarning.STRUCTURE,
                (root, root_line),
                chapter,
                CHAPTER_FIELD,
                chapter,
            )
    indexes = [structure.index(chapter) for chapter, _doc, _line in found]
    keep = _in_order(indexes)
    for pos, (chapter, docname, line) in enumerate(found):
        if pos not in keep:
            warn(
                __('chapter "%s" is out of order; the required order is: %s'),
                WhitepaperWarning.STRUCTURE,
                (docname, line),
                chapter,
                ", ".join(structure),
            )


def validate_structure(app: Sphinx, config: Config) -> None:
    """Drop empty chapter ids and warn about ids that are not strings.

    ``-D whitepaper_structure=`` arrives as ``[""]`` and so turns the check off.
    """
    value = config.whitepaper_structure
    if not value:
        return
    bad = [item for item in value if not isinstance(item, str)]
    if bad:
        warn(
            __("whitepaper_structure must list chapter ids as strings; ignoring %r"),
            WhitepaperWarning.CONFIG,
            None,
            bad,
        )
    config.whitepaper_structure = [
        item.strip() for item in value if isinstance(item, str) and item.strip()
    ]


def setup_structure(app: Sphinx) -> None:
    """Register the guidance, chapter and placeholder markup and the check."""
    app.add_node(whitepaper_guidance)
    app.add_node(whitepaper_placeholder)
    app.add_node(whitepaper_chapter)
    app.add_directive("whitepaper-guidance", GuidanceDirective)
    app.add_directive("whitepaper-chapter", ChapterDirective)
    app.add_role("whitepaper-placeholder", PlaceholderRole())
    app.add_env_collector(StructureCollector)
    app.connect("config-inited", validate_structure)
    app.connect("env-check-consistency", check_structure)
