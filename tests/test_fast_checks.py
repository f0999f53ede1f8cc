"""Quick paths in the data checks answer exactly as the slower tests they stand in front of.

Each one spares the build a regex search over every text of every data file (issue 27): a class of
characters read from a table for ASCII text, a case-sensitive search of lower-cased ASCII text,
substring tests before a search. Each is compared here with the search it replaces.
"""

from __future__ import annotations

import gc
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import copy_project
from portal.checks import content, nation_texts
from portal.model.project import load_project
from portal.source import limits
from portal.source.errors import INVISIBLE, DataErrors, find_invisible
from portal.source.vocabulary import NATIONAL_TERMS
from portal.source.yaml_document import YamlDocument

EVERY_CHARACTER = [chr(code) for code in range(0x110000)]


def test_invisible_characters_are_found_alike_in_ascii_and_other_text() -> None:
    for char in EVERY_CHARACTER:
        for text in (char, f"ab{char}", f"a b {char} c"):
            slow, quick = INVISIBLE.search(text), find_invisible(text)
            assert (slow and slow.span()) == (quick and quick.span()), hex(ord(char))
    # A control: the quick path does look at the text.
    assert find_invisible("tab\x0bhere") is not None
    assert find_invisible("plain text") is None


def test_the_space_test_accepts_what_str_isspace_accepts() -> None:
    assert [char for char in EVERY_CHARACTER if char.isspace()] == [
        char for char in EVERY_CHARACTER if content._SPACE.search(char)
    ]


DOUBT_PIECES = [
    "could not",
    "Couldn't",
    "COULD N'T",
    "CAN NOT CONFIRM",
    "cannot verify",
    "not yet been confirmed",
    "Unconfirmed",
    "as far as we can tell",
    "We found no",
    "we didn't find",
    "We haven't",
    "latest we have",
    "we are not sure",
    "Unclear whether",
    "We believe that",
    "confirmed",
    "could",
    " ",
    "\n",
    "-",
    "_",
    "9",
    "é",
    "K",  # the Kelvin sign, which IGNORECASE reads as k
    "ſ",  # the long s, which IGNORECASE reads as s
]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(DOUBT_PIECES), min_size=1, max_size=8))
def test_an_editors_doubt_is_found_where_the_case_insensitive_search_finds_it(pieces: list[str]) -> None:
    text = "".join(pieces)
    expected = content.EDITORIAL_DOUBT.search(text)
    found = list(content.check_editorial_doubt(_document({"summary": text})))
    if expected is None or not content._SPACE.search(text):
        assert found == []
    else:
        assert [error.problem for error in found] == [content.doubt_problem(expected)]


def test_odd_line_breaks_are_still_refused_after_the_substring_test() -> None:
    for text in ("a\rb", "a\u2028b", "a\u2029b", "a\x85b"):
        try:
            limits.check_before_composing(f"title: x\nsummary: {text}\n", "f.yml", 0)
        except limits.YamlProblem as problem:
            assert "line break" in problem.error.problem
        else:
            raise AssertionError(f"{text!r} passed")
    limits.check_before_composing("title: x\r\nsummary: y\r\n", "f.yml", 0)  # CRLF is fine


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_every_national_term_starts_with_the_words_the_quick_test_looks_for(data: st.DataObject) -> None:
    assert all(nation_texts._TERM_WORDS)
    for term, words in zip(NATIONAL_TERMS, nation_texts._TERM_WORDS, strict=True):
        flags = "" if term.case_sensitive else "(?i)"
        example = data.draw(st.from_regex(f"{flags}(?:{term.pattern})", fullmatch=True))
        if example.isascii():  # the quick test is only used for ASCII text
            assert words in example.lower(), (term.pattern, example)


def test_the_leading_words_leave_out_a_letter_a_quantifier_makes_optional() -> None:
    assert nation_texts._leading_words("designated safeguarding leads?") == "designated safeguarding lead"
    assert nation_texts._leading_words("MASH(?:es)?") == "mash"
    assert nation_texts._leading_words("[Gg]ateway") == ""


def _document(data: dict[str, object]) -> YamlDocument:
    return YamlDocument(Path("f.yml"), "data/f.yml", data, {(): 1, ("summary",): 2})


def test_the_load_gives_the_cyclic_collector_back_as_it_found_it(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    assert gc.isenabled()
    load_project(project / "data", project / "docs")
    assert gc.isenabled()
    (project / "data" / "site.yml").write_text("title: [unclosed\n", encoding="utf-8")
    with pytest.raises(DataErrors):
        load_project(project / "data", project / "docs")
    assert gc.isenabled()
    gc.disable()  # a caller that runs without it keeps it off
    try:
        with pytest.raises(DataErrors):
            load_project(project / "data", project / "docs")
        assert not gc.isenabled()
    finally:
        gc.enable()
