"""Per-chapter numbers (``numfig_secnum_depth``) for every item kind.

The ``secnum`` root has a numbered toctree with two chapters (rST, MyST). Chapter
1 has an algorithm before its first section, then sections A and B. Chapter 2
has section C. Each kind has its own counter, and the equations of derivation
steps follow ``math_numfig`` like every other equation.

Appendix-style numbers ("A.1") are not offered. Sphinx numbers items from the
toctree: ``env.toc_secnumbers`` holds only integers, and the HTML writer prints
section numbers from them, so an item could be called "A.1" only if the section
numbers, the toctree and ``:numref:`` texts were rewritten as well. In LaTeX,
``latex_appendices`` documents come after ``\\appendix`` and are usually not in
the toctree; Sphinx gives their items no number at all. Items in an appendix
therefore show the chapter's number in HTML, or no number when the appendix is
only in ``latex_appendices``.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import compile_pdf, pdf_text
from sphinx.testing.util import SphinxTestApp
from sphinx.util.console import strip_escape_sequences

ROOTS = Path(__file__).resolve().parent / "roots"

#: Expected numbers per depth: (label, algorithm/pros-cons/derivation number).
NUMBERS = {
    0: {"alg-top": "1", "alg-a": "2", "alg-b": "3", "alg-c": "4",
        "pc-a": "1", "pc-c": "2", "der-a": "1", "der-b": "2", "der-c": "3"},
    1: {"alg-top": "1.1", "alg-a": "1.2", "alg-b": "1.3", "alg-c": "2.1",
        "pc-a": "1.1", "pc-c": "2.1", "der-a": "1.1", "der-b": "1.2", "der-c": "2.1"},
    2: {"alg-top": "1.1", "alg-a": "1.1.1", "alg-b": "1.2.1", "alg-c": "2.1.1",
        "pc-a": "1.1.1", "pc-c": "2.1.1", "der-a": "1.1.1", "der-b": "1.2.1",
        "der-c": "2.1.1"},
}
EQUATIONS = {
    0: ["(1)", "(2)", "(3)", "(4)"],
    1: ["(1.1)", "(1.2)", "(1.3)", "(2.1)"],
    2: ["(1.1.1)", "(1.1.2)", "(1.2.1)", "(2.1.1)"],
}
WORDS = {
    "en": {"alg": "Algorithm", "pc": "Pros and cons", "der": "Derivation"},
    "zh_CN": {"alg": "算法", "pc": "优缺点", "der": "推导"},
}


def build(tmp_path, builder: str, **overrides) -> SphinxTestApp:
    srcdir = tmp_path / "src"
    if not srcdir.exists():
        shutil.copytree(ROOTS / "test-secnum", srcdir)
    app = SphinxTestApp(builder, srcdir=srcdir, builddir=tmp_path / builder,
                        confoverrides=overrides)
    try:
        app.build()
    finally:
        app.cleanup()
    text = strip_escape_sequences(app.warning.getvalue())
    assert [line for line in text.splitlines() if "WARNING" in line] == []
    return app


def text_of(node) -> str:
    for link in node.select("a.headerlink"):
        link.extract()
    return " ".join(node.get_text().split())


@pytest.mark.parametrize("language", ["en", "zh_CN"])
@pytest.mark.parametrize("depth", [0, 1, 2])
def test_html_numbers_per_kind_and_chapter(tmp_path, depth, language):
    app = build(tmp_path, "html", numfig_secnum_depth=depth, language=language)
    words = WORDS[language]
    captions: dict[str, str] = {}
    equations: list[str] = []
    for page in ("ch1.html", "ch2.html"):
        soup = BeautifulSoup((app.outdir / page).read_text(encoding="utf-8"), "html.parser")
        for caption in soup.select(".wp-item > .wp-caption"):
            captions[caption.parent["id"]] = text_of(caption.select_one(".wp-label"))
        equations += [text_of(span) for span in soup.select("span.eqno")]
    expected = {
        label: f"{words[label.split('-')[0]]} {number}"
        for label, number in NUMBERS[depth].items()
    }
    assert captions == expected
    assert equations == EQUATIONS[depth]

    soup = BeautifulSoup((app.outdir / "ch1.html").read_text(encoding="utf-8"), "html.parser")
    refs = [text_of(a) for a in soup.select("div.body p a.reference.internal")]
    order = ["alg-top", "alg-a", "alg-b", "pc-a", "der-a", "der-b", "alg-c", "pc-c", "der-c"]
    assert refs == [expected[label] for label in order] + EQUATIONS[depth]


@pytest.mark.parametrize("depth", [1, 2])
def test_latex_numbers_match_html(tmp_path, depth):
    app = build(tmp_path, "latex", numfig_secnum_depth=depth)
    tex = (app.outdir / "numbering.tex").read_text(encoding="utf-8")
    found = {
        label: number for number, label in re.findall(
            r"\\sphinxwpsetlabel\{([\d.]+)\}\\phantomsection\\label\{\\detokenize\{ch\d:([\w-]+)\}\}",
            tex,
        )
    }
    assert found == NUMBERS[depth]
    # LaTeX numbers equations itself, and these options make it count like HTML.
    assert f"numfigreset={depth},mathnumfig" in tex


@pytest.mark.pdf
def test_pdf_shows_the_same_numbers(tmp_path):
    app = build(tmp_path, "latex", numfig_secnum_depth=1)
    text = " ".join(pdf_text(compile_pdf(app.outdir, "pdflatex")).split())
    for label in ("Algorithm 1.2 In A", "Pros and cons 2.1 Choice C", "Derivation 1.2 Steps B"):
        assert label in text
    for number in EQUATIONS[1]:
        assert number in text
    assert "Refs: Algorithm 1.1, Algorithm 1.2, Algorithm 1.3, Pros and cons 1.1" in text
    assert "(1.1), (1.2), (1.3), (2.1)." in text
