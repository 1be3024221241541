project = "Structure test"
extensions = ["myst_parser", "sphinx_whitepaper"]
whitepaper_draft = True
