"""The offline edition from file:// in Chromium, and reproducible builds of the site and the zip."""

from __future__ import annotations

import filecmp
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from conftest import ROOT, mkdocs_build

EPOCH = "1795824000"  # 2026-11-28 00:00 UTC
READY_WATCH = """window.top === window && addEventListener("message", (event) => {
  if (event.data && event.data.type === 1) window.__searchReady = event.data.data;
});"""


def build(target: Path, config: str = "mkdocs.yml") -> Path:
    result = mkdocs_build(ROOT, target, {"SOURCE_DATE_EPOCH": EPOCH}, config)
    assert result.returncode == 0, result.stdout + result.stderr
    return target


def package(site: Path, target: Path) -> Path:
    env = dict(os.environ, SOURCE_DATE_EPOCH=EPOCH)
    result = subprocess.run(
        [sys.executable, "-m", "portal", "zip", str(site), str(target)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return target


@pytest.fixture(scope="module")
def offline_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The offline edition, built, zipped and unzipped as a user would."""
    work = tmp_path_factory.mktemp("offline")
    archive = package(build(work / "site", "mkdocs-offline.yml"), work / "guidance-offline.zip")
    with zipfile.ZipFile(archive) as opened:
        opened.extractall(work / "unzipped")
    return work / "unzipped" / "guidance-offline"


def test_the_zip_has_the_site_and_a_readme(offline_folder: Path) -> None:
    assert (offline_folder / "index.html").is_file() and (offline_folder / "README.txt").is_file()
    assert (offline_folder / "risks" / "grooming.html").is_file(), "pages are files, not folders"
    assert (offline_folder / "search" / "search_index.js").is_file(), "the search index is inlined"
    for html in offline_folder.rglob("*.html"):
        assert "unpkg.com" not in html.read_text(encoding="utf-8"), f"{html} loads from the internet"


@pytest.mark.browser
def test_offline_edition_works_from_file_urls_with_search(browser, offline_folder: Path) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context()
    page = context.new_page()
    requests: list[str] = []
    errors: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    # From file://, Material's shim runs the search worker in an iframe that posts its messages to this
    # window: the worker's "ready" message says whether it loaded the build's prebuilt index.
    page.add_init_script(READY_WATCH)
    page.goto((offline_folder / "index.html").as_uri())
    assert page.locator(".md-banner a[href^='tel:']").is_visible()
    page.get_by_role("link", name="Grooming", exact=True).first.click()
    assert page.url.endswith("/risks/grooming.html") and page.locator("h1").inner_text().startswith("Grooming")
    page.locator(".md-search__input").first.click()
    page.locator("input.md-search__input").press_sequentially("sexting", delay=15)
    first = page.locator(".md-search-result__item a").first
    first.wait_for(timeout=10_000)
    assert "risks/sharing-nudes.html" in first.get_attribute("href")
    ready = page.evaluate("() => window.__searchReady")
    assert ready == {"prebuilt": True}, f"the offline edition's search indexed the text itself: {ready}"
    page.goto((offline_folder / "self-review.html").as_uri())
    page.wait_for_selector("#sr.sr--ready")
    page.locator("fieldset.sr-area").first.get_by_role("radio").first.check()
    page.wait_for_function("() => localStorage.getItem('pies-self-review/v1') !== null")
    context.close()
    assert [url for url in requests if not url.startswith(("file:", "data:", "blob:"))] == []
    assert errors == []


def test_the_same_commit_builds_byte_identical_sites_and_zips(tmp_path: Path) -> None:
    first, second = build(tmp_path / "first"), build(tmp_path / "second")
    names = sorted(p.relative_to(first).as_posix() for p in first.rglob("*") if p.is_file())
    assert names == sorted(p.relative_to(second).as_posix() for p in second.rglob("*") if p.is_file())
    _, mismatch, errors = filecmp.cmpfiles(first, second, names, shallow=False)
    assert mismatch == [] and errors == []
    zips = [package(site, tmp_path / site.name / "guidance.zip").read_bytes() for site in (first, second)]
    assert zips[0] == zips[1]


def test_a_different_build_date_changes_the_output(tmp_path: Path) -> None:
    # negative control: the comparison above can fail
    other = tmp_path / "other"
    result = mkdocs_build(ROOT, other, env={"SOURCE_DATE_EPOCH": "1796428800"})  # a week later
    assert result.returncode == 0
    assert (other / "sitemap.xml.gz").read_bytes() != build(tmp_path / "first").joinpath("sitemap.xml.gz").read_bytes()


@pytest.mark.browser
def test_offline_edition_includes_the_step_by_step_guides(browser, offline_folder: Path) -> None:  # type: ignore[no-untyped-def]
    from portal.model.loader import load_guidance

    guides = load_guidance(ROOT / "data").guides
    for guide in guides:
        assert (offline_folder / "respond" / f"{guide.id}.html").is_file(), f"{guide.id} missing offline"
    guide = guides.get("sextortion")
    question = guide.step(guide.start)
    context = browser.new_context()
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto((offline_folder / "respond" / "index.html").as_uri())
    page.locator("article").get_by_role("link", name=guide.title).click()
    page.wait_for_selector(".portal-guide--one-step")  # the script has run
    assert page.url.endswith("/respond/sextortion.html")
    # One question at a time from file:// too, and an answer moves on.
    assert page.locator("section.portal-guide-step:visible").count() == 1
    first = question.answers[0]
    page.locator(f"section[data-step='{question.id}']").get_by_role("link", name=first.label, exact=True).click()
    page.wait_for_function("id => location.hash === '#' + id", arg=first.next)
    assert page.locator("section.portal-guide-step:visible").evaluate("s => s.dataset.step") == first.next
    context.close()
    assert [url for url in requests if not url.startswith(("file:", "data:", "blob:"))] == []
