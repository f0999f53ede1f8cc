"""The Chromium the benchmarks and the browser tests drive: Debian's, or the one PORTAL_CHROMIUM names."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def find_chromium() -> str | None:
    """Debian's Chromium, or the one named by PORTAL_CHROMIUM; None if there is none."""
    for candidate in (os.environ.get("PORTAL_CHROMIUM"), shutil.which("chromium"), shutil.which("chromium-browser")):
        if candidate and Path(candidate).exists():
            return candidate
    return None


def chromium_executable() -> str:
    """The Chromium executable; stops the benchmark with a message saying how to get one if there is none."""
    found = find_chromium()
    if not found:
        raise SystemExit("Chromium is needed (Debian: apt-get install chromium), or set PORTAL_CHROMIUM to its path.")
    return found
