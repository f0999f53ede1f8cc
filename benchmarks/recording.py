"""Where benchmark figures go: a JSON file in benchmarks/results/ and a marked section of BENCHMARKS.md."""

from __future__ import annotations

import json
import os
import platform
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"
REPORT = ROOT / "BENCHMARKS.md"


def machine() -> dict[str, object]:
    """What the figures were measured on."""
    memory = next(
        (int(line.split()[1]) // 1024 for line in _lines("/proc/meminfo") if line.startswith("MemTotal")), None
    )
    cpu = next(
        (line.split(":", 1)[1].strip() for line in _lines("/proc/cpuinfo") if line.startswith("model name")),
        platform.processor(),
    )
    return {
        "cpu": cpu,
        "cpus": os.cpu_count(),
        "memory_mb": memory,
        "platform": platform.platform(),
        "processor": platform.machine(),
        "python": platform.python_version(),
    }


def _lines(path: str) -> list[str]:
    """The lines of a /proc file, or none where there is no /proc (macOS, Windows)."""
    try:
        return Path(path).read_text(encoding="utf-8").splitlines()
    except OSError:
        return []


def record(results: object, json_path: Path, report: Path, section: str, start: str, end: str) -> None:
    """Write `results` as JSON and put `section` (from `start` to `end`) in place of the old one in `report`."""
    json_path.parent.mkdir(parents=True, exist_ok=True)
    json_path.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    text = report.read_text(encoding="utf-8") if report.exists() else "# Benchmarks\n"
    if start in text and end in text:
        text = text[: text.index(start)] + section + text[text.index(end) + len(end) :]
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    report.write_text(text, encoding="utf-8")
