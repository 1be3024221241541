extensions = ["myst_parser", "sphinxcontrib.mermaid", "sphinx_whitepaper"]
project = "Diagrams"
numfig = True
mermaid_cmd = "wp-no-such-mmdc"
latex_documents = [("index", "diagrams.tex", "Diagrams", "Tester", "manual")]
whitepaper_structure = []  # these projects are not whole whitepapers
