extensions = ["sphinx_whitepaper"]
project = "Retrieval </script> & Ranking"
author = "Ada Lovelace"
release = "1.2"
whitepaper_keywords = ["retrieval", "ranking"]
whitepaper_abstract = "We rank passages.\n\nIt is <fast> & cheap."
whitepaper_date = "2026-12-04"
whitepaper_structure = []  # not a whole whitepaper
