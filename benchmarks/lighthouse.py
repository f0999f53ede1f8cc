"""Lighthouse scores for each kind of page: home, a risk, a guide, Get help now, the self-review (a report).

Run from the project folder:  .venv/bin/python benchmarks/lighthouse.py [--runs 3]
Needs Node.js and npm, Chromium and nginx (Debian: apt-get install nodejs npm chromium nginx). It
installs lighthouse@12.2.3 into .cache/lighthouse/ on first use, builds the site, serves it on
127.0.0.1 with Debian's nginx and the shipped configuration (deploy/nginx/: its compression, caching
and security headers, as a real host sends them), runs Lighthouse's default mobile audit several
times per page, beside the plain accessibility statement as a baseline, and reports the median of
each category with the total blocking time. Results go to benchmarks/results/lighthouse.json and a
section of BENCHMARKS.md. Targets: 100 for accessibility, best practices and SEO; 95 or more for
performance.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from chromium import chromium_executable
from recording import REPORT, record
from recording import RESULTS as RESULTS_DIR
from shipped_nginx import serving

ROOT = Path(__file__).resolve().parent.parent
TOOL = ROOT / ".cache" / "lighthouse"
VERSION = "12.2.3"
PAGES = {
    "Home": "",
    "Risk page (sharing nudes)": "risks/sharing-nudes/",
    "Guide (a nude image is being shared)": "respond/nude-image-shared/",
    "Get help now": "get-help/",
    "Self-review": "self-review/",
    "Accessibility statement (plain page, baseline)": "accessibility/",
}
RESULTS = RESULTS_DIR / "lighthouse.json"
START, END = "<!-- lighthouse:start -->", "<!-- lighthouse:end -->"
CHROME_FLAGS = (
    "--headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update "
    "--disable-sync --no-first-run"
)


def lighthouse_binary() -> Path:
    binary = TOOL / "node_modules" / ".bin" / "lighthouse"
    if not binary.exists():
        if not shutil.which("npm"):
            sys.exit("npm is needed to install Lighthouse (Debian: apt-get install nodejs npm).")
        TOOL.mkdir(parents=True, exist_ok=True)
        subprocess.run(["npm", "install", "--silent", "--prefix", str(TOOL), f"lighthouse@{VERSION}"], check=True)
    return binary


def audit(binary: Path, url: str, work: Path, tries: int = 3) -> dict[str, float]:
    """One Lighthouse run on one page: each category's score, and the total blocking time in milliseconds.
    On a busy machine Lighthouse sometimes loses its own trace (NO_NAVSTART): such a run is made again."""
    output = work / "report.json"
    env = dict(os.environ, CHROME_PATH=chromium_executable())
    command = [str(binary), url, "--quiet", "--output=json", f"--output-path={output}"]
    command.append(f"--chrome-flags={CHROME_FLAGS}")
    for attempt in range(tries):
        if subprocess.run(command, env=env).returncode == 0:
            break
        if attempt == tries - 1:
            raise SystemExit(f"Lighthouse failed {tries} times on {url}")
    report = json.loads(output.read_text())
    scores = {name: round(category["score"] * 100) for name, category in report["categories"].items()}
    return {**scores, "blocking_ms": round(report["audits"]["total-blocking-time"]["numericValue"])}


def markdown(results: dict[str, object]) -> str:
    rows = results["pages"]  # type: ignore[index]
    lines = [
        START,
        f"### Lighthouse (measured {results['measured']}, Lighthouse {VERSION}, mobile, median of "
        f"{results['runs']} runs)",
        "",
        "| Page | Performance | Total blocking time | Accessibility | Best practices | SEO |",
        "|---|---|---|---|---|---|",
        *(
            f"| {name} | {s['performance']:g} | {s['blocking_ms']:,.0f} ms | {s['accessibility']:g} "
            f"| {s['best-practices']:g} | {s['seo']:g} |"
            for name, s in rows.items()
        ),  # type: ignore[union-attr]
        "",
        "Served by Debian's nginx with the shipped configuration (deploy/nginx/), on 127.0.0.1. Load average "
        f"of the machine ({results.get('cpus')} CPUs, shared) at the start and end: {results.get('load')}; "
        "a busy machine lengthens every task, so compare each page with the plain page of the same run.",
        "Targets: 100 for accessibility, best practices and SEO; 95 or more for performance.",
        "Reproduce: `.venv/bin/python benchmarks/lighthouse.py` (needs Node.js, npm, Chromium and nginx).",
        END,
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    binary = lighthouse_binary()
    load = [os.getloadavg()[0]]
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        site = work / "site"
        env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
        subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "-q", "--site-dir", str(site)], cwd=ROOT, env=env, check=True
        )
        (work / "nginx").mkdir()
        with serving(site, work / "nginx") as (address, _):
            pages = {}
            for name, path in PAGES.items():
                runs = [audit(binary, f"{address}/{path}", work) for _ in range(args.runs)]
                pages[name] = {key: statistics.median(run[key] for run in runs) for key in runs[0]}
    load.append(os.getloadavg()[0])
    results = {
        "measured": datetime.now(UTC).strftime("%Y-%m-%d"),
        "runs": args.runs,
        "cpus": os.cpu_count(),
        "load": " and ".join(f"{value:.1f}" for value in load),
        "pages": pages,
    }
    record(results, RESULTS, REPORT, markdown(results), START, END)
    print(markdown(results))


if __name__ == "__main__":
    main()
