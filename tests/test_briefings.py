"""Seven-minute staff briefings: one per risk, made from its data, nation-aware, one printed A4 page."""

from __future__ import annotations

import dataclasses
import io
import re
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import ROOT, recording_page
from portal.model.loader import load_guidance
from portal.publish.briefing_text import briefing_text
from portal.site.pages import BRIEFING_ACTIONS, briefing_choices, generated_pages
from portal.site.rendering import first_sentence, long_date, one_line
from portal.source.errors import DataError, DataErrors

GUIDANCE = load_guidance(ROOT / "data")
RISKS = [risk.id for risk in GUIDANCE.risks]
PARTS = ["background", "why", "know", "signs", "law", "remember", "act"]
NATIONS = {"england": "England", "wales": "Wales", "scotland": "Scotland", "northern-ireland": "Northern Ireland"}
WORDS_READ_ALOUD = 650  # the limit for what a team hears, with the reader's nation chosen
TODAY = date(2026, 11, 28)


def words(text: str) -> int:
    return len(text.split())


def squashed(text: str) -> str:
    """Text as compared between pages: one line, no pilcrows, curly quotes straight."""
    return one_line(text.replace("¶", "").replace("’", "'"))


# ---- The built pages ----


@pytest.mark.parametrize("risk_id", RISKS)
def test_each_risk_has_a_briefing_with_seven_parts_questions_and_a_record(page, risk_id: str) -> None:  # type: ignore[no-untyped-def]
    risk = GUIDANCE.risks.get(risk_id)
    soup = page(f"briefings/{risk_id}/")
    assert squashed(soup.h1.get_text()) == f"Seven-minute briefing: {risk.title}"
    headings = soup.select("article h2")
    numbered = [h for h in headings if h.get("id") in PARTS]
    assert [h["id"] for h in numbered] == PARTS, "the seven parts, in order"
    for number, heading in enumerate(numbered, 1):
        assert heading.get_text(" ", strip=True).startswith(f"{number}. "), heading
    questions = soup.find(id="questions").find_next_sibling("ol").select("li")
    assert [squashed(q.get_text(" ", strip=True)) for q in questions] == list(risk.briefing.questions)
    assert 3 <= len(questions) <= 5
    record = soup.select_one(".portal-briefing-record")
    fields = record.select("input, textarea")
    assert len(fields) == 4 and all(record.select_one(f"label[for='{field['id']}']") for field in fields)
    assert not soup.select("article form"), "nothing is sent anywhere: no form to submit"
    # Facts come with their sources, each one of the risk's own sources.
    sources = {source.url for source in risk.review.sources}
    facts = soup.find(id="know").find_next_sibling("ul").select("li")
    assert len(facts) == len(risk.briefing.facts)
    for item, fact in zip(facts, risk.briefing.facts, strict=True):
        assert item.select_one(f"a[href='{fact.source.url}']") is not None and fact.source.url in sources
    # The same review dates as the risk page, and its sources and change notes below.
    meta = soup.select_one(".portal-briefing-meta").get_text(" ", strip=True)
    assert f"Reviewed {long_date(risk.review.reviewed)}" in meta
    assert f"Next review due {long_date(risk.review.next_due)}" in meta
    footer = soup.select_one(".portal-page-review").get_text(" ", strip=True)
    risk_footer = page(f"risks/{risk_id}/").select_one(".portal-page-review").get_text(" ", strip=True)
    assert footer == risk_footer, "the briefing's review box is the risk page's"
    assert risk.review.shown_changes[0].note in footer


@pytest.mark.parametrize("risk_id", RISKS)
def test_what_to_do_is_the_risk_pages_own_wording(page, risk_id: str) -> None:  # type: ignore[no-untyped-def]
    briefing = page(f"briefings/{risk_id}/").find(id="act").find_next_sibling("ol").find_all("li", recursive=False)
    on_page = (
        page(f"risks/{risk_id}/").find(id="what-to-do-now").find_next_sibling("ol").find_all("li", recursive=False)
    )
    risk = GUIDANCE.risks.get(risk_id)
    assert len(briefing) == min(len(on_page), BRIEFING_ACTIONS)
    for short, full in zip(briefing, on_page, strict=False):
        if short.select(".portal-nation"):  # each nation's route: the first sentence of the page's own
            for span in short.select(".portal-nation"):
                same = full.select_one(f".portal-nation[data-nations='{span['data-nations']}']")
                assert squashed(same.get_text(" ", strip=True)).startswith(squashed(span.get_text(" ", strip=True)))
        else:
            assert squashed(full.get_text(" ", strip=True)).startswith(squashed(short.get_text(" ", strip=True)))
    # Negative control: a reworded step would not pass the comparison above.
    first = squashed(briefing[0].get_text(" ", strip=True))
    assert not squashed(on_page[0].get_text(" ", strip=True)).startswith(first.replace(" ", "  ", 1) + "x")
    if len(risk.actions) > BRIEFING_ACTIONS:
        assert page(f"briefings/{risk_id}/").select_one(f"a[href='../../risks/{risk_id}/#what-to-do-now']")


def test_a_changed_risk_changes_its_briefing() -> None:
    """Made from the data, not retyped: change a risk's first action and its briefing says the new words."""
    risk = GUIDANCE.risks.get("grooming")
    new_step = dataclasses.replace(risk.actions[1], text="Write down exactly what the child said. Then tell the lead.")
    changed_risk = dataclasses.replace(risk, actions=(risk.actions[0], new_step, *risk.actions[2:]))
    changed = dataclasses.replace(
        GUIDANCE, risks=type(GUIDANCE.risks)(tuple(changed_risk if r.id == "grooming" else r for r in GUIDANCE.risks))
    )
    before = {p.src_uri: p.markdown for p in generated_pages(GUIDANCE)}["briefings/grooming.md"]
    after = {p.src_uri: p.markdown for p in generated_pages(changed)}["briefings/grooming.md"]
    assert "Write down exactly what the child said." in after
    assert "Then tell the lead." not in after, "only the first sentence of each step"
    assert "Write down exactly what the child said." not in before
    assert first_sentence(risk.actions[1].text or "") in before


def test_the_briefings_page_lists_every_briefing_and_pages_link_to_them(page) -> None:  # type: ignore[no-untyped-def]
    listing = page("briefings/")
    links = {a["href"] for a in listing.select("article li a")}
    assert links == {f"{risk_id}/" for risk_id in RISKS}
    for risk_id in RISKS:
        link = page(f"risks/{risk_id}/").select_one(".portal-briefing-link a")
        assert link is not None and link["href"] == f"../../briefings/{risk_id}/", risk_id
    for audience in GUIDANCE.audiences:
        section = page(f"audiences/{audience.id}/").find(id="briefings").find_next_sibling("p")
        expected = {f"../../briefings/{risk.id}/" for risk in GUIDANCE.risks_for_audience(audience.id)}
        assert {a["href"] for a in section.select("a")} - {"../../briefings/"} == expected, audience.id
    assert page("briefings/grooming/").select_one("a[href='../../briefings/sextortion/']") is None


@pytest.mark.parametrize("risk_id", ["sharing-nudes", "online-gaming"])
def test_the_plain_text_version_has_every_part_for_every_nation(built_site: Path, risk_id: str) -> None:
    text = (built_site / "briefings" / f"{risk_id}.txt").read_text(encoding="utf-8")
    risk = GUIDANCE.risks.get(risk_id)
    assert text == briefing_text(GUIDANCE, risk), "the published file is the model's plain text"
    for number, title in enumerate(
        ["Background", "Why it matters", "What to know", "Signs to notice", "The law and guidance that apply",
         "Things to remember", "What to do and where to get help"], 1
    ):  # fmt: skip
        assert f"\n{number}. {title}\n" in text
    law = text.split("5. The law and guidance that apply")[1].split("6. Things to remember")[0]
    assert all(f"- {name}:" in law for name in NATIONS.values())
    assert all(question.split()[0] in text for question in risk.briefing.questions)
    assert "<" not in text and "](" not in text and "**" not in text, "plain text: no HTML or Markdown"
    addresses = re.findall(r"\(https?://[^)]*\)", one_line(text))
    assert addresses and not [a for a in addresses if " " in a], "every address whole on one line"
    page_link = (built_site / "briefings" / risk_id / "index.html").read_text(encoding="utf-8")
    assert f'href="../{risk_id}.txt"' in page_link


# ---- Editors' mistakes ----


def titles(element) -> list[str]:  # type: ignore[no-untyped-def]
    """The words of the links in an element, phone numbers left out."""
    return [a.get_text() for a in element.select("a") if not a["href"].startswith("tel:")]


@pytest.mark.parametrize("risk_id", RISKS)
def test_the_page_and_the_plain_text_name_the_same_helplines_and_finders(page, built_site: Path, risk_id: str) -> None:  # type: ignore[no-untyped-def]
    chosen = briefing_choices(GUIDANCE, GUIDANCE.risks.get(risk_id))
    act = (built_site / "briefings" / f"{risk_id}.txt").read_text(encoding="utf-8").split("\n7. What to do")[1]
    act = one_line(act.split("\nTalk about it\n")[0])
    html = page(f"briefings/{risk_id}/")
    named = [r.short_title for r in chosen.helplines]
    assert named[0] == GUIDANCE.help_resource.short_title, "the helpline for staff first"
    assert titles(html.select_one(".portal-briefing-help")) == named
    for helpline in chosen.helplines:
        assert helpline.short_title in act, (risk_id, helpline.id)
        if helpline.contact and helpline.contact.phone:
            assert f"{helpline.short_title} on {helpline.contact.phone}" in act, (risk_id, helpline.id)
    unchosen = [r for r in GUIDANCE.resources if r.kind == "helpline" and r not in chosen.helplines]
    assert unchosen and not any(f"{r.short_title} on " in act for r in unchosen if r.contact and r.contact.phone)
    assert [entry.nation for entry in chosen.finders] == list(NATIONS), "every nation has a way to find its team"
    finders = html.find(string=re.compile("Find the local team")).find_parent("p")
    for entry in chosen.finders:
        shown = finders.select_one(f'[data-nations="{entry.nation}"]')
        assert titles(shown) == [r.short_title for r in entry.resources]
        listed = "; ".join(f"{r.title} ({r.url})" for r in entry.resources)
        assert f"Find the local team, {entry.name}: {listed}" in act


def test_a_fact_whose_source_is_not_the_risks_is_refused_in_one_line(minimal_data: Path) -> None:
    risk = minimal_data / "risks" / "fixture-risk.yml"
    text = risk.read_text(encoding="utf-8")
    risk.write_text(
        text.replace("      source: https://example.org.uk/risk", "      source: https://example.org.uk/else")
    )
    with pytest.raises(DataErrors) as failure:
        load_guidance(minimal_data, today=TODAY)
    (error,) = failure.value.errors
    assert isinstance(error, DataError) and error.field == "briefing.facts[0].source"
    assert (
        error.file.endswith("risks/fixture-risk.yml")
        and error.line == text.splitlines().index("      source: https://example.org.uk/risk") + 1
    )
    assert "not one of this risk's sources" in error.problem and "add it under sources" in error.hint


def test_too_few_questions_and_a_missing_briefing_are_refused(minimal_data: Path) -> None:
    risk = minimal_data / "risks" / "fixture-risk.yml"
    text = risk.read_text(encoding="utf-8")
    risk.write_text(text.replace("    - How would we know it had worked?\n", ""), encoding="utf-8")
    with pytest.raises(DataErrors) as failure:
        load_guidance(minimal_data, today=TODAY)
    assert [e.field for e in failure.value.errors] == ["briefing.questions"]
    other = minimal_data / "risks" / "other-risk.yml"
    risk.write_text(text, encoding="utf-8")
    other.write_text(re.sub(r"(?m)^briefing:\n(?:  .*\n)+", "", other.read_text(encoding="utf-8")), encoding="utf-8")
    with pytest.raises(DataErrors) as failure:
        load_guidance(minimal_data, today=TODAY)
    (error,) = failure.value.errors
    assert (error.file, error.line, error.field, error.problem) == (
        "data/risks/other-risk.yml",
        1,
        "briefing",
        "missing required field",
    ), str(error)
    assert "seven-minute staff briefing" in error.hint


# ---- In Chromium ----


def pdf_text(pdf: bytes) -> tuple[int, str]:
    """The number of pages of a PDF and its text."""
    reader = PdfReader(io.BytesIO(pdf))
    return len(reader.pages), "\n".join(page.extract_text() for page in reader.pages)


@pytest.mark.browser
def test_every_briefing_prints_on_one_a4_page(browser, site_url: str) -> None:  # type: ignore[no-untyped-def]
    with recording_page(browser) as tab:
        for risk in GUIDANCE.risks:
            tab.goto(f"{site_url}/briefings/{risk.id}/")
            tab.wait_for_function("() => document.querySelector('[data-portal-printed]').textContent.includes('20')")
            # On screen the line names no printing date (today is not when anything was printed); on paper it does.
            assert not tab.locator("[data-portal-printed]").is_visible(), f"{risk.id}: 'Printed on' shown on screen"
            assert tab.get_by_text(f"Reviewed {long_date(risk.review.reviewed)}").first.is_visible()
            pages, text = pdf_text(tab.pdf(format="A4", prefer_css_page_size=True))
            assert pages == 1, f"{risk.id}: {pages} A4 pages"
            flat = one_line(text)
            assert f"Seven-minute briefing: {risk.title}" in flat
            assert all(f"{n}. " in flat for n in range(1, 8)) and "Talk about it" in flat and "Record of use" in flat
            assert f"Reviewed {long_date(risk.review.reviewed)}" in flat and "Printed on " in flat
            assert all(f"{name}:" in flat for name in NATIONS.values()), "All UK nations: each nation listed"
            assert GUIDANCE.site.name in flat and "Exampleshire" not in flat, "this site's name on the printout"
            assert "Your nation" not in flat and "Other nations" not in flat, "no controls on paper"
        assert tab.errors == []
        assert [url for url in tab.requests if not url.startswith(site_url)] == []


@pytest.mark.browser
def test_choosing_a_nation_shows_its_routes_and_law_only(browser, site_url: str) -> None:  # type: ignore[no-untyped-def]
    with recording_page(browser) as tab:
        tab.goto(f"{site_url}/briefings/sharing-nudes/")
        visible = "s => [...document.querySelectorAll(s)].filter(e => e.offsetParent).map(e => e.dataset.nations)"
        parts = (
            "#law + .portal-briefing-nations",
            "#act ~ .portal-briefing-nations",
            "#act + ol li:has(.portal-nation)",
        )
        for part in parts:
            assert tab.evaluate(visible, f"{part} .portal-nation") == list(NATIONS), f"{part}: every nation at first"
        for nation in NATIONS:
            tab.select_option("#portal-nation-select", nation)
            for part in parts:
                assert tab.evaluate(visible, f"{part} .portal-nation") == [nation], (part, nation)
            read_aloud = tab.evaluate("() => document.querySelector('.portal-briefing').innerText")
            assert words(read_aloud) <= WORDS_READ_ALOUD, f"{nation}: {words(read_aloud)} words"
            law = tab.locator("#law + .portal-briefing-nations").inner_text()
            assert all(f"{name}:" not in law for key, name in NATIONS.items() if key != nation)
        tab.select_option("#portal-nation-select", "all")
        assert tab.evaluate(visible, f"{parts[0]} .portal-nation") == list(NATIONS)


@pytest.mark.browser
def test_the_record_of_use_is_never_kept_or_sent(browser, site_url: str) -> None:  # type: ignore[no-untyped-def]
    with recording_page(browser) as tab:
        tab.goto(f"{site_url}/briefings/online-bullying/")
        for field in ("#portal-briefing-team", "#portal-briefing-date", "#portal-briefing-attended"):
            tab.fill(field, "Year 7 team, 7 December")
        tab.press("#portal-briefing-team", "Enter")
        _, text = pdf_text(tab.pdf(format="A4", prefer_css_page_size=True))
        assert "Year 7 team" in text, "what is typed prints"
        stored = tab.evaluate(
            "() => [localStorage, sessionStorage].flatMap(s => Object.values(s)).filter(v => v.includes('Year 7'))"
        )
        tab.reload()
        assert tab.input_value("#portal-briefing-team") == "" and stored == []
        assert tab.context.cookies() == []
        assert [url for url in tab.requests if not url.startswith(site_url)] == []
        assert not [url for url in tab.requests if "?" in url and "portal-briefing" in url]


@pytest.mark.browser
def test_with_a_nation_chosen_every_briefing_is_at_most_650_words(browser, site_url: str) -> None:  # type: ignore[no-untyped-def]
    counts = {}
    with recording_page(browser) as tab:
        for risk in GUIDANCE.risks:
            tab.goto(f"{site_url}/briefings/{risk.id}/")
            everyone = words(tab.evaluate("() => document.querySelector('.portal-briefing').innerText"))
            for nation in NATIONS:
                tab.select_option("#portal-nation-select", nation)
                counts[risk.id, nation] = words(
                    tab.evaluate("() => document.querySelector('.portal-briefing').innerText")
                )
                assert counts[risk.id, nation] < everyone, "choosing a nation leaves the others' routes out"
            tab.select_option("#portal-nation-select", "all")
    assert max(counts.values()) <= WORDS_READ_ALOUD, sorted(counts.items(), key=lambda item: -item[1])[:3]
