"""The built site in real Chromium, served on 127.0.0.1: search, help bar, no third-party requests."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from conftest import recording_page

pytestmark = pytest.mark.browser


@pytest.fixture
def tab(browser, site_url: str):  # type: ignore[no-untyped-def]
    """A fresh page that records every request and console error."""
    with recording_page(browser) as page:
        yield page


@pytest.mark.parametrize("path", ["", "risks/sharing-nudes/", "objectives/safer-management/", "resources/", "faqs/"])
def test_pages_make_no_third_party_requests_and_no_errors(tab, site_url: str, path: str) -> None:  # type: ignore[no-untyped-def]
    tab.goto(f"{site_url}/{path}", wait_until="networkidle")
    own = urlsplit(site_url).netloc
    foreign = [url for url in tab.requests if urlsplit(url).netloc not in (own, "") and not url.startswith("data:")]
    assert foreign == [], f"requests to other hosts: {foreign}"
    assert tab.errors == [], f"console errors: {tab.errors}"
    assert tab.context.cookies() == []


def test_helpline_is_visible_at_the_top_on_a_phone(browser, site_url: str) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(f"{site_url}/risks/grooming/")
    phone = page.locator(".md-banner a[href^='tel:']")
    assert phone.is_visible()
    box = phone.bounding_box()
    assert box is not None and box["y"] + box["height"] <= 740, "helpline is not on the first screen"
    context.close()


def test_theme_toggle_switches_to_the_dark_palette(tab, site_url: str) -> None:  # type: ignore[no-untyped-def]
    tab.goto(f"{site_url}/")
    assert tab.locator("body").get_attribute("data-md-color-scheme") == "default"
    tab.locator("form[data-md-component='palette'] label:visible").first.click()
    assert tab.locator("body").get_attribute("data-md-color-scheme") == "slate"
