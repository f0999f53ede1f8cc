"""Search quality: what professionals type finds the right page in the first three results."""

from __future__ import annotations

import pytest
from search_box import load_queries, open_search, search

pytestmark = pytest.mark.browser

KINDS = {"topic", "slang", "abbreviation", "misspelling", "question", "setting"}


def test_the_query_set_is_broad_enough() -> None:
    queries = load_queries()
    assert len(queries) >= 40
    assert {q["kind"] for q in queries} == KINDS, "every kind of query is represented"
    assert len({q["query"].lower() for q in queries}) == len(queries), "no query twice"


def test_every_query_finds_its_page_in_the_top_three(browser, site_url: str, capsys) -> None:  # type: ignore[no-untyped-def]
    page = browser.new_page()
    open_search(page, site_url)
    queries = load_queries()
    misses = []
    for item in queries:
        found = search(page, item["query"])
        if item["expect"] not in found[:3]:
            misses.append(f"'{item['query']}' ({item['kind']}): expected {item['expect']}, got {found[:3]}")
    page.close()
    hits = len(queries) - len(misses)
    with capsys.disabled():
        print(f"\nsearch hit rate: {hits}/{len(queries)} ({100 * hits / len(queries):.0f}%) in the top three")
    assert misses == [], "\n".join(misses)


def test_nonsense_finds_nothing(browser, site_url: str) -> None:  # type: ignore[no-untyped-def]
    page = browser.new_page()
    open_search(page, site_url)
    assert search(page, "qzxqzxnonsense") == []
    assert "No matching documents" in page.locator(".md-search-result__meta").inner_text()
    page.close()
