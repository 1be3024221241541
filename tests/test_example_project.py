"""Build the example whitepaper as CI does: HTML and PDF, warning-free.

The project is read from ``example_project/`` and every output goes to a
temporary folder, so the source tree stays clean.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import compile_pdf, pdf_text, require_tool

EXAMPLE = Path(__file__).resolve().parent.parent / "example_project"
CHAPTERS = [
    "background",
    "concepts",
    "algorithms",
    "math",
    "practice",
    "applications",
    "resources",
    "summary",
    "faq",
]


def sphinx_build(builder: str, outdir: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    """Run ``sphinx-build -W --keep-going -n`` on the example project."""
    command = [
        sys.executable, "-m", "sphinx", "-W", "--keep-going", "-n", "-q",
        "-b", builder, "-d", str(outdir / ".doctrees"), *extra, str(EXAMPLE), str(outdir),
    ]
    return subprocess.run(command, capture_output=True, text=True, timeout=900, check=False)


@pytest.fixture(scope="module")
def html_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    require_tool("pandoc")
    outdir = tmp_path_factory.mktemp("example-html")
    result = sphinx_build("html", outdir)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    return outdir


def page(html_dir: Path, name: str) -> BeautifulSoup:
    return BeautifulSoup((html_dir / f"{name}.html").read_text(encoding="utf-8"), "html.parser")


def test_example_html_has_every_chapter(html_dir: Path) -> None:
    for chapter in CHAPTERS:
        assert (html_dir / f"{chapter}.html").is_file(), chapter
    index = page(html_dir, "index")
    toc = [a.get_text() for a in index.select(".toctree-wrapper .toctree-l1 > a")]
    assert len(toc) == len(CHAPTERS)
    assert toc[0].startswith("1. ")
    assert toc[-1].startswith("9. ")


def test_example_html_shows_the_directives(html_dir: Path) -> None:
    algorithms = page(html_dir, "algorithms")
    labels = [label.get_text() for label in algorithms.select(".wp-algorithm .wp-label")]
    assert labels[0] == "算法 3.1"
    assert len(labels) >= 3
    headers = [th.get_text(strip=True) for th in algorithms.select(".wp-proscons-table th")]
    assert headers[:2] == ["优点", "缺点"]

    math = page(html_dir, "math")
    assert math.select(".wp-derivation .wp-step-title")[0].get_text() == "步骤 1"

    faq = page(html_dir, "faq")
    assert len(faq.select("details.wp-faq-item > summary")) >= 5


def test_example_html_renders_notebook_and_diagram(html_dir: Path) -> None:
    practice = page(html_dir, "practice")
    assert practice.select("img"), "the notebook's stored plot is missing"
    concepts = page(html_dir, "concepts")
    assert concepts.select(".mermaid"), "the mermaid diagram is missing"


@pytest.mark.pdf
def test_example_pdf_builds_with_diagram(tmp_path: Path) -> None:
    require_tool("mmdc", "xelatex")
    outdir = tmp_path / "latex"
    result = sphinx_build("latex", outdir)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    tex = (outdir / "rag-whitepaper.tex").read_text(encoding="utf-8")
    assert "mermaid-" in tex, "the diagram was not rendered by mermaid-cli"

    pdf = compile_pdf(outdir, "xelatex")
    log = pdf.with_suffix(".log").read_text(encoding="utf-8", errors="replace")
    assert "Missing character" not in log
    text = pdf_text(pdf)
    assert "基于检索增强生成的企业知识库问答" in text
    assert "算法 3.1" in text
    assert "优点" in text


@pytest.mark.pdf
def test_example_pdf_keeps_chinese_with_english_override(tmp_path: Path) -> None:
    """A hosting service may pass ``-D language=en``; Chinese glyphs must stay."""
    require_tool("mmdc", "xelatex")
    outdir = tmp_path / "latex-en"
    result = sphinx_build("latex", outdir, "-D", "language=en")
    assert result.returncode == 0, result.stderr
    pdf = compile_pdf(outdir, "xelatex")
    log = pdf.with_suffix(".log").read_text(encoding="utf-8", errors="replace")
    assert "Missing character" not in log
    assert "检索" in pdf_text(pdf)
