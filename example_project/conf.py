"""Sphinx configuration of the example whitepaper (Chinese, HTML and PDF).

Build it from the repository root:

    sphinx-build -W --keep-going -n -b html example_project example_project/_build/html
    sphinx-build -W --keep-going -n -b latex example_project example_project/_build/latex
    cd example_project/_build/latex && latexmk -pdfxe -interaction=nonstopmode

Environment variables read here:

``MERMAID_CMD``
    Command that runs mermaid-cli. Without it, ``mmdc`` is looked up on PATH.
    The LaTeX build needs one of the two to put the diagram into the PDF.
``WHITEPAPER_MERMAID_LOCAL``
    Path of ``mermaid.esm.min.mjs`` in the ``dist`` folder of the npm package
    ``mermaid``. The HTML pages then load mermaid from ``_static`` instead of a
    CDN; serve them over HTTP, because ES modules do not load from ``file://``.
"""

from __future__ import annotations

import os
import shlex
import shutil
from importlib import metadata
from pathlib import Path

HERE = Path(__file__).resolve().parent

# -- Project ---------------------------------------------------------------

project = "基于检索增强生成的企业知识库问答"
author = "sphinx-whitepaper 示例项目组"
copyright = "2026, sphinx-whitepaper 示例项目组"
release = "1.0"
language = "zh_CN"

extensions = [
    "sphinx_whitepaper",
    "myst_parser",
    "nbsphinx",
    "sphinxcontrib.mermaid",
]

source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
root_doc = "index"
exclude_patterns = ["_build", "**.ipynb_checkpoints", "README.md"]

numfig = True
math_numfig = True
math_eqref_format = "式 ({number})"

myst_enable_extensions = ["colon_fence", "dollarmath", "deflist"]
myst_heading_anchors = 3

# -- Notebooks -------------------------------------------------------------

# The notebook is stored with its outputs. Executing it during the build would
# need a kernel and makes the output depend on the machine.
nbsphinx_execute = "never"
nbsphinx_allow_errors = False


def _add_pypandoc_binary_to_path() -> None:
    """Put the pandoc of the PyPI package ``pypandoc-binary`` on PATH.

    nbsphinx converts Markdown cells by running ``pandoc``. A pandoc already on
    PATH is kept, so this only helps installs made with pip alone.
    """
    if shutil.which("pandoc"):
        return
    try:
        files = metadata.files("pypandoc-binary") or []
    except metadata.PackageNotFoundError:
        return
    for file in files:
        if file.name in {"pandoc", "pandoc.exe"}:
            folder = Path(str(file.locate())).parent
            os.environ["PATH"] = os.pathsep.join([str(folder), os.environ.get("PATH", "")])
            return


_add_pypandoc_binary_to_path()

# -- Mermaid ---------------------------------------------------------------

mermaid_cmd = os.environ.get("MERMAID_CMD") or shutil.which("mmdc") or "mmdc"
# mermaid-cli starts Chromium through puppeteer. The config file names Debian's
# /usr/bin/chromium and passes --no-sandbox, because Chromium's sandbox does not
# start as root. Edit executablePath in that file on other systems.
mermaid_params = [
    "--puppeteerConfigFile",
    str(HERE / "puppeteer-config.json"),
    "--pdfFit",
]

# mermaid_config is prepended to every diagram, so it applies to HTML and PDF.
# Without a CJK font first in the list, Chromium falls back to whatever font
# fontconfig offers for Chinese, on Debian often a calligraphic one. Tighter
# spacing keeps the tall pipeline diagram and its caption on one PDF page.
mermaid_config = {
    "fontFamily": '"Noto Sans CJK SC", "Noto Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif',
    "flowchart": {"rankSpacing": 32, "nodeSpacing": 36, "subGraphTitleMargin": {"top": 6, "bottom": 6}},
}

# sphinxcontrib-mermaid draws each HTML diagram at this fixed height (default
# 500px), which makes the labels of the tall pipeline diagram too small to read.
mermaid_height = "800px"

# Given a local mermaid, sphinx_whitepaper copies it from the npm package's dist
# folder into _static and points mermaid_use_local at the copy. Otherwise
# sphinxcontrib-mermaid loads mermaid from its CDN when a page is viewed.
_mermaid_local = Path(os.environ.get("WHITEPAPER_MERMAID_LOCAL", ""))
if _mermaid_local.name and _mermaid_local.is_file():
    whitepaper_mermaid_local = str(_mermaid_local.resolve().parent)


def _use_pdf_diagrams_for_latex(app) -> None:
    """Select PDF diagrams for LaTeX builds when mermaid-cli can run.

    sphinxcontrib-mermaid 2.1.1 renders PDF in its LaTeX writer whatever this
    value is. Setting it keeps the choice explicit and leaves HTML builds at
    the default, client-side rendering.
    """
    command = app.config.mermaid_cmd
    words = shlex.split(command) if isinstance(command, str) else list(command)
    if app.builder.format == "latex" and words and shutil.which(words[0]):
        app.config.mermaid_output_format = "pdf"


def setup(app) -> None:
    app.connect("builder-inited", _use_pdf_diagrams_for_latex)


# -- HTML ------------------------------------------------------------------

html_theme = "alabaster"
html_title = project
html_theme_options = {
    "description": "一份用 sphinx-whitepaper 写成的技术白皮书示例",
    "page_width": "1100px",
    "sidebar_width": "240px",
}
html_show_sourcelink = False
# The FAQ appendix has ten collapsed questions; one button opens them all.
whitepaper_faq_expand_all = True

# -- LaTeX -----------------------------------------------------------------

latex_engine = "xelatex"
latex_use_xindy = False
latex_documents = [
    (root_doc, "rag-whitepaper.tex", project, author, "howto"),
]

# Sphinx loads xeCJK only when ``language`` starts with "zh". Hosting services
# pass their own ``-D language=...``, and without xeCJK every Chinese glyph is
# then dropped from the PDF, so xeCJK and the CJK fonts are set up here for
# every language.
latex_elements = {
    "papersize": "a4paper",
    "pointsize": "11pt",
    "fontenc": r"\usepackage{xeCJK}",
    "fvset": r"\fvset{fontsize=\small,formatcom=\xeCJKVerbAddon}",
    "preamble": r"""
\setCJKmainfont{Noto Serif CJK SC}[AutoFakeSlant]
\setCJKsansfont{Noto Sans CJK SC}[AutoFakeSlant]
\setCJKmonofont{Noto Sans Mono CJK SC}[AutoFakeSlant]
\xeCJKsetup{CJKecglue={\hskip 0.2em plus 0.1em}}
\linespread{1.2}
\addto\captionsenglish{\renewcommand{\contentsname}{目录}}
""",
}
