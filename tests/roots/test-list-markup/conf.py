extensions = ["myst_parser", "sphinx_whitepaper"]
project = "List markup"
numfig = True
myst_enable_extensions = ["dollarmath", "colon_fence"]
latex_documents = [("index", "listmarkup.tex", "List markup", "Tester", "manual")]
whitepaper_structure = []  # not a whole whitepaper
