"""Front matter: the HTML title block and meta tags, the LaTeX title page and
PDF metadata, and :func:`get_frontmatter`.

``test-frontmatter`` sets everything by directive in reST, with quotes,
ampersands, angle brackets, a backslash and Chinese text; ``test-frontmatter-myst``
does the same in MyST.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import time
import unicodedata

import pytest
from bs4 import BeautifulSoup
from conftest import compile_pdf, pdf_text, require_tool
from sphinx.testing.util import SphinxTestApp

from sphinx_whitepaper.frontmatter import (
    LATEX_FILE,
    FrontMatter,
    config_authors,
    get_frontmatter,
    split_authors,
    split_keywords,
)

TITLE = 'Title with "quotes" & <angle> \\ backslash'
AUTHORS = [
    ('Ada "The Countess" Lovelace', "Engines & Co"),
    ("张三", "北京大学"),
    ("Solo Writer", ""),
]
KEYWORDS = ["retrieval", "ranking", "检索", "<b>bold</b>"]
ABSTRACT = 'A short abstract with markup, <tags> & "quotes".\n\nA second paragraph.'


def strip_colors(text: str) -> str:
    return re.sub(r"\x1b\[[0-9;]*m", "", text)


def soup(app, page: str = "index") -> BeautifulSoup:
    return BeautifulSoup((app.outdir / f"{page}.html").read_text(encoding="utf-8"), "html.parser")


@pytest.mark.sphinx("html", testroot="frontmatter")
def test_get_frontmatter_from_directives(app):
    app.build()
    assert app.warning.getvalue() == ""
    matter = get_frontmatter(app.env)
    assert matter == FrontMatter(
        title=TITLE,
        authors=AUTHORS,
        version="2.1",
        date="2026-01-31",
        # Plain text: markup is dropped and the typographic quotes of the page stay.
        abstract=ABSTRACT.replace('"quotes"', "\u201cquotes\u201d"),
        keywords=KEYWORDS,
        language="en",
        abstract_markup=(
            (
                ("text", "A short abstract with "),
                ("emphasis", (("text", "markup"),)),
                ("text", ", <tags> & \u201cquotes\u201d."),
            ),
            (("text", "A second paragraph."),),
        ),
    )


@pytest.mark.sphinx("html", testroot="frontmatter")
def test_html_title_block_and_abstract(app):
    app.build()
    page = soup(app)
    block = page.select_one("div.wp-titleblock")
    authors = [p.get_text() for p in block.select("p.wp-author")]
    assert authors == [
        "Ada \u201cThe Countess\u201d Lovelace · Engines & Co",
        "张三 · 北京大学",
        "Solo Writer",
    ]
    assert block.select_one("p.wp-version-date").get_text() == "Version 2.1 · 2026-01-31"
    assert block.select_one("p.wp-keywords").get_text() == (
        "Keywords: retrieval, ranking, 检索, <b>bold</b>"
    )
    # User text is escaped, never markup.
    assert block.select_one("b") is None
    abstract = page.select_one("div.wp-abstract")
    assert abstract.select_one("p.rubric").get_text() == "Abstract"
    assert abstract.select_one("em").get_text() == "markup"


@pytest.mark.sphinx("html", testroot="frontmatter")
def test_meta_tags_escaped_on_every_page(app):
    app.build()
    for page in ("index", "second"):
        html = (app.outdir / f"{page}.html").read_text(encoding="utf-8")
        assert (
            '<meta name="description" content="A short abstract with markup, '
            "&lt;tags&gt; &amp; \u201cquotes\u201d. A second paragraph.\" />"
        ) in html
        assert (
            '<meta name="keywords" content="retrieval, ranking, 检索, '
            '&lt;b&gt;bold&lt;/b&gt;" />'
        ) in html


@pytest.mark.sphinx(
    "html",
    testroot="frontmatter-myst",
    confoverrides={"whitepaper_abstract": "Config abstract", "whitepaper_title": "Config"},
)
def test_myst_directives_win_over_config(app):
    app.build()
    assert app.warning.getvalue() == ""
    matter = get_frontmatter(app.env)
    assert matter.title == "Config"
    assert matter.authors == [("Ada Lovelace", "Engines & Co"), ("张三", "北京大学")]
    assert (matter.version, matter.date) == ("3.0", "2026-02-01")
    assert matter.keywords == ["alpha", "beta"]
    assert matter.abstract == "MyST abstract with bold text."
    assert soup(app).select_one("div.wp-abstract strong").get_text() == "bold"


@pytest.mark.sphinx(
    "html",
    testroot="frontmatter",
    srcdir="frontmatter-config-only",
    confoverrides={
        "whitepaper_authors": ["Only <Config>", ("Pair", "Affil")],
        "whitepaper_abstract": "From conf.py.",
        "whitepaper_keywords": ["k1", "k2"],
        "whitepaper_date": "2030-05-06",
        "language": "zh_CN",
    },
)
def test_config_only_front_matter(app):
    (app.srcdir / "index.rst").write_text(
        "Config only\n===========\n\n.. whitepaper-meta::\n\n.. toctree::\n\n   second\n",
        encoding="utf-8",
    )
    app.build(force_all=True)
    assert app.warning.getvalue() == ""
    matter = get_frontmatter(app.env)
    assert matter.title == "Front matter test"
    assert matter.authors == [("Only", "Config"), ("Pair", "Affil")]
    assert (matter.version, matter.date, matter.language) == ("0.9", "2030-05-06", "zh_CN")
    assert matter.keywords == ["k1", "k2"]
    page = soup(app)
    # The config abstract fills in below the title block, in the page language.
    assert page.select_one("div.wp-abstract p.rubric").get_text() == "摘要"
    assert page.select_one("div.wp-abstract").get_text().strip().endswith("From conf.py.")
    assert page.select_one("p.wp-keywords").get_text() == "关键词： k1, k2"  # noqa: RUF001
    assert page.select_one("p.wp-version-date").get_text() == "版本 0.9 · 2030-05-06"


@pytest.mark.sphinx("html", testroot="frontmatter", srcdir="frontmatter-two-metas")
def test_meta_in_two_documents_warns(app):
    (app.srcdir / "second.rst").write_text(
        "Second\n======\n\n.. whitepaper-meta::\n   :version: 9\n", encoding="utf-8"
    )
    app.build(force_all=True)
    assert re.sub(r"\x1b\[[0-9;]*m", "", app.warning.getvalue()).strip() == (
        f"{app.srcdir / 'second.rst'}:4: WARNING: \"whitepaper-meta\" is also used in "
        f"{app.srcdir / 'index.rst'}; the values there win [whitepaper.frontmatter]"
    )
    assert get_frontmatter(app.env).version == "2.1"


@pytest.mark.sphinx("html", testroot="frontmatter", srcdir="frontmatter-bad-options",
                    confoverrides={"whitepaper_draft": True, "whitepaper_structure": []})
def test_bad_options_keep_directives(app):
    index = app.srcdir / "index.rst"
    source = index.read_text(encoding="utf-8")
    source = source.replace("   :version: 2.1\n", "   :version: 2.1\n   :bogus: 1\n")
    source = source.replace(".. abstract::\n", ".. abstract::\n   :class: !!!\n")
    source += (
        "\n.. whitepaper-chapter:: summary\n   :bogus:\n"
        "\n.. whitepaper-guidance:: summary\n   :class: wp-extra\n   :bogus:\n"
    )
    index.write_text(source, encoding="utf-8")
    app.build(force_all=True)
    path = app.srcdir / "index.rst"
    assert strip_colors(app.warning.getvalue()).splitlines() == [
        f'{path}:4: WARNING: unknown option "bogus" for the "whitepaper-meta" directive '
        "(allowed: authors, date, keywords, title, version); ignored [whitepaper.option]",
        f"{path}:14: WARNING: invalid value '!!!' for option \"class\" of the \"abstract\" "
        'directive: cannot make "!!!" into a class name; ignored [whitepaper.option]',
        f'{path}:27: WARNING: unknown option "bogus" for the "whitepaper-chapter" directive '
        "(allowed: none); ignored [whitepaper.option]",
        f'{path}:30: WARNING: unknown option "bogus" for the "whitepaper-guidance" '
        "directive (allowed: class); ignored [whitepaper.option]",
    ]
    matter = get_frontmatter(app.env)
    assert matter.version == "2.1"
    assert matter.keywords == KEYWORDS
    assert matter.abstract.startswith("A short abstract")
    assert soup(app).select_one("div.wp-guidance.wp-extra") is not None


@pytest.mark.sphinx(
    "html",
    testroot="frontmatter-myst",
    confoverrides={
        "whitepaper_authors": ["Good <Lab>", 42, None, ("a",), ("a", "b", "c"), "<Only Lab>"],
        "whitepaper_keywords": ["ok", 7, " "],
        "whitepaper_title": 5,
    },
)
def test_invalid_config_items_warn(app):
    warnings = re.sub(r"\x1b\[[0-9;]*m", "", app.warning.getvalue()).splitlines()
    expected = '"Name <Affiliation>" or a (name, affiliation) pair; ignored [whitepaper.config]'
    assert warnings == [
        "WARNING: invalid value 5 for whitepaper_title: expected str, using the default '' "
        "[whitepaper.config]",
        f"WARNING: invalid item 42 in whitepaper_authors: expected {expected}",
        f"WARNING: invalid item None in whitepaper_authors: expected {expected}",
        f"WARNING: invalid item ('a',) in whitepaper_authors: expected {expected}",
        f"WARNING: invalid item ('a', 'b', 'c') in whitepaper_authors: expected {expected}",
        f"WARNING: invalid item '<Only Lab>' in whitepaper_authors: expected {expected}",
        "WARNING: whitepaper_keywords must list non-empty strings; ignoring [7, ' '] "
        "[whitepaper.config]",
    ]
    assert app.config.whitepaper_authors == ["Good <Lab>"]
    assert app.config.whitepaper_keywords == ["ok"]
    assert app.config.whitepaper_title == ""
    assert config_authors(app.config) == [("Good", "Lab")]


def test_split_helpers():
    assert split_authors("A <X>; B\nC <Y；Z>") == [("A", "X"), ("B", ""), ("C", "Y；Z")]  # noqa: RUF001
    assert split_keywords(" a, b；c、d，e;\nf ") == ["a", "b", "c", "d", "e", "f"]  # noqa: RUF001


@pytest.mark.sphinx("latex", testroot="frontmatter")
def test_latex_title_page_and_metadata(app):
    app.build()
    assert app.warning.getvalue() == ""
    tex = (app.outdir / "frontmatter.tex").read_text(encoding="utf-8")
    # The user's preamble stays; ours is added after it.
    assert tex.index("% user preamble kept") < tex.index(f"\\InputIfFileExists{{{LATEX_FILE}}}")
    assert "\n\\sphinxwpmaketitle\n" in tex
    # The titleblock and abstract are on the title page, not in the body.
    assert "A second paragraph" not in tex
    front = (app.outdir / LATEX_FILE).read_text(encoding="utf-8")
    assert "\\def\\sphinxwptitle{Title with \\textquotedbl{}quotes\\textquotedbl{} \\& " in front
    assert "\\sphinxwpauthor{张三}{北京大学}" in front
    assert (
        "\\def\\sphinxwpabstract{A short abstract with \\emph{markup}, "
        "<tags> \\& \u201cquotes\u201d.\\par\nA second paragraph.}"
    ) in front
    assert "pdfkeywords={retrieval, ranking, 检索, <b>bold</b>}" in front


@pytest.mark.sphinx(
    "latex",
    testroot="frontmatter",
    confoverrides={"latex_elements": {"maketitle": "\\mytitlepage", "preamble": "% mine"}},
)
def test_user_maketitle_is_kept(app):
    app.build()
    tex = (app.outdir / "frontmatter.tex").read_text(encoding="utf-8")
    assert "\n\\mytitlepage\n" in tex
    assert "\\sphinxwpmaketitle" not in tex.split("\\begin{document}")[1]
    assert "% mine" in tex


@pytest.mark.pdf
@pytest.mark.sphinx("latex", testroot="frontmatter", srcdir="frontmatter-pdf-hyphens")
def test_pdf_title_page_and_metadata(app):
    require_tool("pdfinfo")
    # Hyphens, doubled and tripled too, must reach the metadata unchanged.
    index = app.srcdir / "index.rst"
    source = index.read_text(encoding="utf-8")
    source = source.replace(" backslash\n", " backslash Retrieval-Augmented a--b c---d\n")
    source = source.replace("Solo Writer", "Jean-Paul Writer")
    source = source.replace("<b>bold</b>", "<b>bold</b>, en-md, ---")
    index.write_text(source, encoding="utf-8")
    app.build()
    pdf = compile_pdf(app.outdir, "xelatex")
    info = subprocess.run(
        ["pdfinfo", str(pdf)], capture_output=True, text=True, check=True
    ).stdout
    title = TITLE + " Retrieval-Augmented a--b c---d"
    assert re.search(r"^Title:\s+" + re.escape(title) + "$", info, re.M)
    assert re.search(
        r"^Author:\s+Ada \"The Countess\" Lovelace; 张三; Jean-Paul Writer$", info, re.M
    )
    assert re.search(
        r"^Keywords:\s+retrieval, ranking, 检索, <b>bold</b>, en-md, ---$", info, re.M
    )
    first_page = pdf_text(pdf).split("\f")[0]
    for text in ("Version 2.1", "Engines & Co", "北京大学", "Abstract", "A second paragraph",
                 "Keywords: retrieval", "Jean-Paul Writer"):
        assert text in first_page
    log = pdf.with_suffix(".log").read_text(errors="replace")
    assert "Missing character" not in log


def test_incremental_build_rewrites_pages_on_new_abstract(tmp_path):
    """Every page's description follows an abstract edited in the root document."""
    srcdir = tmp_path / "src"
    srcdir.mkdir()
    (srcdir / "conf.py").write_text(
        'extensions = ["sphinx_whitepaper"]\nwhitepaper_structure = []\n', encoding="utf-8"
    )
    index = srcdir / "index.rst"
    index.write_text(
        "Paper\n=====\n\n.. abstract::\n\n   First abstract.\n\n.. toctree::\n\n   other\n",
        encoding="utf-8",
    )
    (srcdir / "other.rst").write_text("Other\n=====\n\nText.\n", encoding="utf-8")

    def description() -> str:
        page = (srcdir / "_build" / "html" / "other.html").read_text(encoding="utf-8")
        return re.search(r'<meta name="description" content="([^"]*)"', page).group(1)

    app = SphinxTestApp("html", srcdir=srcdir)
    app.build()
    app.cleanup()
    assert description() == "First abstract."

    index.write_text(index.read_text(encoding="utf-8").replace("First", "Second"))
    app = SphinxTestApp("html", srcdir=srcdir)
    app.build()
    app.cleanup()
    assert description() == "Second abstract."


def test_sphinx_placeholder_author_is_no_author(tmp_path):
    """Without ``author`` in conf.py, Sphinx's "Author name not set" is not shown."""
    srcdir = tmp_path / "src"
    srcdir.mkdir()
    (srcdir / "conf.py").write_text(
        'extensions = ["sphinx_whitepaper"]\nwhitepaper_structure = []\n', encoding="utf-8"
    )
    (srcdir / "index.rst").write_text(
        "Paper\n=====\n\n.. whitepaper-meta::\n   :version: 1.0\n", encoding="utf-8"
    )
    app = SphinxTestApp("html", srcdir=srcdir)
    app.build()
    app.cleanup()
    assert get_frontmatter(app.env).authors == []
    page = (app.outdir / "index.html").read_text(encoding="utf-8")
    assert "Author name not set" not in page


@pytest.mark.sphinx("gettext", testroot="frontmatter", srcdir="frontmatter-gettext")
def test_abstract_heading_not_in_catalog(app):
    """The generated "Abstract" heading is translated by the package, not by users."""
    app.build()
    catalog = "\n".join(path.read_text(encoding="utf-8") for path in app.outdir.glob("*.pot"))
    assert 'msgid "Abstract"' not in catalog
    assert "msgid" in catalog


@pytest.mark.sphinx("html", testroot="frontmatter", srcdir="frontmatter-nameless-author")
def test_meta_author_without_name_warns(app):
    index = app.srcdir / "index.rst"
    source = index.read_text(encoding="utf-8")
    source = source.replace(
        "   :authors: Ada \"The Countess\" Lovelace <Engines & Co>;\n",
        "   :authors: <Analytical Engines Ltd>; Ada \"The Countess\" Lovelace <Engines & Co>;\n",
    )
    index.write_text(source, encoding="utf-8")
    app.build(force_all=True)
    assert strip_colors(app.warning.getvalue()).splitlines() == [
        f"{index}:4: WARNING: author '<Analytical Engines Ltd>' in the \"authors\" option has "
        "an affiliation but no name; ignored [whitepaper.frontmatter]",
    ]
    assert get_frontmatter(app.env).authors == AUTHORS
    names = [span.get_text() for span in soup(app).select("span.wp-author-name")]
    assert names == ["Ada \u201cThe Countess\u201d Lovelace", "张三", "Solo Writer"]


@pytest.mark.sphinx("latex", testroot="frontmatter-abstract")
def test_latex_abstract_keeps_inline_markup(app):
    app.build()
    assert app.warning.getvalue() == ""
    front = (app.outdir / LATEX_FILE).read_text(encoding="utf-8")
    abstract = re.search(r"^\\def\\sphinxwpabstract\{(.*?)\}\n\\def", front, re.M | re.S)
    assert abstract is not None
    assert abstract.group(1).split("\\par\n") == [
        "Search costs \\(O(k \\log n)\\) with \\textbf{bold} and \\texttt{code}.",
        "A \\emph{second \\texttt{a\\_b\\{\\}} paragraph} at 100\\% \\& more."
        "\\footnote{A note on the title page.}",
        # A list is not a paragraph: its escaped text is kept.
        "listed\\_item another",
    ]
    # The footnote follows "more." as a LaTeX footnote; the metadata leaves it out.
    assert "more.1" not in front
    subject = re.search(r"pdfsubject=\{(.*?)\},", front, re.S)
    assert subject is not None
    assert "A note on the title page" not in subject.group(1)
    # The metadata keeps the plain text.
    assert "pdfsubject={Search costs O(k \\textbackslash{}log n) with bold and code." in front


@pytest.mark.pdf
@pytest.mark.sphinx("latex", testroot="frontmatter-abstract", srcdir="frontmatter-abstract-pdf")
def test_pdf_abstract_keeps_inline_markup(app):
    app.build()
    pdf = compile_pdf(app.outdir, "pdflatex")
    # NFKC turns the math italic letters that pdftotext returns into ASCII.
    first_page = unicodedata.normalize("NFKC", " ".join(pdf_text(pdf).split("\f")[0].split()))
    assert "Search costs O(k log n) with bold and code." in first_page
    assert "A second a_b{} paragraph at 100% & more." in first_page
    assert "listed_item another" in first_page
    assert "A note on the title page." in first_page
    assert "textbackslash" not in first_page
    assert "**" not in first_page


def test_incremental_build_follows_build_date(tmp_path, monkeypatch):
    """Without a configured date, a new build date reaches every output.

    Sphinx re-reads no document for a new ``SOURCE_DATE_EPOCH``, so the
    title block must be re-read for the incremental build to equal a clean one.
    """
    srcdir = tmp_path / "src"
    srcdir.mkdir()
    (srcdir / "conf.py").write_text(
        'extensions = ["sphinx_whitepaper"]\nwhitepaper_structure = []\n'
        'latex_documents = [("index", "paper.tex", "", "", "howto")]\n',
        encoding="utf-8",
    )
    (srcdir / "index.rst").write_text(
        "Paper\n=====\n\n.. whitepaper-meta::\n   :version: 1.0\n\n.. toctree::\n\n   other\n",
        encoding="utf-8",
    )
    other = srcdir / "other.rst"
    other.write_text("Other\n=====\n\nText.\n", encoding="utf-8")

    def build(builder: str, builddir: str, epoch: str) -> dict[str, str]:
        monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
        app = SphinxTestApp(builder, srcdir=srcdir, builddir=tmp_path / builddir)
        try:
            app.build()
        finally:
            app.cleanup()
        if builder == "html":
            return {"index.html": (app.outdir / "index.html").read_text(encoding="utf-8")}
        return {LATEX_FILE: (app.outdir / LATEX_FILE).read_text(encoding="utf-8")}

    def dates(output: dict[str, str]) -> list[str]:
        if "index.html" in output:
            page = BeautifulSoup(output["index.html"], "html.parser")
            article = next(
                json.loads(script.string)
                for script in page.find_all("script", type="application/ld+json")
            )
            return [page.select_one("p.wp-version-date").get_text(), article["datePublished"]]
        sty = output[LATEX_FILE].replace("\\sphinxhyphen{}", "-")
        return re.findall(r"^\\def\\sphinxwpdate\{(.*)\}$", sty, re.M)

    first_html = build("html", "incremental-html", "1700000000")
    first_latex = build("latex", "incremental-latex", "1700000000")
    assert dates(first_html) == ["Version 1.0 · 2023-11-14", "2023-11-14"]
    assert dates(first_latex) == ["2023-11-14"]

    later = time.time() + 5
    os.utime(other, (later, later))
    html = build("html", "incremental-html", "1800000000")
    latex = build("latex", "incremental-latex", "1800000000")
    assert dates(html) == ["Version 1.0 · 2027-01-15", "2027-01-15"]
    assert dates(latex) == ["2027-01-15"]
    assert html == build("html", "clean-html", "1800000000")
    assert latex == build("latex", "clean-latex", "1800000000")


def test_rst_abstract_footnote_on_title_page(tmp_path):
    srcdir = tmp_path / "src"
    srcdir.mkdir()
    (srcdir / "conf.py").write_text(
        'extensions = ["sphinx_whitepaper"]\nwhitepaper_structure = []\n'
        'latex_documents = [("index", "p.tex", "P", "A", "manual")]\n',
        encoding="utf-8",
    )
    (srcdir / "index.rst").write_text(
        "Title\n=====\n\n.. abstract::\n\n   We measure recall [#src]_.\n\n"
        "   .. [#src] Measured on the 2025 test set.\n\nBody.\n",
        encoding="utf-8",
    )
    app = SphinxTestApp("latex", srcdir=srcdir)
    try:
        app.build()
    finally:
        app.cleanup()
    front = (app.outdir / LATEX_FILE).read_text(encoding="utf-8")
    # The footnote stays with its text; the PDF metadata has no footnotes.
    assert (
        "\\def\\sphinxwpabstract{We measure recall\\footnote{Measured on the 2025 test set.}.}"
    ) in front
    assert "pdfsubject={We measure recall.}," in front
