"""Real-browser checks: Debian's Chromium through Playwright, pages on 127.0.0.1.

The ``browser`` root (every directive, inline and display math, a mermaid
diagram, a MyST page) is built once per theme. Pages load MathJax and mermaid
from ``_static``; any request to another host is aborted and fails the test.
Screenshots go to ``<build>/screenshots/`` under pytest's temporary folder;
pass ``--basetemp=DIR`` to keep them in a known place.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser_support import (
    THEMES,
    block_external,
    launch_chromium,
    require_browser,
    serve,
    shared_sites,
    themed_site,
    wait_for_rendering,
)

pytestmark = pytest.mark.browser


THEME_SCHEMES = [(theme, scheme) for theme, schemes in THEMES.items() for scheme in schemes]
WIDTHS = (375, 1280)

#: Our components; nothing inside them may push the page wider than the screen.
COMPONENTS = ".wp-item, .wp-faq"


class Browser:
    """A served folder of themed builds and one Chromium profile."""

    def __init__(self, base: Path, url: str, context: Any) -> None:
        self.base = base
        self.url = url
        self.context = context
        self.failed_requests: list[str] = []

    def open(
        self, theme: str, page_name: str = "index.html", *, width: int = 1280,
        scheme: str = "light",
    ) -> Any:
        site = themed_site(self.base, theme)
        page = self.context.new_page()
        page.on("requestfailed", lambda request: self.failed_requests.append(request.url))
        page.emulate_media(color_scheme=scheme)
        page.set_viewport_size({"width": width, "height": 900})
        relative = site.relative_to(self.base).as_posix()
        page.goto(f"{self.url}{relative}/{page_name}")
        wait_for_rendering(page)
        return page

    def screenshot(self, page: Any, theme: str, name: str) -> Path:
        folder = themed_site(self.base, theme) / "screenshots"
        folder.mkdir(exist_ok=True)
        path = folder / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Browser]:
    require_browser()
    base = shared_sites(tmp_path_factory)
    profile = tmp_path_factory.mktemp("chromium-profile")
    with serve(base) as url, launch_chromium(profile) as context:
        block_external(context)
        session = Browser(base, url, context)
        yield session
    assert session.failed_requests == [], "requests failed or left 127.0.0.1"


@pytest.mark.parametrize(("theme", "scheme"), THEME_SCHEMES)
def test_every_directive_renders_visibly(browser: Browser, theme: str, scheme: str) -> None:
    page = browser.open(theme, scheme=scheme)
    browser.screenshot(page, theme, f"index-{scheme}-1280")
    expected = {
        ".wp-algorithm#alg-rag": "Retrieval-augmented generation",
        ".wp-algorithm#alg-long": "Tokenize_with",
        ".wp-proscons#pc-rag": "Retrieval-augmented generation",
        ".wp-derivation#der-softmax": "Gradient of the softmax loss",
        "details.wp-faq-item#faq-gpu": "Does the model need a GPU?",
    }
    for selector, text in expected.items():
        element = page.locator(selector)
        assert element.is_visible(), selector
        box = element.bounding_box()
        assert box["width"] > 200, (selector, box)
        assert box["height"] > 20, (selector, box)
        assert text in element.inner_text(), selector
    # Generated labels and table headers are shown as text.
    labels = page.locator(".wp-item > .wp-caption > .wp-label").all_inner_texts()
    assert [label.split()[0] for label in labels] == [
        "Algorithm", "Algorithm", "Pros", "Derivation",
    ]
    assert page.locator("th.wp-pros-head").inner_text().strip().endswith("Pros")
    assert page.locator("th.wp-cons-head").inner_text().strip().endswith("Cons")
    assert page.locator(".wp-step-title").all_inner_texts() == ["Step 1", "Step 2"]
    # The step text keeps its distance from the step's left bar.
    padding = page.evaluate(
        "() => parseFloat(getComputedStyle(document.querySelector('.wp-step')).paddingLeft)"
    )
    assert padding >= 4, padding
    # Closed answers are hidden, questions are shown.
    assert not page.locator("#faq-corpus .wp-faq-answer").is_visible()
    page.close()


@pytest.mark.parametrize("theme", list(THEMES))
def test_math_and_mermaid_render_from_local_copies(browser: Browser, theme: str) -> None:
    page = browser.open(theme)
    # Two display formulas in the derivation, plus the inline ones.
    assert page.locator("mjx-container[display='true'] svg").count() == 2
    assert page.locator("mjx-container svg").count() >= 9
    assert page.locator("mjx-merror").count() == 0
    diagram = page.locator(".mermaid svg")
    assert diagram.count() == 1
    assert "Retriever" in diagram.text_content()
    sources = page.evaluate(
        "() => [...document.scripts].map(s => s.src).filter(Boolean)"
        ".concat([...document.querySelectorAll('script[type=module]')].map(s => s.textContent))"
    )
    assert any("_static/mathjax/tex-svg.js" in src for src in sources)
    assert any("_static/mermaid/mermaid.esm.min.mjs" in src for src in sources)
    assert not any("cdn" in src for src in sources), sources
    myst = browser.open(theme, "myst.html")
    assert myst.locator("mjx-container svg").count() == 1
    assert myst.locator(".wp-algorithm#alg-knn").is_visible()
    page.close()
    myst.close()


def _overflow(page: Any) -> dict[str, Any]:
    return page.evaluate(
        """(selector) => {
          const root = document.documentElement;
          const width = root.clientWidth;
          const before = root.scrollWidth;
          const offenders = [];
          for (const element of document.querySelectorAll(selector)) {
            const box = element.getBoundingClientRect();
            if (box.width > 0 && (box.right > width + 1 || box.left < -1)) {
              offenders.push(element.className + ' ' + Math.round(box.left) + '..'
                             + Math.round(box.right));
            }
          }
          // Text must wrap inside the pros/cons cells, not spill over.
          const cells = '.wp-proscons-table th, .wp-proscons-table td';
          for (const cell of document.querySelectorAll(cells)) {
            if (cell.scrollWidth > cell.clientWidth + 1) {
              offenders.push(cell.className + ' content ' + cell.scrollWidth + ' > '
                             + cell.clientWidth);
            }
          }
          const style = document.createElement('style');
          style.textContent = selector + ' { display: none !important; }';
          document.head.append(style);
          const without = root.scrollWidth;
          style.remove();
          return {width, before, without, offenders};
        }""",
        COMPONENTS,
    )


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("theme", list(THEMES))
def test_no_horizontal_overflow_from_our_components(
    browser: Browser, theme: str, width: int
) -> None:
    page = browser.open(theme, width=width)
    browser.screenshot(page, theme, f"index-light-{width}")
    result = _overflow(page)
    page.close()
    assert result["offenders"] == [], result
    # Whatever the theme does, our components must not widen the page.
    assert result["before"] <= max(result["without"], result["width"]), result


@pytest.mark.parametrize("theme", list(THEMES))
def test_faq_deep_links_open_their_answer(browser: Browser, theme: str) -> None:
    page = browser.open(theme, "index.html#faq-corpus")
    assert page.evaluate("() => document.getElementById('faq-corpus').open")
    assert page.locator("#faq-corpus .wp-faq-answer").is_visible()
    assert not page.evaluate("() => document.getElementById('faq-gpu').open")
    browser.screenshot(page, theme, "faq-deep-link")

    # A link inside the page changes the fragment: the answer opens too.
    page.locator("a[href='#faq-gpu']").first.click()
    page.wait_for_function("() => document.getElementById('faq-gpu').open")
    assert page.locator("#faq-gpu .wp-faq-answer").is_visible()
    page.close()

    # A target inside an answer opens the answer around it.
    inner = browser.open(theme, "index.html#faq-inside-target")
    assert inner.evaluate("() => document.getElementById('faq-corpus').open")
    assert inner.locator("#faq-inside-target").is_visible()
    inner.close()
