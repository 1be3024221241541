"""Front matter: title, authors with affiliations, version, date, abstract, keywords.

Values come from the ``whitepaper-meta`` and ``abstract`` directives, then from
the ``whitepaper_*`` config values, then from Sphinx's ``project``, ``author``,
``release`` and ``today``.

.. code-block:: rst

   .. whitepaper-meta::
      :authors: Ada Lovelace <Analytical Engine Society>; Charles Babbage
      :version: 1.2
      :date: 2026-12-04
      :keywords: retrieval, ranking

   .. abstract::

      One paragraph on the problem, the approach and the result.

HTML and the text builders show a title block and the abstract where the
directives are. LaTeX gets a title page with the abstract: the extension sets
``latex_elements["maketitle"]`` to ``\\sphinxwpmaketitle`` unless conf.py sets
its own. The PDF metadata is set through ``\\hypersetup``, and every HTML page
gets ``<meta name="description">`` and ``<meta name="keywords">``.
:func:`get_frontmatter` returns the merged values for other features, such as
structured data.
"""

from __future__ import annotations

import dataclasses
import hashlib
import html
import re
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NamedTuple, TypeAlias

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util import texescape

from sphinx_whitepaper._base import WhitepaperDirective, option_spec
from sphinx_whitepaper.diagnostics import WhitepaperWarning, warn
from sphinx_whitepaper.domain import RecordsCollector
from sphinx_whitepaper.i18n import _, __

if TYPE_CHECKING:
    from collections.abc import Sequence

    from docutils.nodes import Node
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment

#: Key of the front matter records in the ``wp`` domain's data.
DATA_KEY = "frontmatter"
#: File written next to the ``.tex`` file; the preamble reads it. Not a
#: ``.tex`` file, because ``latexmk`` without a file name (as Read the Docs
#: runs it) compiles every ``.tex`` file in the folder.
LATEX_FILE = "sphinxwpfrontmatter.sty"
LATEX_HOOK = (
    "\n% sphinx-whitepaper: front matter, title page and PDF metadata\n"
    "\\InputIfFileExists{" + LATEX_FILE + "}{}{}\n"
    "\\providecommand\\sphinxwpmaketitle{\\sphinxmaketitle}\n"
)

#: Sphinx's ``author`` value when conf.py sets none: not a real author.
SPHINX_DEFAULT_AUTHOR = "Author name not set"
#: Key of the digest of the merged front matter of the previous build.
FINGERPRINT_KEY = "frontmatter_fingerprint"

# Separators include the full-width Chinese comma and semicolon and the
# enumeration comma (U+FF0C, U+FF1B, U+3001).
_AUTHOR_SPLIT = re.compile("[;\uff1b\n]")
_KEYWORD_SPLIT = re.compile("\\s*(?:,|;|\uff0c|\uff1b|\u3001|\n)\\s*")
_AFFILIATION = re.compile(r"^(?P<name>.*?)\s*<(?P<affiliation>[^<>]*)>\s*$", re.DOTALL)

#: A run of abstract text: ``("text" | "math" | "literal" | "footnote", source)``,
#: or ``("emphasis" | "strong", runs)`` for styled runs, which may nest. A
#: footnote run contains the text of the footnote it refers to.
InlineRun: TypeAlias = "tuple[str, str | tuple[InlineRun, ...]]"
#: The abstract with its inline markup: one tuple of runs per paragraph.
AbstractMarkup: TypeAlias = "tuple[tuple[InlineRun, ...], ...]"


@dataclass
class FrontMatter:
    """The merged front matter of a whitepaper."""

    title: str
    #: ``(name, affiliation)`` pairs; the affiliation may be empty.
    authors: list[tuple[str, str]] = field(default_factory=list)
    version: str = ""
    date: str = ""
    #: Plain text; paragraphs are separated by a blank line.
    abstract: str = ""
    keywords: list[str] = field(default_factory=list)
    #: The ``language`` of the build, ``"en"`` when unset.
    language: str = "en"
    #: The abstract with its emphasis, strong, literal and math, for the LaTeX title page.
    abstract_markup: AbstractMarkup = ()


class FrontMatterRecord(NamedTuple):
    """Front matter that one document sets. An empty value means "not set here"."""

    lineno: int
    title: str
    authors: tuple[tuple[str, str], ...]
    version: str
    date: str
    keywords: tuple[str, ...]
    abstract: str
    #: Whether the document contains a ``whitepaper-meta`` directive.
    has_meta: bool
    abstract_markup: AbstractMarkup = ()
    #: The date the title block shows when ``:date:`` is not set, as
    #: :func:`config_date` returned it when the document was read.
    default_date: str = ""


def parse_author(value: Any) -> tuple[str, str] | None:
    """Convert ``"Name <Affiliation>"`` or a ``(name, affiliation)`` pair to a pair.

    :return: None for a value of any other shape.
    """
    if isinstance(value, str):
        match = _AFFILIATION.match(value.strip())
        if match:
            # "<Affiliation>" alone names nobody.
            name = match["name"].strip()
            return (name, match["affiliation"].strip()) if name else None
        return (value.strip(), "") if value.strip() else None
    if isinstance(value, (list, tuple)) and len(value) == 2:
        name, affiliation = value
        if isinstance(name, str) and isinstance(affiliation, str) and name.strip():
            return name.strip(), affiliation.strip()
    return None


def split_authors(text: str) -> list[tuple[str, str]]:
    """Split an ``:authors:`` option: one author per line or between semicolons.

    Separators inside an ``<affiliation>`` do not split. Items that name
    nobody are left out.
    """
    pairs = (parse_author(part) for part in _author_items(text))
    return [pair for pair in pairs if pair]


def _author_items(text: str) -> list[str]:
    parts: list[str] = []
    current: list[str] = []
    depth = 0
    for char in text:
        if char == "<":
            depth += 1
        elif char == ">":
            depth = max(depth - 1, 0)
        if depth == 0 and _AUTHOR_SPLIT.fullmatch(char):
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return parts


def split_keywords(text: str) -> list[str]:
    """Split keywords at commas, semicolons (also the Chinese ones) or newlines."""
    return [word for word in _KEYWORD_SPLIT.split(text.strip()) if word]


class whitepaper_titleblock(nodes.container):  # noqa: N801 (docutils node naming)
    """Authors, affiliations, version, date and keywords below the title.

    HTML and the text builders render it as a container; LaTeX skips it
    because the title page shows the same data.
    """


class whitepaper_abstract(nodes.container):  # noqa: N801
    """The abstract: a translated heading and the body. Skipped in LaTeX,
    which puts the abstract on the title page."""


def _skip(self: Any, node: Node) -> None:
    raise nodes.SkipNode


class WhitepaperMetaDirective(WhitepaperDirective):
    """Set front matter and show the title block.

    Options: ``:title:``, ``:authors:`` (``Name <Affiliation>``, separated by
    semicolons or newlines), ``:version:``, ``:date:``, ``:keywords:``. No
    content. Node tree: ``whitepaper_titleblock`` > one paragraph per author,
    a version and date paragraph, a keywords paragraph.
    """

    option_spec = option_spec(
        title=directives.unchanged,
        authors=directives.unchanged,
        version=directives.unchanged,
        date=directives.unchanged,
        keywords=directives.unchanged,
    )

    def run(self) -> list[Node]:
        self.check_options()
        config = self.env.config
        own_authors = self.parse_authors(self.options.get("authors", ""))
        own_keywords = split_keywords(self.options.get("keywords", ""))
        own_date = self.options.get("date", "").strip()
        date = own_date or config_date(config)
        node = whitepaper_titleblock("", classes=["wp-titleblock"])
        self.set_source_info(node)
        node["wp_meta"] = {
            "title": self.options.get("title", "").strip(),
            "authors": tuple(own_authors),
            "version": self.options.get("version", "").strip(),
            "date": own_date,
            "default_date": "" if own_date else date,
            "keywords": tuple(own_keywords),
        }

        authors = own_authors or config_authors(config)
        for name, affiliation in authors:
            line = nodes.paragraph("", classes=["wp-author"])
            line += nodes.inline(name, name, classes=["wp-author-name"])
            if affiliation:
                line += nodes.Text(" · ")
                line += nodes.inline(affiliation, affiliation, classes=["wp-affiliation"])
            node += line

        version = node["wp_meta"]["version"] or config_version(config)
        dated = nodes.paragraph("", classes=["wp-version-date"])
        if version:
            dated += nodes.Text(_("Version %s") % version)
            dated += nodes.Text(" · ")
        dated += nodes.Text(date)
        node += dated

        keywords = own_keywords or list(config.whitepaper_keywords)
        if keywords:
            line = nodes.paragraph("", classes=["wp-keywords"])
            line += nodes.strong("", _("Keywords:"))
            line += nodes.Text(" " + ", ".join(keywords))
            node += line
        return [node]

    def parse_authors(self, text: str) -> list[tuple[str, str]]:
        """Split ``text`` like :func:`split_authors`, warning about nameless authors."""
        authors = []
        for item in _author_items(text):
            pair = parse_author(item)
            if pair:
                authors.append(pair)
            elif item.strip():
                self.warn(
                    __('author %r in the "authors" option has an affiliation but no name; '
                       "ignored"),
                    WhitepaperWarning.FRONTMATTER,
                    item.strip(),
                )
        return authors


class AbstractDirective(WhitepaperDirective):
    """Write the abstract.

    No argument. Option: ``:class:``. Content: the abstract (any body
    elements). Node tree: ``whitepaper_abstract`` > ``rubric`` (translated
    "Abstract"), content.
    """

    has_content = True
    option_spec = option_spec(**{"class": directives.class_option})

    def run(self) -> list[Node]:
        self.check_options()
        node = make_abstract(self.parse_content_to_nodes(allow_section_headings=False))
        node["classes"].extend(self.options.get("class", []))
        self.set_source_info(node)
        if not self.content:
            warn(
                __('the "abstract" directive is empty'),
                WhitepaperWarning.EMPTY,
                self.get_location(),
            )
        return [node]


def make_abstract(body: Sequence[Node]) -> whitepaper_abstract:
    """Wrap ``body`` in an abstract node with its translated heading."""
    node = whitepaper_abstract("", classes=["wp-abstract"])
    node += nodes.rubric("", _("Abstract"), classes=["wp-abstract-title"], translatable=False)
    node += body
    return node


def config_authors(config: Config) -> list[tuple[str, str]]:
    """Authors from ``whitepaper_authors``, else the ``author`` value."""
    pairs = [parse_author(item) for item in config.whitepaper_authors]
    found = [pair for pair in pairs if pair]
    if found:
        return found
    if config.author == SPHINX_DEFAULT_AUTHOR:
        return []
    single = parse_author(config.author or "")
    return [single] if single else []


def config_version(config: Config) -> str:
    return str(config.whitepaper_version or config.release or config.version or "")


def config_date(config: Config) -> str:
    """``whitepaper_date``, else ``today``, else the build date (ISO 8601).

    The build date follows ``SOURCE_DATE_EPOCH`` like the rest of Sphinx.
    """
    if config.whitepaper_date:
        return str(config.whitepaper_date)
    if config.today:
        return str(config.today)
    from sphinx.util.i18n import format_date

    return format_date("%Y-%m-%d", language="en") or time.strftime("%Y-%m-%d")


def _records(env: BuildEnvironment) -> dict[str, FrontMatterRecord]:
    return FrontMatterCollector.records(env)


def _without_notes(node: nodes.Element) -> nodes.Element:
    """Return a copy of ``node`` without footnotes and footnote references.

    The meta description and the JSON-LD have no footnotes, so a footnote
    number there would only be glued to a word.
    """
    copy = node.deepcopy()
    for note in list(copy.findall(lambda n: isinstance(n, _NOTES))):
        parent = note.parent
        index = parent.index(note)
        before = parent[index - 1] if index > 0 else None
        after = parent[index + 1] if index + 1 < len(parent) else None
        # "recall [1]_." keeps no space before the full stop.
        if isinstance(before, nodes.Text) and not (
            isinstance(after, nodes.Text) and after.astext()[:1].isspace()
        ):
            parent[index - 1] = nodes.Text(before.astext().rstrip())
        parent.remove(note)
    return copy


_NOTES = (nodes.footnote_reference, nodes.footnote)


def _plain_abstract(node: nodes.Element) -> str:
    parts = [
        " ".join(child.astext().split())
        for child in _without_notes(node).children
        if not isinstance(child, nodes.rubric)
    ]
    return "\n\n".join(part for part in parts if part)


def _abstract_markup(node: nodes.Element) -> AbstractMarkup:
    """Convert the abstract's paragraphs to runs. Each other block becomes plain text."""
    paragraphs = []
    for child in node.children:
        text = " ".join(child.astext().split())
        # A footnote shows on the title page where it is referred to.
        if isinstance(child, (nodes.rubric, nodes.footnote)) or not text:
            continue
        if isinstance(child, nodes.paragraph):
            paragraphs.append(_inline_runs(child))
        else:
            paragraphs.append((("text", text),))
    return tuple(paragraphs)


def _inline_runs(node: nodes.Element) -> tuple[InlineRun, ...]:
    runs: list[InlineRun] = []
    for child in node.children:
        if isinstance(child, nodes.math):
            runs.append(("math", child.astext()))
        elif isinstance(child, nodes.literal):
            runs.append(("literal", child.astext()))
        elif isinstance(child, (nodes.emphasis, nodes.strong)):
            runs.append((child.tagname, _inline_runs(child)))
        elif isinstance(child, nodes.footnote_reference):
            note = child.document.ids.get(child.get("refid", "")) if child.document else None
            if isinstance(note, nodes.footnote):
                parts = [c.astext() for c in note.children if not isinstance(c, nodes.label)]
                runs.append(("footnote", " ".join(parts)))
        else:
            runs.append(("text", child.astext()))
    return tuple(runs)


def _text_markup(text: str) -> AbstractMarkup:
    """Convert plain ``text``, whose paragraphs are separated by blank lines, to markup."""
    paragraphs = (part.strip() for part in re.split(r"\n\s*\n", text))
    return tuple((("text", part),) for part in paragraphs if part)


class FrontMatterCollector(RecordsCollector):
    """Keep one :class:`FrontMatterRecord` per document that sets front matter."""

    data_key = DATA_KEY

    def process_doc(self, app: Sphinx, doctree: nodes.document) -> None:
        env = app.env
        blocks = list(doctree.findall(whitepaper_titleblock))
        abstracts = list(doctree.findall(whitepaper_abstract))
        for extra in [*blocks[1:], *abstracts[1:]]:
            warn(
                __("front matter is set twice in one document; the first one is used"),
                WhitepaperWarning.FRONTMATTER,
                extra,
            )
        if blocks and not abstracts and env.config.whitepaper_abstract:
            paragraphs = [
                nodes.paragraph(text, text)
                for text in re.split(r"\n\s*\n", env.config.whitepaper_abstract.strip())
            ]
            abstract = make_abstract(paragraphs)
            blocks[0].parent.insert(blocks[0].parent.index(blocks[0]) + 1, abstract)
        if not blocks and not abstracts:
            return
        meta = blocks[0]["wp_meta"] if blocks else {}
        first = blocks[0] if blocks else abstracts[0]
        _records(env)[env.docname] = FrontMatterRecord(
            lineno=first.line or 0,
            title=meta.get("title", ""),
            authors=meta.get("authors", ()),
            version=meta.get("version", ""),
            date=meta.get("date", ""),
            keywords=meta.get("keywords", ()),
            abstract=_plain_abstract(abstracts[0]) if abstracts else "",
            has_meta=bool(blocks),
            abstract_markup=_abstract_markup(abstracts[0]) if abstracts else (),
            default_date=meta.get("default_date", ""),
        )


def _ordered_records(env: BuildEnvironment) -> list[tuple[str, FrontMatterRecord]]:
    records = _records(env)
    root = env.config.root_doc
    return sorted(records.items(), key=lambda item: (item[0] != root, item[0]))


def get_frontmatter(env: BuildEnvironment) -> FrontMatter:
    """Return the front matter of the whole project.

    The root document wins over other documents, which are taken in name
    order. Directives win over ``whitepaper_*`` values, and those win over
    ``project``, ``author``, ``release`` and ``today``.
    """
    config = env.config
    records = [record for _docname, record in _ordered_records(env)]

    def first(name: str) -> Any:
        for record in records:
            value = getattr(record, name)
            if value:
                return value
        return None

    with_abstract = [record for record in records if record.abstract]
    if with_abstract:
        abstract = with_abstract[0].abstract
        abstract_markup = with_abstract[0].abstract_markup
    else:
        abstract = config.whitepaper_abstract
        abstract_markup = _text_markup(abstract)
    return FrontMatter(
        title=first("title") or config.whitepaper_title or config.project or "",
        authors=list(first("authors") or config_authors(config)),
        version=first("version") or config_version(config),
        date=first("date") or config_date(config),
        abstract=abstract.strip(),
        keywords=list(first("keywords") or config.whitepaper_keywords),
        language=config.language or "en",
        abstract_markup=abstract_markup,
    )


def check_repeated(app: Sphinx, env: BuildEnvironment) -> None:
    """Warn when more than one document contains a ``whitepaper-meta`` directive."""
    with_meta = [(doc, rec) for doc, rec in _ordered_records(env) if rec.has_meta]
    for docname, record in with_meta[1:]:
        warn(
            __('"whitepaper-meta" is also used in %s; the values there win'),
            WhitepaperWarning.FRONTMATTER,
            (docname, record.lineno),
            env.doc2path(with_meta[0][0]),
        )


def add_meta_tags(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Add escaped description and keywords ``<meta>`` tags to every page.

    A page that sets its own description or keywords (``.. meta::``) keeps it.
    """
    matter = get_frontmatter(app.env)
    existing = str(context.get("metatags", ""))
    tags = []
    description = " ".join(matter.abstract.split())
    if description and 'name="description"' not in existing:
        tags.append(f'<meta name="description" content="{html.escape(description)}" />')
    if matter.keywords and 'name="keywords"' not in existing:
        content = html.escape(", ".join(matter.keywords))
        tags.append(f'<meta name="keywords" content="{content}" />')
    if tags:
        context["metatags"] = existing + "\n".join(tags) + "\n"


def validate_frontmatter_config(app: Sphinx, config: Config) -> None:
    """Warn about author and keyword items of the wrong shape and drop them."""
    good = []
    for item in config.whitepaper_authors:
        if parse_author(item) is None:
            warn(
                __('invalid item %r in whitepaper_authors: expected "Name <Affiliation>" '
                   "or a (name, affiliation) pair; ignored"),
                WhitepaperWarning.CONFIG,
                None,
                item,
            )
        else:
            good.append(item)
    config.whitepaper_authors = good
    keywords = [
        item.strip()
        for item in config.whitepaper_keywords
        if isinstance(item, str) and item.strip()
    ]
    if len(keywords) != len(config.whitepaper_keywords):
        warn(
            __("whitepaper_keywords must list non-empty strings; ignoring %r"),
            WhitepaperWarning.CONFIG,
            None,
            [
                item
                for item in config.whitepaper_keywords
                if not isinstance(item, str) or not item.strip()
            ],
        )
    config.whitepaper_keywords = keywords


def set_latex_elements(app: Sphinx, config: Config) -> None:
    """Point ``maketitle`` at our title page and read the front matter file.

    A ``maketitle`` set in conf.py is kept; the preamble is extended, never
    replaced.
    """
    elements = dict(config.latex_elements)
    elements.setdefault("maketitle", "\\sphinxwpmaketitle")
    preamble = str(elements.get("preamble", ""))
    if LATEX_FILE not in preamble:
        elements["preamble"] = preamble + LATEX_HOOK
    config.latex_elements = elements


def _escape_tex(text: str, engine: str) -> str:
    # A straight double quote is a closing quote in some TeX fonts.
    return texescape.escape(text, engine).replace('"', "\\textquotedbl{}")


def _latex_runs(runs: Sequence[InlineRun], engine: str) -> str:
    # Whitespace is collapsed but not stripped, so the spaces between two
    # runs stay.
    parts = []
    for kind, content in runs:
        if isinstance(content, tuple):
            command = "\\emph" if kind == "emphasis" else "\\textbf"
            parts.append(f"{command}{{{_latex_runs(content, engine)}}}")
            continue
        content = re.sub(r"\s+", " ", content)
        if kind == "footnote":
            # The footnote mark follows the word directly.
            if parts:
                parts[-1] = parts[-1].rstrip()
            parts.append(f"\\footnote{{{_escape_tex(content.strip(), engine)}}}")
        elif kind == "math":
            parts.append(f"\\({content.strip()}\\)")
        elif kind == "literal":
            parts.append(f"\\texttt{{{_escape_tex(content, engine)}}}")
        else:
            parts.append(_escape_tex(content, engine))
    return "".join(parts)


def latex_abstract(matter: FrontMatter, engine: str) -> str:
    """Render the abstract as LaTeX paragraphs separated by ``\\par``.

    Math becomes ``\\(...\\)``, emphasis ``\\emph``, strong ``\\textbf`` and
    literal text ``\\texttt``. All other text is escaped.
    """
    texescape.init()
    markup = matter.abstract_markup or _text_markup(matter.abstract)
    return "\\par\n".join(_latex_runs(runs, engine).strip() for runs in markup)


def latex_frontmatter(matter: FrontMatter, engine: str) -> str:
    """Return the LaTeX that defines the title page macros and PDF metadata."""
    texescape.init()

    def tex(text: str) -> str:
        return _escape_tex(" ".join(text.split()), engine)

    def pdf(text: str) -> str:
        # hyperref's \pdfstringdef drops Sphinx's \sphinxhyphen, and turns
        # "--" and "---" into dashes. A hyphen followed by an empty group
        # stays one hyphen: "-{}-{}" is two.
        return tex(text).replace("\\sphinxhyphen{}", "-{}")

    authors = "".join(
        f"\\sphinxwpauthor{{{tex(name)}}}{{{tex(affiliation)}}}%\n"
        for name, affiliation in matter.authors
    )
    abstract = latex_abstract(matter, engine)
    version = tex(_("Version %s") % matter.version) if matter.version else ""
    keywords = tex(", ".join(matter.keywords))
    lines = [
        "%% Written by sphinx-whitepaper from the front matter; rebuilt on every build.",
        "\\makeatletter",
        f"\\def\\sphinxwptitle{{{tex(matter.title)}}}",
        f"\\def\\sphinxwpversion{{{version}}}",
        f"\\def\\sphinxwpdate{{{tex(matter.date)}}}",
        f"\\def\\sphinxwpauthors{{%\n{authors}}}",
        f"\\def\\sphinxwpabstractname{{{tex(_('Abstract'))}}}",
        f"\\def\\sphinxwpabstract{{{abstract}}}",
        f"\\def\\sphinxwpkeywordsname{{{tex(_('Keywords:'))}}}",
        f"\\def\\sphinxwpkeywords{{{keywords}}}",
        "\\hypersetup{",
        f"  pdftitle={{{pdf(matter.title)}}},",
        f"  pdfauthor={{{pdf('; '.join(name for name, _aff in matter.authors))}}},",
        f"  pdfkeywords={{{pdf(', '.join(matter.keywords))}}},",
        f"  pdfsubject={{{pdf(matter.abstract)}}},",
        "}",
        LATEX_TITLEPAGE,
        "\\makeatother",
    ]
    return "\n".join(lines) + "\n"


#: The title page. ``\providecommand`` lets a preamble define its own first.
LATEX_TITLEPAGE = r"""\providecommand\sphinxwpauthor[2]{%
  \begin{tabular}[t]{c}#1\ifx\relax#2\relax\else\\{\normalsize\itshape #2}\fi
  \end{tabular}\par\medskip}
\providecommand\sphinxwpmaketitle{%
  \let\sphinxwprestoreanchors\relax
  \ifHy@pageanchor\def\sphinxwprestoreanchors{\Hy@pageanchortrue}\fi
  \hypersetup{pageanchor=false}% the title page has no page number
  \begin{titlepage}%
    \noindent\rule{\textwidth}{1pt}\par
    \begin{flushright}%
      \sphinxlogo
      \py@HeaderFamily
      {\Huge \sphinxwptitle\par}%
      {\itshape\LARGE \sphinxwpversion\par}%
    \end{flushright}%
    \vskip 2em
    \begin{center}%
      {\large \sphinxwpauthors}%
      \vskip 1em
      {\large \sphinxwpdate\par}%
    \end{center}%
    \ifx\sphinxwpabstract\@empty\else
      \vskip 2em
      \begin{center}\textbf{\sphinxwpabstractname}\end{center}%
      \begin{quote}\sphinxwpabstract\end{quote}%
    \fi
    \ifx\sphinxwpkeywords\@empty\else
      \par\noindent\textbf{\sphinxwpkeywordsname}~\sphinxwpkeywords\par
    \fi
  \end{titlepage}%
  \sphinxwprestoreanchors
  \setcounter{footnote}{0}}"""


def write_latex_frontmatter(app: Sphinx, builder: Builder) -> None:
    """Write :data:`LATEX_FILE` into the LaTeX output folder."""
    if builder.format != "latex":
        return
    text = latex_frontmatter(get_frontmatter(app.env), app.config.latex_engine)
    target = builder.outdir / LATEX_FILE
    if not target.is_file() or target.read_text(encoding="utf-8") != text:
        target.write_text(text, encoding="utf-8")


def write_latex_frontmatter_at_end(app: Sphinx, exception: Exception | None) -> None:
    """Write :data:`LATEX_FILE` after a successful build, unless it is up to date.

    Sphinx 8's LaTeX builder replaces ``Builder.write`` and never emits
    ``write-started``, so this is where the file is written there.
    """
    if exception is None:
        write_latex_frontmatter(app, app.builder)


def rewrite_on_change(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Rewrite every page when the merged front matter changed since the last build.

    Every HTML page carries the description and keywords, and the root page
    the ``TechArticle`` block, but only the document that sets them is re-read.
    """
    matter = get_frontmatter(env)
    digest = hashlib.sha256(repr(dataclasses.astuple(matter)).encode("utf-8")).hexdigest()
    data = env.get_domain("wp").data
    previous = data.get(FINGERPRINT_KEY)
    data[FINGERPRINT_KEY] = digest
    if previous is None or previous == digest:
        return []
    return sorted(env.found_docs)


def reread_on_new_date(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """Re-read the documents whose title block shows a default date that changed.

    Without ``:date:``, the title block shows :func:`config_date` as it was
    when the document was read, while the other outputs compute it when they
    are written. Another build date (from ``SOURCE_DATE_EPOCH`` or the clock)
    changes no config value, so Sphinx would not re-read these documents.
    """
    today = config_date(env.config)
    return sorted(
        docname
        for docname, record in _records(env).items()
        if record.default_date and record.default_date != today and docname in env.found_docs
    )


def setup_frontmatter(app: Sphinx) -> None:
    """Register the directives, nodes, collector and output hooks."""
    for node in (whitepaper_titleblock, whitepaper_abstract):
        app.add_node(node, latex=(_skip, None))
    app.add_directive("whitepaper-meta", WhitepaperMetaDirective)
    app.add_directive("abstract", AbstractDirective)
    app.add_env_collector(FrontMatterCollector)
    app.connect("config-inited", validate_frontmatter_config)
    app.connect("config-inited", set_latex_elements)
    app.connect("env-check-consistency", check_repeated)
    # write-started comes after all reading, before the .tex file is written.
    app.connect("write-started", write_latex_frontmatter)
    app.connect("build-finished", write_latex_frontmatter_at_end)
    app.connect("html-page-context", add_meta_tags)
    app.connect("env-get-outdated", reread_on_new_date)
    app.connect("env-get-updated", rewrite_on_change)
