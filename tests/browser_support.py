"""Helpers shared by the fuzz, escaping, browser and accessibility tests.

* :func:`build` builds a throw-away Sphinx project in this process and returns
  its warnings, so a test can build many small projects quickly.
* :func:`serve` serves a folder over HTTP on 127.0.0.1 from a thread.
* :func:`node_modules` finds the npm packages (MathJax, mermaid, axe-core)
  through ``WHITEPAPER_NODE_MODULES``.
* :func:`launch_chromium` starts Debian's Chromium through Playwright.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import io
import os
import re
import shutil
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

import pytest
from conftest import IN_CI

NODE_MODULES_DEFAULT = "/opt/sphinx-whitepaper-node/node_modules"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

_ANSI = re.compile(r"\x1b\[[0-9;]*m")

#: A warning line that the fuzz tests accept: typed as ours, or a parse
#: problem reported by docutils or MyST.
ALLOWED_WARNING = re.compile(r"\[(whitepaper\.[a-z_]+|docutils|myst\.[a-z_-]+)\]$")

#: Messages of docutils transforms, which Sphinx logs without a type.
DOCUTILS_TRANSFORM_MESSAGES = re.compile(
    r": (ERROR|WARNING|SEVERE|INFO): ("
    r"Anonymous hyperlink mismatch|Unknown target name|Duplicate explicit target name"
    r"|Duplicate implicit target name|Indirect hyperlink target|Too many autonumbered"
    r"|Unknown interpreted text role|Undefined substitution|Error in \"[a-z-]+\" directive"
    r")"
)


@dataclass
class BuildResult:
    outdir: Path
    warnings: list[str]

    def unexpected_warnings(self) -> list[str]:
        """Warnings that are neither ``whitepaper.*`` nor parse warnings."""
        return [
            line
            for line in self.warnings
            if not ALLOWED_WARNING.search(line)
            and not DOCUTILS_TRANSFORM_MESSAGES.search(line)
        ]


def build(
    srcdir: Path,
    builder: str,
    *,
    files: dict[str, str] | None = None,
    conf: str | None = "",
    confoverrides: dict[str, Any] | None = None,
) -> BuildResult:
    """Write ``files`` and ``conf.py`` into ``srcdir``, build it, return the warnings.

    ``conf=None`` keeps the ``conf.py`` already in ``srcdir``. Each warning is
    one entry without colour codes. Build exceptions propagate.
    """
    from sphinx.testing.util import SphinxTestApp

    srcdir.mkdir(parents=True, exist_ok=True)
    if conf is not None:
        (srcdir / "conf.py").write_text(conf, encoding="utf-8")
    for name, text in (files or {}).items():
        path = srcdir / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    builddir = srcdir / "_build"
    shutil.rmtree(builddir, ignore_errors=True)
    warning = io.StringIO()
    app = SphinxTestApp(
        builder,
        srcdir=srcdir,
        builddir=builddir,
        status=io.StringIO(),
        warning=warning,
        freshenv=True,
        confoverrides=confoverrides,
    )
    try:
        app.build(force_all=True)
    finally:
        app.cleanup()
    return BuildResult(Path(app.outdir), split_warnings(warning.getvalue()))


_ENTRY_START = re.compile(r"^(\S.*?: )?(WARNING|ERROR|CRITICAL|SEVERE):")


def split_warnings(text: str) -> list[str]:
    """Split Sphinx's warning stream into entries; join continuation lines."""
    entries: list[str] = []
    for raw in _ANSI.sub("", text).splitlines():
        if not raw.strip():
            continue
        if _ENTRY_START.match(raw) or not entries:
            entries.append(raw.strip())
        else:
            entries[-1] += "\n" + raw.strip()
    return entries


def node_modules() -> Path:
    """Return the npm folder, or skip (fail in CI) when a package is missing."""
    root = Path(os.environ.get("WHITEPAPER_NODE_MODULES", NODE_MODULES_DEFAULT))
    needed = [
        root / "mathjax" / "es5" / "tex-svg.js",
        root / "mermaid" / "dist" / "mermaid.esm.min.mjs",
        root / "axe-core" / "axe.min.js",
    ]
    missing = [str(path) for path in needed if not path.exists()]
    if missing:
        message = "missing npm files (set WHITEPAPER_NODE_MODULES): " + ", ".join(missing)
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    return root


def require_browser() -> None:
    """Skip (fail in CI) unless Playwright and Debian's Chromium are present."""
    problems = []
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        problems.append("the playwright package")
    if not Path(CHROMIUM).exists():
        problems.append(CHROMIUM)
    if problems:
        message = "missing " + " and ".join(problems)
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    extensions_map: ClassVar[dict[str, str]] = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".mjs": "text/javascript",
        ".js": "text/javascript",
    }

    def log_message(self, format: str, *args: Any) -> None:
        pass


class _Server(http.server.ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        # A page closed mid-download resets its connection; that is no error.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@contextlib.contextmanager
def serve(folder: Path) -> Iterator[str]:
    """Serve ``folder`` on 127.0.0.1 at a free port; yield the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = _Server(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@contextlib.contextmanager
def launch_chromium(user_data_dir: Path) -> Iterator[Any]:
    """Start headless Chromium with a fresh profile; yield the Playwright browser.

    Call :func:`block_external` on the result to keep every request on
    127.0.0.1.
    """
    from playwright.sync_api import sync_playwright

    require_browser()
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(user_data_dir),
            executable_path=CHROMIUM,
            headless=True,
            args=CHROMIUM_ARGS,
        )
        try:
            yield context
        finally:
            context.close()


def block_external(context: Any) -> None:
    """Abort every request that does not go to 127.0.0.1."""

    def route(route: Any) -> None:
        url = route.request.url
        if url.startswith(("http://127.0.0.1", "data:", "blob:", "about:")):
            route.continue_()
        else:
            route.abort()

    context.route("**/*", route)


# Themed builds of the ``browser`` root, shared by the browser and
# accessibility tests: each theme is built once per test session.

BROWSER_ROOT = Path(__file__).resolve().parent / "roots" / "test-browser"

#: Theme name -> colour schemes it supports.
THEMES: dict[str, tuple[str, ...]] = {
    "alabaster": ("light",),
    "furo": ("light", "dark"),
    "sphinx_rtd_theme": ("light",),
    "pydata_sphinx_theme": ("light", "dark"),
    "sphinx_book_theme": ("light", "dark"),
}

_SITES: dict[tuple[Path, str], Path] = {}


def shared_sites(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Folder of the themed builds, the same for every module of a test session."""
    base = tmp_path_factory.getbasetemp() / "themed-sites"
    base.mkdir(exist_ok=True)
    return base


def themed_site(base: Path, theme: str) -> Path:
    """Build the ``browser`` root with ``theme`` under ``base``; return the html folder.

    MathJax and mermaid are copied from the npm folder, so the pages load
    nothing from the network.
    """
    key = (base, theme)
    if key in _SITES:
        return _SITES[key]
    modules = node_modules()
    srcdir = base / theme / "src"
    shutil.rmtree(srcdir, ignore_errors=True)
    shutil.copytree(BROWSER_ROOT, srcdir)
    mathjax = srcdir / "_static" / "mathjax"
    mathjax.mkdir(parents=True)
    shutil.copy2(modules / "mathjax" / "es5" / "tex-svg.js", mathjax / "tex-svg.js")
    conf = (BROWSER_ROOT / "conf.py").read_text(encoding="utf-8") + (
        f"\nhtml_theme = {theme!r}\n"
        "mathjax_path = 'mathjax/tex-svg.js'\n"
        f"whitepaper_mermaid_local = {str(modules / 'mermaid' / 'dist')!r}\n"
    )
    result = build(srcdir, "html", conf=conf)
    assert result.warnings == [], result.warnings
    _SITES[key] = result.outdir
    return result.outdir


def wait_for_rendering(page: Any) -> None:
    """Wait until MathJax has typeset the page and mermaid has drawn its diagrams."""
    # Sphinx loads MathJax only on pages with math.
    if page.locator("script[src*='mathjax']").count():
        page.wait_for_function(
            "() => window.MathJax && MathJax.startup && MathJax.startup.promise",
            timeout=20_000,
        )
        page.evaluate("() => MathJax.startup.promise")
    # mermaid inserts the svg first and draws its nodes afterwards.
    page.wait_for_function(
        "() => [...document.querySelectorAll('.mermaid')]"
        ".every(diagram => diagram.querySelector('svg .node'))",
        timeout=20_000,
    )
