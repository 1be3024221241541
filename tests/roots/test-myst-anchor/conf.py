extensions = ["sphinx_whitepaper", "myst_parser"]
myst_enable_extensions = ["colon_fence"]
numfig = True
whitepaper_structure = []
