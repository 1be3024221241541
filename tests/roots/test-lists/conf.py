extensions = ["sphinx_whitepaper"]
project = "Lists"
numfig = True
latex_documents = [("index", "lists.tex", "Lists", "Tester", "manual")]
whitepaper_structure = []  # these projects are not whole whitepapers
