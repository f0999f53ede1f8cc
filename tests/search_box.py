"""Drive the site's real search box in Chromium and read back the result pages in order."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import yaml

QUERIES = Path(__file__).resolve().parent / "search" / "queries.yml"


def load_queries() -> list[dict[str, str]]:
    """The query set: query, expected page, kind."""
    return list(yaml.safe_load(QUERIES.read_text(encoding="utf-8")))


def open_search(page, site_url: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{site_url}/")
    wait_until_search_ready(page)


def wait_until_search_ready(page, timeout_ms: int = 30_000) -> None:  # type: ignore[no-untyped-def]
    """Open the search box and wait until Material's worker has built the index."""
    page.locator("label.md-search__icon, .md-search__input").first.click()
    page.wait_for_function(
        "() => document.querySelector('.md-search-result__meta').textContent.trim() !== 'Initializing search'",
        timeout=timeout_ms,
        polling=10,
    )


def search(page, query: str) -> list[str]:  # type: ignore[no-untyped-def]
    """Type `query` like a person and return the result pages, best first (page paths like risks/x/)."""
    box = page.locator("input.md-search__input")
    box.fill("")
    box.press("Backspace")  # Material searches on keyup: an empty query clears the results
    box.press_sequentially(query, delay=10)
    page.wait_for_timeout(120)
    previous = None
    for _ in range(40):  # results settle within a few hundred milliseconds
        current = page.locator(".md-search-result__item > a.md-search-result__link").evaluate_all(
            "links => links.map(a => a.href)"
        )
        if current == previous:
            break
        previous = current
        page.wait_for_timeout(60)
    pages = [urlsplit(href).path.lstrip("/") for href in previous or []]
    return list(dict.fromkeys(pages))
