"""Incident guides: the loader refuses any graph in which a reader could get lost."""

from __future__ import annotations

import contextlib
import re
import signal
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from portal.checks import guides as guide_checks
from portal.model.loader import load_guidance
from portal.source.errors import DataErrors
from portal.source.yaml_document import YamlDocument
from tests.test_validation import ERROR_LINE, TODAY, edit, errors_for, only

ROOT = Path(__file__).resolve().parent.parent

GUIDE = """\
id: shared-image
title: An image is being shared
summary: What to do when an image of a young person is being shared.
risks: [fixture-risk]
start: adult-involved
steps:
  - id: adult-involved
    question: Is an adult involved?
    help: For example, an adult sent, asked for or has the image.
    answers:
      - label: "Yes"
        next: refer-now
      - label: No or not sure
        next: at-risk
  - id: at-risk
    question: Is a child at immediate risk of harm?
    danger: true
    answers:
      - label: Yes, or not sure
        next: refer-now
      - label: "No"
        next: handle-in-school
  - id: refer-now
    outcome: Refer to the police now
    actions:
      - If a child is in immediate danger, call 999.
      - Tell your safeguarding lead straight away.
    contacts: [helpline-one]
    based_on: [https://example.org.uk/guide]
  - id: handle-in-school
    outcome: The safeguarding lead decides how to respond
    actions:
      - Tell your safeguarding lead straight away.
    contacts: [helpline-one, guide-two]
    based_on: [https://example.org.uk/guide]
sources:
  - title: Example guide
    url: https://example.org.uk/guide
reviewed: 2026-07-15
review_interval_months: 6
"""


@pytest.fixture
def guide(minimal_data: Path) -> Path:
    """The minimal data with one valid guide; tests break it one way each."""
    (minimal_data / "guides").mkdir()
    path = minimal_data / "guides" / "shared-image.yml"
    path.write_text(GUIDE, encoding="utf-8")
    return path


def test_a_valid_guide_loads_as_a_graph(guide: Path) -> None:
    loaded = load_guidance(guide.parent.parent, today=TODAY).guides.get("shared-image")
    assert loaded.start == "adult-involved" and [s.id for s in loaded.steps][:2] == ["adult-involved", "at-risk"]
    question = loaded.step("adult-involved")
    assert not question.is_outcome and [(a.label, a.next) for a in question.answers] == [
        ("Yes", "refer-now"),
        ("No or not sure", "at-risk"),
    ]
    outcome = loaded.step("handle-in-school")
    assert outcome.is_outcome and outcome.contacts == ("helpline-one", "guide-two")
    assert outcome.actions[0].text == "Tell your safeguarding lead straight away."
    assert loaded.review.next_due.isoformat() == "2027-01-15"


def test_data_without_guides_still_loads(minimal_data: Path) -> None:
    assert len(load_guidance(minimal_data, today=TODAY).guides) == 0


def test_an_answer_to_a_step_that_does_not_exist_is_a_dead_end(guide: Path) -> None:
    edit(guide, "        next: handle-in-school", "        next: handle-in-schol")
    error, orphan = errors_for(guide.parent.parent)
    assert (error.file, error.line, error.field) == ("data/guides/shared-image.yml", 22, "steps[1].answers[1].next")
    assert error.problem == "there is no step 'handle-in-schol' in this guide"
    assert error.hint == "did you mean 'handle-in-school'?"
    # The outcome it was meant to reach is now reached by no answer.
    assert (orphan.line, orphan.field) == (30, "steps[3].id") and "cannot be reached" in orphan.problem


def test_an_answer_that_leads_back_is_a_cycle(guide: Path) -> None:
    edit(
        guide,
        '      - label: "No"\n        next: handle-in-school',
        '      - label: "No"\n        next: adult-involved',
    )
    errors = errors_for(guide.parent.parent)
    cycle = [e for e in errors if "circle" in e.problem]
    assert len(cycle) == 1 and cycle[0].field == "steps[1].answers[1].next" and cycle[0].line == 22
    assert "(adult-involved → at-risk → adult-involved)" in cycle[0].problem
    # The outcome no answer reaches any more is reported too.
    orphan = [e for e in errors if "cannot be reached" in e.problem]
    assert [(e.field, e.line) for e in orphan] == [("steps[3].id", 30)]


def test_a_step_no_answer_leads_to_is_an_orphan(guide: Path) -> None:
    edit(
        guide,
        '      - label: Yes, or not sure\n        next: refer-now\n      - label: "No"',
        '      - label: Yes, or not sure\n        next: handle-in-school\n      - label: "No"',
    )
    edit(
        guide,
        "      - label: No or not sure\n        next: at-risk",
        "      - label: No or not sure\n        next: handle-in-school",
    )
    errors = errors_for(guide.parent.parent)
    assert [(e.field, e.problem) for e in errors] == [
        ("steps[1].id", "step 'at-risk' cannot be reached from the start ('adult-involved')")
    ]


def test_an_outcome_without_a_contact_is_refused(guide: Path) -> None:
    edit(guide, "    contacts: [helpline-one]\n", "")
    error = only(errors_for(guide.parent.parent))
    assert error.field == "steps[2].contacts" and error.line == 23


def test_an_outcome_whose_rule_names_no_source_is_refused(guide: Path) -> None:
    edit(
        guide,
        "    contacts: [helpline-one]\n    based_on: [https://example.org.uk/guide]\n",
        "    contacts: [helpline-one]\n",
    )
    error = only(errors_for(guide.parent.parent))
    assert error.field == "steps[2].based_on" and error.line == 23


def test_a_source_the_guide_does_not_list_is_refused(guide: Path) -> None:
    edit(
        guide,
        "    based_on: [https://example.org.uk/guide]\n  - id: handle",
        "    based_on: [https://example.org.uk/other]\n  - id: handle",
    )
    error = only(errors_for(guide.parent.parent))
    assert (error.field, error.line) == ("steps[2].based_on[0]", 29)
    assert error.problem == "'https://example.org.uk/other' is not among the guide's sources"


def test_an_unknown_contact_is_refused_with_a_suggestion(guide: Path) -> None:
    edit(guide, "    contacts: [helpline-one]\n", "    contacts: [helpline-on]\n")
    error = only(errors_for(guide.parent.parent))
    assert error.field == "steps[2].contacts[0]" and error.problem == "unknown resource 'helpline-on'"
    assert error.hint == "did you mean 'helpline-one'?"


def test_a_question_with_one_answer_is_refused(guide: Path) -> None:
    edit(
        guide,
        '      - label: "Yes"\n        next: refer-now\n      - label: No or not sure\n        next: at-risk\n',
        '      - label: "Yes"\n        next: refer-now\n',
    )
    errors = errors_for(guide.parent.parent)
    assert any(e.field == "steps[0].answers" and "at least 2" in e.problem for e in errors), errors


def test_a_step_that_is_both_question_and_outcome_is_refused(guide: Path) -> None:
    edit(
        guide,
        "    outcome: The safeguarding lead decides how to respond\n",
        "    outcome: The safeguarding lead decides how to respond\n    question: Really?\n",
    )
    error = only(errors_for(guide.parent.parent))
    assert error.field == "steps[3].question"
    assert error.problem == "step 'handle-in-school' is an outcome, so it cannot also have question"


def test_a_question_with_an_outcomes_fields_is_refused(guide: Path) -> None:
    # Without this the contacts would be dropped from the page without a word.
    edit(
        guide,
        "    help: For example, an adult sent, asked for or has the image.\n",
        "    help: For example, an adult sent, asked for or has the image.\n    contacts: [helpline-one]\n",
    )
    error = only(errors_for(guide.parent.parent))
    assert (error.field, error.line) == ("steps[0].contacts", 10)
    assert error.problem == "step 'adult-involved' is a question, so it cannot also have contacts"


def test_a_guide_must_start_with_a_question(guide: Path) -> None:
    edit(guide, "start: adult-involved", "start: refer-now")
    errors = errors_for(guide.parent.parent)
    assert any(e.field == "start" and e.problem == "the guide starts at 'refer-now', an outcome" for e in errors)


def test_duplicate_step_ids_are_refused(guide: Path) -> None:
    edit(guide, "  - id: handle-in-school", "  - id: refer-now")
    errors = errors_for(guide.parent.parent)
    assert any(e.field == "steps[3].id" and "already used by steps[2]" in e.problem for e in errors), errors


def test_a_nation_step_in_a_guide_must_cover_every_nation(guide: Path) -> None:
    edit(
        guide,
        "      - Tell your safeguarding lead straight away.\n    contacts: [helpline-one]\n",
        "      - by_nation:\n          - nations: [england]\n            text: Tell the LADO.\n"
        "    contacts: [helpline-one]\n",
    )
    error = only(errors_for(guide.parent.parent))
    assert error.field == "steps[2].actions[1].by_nation"
    assert error.problem == "says nothing for Wales, Scotland and Northern Ireland"


def test_without_javascript_the_guide_is_one_readable_page(guide: Path) -> None:
    from portal.site.rendering import PageRenderer

    guidance = load_guidance(guide.parent.parent, today=TODAY)
    loaded = guidance.guides.get("shared-image")
    text = PageRenderer(guidance, "respond/shared-image.md").render("guide.md.j2", guide=loaded)
    # Each question is a heading with its id; each answer an ordinary link to the next step's anchor.
    assert "## Is an adult involved? { #adult-involved }" in text
    assert "- [Yes](#refer-now){ .portal-guide-answer }" in text
    assert "- [No or not sure](#at-risk){ .portal-guide-answer }" in text
    # Outcomes are sections with numbered actions and the contacts' details.
    outcome = text.split("{ #handle-in-school }")[1]
    assert (
        "1. Tell your safeguarding lead straight away." in outcome
        and "[Helpline One" in outcome
        and "[Guide Two]" in outcome
    )
    assert "Based on: [Example guide](https://example.org.uk/guide)" in outcome
    # "Call 999" is the first action of an outcome (and in the help bar at the top of every page), never a line
    # repeated above every step.
    assert "1. If a child is in immediate danger, call 999." in text.split("{ #refer-now }")[1]
    assert "**If a child is in immediate danger, call 999.**" not in text
    # The first question comes straight after the title; what the guide is for waits, folded, below the steps.
    title, rest = text.split("# An image is being shared\n", 1)
    assert rest.lstrip().startswith('<div class="portal-guide"')
    assert '<details class="portal-guide-about info" markdown>' in text.split("</section>")[-1]
    assert loaded.summary in text.split("</section>")[-1] and loaded.summary not in rest.split("</section>")[0]
    # Contacts are compact blocks: the name links to the resources page, the number is a tap away.
    assert '<div class="portal-contact" markdown' in outcome and "[0344 381 4772](tel:+443443814772)" in outcome


# An instruction to handle an image: a sentence that starts with the verb ("Forward it to ...").
IMAGE_HANDLING = re.compile(
    r"^(?:then |first |please )?(view|look at|open|copy|save|screenshot|forward|share|send|print|download)\b"
    r"[^.;]*\b(images?|pictures?|photos?|videos?|nudes?)\b",
    re.I,
)


def test_the_shipped_guides_put_999_first_and_never_suggest_handling_an_image() -> None:
    guidance = load_guidance(ROOT / "data")
    assert len(guidance.guides) >= 5, "the five guides of issue 15"
    for guide in guidance.guides:
        for step in guide.steps:
            if not step.is_outcome:
                continue
            assert "999" in (step.actions[0].text or ""), f"{guide.id}/{step.id}: call 999 must come first"
            texts = [a.text for a in step.actions if a.text] + [v.text for a in step.actions for v in a.by_nation]
            for text in texts:
                for sentence in re.split(r"(?<=[.!?])\s+", text):
                    assert not IMAGE_HANDLING.search(sentence.strip()), f"{guide.id}/{step.id}: {sentence!r}"


def test_the_image_rule_catches_an_instruction_and_not_a_warning() -> None:
    assert IMAGE_HANDLING.search("Forward the image to the DSL.")
    assert IMAGE_HANDLING.search("Then save the photo to the shared drive.")
    assert not IMAGE_HANDLING.search("Do not view, copy or forward the image.")
    assert not IMAGE_HANDLING.search("Sharing an intimate image without consent is a crime.")


def test_risk_pages_and_get_help_link_to_their_guides(page) -> None:  # type: ignore[no-untyped-def]
    guidance = load_guidance(ROOT / "data")
    for guide in guidance.guides:
        for risk_id in guide.risks:
            soup = page(f"risks/{risk_id}/")
            links = [a["href"] for a in soup.select(".portal-guide-link a")]
            assert f"../../respond/{guide.id}/" in links, (risk_id, guide.id, links)
        help_links = [a["href"] for a in page("get-help/").select("article a[href]")]
        assert f"../respond/{guide.id}/" in help_links
    # Negative control: a risk no guide names has no step-by-step link.
    named = {risk for guide in guidance.guides for risk in guide.risks}
    unnamed = next(r.id for r in guidance.risks if r.id not in named)
    assert page(f"risks/{unnamed}/").select(".portal-guide-link") == []


def test_every_answer_on_a_built_guide_page_leads_to_a_step_on_that_page(page) -> None:  # type: ignore[no-untyped-def]
    guidance = load_guidance(ROOT / "data")
    for guide in guidance.guides:
        soup = page(f"respond/{guide.id}/")
        ids = {step.id for step in guide.steps}
        assert {h["id"] for h in soup.select("article h2[id]")} >= ids
        answers = [a["href"] for a in soup.select("a.portal-guide-answer")]
        assert answers and all(href.startswith("#") and href[1:] in ids for href in answers), guide.id
        assert len(answers) == sum(len(step.answers) for step in guide.steps)


@contextlib.contextmanager
def deadline(seconds: float) -> Iterator[None]:
    """Fail the test, rather than hang it, if the block runs longer than `seconds` (main thread, Unix)."""

    def expired(signum: int, frame: object) -> None:
        raise TimeoutError(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def big_guide(questions: int, answers: int, spread: int | None = None) -> str:
    """A guide of `questions` questions in a row, each of whose answers leads to one of the next `spread`
    steps (all to the next one when spread is 1); the last question's answers lead to the two outcomes."""
    spread = answers if spread is None else spread
    ids = [f"q{number}" for number in range(questions)] + ["refer-now", "handle-in-school"]
    lines = GUIDE[: GUIDE.index("steps:\n") + len("steps:\n")].replace("start: adult-involved", "start: q0")
    for number in range(questions):
        lines += f"  - id: q{number}\n    question: Question {number}?\n    answers:\n"
        for choice in range(answers):
            last = number == questions - 1
            target = ids[questions + choice % 2] if last else ids[min(number + 1 + choice % spread, len(ids) - 1)]
            lines += f"      - label: Answer {choice}\n        next: {target}\n"
    return lines + GUIDE[GUIDE.index("  - id: refer-now\n") :]


def test_a_guide_with_too_many_routes_is_refused_in_one_line(guide: Path) -> None:
    # Ten questions in a row, each with two answers to the next: 2 ** 10 = 1,024 routes.
    guide.write_text(big_guide(questions=10, answers=2, spread=1), encoding="utf-8")
    error = only(errors_for(guide.parent.parent))
    assert (error.file, error.line, error.field) == ("data/guides/shared-image.yml", 6, "steps")
    assert error.problem == "this guide has 1,024 routes from its first question"
    assert error.hint.startswith("at most 1,000; split it into separate guides")
    assert ERROR_LINE.match(str(error)) and "\n" not in str(error)
    # Negative control: nine such questions make 512 routes, which loads.
    guide.write_text(big_guide(questions=9, answers=2, spread=1), encoding="utf-8")
    assert len(load_guidance(guide.parent.parent, today=TODAY).guides.get("shared-image").steps) == 11


def row_of_questions(questions: int) -> str:
    """A guide of `questions` questions in a row, each answered on to the next or out to an outcome."""
    text = big_guide(questions, answers=2, spread=1)
    return re.sub(r"(Answer 1\n        next: )q\d+", r"\1handle-in-school", text)


def test_a_guide_with_too_many_questions_on_one_route_is_refused_at_the_first_one_over(guide: Path) -> None:
    # 21 questions in a row, each of which can also end the guide: 22 routes, but one asks 21 questions.
    text = row_of_questions(21)
    guide.write_text(text, encoding="utf-8")
    error = only(errors_for(guide.parent.parent))
    assert (error.field, error.line) == (
        "steps[20].question",
        text.splitlines().index("    question: Question 20?") + 1,
    )
    assert error.problem == "the longest route from the first question asks 21 questions; 'q20' is question 21 on it"
    assert error.hint.startswith("at most 20 on one route; split it")
    # Negative control: 20 questions load.
    guide.write_text(row_of_questions(20), encoding="utf-8")
    assert len(load_guidance(guide.parent.parent, today=TODAY).guides.get("shared-image").steps) == 22


def test_the_largest_guide_the_schema_allows_is_checked_in_moments_with_one_line_per_limit(guide: Path) -> None:
    # 98 questions of 8 answers (the schema's most) reaching on to the next 8 steps: about 10^29 routes.
    guide.write_text(big_guide(questions=98, answers=8), encoding="utf-8")
    started = time.process_time()  # CPU time: the same on a busy machine
    with deadline(10):
        errors = errors_for(guide.parent.parent)
    assert time.process_time() - started < 2
    assert [(e.field, e.problem) for e in errors] == [
        ("steps", "this guide has more than 1,000,000,000 routes from its first question"),
        (
            "steps[20].question",
            "the longest route from the first question asks 98 questions; 'q20' is question 21 on it",
        ),
    ]
    assert all(ERROR_LINE.match(str(e)) for e in errors)


def test_a_hostile_guide_of_500_dense_steps_is_refused_in_moments(guide: Path) -> None:
    # Through the loader the schema refuses it at once, in one line.
    guide.write_text(big_guide(questions=498, answers=8), encoding="utf-8")
    started = time.process_time()  # CPU time: the same on a busy machine
    with deadline(10), pytest.raises(DataErrors) as failure:
        load_guidance(guide.parent.parent, today=TODAY)
    assert time.process_time() - started < 2
    assert [str(e) for e in failure.value.errors] == [
        "data/guides/shared-image.yml:6: steps: has 500 entries; the limit is 100 (split the guide into two guides)"
    ]
    # And the graph check alone, given it without the schema's limits: 500 steps, every question leading
    # to every later step (over 120,000 answers and 2^497 routes), still answers in one line each, quickly.
    questions = [
        {"id": f"q{n}", "question": "?", "answers": [{"label": f"{m}", "next": f"q{m}"} for m in range(n + 1, 499)]}
        for n in range(498)
    ]
    questions[-1]["answers"] = [{"label": "a", "next": "end"}, {"label": "b", "next": "end"}]
    data = {
        "start": "q0",
        "steps": [*questions, {"id": "q498", "outcome": "o"}, {"id": "end", "outcome": "o"}],
        "sources": [],
    }
    doc = YamlDocument(Path("data/guides/hostile.yml"), "data/guides/hostile.yml", data, {("steps",): 6})
    started = time.process_time()  # CPU time: the same on a busy machine
    with deadline(10):
        errors = list(guide_checks.check_guide(doc))
    assert time.process_time() - started < 2
    assert [(e.line, e.field) for e in errors] == [(6, "steps"), (6, "steps[20].question")]
    assert "more than 1,000,000,000 routes" in errors[0].problem and "asks 498 questions" in errors[1].problem


def test_route_counting_refuses_a_circle_instead_of_looping() -> None:
    answers = {"a": ["b"], "b": ["c", "a"], "c": []}
    with deadline(5), pytest.raises(ValueError, match="circle"):
        guide_checks.route_figures("a", answers.__getitem__)
    # Negative control: without the circle, two routes from a (through b to c, twice counted per answer).
    answers["b"] = ["c", "c"]
    routes, questions = guide_checks.route_figures("a", answers.__getitem__)
    assert routes == {"c": 1, "b": 2, "a": 2} and questions == {"c": 0, "b": 1, "a": 2}


# ---- At a danger question, not being sure counts as Yes ----


def test_an_uncertain_answer_at_a_danger_question_must_go_where_yes_goes(guide: Path) -> None:
    edit(
        guide,
        "      - label: Yes, or not sure\n        next: refer-now",
        '      - label: "Yes"\n        next: refer-now',
    )
    edit(
        guide,
        '      - label: "No"\n        next: handle-in-school',
        "      - label: No or not sure\n        next: handle-in-school",
    )
    errors = errors_for(guide.parent.parent)
    assert [(e.line, e.field) for e in errors] == [(18, "steps[1].answers"), (21, "steps[1].answers[1].label")]
    assert errors[0].problem == "danger question 'at-risk' gives a reader who is not sure no answer to choose"
    assert errors[1].problem == (
        "'No or not sure' leads a reader in doubt to 'handle-in-school', not where 'Yes' leads ('refer-now')"
    )
    assert "not being sure counts as Yes" in errors[1].hint


@pytest.mark.parametrize(
    "label", ["Don't know", "I think so, but maybe not", "Not sure", "Possibly", "We don’t know yet", "Unsure"]
)
def test_every_way_of_saying_unsure_is_held_to_the_rule(guide: Path, label: str) -> None:
    edit(
        guide,
        '      - label: "No"\n        next: handle-in-school',
        f'      - label: "{label}"\n        next: handle-in-school',
    )
    error = only(errors_for(guide.parent.parent))
    assert error.field == "steps[1].answers[1].label" and "leads a reader in doubt" in error.problem


def test_a_separate_not_sure_answer_is_fine_when_it_goes_where_yes_goes(guide: Path) -> None:
    edit(
        guide,
        "      - label: Yes, or not sure\n        next: refer-now",
        '      - label: "Yes"\n        next: refer-now\n      - label: Not sure\n        next: refer-now',
    )
    load_guidance(guide.parent.parent, today=TODAY)
    # Not a danger question: "No or not sure" may lead elsewhere (adult-involved's answers do).
    assert "      - label: No or not sure\n        next: at-risk" in guide.read_text(encoding="utf-8")


def test_a_danger_question_needs_a_yes_and_must_be_marked(guide: Path) -> None:
    edit(guide, "      - label: Yes, or not sure\n", "      - label: Call for help now\n")
    error = only(errors_for(guide.parent.parent))
    assert (
        error.field == "steps[1].answers" and error.problem == "danger question 'at-risk' has no answer starting 'Yes'"
    )
    edit(guide, "      - label: Call for help now\n", "      - label: Yes, or not sure\n")
    edit(guide, "    danger: true\n", "")
    error = only(errors_for(guide.parent.parent))
    assert (error.line, error.field) == (16, "steps[1].question")
    assert error.problem == "asks about danger ('immediate risk') but is not marked as a danger question"
    assert "danger: true" in error.hint


def test_an_outcome_cannot_be_a_danger_question(guide: Path) -> None:
    edit(
        guide,
        "    outcome: The safeguarding lead decides how to respond\n",
        "    outcome: The safeguarding lead decides how to respond\n    danger: true\n",
    )
    error = only(errors_for(guide.parent.parent))
    assert error.field == "steps[3].danger" and "cannot also have danger" in error.problem


def test_the_shipped_guides_mark_their_danger_questions_and_route_doubt_to_yes() -> None:
    marked = 0
    files = sorted((ROOT / "data" / "guides").glob("*.yml"))
    for path in files:
        guide = yaml.safe_load(path.read_text(encoding="utf-8"))
        steps = {step["id"]: step for step in guide["steps"]}
        assert steps[guide["start"]].get("danger"), f"{path.name}: the first question is not a danger question"
        for step in steps.values():
            if step.get("danger"):
                marked += 1
                yes = next(a for a in step["answers"] if a["label"].startswith("Yes"))
                unsure = [a for a in step["answers"] if guide_checks.DOUBT.search(a["label"])]
                assert unsure and all(a["next"] == yes["next"] for a in unsure), f"{path.name}: {step['id']}"
    assert len(files) >= 5 and marked > len(files)


@pytest.mark.parametrize(
    "question",
    [
        "Is this an emergency?",
        "Is there a threat to the child's life?",
        "Has anyone talked about killing themselves?",
        "Could a life be at risk tonight?",
        "Is a pupil at serious risk now?",
        "Are they talking about suicide?",
    ],
)
def test_any_question_about_danger_must_be_marked(guide: Path, question: str) -> None:
    marked = "    question: Is a child at immediate risk of harm?\n    danger: true\n"
    edit(guide, marked, f"    question: {question}\n")
    error = only(errors_for(guide.parent.parent))
    assert error.field == "steps[1].question" and "not marked as a danger question" in error.problem


def test_ordinary_questions_need_no_mark(guide: Path) -> None:
    for question in ("Is an adult involved?", "Is the image still being shared?", "Was the account reported?"):
        edit(guide, "    question: Is an adult involved?\n", f"    question: {question}\n")
        load_guidance(guide.parent.parent, today=TODAY)
        edit(guide, f"    question: {question}\n", "    question: Is an adult involved?\n")


# ---- Outcomes read on a phone (issue 26): at most 7 actions, a word budget, the local team's finder ----

FINDERS = {
    "report-child-abuse-to-local-council": "Find the local children's social care team in England",
    "find-local-authority-wales": "Find the local authority in Wales",
    "find-council-scotland": "Find the local council in Scotland",
    "hsc-trust-gateway-teams": "The HSC Trust Gateway team",
}


def with_finders(guide: Path) -> None:
    """Add the four nations' finders to the fixture's resources (UK-wide here: the check reads only their ids)."""
    for finder, title in FINDERS.items():
        (guide.parent.parent / "resources" / f"{finder}.yml").write_text(
            f"id: {finder}\ntitle: {title}\npublisher: Example\nurl: https://example.org.uk/{finder}\n"
            "kind: reporting\nsummary: Find the local team.\ncost: free\naudiences: [schools]\n"
            "nations: [england, wales, scotland, northern-ireland]\n"
            "sources:\n  - title: Example source\n    url: https://example.org.uk/helpline\n"
            "reviewed: 2026-01-15\nreview_interval_months: 6\n",
            encoding="utf-8",
        )


def test_an_outcome_with_more_than_seven_actions_is_refused_in_one_line(guide: Path) -> None:
    eight = "".join(f"      - Step {n}.\n" for n in range(2, 9))
    edit(
        guide,
        "      - Tell your safeguarding lead straight away.\n    contacts: [helpline-one]\n",
        f"      - Tell your safeguarding lead straight away.\n{eight}    contacts: [helpline-one]\n",
    )
    error = only(errors_for(guide.parent.parent))
    assert (error.file, error.line, error.field) == ("data/guides/shared-image.yml", 25, "steps[2].actions")
    assert error.problem == "outcome 'refer-now' has 9 actions" and error.hint.startswith("at most 7")
    assert ERROR_LINE.match(str(error)) and "\n" not in str(error)
    # Negative control: seven actions, the rest of the detail in more (shown folded), load.
    edit(guide, "      - Step 8.\n", "    more:\n      - Step 8.\n")
    edit(guide, "      - Step 7.\n", "")
    loaded = load_guidance(guide.parent.parent, today=TODAY).guides.get("shared-image").step("refer-now")
    assert len(loaded.actions) == 7 and loaded.more[0].text == "Step 8."


def test_an_outcome_over_the_word_budget_is_refused_and_folded_detail_does_not_count(guide: Path) -> None:
    long = " ".join(["Tell the safeguarding lead what you saw and when."] * 30)  # 270 words
    edit(
        guide,
        "      - Tell your safeguarding lead straight away.\n    contacts: [helpline-one]\n",
        f"      - {long}\n    contacts: [helpline-one]\n",
    )
    error = only(errors_for(guide.parent.parent))
    assert (error.line, error.field) == (24, "steps[2].outcome")
    assert error.problem.startswith("outcome 'refer-now' shows 2") and "words of its own" in error.problem
    assert "at most 260" in error.hint and "more" in error.hint
    # The same words folded under "Why, and more detail" are not on the screen, so they load.
    edit(
        guide,
        f"      - {long}\n    contacts: [helpline-one]\n",
        f"      - Tell your safeguarding lead.\n    more:\n      - {long}\n    contacts: [helpline-one]\n",
    )
    load_guidance(guide.parent.parent, today=TODAY)


def test_a_nation_s_long_route_counts_only_for_that_nation(guide: Path) -> None:
    route = " ".join(["Follow the procedure your nation sets out for this."] * 27)  # 243 words
    edit(
        guide,
        "      - Tell your safeguarding lead straight away.\n    contacts: [helpline-one]\n",
        "      - by_nation:\n          - nations: [wales]\n            text: Tell the local authority.\n"
        "          - nations: [england, scotland, northern-ireland]\n"
        f"            text: {route}\n    contacts: [helpline-one]\n",
    )
    error = only(errors_for(guide.parent.parent))
    assert error.field == "steps[2].outcome" and error.problem.endswith("to a reader in England")
    # Negative control: a reader in Wales sees only Wales's short route, so shortening the others' loads.
    edit(guide, f"            text: {route}\n", "            text: Tell the local team.\n")
    load_guidance(guide.parent.parent, today=TODAY)


def test_a_referral_outcome_must_list_the_local_finder_for_each_nation(guide: Path) -> None:
    with_finders(guide)
    edit(
        guide,
        "    outcome: Refer to the police now\n",
        "    outcome: Refer to the police and children's services now\n",
    )
    error = only(errors_for(guide.parent.parent))
    assert (error.line, error.field) == (28, "steps[2].contacts")
    assert error.problem == (
        "outcome 'refer-now' sends the reader to \"children's services\" but lists no way to find the local team in"
        " any nation"
    )
    assert error.hint == (
        "add report-child-abuse-to-local-council, find-local-authority-wales, find-council-scotland,"
        " hsc-trust-gateway-teams to contacts"
    )
    # Three of the four: the error names the nation left out, and its finder.
    edit(
        guide,
        "    contacts: [helpline-one]\n    based_on: [https://example.org.uk/guide]\n  - id: handle",
        "    contacts: [helpline-one, report-child-abuse-to-local-council, find-local-authority-wales,"
        " find-council-scotland]\n    based_on: [https://example.org.uk/guide]\n  - id: handle",
    )
    error = only(errors_for(guide.parent.parent))
    assert error.problem.endswith("in Northern Ireland") and error.hint == "add hsc-trust-gateway-teams to contacts"
    edit(guide, " find-council-scotland]\n", " find-council-scotland, hsc-trust-gateway-teams]\n")
    load_guidance(guide.parent.parent, today=TODAY)


def test_a_referral_in_one_nation_s_route_needs_that_nation_s_finder_only(guide: Path) -> None:
    with_finders(guide)
    edit(
        guide,
        "      - Tell your safeguarding lead straight away.\n    contacts: [helpline-one]\n",
        "      - by_nation:\n          - nations: [scotland]\n            text: Tell social work.\n"
        "          - nations: [england, wales, northern-ireland]\n            text: Tell the police.\n"
        "    contacts: [helpline-one]\n",
    )
    error = only(errors_for(guide.parent.parent))
    assert error.problem == (
        "outcome 'refer-now' sends the reader to 'social work' but lists no way to find the local team in Scotland"
    )
    assert error.hint == "add find-council-scotland to contacts"
    edit(
        guide,
        "    contacts: [helpline-one]\n    based_on: [https://example.org.uk/guide]\n  - id: handle",
        "    contacts: [helpline-one, find-council-scotland]\n    based_on: [https://example.org.uk/guide]\n"
        "  - id: handle",
    )
    load_guidance(guide.parent.parent, today=TODAY)


def test_a_line_on_when_to_use_a_contact_the_outcome_does_not_list_is_refused(guide: Path) -> None:
    edit(
        guide,
        "    contacts: [helpline-one]\n",
        "    contacts: [helpline-one]\n    when_to_use:\n      helpline-one: For advice.\n"
        "      guide-two: To read the guidance.\n",
    )
    error = only(errors_for(guide.parent.parent))
    assert (error.line, error.field) == (31, "steps[2].when_to_use.guide-two")
    assert error.problem == "'guide-two' is not among the contacts of outcome 'refer-now'"
    edit(guide, "      guide-two: To read the guidance.\n", "")
    step = load_guidance(guide.parent.parent, today=TODAY).guides.get("shared-image").step("refer-now")
    assert step.use_of("helpline-one") == "For advice." and step.use_of("guide-two") is None


def test_a_question_cannot_have_an_outcome_s_detail_or_contact_lines(guide: Path) -> None:
    edit(
        guide,
        "    help: For example, an adult sent, asked for or has the image.\n",
        "    help: For example, an adult sent, asked for or has the image.\n    more:\n      - Why.\n",
    )
    error = only(errors_for(guide.parent.parent))
    assert (
        error.field == "steps[0].more"
        and error.problem == "step 'adult-involved' is a question, so it cannot also have more"
    )


def test_the_shipped_outcomes_have_a_line_for_every_contact_and_keep_their_detail() -> None:
    guidance = load_guidance(ROOT / "data")
    for guide in guidance.guides:
        for step in guide.steps:
            if step.is_outcome:
                missing = [c for c in step.contacts if not step.use_of(c)]
                assert missing == [], f"{guide.id}/{step.id}: no line on when to use {missing}"
                assert step.more, f"{guide.id}/{step.id}: the detail behind the actions"
