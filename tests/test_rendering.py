"""Pages and macro output rendered from the fixture data, without MkDocs."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest
import yaml

from portal.model import Guidance
from portal.model.loader import load_guidance
from portal.site.pages import generated_pages, nav_entries
from portal.site.rendering import PageRenderer, faq_page_data, long_date

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "minimal" / "data"


@pytest.fixture(scope="module")
def guidance() -> Guidance:
    return load_guidance(FIXTURE, today=date(2026, 11, 28))


@pytest.fixture(scope="module")
def pages(guidance: Guidance) -> dict[str, str]:
    return {page.src_uri: page.markdown for page in generated_pages(guidance)}


def front_matter(markdown: str) -> dict[str, object]:
    match = re.match(r"---\n(.*?)\n---\n", markdown, re.DOTALL)
    assert match, "page has no front matter"
    return yaml.safe_load(match.group(1))


def test_one_page_per_objective_risk_and_audience(pages: dict[str, str]) -> None:
    assert sorted(pages) == [
        "audiences/schools.md",
        "audiences/sport.md",
        "briefings/fixture-risk.md",
        "briefings/other-risk.md",
        "objectives/safer-testing.md",
        "risks/fixture-risk.md",
        "risks/other-risk.md",
    ]


def test_objective_page_has_every_area_with_guidance_and_questions(pages: dict[str, str]) -> None:
    text = pages["objectives/safer-testing.md"]
    meta = front_matter(text)
    assert meta["title"] == "Safer Testing" and meta["render_macros"] is False
    assert "## First area { #first-area }" in text and "## Second area { #second-area }" in text
    assert "Name a **lead person**." in text
    assert "- Who leads?\n- Is it written down?" in text
    assert "**Covers:** lead person" in text
    assert "[Fixture risk](../risks/fixture-risk.md)" in text
    assert "[HLO](../resources.md#helpline-one)" in text
    assert "[Who leads on online safety?](../faqs.md#who-leads)" in text
    assert "### Common gaps { #first-area-gaps }\n\n- Nobody is named." in text
    # negative controls: the second area has no covers or risks lines, only its own resource
    second = text.split("{ #second-area }", 1)[1].split("## Resources for this objective", 1)[0]
    assert "Covers" not in second and "Related risk areas" not in second
    assert "**Resources that help:** [Guide Two](../resources.md#guide-two)" in second and "HLO" not in second


def test_risk_page_puts_what_to_do_first_and_lists_help(pages: dict[str, str]) -> None:
    text = pages["risks/fixture-risk.md"]
    assert front_matter(text)["search"] == {"boost": 2}
    assert "**Also known as:** zebracrossing, fixture slang" in text
    assert "**Type of risk (the 4 Cs):** Contact, Conduct" in text
    headings = re.findall(r"^## (.+?) \{", text, re.MULTILINE)
    assert headings[:3] == ["What to do now", "Signs to notice", "About this risk"]
    assert "1. Do not view the image.\n2. Tell the safeguarding lead." in text
    assert "- **Phone:** [0344 381 4772](tel:+443443814772)" in text
    assert "- **Email:** [help@example.org.uk](mailto:help@example.org.uk)" in text
    assert (
        "## Who this concerns { #audiences data-search-exclude }\n\n[Schools](../audiences/schools.md), "
        "[Sports clubs](../audiences/sport.md)" in text
    )
    assert "- [Safer Testing: First area](../objectives/safer-testing.md#first-area)" in text
    assert "## Related risk areas { #related data-search-exclude }\n\n- [Another risk](other-risk.md)" in text
    other = pages["risks/other-risk.md"]
    assert "Where it fits in the four objectives" not in other  # no area points at it
    assert "Questions people ask" not in other


@pytest.mark.parametrize("src", ["objectives/safer-testing.md", "risks/fixture-risk.md"])
def test_no_placeholder_leaks_into_pages(pages: dict[str, str], src: str) -> None:
    text = pages[src]
    for leak in ("None", "Undefined", "{{", "{%", "()", "[]"):
        assert leak not in text, f"{leak!r} leaked into {src}"


def test_audience_start_page_puts_its_priorities_first(pages: dict[str, str]) -> None:
    text = pages["audiences/sport.md"]
    assert front_matter(text)["title"] == "Sports clubs"
    assert "# Sports clubs: start here" in text
    assert "## What matters most { #focus }\n\nName a welfare officer." in text
    assert "**[Helpline One (HLO)](../resources.md#helpline-one)**" in text.split("## Know these first")[1]
    risks = text.split("## Risk areas { #risks data-search-exclude }")[1].split("##")[0]
    assert risks.index("[Another risk]") < risks.index("[Fixture risk]")  # its priority risk first
    assert "Questions people ask" not in text  # no FAQ is tagged for sport
    schools = pages["audiences/schools.md"]
    assert "- [Who leads on online safety?](../faqs.md#who-leads)" in schools
    assert "**Statutory guidance:** [Guide Two](../resources.md#guide-two)" in schools
    assert "Guide Two" not in text.split("## All resources")[1]  # guide-two is for schools only


def test_links_are_relative_to_the_page(guidance: Guidance) -> None:
    assert PageRenderer(guidance, "index.md").link("risks/x.md") == "risks/x.md"
    assert PageRenderer(guidance, "risks/index.md").link("risks/x.md#a") == "x.md#a"
    assert PageRenderer(guidance, "risks/y.md").link("resources.md#posh") == "../resources.md#posh"
    assert PageRenderer(guidance, "risks/y.md").link("#top") == "#top"


def test_help_box_shows_emergency_helpline_and_contacts(guidance: Guidance) -> None:
    text = PageRenderer(guidance, "index.md").render("help_box.md.j2", more_link=True)
    assert "**If a child is in immediate danger, call 999.**" in text
    assert "[Helpline One (HLO)](resources.md#helpline-one)" in text
    assert "[0344 381 4772](tel:+443443814772)" in text
    assert "[More helplines and reporting routes](get-help.md)" in text
    without = PageRenderer(guidance, "get-help.md").render("help_box.md.j2", more_link=False)
    assert "More helplines" not in without


def test_resource_directory_groups_by_kind_with_anchor_caveat_and_review(guidance: Guidance) -> None:
    text = PageRenderer(guidance, "resources.md").render("resource_directory.md.j2", kinds=None)
    assert text.index("## Helplines { #helpline }") < text.index("## Statutory guidance { #statutory-guidance }")
    assert "### Helpline One (HLO) { #helpline-one }" in text
    assert '!!! note "Good to know"' in text.split("{ #guide-two }")[1]
    assert "Good to know" not in text.split("{ #guide-two }")[0]
    assert "Last reviewed 15 January 2026 · Next review due 15 July 2026" in text
    only_help = PageRenderer(guidance, "get-help.md").render("resource_directory.md.j2", kinds=["helpline"])
    assert "{ #helpline-one }" in only_help and "{ #guide-two }" not in only_help


def test_overdue_resources_are_marked_on_the_build_date(guidance: Guidance, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1769904000")  # 2026-02-01: helpline-one is due 2026-07-15
    early = PageRenderer(guidance, "resources.md").render("resource_directory.md.j2", kinds=None)
    assert "Overdue for review" not in early
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1785110400")  # 2026-07-27
    late = PageRenderer(guidance, "resources.md").render("resource_directory.md.j2", kinds=None)
    helpline, guide = late.split("{ #guide-two }")
    assert '!!! warning "Overdue for review"' in helpline and "15 July 2026" in helpline
    assert "Overdue for review" not in guide  # due 2027-01-15


def test_faq_list_has_questions_as_headings_and_faqpage_json_ld(guidance: Guidance) -> None:
    renderer = PageRenderer(guidance, "faqs.md")
    text = renderer.render("faq_list.md.j2", faq_entities=faq_page_data(guidance))
    assert "## Who leads on online safety? { #who-leads }" in text
    assert (
        "**See also:** [Safer Testing](objectives/safer-testing.md), [Fixture risk](risks/fixture-risk.md), "
        "[HLO](resources.md#helpline-one)" in text
    )
    script = re.search(r'<script type="application/ld\+json">(.*?)</script>', text, re.DOTALL)
    assert script, "no JSON-LD block"
    data = json.loads(script.group(1))
    assert data["@type"] == "FAQPage"
    assert data["mainEntity"][0]["name"] == "Who leads on online safety?"
    assert data["mainEntity"][0]["acceptedAnswer"]["text"] == "<p>The safeguarding lead leads, supported by others.</p>"
    assert "<p>" not in script.group(1), "HTML inside JSON-LD must be escaped so it cannot close the script"


def test_glossary_lists_terms_with_expansions(guidance: Guidance) -> None:
    text = PageRenderer(guidance, "glossary.md").render("glossary_list.md.j2")
    assert "## C&YP { #cyp }" in text and "## DSL { #dsl }" in text
    assert text.index("{ #cyp }") < text.index("{ #dsl }")
    assert "**Designated Safeguarding Lead.** The senior member" in text


def test_nav_entries(guidance: Guidance) -> None:
    pages = generated_pages(guidance)
    assert nav_entries(pages, "risks") == [
        {"Another risk": "risks/other-risk.md"},
        {"Fixture risk": "risks/fixture-risk.md"},
    ]
    assert nav_entries(pages, "audiences") == [
        {"Schools": "audiences/schools.md"},
        {"Sports clubs": "audiences/sport.md"},
    ]


def test_long_date() -> None:
    assert long_date(date(2026, 7, 5)) == "5 July 2026"


def test_a_template_cache_that_cannot_be_written_never_fails_a_build(tmp_path: Path) -> None:
    from jinja2 import DictLoader, Environment, FileSystemBytecodeCache

    from portal.site.rendering import _BestEffortBytecodeCache

    missing = str(tmp_path / "no-such-folder")
    env = Environment(loader=DictLoader({"t": "{{ 1 + 1 }}"}), bytecode_cache=_BestEffortBytecodeCache(missing))
    assert env.get_template("t").render() == "2"
    # Control: Jinja's own cache fails on the same folder.
    plain = Environment(loader=DictLoader({"t": "{{ 1 + 1 }}"}), bytecode_cache=FileSystemBytecodeCache(missing))
    with pytest.raises(OSError):
        plain.get_template("t")


def test_the_glossary_matcher_finds_what_the_standard_abbr_pattern_finds() -> None:
    from portal.abbreviations import abbreviation_pattern

    guidance = load_guidance(ROOT / "data")
    keys = {*guidance.abbreviations(), "DS", "DSLs", "4 C", "C&Y", "e.g.", "CEOP Education", "A", "AB", "ABC"}
    standard = re.compile(rf"\b(?:{'|'.join(re.escape(k) for k in sorted(keys, key=len, reverse=True))})\b")
    fast = abbreviation_pattern(tuple(sorted(keys)))
    texts = [line for path in sorted((ROOT / "data").rglob("*.yml")) for line in path.read_text().splitlines()]
    texts += ["DS DSL DSLs DSLx 4 Cs 4 C C&YP C&Y e.g. CEOP Education CEOP A AB ABC ABCD xA A-B (DSL)"]
    found = 0
    for text in texts:
        expected = [m.span() for m in standard.finditer(text)]
        assert [m.span() for m in fast.finditer(text)] == expected, text
        found += len(expected)
    assert found > 100  # the corpus does hold abbreviations
