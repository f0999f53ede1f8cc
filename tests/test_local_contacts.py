"""Local contacts and out of hours (issue 26): each nation's finder for the local team, and the help bar's
routes for when the helpline is closed, named by resource in help.out_of_hours, on the real built site."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT, SAMPLE_FORK, axe_violations, copy_project, mkdocs_build
from portal.model import Guidance
from portal.model.loader import load_guidance
from portal.model.site import OutOfHoursRoute
from portal.source.errors import DataError, DataErrors

# Each nation's way to find the local children's social care (social work) team, and Northern Ireland's
# out-of-hours service: the five resources of this part of the issue.
FINDERS = {
    "england": "report-child-abuse-to-local-council",
    "wales": "find-local-authority-wales",
    "scotland": "find-council-scotland",
    "northern-ireland": "hsc-trust-gateway-teams",
}
RESWS = "resws-northern-ireland"
BLOCK = ".portal-nations[data-nation-topic='Find the local team']"


@pytest.fixture(scope="module")
def guidance() -> Guidance:
    return load_guidance(ROOT / "data")


def html_pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if p.name != "404.html")


def parse(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def target_of(site: Path, page: Path, href: str) -> tuple[Path, str]:
    """The built file and anchor a relative link on `page` leads to."""
    here = "/" + page.parent.relative_to(site).as_posix() + "/"
    parts = urlsplit(urljoin(f"http://site{here}", href))
    return site / parts.path.strip("/") / "index.html", parts.fragment


# ---- The help bar on every page ----


def test_the_help_bar_on_every_page_names_the_out_of_hours_routes_with_working_links(
    built_site: Path, guidance: Guidance
) -> None:
    routes = guidance.site.out_of_hours
    assert [r.resources for r in routes] == [
        (FINDERS["england"], FINDERS["wales"], FINDERS["scotland"], RESWS),
        ("police-101",),
    ]
    labels = [routes[0].label[:1].upper() + routes[0].label[1:], *(r.label for r in routes[1:])]
    checked: dict[tuple[Path, str], bool] = {}
    pages = html_pages(built_site)
    assert len(pages) > 40
    for path in pages:
        bar = parse(path).select_one(".md-banner .portal-helpbar")
        assert bar is not None, path
        line = bar.select_one(".portal-helpbar__out-of-hours")
        assert line is not None, f"{path}: no out-of-hours line"
        assert " ".join(line.get_text(" ").split()).startswith("Closed?")
        links = line.find_all("a")
        assert [a.get_text() for a in links] == labels, path
        for link in links:
            target, anchor = target_of(built_site, path, link["href"])
            if (target, anchor) not in checked:
                checked[(target, anchor)] = target.is_file() and parse(target).find(id=anchor) is not None
            assert checked[(target, anchor)], f"{path}: {link['href']} leads nowhere"
    # One route resource links to its entry; the nation-by-nation route to the Get help now section.
    assert {(t.parent.name, a) for t, a in checked} == {
        ("resources", "police-101"),
        ("get-help", "find-the-local-team"),
    }


def test_a_hosted_copy_without_out_of_hours_builds_and_shows_no_such_line(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    (project / "local").mkdir()
    # A profile's help replaces upstream's whole block, so this copy has no out-of-hours routes.
    (project / "local" / "profile.yml").write_text(
        "name: Test copy\nhelp:\n  resource: posh\n  emergency: If a child is in immediate danger, call 999.\n",
        encoding="utf-8",
    )
    result = mkdocs_build(project, tmp_path / "site", env={"PORTAL_LOCAL_DIR": "local"})
    assert result.returncode == 0, result.stdout + result.stderr
    for path in (tmp_path / "site" / "index.html", tmp_path / "site" / "risks" / "grooming" / "index.html"):
        bar = parse(path).select_one(".portal-helpbar")
        assert bar is not None and bar.find("a", href="tel:+443443814772") is not None
        assert bar.select_one(".portal-helpbar__out-of-hours") is None
        assert "Closed?" not in bar.get_text() and "police-101" not in str(bar)
    # Get help now still shows each nation's finder, with no out-of-hours line.
    block = parse(tmp_path / "site" / "get-help" / "index.html").select_one(BLOCK)
    assert block is not None and "Find the local team:" in block.get_text()
    assert "Out of hours:" not in block.get_text()


def test_the_sample_fork_keeps_upstream_routes_and_a_copy_can_name_its_own(tmp_path: Path, guidance: Guidance) -> None:
    assert load_guidance(ROOT / "data", local_dir=SAMPLE_FORK).site.out_of_hours == guidance.site.out_of_hours
    local = tmp_path / "local"
    local.mkdir()
    (local / "profile.yml").write_text(
        "name: Test copy\nhelp:\n  resource: posh\n  emergency: Call 999 in an emergency.\n  out_of_hours:\n"
        "    - label: police on 101\n      resources: [police-101]\n",
        encoding="utf-8",
    )
    site = load_guidance(ROOT / "data", local_dir=local).site
    assert site.out_of_hours == (OutOfHoursRoute("police on 101", ("police-101",)),)


# ---- The five resources ----


def test_every_finder_is_on_the_resources_page_with_its_address(page, guidance: Guidance) -> None:  # type: ignore[no-untyped-def]
    soup = page("resources/")
    for resource_id in [*FINDERS.values(), RESWS]:
        resource = guidance.resources.get(resource_id)
        heading = soup.find(id=resource_id)
        assert heading is not None and heading.name == "h3", resource_id
        entry = []
        for sibling in heading.find_next_siblings():
            if sibling.name in ("h2", "h3"):
                break
            entry.append(sibling)
        links = [a["href"] for element in entry for a in element.find_all("a", href=True)]
        assert resource.url in links, f"{resource_id}: its address {resource.url} is not in its entry"
        assert resource.review.reviewed.isoformat() == "2026-12-07" and resource.review.sources
    resws = guidance.resources.get(RESWS)
    assert resws.contact is not None and resws.contact.phone == "028 9504 9999"
    # Nation-limited, each names what applies in every other nation.
    for nation, resource_id in FINDERS.items():
        resource = guidance.resources.get(resource_id)
        assert resource.nations == (nation,)
        assert {other for other, _ in resource.equivalents} == set(FINDERS) - {nation}


# ---- Get help now ----


def test_get_help_shows_each_nations_finder_and_out_of_hours_routes(page, guidance: Guidance) -> None:  # type: ignore[no-untyped-def]
    soup = page("get-help/")
    heading = soup.find(id="find-the-local-team")
    assert heading is not None and heading.name == "h2"
    block = soup.select_one(BLOCK)
    assert block is not None and block.find_previous("h2") is heading
    for nation, finder in FINDERS.items():
        [section] = block.select(f".portal-nation[data-nations='{nation}']")
        hrefs = [a["href"] for a in section.find_all("a", href=True)]
        assert f"../resources/#{finder}" in hrefs, nation
        assert "../resources/#police-101" in hrefs and "tel:101" in hrefs, nation
        others = {f"../resources/#{other}" for n, other in FINDERS.items() if n != nation}
        assert not others & set(hrefs), f"{nation}'s block links to another nation's finder"
        text = " ".join(section.get_text(" ").split())
        assert "Find the local team:" in text and "Out of hours:" in text
    northern_ireland = block.select_one(".portal-nation[data-nations='northern-ireland']")
    assert northern_ireland.find("a", href=f"../resources/#{RESWS}") is not None
    assert northern_ireland.find("a", href="tel:+442895049999") is not None
    england = block.select_one(".portal-nation[data-nations='england']")
    assert england.find("a", href=f"../resources/#{RESWS}") is None
    assert "out-of-hours number, found through the finder above" in england.get_text()


@pytest.mark.browser
@pytest.mark.parametrize("nation", list(FINDERS))
def test_with_a_nation_chosen_on_a_phone_its_finder_shows_and_the_others_fold(
    browser, site_url: str, nation: str
) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        page.goto(f"{site_url}/get-help/")
        page.locator("#portal-nation-select").select_option(nation)
        block = page.locator(BLOCK)
        for other, finder in FINDERS.items():
            section = block.locator(f".portal-nation[data-nations='{other}']")
            link = section.locator(f"a[href='../resources/#{finder}']")
            assert (section.is_visible(), link.is_visible()) == (other == nation, other == nation), other
        assert block.locator(".portal-nation-others").count() == 1
        # The help bar stays within three lines and the page does not scroll sideways.
        bar = page.locator(".portal-helpbar")
        height, line = bar.evaluate(
            "e => [e.getBoundingClientRect().height, parseFloat(getComputedStyle(e).lineHeight)]"
        )
        assert height <= 3 * line + 1, f"help bar is {height / line:.1f} lines"
        assert bar.locator(".portal-helpbar__out-of-hours a").count() == 2
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        if nation == "northern-ireland":
            assert axe_violations(page) == []
    finally:
        context.close()


@pytest.mark.browser
def test_the_help_bar_fits_a_320_px_screen_without_sideways_scrolling(browser, site_url: str) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 320, "height": 700})
    page = context.new_page()
    try:
        page.goto(f"{site_url}/risks/grooming/")
        assert page.locator(".portal-helpbar__out-of-hours").is_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= 320
        links = page.locator(".portal-helpbar__out-of-hours a")
        links.first.focus()
        outline = links.first.evaluate("a => getComputedStyle(a).outlineStyle")
        assert outline != "none", "the focused link shows no focus ring"
    finally:
        context.close()


# ---- Mistakes in help.out_of_hours ----


def errors_for(data: Path, local: Path | None = None) -> list[DataError]:
    with pytest.raises(DataErrors) as failure:
        load_guidance(data, local_dir=local)
    return list(failure.value.errors)


HELP = "  emergency: If a child is in immediate danger, call 999.\n"
CASES = {
    "label too long": (
        "    - label: " + "x" * 61 + "\n      resources: [helpline-one]\n",
        13,
        "help.out_of_hours[0].label",
    ),
    "unknown resource": (
        "    - label: the duty team\n      resources: [no-such-team]\n",
        14,
        "help.out_of_hours[0].resources[0]",
    ),
    "no resources": ("    - label: the duty team\n      resources: []\n", 14, "help.out_of_hours[0].resources"),
    "unknown field": (
        "    - label: the duty team\n      resources: [helpline-one]\n      page: get-help\n",
        15,
        "help.out_of_hours[0].page",
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_a_bad_out_of_hours_route_is_one_error_with_file_line_and_field(minimal_data: Path, case: str) -> None:
    routes, line, field = CASES[case]
    site = minimal_data / "site.yml"
    text = site.read_text(encoding="utf-8")
    assert text.endswith(HELP), "fixture changed: help is no longer last"
    site.write_text(text + "  out_of_hours:\n" + routes, encoding="utf-8")
    [error] = errors_for(minimal_data)
    assert (error.file, error.line, error.field) == ("data/site.yml", line, field), str(error)
    assert "\n" not in str(error)
    if case == "unknown resource":
        assert "no-such-team" in error.problem
    # The command line prints it as that one line, without a traceback.
    result = subprocess.run(
        [sys.executable, "-m", "portal", "--data", str(minimal_data), "check"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.splitlines()[0].endswith(f"site.yml:{line}: {field}: {error.problem} ({error.hint})")


def test_a_valid_route_loads_and_hiding_a_route_resource_is_refused(minimal_data: Path, tmp_path: Path) -> None:
    site = minimal_data / "site.yml"
    site.write_text(
        site.read_text(encoding="utf-8")
        + "  out_of_hours:\n    - label: the duty team\n      resources: [helpline-one]\n",
        encoding="utf-8",
    )
    routes = load_guidance(minimal_data).site.out_of_hours
    assert routes == (OutOfHoursRoute("the duty team", ("helpline-one",)),)
    # A hosted copy cannot hide a resource the help bar links to: reported at the hide entry in its profile.
    local = tmp_path / "local"
    local.mkdir()
    (local / "profile.yml").write_text("name: Test copy\nhide:\n  resources: [police-101]\n", encoding="utf-8")
    [error] = errors_for(ROOT / "data", local)
    assert (error.file.rsplit("/", 1)[-1], error.line, error.field) == ("profile.yml", 3, "hide.resources[0]")
    assert "'police-101' is in help.out_of_hours" in error.problem
