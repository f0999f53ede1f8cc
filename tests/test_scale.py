"""Large content: the synthetic generator makes valid data, and a big site stays lean where it must.

The figures themselves (build time, page weight, search speed) come from `python3 dev.py benchmark`;
these tests pin the design that keeps them linear, and run the benchmark once at a small size.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from synthetic import generate, mix_for  # benchmarks/, which conftest puts on the path

from conftest import ROOT, chromium_path, copy_project, mkdocs_build
from portal.model.project import load_project
from portal.plugin import NAV_LIMIT
from portal.publish.search_index import FULL_INDEX
from portal.source.errors import DataErrors

ITEMS = 500  # enough for more risk areas and audiences than a menu section lists (30), with a margin


def _digest(folder: Path) -> str:
    files = sorted(p for p in folder.rglob("*") if p.is_file())
    return hashlib.sha256(
        b"".join(p.relative_to(folder).as_posix().encode() + p.read_bytes() for p in files)
    ).hexdigest()


@pytest.fixture(scope="module")
def large_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project with 400 items of synthetic content, built with the real MkDocs."""
    project = copy_project(tmp_path_factory.mktemp("large") / "project")
    generate(project, ITEMS)
    site = project / "site"
    result = mkdocs_build(project, site)
    assert result.returncode == 0, result.stderr
    return site


def _soup(site: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / path / "index.html").read_text(encoding="utf-8"), "html.parser")


def test_synthetic_content_passes_the_loader_and_is_reproducible(tmp_path: Path) -> None:
    first = generate(tmp_path / "a", 300)
    generate(tmp_path / "b", 300)
    assert first.total == 300
    assert _digest(tmp_path / "a" / "data") == _digest(tmp_path / "b" / "data")
    guidance = load_project(tmp_path / "a" / "data", ROOT / "docs", None).guidance
    assert len(guidance.risks) == first.counts["risk"] > 14
    assert len(guidance.resources) == first.counts["resource"] > 35
    assert len(guidance.faqs) == first.counts["faq"]
    assert len(guidance.glossary) == first.counts["term"]
    assert len(guidance.objectives) == 4  # the PIES model does not grow
    synthetic = guidance.risks.get("synthetic-risk-00001")
    assert synthetic.related and synthetic.resources and synthetic.review.sources
    assert guidance.resources.get("posh").title.startswith("Professionals Online Safety Helpline")


def test_synthetic_content_differs_with_the_seed_and_refuses_too_few_items(tmp_path: Path) -> None:
    generate(tmp_path / "a", 200, seed=1)
    generate(tmp_path / "b", 200, seed=2)
    assert _digest(tmp_path / "a" / "data") != _digest(tmp_path / "b" / "data")
    with pytest.raises(ValueError, match="already holds"):
        mix_for(50, ROOT / "data")


def test_a_broken_synthetic_item_is_caught_by_the_loader(tmp_path: Path) -> None:
    """Control: the loader is the judge of validity, and it does reject a bad generated file."""
    generate(tmp_path, 200)
    item = tmp_path / "data" / "risks" / "synthetic-risk-00001.yml"
    item.write_text(item.read_text(encoding="utf-8").replace("related:", "relatd:"), encoding="utf-8")
    with pytest.raises(DataErrors, match="synthetic-risk-00001.yml"):
        load_project(tmp_path / "data", ROOT / "docs", None)


def test_long_menu_sections_list_their_index_page_only(large_site: Path, built_site: Path) -> None:
    counts = mix_for(ITEMS, ROOT / "data").counts  # the shipped data's mix decides how many of each
    assert counts["risk"] > NAV_LIMIT and counts["audience"] > NAV_LIMIT, f"too few to test long menus: {counts}"
    risk_page = _soup(large_site, "risks/grooming")
    nav_links = [a["href"] for a in risk_page.select("nav.md-nav--primary a[href]")]
    assert not [href for href in nav_links if "synthetic-risk" in href or "online-bullying" in href]
    audience_page = _soup(large_site, "audiences/schools")
    assert not [a for a in audience_page.select("nav.md-nav--primary a[href]") if "synthetic-audience" in a["href"]]
    # The risk areas' index still links every one of them.
    index_links = {a["href"] for a in _soup(large_site, "risks").select("article a[href]:not(.headerlink)")}
    assert sum("synthetic-risk-" in href for href in index_links) == mix_for(ITEMS, ROOT / "data").counts["risk"] - 14
    # Control: with the shipped 14 risk areas, the menu lists them all.
    shipped = BeautifulSoup((built_site / "risks" / "grooming" / "index.html").read_text(), "html.parser")
    assert any("online-bullying" in a["href"] for a in shipped.select("nav.md-nav--primary a[href]"))


def test_the_home_page_lists_a_bounded_number_of_risks_and_settings(large_site: Path, built_site: Path) -> None:
    home = _soup(large_site, "")
    risk_links = home.select(".portal-risk-links a")
    assert len(risk_links) == 16
    # Those chosen are the ones most settings name as priorities, e.g. the shipped 'grooming'.
    assert any(a["href"].rstrip("/").endswith("risks/grooming") for a in risk_links)
    counts = mix_for(ITEMS, ROOT / "data").counts
    assert home.find("a", string=f"All {counts['audience']} settings")
    # Control: the shipped home page lists every risk area and has no 'All n settings' link.
    shipped_home = BeautifulSoup((built_site / "index.html").read_text(), "html.parser")
    assert len(shipped_home.select(".portal-risk-links a")) == len(list((ROOT / "data" / "risks").glob("*.yml")))
    assert not shipped_home.find("a", string=lambda text: bool(text and text.startswith("All ") and "settings" in text))


def test_search_tags_sit_on_their_own_entries_and_the_index_stays_small(large_site: Path) -> None:
    raw = (large_site / FULL_INDEX).read_bytes()
    docs = json.loads(raw)["docs"]
    by_location = {doc["location"]: doc for doc in docs}
    assert "POSH" in by_location["resources/#posh"]["tags"]
    assert "POSH" not in by_location["resources/#childline"].get("tags", [])
    # A listing page's tags (every question) sit on the page's own entry; each section has its own.
    faq_sections = [doc for doc in docs if doc["location"].startswith("faqs/#")]
    assert faq_sections and all(len(doc.get("tags", [])) == 1 for doc in faq_sections)
    assert len(by_location["faqs/"]["tags"]) >= mix_for(ITEMS, ROOT / "data").counts["faq"]
    # Sections that only link to other pages are not indexed; the page's own guidance is.
    locations = set(by_location)
    assert not {"risks/grooming/#related", "risks/grooming/#audiences", "audiences/schools/#risks"} & locations
    assert {"risks/grooming/#what-to-do-now", "audiences/schools/#focus"} <= locations
    assert len(gzip.compress(raw)) / ITEMS <= 1.5 * 1024


def test_abbreviations_are_explained_without_definitions_in_the_page(large_site: Path) -> None:
    html = (large_site / "risks" / "grooming" / "index.html").read_text(encoding="utf-8")
    soup = BeautifulSoup(html, "html.parser")
    expansion = load_project(ROOT / "data", ROOT / "docs", None).guidance.abbreviations()["DSL"]
    assert soup.find("abbr", string="DSL")["title"] == expansion
    assert "*[" not in soup.find("article").get_text()


class TestTheBenchmarkCommand:
    """The whole benchmark, in a class of its own: parallel workers (loadscope) run it beside the tests of the
    synthetic site, instead of after them in the same worker."""

    @pytest.mark.skipif(
        chromium_path() is None and os.environ.get("CI") != "true",
        reason="Chromium not found: the benchmark times search in it (Debian: apt-get install chromium)",
    )
    def test_the_benchmark_command_runs_and_writes_its_table(self, tmp_path: Path, built_site: Path) -> None:
        results, report = tmp_path / "scale.json", tmp_path / "BENCHMARKS.md"
        report.write_text("# Benchmarks\n\nKept text.\n", encoding="utf-8")
        command = [sys.executable, str(ROOT / "benchmarks" / "scale.py"), "--sizes", "160", "--runs", "1"]
        command += ["--preview-runs", "1", "--json", str(results), "--report", str(report)]
        command += ["--shipped-site", str(built_site)]  # the run's own build of the shipped content, not another
        done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600)
        assert done.returncode == 0, done.stdout + done.stderr
        figures = json.loads(results.read_text(encoding="utf-8"))
        size = figures["sizes"][0]
        assert size["items"] == 160 and size["pages"] > 40
        assert size["build_s"] > 0 and size["plain_build_s"] > 0 and size["peak_memory_mb"] > 10
        assert 0 < size["search_index_gzip_kb"] < size["search_index_kb"]
        assert size["search"]["max_ms"] > 0 and figures["edit_to_preview"]["median_s"] > 0
        assert figures["shipped_search"], "search typed at load was timed on the given build of the shipped content"
        assert {t["target"][:20] for t in figures["targets"]} and figures["machine"]["cpus"]
        text = report.read_text(encoding="utf-8")
        assert text.startswith("# Benchmarks\n\nKept text.\n")
        assert (
            "| Build, median of runs |" in text
            and "| 160 items |" in text
            and "Reproduce: `python3 dev.py benchmark`" in text
        )


def test_the_benchmark_refuses_a_size_below_the_shipped_content_in_one_line() -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "scale.py"), "--sizes", "50"], capture_output=True, text=True
    )
    assert done.returncode == 2
    assert "error: --sizes 50: the shipped content already holds" in done.stderr
    assert "Traceback" not in done.stderr


def test_the_benchmark_refuses_a_shipped_site_that_is_not_a_build(tmp_path: Path) -> None:
    command = [sys.executable, str(ROOT / "benchmarks" / "scale.py"), "--shipped-site", str(tmp_path)]
    done = subprocess.run(command, capture_output=True, text=True)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert f"error: --shipped-site {tmp_path}: no built site there" in done.stderr


def test_the_compare_benchmark_builds_two_revisions_and_writes_its_section(tmp_path: Path) -> None:
    results, report = tmp_path / "compare.json", tmp_path / "BENCHMARKS.md"
    report.write_text("# Benchmarks\n\nKept text.\n", encoding="utf-8")
    command = [sys.executable, str(ROOT / "benchmarks" / "compare.py"), "--before", "HEAD", "--after", "HEAD"]
    command += ["--runs", "1", "--label", "Same twice", "--json", str(results), "--report", str(report)]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    figures = json.loads(results.read_text(encoding="utf-8"))
    before, after = figures["before"], figures["after"]
    assert before["build_s"] > 0 and after["build_s"] > 0 and before["commit"] == after["commit"]
    # The same revision twice: the same files, byte for byte, so no part is listed as changed.
    assert before["parts"] == after["parts"] and before["parts"]["index.html"]["files"] == 1
    assert figures["rebuild_work"]["feeds_ms"] > 0 and figures["rebuild_work"]["open_data_ms"] > 0
    text = report.read_text(encoding="utf-8")
    assert text.startswith("# Benchmarks\n\nKept text.\n")
    assert "<!-- compare-same-twice:start -->" in text and "| (nothing changed) |" in text
    assert "| Files | " in text and "| +0 |" in text
    # The worktrees are removed afterwards.
    listed = subprocess.run(["git", "worktree", "list"], cwd=ROOT, capture_output=True, text=True, check=True)
    assert "portal-compare-" not in listed.stdout
