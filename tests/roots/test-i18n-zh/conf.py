project = "中文白皮书"
language = "zh_CN"
extensions = ["myst_parser", "sphinx_whitepaper"]
myst_enable_extensions = ["colon_fence", "dollarmath"]
numfig = True
latex_engine = "xelatex"
latex_documents = [("index", "zhwp.tex", "中文白皮书", "测试", "howto")]
# The chapter-structure check is for whole whitepapers; these roots test single directives.
whitepaper_structure = []
