"""Guides on a phone (issue 26): the first answer on the first screen, short outcomes with their local finder,
"call 999" once per screen, no visible status text, no sideways scroll, axe; and the reading age of what to do."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from reading_age import TARGET, measure, score

from portal.checks.guides import LOCAL_FINDERS, MAX_ACTIONS, PAGE_WORD_BUDGET, REFERRAL, WORD
from portal.model import Guide, GuideStep
from portal.model.loader import load_guidance
from tests.conftest import ROOT, axe_violations, recording_page

DATA = load_guidance(ROOT / "data")
GUIDES = DATA.guides
NATIONS = ("england", "wales", "scotland", "northern-ireland")
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
STEP = "section.portal-guide-step"
BROWSER = pytest.mark.browser


def outcomes(guide: Guide) -> list[GuideStep]:
    return [step for step in guide.steps if step.is_outcome]


def referred_nations(guide: Guide, step: GuideStep) -> set[str]:
    """The nations whose readers an outcome sends to children's services, social work, the MASH or the Gateway."""
    found: set[str] = set()
    if REFERRAL.search(step.outcome or ""):
        found |= set(guide.nations)
    for entry in (*step.actions, *step.more):
        if entry.text and REFERRAL.search(entry.text):
            found |= set(guide.nations)
        for variant in entry.by_nation:
            if REFERRAL.search(variant.text):
                found |= set(variant.nations)
    return found


@pytest.fixture
def phone(browser):  # type: ignore[no-untyped-def]
    with recording_page(browser) as page:
        page.set_viewport_size(PHONE)
        yield page


def choose(page, nation: str) -> None:  # type: ignore[no-untyped-def]
    page.locator("#portal-nation-select").select_option(nation)


def go_to(page, step: str) -> None:  # type: ignore[no-untyped-def]
    """Move to a step the way a link to it does, and wait until the guide shows it."""
    page.evaluate("id => { location.hash = id; }", step)
    page.wait_for_function("id => !document.getElementById(id).closest('[hidden]')", arg=step)


# ---- The first answer on the first screen ----


@BROWSER
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
@pytest.mark.parametrize("script", [True, False], ids=["with-js", "without-js"])
def test_every_guide_s_first_answer_is_on_the_first_screen(browser, site_url: str, viewport, script: bool) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport=viewport, java_script_enabled=script)
    page = context.new_page()
    for guide in GUIDES:
        page.goto(f"{site_url}/respond/{guide.id}/")
        assert page.evaluate("scrollY") == 0
        first = page.locator(f"{STEP}[data-step='{guide.start}'] a.portal-guide-answer").first
        box = first.bounding_box()
        assert box is not None and box["y"] + box["height"] <= viewport["height"], (guide.id, box)
        # The question is the heading over it, and what the guide is for waits below the steps, folded.
        heading = page.locator(f"{STEP}[data-step='{guide.start}'] h2")
        assert heading.inner_text().startswith(guide.step(guide.start).question or "?")
        about = page.locator("details.portal-guide-about")
        assert about.count() == 1 and about.get_attribute("open") is None
        assert not about.locator("p").first.is_visible(), "the summary waits, folded"
        about_box = about.bounding_box()
        assert about_box is not None and about_box["y"] > box["y"], "About this guide comes after the first answer"
        # Without the script every step is on the page, in order; with it, one.
        shown = page.locator(f"{STEP}:visible").count()
        assert shown == (1 if script else len(guide.steps)), (guide.id, shown)
    # Negative control: without the script the guide's last step is far below the first screen.
    if not script:
        last = page.locator(STEP).last.bounding_box()
        assert last is not None and last["y"] > viewport["height"]
    context.close()


# ---- Short outcomes, measured as a reader sees them ----

# The words and actions of a step as shown: the trail, the controls and the record tools the script adds to
# every step are not the outcome's own text, and text for screen readers only is not seen.
MEASURE = """id => {
  const step = document.querySelector(`section[data-step="${id}"]`);
  const hide = document.createElement('style');
  hide.textContent = '.portal-visually-hidden, .md-visually-hidden, .portal-guide-trail, .portal-guide-controls,'
    + ' .portal-guide-record-tools { display: none !important; }';
  document.head.appendChild(hide);
  const text = step.innerText;
  hide.remove();
  const actions = [...step.querySelectorAll(':scope > ol > li')].filter((li) => li.checkVisibility()).length;
  return {text, actions, open: step.querySelectorAll('details[open]').length};
}"""


def words(text: str) -> int:
    return len(WORD.findall(text))


@BROWSER
@pytest.mark.parametrize("nation", NATIONS)
def test_every_outcome_shows_at_most_seven_actions_and_the_word_budget(phone, site_url: str, nation: str) -> None:  # type: ignore[no-untyped-def]
    measured = 0
    for guide in GUIDES:
        phone.goto(f"{site_url}/respond/{guide.id}/")
        choose(phone, nation)
        for step in outcomes(guide):
            go_to(phone, step.id)
            shown = phone.evaluate(MEASURE, step.id)
            assert shown["open"] == 0
            assert 1 <= shown["actions"] <= MAX_ACTIONS, (guide.id, step.id, shown["actions"])
            count = words(shown["text"])
            assert count <= PAGE_WORD_BUDGET, f"{guide.id}#{step.id} shows {count} words in {nation}"
            assert (step.outcome or "") in shown["text"] and "Who to contact" in shown["text"]
            measured += 1
    assert measured == sum(len(outcomes(g)) for g in GUIDES) >= 15
    assert phone.errors == []


@BROWSER
def test_the_measure_counts_what_is_shown_not_what_is_folded(phone, site_url: str) -> None:  # type: ignore[no-untyped-def]
    guide = next(g for g in GUIDES if g.id == "nude-image-shared")
    phone.goto(f"{site_url}/respond/{guide.id}/")
    choose(phone, "wales")
    go_to(phone, "refer-now")
    folded = words(phone.evaluate(MEASURE, "refer-now")["text"])
    # Every nation shown: more words (the other nations' routes and finders); the detail opened: more again.
    choose(phone, "all")
    every_nation = words(phone.evaluate(MEASURE, "refer-now")["text"])
    phone.locator(f"{STEP}[data-step='refer-now'] details.portal-guide-more > summary").click()
    opened = phone.evaluate(MEASURE, "refer-now")
    assert opened["open"] == 1
    assert folded < every_nation < words(opened["text"])
    assert words(opened["text"]) > PAGE_WORD_BUDGET, "the detail is there, folded"


# ---- "Call 999" once per screen ----

# Where each visible "999" is on the page, from the top of the document, in CSS pixels (the number on its own:
# not the 9999 that ends a phone number).
NINES = """() => {
  const found = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    for (const match of node.data.matchAll(/(?<![0-9])999(?![0-9])/g)) {
      const range = document.createRange();
      range.setStart(node, match.index);
      range.setEnd(node, match.index + 3);
      const box = [...range.getClientRects()].find((r) => r.width > 0 && r.height > 0);
      if (box && node.parentElement.checkVisibility({checkOpacity: true, checkVisibilityCSS: true})) {
        found.push(box.top + scrollY);
      }
    }
  }
  return found.sort((a, b) => a - b);
}"""


def too_close(places: list[float], height: int) -> list[tuple[float, float]]:
    """Pairs of "999" nearer each other than a screen's height."""
    return [(a, b) for a, b in zip(places, places[1:], strict=False) if b - a < height]


def steps_as_a_reader_reaches_them(guide: Guide) -> Iterator[str]:
    yield guide.start
    yield from (step.id for step in guide.steps if step.id != guide.start)


@BROWSER
@pytest.mark.parametrize("nation", ["england", "northern-ireland"])
def test_call_999_appears_at_most_once_per_screen(phone, site_url: str, nation: str) -> None:  # type: ignore[no-untyped-def]
    height = PHONE["height"]
    checked = 0
    for guide in GUIDES:
        phone.goto(f"{site_url}/respond/{guide.id}/")
        choose(phone, nation)
        for step in steps_as_a_reader_reaches_them(guide):
            if step != guide.start:
                go_to(phone, step)
            top = phone.evaluate("scrollY")
            places = phone.evaluate(NINES)
            # From where the guide puts the reader, down: never two within one screen.
            below = [y for y in places if y >= top]
            assert len([y for y in below if y < top + height]) <= 1, (guide.id, step, places, top)
            assert too_close(below, height) == [], (guide.id, step, places, top)
            checked += 1
    assert checked == sum(len(g.steps) for g in GUIDES)
    # Negative control: the help bar's "call 999" is counted, on the first screen of every page.
    phone.goto(f"{site_url}/respond/")
    assert phone.evaluate(NINES) and phone.evaluate(NINES)[0] < height


@BROWSER
def test_without_javascript_call_999_is_never_twice_on_a_phone_screen(browser, site_url: str) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    for guide in GUIDES:
        page.goto(f"{site_url}/respond/{guide.id}/")
        places = page.evaluate(NINES)
        assert len(places) >= len(outcomes(guide)), guide.id
        assert too_close(places, PHONE["height"]) == [], (guide.id, places)
    context.close()


def test_the_999_measure_finds_pairs_that_are_too_close() -> None:
    assert too_close([20.0, 500.0, 1500.0], 844) == [(20.0, 500.0)]
    assert too_close([20.0, 900.0], 844) == []


# ---- The local team's finder in every referral outcome ----


def finder_ids(nation: str) -> tuple[str, ...]:
    return LOCAL_FINDERS[nation][:1]


@BROWSER
@pytest.mark.parametrize("nation", NATIONS)
def test_every_referral_outcome_links_the_chosen_nation_s_finder(phone, site_url: str, nation: str) -> None:  # type: ignore[no-untyped-def]
    checked = folded = 0
    for guide in GUIDES:
        referrals = [step for step in outcomes(guide) if nation in referred_nations(guide, step)]
        if not referrals:
            continue
        phone.goto(f"{site_url}/respond/{guide.id}/")
        choose(phone, nation)
        for step in referrals:
            go_to(phone, step.id)
            contacts = phone.locator(f"{STEP}[data-step='{step.id}'] .portal-contact")
            shown = [block.get_attribute("data-nations") for block in contacts.all() if block.is_visible()]
            for finder in finder_ids(nation):
                resource = DATA.resources.get(finder)
                name = phone.locator(f"{STEP}[data-step='{step.id}'] .portal-contact__name a[href$='#{finder}']")
                assert name.is_visible(), (guide.id, step.id, finder)
                # The finder itself, one tap away, and a line on when to use it.
                block = name.locator("xpath=ancestor::div[contains(@class, 'portal-contact')]")
                assert block.locator(f".portal-contact__reach a[href='{resource.url}']").is_visible()
                assert block.locator(".portal-contact__use").inner_text().strip()
            # Control: the other nations' finders listed here are on the page, folded away behind the
            # "Other nations" button.
            for other in referred_nations(guide, step) - {nation}:
                for finder in finder_ids(other):
                    other_name = phone.locator(
                        f"{STEP}[data-step='{step.id}'] .portal-contact__name a[href$='#{finder}']"
                    )
                    assert other_name.count() == 1 and not other_name.is_visible(), (guide.id, step.id, finder)
                    folded += 1
            # Every contact shown is for every nation or for the chosen one.
            assert shown and all(key is None or nation in key.split() for key in shown), (guide.id, step.id)
            checked += 1
    assert checked >= 8, f"only {checked} referral outcomes for {nation}"
    assert folded >= 3 * (checked - 1), "the other nations' finders should be there, folded"
    assert phone.errors == []


def test_the_referral_rule_sees_every_way_of_naming_the_local_team() -> None:
    for text in ("Refer to children's services.", "Tell social work.", "through a MASH", "the Gateway team"):
        assert REFERRAL.search(text), text
    for text in ("Tell the police on 101.", "Mashed potato", "the gateway to the app"):
        assert not REFERRAL.search(text), text


# ---- The status, the width, axe ----


@BROWSER
def test_the_status_is_read_out_but_never_shown(phone, site_url: str) -> None:  # type: ignore[no-untyped-def]
    guide = next(g for g in GUIDES if g.id == "sextortion")
    phone.goto(f"{site_url}/respond/{guide.id}/")
    answer = guide.step(guide.start).answers[1]
    phone.locator(f"{STEP}[data-step='{guide.start}'] a.portal-guide-answer").nth(1).click()
    phone.wait_for_function("id => location.hash === '#' + id", arg=answer.next)
    status = phone.locator("[data-portal-guide-status]")
    phone.wait_for_function("() => document.querySelector('[data-portal-guide-status]').textContent !== ''")
    assert status.text_content().startswith(f"You answered {answer.label}.")
    box = status.bounding_box()
    assert box is not None and box["width"] <= 1 and box["height"] <= 1, box
    clip = phone.evaluate("e => getComputedStyle(e).clip", status.element_handle())
    assert clip.startswith("rect(0"), clip
    # Negative control: without its class the same text takes up room on the screen.
    phone.evaluate("e => e.removeAttribute('class')", status.element_handle())
    box = status.bounding_box()
    assert box is not None and box["width"] > 100 and box["height"] > 10


def overflowing(page) -> bool:  # type: ignore[no-untyped-def]
    return bool(page.evaluate("document.documentElement.scrollWidth > window.innerWidth"))


@BROWSER
@pytest.mark.parametrize("width", [320, 390])
def test_no_guide_step_scrolls_sideways_on_a_phone(browser, site_url: str, width: int) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": width, "height": 844})
    page = context.new_page()
    for guide in GUIDES:
        page.goto(f"{site_url}/respond/{guide.id}/")
        choose(page, "northern-ireland")
        assert not overflowing(page), guide.id
        for step in outcomes(guide):
            go_to(page, step.id)
            page.locator(f"{STEP}[data-step='{step.id}'] details.portal-guide-more > summary").click()
            assert not overflowing(page), (guide.id, step.id)
    # Negative control: something wider than the screen is caught.
    page.evaluate("() => { document.querySelector('article').style.minWidth = '2000px'; }")
    assert overflowing(page)
    context.close()


@BROWSER
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_axe_finds_nothing_on_a_question_and_an_outcome(browser, site_url: str, viewport) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    guide = next(g for g in GUIDES if g.id == "staff-online-conduct")
    page.goto(f"{site_url}/respond/{guide.id}/")
    choose(page, "wales")
    page.wait_for_function("document.getAnimations().every(a => a.playState !== 'running')")
    assert axe_violations(page) == []
    first = guide.step(guide.start).answers[0]
    page.locator(f"{STEP}[data-step='{guide.start}'] a.portal-guide-answer").first.click()
    page.wait_for_function("id => !document.getElementById(id).closest('[hidden]')", arg=first.next)
    page.locator(f"{STEP}[data-step='{first.next}'] .portal-guide-trail summary").click()
    page.locator(f"{STEP}[data-step='{first.next}'] details.portal-guide-more > summary").click()
    # The theme's header fades from the site's name to the page's title as the page scrolls: let the fade
    # end, so that colours are measured as they are read, not halfway through it.
    page.wait_for_function("document.getAnimations().every(a => a.playState !== 'running')")
    page.wait_for_timeout(300)
    assert axe_violations(page) == []
    context.close()


# ---- Reading age (benchmarks/reading_age.py) ----


def test_every_outcome_and_every_what_to_do_now_reads_at_grade_13_or_lower() -> None:
    results = measure(DATA)
    assert len(results["outcomes"]) == sum(len(outcomes(g)) for g in GUIDES)
    assert len(results["risks"]) == sum(1 for r in DATA.risks if r.actions) >= 10
    over = [row for row in results["outcomes"] + results["risks"] if float(str(row["grade"])) > TARGET]
    assert over == [], over


def test_the_reading_age_measure_tells_dense_text_from_plain() -> None:
    plain = score(["Tell your safeguarding lead today.", "Do not delete the messages.", "Call 999 if a child is hurt."])
    dense = score(
        [
            "Notwithstanding the aforementioned considerations, the designated safeguarding practitioner shall "
            "institute multi-agency consultation procedures commensurate with the organisational "
            "accountability framework, incorporating contemporaneous documentation of interdisciplinary "
            "deliberations regarding proportionality."
        ]
    )
    assert plain.grade < 6 < TARGET < dense.grade
    assert (plain.sentences, dense.sentences) == (3, 1)
    assert re.fullmatch(r"\d+\.\d", f"{dense.grade:.1f}")
