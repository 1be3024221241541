# ruff: noqa: RUF001 (Chinese text uses full-width punctuation on purpose)
"""The LaTeX output compiles to PDF: English with pdflatex, Chinese with xelatex.

The English project is the ``parallel`` root plus a chapter whose title,
options and label contain every LaTeX special character. The Chinese project is
the ``i18n-zh`` root.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from conftest import compile_pdf, pdf_text
from sphinx.testing.util import SphinxTestApp

ROOTS = Path(__file__).resolve().parent / "roots"

pytestmark = pytest.mark.pdf

SPECIAL_TITLE = r"Cost of 100% & more: $5 #1 under_score {braces} ~tilde ^caret \back"

SPECIAL_CHAPTER = r"""Special characters
==================

.. algorithm:: Cost of 100% & more: $5 #1 under_score {braces} ~tilde ^caret \\back
   :name: alg-special_#1 $&%~^{}
   :input: 50% of set_A & {B} #2
   :output: cost in $ with ~ and ^ and \\back

   #. Step with # and % and _.

.. pros-cons:: 10% & {more}

   .. pros::

      - Cheap: $0 & 0%.

   .. cons::

      - Needs ~ and ^.

.. derivation:: Rate of 5% & $x_{i}$ #3

   .. math::
      :label: eq-special

      r = 5\%

   Because 5% & {x} ~ ^ \\back.

.. faq::

   .. faq-item:: Is 100% & $5 #1 ok_{x} ~ ^ \\back?
      :name: faq-special_#1 $&%

      Yes: 100% & {sure}.

See :numref:`alg-special_#1 $&%~^{}` and :ref:`alg-special_#1 $&%~^{}`, then
:ref:`faq-special_#1 $&%` and :eq:`eq-special`.
"""


def build_latex(srcdir: Path) -> SphinxTestApp:
    app = SphinxTestApp("latex", srcdir=srcdir)
    try:
        app.build()
    finally:
        app.cleanup()
    return app


def main_tex(app: SphinxTestApp) -> str:
    (tex,) = (p for p in app.outdir.glob("*.tex") if not p.name.startswith("sphinx"))
    return tex.read_text("utf-8")


@pytest.fixture(scope="module")
def english(tmp_path_factory):
    srcdir = tmp_path_factory.mktemp("pdf-en") / "src"
    shutil.copytree(ROOTS / "test-parallel", srcdir)
    (srcdir / "special.rst").write_text(SPECIAL_CHAPTER, "utf-8")
    index = srcdir / "index.rst"
    index.write_text(index.read_text("utf-8") + "   special\n", "utf-8")
    app = build_latex(srcdir)
    text = pdf_text(compile_pdf(app.outdir, "pdflatex"))
    return app, text


@pytest.fixture(scope="module")
def chinese(tmp_path_factory):
    srcdir = tmp_path_factory.mktemp("pdf-zh") / "src"
    shutil.copytree(ROOTS / "test-i18n-zh", srcdir)
    app = build_latex(srcdir)
    text = pdf_text(compile_pdf(app.outdir, "xelatex"))
    return app, text


def flat(text: str) -> str:
    return " ".join(text.split())


def test_english_latex_builds_clean(english):
    app, _ = english
    assert app.warning.getvalue() == ""


def test_english_pdf_text(english):
    _, text = english
    text = flat(text)
    for phrase in (
        "Algorithm 1 Card 1",
        "Algorithm 8 Card 8",
        "Pros and cons 1 Table 1",
        "Derivation 2 Derivation 2",
        "Step 1",
        "Justified 2.",
        "Q Question 3?",
        "Answer 3.",
        "Pro 5.",
        "Con 5.",
    ):
        assert phrase in text, phrase
    assert re.search(r"Pros\s+Cons", text)


def test_pdf_numbers_match_references(english):
    _, text = english
    # chapter1 refers to card 2 and its table by number.
    assert "See Algorithm 2, Pros and cons 2, Question 2? and" in flat(text)


def test_special_characters_are_escaped_in_latex(english):
    app, _ = english
    tex = main_tex(app)
    assert (
        r"Cost of 100\% \& more: \$5 \#1 under\_score \{braces\} \textasciitilde{}tilde "
        r"\textasciicircum{}caret \textbackslash{}back" in tex
    )
    assert r"50\% of set\_A \& \{B\} \#2" in tex
    assert (
        r"cost in \$ with \textasciitilde{} and \textasciicircum{} and \textbackslash{}back"
        in tex
    )
    assert r"\sphinxwpcaption{\sphinxwplabel{Pros and cons 9} 10\% \& \{more\}}" in tex
    assert r"\label{\detokenize{special:alg-special-1}}" in tex


def test_special_characters_survive_in_pdf(english):
    _, text = english
    text = flat(text)
    # pdftotext may give the accent forms of ~ and ^.
    text = text.replace("˜", "~").replace("ˆ", "^")
    assert "Algorithm 9 " + SPECIAL_TITLE in text
    assert "50% of set_A & {B} #2" in text
    assert "Cheap: $0 & 0%." in text
    assert "See Algorithm 9 and " + SPECIAL_TITLE in text
    assert "Derivation 9 Rate of 5% & $x_{i}$ #3" in text
    assert "Because 5% & {x} ~ ^ \\back." in text
    assert "Q Is 100% & $5 #1 ok_{x} ~ ^ \\back?" in text
    assert "then Is 100% & $5 #1 ok_{x} ~ ^ \\back? and" in text


def test_chinese_latex_builds_clean(chinese):
    app, _ = chinese
    assert app.warning.getvalue() == ""


def test_chinese_pdf_text(chinese):
    _, text = chinese
    text = flat(text)
    for phrase in (
        "算法 1 检索增强生成",
        "算法 2 重排序",
        "优缺点 1 稠密检索",
        "推导 1 损失函数的梯度",
        "步骤 1",
        "这是负对数似然。",
        "推理时不需要。",
        "能找到同义表达。",
        "输入",
        "复杂度",
    ):
        assert phrase in text, phrase
    assert re.search(r"优点\s+缺点", text)
    # xeCJK drops the space between two CJK characters.
    assert re.search(r"问 ?模型需要显卡吗？", text)


def test_chinese_pdf_has_no_missing_characters(chinese):
    app, _ = chinese
    log = next(p for p in app.outdir.glob("*.log") if not p.name.startswith("sphinx"))
    assert "Missing character" not in log.read_text("utf-8", errors="replace")
