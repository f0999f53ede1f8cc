"""Incident guides in real Chromium: every path walked from the data, keyboard, record, privacy, axe."""

from __future__ import annotations

import json
import random
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from portal.checks.guides import MAX_ROUTES, route_figures
from portal.model import Answer, Guide, GuideStep
from portal.model.loader import load_guidance
from tests.conftest import ROOT, axe_violations, recording_page
from tests.test_guides import deadline

pytestmark = pytest.mark.browser

DATA = load_guidance(ROOT / "data")
GUIDES = DATA.guides
STEP = "section.portal-guide-step"

Route = list[tuple[str, str, str]]  # (step id, answer label, next step id) for each answer on the way
# A guide with at most this many routes has every one walked; a larger one (the check allows up to
# MAX_ROUTES, and a hosted copy could raise that) has a deterministic sample walked instead.
WALK_EVERY_ROUTE_UP_TO = 64
RANDOM_ROUTES = 16


def paths(guide: Guide) -> Iterator[Route]:
    """Every route from the start to an outcome, in answer order. There may be billions: see routes_to_walk."""

    def walk(step_id: str, so_far: Route) -> Iterator[Route]:
        step = guide.step(step_id)
        if step.is_outcome:
            yield so_far
            return
        for answer in step.answers:
            yield from walk(answer.next, [*so_far, (step_id, answer.label, answer.next)])

    yield from walk(guide.start, [])


def route_counts(guide: Guide) -> dict[str, int]:
    """How many routes lead from each step to an outcome, by dynamic programming (never by listing them).

    The keys come in an order in which every step follows all the steps its answers lead to.
    """
    steps = {step.id: step for step in guide.steps}
    counts, _ = route_figures(guide.start, lambda step_id: [answer.next for answer in steps[step_id].answers])
    return counts


def routes_to_walk(guide: Guide) -> list[Route]:
    """Every route of a small guide; of a large one, routes that take every answer (so reach every outcome)
    at least once, then a seeded random sample of the rest. The same guide always gives the same list."""
    counts = route_counts(guide)
    if counts[guide.start] <= WALK_EVERY_ROUTE_UP_TO:
        return list(paths(guide))
    chosen = covering_routes(guide, counts) + sampled_routes(guide, counts, random.Random(guide.id), RANDOM_ROUTES)
    unique = {tuple(route): route for route in chosen}  # a sampled route may repeat one that covers
    return list(unique.values())


def covering_routes(guide: Guide, counts: dict[str, int]) -> list[Route]:
    """Routes that between them take every answer: each time, the route through the most answers not yet taken.

    At most one route per answer, however many routes the guide has; each pass costs one look at every answer.
    """
    steps = {step.id: step for step in guide.steps}
    untaken = {(step_id, number) for step_id in counts for number in range(len(steps[step_id].answers))}
    routes: list[Route] = []
    while untaken:
        # For each step, from the outcomes back: the most untaken answers on a route on from it, and the answer.
        best: dict[str, tuple[int, int]] = {}
        for step_id in counts:
            options = [
                ((step_id, number) in untaken) + best[answer.next][0]
                for number, answer in enumerate(steps[step_id].answers)
            ]
            best[step_id] = (max(options), options.index(max(options))) if options else (0, -1)
        assert best[guide.start][0] > 0, f"answers no route takes: {sorted(untaken)[:5]}"
        route: Route = []
        step_id = guide.start
        while not steps[step_id].is_outcome:
            number = best[step_id][1]
            answer = steps[step_id].answers[number]
            untaken.discard((step_id, number))
            route.append((step_id, answer.label, answer.next))
            step_id = answer.next
        routes.append(route)
    return routes


def sampled_routes(guide: Guide, counts: dict[str, int], rng: random.Random, how_many: int) -> list[Route]:
    """Routes drawn evenly from all of them: draw a route's number, then follow the answers that hold it."""
    routes: list[Route] = []
    for _ in range(how_many):
        number = rng.randrange(counts[guide.start])
        route: Route = []
        step = guide.step(guide.start)
        while not step.is_outcome:
            for answer in step.answers:
                if number < counts[answer.next]:
                    break
                number -= counts[answer.next]
            route.append((step.id, answer.label, answer.next))
            step = guide.step(answer.next)
        routes.append(route)
    return routes


def test_the_routes_walked_reach_every_step_and_take_every_answer_of_every_guide() -> None:
    # Guards the walk below: if the routes skipped steps or answers, the browser test would prove less.
    for guide in GUIDES:
        routes = routes_to_walk(guide)
        assert len(routes) == route_counts(guide)[guide.start], f"{guide.id}: a shipped guide has every route walked"
        reached = {guide.start} | {nxt for route in routes for _, _, nxt in route}
        assert reached == {step.id for step in guide.steps}, guide.id
        taken = {(step, label) for route in routes for step, label, _ in route}
        assert taken == {(s.id, a.label) for s in guide.steps for a in s.answers}, guide.id


def layered_guide(questions: int, answers: int) -> Guide:
    """A valid-looking guide of `questions` questions in a row, each answer leading to one of the next few
    steps, and a few outcomes: its routes number answers ** questions or so."""
    ids = [f"q{number}" for number in range(questions)] + ["outcome-a", "outcome-b", "outcome-c"]
    steps = [
        GuideStep(
            id=ids[number],
            question=f"Question {number}?",
            answers=tuple(
                Answer(f"Answer {choice}", ids[min(number + 1 + choice, len(ids) - 1)]) for choice in range(answers)
            ),
        )
        for number in range(questions)
    ] + [GuideStep(id=step_id, outcome="Do this", contacts=("posh",)) for step_id in ids[questions:]]
    review = next(iter(GUIDES)).review
    return Guide(
        id=f"layered-{questions}", title="Layered", summary="Big.", start="q0", steps=tuple(steps), review=review
    )


def test_a_guide_with_billions_of_routes_is_walked_by_a_bounded_deterministic_sample() -> None:
    guide = layered_guide(questions=97, answers=8)  # 100 steps (the schema's most), 8 answers each (its most)
    with deadline(10):
        counts = route_counts(guide)
        routes = routes_to_walk(guide)
        again = routes_to_walk(guide)
    assert counts[guide.start] > 10**20, "the guide should have more routes than any test could walk"
    answers = sum(len(step.answers) for step in guide.steps)
    assert 3 <= len(routes) <= answers + RANDOM_ROUTES, len(routes)
    assert routes == again, "the sample must be the same on every run"
    # Every answer taken, so every step and every outcome reached, and every route a real one to an outcome.
    taken = {(step, label) for route in routes for step, label, _ in route}
    assert taken == {(s.id, a.label) for s in guide.steps for a in s.answers}
    for route in routes:
        assert route[0][0] == guide.start and guide.step(route[-1][2]).is_outcome
        assert all(nxt == after for (_, _, nxt), (after, _, _) in zip(route, route[1:], strict=False))
        assert all(
            any(a.label == label and a.next == nxt for a in guide.step(step).answers) for step, label, nxt in route
        )
    # The random part really is a sample of the routes, seeded by the guide: another guide draws others.
    sample = sampled_routes(guide, counts, random.Random(guide.id), RANDOM_ROUTES)
    assert len({tuple(route) for route in sample}) == RANDOM_ROUTES and all(
        tuple(r) in map(tuple, routes) for r in sample
    )
    assert sample != sampled_routes(guide, counts, random.Random("another"), RANDOM_ROUTES)


def test_a_guide_within_the_route_limit_but_too_big_to_walk_in_full_is_sampled() -> None:
    # Nine questions of two answers: a few hundred routes, within the check's limit, too many to walk each.
    guide = layered_guide(questions=9, answers=2)
    counts = route_counts(guide)
    assert WALK_EVERY_ROUTE_UP_TO < counts[guide.start] <= MAX_ROUTES
    routes = routes_to_walk(guide)
    assert len(routes) <= 9 * 2 + RANDOM_ROUTES
    # Negative control: a small guide has every route walked, and the count agrees with listing them.
    small = layered_guide(questions=4, answers=2)
    assert route_counts(small)[small.start] == len(list(paths(small))) == len(routes_to_walk(small)) <= 64


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
    """The answers so far, as a reader sees them: the list is folded to one line, so open it first."""
    folded = page.locator(f"{STEP}:visible .portal-guide-trail details:not([open]) > summary:visible")
    if folded.count():
        folded.click()
    return page.locator(f"{STEP}:visible .portal-guide-trail li").all_inner_texts()


@pytest.mark.parametrize("guide", GUIDES, ids=lambda g: g.id)
def test_every_path_walks_from_the_start_to_its_outcome(tab, site_url: str, guide: Guide) -> None:  # type: ignore[no-untyped-def]
    address = f"{site_url}/respond/{guide.id}/"
    routes = routes_to_walk(guide)
    walked = 0
    for path in routes:
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
        # "Call 999" is the outcome's first action (no longer a line repeated above every step).
        first_action = tab.locator(f"{STEP}:visible > ol > li").first
        assert first_action.is_visible() and "999" in first_action.inner_text()
        assert tab.locator(f"{STEP}:visible [data-guide-print]").is_visible()
        walked += 1
    assert walked == len(routes) >= 2
    assert tab.errors == []


GUIDE = next(g for g in GUIDES if g.id == "nude-image-shared")
# The longest route of the nudes guide, and a shorter one that ends elsewhere.
LONG = max(routes_to_walk(GUIDE), key=len)


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
    # Each contact as "name (where): how to reach it; when to use it".
    assert len(contacts) == len(english)
    assert all(c.startswith(r.title.split(" (")[0]) for c, r in zip(contacts, english, strict=True)), contacts
    assert any(": 101" in c for c in contacts) and any("0800 1111" in c for c in contacts)
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


# ---- Crafted addresses: the fragment is whatever a link says, and the guide must start whatever it is ----

ONE_STEP = next(g for g in GUIDES if g.id == "sextortion")
OTHER_GUIDES_STEP = next(s.id for g in GUIDES for s in g.steps if s.id not in {t.id for t in ONE_STEP.steps})
SECOND = ONE_STEP.step(ONE_STEP.start).answers[1].next  # a later question, named by valid links below
assert not ONE_STEP.step(SECOND).is_outcome
OUTCOME = next(step.id for step in ONE_STEP.steps if step.is_outcome)
# Each fragment as the address carries it, and the step it must open at (None: the first question).
FRAGMENTS: list[tuple[str, str | None]] = [
    ("%", None),  # decodeURIComponent throws on each of these six
    ("%E0%A4%A", None),
    ("%zz", None),
    ("%ED%A0%80", None),  # half of a surrogate pair, encoded
    (f"{SECOND}%", None),
    (f"{SECOND}%" + "%" * 100_000, None),
    ("a" * 100_000, None),  # 100 KB
    ("nope", None),
    (OTHER_GUIDES_STEP, None),  # a step id, but of another guide: not reachable here
    ("portal-guide-record", None),  # an element id on the page that is not a step
    ("__proto__", None),  # a name every JavaScript object has
    ("/respond/sextortion/?next=1", None),
    (f"?{SECOND}", None),
    ("'\"><script>window.injected=1</script><img src=x onerror=window.injected=1>", None),
    ("é☃\U0001f4a9", None),
    ("\u202e" + SECOND, None),
    ("..", None),
    (f"#{SECOND}", None),  # repeated #
    (f"{SECOND}#{SECOND}", None),
    ("", None),  # an address ending in a bare #
    (SECOND, SECOND),  # controls: a valid step, percent-encoded or not, opens there
    ("%" + format(ord(SECOND[0]), "02X") + SECOND[1:], SECOND),
    (OUTCOME, OUTCOME),
]


def showing(page, step: str) -> None:  # type: ignore[no-untyped-def]
    """Wait until this step, whatever the address says, is the one shown."""
    page.wait_for_function("id => !document.getElementById(id).closest('[hidden]')", arg=step)
    assert visible_steps(page) == [step]


def first_answers(guide: Guide, step_id: str) -> Route:
    """The route from a step to an outcome that always takes the first answer."""
    route: Route = []
    while not guide.step(step_id).is_outcome:
        choice = guide.step(step_id).answers[0]
        route.append((step_id, choice.label, choice.next))
        step_id = choice.next
    return route


def record_works(page, guide: Guide, outcome: str, answered: Route) -> None:  # type: ignore[no-untyped-def]
    """At an outcome: the Print button makes the incident record, with the outcome and the answers given."""
    page.evaluate("() => { window.print = () => { window.printed = (window.printed || 0) + 1; }; }")
    page.locator(f"{STEP}:visible [data-guide-print]").click()
    assert page.evaluate("window.printed") == 1
    record = page.locator(".portal-guide-record-print")
    assert record.count() == 1
    text = " ".join((record.text_content() or "").split())  # for paper only: never visible on screen
    heading = guide.step(outcome).outcome
    assert heading and guide.title in text and heading in text
    given = record.locator("tbody tr td:last-child").all_text_contents()
    assert given == [label for _, label, _ in answered]


# Click each answer link in turn and wait for the step it leads to.
CLICK_ANSWERS = """async route => {
  for (const [step, next] of route) {
    const moved = new Promise(done => addEventListener("hashchange", done, {once: true}));
    document.querySelector(`section[data-step="${step}"] a.portal-guide-answer[href="#${next}"]`).click();
    await moved;
  }
}"""


def test_any_fragment_opens_the_guide_at_its_first_question_or_the_step_it_names(tab, site_url: str) -> None:  # type: ignore[no-untyped-def]
    tab.set_default_timeout(5000)
    address = f"{site_url}/respond/{ONE_STEP.id}/"
    for case, (fragment, named) in enumerate([*FRAGMENTS, (None, None)]):
        where = repr(fragment)[:60]
        # A query that changes each time makes every case a fresh page load, not a move within the page.
        tab.goto(f"{address}?case={case}" + ("" if fragment is None else f"#{fragment}"))
        expected = named or ONE_STEP.start
        assert tab.locator(".portal-guide--one-step").count() == 1, f"{where}: the guide did not start"
        assert visible_steps(tab) == [expected], where
        assert tab.locator(f"{STEP}:visible [data-guide-part-way]").count() == (named not in (None, ONE_STEP.start))
        # To an outcome by clicking its answers in the page (quicker than the mouse, which other tests use).
        route = first_answers(ONE_STEP, expected)
        tab.evaluate(CLICK_ANSWERS, [[step, nxt] for step, _, nxt in route])
        record_works(tab, ONE_STEP, route[-1][2] if route else expected, route)
        assert tab.evaluate("window.injected") is None and tab.locator("img[src='x']").count() == 0, where
        assert tab.errors == [], f"{where}: {tab.errors}"
    # Negative control: the listener sees an error thrown in the page, such as the one a bad fragment caused.
    tab.evaluate("() => { setTimeout(() => decodeURIComponent('%')); }")
    tab.wait_for_timeout(100)
    assert tab.errors and "URI malformed" in tab.errors[0]


def test_moving_between_crafted_fragments_and_back_keeps_the_guide_working(tab, site_url: str) -> None:  # type: ignore[no-untyped-def]
    tab.set_default_timeout(5000)
    start, address = ONE_STEP.start, f"{site_url}/respond/{ONE_STEP.id}/"
    to_second = next((start, a.label, a.next) for a in ONE_STEP.step(start).answers if a.next == SECOND)
    tab.goto(f"{address}#%")
    showing(tab, start)
    answer(tab, *to_second)
    tab.go_back()  # back to #%
    showing(tab, start)
    assert trail(tab) == [] and tab.url.endswith("#%")
    tab.go_forward()
    showing(tab, SECOND)
    # Fragments set in the page (as a crafted link on it would): each shows the first question. (Setting
    # location.hash drops one leading #, so "##x" makes the fragment "#x".)
    for fragment in ["%zz", "a" * 100_000, "%E0%A4%A", "..", f"##{SECOND}", "'\"<script>window.injected=1</script>"]:
        tab.evaluate("fragment => { location.hash = fragment; }", fragment)
        showing(tab, start)
        answer(tab, *to_second)
    # Back through all of them: the first question at each crafted fragment, the second between.
    for _ in range(3):
        tab.go_back()
        showing(tab, start)
        tab.go_back()
        showing(tab, SECOND)
    # A crafted fragment straight after another, then a valid one: the guide follows.
    tab.evaluate("() => { location.hash = '%'; }")
    showing(tab, start)
    tab.evaluate("() => { location.hash = '%zz'; }")
    showing(tab, start)
    tab.evaluate("id => { location.hash = id; }", SECOND)
    showing(tab, SECOND)
    route = first_answers(ONE_STEP, SECOND)
    walk(tab, route)
    record_works(tab, ONE_STEP, route[-1][2], [to_second, *route])
    with tab.expect_download() as download:
        tab.locator(f"{STEP}:visible [data-guide-download='text']").click()
    assert route[-1][1] in Path(download.value.path()).read_text(encoding="utf-8")
    assert tab.evaluate("window.injected") is None
    assert tab.errors == [], tab.errors


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
