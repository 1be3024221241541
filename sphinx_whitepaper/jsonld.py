"""schema.org JSON-LD for HTML pages, and the FAQ deep-link script.

Two blocks are written into the ``<head>`` of HTML pages:

- ``FAQPage`` on every page with FAQ questions (``whitepaper_faq_jsonld``,
  on by default). Questions and answers are the plain text the page shows.
  See :func:`faq_page` for the questions it leaves out.
- ``TechArticle`` on the ``root_doc`` page (``whitepaper_article_jsonld``, on by
  default): headline, authors, keywords, abstract, language, version and date
  from the front matter.

The JSON is escaped so that no ``<``, ``>`` or ``&`` appears in the
``<script>`` element: user text such as ``</script>`` cannot end it early.

Pages with FAQ questions also load ``sphinx_whitepaper_faq.js``. It opens the
``<details>`` element a URL fragment points into, opens every answer before
printing, and adds an "Expand all" button when ``whitepaper_faq_expand_all``
is on. Without JavaScript the answers stay one click away.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import TYPE_CHECKING, Any

from docutils import nodes

from sphinx_whitepaper._base import item_label
from sphinx_whitepaper.config import get_config
from sphinx_whitepaper.faq import faq, faq_answer, faq_item, faq_question
from sphinx_whitepaper.frontmatter import SPHINX_DEFAULT_AUTHOR, get_frontmatter
from sphinx_whitepaper.i18n import _

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

SCRIPT = "sphinx_whitepaper_faq.js"
SCHEMA = "https://schema.org"


def dumps_for_html(data: Any) -> str:
    """Serialize ``data`` as JSON that is safe inside an HTML ``<script>``.

    ``<``, ``>`` and ``&`` become ``\\u003c``, ``\\u003e`` and ``\\u0026``, which
    JSON parsers read back as the same characters. U+2028 and U+2029 are
    escaped too, for consumers that evaluate the block as JavaScript.
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for char, escaped in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(char, escaped)
    return text


#: Nodes whose text a reader never sees on the page, and footnote numbers,
#: which mean nothing without the footnote.
_HIDDEN = (nodes.raw, nodes.comment, nodes.system_message, nodes.substitution_definition,
           nodes.Invisible, item_label, nodes.footnote_reference)


def plain_text(node: nodes.Node, skip: tuple[type, ...] = _HIDDEN) -> str:
    """Return the text a reader sees in ``node``, whitespace collapsed.

    Text inside nodes of the ``skip`` types is left out. By default these are
    raw markup, comments, system messages and generated labels.
    """
    parts: list[str] = []
    block: nodes.Node | None = None
    for text in node.findall(nodes.Text):
        parent = text.parent
        hidden = False
        while parent is not None and parent is not node:
            if isinstance(parent, skip):
                hidden = True
                break
            parent = parent.parent
        if hidden:
            continue
        # Text within one paragraph or title is joined as it is, and text of
        # separate blocks is joined with a space.
        owner = next(
            (a for a in _ancestors(text) if not isinstance(a, (nodes.Inline, nodes.Text))),
            None,
        )
        if parts and owner is not block:
            parts.append(" ")
        block = owner
        parts.append(text.astext())
    return " ".join("".join(parts).split())


def _ancestors(node: nodes.Node) -> list[nodes.Node]:
    found = []
    parent = node.parent
    while parent is not None:
        found.append(parent)
        parent = parent.parent
    return found


def question_text(question: faq_question) -> str:
    """Return a question's text without the generated "Q" marker."""
    return plain_text(question)


def answer_text(answer: faq_answer) -> str:
    """Return an answer's text without the FAQ blocks and questions nested in it."""
    return plain_text(answer, (*_HIDDEN, faq, faq_item))


def language_tag(config: Config) -> str:
    """Return the project language as a BCP 47 tag such as ``zh-CN``."""
    return str(config.language or "en").replace("_", "-")


def faq_page(doctree: nodes.document, language: str) -> dict[str, Any] | None:
    """Return the ``FAQPage`` object of a page, or None when it has no questions.

    Every question on the page is an entry, including one outside a ``faq``
    block and one nested in another answer. A nested question is left out of
    the outer answer's text. A question without question text or without
    answer text is left out, because a schema.org ``Question`` needs a name
    and its ``Answer`` needs a text.
    """
    entities: list[dict[str, Any]] = []
    for item in doctree.findall(faq_item):
        question = next(iter(item.findall(faq_question)), None)
        answer = next(iter(item.findall(faq_answer)), None)
        if question is None:
            continue
        name = question_text(question)
        text = answer_text(answer) if answer is not None else ""
        if not name or not text:
            continue
        entities.append({
            "@type": "Question",
            "name": name,
            "acceptedAnswer": {"@type": "Answer", "text": text},
        })
    if not entities:
        return None
    return {
        "@context": SCHEMA,
        "@type": "FAQPage",
        "inLanguage": language,
        "mainEntity": entities,
    }


def _iso_date(value: str) -> str | None:
    try:
        return dt.date.fromisoformat(value.strip()).isoformat()
    except ValueError:
        return None


def tech_article(app: Sphinx) -> dict[str, Any]:
    """Return the ``TechArticle`` object of the whitepaper, from its front matter."""
    front = get_frontmatter(app.env)
    title = front.title
    authors = list(front.authors)
    keywords = list(front.keywords)
    abstract = front.abstract
    version = front.version
    date = front.date
    language = str(front.language or "en").replace("_", "-")

    data: dict[str, Any] = {
        "@context": SCHEMA,
        "@type": "TechArticle",
        "headline": title,
        "inLanguage": language,
    }
    people = []
    for name, affiliation in authors:
        if not name or name == SPHINX_DEFAULT_AUTHOR:
            continue
        person: dict[str, Any] = {"@type": "Person", "name": name}
        if affiliation:
            person["affiliation"] = {"@type": "Organization", "name": affiliation}
        people.append(person)
    if people:
        data["author"] = people
    if keywords:
        data["keywords"] = keywords
    if abstract:
        data["abstract"] = " ".join(str(abstract).split())
    if version:
        data["version"] = version
    iso = _iso_date(str(date or ""))
    if iso:
        data["datePublished"] = iso
        data["dateModified"] = iso
    return data


def add_page_data(
    app: Sphinx,
    pagename: str,
    templatename: str,
    context: dict[str, Any],
    doctree: nodes.document | None,
) -> None:
    """Add the JSON-LD blocks and the FAQ script to one HTML page.

    Files added with ``app.add_js_file`` during ``html-page-context`` belong
    to this page only.
    """
    if app.builder.format != "html":
        return
    config = get_config(app.env)
    if config.article_jsonld and pagename == app.config.root_doc:
        app.add_js_file(
            None, body=dumps_for_html(tech_article(app)), type="application/ld+json"
        )
    if doctree is None or doctree.next_node(faq_item) is None:
        return
    if config.faq_jsonld:
        page = faq_page(doctree, language_tag(app.config))
        if page is not None:
            app.add_js_file(None, body=dumps_for_html(page), type="application/ld+json")
    # The script reads its button labels from data attributes of its own tag.
    attributes: dict[str, Any] = {"defer": "defer"}
    if config.faq_expand_all:
        attributes["data-expand-label"] = str(_("Expand all answers"))
        attributes["data-collapse-label"] = str(_("Collapse all answers"))
    app.add_js_file(SCRIPT, **attributes)


def setup_jsonld(app: Sphinx) -> None:
    """Connect the per-page JSON-LD and script handler."""
    app.connect("html-page-context", add_page_data)
