"""The self-review's view for governors and trustees: its data, the link from their page, and the view in Chromium."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from conftest import ROOT, axe_violations
from portal.model.loader import load_guidance
from portal.source.errors import DataErrors
from portal.source.vocabulary import GOVERNOR_ASK
from tests.test_self_review import GOVERNANCE, STORAGE_KEY, answer, area, open_review, saved

FILTERING_ALERTS = "safer-access/filtering-and-monitoring/alerts"
BOARD_REPORT = "safer-standards/evidencing-progress/yearly-report"
NEW_NAMES = {
    "export-json": "Save your answers as a file",
    "export-csv": "Download the action plan (spreadsheet)",
    "export-governors-csv": "Download your questions and notes (spreadsheet)",
    "print": "Print the report",
    "clear": "Delete my answers",
}


@pytest.fixture(scope="module")
def questions() -> list[tuple[str, str, str]]:
    """(key, whom to ask, question) of every question for governors in the shipped data, in data order."""
    guidance = load_guidance(ROOT / "data")
    return [
        (f"{o.id}/{a.id}/{q.id}", q.ask, q.question)
        for o in guidance.objectives
        for a in o.areas
        for q in a.governor_questions
    ]


@pytest.fixture(scope="module")
def area_count() -> int:
    return sum(len(o.areas) for o in load_guidance(ROOT / "data").objectives)


def question(page, key: str):  # type: ignore[no-untyped-def]
    return page.locator(f'fieldset.sr-question[data-question="{key}"]')


def choose_governors(page) -> None:  # type: ignore[no-untyped-def]
    page.get_by_role("radio", name="I am a governor or trustee").check()


def visible_control_texts(page) -> list[str]:  # type: ignore[no-untyped-def]
    """The text of every button and button-styled label the reader can see in the form."""
    controls = page.locator("#sr button:visible, #sr label.md-button:visible")
    return [controls.nth(i).inner_text().strip() for i in range(controls.count())]


# ---- The data: questions in the objectives' areas, checked like the rest ----


def test_the_shipped_questions_are_a_short_set_for_both_people_to_ask(questions: list[tuple[str, str, str]]) -> None:
    asks = [ask for _, ask, _ in questions]
    assert 8 <= len(questions) <= 20, "a short set: governors see these instead of every area"
    assert set(asks) == {"safeguarding-lead", "it-support"}
    assert all(text.endswith("?") for _, _, text in questions)
    # The topics the board needs assurance on, each asked somewhere (negative: no topic left out).
    asked = " ".join(text.lower() for _, _, text in questions)
    for topic in ("filtering", "alerts", "training", "incidents", "policy", "taught", "parents"):
        assert topic in asked, topic


def test_whom_to_ask_is_one_list_for_the_schema_and_the_page() -> None:
    schema = json.loads((ROOT / "schemas" / "objective.schema.json").read_text(encoding="utf-8"))
    asked = schema["$defs"]["area"]["properties"]["governor_questions"]["items"]["properties"]["ask"]["enum"]
    assert asked == list(GOVERNOR_ASK), "each value the schema allows needs a heading in vocabulary.GOVERNOR_ASK"


def test_a_repeated_question_id_in_an_area_is_refused(minimal_data: Path) -> None:
    objective = minimal_data / "objectives" / "safer-testing.yml"
    text = objective.read_text(encoding="utf-8")
    block = (
        "    governor_questions:\n"
        "      - id: who\n        ask: safeguarding-lead\n        question: Who leads?\n"
        "      - id: who\n        ask: it-support\n        question: Who runs the filter?\n"
    )
    objective.write_text(text.replace("    risks: [fixture-risk]\n", block + "    risks: [fixture-risk]\n", 1))
    with pytest.raises(DataErrors) as failure:
        load_guidance(minimal_data)
    [error] = failure.value.errors
    assert error.field == "areas[0].governor_questions[1].id" and "duplicate question id 'who'" in error.problem
    # The valid look-alike: two ids, and the model holds both questions with whom to ask.
    objective.write_text(
        text.replace(
            "    risks: [fixture-risk]\n",
            block.replace("id: who\n        ask: it", "id: filter\n        ask: it") + "    risks: [fixture-risk]\n",
            1,
        )
    )
    [first, second] = load_guidance(minimal_data).objectives.get("safer-testing").areas[0].governor_questions
    assert (first.ask_heading, second.ask_heading) == ("Ask your safeguarding lead", "Ask your IT support or provider")


@pytest.mark.parametrize(
    "entry, field",
    [
        ("      - id: q\n        ask: chair\n        question: Who leads?\n", "areas[0].governor_questions[0].ask"),
        (
            "      - id: q\n        ask: it-support\n        question: Tell us who leads.\n",
            "areas[0].governor_questions[0].question",
        ),
    ],
    ids=["unknown person to ask", "not a question"],
)
def test_a_question_must_name_whom_to_ask_and_end_with_a_question_mark(
    minimal_data: Path, entry: str, field: str
) -> None:
    objective = minimal_data / "objectives" / "safer-testing.yml"
    text = objective.read_text(encoding="utf-8")
    objective.write_text(
        text.replace(
            "    risks: [fixture-risk]\n", "    governor_questions:\n" + entry + "    risks: [fixture-risk]\n", 1
        )
    )
    with pytest.raises(DataErrors) as failure:
        load_guidance(minimal_data)
    assert [e.field for e in failure.value.errors] == [field]


def test_an_audience_link_to_a_view_the_self_review_lacks_is_refused(minimal_data: Path) -> None:
    audience = minimal_data / "audiences" / "sport.yml"
    text = audience.read_text(encoding="utf-8")
    audience.write_text(text + "self_review:\n  view: coaches\n  text: Use it.\n", encoding="utf-8")
    with pytest.raises(DataErrors) as failure:
        load_guidance(minimal_data)
    assert [e.field for e in failure.value.errors] == ["self_review.view"]
    audience.write_text(text + "self_review:\n  view: areas\n  text: Use it.\n", encoding="utf-8")
    assert load_guidance(minimal_data).audiences.get("sport").self_review.view == "areas"  # type: ignore[union-attr]


# ---- The governors' page links the view ----


def test_the_governors_page_links_the_questions_for_governors(page) -> None:  # type: ignore[no-untyped-def]
    governors = page("audiences/governors-and-trustees/")
    section = governors.find(id="self-review")
    assert section is not None and section.name == "h2"
    text = section.find_next("p").get_text(" ", strip=True)
    assert "questions to ask your safeguarding lead and your IT support" in text
    links = [a for a in governors.find_all("a") if a.get("href") == "../../self-review/#governors"]
    assert [a.get_text(strip=True) for a in links] == ["Open the self-review's questions for governors and trustees"]
    # The anchor it points at is the questions' section (negative: not merely some element of the form).
    target = page("self-review/").find(id="governors")
    assert target.name == "section" and "sr-governors" in target["class"]
    # An audience without the field gets no such section.
    assert page("audiences/schools/").find(id="self-review") is None


# ---- The view in Chromium ----


@pytest.fixture
def review(browser, site_url: str):  # type: ignore[no-untyped-def]
    """The self-review at 1280x900 in a fresh profile; fails on any error the page logs."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    open_review(page, site_url)
    yield page
    assert errors == [], f"errors on the page: {errors}"
    context.close()


@pytest.mark.browser
def test_choosing_governors_shows_only_their_questions_and_back(  # type: ignore[no-untyped-def]
    review, questions: list[tuple[str, str, str]], area_count: int
) -> None:
    assert review.locator("fieldset.sr-area:visible").count() == area_count
    assert review.locator("fieldset.sr-question:visible").count() == 0
    choose_governors(review)
    assert review.locator("fieldset.sr-question:visible").count() == len(questions)
    assert review.locator("fieldset.sr-area:visible").count() == 0
    assert not review.locator("#sr-progress-title").is_visible() and not review.locator("#sr-setting-type").is_visible()
    shown = review.locator("fieldset.sr-question legend").all_inner_texts()
    expected = [text for ask in ("safeguarding-lead", "it-support") for _, a, text in questions if a == ask]
    assert [text.split(". ", 1)[1] for text in shown] == expected
    headings = review.locator("#governors h3").all_inner_texts()
    assert [h.strip("¶").strip() for h in headings] == ["Ask your safeguarding lead", "Ask your IT support or provider"]
    assert review.locator("#sr-governors-progress").inner_text() == f"0 of {len(questions)} questions answered."
    assert review.evaluate("location.hash") == "#governors"

    review.get_by_role("radio", name="We are reviewing our own setting").check()
    assert review.locator("fieldset.sr-area:visible").count() == area_count
    assert review.locator("fieldset.sr-question:visible").count() == 0
    assert review.evaluate("location.hash") == ""


@pytest.mark.browser
def test_the_choice_and_the_notes_survive_a_reload(  # type: ignore[no-untyped-def]
    review, site_url: str, questions: list[tuple[str, str, str]]
) -> None:
    choose_governors(review)
    question(review, FILTERING_ALERTS).get_by_label("What you were told").fill("The IT provider; no cover in holidays.")
    question(review, FILTERING_ALERTS).get_by_label("Follow this up").check()
    stored = saved(review)
    assert stored["mode"] == "governors"
    assert stored["governors"] == {
        FILTERING_ALERTS: {"note": "The IT provider; no cover in holidays.", "followUp": True}
    }
    review.goto(f"{site_url}/self-review/")  # no #governors: the stored choice alone brings the view back
    review.wait_for_selector("#sr.sr--ready")
    assert review.locator("fieldset.sr-question:visible").count() == len(questions)
    assert review.locator("fieldset.sr-area:visible").count() == 0
    assert review.get_by_role("radio", name="I am a governor or trustee").is_checked()
    box = question(review, FILTERING_ALERTS)
    assert box.get_by_label("What you were told").input_value() == "The IT provider; no cover in holidays."
    assert box.get_by_label("Follow this up").is_checked()
    assert (
        review.locator("#sr-governors-progress").inner_text()
        == f"1 of {len(questions)} questions answered; 1 to follow up."
    )
    # Switching back is remembered too.
    review.get_by_role("radio", name="We are reviewing our own setting").check()
    assert saved(review)["mode"] == ""
    open_review(review, site_url)
    assert review.locator("fieldset.sr-question:visible").count() == 0
    assert review.locator("fieldset.sr-area:visible").count() > 0


@pytest.mark.browser
def test_the_link_from_the_governors_page_opens_their_view(  # type: ignore[no-untyped-def]
    browser, site_url: str, questions: list[tuple[str, str, str]]
) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(f"{site_url}/audiences/governors-and-trustees/")
    page.get_by_role("link", name="Open the self-review's questions for governors and trustees").click()
    page.wait_for_selector("#sr.sr--ready")
    assert page.url.endswith("/self-review/#governors")
    assert page.locator("fieldset.sr-question:visible").count() == len(questions)
    assert page.locator("fieldset.sr-area:visible").count() == 0
    assert json.loads(page.evaluate("k => localStorage.getItem(k)", STORAGE_KEY))["mode"] == "governors"
    assert page.locator("#governors").is_visible()
    context.close()


@pytest.mark.browser
def test_the_buttons_say_what_they_do_in_both_views(review) -> None:  # type: ignore[no-untyped-def]
    for mode in ("areas", "governors"):
        if mode == "governors":
            choose_governors(review)
        texts = visible_control_texts(review)
        expected = [NEW_NAMES["export-json"], "Open saved answers"]
        expected += [NEW_NAMES["export-governors-csv" if mode == "governors" else "export-csv"]]
        expected += [NEW_NAMES["print"], NEW_NAMES["clear"]]
        assert [t for t in texts if not t.startswith("Add an action") and t != "Remove this action"] == expected
        # Negative control: no control speaks of file formats.
        assert not [t for t in texts if "JSON" in t or "CSV" in t], texts
        # The accessible name is the visible text, exactly.
        for name in expected:
            assert review.get_by_role("button", name=name, exact=True).count() == 1, name
    hidden = "export-csv"  # the areas' action plan is not offered to governors
    assert not review.locator(f"button[data-sr-action={hidden}]").is_visible()


@pytest.mark.browser
def test_saved_file_round_trips_with_the_governor_choice(  # type: ignore[no-untyped-def]
    review, tmp_path: Path, questions: list[tuple[str, str, str]]
) -> None:
    answer(review, GOVERNANCE, 2, "A named lead.")  # an area answer travels with the governors' notes
    review.locator("#sr-setting-name").fill("Hillside Academy")
    choose_governors(review)
    question(review, BOARD_REPORT).get_by_label("What you were told").fill("Each summer term.")
    question(review, FILTERING_ALERTS).get_by_label("Follow this up").check()
    before = saved(review)
    with review.expect_download() as download:
        review.get_by_role("button", name="Save your answers as a file", exact=True).click()
    exported = tmp_path / "answers.json"
    download.value.save_as(exported)
    document = json.loads(exported.read_text(encoding="utf-8"))
    assert document["mode"] == "governors" and document["format"] == "pies-self-review" and document["version"] == 1
    assert document["governors"] == {
        BOARD_REPORT: {"note": "Each summer term.", "followUp": False},
        FILTERING_ALERTS: {"note": "", "followUp": True},
    }

    review.once("dialog", lambda dialog: dialog.accept())
    review.get_by_role("button", name="Delete my answers", exact=True).click()
    review.wait_for_function("key => localStorage.getItem(key) === null", arg=STORAGE_KEY)
    assert question(review, BOARD_REPORT).get_by_label("What you were told").input_value() == ""
    review.get_by_role("radio", name="We are reviewing our own setting").check()  # the file must bring the view back
    assert review.locator("fieldset.sr-question:visible").count() == 0

    review.get_by_label("Open saved answers", exact=True).set_input_files(str(exported))
    review.wait_for_function("() => document.querySelector('#sr-status').textContent.startsWith('Review imported')")
    after = saved(review)
    assert (after["mode"], after["governors"], after["areas"]) == (before["mode"], before["governors"], before["areas"])
    assert review.locator("fieldset.sr-question:visible").count() == len(questions)
    assert question(review, BOARD_REPORT).get_by_label("What you were told").input_value() == "Each summer term."
    assert question(review, FILTERING_ALERTS).get_by_label("Follow this up").is_checked()

    with review.expect_download() as sheet:
        review.get_by_role("button", name=NEW_NAMES["export-governors-csv"], exact=True).click()
    assert sheet.value.suggested_filename.endswith("-questions.csv")
    rows = list(csv.reader(io.StringIO(Path(sheet.value.path()).read_text(encoding="utf-8"))))
    assert rows[0] == ["Ask", "Question", "What you were told", "Follow up"] and len(rows) == len(questions) + 1
    by_question = {row[1]: row for row in rows[1:]}
    board = next(text for key, _, text in questions if key == BOARD_REPORT)
    alerts = next(text for key, _, text in questions if key == FILTERING_ALERTS)
    assert by_question[board] == ["Ask your safeguarding lead", board, "Each summer term.", ""]
    assert by_question[alerts] == ["Ask your IT support or provider", alerts, "", "Yes"]


@pytest.mark.browser
def test_a_damaged_or_older_governors_part_of_a_file(review, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    base = {"format": "pies-self-review", "version": 1, "setting": {"name": "X", "type": ""}, "areas": {}}
    damaged = tmp_path / "damaged.json"
    damaged.write_text(json.dumps({**base, "mode": "governors", "governors": {FILTERING_ALERTS: {"note": 7}}}))
    review.get_by_label("Open saved answers", exact=True).set_input_files(str(damaged))
    review.wait_for_function("() => document.querySelector('#sr-status').textContent.includes('has not changed')")
    assert "note on question" in review.locator("#sr-status").inner_text()
    assert review.locator("fieldset.sr-question:visible").count() == 0  # the view did not change either
    older = tmp_path / "older.json"
    older.write_text(json.dumps({**base, "mode": "governors", "governors": {"safer-access/gone/q": {"note": "x"}}}))
    review.get_by_label("Open saved answers", exact=True).set_input_files(str(older))
    review.wait_for_function("() => document.querySelector('#sr-status').textContent.startsWith('Review imported')")
    assert "1 note(s) on questions this page no longer has were left out" in review.locator("#sr-status").inner_text()
    assert review.locator("fieldset.sr-question:visible").count() > 0


@pytest.mark.browser
def test_the_printed_report_for_governors_lists_questions_and_notes(  # type: ignore[no-untyped-def]
    review, questions: list[tuple[str, str, str]]
) -> None:
    review.locator("#sr-setting-name").fill("Hillside Academy")
    choose_governors(review)
    question(review, BOARD_REPORT).get_by_label("What you were told").fill("Each summer term.")
    question(review, FILTERING_ALERTS).get_by_label("Follow this up").check()
    saved(review)
    review.emulate_media(media="print")
    report = review.locator("#sr-report")
    text = report.inner_text()
    assert "Online safety questions for the board: Hillside Academy" in text
    assert "What we were told: Each summer term." in text and "To follow up." in text
    assert report.locator("h4").count() == len(questions)
    assert report.locator("svg").count() == 0  # the areas' chart is not part of the board's report
    for part in ("#governors", ".sr-buttons", ".sr-mode"):
        assert not review.locator(part).first.is_visible(), f"{part} shows in print"


@pytest.mark.browser
@pytest.mark.parametrize("width, height, scheme", [(390, 844, "light"), (1280, 900, "light"), (390, 844, "dark")])
def test_no_accessibility_violations_in_the_governors_view(  # type: ignore[no-untyped-def]
    browser, site_url: str, width: int, height: int, scheme: str
) -> None:
    context = browser.new_context(viewport={"width": width, "height": height}, color_scheme=scheme)
    page = context.new_page()
    open_review(page, site_url)
    choose_governors(page)
    question(page, FILTERING_ALERTS).get_by_label("What you were told").fill("Reviewed in March.")
    question(page, FILTERING_ALERTS).get_by_label("Follow this up").check()
    saved(page)
    assert page.locator("fieldset.sr-question:visible").count() > 0
    assert axe_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), "the page scrolls sideways"
    context.close()


@pytest.mark.browser
def test_without_javascript_the_questions_are_there_to_read_and_print(  # type: ignore[no-untyped-def]
    browser, site_url: str, questions: list[tuple[str, str, str]], area_count: int
) -> None:
    context = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(f"{site_url}/self-review/#governors")
    assert "needs JavaScript" in page.locator(".sr-noscript").inner_text()
    legends = page.locator("fieldset.sr-question:visible legend").all_inner_texts()
    assert len(legends) == len(questions)
    assert {text.split(". ", 1)[1] for text in legends} == {text for _, _, text in questions}
    assert page.locator("fieldset.sr-area:visible").count() == area_count  # both views show without the choice
    assert not page.locator(".sr-mode").is_visible()  # the choice needs JavaScript, so it is not offered
    page.emulate_media(media="print")
    assert page.locator("fieldset.sr-question").first.is_visible(), "without JavaScript the questions print"
    context.close()


@pytest.mark.browser
def test_an_area_answer_is_untouched_by_governors_notes(review) -> None:  # type: ignore[no-untyped-def]
    answer(review, GOVERNANCE, 3)
    choose_governors(review)
    question(review, FILTERING_ALERTS).get_by_label("What you were told").fill("Weekly.")
    stored = saved(review)
    assert stored["areas"][GOVERNANCE]["level"] == 3 and set(stored["areas"]) == {GOVERNANCE}
    review.get_by_role("radio", name="We are reviewing our own setting").check()
    assert area(review, GOVERNANCE).get_by_role("radio").nth(2).is_checked()
