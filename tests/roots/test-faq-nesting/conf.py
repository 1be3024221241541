extensions = ["myst_parser", "sphinx_whitepaper"]
project = "FAQ nesting"
myst_enable_extensions = ["colon_fence"]
whitepaper_structure = []  # not a whole whitepaper
