"""Warning subtypes of the ``whitepaper`` warning type.

Every warning the extension emits has ``type="whitepaper"`` and one of the
subtypes below, so ``suppress_warnings = ["whitepaper.<subtype>"]`` silences
exactly one kind of problem.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Any

from sphinx.util import logging

if TYPE_CHECKING:
    from docutils.nodes import Node

WARNING_TYPE = "whitepaper"

logger = logging.getLogger("sphinx_whitepaper")


class WhitepaperWarning(StrEnum):
    """Subtypes of the ``whitepaper`` warning type."""

    MISSING_TITLE = "missing_title"
    """A directive that needs a title has none."""

    OPTION = "option"
    """A directive has an unknown option or an invalid option value."""

    EMPTY = "empty"
    """A directive has no content where content is required."""

    PROSCONS = "proscons"
    """A pros/cons table lacks its pros or cons part, or contains other content."""

    FAQ = "faq"
    """An FAQ block holds content other than questions, or a question is misplaced."""

    DERIVATION = "derivation"
    """A derivation has no math block, or a step has no justification."""

    DUPLICATE_LABEL = "duplicate_label"
    """Two items use the same ``:name:`` label."""

    CONFIG = "config"
    """A ``whitepaper_*`` configuration value is invalid."""

    FRONTMATTER = "frontmatter"
    """Front matter (title, authors, abstract, keywords) is invalid or repeated."""

    STRUCTURE = "structure"
    """A required chapter is missing or out of order, or draft guidance remains."""

    LIST = "list"
    """A list or index directive has an invalid filter."""

    MERMAID = "mermaid"
    """A mermaid diagram could not be rendered for this builder."""


def warn(
    message: str,
    subtype: WhitepaperWarning,
    location: Node | tuple[str | None, int | None] | str | None,
    *args: Any,
) -> None:
    """Log a ``whitepaper.<subtype>`` warning at ``location``."""
    logger.warning(
        message, *args, type=WARNING_TYPE, subtype=subtype.value, location=location
    )
