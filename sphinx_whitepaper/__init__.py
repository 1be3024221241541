"""Sphinx extension for technical whitepapers.

Enable it with ``extensions = ["sphinx_whitepaper"]`` in ``conf.py``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

__version__ = "0.1.0"

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata


def setup(app: Sphinx) -> ExtensionMetadata:
    """Register the directives, nodes, domain, config values and assets."""
    from sphinx_whitepaper.extension import setup_extension

    return setup_extension(app)
