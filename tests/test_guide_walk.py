"""Incident guides in real Chromium: every path walked from the data, keyboard, record, privacy, axe."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from portal.loader import load_guidance
from portal.model import Guide
from tests.conftest import ROOT, axe_violations, recording_page

pytestmark = pytest.mark.browser

DATA = load_guidance(ROOT / "data")
GUIDES = DATA.guides
STEP = "section.portal-guide-step"


def paths(guide: Guide) -> Iterator[list[tuple[str, str, str]]]:
    """Every route from the start to an outcome, as (step id, answer label, next step id) triples."""

    def walk(step_id: str, so_far: list[tuple[str, str, str]]) -> Iterator[list[tuple[str, str, str]]]:
        step = guide.step(step_id)
        if step.is_outcome:
            yield so_far
            return
        for answer in step.answers:
            yield from walk(answer.next, [*so_far, (step_id, answer.label, answer.next)])

    yield from walk(guide.start, [])


def test_the_path_generator_reaches_every_step_of_every_guide() -> None:
    # Guards the walk below: if the generator skipped steps, the browser test would prove less.
    for guide in GUIDES:
        reached = {guide.start} | {nxt for path in paths(guide) for _, _, nxt in path}
        assert reached == {step.id for step in guide.steps}, guide.id


@pytest.fixture
def tab(browser):  # type: ignore[no-untyped-def]
    """A fresh browser profile that records every request and console error, and accepts downloads."""
    with recording_page(browser, accept_downloads=True) as page:
        yield page


def storage(page) -> dict[str, object]:  # type: ignore[no-untyped-def]
    return page.evaluate("() => ({local: Object.entries(localStorage), session: Object.entries(sessionStorage)})")


def visible_steps(page) -> list[str]:  # type: ignore[no-untyped-def]
    return page.locator(f"{STEP}:visible").evaluate_all("s => s.map(e => e.dataset.step)")


def answer(page, step: str, label: str, nxt: str) -> None:  # type: ignore[no-untyped-def]
    page.locator(f"{STEP}[data-step='{step}']").get_by_role("link", name=label, exact=True).click()
    shown(page, nxt)


def shown(page, step: str) -> None:  # type: ignore[no-untyped-def]
    """Wait for the hashchange that the link or button queued (it runs after the click returns)."""
    page.wait_for_function(
        "id => location.hash === '#' + id && !document.getElementById(id).closest('[hidden]')", arg=step
    )


def trail(page) -> list[str]:  # type: ignore[no-untyped-def]
    return page.locator(f"{STEP}:visible .portal-guide-trail li").all_inner_texts()


@pytest.mark.parametrize("guide", GUIDES, ids=lambda g: g.id)
def test_every_path_walks_from_the_start_to_its_outcome(tab, site_url: str, guide: Guide) -> None:  # type: ignore[no-untyped-def]
    address = f"{site_url}/respond/{guide.id}/"
    walked = 0
    for path in paths(guide):
        tab.goto(address)
        assert visible_steps(tab) == [guide.start]
        for number, (step, label, nxt) in enumerate(path, start=1):
            answer(tab, step, label, nxt)
            assert visible_steps(tab) == [nxt], (guide.id, path[:number])
            assert urlsplit(tab.url).fragment == nxt
            assert len(trail(tab)) == number and trail(tab)[-1].endswith(label)
        outcome = guide.step(path[-1][2])
        heading = tab.locator(f"{STEP}:visible h2").first
        assert heading.inner_text().startswith(outcome.outcome or "")
        assert tab.locator(f"{STEP}:visible .portal-guide-999").is_visible()
        assert tab.locator(f"{STEP}:visible [data-guide-print]").is_visible()
        walked += 1
    assert walked == len(list(paths(guide))) >= 2
    assert tab.errors == []


GUIDE = next(g for g in GUIDES if g.id == "nude-image-shared")
# The longest route of the nudes guide, and a shorter one that ends elsewhere.
LONG = max(paths(GUIDE), key=len)


def walk(page, path: list[tuple[str, str, str]]) -> None:  # type: ignore[no-untyped-def]
    for step, label, nxt in path:
        answer(page, step, label, nxt)


def test_back_start_again_the_browser_back_button_and_a_shared_link(tab, site_url: str) -> None:  # type: ignore[no-untyped-def]
    address = f"{site_url}/respond/{GUIDE.id}/"
    tab.goto(address)
    # At the start there is nothing to go back to.
    assert tab.locator("[data-guide-back]").count() == 0 and tab.locator("[data-guide-restart]").count() == 0
    walk(tab, LONG)
    outcome = LONG[-1][2]
    # Our Back button: one step back, with the answers before it kept.
    tab.locator(f"{STEP}:visible [data-guide-back]").click()
    shown(tab, LONG[-1][0])
    assert visible_steps(tab) == [LONG[-1][0]] and len(trail(tab)) == len(LONG) - 1
    # The browser's Back and Forward buttons do the same.
    tab.go_back()
    shown(tab, LONG[-2][0])
    assert visible_steps(tab) == [LONG[-2][0]] and len(trail(tab)) == len(LONG) - 2
    tab.go_forward()
    shown(tab, LONG[-1][0])
    tab.go_forward()
    shown(tab, outcome)
    assert visible_steps(tab) == [outcome] and trail(tab)[-1].endswith(LONG[-1][1])
    # Start again: back at the first question with no answers.
    tab.locator(f"{STEP}:visible [data-guide-restart]").click()
    tab.wait_for_function("id => !document.getElementById(id).closest('[hidden]')", arg=GUIDE.start)
    assert visible_steps(tab) == [GUIDE.start] and trail(tab) == []
    # A shared link opens at its step and says the earlier answers are unknown.
    tab.goto("about:blank")
    tab.goto(f"{address}#{outcome}")
    assert visible_steps(tab) == [outcome]
    assert tab.locator(f"{STEP}:visible [data-guide-part-way]").is_visible()
    assert tab.locator(f"{STEP}:visible [data-guide-back]").count() == 0
    tab.locator(f"{STEP}:visible [data-guide-restart]").click()
    shown(tab, GUIDE.start)
    assert visible_steps(tab) == [GUIDE.start] and urlsplit(tab.url).fragment == GUIDE.start
    assert tab.errors == []


def test_the_guide_works_by_keyboard_alone_and_announces_each_step(tab, site_url: str) -> None:  # type: ignore[no-untyped-def]
    tab.goto(f"{site_url}/respond/{GUIDE.id}/")
    for step, label, nxt in LONG:
        for _ in range(80):
            tab.keyboard.press("Tab")
            focused = tab.evaluate("document.activeElement.textContent.trim()")
            if tab.evaluate("document.activeElement.matches('a.portal-guide-answer')") and focused == label:
                break
        else:
            pytest.fail(f"Tab never reached the answer {label!r} on step {step}")
        tab.keyboard.press("Enter")
        shown(tab, nxt)
        # Focus moves to the new step's heading, and the status region says what happened.
        assert tab.evaluate("document.activeElement.closest('section').dataset.step") == nxt
        assert tab.evaluate("document.activeElement.tagName") == "H2"
        said = tab.locator("[data-portal-guide-status]").inner_text()
        assert (
            said.startswith(f"You answered {label}.")
            and tab.locator("[data-portal-guide-status]").get_attribute("role") == "status"
        )
    # Back by keyboard too.
    for _ in range(80):
        tab.keyboard.press("Tab")
        if tab.evaluate("document.activeElement.matches('[data-guide-back]')"):
            break
    else:
        pytest.fail("Tab never reached the Back button")
    tab.keyboard.press("Enter")
    shown(tab, LONG[-1][0])
    assert visible_steps(tab) == [LONG[-1][0]]
    assert tab.evaluate("document.activeElement.closest('section').dataset.step") == LONG[-1][0]
    assert tab.locator("[data-portal-guide-status]").inner_text().startswith("Back one step.")


def test_the_printed_record_is_one_page_with_answers_actions_contacts_and_blanks(tab, site_url: str) -> None:  # type: ignore[no-untyped-def]
    tab.goto(f"{site_url}/respond/{GUIDE.id}/")
    tab.locator("#portal-nation-select").select_option("england")
    walk(tab, LONG)
    outcome = GUIDE.step(LONG[-1][2])
    assert tab.locator(".portal-guide-record-print").count() == 0
    # Headless Chromium has no print dialog (and a pending one blocks page.pdf): count the calls instead.
    tab.evaluate("() => { window.print = () => { window.printed = (window.printed || 0) + 1; }; }")
    tab.locator(f"{STEP}:visible [data-guide-print]").click()
    assert tab.evaluate("window.printed") == 1
    record = tab.locator(".portal-guide-record-print")
    assert record.count() == 1 and not record.is_visible(), "the record is for paper, not the screen"
    tab.emulate_media(media="print")
    assert record.is_visible()
    assert not tab.locator(".md-header").is_visible() and not tab.locator(".portal-guide").is_visible()
    text = record.inner_text()
    assert GUIDE.title in text and f"version {GUIDE.version}" in text and "next review due" in text
    assert re.search(r"Made on \w+day,? \d{1,2} \w+ 20\d\d at \d\d:\d\d", text), text[:200]
    assert "nothing in this record has been stored or sent" in text and ", for England." in text
    # The routes of the chosen nation only (negative control: Wales's variant and Northern Ireland's contact).
    assert "England: " in text and "Wales: " not in text and "(Northern Ireland only)" not in text
    rows = record.locator("tbody tr").all_inner_texts()
    assert len(rows) == len(LONG) and all(label in row for row, (_, label, _) in zip(rows, LONG, strict=True))
    assert record.locator("input[type='checkbox']").count() == len(outcome.actions)
    assert (
        record.locator("[data-record='actions'] li")
        .first.inner_text()
        .startswith("1. If a child is in immediate danger")
    )
    contacts = record.locator("[data-record='contacts'] li").all_inner_texts()
    english = [r for r in DATA.resources.pick(outcome.contacts) if "england" in r.nations]
    assert len(english) < len(outcome.contacts), "the negative control needs a contact outside England"
    assert [c.split(" (")[0] for c in contacts] == [r.title.split(" (")[0] for r in english]
    assert record.locator("dd").count() >= 5 and "Police or crime reference number" in text
    # Negative controls: not the questions' help text, nor the page chrome.
    assert GUIDE.step(GUIDE.start).question not in text.replace(rows[0], "")
    assert "Suggest a change" not in text
    assert pages(tab) == 1, "the record is one A4 page"
    # Leaving the outcome removes the record from the page.
    tab.emulate_media(media="screen")
    tab.locator(f"{STEP}:visible [data-guide-restart]").click()
    tab.wait_for_function("id => !document.getElementById(id).closest('[hidden]')", arg=GUIDE.start)
    assert tab.locator(".portal-guide-record-print").count() == 0


def pages(page) -> int:  # type: ignore[no-untyped-def]
    """Pages in the PDF that Chromium prints of this page (print styles applied), on A4."""
    return len(re.findall(rb"/Type\s*/Page\b", page.pdf(format="A4")))


# Go to each outcome, press its Print button (hidden on paper, so by script) and measure the record.
MEASURE_RECORDS = """async ids => {
  const heights = [];
  for (const id of ids) {
    const moved = new Promise(done => addEventListener("hashchange", done, {once: true}));
    location.hash = id;
    await moved;
    document.querySelector(`section[data-step="${id}"] [data-guide-print]`).click();
    heights.push(document.querySelector(".portal-guide-record-print").offsetHeight);
  }
  return heights;
}"""


def test_every_outcome_prints_its_record_on_one_page_for_each_nation(tab, site_url: str) -> None:  # type: ignore[no-untyped-def]
    # Printing a PDF of every outcome is slow: measure each record as printed, then print the tallest.
    tab.set_viewport_size({"width": 703, "height": 1000})  # A4 less the record's margins, in CSS pixels
    nations = ("england", "wales", "scotland", "northern-ireland")
    heights: dict[str, list[tuple[int, str, str]]] = {nation: [] for nation in nations}
    for guide in GUIDES:
        tab.goto(f"{site_url}/respond/{guide.id}/")
        tab.evaluate("() => { window.print = () => {}; }")  # headless Chromium has no print dialog
        outcomes = [step.id for step in guide.steps if step.is_outcome]
        for nation in nations:
            tab.evaluate("id => { location.hash = id; }", guide.start)
            tab.locator("#portal-nation-select").select_option(nation)
            tab.emulate_media(media="print")
            measured = tab.evaluate(MEASURE_RECORDS, outcomes)
            tab.emulate_media(media="null")  # back to no emulation: page.pdf() prints with print styles
            heights[nation] += [(height, guide.id, step_id) for height, step_id in zip(measured, outcomes, strict=True)]
    for nation in nations:
        assert min(heights[nation])[0] > 300, "a record was not measured"
        _, guide_id, step_id = max(heights[nation])
        tab.goto(f"{site_url}/respond/")
        tab.locator("#portal-nation-select").select_option(nation)
        tab.goto(f"{site_url}/respond/{guide_id}/#{step_id}")
        tab.evaluate("() => { window.print = () => {}; }")
        tab.locator(f"{STEP}:visible [data-guide-print]").click()
        assert pages(tab) == 1, f"{nation}: the record of {guide_id}#{step_id} is longer than one A4 page"


@pytest.mark.parametrize("kind", ["html", "text"])
def test_the_record_downloads_without_a_request_and_nothing_is_stored(
    tab, site_url: str, kind: str, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    tab.goto(f"{site_url}/respond/{GUIDE.id}/")
    tab.wait_for_load_state("networkidle")
    loaded = len(tab.requests)
    kept = storage(tab)  # the theme's own (its colour palette); the guide adds nothing
    walk(tab, LONG)
    with tab.expect_download() as download:
        tab.locator(f"{STEP}:visible [data-guide-download='{kind}']").click()
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    text = saved.read_text(encoding="utf-8")
    assert saved.name.startswith(f"incident-record-{GUIDE.id}-") and saved.suffix == (
        ".html" if kind == "html" else ".txt"
    )
    assert GUIDE.title in text and LONG[-1][1] in text and "Police or crime reference number" in text
    if kind == "text":
        assert "[ ] 1. If a child is in immediate danger, call 999." in text and "<" not in text
    else:
        assert text.startswith("<!doctype html>") and 'type="checkbox"' in text and "<script" not in text
    # Nothing left the page and nothing was kept: no request after the page loaded, no storage, no cookie.
    tab.evaluate("() => { window.print = () => {}; }")  # headless Chromium has no print dialog
    tab.locator(f"{STEP}:visible [data-guide-print]").click()
    # (Chromium itself fetches the site's icon again after each change of fragment: not the page's doing.)
    after = [url for url in tab.requests[loaded:] if not url.endswith("/assets/favicon.svg")]
    assert after == [], after
    assert all(urlsplit(url).netloc == urlsplit(site_url).netloc for url in tab.requests)
    assert storage(tab) == kept, "the guide wrote to storage"
    assert not any(label in json.dumps(kept) for _, label, _ in LONG)
    assert tab.context.cookies() == []
    assert tab.errors == []


def test_without_javascript_every_step_shows_and_answers_are_links(browser, site_url: str) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{site_url}/respond/{GUIDE.id}/")
    assert len(visible_steps(page)) == len(GUIDE.steps)
    assert page.locator("[data-guide-print], [data-guide-back], .portal-guide-trail").count() == 0
    step, label, nxt = LONG[0]
    page.locator(f"{STEP}[data-step='{step}']").get_by_role("link", name=label, exact=True).click()
    page.wait_for_function("id => location.hash === '#' + id", arg=nxt)
    context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [360, 1280])
def test_axe_passes_on_a_question_and_an_outcome(browser, site_url: str, scheme: str, width: int) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
    page = context.new_page()
    page.goto(f"{site_url}/respond/{GUIDE.id}/")
    answer(page, *LONG[0])  # a question with the trail of answers and Back
    assert axe_violations(page) == []
    walk(page, LONG[1:])  # an outcome with the record buttons
    assert page.locator(f"{STEP}:visible [data-guide-print]").is_visible()
    assert axe_violations(page) == []
    # Nothing is wider than a phone's screen.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    context.close()
