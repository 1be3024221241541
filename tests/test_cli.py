"""The ``sphinx-whitepaper`` command and the projects it creates.

Every language and markup project is built the way a user builds it
(``sphinx-build -W``, HTML and PDF) and the way Read the Docs does (``-T``,
``-D language=...``, then ``latexmk -r latexmkrc``), with a language override
that differs from conf.py.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import compile_pdf, pdf_text, require_tool

from sphinx_whitepaper.cli import QUICKSTART_DIR, main
from sphinx_whitepaper.config import STANDARD_STRUCTURE

TITLE = 'Q&A: "Quotes" \\ back *star* 白皮书'
AUTHORS = ["Ann O'Neil <Lab & Co>", '张三 <北京大学>', 'Bob "B" \\ Smith']
HEADINGS = {
    "en": ["Background", "Core concepts and how they relate", "Algorithm principles and steps",
           "Mathematical model and derivation", "Project practice", "Application scenarios",
           "Tools and resources", "Summary", "Appendix: frequently asked questions"],
    "zh_CN": ["背景", "核心概念及其关系", "算法原理与步骤", "数学模型与推导", "项目实践",
              "应用场景", "工具与资源", "总结", "附录：常见问题"],  # noqa: RUF001
}
ABSTRACT_LABEL = {"en": "Abstract", "zh_CN": "摘要"}
COMBOS = [(lang, markup) for lang in ("en", "zh_CN") for markup in ("rst", "md")]


def new_project(tmp_path: Path, language: str = "en", markup: str = "rst") -> Path:
    target = tmp_path / f"paper-{language}-{markup}"
    args = ["new", str(target), "--language", language, "--markup", markup,
            "--title", TITLE, "--project-version", "1.2.3"]
    for author in AUTHORS:
        args += ["--author", author]
    assert main(args) == 0
    return target


def sphinx_build(srcdir: Path, builder: str, *options: str, check: bool = True):
    """Run sphinx-build in a subprocess and return the completed process."""
    outdir = srcdir / "_build" / builder
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", builder, *options, str(srcdir), str(outdir)],
        capture_output=True, text=True, timeout=300, check=False,
    )
    if check:
        assert result.returncode == 0, result.stderr
    return result


def test_help_documents_every_option(capsys):
    with pytest.raises(SystemExit) as stop:
        main(["new", "--help"])
    assert stop.value.code == 0
    text = capsys.readouterr().out
    for option in ("DIR", "--markup", "--language", "--title", "--author",
                   "--project-version", "--force", "--lang"):
        assert option in text
    with pytest.raises(SystemExit):
        main(["--help"])
    text = capsys.readouterr().out
    assert "new" in text
    assert "templatedir" in text
    assert "--version" in text


def test_version_and_templatedir(capsys):
    with pytest.raises(SystemExit):
        main(["--version"])
    assert capsys.readouterr().out.strip() == "sphinx-whitepaper 0.1.0"
    assert main(["templatedir"]) == 0
    folder = Path(capsys.readouterr().out.strip())
    assert folder == QUICKSTART_DIR
    assert {p.name for p in folder.glob("*.jinja")} >= {
        "conf.py.jinja", "root_doc.rst.jinja", "Makefile.new.jinja", "make.bat.new.jinja"}


def test_messages_follow_the_language(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("LANGUAGE", "zh_CN")
    assert main(["new", str(tmp_path / "a")]) == 0
    assert "已在" in capsys.readouterr().out
    assert main(["new", str(tmp_path / "b"), "--lang", "en"]) == 0
    assert "Created the whitepaper project in" in capsys.readouterr().out


def test_refuses_to_overwrite_a_project(tmp_path, capsys):
    target = new_project(tmp_path)
    (target / "conf.py").write_text("# edited by hand\n", encoding="utf-8")
    before = {p: p.read_bytes() for p in target.rglob("*") if p.is_file()}
    capsys.readouterr()
    assert main(["new", str(target)]) == 1
    err = capsys.readouterr().err
    assert err.strip() == (
        f"error: {target} already contains a project (conf.py exists); nothing was "
        "changed. Use --force to overwrite its files."
    )
    assert {p: p.read_bytes() for p in target.rglob("*") if p.is_file()} == before
    assert main(["--lang", "zh_CN", "new", str(target)]) == 1
    assert "已包含项目" in capsys.readouterr().err
    assert main(["new", str(target), "--force"]) == 0
    assert "whitepaper_draft = True" in (target / "conf.py").read_text(encoding="utf-8")


def test_force_refuses_other_markup(tmp_path, capsys):
    """--force with the other markup would leave two sources per chapter."""
    target = new_project(tmp_path, "en", "rst")
    before = {p: p.read_bytes() for p in target.rglob("*") if p.is_file()}
    capsys.readouterr()
    assert main(["new", str(target), "--force", "--markup", "md"]) == 1
    assert capsys.readouterr().err.strip() == (
        f"error: {target} holds index.rst in the other markup; remove it or choose "
        "that markup. Nothing was changed."
    )
    assert {p: p.read_bytes() for p in target.rglob("*") if p.is_file()} == before


def test_printed_commands_quote_the_folder(tmp_path, capsys):
    target = tmp_path / "with space"
    assert main(["new", str(target)]) == 0
    out = capsys.readouterr().out
    assert f"make -C '{target}' latexpdf" in out


@pytest.mark.parametrize("bad", ["two\nlines", "   ", "tab\there"])
def test_rejects_unusable_titles(tmp_path, capsys, bad):
    assert main(["new", str(tmp_path / "x"), "--title", bad]) == 1
    assert "--title must be one non-empty line of text" in capsys.readouterr().err
    assert not (tmp_path / "x").exists()


@pytest.mark.parametrize(("language", "markup"), COMBOS)
def test_generated_files(tmp_path, language, markup):
    target = new_project(tmp_path, language, markup)
    suffix = "." + markup
    expected = {"conf.py", "Makefile", "make.bat", ".readthedocs.yaml", "requirements.txt",
                ".gitignore", "notebooks/practice.ipynb", "index" + suffix,
                *(name + suffix for name in STANDARD_STRUCTURE)}
    found = {str(p.relative_to(target)) for p in target.rglob("*") if p.is_file()}
    assert expected <= found

    # conf.py is valid Python and contains the values exactly as given.
    namespace: dict[str, object] = {}
    exec(compile((target / "conf.py").read_text(encoding="utf-8"), "conf.py", "exec"), namespace)
    assert namespace["project"] == TITLE
    assert namespace["whitepaper_title"] == TITLE
    assert namespace["whitepaper_authors"] == [
        ("Ann O'Neil", "Lab & Co"), ("张三", "北京大学"), ('Bob "B" \\ Smith', "")]
    assert namespace["language"] == language
    assert namespace["release"] == "1.2.3"
    assert namespace["nbsphinx_execute"] == "never"
    assert ("myst_parser" in namespace["extensions"]) == (markup == "md")

    rtd = yaml.safe_load((target / ".readthedocs.yaml").read_text(encoding="utf-8"))
    assert rtd["version"] == 2
    assert rtd["build"]["os"]
    assert rtd["build"]["tools"]["python"]
    assert rtd["sphinx"]["configuration"] == "conf.py"
    assert rtd["formats"] == ["pdf", "epub"]
    assert rtd["python"]["install"] == [{"requirements": "requirements.txt"}]
    requirements = (target / "requirements.txt").read_text(encoding="utf-8")
    assert "sphinx-whitepaper>=" in requirements
    assert "pypandoc-binary" in requirements
    assert "_build/" in (target / ".gitignore").read_text(encoding="utf-8")
    assert b"\r\n" in (target / "make.bat").read_bytes()
    assert "\t@$(SPHINXBUILD) -M" in (target / "Makefile").read_text(encoding="utf-8")

    notebook = json.loads((target / "notebooks/practice.ipynb").read_text(encoding="utf-8"))
    code = [cell for cell in notebook["cells"] if cell["cell_type"] == "code"]
    assert code[0]["outputs"][0]["text"] == ["['a', 'c']\n"]

    # Every chapter names itself in file-wide metadata, in the standard order.
    for name in STANDARD_STRUCTURE:
        text = (target / (name + suffix)).read_text(encoding="utf-8")
        marker = f":whitepaper-chapter: {name}" if markup == "rst" else (
            f"---\nwhitepaper-chapter: {name}\n---")
        assert text.startswith(marker)
        assert "whitepaper-guidance" in text


def test_pandoc_from_pypandoc_binary(tmp_path):
    """Without pandoc on PATH, conf.py finds the one of the pypandoc-binary wheel."""
    require_tool("pandoc")
    # A stand-in for the installed wheel: its metadata lists pypandoc/files/pandoc.
    site = tmp_path / "site"
    info = site / "pypandoc_binary-1.15.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: pypandoc-binary\nVersion: 1.15\n", encoding="utf-8"
    )
    (info / "RECORD").write_text("pypandoc/files/pandoc,,\n", encoding="utf-8")
    (site / "pypandoc" / "files").mkdir(parents=True)
    (site / "pypandoc" / "files" / "pandoc").symlink_to(shutil.which("pandoc"))
    target = new_project(tmp_path)
    env = {**os.environ, "PATH": str(Path(sys.executable).parent), "PYTHONPATH": str(site)}
    assert shutil.which("pandoc", path=env["PATH"]) is None
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "html", "-W", str(target),
         str(target / "_build" / "html")],
        capture_output=True, text=True, timeout=300, check=False, env=env,
    )
    assert result.returncode == 0, result.stderr
    assert (target / "_build/html/notebooks/practice.html").is_file()


@pytest.mark.pdf
@pytest.mark.parametrize(("language", "markup"), COMBOS)
def test_project_builds_html_and_pdf(tmp_path, language, markup):
    require_tool("pandoc")
    target = new_project(tmp_path, language, markup)
    sphinx_build(target, "html", "-W")
    html = (target / "_build/html/index.html").read_text(encoding="utf-8")
    positions = [
        html.index(f">{number}. {heading}</a>")
        for number, heading in enumerate(HEADINGS[language], start=1)
    ]
    assert positions == sorted(positions)
    assert "Lab &amp; Co" in html
    assert (target / "_build/html/notebooks/practice.html").is_file()

    sphinx_build(target, "latex", "-W")
    text = pdf_text(compile_pdf(target / "_build/latex", "xelatex"))
    flat = " ".join(text.split())
    assert 'Q&A: "Quotes" \\ back *star* 白皮书' in flat
    for expected in ("北京大学", "Lab & Co", ABSTRACT_LABEL[language], "1.2.3",
                     HEADINGS[language][-1], "['a', 'c']"):
        assert expected in flat
    # Chinese papers label chapters "第 1 章", English ones "CHAPTER ONE".
    assert bool(re.search(r"第 ?1 ?章", flat)) == (language == "zh_CN")
    assert ("CHAPTER" in flat) == (language == "en")
    log = (target / "_build/latex/whitepaper.log").read_text(errors="replace")
    assert "Missing character" not in log


def test_release_build_lists_what_is_left(tmp_path):
    target = new_project(tmp_path, "zh_CN", "md")
    result = sphinx_build(target, "html", "-D", "whitepaper_draft=0", check=False)
    lines = [line for line in result.stderr.splitlines() if "[whitepaper.structure]" in line]
    guidance = [line for line in lines if "writing guidance is left" in line]
    placeholders = [line for line in lines if "placeholder text" in line]
    # One guidance block per chapter, and sample text in the abstract and chapters.
    assert len(guidance) == len(STANDARD_STRUCTURE)
    assert any(line.startswith(f"{target / 'index.md'}:") for line in placeholders)
    assert "missing" not in result.stderr
    assert "out of order" not in result.stderr
    html = (target / "_build/html/background.html").read_text(encoding="utf-8")
    assert "写作指导" not in html


@pytest.mark.pdf
@pytest.mark.parametrize(
    ("language", "markup", "override"), [("zh_CN", "rst", "en"), ("en", "md", "zh_CN")]
)
def test_hosting_service_build(tmp_path, language, markup, override):
    """Run the commands Read the Docs runs, with its own language setting."""
    require_tool("pandoc", "latexmk", "xelatex", "pdftotext")
    target = new_project(tmp_path, language, markup)
    doctrees = str(target / "_build" / "doctrees")
    for builder in ("html", "epub", "latex"):
        result = sphinx_build(target, builder, "-T", "-d", doctrees, "-D", f"language={override}")
        assert "WARNING" not in result.stderr, result.stderr
    latex_dir = target / "_build" / "latex"
    subprocess.run(
        ["latexmk", "-r", "latexmkrc", "-pdf", "-f", "-dvi-", "-ps-", "-jobname=paper",
         "-interaction=nonstopmode"],
        cwd=latex_dir, capture_output=True, text=True, timeout=600, check=False,
    )
    pdf = latex_dir / "paper.pdf"
    assert pdf.is_file(), (latex_dir / "paper.log").read_text(errors="replace")[-3000:]
    flat = " ".join(pdf_text(pdf).split())
    # Headings keep the source language, and generated labels follow the override.
    for heading in HEADINGS[language]:
        assert heading in flat
    assert ABSTRACT_LABEL[override] in flat
    assert "张三" in flat
    # The chapter label follows the override too.
    assert bool(re.search(r"第 ?1 ?章", flat)) == (override == "zh_CN")
    assert ("CHAPTER" in flat) == (override == "en")
    log = (latex_dir / "paper.log").read_text(errors="replace")
    assert not re.search(r"Missing character", log)
