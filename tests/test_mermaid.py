"""Mermaid diagrams: the LaTeX fallback, mermaid-cli, and a local copy for HTML.

The ``mermaid`` root has three diagrams: a captioned, labelled one and a plain
one in rST, and a captioned one in MyST. ``mermaid_cmd`` names a command that
does not exist. Tests that need the npm packages look in
``$WHITEPAPER_NODE_MODULES`` (default ``/opt/sphinx-whitepaper-node/node_modules``); they skip
when it is missing, or fail in CI.
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import re
import threading
from pathlib import Path

import pytest
from browser_support import require_browser
from bs4 import BeautifulSoup
from conftest import IN_CI, build_root, compile_pdf, pdf_text
from sphinx.testing.util import SphinxTestApp
from sphinx.util.console import strip_escape_sequences

ROOTS = Path(__file__).resolve().parent / "roots"
NODE_MODULES = Path(
    os.environ.get("WHITEPAPER_NODE_MODULES", "/opt/sphinx-whitepaper-node/node_modules")
)
CHROMIUM = "/usr/bin/chromium"
FALLBACK = (
    "WARNING: mermaid-cli (mermaid_cmd = 'wp-no-such-mmdc') is not available; "
    "the diagram's source is shown instead [whitepaper.mermaid]"
)


def build(tmp_path_factory, builder: str, **kwargs) -> SphinxTestApp:
    return build_root(tmp_path_factory, "mermaid", builder, **kwargs)


def warnings_of(app: SphinxTestApp) -> list[str]:
    text = strip_escape_sequences(app.warning.getvalue())
    return [line for line in text.splitlines() if "WARNING" in line]


def need(path: Path) -> None:
    if path.exists():
        return
    if IN_CI:
        pytest.fail(f"{path} is missing (CI must install it; see .ci/run)")
    pytest.skip(f"needs {path}")


@pytest.fixture(scope="module")
def fallback(tmp_path_factory):
    return build(tmp_path_factory, "latex")


def test_one_warning_per_diagram_with_location(fallback):
    warnings = warnings_of(fallback)
    assert len(warnings) == 3, warnings
    assert all(w.endswith(FALLBACK) for w in warnings)
    locations = sorted(w.split(": WARNING")[0].rsplit("/", 1)[1] for w in warnings)
    assert locations[0].startswith("index.rst:")
    assert locations[2].startswith("more.md:")


def test_latex_shows_source_with_caption_and_label(fallback):
    tex = (fallback.outdir / "diagrams.tex").read_text(encoding="utf-8")
    assert r"\sphinxincludegraphics" not in tex
    end = tex.index(r"\caption{Retrieval pipeline}")
    figure = tex[tex.rindex(r"\begin{figure}", 0, end) : tex.index(r"\end{figure}", end)]
    assert r"\begin{sphinxVerbatim}" in figure
    assert "flowchart LR" in figure
    assert r"\caption{Retrieval pipeline}\label{\detokenize{index:fig-pipeline}}" in figure
    assert "sequenceDiagram" in tex
    assert "--->" not in tex  # no YAML header from sphinxcontrib-mermaid
    assert r"\hyperref[\detokenize{index:fig-pipeline}]{Fig.\@ \ref{" in tex


@pytest.mark.pdf
def test_fallback_pdf_is_readable(fallback):
    text = pdf_text(compile_pdf(fallback.outdir, "pdflatex"))
    assert "flowchart LR" in text
    assert "Q[Query & <input>] --> R[Retriever]" in text
    assert "Retrieval pipeline" in text
    assert "Flow in MyST" in text


def test_chinese_build_warns_the_same(tmp_path_factory):
    app = build(tmp_path_factory, "latex", confoverrides={"language": "zh_CN"})
    assert [w.split(": ", 1)[1] for w in warnings_of(app)] == [FALLBACK] * 3


def test_text_and_html_are_untouched(tmp_path_factory):
    text_app = build(tmp_path_factory, "text")
    assert warnings_of(text_app) == []
    assert "[graph]" in (text_app.outdir / "index.txt").read_text(encoding="utf-8")
    html_app = build(tmp_path_factory, "html")
    assert warnings_of(html_app) == []
    soup = BeautifulSoup((html_app.outdir / "index.html").read_text(), "html.parser")
    assert len(soup.select("pre.mermaid")) == 2


@pytest.mark.pdf
def test_mermaid_cli_draws_diagrams(tmp_path_factory, tmp_path):
    mmdc = NODE_MODULES / ".bin" / "mmdc"
    need(mmdc)
    need(Path(CHROMIUM))
    puppeteer = tmp_path / "puppeteer.json"
    puppeteer.write_text(json.dumps(
        {"executablePath": CHROMIUM, "args": ["--no-sandbox", "--disable-gpu"]}
    ))
    app = build(tmp_path_factory, "latex", confoverrides={
        "mermaid_cmd": str(mmdc),
        "mermaid_params": ["--puppeteerConfigFile", str(puppeteer), "--pdfFit"],
    })
    assert warnings_of(app) == []
    tex = (app.outdir / "diagrams.tex").read_text(encoding="utf-8")
    images = re.findall(r"\\sphinxincludegraphics\{(mermaid-[0-9a-f]+\.pdf)\}", tex)
    assert len(images) == 3
    assert all((app.outdir / name).is_file() for name in images)
    assert "sphinxVerbatim" not in tex


def test_local_copy_replaces_the_cdn(tmp_path_factory):
    dist = NODE_MODULES / "mermaid" / "dist"
    need(dist / "mermaid.esm.min.mjs")
    app = build(tmp_path_factory, "html", confoverrides={"whitepaper_mermaid_local": str(dist)})
    assert warnings_of(app) == []
    static = app.outdir / "_static" / "mermaid"
    assert (static / "mermaid.esm.min.mjs").is_file()
    chunks = list((static / "chunks" / "mermaid.esm.min").glob("*.mjs"))
    assert chunks
    assert not list(static.rglob("*.map"))
    for name in ("index.html", "more.html"):
        page = (app.outdir / name).read_text(encoding="utf-8")
        assert "cdn.jsdelivr" not in page
        assert "./_static/mermaid/mermaid.esm.min.mjs" in page


def test_missing_local_copy_warns(tmp_path_factory, tmp_path):
    overrides = {"whitepaper_mermaid_local": str(tmp_path)}
    app = build(tmp_path_factory, "html", confoverrides=overrides)
    assert warnings_of(app) == [
        f"WARNING: whitepaper_mermaid_local: {tmp_path} has no mermaid.esm.min.mjs; "
        "mermaid is loaded from the CDN [whitepaper.mermaid]"
    ]
    assert "cdn.jsdelivr" in (app.outdir / "index.html").read_text(encoding="utf-8")


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.mark.browser
def test_local_copy_renders_offline(tmp_path_factory):
    dist = NODE_MODULES / "mermaid" / "dist"
    need(dist / "mermaid.esm.min.mjs")
    require_browser()
    import playwright.sync_api as playwright

    app = build(tmp_path_factory, "html", confoverrides={"whitepaper_mermaid_local": str(dist)})
    handler = functools.partial(_Quiet, directory=str(app.outdir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    outside: list[str] = []

    def route(request_route) -> None:
        url = request_route.request.url
        if url.startswith(base):
            request_route.continue_()
        else:
            outside.append(url)
            request_route.abort()

    try:
        with playwright.sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"]
            )
            try:
                page = browser.new_page()
                page.route("**/*", route)
                page.goto(base + "index.html")
                page.wait_for_function(
                    "[...document.querySelectorAll('pre.mermaid')]"
                    ".every(pre => pre.querySelector('svg g g'))",
                    timeout=30000,
                )
                soup = BeautifulSoup(page.content(), "html.parser")
                assert len(soup.select("pre.mermaid svg")) == 2
            finally:
                browser.close()
    finally:
        server.shutdown()
        server.server_close()
    assert outside == []


def test_texinfo_gets_the_same_fallback(tmp_path_factory):
    app = build(tmp_path_factory, "texinfo")
    warnings = warnings_of(app)
    assert len(warnings) == 3
    assert all(w.endswith(FALLBACK) for w in warnings)
    texi = next(app.outdir.glob("*.texi")).read_text(encoding="utf-8")
    assert "flowchart LR" in texi
    assert "Retrieval pipeline" in texi
