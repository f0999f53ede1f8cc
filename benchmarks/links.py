"""Benchmark the link checkers: offline check of built sites, live check of 500 addresses on loopback.

Run from the project folder:  .venv/bin/python benchmarks/links.py
It builds the site into a temporary folder, times the offline check on it and on a synthetic site of
about 2,000 pages (copies of the built site, each internally consistent), then times a live check of
500 addresses against a local server that answers each request after a fixed delay, at several
concurrency limits. Results go to benchmarks/results/links.json and the links section of
BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import http.server
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from loopback import LoopbackServer  # noqa: E402 - after the path is set
from recording import REPORT, machine, record  # noqa: E402
from recording import RESULTS as RESULTS_DIR  # noqa: E402

from portal.checks.live_links.cache import LinkCache  # noqa: E402
from portal.checks.live_links.checker import LiveChecker, Outcome, run_sync  # noqa: E402
from portal.checks.live_links.settings import settings_from  # noqa: E402
from portal.publish.site_links import check_site  # noqa: E402

RESULTS = RESULTS_DIR / "links.json"
START, END = "<!-- links:start -->", "<!-- links:end -->"


def timed(action, runs: int) -> list[float]:  # type: ignore[no-untyped-def]
    """Wall-clock seconds of each of `runs` calls to `action`."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return times


def build_site(target: Path) -> Path:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "--site-dir", str(target)], cwd=ROOT, env=env, check=True
    )
    return target


def synthetic_site(site: Path, target: Path, pages_wanted: int) -> int:
    """Copies of the built site side by side under one root; every copy's links stay valid."""
    pages_per_copy = len(list(site.rglob("*.html")))
    copies = max(1, pages_wanted // pages_per_copy)
    for number in range(copies):
        copy = target / f"copy-{number:03d}"
        shutil.copytree(site, copy)
        (copy / "404.html").unlink()  # its links are root-absolute, valid only at the real root
    return copies * (pages_per_copy - 1)


def offline(runs: int, work: Path) -> dict[str, object]:
    site = build_site(work / "site")
    real_pages = len(list(site.rglob("*.html")))
    real = timed(lambda: check_site(site), runs)
    big = work / "big"
    big_pages = synthetic_site(site, big, 2000)
    serial = timed(lambda: check_site(big, workers=1), runs)
    parallel = timed(lambda: check_site(big), runs)
    assert check_site(big) == [], "the synthetic site must have no broken links"
    return {
        "built_site": {"pages": real_pages, "median_seconds": round(statistics.median(real), 3)},
        "synthetic_site": {
            "pages": big_pages,
            "median_seconds_one_process": round(statistics.median(serial), 3),
            "median_seconds_all_cpus": round(statistics.median(parallel), 3),
            "pages_per_second": round(big_pages / statistics.median(parallel)),
        },
    }


class DelayHandler(http.server.BaseHTTPRequestHandler):
    """Answers every request 200 after a fixed delay, like a distant server."""

    protocol_version = "HTTP/1.1"
    delay = 0.02

    def do_HEAD(self) -> None:  # noqa: N802
        time.sleep(self.delay)
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


def live(count: int, delay: float, limits: list[int]) -> dict[str, object]:
    handler = type("Handler", (DelayHandler,), {"delay": delay})
    server = LoopbackServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    urls = [f"{base}/page-{number}" for number in range(count)]
    rows = []
    try:
        for limit in limits:
            settings = settings_from({"concurrency": limit, "per_host": limit, "timeout_seconds": 30, "retries": 0})
            checker = LiveChecker(settings, LinkCache(None, timedelta(hours=1)))
            started = time.perf_counter()
            results = run_sync(checker.check_all(urls))
            seconds = time.perf_counter() - started
            assert all(result.outcome is Outcome.OK for result in results)
            latencies = sorted(result.elapsed_ms for result in results)
            rows.append(
                {
                    "concurrency": limit,
                    "seconds": round(seconds, 2),
                    "addresses_per_second": round(count / seconds, 1),
                    "median_ms": statistics.median(latencies),
                    "p95_ms": latencies[int(len(latencies) * 0.95) - 1],
                }
            )
    finally:
        server.shutdown()
    return {"addresses": count, "server_delay_ms": round(delay * 1000), "runs": rows}


def markdown(results: dict[str, object]) -> str:
    off, on = results["offline"], results["live"]  # type: ignore[index]
    lines = [
        START,
        f"### Link checking (measured {results['measured']}, {results['machine']['cpus']} CPUs, "  # type: ignore[index]
        f"Python {results['machine']['python']})",  # type: ignore[index]
        "",
        "Offline check of internal links and anchors (median of runs):",
        "",
        "| Site | Pages | Seconds |",
        "|---|---|---|",
        f"| Built site | {off['built_site']['pages']} | {off['built_site']['median_seconds']} |",
        f"| Synthetic site, one process | {off['synthetic_site']['pages']} | "
        f"{off['synthetic_site']['median_seconds_one_process']} |",
        f"| Synthetic site, all CPUs | {off['synthetic_site']['pages']} | "
        f"{off['synthetic_site']['median_seconds_all_cpus']} |",
        "",
        f"Live check of {on['addresses']} addresses on a loopback server answering after {on['server_delay_ms']} ms:",
        "",
        "| Concurrency | Seconds | Addresses per second | Median request (ms) | 95th percentile (ms) |",
        "|---|---|---|---|---|",
        *(
            f"| {r['concurrency']} | {r['seconds']} | {r['addresses_per_second']} | {r['median_ms']} | {r['p95_ms']} |"
            for r in on["runs"]
        ),
        "",
        "Reproduce: `.venv/bin/python benchmarks/links.py`",
        END,
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5, help="timed runs of each offline check (median reported)")
    parser.add_argument("--addresses", type=int, default=500, help="addresses in the live check")
    parser.add_argument("--delay-ms", type=float, default=20, help="the loopback server's delay per request")
    parser.add_argument("--concurrency", type=int, nargs="+", default=[1, 4, 16, 64])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as work:
        results = {
            "measured": datetime.now(UTC).strftime("%Y-%m-%d"),
            "machine": machine(),
            "offline": offline(args.runs, Path(work)),
            "live": live(args.addresses, args.delay_ms / 1000, args.concurrency),
        }
    record(results, RESULTS, REPORT, markdown(results), START, END)
    print(markdown(results))


if __name__ == "__main__":
    main()
