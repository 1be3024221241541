project = "All builders"
version = release = "1.0"
author = "Tester"
copyright = "2026, Tester"
epub_copyright = copyright
extensions = ["myst_parser", "sphinx_whitepaper"]
myst_enable_extensions = ["colon_fence", "dollarmath"]
numfig = True
# The chapter-structure check is for whole whitepapers; these roots test single directives.
whitepaper_structure = []
