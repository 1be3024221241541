"""Sphinx extension for technical whitepapers.

Enable it with ``extensions = ["sphinx_whitepaper"]`` in ``conf.py``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

__version__ = "0.1.0"

#: Puppeteer settings that start Chromium without its sandbox, for mermaid-cli
#: runs as root. Generated projects pass it with ``--puppeteerConfigFile``.
PUPPETEER_NO_SANDBOX = str(
    Path(__file__).resolve().parent / "templates" / "puppeteer-no-sandbox.json"
)

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata


def setup(app: Sphinx) -> ExtensionMetadata:
    """Register the directives, nodes, domain, config values and assets."""
    from sphinx_whitepaper.extension import setup_extension

    return setup_extension(app)
