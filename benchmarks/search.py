"""Search quality and speed in real Chromium: hit rate of the query set, and time to show results.

Run from the project folder:  .venv/bin/python benchmarks/search.py
Builds the site, serves it on 127.0.0.1, types every query in tests/search/queries.yml into the
site's search box and records whether the expected page is in the first three results, by kind of
query, and how long results took to appear after the last keystroke. Results go to
benchmarks/results/search.json and a section of BENCHMARKS.md.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from chromium import CHROMIUM_ARGS, chromium_executable  # noqa: E402 - after the path is set
from loopback import serve_folder  # noqa: E402
from recording import REPORT, record  # noqa: E402
from recording import RESULTS as RESULTS_DIR  # noqa: E402
from search_box import load_queries, open_search, search  # noqa: E402

RESULTS = RESULTS_DIR / "search.json"
START, END = "<!-- search:start -->", "<!-- search:end -->"


def time_to_results(page, query: str) -> float:  # type: ignore[no-untyped-def]
    """Milliseconds from the last keystroke of `query` to the first result being shown."""
    box = page.locator("input.md-search__input")
    box.fill("")
    box.press("Backspace")
    page.wait_for_timeout(100)
    box.press_sequentially(query[:-1], delay=10)
    page.wait_for_timeout(200)
    return float(
        page.evaluate(
            """async (last) => {
             const box = document.querySelector('input.md-search__input');
             const list = document.querySelector('.md-search-result__list');
             const started = performance.now();
             box.value += last;
             box.dispatchEvent(new KeyboardEvent('keyup', {bubbles: true, key: last}));
             await new Promise(resolve => {
               const seen = new MutationObserver(() => { seen.disconnect(); resolve(); });
               seen.observe(list, {childList: true});
             });
             return performance.now() - started;
           }""",
            query[-1],
        )
    )


def main() -> None:
    from playwright.sync_api import sync_playwright

    chromium = chromium_executable()
    queries = load_queries()
    with tempfile.TemporaryDirectory() as folder:
        site = Path(folder) / "site"
        env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
        subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "-q", "--site-dir", str(site)], cwd=ROOT, env=env, check=True
        )
        with serve_folder(site) as base, sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
            page = browser.new_page()
            open_search(page, base)
            hits: Counter[str] = Counter()
            totals: Counter[str] = Counter()
            misses = []
            for item in queries:
                totals[item["kind"]] += 1
                if item["expect"] in search(page, item["query"])[:3]:
                    hits[item["kind"]] += 1
                else:
                    misses.append(item["query"])
            latencies = sorted(time_to_results(page, item["query"]) for item in queries)
            browser.close()
    results = {
        "measured": datetime.now(UTC).strftime("%Y-%m-%d"),
        "queries": len(queries),
        "hits": sum(hits.values()),
        "by_kind": {kind: [hits[kind], totals[kind]] for kind in sorted(totals)},
        "misses": misses,
        "results_ms": {"median": round(statistics.median(latencies)), "max": round(max(latencies))},
    }
    record(results, RESULTS, REPORT, markdown(results), START, END)
    print(markdown(results))


def markdown(results: dict[str, object]) -> str:
    by_kind = results["by_kind"]  # type: ignore[index]
    lines = [
        START,
        f"### Search (measured {results['measured']})",
        "",
        f"{results['hits']} of {results['queries']} realistic queries find the expected page in the first three "
        f"results (`tests/search/queries.yml`, typed into the site's own search box in Chromium).",
        "",
        "| Kind of query | Found in the top three |",
        "|---|---|",
        *(f"| {kind} | {hit} of {total} |" for kind, (hit, total) in by_kind.items()),  # type: ignore[union-attr]
        "",
        f"Time from the last keystroke to results on screen: median {results['results_ms']['median']} ms, "  # type: ignore[index]
        f"slowest {results['results_ms']['max']} ms.",  # type: ignore[index]
        "",
        "Reproduce: `.venv/bin/python benchmarks/search.py`",
        END,
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    started = time.perf_counter()
    main()
    print(f"({time.perf_counter() - started:.0f} s)")
