"""Shared directive machinery: lenient options, labels and numbered items.

Options are parsed leniently so that an unknown option or an invalid value
becomes a ``whitepaper.option`` warning while the directive's content is still
rendered. Plain docutils would drop the whole directive instead.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util.docutils import SphinxDirective
from sphinx.util.nodes import make_id

from sphinx_whitepaper.diagnostics import WhitepaperWarning, warn
from sphinx_whitepaper.i18n import __

if TYPE_CHECKING:
    from docutils.nodes import Element, Node
    from sphinx.environment import BuildEnvironment


class _RejectedOption:
    """Value of an option that could not be used, kept for the warning."""

    def __init__(self, value: str, reason: str) -> None:
        self.value = value
        self.reason = reason


def lenient(converter: Callable[[str], Any]) -> Callable[[str], Any]:
    """Wrap an option converter so an invalid value is recorded, not raised."""

    def convert(value: str) -> Any:
        try:
            return converter(value)
        except (ValueError, TypeError) as error:
            return _RejectedOption(value, str(error))

    convert.__name__ = getattr(converter, "__name__", "convert")
    return convert


def _unknown(value: str) -> _RejectedOption:
    return _RejectedOption(value, "unknown option")


class LenientOptionSpec(dict[str, Callable[[str], Any]]):
    """Option spec that accepts any option name.

    Unknown names map to a converter that records the value, so the directive
    can warn and go on. docutils and MyST both look converters up with
    ``spec[name]``, which reaches ``__missing__``.
    """

    def __missing__(self, key: str) -> Callable[[str], Any]:
        return _unknown


def flag_option(value: str) -> bool:
    """Convert a flag option: it takes no value, or ``true``.

    ``true`` is what a MyST YAML option block gives for ``nonumber: true``.
    MyST lets any value through for docutils' own ``flag``, but this wrapper
    is a different function, so it accepts the YAML spelling itself.
    """
    if value and value.strip() and value.strip().lower() != "true":
        msg = "no argument is allowed"
        raise ValueError(msg)
    return True


def option_spec(**converters: Callable[[str], Any]) -> LenientOptionSpec:
    """Build a :class:`LenientOptionSpec` from plain option converters."""
    return LenientOptionSpec({name: lenient(conv) for name, conv in converters.items()})


COMMON_OPTIONS: dict[str, Callable[[str], Any]] = {
    "name": directives.unchanged_required,
    "class": directives.class_option,
}


class WhitepaperDirective(SphinxDirective):
    """Base directive: lenient options, typed warnings and label handling."""

    option_spec: ClassVar[dict[str, Callable[[str], Any]] | None] = option_spec(
        **COMMON_OPTIONS
    )
    #: Warning subtype for problems with this directive's content.
    subtype: ClassVar[WhitepaperWarning] = WhitepaperWarning.OPTION

    def warn(self, message: str, subtype: WhitepaperWarning | None, *args: Any) -> None:
        """Log a ``whitepaper`` warning located at this directive."""
        warn(message, subtype or self.subtype, self.get_location(), *args)

    def check_options(self) -> None:
        """Warn about unknown or invalid options and drop them."""
        for key, value in list(self.options.items()):
            if not isinstance(value, _RejectedOption):
                continue
            del self.options[key]
            if value.reason == "unknown option":
                self.warn(
                    __('unknown option "%s" for the "%s" directive (allowed: %s); ignored'),
                    WhitepaperWarning.OPTION,
                    key,
                    self.name,
                    ", ".join(sorted(self.option_spec or ())) or "none",
                )
            elif value.value is None or not str(value.value).strip():
                self.warn(
                    __('option "%s" of the "%s" directive needs a value; ignored'),
                    WhitepaperWarning.OPTION,
                    key,
                    self.name,
                )
            else:
                self.warn(
                    __('invalid value %r for option "%s" of the "%s" directive: %s; ignored'),
                    WhitepaperWarning.OPTION,
                    value.value,
                    key,
                    self.name,
                    value.reason,
                )

    def assign_ids(self, node: Element, prefix: str, term: str | None = None) -> None:
        """Give ``node`` its label (the ``:name:`` option) and a stable id.

        A label already used in this document or in another document that was
        read before gives a ``whitepaper.duplicate_label`` warning and is not
        registered a second time. The exception is a label of an item in a
        document that sorts after this one (see :meth:`_takes_over`).
        """
        name = self.options.get("name")
        if name:
            normalized = nodes.fully_normalize_name(name)
            std = self.env.get_domain("std")
            other = std.labels.get(normalized) or std.anonlabels.get(normalized)  # type: ignore[attr-defined]
            # Only an explicit label clashes: like ``.. _name:``, ours takes
            # over a section title's implicit name.
            if self.state.document.nametypes.get(normalized):
                self.warn(
                    __('duplicate label "%s" in this document; the label is ignored here'),
                    WhitepaperWarning.DUPLICATE_LABEL,
                    normalized,
                )
            elif other and self._takes_over(normalized, other[0]):
                self.add_name(node)
            elif other and other[0] != self.env.docname:
                self.warn(
                    __('duplicate label "%s", also defined in %s; the label is ignored here'),
                    WhitepaperWarning.DUPLICATE_LABEL,
                    normalized,
                    self.env.doc2path(other[0]),
                )
                # Remembered so that this document is read again once the
                # other one changes, and may then take the label.
                domain: Any = self.env.get_domain("wp")
                domain.note_shadowed(self.env.docname, normalized, other[0])
            else:
                self.add_name(node)
        if not node["ids"]:
            node["ids"].append(stable_id(self, prefix, term))
            self.state.document.set_id(node)

    def _takes_over(self, label: str, holder: str) -> bool:
        """Take ``label`` from the item in ``holder`` when that document sorts later.

        A clean serial build reads documents by name, so the first one keeps a
        duplicated label. An incremental build may read this document after
        ``holder`` took the label; then the label is freed here, and
        :func:`~sphinx_whitepaper.domain.check_duplicate_labels` warns at the
        holder after reading. Labels of other kinds (``.. _label:``) stay.
        """
        docname = self.env.docname
        if holder == docname or holder < docname:
            return False
        domain: Any = self.env.get_domain("wp")
        if not any(label in record.names for record in domain.items.get(holder, ())):
            return False
        std: Any = self.env.get_domain("std")
        std.labels.pop(label, None)
        std.anonlabels.pop(label, None)
        return True

    def parse_title(self, text: str) -> tuple[list[Node], list[nodes.system_message]]:
        """Parse inline markup in a title or an option value."""
        lineno = self.lineno
        return self.parse_inline(text, lineno=lineno)


def stable_id(directive: SphinxDirective, prefix: str, term: str | None) -> str:
    """Return an id made from ``term`` that stays the same between builds.

    ASCII text gives a slug such as ``faq-what-is-rag``. Text without ASCII
    letters, Chinese for instance, gives a short hash of the text, so the id
    does not depend on the item's position. Without a term, the id comes from
    Sphinx's per-document serial number.
    """
    document = directive.state.document
    if not term:
        return make_id(directive.env, document, prefix)
    slug = nodes.make_id(f"{prefix}-{term}")
    if not slug or slug == prefix:
        digest = hashlib.sha1(term.encode("utf-8"), usedforsecurity=False).hexdigest()
        slug = f"{prefix}-{digest[:8]}"
    candidate = slug
    suffix = 2
    while candidate in document.ids:
        candidate = f"{slug}-{suffix}"
        suffix += 1
    return candidate


def builder_name(env: BuildEnvironment) -> str:
    """Return the name of the running builder, for transforms without ``app``."""
    # Sphinx 9 stores the builder class on the environment and deprecates
    # ``SphinxTransform.app``. Sphinx 8 has no such attribute.
    builder_class = getattr(env, "_builder_cls", None)
    if builder_class is not None:
        return str(builder_class.name)
    return str(env.app.builder.name)


class item_caption(nodes.rubric):  # noqa: N801 (docutils node naming)
    """Caption of a numbered item: the user's title.

    The html and latex formats have their own visitors. The text, man and
    texinfo writers render it as a rubric.
    """


class item_label(nodes.inline):  # noqa: N801 (docutils node naming)
    """Generated label of an item such as "Algorithm 2.1".

    It is inserted by :class:`~sphinx_whitepaper.items.ItemLabels` after
    the document was read and translated, so it never reaches message catalogs.
    """


class WhitepaperItem(nodes.container):
    """Base class of numbered items (algorithm, pros/cons, derivation).

    Attributes: ``kind`` (the figtype), ``docname``, ``title`` (plain text),
    ``label`` (the translated kind word) and ``nonumber``. Builders without a
    visitor of their own render it as a container.
    """


def item_title(node: Node) -> str:
    """Return the plain title of an item for numfig, or "" to leave it unnumbered."""
    if not isinstance(node, WhitepaperItem) or node.get("nonumber"):
        return ""
    return str(node.get("title") or node.get("label") or "")


class ItemDirective(WhitepaperDirective):
    """Base directive of numbered items with a caption.

    Subclasses set :attr:`node_class`, :attr:`kind` and :meth:`label`, and fill
    the node in :meth:`build_body`.
    """

    has_content = True
    optional_arguments = 1
    final_argument_whitespace = True
    option_spec = option_spec(**COMMON_OPTIONS, nonumber=flag_option)

    node_class: ClassVar[type[WhitepaperItem]] = WhitepaperItem
    kind: ClassVar[str] = ""
    #: Whether a missing title gives a ``whitepaper.missing_title`` warning.
    title_required: ClassVar[bool] = True

    def label(self) -> str:
        """Return the translated kind word, for example "Algorithm"."""
        raise NotImplementedError

    def build_body(self, node: WhitepaperItem) -> list[Node]:
        """Add the item's body to ``node``; return extra nodes to emit after it."""
        raise NotImplementedError

    def run(self) -> list[Node]:
        self.check_options()
        title_text = self.arguments[0].strip() if self.arguments else ""
        node = self.node_class(
            "",
            classes=["wp-item", "wp-" + self.kind, *self.options.get("class", [])],
            kind=self.kind,
            docname=self.env.docname,
            label=self.label(),
            nonumber="nonumber" in self.options,
        )
        self.set_source_info(node)
        messages: list[Node] = []

        caption = item_caption(title_text, "", classes=["wp-caption"])
        self.set_source_info(caption)
        if title_text:
            inlines, problems = self.parse_title(title_text)
            caption += inlines
            messages.extend(problems)
        elif self.title_required:
            self.warn(
                __('the "%s" directive has no title; give one as its argument'),
                WhitepaperWarning.MISSING_TITLE,
                self.name,
            )
        node["title"] = caption.astext()
        node += caption

        self.assign_ids(node, self.kind, title_text or None)
        extra = self.build_body(node)
        return [node, *messages, *extra]
