"""A nation view that never says less about your nation: on every page of the built site, for every nation."""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup, Tag
from nation_probe import NAMES
from site_pages import built_pages, page_address


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
