"""Item numbers, captions and references (``:numref:``, ``:ref:``, MyST links).

Most tests read one html and one latex build of the ``directives`` root. Its
toctree is not numbered, so numbers run across documents, separately for each
kind: algorithms 1-5 (``alg-plain`` is ``:nonumber:``), pros/cons tables 1-4
and derivations 1-3.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import build_root as build
from sphinx.testing.util import SphinxTestApp

ROOTS = Path(__file__).resolve().parent / "roots"

#: conf.py of the small projects written by the tests. The chapter-structure
#: check is meant for whole whitepapers, so it is turned off.
CONF = 'extensions = ["sphinx_whitepaper"]\nwhitepaper_structure = []\n'

EXPECTED_CAPTIONS = {
    ("rst", "alg-rst"): "Algorithm 1",
    ("colon", "alg-colon"): "Algorithm 2",
    ("tick", "alg-tick"): "Algorithm 3",
    ("numbering", "alg-four"): "Algorithm 4",
    ("numbering", "alg-plain"): "Algorithm",
    ("numbering", "alg-five"): "Algorithm 5",
    ("rst", "pc-rst"): "Pros and cons 1",
    ("colon", "pc-colon"): "Pros and cons 2",
    ("tick", "pc-tick"): "Pros and cons 3",
    ("numbering", "pc-four"): "Pros and cons 4",
    ("rst", "der-rst"): "Derivation 1",
    ("colon", "der-colon"): "Derivation 2",
    ("tick", "der-tick"): "Derivation 3",
}


def build_project(tmp_path, builder: str, files: dict[str, str], **kwargs):
    """Write ``files`` into a new source folder and build it once."""
    srcdir = tmp_path / f"src-{builder}"
    srcdir.mkdir()
    for name, text in files.items():
        (srcdir / name).write_text(text, encoding="utf-8")
    app = SphinxTestApp(builder, srcdir=srcdir, **kwargs)
    try:
        app.build()
    finally:
        app.cleanup()
    return app


@pytest.fixture(scope="module")
def html_app(tmp_path_factory):
    return build(tmp_path_factory, "directives", "html")


@pytest.fixture(scope="module")
def latex_app(tmp_path_factory):
    return build(tmp_path_factory, "directives", "latex")


def soup(app, docname: str) -> BeautifulSoup:
    return BeautifulSoup((app.outdir / f"{docname}.html").read_text("utf-8"), "html.parser")


def latex_text(app) -> str:
    # The package adds its own sphinx*.tex inputs next to the main file.
    (tex,) = (p for p in app.outdir.glob("*.tex") if not p.name.startswith("sphinx"))
    return tex.read_text("utf-8")


def html_captions(app, docnames) -> dict[tuple[str, str], str]:
    """Map (docname, id) of every item to the label text of its caption."""
    captions = {}
    for docname in docnames:
        for item in soup(app, docname).select("div.wp-item"):
            captions[docname, item["id"]] = item.select_one(".wp-caption .wp-label").get_text()
    return captions


def latex_numbers(tex: str) -> dict[tuple[str, str], str | None]:
    """Map (docname, id) of every item to its ``\\sphinxwpsetlabel`` number."""
    pattern = re.compile(
        r"\\begin\{sphinxwpitem\}\{\w+\}(?:\\sphinxwpsetlabel\{([^}]*)\})?"
        r"\\phantomsection\\label\{\\detokenize\{([^:}]+):([^}]+)\}\}"
    )
    return {(doc, node_id): number for number, doc, node_id in pattern.findall(tex)}


def test_captions_count_each_kind_separately(html_app):
    docnames = {docname for docname, _ in EXPECTED_CAPTIONS}
    assert html_captions(html_app, docnames) == EXPECTED_CAPTIONS


def test_latex_numbers_equal_html_numbers(html_app, latex_app):
    docnames = {docname for docname, _ in EXPECTED_CAPTIONS}
    html = html_captions(html_app, docnames)
    latex = latex_numbers(latex_text(latex_app))
    assert set(latex) == set(html)
    for key, caption in html.items():
        number = caption.rpartition(" ")[2] if caption[-1].isdigit() else ""
        assert latex[key] == number, key


def test_latex_caption_labels(latex_app):
    tex = latex_text(latex_app)
    assert r"\sphinxwpcaption{\sphinxwplabel{Algorithm 5} Fifth card}" in tex
    assert r"\sphinxwpcaption{\sphinxwplabel{Algorithm} Unnumbered card}" in tex
    assert r"\sphinxwpcaption{\sphinxwplabel{Pros and cons 4} Fourth table}" in tex


def links(app, docname: str) -> dict[str, str]:
    """Map each list entry's lead ("numref algorithm") to its link text."""
    result = {}
    for item in soup(app, docname).select("section li"):
        lead, _, _ = item.get_text().partition(":")
        result[lead] = item.find("a").get_text()
    return result


def test_rst_references(html_app):
    assert links(html_app, "refs") == {
        "numref algorithm": "Algorithm 1",
        "ref algorithm": "Retrieval with ranking",
        "numref custom": "Card 5",
        "numref pros-cons": "Pros and cons 4",
        "numref derivation": "Derivation 3",
        "ref unnumbered": "Unnumbered card",
        "ref question": "What is retrieval?",
        "eq step": "(2)",
    }


def test_myst_references(html_app):
    found = links(html_app, "refs_md")
    assert found["numref algorithm"] == "Algorithm 2"
    assert found["link algorithm"] == "Retrieval with ranking"
    assert found["numref derivation"] == "Derivation 2"
    assert found["link question"] == "What is retrieval?"


def test_reference_targets(html_app):
    hrefs = [a["href"] for a in soup(html_app, "refs").select("section li a")]
    assert hrefs[:2] == ["rst.html#alg-rst", "rst.html#alg-rst"]
    assert "numbering.html#alg-plain" in hrefs
    assert soup(html_app, "numbering").find(id="alg-plain") is not None


def test_latex_numref_uses_the_item_label(latex_app):
    tex = latex_text(latex_app)
    assert (
        r"\hyperref[\detokenize{rst:alg-rst}]{Algorithm \ref{\detokenize{rst:alg-rst}}}" in tex
    )
    # Sphinx 8.0 writes \DUrole{std,std-ref}{...}, Sphinx 9 nests two \DUrole.
    link = tex.split(r"\hyperref[\detokenize{numbering:alg-plain}]{", 1)[1].split("\n")[0]
    assert link.startswith(r"\sphinxcrossref{\DUrole{std")
    assert "{Unnumbered card}}}" in link


def test_unnumbered_item_env_number(html_app):
    numbers = html_app.env.toc_fignumbers["numbering"]["algorithm"]
    assert "alg-plain" not in numbers
    assert numbers["alg-four"] == (4,)
    assert numbers["alg-five"] == (5,)


def test_user_numfig_format_wins(tmp_path_factory):
    overrides = {"numfig_format": {"algorithm": "Alg. %s", "derivation": "Deriv. {number}"}}
    app = build(tmp_path_factory, "directives", "html", confoverrides=overrides)
    assert app.warning.getvalue() == ""
    captions = html_captions(app, ["rst", "numbering"])
    assert captions["rst", "alg-rst"] == "Alg. 1"
    assert captions["rst", "der-rst"] == "Deriv. 1"
    assert captions["rst", "pc-rst"] == "Pros and cons 1"
    assert captions["numbering", "alg-plain"] == "Algorithm"
    assert links(app, "refs")["numref algorithm"] == "Alg. 1"
    assert links(app, "refs")["numref derivation"] == "Deriv. 3"


NUMBERED_PROJECT = {
    "conf.py": CONF + "numfig = True\n",
    "index.rst": "Book\n====\n\n.. toctree::\n   :numbered:\n\n   one\n   two\n",
    "one.rst": (
        "One\n===\n\n.. algorithm:: First\n   :name: alg-a\n\n   Steps.\n\n"
        ".. algorithm:: Second\n   :name: alg-b\n\n   Steps.\n"
    ),
    "two.rst": (
        "Two\n===\n\n.. algorithm:: Third\n   :name: alg-c\n\n   Steps.\n\n"
        "See :numref:`alg-b`.\n"
    ),
}


def test_numbered_toctree_prefixes_section_numbers(tmp_path):
    html = build_project(tmp_path, "html", NUMBERED_PROJECT)
    latex = build_project(tmp_path, "latex", NUMBERED_PROJECT)
    assert html.warning.getvalue() == ""
    assert latex.warning.getvalue() == ""
    captions = html_captions(html, ["one", "two"])
    assert captions == {
        ("one", "alg-a"): "Algorithm 1.1",
        ("one", "alg-b"): "Algorithm 1.2",
        ("two", "alg-c"): "Algorithm 2.1",
    }
    assert soup(html, "two").select_one("section p a").get_text() == "Algorithm 1.2"
    assert latex_numbers(latex_text(latex)) == {
        ("one", "alg-a"): "1.1",
        ("one", "alg-b"): "1.2",
        ("two", "alg-c"): "2.1",
    }


def test_numfig_off_leaves_items_unnumbered(tmp_path):
    files = dict(NUMBERED_PROJECT, **{"conf.py": CONF})
    files["two.rst"] = files["two.rst"].replace(":numref:`alg-b`", ":ref:`alg-b`")
    app = build_project(tmp_path, "html", files)
    assert app.warning.getvalue() == ""
    assert set(html_captions(app, ["one", "two"]).values()) == {"Algorithm"}
    assert soup(app, "two").select_one("section p a").get_text() == "Second"


def test_ref_to_faq_block_and_untitled_table(tmp_path):
    files = {
        "conf.py": CONF + "numfig = True\n",
        "index.rst": (
            "Blocks\n======\n\n"
            ".. faq:: Frequent questions\n   :name: faq-block\n\n"
            "   .. faq-item:: One?\n\n      Yes.\n\n"
            ".. pros-cons::\n   :name: pc-untitled\n\n"
            "   .. pros::\n\n      - A.\n\n   .. cons::\n\n      - B.\n\n"
            "See :ref:`faq-block`, :ref:`pc-untitled` and :numref:`pc-untitled`.\n"
        ),
    }
    app = build_project(tmp_path, "html", files)
    assert app.warning.getvalue() == ""
    texts = [a.get_text() for a in soup(app, "index").select("section > p a")]
    assert texts == ["Frequent questions", "Pros and cons", "Pros and cons 1"]


@pytest.mark.sphinx("html", testroot="myst-anchor")
def test_myst_anchor_link_same_page(app):
    """MyST ``[](#label)`` to an item on the same page shows the item's title."""
    app.build()
    assert app.warning.getvalue() == ""
    page = BeautifulSoup((app.outdir / "index.html").read_text("utf-8"), "html.parser")
    links = {li.get_text().split(":")[0]: li.find("a") for li in page.select("li")}
    assert links["algorithm"].get_text() == "Beam search"
    assert links["algorithm"]["href"] == "#alg-beam"
    assert links["question"].get_text() == "Why beam search?"
    assert links["explicit"].get_text() == "my text"
