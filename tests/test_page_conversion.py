"""`mkdocs build` converts pages in worker processes (portal/site/page_conversion.py): the same site, the same checks.

Each test forces the workers with PORTAL_PROCESSES, so that a machine with one processor proves the same.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import pytest

from conftest import ROOT, copy_project, mkdocs_build
from portal.site.page_conversion import PROCESSES, ParallelConversion

EPOCH = "1795824000"  # 2026-11-28: both builds date the site alike
IN_WORKERS = re.compile(r"Pages converted in (\d+) processes: (\d+) by workers")


def files_of(site: Path) -> dict[str, bytes]:
    """Every file of a built site by its path."""
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def test_the_site_is_the_same_byte_for_byte_converted_in_one_process_or_several(tmp_path: Path) -> None:
    sites = {}
    for processes in ("1", "3"):
        site = tmp_path / f"site-{processes}"
        result = mkdocs_build(ROOT, site, {PROCESSES: processes, "SOURCE_DATE_EPOCH": EPOCH})
        output = result.stdout + result.stderr
        assert result.returncode == 0, output
        found = IN_WORKERS.search(output)
        if processes == "1":
            assert found is None, "one process was asked for, yet pages went to workers"
        else:
            assert found is not None and found[1] == "3", output[-2000:]
            assert int(found[2]) > 0, "no page was converted by a worker"
        sites[processes] = files_of(site)
    one, several = sites["1"], sites["3"]
    assert sorted(one) == sorted(several)
    differ = [path for path in one if one[path] != several[path]]
    assert not differ, f"{len(differ)} files differ, such as {differ[:5]}"
    assert len([path for path in one if path.endswith(".html")]) > 60


def test_a_broken_link_converted_in_a_worker_fails_the_strict_build_and_is_said_once(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    about = project / "docs" / "about.md"
    about.write_text(
        about.read_text(encoding="utf-8") + "\n[Missing](no-such-page.md) and [bad anchor](faqs.md#nope)\n",
        encoding="utf-8",
    )
    result = mkdocs_build(project, tmp_path / "site", {PROCESSES: "2"})
    output = result.stdout + result.stderr
    assert result.returncode == 1, output[-2000:]
    assert IN_WORKERS.search(output), "the pages were not converted in workers"
    # The link is found while converting (in a worker), the anchor after every page is back (links kept).
    assert output.count("contains a link 'no-such-page.md'") == 1, output[-3000:]
    assert output.count("contains a link 'faqs.md#nope'") == 1, output[-3000:]
    assert "Aborted with 2 warnings in strict mode" in output
    assert "Traceback" not in output


HOOK = """
from pathlib import Path

def on_page_content(html, page, config, files):
    if not html.strip():
        raise SystemExit(f"empty HTML for {page.file.src_uri}")
    with open(Path(config.config_file_path).parent / "seen.txt", "a") as seen:
        seen.write(page.file.src_uri + "\\n")
    return html
"""


def test_a_plugin_that_reads_each_pages_html_as_it_is_made_still_gets_it(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    (project / "read_html.py").write_text(HOOK, encoding="utf-8")
    (project / "hooked.yml").write_text("INHERIT: mkdocs.yml\nhooks:\n  - read_html.py\n", encoding="utf-8")
    result = mkdocs_build(project, tmp_path / "site", {PROCESSES: "2"}, config="hooked.yml")
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-2000:]
    assert not IN_WORKERS.search(output), "pages went to workers although another plugin reads their HTML"
    seen = (project / "seen.txt").read_text(encoding="utf-8").split()
    assert "index.md" in seen and "risks/grooming.md" in seen and len(seen) > 60


def test_without_a_safe_fork_the_build_converts_in_its_own_process(monkeypatch: pytest.MonkeyPatch) -> None:
    # macOS and Windows: no fork to trust, and no os.sched_getaffinity either (asking for it would fail).
    monkeypatch.setattr(sys, "platform", "darwin")
    monkeypatch.delattr(os, "sched_getaffinity")
    monkeypatch.setenv(PROCESSES, "")
    assert ParallelConversion.for_build(None, None, 500, None) is None  # type: ignore[arg-type]
