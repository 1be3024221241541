extensions = ["sphinx_whitepaper"]
project = "Escaping"
numfig = True
# Straight quotes and dashes, so the expected output can be spelled exactly.
smartquotes = False
latex_engine = "xelatex"
latex_documents = [("index", "escaping.tex", "Escaping", "Tests", "howto")]
