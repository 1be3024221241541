extensions = ["myst_parser", "sphinx_whitepaper"]
project = "检索白皮书"
author = "张三"
language = "zh_CN"
myst_enable_extensions = ["colon_fence"]
whitepaper_keywords = ["检索", "排序"]
whitepaper_faq_expand_all = True
whitepaper_structure = []  # not a whole whitepaper
