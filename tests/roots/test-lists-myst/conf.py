extensions = ["myst_parser", "sphinx_whitepaper"]
project = "列表"
language = "zh_CN"
numfig = True
myst_enable_extensions = ["colon_fence", "dollarmath"]
latex_documents = [("index", "lists.tex", "列表", "Tester", "manual")]
whitepaper_structure = []  # these projects are not whole whitepapers
