project = "bad input"
extensions = ["myst_parser", "sphinx_whitepaper"]
myst_enable_extensions = ["colon_fence", "dollarmath"]
numfig = True
