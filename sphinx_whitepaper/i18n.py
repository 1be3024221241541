"""The ``sphinx_whitepaper`` message catalog.

``_`` translates words that appear in documents, in the project's ``language``.
``__`` marks console messages. Warnings stay English, so the console catalog is
only loaded by the ``sphinx-whitepaper`` command.
"""

from __future__ import annotations

from pathlib import Path

from sphinx.locale import get_translation

CATALOG = "sphinx_whitepaper"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"

_ = get_translation(CATALOG)
__ = get_translation(CATALOG, "console")
