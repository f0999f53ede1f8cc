"""Shared fixtures: fixture data, one real build of the site per session, a loopback server, Chromium."""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import NoReturn

import pytest
from bs4 import BeautifulSoup
from filelock import FileLock

ROOT = Path(__file__).resolve().parent.parent
MINIMAL = ROOT / "tests" / "fixtures" / "minimal"
PROJECT_PARTS = ("mkdocs.yml", "docs", "data", "overrides", "macros")
SAMPLE_FORK = ROOT / "examples" / "sample-fork" / "local"
# Builds of the upstream content ignore a hosted copy's local/ folder, so that content tests hold in
# forks too; tests/test_fork.py builds every overlay (the sample, and this copy's own local/).
UPSTREAM_ONLY = {"PORTAL_LOCAL_DIR": "no-local-overlay"}


def pytest_configure(config: pytest.Config) -> None:
    """Every command a test runs (mkdocs, dev.py, python -m portal) sees the upstream content only."""
    os.environ.update(UPSTREAM_ONLY)


# The longest units of parallel work, longest first (seconds of a whole run with 4 workers on 2 CPUs,
# 2026-12-07): started first, they end with the rest instead of alone at the end of the run.
SLOWEST_FIRST = (
    "tests/test_quality.py::TestDesktop",  # the every-page survey at 1280 px, both palettes, and the keyboard walk
    "tests/test_quality.py::TestPhone",  # the every-page survey at 320 px, both palettes, and the touch walk
    "tests/test_scale.py::TestTheBenchmarkCommand",  # 120 to 190: every benchmark at a small size
    "tests/test_guide_walk.py",  # 180 to 210
    "tests/test_export.py",  # 170 to 220: four engines' builds
    "tests/test_scale.py",  # 80 to 110: a synthetic site of 2,000 items
    "tests/test_fork.py",  # 130 to 190
    "tests/test_guides_on_a_phone.py",  # 140 to 160
    "tests/test_filtering_review.py",  # 130 to 140
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The slowest units of work first, then modules with browser tests, then the rest."""
    # python3 dev.py test runs pytest-xdist's loadscope without its reordering by size: a module's (or a
    # class's) tests share a worker, so its fixtures (a survey of every page, a synthetic site) are made once,
    # and units are handed out in this order.
    with_browser = {item.nodeid.split("::")[0] for item in items if item.get_closest_marker("browser")}

    def rank(item: pytest.Item) -> tuple[int, bool]:
        unit = item.nodeid.rsplit("::", 1)[0] if "::Test" in item.nodeid else item.nodeid.split("::")[0]
        first = SLOWEST_FIRST.index(unit) if unit in SLOWEST_FIRST else len(SLOWEST_FIRST)
        return first, item.nodeid.split("::")[0] not in with_browser

    items.sort(key=rank)


# The benchmarks and the browser tests drive the same Chromium the same way.
sys.path.insert(0, str(ROOT / "benchmarks"))
from chromium import CHROMIUM_ARGS  # noqa: E402 - benchmarks/ is not a package
from chromium import find_chromium as chromium_path  # noqa: E402


def mkdocs_build(
    project: Path, site_dir: Path, env: dict[str, str] | None = None, config: str = "mkdocs.yml"
) -> subprocess.CompletedProcess[str]:
    """Run the real `mkdocs build` (strict, as configured) on a project folder, with extra environment."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **UPSTREAM_ONLY, **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-f", config, "--site-dir", str(site_dir)],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def copy_project(target: Path) -> Path:
    """A copy of the project's site sources that a test may break without touching the real ones."""
    target.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, target / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, target / part)
    return target


@pytest.fixture
def minimal_data(tmp_path: Path) -> Path:
    """A fresh copy of the minimal valid data set; tests edit it to make one mistake."""
    return Path(shutil.copytree(MINIMAL / "data", tmp_path / "data"))


# Three change notes for the fixture risk, newest first; the middle one is a typo fix readers never see.
NOTES = """\
changes:
  - date: 2026-07-10
    note: The helpline's hours changed.
  - date: 2026-07-01
    note: Fixed a spelling.
    typo: true
  - date: 2026-03-02
    note: The first steps now say who to tell.
reviewed: 2026-07-15"""


@pytest.fixture
def noted(minimal_data: Path) -> Path:
    """The minimal data with three change notes on the fixture risk, one of them a typo fix."""
    risk = minimal_data / "risks" / "fixture-risk.yml"
    text = risk.read_text(encoding="utf-8")
    assert "reviewed: 2026-01-15" in text, "fixture changed"
    risk.write_text(text.replace("reviewed: 2026-01-15", NOTES, 1), encoding="utf-8")
    return minimal_data


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real project, built once per test run with the real MkDocs into a temporary folder."""
    return shared_build(tmp_path_factory, "built", ROOT)


def shared_build(tmp_path_factory: pytest.TempPathFactory, name: str, project: Path) -> Path:
    """One build of a project for the whole run: parallel workers (pytest-xdist) wait for the first one's."""
    run_folder = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        run_folder = run_folder.parent  # each worker has its own folder inside the run's
    site, finished = run_folder / name / "site", run_folder / name / "finished"
    with FileLock(run_folder / f"{name}.lock"):
        if not finished.is_file():
            shutil.rmtree(site, ignore_errors=True)  # what a failed build left
            result = mkdocs_build(project, site)
            assert result.returncode == 0, f"mkdocs build failed:\n{result.stdout}\n{result.stderr}"
            finished.touch()
    return site


@functools.cache
def _parse(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


@pytest.fixture(scope="session")
def page(built_site: Path):  # type: ignore[no-untyped-def]
    """Parsed HTML of a built page by its URL path, e.g. page('risks/grooming/')."""

    def load(url_path: str) -> BeautifulSoup:
        target = (
            built_site / url_path.strip("/") / "index.html" if not url_path.endswith(".html") else built_site / url_path
        )
        assert target.is_file(), f"no built page at {url_path}"
        return _parse(target)

    return load


@pytest.fixture(scope="session")
def site_url(built_site: Path) -> Iterator[str]:
    """The built site served over HTTP on 127.0.0.1, as the browser tests need."""
    with serve(built_site) as url:
        yield url


@contextlib.contextmanager
def serve(folder: Path) -> Iterator[str]:
    """Serve a built site over HTTP on 127.0.0.1 while the block runs; yields its address."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = _BackloggedServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


class _BackloggedServer(http.server.ThreadingHTTPServer):
    # The default listen queue of 5 drops a browser's sixth connection, which then waits a second.
    request_queue_size = 128
    daemon_threads = True


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - signature is the base class's
        pass


def skip_or_fail(missing: str) -> NoReturn:
    """Skip a test whose tool is missing here, but fail it in CI, where every test must run."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"{missing} - tests never skip in CI")
    pytest.skip(missing)


@pytest.fixture(scope="session")
def browser():  # type: ignore[no-untyped-def]
    """Real headless Chromium through Playwright; skips without Chromium, except in CI where it fails."""
    executable = chromium_path()
    if executable is None:
        skip_or_fail("Chromium not found: install it (Debian: apt-get install chromium) or set PORTAL_CHROMIUM")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@contextlib.contextmanager
def recording_page(browser, **options: object):  # type: ignore[no-untyped-def]
    """A page in a fresh browser profile (desktop width) that records every request and console error."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, **options)
    page = context.new_page()
    page.requests = []
    page.errors = []
    page.on("request", lambda request: page.requests.append(request.url))
    page.on("console", lambda message: message.type == "error" and page.errors.append(message.text))
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    try:
        yield page
    finally:
        context.close()


AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


def axe_violations(page) -> list[str]:  # type: ignore[no-untyped-def]
    """Run axe-core (bundled by axe-playwright-python) on the page: one line per violation and element."""
    from importlib.resources import files

    page.evaluate((files("axe_playwright_python") / "axe.min.js").read_text(encoding="utf-8"))
    # Only the violations come back: with every passing node too, the answer is several times slower to send.
    options = "{runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']}"
    result = page.evaluate(f"tags => axe.run(document, {options})", AXE_TAGS)
    return [
        f"{violation['id']}: {' '.join(node['target'])}: {node['failureSummary'].splitlines()[-1].strip()}"
        for violation in result["violations"]
        for node in violation["nodes"]
    ]
