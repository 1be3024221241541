"""The ``wp`` domain: small per-document records of every whitepaper item.

Records hold plain data (docname, line, id, title) and, for a title with
inline markup, small copies of that markup; never an item's body. Lists,
indexes and cross-document checks read them after all documents are read.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, ClassVar, NamedTuple

from docutils import nodes
from sphinx import addnodes
from sphinx.domains import Domain
from sphinx.environment.collectors import EnvironmentCollector
from sphinx.transforms import SphinxTransform

from sphinx_whitepaper._base import WhitepaperItem, item_caption, item_label, item_title
from sphinx_whitepaper.diagnostics import WhitepaperWarning, warn
from sphinx_whitepaper.faq import faq, faq_item, faq_question
from sphinx_whitepaper.i18n import __

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator, Set

    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment


class ItemRecord(NamedTuple):
    """One algorithm, pros/cons table, derivation or FAQ question."""

    #: "algorithm", "proscons", "derivation" or "faq".
    kind: str
    docname: str
    lineno: int
    #: The anchor id in the document.
    node_id: str
    #: Plain-text title, or the question for FAQ items.
    title: str
    #: Labels given with ``:name:``.
    names: tuple[str, ...]
    classes: tuple[str, ...]
    #: Whether numfig numbers this item.
    numbered: bool
    #: Copies of the title's inline markup for lists, or () when the title is
    #: plain text (see :func:`title_markup`).
    title_nodes: tuple[nodes.Node, ...] = ()


#: Inline markup that a list entry keeps from a title.
_KEPT_INLINES = (
    nodes.emphasis, nodes.strong, nodes.literal, nodes.math,
    nodes.subscript, nodes.superscript,
)
#: Nodes that a list entry leaves out: notes and generated markup.
_DROPPED = (
    nodes.footnote_reference, nodes.citation_reference, nodes.system_message,
    nodes.image, nodes.comment, nodes.substitution_definition, addnodes.index, item_label,
)


def title_markup(title: nodes.Element) -> tuple[nodes.Node, ...]:
    """Return copies of the inline markup in ``title``, or () when it is plain text.

    Emphasis, strong, literal, math, subscript and superscript stay, so a list
    shows a formula as a formula. Links and other markup keep only their text,
    because a list entry is itself a link, and footnote references are left
    out. Cross-references stay as ``pending_xref`` copies, which
    :func:`~sphinx_whitepaper.lists.build_list` replaces with the text they
    resolve to. Raw markup (inline HTML in MyST) shows as its source text, as
    in ``:ref:`` links to the item.
    """
    if all(isinstance(child, nodes.Text) for child in title.children):
        return ()
    copies: list[nodes.Node] = []
    for node in _inline_copies(title.children):
        # Text around a dropped node joins, without a double space.
        if isinstance(node, nodes.Text) and copies and isinstance(copies[-1], nodes.Text):
            joined = copies[-1].astext() + node.astext()
            copies[-1] = nodes.Text(re.sub(r"\s{2,}", " ", joined))
        else:
            copies.append(node)
    if not "".join(node.astext() for node in copies).strip():
        return ()
    # A dropped footnote reference can leave a space at either end.
    if isinstance(copies[0], nodes.Text):
        copies[0] = nodes.Text(copies[0].astext().lstrip())
    if isinstance(copies[-1], nodes.Text):
        copies[-1] = nodes.Text(copies[-1].astext().rstrip())
    return tuple(copies)


def _inline_copies(children: Iterable[nodes.Node]) -> list[nodes.Node]:
    copies: list[nodes.Node] = []
    for child in children:
        if isinstance(child, (nodes.Text, nodes.raw)):
            copies.append(nodes.Text(child.astext()))
        elif isinstance(child, _DROPPED):
            continue
        elif isinstance(child, (*_KEPT_INLINES, addnodes.pending_xref)):
            copy = child.copy()
            for key in ("ids", "names", "dupnames", "backrefs"):
                copy[key] = []
            copy.extend(_inline_copies(child.children))
            copies.append(copy)
        elif isinstance(child, nodes.Element):
            copies.extend(_inline_copies(child.children))
    return copies


class WhitepaperDomain(Domain):
    """Store the records of whitepaper items per document.

    ``shadowed`` maps a docname to the labels it could not take because
    another document had them, each with that document's name.
    """

    name = "wp"
    label = "Whitepaper"
    initial_data: ClassVar[dict[str, Any]] = {"items": {}, "shadowed": {}}
    data_version = 2

    @property
    def items(self) -> dict[str, list[ItemRecord]]:
        """Records by docname, in document order."""
        return self.data.setdefault("items", {})  # type: ignore[no-any-return]

    @property
    def shadowed(self) -> dict[str, dict[str, str]]:
        """Labels ignored as duplicates, by docname: label -> the docname that has it."""
        return self.data.setdefault("shadowed", {})  # type: ignore[no-any-return]

    def note_shadowed(self, docname: str, label: str, owner: str) -> None:
        self.shadowed.setdefault(docname, {})[label] = owner

    def iter_records(self, kind: str | None = None) -> Iterator[ItemRecord]:
        """Yield records of ``kind`` (all kinds if None), grouped by docname."""
        for docname in sorted(self.items):
            for record in self.items[docname]:
                if kind is None or record.kind == kind:
                    yield record

    def clear_doc(self, docname: str) -> None:
        self.items.pop(docname, None)
        self.shadowed.pop(docname, None)

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        for docname, records in otherdata.get("items", {}).items():
            if docname in docnames:
                self.items[docname] = records
        for docname, labels in otherdata.get("shadowed", {}).items():
            if docname in docnames:
                self.shadowed[docname] = labels

    def process_doc(
        self, env: BuildEnvironment, docname: str, document: nodes.document
    ) -> None:
        records: list[ItemRecord] = []
        std = env.get_domain("std")
        for node in document.findall(
            lambda n: isinstance(n, (WhitepaperItem, faq_item))
        ):
            assert isinstance(node, nodes.Element)
            if not node["ids"]:
                continue
            heading: nodes.Element | None
            if isinstance(node, faq_item):
                kind = "faq"
                title = str(node.get("question", ""))
                numbered = False
                heading = next(
                    (c for c in node.children if isinstance(c, faq_question)), None
                )
            else:
                kind = str(node.get("kind", ""))
                title = str(node.get("title", ""))
                numbered = bool(item_title(node)) and env.config.numfig
                heading = next(
                    (c for c in node.children if isinstance(c, item_caption)), None
                )
            records.append(
                ItemRecord(
                    kind=kind,
                    docname=docname,
                    lineno=node.line or 0,
                    node_id=node["ids"][0],
                    title=title,
                    names=tuple(node["names"]),
                    classes=tuple(node["classes"]),
                    numbered=numbered,
                    title_nodes=title_markup(heading) if heading is not None else (),
                )
            )
            # The standard domain gives ``:ref:`` a title only for sections and
            # numbered nodes, so register the title of the others here.
            if not numbered and title:
                for name in node["names"]:
                    if name in std.anonlabels and name not in std.labels:  # type: ignore[attr-defined]
                        std.labels[name] = (docname, node["ids"][0], title)  # type: ignore[attr-defined]
        # A labelled FAQ block is no item, but ``:ref:`` to it shows its heading.
        for block in document.findall(faq):
            heading = block.next_node(nodes.rubric)
            if not block["ids"] or heading is None or heading.parent is not block:
                continue
            for name in block["names"]:
                if name in std.anonlabels and name not in std.labels:  # type: ignore[attr-defined]
                    std.labels[name] = (docname, block["ids"][0], heading.astext())  # type: ignore[attr-defined]
        if records:
            self.items[docname] = records

    def resolve_any_xref(self, *args: Any, **kwargs: Any) -> list[Any]:
        return []

    def resolve_xref(self, *args: Any, **kwargs: Any) -> None:
        return None


def toctree_order(env: BuildEnvironment) -> list[str]:
    """Return the documents reachable from ``root_doc``, depth first in toctree order."""
    order: list[str] = []
    seen: set[str] = set()
    stack = [env.config.root_doc]
    while stack:
        docname = stack.pop()
        if docname in seen or docname not in env.found_docs:
            continue
        seen.add(docname)
        order.append(docname)
        stack.extend(reversed(env.toctree_includes.get(docname, [])))
    return order


class RecordsCollector(EnvironmentCollector):
    """Base of collectors that keep one record per document in the ``wp`` data.

    Subclasses set :attr:`data_key` and fill :meth:`records` in ``process_doc``.
    Clearing and parallel merging are the same for all of them.
    """

    #: Key of the records in the ``wp`` domain's data.
    data_key: ClassVar[str] = ""

    @classmethod
    def records(cls, env: BuildEnvironment) -> dict[str, Any]:
        """Return the records by docname, creating the mapping when missing."""
        return env.get_domain("wp").data.setdefault(cls.data_key, {})  # type: ignore[no-any-return]

    def clear_doc(self, app: Sphinx, env: BuildEnvironment, docname: str) -> None:
        self.records(env).pop(docname, None)

    def merge_other(
        self, app: Sphinx, env: BuildEnvironment, docnames: Set[str], other: BuildEnvironment
    ) -> None:
        # An environment unpickled from a worker has no domain objects, only
        # their data, so ``other.get_domain()`` would fail.
        mine = self.records(env)
        theirs = other.domaindata.get("wp", {}).get(self.data_key, {})
        for docname in docnames:
            if docname in theirs:
                mine[docname] = theirs[docname]


def check_duplicate_labels(app: Sphinx, env: BuildEnvironment) -> None:
    """Settle labels used by items in two documents, as a serial read does.

    Serial reads catch this in the directive: the document read first keeps
    the label, and the others ignore it with a warning. In a parallel read the
    documents are read in separate processes, so all of them register the
    label and the last merged one wins. This handler runs on the merged
    records, before Sphinx saves the environment. It gives the label to the
    first document by name, which a serial clean build reads first, warns at
    each other one with the serial build's message, and records the others
    as having ignored the label.
    """
    domain = env.get_domain("wp")
    assert isinstance(domain, WhitepaperDomain)
    std: Any = env.get_domain("std")
    holders: dict[str, ItemRecord] = {}
    for record in domain.iter_records():  # sorted by docname
        for name in record.names:
            holders.setdefault(name, record)
    for docname in sorted(domain.items):
        records = domain.items[docname]
        for index, record in enumerate(records):
            ignored = [name for name in record.names if holders[name].docname != docname]
            if not ignored:
                continue
            for name in ignored:
                holder = holders[name]
                warn(
                    __('duplicate label "%s", also defined in %s; the label is ignored here'),
                    WhitepaperWarning.DUPLICATE_LABEL,
                    (record.docname, record.lineno),
                    name,
                    env.doc2path(holder.docname),
                )
                # So that this document is read again when the holder changes.
                domain.note_shadowed(docname, name, holder.docname)
                std.anonlabels[name] = (holder.docname, holder.node_id)
                if name in std.labels:
                    title = holder.title or std.labels[name][2]
                    std.labels[name] = (holder.docname, holder.node_id, title)
            # NOTE: the page of this document keeps the label as its anchor id;
            # references and lists use the holder's.
            records[index] = record._replace(
                names=tuple(name for name in record.names if name not in ignored)
            )


def reread_shadowing_documents(
    app: Sphinx, env: BuildEnvironment, added: Set[str], changed: Set[str], removed: Set[str]
) -> list[str]:
    """Return the documents that ignored a label held by a changed or removed document.

    When that document drops the label, the one that ignored it can take it,
    as it would in a clean build, so it is read again.
    """
    domain = env.get_domain("wp")
    assert isinstance(domain, WhitepaperDomain)
    outdated = set(changed) | set(removed)
    return sorted(
        docname for docname, labels in domain.shadowed.items()
        if outdated.intersection(labels.values())
    )


def read_owners_first(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """Reorder ``docnames`` so a label's holder is read before the documents it shadowed.

    Serial reads clear each document just before reading it, so this order
    lets a document see whether the holder still has the label.
    """
    domain = env.get_domain("wp")
    assert isinstance(domain, WhitepaperDomain)
    reading = set(docnames)
    depth: dict[str, int] = {}

    def depth_of(docname: str, seen: frozenset[str] = frozenset()) -> int:
        if docname not in depth:
            owners = set(domain.shadowed.get(docname, {}).values()) & reading
            depth[docname] = 1 + max(
                (depth_of(owner, seen | {docname}) for owner in owners if owner not in seen),
                default=-1,
            )
        return depth[docname]

    docnames[:] = sorted(docnames, key=depth_of)


class TranslatedTitles(SphinxTransform):
    """Copy the translated caption and question text into the plain titles.

    The directives store ``title`` and ``question`` from the source text.
    Sphinx's i18n transform (priority 20) may then translate the caption or
    question, and ``:ref:`` must show that translated text, so the plain
    titles are taken again from the nodes before the domains read them.
    """

    default_priority = 30

    def apply(self, **kwargs: Any) -> None:
        for node in self.document.findall(WhitepaperItem):
            caption = next(iter(node.findall(item_caption)), None)
            if caption is not None and caption.astext():
                node["title"] = caption.astext()
        for item in self.document.findall(faq_item):
            question = next(iter(item.findall(faq_question)), None)
            if question is not None and question.astext():
                item["question"] = question.astext()


def setup_domain(app: Sphinx) -> None:
    """Register the domain and the cross-document label check."""
    app.add_domain(WhitepaperDomain)
    app.add_transform(TranslatedTitles)
    # Not "env-check-consistency": Sphinx saves the environment before that
    # event, so label changes made there would be lost in the next build.
    app.connect("env-updated", check_duplicate_labels)
    app.connect("env-get-outdated", reread_shadowing_documents)
    app.connect("env-before-read-docs", read_owners_first)
