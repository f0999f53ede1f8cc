"""The 'Your nation' control in real Chromium: kept on the device, applied everywhere, accessible, printable."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from tests.conftest import axe_violations

pytestmark = pytest.mark.browser

RISK = "risks/sharing-nudes/"
# An element that applies in England but not in Wales, and one for Wales only.
ENGLAND_ONLY = "article [data-nations~='england']:not([data-nations~='wales'])"
WALES = "article [data-nations~='wales']"


@pytest.fixture
def tab(browser, site_url: str):  # type: ignore[no-untyped-def]
    """A fresh browser profile that records every request."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.requests = []  # type: ignore[attr-defined]
    page.on("request", lambda request: page.requests.append(request.url))  # type: ignore[attr-defined]
    yield page
    context.close()


def choose(page, nation: str) -> None:  # type: ignore[no-untyped-def]
    page.locator("#portal-nation-select").select_option(nation)


def test_by_default_every_nation_is_shown_and_labelled(tab, site_url: str) -> None:  # type: ignore[no-untyped-def]
    tab.goto(f"{site_url}/{RISK}")
    assert tab.locator("#portal-nation-select").is_visible()
    assert tab.locator("#portal-nation-select").input_value() == "all"
    assert tab.locator(ENGLAND_ONLY).count() > 0 and tab.locator(WALES).count() > 0
    assert tab.locator(f"{ENGLAND_ONLY}:visible").count() == tab.locator(ENGLAND_ONLY).count()
    assert tab.locator(".portal-nation-others").count() == 0
    labels = tab.locator("article .portal-nation__label").all_inner_texts()
    assert any(label.startswith("England") for label in labels) and any("Wales" in label for label in labels)


def test_the_choice_folds_other_nations_and_persists_across_pages_and_reloads(tab, site_url: str) -> None:  # type: ignore[no-untyped-def]
    tab.goto(f"{site_url}/{RISK}")
    choose(tab, "wales")
    assert tab.locator(f"{ENGLAND_ONLY}:visible").count() == 0, "England-only guidance still shown for Wales"
    assert tab.locator(f"{WALES}:visible").count() > 0
    assert tab.locator("[role='status']").inner_text().startswith("Showing guidance for Wales.")
    # One disclosure per group brings the others back, and says so to screen readers.
    others = tab.locator(".portal-nation-others").first
    assert others.get_attribute("aria-expanded") == "false" and "England" in others.inner_text()
    others.click()
    assert others.get_attribute("aria-expanded") == "true"
    # Kept on this device only: in localStorage, not in a cookie, and no request carries it.
    assert tab.evaluate("localStorage.getItem('portal-nation')") == "wales"
    assert tab.context.cookies() == []
    own = urlsplit(site_url).netloc
    assert all(urlsplit(url).netloc in (own, "") for url in tab.requests)
    assert not any("wales" in urlsplit(url).query for url in tab.requests)
    # Another page, then a reload: still Wales.
    tab.goto(f"{site_url}/faqs/")
    assert tab.locator("#portal-nation-select").input_value() == "wales"
    assert tab.locator(f"{ENGLAND_ONLY}:visible").count() == 0
    tab.reload()
    assert tab.locator("#portal-nation-select").input_value() == "wales"
    # Back to all nations: everything is shown again and the buttons go.
    choose(tab, "all")
    assert tab.locator(f"{ENGLAND_ONLY}:visible").count() == tab.locator(ENGLAND_ONLY).count()
    assert tab.locator(".portal-nation-others").count() == 0


def test_uk_wide_content_is_never_folded(tab, site_url: str) -> None:  # type: ignore[no-untyped-def]
    tab.goto(f"{site_url}/{RISK}")
    steps = tab.locator("#what-to-do-now ~ ol").first.locator(":scope > li").count()
    choose(tab, "scotland")
    # Every step is still there (a nation's variant or a UK-wide step), and the helpline is untouched.
    assert tab.locator("#what-to-do-now ~ ol").first.locator(":scope > li:visible").count() == steps
    assert tab.locator(".md-banner a[href^='tel:']").is_visible()
    uk_wide = tab.locator("article .portal-resource:not([data-nations])")
    assert (
        uk_wide.count() > 0
        and uk_wide.count() == tab.locator("article .portal-resource:not([data-nations]):visible").count()
    )


def test_the_control_works_from_the_keyboard(tab, site_url: str) -> None:  # type: ignore[no-untyped-def]
    tab.goto(f"{site_url}/{RISK}")
    select = tab.locator("#portal-nation-select")
    for _ in range(200):  # past the header, the menu and the table of contents
        tab.keyboard.press("Tab")
        if tab.evaluate("document.activeElement.id") == "portal-nation-select":
            break
    assert tab.evaluate("document.activeElement.id") == "portal-nation-select", "the control cannot be reached by Tab"
    assert select.evaluate("s => s.labels[0].textContent") == "Your nation"
    tab.keyboard.press("ArrowDown")  # All UK nations → England
    assert select.input_value() == "england"
    assert tab.evaluate("localStorage.getItem('portal-nation')") == "england"
    assert "England" in tab.locator("[role='status']").inner_text()


def test_without_javascript_every_nation_is_shown_labelled_and_the_control_is_hidden(browser, site_url: str) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{site_url}/{RISK}")
    assert not page.locator("#portal-nation-select").is_visible()
    assert page.locator(f"{ENGLAND_ONLY}:visible").count() == page.locator(ENGLAND_ONLY).count() > 0
    assert page.locator(f"{WALES}:visible").count() > 0
    context.close()


def test_printing_shows_what_is_on_screen_and_names_the_nation(tab, site_url: str) -> None:  # type: ignore[no-untyped-def]
    tab.goto(f"{site_url}/{RISK}")
    choose(tab, "wales")
    tab.emulate_media(media="print")
    assert tab.locator(".portal-nation-print").is_visible()
    assert "Printed for Wales" in tab.locator(".portal-nation-print").inner_text()
    assert not tab.locator("#portal-nation-select").is_visible()
    assert tab.locator(".portal-nation-others:visible").count() == 0
    assert tab.locator(f"{ENGLAND_ONLY}:visible").count() == 0
    assert tab.locator(f"{WALES}:visible").count() > 0
    # With all nations chosen, nothing claims a nation (negative control).
    tab.emulate_media(media="screen")
    choose(tab, "all")
    tab.emulate_media(media="print")
    assert not tab.locator(".portal-nation-print").is_visible()


def test_search_still_finds_other_nations_items(tab, site_url: str) -> None:  # type: ignore[no-untyped-def]
    from search_box import open_search, search

    tab.goto(f"{site_url}/{RISK}")
    choose(tab, "england")
    open_search(tab, site_url)
    assert "resources/" in search(tab, "keeping learners safe")[:3]
    links = tab.locator(".md-search-result__link").evaluate_all("links => links.map(a => a.href)")
    assert any(link.endswith("#keeping-learners-safe") for link in links), links


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [360, 1280])
def test_axe_passes_with_a_nation_chosen(browser, site_url: str, scheme: str, width: int) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
    page = context.new_page()
    page.goto(f"{site_url}/{RISK}")
    choose(page, "northern-ireland")
    page.locator(".portal-nation-others").first.click()
    assert axe_violations(page) == []
    context.close()
