"""Parallel and incremental builds give the same output as serial, clean builds.

The ``incremental`` root has seven numbered chapters (rST and MyST) with every
item kind, references from each chapter to items of chapter 1, and a page of
lists. Sphinx reads in parallel only with more than five documents to read.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import time
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from sphinx.testing.util import SphinxTestApp
from sphinx.util.console import strip_escape_sequences

ROOTS = Path(__file__).resolve().parent / "roots"


def run(srcdir: Path, builder: str, builddir: Path, **kwargs) -> SphinxTestApp:
    app = SphinxTestApp(builder, srcdir=srcdir, builddir=builddir, **kwargs)
    try:
        app.build()
    finally:
        app.cleanup()
    return app


def warnings_of(app: SphinxTestApp) -> list[str]:
    text = strip_escape_sequences(app.warning.getvalue())
    return sorted(line for line in text.splitlines() if "WARNING" in line)


def output_files(outdir: Path) -> dict[str, bytes]:
    """Every output file except Sphinx's caches."""
    return {
        str(path.relative_to(outdir)): path.read_bytes()
        for path in sorted(outdir.rglob("*"))
        if path.is_file() and ".doctrees" not in path.parts and path.name != ".buildinfo"
    }


def snapshot(outdir: Path) -> dict[str, object]:
    """What the tests compare in HTML: captions, lists, references and JSON-LD."""
    result: dict[str, object] = {}
    for page in sorted(outdir.glob("*.html")):
        if page.name in {"genindex.html", "search.html"}:
            continue
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        body = soup.select_one("div.body")
        result[page.name] = {
            "captions": [
                (div.parent.get("id"), " ".join(div.get_text().split()))
                for div in body.select(".wp-item > .wp-caption")
            ],
            "lists": [
                [(a["href"], " ".join(a.get_text().split())) for a in ul.select("a")]
                for ul in body.select("div.wp-list")
            ],
            "references": [
                (a.get("href"), " ".join(a.get_text().split()))
                for a in body.select("a.reference.internal")
                if not a.find_parent("div", class_="wp-list")
            ],
            "equations": [" ".join(s.get_text().split()) for s in body.select("span.eqno")],
            "jsonld": [
                json.loads(s.string) for s in soup.find_all("script", type="application/ld+json")
            ],
        }
    return result


def touch(path: Path, text: str) -> None:
    """Write ``path`` and set its modification time ahead, so Sphinx detects the change."""
    path.write_text(text, encoding="utf-8")
    later = time.time() + 5
    os.utime(path, (later, later))


@pytest.mark.parametrize("language", ["en", "zh_CN"])
@pytest.mark.parametrize("builder", ["html", "latex"])
def test_parallel_equals_serial(tmp_path, builder, language):
    srcdir = tmp_path / "src"
    shutil.copytree(ROOTS / "test-incremental", srcdir)
    overrides = {"language": language}
    serial = run(srcdir, builder, tmp_path / "serial", confoverrides=overrides)
    parallel = run(srcdir, builder, tmp_path / "parallel", confoverrides=overrides, parallel=2)
    assert warnings_of(serial) == warnings_of(parallel) == []
    # Parallel reading reports chunks of documents such as "ch1 .. ch4".
    status = strip_escape_sequences(parallel.status.getvalue())
    assert re.search(r"reading sources\.\.\. \[[ \d]+%\] \S+ \.\. \S+", status)
    assert output_files(serial.outdir) == output_files(parallel.outdir)


def _add(src: Path) -> None:
    touch(src / "ch8.rst", (src / "ch3.rst").read_text().replace("3", "8"))
    index = (src / "index.rst").read_text().replace("   ch7\n", "   ch7\n   ch8\n")
    touch(src / "index.rst", index)


def _edit(src: Path) -> None:
    # A new first algorithm, derivation and question renumber chapter 1's items,
    # which the other chapters and the lists show.
    text = (src / "ch1.rst").read_text()
    head, rest = text.split("\n\n", 1)
    extra = (
        ".. algorithm:: Inserted\n\n   #. First.\n\n"
        ".. derivation:: Inserted bound\n\n"
        "   .. math:: z = 0\n      :label: eq-inserted\n\n   Trivially.\n\n"
    )
    rest = rest.replace("Question 1?", "Renamed question 1?")
    touch(src / "ch1.rst", head + "\n\n" + extra + rest)


def _rename(src: Path) -> None:
    (src / "ch2.rst").rename(src / "second.rst")
    os.utime(src / "second.rst")
    touch(src / "index.rst", (src / "index.rst").read_text().replace("   ch2\n", "   second\n"))


def _delete(src: Path) -> None:
    (src / "ch5.rst").unlink()
    touch(src / "index.rst", (src / "index.rst").read_text().replace("   ch5\n", ""))


def _move_chapter(src: Path) -> None:
    # The same documents in a new order: numbers and list order change.
    index = (src / "index.rst").read_text().replace("   ch1\n", "").replace(
        "   lists\n", "   ch1\n   lists\n"
    )
    touch(src / "index.rst", index)


STEPS = [("add", _add), ("edit", _edit), ("rename", _rename), ("delete", _delete),
         ("move", _move_chapter)]


def test_incremental_equals_clean(tmp_path):
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-incremental", src)
    builddir = tmp_path / "incremental"
    first = run(src, "html", builddir)
    assert warnings_of(first) == []
    for number, (name, change) in enumerate(STEPS):
        change(src)
        incremental = run(src, "html", builddir)
        clean_src = tmp_path / f"clean-{number}"
        shutil.copytree(src, clean_src, ignore=shutil.ignore_patterns("_build"))
        clean = run(clean_src, "html", tmp_path / f"clean-build-{number}")
        assert warnings_of(incremental) == warnings_of(clean), name
        got, want = snapshot(incremental.outdir), snapshot(clean.outdir)
        # Sphinx leaves the pages of deleted or renamed documents in the output
        # folder, so only the pages of the clean build are compared.
        got = {page: data for page, data in got.items() if page in want}
        assert got == want, name


def test_edit_renumbers_references_and_lists(tmp_path):
    """Spell out the numbers after the edit step, which the test above only compares."""
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-incremental", src)
    builddir = tmp_path / "build"
    run(src, "html", builddir)
    _edit(src)
    app = run(src, "html", builddir)
    shot = snapshot(app.outdir)
    refs = dict(shot["ch3.html"]["references"])
    assert refs["ch1.html#alg-1"] == "Algorithm 1.2"
    assert refs["ch1.html#faq-1"] == "Renamed question 1?"
    assert refs["ch1.html#equation-eq-1"] == "(1.2)"
    algorithms = shot["lists.html"]["lists"][0]
    assert algorithms[:3] == [
        ("ch1.html#algorithm-inserted", "Algorithm 1.1 Inserted"),
        ("ch1.html#alg-1", "Algorithm 1.2 Search 1"),
        ("ch2.html#alg-2", "Algorithm 2.1 Search 2"),
    ]
    assert re.search(r"reading sources\.\.\. \[\s*\d+%\] ch1", strip_escape_sequences(
        app.status.getvalue()))


def _write(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")
    # A later mtime than the previous build, even on coarse file systems.
    later = time.time() + 2
    os.utime(path, (later, later))


def _card(title: str, label: str | None) -> str:
    name = f"   :name: {label}\n" if label else ""
    return f".. algorithm:: {title}\n{name}\n   #. Step.\n"


DUPLICATE_INDEX = (
    "Duplicates\n==========\n\n.. toctree::\n   :numbered:\n\n   a\n   b\n   c\n"
)


@pytest.mark.parametrize("holder", ["a", "b"])
def test_freed_duplicate_label_goes_to_other_document(tmp_path, holder):
    """Deleting the label from the document that has it frees it for the other one.

    With ``holder == "b"`` the label holder sorts after the document that
    ignored it, which happens when ``a`` was added in a later build.
    """
    src = tmp_path / "src"
    src.mkdir()
    (src / "conf.py").write_text(
        'extensions = ["sphinx_whitepaper"]\nnumfig = True\nwhitepaper_structure = []\n',
        encoding="utf-8",
    )
    (src / "index.rst").write_text(DUPLICATE_INDEX, encoding="utf-8")
    (src / "c.rst").write_text(
        "C\n=\n\nSee :numref:`dup-x` and :ref:`dup-x`.\n", encoding="utf-8"
    )
    other = "b" if holder == "a" else "a"
    builddir = tmp_path / "build"
    if holder == "a":
        (src / "a.rst").write_text("A\n=\n\n" + _card("Dup A", "dup-x"), encoding="utf-8")
        (src / "b.rst").write_text("B\n=\n\n" + _card("Dup B", "dup-x"), encoding="utf-8")
        first = run(src, "html", builddir)
    else:
        (src / "b.rst").write_text("B\n=\n\n" + _card("Dup B", "dup-x"), encoding="utf-8")
        (src / "a.rst").write_text("A\n=\n\nNothing yet.\n", encoding="utf-8")
        run(src, "html", builddir)
        _write(src / "a.rst", "A\n=\n\n" + _card("Dup A", "dup-x"))
        first = run(src, "html", builddir)
    assert any("duplicate label" in line for line in warnings_of(first))

    upper = holder.upper()
    _write(src / f"{holder}.rst", f"{upper}\n=\n\n" + _card(f"Dup {upper}", None))
    app = run(src, "html", builddir)
    assert warnings_of(app) == []
    page = BeautifulSoup((app.outdir / f"{other}.html").read_text(encoding="utf-8"), "html.parser")
    assert page.find(id="dup-x") is not None
    links = BeautifulSoup((app.outdir / "c.html").read_text(encoding="utf-8"), "html.parser")
    hrefs = [a["href"] for a in links.select("div.body a.reference")]
    assert hrefs == [f"{other}.html#dup-x", f"{other}.html#dup-x"]


def test_returned_label_goes_back_to_first_document(tmp_path):
    """A label given back to the first document by name is taken from the holder."""
    src = tmp_path / "src"
    src.mkdir()
    (src / "conf.py").write_text(
        'extensions = ["sphinx_whitepaper"]\nnumfig = True\nwhitepaper_structure = []\n',
        encoding="utf-8",
    )
    (src / "index.rst").write_text(
        "Duplicates\n==========\n\n.. toctree::\n   :numbered:\n\n   a\n   b\n   c\n   e\n",
        encoding="utf-8",
    )
    (src / "c.rst").write_text("C\n=\n\nSee :numref:`dup`.\n", encoding="utf-8")
    for name in "abe":
        upper = name.upper()
        (src / f"{name}.rst").write_text(
            f"{upper}\n=\n\n" + _card(f"Dup {upper}", "dup"), encoding="utf-8"
        )
    builddir = tmp_path / "build"
    run(src, "html", builddir)
    _write(src / "a.rst", "A\n=\n\n" + _card("Dup A", "other"))
    run(src, "html", builddir)
    _write(src / "a.rst", "A\n=\n\n" + _card("Dup A", "dup"))
    app = run(src, "html", builddir)

    assert warnings_of(app) == [
        f"{src / 'b.rst'}:4: WARNING: duplicate label \"dup\", also defined in "
        f"{src / 'a.rst'}; the label is ignored here [whitepaper.duplicate_label]"
    ]
    links = BeautifulSoup((app.outdir / "c.html").read_text(encoding="utf-8"), "html.parser")
    assert [a["href"] for a in links.select("div.body a.reference")] == ["a.html#dup"]
    assert links.select_one("div.body a.reference").get_text() == "Algorithm 1.1"
