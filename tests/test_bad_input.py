"""Bad input: one exact ``[whitepaper.<subtype>]`` warning with its location,
the user's content still in the output, and never a traceback.

``bad.rst`` in the ``bad-input`` root contains one problem per directive, in
the order of :data:`EXPECTED`. ``dup_a.rst`` and ``dup_b.rst`` share a label.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from conftest import build_root
from sphinx.testing.util import SphinxTestApp
from sphinx.util.console import strip_escape_sequences

ROOTS = Path(__file__).resolve().parent / "roots"

#: conf.py of the small projects written by the tests. The chapter-structure
#: check is meant for whole whitepapers, so it is turned off.
CONF = 'extensions = ["sphinx_whitepaper"]\nwhitepaper_structure = []\n'

NESTED_FAQ = ('"{directive}" inside a "faq-item" answer is shown as part of that answer; '
              "move it out of the answer")
STRAY_FAQ_ITEM = ('"faq-item" outside a "faq" directive is shown on its own; put it inside '
                  'a "faq" directive')

#: (document, line, message, subtype) of every warning the root must give.
EXPECTED = [
    ("bad.rst", 4, 'the "algorithm" directive has no title; give one as its argument',
     "missing_title"),
    ("bad.rst", 8, 'unknown option "colour" for the "algorithm" directive (allowed: class, '
     "complexity, input, name, nonumber, output); ignored", "option"),
    ("bad.rst", 13, "invalid value 'yes' for option \"nonumber\" of the \"algorithm\" "
     "directive: no argument is allowed; ignored", "option"),
    ("bad.rst", 18, 'the "algorithm" directive has no steps; add its steps as content',
     "empty"),
    ("bad.rst", 20, 'the "derivation" has no math block; each step must be a math block '
     "followed by its justification", "derivation"),
    ("bad.rst", 24, "step 1 of the derivation has no justification; add a paragraph after "
     "its math block", "derivation"),
    ("bad.rst", 28, 'the "pros-cons" table has no "pros" part', "proscons"),
    ("bad.rst", 34, 'the "pros-cons" table has no "cons" part', "proscons"),
    ("bad.rst", 40, '"pros" outside a "pros-cons" directive is shown as a plain block',
     "proscons"),
    ("bad.rst", 44, 'the "faq" directive has no "faq-item" entries', "empty"),
    ("bad.rst", 53, 'duplicate label "same-label" in this document; the label is ignored '
     "here", "duplicate_label"),
    ("bad.rst", 58, 'the "derivation" directive is empty; add math blocks and their '
     "justifications", "empty"),
    ("bad.rst", 62, 'the "faq-item" directive has no question; give it as the argument',
     "missing_title"),
    ("bad.rst", 66, 'the question "Unanswered?" has no answer; write it as the content',
     "empty"),
    ("bad.rst", 68, 'option "name" of the "algorithm" directive needs a value; ignored',
     "option"),
    ("bad.rst", 73, '"faq" content other than "faq-item" entries is shown as it is', "faq"),
    ("bad.rst", 81, 'the "faq" directive has both :open: and :closed:; :open: is used',
     "option"),
    ("bad.rst", 95, NESTED_FAQ.format(directive="faq"), "faq"),
    ("bad.rst", 105, NESTED_FAQ.format(directive="faq-item"), "faq"),
    ("bad.rst", 109, 'the question "Commented out?" has no answer; write it as the content',
     "empty"),
    ("bad.rst", 113, STRAY_FAQ_ITEM, "faq"),
    ("bad_md.md", 3, 'unknown option "colour" for the "algorithm" directive (allowed: class, '
     "complexity, input, name, nonumber, output); ignored", "option"),
    ("bad_md.md", 9, 'unknown option "shade" for the "pros-cons" directive (allowed: class, '
     "name, nonumber); ignored", "option"),
    ("bad_md.md", 22, 'the "derivation" has no math block; each step must be a math block '
     "followed by its justification", "derivation"),
    # NOTE: myst-parser 4.0 and 5.2 add one to the reported line of a directive for each
    # enclosing directive without options, so the MyST FAQ blocks here have a :name:.
    ("bad_md.md", 34, NESTED_FAQ.format(directive="faq"), "faq"),
    ("bad_md.md", 41, 'the question "MyST commented out?" has no answer; write it as the '
     "content", "empty"),
    ("bad_md.md", 46, STRAY_FAQ_ITEM, "faq"),
    ("dup_b.rst", 4, 'duplicate label "cross-label", also defined in {srcdir}/dup_a.rst; '
     "the label is ignored here", "duplicate_label"),
]

#: Text from the user's content that must reach every output.
VISIBLE = [
    "Untitled steps stay visible.",
    "Unknown option steps stay visible.",
    "Invalid value steps stay visible.",
    "Empty card",
    "Only prose stays visible.",
    "Lonely con stays visible.",
    "Lonely pro stays visible.",
    "Stray pro stays visible.",
    "Loose FAQ text stays visible.",
    "Second steps stay visible.",
    "Answer without a question stays visible.",
    "Unanswered?",
    "Unnamed steps stay visible.",
    "Loose text next to a question stays visible.",
    "Open and closed answer stays visible.",
    "Outer answer stays visible.",
    "Inner question?",
    "Inner answer stays visible.",
    "Surrounding answer stays visible.",
    "Question in an answer?",
    "Answer in an answer stays visible.",
    "Commented out?",
    "Stray question?",
    "Stray answer stays visible.",
    "MyST steps stay visible.",
    "MyST pro stays visible.",
    "MyST prose stays visible.",
    "MyST outer answer stays visible.",
    "MyST inner question?",
    "MyST inner answer stays visible.",
    "MyST commented out?",
    "MyST stray question?",
    "MyST stray answer stays visible.",
    "Steps B stay visible.",
]


def build(tmp_path_factory, builder: str, **kwargs):
    return build_root(tmp_path_factory, "bad-input", builder, **kwargs)


def warning_lines(app) -> list[str]:
    text = strip_escape_sequences(app.warning.getvalue())
    return [line for line in text.splitlines() if line.strip()]


def expected_line(app, document: str, line: int, message: str, subtype: str) -> str:
    message = message.format(srcdir=app.srcdir)
    return f"{app.srcdir / document}:{line}: WARNING: {message} [whitepaper.{subtype}]"


@pytest.fixture(scope="module")
def html_app(tmp_path_factory):
    return build(tmp_path_factory, "html")


@pytest.mark.parametrize(
    "case", EXPECTED, ids=[f"{doc}:{line}-{subtype}" for doc, line, _, subtype in EXPECTED]
)
def test_warning_text_and_location(html_app, case):
    expected = expected_line(html_app, *case)
    assert warning_lines(html_app).count(expected) == 1, warning_lines(html_app)


def test_no_other_warnings(html_app):
    expected = [expected_line(html_app, *case) for case in EXPECTED]
    assert sorted(warning_lines(html_app)) == sorted(expected)


def test_content_stays_in_html(html_app):
    text = "".join(
        (html_app.outdir / f"{doc}.html").read_text("utf-8")
        for doc in ("bad", "bad_md", "dup_a", "dup_b")
    )
    missing = [phrase for phrase in VISIBLE if phrase not in text]
    assert missing == []


@pytest.mark.parametrize("builder", ["latex", "text"])
def test_other_builders_keep_content_without_traceback(tmp_path_factory, builder):
    app = build(tmp_path_factory, builder)
    assert sorted(warning_lines(app)) == sorted(
        expected_line(app, *case) for case in EXPECTED
    )
    if builder == "latex":
        # The package adds its own sphinx*.tex inputs next to the main file.
        (tex,) = (p for p in app.outdir.glob("*.tex") if not p.name.startswith("sphinx"))
        text = tex.read_text("utf-8")
    else:
        text = "".join(p.read_text("utf-8") for p in app.outdir.glob("*.txt"))
    text = " ".join(text.replace(r"\sphinxhyphen{}", "-").split())
    missing = [phrase for phrase in VISIBLE if phrase not in text]
    assert missing == []
    assert "Traceback" not in app.status.getvalue()


def test_stray_pros_keeps_a_translated_heading(html_app):
    html = (html_app.outdir / "bad.html").read_text("utf-8")
    assert '<p class="wp-part-title rubric">Pros</p>' in html


def test_suppress_warnings_silences_one_subtype(tmp_path_factory):
    overrides = {"suppress_warnings": ["whitepaper.option"]}
    app = build(tmp_path_factory, "html", confoverrides=overrides)
    lines = warning_lines(app)
    assert not [line for line in lines if "[whitepaper.option]" in line]
    others = [expected_line(app, *case) for case in EXPECTED if case[3] != "option"]
    assert sorted(lines) == sorted(others)


def test_suppress_whole_type(tmp_path_factory):
    app = build(tmp_path_factory, "html", confoverrides={"suppress_warnings": ["whitepaper"]})
    assert warning_lines(app) == []


def test_empty_proscons_gives_one_warning(tmp_path):
    srcdir = tmp_path / "src"
    srcdir.mkdir()
    (srcdir / "conf.py").write_text(CONF)
    (srcdir / "index.rst").write_text("Empty\n=====\n\n.. pros-cons:: Nothing here\n")
    app = SphinxTestApp("html", srcdir=srcdir)
    try:
        app.build()
    finally:
        app.cleanup()
    lines = warning_lines(app)
    assert len(lines) == 1
    assert lines[0] == (
        f"{srcdir / 'index.rst'}:4: WARNING: the \"pros-cons\" directive is empty; "
        'add a "pros" and a "cons" part [whitepaper.empty]'
    )


def parallel_project(srcdir: Path) -> None:
    """Write eight documents. The first and the last share the label "cross"."""
    srcdir.mkdir()
    names = [f"doc{i}" for i in range(1, 9)]
    (srcdir / "conf.py").write_text(CONF + "numfig = True\n")
    toctree = "".join(f"   {name}\n" for name in names)
    (srcdir / "index.rst").write_text(f"Index\n=====\n\n.. toctree::\n\n{toctree}")
    for name in names:
        label = "cross" if name in {"doc1", "doc8"} else f"alg-{name}"
        (srcdir / f"{name}.rst").write_text(
            f"{name}\n{'=' * len(name)}\n\n.. algorithm:: Card of {name}\n"
            f"   :name: {label}\n\n   Steps of {name}.\n"
        )


def test_duplicate_label_across_documents_parallel(tmp_path):
    srcdir = tmp_path / "src"
    parallel_project(srcdir)
    app = SphinxTestApp("html", srcdir=srcdir, parallel=2)
    try:
        app.build()
    finally:
        app.cleanup()
    # Sphinx reports chunks of documents only when it really reads in parallel.
    assert "doc1 .. doc4" in strip_escape_sequences(app.status.getvalue())
    # The same warning as a serial build, and references go to the same card.
    assert warning_lines(app) == [
        f"{srcdir / 'doc8.rst'}:4: WARNING: duplicate label \"cross\", also defined in "
        f"{srcdir / 'doc1.rst'}; the label is ignored here [whitepaper.duplicate_label]"
    ]
    for name in ("doc1", "doc8"):
        assert f"Steps of {name}." in (app.outdir / f"{name}.html").read_text("utf-8")
    assert app.env.get_domain("std").anonlabels["cross"] == ("doc1", "cross")


def test_label_freed_after_parallel_build(tmp_path):
    srcdir = tmp_path / "src"
    parallel_project(srcdir)
    # doc2 shares the label too; it is read in the same chunk as doc1 and doc8
    # in the other one.
    doc2 = srcdir / "doc2.rst"
    doc2.write_text(doc2.read_text().replace(":name: alg-doc2", ":name: cross"))
    builddir = tmp_path / "build"
    first = SphinxTestApp("html", srcdir=srcdir, builddir=builddir, parallel=2)
    try:
        first.build()
    finally:
        first.cleanup()
    # doc1 gives the label up. As after a serial build, doc2 takes it and
    # doc8, which lost it when the parallel reads were merged, warns again.
    doc1 = srcdir / "doc1.rst"
    doc1.write_text(doc1.read_text().replace(":name: cross", ":name: alg-doc1"))
    later = time.time() + 2
    os.utime(doc1, (later, later))
    second = SphinxTestApp("html", srcdir=srcdir, builddir=builddir, parallel=2)
    try:
        second.build()
    finally:
        second.cleanup()
    assert warning_lines(second) == [
        f"{srcdir / 'doc8.rst'}:4: WARNING: duplicate label \"cross\", also defined in "
        f"{srcdir / 'doc2.rst'}; the label is ignored here [whitepaper.duplicate_label]"
    ]
    assert second.env.get_domain("std").anonlabels["cross"] == ("doc2", "cross")


def test_duplicate_label_across_documents_serial(tmp_path):
    srcdir = tmp_path / "src"
    parallel_project(srcdir)
    app = SphinxTestApp("html", srcdir=srcdir)
    try:
        app.build()
    finally:
        app.cleanup()
    assert warning_lines(app) == [
        f"{srcdir / 'doc8.rst'}:4: WARNING: duplicate label \"cross\", also defined in "
        f"{srcdir / 'doc1.rst'}; the label is ignored here [whitepaper.duplicate_label]"
    ]
