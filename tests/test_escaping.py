"""User text with HTML, JSON and LaTeX metacharacters reaches every output escaped.

The ``escaping`` root puts ``< > & " ' { } $ % # _ ^ ~ \\`` and HTML-looking
text into titles, option values, labels, a question and an answer. The tests
compare the raw output with the exact escaped spelling, so a change in escaping
shows up as a diff rather than as a broken page. ``smartquotes`` is off in that
root to keep quotes literal.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from browser_support import build
from bs4 import BeautifulSoup
from conftest import compile_pdf, pdf_text

ROOT = Path(__file__).resolve().parent / "roots" / "test-escaping"


def build_root(tmp_path_factory: pytest.TempPathFactory, builder: str) -> Path:
    srcdir = tmp_path_factory.mktemp(f"escaping-{builder}") / "src"
    shutil.copytree(ROOT, srcdir)
    result = build(srcdir, builder, conf=(ROOT / "conf.py").read_text(encoding="utf-8"))
    assert result.warnings == []
    return result.outdir


@pytest.fixture(scope="module")
def html(tmp_path_factory: pytest.TempPathFactory) -> str:
    return (build_root(tmp_path_factory, "html") / "index.html").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def latex_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_root(tmp_path_factory, "latex")


# HTML text


@pytest.mark.parametrize(
    "escaped",
    [
        # algorithm title: the entity-looking text stays literal text
        "</span> A &lt;b&gt;&amp;amp;&lt;/b&gt; &quot;q&quot; 'x' {y} $5 50% #1 a_b ^c ~d \\e<a",
        # algorithm fields
        "<p>&lt;/script&gt; &amp; {z} $1 %c #h</p>",
        "<p>x_1 ^ ~ \\</p>",
        # pros/cons subject and cells
        "</span> Costs &amp; &lt;benefits&gt; 100%<a",
        "Cheap &amp; &lt;fast&gt;",
        "50% {slower} $$",
        # FAQ question and answer
        "</span> Is &lt;/summary&gt;&lt;script&gt;alert(1)&lt;/script&gt; safe &amp; "
        "&quot;quoted&quot;?</summary>",
        "Yes: &lt;b&gt;not bold&lt;/b&gt; &amp; \\relax {braces}.",
        # derivation title and justification
        "</span> Loss &amp; &lt;gain&gt; #2<a",
        "Because x &amp; y &lt; z.",
        # math stays TeX for MathJax, escaped for HTML
        "a &lt; b \\quad \\text{and} \\quad c &gt; d",
    ],
)
def test_html_text_is_escaped(html: str, escaped: str) -> None:
    assert escaped in html


def test_no_user_markup_becomes_html(html: str) -> None:
    for raw in ("<b>&amp;</b>", "<script>alert(1)</script>", "</summary><script>",
                "<benefits>", "<fast>", "<gain>", "<i>markup</i>", "<b>not bold</b>"):
        assert raw not in html, raw


# HTML attributes


def test_label_and_classes_become_safe_attributes(html: str) -> None:
    # :name: alg "quoted" <x>  and  :class: my"class <evil>
    assert '<div class="wp-item wp-algorithm my-class evil" id="alg-quoted-x">' in html
    assert 'href="#alg-quoted-x"' in html
    soup = BeautifulSoup(html, "html.parser")
    for element in soup.select(".wp-item, .wp-faq, .wp-faq-item, .wp-faq-item *, .wp-item *"):
        for name, value in element.attrs.items():
            values = value if isinstance(value, list) else [value]
            for each in values:
                assert not set(each) & set('<>"'), (element.name, name, each)


def test_permalinks_point_at_existing_ids(html: str) -> None:
    soup = BeautifulSoup(html, "html.parser")
    ids = {element["id"] for element in soup.find_all(id=True)}
    links = [a["href"][1:] for a in soup.select(".wp-item a.headerlink, .wp-faq a.headerlink")]
    assert links == ["alg-quoted-x", "pc-escape", "faq-escape", "der-escape"]
    assert set(links) <= ids


# JSON-LD


def test_faq_jsonld_round_trips_the_hostile_question(html: str) -> None:
    soup = BeautifulSoup(html, "html.parser")
    scripts = soup.find_all("script", type="application/ld+json")
    faq_pages = [json.loads(s.string) for s in scripts if '"FAQPage"' in (s.string or "")]
    assert len(faq_pages) == 1
    for script in scripts:
        assert not set(script.string or "") & set("<>&")
    entity = faq_pages[0]["mainEntity"][0]
    assert entity["name"] == 'Is </summary><script>alert(1)</script> safe & "quoted"?'
    assert entity["acceptedAnswer"]["text"] == "Yes: <b>not bold</b> & \\relax {braces}."


# LaTeX


@pytest.mark.parametrize(
    "escaped",
    [
        r"\sphinxwpcaption{\sphinxwplabel{Algorithm 1} A <b>\&amp;</b> "
        r""""q" 'x' \{y\} \$5 50\% \#1 a\_b \textasciicircum{}c \textasciitilde{}d """
        r"\textbackslash{}e}",
        r"\sphinxwpcaption{\sphinxwplabel{Pros and cons 1} Costs \& <benefits> 100\%}",
        r"\sphinxwpquestion{\sphinxwplabel{Q} Is </summary><script>alert(1)</script> "
        r'safe \& "quoted"?}',
        r"\sphinxwpcaption{\sphinxwplabel{Derivation 1} Loss \& <gain> \#2}",
        r"\label{\detokenize{index:alg-quoted-x}}",
        r"</script> \& \{z\} \$1 \%c \#h",
        r"x\_1 \textasciicircum{} \textasciitilde{} \textbackslash{}",
        r"Yes: <b>not bold</b> \& \textbackslash{}relax \{braces\}.",
    ],
)
def test_latex_is_escaped(latex_dir: Path, escaped: str) -> None:
    tex = (latex_dir / "escaping.tex").read_text(encoding="utf-8")
    assert escaped in tex


@pytest.mark.pdf
def test_latex_compiles_and_shows_the_text(latex_dir: Path) -> None:
    text = pdf_text(compile_pdf(latex_dir, engine="xelatex"))
    flat = re.sub(r"\s+", " ", text)
    for expected in (
        "Algorithm 1",
        "{y} $5 50% #1 a_b",
        "Costs & <benefits> 100%",
        "</summary><script>alert(1)</script> safe",
        "Loss & <gain> #2",
        "\\relax {braces}",
    ):
        assert expected in flat, expected
