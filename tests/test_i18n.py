# ruff: noqa: RUF001 (Chinese text uses full-width punctuation on purpose)
"""Simplified Chinese: generated words from the package catalog, user text
through Sphinx's own message catalogs.

The ``i18n-zh`` root has ``language = "zh_CN"``. ``cards.rst`` and ``myst.md``
are written in Chinese. ``translated.rst`` is written in English and
translated by ``locales/zh_CN/LC_MESSAGES/translated.po``.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import build_root as build
from sphinx.testing.util import SphinxTestApp

ROOTS = Path(__file__).resolve().parent / "roots"

#: conf.py of the small projects written by the tests. The chapter-structure
#: check is meant for whole whitepapers, so it is turned off.
CONF = 'extensions = ["sphinx_whitepaper"]\nwhitepaper_structure = []\n'


@pytest.fixture(scope="module")
def html_app(tmp_path_factory):
    return build(tmp_path_factory, "i18n-zh", "html")


@pytest.fixture(scope="module")
def latex_app(tmp_path_factory):
    return build(tmp_path_factory, "i18n-zh", "latex")


def soup(app, docname: str) -> BeautifulSoup:
    return BeautifulSoup((app.outdir / f"{docname}.html").read_text("utf-8"), "html.parser")


def test_no_warnings(html_app, latex_app):
    assert html_app.warning.getvalue() == ""
    assert latex_app.warning.getvalue() == ""


def test_html_labels(html_app):
    page = soup(html_app, "cards")
    labels = [label.get_text() for label in page.select(".wp-caption .wp-label")]
    assert labels == ["算法 1", "优缺点 1", "推导 1"]
    fields = [dt.get_text().rstrip(":") for dt in page.select("#alg-rag dt")]
    assert fields == ["输入", "输出", "复杂度"]
    assert [th.get_text(strip=True) for th in page.select("#pc-dense th")] == ["优点", "缺点"]
    assert page.select_one("#der-loss .wp-step-title").get_text() == "步骤 1"
    assert page.select_one("#faq-gpu .wp-faq-q").get_text() == "问"
    assert soup(html_app, "myst").select_one(".wp-label").get_text() == "算法 2"


def test_html_references(html_app):
    texts = [a.get_text() for a in soup(html_app, "cards").select("section > p a")]
    assert texts == ["算法 1", "优缺点 1", "推导 1", "模型需要显卡吗？"]


def test_latex_labels(latex_app):
    tex = (latex_app.outdir / "zhwp.tex").read_text("utf-8")
    for snippet in (
        r"\sphinxwpcaption{\sphinxwplabel{算法 1} 检索增强生成}",
        r"\sphinxwpcaption{\sphinxwplabel{优缺点 1} 稠密检索}",
        r"\sphinxwpcaption{\sphinxwplabel{推导 1} 损失函数的梯度}",
        r"\sphinxwpcaption{\sphinxwplabel{算法 2} 重排序}",
        r"\sphinxwpsteptitle{步骤 1}",
        r"\sphinxwpquestion{\sphinxwplabel{问} 模型需要显卡吗？}",
        r"\sphinxlineitem{输入}",
        r"\sphinxlineitem{复杂度}",
        r"\hyperref[\detokenize{cards:alg-rag}]{算法 \ref{\detokenize{cards:alg-rag}}}",
    ):
        assert snippet in tex
    table = tex.split(r"\label{\detokenize{cards:pc-dense}}")[1].split(r"\sphinxmidrule")[0]
    assert "优点" in table
    assert "缺点" in table


def test_user_text_is_translated_by_sphinx(html_app):
    page = soup(html_app, "translated")
    caption = page.select_one("#alg-translated .wp-caption").get_text()
    assert caption.startswith("算法 3 检索流程")
    assert page.select_one("#alg-translated dd").get_text(strip=True) == "一个查询"
    assert page.select_one("#faq-translated summary").get_text().startswith("问 需要显卡吗？")
    assert page.select_one("#faq-translated .wp-faq-answer").get_text(strip=True) == (
        "推理时不需要。"
    )


def test_ref_shows_the_translated_title(html_app):
    links = [a.get_text() for a in soup(html_app, "translated").select("section > p a")]
    assert links == ["检索流程", "需要显卡吗？"]


def test_english_build_after_chinese(html_app, tmp_path):
    # The module fixture built the Chinese root first. Its translator must not leak.
    srcdir = tmp_path / "src"
    srcdir.mkdir()
    (srcdir / "conf.py").write_text(CONF + "numfig = True\n")
    (srcdir / "index.rst").write_text(
        "English\n=======\n\n.. algorithm:: Card\n   :input: x\n\n   Steps.\n"
    )
    app = SphinxTestApp("html", srcdir=srcdir)
    try:
        app.build()
    finally:
        app.cleanup()
    page = soup(app, "index")
    assert page.select_one(".wp-label").get_text() == "Algorithm 1"
    assert page.select_one("dt").get_text().rstrip(":") == "Input"
