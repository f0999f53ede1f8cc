"""Rules for what readers see: each nation's own words in its own entry, a route for every nation on every
risk, no editorial doubt anywhere on the site, and the editors' notes kept where only editors read them."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from site_pages import built_pages, page_address

from portal.checks.content import DOUBT_HINT
from portal.checks.nation_texts import TextChecks
from portal.cli.editor_notes import find_notes
from portal.model.loader import load_guidance
from portal.publish.search_index import whole_index
from portal.source.errors import DataErrors
from tests.test_validation import ERROR_LINE, TODAY, edit, errors_for, only

FAQ = "faqs/who-leads.yml"
SHARED = "  The safeguarding lead leads, supported by others."


def portal(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "portal", *args], cwd=cwd, capture_output=True, text=True, timeout=120)


# ---- One nation's names for roles and services, only in that nation's entries ----


@pytest.mark.parametrize(
    ("text", "found", "nation", "neutral"),
    [
        ("Tell the DSL at once.", "DSL", "England", "your safeguarding lead"),
        ("All DSLs should read it.", "DSLs", "England", "your safeguarding lead"),
        (
            "Your Designated Safeguarding Lead decides.",
            "Designated Safeguarding Lead",
            "England",
            "your safeguarding lead",
        ),
        ("Ring the LADO the same day.", "LADO", "England", "whoever handles concerns about staff"),
        ("Refer to children’s social care.", "children’s social care", "England", "children's services or social work"),
        ("The MASH screens referrals.", "MASH", "England", "children's services or social work"),
        ("The DSP decides.", "DSP", "Wales", "your safeguarding lead"),
        ("Ring the Gateway team.", "Gateway team", "Northern Ireland", "children's services or social work"),
    ],
)
def test_one_nation_s_names_are_refused_in_text_for_every_nation(
    minimal_data: Path, text: str, found: str, nation: str, neutral: str
) -> None:
    edit(minimal_data / FAQ, SHARED, "  First line.\n  " + text)
    error = only(errors_for(minimal_data))
    assert (error.file, error.line, error.field) == ("data/faqs/who-leads.yml", 6, "answer")
    assert error.problem == f"says '{found}', {nation}'s name for it, in text for UK-wide"
    assert f"write '{neutral}'" in error.hint and "by_nation" in error.hint
    assert ERROR_LINE.match(str(error)), str(error)


def test_a_nation_s_names_belong_in_its_own_entry_and_nowhere_else(minimal_data: Path) -> None:
    edit(
        minimal_data / FAQ,
        "objectives:",
        "by_nation:\n"
        "  - nations: [england]\n    text: The DSL refers to children's social care or the MASH.\n"
        "  - nations: [wales]\n    text: The DSP refers to the local authority's children's services.\n"
        "  - nations: [scotland]\n    text: Tell social work or Police Scotland.\n"
        "  - nations: [northern-ireland]\n    text: Refer to the HSC Trust's Gateway team.\n"
        "objectives:",
    )
    load_guidance(minimal_data, today=TODAY)  # each in its own nation's entry: fine
    # Ordinary words that only look like the names are fine too.
    edit(minimal_data / FAQ, SHARED, "  The safeguarding lead leads; mash the potatoes; a dsl line.")
    load_guidance(minimal_data, today=TODAY)
    # An entry shared by two nations may not use one nation's name, nor may Scotland's entry name England's.
    edit(
        minimal_data / FAQ,
        "  - nations: [scotland]\n    text: Tell social work",
        "  - nations: [scotland]\n    text: There is no LADO. Tell social work",
    )
    error = only(errors_for(minimal_data))
    assert error.field == "by_nation[2].text" and "'LADO', England's name for it, in text for Scotland" in error.problem


def test_an_item_for_one_nation_may_use_that_nation_s_names(minimal_data: Path) -> None:
    guide_two = minimal_data / "resources/guide-two.yml"
    edit(guide_two, "summary: Statutory guidance for schools in England.", "summary: The DSL reads it; the LADO too.")
    load_guidance(minimal_data, today=TODAY)
    edit(guide_two, "summary: The DSL reads it; the LADO too.", "summary: The DSP reads it.")
    assert "'DSP', Wales's name for it, in text for England" in only(errors_for(minimal_data)).problem


def test_an_unchanged_file_the_preview_kept_is_checked_again_when_a_nation_s_names_change(minimal_data: Path) -> None:
    # The preview keeps each unchanged file's document and what the nation-text check found in it
    # (load_guidance's kept and kept_texts): a new nation-limited name must still reach the files that use it.
    kept: dict[tuple[Path, str], Any] = {}
    texts: TextChecks = {}
    edit(minimal_data / FAQ, SHARED, "  First line.\n  Ring the Widget desk first.")
    load_guidance(minimal_data, today=TODAY, kept=kept, kept_texts=texts)  # no one nation's name yet
    assert "data/faqs/who-leads.yml" in texts
    glossary = minimal_data / "glossary.yml"
    edit(
        glossary,
        "reviewed:",
        "  - term: Widget desk\n    definition: Where widgets are reported in Wales.\n    nations: [wales]\n"
        "    sources:\n      - title: Example source\n        url: https://example.org.uk/widgets\n"
        "reviewed:",
    )
    with pytest.raises(DataErrors) as failure:
        load_guidance(minimal_data, today=TODAY, kept=kept, kept_texts=texts)
    error = only(list(failure.value.errors))
    assert (error.file, error.field) == ("data/faqs/who-leads.yml", "answer"), str(error)
    assert "'Widget desk'" in error.problem and "Wales" in error.problem, error.problem
    # The FAQ's document was the kept one: its file did not change, only the names it is checked against.
    assert texts["data/faqs/who-leads.yml"][0] is kept[(minimal_data.resolve() / FAQ, "faq")][1]


# ---- Every risk gives each nation's route ----


def test_a_risk_without_a_step_for_each_nation_is_refused(minimal_data: Path) -> None:
    risk = minimal_data / "risks/other-risk.yml"
    text = risk.read_text(encoding="utf-8")
    route = next(line for line in text.splitlines() if line.startswith("  - by_nation:"))
    risk.write_text(text.replace(route + "\n", ""), encoding="utf-8")
    error = only(errors_for(minimal_data))
    assert (error.file, error.field) == ("data/risks/other-risk.yml", "actions")
    assert (
        error.problem
        == "gives no nation's own route: none of its 3 steps has a by_nation list with an entry for each nation"
    )
    assert "Police Scotland" in error.hint and "Gateway" in error.hint
    # One entry for all four nations says the same everywhere: it is not each nation's route.
    one = '  - by_nation: [{nations: [england, wales, scotland, northern-ireland], text: "Refer as usual."}]\n'
    risk.write_text(text.replace(route + "\n", one), encoding="utf-8")
    assert only(errors_for(minimal_data)).field == "actions"
    risk.write_text(text, encoding="utf-8")
    load_guidance(minimal_data, today=TODAY)


# ---- No editorial doubt in what readers see ----


@pytest.mark.parametrize(
    "doubt",
    [
        "We could not confirm the hours.",
        "The number was not confirmed recently.",
        "As far as we could find, there is none.",
        "Check before relying on this.",
        "We found no Scottish advice.",
        "We have not seen the 2026 text.",
        "It is unclear whether it applies.",
    ],
)
def test_editorial_doubt_is_refused_where_readers_would_see_it(minimal_data: Path, doubt: str) -> None:
    edit(minimal_data / FAQ, SHARED, "  The safeguarding lead leads.\n  " + doubt)
    error = only(errors_for(minimal_data))
    assert (error.file, error.line, error.field) == ("data/faqs/who-leads.yml", 6, "answer")
    assert "puts the editors' doubt in front of readers" in error.problem
    assert "editor_notes" in error.hint


def test_notes_for_editors_go_in_editor_notes_which_no_page_shows(minimal_data: Path, tmp_path: Path) -> None:
    note = "We could not confirm the hours: ask them at the next review."
    edit(minimal_data / FAQ, "objectives:", f"editor_notes: '{note}'\nobjectives:")
    # A caveat is shown ("Good to know"): doubt there is refused; a single word from a fixed list is not prose.
    edit(minimal_data / "resources/helpline-one.yml", "cost: free", "cost: unconfirmed")
    guidance = load_guidance(minimal_data, today=TODAY)
    assert note not in repr(guidance), "editor_notes reached the model, and so the pages"
    edit(minimal_data / FAQ, "objectives:", "caveat: Hours not confirmed.\nobjectives:")
    assert only(errors_for(minimal_data)).field == "caveat"


def test_check_notes_lists_every_editor_note_with_its_place(minimal_data: Path) -> None:
    project = minimal_data.parent
    edit(minimal_data / FAQ, "objectives:", "editor_notes: |\n  Hours not on the page.\n  Ask by email.\nobjectives:")
    docs = project / "docs"
    docs.mkdir()
    (docs / "about.md").write_text(
        "---\ntitle: About\neditor_notes: Re-read each spring.\n---\n\n# About\n", encoding="utf-8"
    )
    result = portal("check", "--notes", cwd=project)
    assert result.returncode == 0, result.stderr
    assert "data/faqs/who-leads.yml:6: editor_notes\n    Hours not on the page.\n    Ask by email.\n" in result.stdout
    assert "docs/about.md:3: editor_notes\n    Re-read each spring.\n" in result.stdout
    assert result.stdout.rstrip().endswith("2 notes for editors (never shown on the site).")
    # Without --notes, the check says nothing of them.
    plain = portal("check", cwd=project)
    assert plain.returncode == 0 and "editor_notes" not in plain.stdout and "Hours" not in plain.stdout


DOUBT_ON_THE_SITE = re.compile(
    r"could not|couldn't|not confirmed|as far as we could find|check before relying|we found no"
    r"|latest we have confirmed|we have not (?:been able|confirmed|found|seen)",
    re.IGNORECASE,
)


def test_the_built_site_shows_no_editorial_doubt(built_site: Path) -> None:
    found = []
    pages = built_pages(built_site)
    for path in pages:
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for hidden in soup.select("script, style, code, template"):
            hidden.decompose()
        text = " ".join(soup.get_text(" ").split())
        found += [
            f"{page_address(built_site, path)}: …{text[max(0, m.start() - 60) : m.end() + 30]}…"
            for m in DOUBT_ON_THE_SITE.finditer(text)
        ]
    assert len(pages) > 40
    assert not found, "editorial doubt on the site:\n" + "\n".join(found)
    # The editors' notes are in the data, and none reaches a page (nor the search index).
    root = Path(__file__).resolve().parent.parent
    notes = find_notes([(root / "data", root), (root / "docs", root)])
    assert len(notes) > 20, "the shipped data keeps its open points in editor_notes"
    site_text = " ".join(
        " ".join(BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").get_text(" ").split()) for path in pages
    ) + json.dumps(whole_index(built_site))
    openings = [" ".join(note.text.split())[:60] for note in notes]
    assert not [opening for opening in openings if opening in site_text]


@pytest.mark.parametrize("folder", ["docs", "local/docs"])
def test_a_page_s_own_text_holds_no_editorial_doubt_either(minimal_data: Path, folder: str) -> None:
    project = minimal_data.parent
    pages = project / folder
    pages.mkdir(parents=True)
    body = "# Opening hours\n\nThe helpline is open on weekdays.\nAs far as we could find, it closes at 4pm.\n"
    (pages / "hours.md").write_text("---\ntitle: Hours\n---\n\n" + body, encoding="utf-8")
    result = portal("--local", "local", "check", cwd=project)
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr.splitlines()[0] == (
        f"{folder}/hours.md:8: (file): 'As far as we could find' puts the editors' doubt in front of readers"
        f" ({DOUBT_HINT})"
    )
    # The same fact stated, with the authority named, passes.
    (pages / "hours.md").write_text(
        "---\ntitle: Hours\n---\n\n# Opening hours\n\nCheck the opening hours on the helpline's website.\n",
        encoding="utf-8",
    )
    assert portal("--local", "local", "check", cwd=project).returncode == 0
