extensions = ["sphinx_whitepaper"]
project = "Lists"
numfig = True
latex_documents = [("index", "lists.tex", "Lists", "Tester", "manual")]
