"""Edit-to-preview time: from saving a data file under `mkdocs serve` to Chromium showing the change.

Run from the project folder:  .venv/bin/python benchmarks/preview.py
Copies the site sources to a temporary folder, starts `mkdocs serve` there, opens a risk page in
headless Chromium and, several times, edits the risk's title in its YAML file and times how long
the page takes to show it (through MkDocs' own live reload). Does the same for a line of the risk's
description (a change the menu does not show) and for a hand-written page's heading. Then times full
`mkdocs build` runs of the same folder, so that each edit is also given as a share of a full build.
Targets: at most 0.3 of a full build and under 1 s for the shipped content. Prints the figures as JSON.
"""

from __future__ import annotations

import json
import os
import random
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

from chromium import CHROMIUM_ARGS, chromium_executable

ROOT = Path(__file__).resolve().parent.parent
# What a build reads from the project; the portal package itself comes from the editable install.
COPIED = ("mkdocs.yml", "docs", "data", "overrides", "macros")
RISK_FILE, RISK_PAGE, RISK_LINE = "data/risks/grooming.yml", "/risks/grooming/", "title: Grooming"
RISK_TEXT = "  A person who grooms a child"  # the first line of the risk's description
HOME_FILE, HOME_PAGE = "docs/index.md", "/"
SERVER_START_S = 60.0
SHOW_TIMEOUT_MS = 30_000
# Lets the reloaded page finish loading and re-arm its live-reload poll before the next edit.
SETTLE_S = 1.0
FULL_BUILDS = 3  # full `mkdocs build` runs of the same folder, for the share of a full build
# The server polls for changes on a fixed cycle (0.1 s with the portal plugin, 0.5 s in plain MkDocs);
# without jitter the edits fall into step with it and every run pays the same share of it.
POLL_JITTER_S = 0.5
BUILT = re.compile(r"Documentation built in ([0-9.]+) seconds")


def measure_edit_to_preview(project: Path, runs: int = 5) -> dict[str, object]:
    """Seconds from saving an edit under `mkdocs serve` until the open page in Chromium shows it."""
    from playwright.sync_api import sync_playwright

    chromium = chromium_executable()
    with tempfile.TemporaryDirectory(prefix="preview-bench-") as folder:
        copy = Path(folder) / "project"
        _copy_project(project, copy)
        risk_line = _line(copy / RISK_FILE, lambda line: line == RISK_LINE)
        text_line = _line(copy / RISK_FILE, lambda line: line.startswith(RISK_TEXT))
        home_line = _line(copy / HOME_FILE, lambda line: line.startswith("# "))
        port = _free_port()
        base = f"http://127.0.0.1:{port}"
        log_path = Path(folder) / "serve.log"
        env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PORTAL_LOCAL_DIR="no-local-overlay")
        with log_path.open("wb") as log:
            # A session of its own, so the whole process group can be ended whatever happens here.
            server = subprocess.Popen(
                [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
                cwd=copy,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        try:
            _wait_until_up(base + RISK_PAGE, server, log_path)
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
                try:
                    page = browser.new_page()
                    risk_runs = _time_edits(page, base + RISK_PAGE, copy / RISK_FILE, risk_line, "title", runs)
                    text_runs = _time_edits(page, base + RISK_PAGE, copy / RISK_FILE, text_line, "text", runs)
                    home_runs = _time_edits(page, base + HOME_PAGE, copy / HOME_FILE, home_line, "heading", runs)
                finally:
                    browser.close()
            initial_build = _first_build(log_path)
        finally:
            _stop(server)
        builds = min(FULL_BUILDS, runs)  # a quick run (one edit of each kind) times one full build too
        full_build = statistics.median(_full_build(copy, Path(folder) / "site", env) for _ in range(builds))

    def share(seconds: list[float]) -> dict[str, object]:
        return {**_summary(seconds), "share_of_full_build": round(statistics.median(seconds) / full_build, 2)}

    return {
        **share(risk_runs),
        "edited": f"{RISK_FILE} (title)",
        "page": RISK_PAGE,
        # The whole `mkdocs build` command (starting Python included), as an editor would otherwise run it.
        "full_build_s": round(full_build, 3),
        # The preview's first build: a full build, as every rebuild was before the preview kept its outputs.
        "initial_build_s": initial_build,
        "text_edit": {**share(text_runs), "edited": f"{RISK_FILE} (a line of the description)", "page": RISK_PAGE},
        "page_edit": {**share(home_runs), "edited": f"{HOME_FILE} (main heading)", "page": HOME_PAGE},
    }


def _copy_project(project: Path, target: Path) -> None:
    """Copy the files a build needs, so the edits never touch the real project."""
    target.mkdir(parents=True)
    for name in COPIED:
        source = project / name
        if source.is_dir():
            shutil.copytree(source, target / name)
        elif source.is_file():
            shutil.copy2(source, target / name)
        else:
            raise RuntimeError(f"{source} is missing: the preview benchmark needs it to build the site")


def _line(path: Path, wanted: Callable[[str], bool]) -> str:
    """The first line of `path` that `wanted` accepts: the one each run rewrites."""
    for line in path.read_text(encoding="utf-8").splitlines():
        if wanted(line):
            return line
    raise RuntimeError(f"{path.name} has no line to edit for the preview benchmark (has the content changed?)")


def _free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_until_up(url: str, server: subprocess.Popen[bytes], log_path: Path) -> None:
    """Return once the preview server answers `url`; fail early if it exits or takes too long."""
    deadline = time.monotonic() + SERVER_START_S
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"mkdocs serve exited with {server.returncode}:\n{_tail(log_path)}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.2)
    raise RuntimeError(f"mkdocs serve did not answer {url} within {SERVER_START_S:.0f} s:\n{_tail(log_path)}")


def _time_edits(page, url: str, path: Path, line: str, what: str, runs: int) -> list[float]:  # type: ignore[no-untyped-def]
    """Seconds per run from writing a new marker into `line` of `path` until the page at `url` shows it."""
    page.goto(url, wait_until="load")
    original = path.read_text(encoding="utf-8")
    token = secrets.token_hex(3)
    # Playwright re-checks a locator after a navigation only every few hundred ms, which alone would add up
    # to 0.5 s; the reloaded document's DOMContentLoaded, when the server-rendered marker is in the page,
    # is the moment it shows (first paint follows within a few ms).
    loaded: list[float] = []

    def on_loaded(_: object) -> None:
        loaded.append(time.perf_counter())

    page.on("domcontentloaded", on_loaded)
    seconds = []
    try:
        for run in range(1, runs + 1):
            # Random and numbered, so no earlier run's text (or the page's own) can satisfy the wait.
            marker = f"edit{token}x{run}"
            text = original.replace(line, f"{line} {marker}", 1)
            started = time.perf_counter()
            path.write_text(text, encoding="utf-8")
            try:
                # A locator wait is re-evaluated after the live-reload navigation, unlike an element handle.
                page.get_by_text(marker).first.wait_for(state="visible", timeout=SHOW_TIMEOUT_MS)
            except Exception as error:
                message = (
                    f"the {what} edit in {path.name} (run {run}) did not show within {SHOW_TIMEOUT_MS / 1000:.0f} s"
                )
                raise RuntimeError(message) from error
            seen = time.perf_counter()
            page.wait_for_load_state("load")
            # The DOMContentLoaded of the document that showed the marker: the last one before it was seen (an
            # earlier reload, from an extra build of the previous edit, can fall after `started`).
            shown = max([moment for moment in loaded if started < moment <= seen], default=seen)
            seconds.append(round(shown - started, 3))
            time.sleep(SETTLE_S + random.uniform(0, POLL_JITTER_S))
    finally:
        page.remove_listener("domcontentloaded", on_loaded)
    return seconds


def _full_build(project: Path, site: Path, env: dict[str, str]) -> float:
    """Seconds of one full `mkdocs build` of `project`, in its own process, as an editor would run it."""
    command = [sys.executable, "-m", "mkdocs", "build", "-q", "--site-dir", str(site)]
    started = time.perf_counter()
    result = subprocess.run(command, cwd=project, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if result.returncode != 0:
        raise RuntimeError(f"mkdocs build failed in {project}:\n{result.stdout}{result.stderr}")
    return seconds


def _first_build(log_path: Path) -> float | None:
    """Seconds the server's first build took, as MkDocs logged it."""
    # Only the first: MkDocs' log drops a message equal to the one before, so equal rebuild times go missing.
    found = BUILT.search(log_path.read_text(encoding="utf-8", errors="replace"))
    return float(found[1]) if found else None


def _summary(seconds: list[float]) -> dict[str, object]:
    """Runs, median and slowest."""
    return {
        "runs_s": seconds,
        "median_s": round(statistics.median(seconds), 3),
        "max_s": max(seconds),
        "runs": len(seconds),
    }


def _tail(log_path: Path, lines: int = 30) -> str:
    """The end of the server's log, for error messages."""
    return "\n".join(log_path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])


def _stop(server: subprocess.Popen[bytes]) -> None:
    """End the server's whole process group: politely first, then for certain."""
    try:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=10)
    except ProcessLookupError:
        return
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait(timeout=10)


if __name__ == "__main__":
    print(json.dumps(measure_edit_to_preview(ROOT), indent=2))
