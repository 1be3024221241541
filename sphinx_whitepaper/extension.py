"""Registration of everything the extension provides."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sphinx_whitepaper import __version__
from sphinx_whitepaper.algorithm import setup_algorithm
from sphinx_whitepaper.config import register_config
from sphinx_whitepaper.derivation import setup_derivation
from sphinx_whitepaper.domain import setup_domain
from sphinx_whitepaper.faq import setup_faq
from sphinx_whitepaper.frontmatter import setup_frontmatter
from sphinx_whitepaper.i18n import CATALOG, LOCALE_DIR, _
from sphinx_whitepaper.items import setup_items
from sphinx_whitepaper.jsonld import setup_jsonld
from sphinx_whitepaper.lists import setup_lists
from sphinx_whitepaper.mermaid import setup_mermaid
from sphinx_whitepaper.nbsphinx_links import setup_nbsphinx_links
from sphinx_whitepaper.proscons import setup_proscons
from sphinx_whitepaper.structure import setup_structure

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.util.typing import ExtensionMetadata

PACKAGE_DIR = Path(__file__).resolve().parent
STATIC_DIR = PACKAGE_DIR / "static"
LATEX_PACKAGE = PACKAGE_DIR / "texinputs" / "sphinxwhitepaper.sty"

#: Stored records or node attributes changed shape: raise to drop old pickles.
ENV_VERSION = 2


def add_numfig_formats(app: Sphinx, config: Config) -> None:
    """Give each item kind a translated caption format unless the user set one.

    It runs after Sphinx merged the user's ``numfig_format`` into its defaults,
    so user values win.
    """
    formats = dict(config.numfig_format)
    formats.setdefault("algorithm", _("Algorithm %s"))
    formats.setdefault("proscons", _("Pros and cons %s"))
    formats.setdefault("derivation", _("Derivation %s"))
    config.numfig_format = formats


def add_asset_paths(app: Sphinx, config: Config) -> None:
    """Add the CSS folder and the LaTeX style file to the build.

    New lists are assigned instead of appending, because a value that conf.py
    did not set is the shared default object.
    """
    config.html_static_path = [*config.html_static_path, str(STATIC_DIR)]
    config.latex_additional_files = [*config.latex_additional_files, str(LATEX_PACKAGE)]


def setup_extension(app: Sphinx) -> ExtensionMetadata:
    """Register the extension with ``app``; see :func:`sphinx_whitepaper.setup`."""
    app.require_sphinx("8.0")
    app.add_message_catalog(CATALOG, str(LOCALE_DIR))
    register_config(app)

    setup_items(app)
    setup_algorithm(app)
    setup_proscons(app)
    setup_faq(app)
    setup_derivation(app)
    setup_domain(app)
    setup_frontmatter(app)
    setup_structure(app)
    setup_lists(app)
    setup_jsonld(app)
    setup_mermaid(app)
    setup_nbsphinx_links(app)

    # Sphinx fills numfig_format at priority 800; ours must come after it.
    app.connect("config-inited", add_numfig_formats, priority=900)
    app.connect("config-inited", add_asset_paths)
    app.add_css_file("sphinx_whitepaper.css")
    app.add_latex_package("sphinxwhitepaper")

    return {
        "version": __version__,
        "env_version": ENV_VERSION,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
