"""MyST ``[](#label)`` links to items when nbsphinx is loaded as well.

nbsphinx rewrites links that start with ``#`` into labels of its own. The
``nbsphinx-myst`` root loads both extensions, as projects made by
``sphinx-whitepaper new --markup md`` do.
"""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from conftest import build_root as build
from sphinx.util.console import strip_escape_sequences


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    return build(tmp_path_factory, "nbsphinx-myst", "html")


def links(app, page: str) -> list[tuple[str, str]]:
    soup = BeautifulSoup((app.outdir / page).read_text(encoding="utf-8"), "html.parser")
    return [(a["href"], a.get_text()) for a in soup.select("div.body p a.reference")]


def test_no_undefined_labels(app):
    assert strip_escape_sequences(app.warning.getvalue()) == ""


def test_same_page_links_show_titles(app):
    assert links(app, "index.html") == [
        ("#alg-top-k", "Top-k search"),
        ("#faq-heap", "Why a heap?"),
        ("#alg-top-k", "the card"),
    ]


def test_link_from_other_page(app):
    assert links(app, "other.html") == [("index.html#alg-top-k", "Top-k search")]


def test_hidden_uri_does_not_stay_in_doctree(app):
    doctree = app.env.get_doctree("index")
    references = list(doctree.findall(lambda n: n.tagname == "reference"))
    assert references
    assert not any("wp_hidden_refuri" in r.attributes for r in references)


def test_links_to_items_in_other_files(app):
    # nbsphinx turns links to "file.md#anchor" into its own labels, which
    # exist for sections only unless the extension adds them for items.
    assert links(app, "notes.html") == [
        ("index.html#alg-top-k", "the card"),
        ("index.html#faq-heap", "the question"),
    ]
