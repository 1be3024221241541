"""Shared fixtures: Sphinx's testing fixtures, test roots and PDF compilation."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from sphinx.testing.util import SphinxTestApp

pytest_plugins = ["sphinx.testing.fixtures"]

ROOTS = Path(__file__).resolve().parent / "roots"

# Test roots are Sphinx projects, not test modules.
collect_ignore = ["roots"]

#: In CI every external tool must be present: a missing one fails instead of skipping.
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}

# Sphinx colours its messages when CI=true, which would put escape codes into
# the sphinx-build output that tests read from subprocesses.
os.environ["NO_COLOR"] = "1"


@pytest.fixture(scope="session")
def rootdir() -> Path:
    """Folder of the ``test-<name>`` projects used by ``@pytest.mark.sphinx``."""
    return ROOTS


def build_root(
    tmp_path_factory: pytest.TempPathFactory, root: str, builder: str = "html", **kwargs: Any
) -> SphinxTestApp:
    """Copy ``tests/roots/test-<root>`` to a fresh folder, build it once, return the app.

    Module-scoped fixtures use it so that several tests read one build.
    """
    srcdir = tmp_path_factory.mktemp(f"{root}-{builder}") / "src"
    shutil.copytree(ROOTS / f"test-{root}", srcdir)
    app = SphinxTestApp(builder, srcdir=srcdir, **kwargs)
    try:
        app.build()
    finally:
        app.cleanup()
    return app


def require_tool(*names: str) -> None:
    """Skip the test when a command is missing, or fail when running in CI."""
    missing = [name for name in names if shutil.which(name) is None]
    if not missing:
        return
    message = "missing command(s): " + ", ".join(missing)
    if IN_CI:
        pytest.fail(message + " (CI must install them; see .ci/run)")
    pytest.skip(message)


def compile_pdf(latex_dir: Path, engine: str = "xelatex") -> Path:
    """Compile the single ``.tex`` file in ``latex_dir`` with latexmk; return the PDF.

    The LaTeX log is attached to the failure message, so a TeX error shows
    its cause in the test report.
    """
    require_tool("latexmk", engine, "pdftotext")
    tex_files = sorted(latex_dir.glob("*.tex"))
    tex_files = [path for path in tex_files if not path.name.startswith("sphinx")]
    assert len(tex_files) == 1, f"expected one .tex file, found {tex_files}"
    tex = tex_files[0]
    flag = {"xelatex": "-pdfxe", "pdflatex": "-pdf", "lualatex": "-pdflua"}[engine]
    result = subprocess.run(
        ["latexmk", flag, "-interaction=nonstopmode", "-halt-on-error", tex.name],
        cwd=latex_dir,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    pdf = tex.with_suffix(".pdf")
    if result.returncode != 0 or not pdf.exists():
        log = tex.with_suffix(".log")
        tail = log.read_text(errors="replace")[-4000:] if log.exists() else result.stdout[-4000:]
        pytest.fail(f"latexmk failed for {tex} (exit {result.returncode}):\n{tail}")
    return pdf


def pdf_text(pdf: Path) -> str:
    """Return the text of ``pdf`` as extracted by pdftotext."""
    require_tool("pdftotext")
    result = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return result.stdout
