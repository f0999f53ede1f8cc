"""The preview (`mkdocs serve`) keeps outputs between saves (portal/site/preview_cache.py) and never serves a stale one.

The real `mkdocs serve` runs on a copy of the project with the sample hosted copy as its local/ folder, in
the cache's checking mode (PORTAL_PREVIEW_VERIFY=1: every kept output is made again and compared, and a
difference is logged as an error). A change to the data, to a theme template, to mkdocs.yml's theme settings
and to the hosted copy's profile each shows after one save; a page the change does not touch is not rendered
again; and at the end every file the preview serves equals, byte for byte, a full `mkdocs build` of the same
files, which uses no cache.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import ROOT, SAMPLE_FORK, copy_project, mkdocs_build
from portal.site.preview_cache import VERIFY, PreviewCache

EPOCH = "1795824000"  # 2026-11-28: serve and the full build date the site alike
ENV = {"PORTAL_LOCAL_DIR": "local", "SOURCE_DATE_EPOCH": EPOCH}
# A finished build: the first is followed by "Serving on", each later one by "Reloading browsers". (MkDocs'
# "Documentation built in 2.87 seconds" is not a count: its build log drops a message it has logged before,
# so a second build that takes as long to the hundredth of a second leaves no line.)
BUILT = re.compile(r"Serving on |Reloading browsers")
PREVIEW = re.compile(r"Preview: made again (\d+) of (\d+) pages \(([^)]*)\)")
STALE = "Preview cache served a stale"
KIND = re.compile(r"([a-zA-Z() ]+) (\d+) kept, (\d+) made")


class Preview:
    """`mkdocs serve` on a project folder, its log in a file, with a way to wait for the next build."""

    def __init__(self, project: Path, log: Path) -> None:
        with socket_port() as port:
            self.base = f"http://127.0.0.1:{port}"
        self.log = log
        self.waited = 0  # the build wait_for_build() last waited for (0: the first)
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", VERIFY: "1", **ENV}
        with log.open("w") as output:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", self.base.removeprefix("http://")],
                cwd=project,
                env=env,
                stdout=output,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def text(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def builds(self) -> int:
        return len(BUILT.findall(self.text()))

    def wait_for_build(self, after: int, timeout: float = 120) -> str:
        """The log line of the first build finished after `after` builds; fails if the preview stops."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.process.poll() is None, f"mkdocs serve stopped:\n{self.text()[-3000:]}"
            if self.builds() > after:
                lines = PREVIEW.findall(self.text())
                assert len(lines) >= after + 1, f"no Preview line for build {after + 1}:\n{self.text()[-3000:]}"
                self.waited = after  # a slow save can start a second build: outputs_made() reads this one
                return self.text()
            time.sleep(0.1)
        raise AssertionError(f"no new build within {timeout} s:\n{self.text()[-3000:]}")

    def get(self, path: str) -> bytes:
        with urllib.request.urlopen(self.base + path, timeout=10) as response:
            return bytes(response.read())

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGINT)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()


class socket_port:
    """A free port on 127.0.0.1 (closed again when the block ends, for the server to take)."""

    def __enter__(self) -> int:
        import socket

        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        return int(self.sock.getsockname()[1])

    def __exit__(self, *_: object) -> None:
        self.sock.close()


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the project with the sample hosted copy as local/, which the tests edit."""
    folder = copy_project(tmp_path_factory.mktemp("preview") / "project")
    shutil.copytree(SAMPLE_FORK, folder / "local")
    return folder


@pytest.fixture(scope="module")
def preview(project: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Preview]:
    server = Preview(project, tmp_path_factory.mktemp("preview-log") / "serve.log")
    try:
        server.wait_for_build(0, timeout=180)
        yield server
    finally:
        server.stop()


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) >= 1, f"{old!r} not in {path}: has the content changed?"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def save_and_wait(preview: Preview, path: Path, old: str, new: str) -> tuple[int, int, list[str]]:
    """Make one edit and wait for the one build it starts: (pages made again, pages, their names)."""
    before = preview.builds()
    edit(path, old, new)
    text = preview.wait_for_build(before)
    made, total, names = PREVIEW.findall(text)[before]
    assert STALE not in text, text[-3000:]
    return int(made), int(total), [name for name in names.split(", ") if name]


def outputs_made(preview: Preview) -> dict[str, tuple[int, int]]:
    """(kept, made) of each kind of output in the summary of the build last waited for: {"open data": (0, 1)}..."""
    summary = preview.text().split("Preview: made again")[1 + preview.waited].splitlines()[0].split(");", 1)[1]
    return {kind.strip(): (int(kept), int(made)) for kind, kept, made in KIND.findall(summary)}


def test_each_kind_of_change_shows_after_one_save(project: Path, preview: Preview) -> None:
    page, elsewhere = "/risks/grooming/", "/accessibility/"
    assert b"Exampleshire" in preview.get(page), "the hosted copy's profile is not in use"
    # Data: one risk's description. The risk's page is made again; a page that does not show it is not.
    made, total, names = save_and_wait(
        preview, project / "data/risks/grooming.yml", "  A person who grooms", "  A person (data edit) who grooms"
    )
    assert b"A person (data edit) who grooms" in preview.get(page)
    assert "risks/grooming.md" in names and "accessibility.md" not in names, names
    assert 0 < made < total / 4, (made, total, names)
    # Only pages' HTML changed: the theme's frames are all kept and filled with it; the model was read again.
    made_now = outputs_made(preview)
    assert made_now["page frame"][1] == 0 and made_now["page frame"][0] == total, made_now
    assert made_now["model"] == (0, 1) and made_now["page HTML"][1] >= 1, made_now
    # The risk's title, the text of links on some 26 other pages: those show it after one save, with their
    # Markdown not converted again (its links' texts are set apart; verify mode compares with a whole conversion).
    save_and_wait(preview, project / "data/risks/grooming.yml", "title: Grooming\n", "title: Grooming renamed\n")
    assert b'grooming/">Grooming renamed</a>' in preview.get("/risks/")
    assert b">Grooming renamed</a>" in preview.get("/audiences/schools/")
    made_now = outputs_made(preview)
    assert made_now["page HTML"][1] <= 4 and made_now["page HTML"][0] >= total - 4, made_now
    # Their search entries too are kept, with the new text put in (verify mode compares them with the real ones).
    assert made_now["search entries"][1] <= 4, made_now
    index = json.loads(preview.get("/search/full_index.json"))
    renamed = [doc["location"] for doc in index["docs"] if "Grooming renamed" in doc["text"]]
    assert any("grooming" not in location.split("#")[0] for location in renamed), renamed  # pages linking to it
    # A theme template (the review footer every page has): every page shows it.
    save_and_wait(
        preview, project / "overrides/partials/portal-review.html", "About this page", "About this page (edited)"
    )
    assert b"About this page (edited)" in preview.get(elsewhere)
    assert b"About this page (edited)" in preview.get(page)
    # mkdocs.yml's theme settings: the palette's primary colour is an attribute of every page's body.
    assert b'data-md-color-primary="indigo"' not in preview.get(elsewhere)
    save_and_wait(preview, project / "mkdocs.yml", "      primary: custom\n", "      primary: indigo\n")
    assert b'data-md-color-primary="indigo"' in preview.get(elsewhere)
    # The hosted copy's profile: its short name is the home-screen name in every page's head.
    save_and_wait(preview, project / "local/profile.yml", "short_name: ESCP guidance", "short_name: ESCP edited")
    assert b"ESCP edited" in preview.get(elsewhere)
    # A hand-written page: only that page's text changes, and the pages the theme renders again are few.
    made, total, names = save_and_wait(preview, project / "docs/accessibility.md", "\n# ", "\n# Edited: ")
    assert b"Edited: " in preview.get(elsewhere)
    assert "accessibility.md" in names and "risks/grooming.md" not in names, names
    # A page is not data: the model and what is made from it alone are kept (the control: made above).
    made_now = outputs_made(preview)
    for kind in ("model", "generated pages", "open data", "briefing texts", "feeds"):
        assert made_now[kind] == (1, 0), (kind, made_now)
    assert made_now["project"] == (0, 1) and made_now["page frame"][1] >= 1, made_now


def test_a_file_added_to_the_theme_is_published_after_one_save(project: Path, preview: Preview) -> None:
    # MkDocs lists the theme's folders for their static files on every build; the preview keeps the list.
    added = project / "overrides/added-by-a-test.txt"
    assert not added.exists()
    with pytest.raises(urllib.error.HTTPError):
        preview.get("/added-by-a-test.txt")
    save_and_wait(preview, project / "docs/accessibility.md", "\n# ", "\n# Before the theme file: ")
    assert outputs_made(preview)["theme files"] == (1, 0), "nothing was added, yet the theme was listed again"
    before = preview.builds()
    added.write_text("made by a test\n", encoding="utf-8")
    preview.wait_for_build(before)
    assert outputs_made(preview)["theme files"] == (0, 1)
    assert preview.get("/added-by-a-test.txt") == b"made by a test\n"
    # And one removed is gone after one save.
    before = preview.builds()
    added.unlink()
    preview.wait_for_build(before)
    with pytest.raises(urllib.error.HTTPError):
        preview.get("/added-by-a-test.txt")


def test_the_preview_serves_what_a_full_build_makes(project: Path, preview: Preview, tmp_path: Path) -> None:
    # A full build of the folder as it was before any edit: the negative control below.
    original = copy_project(tmp_path / "original")
    shutil.copytree(SAMPLE_FORK, original / "local")
    before_edits = tmp_path / "before"
    result = mkdocs_build(original, before_edits, env=ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    # One more edit, to a risk's summary, which lists, feeds and open data repeat.
    save_and_wait(
        preview,
        project / "data/risks/grooming.yml",
        "summary: >-\n  Grooming is",
        "summary: >-\n  Grooming (summary edit) is",
    )
    # Every file the preview now serves (pages, feeds, open data, the search index) is the file that a full
    # build of the same folder writes, which uses no cache.
    site = tmp_path / "site"
    result = mkdocs_build(project, site, env=ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Preview:" not in result.stdout + result.stderr, "mkdocs build used the preview cache"
    files = sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file())
    assert len(files) > 100, files
    assert [name for name in files if served(preview, name) != (site / name).read_bytes()] == []
    # Negative control: the same comparison tells the served site from the one before the edits.
    for name in (
        "risks/grooming/index.html",
        "risks/index.html",
        "open-data/guidance.json",
        "search/full_index.json",
    ):
        assert served(preview, name) != (before_edits / name).read_bytes(), name
    assert STALE not in preview.text()


def served(preview: Preview, name: str) -> bytes:
    """A file as the preview serves it, without the live-reload script it adds to every page."""
    body = preview.get("/" + urllib.parse.quote(name))
    if not name.endswith(".html"):
        return body
    end = body.rindex(b"</body>")
    start = body.rindex(b"<script>", 0, end)
    assert body[start:end].endswith(b"</script>") and b"livereload" in body[start:end], name
    return body[:start] + body[end:]


def test_the_theme_reads_only_the_site_profile_from_the_model() -> None:
    # The cache keys a themed page on the model's site profile and help resource (plugin.on_env): a theme
    # template that read anything else from the model would need it added there.
    read = set()
    for path in (ROOT / "overrides").rglob("*.html"):
        template = re.sub(r"\{#.*?#\}", "", path.read_text(encoding="utf-8"), flags=re.DOTALL)  # not comments
        read.update(re.findall(r"(?<![\w/.-])portal\.(\w+)", template))
    assert read == {"site", "help_resource"}, read
    # Nor does a page's template show the build's time, which the digest leaves out (it changes every build).
    material = Path(__import__("material").__file__).parent / "templates"
    templates = [p for folder in (ROOT / "overrides", material) for p in folder.rglob("*.html")]
    assert len(templates) > 50, "the theme's templates were not found: the check cannot tell"
    assert [p.name for p in templates if "build_date_utc" in p.read_text(encoding="utf-8")] == []


def test_a_digest_that_misses_an_input_is_reported(caplog: pytest.LogCaptureFixture) -> None:
    # The checking mode finds a kept output that differs from a fresh one (what a missing input would cause).
    cache = PreviewCache()
    cache.verify = True
    assert cache.reuse("page", "a.md", "same digest", lambda: "first") == "first"
    with caplog.at_level("ERROR"):
        assert cache.reuse("page", "a.md", "same digest", lambda: "first") == "first"
        assert STALE not in caplog.text
        cache.reuse("page", "a.md", "same digest", lambda: "second")
    assert STALE in caplog.text


def test_only_the_preview_starts_the_cache() -> None:
    # MkDocs keeps a plugin with on_startup between the preview's rebuilds; `mkdocs build` gets no cache.
    from mkdocs.config import load_config

    config = load_config(str(ROOT / "mkdocs.yml"))
    plugin = config.plugins["portal"]
    config.plugins.on_startup(command="build", dirty=False)
    assert plugin.preview is None  # type: ignore[attr-defined]
    config.plugins.on_startup(command="serve", dirty=False)
    assert isinstance(plugin.preview, PreviewCache)  # type: ignore[attr-defined]
    config.plugins.on_shutdown()
    assert plugin.preview is None  # type: ignore[attr-defined]
