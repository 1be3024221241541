"""Parallel and incremental builds give the same output as a clean serial one.

The ``parallel`` root has eight chapters (rST and MyST alternating), each with
every directive and references into the next chapter, so a ``parallel=2``
build really reads in two processes and has to merge the domain data.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp
from sphinx.util.console import strip_escape_sequences

ROOTS = Path(__file__).resolve().parent / "roots"

#: Inserted before the first card of chapter 3: every later algorithm number
#: moves by one, including those that other chapters reference.
NEW_CARD = """.. algorithm:: Inserted card
   :name: alg-inserted

   #. A new step.

"""


def copy_root(base: Path) -> Path:
    srcdir = base / "src"
    shutil.copytree(ROOTS / "test-parallel", srcdir)
    return srcdir


def run(srcdir: Path, builder: str = "html", **kwargs) -> SphinxTestApp:
    app = SphinxTestApp(builder, srcdir=srcdir, **kwargs)
    try:
        app.build()
    finally:
        app.cleanup()
    return app


def insert_card(srcdir: Path) -> None:
    chapter = srcdir / "chapter3.rst"
    text = chapter.read_text("utf-8")
    chapter.write_text(text.replace(".. algorithm:: Card 3", NEW_CARD + ".. algorithm:: Card 3"))


def outputs(app: SphinxTestApp, suffix: str) -> dict[str, str]:
    """Return every output file ending in ``suffix``, with build paths removed."""
    files = {}
    for path in sorted(app.outdir.rglob(f"*{suffix}")):
        text = path.read_text("utf-8")
        text = text.replace(str(app.srcdir), "<srcdir>").replace(str(app.outdir), "<outdir>")
        files[str(path.relative_to(app.outdir))] = text
    return files


@pytest.fixture(scope="module")
def serial(tmp_path_factory):
    return run(copy_root(tmp_path_factory.mktemp("serial")))


@pytest.fixture(scope="module")
def parallel(tmp_path_factory):
    return run(copy_root(tmp_path_factory.mktemp("parallel")), parallel=2)


def test_both_builds_are_clean(serial, parallel):
    assert serial.warning.getvalue() == ""
    assert parallel.warning.getvalue() == ""
    # Sphinx reports chunks of documents only when it really reads in parallel.
    assert "chapter1 .. chapter4" in strip_escape_sequences(parallel.status.getvalue())


def test_parallel_html_equals_serial(serial, parallel):
    expected = outputs(serial, ".html")
    assert len(expected) >= 9
    found = outputs(parallel, ".html")
    assert sorted(found) == sorted(expected)
    for name, text in expected.items():
        assert found[name] == text, name


def test_parallel_domain_data_equals_serial(serial, parallel):
    serial_items = serial.env.get_domain("wp").data["items"]
    parallel_items = parallel.env.get_domain("wp").data["items"]
    assert serial_items == parallel_items
    assert sorted(serial_items) == [f"chapter{i}" for i in range(1, 9)]
    assert serial.env.toc_fignumbers == parallel.env.toc_fignumbers


def test_cross_chapter_references(serial):
    html = (serial.outdir / "chapter2.html").read_text("utf-8")
    assert '<span class="std std-numref">Algorithm 3</span>' in html
    assert '<span class="std std-ref">Question 3?</span>' in html


def test_parallel_latex_equals_serial(tmp_path):
    serial_tex = outputs(run(copy_root(tmp_path / "serial"), "latex"), ".tex")
    parallel_tex = outputs(run(copy_root(tmp_path / "parallel"), "latex", parallel=2), ".tex")
    assert serial_tex == parallel_tex


def append_card(srcdir: Path) -> None:
    """Edit two chapters without moving a number that another chapter shows."""
    chapter = srcdir / "chapter8.md"
    chapter.write_text(
        chapter.read_text("utf-8") + "\n:::{algorithm} Appended card\n:name: alg-appended\n\n"
        "1. A new step.\n:::\n",
        "utf-8",
    )
    chapter = srcdir / "chapter3.rst"
    chapter.write_text(chapter.read_text("utf-8").replace("Pro 3.", "Pro 3, edited."), "utf-8")


def incremental_and_clean(tmp_path: Path, edit, jobs: int):
    srcdir = copy_root(tmp_path / "incremental")
    run(srcdir, parallel=jobs)
    edit(srcdir)
    incremental = run(srcdir, parallel=jobs)
    clean_src = copy_root(tmp_path / "clean")
    edit(clean_src)
    clean = run(clean_src, parallel=jobs)
    return incremental, clean


@pytest.mark.parametrize("jobs", [0, 2])
def test_incremental_build_equals_clean_build(tmp_path, jobs):
    incremental, clean = incremental_and_clean(tmp_path, append_card, jobs)
    assert incremental.warning.getvalue() == ""
    expected = outputs(clean, ".html")
    found = outputs(incremental, ".html")
    assert "Algorithm 9" in expected["chapter8.html"]
    assert "Pro 3, edited." in expected["chapter3.html"]
    for name, text in expected.items():
        assert found[name] == text, name


@pytest.mark.parametrize("jobs", [0, 2])
def test_incremental_renumbered_reference_text(tmp_path, jobs):
    # Sphinx alone rewrites only the documents whose own numbers changed. The
    # package also rewrites chapter2, whose :numref: shows card 3's new number.
    incremental, clean = incremental_and_clean(tmp_path, insert_card, jobs)
    assert incremental.warning.getvalue() == ""
    expected = outputs(clean, ".html")
    found = outputs(incremental, ".html")
    assert '<span class="std std-numref">Algorithm 4</span>' in expected["chapter2.html"]
    for name, text in expected.items():
        assert found[name] == text, name


def test_incremental_build_after_removing_a_label(tmp_path):
    srcdir = copy_root(tmp_path / "incremental")
    run(srcdir)
    chapter = srcdir / "chapter5.rst"
    chapter.write_text(chapter.read_text("utf-8").replace("   :name: faq-5\n", ""))
    app = run(srcdir)
    warnings = strip_escape_sequences(app.warning.getvalue())
    # chapter4 still refers to faq-5 but is not read again: Sphinx only
    # re-resolves it when it is rewritten, as for any label.
    assert "[whitepaper" not in warnings
    records = app.env.get_domain("wp").data["items"]["chapter5"]
    assert [r.names for r in records if r.kind == "faq"] == [()]
