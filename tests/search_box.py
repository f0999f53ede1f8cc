"""Drive the site's real search box in Chromium and read back the result pages in order."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import yaml

QUERIES = Path(__file__).resolve().parent / "search" / "queries.yml"

# Added to a page before its scripts run: counts the queries Material's page sends its search worker and
# the results that come back (whichever worker the page uses), so that a test reads the results of the
# query it typed, not those of a shorter one still on screen. `shown` is when the page had drawn the
# results of `shownFor` (Material draws them in the task in which they arrive; this runs just after it).
WATCH_SEARCH = """(() => {
  const Native = window.Worker;
  const watch = window.__search = {
    url: null, ready: null, readyAt: null, sent: 0, answered: 0, pending: [], shown: null, shownFor: null,
    prebuilt: null
  };
  window.Worker = class extends Native {
    constructor(url, options) {
      super(url, options);
      watch.url = String(url);
      this.addEventListener("message", (event) => {
        if (event.data.type === 1) { watch.ready = event.data.data || {}; watch.readyAt = performance.now(); }
        if (event.data.type !== 3) return;
        if ("prebuilt" in event.data.data) watch.prebuilt = event.data.data.prebuilt;  // how the index was made
        watch.answered++;
        const query = watch.pending.shift();  // the worker answers in the order it was asked
        setTimeout(() => { watch.shown = performance.now(); watch.shownFor = query; });
      });
    }
    postMessage(message, ...rest) {
      if (message && message.type === 2) { watch.sent++; watch.pending.push(message.data); watch.shownFor = null; }
      super.postMessage(message, ...rest);
    }
  };
})();"""


# Typed into the box as the load event fires: the page's scripts are in, its search worker may not be ready.
TYPE_NOW = """query => {
  const box = document.querySelector('input.md-search__input');
  box.focus();
  box.value = query;
  box.dispatchEvent(new KeyboardEvent('keyup', {bubbles: true, key: query.slice(-1)}));
  return performance.now();
}"""


def load_queries() -> list[dict[str, str]]:
    """The query set: query, expected page, kind."""
    return list(yaml.safe_load(QUERIES.read_text(encoding="utf-8")))


def open_search(page, site_url: str) -> None:  # type: ignore[no-untyped-def]
    """Open the home page with the search worker watched, open the search box and wait until it is ready."""
    page.add_init_script(WATCH_SEARCH)
    page.goto(f"{site_url}/")
    wait_until_search_ready(page)


def wait_until_search_ready(page, timeout_ms: int = 30_000) -> None:  # type: ignore[no-untyped-def]
    """Open the search box and wait until the search worker has its index."""
    page.locator("label.md-search__icon, .md-search__input").first.click()
    page.wait_for_function(
        "() => document.querySelector('.md-search-result__meta').textContent.trim() !== 'Initializing search'",
        timeout=timeout_ms,
        polling=10,
    )


def wait_for_results(page, query: str, timeout_ms: int = 30_000) -> None:  # type: ignore[no-untyped-def]
    """Wait until the page shows the worker's answer to `query` and has no question outstanding."""
    page.wait_for_function(
        "query => __search.shownFor === query && __search.answered === __search.sent",
        arg=query,
        timeout=timeout_ms,
        polling=10,
    )


def search(page, query: str) -> list[str]:  # type: ignore[no-untyped-def]
    """Type `query` like a person and return the result pages, best first (page paths like risks/x/)."""
    box = page.locator("input.md-search__input")
    box.fill("")
    box.press("Backspace")  # Material searches on keyup: an empty query clears the results
    # The last two letters are typed as keys: the worker answers the query one letter short, then the whole
    # query from what it kept of the shorter one, as it does for a reader; the letters before are filled in at
    # once, since the results for each shorter prefix are not what the tests read.
    box.fill(query[:-2])
    box.press_sequentially(query[-2:], delay=10)
    wait_for_results(page, query)
    links = page.locator(".md-search-result__item > a.md-search-result__link").evaluate_all(
        "links => links.map(a => a.href)"
    )
    pages = [urlsplit(href).path.lstrip("/") for href in links]
    return list(dict.fromkeys(pages))
