# ruff: noqa: RUF001 (Chinese text uses full-width punctuation on purpose)
"""Each directive in reStructuredText and MyST (colon and backtick fences).

The ``directives`` root contains the same four directives three times:
``rst.rst`` in reStructuredText, ``colon.md`` with colon fences and ``:key:``
options, and ``tick.md`` with backtick fences and YAML option blocks. The tests
check the doctree, the HTML and the LaTeX of one html and one latex build.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import build_root as build
from docutils import nodes
from sphinx.testing.util import SphinxTestApp
from sphinx.util.console import strip_escape_sequences

from sphinx_whitepaper._base import WhitepaperItem

ROOTS = Path(__file__).resolve().parent / "roots"

#: conf.py of the small projects written by the tests. The chapter-structure
#: check is meant for whole whitepapers, so it is turned off.
CONF = 'extensions = ["sphinx_whitepaper"]\nwhitepaper_structure = []\n'


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


def item_dump(app, docname: str) -> list[str]:
    """Return our nodes of ``docname`` as pseudo-XML, the docname renamed to "X".

    Labels in each document end in its docname (``alg-rst``, ``eq-rst-loss``).

    Source positions and the ``no-wrap`` attribute (which MyST's ``$$`` math
    does not set) are left out, and blank lines are dropped because MyST 4.0
    keeps a leading newline in ``{math}`` blocks. Everything else must match
    between markups.
    """
    doctree = app.env.get_doctree(docname)
    dumps = []
    for node in doctree.findall(lambda n: isinstance(n, WhitepaperItem) or n.tagname == "faq"):
        for each in node.findall(nodes.Element):
            for attribute in ("source", "line", "no-wrap"):
                each.attributes.pop(attribute, None)
        text = node.pformat()
        text = text.replace(f'docname="{docname}"', 'docname="X"')
        text = "\n".join(line for line in text.splitlines() if line.strip())
        dumps.append(re.sub(rf"-{docname}\b", "-X", text))
    return dumps


def test_no_warnings(html_app, latex_app):
    assert html_app.warning.getvalue() == ""
    assert latex_app.warning.getvalue() == ""


@pytest.mark.parametrize("docname", ["colon", "tick"])
def test_myst_doctree_equals_rst(html_app, docname):
    expected = item_dump(html_app, "rst")
    assert len(expected) == 4
    assert item_dump(html_app, docname) == expected


def normalised_html(app, docname: str) -> str:
    body = soup(app, docname).find("section")
    for heading in body.find_all("h1"):
        heading.decompose()
    del body["id"]
    body.attrs.pop("class", None)
    text = str(body)
    text = re.sub(rf"-{docname}\b", "-X", text)
    # MyST 4.0 keeps a leading newline inside {math} blocks.
    text = re.sub(r"\\\[\s+", r"\\[", text)
    text = re.sub(r"\s+\\\]", r"\\]", text)
    # Item and equation numbers run across documents, so they are left out.
    return re.sub(r"(Algorithm|Pros and cons|Derivation) \d+|\(\d+\)", r"\1 N", text)


@pytest.mark.parametrize("docname", ["colon", "tick"])
def test_myst_html_equals_rst(html_app, docname):
    assert normalised_html(html_app, docname) == normalised_html(html_app, "rst")


@pytest.mark.parametrize("docname", ["rst", "colon", "tick"])
def test_algorithm_fields_inline_math(html_app, docname):
    card = soup(html_app, docname).find(id=f"alg-{docname}")
    assert "wp-algorithm" in card["class"]
    caption = card.find(class_="wp-caption")
    assert caption.find("em").get_text() == "ranking"
    fields = {dt.get_text().rstrip(":"): dt.find_next_sibling("dd") for dt in card.find_all("dt")}
    assert list(fields) == ["Input", "Output", "Complexity"]
    maths = [m.get_text() for m in fields["Input"].find_all(class_="math")]
    assert maths == [r"\(q\)", r"\(D\)"]
    assert fields["Output"].find("strong").get_text() == "ranked"
    assert fields["Complexity"].get_text(strip=True) == r"\(O(n \log n)\)"
    steps = [li.get_text(strip=True) for li in card.select(".wp-body ol > li")]
    assert steps == ["Embed the query.", "Score every passage."]


def test_algorithm_latex(latex_app):
    tex = latex_text(latex_app)
    card = tex.split(r"\label{\detokenize{rst:alg-rst}}", 1)[1].split(r"\end{sphinxwpitem}")[0]
    assert r"\sphinxwpcaption{\sphinxwplabel{Algorithm 1} Retrieval with " in card
    assert r"\sphinxstyleemphasis{ranking}" in card
    assert r"\sphinxlineitem{Input}" in card
    assert r"a query \(q\) and a corpus \(D\)" in card
    assert r"\(O(n \log n)\)" in card
    assert r"\sphinxstylestrong{ranked}" in card


@pytest.mark.parametrize("docname", ["rst", "colon", "tick"])
def test_proscons_table_header_cells(html_app, docname):
    item = soup(html_app, docname).find(id=f"pc-{docname}")
    table = item.find("table")
    assert table is not None
    assert [th.get_text(strip=True) for th in table.select("thead th")] == ["Pros", "Cons"]
    cells = table.select("tbody tr > td")
    assert [td["class"] for td in cells] == [["wp-pros"], ["wp-cons"]]
    assert cells[0].find("li").get_text(strip=True) == "Finds paraphrases."
    assert cells[1].find("li").get_text(strip=True) == "Needs an index."


def test_proscons_latex_table(latex_app):
    tex = latex_text(latex_app)
    item = tex.split(r"\label{\detokenize{rst:pc-rst}}", 1)[1].split(r"\end{sphinxwpitem}")[0]
    # Two fixed columns of half the width each, whatever the cells contain.
    # Sphinx 8.0 draws vertical rules between the columns, Sphinx 9 does not.
    assert re.search(r"\\begin\{tabular\}\[t\]\{\|?(\\X\{50\}\{100\}\|?){2}\}", item)
    assert "tabulary" not in item
    assert item.count(r"\sphinxstyletheadfamily") == 2
    head = item.split(r"\sphinxmidrule")[0]
    assert "Pros" in head
    assert "Cons" in head
    assert "Finds paraphrases." in item.split(r"\sphinxmidrule")[1]


@pytest.mark.parametrize("docname", ["rst", "colon", "tick"])
def test_derivation_steps_keep_equation_numbers(html_app, docname):
    item = soup(html_app, docname).find(id=f"der-{docname}")
    steps = item.find_all(class_="wp-step")
    assert [s.find(class_="wp-step-title").get_text() for s in steps] == ["Step 1", "Step 2"]
    ids = [s.find(class_="math")["id"] for s in steps]
    assert ids == [f"equation-eq-{docname}-loss", f"equation-eq-{docname}-grad"]
    numbers = [s.find(class_="eqno").get_text(strip=True).rstrip("¶") for s in steps]
    assert all(re.fullmatch(r"\(\d+\)", n) for n in numbers), numbers
    assert int(numbers[1][1:-1]) == int(numbers[0][1:-1]) + 1
    justification = steps[1].find(class_="wp-justification")
    assert justification.find("em").get_text() == "log-sum-exp"


def test_derivation_latex_keeps_equation_labels(latex_app):
    tex = latex_text(latex_app)
    item = tex.split(r"\label{\detokenize{rst:der-rst}}", 1)[1].split(r"\end{sphinxwpitem}")[0]
    assert item.index(r"\sphinxwpsteptitle{Step 1}") < item.index(
        r"\begin{equation}\label{equation:rst:eq-rst-loss}"
    )
    assert item.index(r"\sphinxwpsteptitle{Step 2}") < item.index(
        r"\begin{equation}\label{equation:rst:eq-rst-grad}"
    )


def test_eq_reference_reaches_a_single_step(html_app):
    rst_eq = soup(html_app, "rst").find(id="equation-eq-rst-grad").find(class_="eqno")
    link = soup(html_app, "refs").find("a", href="rst.html#equation-eq-rst-grad")
    assert link.get_text() == rst_eq.get_text(strip=True).rstrip("¶")
    colon_eq = soup(html_app, "colon").find(id="equation-eq-colon-grad").find(class_="eqno")
    link = soup(html_app, "refs_md").find("a", href="colon.html#equation-eq-colon-grad")
    assert link.get_text() == colon_eq.get_text(strip=True).rstrip("¶")
    tick_eq = soup(html_app, "tick").find(id="equation-eq-tick-loss").find(class_="eqno")
    link = soup(html_app, "refs_md").find("a", href="tick.html#equation-eq-tick-loss")
    assert link.get_text() == tick_eq.get_text(strip=True).rstrip("¶")


def test_eq_reference_latex(latex_app):
    assert r"\eqref{equation:rst:eq-rst-grad}" in latex_text(latex_app)


@pytest.mark.parametrize("docname", ["rst", "colon", "tick"])
def test_faq_details_open_by_option(html_app, docname):
    items = soup(html_app, docname).select(".wp-faq > details.wp-faq-item")
    questions = [i.summary.get_text(strip=True).rstrip("¶") for i in items]
    assert questions == ["QWhat is retrieval?", "Q模型需要显卡吗？", "QIs it fast?"]
    assert [i.has_attr("open") for i in items] == [False, True, False]
    assert items[0].find(class_="wp-faq-answer").get_text(strip=True) == "Finding passages."


def test_faq_stable_anchors(html_app):
    page = soup(html_app, "rst")
    assert page.find("details", id="faq-is-it-fast") is not None
    chinese = page.find("details", string=None, id=re.compile(r"^faq-[0-9a-f]{8}$"))
    assert chinese is not None
    assert "模型需要显卡吗？" in chinese.summary.get_text()
    # The id depends on the question only, so every document gives the same one.
    for docname in ("colon", "tick"):
        assert soup(html_app, docname).find("details", id=chinese["id"]) is not None


def test_faq_repeated_question_anchor(tmp_path):
    srcdir = tmp_path / "src"
    srcdir.mkdir()
    (srcdir / "conf.py").write_text(CONF)
    (srcdir / "index.rst").write_text(
        "Twice\n=====\n\n.. faq::\n\n"
        "   .. faq-item:: Same?\n\n      One.\n\n"
        "   .. faq-item:: Same?\n\n      Two.\n"
    )
    app = SphinxTestApp("html", srcdir=srcdir)
    try:
        app.build()
    finally:
        app.cleanup()
    ids = [d["id"] for d in soup(app, "index").find_all("details")]
    assert ids == ["faq-same", "faq-same-2"]


def test_ref_to_question_shows_question_text(html_app):
    link = soup(html_app, "refs").find("a", href="rst.html#faq-rst-what")
    assert link.get_text() == "What is retrieval?"
    link = soup(html_app, "refs_md").find("a", href="tick.html#faq-tick-what")
    assert link.get_text() == "What is retrieval?"


def test_faq_latex(latex_app):
    tex = latex_text(latex_app)
    assert r"\begin{sphinxwpfaqitem}\phantomsection\label{\detokenize{rst:faq-rst-what}}" in tex
    assert r"\sphinxwpquestion{\sphinxwplabel{Q} What is retrieval?}" in tex
    assert r"\sphinxwpquestion{\sphinxwplabel{Q} 模型需要显卡吗？}" in tex


@pytest.mark.parametrize(
    ("faq_open", "expected"),
    [(True, [True, True, False]), (False, [False, True, False])],
)
def test_faq_open_config(tmp_path_factory, faq_open, expected):
    app = build(
        tmp_path_factory, "directives", "html", confoverrides={"whitepaper_faq_open": faq_open}
    )
    assert app.warning.getvalue() == ""
    for docname in ("rst", "colon", "tick"):
        items = soup(app, docname).select("details.wp-faq-item")
        assert [i.has_attr("open") for i in items] == expected


def test_faq_block_option_default(tmp_path):
    srcdir = tmp_path / "src"
    srcdir.mkdir()
    (srcdir / "conf.py").write_text(
        CONF + "whitepaper_faq_open = True\n"
    )
    (srcdir / "index.rst").write_text(
        "Blocks\n======\n\n.. faq::\n   :closed:\n\n"
        "   .. faq-item:: Inherits closed?\n\n      Yes.\n\n"
        "   .. faq-item:: Overrides?\n      :open:\n\n      Yes.\n\n"
        ".. faq::\n\n   .. faq-item:: Follows the config?\n\n      Yes.\n"
    )
    app = SphinxTestApp("html", srcdir=srcdir)
    try:
        app.build()
    finally:
        app.cleanup()
    items = soup(app, "index").select("details.wp-faq-item")
    assert [i.has_attr("open") for i in items] == [False, True, True]


YAML_FLAGS = """# Flags

```{algorithm} Flag true
---
nonumber: true
---
Steps.
```

```{algorithm} Flag empty
---
nonumber:
---
Steps.
```

```{algorithm} Flag false
---
nonumber: false
---
Steps.
```

````{faq}
---
open: true
---
```{faq-item} Opened by the block?
Yes.
```
````
"""


def test_myst_yaml_flags(tmp_path):
    srcdir = tmp_path / "src"
    srcdir.mkdir()
    (srcdir / "conf.py").write_text(
        'extensions = ["myst_parser", "sphinx_whitepaper"]\n'
        "whitepaper_structure = []\nnumfig = True\n"
    )
    (srcdir / "index.md").write_text(YAML_FLAGS)
    app = SphinxTestApp("html", srcdir=srcdir)
    try:
        app.build()
    finally:
        app.cleanup()
    page = soup(app, "index")
    labels = [label.get_text() for label in page.select(".wp-caption .wp-label")]
    assert labels == ["Algorithm", "Algorithm", "Algorithm 1"]
    assert page.select_one("details.wp-faq-item").has_attr("open")
    warnings = strip_escape_sequences(app.warning.getvalue()).splitlines()
    assert warnings == [
        f"{srcdir / 'index.md'}:17: WARNING: invalid value 'false' for option \"nonumber\" "
        'of the "algorithm" directive: no argument is allowed; ignored [whitepaper.option]'
    ]


def test_faq_open_change_rewrites_pages(tmp_path):
    srcdir = tmp_path / "src"
    shutil.copytree(ROOTS / "test-directives", srcdir)
    states = []
    for faq_open in (False, True, False):
        app = SphinxTestApp(
            "html", srcdir=srcdir, confoverrides={"whitepaper_faq_open": faq_open}
        )
        try:
            app.build()
        finally:
            app.cleanup()
        states.append([d.has_attr("open") for d in soup(app, "rst").select("details")])
    assert states == [[False, True, False], [True, True, False], [False, True, False]]
