"""The HTML gate's memo of lines (portal/site/html_gate.py): a line met on an earlier page is not parsed again.

What the gate finds with the memo must be exactly what it finds without it, whatever came before: a line
is only taken from the memo where the parser has nothing pending, so the same text inside an unfinished
tag, a comment or a script's JSON on one page says nothing about it on another.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from portal.site.html_gate import Findings, content_violations, page_violations

SCRIPTS = {"assets/javascripts/bundle.js", "assets/guide.js"}
BAD_LINE = '<img src="a.png" onerror="alert(1)">\n'


def test_a_line_harmless_inside_an_unfinished_tag_is_still_found_on_its_own() -> None:
    memo: Findings = {}
    inside = f"<p title='\n{BAD_LINE}'>x</p>\n"  # the bad line is an attribute's value here
    assert content_violations(inside, memo) == content_violations(inside) == []
    assert BAD_LINE not in memo  # read while the tag was unfinished, so not kept
    alone = f"<p>a</p>\n{BAD_LINE}"
    assert content_violations(alone, memo) == content_violations(alone) != []
    assert page_violations(inside, "a/", SCRIPTS, "/", memo) == []
    assert page_violations(alone, "a/", SCRIPTS, "/", {}) != []


def test_a_line_inside_script_data_or_a_comment_is_not_kept_for_other_pages() -> None:
    for wrapper in ('<script type="application/json">\n{}</script>\n', "<!--\n{}-->\n"):
        memo: Findings = {}
        hidden = wrapper.format(BAD_LINE)
        assert content_violations(hidden, memo) == content_violations(hidden)
        assert content_violations(BAD_LINE, memo) == content_violations(BAD_LINE) != []


def test_a_script_address_is_resolved_against_each_pages_own_folder() -> None:
    memo: Findings = {}
    line = '<script src="../assets/guide.js"></script>\n'
    assert page_violations(line, "risks/", SCRIPTS, "/", memo) == []
    # Two folders down, the same line leaves the site's own scripts: the memo must not answer for it.
    assert page_violations(line, "risks/grooming/", SCRIPTS, "/", memo) != []
    assert page_violations(line, "risks/", SCRIPTS, "/", memo) == []


def test_a_page_with_more_findings_than_reported_leaves_nothing_short_for_the_next() -> None:
    memo: Findings = {}
    flood = "".join(f'<p onclick="{n}">x</p><p onkeyup="{n}">y</p>\n' for n in range(15))
    assert len(content_violations(flood, memo)) == 20
    tail = flood.splitlines(keepends=True)[-1]
    assert content_violations(tail, memo) == content_violations(tail) != []


def test_lines_met_before_are_taken_from_the_memo() -> None:
    memo: Findings = {}
    page = "<p>a</p>\n<p>b</p>\n"
    content_violations(page, memo)
    assert set(memo) == {"<p>a</p>\n", "<p>b</p>\n"}
    # A control for the tests above: the memo does answer for a line (here a planted answer hides what it holds).
    memo[BAD_LINE] = ()
    assert content_violations(BAD_LINE, memo) == []
    assert content_violations(BAD_LINE) != []


# Pieces of pages, joined at random: whole tags, halves of tags, comments and script data opened in one
# piece and closed in another, bad attributes and addresses, text with and without entities.
PIECES = [
    "<p>text</p>\n",
    "plain words &amp; more\n",
    "   \n",
    BAD_LINE,
    '<a href="javascript:alert(1)">x</a>\n',
    '<a href="../faqs/">ok</a>\n',
    '<p title="\n',
    '">closed</p>\n',
    "<p title='\n",
    "'>closed</p>\n",
    "<!--\n",
    "-->\n",
    '<script type="application/json">\n',
    "</script>\n",
    "<script>\n",
    '<script src="../assets/guide.js"></script>\n',
    '<script src="../../assets/guide.js"></script>\n',
    "<iframe src=x></iframe>\n",
    "<div\n",
    ' class="x" onmouseover="y">\n',
    "</div>\n",
    "&#106;avascript\n",
    "<\n",
    "<!DOCTYPE html>\n",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.sampled_from(PIECES), max_size=12), min_size=1, max_size=6), st.data())
def test_with_a_memo_the_gate_finds_exactly_what_it_finds_without(pages: list[list[str]], data: st.DataObject) -> None:
    content_memo: Findings = {}
    frame_memo: Findings = {}
    for pieces in pages:
        html = "".join(pieces)
        url = data.draw(st.sampled_from(["", "risks/", "risks/grooming/", "404.html"]))
        assert content_violations(html, content_memo) == content_violations(html)
        assert page_violations(html, url, SCRIPTS, "/", frame_memo) == page_violations(html, url, SCRIPTS, "/")
