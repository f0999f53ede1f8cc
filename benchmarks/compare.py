"""What a change costs: the shipped site built at two revisions, side by side.

    python3 dev.py benchmark compare --before REV [--after REV] [--runs 5] [--label NAME]

Each revision is checked out in a temporary git worktree and built with this project's Python
environment (`python -m mkdocs build` from the worktree, so its own `portal` package and macros
run). Builds alternate between the two revisions so that a busy machine slows both alike. It
reports the median build time, peak memory, the site's size and file count, and which top-level
files and folders the later revision adds or grows. It also times, in this process, the work the
plugin repeats on every `mkdocs serve` rebuild to write feeds and open data. With --scale N...,
it also runs each revision's own scale benchmark (benchmarks/scale.py: synthetic content of N items,
search in Chromium, edit to preview), one revision after the other. Results go to
benchmarks/results/compare-NAME.json and a section of BENCHMARKS.md of their own.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from recording import REPORT, machine, record  # noqa: E402 - benchmarks/ is on the path as a script
from recording import RESULTS as RESULTS_DIR  # noqa: E402
from scale import ROWS, build, gzipped, tool_env  # noqa: E402

from portal.model.project import load_project  # noqa: E402
from portal.publish.feeds import FeedSite, feed_files  # noqa: E402
from portal.publish.open_data import open_data_files  # noqa: E402
from portal.source.clock import today  # noqa: E402


def git(*args: str, cwd: Path = ROOT) -> str:
    """Output of one git command, or a clear failure."""
    result = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        sys.exit(f"git {' '.join(args)} failed: {result.stderr.strip()}")
    return result.stdout.strip()


def checkout(revision: str, folder: Path) -> dict[str, str]:
    """A detached worktree of `revision` in `folder`; its commit and subject."""
    git("worktree", "add", "--quiet", "--detach", str(folder), revision)
    found = subprocess.run(
        [sys.executable, "-c", "import portal; print(portal.__file__)"],
        cwd=folder,
        capture_output=True,
        text=True,
        check=True,
        env=tool_env(),
    ).stdout.strip()
    # The worktree's own code must run, not this checkout's installed copy.
    if not Path(found).resolve().is_relative_to(folder.resolve()):
        sys.exit(f"{revision}: python imports portal from {found}, not from the worktree")
    return {
        "revision": revision,
        "commit": git("rev-parse", "--short", revision),
        "subject": git("log", "-1", "--format=%s", revision),
    }


def site_parts(site: Path) -> dict[str, dict[str, int]]:
    """Bytes, gzipped bytes and files under each top-level entry of a built site."""
    parts: dict[str, dict[str, int]] = {}
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        top = path.relative_to(site).parts[0]
        part = parts.setdefault(top, {"bytes": 0, "gzipped": 0, "files": 0})
        data = path.read_bytes()
        part["bytes"] += len(data)
        part["gzipped"] += gzipped(data)
        part["files"] += 1
    return parts


def rebuild_work(runs: int) -> dict[str, float]:
    """Milliseconds (median) this checkout spends making feeds and open data, which every rebuild repeats."""
    guidance = load_project(ROOT / "data", ROOT / "docs", None).guidance
    feed_site = FeedSite(
        name=guidance.site.name,
        author=guidance.site.organisation.title,
        site_url=None,
        directory_urls=True,
        today=today(),
    )
    timings: dict[str, list[float]] = {"feeds_ms": [], "open_data_ms": []}
    for _ in range(runs):
        started = time.perf_counter()
        feed_files(guidance, feed_site)
        timings["feeds_ms"].append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        open_data_files(guidance, today(), None)
        timings["open_data_ms"].append((time.perf_counter() - started) * 1000)
    return {name: round(statistics.median(values), 1) for name, values in timings.items()}


def scale_figures(project: Path, sizes: list[int], runs: int, work: Path) -> dict[str, Any]:
    """The revision's own scale benchmark at `sizes`, its figures as that script records them."""
    figures, report = work / "scale.json", work / "scale.md"
    command = [sys.executable, "benchmarks/scale.py", "--sizes", *map(str, sizes), "--runs", str(runs)]
    command += ["--preview-runs", str(runs), "--json", str(figures), "--report", str(report)]
    # Its builds run in a folder of synthetic content, where python would import the installed portal:
    # PYTHONPATH keeps them on the revision's own code (newer checks may refuse older content).
    env = {**tool_env(), "PYTHONPATH": str(project)}
    result = subprocess.run(command, cwd=project, env=env, capture_output=True, text=True, check=False)
    if result.returncode not in (0, 1):  # 1: some targets missed, which is a result, not a failure
        sys.exit(f"the scale benchmark failed in {project}:\n{result.stdout}{result.stderr}")
    return json.loads(figures.read_text(encoding="utf-8"))


def measure(before: str, after: str, runs: int, scale: list[int] | None = None) -> dict[str, Any]:
    """Every figure for the two revisions."""
    with tempfile.TemporaryDirectory(prefix="portal-compare-") as temp:
        work = Path(temp)
        revisions = {"before": before, "after": after}
        found: dict[str, dict[str, Any]] = {}
        try:
            for name, revision in revisions.items():
                found[name] = checkout(revision, work / name)
                found[name]["runs"] = []
            for run in range(runs):
                for name in revisions:
                    print(f"run {run + 1} of {runs}: building {name} ({found[name]['commit']}) ...", flush=True)
                    found[name]["runs"].append(build(work / name, work / f"site-{name}"))
            for name in revisions:
                seconds = [s for s, _ in found[name].pop("runs")]
                found[name]["build_s"] = round(statistics.median(seconds), 2)
                found[name]["build_s_all"] = [round(s, 2) for s in seconds]
                found[name]["parts"] = site_parts(work / f"site-{name}")
            for name in revisions if scale else ():
                print(f"scale benchmark of {name} ({found[name]['commit']}) at {scale} items ...", flush=True)
                found[name]["scale"] = scale_figures(work / name, scale or [], runs, work / f"scale-{name}")
        finally:
            for name in revisions:
                if (work / name).exists():
                    git("worktree", "remove", "--force", str(work / name))
    return found


def markdown(results: dict[str, Any]) -> str:
    """The report section."""
    before, after = results["before"], results["after"]

    def total(side: dict[str, Any], key: str) -> int:
        return sum(part[key] for part in side["parts"].values())

    def kb(value: float) -> str:
        return f"{value / 1024:,.0f} KB"

    changed = [
        (name, after["parts"][name], before["parts"].get(name, {"bytes": 0, "gzipped": 0, "files": 0}))
        for name in after["parts"]
        if after["parts"][name]["bytes"] != before["parts"].get(name, {}).get("bytes")
    ]
    changed.sort(key=lambda row: row[1]["bytes"] - row[2]["bytes"], reverse=True)
    size_before, size_after = total(before, "bytes"), total(after, "bytes")
    m = results["machine"]
    lines = [
        results["start"],
        f"### {results['label']}: what it costs (measured {results['measured']}, {m['cpus']} CPUs, "
        f"Python {m['python']})",
        "",
        f"The shipped content built at `{before['commit']}` ({before['subject']}) and at `{after['commit']}` "
        f"({after['subject']}), {results['runs']} builds of each, alternating.",
        "",
        f"| | Before (`{before['commit']}`) | After (`{after['commit']}`) | Change |",
        "|---|---|---|---|",
        f"| Build, median | {before['build_s']} s | {after['build_s']} s | "
        f"{after['build_s'] - before['build_s']:+.2f} s ({(after['build_s'] / before['build_s'] - 1) * 100:+.0f}%) |",
        f"| Site size | {kb(size_before)} | {kb(size_after)} | {kb(size_after - size_before)} |",
        f"| Site size, gzipped | {kb(total(before, 'gzipped'))} | {kb(total(after, 'gzipped'))} | "
        f"{kb(total(after, 'gzipped') - total(before, 'gzipped'))} |",
        f"| Files | {total(before, 'files')} | {total(after, 'files')} | "
        f"{total(after, 'files') - total(before, 'files'):+d} |",
        "",
        "Where the size went (top-level files and folders that changed, largest growth first):",
        "",
        "| Part | Before | After | Gzipped after | Files after |",
        "|---|---|---|---|---|",
    ]
    if not changed:
        lines.append("| (nothing changed) | | | | |")
    for name, now, then in changed[: results["rows"]]:
        lines.append(
            f"| `{name}` | {kb(then['bytes']) if then['files'] else 'none'} | {kb(now['bytes'])} | "
            f"{kb(now['gzipped'])} | {now['files']} |"
        )
    if "scale" in before:
        lines += scale_rows(before, after)
    work = results["rebuild_work"]
    lines += [
        "",
        f"A data save under `mkdocs serve` makes the feeds and open data again (a save in docs/ keeps them): "
        f"{work['feeds_ms']} ms and "
        f"{work['open_data_ms']} ms with the shipped content (median of {results['runs']}, in one process).",
        "",
        f"Reproduce: `{results['command']}`.",
        results["end"],
    ]
    return "\n".join(lines)


def scale_rows(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    """The two revisions' scale figures side by side, per size of synthetic content."""
    shown = (
        "Build, median of runs",
        "Portal over plain Material",
        "Pages built",
        "Site size",
        "Search index, gzipped",
        "First load (home, item page), gzipped, no index",
        "Keystroke to results, median (slowest)",
    )
    rows = [row for row in ROWS if row[0] in shown]
    lines = [
        "",
        "The same, in each revision's own `dev.py benchmark` (synthetic content; run one after the other):",
        "",
    ]
    sizes = [s["items"] for s in after["scale"]["sizes"]]
    lines.append("| | " + " | ".join(f"Before, {n:,} items | After, {n:,} items" for n in sizes) + " |")
    lines.append("|---|" + "---|---|" * len(sizes))
    for label, show in rows:
        cells = [
            f"{show(b)} | {show(a)}" for b, a in zip(before["scale"]["sizes"], after["scale"]["sizes"], strict=True)
        ]
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    preview = [side["scale"]["edit_to_preview"]["median_s"] for side in (before, after)]
    lines.append(
        f"| Edit to preview, shipped content, median | {preview[0]} s | {preview[1]} s |" + " |" * (2 * len(sizes) - 2)
    )
    return lines


def main(argv: list[str] | None = None) -> int:
    """Measure, then write the JSON and the report section."""
    parser = argparse.ArgumentParser(prog="dev.py benchmark compare", description=__doc__.splitlines()[0])
    parser.add_argument("--before", required=True, help="the revision before the change, e.g. a commit or tag")
    parser.add_argument("--after", default="HEAD", help="the revision after it (default: HEAD)")
    parser.add_argument("--runs", type=int, default=5, help="builds of each revision (default: 5)")
    parser.add_argument("--label", default="Change", help="a name for the change, e.g. 'Issue 16'")
    parser.add_argument("--rows", type=int, default=8, help="parts listed in the size table (default: 8)")
    parser.add_argument(
        "--scale", type=int, nargs="+", metavar="ITEMS", help="also run dev.py benchmark at these sizes"
    )
    parser.add_argument("--json", type=Path, help="where to write the figures (default: benchmarks/results/)")
    parser.add_argument("--report", type=Path, default=REPORT, help="Markdown file to put the section in")
    args = parser.parse_args(argv)
    slug = re.sub(r"[^a-z0-9]+", "-", args.label.lower()).strip("-")
    start, end = f"<!-- compare-{slug}:start -->", f"<!-- compare-{slug}:end -->"
    results: dict[str, Any] = {
        "label": args.label,
        "measured": datetime.now(UTC).date().isoformat(),
        "machine": machine(),
        "runs": args.runs,
        "rows": args.rows,
        "start": start,
        "end": end,
        "command": f"python3 dev.py benchmark compare --before {args.before} --after {args.after} "
        f"--runs {args.runs} --label '{args.label}'"
        + (f" --scale {' '.join(map(str, args.scale))}" if args.scale else ""),
        **measure(args.before, args.after, args.runs, args.scale),
        "rebuild_work": rebuild_work(args.runs),
    }
    record(results, args.json or RESULTS_DIR / f"compare-{slug}.json", args.report, markdown(results), start, end)
    print(markdown(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
