extensions = ["myst_parser", "nbsphinx", "sphinx_whitepaper"]
project = "nbsphinx and MyST"
numfig = True
myst_enable_extensions = ["colon_fence"]
nbsphinx_execute = "never"
whitepaper_structure = []  # not a whole whitepaper
