"""Scale benchmark: does the site stay fast as the content grows? Run:  python3 dev.py benchmark

For each size N (default 200 and 2,000 items) it generates schema-valid synthetic content
(benchmarks/synthetic.py), builds the site several times, then builds the very same Markdown as a
plain Material site (the baseline: no portal plugin, no macros, no theme overrides) and compares.
It reports build time (median), the ratio to the baseline, time per item, peak memory, site size,
median and largest page, search index size raw and gzipped, first-load weight gzipped, offline
link-check time, and search latency in Chromium (last keystroke to results on screen). Then it
times edit-to-preview on the shipped content (benchmarks/preview.py). Results go to
benchmarks/results/scale.json and the scale section of BENCHMARKS.md, with the machine they ran on.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))  # search_box: the same search-box driver the tests use

from chromium import CHROMIUM_ARGS, chromium_executable  # noqa: E402 - benchmarks/ is on the path as a script
from loopback import serve_folder  # noqa: E402
from preview import measure_edit_to_preview  # noqa: E402
from recording import REPORT, machine, record  # noqa: E402
from recording import RESULTS as RESULTS_DIR  # noqa: E402
from search import time_to_results, typed_at_page_load  # noqa: E402
from search_box import TYPE_NOW, WATCH_SEARCH, wait_for_results, wait_until_search_ready  # noqa: E402
from synthetic import generate, mix_for  # noqa: E402

from portal.model.project import load_project  # noqa: E402
from portal.publish.search_index import FULL_INDEX, whole_index_file  # noqa: E402
from portal.publish.search_index import INDEX as SEARCH_INDEX  # noqa: E402
from portal.publish.site_links import check_site  # noqa: E402
from portal.source.errors import DataErrors  # noqa: E402

RESULTS = RESULTS_DIR / "scale.json"
START, END = "<!-- scale:start -->", "<!-- scale:end -->"
PROJECT_PARTS = ("mkdocs.yml", "docs", "overrides", "macros")
HOOK = Path(__file__).resolve().parent / "capture_hook.py"
# Real words from the shipped content: what professionals type. Synthetic pages contain them too.
QUERIES = ("grooming", "sexting", "helpline", "radicalisation", "filtering", "LADO", "POSH", "report")
# Where people arrive: the home page and an item page. Directory pages (resources, FAQs, glossary)
# grow with the content they list and are reported as the largest page instead.
FIRST_LOAD_PAGES = ("index.html", "risks/grooming/index.html")
TARGETS = {
    "overhead": 0.15,
    "time_per_item_growth": 1.3,
    "median_page_growth": 1.2,
    "first_load_kb": 100,
    "index_kb_per_item": 1.5,
    "search_ms": 300,
    "typed_at_load": (0.3, 300),  # results of a query typed as the page loads: within 0.3 × page load + 300 ms
    "preview_s": 1.0,
    "preview_share": 0.3,  # of a full `mkdocs build` of the same content, measured in the same run
}


# Each figure of one size as the scale section shows it: label, and how to show it.
ROWS: list[tuple[str, Callable[[dict[str, Any]], str]]] = [
    ("Pages built", lambda s: f"{s['pages']:,}"),
    ("Build, median of runs", lambda s: f"{s['build_s']} s"),
    ("Same Markdown, plain Material", lambda s: f"{s['plain_build_s']} s"),
    ("Portal over plain Material", lambda s: f"{s['overhead']:+.0%}"),
    # Processor time counts only what each build computes, whatever else the machine runs meanwhile.
    ("Portal over plain Material, processor time", lambda s: f"{s['overhead_cpu']:+.0%}"),
    ("Build time per item", lambda s: f"{s['ms_per_item']} ms"),
    ("Peak memory (plain Material)", lambda s: f"{s['peak_memory_mb']} MB ({s['plain_peak_memory_mb']} MB)"),
    ("Site size", lambda s: f"{s['site_mb']} MB"),
    ("Median page HTML", lambda s: f"{s['median_page_kb']} KB"),
    ("Largest page HTML", lambda s: f"{s['largest_page_kb']:,} KB (`{s['largest_page']}`)"),
    ("Largest page, first load gzipped", lambda s: f"{s['largest_page_first_load_gzip_kb']:,} KB"),
    ("Search index", lambda s: f"{s['search_index_kb']:,} KB"),
    ("Search index, gzipped", lambda s: f"{s['search_index_gzip_kb']:,} KB"),
    ("Search index per item, gzipped", lambda s: f"{s['search_index_gzip_kb_per_item']} KB"),
    ("First load (home, item page), gzipped, no index", lambda s: f"{s['first_load_gzip_kb']} KB"),
    ("Offline link check", lambda s: f"{s['link_check_s']} s"),
    ("First query after a page load, the index fetched", lambda s: f"{s['search']['first_query_ms']:,} ms"),
    (
        "Typed as the page loads: results after (page load)",
        lambda s: f"{s['search']['typed_at_load']['wait_ms']:,} ms ({s['search']['typed_at_load']['page_load_ms']} ms)",
    ),
    (
        "Keystroke to results, median (slowest)",
        lambda s: f"{s['search']['median_ms']} ms ({s['search']['max_ms']} ms)",
    ),
]


def tool_env() -> dict[str, str]:
    """MkDocs with the upstream content only (no hosted copy's local/), and Material's MkDocs 2 notice off."""
    return dict(os.environ, NO_MKDOCS_2_WARNING="1", PORTAL_LOCAL_DIR="no-local-overlay")


def build(
    project: Path, site: Path, config: str = "mkdocs.yml", env: dict[str, str] | None = None
) -> tuple[float, int]:
    """Seconds and peak memory (MB) of one `mkdocs build` in its own process."""
    command = [sys.executable, "-m", "mkdocs", "build", "-q", "-f", config, "--site-dir", str(site)]
    return measured(command, project, env or tool_env())


def measured(command: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, int]:
    """Seconds and peak memory (MB) of one command in its own process; RuntimeError with its output if it fails."""
    seconds, memory, _ = measured_usage(command, cwd, env)
    return seconds, memory


def build_usage(project: Path, site: Path) -> tuple[float, int, float]:
    """Seconds, peak memory (MB) and processor seconds (user and system) of one `mkdocs build`."""
    command = [sys.executable, "-m", "mkdocs", "build", "-q", "-f", "mkdocs.yml", "--site-dir", str(site)]
    return measured_usage(command, project, tool_env())


def measured_usage(command: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, int, float]:
    """Seconds, peak memory (MB) and processor seconds of one command in its own process."""
    # The output goes to a file, not a pipe: nobody reads a pipe while the process runs, and a full one stalls it.
    with tempfile.TemporaryFile() as output:
        started = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, env=env, stdout=output, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        if os.waitstatus_to_exitcode(status) != 0:
            output.seek(0)
            raise RuntimeError(f"{' '.join(command[:4])} failed in {cwd}:\n{output.read().decode(errors='replace')}")
    return seconds, usage.ru_maxrss // 1024, usage.ru_utime + usage.ru_stime  # ru_maxrss is in kilobytes on Linux


def make_project(folder: Path, items: int) -> dict[str, int]:
    """A copy of the project with `items` items of valid synthetic content; counts per kind."""
    folder.mkdir(parents=True)
    for part in PROJECT_PARTS:
        source = ROOT / part
        (shutil.copytree if source.is_dir() else shutil.copy2)(source, folder / part)
    mix = generate(folder, items)
    try:
        load_project(folder / "data", folder / "docs", None)
    except DataErrors as failure:
        raise RuntimeError(f"the generated content is not valid:\n{failure.report()}") from None
    return mix.counts


def baseline_project(project: Path, target: Path) -> None:
    """The same pages as a plain Material project, from a build with the capture hook."""
    config = project / "capture.yml"
    config.write_text(f"INHERIT: mkdocs.yml\nhooks:\n  - {HOOK}\n", encoding="utf-8")
    build(project, project / "capture-site", config.name, dict(tool_env(), PORTAL_CAPTURE_DIR=str(target)))
    captured = json.loads((target / "capture.json").read_text(encoding="utf-8"))
    theme = {"name": "material", "language": "en", "font": False, **captured["theme"]}
    plain = {
        "site_name": captured["site_name"],
        "docs_dir": "docs",
        "strict": captured["strict"],  # the same MkDocs checks as the real build
        "validation": captured["validation"],
        "use_directory_urls": True,
        "theme": theme,
        "extra_css": captured["extra_css"],
        "extra_javascript": captured["extra_javascript"],
        "markdown_extensions": captured["markdown_extensions"],
        "plugins": [{"search": {"lang": "en"}}],
        "nav": captured["nav"],
    }
    (target / "mkdocs.yml").write_text(yaml.safe_dump(plain, sort_keys=False, allow_unicode=True), encoding="utf-8")


def page_sizes(site: Path) -> list[tuple[int, str]]:
    """Size and path of every HTML page, smallest first (the 404 page left out)."""
    pages = (p for p in site.rglob("*.html") if p.relative_to(site).as_posix() != "404.html")
    return sorted((p.stat().st_size, p.relative_to(site).as_posix()) for p in pages)


def gzipped(data: bytes) -> int:
    """Bytes after gzip at level 6, what web servers and CDNs typically send."""
    return len(gzip.compress(data, compresslevel=6, mtime=0))


def first_load(site: Path, page: str) -> dict[str, int]:
    """Gzipped bytes a first visit to `page` downloads, by kind, without the search index."""
    html = (site / page).read_text(encoding="utf-8")
    base = (site / page).parent
    assets = re.findall(r'<link rel="(?:stylesheet|icon)" href="([^"]+)"', html)
    scripts = re.findall(r'<script src="([^"]+)"', html)
    images = re.findall(r'<img src="([^"]+)"', html)
    config = json.loads(re.search(r'<script id="__config" type="application/json">(.*?)</script>', html, re.S)[1])  # type: ignore[index]
    worker = (base / config["search"]).resolve()  # already relative to the page
    sizes = {"html": gzipped(html.encode())}
    for kind, links in (("css_and_icons", assets), ("scripts", scripts), ("images", images)):
        files = {(base / link.split("?")[0]).resolve() for link in links if "://" not in link}
        sizes[kind] = sum(gzipped(f.read_bytes()) for f in files)
    sizes["search_worker"] = gzipped(worker.read_bytes())
    if (site / FULL_INDEX).is_file():  # the page fetches the settings on every load, the index on the first query
        sizes["search_settings"] = gzipped((site / SEARCH_INDEX).read_bytes())
    sizes["total"] = sum(sizes.values())
    return sizes


def search_latency(site: Path) -> dict[str, Any]:
    """Milliseconds from the last keystroke to results in Chromium, from page load until search is ready, and
    from typing as the page loads to results (first visits, median of three)."""
    from playwright.sync_api import sync_playwright

    chromium = chromium_executable()
    with serve_folder(site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.add_init_script(WATCH_SEARCH)  # time_to_results reads the worker's answers from it
        page.goto(f"{base}/")
        wait_until_search_ready(page, timeout_ms=120_000)
        # The first query of a page: the site's worker fetches and loads the index for it (Material's has it).
        typed = page.evaluate(TYPE_NOW, QUERIES[0])
        wait_for_results(page, QUERIES[0], timeout_ms=120_000)
        first_ms = page.evaluate("() => __search.shown") - typed
        times = [time_to_results(page, query) for query in QUERIES]
        page.close()
        typed = typed_at_page_load(browser, base, runs=3)
        browser.close()
    return {
        "first_query_ms": round(first_ms),
        "median_ms": round(statistics.median(times)),
        "max_ms": round(max(times)),
        "typed_at_load": typed,
    }


def shipped_search(work: Path, site: Path | None = None) -> dict[str, Any]:
    """Search typed as the page loads, on the shipped content (the size readers have today), built unless given."""
    if site is None:
        site = work / "shipped-site"
        build(ROOT, site)
    return search_latency(site)["typed_at_load"]


def measure_size(items: int, runs: int, work: Path) -> dict[str, Any]:
    """Every figure for one size of content."""
    print(f"{items} items: generating ...", flush=True)
    project = work / f"portal-{items}"
    counts = make_project(project, items)
    site = project / "site"
    baseline = work / f"plain-{items}"
    baseline_project(project, baseline)
    # Alternating, so that a busier spell of the machine slows both kinds of build alike.
    print(f"{items} items: {runs} builds with the portal and {runs} of the same Markdown with plain Material ...")
    portal_runs, plain_runs = [], []
    for _ in range(runs):
        portal_runs.append(build_usage(project, site))
        plain_runs.append(build_usage(baseline, baseline / "site"))
    seconds = statistics.median(s for s, _, _ in portal_runs)
    plain_seconds = statistics.median(s for s, _, _ in plain_runs)
    cpu, plain_cpu = (statistics.median(c for _, _, c in runs_) for runs_ in (portal_runs, plain_runs))
    broken = check_site(site)
    if broken:
        raise RuntimeError(f"{len(broken)} broken internal links in the {items}-item site")
    link_times = []
    for _ in range(runs):
        started = time.perf_counter()
        check_site(site)
        link_times.append(time.perf_counter() - started)
    pages = page_sizes(site)
    index = whole_index_file(site).read_bytes()
    loads = {page: first_load(site, page) for page in FIRST_LOAD_PAGES}
    heaviest = max(loads, key=lambda page: loads[page]["total"])
    print(f"{items} items: search in Chromium ...", flush=True)
    return {
        "items": items,
        "by_kind": counts,
        "pages": len(pages),
        "build_s": round(seconds, 2),
        "build_runs_s": [round(s, 2) for s, _, _ in portal_runs],
        "plain_build_s": round(plain_seconds, 2),
        "plain_build_runs_s": [round(s, 2) for s, _, _ in plain_runs],
        "overhead": round(seconds / plain_seconds - 1, 3),
        "build_cpu_s": round(cpu, 2),
        "plain_build_cpu_s": round(plain_cpu, 2),
        "overhead_cpu": round(cpu / plain_cpu - 1, 3),
        "ms_per_item": round(seconds / items * 1000, 2),
        "peak_memory_mb": max(m for _, m, _ in portal_runs),
        "plain_peak_memory_mb": max(m for _, m, _ in plain_runs),
        "site_mb": round(sum(p.stat().st_size for p in site.rglob("*") if p.is_file()) / 1e6, 1),
        "median_page_kb": round(statistics.median(size for size, _ in pages) / 1024, 1),
        "largest_page_kb": round(pages[-1][0] / 1024, 1),
        "largest_page": pages[-1][1],
        "largest_page_first_load_gzip_kb": round(first_load(site, pages[-1][1])["total"] / 1024, 1),
        "search_index_kb": round(len(index) / 1024),
        "search_index_gzip_kb": round(gzipped(index) / 1024),
        "search_index_gzip_kb_per_item": round(gzipped(index) / 1024 / items, 2),
        "first_load_gzip_kb": round(loads[heaviest]["total"] / 1024, 1),
        "first_load_page": heaviest,
        "first_load_breakdown_kb": {kind: round(size / 1024, 1) for kind, size in loads[heaviest].items()},
        "link_check_s": round(statistics.median(link_times), 2),
        "search": search_latency(site),
    }


def evaluate(sizes: list[dict[str, Any]], preview: dict[str, Any], shipped: dict[str, Any]) -> list[dict[str, Any]]:
    """Each target with the measured figure and whether it is met."""
    small, large = sizes[0], sizes[-1]
    share, extra = TARGETS["typed_at_load"]
    checks = [
        (
            "Portal build at most 15% slower than plain Material",
            max(s["overhead"] for s in sizes),
            TARGETS["overhead"],
            lambda v: ", ".join(f"{s['overhead']:+.0%} at {s['items']:,}" for s in sizes),
        ),
        (
            f"Time per item at {large['items']:,} at most 1.3× that at {small['items']:,}",
            large["ms_per_item"] / small["ms_per_item"],
            TARGETS["time_per_item_growth"],
            lambda v: f"{v:.2f}×",
        ),
        (
            f"Median page at {large['items']:,} at most 1.2× that at {small['items']:,}",
            large["median_page_kb"] / small["median_page_kb"],
            TARGETS["median_page_growth"],
            lambda v: f"{v:.2f}×",
        ),
        (
            "First load at most 100 KB gzipped (search index not counted)",
            max(s["first_load_gzip_kb"] for s in sizes),
            TARGETS["first_load_kb"],
            lambda v: f"{v:.0f} KB",
        ),
        (
            "Search index at most 1.5 KB gzipped per item",
            max(s["search_index_gzip_kb_per_item"] for s in sizes),
            TARGETS["index_kb_per_item"],
            lambda v: f"{v:.2f} KB",
        ),
        (
            f"Search results within 300 ms at {large['items']:,} items (slowest query)",
            large["search"]["max_ms"],
            TARGETS["search_ms"],
            lambda v: f"{v:.0f} ms",
        ),
        (
            f"Search typed as the page loads: results within {share} × page load + {extra} ms (shipped content)",
            shipped["wait_ms"] / (share * shipped["page_load_ms"] + extra),
            1.0,
            lambda v: (
                f"{shipped['wait_ms']} ms, page load {shipped['page_load_ms']} ms ({shipped['ratio']}× page load)"
            ),
        ),
        (
            "Edit to preview at most 0.3 of a full build (median, shipped content)",
            preview["share_of_full_build"],
            TARGETS["preview_share"],
            lambda v: f"{v:.2f} ({preview['median_s']:.2f} s of {preview['full_build_s']:.2f} s)",
        ),
        (
            "Edit to preview under 1 s (median, shipped content)",
            preview["median_s"],
            TARGETS["preview_s"],
            lambda v: f"{v:.2f} s",
        ),
    ]
    return [
        {"target": name, "measured": round(value, 3), "limit": limit, "shown": show(value), "met": value <= limit}
        for name, value, limit, show in checks
    ]


def markdown(results: dict[str, Any]) -> str:
    """The scale section of BENCHMARKS.md."""
    sizes, preview, host = results["sizes"], results["edit_to_preview"], results["machine"]
    header = "| | " + " | ".join(f"{s['items']:,} items" for s in sizes) + " |"
    rows = ROWS
    lines = [
        START,
        f"### Scale (measured {results['measured']}, {host['cpus']} CPUs, {host['cpu']}, "
        f"{host['memory_mb']:,} MB, Python {host['python']})",
        "",
        f"Synthetic content generated from the schemas in the shipped proportions, {results['runs']} builds "
        "of each (median), then the same Markdown built as a plain Material site.",
        "",
        header,
        "|---" * (len(sizes) + 1) + "|",
        *(f"| {label} | " + " | ".join(cell(s) for s in sizes) + " |" for label, cell in rows),
        "",
        *added_cost(sizes),
        *preview_lines(preview),
        "",
        "| Target | Measured | Met |",
        "|---|---|---|",
        *(f"| {t['target']} | {t['shown']} | {'yes' if t['met'] else 'no'} |" for t in results["targets"]),
        "",
        "Reproduce: `python3 dev.py benchmark` (about three minutes; needs Chromium).",
        END,
    ]
    return "\n".join(lines)


def preview_lines(preview: dict[str, Any]) -> list[str]:
    """Sentences on edit to preview: each kind of edit, and its share of a full build measured in the same run."""
    edits = [
        (f"`{preview['edited']}`", preview),
        ("a line of that risk's description", preview.get("text_edit")),
        ("a page's main heading (`docs/index.md`)", preview.get("page_edit")),
    ]
    said = [
        f" Change {what}: median {edit['median_s']} s (slowest {edit['max_s']} s), "
        f"{edit['share_of_full_build']} of a full build."
        for what, edit in edits
        if edit and "share_of_full_build" in edit
    ]
    return [
        "Edit to preview (shipped content, `mkdocs serve`, from saving a file until Chromium shows the change, "
        f"{len(preview['runs_s'])} edits of each kind; a full `mkdocs build` of the same folder took "
        f"{preview['full_build_s']} s in the same run, the preview's first build {preview['initial_build_s']} s):"
        + "".join(said),
        "",
    ]


def added_cost(sizes: list[dict[str, Any]]) -> list[str]:
    """A sentence splitting what the portal adds to the build into a fixed part and a part per item."""
    if len(sizes) < 2:
        return []
    small, large = sizes[0], sizes[-1]
    extra_small = small["build_s"] - small["plain_build_s"]
    extra_large = large["build_s"] - large["plain_build_s"]
    per_item = (extra_large - extra_small) / (large["items"] - small["items"])
    fixed = extra_small - per_item * small["items"]
    return [
        f"What the portal adds to a build (reading and checking the data, generating pages, mkdocs-macros, "
        f"the theme overrides): {extra_small:.2f} s at {small['items']:,} items and {extra_large:.2f} s at "
        f"{large['items']:,}, about {fixed:.2f} s whatever the size plus {per_item * 1000:.2f} ms per item.",
        "",
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[200, 2000], help="numbers of items to build")
    parser.add_argument("--runs", type=int, default=3, help="builds of each site (the median is reported)")
    parser.add_argument("--preview-runs", type=int, default=5, help="edits timed for edit-to-preview")
    parser.add_argument("--json", type=Path, default=RESULTS, help="where to write the figures")
    parser.add_argument("--report", type=Path, default=REPORT, help="Markdown file whose scale section to replace")
    parser.add_argument(
        "--shipped-site", type=Path, help="a build of the shipped content to time search on (default: build it)"
    )
    args = parser.parse_args(argv)
    if args.shipped_site is not None and not (args.shipped_site / SEARCH_INDEX).is_file():
        parser.error(f"--shipped-site {args.shipped_site}: no built site there (no {SEARCH_INDEX})")
    if args.runs < 1 or args.preview_runs < 1:
        parser.error("--runs and --preview-runs need at least 1")
    for items in args.sizes:
        try:
            mix_for(items, ROOT / "data")
        except ValueError as problem:
            parser.error(f"--sizes {items}: {problem}")
    started = time.perf_counter()
    try:
        with tempfile.TemporaryDirectory(prefix="portal-scale-") as folder:
            sizes = [measure_size(items, args.runs, Path(folder)) for items in sorted(args.sizes)]
            print("Search on the shipped content ...", flush=True)
            shipped = shipped_search(Path(folder), args.shipped_site)
        print("Edit to preview ...", flush=True)
        preview = measure_edit_to_preview(ROOT, args.preview_runs)
    except RuntimeError as failure:  # a build or the preview server failed: its own output says why
        print(f"The benchmark stopped: {failure}", file=sys.stderr)
        return 1
    results = {
        "measured": datetime.now(UTC).strftime("%Y-%m-%d"),
        "machine": machine(),
        "runs": args.runs,
        "sizes": sizes,
        "edit_to_preview": preview,
        "shipped_search": shipped,
        "targets": evaluate(sizes, preview, shipped),
        "seconds": round(time.perf_counter() - started),
    }
    record(results, args.json, args.report, markdown(results), START, END)
    print(markdown(results))
    missed = [t["target"] for t in results["targets"] if not t["met"]]
    print(f"{len(results['targets']) - len(missed)} of {len(results['targets'])} targets met.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
