project = "Abstract markup"
extensions = ["myst_parser", "sphinx_whitepaper"]
myst_enable_extensions = ["colon_fence", "dollarmath"]
whitepaper_structure = []
latex_documents = [("index", "abstract.tex", "", "", "howto")]
