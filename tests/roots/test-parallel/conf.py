project = "parallel"
extensions = ["myst_parser", "sphinx_whitepaper"]
myst_enable_extensions = ["colon_fence", "dollarmath"]
numfig = True
# The chapter-structure check is for whole whitepapers; this root tests the directives.
whitepaper_structure = []
