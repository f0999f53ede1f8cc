"""Quality gates on every page of the built site, in real Chromium: accessibility, privacy, print, no-JS."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest
from abbreviation_probes import AbbreviationWalk, keyboard_problems, shown_problems, tap_problems
from bs4 import BeautifulSoup
from nation_probe import NAMES, NATION_SURVEY, NATIONS
from site_pages import built_pages

from conftest import AXE_TAGS, serve

pytestmark = pytest.mark.browser

CONFIGURATIONS = [("light", 1280), ("dark", 1280), ("light", 320), ("dark", 320)]  # 320 px: WCAG reflow
SCHEMES = ("light", "dark")
PALETTE = {"light": "default", "dark": "slate"}  # Material's names for them
SCHEME_OF = {name: scheme for scheme, name in PALETTE.items()}
# What the palette toggle in the header does when a reader presses it: choose the other palette's option.
SWITCH_PALETTE = """name => document.querySelector(`input[name="__palette"][data-md-color-scheme="${name}"]`).click()"""
PHONE_BELOW = 600
# axe in one configuration. Colour contrast is three quarters of axe's time, so each rule runs where the
# configuration can change its answer:
# - the rules about colour (contrast, links told apart from text) in both palettes; the palette changes
#   colours only, so every other rule, which reads the document's structure, runs in the light palette;
# - at phone width, the structural rules again (the layout differs: target sizes, the drawer) and colour
#   only where the layout differs (header, drawer, search, footer): the article's colours are the same at
#   any width and are checked in full at 1280 px.
COLOUR_RULES = ["color-contrast", "link-in-text-block"]
AXE_IN_CONFIGURATION = """async ({tags, colourRules, structure, colourInArticle}) => {
  // Colours read mid-transition would be neither palette's: wait for any colour transition to end.
  const transitions = document.getAnimations().filter(a => a instanceof CSSTransition);
  await Promise.all(transitions.map(a => a.finished.catch(() => {})));
  const only = rules => ({runOnly: {type: 'rule', values: rules}, resultTypes: ['violations']});
  const disabled = Object.fromEntries(colourRules.map(rule => [rule, {enabled: false}]));
  const everything = {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']};
  // Both kinds of rule on the whole page: one run, which shares axe's reading of the page (a quarter faster).
  if (structure && colourInArticle) return {violations: (await axe.run(document, everything)).violations};
  const found = [];
  if (structure) found.push(...(await axe.run(document, {...everything, rules: disabled})).violations);
  const colourContext = colourInArticle ? document : {exclude: [['.md-content']]};
  found.push(...(await axe.run(colourContext, only(colourRules))).violations);
  return {violations: found};
}"""
HEADING_CHECK = """() => {
  const article = document.querySelector('article');
  const levels = [...article.querySelectorAll('h1, h2, h3, h4, h5, h6')]
    .filter(h => h.offsetParent !== null || h.closest('[hidden]') === null)
    .map(h => Number(h.tagName[1]));
  const problems = [];
  if (levels.filter(l => l === 1).length !== 1) problems.push(`${levels.filter(l => l === 1).length} h1 headings`);
  if (levels[0] !== 1) problems.push('the first heading is not the h1');
  levels.forEach((level, i) => {
    if (i && level > levels[i - 1] + 1) problems.push(`h${levels[i - 1]} then h${level}`);
  });
  return problems;
}"""


def axe_options(scheme: str, width: int) -> dict[str, object]:
    """Which of axe's rules run in one configuration (see AXE_IN_CONFIGURATION)."""
    return {
        "tags": AXE_TAGS,
        "colourRules": COLOUR_RULES,
        "structure": scheme == "light",
        "colourInArticle": width >= PHONE_BELOW,
    }


def page_paths(site: Path) -> list[str]:
    """Every page of the built site as a URL path, found from the build (not a hand list)."""
    paths = []
    for html in sorted(site.rglob("*.html")):
        relative = html.relative_to(site).as_posix()
        paths.append(relative.removesuffix("index.html") if relative.endswith("index.html") else relative)
    return paths


@dataclass
class PageAudit:
    """What one page showed in one configuration."""

    violations: list[str] = field(default_factory=list)
    foreign_requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    heading_problems: list[str] = field(default_factory=list)
    overflows: bool = False
    shown_problems: list[str] = field(default_factory=list)  # status text on screen, headings that do not read


@dataclass
class WidthSurvey:
    """Every page at one width: what each palette showed, and the walk of every page's abbreviations."""

    pages: dict[str, dict[str, PageAudit]]
    abbreviations: AbbreviationWalk
    nations: dict[str, dict[str, dict[str, Any]]]  # page with the nation control -> nation -> findings (desktop)


class Surveys:
    """The survey of each width, made when a test first asks for it."""

    def __init__(self, browser, site_url: str, paths: list[str], axe_source: str) -> None:  # type: ignore[no-untyped-def]
        self.browser, self.site_url, self.paths, self.axe_source = browser, site_url, paths, axe_source
        self.done: dict[int, WidthSurvey] = {}

    def width(self, width: int) -> WidthSurvey:
        if width not in self.done:
            # A desktop's abbreviations are opened with the keyboard, a phone's with a finger.
            use_it = keyboard_problems if width >= PHONE_BELOW else tap_problems
            self.done[width] = audit_width(
                self.browser, self.site_url, self.paths, width, self.axe_source, use_it, nations=width >= PHONE_BELOW
            )
        return self.done[width]

    def __call__(self, scheme: str, width: int) -> dict[str, PageAudit]:
        return self.width(width).pages[scheme]


@pytest.fixture(scope="session")
def survey(browser, site_url: str, built_site: Path) -> Surveys:  # type: ignore[no-untyped-def]
    """Every page at one width in both palettes, visited once per worker and width: what the tests assert on."""
    axe_source = (files("axe_playwright_python") / "axe.min.js").read_text(encoding="utf-8")
    return Surveys(browser, site_url, page_paths(built_site), axe_source)


def audit_width(  # type: ignore[no-untyped-def]
    browser, site_url: str, paths: list[str], width: int, axe_source: str, use_it=None, nations: bool = False
) -> WidthSurvey:
    """Every page at one width in both palettes: axe, requests, errors, headings, sideways scrolling; and, with
    `use_it` (how a reader opens an abbreviation at this width), the walk of the page's abbreviations; with
    `nations`, what choosing each nation shows and hides (tests/nation_probe.py), before the walk opens anything.

    Each page is loaded once and audited in the palette it opens in, then switched to the other with the
    palette toggle, as a reader switches it (Material suspends its colour transitions while it switches, and
    stores the choice, so the next page opens in that palette and is switched back): one load per page and
    width instead of one per palette, since a load costs Chromium a quarter of a second of processor time.
    A phone is a touch screen; the abbreviations are opened last, once the page is audited as it loaded."""
    own = urlsplit(site_url).netloc
    touch = {"has_touch": True, "is_mobile": True} if width < PHONE_BELOW else {}
    context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme="light", **touch)
    context.add_init_script(axe_source)
    page = context.new_page()
    by_scheme: dict[str, dict[str, PageAudit]] = {scheme: {} for scheme in SCHEMES}
    walk = AbbreviationWalk()
    by_nation: dict[str, dict[str, dict[str, Any]]] = {}
    # Requests to other hosts and errors during the current page's visit: each counts against both palettes.
    requests: list[str] = []
    errors: list[str] = []
    page.on("request", lambda request: _foreign(request.url, own) and requests.append(request.url))
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("pageerror", lambda error: errors.append(str(error)))
    for path in paths:
        requests.clear()
        errors.clear()
        page.goto(f"{site_url}/{path}", wait_until="load")
        opened = SCHEME_OF[page.evaluate("document.body.dataset.mdColorScheme")]
        for scheme in (opened, *(other for other in SCHEMES if other != opened)):
            if scheme != opened:
                page.evaluate(SWITCH_PALETTE, PALETTE[scheme])
            assert page.evaluate("document.body.dataset.mdColorScheme") == PALETTE[scheme]
            audit = by_scheme[scheme][path] = PageAudit()
            result = page.evaluate(AXE_IN_CONFIGURATION, axe_options(scheme, width))
            audit.violations = [f"{v['id']}: {' '.join(n['target'])}" for v in result["violations"] for n in v["nodes"]]
            if page.locator("article").count():
                audit.heading_problems = page.evaluate(HEADING_CHECK)
            audit.overflows = page.evaluate("() => document.documentElement.scrollWidth > window.innerWidth")
            if scheme == "light":  # the dark palette's headings: tests/test_abbreviations_reach.py
                audit.shown_problems = shown_problems(page)
        if nations and page.locator("#portal-nation-select").count():
            by_nation[path] = page.evaluate(NATION_SURVEY, list(NATIONS))
        if use_it is not None:
            walk.check(page, path, use_it)
        for scheme in SCHEMES:
            by_scheme[scheme][path].foreign_requests = list(requests)
            by_scheme[scheme][path].console_errors = list(errors)
    assert context.cookies() == [], f"cookies were set: {context.cookies()}"
    context.close()
    return WidthSurvey(by_scheme, walk, by_nation)


def _foreign(url: str, own: str) -> bool:
    return urlsplit(url).scheme not in ("data", "blob") and urlsplit(url).netloc != own


BOTH_PALETTES = pytest.mark.parametrize("scheme", SCHEMES)


class Survey:
    """The survey's tests for one width, in each palette. Each width is a class of its own, so that parallel
    workers (pytest-xdist's loadscope, which keeps a class together) make its survey once."""

    width = 1280
    opened_by = "keyboard"

    @BOTH_PALETTES
    def test_axe_finds_no_violations_on_any_page(self, survey, scheme: str) -> None:  # type: ignore[no-untyped-def]
        audits = survey(scheme, self.width)
        found = [f"{path or '/'}: {v}" for path, audit in audits.items() for v in audit.violations]
        assert found == [], "\n".join(found)

    @BOTH_PALETTES
    def test_every_page_was_audited(self, survey, built_site: Path, scheme: str) -> None:  # type: ignore[no-untyped-def]
        pages = page_paths(built_site)
        assert len(pages) >= 40 and "self-review/" in pages and "risks/grooming/" in pages
        assert set(survey(scheme, self.width)) == set(pages)

    @BOTH_PALETTES
    def test_no_page_requests_another_host_or_logs_errors(self, survey, scheme: str) -> None:  # type: ignore[no-untyped-def]
        problems = [
            f"{path or '/'} ({scheme} {self.width}px): {item}"
            for path, audit in survey(scheme, self.width).items()
            for item in audit.foreign_requests + audit.console_errors
        ]
        assert problems == [], "\n".join(problems)

    def test_every_first_abbreviation_opens_as_a_reader_opens_it(self, survey) -> None:  # type: ignore[no-untyped-def]
        walk = survey.width(self.width).abbreviations
        assert not walk.failures, "\n".join(walk.failures[:40])
        # Guards against a test that passes by finding nothing.
        assert walk.used >= 100, f"only {walk.used} abbreviations were opened by {self.opened_by}"

    def test_no_status_text_is_shown_and_headings_read_as_headings(self, survey) -> None:  # type: ignore[no-untyped-def]
        problems = [
            f"/{path}: {p}" for path, audit in survey("light", self.width).items() for p in audit.shown_problems
        ]
        assert problems == [], "\n".join(problems)


class TestDesktop(Survey):
    width = 1280
    opened_by = "keyboard"

    def test_guide_steps_explain_their_own_abbreviations(self, survey) -> None:  # type: ignore[no-untyped-def]
        walk = survey.width(self.width).abbreviations
        assert walk.in_steps > 0, "no guide step explains an abbreviation of its own: the step check is not exercised"

    # The nation view, every page, every nation (the other nation-view tests: tests/test_nation_view.py).

    def test_every_page_was_surveyed_for_each_nation(self, survey, built_site: Path) -> None:  # type: ignore[no-untyped-def]
        found = survey.width(self.width).nations
        assert len(found) >= len(built_pages(built_site)) - 2 and len(found) > 40
        assert "risks/sharing-nudes/" in found and "respond/staff-online-conduct/" in found
        # The survey sees folding happen: choosing a nation hides other nations' blocks on the risk page.
        assert all(found["risks/sharing-nudes/"][nation]["folded"] for nation in NATIONS)

    @pytest.mark.parametrize("nation", NATIONS)
    def test_choosing_a_nation_never_hides_that_nation_s_own_text(self, survey, nation: str) -> None:  # type: ignore[no-untyped-def]
        found = survey.width(self.width).nations
        lost = {address: page[nation]["hidden"] for address, page in found.items() if page[nation]["hidden"]}
        assert not lost, f"shown for {NAMES[nation]} with all nations, hidden when {NAMES[nation]} is chosen: {lost}"

    @pytest.mark.parametrize("nation", NATIONS)
    def test_each_other_nations_button_on_a_page_has_its_own_name(self, survey, nation: str) -> None:  # type: ignore[no-untyped-def]
        found = survey.width(self.width).nations
        clashes = {}
        for address, page in found.items():
            names = page[nation]["buttons"]
            twice = sorted({name for name in names if names.count(name) > 1})
            if twice:
                clashes[address] = twice
        assert not clashes, f"buttons with the same name for {NAMES[nation]}: {clashes}"
        # Negative control: the buttons exist, name the nations they fold, and not the chosen one.
        names = [name for page in found.values() for name in page[nation]["buttons"]]
        assert len(names) > 20
        assert all(name.startswith("Other nations: ") for name in names)
        assert not any(NAMES[nation] in re.sub(r"\(.*\)$", "", name) for name in names)

    @pytest.mark.parametrize("nation", NATIONS)
    def test_no_heading_is_left_without_its_nation_blocks(self, survey, nation: str) -> None:  # type: ignore[no-untyped-def]
        found = survey.width(self.width).nations
        orphans = {address: page[nation]["orphans"] for address, page in found.items() if page[nation]["orphans"]}
        assert not orphans, f"headings over nothing for {NAMES[nation]}: {orphans}"

    def test_every_page_has_one_h1_and_no_skipped_heading_levels(self, survey) -> None:  # type: ignore[no-untyped-def]
        audits = survey("light", self.width)
        problems = [f"{path or '/'}: {p}" for path, audit in audits.items() for p in audit.heading_problems]
        assert problems == [], "\n".join(problems)


class TestPhone(Survey):
    width = 320
    opened_by = "tap"

    @BOTH_PALETTES
    def test_no_page_scrolls_sideways_on_a_320_pixel_screen(self, survey, scheme: str) -> None:  # type: ignore[no-untyped-def]
        assert [path or "/" for path, audit in survey(scheme, self.width).items() if audit.overflows] == []


def test_every_configuration_is_surveyed() -> None:
    surveyed = {(scheme, c.width) for c in (TestDesktop, TestPhone) for scheme in SCHEMES}
    assert surveyed == set(CONFIGURATIONS)


def test_skip_link_is_first_and_visible_on_focus(browser, site_url: str) -> None:  # type: ignore[no-untyped-def]
    page = browser.new_page()
    page.goto(f"{site_url}/risks/grooming/")
    page.keyboard.press("Tab")
    focused = page.evaluate(
        "() => [document.activeElement.classList.contains('md-skip'), document.activeElement.getAttribute('href')]"
    )
    assert focused[0] and focused[1].startswith("#")
    skip = page.locator("a.md-skip")
    assert skip.is_visible() and skip.inner_text().strip() == "Skip to content"
    page.keyboard.press("Enter")
    assert page.evaluate("() => location.hash") == focused[1]
    assert page.locator(focused[1]).count() == 1
    page.close()


def test_keyboard_focus_is_always_visible(browser, site_url: str) -> None:  # type: ignore[no-untyped-def]
    page = browser.new_page()
    page.goto(f"{site_url}/")
    invisible = []
    for _ in range(25):
        page.keyboard.press("Tab")
        style = page.evaluate(
            """() => { let e = document.activeElement;
                 // A visually hidden option (the palette toggle) shows its focus on its label.
                 if (e.classList.contains('md-option') && e.nextElementSibling) e = e.nextElementSibling;
                 const s = getComputedStyle(e);
                 const text = (e.textContent || e.getAttribute('aria-label') || '').trim().slice(0, 40);
                 return {tag: e.tagName, text,
                         outline: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0,
                         shadow: s.boxShadow !== 'none', visible: e.getBoundingClientRect().width > 0}; }"""
        )
        if not ((style["outline"] or style["shadow"]) and style["visible"]):
            invisible.append(style)
    page.close()
    assert invisible == [], f"focus not visible on: {invisible}"


PRINT_PAGES = ["risks/sharing-nudes/", "objectives/safer-access/", "faqs/"]


@pytest.mark.parametrize("path", PRINT_PAGES)
def test_print_is_clean_and_complete(browser, site_url: str, path: str) -> None:  # type: ignore[no-untyped-def]
    page = browser.new_page(viewport={"width": 794, "height": 1123})  # A4 at 96 dpi
    page.goto(f"{site_url}/{path}")
    # Permalinks and the nation control are for the screen; the printed page names the nation instead.
    screen_text = page.evaluate(
        """() => { const copy = document.querySelector('article').cloneNode(true);
                   copy.querySelectorAll('.portal-nation-choice').forEach(e => e.remove());
                   document.body.appendChild(copy); const text = copy.innerText; copy.remove(); return text; }"""
    ).replace("¶", "")
    page.emulate_media(media="print")
    for chrome in (
        ".md-header",
        ".md-banner",
        ".md-sidebar--primary",
        ".md-sidebar--secondary",
        ".md-footer",
        ".md-search",
        ".md-top",
        ".portal-page-review__edit",
    ):
        assert not page.locator(chrome).first.is_visible(), f"{chrome} is printed on {path}"
    article = page.locator("article")
    assert article.is_visible()
    # Nothing is cut off: the content fits the paper's width, and every heading is printed.
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
    assert page.locator("article h2").count() == page.locator("article h2:visible").count()
    # External links show where they go.
    external = page.locator('article a[href^="https://"]').first
    after = external.evaluate("a => getComputedStyle(a, '::after').content")
    assert external.get_attribute("href") in after
    # The text of the page is all there (link addresses are added, nothing is lost).
    printed = article.inner_text()
    for line in [line for line in screen_text.splitlines() if line.strip()][:40]:
        assert line.strip()[:60] in printed
    assert len(page.pdf(format="A4")) > 10_000
    page.close()


def test_every_page_is_readable_without_javascript(browser, site_url: str, built_site: Path) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    problems = []
    for path in page_paths(built_site):
        page.goto(f"{site_url}/{path}")
        article = page.locator("article")
        words = 3 if path == "404.html" else 20
        if not article.is_visible() or len(article.inner_text().split()) < words:
            problems.append(f"{path}: main content not readable")
        if path != "404.html" and page.locator("nav.md-nav--primary a:visible").count() < 5:
            problems.append(f"{path}: navigation not readable")
        if not page.locator(".md-banner a[href^='tel:']").is_visible():
            problems.append(f"{path}: helpline not visible")
    context.close()
    assert problems == [], "\n".join(problems)


def test_without_javascript_the_phone_menu_still_opens(browser, site_url: str) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(java_script_enabled=False, viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(f"{site_url}/risks/grooming/")
    link = page.locator("nav.md-nav--primary").get_by_role("link", name="Resources")
    assert link.bounding_box()["x"] < 0, "the menu starts closed (off screen)"
    page.locator("label.md-header__button[for='__drawer']").click()
    page.wait_for_timeout(400)  # the drawer slides in
    box = link.bounding_box()
    assert 0 <= box["x"] < 360 and link.is_visible()
    context.close()


def test_self_review_explains_itself_without_javascript(browser, site_url: str) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{site_url}/self-review/")
    assert "This self-review needs JavaScript" in page.locator("article").inner_text()
    assert page.locator("fieldset.sr-area label").first.is_visible()  # the statements can still be read
    context.close()


def test_accessibility_statement_is_linked_from_every_page(built_site: Path) -> None:
    for html in built_site.rglob("*.html"):
        soup = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
        page_url = "http://site/" + html.relative_to(built_site).as_posix()
        footer = {urljoin(page_url, a["href"]) for a in soup.select(".md-copyright a[href]")}
        assert "http://site/accessibility/" in footer, html


MADE_UP_PAGE = """<!doctype html><html lang="en"><head><title>Made up</title><style>
body[data-md-color-scheme=slate] { background: #000; color: #fff }
body[data-md-color-scheme=slate] .dim { color: #222 }
body[data-md-color-scheme=default] .pale { color: #eee }
</style></head><body>
<form hidden><input type="radio" name="__palette" data-md-color-scheme="default">
<input type="radio" name="__palette" data-md-color-scheme="slate"></form>
<script>
// Material's palette, in brief: the stored choice, else the system's; the toggle's options switch it.
const stored = localStorage.getItem('palette');
const system = matchMedia('(prefers-color-scheme: dark)').matches ? 'slate' : 'default';
document.body.dataset.mdColorScheme = stored || system;
for (const option of document.querySelectorAll('input[name="__palette"]')) option.addEventListener('change', () => {
  document.body.dataset.mdColorScheme = option.dataset.mdColorScheme;
  localStorage.setItem('palette', option.dataset.mdColorScheme);
});
</script>
<main><h1>Made up</h1><p class="dim" id="outside">Dim in the dark, in the header.</p>
<div class="md-content"><p class="dim" id="inside">Dim in the dark, in the article.</p>
<p class="pale" id="pale">Pale in the light palette, in the article.</p></div>
<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" id="no-text"></main></body></html>"""


@pytest.mark.parametrize(
    "scheme, width, expected",
    [
        ("light", 1280, {"image-alt: #no-text", "color-contrast: #pale"}),
        ("dark", 1280, {"color-contrast: #outside", "color-contrast: #inside"}),
        ("light", 320, {"image-alt: #no-text"}),
        ("dark", 320, {"color-contrast: #outside"}),
    ],
)
def test_each_configuration_runs_the_rules_it_can_change(  # type: ignore[no-untyped-def]
    browser, tmp_path: Path, scheme: str, width: int, expected: set[str]
) -> None:
    # A page with a missing alternative text (structure) and text too dim only in the dark palette (colour),
    # once outside the article and once inside it, and text too pale only in the light palette, in the article:
    # each configuration finds what it is there to find (light at 320 px leaves the article's colours to 1280).
    (tmp_path / "index.html").write_text(MADE_UP_PAGE, encoding="utf-8")
    axe_source = (files("axe_playwright_python") / "axe.min.js").read_text(encoding="utf-8")
    with serve(tmp_path) as url:
        audit = audit_width(browser, url, [""], width, axe_source).pages[scheme][""]
    assert set(audit.violations) == expected
