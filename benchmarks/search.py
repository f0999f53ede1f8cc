"""Search quality and speed in real Chromium: hit rate of the query set, and how soon results show.

Run from the project folder:  .venv/bin/python benchmarks/search.py [--runs N]
Builds the site, serves it on 127.0.0.1, types every query in tests/search/queries.yml into the
site's search box and records whether the expected page is in the first three results, by kind of
query, and how long results took to appear after the last keystroke. Then, side by side on the same
build, the site's search worker (docs/assets/search/worker.js, which loads the prebuilt index) and
Material's own worker (which indexes every page's text after each page load): how soon a query typed
as the page loads shows its results, and when each worker is ready. Results go to
benchmarks/results/search.json and a section of BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from chromium import CHROMIUM_ARGS, chromium_executable  # noqa: E402 - after the path is set
from loopback import serve_folder  # noqa: E402
from recording import REPORT, record  # noqa: E402
from recording import RESULTS as RESULTS_DIR  # noqa: E402
from search_box import TYPE_NOW, WATCH_SEARCH, load_queries, open_search, search, wait_for_results  # noqa: E402

from portal.publish.search_index import FULL_INDEX, INDEX, whole_index_file  # noqa: E402

RESULTS = RESULTS_DIR / "search.json"
START, END = "<!-- search:start -->", "<!-- search:end -->"
SITE_WORKER = "assets/search/worker.js"
TYPED_AT_LOAD = "sextortion"  # what someone types the moment the page is there


def time_to_results(page, query: str) -> float:  # type: ignore[no-untyped-def]
    """Milliseconds from the last keystroke of `query` to its results on screen (the page watches its worker)."""
    box = page.locator("input.md-search__input")
    box.fill("")
    box.press("Backspace")
    box.press_sequentially(query[:-1], delay=10)
    wait_for_results(page, query[:-1])
    started = page.evaluate(
        """last => {
          const box = document.querySelector('input.md-search__input');
          box.value += last;
          box.dispatchEvent(new KeyboardEvent('keyup', {bubbles: true, key: last}));
          return performance.now();
        }""",
        query[-1],
    )
    wait_for_results(page, query)
    return float(page.evaluate("() => __search.shown")) - float(started)


def first_visit(browser, base: str, worker: str | None = None) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """A query typed as the home page's load event fires, on a first visit (a new context, nothing cached).

    Milliseconds from typing to its results on screen, the page load (navigation start to the load
    event), and when the worker was ready, from the load event. `worker` replaces the search worker the
    page names (Material's, to compare the two on one build); None keeps the page's own.
    """
    context = browser.new_context()
    context.add_init_script(WATCH_SEARCH)
    if worker:
        context.route("**/*", lambda route: _with_worker(route, worker))
    page = context.new_page()
    page.goto(f"{base}/", wait_until="load")
    typed = float(page.evaluate(TYPE_NOW, TYPED_AT_LOAD))
    wait_for_results(page, TYPED_AT_LOAD)
    shown, load, ready = page.evaluate(
        "() => [__search.shown, performance.getEntriesByType('navigation')[0].loadEventStart, __search.readyAt]"
    )
    first = page.locator(".md-search-result__item > a").first.get_attribute("href") or ""
    context.close()
    if "sextortion/" not in first:
        raise RuntimeError(f"'{TYPED_AT_LOAD}' typed at page load showed {first} first")
    return {"wait_ms": float(shown) - typed, "page_load_ms": float(load), "ready_after_load_ms": ready - load}


def typed_at_page_load(browser, base: str, runs: int) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """The median of `runs` first visits with the page's own search worker."""
    return summary([first_visit(browser, base) for _ in range(runs)])


def summary(visits: list[dict[str, Any]]) -> dict[str, Any]:
    """Medians of first visits, and the target: results within 0.3 × page load + 300 ms of typing."""
    wait = statistics.median(v["wait_ms"] for v in visits)
    load = statistics.median(v["page_load_ms"] for v in visits)
    return {
        "runs": len(visits),
        "wait_ms": round(wait),
        "page_load_ms": round(load),
        "ratio": round(wait / load, 2),
        "target_ms": round(0.3 * load + 300),
        "met": wait <= 0.3 * load + 300,
        "ready_after_load_ms": round(statistics.median(v["ready_after_load_ms"] for v in visits)),
        "waits_ms": [round(v["wait_ms"]) for v in visits],
    }


def _with_worker(route, worker: str) -> None:  # type: ignore[no-untyped-def]
    """Serve a page naming `worker` (from the site's root) as its search worker, and the whole index where the
    page fetches the settings only (Material's worker cannot fetch the rest); anything else as it is."""
    url = route.request.url
    if url.endswith(f"/{INDEX}"):
        route.fulfill(response=route.fetch(url=url.removesuffix(INDEX) + FULL_INDEX))
        return
    if route.request.resource_type != "document":
        route.continue_()
        return
    response = route.fetch()
    route.fulfill(response=response, body=response.text().replace(SITE_WORKER, worker))


# Where a page's search time goes, in one page: the index fetched again (not from the cache), parsed, copied
# as the page copies it to its worker, and each worker set up with it and asked one query. Best of `runs`.
BREAKDOWN = """async ([material, site, runs, whole]) => {
  const best = {};
  const keep = (name, ms) => { best[name] = Math.min(best[name] ?? Infinity, Math.round(ms)); };
  for (let run = 0; run < runs; run++) {
    let started = performance.now();
    const text = await (await fetch(whole, {cache: 'no-store'})).text();
    keep('fetch', performance.now() - started);
    started = performance.now();
    const index = JSON.parse(text);
    keep('parse', performance.now() - started);
    started = performance.now();
    structuredClone({config: index.config, docs: index.docs});
    keep('copy', performance.now() - started);
    for (const [name, url] of [['material', material], ['site', site]]) {
      const worker = new Worker(url);
      const ask = (message) => new Promise((resolve) => {
        worker.onmessage = (event) => resolve(event.data);
        worker.postMessage(message);
      });
      await new Promise((resolve) => setTimeout(resolve, 300));  // started and its scripts loaded
      started = performance.now();
      await ask({type: 0, data: {config: index.config, docs: index.docs, options: {suggest: false}}});
      keep(`${name}_ready`, performance.now() - started);
      started = performance.now();
      await ask({type: 2, data: 'sextortion'});
      keep(`${name}_query`, performance.now() - started);
      worker.terminate();
    }
    best.bytes = text.length;
  }
  return best;
}"""


def breakdown(browser, base: str, site: Path, material: str, runs: int = 3) -> dict[str, int]:  # type: ignore[no-untyped-def]
    """Milliseconds for each step of getting search ready, best of `runs`, in one page of `site` served at `base`."""
    page = browser.new_page()
    page.goto(f"{base}/")
    whole = whole_index_file(site).relative_to(site).as_posix()
    found = page.evaluate(BREAKDOWN, [material, SITE_WORKER, runs, whole])
    page.close()
    return {key: int(value) for key, value in found.items()}


def main(argv: list[str] | None = None) -> None:
    from playwright.sync_api import sync_playwright

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5, help="first visits for each worker (the median is reported)")
    parser.add_argument(
        "--items",
        type=int,
        help="time the two workers on synthetic content of this many items instead (no query set, nothing recorded)",
    )
    args = parser.parse_args(argv)
    chromium = chromium_executable()
    queries = load_queries()
    with tempfile.TemporaryDirectory() as folder:
        site = Path(folder) / "site"
        env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
        project = ROOT
        if args.items:
            from scale import make_project, tool_env

            project, env = Path(folder) / "project", tool_env()
            make_project(project, args.items)
        subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "-q", "--site-dir", str(site)], cwd=project, env=env, check=True
        )
        material = material_worker(site)
        with serve_folder(site) as base, sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
            if args.items:
                print(timings(browser, base, site, material, args.runs, args.items))
                browser.close()
                return
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
            page.close()
            times = timings(browser, base, site, material, args.runs)
            browser.close()
    results = {
        "measured": datetime.now(UTC).strftime("%Y-%m-%d"),
        "queries": len(queries),
        "hits": sum(hits.values()),
        "by_kind": {kind: [hits[kind], totals[kind]] for kind in sorted(totals)},
        "misses": misses,
        "results_ms": {"median": round(statistics.median(latencies)), "max": round(max(latencies))},
        **times,
    }
    record(results, RESULTS, REPORT, markdown(results), START, END)
    print(markdown(results))


def timings(browser, base: str, site: Path, material: str, runs: int, items: int | None = None) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """Both workers side by side on one build: a query typed at page load, and where the time goes."""
    typed: dict[str, list[dict[str, Any]]] = {"site": [], "material": []}
    for _ in range(runs):  # alternating, so that the machine's other work falls on both alike
        typed["site"].append(first_visit(browser, base))
        typed["material"].append(first_visit(browser, base, material))
    return {
        "items": items,
        "typed_at_page_load": {worker: summary(visits) for worker, visits in typed.items()},
        "breakdown_ms": breakdown(browser, base, site, material),
    }


def material_worker(site: Path) -> str:
    """Material's own search worker in a built site, as a path from the site's root."""
    found = sorted((site / "assets" / "javascripts" / "workers").glob("search.*.min.js"))
    if not found:
        raise RuntimeError("no Material search worker in the built site")
    return found[0].relative_to(site).as_posix()


def markdown(results: dict[str, Any]) -> str:
    by_kind = results["by_kind"]
    typed = results["typed_at_page_load"]
    site, material = typed["site"], typed["material"]
    lines = [
        START,
        f"### Search (measured {results['measured']})",
        "",
        f"{results['hits']} of {results['queries']} realistic queries find the expected page in the first three "
        f"results (`tests/search/queries.yml`, typed into the site's own search box in Chromium).",
        "",
        "| Kind of query | Found in the top three |",
        "|---|---|",
        *(f"| {kind} | {hit} of {total} |" for kind, (hit, total) in by_kind.items()),
        "",
        f"Time from the last keystroke to results on screen: median {results['results_ms']['median']} ms, "
        f"slowest {results['results_ms']['max']} ms.",
        "",
        f"'{TYPED_AT_LOAD}' typed as the home page finishes loading (a first visit; median of {site['runs']}, "
        "alternating the two workers on one build):",
        "",
        "| Search worker | Page load | Results after typing | Ratio to page load | Target (0.3 × load + 300 ms) |",
        "|---|---|---|---|---|",
        *(
            f"| {name} | {w['page_load_ms']} ms | {w['wait_ms']} ms | {w['ratio']} | "
            f"{w['target_ms']} ms, {'met' if w['met'] else 'not met'} |"
            for name, w in (
                ("The site's (prebuilt index, fetched on the first query)", site),
                ("Material's (indexes on every page)", material),
            )
        ),
        "",
        "Where the time goes, in one page (best of three, milliseconds): "
        + ", ".join(
            f"{name.replace('_', ' ')} {value:,}" for name, value in results["breakdown_ms"].items() if name != "bytes"
        )
        + f" (the index: {results['breakdown_ms']['bytes'] // 1024:,} KB). 'ready' runs from handing the worker the "
        "index to its answer that it is ready; 'query' is one query, 'sextortion'.",
        "",
        "Reproduce: `.venv/bin/python benchmarks/search.py` (`--items 2000`: the same timings on synthetic content)",
        END,
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    started = time.perf_counter()
    main()
    print(f"({time.perf_counter() - started:.0f} s)")
