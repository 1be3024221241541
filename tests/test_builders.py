# ruff: noqa: RUF001 (Chinese text uses full-width punctuation on purpose)
"""Every builder renders the ``all-builders`` root without a crash or a warning.

The root uses each directive in reStructuredText (``cards.rst``, including a
pros/cons table nested in an algorithm card and one nested in a table cell)
and MyST (``markdown.md``).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import build_root

ROOTS = Path(__file__).resolve().parent / "roots"

#: User text from cards.rst that every builder except dummy and linkcheck must output.
USER_TEXT = [
    "Ranking passages",
    "Score each passage.",
    "Nested advantage.",
    "Cheap to index.",
    "Misses synonyms.",
    # A pros/cons table in a pros cell: text and man cannot nest tables.
    "Inner advantage.",
    "Inner drawback.",
    "Mean squared error",
    "Average the squared residuals.",
    "How large is the index?",
    "About a gigabyte.",
    "索引多大？",
]

#: Words the package generates. They must not reach the user's .pot files.
GENERATED_WORDS = [
    "Algorithm",
    "Input",
    "Output",
    "Complexity",
    "Pros",
    "Cons",
    "Pros and cons",
    "Derivation",
    "Step 1",
    "Step 2",
    "Q",
]

#: Builder name and the output files (glob) that hold the documents' text.
BUILDERS = {
    "html": "*.html",
    "dirhtml": "**/index.html",
    "singlehtml": "index.html",
    "epub": "*.xhtml",
    "latex": "allbuilders.tex",
    "text": "*.txt",
    "man": "*.1",
    "texinfo": "*.texi",
    "xml": "*.xml",
    "pseudoxml": "*.pseudoxml",
    "gettext": "*.pot",
    "dummy": None,
    # The roots have no external links, so linkcheck opens no connection.
    "linkcheck": None,
}


def build(tmp_path_factory, builder: str):
    return build_root(tmp_path_factory, "all-builders", builder)


def output_text(app, pattern: str) -> str:
    files = sorted(app.outdir.glob(pattern))
    assert files, f"no {pattern} in {app.outdir}"
    text = "\n".join(path.read_text("utf-8") for path in files)
    # Undo the escapes and hyphenation marks of each format.
    for escaped, plain in (
        (r"\sphinxhyphen{}", "-"),
        ("\\-", "-"),
        ("@@", "@"),
        ("&amp;", "&"),
        ("&#x27;", "'"),
    ):
        text = text.replace(escaped, plain)
    return " ".join(text.split())


@pytest.mark.parametrize("builder", BUILDERS)
def test_builder_runs_clean(tmp_path_factory, builder):
    app = build(tmp_path_factory, builder)
    assert app.warning.getvalue() == ""
    assert "Traceback" not in app.status.getvalue()
    pattern = BUILDERS[builder]
    if pattern is None:
        return
    text = output_text(app, pattern)
    missing = [phrase for phrase in USER_TEXT if phrase not in text]
    assert missing == []
    if builder in {"html", "dirhtml", "singlehtml", "epub"}:
        # Numbers come from numfig in every HTML flavour, also when singlehtml
        # joins the documents into one page.
        assert '<span class="wp-label">Algorithm 1</span> Ranking passages' in text
        assert '<span class="wp-label">Algorithm 2</span> Markdown card' in text
        assert '<span class="wp-label">Pros and cons 2</span> Sparse retrieval' in text
        assert (app.outdir / "_static" / "sphinx_whitepaper.css").is_file()
        assert 'href="_static/sphinx_whitepaper.css' in text or (
            'href="../_static/sphinx_whitepaper.css' in text
        )
    if builder == "latex":
        assert (app.outdir / "sphinxwhitepaper.sty").is_file()
        assert r"\usepackage{sphinxwhitepaper}" in text


@pytest.fixture(scope="module")
def pot_messages(tmp_path_factory) -> list[str]:
    app = build(tmp_path_factory, "gettext")
    messages = []
    for pot in app.outdir.glob("*.pot"):
        messages += re.findall(r'^msgid "(.+)"$', pot.read_text("utf-8"), flags=re.MULTILINE)
    return messages


def test_gettext_extracts_user_text(pot_messages):
    for text in (
        "Ranking passages",
        "a query :math:`q`",
        "Sparse retrieval",
        "Cheap to index.",
        "Mean squared error",
        "Average the squared residuals.",
        "Frequent questions",
        "How large is the index?",
        "索引多大？",
        "Markdown card",
    ):
        assert text in pot_messages


def test_gettext_leaves_generated_words_out(pot_messages):
    assert [word for word in GENERATED_WORDS if word in pot_messages] == []


def test_text_builder_shows_a_readable_table(tmp_path_factory):
    app = build(tmp_path_factory, "text")
    text = (app.outdir / "cards.txt").read_text("utf-8")
    assert re.search(r"^\| Pros +\| Cons +\|$", text, flags=re.MULTILINE)
    assert re.search(r"^\| \* Cheap to index\. +\| \* Misses synonyms\. +\|$", text, re.MULTILINE)
    assert "Algorithm 1 Ranking passages" in text
    assert "Q How large is the index?" in text
    assert "Step 2" in text


def test_man_and_texinfo_show_labels(tmp_path_factory):
    man_app = build(tmp_path_factory, "man")
    man = output_text(man_app, "*.1")
    # Each question and each answer is a paragraph of its own.
    (page,) = man_app.outdir.glob("*.1")
    lines = page.read_text("utf-8").splitlines()
    question = lines.index("Q How large is the index?")
    assert lines[question - 1] == ".sp"
    assert lines[question + 1] == ".sp"
    assert lines[question + 2] == "About a gigabyte."
    assert "Algorithm 1 Ranking passages" in man
    assert "Pros and cons 2 Sparse retrieval" in man
    texinfo = output_text(build(tmp_path_factory, "texinfo"), "*.texi")
    assert "Algorithm 1 Ranking passages" in texinfo
    assert "Derivation 1 Mean squared error" in texinfo


def test_singlehtml_resolves_references(tmp_path_factory):
    app = build(tmp_path_factory, "singlehtml")
    html = (app.outdir / "index.html").read_text("utf-8")
    assert re.search(r'<a class="reference internal" href="#alg-ranking">'
                     r'<span class="std std-numref">Algorithm 1</span></a>', html)
    assert 'href="#faq-size"><span class="std std-ref">How large is the index?</span>' in html
