"""The chapter structure check, writing guidance and placeholders.

``tests/roots/test-structure`` is a complete, well-ordered whitepaper: nine
chapter documents, reST and MyST mixed, named by file-wide metadata. Each test
copies it, breaks one thing and checks the exact warning and its location.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

from sphinx_whitepaper.config import STANDARD_STRUCTURE
from sphinx_whitepaper.structure import _in_order, chapter_guidance

ROOT = Path(__file__).resolve().parent / "roots" / "test-structure"
ANSI = re.compile(r"\x1b\[[0-9;]*m")
ORDER = ", ".join(STANDARD_STRUCTURE)


def build(tmp_path: Path, edit=None, builder: str = "html", **overrides):
    """Copy the root, apply ``edit(srcdir)`` and build it.

    :return: ``(srcdir, warnings, app)``, with colour codes removed from the warnings.
    """
    srcdir = tmp_path / "src"
    shutil.copytree(ROOT, srcdir)
    if edit:
        edit(srcdir)
    app = SphinxTestApp(builder, srcdir=srcdir, confoverrides=overrides)
    try:
        app.build()
    finally:
        app.cleanup()
    warnings = ANSI.sub("", app.warning.getvalue())
    return srcdir, warnings, app


def structure_lines(warnings: str) -> list[str]:
    return [line for line in warnings.splitlines() if "[whitepaper.structure]" in line]


def set_toctree(srcdir: Path, entries: list[str]) -> None:
    body = "".join(f"   {name}\n" for name in entries)
    (srcdir / "index.rst").write_text(
        "Structure test\n==============\n\n.. toctree::\n\n" + body, encoding="utf-8"
    )


def test_good_project_is_quiet(tmp_path):
    _srcdir, warnings, app = build(tmp_path)
    assert warnings == ""
    html = (app.outdir / "background.html").read_text(encoding="utf-8")
    # Draft mode shows the guidance, with the catalog text for "background".
    assert 'class="wp-guidance admonition"' in html
    assert "Writing guidance" in html
    assert str(chapter_guidance("background")) in html
    assert '<span class="wp-placeholder">a placeholder</span>' in html


def test_missing_chapter(tmp_path):
    def edit(srcdir):
        (srcdir / "tools.md").unlink()
        set_toctree(srcdir, [c for c in STANDARD_STRUCTURE if c != "tools"])

    srcdir, warnings, _app = build(tmp_path, edit)
    assert structure_lines(warnings) == [
        f"{srcdir / 'index.rst'}:4: WARNING: required chapter \"tools\" is missing; "
        'mark its document with "whitepaper-chapter: tools" [whitepaper.structure]'
    ]


def test_chapter_out_of_order(tmp_path):
    def edit(srcdir):
        order = list(STANDARD_STRUCTURE)
        order.remove("summary")
        order.insert(1, "summary")
        set_toctree(srcdir, order)

    srcdir, warnings, _app = build(tmp_path, edit)
    # Only the one misplaced chapter is reported, not everything after it.
    assert structure_lines(warnings) == [
        f"{srcdir / 'summary.rst'}:1: WARNING: chapter \"summary\" is out of order; "
        f"the required order is: {ORDER} [whitepaper.structure]"
    ]


def test_chapter_named_twice(tmp_path):
    def edit(srcdir):
        text = (srcdir / "faq.rst").read_text(encoding="utf-8")
        (srcdir / "faq.rst").write_text(text.replace(": faq", ": summary"), encoding="utf-8")

    srcdir, warnings, _app = build(tmp_path, edit)
    assert structure_lines(warnings) == [
        f"{srcdir / 'faq.rst'}:1: WARNING: chapter \"summary\" appears twice; the first "
        f"one is in {srcdir / 'summary.rst'} [whitepaper.structure]",
        f"{srcdir / 'index.rst'}:4: WARNING: required chapter \"faq\" is missing; "
        'mark its document with "whitepaper-chapter: faq" [whitepaper.structure]',
    ]


def test_release_build_reports_leftovers(tmp_path):
    srcdir, warnings, app = build(tmp_path, whitepaper_draft=False)
    guidance = (
        "WARNING: writing guidance is left in a release build; delete the "
        '"whitepaper-guidance" block or set whitepaper_draft = True [whitepaper.structure]'
    )
    assert structure_lines(warnings) == [
        f"{srcdir / 'background.rst'}:6: {guidance}",
        f"{srcdir / 'background.rst'}:8: WARNING: placeholder text \"a placeholder\" is "
        "left in a release build; replace it [whitepaper.structure]",
        f"{srcdir / 'concepts.md'}:7: {guidance}",
        f"{srcdir / 'concepts.md'}:11: WARNING: placeholder text \"MyST placeholder\" is "
        "left in a release build; replace it [whitepaper.structure]",
    ]
    # Guidance never reaches a release build.
    for page in ("background.html", "concepts.html"):
        html = (app.outdir / page).read_text(encoding="utf-8")
        assert "wp-guidance" not in html
        assert "Writing guidance" not in html


def test_clean_release_build_is_quiet(tmp_path):
    def edit(srcdir):
        (srcdir / "background.rst").write_text(
            ":whitepaper-chapter: background\n\nBackground\n==========\n\nDone.\n",
            encoding="utf-8",
        )
        (srcdir / "concepts.md").write_text(
            "---\nwhitepaper-chapter: concepts\n---\n\n# Concepts\n\nDone.\n",
            encoding="utf-8",
        )

    _srcdir, warnings, _app = build(tmp_path, edit, whitepaper_draft=False)
    assert warnings == ""


@pytest.mark.parametrize("value", [[], None])
def test_check_can_be_switched_off(tmp_path, value):
    def edit(srcdir):
        set_toctree(srcdir, ["summary", "background"])

    _srcdir, warnings, _app = build(tmp_path, edit, whitepaper_structure=value)
    assert structure_lines(warnings) == []


def test_custom_structure(tmp_path):
    _srcdir, warnings, _app = build(
        tmp_path, whitepaper_structure=["background", "faq", "appendix"]
    )
    srcdir = tmp_path / "src"
    assert structure_lines(warnings) == [
        f"{srcdir / 'index.rst'}:4: WARNING: required chapter \"appendix\" is missing; "
        'mark its document with "whitepaper-chapter: appendix" [whitepaper.structure]'
    ]


def test_unmarked_project_is_quiet(tmp_path):
    def edit(srcdir):
        for path in srcdir.glob("*.*"):
            if path.suffix in {".rst", ".md"}:
                text = path.read_text(encoding="utf-8")
                text = re.sub(r"^:whitepaper-chapter: \w+\n\n", "", text)
                text = re.sub(r"^---\nwhitepaper-chapter: \w+\n---\n\n", "", text)
                path.write_text(text, encoding="utf-8")

    _srcdir, warnings, _app = build(tmp_path, edit)
    assert warnings == ""


def test_guidance_is_translated(tmp_path):
    _srcdir, warnings, app = build(tmp_path, language="zh_CN")
    assert warnings == ""
    html = (app.outdir / "background.html").read_text(encoding="utf-8")
    assert "写作指导" in html
    assert "说明本文要解决什么问题" in html


def test_parallel_build_same_warnings(tmp_path):
    def edit(srcdir):
        order = list(STANDARD_STRUCTURE)
        order.remove("summary")
        order.insert(1, "summary")
        set_toctree(srcdir, order)

    _srcdir, serial, _app = build(tmp_path / "serial", edit, whitepaper_draft=False)
    srcdir = tmp_path / "parallel" / "src"
    shutil.copytree(ROOT, srcdir)
    edit(srcdir)
    app = SphinxTestApp(
        "html", srcdir=srcdir, parallel=2, confoverrides={"whitepaper_draft": False}
    )
    try:
        app.build()
    finally:
        app.cleanup()
    parallel = ANSI.sub("", app.warning.getvalue())
    normalise = lambda text: sorted(  # noqa: E731
        line.replace(str(tmp_path / "serial"), "").replace(str(tmp_path / "parallel"), "")
        for line in structure_lines(text)
    )
    assert len(structure_lines(serial)) == 5
    assert normalise(parallel) == normalise(serial)


def test_incremental_build_removed_chapter(tmp_path):
    srcdir, warnings, _app = build(tmp_path)
    assert warnings == ""
    (srcdir / "tools.md").unlink()
    set_toctree(srcdir, [c for c in STANDARD_STRUCTURE if c != "tools"])
    app = SphinxTestApp("html", srcdir=srcdir)
    try:
        app.build()
    finally:
        app.cleanup()
    assert structure_lines(ANSI.sub("", app.warning.getvalue())) == [
        f"{srcdir / 'index.rst'}:4: WARNING: required chapter \"tools\" is missing; "
        'mark its document with "whitepaper-chapter: tools" [whitepaper.structure]'
    ]


def test_longest_ordered_run():
    assert _in_order([0, 1, 2]) == {0, 1, 2}
    assert _in_order([0, 7, 1, 2, 3]) == {0, 2, 3, 4}
    assert _in_order([]) == set()


def test_release_drops_placeholder_in_guidance(tmp_path):
    def edit(srcdir):
        (srcdir / "background.rst").write_text(
            ":whitepaper-chapter: background\n\nBackground\n==========\n\n"
            ".. whitepaper-guidance::\n\n"
            "   Replace :whitepaper-placeholder:`inner sample` first.\n\n"
            "Done.\n",
            encoding="utf-8",
        )

    srcdir, warnings, app = build(tmp_path, edit, whitepaper_draft=False)
    lines = [line for line in structure_lines(warnings) if "background.rst" in line]
    # The placeholder goes with its guidance block, so only the block is reported.
    assert len(lines) == 1
    assert lines[0].startswith(f"{srcdir / 'background.rst'}:6: WARNING: writing guidance")
    html = (app.outdir / "background.html").read_text(encoding="utf-8")
    assert "inner sample" not in html
