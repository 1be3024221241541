# Project for the real-browser and accessibility tests. The tests set
# html_theme, mathjax_path and whitepaper_mermaid_local per build.
extensions = ["sphinx_whitepaper", "myst_parser", "sphinxcontrib.mermaid"]
project = "Browser checks"
author = "Tests"
numfig = True
myst_enable_extensions = ["colon_fence", "dollarmath"]
html_static_path = ["_static"]
exclude_patterns = ["_build"]
whitepaper_structure = []  # not a whole whitepaper
