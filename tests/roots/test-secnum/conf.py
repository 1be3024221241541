extensions = ["myst_parser", "sphinx_whitepaper"]
project = "Numbering"
numfig = True
math_numfig = True
numfig_secnum_depth = 1
myst_enable_extensions = ["colon_fence", "dollarmath"]
whitepaper_structure = []  # not a whole whitepaper
latex_documents = [("index", "numbering.tex", "Numbering", "Tester", "manual")]
