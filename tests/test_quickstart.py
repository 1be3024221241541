"""``sphinx-quickstart -t "$(sphinx-whitepaper templatedir)"``: the single-file
whitepaper skeleton, in quiet mode, in English and Chinese, with awkward
project and author names."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import compile_pdf, pdf_text

from sphinx_whitepaper.cli import QUICKSTART_DIR
from sphinx_whitepaper.config import STANDARD_STRUCTURE

PROJECT = 'Q&A "Quotes" \\ *star* `tick` 白皮书'
AUTHOR = "O'Neil & 张三 <Lab \\ Co>"
HEADINGS = {
    "en": ["Background", "Core concepts and how they relate", "Algorithm principles and steps",
           "Mathematical model and derivation", "Project practice", "Application scenarios",
           "Tools and resources", "Summary", "Appendix: frequently asked questions"],
    "zh_CN": ["背景", "核心概念及其关系", "算法原理与步骤", "数学模型与推导", "项目实践",
              "应用场景", "工具与资源", "总结", "附录：常见问题"],  # noqa: RUF001
}


def quickstart(tmp_path: Path, language: str) -> Path:
    target = tmp_path / f"qs-{language}"
    subprocess.run(
        [sys.executable, "-m", "sphinx.cmd.quickstart", "-q", "-p", PROJECT, "-a", AUTHOR,
         "-l", language, "-t", str(QUICKSTART_DIR), str(target)],
        check=True, capture_output=True, text=True, timeout=120,
    )
    return target


def sphinx_build(srcdir: Path, builder: str, *options: str):
    return subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", builder, *options, str(srcdir),
         str(srcdir / "_build" / builder)],
        capture_output=True, text=True, timeout=300, check=False,
    )


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_quickstart_skeleton_builds_clean(tmp_path, language):
    target = quickstart(tmp_path, language)
    namespace: dict[str, object] = {}
    exec(compile((target / "conf.py").read_text(encoding="utf-8"), "conf.py", "exec"), namespace)
    assert namespace["project"] == PROJECT
    assert namespace["author"] == AUTHOR
    assert namespace["language"] == language
    assert "sphinx_whitepaper" in namespace["extensions"]
    assert namespace["numfig"] is True
    assert namespace["latex_engine"] == "xelatex"

    root = (target / "index.rst").read_text(encoding="utf-8")
    for chapter in STANDARD_STRUCTURE:
        assert f".. whitepaper-chapter:: {chapter}\n" in root
    assert (target / "Makefile").is_file()
    assert (target / "make.bat").is_file()

    result = sphinx_build(target, "html", "-W")
    assert result.returncode == 0, result.stderr
    html = (target / "_build/html/index.html").read_text(encoding="utf-8")
    # The escaped project name shows as plain text, never as markup.
    assert "<h1>Q&amp;A &quot;Quotes&quot; \\ *star* `tick` 白皮书<" in html
    positions = [html.index(f">{heading}<") for heading in HEADINGS[language]]
    assert positions == sorted(positions)
    assert "Lab \\ Co" in html


def test_quickstart_release_build_lists_leftovers(tmp_path):
    target = quickstart(tmp_path, "en")
    result = sphinx_build(target, "html", "-D", "whitepaper_draft=0")
    lines = [line for line in result.stderr.splitlines() if "[whitepaper.structure]" in line]
    assert sum("writing guidance is left" in line for line in lines) == len(STANDARD_STRUCTURE)
    assert all(line.startswith(f"{target / 'index.rst'}:") for line in lines)
    # The section markers satisfy the chapter check.
    assert not [line for line in lines if "missing" in line or "out of order" in line]


@pytest.mark.pdf
def test_quickstart_chinese_pdf(tmp_path):
    target = quickstart(tmp_path, "zh_CN")
    result = sphinx_build(target, "latex", "-W")
    assert result.returncode == 0, result.stderr
    flat = " ".join(pdf_text(compile_pdf(target / "_build/latex", "xelatex")).split())
    for text in ("白皮书", "摘要", "Lab \\ Co", *HEADINGS["zh_CN"]):
        assert text in flat
    # Chapters are labelled "第 1 章", not fncychap's English "CHAPTER".
    assert re.search(r"第 ?1 ?章", flat)
    assert "CHAPTER" not in flat
    log = (target / "_build/latex/whitepaper.log").read_text(errors="replace")
    assert "Missing character" not in log
