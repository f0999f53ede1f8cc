"""The built site in real Chromium, served on 127.0.0.1: search, help bar, no third-party requests."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

pytestmark = pytest.mark.browser

# What people type, and the page that must come back near the top.
ALIAS_QUERIES = [
    ("sexting", "risks/sharing-nudes/"),
    ("nudes", "risks/sharing-nudes/"),
    ("cyberbullying", "risks/online-bullying/"),
    ("grooming", "risks/grooming/"),
    ("extremism", "risks/radicalisation-and-extremism/"),
    ("sextortion", "risks/sextortion/"),
    ("deepfake", "risks/ai-generated-images/"),
    ("phishing", "risks/scams-and-commercial-risks/"),
    ("fake news", "risks/misinformation-and-conspiracy-theories/"),
    ("impersonation", "risks/staff-online-harassment/"),
]


@pytest.fixture
def tab(browser, site_url: str):  # type: ignore[no-untyped-def]
    """A fresh page that records every request and console error."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.requests = []  # type: ignore[attr-defined]
    page.errors = []  # type: ignore[attr-defined]
    page.on("request", lambda request: page.requests.append(request.url))  # type: ignore[attr-defined]
    page.on("console", lambda message: message.type == "error" and page.errors.append(message.text))  # type: ignore[attr-defined]
    page.on("pageerror", lambda error: page.errors.append(str(error)))  # type: ignore[attr-defined]
    yield page
    context.close()


def search(tab, site_url: str, query: str) -> list[str]:  # type: ignore[no-untyped-def]
    """Type into the site's real search box and return the result links, best first."""
    tab.goto(f"{site_url}/")
    tab.locator("label.md-search__icon, .md-search__input").first.click()
    # Type like a person: Material searches on keyup (and again once its index is ready), not on input.
    tab.locator("input.md-search__input").press_sequentially(query, delay=15)
    results = tab.locator(".md-search-result__item > a.md-search-result__link")
    results.first.wait_for(timeout=10_000)
    return [urlsplit(href).path.lstrip("/") for href in results.evaluate_all("links => links.map(a => a.href)")]


@pytest.mark.parametrize("query, expected", ALIAS_QUERIES, ids=[q for q, _ in ALIAS_QUERIES])
def test_search_finds_risk_areas_by_the_words_people_use(tab, site_url: str, query: str, expected: str) -> None:  # type: ignore[no-untyped-def]
    found = search(tab, site_url, query)
    assert expected in found[:3], f"'{query}' gave {found[:5]}"


def test_search_for_nonsense_finds_nothing(tab, site_url: str) -> None:  # type: ignore[no-untyped-def]
    tab.goto(f"{site_url}/")
    tab.locator(".md-search__input").first.click()
    tab.locator("input.md-search__input").press_sequentially("qzxqzxnonsense", delay=15)
    meta = tab.locator(".md-search-result__meta")
    meta.wait_for(timeout=10_000)
    tab.wait_for_timeout(300)
    assert tab.locator(".md-search-result__item").count() == 0
    assert "No matching documents" in meta.inner_text()


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
