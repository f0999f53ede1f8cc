"""Pages that stay light (issue 27): where scripts run, the stylesheets show from the first paint what the
scripts will show, so the browser never lays out what is about to be hidden and nothing moves under the
reader when the scripts take over (a guide's first step, the nation choice, the self-review's view, the
help bar's abbreviation button)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

BROWSER = pytest.mark.browser
PHONE = {"width": 412, "height": 823}  # Lighthouse's mobile screen
PAGES = ["", "risks/sharing-nudes/", "respond/nude-image-shared/", "get-help/", "self-review/", "accessibility/"]

# Every layout shift from the start of the page's load, once the page and its scripts have settled.
LAYOUT_SHIFTS = """() => new Promise(done => {
  const shifts = [];
  new PerformanceObserver(list => shifts.push(...list.getEntries().map(entry => entry.value)))
    .observe({type: "layout-shift", buffered: true});
  setTimeout(() => done(shifts), 800);
})"""


def guide_pages(site: Path) -> list[Path]:
    return [path for path in sorted(site.rglob("index.html")) if 'data-guide="' in path.read_text("utf-8")]


def starts_with_first_step(html: str) -> bool:
    """True when the guide's start (data-start, where guide.js begins) is its first step, the one portal.css
    shows from the first paint."""
    guide = BeautifulSoup(html, "html.parser").select_one(".portal-guide[data-guide]")
    first = guide.find("section", attrs={"data-step": True}, recursive=False) if guide else None
    return first is not None and guide.get("data-start") == first.get("data-step")


def test_every_guide_starts_with_its_first_step(built_site: Path) -> None:
    pages = guide_pages(built_site)
    assert len(pages) >= 3, "the shipped guides are built"
    late = [page.relative_to(built_site) for page in pages if not starts_with_first_step(page.read_text("utf-8"))]
    assert late == []
    # Negative control: a guide that starts at its second step is caught.
    html = pages[0].read_text("utf-8")
    steps = re.findall(r'<section[^>]*data-step="([^"]+)"', html)
    start = re.search(r'data-start="([^"]+)"', html)
    assert start and start.group(1) == steps[0]
    assert not starts_with_first_step(html.replace(start.group(0), f'data-start="{steps[1]}"', 1))


def shifts(browser, url: str, *, strip_first_paint_rules: bool = False) -> list[float]:  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport=PHONE, device_scale_factor=1.75, is_mobile=True, has_touch=True)
    page = context.new_page()
    if strip_first_paint_rules:
        # The control: portal.css without its rules for where scripts run, as before issue 27.
        def strip(route) -> None:  # type: ignore[no-untyped-def]
            css = route.fetch().text()
            blocks = re.findall(r"@media screen and \(scripting: enabled\) \{.*?\n\}\n", css, flags=re.S)
            assert blocks, "portal.css has rules for where scripts run"
            for block in blocks:
                css = css.replace(block, "")
            route.fulfill(body=css, content_type="text/css")

        page.route("**/assets/portal.css", strip)
    page.goto(url)
    found = page.evaluate(LAYOUT_SHIFTS)
    context.close()
    return found


@BROWSER
@pytest.mark.parametrize("path", PAGES)
def test_nothing_moves_as_the_scripts_take_over(browser, site_url: str, path: str) -> None:  # type: ignore[no-untyped-def]
    assert sum(shifts(browser, f"{site_url}/{path}")) < 0.005


@BROWSER
def test_without_the_first_paint_rules_the_guide_moves(browser, site_url: str) -> None:  # type: ignore[no-untyped-def]
    """The negative control: the same measurement sees the shifts those rules prevent."""
    assert sum(shifts(browser, f"{site_url}/respond/nude-image-shared/", strip_first_paint_rules=True)) > 0.05
