project = "Front matter test"
author = "Config Author"
release = "0.9"
extensions = ["sphinx_whitepaper"]
whitepaper_keywords = ["from-config"]
latex_engine = "xelatex"
latex_elements = {
    "preamble": "% user preamble kept\n\\usepackage{xeCJK}\n\\setCJKmainfont{Noto Serif CJK SC}\n"
}
latex_documents = [("index", "frontmatter.tex", "", "", "howto")]
