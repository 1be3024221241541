"""Accessibility of our components in every theme: axe-core, keyboard, semantics.

The pages are the themed builds of the ``browser`` root that the browser
tests use (see ``browser_support.themed_site``) and the pages of the example
whitepaper in ``example_project/``. axe-core comes from npm
(``WHITEPAPER_NODE_MODULES``) and is injected into each page. Its scan is
limited to our components; violations elsewhere belong to the theme and are
only printed.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser_support import (
    THEMES,
    block_external,
    build,
    launch_chromium,
    node_modules,
    require_browser,
    serve,
    shared_sites,
    themed_site,
    wait_for_rendering,
)
from bs4 import BeautifulSoup

THEME_SCHEMES = [(theme, scheme) for theme, schemes in THEMES.items() for scheme in schemes]
#: Light-only themes must stay readable when the reader's system is dark.
THEME_SCHEMES += [(theme, "dark") for theme, schemes in THEMES.items() if "dark" not in schemes]
COMPONENTS = [".wp-item", ".wp-faq"]
BLOCKING = {"serious", "critical"}


class Pages:
    def __init__(self, base: Path, url: str, context: Any) -> None:
        self.base, self.url, self.context = base, url, context

    def open(self, theme: str, scheme: str = "light", page_name: str = "index.html") -> Any:
        site = themed_site(self.base, theme)
        page = self.context.new_page()
        page.emulate_media(color_scheme=scheme)
        page.set_viewport_size({"width": 1280, "height": 900})
        page.goto(f"{self.url}{site.relative_to(self.base).as_posix()}/{page_name}")
        wait_for_rendering(page)
        return page


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Pages]:
    require_browser()
    base = shared_sites(tmp_path_factory)
    profile = tmp_path_factory.mktemp("chromium-profile")
    with serve(base) as url, launch_chromium(profile) as context:
        block_external(context)
        yield Pages(base, url, context)


def run_axe(page: Any, include: list[str] | None) -> list[dict[str, Any]]:
    page.add_script_tag(path=str(node_modules() / "axe-core" / "axe.min.js"))
    return page.evaluate(
        """async (include) => {
          const context = include ? {include: include} : document;
          const result = await axe.run(context, {resultTypes: ['violations']});
          return result.violations.map(v => ({
            id: v.id, impact: v.impact,
            nodes: v.nodes.map(n => n.target.join(' ') + ' -- ' + n.failureSummary),
          }));
        }""",
        include,
    )


@pytest.mark.browser
@pytest.mark.parametrize(("theme", "scheme"), THEME_SCHEMES)
@pytest.mark.parametrize("page_name", ["index.html", "myst.html"])
def test_axe_finds_no_serious_violation_in_our_components(
    pages: Pages, theme: str, scheme: str, page_name: str
) -> None:
    page = pages.open(theme, scheme, page_name)
    # axe skips the content of closed <details>, so open every answer first.
    page.evaluate("() => document.querySelectorAll('details.wp-faq-item')"
                  ".forEach(d => { d.open = true; })")
    ours = run_axe(page, COMPONENTS)
    theirs = [v for v in run_axe(page, None) if v["impact"] in BLOCKING]
    page.close()
    if theirs:
        print(f"{theme}/{scheme}/{page_name}: whole-page axe findings:",
              [(v["id"], v["impact"], len(v["nodes"])) for v in theirs])
    blocking = [v for v in ours if v["impact"] in BLOCKING]
    assert blocking == [], blocking


@pytest.mark.browser
@pytest.mark.parametrize("theme", list(THEMES))
def test_faq_summary_opens_with_the_keyboard(pages: Pages, theme: str) -> None:
    page = pages.open(theme)
    summary = "#faq-gpu > summary"
    for _ in range(250):
        page.keyboard.press("Tab")
        if page.evaluate(f"() => document.activeElement === document.querySelector('{summary}')"):
            break
    else:
        pytest.fail("Tab never reached the first FAQ question")
    outline = page.evaluate(
        f"() => getComputedStyle(document.querySelector('{summary}')).outlineStyle"
    )
    assert outline != "none", "the focused question shows no focus outline"
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.getElementById('faq-gpu').open")
    assert page.locator("#faq-gpu .wp-faq-answer").is_visible()
    page.keyboard.press("Enter")
    assert not page.evaluate("() => document.getElementById('faq-gpu').open")
    page.keyboard.press("Space")
    assert page.evaluate("() => document.getElementById('faq-gpu').open")
    page.close()


@pytest.mark.browser
@pytest.mark.parametrize("theme", list(THEMES))
def test_meaning_is_not_carried_by_colour_alone(pages: Pages, theme: str) -> None:
    page = pages.open(theme)
    found = page.evaluate(
        """() => {
          const head = (part) => document.querySelector('th.wp-' + part + '-head');
          const marker = (part) =>
            getComputedStyle(head(part).querySelector('p'), '::before').content;
          const summary = document.querySelector('#faq-gpu > summary');
          const style = getComputedStyle(summary);
          return {
            pros: head('pros').innerText.trim(), cons: head('cons').innerText.trim(),
            prosMarker: marker('pros'), consMarker: marker('cons'),
            // The open/closed state is shown by the disclosure triangle.
            summaryDisplay: style.display,
            summaryMarker: getComputedStyle(summary, '::marker').content,
            labels: [...document.querySelectorAll('.wp-item > .wp-caption > .wp-label')]
              .map(e => e.innerText.trim()),
          };
        }"""
    )
    page.close()
    assert found["pros"].endswith("Pros"), found
    assert found["cons"].endswith("Cons"), found
    assert found["prosMarker"] == '"+ "', found
    assert found["consMarker"].startswith('"\u2212'), found
    assert found["summaryDisplay"] == "list-item", found
    assert all(label.split()[-1].isdigit() for label in found["labels"]), found


EXAMPLE = Path(__file__).resolve().parent.parent / "example_project"
EXAMPLE_PAGES = [
    "index.html", "background.html", "concepts.html", "algorithms.html", "math.html",
    "applications.html", "practice.html", "faq.html", "summary.html", "resources.html",
]


@pytest.fixture(scope="module")
def example_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example whitepaper built to html, with MathJax and mermaid served locally."""
    modules = node_modules()
    srcdir = tmp_path_factory.mktemp("example") / "src"
    shutil.copytree(EXAMPLE, srcdir, ignore=shutil.ignore_patterns("_build"))
    result = build(
        srcdir,
        "html",
        conf=None,
        confoverrides={
            "mathjax_path": "mathjax/tex-svg.js",
            "whitepaper_mermaid_local": str(modules / "mermaid" / "dist"),
        },
    )
    mathjax = result.outdir / "_static" / "mathjax"
    mathjax.mkdir(parents=True, exist_ok=True)
    shutil.copy2(modules / "mathjax" / "es5" / "tex-svg.js", mathjax / "tex-svg.js")
    return result.outdir


@pytest.mark.browser
def test_axe_on_the_example_whitepaper(pages: Pages, example_site: Path) -> None:
    found: dict[str, list[dict[str, Any]]] = {}
    scanned = 0
    # The module's browser is reused: Playwright's sync API allows one at a time.
    with serve(example_site) as url:
        for name in EXAMPLE_PAGES:
            page = pages.context.new_page()
            page.goto(url + name)
            wait_for_rendering(page)
            if page.locator(", ".join(COMPONENTS)).count() == 0:
                page.close()
                continue
            scanned += 1
            page.evaluate("() => document.querySelectorAll('details.wp-faq-item')"
                          ".forEach(d => { d.open = true; })")
            blocking = [v for v in run_axe(page, COMPONENTS) if v["impact"] in BLOCKING]
            if blocking:
                found[name] = blocking
            page.close()
    assert scanned >= 3, "the example pages lost their components"
    assert found == {}, found


def test_proscons_header_cells_have_column_scope(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    site = themed_site(shared_sites(tmp_path_factory), "alabaster")
    soup = BeautifulSoup((site / "index.html").read_text(encoding="utf-8"), "html.parser")
    table = soup.select_one("table.wp-proscons-table")
    headers = table.select("th")
    assert [th.get_text(strip=True) for th in headers] == ["Pros", "Cons"]
    assert [th.get("scope") for th in headers] == ["col", "col"]
    assert table.select("td[scope], tbody th") == []
