"""The loader rejects every kind of editor mistake with file, line, field and a hint."""

from __future__ import annotations

import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from portal.model.loader import load_guidance
from portal.source.errors import DataError, DataErrors

TODAY = date(2026, 11, 28)
ERROR_LINE = re.compile(r"^data/[\w./-]+:\d+: [\w.\[\]()-]+: .+$")


def errors_for(data: Path) -> list[DataError]:
    """Every error the loader reports for the data folder (the test fails if it loads cleanly)."""
    with pytest.raises(DataErrors) as failure:
        load_guidance(data, today=TODAY)
    return list(failure.value.errors)


def edit(path: Path, old: str, new: str) -> None:
    """Replace one exact piece of a fixture file, failing loudly if it is not there."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture changed: {old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def only(errors: list[DataError]) -> DataError:
    assert len(errors) == 1, "expected exactly one error, got:\n" + "\n".join(map(str, errors))
    return errors[0]


def test_minimal_fixture_is_valid(minimal_data: Path) -> None:
    guidance = load_guidance(minimal_data, today=TODAY)
    assert [o.id for o in guidance.objectives] == ["safer-testing"]
    assert guidance.risks.get("fixture-risk").also_known_as == ("zebracrossing", "fixture slang")


# Each case: file to break, text to replace, replacement, then the expected file, line, field and problem.
CASES = {
    "yaml syntax error": (
        "risks/fixture-risk.yml",
        "summary: A risk used by the tests.",
        "summary: [unclosed",
        "data/risks/fixture-risk.yml",
        6,
        "",
        "YAML syntax error",
    ),
    # A quote left open reads on to the next quote in the file, where the parse fails: the open one is named.
    "double quote left open": (
        "risks/fixture-risk.yml",
        "title: Fixture risk",
        'title: "Fixture risk',
        "data/risks/fixture-risk.yml",
        2,
        "title",
        "the quote that opens this value is not closed on this line (YAML reads on to line 16)",
    ),
    "single quote left open": (
        "risks/fixture-risk.yml",
        "summary: A risk used by the tests.",
        "summary: 'A risk used by the tests.",
        "data/risks/fixture-risk.yml",
        5,
        "summary",
        "the quote that opens this value is not closed on this line (YAML reads on to line 16)",
    ),
    "duplicate key": (
        "risks/fixture-risk.yml",
        "summary: A risk",
        "title: Again\nsummary: A risk",
        "data/risks/fixture-risk.yml",
        5,
        "title",
        "duplicate key 'title' (first given on line 2)",
    ),
    "wrong type": (
        "objectives/safer-testing.yml",
        "number: 1",
        "number: first",
        "data/objectives/safer-testing.yml",
        2,
        "number",
        "expected a whole number, got text",
    ),
    "missing required field": (
        "resources/guide-two.yml",
        "publisher: Example Department\n",
        "",
        "data/resources/guide-two.yml",
        1,
        "publisher",
        "missing required field",
    ),
    "unknown field (typo)": (
        "risks/fixture-risk.yml",
        "summary: A risk",
        "sumary: A risk",
        "data/risks/fixture-risk.yml",
        5,
        "sumary",
        "unknown field 'sumary'",
    ),
    "unknown reference": (
        "risks/fixture-risk.yml",
        "related: [other-risk]",
        "related: [fixture-rsk]",
        "data/risks/fixture-risk.yml",
        19,
        "related[0]",
        "unknown risk 'fixture-rsk'",
    ),
    "unknown reference in a nested list": (
        "objectives/safer-testing.yml",
        "resources: [helpline-one]",
        "resources: [helpline-two]",
        "data/objectives/safer-testing.yml",
        21,
        "areas[0].resources[0]",
        "unknown resource 'helpline-two'",
    ),
    "impossible date": (
        "faqs/who-leads.yml",
        "reviewed: 2026-01-15",
        "reviewed: 2026-02-30",
        "data/faqs/who-leads.yml",
        13,
        "reviewed",
        "'2026-02-30' is not a real calendar date",
    ),
    "date in the future": (
        "faqs/who-leads.yml",
        "reviewed: 2026-01-15",
        "reviewed: 2027-01-15",
        "data/faqs/who-leads.yml",
        13,
        "reviewed",
        "is in the future",
    ),
    "non-https url": (
        "resources/guide-two.yml",
        "url: https://example.org.uk/guide\nkind",
        "url: http://example.org.uk/guide\nkind",
        "data/resources/guide-two.yml",
        4,
        "url",
        "must be a full https:// web address",
    ),
    "javascript: url": (
        "resources/helpline-one.yml",
        "url: https://example.org.uk/helpline\nkind",
        "url: javascript:alert(1)\nkind",
        "data/resources/helpline-one.yml",
        5,
        "url",
        "is a script address",
    ),
    "raw <script> in text": (
        "risks/fixture-risk.yml",
        "  - Tell the safeguarding lead.",
        "  - Tell the safeguarding lead.<script>alert(1)</script>",
        "data/risks/fixture-risk.yml",
        14,
        "actions[1]",
        "raw HTML is not allowed (found <script>)",
    ),
    "event-handler HTML in text": (
        "faqs/who-leads.yml",
        "The safeguarding lead leads",
        'The <img src=x onerror="alert(1)"> DSL leads',
        "data/faqs/who-leads.yml",
        5,
        "answer",
        "raw HTML is not allowed",
    ),
    "javascript: link in Markdown": (
        "faqs/who-leads.yml",
        "supported by others.",
        "supported by [others](javascript:alert(1)).",
        "data/faqs/who-leads.yml",
        5,
        "answer",
        "script addresses",
    ),
    "http link in Markdown": (
        "faqs/who-leads.yml",
        "supported by others.",
        "supported by [others](http://example.org.uk).",
        "data/faqs/who-leads.yml",
        5,
        "answer",
        "non-https address",
    ),
    "enum typo": (
        "risks/fixture-risk.yml",
        "categories: [contact, conduct]",
        "categories: [contact, condcut]",
        "data/risks/fixture-risk.yml",
        4,
        "categories[1]",
        "'condcut' is not an allowed value",
    ),
    "id differs from file name": (
        "risks/fixture-risk.yml",
        "id: fixture-risk",
        "id: fixture-risks",
        "data/risks/fixture-risk.yml",
        1,
        "id",
        "id 'fixture-risks' does not match the file name 'fixture-risk.yml'",
    ),
    "help box names a missing resource": (
        "site.yml",
        "resource: helpline-one",
        "resource: helpline",
        "data/site.yml",
        10,
        "help.resource",
        "unknown resource 'helpline'",
    ),
}


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_each_mistake_is_reported_with_file_line_and_field(minimal_data: Path, case: str) -> None:
    file, old, new, shown, line, field, problem = CASES[case]
    edit(minimal_data / file, old, new)
    error = only(errors_for(minimal_data))
    assert (error.file, error.line, error.field) == (shown, line, field), str(error)
    assert problem in error.problem, str(error)
    assert ERROR_LINE.match(str(error)), f"not in path:line: field: problem form: {error}"
    assert error.hint, f"no hint saying what to write instead: {error}"


def test_a_quoted_text_over_two_lines_is_not_blamed_for_a_mistake_below_it(minimal_data: Path) -> None:
    risk = minimal_data / "risks" / "fixture-risk.yml"
    edit(risk, "title: Fixture risk", 'title: "Fixture\n  risk"')  # legal YAML: a quoted text over two lines
    edit(risk, "related: [other-risk]", "related: [other-risk")
    error = only(errors_for(minimal_data))
    assert (error.line, error.field) == (21, ""), str(error)  # PyYAML's line: where the list was found unclosed
    assert "YAML syntax error" in error.problem and "quote" not in error.problem, str(error)


def test_an_address_with_a_space_is_rejected(minimal_data: Path) -> None:
    edit(
        minimal_data / "resources/guide-two.yml",
        "url: https://example.org.uk/guide\nkind",
        "url: https://example.org.uk/the guide\nkind",
    )
    errors = errors_for(minimal_data)
    assert [(e.file, e.line, e.field) for e in errors] == [("data/resources/guide-two.yml", 4, "url")]
    assert "'https://example.org.uk/the guide'" in errors[0].problem


def test_a_bad_host_or_escape_in_a_markdown_link_is_rejected(minimal_data: Path) -> None:
    edit(
        minimal_data / "faqs/who-leads.yml",
        "supported by others.",
        "supported by [others](https://example/a%2) and [mail](mailto:nobody).",
    )
    problems = sorted(e.problem for e in errors_for(minimal_data))
    assert problems == ["'https://example/a%2' has a broken %-escape", "'nobody' is not a valid email address"]


def test_the_same_address_written_two_ways_is_reported(minimal_data: Path) -> None:
    # The fixture uses https://example.org.uk/risk once; a second spelling of it elsewhere is a near-copy.
    edit(
        minimal_data / "faqs/who-leads.yml", "url: https://example.org.uk/faq", "url: https://WWW.example.org.uk/risk/"
    )
    error = only(errors_for(minimal_data))
    assert (error.file, error.line, error.field) == ("data/faqs/who-leads.yml", 12, "sources[0].url")
    assert error.problem == (
        "'https://WWW.example.org.uk/risk/' is the same address as 'https://example.org.uk/risk' "
        "(data/risks/fixture-risk.yml:22) written differently"
    )
    assert error.hint == "use one spelling everywhere: https://example.org.uk/risk"


def test_the_model_knows_where_every_address_is(minimal_data: Path) -> None:
    guidance = load_guidance(minimal_data, today=TODAY)
    found = {(u.url, u.file, u.line) for u in guidance.url_uses}
    assert ("https://example.org.uk/helpline", "data/resources/helpline-one.yml", 5) in found
    assert ("mailto:help@example.org.uk", "data/resources/helpline-one.yml", 10) in found
    assert ("tel:03443814772", "data/resources/helpline-one.yml", 9) in found


def test_typo_gets_a_did_you_mean_hint(minimal_data: Path) -> None:
    edit(minimal_data / "risks/fixture-risk.yml", "related: [other-risk]", "related: [fixture-rsk]")
    edit(minimal_data / "risks/fixture-risk.yml", "summary: A risk", "sumary: A risk")
    hints = {e.field: e.hint for e in errors_for(minimal_data)}
    assert hints["related[0]"] == "did you mean 'fixture-risk'?"
    assert hints["sumary"] == "did you mean 'summary'?"


def test_duplicate_id_names_the_other_file(minimal_data: Path) -> None:
    (minimal_data / "faqs/who-leads-copy.yml").write_text((minimal_data / "faqs/who-leads.yml").read_text())
    messages = sorted(str(e) for e in errors_for(minimal_data))
    assert len(messages) == 2, messages
    assert messages[0].startswith("data/faqs/who-leads-copy.yml:1: id: id 'who-leads' does not match the file name")
    assert messages[1].startswith(
        "data/faqs/who-leads.yml:1: id: duplicate id 'who-leads' (also used by data/faqs/who-leads-copy.yml)"
    )


def test_duplicate_ids_within_a_file(minimal_data: Path) -> None:
    edit(minimal_data / "objectives/safer-testing.yml", "id: second-area", "id: first-area")
    error = only(errors_for(minimal_data))
    assert (error.line, error.field) == (35, "areas[1].id")
    assert error.problem == "duplicate area id 'first-area' (first used on line 10)"


def test_empty_file(minimal_data: Path) -> None:
    (minimal_data / "faqs/blank.yml").write_text("# only a comment\n")
    error = only(errors_for(minimal_data))
    assert (error.file, error.line, error.problem) == ("data/faqs/blank.yml", 1, "file is empty")
    assert "CONTRIBUTING.md" in error.hint


def test_file_that_is_not_utf8(minimal_data: Path) -> None:
    (minimal_data / "faqs/latin.yml").write_bytes("id: latin\nquestion: Caf\xe9 rules?\n".encode("latin-1"))
    error = only(errors_for(minimal_data))
    assert (error.file, error.line) == ("data/faqs/latin.yml", 2)
    assert error.problem == "not UTF-8 text (byte 0xe9)" and "UTF-8" in error.hint


def test_stray_file_is_reported_not_ignored(minimal_data: Path) -> None:
    (minimal_data / "risks/new-risk.yaml").write_text("id: new-risk\n")
    error = only(errors_for(minimal_data))
    assert error.file == "data/risks/new-risk.yaml" and error.problem == "unexpected file in data/"


def test_all_errors_in_all_files_come_back_together(minimal_data: Path) -> None:
    edit(minimal_data / "risks/fixture-risk.yml", "summary: A risk", "sumary: A risk")
    edit(minimal_data / "resources/guide-two.yml", "cost: free", "cost: cheap")
    edit(minimal_data / "faqs/who-leads.yml", "reviewed: 2026-01-15", "reviewed: 2026-13-01")
    (minimal_data / "faqs/blank.yml").write_text("")
    files = {e.file for e in errors_for(minimal_data)}
    assert files == {
        "data/risks/fixture-risk.yml",
        "data/resources/guide-two.yml",
        "data/faqs/who-leads.yml",
        "data/faqs/blank.yml",
    }


def test_wrong_type_is_reported_once_not_also_as_enum(minimal_data: Path) -> None:
    edit(minimal_data / "resources/guide-two.yml", "cost: free", "cost: 3")
    error = only(errors_for(minimal_data))
    assert error.problem == "expected text, got a number"


def test_markdown_autolinks_and_comparisons_are_not_mistaken_for_html(minimal_data: Path) -> None:
    edit(
        minimal_data / "faqs/who-leads.yml",
        "supported by others.",
        "supported by others (<https://example.org.uk>); under 18s and ages < 13 or > 18.",
    )
    load_guidance(minimal_data, today=TODAY)


def test_check_command_prints_one_line_per_error_and_no_traceback(minimal_data: Path) -> None:
    edit(minimal_data / "risks/fixture-risk.yml", "summary: A risk", "sumary: A risk")
    edit(minimal_data / "faqs/who-leads.yml", "reviewed: 2026-01-15", "reviewed: 2026-02-30")
    result = subprocess.run(
        [sys.executable, "-m", "portal", "--data", str(minimal_data), "check"], capture_output=True, text=True
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout
    lines = result.stderr.strip().splitlines()
    assert lines[:-1] == [
        "data/faqs/who-leads.yml:13: reviewed: '2026-02-30' is not a real calendar date "
        "(write dates as YYYY-MM-DD, e.g. 2026-11-28)",
        "data/risks/fixture-risk.yml:5: sumary: unknown field 'sumary' (did you mean 'summary'?)",
    ]
    assert lines[-1] == "2 problems in the data: fix them and run the check again."


def test_check_command_succeeds_on_the_real_data() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "portal", "check"],
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parent.parent,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Data is valid: 4 objectives")
