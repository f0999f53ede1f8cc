"""The private self-review in real Chromium: saving, files, print, privacy, changed wording, bad imports."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from conftest import ROOT, axe_violations
from portal.model.loader import load_guidance

pytestmark = pytest.mark.browser

STORAGE_KEY = "pies-self-review/v1"
GOVERNANCE = "safer-management/responsibilities-and-governance"
FILTERING = "safer-access/filtering-and-monitoring"
CURRICULUM = "safer-learning/curriculum-delivery"


@pytest.fixture(scope="module")
def areas() -> list[str]:
    guidance = load_guidance(ROOT / "data")
    return [f"{o.id}/{a.id}" for o in guidance.objectives for a in o.areas]


@pytest.fixture
def review(browser, site_url: str):  # type: ignore[no-untyped-def]
    """The self-review in a fresh browser profile, recording every request and error."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    page = context.new_page()
    page.requests = []  # type: ignore[attr-defined]
    page.errors = []  # type: ignore[attr-defined]
    page.on("request", lambda request: page.requests.append(request.url))  # type: ignore[attr-defined]
    page.on("pageerror", lambda error: page.errors.append(str(error)))  # type: ignore[attr-defined]
    page.on("console", lambda message: message.type == "error" and page.errors.append(message.text))  # type: ignore[attr-defined]
    open_review(page, site_url)
    yield page
    assert page.errors == [], f"errors on the page: {page.errors}"  # type: ignore[attr-defined]
    context.close()


def open_review(page, site_url: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{site_url}/self-review/")
    page.wait_for_selector("#sr.sr--ready")


def area(page, key: str):  # type: ignore[no-untyped-def]
    return page.locator(f'fieldset.sr-area[data-area="{key}"]')


def answer(page, key: str, level: int, commentary: str = "", evidence: str = "", actions=()) -> None:  # type: ignore[no-untyped-def]
    box = area(page, key)
    box.get_by_role("radio").nth(level - 1).check()
    if commentary:
        box.locator("textarea[data-field=commentary]").fill(commentary)
    if evidence:
        box.locator("textarea[data-field=evidence]").fill(evidence)
    for what, who, by in actions:
        box.locator("button[data-sr-action=add-action]").click()
        row = box.locator(".sr-action-row").last
        row.locator("[data-field=what]").fill(what)
        row.locator("[data-field=who]").fill(who)
        if by:
            row.locator("[data-field=by]").fill(by)


def saved(page) -> dict:  # type: ignore[no-untyped-def,type-arg]
    """The review as stored in the browser, once the page has finished saving."""
    page.wait_for_function(
        "key => localStorage.getItem(key) !== null && document.querySelector('#sr-status').textContent !== ''",
        arg=STORAGE_KEY,
    )
    page.wait_for_timeout(500)  # saving is debounced by 400 ms
    return json.loads(page.evaluate("key => localStorage.getItem(key)", STORAGE_KEY))


def test_answers_are_saved_as_you_go_and_survive_a_reload(review, site_url: str, areas: list[str]) -> None:  # type: ignore[no-untyped-def]
    review.locator("#sr-setting-name").fill("Riverside Youth Club")
    answer(
        review,
        GOVERNANCE,
        3,
        "Our welfare officer leads.",
        "Role description, 2026.",
        [("Add online safety to the committee agenda", "Chair", "2027-01-31")],
    )
    stored = saved(review)
    assert stored["setting"]["name"] == "Riverside Youth Club"
    assert stored["areas"][GOVERNANCE]["level"] == 3
    assert "Saved" in review.locator("#sr-status").inner_text()  # announced to screen readers (role=status)
    open_review(review, site_url)
    box = area(review, GOVERNANCE)
    assert box.get_by_role("radio").nth(2).is_checked()
    assert box.locator("textarea[data-field=commentary]").input_value() == "Our welfare officer leads."
    assert box.locator("textarea[data-field=evidence]").input_value() == "Role description, 2026."
    row = box.locator(".sr-action-row")
    assert row.count() == 1 and row.locator("[data-field=by]").input_value() == "2027-01-31"
    assert box.locator(".sr-next-title").inner_text() == "To reach level 4 (Embedded and reviewed)"
    assert (
        review.locator("#sr-progress-text").inner_text()
        == f"1 of {len(areas)} areas reviewed; average level 3 out of 4."
    )
    management = review.locator('#sr-score-table tr[data-objective="safer-management"]')
    assert management.locator(".sr-average").inner_text() == "3 out of 4"
    # negative control: nothing else was answered
    assert not area(review, FILTERING).get_by_role("radio").nth(0).is_checked()


def test_export_then_delete_then_import_gives_the_same_review(review, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    review.locator("#sr-setting-name").fill("St Anne's Primary")
    answer(review, GOVERNANCE, 2, "A named DSL.", actions=[("Write the role down", "Head", "2027-02-01")])
    answer(review, FILTERING, 4, "Reviewed termly.")
    before = saved(review)
    with review.expect_download() as download:
        review.get_by_role("button", name="Save your answers as a file").click()
    exported = tmp_path / "review.json"
    download.value.save_as(exported)
    document = json.loads(exported.read_text())
    assert document["format"] == "pies-self-review" and document["version"] == 1
    assert set(document["areas"]) == {GOVERNANCE, FILTERING}

    review.once("dialog", lambda dialog: dialog.accept())
    review.get_by_role("button", name="Delete my answers").click()
    review.wait_for_function("key => localStorage.getItem(key) === null", arg=STORAGE_KEY)
    assert review.locator("#sr-setting-name").input_value() == ""
    assert not area(review, GOVERNANCE).get_by_role("radio").nth(1).is_checked()

    review.locator("#sr-import").set_input_files(str(exported))
    review.wait_for_function("() => document.querySelector('#sr-status').textContent.startsWith('Review imported')")
    after = saved(review)
    assert after["setting"] == before["setting"]
    assert after["areas"] == before["areas"]
    assert area(review, GOVERNANCE).get_by_role("radio").nth(1).is_checked()


def test_deleting_asks_first_and_can_be_cancelled(review) -> None:  # type: ignore[no-untyped-def]
    answer(review, GOVERNANCE, 2)
    saved(review)
    review.once("dialog", lambda dialog: dialog.dismiss())
    review.get_by_role("button", name="Delete my answers").click()
    assert json.loads(review.evaluate("k => localStorage.getItem(k)", STORAGE_KEY))["areas"][GOVERNANCE]["level"] == 2


def test_action_plan_csv(review, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    answer(review, GOVERNANCE, 2, actions=[('Agree "who leads", then tell staff', "Head, DSL", "2027-03-01")])
    answer(review, FILTERING, 1, actions=[('=HYPERLINK("http://x")', "IT", "")])
    saved(review)
    with review.expect_download() as download:
        review.get_by_role("button", name="Download the action plan (spreadsheet)").click()
    assert download.value.suggested_filename.endswith("-action-plan.csv")
    target = tmp_path / "plan.csv"
    download.value.save_as(target)
    rows = list(csv.reader(io.StringIO(target.read_text(encoding="utf-8"))))
    assert rows == [
        ["Objective", "Area", "Level", "Action", "Who", "By when"],
        [
            "Safer Management",
            "Responsibilities and governance",
            "2. Getting started",
            'Agree "who leads", then tell staff',
            "Head, DSL",
            "2027-03-01",
        ],
        ["Safer Access", "Filtering and monitoring", "1. Not yet in place", '\'=HYPERLINK("http://x")', "IT", ""],
    ]


def test_print_view_is_a_clean_report(review) -> None:  # type: ignore[no-untyped-def]
    review.locator("#sr-setting-name").fill("Hillside Nursery")
    answer(review, GOVERNANCE, 3, "The manager leads.", actions=[("Train the deputy", "Manager", "2027-04-01")])
    saved(review)
    review.emulate_media(media="print")
    report = review.locator("#sr-report")
    assert report.is_visible()
    text = report.inner_text()
    assert "Online safety self-review: Hillside Nursery" in text
    assert "Level 3: In place." in text and "The manager leads." in text
    assert "Train the deputy" in text and "Action plan" in text
    assert report.locator("svg rect.sr-bar").count() == 4
    for chrome in (".md-header", ".md-sidebar--primary", ".md-footer", ".md-banner", "fieldset.sr-area", ".sr-buttons"):
        assert not review.locator(chrome).first.is_visible(), f"{chrome} shows in print"
    review.emulate_media(media="screen")
    assert not report.is_visible()


def test_no_request_leaves_the_page_while_reviewing(review, site_url: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    review.wait_for_load_state("networkidle")
    own = urlsplit(site_url).netloc
    assert all(urlsplit(url).netloc == own for url in review.requests), review.requests
    loaded = len(review.requests)
    answer(review, GOVERNANCE, 2, "Text", "Evidence", [("Do it", "Me", "2027-01-01")])
    answer(review, FILTERING, 3)
    review.locator("#sr-setting-type").select_option("sport")
    with review.expect_download():
        review.get_by_role("button", name="Save your answers as a file").click()
    with review.expect_download():
        review.get_by_role("button", name="Download the action plan (spreadsheet)").click()
    saved(review)
    review.wait_for_timeout(500)
    assert review.requests[loaded:] == [], f"requests while reviewing: {review.requests[loaded:]}"


def test_a_changed_area_is_flagged(review, site_url: str) -> None:  # type: ignore[no-untyped-def]
    answer(review, GOVERNANCE, 2)
    answer(review, FILTERING, 3)
    stored = saved(review)
    stored["areas"][GOVERNANCE]["wording"] = "0000000000000000"  # answered against older wording
    review.evaluate("([key, value]) => localStorage.setItem(key, value)", [STORAGE_KEY, json.dumps(stored)])
    open_review(review, site_url)
    assert area(review, GOVERNANCE).locator(".sr-updated").is_visible()
    assert not area(review, FILTERING).locator(".sr-updated").is_visible()
    assert not area(review, CURRICULUM).locator(".sr-updated").is_visible()  # unanswered
    area(review, GOVERNANCE).get_by_role("radio").nth(2).check()  # answering again clears the flag
    assert not area(review, GOVERNANCE).locator(".sr-updated").is_visible()


def test_change_notes_since_an_answer_are_listed_in_its_area(review, site_url: str) -> None:  # type: ignore[no-untyped-def]
    objective_id, area_id = FILTERING.split("/")
    objective = load_guidance(ROOT / "data").objectives.get(objective_id)
    notes = [c for a in objective.areas if a.id == area_id for c in a.changes if not c.typo]
    assert notes, "the shipped filtering area has a change note"
    answer(review, FILTERING, 3)
    answer(review, GOVERNANCE, 2)
    stored = saved(review)
    assert stored["areas"][FILTERING]["answered"] == date.today().isoformat()
    # Answered before the newest note: its notes are listed; the other area was answered today (control).
    stored["areas"][FILTERING]["answered"] = (notes[0].date - timedelta(days=1)).isoformat()
    review.evaluate("([key, value]) => localStorage.setItem(key, value)", [STORAGE_KEY, json.dumps(stored)])
    open_review(review, site_url)
    box = area(review, FILTERING).locator(".sr-changes")
    assert box.is_visible() and notes[0].note in box.inner_text()
    assert not area(review, GOVERNANCE).locator(".sr-changes").is_visible()
    # Answering again today means the notes are no longer news.
    area(review, FILTERING).get_by_role("radio").nth(1).check()
    assert not box.is_visible()


def test_the_setting_filter_shows_only_what_concerns_a_sports_club(review, areas: list[str]) -> None:  # type: ignore[no-untyped-def]
    assert area(review, CURRICULUM).is_visible()
    review.locator("#sr-setting-type").select_option("sport")
    assert not area(review, CURRICULUM).is_visible()
    assert area(review, GOVERNANCE).is_visible()
    shown = review.locator("fieldset.sr-area:visible").count()
    assert 0 < shown < len(areas)
    assert review.locator("#sr-progress-text").inner_text() == f"0 of {shown} areas reviewed."


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return path


def valid_document(areas: dict[str, object]) -> dict[str, object]:
    return {"format": "pies-self-review", "version": 1, "setting": {"name": "X", "type": ""}, "areas": areas}


BAD_IMPORTS = {
    "not JSON": ("{this is not json", "not valid JSON"),
    "another file format": (json.dumps({"format": "something-else", "version": 1}), "not a review exported"),
    "a newer version": (
        json.dumps({**valid_document({}), "version": 7}),
        "version 7 review; this page reads version 1",
    ),
    "wrong types": (json.dumps(valid_document({GOVERNANCE: {"level": "high"}})), "level that is not 1, 2, 3 or 4"),
    "areas not a mapping": (json.dumps({**valid_document({}), "areas": ["x"]}), "setting or areas are missing"),
    "too many actions": (
        json.dumps(valid_document({GOVERNANCE: {"level": 2, "actions": [{"what": "x"}] * 51}})),
        "more than 50 actions",
    ),
    "text too long": (json.dumps(valid_document({GOVERNANCE: {"commentary": "x" * 5001}})), "too long"),
    "huge": (" " * 1_200_000 + "{}", "too large to be a review"),
}


@pytest.mark.parametrize("case", BAD_IMPORTS, ids=list(BAD_IMPORTS))
def test_a_bad_import_is_refused_and_the_saved_review_is_untouched(review, tmp_path: Path, case: str) -> None:  # type: ignore[no-untyped-def]
    answer(review, GOVERNANCE, 3, "Keep me")
    before = saved(review)
    content, message = BAD_IMPORTS[case]
    review.locator("#sr-import").set_input_files(str(write(tmp_path, "bad.json", content)))
    status = review.locator("#sr-status")
    review.wait_for_function("() => document.querySelector('#sr-status').textContent.includes('has not changed')")
    assert message in status.inner_text()
    assert json.loads(review.evaluate("k => localStorage.getItem(k)", STORAGE_KEY))["areas"] == before["areas"]
    assert area(review, GOVERNANCE).locator("textarea[data-field=commentary]").input_value() == "Keep me"


def test_html_in_an_imported_file_is_shown_as_text_never_run(review, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    hostile = '<img src=x onerror="window.hacked=1"><script>window.hacked=2</script>'
    document = valid_document({GOVERNANCE: {"level": 2, "commentary": hostile, "actions": [{"what": hostile}]}})
    document["setting"] = {"name": "<b>Club</b>", "type": "sport"}
    review.locator("#sr-import").set_input_files(str(write(tmp_path, "hostile.json", json.dumps(document))))
    review.wait_for_function("() => document.querySelector('#sr-status').textContent.startsWith('Review imported')")
    box = area(review, GOVERNANCE)
    assert box.locator("textarea[data-field=commentary]").input_value() == hostile
    report = review.locator("#sr-report")
    assert hostile in report.text_content() and "Online safety self-review: <b>Club</b>" in report.text_content()
    assert report.locator("img, script, b").count() == 0
    assert review.evaluate("window.hacked") is None


def test_an_import_from_an_older_page_keeps_what_still_exists(review, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    document = valid_document({GOVERNANCE: {"level": 4}, "safer-access/an-area-since-removed": {"level": 1}})
    review.locator("#sr-import").set_input_files(str(write(tmp_path, "old.json", json.dumps(document))))
    review.wait_for_function("() => document.querySelector('#sr-status').textContent.startsWith('Review imported')")
    assert "1 answer(s) for areas this page no longer has were left out" in review.locator("#sr-status").inner_text()
    assert area(review, GOVERNANCE).get_by_role("radio").nth(3).is_checked()


def test_the_keyboard_alone_can_choose_a_level(review) -> None:  # type: ignore[no-untyped-def]
    first = area(review, GOVERNANCE).get_by_role("radio").first
    first.focus()
    review.keyboard.press("Space")
    review.keyboard.press("ArrowDown")
    assert area(review, GOVERNANCE).get_by_role("radio").nth(1).is_checked()
    assert area(review, GOVERNANCE).locator(".sr-next").is_visible()


@pytest.mark.parametrize("scheme, width", [("light", 1280), ("dark", 1280), ("light", 360), ("dark", 360)])
def test_no_accessibility_violations_on_the_review(browser, site_url: str, scheme: str, width: int) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": width, "height": 800}, color_scheme=scheme)
    page = context.new_page()
    open_review(page, site_url)
    answer(page, GOVERNANCE, 2, "Text", actions=[("Do it", "Me", "2027-01-01")])
    saved(page)
    assert page.evaluate("document.body.dataset.mdColorScheme") == ("slate" if scheme == "dark" else "default")
    assert axe_violations(page) == []
    context.close()


def test_the_review_logic_module_works_on_its_own(review) -> None:  # type: ignore[no-untyped-def]
    result = review.evaluate(
        """async () => {
          const core = window.PiesReviewCore;
          const content = JSON.parse(document.getElementById('sr-data').textContent);
          const state = core.emptyState();
          core.areaAnswer(state, content.areas[0].key).level = 4;
          core.areaAnswer(state, content.areas[1].key).level = 1;
          return {
            cell: [core.csvCell('a,b'), core.csvCell('say "hi"'), core.csvCell('+1'), core.csvCell('plain')],
            score: core.scores(state, content).objectives[0].average,
            overall: core.scores(state, content).average,
            wrongVersion: core.readImport(JSON.stringify({format: core.FORMAT, version: 2}), content).error,
          };
        }"""
    )
    assert result["cell"] == ['"a,b"', '"say ""hi"""', "'+1", "plain"]
    assert result["score"] == 2.5 and result["overall"] == 2.5
    assert result["wrongVersion"] == "The file is a version 2 review; this page reads version 1."


def test_a_whole_review_printed_exported_and_continued_in_a_fresh_profile(  # type: ignore[no-untyped-def]
    browser, site_url: str, areas: list[str], tmp_path: Path
) -> None:
    own = urlsplit(site_url).netloc
    first = browser.new_context(accept_downloads=True)
    page = first.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    open_review(page, site_url)
    page.locator("#sr-setting-name").fill("Whole Review Academy")
    for number, key in enumerate(areas):
        area(page, key).get_by_role("radio").nth(number % 4).check()
    answer(page, areas[-1], 4, actions=[("Share the plan with governors", "DSL", "2027-06-30")])
    stored = saved(page)
    assert len(stored["areas"]) == len(areas)
    assert page.locator("#sr-progress-text").inner_text().startswith(f"{len(areas)} of {len(areas)} areas reviewed")
    page.emulate_media(media="print")
    report = page.locator("#sr-report").inner_text()
    assert report.count("Level ") == len(areas) and "Share the plan with governors" in report
    page.emulate_media(media="screen")
    with page.expect_download() as download:
        page.get_by_role("button", name="Save your answers as a file").click()
    exported = tmp_path / "whole.json"
    download.value.save_as(exported)
    first.close()

    fresh = browser.new_context()  # another computer, in effect: nothing stored
    page = fresh.new_page()
    page.on("request", lambda request: requests.append(request.url))
    open_review(page, site_url)
    assert page.evaluate("k => localStorage.getItem(k)", STORAGE_KEY) is None
    page.locator("#sr-import").set_input_files(str(exported))
    page.wait_for_function("() => document.querySelector('#sr-status').textContent.startsWith('Review imported')")
    area(page, areas[0]).locator("textarea[data-field=commentary]").fill("Carried on at home.")
    assert saved(page)["areas"][areas[0]]["commentary"] == "Carried on at home."
    assert page.locator("#sr-setting-name").input_value() == "Whole Review Academy"
    fresh.close()
    assert [url for url in requests if urlsplit(url).netloc != own] == []
