"""A nation view that never says less about your nation: on every page of the built site, for every nation."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag

from tests.conftest import recording_page

NATIONS = ("england", "wales", "scotland", "northern-ireland")
NAMES = {"england": "England", "wales": "Wales", "scotland": "Scotland", "northern-ireland": "Northern Ireland"}


def built_pages(site: Path) -> list[Path]:
    """Every HTML page of the built site that has content (redirect stubs have none)."""
    return sorted(path for path in site.rglob("*.html") if "md-content" in path.read_text(encoding="utf-8"))


def page_address(site: Path, path: Path) -> str:
    relative = path.relative_to(site).as_posix()
    return relative[: -len("index.html")] if relative.endswith("index.html") else relative


def nations_of(element: Tag) -> set[str]:
    return set(str(element["data-nations"]).split())


# ---- Structure, as written (no JavaScript) ----


def test_no_nations_block_sits_inside_another_nations_block(built_site: Path) -> None:
    nested = []
    for path in built_pages(built_site):
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for element in soup.select("[data-nations]"):
            outer = element.find_parent(attrs={"data-nations": True})
            if outer is not None and not nations_of(element) <= nations_of(outer):
                nested.append(
                    f"{page_address(built_site, path)}: {sorted(nations_of(element))} in {sorted(nations_of(outer))}"
                )
    assert not nested, "nation blocks inside another nation's block:\n" + "\n".join(nested[:20])


def test_without_javascript_every_nation_block_is_labelled_with_its_nations(built_site: Path) -> None:
    unlabelled = []
    count = 0
    for path in built_pages(built_site):
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for element in soup.select("[data-nations]"):
            count += 1
            if "portal-resource" in element.get("class", []):
                label = element.select_one(".portal-where")
            else:
                label = element.select_one(".portal-nation__label")
            text = label.get_text(" ", strip=True) if label else ""
            if not all(NAMES[nation] in text for nation in nations_of(element)):
                unlabelled.append(f"{page_address(built_site, path)}: {element.get_text(' ', strip=True)[:80]!r}")
    assert count > 200, f"only {count} nation blocks: is the site built from the real data?"
    assert not unlabelled, "nation blocks that do not name their nations:\n" + "\n".join(unlabelled[:20])


def test_a_nation_limited_resource_s_elsewhere_lines_follow_its_card_not_inside_it(page) -> None:  # type: ignore[no-untyped-def]
    soup = page("risks/sharing-nudes/")
    kcsie = soup.select_one(".portal-resource-entry[data-nation-topic='KCSIE']")
    assert kcsie is not None
    card = kcsie.select_one(".portal-resource[data-nations='england']")
    assert card is not None and card.select("[data-nations]") == []
    wales = kcsie.select_one(".portal-elsewhere [data-nations='wales']")
    assert wales is not None and "Keeping learners safe" in wales.get_text()
    assert " ".join(wales.select_one(".portal-nation__label").get_text().split()).startswith("Wales, in place of KCSIE")


# ---- In Chromium, every page, every nation ----

# For one page: which blocks of each nation are visible with all nations shown, and then with each nation chosen
# (through the real control); the names of the "Other nations" buttons; headings left with nothing under them.
_SURVEY = """
async (nations) => {
  const select = document.querySelector('#portal-nation-select');
  const visible = (e) => e.checkVisibility();
  const blocks = (nation) => [...document.querySelectorAll('article [data-nations]')]
      .map((e, i) => [i, e]).filter(([i, e]) => e.getAttribute('data-nations').split(' ').includes(nation));
  const choose = (value) => { select.value = value; select.dispatchEvent(new Event('change')); };
  choose('all');
  const before = {};
  for (const nation of nations) before[nation] = blocks(nation).filter(([i, e]) => visible(e)).map(([i]) => i);
  const result = {};
  for (const nation of nations) {
    choose(nation);
    const shown = new Set(blocks(nation).filter(([i, e]) => visible(e)).map(([i]) => i));
    const all = [...document.querySelectorAll('article [data-nations]')];
    const buttons = [...document.querySelectorAll('.portal-nation-others')].map((b) => b.textContent);
    const orphans = [...document.querySelectorAll('article .portal-nations__heading')]
      .filter((h) => visible(h))
      .filter((h) => ![...h.closest('[data-nation-group]').querySelectorAll('.portal-nation')].some(visible))
      .map((h) => h.textContent);
    result[nation] = {
      hidden: before[nation].filter((i) => !shown.has(i)).map((i) => all[i].textContent.trim().slice(0, 90)),
      folded: all.filter((e) => !visible(e)).length,
      buttons: buttons,
      orphans: orphans,
    };
  }
  choose('all');
  return result;
}
"""


@pytest.fixture(scope="module")
def survey(browser, built_site: Path, site_url: str) -> dict[str, dict[str, dict[str, object]]]:  # type: ignore[no-untyped-def]
    """Every content page surveyed in Chromium: address → nation → findings."""
    found: dict[str, dict[str, dict[str, object]]] = {}
    with recording_page(browser) as tab:
        for path in built_pages(built_site):
            address = page_address(built_site, path)
            tab.goto(f"{site_url}/{address}")
            if tab.locator("#portal-nation-select").count() == 0:
                continue
            found[address] = tab.evaluate(_SURVEY, list(NATIONS))
        assert tab.errors == [], tab.errors
    return found


@pytest.mark.browser
def test_every_page_was_surveyed(survey, built_site: Path) -> None:  # type: ignore[no-untyped-def]
    assert len(survey) >= len(built_pages(built_site)) - 2 and len(survey) > 40
    assert "risks/sharing-nudes/" in survey and "respond/staff-online-conduct/" in survey
    # The survey sees folding happen: choosing a nation hides other nations' blocks on the risk page.
    assert all(survey["risks/sharing-nudes/"][nation]["folded"] for nation in NATIONS)


@pytest.mark.browser
@pytest.mark.parametrize("nation", NATIONS)
def test_choosing_a_nation_never_hides_that_nation_s_own_text(survey, nation: str) -> None:  # type: ignore[no-untyped-def]
    lost = {address: found[nation]["hidden"] for address, found in survey.items() if found[nation]["hidden"]}
    assert not lost, f"shown for {NAMES[nation]} with all nations, hidden when {NAMES[nation]} is chosen: {lost}"


@pytest.mark.browser
@pytest.mark.parametrize("nation", NATIONS)
def test_each_other_nations_button_on_a_page_has_its_own_name(survey, nation: str) -> None:  # type: ignore[no-untyped-def]
    clashes = {}
    for address, found in survey.items():
        names = found[nation]["buttons"]
        twice = sorted({name for name in names if names.count(name) > 1})
        if twice:
            clashes[address] = twice
    assert not clashes, f"buttons with the same name for {NAMES[nation]}: {clashes}"
    # Negative control: the buttons exist, name the nations they fold, and not the chosen one.
    names = [name for found in survey.values() for name in found[nation]["buttons"]]
    assert len(names) > 20
    assert all(name.startswith("Other nations: ") for name in names)
    assert not any(NAMES[nation] in re.sub(r"\(.*\)$", "", name) for name in names)


@pytest.mark.browser
@pytest.mark.parametrize("nation", NATIONS)
def test_no_heading_is_left_without_its_nation_blocks(survey, nation: str) -> None:  # type: ignore[no-untyped-def]
    orphans = {address: found[nation]["orphans"] for address, found in survey.items() if found[nation]["orphans"]}
    assert not orphans, f"headings over nothing for {NAMES[nation]}: {orphans}"
