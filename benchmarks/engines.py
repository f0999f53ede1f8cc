"""Build time of the export with each engine, beside today's build. Run:  python3 dev.py benchmark engines

For the shipped content it times, several times each: today's build (MkDocs + Material + the portal
plugin + mkdocs-macros), `python -m portal export`, and the export built by stock MkDocs + Material
and by Zensical, each from its own environment in .engines/ (made by `python3 dev.py test`). It
records the median of each, peak memory and the size of each built site. Results go to
benchmarks/results/engines.json and the engines section of BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from recording import REPORT, machine, record  # noqa: E402 - benchmarks/ is on the path as a script
from recording import RESULTS as RESULTS_DIR  # noqa: E402
from scale import measured, tool_env  # noqa: E402

START, END = "<!-- engines:start -->", "<!-- engines:end -->"
ENGINES = ROOT / ".engines"


def timed(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> tuple[float, int]:
    """Seconds and peak memory (MB) of one step; stops the benchmark with the step's output if it fails."""
    try:
        return measured(command, cwd, env or tool_env())
    except RuntimeError as failed:
        sys.exit(str(failed))


def engine(name: str) -> Path:
    """An engine's Python, or a one-line reason to stop."""
    python = ENGINES / name / "bin" / "python"
    if not python.is_file():
        sys.exit(f"{name} is not installed in .engines/{name}: run `python3 dev.py test` once, which installs it")
    return python


def size_of(site: Path) -> dict[str, int]:
    """Bytes and files of a built site."""
    files = [p for p in site.rglob("*") if p.is_file()]
    return {"bytes": sum(p.stat().st_size for p in files), "files": len(files)}


def measure(runs: int, work: Path) -> dict[str, Any]:
    """Every figure: for each step, its runs, median, peak memory and (for builds) the site's size."""
    material, zensical = engine("material"), engine("zensical")
    steps: dict[str, list[tuple[float, int]]] = {"today": [], "export": [], "material": [], "zensical": []}
    for run in range(runs):
        print(f"run {run + 1} of {runs} ...", flush=True)
        steps["today"].append(timed([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(work / "today")], ROOT))
        export = work / f"export-{run}"
        steps["export"].append(timed([sys.executable, "-m", "portal", "export", str(export)], ROOT))
        command = [str(material), "-m", "mkdocs", "build", "-q", "-d", str(work / "material")]
        steps["material"].append(timed(command, export, dict(os.environ, NO_MKDOCS_2_WARNING="1")))
        steps["zensical"].append(timed([str(zensical), "-m", "zensical", "build", "--clean"], export, dict(os.environ)))
        if run:
            shutil.rmtree(work / f"export-{run - 1}")
    last = work / f"export-{runs - 1}"
    sites = {"today": work / "today", "material": work / "material", "zensical": last / "site"}
    found: dict[str, Any] = {}
    for name, figures in steps.items():
        seconds = [s for s, _ in figures]
        found[name] = {
            "median_s": round(statistics.median(seconds), 2),
            "runs_s": [round(s, 2) for s in seconds],
            "peak_memory_mb": max(m for _, m in figures),
            **({"site": size_of(sites[name])} if name in sites else {}),
        }
    found["export_size"] = size_of(last / "docs")
    return found


def markdown(results: dict[str, Any]) -> str:
    """The report section."""
    today, export, material, zensical = (results[k] for k in ("today", "export", "material", "zensical"))
    m = results["machine"]

    def mb(site: dict[str, int]) -> str:
        return f"{site['bytes'] / 1e6:.1f} MB, {site['files']} files"

    lines = [
        START,
        f"### Engines (measured {results['measured']}, {m['cpus']} CPUs, Python {m['python']})",
        "",
        f"The shipped content, {results['runs']} runs of each step (median). See ENGINES.md for what the export is.",
        "",
        "| Step | Time | Peak memory | Output |",
        "|---|---|---|---|",
        f"| Today's build: MkDocs + Material + our plugin + mkdocs-macros | {today['median_s']} s | "
        f"{today['peak_memory_mb']} MB | {mb(today['site'])} |",
        f"| `dev.py export` (a full build, plus writing the project) | {export['median_s']} s | "
        f"{export['peak_memory_mb']} MB | {mb(results['export_size'])} of Markdown and assets |",
        f"| The export, built by stock MkDocs + Material | {material['median_s']} s | "
        f"{material['peak_memory_mb']} MB | {mb(material['site'])} |",
        f"| The export, built by Zensical (`build --clean`) | {zensical['median_s']} s | "
        f"{zensical['peak_memory_mb']} MB | {mb(zensical['site'])} |",
        "",
        f"Export then build: {export['median_s'] + material['median_s']:.2f} s with stock Material, "
        f"{export['median_s'] + zensical['median_s']:.2f} s with Zensical, against {today['median_s']} s today.",
        "",
        "Reproduce: `python3 dev.py benchmark engines` (needs the engines that `python3 dev.py test` installs).",
        END,
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Measure, then write the JSON and the report section."""
    parser = argparse.ArgumentParser(prog="dev.py benchmark engines", description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="runs of each step (default: 3)")
    parser.add_argument("--json", type=Path, default=RESULTS_DIR / "engines.json", help="where to write the figures")
    parser.add_argument("--report", type=Path, default=REPORT, help="Markdown file whose engines section to replace")
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs needs at least 1")
    with tempfile.TemporaryDirectory(prefix="portal-engines-") as temp:
        results = {
            "measured": datetime.now(UTC).date().isoformat(),
            "machine": machine(),
            "runs": args.runs,
            **measure(args.runs, Path(temp)),
        }
    record(results, args.json, args.report, markdown(results), START, END)
    print(markdown(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
