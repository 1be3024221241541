project = "MyST front matter"
extensions = ["myst_parser", "sphinx_whitepaper"]
myst_enable_extensions = ["colon_fence"]
