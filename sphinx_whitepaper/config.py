"""Configuration values, declared once in :class:`WhitepaperConfig`.

Each field becomes a ``whitepaper_<field>`` value in ``conf.py``. Values are
type-checked at ``config-inited``: an invalid value gives a
``whitepaper.config`` warning and falls back to the default.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sphinx_whitepaper.diagnostics import WhitepaperWarning, warn
from sphinx_whitepaper.i18n import __

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment

PREFIX = "whitepaper_"

#: Chapter ids of the standard whitepaper, in order: the default of
#: ``whitepaper_structure`` and the chapters the project templates create.
STANDARD_STRUCTURE: tuple[str, ...] = (
    "background",
    "concepts",
    "algorithm",
    "model",
    "practice",
    "applications",
    "tools",
    "summary",
    "faq",
)


def _option(
    default: Any, types: tuple[type, ...], rebuild: str, help: str, **kwargs: Any
) -> Any:
    metadata = {"types": types, "rebuild": rebuild, "help": help}
    if isinstance(default, (list, dict)):
        factory = default.copy
        return field(default_factory=factory, metadata=metadata, **kwargs)
    return field(default=default, metadata=metadata, **kwargs)


@dataclass
class WhitepaperConfig:
    """All ``whitepaper_*`` configuration values with their defaults."""

    faq_open: bool = _option(
        False,
        (bool,),
        "html",
        "Render FAQ answers expanded by default. The ``:open:`` and ``:closed:`` "
        "options of ``faq`` and ``faq-item`` override it.",
    )
    draft: bool = _option(
        False,
        (bool,),
        "env",
        "Show the writing guidance of ``whitepaper-guidance`` blocks. When it is "
        "off (a release build), guidance is hidden and the structure check warns "
        "about guidance and placeholder text left in the documents.",
    )
    structure: list[str] | None = _option(
        list(STANDARD_STRUCTURE),
        (list, tuple, type(None)),
        "env",
        "Chapter ids the whitepaper must contain, in this order. Documents name "
        "their chapter with ``whitepaper-chapter`` metadata. ``[]`` or ``None`` "
        "turns the structure check off.",
    )
    title: str = _option(
        "", (str,), "env", "Whitepaper title; empty means the ``project`` value."
    )
    authors: list[Any] = _option(
        [],
        (list, tuple),
        "env",
        'Authors: strings like ``"Name <Affiliation>"`` or ``(name, affiliation)`` '
        "pairs; empty means the ``author`` value.",
    )
    version: str = _option(
        "", (str,), "env", "Version shown in the front matter; empty means ``release``."
    )
    date: str = _option(
        "",
        (str,),
        "env",
        "Date shown in the front matter; empty means ``today``, or the build date "
        "as YYYY-MM-DD.",
    )
    abstract: str = _option(
        "",
        (str,),
        "env",
        "Plain-text abstract, used when no ``abstract`` directive is present.",
    )
    keywords: list[str] = _option(
        [], (list, tuple), "env", "Keywords for the title block and the metadata."
    )
    faq_jsonld: bool = _option(
        True,
        (bool,),
        "html",
        "Add a schema.org ``FAQPage`` JSON-LD block to every HTML page with FAQ "
        "questions, built from the questions and answers the page shows.",
    )
    faq_expand_all: bool = _option(
        False,
        (bool,),
        "html",
        "Add an \"Expand all answers\" button before each FAQ block in HTML. The "
        "button is made by a script; without JavaScript it is absent.",
    )
    article_jsonld: bool = _option(
        True,
        (bool,),
        "html",
        "Add a schema.org ``TechArticle`` JSON-LD block to the ``root_doc`` page, "
        "built from the front matter.",
    )
    mermaid_local: str = _option(
        "",
        (str,),
        "html",
        "Folder of the npm package ``mermaid``'s ``dist`` files. When set, HTML "
        "pages load the copy of ``mermaid.esm.min.mjs`` and its chunks that the "
        "build puts in ``_static/mermaid/``, instead of the CDN.",
    )


def iter_fields() -> list[dataclasses.Field[Any]]:
    """Return the dataclass fields in declaration order."""
    return list(dataclasses.fields(WhitepaperConfig))


def register_config(app: Sphinx) -> None:
    """Register every ``whitepaper_*`` value with its types and rebuild kind."""
    defaults = WhitepaperConfig()
    for item in iter_fields():
        app.add_config_value(
            PREFIX + item.name,
            getattr(defaults, item.name),
            item.metadata["rebuild"],
            types=frozenset(item.metadata["types"]),
            description=item.metadata["help"],
        )
    app.connect("config-inited", validate_config)


def validate_config(app: Sphinx, config: Config) -> None:
    """Warn about values of the wrong type and restore their defaults."""
    defaults = WhitepaperConfig()
    for item in iter_fields():
        name = PREFIX + item.name
        value = getattr(config, name)
        types = item.metadata["types"]
        if isinstance(value, types):
            continue
        expected = " or ".join(sorted(t.__name__ for t in types))
        warn(
            __("invalid value %r for %s: expected %s, using the default %r"),
            WhitepaperWarning.CONFIG,
            None,
            value,
            name,
            expected,
            getattr(defaults, item.name),
        )
        setattr(config, name, getattr(defaults, item.name))


def get_config(env: BuildEnvironment) -> WhitepaperConfig:
    """Return the validated configuration as a :class:`WhitepaperConfig`."""
    values = {item.name: getattr(env.config, PREFIX + item.name) for item in iter_fields()}
    return WhitepaperConfig(**values)
