"""Search quality and speed in real Chromium: hit rate of the query set, and time to show results.

Run from the project folder:  .venv/bin/python benchmarks/search.py
Builds the site, serves it on 127.0.0.1, types every query in tests/search/queries.yml into the
site's search box and records whether the expected page is in the first three results, by kind of
query, and how long results took to appear after the last keystroke. Results go to
benchmarks/results/search.json and a section of BENCHMARKS.md.
"""

from __future__ import annotations

import json
import os
import shutil
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

from loopback import serve_folder  # noqa: E402 - after the path is set
from search_box import load_queries, open_search, search  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results" / "search.json"
REPORT = ROOT / "BENCHMARKS.md"
START, END = "<!-- search:start -->", "<!-- search:end -->"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


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

    chromium = os.environ.get("PORTAL_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium:
        sys.exit("Chromium is needed (Debian: apt-get install chromium), or set PORTAL_CHROMIUM.")
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
    record(results)
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


def record(results: dict[str, object]) -> None:
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    text = REPORT.read_text(encoding="utf-8")
    section = markdown(results)
    if START in text and END in text:
        text = text[: text.index(START)] + section + text[text.index(END) + len(END) :]
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    REPORT.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    started = time.perf_counter()
    main()
    print(f"({time.perf_counter() - started:.0f} s)")
