"""The moment of need: the home page, audience pages and the 404 page lead to the step-by-step guides first."""

from __future__ import annotations

import shutil
from pathlib import Path
from urllib.parse import urljoin

import pytest
import yaml

from conftest import ROOT, axe_violations, recording_page
from portal.model.loader import load_guidance
from portal.source.errors import DataErrors

GUIDANCE = load_guidance(ROOT / "data")
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def incident_links(soup) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    """(text, href) of the links in a page's 'Something has happened?' block."""
    block = soup.select_one(".portal-incident")
    assert block is not None, "no 'Something has happened?' block"
    return [(link.get_text(" ", strip=True), link["href"]) for link in block.select("a")]


def test_the_home_page_opens_with_every_guide_in_the_readers_words(page) -> None:  # type: ignore[no-untyped-def]
    home = page("")
    headings = [h.get_text(" ", strip=True).rstrip("¶").strip() for h in home.select("article h2")]
    assert headings[0] == "Something has happened?", headings
    assert headings.index("Start with the four objectives") > 0, "the frameworks follow the incidents"
    links = incident_links(home)
    assert sorted(links) == sorted((guide.situation, f"respond/{guide.id}/") for guide in GUIDANCE.guides)
    # In the reader's words, not the guides' titles (a title stays the page's heading).
    assert all(guide.situation != guide.title for guide in GUIDANCE.guides)
    assert not {text for text, _ in links} & {guide.title for guide in GUIDANCE.guides}


def test_every_audience_page_lists_the_guides_for_its_risks(page) -> None:  # type: ignore[no-untyped-def]
    for audience in GUIDANCE.audiences:
        expected = GUIDANCE.guides_for_audience(audience.id)
        soup = page(f"audiences/{audience.id}/")
        if not expected:
            assert soup.select_one(".portal-incident") is None
            continue
        links = incident_links(soup)
        assert [href for _, href in links] == [f"../../respond/{guide.id}/" for guide in expected], audience.id


def test_the_sports_page_links_the_guide_for_a_concern_about_a_coach(page) -> None:  # type: ignore[no-untyped-def]
    links = dict(incident_links(page("audiences/sport/")))
    coach = [text for text in links if "coach" in text]
    assert coach and links[coach[0]] == "../../respond/staff-online-conduct/"


def test_guides_about_an_audiences_priority_risks_come_first() -> None:
    for audience in GUIDANCE.audiences:
        about_priorities = [
            bool(set(guide.risks) & set(audience.priority_risks)) for guide in GUIDANCE.guides_for_audience(audience.id)
        ]
        assert about_priorities == sorted(about_priorities, reverse=True), audience.id


def test_a_guide_without_a_situation_is_listed_by_its_title(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    guide_file = data / "guides" / "sextortion.yml"
    text = guide_file.read_text(encoding="utf-8")
    situation = next(line for line in text.splitlines() if line.startswith("situation:"))
    guide_file.write_text(text.replace(situation + "\n", ""), encoding="utf-8")
    guide = load_guidance(data).guides.get("sextortion")
    assert guide.situation == guide.title


@pytest.mark.parametrize(
    ("value", "problem"),
    [('"A child\\nis being blackmailed"', "single line"), ("'" + "x" * 101 + "'", "the limit is 100")],
)
def test_a_situation_over_one_line_is_refused_with_its_line(tmp_path: Path, value: str, problem: str) -> None:
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    guide_file = data / "guides" / "sextortion.yml"
    lines = guide_file.read_text(encoding="utf-8").splitlines()
    number = next(index for index, line in enumerate(lines) if line.startswith("situation:"))
    lines[number] = f"situation: {value}"
    guide_file.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(DataErrors) as failure:
        load_guidance(data)
    errors = [e for e in failure.value.errors if e.field == "situation"]
    assert len(errors) == 1, failure.value.report()
    assert errors[0].file == "data/guides/sextortion.yml" and errors[0].line == number + 1
    assert problem in errors[0].problem


def test_the_404_page_says_what_happened_and_leads_to_help(built_site: Path, page) -> None:  # type: ignore[no-untyped-def]
    soup = page("404.html")
    assert soup.title is not None and soup.title.get_text().startswith("Page not found")
    assert soup.select_one("article h1").get_text(strip=True) == "Page not found"
    assert "error 404" in soup.select_one("article").get_text()
    assert GUIDANCE.site.emergency in soup.select_one(".portal-helpbar").get_text(), "the help bar is there too"
    links = {a.get_text(strip=True): a["href"] for a in soup.select("article .portal-not-found a")}
    # Served from any address, the links start at the site's root ('/.' is the root once resolved).
    resolved = {text: urljoin("http://127.0.0.1/no/such/page/", href) for text, href in links.items()}
    root = "http://127.0.0.1/"
    assert resolved == {
        "Get help now": root + "get-help/",
        "Respond step by step": root + "respond/",
        "Home page": root,
    }
    for address in resolved.values():
        assert (built_site / address.removeprefix(root) / "index.html").is_file(), address
    assert soup.select_one("input.md-search__input") is not None, "the search box is on the page"


@pytest.mark.browser
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_the_guides_are_on_the_first_screens_of_the_home_page(browser, site_url: str, viewport) -> None:  # type: ignore[no-untyped-def]
    with recording_page(browser, has_touch=viewport is PHONE) as tab:
        tab.set_viewport_size(viewport)
        tab.goto(f"{site_url}/")
        links = tab.locator(".portal-incident a")
        assert links.count() == len(GUIDANCE.guides)
        bottom = max(box["y"] + box["height"] for box in (links.nth(i).bounding_box() for i in range(links.count())))
        assert bottom <= 1.5 * viewport["height"], f"the last guide link ends at {bottom:.0f}px"
        # Control: the frameworks come after the guides.
        objectives = tab.locator("h2#start-with-the-four-objectives").bounding_box()
        assert objectives is not None and objectives["y"] > bottom
        for index in range(links.count()):  # large enough to tap (WCAG 2.5.8 asks 24px; these are 44px)
            assert links.nth(index).bounding_box()["height"] >= 44
        overflow = tab.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0
        assert axe_violations(tab) == []
        assert tab.errors == []


@pytest.mark.browser
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_the_404_page_in_chromium(browser, site_url: str, viewport) -> None:  # type: ignore[no-untyped-def]
    with recording_page(browser) as tab:
        tab.set_viewport_size(viewport)
        tab.goto(f"{site_url}/404.html")
        assert tab.locator("h1").inner_text() == "Page not found"
        tab.locator(".portal-not-found a", has_text="Get help now").click()
        tab.wait_for_load_state()
        assert tab.url == f"{site_url}/get-help/"
        tab.goto(f"{site_url}/404.html")
        assert axe_violations(tab) == []
        assert tab.errors == []


def test_each_guide_file_names_its_situation() -> None:
    for path in sorted((ROOT / "data" / "guides").glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert isinstance(data.get("situation"), str) and len(data["situation"]) <= 100, path.name


NATIONS = ["england", "wales", "scotland", "northern-ireland"]


@pytest.mark.browser
def test_get_help_now_fits_five_phone_screens_once_a_nation_is_chosen(browser, site_url: str) -> None:  # type: ignore[no-untyped-def]
    heights = {}
    for nation in [*NATIONS, "all"]:
        with recording_page(browser) as tab:
            tab.set_viewport_size(PHONE)
            tab.add_init_script(f"localStorage.setItem('portal-nation', '{nation}')")
            tab.goto(f"{site_url}/get-help/")
            heights[nation] = tab.evaluate("document.documentElement.scrollHeight") / PHONE["height"]
            # The rest is one tap away: every helpline and reporting route in full on the resources page.
            full = tab.locator("article a", has_text="Every helpline and reporting route in full")
            assert full.get_attribute("href") == "../resources/#helpline"
            if nation != "all":
                assert tab.locator(".portal-contact-list [data-nations]:visible").evaluate_all(
                    f"els => els.every(e => e.dataset.nations.split(' ').includes('{nation}'))"
                )
            assert tab.errors == []
    assert all(heights[nation] <= 5 for nation in NATIONS), heights
    assert heights["all"] > max(heights[nation] for nation in NATIONS), "choosing a nation folds the others away"


def test_get_help_now_lists_every_helpline_and_reporting_route_compactly(page) -> None:  # type: ignore[no-untyped-def]
    soup = page("get-help/")
    finders = {"report-child-abuse-to-local-council", "find-local-authority-wales", "find-council-scotland"}
    finders |= {"hsc-trust-gateway-teams", "resws-northern-ireland"}
    listed = {link["href"].rsplit("#", 1)[-1] for link in soup.select(".portal-contact-list .portal-contact__name a")}
    expected = {r.id for r in GUIDANCE.resources if r.kind in ("helpline", "reporting")} - finders
    assert listed == expected
    for block in soup.select(".portal-contact-list .portal-contact"):
        assert len(block.get_text(" ", strip=True).split()) <= 25, block.get_text(" ", strip=True)
    # Negative control: the long cards (summary, audiences, review line) are on the resources page, not here.
    assert soup.select(".portal-contact-list .portal-review") == []
    assert "For:" not in soup.select_one(".portal-contact-list").get_text()
    links = [href for _, href in incident_links(soup)]
    assert sorted(links) == sorted(f"../respond/{guide.id}/" for guide in GUIDANCE.guides)
