"""List and index directives: every algorithm, derivation, pros/cons table or FAQ question.

.. code-block:: rst

   .. list-of-algorithms::
      :docname: chapters/*
      :class: core

   .. faq-index::
      :caption: Questions about deployment

Each directive leaves a :class:`list_placeholder` in the doctree when the
document is read. :func:`resolve_lists` replaces it when the document is
written, from the :class:`~sphinx_whitepaper.domain.WhitepaperDomain` records
of all documents, so the list is complete whatever the reading order, in
parallel builds too. Entries follow the order of the toctree, starting from
``root_doc``; documents outside it come last, by name.

A list depends on other documents. :func:`rewrite_dependents` marks two sets of
documents for writing. The first is every document with a list, when the
records, numbers or document order changed since the previous build. The
second is every document with a cross-reference that now shows another title
or number. Incremental builds then give the same pages as clean builds.
"""

from __future__ import annotations

import hashlib
from fnmatch import fnmatchcase
from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx.domains import Domain
from sphinx.errors import ExtensionError, NoUri
from sphinx.util import docname_join, logging
from sphinx.util.nodes import make_refnode

from sphinx_whitepaper._base import (
    COMMON_OPTIONS,
    WhitepaperDirective,
    WhitepaperItem,
    item_label,
    option_spec,
)
from sphinx_whitepaper.diagnostics import WhitepaperWarning, warn
from sphinx_whitepaper.domain import ItemRecord, WhitepaperDomain, toctree_order
from sphinx_whitepaper.faq import faq_item
from sphinx_whitepaper.i18n import _, __
from sphinx_whitepaper.items import format_label, item_number

if TYPE_CHECKING:
    from collections.abc import Iterable, Set

    from docutils.nodes import Node
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment

#: Directive name -> record kind.
LIST_DIRECTIVES: dict[str, str] = {
    "list-of-algorithms": "algorithm",
    "list-of-derivations": "derivation",
    "list-of-pros-cons": "proscons",
    "faq-index": "faq",
}


def _heading(kind: str) -> str:
    # Literal calls keep the words visible to the message extractor.
    if kind == "algorithm":
        return _("List of algorithms")
    if kind == "derivation":
        return _("List of derivations")
    if kind == "proscons":
        return _("List of pros and cons")
    return _("Frequently asked questions")


def _kind_word(kind: str) -> str:
    if kind == "algorithm":
        return _("Algorithm")
    if kind == "derivation":
        return _("Derivation")
    if kind == "proscons":
        return _("Pros and cons")
    return _("Q")


def _words(value: str | None) -> list[str]:
    return (value or "").replace(",", " ").split()


class list_placeholder(nodes.General, nodes.Element):  # noqa: N801 (docutils node naming)
    """Stand-in for a list, replaced by :func:`resolve_lists` in every builder.

    Attributes: ``kind``, ``docname`` (where the directive is), ``patterns``
    (docname patterns, already joined with the directive's folder), ``filter_classes``
    and ``heading`` (None for the translated default, "" for none). A heading
    given with ``:caption:`` is a ``rubric`` child, so the gettext builder
    extracts it and translations replace it. The node never reaches a writer,
    so it has no visitors.
    """


class ListDirective(WhitepaperDirective):
    """List every item of one kind, with number, title and link.

    No argument, no content. Options:

    - ``:docname:``: document names or ``fnmatch`` patterns, separated by
      spaces or commas. They are relative to this document unless they start
      with ``/``.
    - ``:class:``: keep only items with at least one of these classes.
    - ``:caption:``: the heading text. An empty value removes the heading.
    - ``:name:``: a label for the list.

    Node tree after writing: ``container.wp-list`` > optional ``rubric``, then
    a ``bullet_list`` of references, or a paragraph when nothing matches.
    """

    has_content = False
    option_spec = option_spec(
        **COMMON_OPTIONS, docname=directives.unchanged, caption=directives.unchanged
    )

    def run(self) -> list[Node]:
        self.check_options()
        kind = LIST_DIRECTIVES[self.name]
        patterns = [
            pattern.lstrip("/") if pattern.startswith("/") else docname_join(
                self.env.docname, pattern
            )
            for pattern in _words(self.options.get("docname"))
        ]
        node = list_placeholder(
            "",
            kind=kind,
            docname=self.env.docname,
            patterns=patterns,
            filter_classes=list(self.options.get("class", [])),
            heading=self.options.get("caption"),
        )
        self.set_source_info(node)
        caption = self.options.get("caption")
        if caption:
            rubric = nodes.rubric(caption, caption, classes=["wp-list-title"])
            self.set_source_info(rubric)
            node += rubric
        self.add_name(node)
        domain = self.env.get_domain(ListsDomain.name)
        assert isinstance(domain, ListsDomain)
        domain.note_list(self.env.docname, self.lineno, patterns)
        return [node]


class ListsDomain(Domain):
    """Data on what a document shows from other documents: lists and references.

    ``documents`` has the line and ``:docname:`` patterns of each list
    directive, per docname. ``refs`` contains the
    targets of every cross-reference per docname. ``fingerprint`` and
    ``labels`` describe the previous build, so :func:`rewrite_dependents`
    can tell what changed.
    """

    name = "wplists"
    label = "Whitepaper lists"
    initial_data: ClassVar[dict[str, Any]] = {
        "documents": {}, "refs": {}, "fingerprint": "", "labels": {},
    }
    data_version = 3

    @property
    def documents(self) -> dict[str, list[tuple[int, tuple[str, ...]]]]:
        """Line and ``:docname:`` patterns of each list directive, by docname."""
        return self.data.setdefault("documents", {})  # type: ignore[no-any-return]

    @property
    def refs(self) -> dict[str, frozenset[str]]:
        """Cross-reference targets by docname."""
        return self.data.setdefault("refs", {})  # type: ignore[no-any-return]

    def note_list(self, docname: str, lineno: int, patterns: list[str]) -> None:
        self.documents.setdefault(docname, []).append((lineno, tuple(patterns)))

    def clear_doc(self, docname: str) -> None:
        self.documents.pop(docname, None)
        self.refs.pop(docname, None)

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        for key in ("documents", "refs"):
            mine = self.data.setdefault(key, {})
            for docname, value in otherdata.get(key, {}).items():
                if docname in docnames:
                    mine[docname] = value

    def process_doc(
        self, env: BuildEnvironment, docname: str, document: nodes.document
    ) -> None:
        targets: set[str] = set()
        for xref in document.findall(addnodes.pending_xref):
            target = str(xref.get("reftarget", ""))
            if target:
                targets.update((target, target.lower()))
        if targets:
            self.refs[docname] = frozenset(targets)

    def resolve_any_xref(self, *args: Any, **kwargs: Any) -> list[Any]:
        return []

    def resolve_xref(self, *args: Any, **kwargs: Any) -> None:
        return None


def document_order(env: BuildEnvironment) -> list[str]:
    """Return all docnames: toctree order from ``root_doc`` first, then the rest by name."""
    order = toctree_order(env)
    order.extend(sorted(set(env.found_docs) - set(order)))
    return order


def ordered_records(env: BuildEnvironment, kind: str) -> list[ItemRecord]:
    """Return the records of ``kind`` in document order."""
    domain = env.get_domain("wp")
    assert isinstance(domain, WhitepaperDomain)
    items = domain.items
    return [
        record
        for docname in document_order(env)
        for record in items.get(docname, [])
        if record.kind == kind
    ]


def entry_label(env: BuildEnvironment, record: ItemRecord) -> str:
    """Return "Algorithm 2.1" for a numbered record, the kind word otherwise."""
    if record.kind == "faq":
        return _kind_word("faq")
    probe = WhitepaperItem(
        "", ids=[record.node_id], docname=record.docname, kind=record.kind,
        label=_kind_word(record.kind), title=record.title,
    )
    number = item_number(env, probe) if record.numbered else None
    return format_label(env, probe, number)


def _reference(builder: Builder, fromdoc: str, record: ItemRecord, child: Node) -> Node:
    ref = make_refnode(builder, fromdoc, record.docname, record.node_id, child)
    refuri = ref.get("refuri", "")
    # Builders that put every document on one page (singlehtml) give a
    # document "#document-x"; the item anchor alone is the right target.
    # NOTE: ids are unique per document only, so in singlehtml two items with
    # the same id in different documents share one target.
    if refuri.startswith("#") and refuri.count("#") > 1:
        ref["refuri"] = "#" + record.node_id
    return ref


def resolve_lists(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Replace each :class:`list_placeholder` with the list of matching items.

    ``doctree-resolved`` also fires for the whole-project trees of singlehtml
    and latex, after every document was inlined.
    """
    present: set[tuple[str, str]] | None = None
    if app.builder.name in WHOLE_PROJECT_BUILDERS:
        present = set()
        for node in doctree.findall(_is_listed_node):
            assert isinstance(node, nodes.Element)
            if node["ids"]:
                present.add((str(node.get("docname")), node["ids"][0]))
    for placeholder in list(doctree.findall(list_placeholder)):
        placeholder.replace_self(build_list(app, placeholder, present))


#: Builders that write several documents into one tree. Their lists keep only
#: the items that made it into that tree, so no entry links to a missing label.
WHOLE_PROJECT_BUILDERS = frozenset({"singlehtml", "latex", "texinfo", "man"})


def _is_listed_node(node: Node) -> bool:
    return isinstance(node, (WhitepaperItem, faq_item))


def build_list(
    app: Sphinx,
    placeholder: list_placeholder,
    present: set[tuple[str, str]] | None = None,
) -> nodes.container:
    """Return the container that shows the list for ``placeholder``.

    :param present: ``(docname, id)`` of the items in the output tree, for
        builders that combine documents; other items are left out.
    """
    env = app.env
    kind = placeholder["kind"]
    patterns: list[str] = placeholder["patterns"]
    classes: list[str] = placeholder["filter_classes"]
    records = ordered_records(env, kind)
    if patterns:
        records = [r for r in records if any(fnmatchcase(r.docname, p) for p in patterns)]
    if classes:
        records = [r for r in records if set(classes) & set(r.classes)]
    if present is not None:
        records = [r for r in records if (r.docname, r.node_id) in present]

    container = nodes.container(
        "", classes=["wp-list", "wp-list-" + kind], ids=list(placeholder["ids"]),
        names=list(placeholder["names"]),
    )
    heading = placeholder.get("heading")
    if heading is None:
        default = _heading(kind)
        container += nodes.rubric(default, default, classes=["wp-list-title"])
    elif heading:
        # Move, not copy: the gettext builder needs the rubric's ``uid`` attribute.
        rubrics = list(placeholder.findall(nodes.rubric))
        for rubric in rubrics:
            rubric.parent.remove(rubric)
        container.extend(rubrics)
    if not records:
        container += nodes.paragraph("", _("No entries."), classes=["wp-list-empty"])
        return container
    items = nodes.bullet_list("", classes=["wp-list-items"])
    fromdoc = placeholder["docname"]
    for record in records:
        para = nodes.paragraph()
        label = entry_label(env, record)
        inline = nodes.inline("", "", classes=["wp-list-entry"])
        if kind != "faq":
            inline += item_label("", label, classes=["wp-label"])
            inline += nodes.Text(" ")
        if record.title_nodes:
            # The records are shared by every list, so each entry gets copies.
            inline.extend(node.deepcopy() for node in record.title_nodes)
            resolve_title_xrefs(app, fromdoc, inline)
        else:
            inline += nodes.Text(record.title)
        try:
            para += _reference(app.builder, fromdoc, record, inline)
        except NoUri:
            # The builder has no page for that document (an orphan left out
            # of a PDF, for instance), so the item is not part of this output.
            continue
        items += nodes.list_item("", para)
    if not len(items):
        container += nodes.paragraph("", _("No entries."), classes=["wp-list-empty"])
        return container
    container += items
    return container


def resolve_title_xrefs(app: Sphinx, fromdoc: str, entry: nodes.Element) -> None:
    """Replace the cross-references copied from a title with the text they show.

    A list entry is a link itself, so a reference in the title becomes its
    text, such as "Algorithm 1.2" for a ``:numref:``. A reference that does not
    resolve keeps its source text; the item's own document already warned
    about it.
    """
    for xref in list(entry.findall(addnodes.pending_xref)):
        equation = _latex_equation(app, xref)
        if equation is not None:
            xref.replace_self(equation)
            continue
        result = _resolved(app, fromdoc, xref)
        if result is None:
            xref.replace_self(nodes.Text(xref.astext()))
        elif app.builder.format == "latex" and isinstance(result, addnodes.number_reference):
            # LaTeX numbers figures, tables and code blocks itself.
            xref.replace_self(
                list_number_reference("", "", *result.children, **result.attributes)
            )
        else:
            xref.replace_self(nodes.Text(result.astext()))


class list_number_reference(addnodes.number_reference):  # noqa: N801 (docutils node naming)
    """A ``:numref:`` in a list entry's title, written for LaTeX without its link.

    The entry is a link already. LaTeX writes the number itself with ``\\ref``,
    so it matches the caption of the figure, table or code block in the PDF.
    """


def visit_list_number_reference_latex(self: Any, node: list_number_reference) -> None:
    try:
        self.visit_number_reference(node)
    except nodes.SkipNode:
        # Sphinx wrote "\\hyperref[target]{text}"; keep the text only.
        hyperref = self.body.pop()
        self.body.append(hyperref[hyperref.index("]{") + 2 : -1])
        raise


def _latex_equation(app: Sphinx, xref: addnodes.pending_xref) -> nodes.Element | None:
    """Return an equation reference as LaTeX writes it, so the PDF numbers it.

    Sphinx's LaTeX builder turns ``:eq:`` into ``\\eqref`` in the same way; the
    text of the HTML number would differ from the PDF's own numbering.
    """
    if app.builder.format != "latex" or xref.get("refdomain") != "math":
        return None
    target = str(xref.get("reftarget", ""))
    math: Any = app.env.get_domain("math")
    found = math.equations.get(target)
    if found is None:
        return None
    # Imported here because the package loads the whole LaTeX builder.
    from sphinx.builders.latex.nodes import math_reference

    return math_reference("", docname=found[0], target=target)


def _resolved(app: Sphinx, fromdoc: str, xref: addnodes.pending_xref) -> nodes.Node | None:
    """Return what ``xref`` resolves to, or None when it does not resolve."""
    fallback = xref.astext()
    if not xref.get("refdomain") and xref.get("reftype") == "any":
        text = _any_text(app, fromdoc, xref)
        return nodes.Text(text) if text else None
    try:
        domain = app.env.get_domain(str(xref.get("refdomain") or ""))
    except ExtensionError:
        return None  # A domain that is not loaded.
    content = xref[0] if xref.children and isinstance(xref[0], nodes.Element) else None
    contnode = content.deepcopy() if content is not None else nodes.inline(fallback, fallback)
    with logging.suppress_logging():
        try:
            result = domain.resolve_xref(
                app.env, fromdoc, app.builder, str(xref.get("reftype", "")),
                str(xref.get("reftarget", "")), xref, contnode,
            )
        except NoUri:
            result = None
    return result


def _any_text(app: Sphinx, fromdoc: str, xref: addnodes.pending_xref) -> str:
    """Return what an ``:any:`` reference shows, from the standard domain's targets.

    The standard domain contains labels, documents and terms, which is what
    ``:any:`` finds in a whitepaper. Targets of other domains keep their source text.
    """
    std = app.env.get_domain("std")
    contnode = nodes.inline(xref.astext(), xref.astext())
    with logging.suppress_logging():
        try:
            results = std.resolve_any_xref(
                app.env, fromdoc, app.builder, str(xref.get("reftarget", "")), xref, contnode
            )
        except NoUri:
            return ""
    return results[0][1].astext() if results else ""


def title_targets(env: BuildEnvironment) -> set[str]:
    """Return the targets of the cross-references in item titles, for list documents."""
    domain = env.get_domain("wp")
    assert isinstance(domain, WhitepaperDomain)
    targets: set[str] = set()
    for record in domain.iter_records():
        for node in record.title_nodes:
            if not isinstance(node, nodes.Element):
                continue
            for xref in node.findall(addnodes.pending_xref):
                target = str(xref.get("reftarget", ""))
                targets.update((target, target.lower()))
    return targets


def _record_key(record: ItemRecord) -> tuple[Any, ...]:
    # repr() of a node shortens its children and leaves out its attributes,
    # so the title markup goes in as pformat() text.
    return (*record[:-1], tuple(node.pformat() for node in record.title_nodes))


def _fingerprint(env: BuildEnvironment) -> str:
    """Digest of everything a list shows: order, records and their numbers."""
    digest = hashlib.sha256()
    domain = env.get_domain("wp")
    assert isinstance(domain, WhitepaperDomain)
    for docname in document_order(env):
        records = domain.items.get(docname, [])
        numbers = env.toc_fignumbers.get(docname, {})
        keys = [_record_key(record) for record in records]
        digest.update(repr((docname, keys, sorted(numbers.items()))).encode())
    return digest.hexdigest()


def _number(env: BuildEnvironment, docname: str, node_id: str) -> tuple[int, ...]:
    for numbers in env.toc_fignumbers.get(docname, {}).values():
        if node_id in numbers:
            return tuple(numbers[node_id])
    return ()


def label_state(env: BuildEnvironment) -> dict[str, tuple[Any, ...]]:
    """Return what a reference to each label shows: its document, title and number."""
    state: dict[str, tuple[Any, ...]] = {}
    std = env.get_domain("std")
    for name, (docname, node_id, title) in std.labels.items():  # type: ignore[attr-defined]
        state[name] = (docname, node_id, title, _number(env, docname, node_id))
    for name, (docname, node_id) in std.anonlabels.items():  # type: ignore[attr-defined]
        state.setdefault(name, (docname, node_id, "", _number(env, docname, node_id)))
    math = env.get_domain("math")
    for name, (docname, eqno) in math.equations.items():  # type: ignore[attr-defined]
        node_id = "equation-" + name
        state["math:" + name] = (docname, eqno, _number(env, docname, node_id))
    return state


def rewrite_dependents(app: Sphinx, env: BuildEnvironment) -> Iterable[str]:
    """Return the documents that show something which changed elsewhere.

    Sphinx rewrites the documents it re-read and those whose own numbers
    changed. A list also shows other documents' items, and a reference shows
    another document's title or number, so those documents are returned
    too: every list document when the records, numbers or document order
    changed, and every document that refers to a label whose target, title or
    number changed. Connected to ``env-get-updated`` after Sphinx's toctree
    collector, so the numbers are already assigned.
    """
    domain = env.get_domain(ListsDomain.name)
    assert isinstance(domain, ListsDomain)
    rewrite: set[str] = set()
    fingerprint = _fingerprint(env)
    if fingerprint != domain.data.get("fingerprint"):
        domain.data["fingerprint"] = fingerprint
        rewrite.update(domain.documents)

    state = label_state(env)
    previous: dict[str, tuple[Any, ...]] = domain.data.get("labels", {})
    changed = {
        name.removeprefix("math:")
        for name in state.keys() | previous.keys()
        if state.get(name) != previous.get(name)
    }
    domain.data["labels"] = state
    if changed:
        rewrite.update(doc for doc, targets in domain.refs.items() if targets & changed)
        # A list shows what the references in item titles resolve to.
        if changed & title_targets(env):
            rewrite.update(domain.documents)
    return sorted(rewrite & set(env.found_docs))


def check_filters(app: Sphinx, env: BuildEnvironment) -> None:
    """Warn about ``:docname:`` patterns that match no document.

    It runs once per build after reading, so each bad pattern gives one
    warning, however often builders such as epub resolve the document.
    """
    domain = env.get_domain(ListsDomain.name)
    assert isinstance(domain, ListsDomain)
    for docname in sorted(domain.documents):
        for lineno, patterns in domain.documents[docname]:
            unmatched = [
                pattern for pattern in patterns
                if not any(fnmatchcase(found, pattern) for found in env.found_docs)
            ]
            if unmatched:
                warn(
                    __("list filter :docname: %s matches no document"),
                    WhitepaperWarning.LIST,
                    (docname, lineno),
                    ", ".join(unmatched),
                )


def setup_lists(app: Sphinx) -> None:
    """Register the list directives, their domain and the resolving transform."""
    app.add_domain(ListsDomain)
    app.add_node(list_placeholder)
    for name in LIST_DIRECTIVES:
        app.add_directive(name, ListDirective)
    app.add_node(list_number_reference, latex=(visit_list_number_reference_latex, None))
    app.connect("doctree-resolved", resolve_lists)
    # The toctree collector assigns figure numbers at the default priority 500.
    app.connect("env-get-updated", rewrite_dependents, priority=900)
    app.connect("env-check-consistency", check_filters)
