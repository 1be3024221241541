"""schema.org JSON-LD blocks and the FAQ script.

``jsonld`` (rST, English) has an FAQ page with hostile question and answer
text, a page without questions and a root page for ``TechArticle``.
``jsonld-myst`` (MyST, Chinese) has one FAQ and ``whitepaper_faq_expand_all``.
``faq-nesting`` has questions nested in answers, questions without answers and
a question outside a ``faq`` block, in rST (``index``) and MyST (``myst``).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from browser_support import require_browser
from bs4 import BeautifulSoup
from conftest import build_root as build
from sphinx.testing.util import SphinxTestApp
from sphinx.util.console import strip_escape_sequences

from sphinx_whitepaper.jsonld import dumps_for_html

ROOTS = Path(__file__).resolve().parent / "roots"
CHROMIUM = "/usr/bin/chromium"
LD = "application/ld+json"


def warnings_of(app: SphinxTestApp) -> list[str]:
    text = strip_escape_sequences(app.warning.getvalue())
    return [line for line in text.splitlines() if "WARNING" in line]


def blocks(page: Path) -> list[dict]:
    """Parse every JSON-LD block of ``page`` after checking that its text cannot end the script."""
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    found = []
    for script in soup.find_all("script", type=LD):
        raw = script.string or ""
        assert not set(raw) & {"<", ">", "&"}, raw
        found.append(json.loads(raw))
    return found


def visible_faq(page: Path) -> list[tuple[str, str]]:
    """Return (question, answer) as the page shows them, whitespace collapsed."""
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    pairs = []
    for item in soup.select("details.wp-faq-item"):
        summary = item.find("summary")
        for extra in summary.select(".wp-faq-q, a.headerlink"):
            extra.extract()
        answer = item.select_one(".wp-faq-answer")
        pairs.append((" ".join(summary.get_text().split()), " ".join(answer.get_text().split())))
    return pairs


@pytest.fixture(scope="module")
def english(tmp_path_factory):
    return build(tmp_path_factory, "jsonld")


def test_faq_page_matches_visible_text(english):
    page = english.outdir / "faq.html"
    (data,) = blocks(page)
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "FAQPage"
    assert data["inLanguage"] == "en"
    found = [(q["name"], q["acceptedAnswer"]["text"]) for q in data["mainEntity"]]
    assert found == visible_faq(page)
    assert found[0][0] == "Is </script><script>alert(1)</script> escaped?"
    assert "</script> & <!-- stay text." in found[0][1]
    assert all(q["@type"] == "Question" for q in data["mainEntity"])
    assert warnings_of(english) == []


def test_hostile_text_cannot_leave_the_script(english):
    soup = BeautifulSoup((english.outdir / "faq.html").read_text(), "html.parser")
    # Only Sphinx's own scripts, ours and the one JSON-LD block: no injected element.
    assert not any("alert(1)" in (s.string or "") and s.get("type") != LD
                   for s in soup.find_all("script"))
    assert len(soup.find_all("script", type=LD)) == 1


def test_tech_article_on_root_page_only(english):
    (article,) = blocks(english.outdir / "index.html")
    assert article == {
        "@context": "https://schema.org",
        "@type": "TechArticle",
        "headline": "Retrieval </script> & Ranking",
        "inLanguage": "en",
        "author": [{"@type": "Person", "name": "Ada Lovelace"}],
        "keywords": ["retrieval", "ranking"],
        "abstract": "We rank passages. It is <fast> & cheap.",
        "version": "1.2",
        "datePublished": "2026-12-04",
        "dateModified": "2026-12-04",
    }
    assert blocks(english.outdir / "other.html") == []


def test_script_only_on_faq_pages(english):
    def has_script(name: str) -> bool:
        return "sphinx_whitepaper_faq.js" in (english.outdir / name).read_text()

    assert has_script("faq.html")
    assert not has_script("other.html")
    assert not has_script("index.html")
    assert (english.outdir / "_static" / "sphinx_whitepaper_faq.js").is_file()
    soup = BeautifulSoup((english.outdir / "faq.html").read_text(), "html.parser")
    tag = soup.find("script", src=lambda s: s and "sphinx_whitepaper_faq.js" in s)
    assert "data-expand-label" not in tag.attrs


def test_blocks_can_be_switched_off(tmp_path_factory):
    app = build(
        tmp_path_factory, "jsonld",
        confoverrides={"whitepaper_faq_jsonld": False, "whitepaper_article_jsonld": False},
    )
    assert blocks(app.outdir / "faq.html") == []
    assert blocks(app.outdir / "index.html") == []
    assert "sphinx_whitepaper_faq.js" in (app.outdir / "faq.html").read_text()


def test_latex_has_no_web_data(tmp_path_factory):
    app = build(tmp_path_factory, "jsonld", "latex")
    tex = next(app.outdir.glob("*.tex")).read_text(encoding="utf-8")
    assert "schema.org" not in tex
    assert "sphinx_whitepaper_faq" not in tex


def test_chinese_myst(tmp_path_factory):
    app = build(tmp_path_factory, "jsonld-myst")
    page = app.outdir / "index.html"
    article, faq = blocks(page)
    # The whitepaper-meta and abstract directives win over conf.py values.
    assert article == {
        "@context": "https://schema.org",
        "@type": "TechArticle",
        "headline": "检索白皮书",
        "inLanguage": "zh-CN",
        "author": [
            {"@type": "Person", "name": "张三",
             "affiliation": {"@type": "Organization", "name": "清华大学"}},
            {"@type": "Person", "name": "Li Si"},
        ],
        "keywords": ["检索", "排序"],
        "abstract": "本文介绍 <检索> & 排序。",
        "version": "2.0",
        "datePublished": "2025-01-02",
        "dateModified": "2025-01-02",
    }
    assert faq["inLanguage"] == "zh-CN"
    assert [(q["name"], q["acceptedAnswer"]["text"]) for q in faq["mainEntity"]] == (
        visible_faq(page)
    )
    assert faq["mainEntity"][0]["name"] == "需要 GPU 吗\uff1f"
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    tag = soup.find("script", src=lambda s: s and "sphinx_whitepaper_faq.js" in s)
    assert tag["data-expand-label"] == "展开全部答案"
    assert tag["data-collapse-label"] == "收起全部答案"


@pytest.fixture(scope="module")
def nesting(tmp_path_factory):
    return build(tmp_path_factory, "faq-nesting")


def entries(page: Path) -> list[tuple[str, str]]:
    """Return (question, answer text) of every entry of the page's FAQPage block."""
    (data,) = (block for block in blocks(page) if block["@type"] == "FAQPage")
    return [(q["name"], q["acceptedAnswer"]["text"]) for q in data["mainEntity"]]


def test_nested_questions_rst(nesting):
    # Nested questions are entries of their own and not part of the outer answer.
    # Questions without answer text are left out.
    assert entries(nesting.outdir / "index.html") == [
        ("Outer question?", "Outer answer."),
        ("Inner question?", "Inner answer."),
        ("Question around a question?", "Surrounding answer."),
        ("Question in an answer?", "Answer in an answer."),
        ("Lonely inner question?", "Lonely inner answer."),
        ("Stray question?", "Stray answer."),
    ]


def test_nested_questions_myst(nesting):
    assert entries(nesting.outdir / "myst.html") == [
        ("Outer question?", "Outer answer."),
        ("Inner question?", "Inner answer."),
        ("Stray question?", "Stray answer."),
    ]


def test_nested_questions_stay_on_page(nesting):
    for name in ("index.html", "myst.html"):
        visible = dict(visible_faq(nesting.outdir / name))
        assert "Inner question?" in visible["Outer question?"]
        assert "Inner answer." in visible["Outer question?"]
        assert visible["Inner question?"] == "Inner answer."
        assert visible["Stray question?"] == "Stray answer."
        assert visible["Unanswered?"] == ""


def test_nested_questions_warnings(nesting):
    # One warning per problem. The answer made only of a nested block (index.rst:34)
    # gets the nesting warning and no "no answer" warning.
    found = [
        (line.split(": WARNING: ")[0].rsplit("/", 1)[-1], line.rsplit(" ", 1)[-1])
        for line in warnings_of(nesting)
    ]
    assert sorted(found) == sorted([
        ("index.rst:14", "[whitepaper.faq]"),
        ("index.rst:24", "[whitepaper.faq]"),
        ("index.rst:28", "[whitepaper.empty]"),
        ("index.rst:30", "[whitepaper.empty]"),
        ("index.rst:36", "[whitepaper.faq]"),
        ("index.rst:42", "[whitepaper.faq]"),
        ("myst.md:11", "[whitepaper.faq]"),
        ("myst.md:18", "[whitepaper.empty]"),
        ("myst.md:21", "[whitepaper.empty]"),
        ("myst.md:26", "[whitepaper.faq]"),
        ("myst.md:33", "[whitepaper.empty]"),
    ])


def test_sphinx_default_author_is_left_out(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    (src / "conf.py").write_text(
        'extensions = ["sphinx_whitepaper"]\nproject = "P"\nwhitepaper_structure = []\n'
    )
    (src / "index.rst").write_text("Title\n=====\n\nText.\n")
    app = SphinxTestApp("html", srcdir=src)
    try:
        app.build()
    finally:
        app.cleanup()
    (article,) = blocks(app.outdir / "index.html")
    assert "author" not in article
    assert article["headline"] == "P"


@pytest.mark.parametrize(
    "text", ["</script>", "<!--", "a & b", "\u2028\u2029", "'\"", "\\u003c"]
)
def test_dumps_for_html_round_trips(text):
    raw = dumps_for_html({"t": text})
    assert not set(raw) & {"<", ">", "&", "\u2028", "\u2029"}
    assert json.loads(raw) == {"t": text}


# Browser: the script's behaviour in Debian's chromium (skipped without it, except in CI).


def _browser():
    require_browser()
    import playwright.sync_api as playwright

    return playwright


@pytest.mark.browser
def test_script_opens_answers(english, tmp_path):
    sync_playwright = _browser().sync_playwright
    url = (english.outdir / "faq.html").as_uri()
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"]
        )
        try:
            page = browser.new_page()
            page.goto(url + "#faq-does-it-need-a-gpu")
            is_open = "id => document.getElementById(id).open"
            assert page.evaluate(is_open, "faq-does-it-need-a-gpu")
            assert not page.evaluate(is_open, "faq-escape")
            page.evaluate("location.hash = '#faq-escape'")
            page.wait_for_function("document.getElementById('faq-escape').open")
            page.evaluate("document.querySelectorAll('details').forEach(d => d.open = false)")
            page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
            assert page.evaluate("[...document.querySelectorAll('details')].every(d => d.open)")
            page.evaluate("window.dispatchEvent(new Event('afterprint'))")
            assert page.evaluate("[...document.querySelectorAll('details')].every(d => !d.open)")

            # Without JavaScript the answer is one click away.
            plain = browser.new_page(java_script_enabled=False)
            plain.goto(url)
            plain.click("#faq-escape > summary")
            assert plain.is_visible("#faq-escape .wp-faq-answer")
        finally:
            browser.close()


@pytest.mark.browser
def test_expand_all_button(tmp_path_factory):
    sync_playwright = _browser().sync_playwright
    app = build(tmp_path_factory, "jsonld-myst")
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"]
        )
        try:
            page = browser.new_page()
            page.goto((app.outdir / "index.html").as_uri())
            button = page.locator("button.wp-faq-toggle")
            assert button.text_content() == "展开全部答案"
            button.click()
            assert page.evaluate("document.getElementById('faq-gpu').open")
            assert button.text_content() == "收起全部答案"
            assert button.get_attribute("aria-expanded") == "true"
        finally:
            browser.close()


def test_footnote_numbers_left_out(tmp_path):
    srcdir = tmp_path / "src"
    srcdir.mkdir()
    (srcdir / "conf.py").write_text(
        'extensions = ["sphinx_whitepaper"]\nwhitepaper_structure = []\n', encoding="utf-8"
    )
    (srcdir / "index.rst").write_text(
        "Notes\n=====\n\n.. faq::\n\n   .. faq-item:: Is it fast [#n]_?\n\n"
        "      Yes [#n]_, mostly.\n\n.. [#n] Measured once.\n",
        encoding="utf-8",
    )
    app = SphinxTestApp("html", srcdir=srcdir)
    try:
        app.build()
    finally:
        app.cleanup()
    # A footnote number means nothing without its footnote.
    assert entries(app.outdir / "index.html") == [("Is it fast ?", "Yes , mostly.")]
