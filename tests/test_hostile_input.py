"""Hostile or broken data never hangs, crashes or leaks: each case gets one clear line, and valid look-alikes pass."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from test_validation import TODAY, edit, errors_for, only

from conftest import ROOT, SAMPLE_FORK, copy_project, mkdocs_build
from portal.checks.live_links.settings import load_settings
from portal.model.loader import load_guidance
from portal.source.errors import DataErrors
from portal.source.limits import MAX_FILE_BYTES

RISK = "risks/fixture-risk.yml"
# A list that repeats the previous one nine times, nine levels deep: 9^9 values from a few hundred bytes.
ALIAS_BOMB = "lol0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"lol{level}: &a{level} [{', '.join([f'*a{level - 1}'] * 9)}]\n" for level in range(1, 9)
)


@pytest.fixture
def outside(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder that is not inside the project under test (the project's root is its data folder's parent)."""
    return tmp_path_factory.mktemp("outside")


def check_command(data: Path, *extra: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """`python -m portal check` on a data folder in its own process, so a hang or a crash fails only the test."""
    return subprocess.run(
        [sys.executable, "-m", "portal", "--data", str(data), "--docs", str(data.parent / "docs"), *extra, "check"],
        cwd=data.parent,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def assert_one_line_each(result: subprocess.CompletedProcess[str]) -> str:
    """Every line a failed check prints is `file:line: field: problem (hint)` or the closing count; no traceback."""
    output = result.stdout + result.stderr
    assert "Traceback" not in output
    lines = output.strip().splitlines()
    assert lines and lines[-1].endswith("fix them and run the check again."), output
    for line in lines[:-1]:
        file, number, rest = line.split(":", 2)
        assert file and number.isdigit() and int(number) >= 1 and rest.startswith(" "), line
        assert line.endswith(")"), f"no hint: {line}"
    return output


# ---- Bounded reading ----


def test_an_alias_bomb_is_refused_at_once_with_its_line(minimal_data: Path) -> None:
    edit(minimal_data / RISK, "summary: A risk", ALIAS_BOMB + "summary: A risk")
    result = check_command(minimal_data, timeout=30)  # expanded, this ran for minutes
    assert result.returncode == 1
    output = assert_one_line_each(result)
    assert f"{minimal_data.name}/{RISK}:5: (file): YAML anchors and aliases (&name, *name) are not allowed" in output


def test_an_alias_in_a_json_style_mapping_is_refused(minimal_data: Path) -> None:
    edit(minimal_data / RISK, "categories: [contact, conduct]", 'categories: {"a":&x [contact], "b":*x}')
    error = only(errors_for(minimal_data))
    assert (error.line, error.problem) == (4, "YAML anchors and aliases (&name, *name) are not allowed")


def test_an_anchor_alone_is_refused_but_ampersands_and_stars_in_text_are_not(minimal_data: Path) -> None:
    edit(minimal_data / RISK, "summary: A risk used by the tests.", "summary: &s A risk used by the tests.")
    error = only(errors_for(minimal_data))
    assert (error.file, error.line) == (f"data/{RISK}", 5)
    assert "anchors and aliases" in error.problem
    # Control: prose with '&' and '*' where YAML would not read an anchor or alias.
    edit(
        minimal_data / RISK,
        "summary: &s A risk used by the tests.",
        'summary: "C&YP, Q & A, *emphasis*, **bold** and &amp in quotes"',
    )
    assert load_guidance(minimal_data, today=TODAY).risks.get("fixture-risk").summary.startswith("C&YP, Q & A")


def test_a_merge_key_is_refused(minimal_data: Path) -> None:
    edit(minimal_data / RISK, "summary: A risk", "<<: {title: Merged}\nsummary: A risk")
    error = only(errors_for(minimal_data))
    assert (error.line, error.problem) == (5, "merge keys (<<) are not allowed")


@pytest.mark.parametrize(
    "nesting",
    ["[" * 200_000 + "]" * 200_000, "{a: " * 100_000 + "}" * 100_000, "\n" + "- " * 100_000 + "x"],
    ids=["lists", "mappings", "compact-block-lists"],
)
def test_deep_nesting_is_refused_without_crashing(minimal_data: Path, nesting: str) -> None:
    # libyaml's composer recurses in C: without the check a few hundred thousand '[' crash the process.
    edit(minimal_data / RISK, "signs:\n  - A sign to notice.", f"signs: {nesting}\nother_signs:\n  - A sign to notice.")
    result = check_command(minimal_data, timeout=60)
    assert result.returncode == 1, result.stderr[-2000:]
    output = assert_one_line_each(result)
    assert f"{minimal_data.name}/{RISK}:" in output
    assert "nest" in output


def test_nesting_of_a_real_file_is_fine(minimal_data: Path) -> None:
    # Control: the deepest shipped structure (objective areas with level statements) loads.
    load_guidance(ROOT / "data")


def test_a_file_over_the_size_limit_is_refused_before_it_is_parsed(minimal_data: Path) -> None:
    path = minimal_data / RISK
    text = path.read_text(encoding="utf-8")
    path.write_text(text + "#" * (MAX_FILE_BYTES + 1 - len(text.encode())), encoding="utf-8")
    error = only(errors_for(minimal_data))
    assert (error.file, error.line, error.problem) == (f"data/{RISK}", 1, "file is larger than 1,000,000 bytes")
    # Control: the same file at exactly the limit (a long comment) loads.
    path.write_text(text + "#" * (MAX_FILE_BYTES - len(text.encode())), encoding="utf-8")
    assert path.stat().st_size == MAX_FILE_BYTES
    load_guidance(minimal_data, today=TODAY)


def test_a_file_of_too_many_values_is_refused_where_the_limit_is_passed(minimal_data: Path) -> None:
    (minimal_data / RISK).write_text("".join(f"k{i}: v\n" for i in range(30_000)), encoding="utf-8")
    error = only(errors_for(minimal_data))
    # The file's mapping is one, each field and its value two more: the 50,001st is on line 25,000.
    assert (error.line, error.problem) == (25_000, "more than 50,000 values and fields in one file")


VALUE_CASES = {
    "python object tag": ("!!python/object/apply:os.system [echo hi]", "the tag !!python/object/apply:os.system"),
    "binary tag": ("!!binary aGVsbG8=", "the tag !!binary is not allowed"),
    "custom tag": ("!include secrets.yml", "the tag !include is not allowed"),
    "impossible timestamp": ("!!timestamp 2026-02-30", "the tag !!timestamp is not allowed"),
    "set": ("!!set {a, b}", "the tag !!set is not allowed"),
    "huge number": ("9" * 5000, "cannot read value: not a value this file can hold"),
    "not a number": (".nan", "'.nan' is not a finite number"),
    "empty float": ('!!float ""', "cannot read value: not a value this file can hold"),
    "word as an integer": ("!!int twelve", "cannot read value: not a value this file can hold"),
    "huge hexadecimal number": ("0x" + "f" * 5000, "the number is far too large"),
    "infinity": ("-.inf", "'-.inf' is not a finite number"),
}


@pytest.mark.parametrize("case", VALUE_CASES, ids=list(VALUE_CASES))
def test_values_no_data_file_needs_are_refused_by_field(minimal_data: Path, case: str) -> None:
    value, problem = VALUE_CASES[case]
    edit(minimal_data / RISK, "summary: A risk used by the tests.", f"summary: {value}")
    error = only(errors_for(minimal_data))
    assert (error.file, error.line, error.field) == (f"data/{RISK}", 5, "summary")
    assert error.problem.startswith(problem), error
    assert len(str(error)) < 300, "a hostile value is never echoed back in full"


KEY_CASES = {
    "a list as a key": ("? [a, b]\n: c\n", 6, "field names must be text, not a list or mapping"),
    "a number as a key": ("404: c\n", 6, "field names must be text, not 404"),
    "null as a key": ("null: c\n", 6, "field names must be text, not None"),
    "a value key": ("=: c\n", 6, "the tag !!value is not allowed"),
    "two documents": ("---\nid: again\n", 6, "more than one YAML document in the file (a second '---')"),
}


@pytest.mark.parametrize("case", KEY_CASES, ids=list(KEY_CASES))
def test_odd_keys_and_documents_are_refused_with_their_line(minimal_data: Path, case: str) -> None:
    extra, line, problem = KEY_CASES[case]
    edit(minimal_data / RISK, "description: |", extra + "description: |")
    error = only(errors_for(minimal_data))
    assert (error.file, error.line, error.problem) == (f"data/{RISK}", line, problem)


def test_a_nul_or_control_character_in_the_file_is_refused_with_its_line(minimal_data: Path) -> None:
    edit(minimal_data / RISK, "  - Another sign.", "  - Another\x00 sign.")
    error = only(errors_for(minimal_data))
    assert (error.line, error.problem) == (
        10,
        "the invisible character U+0000 (a control character) cannot be in a data file",
    )


@pytest.mark.parametrize(
    ("separator", "name"),
    [("\u2028", "U+2028 (line separator)"), ("\u2029", "U+2029 (paragraph separator)"), ("\r", "U+000D")],
    ids=["line separator", "paragraph separator", "lone carriage return"],
)
def test_line_breaks_editors_do_not_count_are_refused(minimal_data: Path, separator: str, name: str) -> None:
    # YAML would count these as new lines, and every line number after them would be wrong.
    edit(minimal_data / RISK, "  - Another sign.\n", f"  - Another sign.{separator}")
    error = only(errors_for(minimal_data))
    assert (error.line, error.field) == (10, "")
    assert error.problem.startswith(f"the line break {name}")


def test_windows_line_endings_are_fine(minimal_data: Path) -> None:
    path = minimal_data / RISK
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    assert load_guidance(minimal_data, today=TODAY).risks.get("fixture-risk").signs[1] == "Another sign."


# ---- Only real files inside the project ----


def test_a_folder_named_like_a_data_file_is_reported_not_a_traceback(minimal_data: Path) -> None:
    (minimal_data / "risks" / "example.yml").mkdir()
    (minimal_data / "risks" / "example.yml" / "inside.yml").write_text("id: inside\n", encoding="utf-8")
    result = check_command(minimal_data)
    assert result.returncode == 1
    output = assert_one_line_each(result)
    assert f"{minimal_data.name}/risks/example.yml:1: (file): is a folder named like a file" in output
    assert "inside.yml" not in output  # not read, not reported twice


def test_a_link_to_a_file_outside_the_project_is_refused_and_never_read(minimal_data: Path, outside: Path) -> None:
    secret = outside / "secret.yml"
    secret.write_text("id: secret\ntitle: TOP-SECRET-TOKEN\n", encoding="utf-8")
    (minimal_data / "resources" / "secret.yml").symlink_to(secret)
    errors = errors_for(minimal_data)
    error = only([e for e in errors if e.file.endswith("secret.yml")])
    assert error.problem == f"is a symbolic link that leads outside the project (to {secret.as_posix()})"
    assert "links are never followed" in error.hint
    assert not any("TOP-SECRET" in str(e) or "secret" in e.field for e in errors)


def test_a_link_inside_the_project_and_a_linked_folder_are_refused_too(minimal_data: Path, outside: Path) -> None:
    (minimal_data / "risks" / "copy.yml").symlink_to(minimal_data / "risks" / "other-risk.yml")
    shutil.move(minimal_data / "faqs", outside / "faqs")
    (minimal_data / "faqs").symlink_to(outside / "faqs")
    problems = {e.file: e.problem for e in errors_for(minimal_data)}
    assert problems["data/risks/copy.yml"] == "is a symbolic link (to data/risks/other-risk.yml)"
    assert problems["data/faqs"].startswith("is a symbolic link that leads outside the project")


def test_a_named_pipe_does_not_hang_the_check(minimal_data: Path) -> None:
    os.mkfifo(minimal_data / "faqs" / "pipe.yml")  # opening a pipe to read waits for a writer
    result = check_command(minimal_data, timeout=30)
    assert result.returncode == 1
    assert f"{minimal_data.name}/faqs/pipe.yml:1: (file): is a named pipe, not a file" in assert_one_line_each(result)


def test_a_socket_is_reported(minimal_data: Path, tmp_path: Path) -> None:
    # A socket's path is limited to about 100 bytes: bind in a short folder, then move it in.
    with socket.socket(socket.AF_UNIX) as server:
        short = Path("/tmp") / f"portal-{os.getpid()}.sock"
        server.bind(str(short))
        try:
            shutil.move(short, minimal_data / "faqs" / "socket.yml")
            problems = {e.file: e.problem for e in errors_for(minimal_data)}
        finally:
            short.unlink(missing_ok=True)
    assert problems["data/faqs/socket.yml"] == "is a socket, not a file"


@pytest.mark.parametrize(
    ("name", "hint"),
    [
        ("shouting.YML", "rename it to shouting.yml: data files end in .yml, in lower case"),
        ("long.yaml", "rename it to long.yml: data files end in .yml, in lower case"),
        ("fixture-risk.yml.bak", "a leftover copy from an editor or a merge: delete it"),
        ("fixture-risk.yml.orig", "a leftover copy from an editor or a merge: delete it"),
    ],
)
def test_files_with_other_endings_are_named_and_refused(minimal_data: Path, name: str, hint: str) -> None:
    shutil.copy(minimal_data / RISK, minimal_data / "risks" / name)
    error = only(errors_for(minimal_data))
    assert (error.file, error.problem, error.hint) == (f"data/risks/{name}", "unexpected file in data/", hint)


def test_a_file_name_that_is_not_plain_text_is_refused_and_printable(minimal_data: Path) -> None:
    os.rename(minimal_data / RISK, os.path.join(bytes(minimal_data / "risks"), b"fixture-\xff\xfe.yml"))
    (minimal_data / "faqs" / "who\u202eleads.yml").write_text("id: x\n", encoding="utf-8")
    result = check_command(minimal_data)
    output = assert_one_line_each(result)
    assert "risks/fixture-\\udcff\\udcfe.yml:1: (file): the name holds an invisible character or is not UTF-8" in output
    assert "faqs/who\\u202eleads.yml:1: (file): the name holds an invisible character" in output


def test_editor_working_files_are_skipped_on_purpose(minimal_data: Path) -> None:
    # Editors write these beside the file being edited; `serve` must not fail while one is open.
    for name in ("fixture-risk.yml~", ".fixture-risk.yml.swp", "#fixture-risk.yml#", ".DS_Store"):
        (minimal_data / "risks" / name).write_text("not: [valid", encoding="utf-8")
    guidance = load_guidance(minimal_data, today=TODAY)
    assert sorted(risk.id for risk in guidance.risks) == ["fixture-risk", "other-risk"]


def test_a_hosted_copy_cannot_reach_outside_its_folder(tmp_path: Path) -> None:
    data = Path(shutil.copytree(ROOT / "data", tmp_path / "data"))
    local = Path(shutil.copytree(SAMPLE_FORK, tmp_path / "local"))
    (tmp_path / "outside.svg").write_text("<svg>TOP-SECRET</svg>", encoding="utf-8")
    edit(local / "profile.yml", "logo: logo.svg", "logo: ../outside.svg")
    (local / "docs" / "leak.md").symlink_to(tmp_path / "outside.svg")
    (local / "data" / "faqs" / "linked.yml").symlink_to(
        local / "data" / "faqs" / next(p.name for p in (local / "data" / "faqs").iterdir())
    )
    with pytest.raises(DataErrors) as failure:
        load_guidance(data, today=TODAY, local_dir=local)
    problems = {e.file: e for e in failure.value.errors}
    assert problems["local/profile.yml"].problem.startswith("no file '../outside.svg'")
    assert problems["local/docs/leak.md"].problem.startswith("is a symbolic link")
    assert problems["local/data/faqs/linked.yml"].problem.startswith("is a symbolic link")


def test_a_page_that_links_outside_the_project_is_refused(tmp_path: Path, outside: Path) -> None:
    project = copy_project(tmp_path / "project")
    (outside / "secret.txt").write_text("TOP-SECRET", encoding="utf-8")
    (project / "docs" / "leak.md").symlink_to(outside / "secret.txt")
    result = check_command(project / "data")
    assert result.returncode == 1
    assert "docs/leak.md:1: (file): is a symbolic link that leads outside the project" in assert_one_line_each(result)


# ---- Text that cannot deceive ----

TEXT_CASES = {
    "right-to-left override in a title": (
        "title: Fixture risk",
        "title: Fixture \u202erisk",
        2,
        "title",
        "U+202E (right-to-left override)",
    ),
    "zero-width space in an address": (
        "    url: https://example.org.uk/risk",
        "    url: https://example.org.uk/ri\u200bsk",
        22,
        "sources[0].url",
        "U+200B (zero width space)",
    ),
    "isolate in link text": (
        "  - Tell the safeguarding lead.",
        "  - Tell the [gov.uk\u2067](https://example.org.uk).",
        14,
        "actions[1]",
        "U+2067 (right-to-left isolate)",
    ),
    "escape sequence written as \\x1b": (
        "  - Write it down.",
        '  - "Write it \\x1b[31mdown."',
        15,
        "actions[2]",
        "U+001B (a control character)",
    ),
    "NUL written as \\0": (
        "  - A third sign.",
        '  - "A third\\0 sign."',
        11,
        "signs[2]",
        "U+0000 (a control character)",
    ),
    "tag character (hidden text)": (
        "  - A sign to notice.",
        "  - A sign to notice.\U000e0041\U000e0042",
        9,
        "signs[0]",
        "U+E0041 (tag latin capital letter a)",
    ),
    "zero-width joiner in a block": (
        "  What the risk is.",
        "  What the\n  risk\u200d is.",
        8,
        "description",
        "U+200D (zero width joiner)",
    ),
}


@pytest.mark.parametrize("case", TEXT_CASES, ids=list(TEXT_CASES))
def test_invisible_and_direction_characters_are_refused(minimal_data: Path, case: str) -> None:
    old, new, line, field, character = TEXT_CASES[case]
    edit(minimal_data / RISK, old, new)
    errors = errors_for(minimal_data)
    error = only([e for e in errors if "invisible character" in e.problem])
    assert (error.file, error.line, error.field) == (f"data/{RISK}", line, field)
    assert error.problem == f"contains the invisible character {character}"
    # The message itself shows the character as an escape, so it cannot reorder or hide the line.
    shown = "\n".join(map(str, errors))
    assert not any(char in shown for char in "\u202e\u200b\u2067\x1b\x00\U000e0041\u200d")


def test_an_invisible_character_in_a_field_name_is_refused(minimal_data: Path) -> None:
    edit(minimal_data / RISK, "summary:", "sum\u200bmary:")
    error = only(errors_for(minimal_data))
    assert (error.line, error.problem) == (
        5,
        "the field name contains the invisible character U+200B (zero width space)",
    )


def test_ordinary_unicode_is_welcome(minimal_data: Path) -> None:
    welsh = "Llywodraeth Cymru: ŵ ŷ â ô – ‘curly’ “quotes” … café, naïve, Ffôn, £5, 10–12 oed ✓ 👍"
    edit(minimal_data / RISK, "summary: A risk used by the tests.", f'summary: "{welsh}"')
    edit(minimal_data / RISK, "title: Fixture risk", 'title: "Risg: ‘Ffôn’ – Cymru"')
    guidance = load_guidance(minimal_data, today=TODAY)
    assert guidance.risks.get("fixture-risk").summary == welsh


# ---- A failed check or build leaves the previous site/ untouched ----


def _write(relative: str, text: str) -> Callable[[Path], None]:
    return lambda project: (project / relative).write_text(text, encoding="utf-8")


def _replace(relative: str, old: str, new: str) -> Callable[[Path], None]:
    return lambda project: edit(project / relative, old, new)


def _link(relative: str, target: str) -> Callable[[Path], None]:
    return lambda project: (project / relative).symlink_to(project.parent / target)


BUILD_CASES: dict[str, tuple[Callable[[Path], None], str]] = {
    "alias bomb": (
        _replace("data/risks/grooming.yml", "summary:", ALIAS_BOMB + "summary:"),
        "data/risks/grooming.yml:",
    ),
    "deep nesting": (_write("data/faqs/deep.yml", "a: " + "[" * 200_000), "data/faqs/deep.yml:1:"),
    "oversized file": (_write("data/faqs/huge.yml", "#" * (MAX_FILE_BYTES + 1)), "data/faqs/huge.yml:1:"),
    "python tag": (_write("data/faqs/tag.yml", "id: !!python/object/apply:os.system [id]\n"), "data/faqs/tag.yml:1:"),
    "folder named like a file": (lambda p: (p / "data/risks/example.yml").mkdir(), "data/risks/example.yml:1:"),
    "link outside": (_link("data/resources/secret.yml", "secret.yml"), "data/resources/secret.yml:1:"),
    "named pipe": (lambda p: os.mkfifo(p / "data/faqs/pipe.yml"), "data/faqs/pipe.yml:1:"),
    "wrong ending": (_write("data/faqs/new.yaml", "id: new\n"), "data/faqs/new.yaml:1:"),
    "bidi override": (
        _replace("data/risks/grooming.yml", "title: ", "title: \u202e"),
        "data/risks/grooming.yml:3: title: contains the invisible character U+202E",
    ),
    "page link outside": (_link("docs/leak.md", "secret.yml"), "docs/leak.md:1:"),
}


@pytest.mark.parametrize("case", BUILD_CASES, ids=list(BUILD_CASES))
def test_a_failed_build_leaves_the_previous_site_untouched(tmp_path: Path, case: str) -> None:
    break_it, expected = BUILD_CASES[case]
    project = copy_project(tmp_path / "project")
    (tmp_path / "secret.yml").write_text("id: secret\ntitle: TOP-SECRET-TOKEN\n", encoding="utf-8")
    site = project / "site"
    (site / "risks").mkdir(parents=True)
    (site / "index.html").write_text("the last good build", encoding="utf-8")
    (site / "risks" / "page.html").write_text("kept", encoding="utf-8")
    break_it(project)
    result = mkdocs_build(project, site)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert expected in output, output[-3000:]
    assert "Traceback" not in output
    assert sorted(p.relative_to(site).as_posix() for p in site.rglob("*")) == ["index.html", "risks", "risks/page.html"]
    assert (site / "index.html").read_text(encoding="utf-8") == "the last good build"
    assert "TOP-SECRET" not in output


def test_the_same_project_builds_when_nothing_is_broken(tmp_path: Path) -> None:
    # Control for the cases above: the copy itself builds, replacing the old site.
    project = copy_project(tmp_path / "project")
    site = project / "site"
    site.mkdir()
    (site / "stale.html").write_text("old", encoding="utf-8")
    result = mkdocs_build(project, site)
    assert result.returncode == 0, result.stderr[-3000:]
    assert not (site / "stale.html").exists() and (site / "risks" / "grooming" / "index.html").is_file()


# ---- A hosted copy's files stay inside it ----


def test_a_hosted_copy_whose_logo_links_outside_fails_the_build_and_keeps_the_site(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    local = Path(shutil.copytree(SAMPLE_FORK, project / "local"))
    (tmp_path / "secret.svg").write_text("<svg>TOP-SECRET</svg>", encoding="utf-8")
    (local / "logo.svg").unlink()
    (local / "logo.svg").symlink_to(tmp_path / "secret.svg")
    site = project / "site"
    site.mkdir()
    (site / "index.html").write_text("the last good build", encoding="utf-8")
    result = mkdocs_build(project, site, env={"PORTAL_LOCAL_DIR": "local"})
    output = result.stdout + result.stderr
    assert result.returncode == 1
    assert "local/logo.svg:1: (file): is a symbolic link that leads outside the project" in output
    assert "local/profile.yml:" in output and "no file 'logo.svg'" in output
    assert [p.name for p in site.iterdir()] == ["index.html"] and "TOP-SECRET" not in output


def test_a_list_over_its_limit_is_one_line_not_one_per_unknown_entry(minimal_data: Path) -> None:
    many = ", ".join(f"no-such-risk-{n}" for n in range(600))
    edit(minimal_data / RISK, "related: [other-risk]", f"related: [{many}]")
    error = only(errors_for(minimal_data))
    assert (error.field, error.problem) == ("related", "has 600 entries; the limit is 500")
    # Control: under the limit, each unknown entry is named.
    edit(minimal_data / RISK, f"related: [{many}]", "related: [no-such-risk-1, no-such-risk-2]")
    assert [e.problem for e in errors_for(minimal_data)] == [
        "unknown risk 'no-such-risk-1'",
        "unknown risk 'no-such-risk-2'",
    ]


def test_the_link_checker_user_agent_must_be_one_printable_line(tmp_path: Path) -> None:
    settings = tmp_path / "linkcheck.yml"
    settings.write_text('user_agent: "bot/1\\r\\nX-Injected: yes"\n', encoding="utf-8")
    with pytest.raises(DataErrors) as failure:
        load_settings(settings)
    (error,) = failure.value.errors
    assert (error.line, error.field) == (1, "user_agent")
    assert "one line of printable ASCII" in error.problem
    settings.write_text("user_agent: bot/1 (+https://example.org.uk)\n", encoding="utf-8")
    assert load_settings(settings).user_agent == "bot/1 (+https://example.org.uk)"


# ---- Characters that are not text, or that an Atom feed cannot hold (issue 23) ----

NONCHARACTER = "a noncharacter, which is not text"
PRIVATE_USE = "a private-use character, which shows as nothing, an empty box or whatever a font chose"
# Each as a contributor could write it: a YAML escape in quotes. All of them used to load, and U+FFFE
# and U+FFFF made every Atom feed malformed XML.
NOT_TEXT = {
    "U+FFFE": ("\\uFFFE", NONCHARACTER),
    "U+FFFF": ("\\uFFFF", NONCHARACTER),
    "U+FDD0": ("\\uFDD0", NONCHARACTER),
    "U+FDEF": ("\\uFDEF", NONCHARACTER),
    "U+1FFFE": ("\\U0001FFFE", NONCHARACTER),
    "U+EFFFF": ("\\U000EFFFF", NONCHARACTER),
    "U+10FFFF": ("\\U0010FFFF", NONCHARACTER),
    "U+E000": ("\\uE000", PRIVATE_USE),
    "U+F8FF": ("\\uF8FF", PRIVATE_USE),
    "U+F0000": ("\\U000F0000", PRIVATE_USE),
    "U+10FFFD": ("\\U0010FFFD", PRIVATE_USE),
}


@pytest.mark.parametrize("code", NOT_TEXT, ids=list(NOT_TEXT))
def test_noncharacters_and_private_use_are_refused_in_values_and_field_names(minimal_data: Path, code: str) -> None:
    escape, kind = NOT_TEXT[code]
    char, path = chr(int(code[2:], 16)), minimal_data / RISK
    original = path.read_text(encoding="utf-8")
    edit(path, "summary: A risk used by the tests.", f'summary: "A risk{escape} used by the tests."')
    error = only(errors_for(minimal_data))
    assert (error.file, error.line, error.field) == (f"data/{RISK}", 5, "summary")
    assert (error.problem, error.hint) == (
        f"contains the invisible character {code} ({kind})",
        "delete it; retype the text around it if you cannot see where it is",
    )
    path.write_text(original, encoding="utf-8")
    edit(path, "summary: A risk", f'"sum{escape}mary": A risk')
    error = only(errors_for(minimal_data))
    assert (error.file, error.line, error.hint) == (f"data/{RISK}", 5, "retype the field name")
    assert error.problem == f"the field name contains the invisible character {code} ({kind})"
    assert char not in str(error)


@pytest.mark.parametrize("char", ["\ufdd0", "\U0001fffe", "\ue000", "\U00100000"], ids=repr)
def test_the_same_characters_typed_into_a_file_are_refused(minimal_data: Path, char: str) -> None:
    edit(minimal_data / RISK, "  - Another sign.", f"  - Another{char} sign.")
    error = only(errors_for(minimal_data))
    assert (error.line, error.field) == (10, "signs[1]")
    assert error.problem.startswith(f"contains the invisible character U+{ord(char):04X} (a ")


def test_a_noncharacter_the_yaml_reader_refuses_is_named_as_one(minimal_data: Path) -> None:
    edit(minimal_data / RISK, "  - Another sign.", "  - Another\ufffe sign.")
    error = only(errors_for(minimal_data))
    assert (error.line, error.problem) == (
        10,
        f"the invisible character U+FFFE ({NONCHARACTER}) cannot be in a data file",
    )


def test_a_noncharacter_in_a_change_note_never_reaches_a_feed(minimal_data: Path) -> None:
    edit(minimal_data / RISK, "reviewed: 2026-01-15", 'changes:\n  - date: 2026-01-10\n    note: "Now\\uFFFE."\n'
         "reviewed: 2026-01-15")  # fmt: skip
    result = check_command(minimal_data)
    assert result.returncode == 1
    output = assert_one_line_each(result)
    assert f"{minimal_data.name}/{RISK}:25: changes[0].note: contains the invisible character U+FFFE" in output


# Load the data with PyYAML's own Python parser, as on a machine without libyaml.
_WITHOUT_LIBYAML = "import sys, yaml\ndel yaml.CSafeLoader\nfrom portal.cli import main\nsys.exit(main(sys.argv[1:]))"


@pytest.mark.parametrize("parser", ["libyaml", "python"])
def test_half_a_surrogate_pair_is_refused_by_either_yaml_parser(minimal_data: Path, parser: str) -> None:
    # libyaml refuses the escape itself; PyYAML's Python parser turns it into a lone surrogate.
    edit(minimal_data / RISK, "summary: A risk used by the tests.", 'summary: "A risk\\ud800 used by the tests."')
    edit(minimal_data / RISK, "title: Fixture risk", '"tit\\udfffle": Fixture risk')
    command = ["-m", "portal"] if parser == "libyaml" else ["-c", _WITHOUT_LIBYAML]
    arguments = ["--data", str(minimal_data), "--docs", str(minimal_data.parent / "docs"), "check"]
    result = subprocess.run(
        [sys.executable, *command, *arguments], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 1
    output = assert_one_line_each(result)
    assert f"{minimal_data.name}/{RISK}:2: " in output
    if parser == "python":
        assert "the field name contains the invisible character U+DFFF (half of a surrogate pair" in output


def test_a_file_name_holding_a_noncharacter_is_refused_and_shown_escaped(minimal_data: Path) -> None:
    (minimal_data / "faqs" / "who\ufffeleads.yml").write_text("id: x\n", encoding="utf-8")
    (minimal_data / "faqs" / "who\U0001ffffleads.yml").write_text("id: y\n", encoding="utf-8")
    output = assert_one_line_each(check_command(minimal_data))
    assert "faqs/who\\ufffeleads.yml:1: (file): the name holds an invisible character" in output
    assert "faqs/who\\U0001ffffleads.yml:1: (file): the name holds an invisible character" in output
    assert "\ufffe" not in output and "\U0001ffff" not in output


def test_ordinary_unicode_from_every_plane_people_write_in_still_loads(minimal_data: Path) -> None:
    # Control: Welsh, curly quotes, CJK, Korean, emoji with a skin tone, mathematical letters, the
    # replacement character; and the same written as escapes, in a value and in a field name.
    text = "Ffôn ŵ ŷ ‘curly’ “quotes” 漢字 한국어 👍🏽 𝔸 � \u00a3"
    edit(minimal_data / RISK, "summary: A risk used by the tests.", f'summary: "{text} \\u0175 \\U0001F44D"')
    edit(minimal_data / RISK, "title: Fixture risk", '"tit\\u006ce": Fixture risk')
    risk = load_guidance(minimal_data, today=TODAY).risks.get("fixture-risk")
    assert (risk.summary, risk.title) == (f"{text} ŵ 👍", "Fixture risk")
