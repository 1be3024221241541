"""Mermaid diagrams without a network in HTML and without a gap in the PDF.

This module works together with ``sphinxcontrib.mermaid``; it does nothing
when that extension is not loaded.

HTML, offline
    sphinxcontrib-mermaid loads ``mermaid.esm.min.mjs`` from a CDN unless
    ``mermaid_use_local`` names a local copy. Set ``whitepaper_mermaid_local``
    to the ``dist`` folder of the npm package ``mermaid``
    (``node_modules/mermaid/dist``). HTML builds then copy the module and its
    chunks (about 4 MB, no source maps) to ``_static/mermaid/`` and set
    ``mermaid_use_local`` to it, unless conf.py set it already. ES modules do
    not load from ``file://`` URLs: serve the output over HTTP to view it.

LaTeX and Texinfo
    These builders need mermaid-cli (``mermaid_cmd``, ``mmdc`` by default) to
    draw a diagram. When that command cannot be found,
    sphinxcontrib-mermaid would only log a warning and leave the diagram out.
    :class:`MermaidFallback` replaces each diagram with its source code in a
    literal block instead, keeps the figure caption and number, and emits one
    ``whitepaper.mermaid`` warning per diagram. With mermaid-cli installed the
    diagrams are drawn as usual; for Debian's chromium give mermaid-cli a
    puppeteer configuration, for example::

        mermaid_cmd = "node_modules/.bin/mmdc"
        mermaid_params = ["--puppeteerConfigFile", "puppeteer.json", "--pdfFit"]

    where ``puppeteer.json`` contains ``{"executablePath": "/usr/bin/chromium",
    "args": ["--no-sandbox"]}``.
"""

from __future__ import annotations

import shlex
import shutil
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform

from sphinx_whitepaper.config import get_config
from sphinx_whitepaper.diagnostics import WhitepaperWarning, warn
from sphinx_whitepaper.i18n import __

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

EXTENSION = "sphinxcontrib.mermaid"
MODULE = "mermaid.esm.min.mjs"
CHUNKS = Path("chunks") / "mermaid.esm.min"
#: Folder under ``_static`` that receives the local copy.
STATIC_FOLDER = "mermaid"


def mermaid_cli_available(config: Config) -> bool:
    """Return whether the configured mermaid-cli command can be started.

    A shell command line (``mermaid_cmd_shell``) is trusted as it is.
    """
    if str(getattr(config, "mermaid_cmd_shell", False)).lower() == "true":
        return True
    command = getattr(config, "mermaid_cmd", "mmdc")
    words = shlex.split(command) if isinstance(command, str) else list(command)
    return bool(words) and shutil.which(str(words[0])) is not None


def diagram_source(code: str) -> str:
    """Return the diagram text without the YAML block sphinxcontrib-mermaid prepends."""
    lines = code.split("\n")
    if lines and lines[0].strip() == "---":
        for index in range(1, len(lines)):
            if lines[index].strip() == "---":
                return "\n".join(lines[index + 1 :]).strip("\n")
    return code.strip("\n")


class MermaidFallback(SphinxPostTransform):
    """Show the source of each mermaid diagram when mermaid-cli is missing.

    A diagram inside a figure is replaced by a literal block within the same
    figure, so the caption, label and figure number stay as they are.
    """

    default_priority = 300
    formats = ("latex", "texinfo")

    def run(self, **kwargs: Any) -> None:
        try:
            from sphinxcontrib.mermaid import mermaid  # type: ignore[import-untyped]
        except ImportError:  # Without the package no document contains a diagram.
            return

        diagrams = list(self.document.findall(mermaid))
        if not diagrams or mermaid_cli_available(self.config):
            return
        command = self.config.mermaid_cmd
        for diagram in diagrams:
            source = diagram_source(str(diagram.get("code", "")))
            block = nodes.literal_block(
                source, source, language="text", classes=["wp-mermaid-fallback"]
            )
            location = self._location(diagram)
            block.source, block.line = location.source, location.line
            warn(
                __("mermaid-cli (mermaid_cmd = %r) is not available; the diagram's "
                   "source is shown instead"),
                WhitepaperWarning.MERMAID,
                location,
                command,
            )
            diagram.replace_self(block)

    @staticmethod
    def _location(diagram: nodes.Element) -> nodes.Element:
        # sphinxcontrib-mermaid gives only the caption of a figure a line number.
        figure = diagram.parent
        if isinstance(figure, nodes.figure):
            caption = next(iter(figure.findall(nodes.caption)), None)
            if caption is not None and caption.line:
                return caption
        return diagram


def use_local_copy(app: Sphinx, config: Config) -> None:
    """Point ``mermaid_use_local`` at the copy made from ``whitepaper_mermaid_local``."""
    folder = config.whitepaper_mermaid_local
    if not folder or EXTENSION not in app.extensions:
        return
    dist = Path(app.confdir, folder)
    if not (dist / MODULE).is_file():
        warn(
            __("whitepaper_mermaid_local: %s has no %s; mermaid is loaded from the CDN"),
            WhitepaperWarning.MERMAID,
            None,
            dist,
            MODULE,
        )
        return
    if not getattr(config, "mermaid_use_local", ""):
        config.mermaid_use_local = f"{STATIC_FOLDER}/{MODULE}"


def copy_local_mermaid(app: Sphinx, exception: Exception | None) -> None:
    """Copy the mermaid module and its chunks into ``_static/mermaid/``."""
    if exception is not None or app.builder.format != "html":
        return
    folder = get_config(app.env).mermaid_local
    if not folder:
        return
    dist = Path(app.confdir, folder)
    if not (dist / MODULE).is_file():
        return
    target = Path(app.outdir, "_static", STATIC_FOLDER)
    files = [dist / MODULE, *sorted((dist / CHUNKS).glob("*.mjs"))]
    for path in files:
        destination = target / path.relative_to(dist)
        if destination.is_file() and destination.stat().st_size == path.stat().st_size:
            continue
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, destination)


def setup_mermaid(app: Sphinx) -> None:
    """Register the LaTeX fallback and the local copy for HTML."""
    app.add_post_transform(MermaidFallback)
    # After conf.py and sphinxcontrib-mermaid's defaults are in place.
    app.connect("config-inited", use_local_copy, priority=850)
    app.connect("build-finished", copy_local_mermaid)
