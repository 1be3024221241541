"""List and index directives across documents, in several builders.

The ``lists`` root (rST, English) has a numbered toctree ``zeta``, ``alpha``,
``lists``: zeta comes first although it sorts last, so the entries prove
toctree order. ``lists-myst`` is the same project in MyST and Chinese.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import build_root as build
from sphinx.testing.util import SphinxTestApp
from sphinx.util.console import strip_escape_sequences

ROOTS = Path(__file__).resolve().parent / "roots"

NOWHERE = "list filter :docname: nowhere matches no document [whitepaper.list]"
NOTHING = "list filter :docname: nothing-else matches no document [whitepaper.list]"


def warnings_of(app: SphinxTestApp) -> list[str]:
    text = strip_escape_sequences(app.warning.getvalue())
    return [line for line in text.splitlines() if "WARNING" in line]


def read_lists(html: str) -> list[tuple[str | None, list[tuple[str, str]]]]:
    """Return (heading, [(href, text)]) for every list on a page."""
    soup = BeautifulSoup(html, "html.parser")
    found = []
    for block in soup.select("div.wp-list"):
        title = block.select_one(".wp-list-title")
        entries = [
            (a["href"], " ".join(a.get_text().split())) for a in block.select("li a")
        ]
        found.append((title.get_text() if title else None, entries))
    return found


@pytest.fixture(scope="module")
def html_app(tmp_path_factory):
    return build(tmp_path_factory, "lists", "html")


def test_html_lists_follow_toctree_and_filters(html_app):
    lists = read_lists((html_app.outdir / "lists.html").read_text(encoding="utf-8"))
    assert lists == [
        ("List of algorithms", [
            ("zeta.html#alg-zeta", "Algorithm 1.1 Zeta search"),
            ("zeta.html#algorithm-unnumbered-helper", "Algorithm Unnumbered helper"),
            ("alpha.html#alg-alpha", "Algorithm 2.1 Alpha sort"),
        ]),
        ("Alpha only", [("alpha.html#alg-alpha", "Algorithm 2.1 Alpha sort")]),
        (None, [("zeta.html#alg-zeta", "Algorithm 1.1 Zeta search")]),
        ("List of derivations", [("zeta.html#der-zeta", "Derivation 1.1 Zeta bound")]),
        ("List of pros and cons", [("alpha.html#pc-cache", "Pros and cons 2.1 Caching")]),
        ("Frequently asked questions", [
            ("zeta.html#faq-zeta", "Why <zeta> & not \"alpha\"?"),
            ("alpha.html#faq-does-alpha-scale", "Does alpha scale?"),
        ]),
        ("List of derivations", []),
    ]
    soup = BeautifulSoup((html_app.outdir / "lists.html").read_text(), "html.parser")
    assert soup.select("div.wp-list")[-1].select_one(".wp-list-empty").get_text() == (
        "No entries."
    )


def test_html_links_reach_their_items(html_app):
    pages: dict[str, BeautifulSoup] = {}
    for _heading, entries in read_lists((html_app.outdir / "lists.html").read_text()):
        for href, _text in entries:
            page, anchor = href.split("#")
            if page not in pages:
                pages[page] = BeautifulSoup((html_app.outdir / page).read_text(), "html.parser")
            assert pages[page].find(id=anchor) is not None, href


def test_list_in_root_document_and_its_label(html_app):
    soup = BeautifulSoup((html_app.outdir / "index.html").read_text(), "html.parser")
    block = soup.select_one("div.wp-list#all-algorithms")
    assert block is not None
    assert next(a["href"] for a in block.select("a")) == "zeta.html#alg-zeta"


def test_docname_patterns(html_app):
    lists = read_lists((html_app.outdir / "index.html").read_text(encoding="utf-8"))
    assert lists[1] == ("Z chapters", [
        ("zeta.html#alg-zeta", "Algorithm 1.1 Zeta search"),
        ("zeta.html#algorithm-unnumbered-helper", "Algorithm Unnumbered helper"),
    ])


def test_only_the_bad_filter_warns(html_app):
    assert [w.split(": ", 1)[1] for w in warnings_of(html_app)] == [
        "WARNING: " + NOTHING, "WARNING: " + NOWHERE
    ]


def test_bad_options_keep_lists(tmp_path_factory):
    srcdir = tmp_path_factory.mktemp("lists-bad-options") / "src"
    shutil.copytree(ROOTS / "test-lists", srcdir)
    with (srcdir / "alpha.rst").open("a", encoding="utf-8") as source:
        source.write(
            "\n.. list-of-algorithms::\n   :bogus:\n   :caption: Despite bogus\n"
            "\n.. faq-index::\n   :class: !!!\n   :caption: Despite class\n"
        )
    app = SphinxTestApp("text", srcdir=srcdir)
    try:
        app.build()
    finally:
        app.cleanup()
    ours = [w.split(": ", 1)[1] for w in warnings_of(app) if "[whitepaper.option]" in w]
    assert ours == [
        'WARNING: unknown option "bogus" for the "list-of-algorithms" directive '
        "(allowed: caption, class, docname, name); ignored [whitepaper.option]",
        "WARNING: invalid value '!!!' for option \"class\" of the \"faq-index\" directive: "
        'cannot make "!!!" into a class name; ignored [whitepaper.option]',
    ]
    text = (app.outdir / "alpha.txt").read_text(encoding="utf-8")
    assert "-[ Despite bogus ]-" in text
    assert "-[ Despite class ]-" in text
    assert "* Does alpha scale?" in text.split("Despite class")[1]


def test_singlehtml_links_stay_on_the_page(tmp_path_factory):
    app = build(tmp_path_factory, "lists", "singlehtml")
    soup = BeautifulSoup((app.outdir / "index.html").read_text(), "html.parser")
    hrefs = [a["href"] for a in soup.select("div.wp-list a")]
    assert hrefs, "no list rendered"
    for href in hrefs:
        assert href.startswith("#"), href
        assert href.count("#") == 1, href
        assert soup.find(id=href[1:]) is not None, href


def test_latex_lists_are_itemize_with_hyperrefs(tmp_path_factory):
    app = build(tmp_path_factory, "lists", "latex")
    tex = (app.outdir / "lists.tex").read_text(encoding="utf-8")
    start = tex.index(r"\subsubsection*{List of algorithms}", tex.index("All lists"))
    block = tex[start : tex.index(r"\end{itemize}", start)]
    assert r"\begin{itemize}" in block
    targets = re.findall(r"\\hyperref\[\\detokenize\{([^}]*)\}\]", block)
    assert targets == ["zeta:alg-zeta", "zeta:algorithm-unnumbered-helper", "alpha:alg-alpha"]
    for target in targets:
        assert r"\label{\detokenize{%s}}" % target in tex
    assert r"\sphinxwplabel{Algorithm 1.1} Zeta search" in block
    assert r"Why \textless{}zeta\textgreater{} \& not" in tex


def test_text_lists(tmp_path_factory):
    app = build(tmp_path_factory, "lists", "text")
    text = (app.outdir / "lists.txt").read_text(encoding="utf-8")
    assert "-[ List of algorithms ]-" in text
    assert "* Algorithm 1.1 Zeta search" in text
    assert "* Does alpha scale?" in text


@pytest.mark.parametrize("builder", ["html", "latex"])
def test_myst_chinese_lists(tmp_path_factory, builder):
    app = build(tmp_path_factory, "lists-myst", builder)
    assert warnings_of(app) == []
    if builder == "html":
        lists = read_lists((app.outdir / "lists.html").read_text(encoding="utf-8"))
        assert lists == [
            ("算法列表", [("zeta.html#alg-zeta", "算法 1.1 检索"),
                          ("alpha.html#alg-alpha", "算法 2.1 排序")]),
            ("仅第二章", [("alpha.html#alg-alpha", "算法 2.1 排序")]),
            ("推导列表", [("zeta.html#der-zeta", "推导 1.1 上界")]),
            ("优缺点对比列表", [("alpha.html#pc-cache", "优缺点 2.1 缓存")]),
            ("常见问题", [("zeta.html#faq-zeta", "为什么用 <zeta>?")]),
        ]
    else:
        tex = (app.outdir / "lists.tex").read_text(encoding="utf-8")
        assert r"\subsubsection*{算法列表}" in tex
        assert r"\hyperref[\detokenize{alpha:pc-cache}]" in tex
        assert r"\sphinxwplabel{算法 2.1} 排序" in tex


def test_user_caption_is_extracted_and_translated(tmp_path_factory):
    app = build(tmp_path_factory, "lists", "gettext")
    assert 'msgid "Alpha only"' in (app.outdir / "lists.pot").read_text(encoding="utf-8")

    srcdir = tmp_path_factory.mktemp("lists-translated") / "src"
    shutil.copytree(ROOTS / "test-lists", srcdir)
    catalog = srcdir / "locales" / "zh_CN" / "LC_MESSAGES"
    catalog.mkdir(parents=True)
    (catalog / "lists.po").write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "Alpha only"\nmsgstr "仅第二章"\n',
        encoding="utf-8",
    )
    translated = SphinxTestApp(
        "html", srcdir=srcdir, confoverrides={"language": "zh_CN", "locale_dirs": ["locales"]}
    )
    try:
        translated.build()
    finally:
        translated.cleanup()
    headings = [h for h, _ in read_lists((translated.outdir / "lists.html").read_text())]
    assert headings[:2] == ["算法列表", "仅第二章"]


@pytest.mark.parametrize(
    "builder",
    ["dirhtml", "epub", "man", "texinfo", "xml", "pseudoxml", "linkcheck", "dummy"],
)
def test_other_builders_do_not_fail(tmp_path_factory, builder):
    app = build(tmp_path_factory, "lists", builder,
                confoverrides={"copyright": "2026", "version": "1"})
    ours = [w.split(": ", 1)[1] for w in warnings_of(app) if "[epub." not in w]
    assert ours == ["WARNING: " + NOTHING, "WARNING: " + NOWHERE]
    if builder in {"xml", "pseudoxml"}:
        tree = next(app.outdir.glob("lists.*xml")).read_text(encoding="utf-8")
        assert "list_placeholder" not in tree
        assert "wp-list-items" in tree


@pytest.mark.pdf
@pytest.mark.parametrize(("root", "engine"), [("lists", "pdflatex"), ("lists-myst", "xelatex")])
def test_pdf_lists_link_every_entry(tmp_path_factory, root, engine):
    from conftest import compile_pdf, pdf_text

    app = build(tmp_path_factory, root, "latex")
    pdf = compile_pdf(app.outdir, engine)
    log = pdf.with_suffix(".log").read_text(errors="replace")
    assert "undefined references" not in log
    assert "Hyper reference" not in log  # hyperref's warning for a missing target
    text = " ".join(pdf_text(pdf).split())
    if root == "lists":
        assert "Algorithm 1.1 Zeta search" in text
        assert "Pros and cons 2.1 Caching" in text
    else:
        assert "算法 2.1 排序" in text
        assert "算法列表" in text


@pytest.mark.parametrize("builder", ["latex", "texinfo", "singlehtml", "html"])
def test_orphan_items_left_out_of_combined_outputs(tmp_path: Path, builder: str) -> None:
    """Items of an orphan document have no page in a PDF or a single page.

    The LaTeX and Texinfo builders raise NoUri for such an item, so combined
    outputs leave it out of their lists. HTML still links to it.
    """
    srcdir = tmp_path / "src"
    srcdir.mkdir()
    (srcdir / "conf.py").write_text(
        'extensions = ["sphinx_whitepaper"]\nwhitepaper_structure = []\n', encoding="utf-8"
    )
    (srcdir / "index.rst").write_text(
        "Root\n====\n\n.. faq-index::\n\n.. list-of-algorithms::\n", encoding="utf-8"
    )
    (srcdir / "notes.rst").write_text(
        ":orphan:\n\nNotes\n=====\n\n.. algorithm:: Hidden card\n\n   #. Step.\n\n"
        ".. faq::\n\n   .. faq-item:: Hidden question?\n\n      Answer.\n",
        encoding="utf-8",
    )
    app = SphinxTestApp(builder, srcdir=srcdir)
    try:
        app.build()
    finally:
        app.cleanup()
    assert strip_escape_sequences(app.warning.getvalue()) == ""
    if builder == "html":
        index = (app.outdir / "index.html").read_text(encoding="utf-8")
        assert 'href="notes.html#faq-hidden-question"' in index
        assert "Hidden card" in index
        return
    combined = "\n".join(
        path.read_text(encoding="utf-8")
        for path in app.outdir.iterdir()
        if path.suffix in {".tex", ".texi", ".html"} and not path.name.startswith("sphinx")
    )
    assert "Hidden question?" not in combined
    assert "Hidden card" not in combined
    assert combined.count("No entries.") == 2
