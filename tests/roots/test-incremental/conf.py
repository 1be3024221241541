extensions = ["myst_parser", "sphinx_whitepaper"]
project = "Incremental"
author = "Ada Lovelace"
numfig = True
math_numfig = True
myst_enable_extensions = ["colon_fence", "dollarmath"]
whitepaper_structure = []  # not a whole whitepaper
latex_documents = [("index", "incremental.tex", "Incremental", "Ada Lovelace", "manual")]
