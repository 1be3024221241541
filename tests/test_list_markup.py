"""Inline markup of titles in list entries: math, code and emphasis stay.

The ``list-markup`` root has algorithm titles with math, literal text,
emphasis, a link and a footnote reference in rST, one with MyST dollar math,
and an FAQ question with math. ``lists`` lists them; it is no toctree parent
of the chapters, so Sphinx does not rewrite it when a chapter changes.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import build_root as build
from sphinx.testing.util import SphinxTestApp
from sphinx.util.console import strip_escape_sequences

ROOTS = Path(__file__).resolve().parent / "roots"


def entries(app: SphinxTestApp, kind: str) -> list[BeautifulSoup]:
    soup = BeautifulSoup((app.outdir / "lists.html").read_text(encoding="utf-8"), "html.parser")
    return soup.select(f"div.wp-list-{kind} li a")


@pytest.fixture(scope="module")
def html_app(tmp_path_factory):
    return build(tmp_path_factory, "list-markup", "html")


def test_build_is_quiet(html_app):
    assert strip_escape_sequences(html_app.warning.getvalue()) == ""


def test_html_entry_keeps_math_code_and_emphasis(html_app):
    entry = entries(html_app, "algorithm")[0]
    assert entry["href"] == "chapter.html#alg-kmeans"
    assert entry.select_one("span.math").get_text() == r"\(k\)"
    assert entry.select_one("code").get_text() == "sklearn"
    assert entry.select_one("em").get_text() == "care"
    assert " ".join(entry.get_text().split()) == r"Algorithm 1.1 \(k\)-means with sklearn and care"


def test_html_entry_drops_links_and_footnotes(html_app):
    entry = entries(html_app, "algorithm")[1]
    # The entry is a link itself, so the title's link keeps only its text.
    assert entry.select("a") == []
    assert entry.select_one(".wp-list-entry").get_text() == "Algorithm 1.2 Linked Sphinx title"


def test_html_myst_and_faq_entries_keep_math(html_app):
    gradient = entries(html_app, "algorithm")[6]
    assert gradient.select_one("span.math").get_text() == r"\(\nabla f\)"
    question = entries(html_app, "faq")[0]
    assert question["href"] == "chapter.html#faq-convex"
    assert question.select_one("span.math").get_text() == r"\(x^2\)"


def test_html_entry_shows_resolved_references(html_app):
    entry = entries(html_app, "algorithm")[3]
    assert entry["href"] == "chapter.html#alg-refs"
    # The inline target keeps its text, and each reference shows what it
    # resolves to, as in the card.
    assert entry.select_one(".wp-list-entry").get_text() == (
        "Algorithm 1.4 Uses beam search after Algorithm 1.1 and References in titles"
    )
    assert entry.select("a") == []


def test_html_entry_resolves_eq_and_any(html_app):
    entry = entries(html_app, "algorithm")[5]
    assert entry["href"] == "chapter.html#alg-loss"
    assert entry.select_one(".wp-list-entry").get_text() == (
        "Algorithm 1.6 Minimises (1.1) like Plain title in Listing 1.1"
    )


def test_plain_titles_store_no_nodes(html_app):
    records = {r.node_id: r for r in html_app.env.get_domain("wp").iter_records()}
    assert records["alg-plain"].title_nodes == ()
    assert records["alg-kmeans"].title_nodes != ()


def test_latex_entry_keeps_markup(tmp_path_factory):
    app = build(tmp_path_factory, "list-markup", "latex")
    tex = (app.outdir / "listmarkup.tex").read_text(encoding="utf-8")
    start = tex.index(r"\subsubsection*{List of algorithms}")
    block = tex[start : tex.index(r"\end{itemize}", start)]
    assert (
        r"\sphinxwplabel{Algorithm 1.1} \(k\)\sphinxhyphen{}means with "
        r"\sphinxcode{\sphinxupquote{sklearn}} and \sphinxstyleemphasis{care}}"
    ) in block
    assert r"\sphinxwplabel{Algorithm 2.1} Gradient \(\nabla f\) descent}" in block
    assert r"\sphinxwplabel{Algorithm 1.2} Linked Sphinx title}" in block
    assert (
        r"\sphinxwplabel{Algorithm 1.4} Uses beam search after Algorithm "
        r"\ref{\detokenize{chapter:alg-kmeans}} and References in titles}"
    ) in block
    # The PDF numbers equations and code blocks itself, so the entry refers
    # to them instead of writing the HTML numbers.
    assert (
        r"\sphinxwplabel{Algorithm 1.6} Minimises \eqref{equation:chapter:eq-loss} "
        r"like Plain title in Listing \ref{\detokenize{chapter:code-loss}}}"
    ) in block


def test_text_entry(tmp_path_factory):
    app = build(tmp_path_factory, "list-markup", "text")
    text = (app.outdir / "lists.txt").read_text(encoding="utf-8")
    assert '* Algorithm 1.1 k-means with "sklearn" and *care*' in text
    assert "* Is x^2 convex?" in text
    flat = " ".join(text.split())
    assert "* Algorithm 1.4 Uses beam search after Algorithm 1.1 and References in titles" in flat


def test_markup_change_rewrites_list(tmp_path):
    srcdir = tmp_path / "src"
    shutil.copytree(ROOTS / "test-list-markup", srcdir)
    builddir = tmp_path / "build"
    chapter = srcdir / "chapter.rst"

    def rebuild(old: str, new: str) -> SphinxTestApp:
        chapter.write_text(
            chapter.read_text(encoding="utf-8").replace(old, new), encoding="utf-8"
        )
        app = SphinxTestApp("html", srcdir=srcdir, builddir=builddir)
        app.build()
        app.cleanup()
        return app

    first = SphinxTestApp("html", srcdir=srcdir, builddir=builddir)
    first.build()
    first.cleanup()
    # Same plain text, other markup: only the stored nodes tell the change.
    # A kbd role and a literal are both literal nodes and differ in classes only.
    second = rebuild(":kbd:`Enter`", "``Enter``")
    press = entries(second, "algorithm")[4]
    assert press.select_one("kbd") is None
    assert press.select_one("code").get_text() == "Enter"

    third = rebuild("*care*", "**care**")
    entry = entries(third, "algorithm")[0]
    assert entry.select_one("strong").get_text() == "care"
    assert entry.select_one("em") is None

    # A title's :ref: shows the section title, which changes elsewhere.
    fourth = rebuild("References in titles\n--------------------", "Renamed\n-------")
    refs = entries(fourth, "algorithm")[3]
    assert refs.get_text().endswith("after Algorithm 1.1 and Renamed")


@pytest.mark.pdf
def test_pdf_entry_shows_rendered_math(tmp_path_factory):
    from conftest import compile_pdf, pdf_text

    app = build(tmp_path_factory, "list-markup", "latex")
    pdf = compile_pdf(app.outdir, "xelatex")
    text = " ".join(pdf_text(pdf).split())
    assert "Algorithm 1.1 k-means with sklearn and care" in text
    assert "\\(k\\)" not in text
    # The card and the list entry show the same equation number.
    assert text.count("Algorithm 1.6 Minimises (1.1) like Plain title in Listing 1.1") == 2
