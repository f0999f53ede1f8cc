"""Change notes: in the data, on every page that shows an item, on What's new, and enforced against git."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from conftest import ROOT
from portal.model.change_notes import by_month, change_entries
from portal.model.loader import load_guidance
from portal.model.project import load_project
from portal.site.rendering import PageRenderer
from tests.test_validation import TODAY, edit, errors_for, only


def test_change_notes_load_newest_first_and_typos_are_kept_from_readers(noted: Path) -> None:
    review = load_guidance(noted, today=TODAY).risks.get("fixture-risk").review
    assert [c.note for c in review.changes][0] == "The helpline's hours changed." and len(review.changes) == 3
    assert [c.date.isoformat() for c in review.shown_changes] == ["2026-07-10", "2026-03-02"]
    assert review.last_changed == date(2026, 7, 10)
    # An item without notes (negative control).
    assert load_guidance(noted, today=TODAY).risks.get("other-risk").review.last_changed is None


def test_notes_out_of_order_are_refused(noted: Path) -> None:
    edit(noted / "risks" / "fixture-risk.yml", "  - date: 2026-03-02", "  - date: 2026-08-02")
    error = only(errors_for(noted))
    assert (error.file, error.line, error.field) == ("data/risks/fixture-risk.yml", 29, "changes[2].date")
    assert error.problem == "2026-08-02 is newer than the note above it (2026-07-01)"
    assert error.hint == "keep the newest note at the top of changes"


def test_a_note_dated_in_the_future_is_refused(noted: Path) -> None:
    edit(noted / "risks" / "fixture-risk.yml", "  - date: 2026-07-10", "  - date: 2027-07-10")
    error = only(errors_for(noted))
    assert (error.line, error.field, error.problem) == (24, "changes[0].date", "'2027-07-10' is in the future")


def test_a_note_without_its_sentence_is_refused(noted: Path) -> None:
    edit(noted / "risks" / "fixture-risk.yml", "    note: The helpline's hours changed.\n", "")
    error = only(errors_for(noted))
    assert error.field == "changes[0].note" and error.line == 24


def test_whats_new_lists_readers_changes_by_month_with_links(noted: Path) -> None:
    guidance = load_guidance(noted, today=TODAY)
    entries = change_entries(guidance)
    assert [(e.date.isoformat(), e.kind, e.page) for e in entries] == [
        ("2026-07-10", "risk area", "risks/fixture-risk.md"),
        ("2026-03-02", "risk area", "risks/fixture-risk.md"),
    ]
    assert [month.isoformat() for month, _ in by_month(entries)] == ["2026-07-01", "2026-03-01"]
    text = PageRenderer(guidance, "whats-new.md").render("whats_new.md.j2", months=by_month(entries))
    assert "## July 2026 { #2026-07 }" in text and "## March 2026 { #2026-03 }" in text
    assert "- **10 July**: [Fixture risk](risks/fixture-risk.md) (risk area). The helpline's hours changed." in text
    assert "Fixed a spelling" not in text, "typo notes are not news"
    assert text.index("July 2026") < text.index("March 2026")


def test_whats_new_says_so_when_nothing_changed(minimal_data: Path) -> None:
    guidance = load_guidance(minimal_data, today=TODAY)
    text = PageRenderer(guidance, "whats-new.md").render("whats_new.md.j2", months=by_month(change_entries(guidance)))
    assert text.strip() == "No changes have been noted yet."


def test_pages_show_last_changed_and_what_changed(page) -> None:  # type: ignore[no-untyped-def]
    guidance = load_guidance(ROOT / "data")
    risk = next(r for r in guidance.risks if r.review.shown_changes)
    footer = page(f"risks/{risk.id}/").select_one(".portal-page-review")
    terms = [dt.get_text(strip=True) for dt in footer.select("dt")]
    assert terms == ["Last reviewed", "Next review due", "Last changed"]
    shown = [li.get_text(" ", strip=True) for li in footer.select(".portal-page-review__changes li")]
    assert len(shown) == len(risk.review.shown_changes) and risk.review.shown_changes[0].note in shown[0]
    # A reviewed page without notes has neither (negative control).
    unnoted = [
        source
        for source in load_project(ROOT / "data", ROOT / "docs").pages
        if source.review is not None and not source.review.changes
    ]
    assert unnoted, "no reviewed page without notes is left: the control needs one"
    address = unnoted[0].src_uri.removesuffix(".md").removesuffix("index")
    footer = page(address).select_one(".portal-page-review")
    assert "Last reviewed" in footer.get_text()
    assert "Last changed" not in footer.get_text() and footer.select(".portal-page-review__changes") == []
    # Items that share a page carry their latest note in their own review line.
    resources = page("resources/")
    noted = next(r for r in guidance.resources if r.review.shown_changes)
    line = resources.find(id=noted.id).find_next(class_="portal-review").get_text(" ", strip=True)
    assert "Last changed" in line and noted.review.shown_changes[0].note[:30] in line


def test_the_whats_new_page_links_every_change_to_its_page(page) -> None:  # type: ignore[no-untyped-def]
    project = load_project(ROOT / "data", ROOT / "docs")
    entries = change_entries(project.guidance, project.reviewed_pages)
    assert entries, "the shipped data has change notes"
    items = page("whats-new/").select("article li")
    assert len(items) == len(entries)
    for item, entry in zip(items, entries, strict=True):
        assert entry.note in " ".join(item.get_text().split())
        assert item.find("a")["href"].startswith("../")


# ---- The check against git: guidance changed with no new note ----


def git(repo: Path, *args: str, when: str = "2026-11-01T12:00:00") -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Test",
        "GIT_AUTHOR_EMAIL": "test@example.org",
        "GIT_COMMITTER_NAME": "Test",
        "GIT_COMMITTER_EMAIL": "test@example.org",
        "GIT_AUTHOR_DATE": when,
        "GIT_COMMITTER_DATE": when,
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
    }
    result = subprocess.run(["git", *args], cwd=repo, env=env, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.fixture
def repo(minimal_data: Path) -> Path:
    """A real git repository holding the minimal data, committed on 1 November 2026."""
    root = minimal_data.parent
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "Base")
    return root


def check_since(root: Path, since: str = "main", local: str = "no-local-overlay") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "portal",
            "--data",
            "data",
            "--docs",
            "docs",
            "--local",
            local,
            "check",
            "--since",
            since,
        ],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


RISK = "data/risks/fixture-risk.yml"


def test_changed_guidance_without_a_note_fails_naming_file_line_and_fields(repo: Path) -> None:
    edit(repo / RISK, "summary: A risk used by the tests.", "summary: A risk the tests use.")
    edit(repo / RISK, "  - Tell the safeguarding lead.", "  - Tell the safeguarding lead at once.")
    result = check_since(repo)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    first = result.stderr.splitlines()[0]
    assert first.startswith(f"{RISK}:12: changes: the item's guidance changed since main (actions, summary)")
    assert "a date on or after 2026-11-01" in first and "typo: true" in first
    # Committed or not, the comparison is with the base revision.
    git(repo, "commit", "-qam", "Edit", when="2026-11-20T12:00:00")
    assert check_since(repo, "main~1").returncode == 1


def test_a_new_note_dated_since_the_base_passes(repo: Path) -> None:
    edit(repo / RISK, "summary: A risk used by the tests.", "summary: A risk the tests use.")
    edit(repo / RISK, "reviewed:", "changes:\n  - date: 2026-11-02\n    note: The summary is clearer.\nreviewed:")
    result = check_since(repo)
    assert result.returncode == 0, result.stderr
    assert "Every change since main has a change note." in result.stdout


def test_a_typo_note_passes_and_an_old_or_repeated_note_does_not(repo: Path) -> None:
    edit(repo / RISK, "summary: A risk used by the tests.", "summary: A risk used by the tests!")
    edit(repo / RISK, "reviewed:", "changes:\n  - date: 2026-11-03\n    note: Punctuation.\n    typo: true\nreviewed:")
    assert check_since(repo).returncode == 0
    # A note dated before the base commit does not announce this change.
    edit(repo / RISK, "  - date: 2026-11-03", "  - date: 2026-10-30")
    assert check_since(repo).returncode == 1
    # Nor does a note the base already had.
    edit(repo / RISK, "  - date: 2026-10-30", "  - date: 2026-11-03")
    git(repo, "commit", "-qam", "First change", when="2026-11-05T12:00:00")
    edit(repo / RISK, "  - Tell the safeguarding lead.", "  - Tell the safeguarding lead at once.")
    result = check_since(repo, "HEAD")
    assert result.returncode == 1 and "(actions)" in result.stderr


def test_bookkeeping_changes_need_no_note(repo: Path) -> None:
    # Negative control: a new review date, sources and search terms are not guidance.
    edit(repo / RISK, "reviewed: 2026-01-15", "reviewed: 2026-11-20")
    edit(repo / RISK, "    url: https://example.org.uk/risk", "    url: https://example.org.uk/risk-page")
    edit(repo / RISK, "source: https://example.org.uk/risk\n", "source: https://example.org.uk/risk-page\n")
    result = check_since(repo)
    assert result.returncode == 0, result.stderr


def note(path: Path, text: str, typo: bool = False) -> None:
    """Give an item its first change note, dated the day after the base commit."""
    extra = "\n    typo: true" if typo else ""
    edit(path, "\nreviewed:", f'\nchanges:\n  - date: 2026-11-02\n    note: "{text}"{extra}\nreviewed:')


def errors_of(result: subprocess.CompletedProcess[str]) -> list[str]:
    """The error lines of a failed check: one per problem, then the count; never a traceback."""
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    *lines, summary = result.stderr.splitlines()
    assert summary.endswith("fix them and run the check again."), result.stderr
    return lines


def test_a_new_item_needs_a_note_saying_it_is_new(repo: Path) -> None:
    new = repo / "data" / "risks" / "new-risk.yml"
    new.write_text((repo / RISK).read_text(encoding="utf-8").replace("id: fixture-risk", "id: new-risk"), "utf-8")
    (line,) = errors_of(check_since(repo))
    assert line.startswith(
        "data/risks/new-risk.yml:1: changes: a new item since main with no change note saying it is new "
        "(add changes with a note dated on or after 2026-11-01 saying what it adds"
    ), line
    # A typo note does not announce new guidance; a note readers see does.
    note(new, "Fixed a typo.", typo=True)
    assert "a new item since main" in errors_of(check_since(repo))[0]
    new.write_text((repo / RISK).read_text(encoding="utf-8").replace("id: fixture-risk", "id: new-risk"), "utf-8")
    note(new, "Added: what to do about the new risk.")
    result = check_since(repo)
    assert result.returncode == 0, result.stderr


WHO_LEADS = "data/faqs/who-leads.yml"
QUESTION = "Who leads on online safety?"


def test_a_renamed_item_is_compared_with_its_old_file_and_needs_a_note(repo: Path) -> None:
    # Renamed on disk only (not even git mv), its id changed to match and its answer edited.
    moved = repo / "data" / "faqs" / "online-safety-lead.yml"
    (repo / WHO_LEADS).rename(moved)
    edit(moved, "id: who-leads", "id: online-safety-lead")
    edit(moved, "  The safeguarding lead leads, supported by others.", "  The safeguarding lead leads.")
    (line,) = errors_of(check_since(repo))
    assert line.startswith(
        "data/faqs/online-safety-lead.yml:1: changes: the item moved here from data/faqs/who-leads.yml since main "
        "(its address changed; changed: answer, id) with no new change note"
    ), line
    # The address changed, so a typo note does not do; a note readers see does.
    note(moved, "Fixed a typo.", typo=True)
    assert "moved here from data/faqs/who-leads.yml" in errors_of(check_since(repo))[0]
    edit(moved, '    note: "Fixed a typo."\n    typo: true', '    note: "Shorter answer, at a new address."')
    result = check_since(repo)
    assert result.returncode == 0, result.stderr


def test_a_pure_rename_or_a_move_into_a_hosted_copys_items_needs_a_note(repo: Path) -> None:
    git(repo, "mv", WHO_LEADS, "data/faqs/online-safety-lead.yml")
    edit(repo / "data" / "faqs" / "online-safety-lead.yml", "id: who-leads", "id: online-safety-lead")
    (line,) = errors_of(check_since(repo))
    assert "the item moved here from data/faqs/who-leads.yml since main (its address changed; changed: id)" in line
    # Moved from the shared data into a hosted copy's own items: the same item, at a new place.
    git(repo, "reset", "-q", "--hard")
    (repo / "local" / "data" / "faqs").mkdir(parents=True)
    git(repo, "mv", WHO_LEADS, "local/data/faqs/who-leads.yml")
    (line,) = errors_of(check_since(repo, local="local"))
    assert line.startswith(
        "local/data/faqs/who-leads.yml:1: changes: the item moved here from data/faqs/who-leads.yml since main "
        "(its address changed) with no new change note"
    ), line
    note(repo / "local" / "data" / "faqs" / "who-leads.yml", "This answer is now our own.")
    result = check_since(repo, local="local")
    assert result.returncode == 0, result.stderr


def test_a_removed_item_must_be_named_in_a_new_note_readers_see(repo: Path) -> None:
    (repo / WHO_LEADS).unlink()
    (line,) = errors_of(check_since(repo))
    assert line.startswith(
        f"data/faqs/who-leads.yml:1: id: the item '{QUESTION}' was removed since main, and no new change note "
        f"names it (add a note, dated on or after 2026-11-01, at the top of the changes of an item or page that "
        f"remains (e.g. the one readers should use instead) naming '{QUESTION}'"
    ), line
    # A note that does not name it, or a typo note, does not tell readers.
    note(repo / RISK, "The risk now says who leads.")
    assert errors_of(check_since(repo)) == [line]
    git(repo, "checkout", "-q", "--", RISK)
    note(repo / RISK, f"Removed the question '{QUESTION}'.", typo=True)
    assert errors_of(check_since(repo)) == [line]
    # Named in a note readers see (case, spacing and curly quotes aside), it passes.
    git(repo, "checkout", "-q", "--", RISK)
    note(repo / RISK, "Removed the question \u2018who leads on  online safety?\u2019: the answer is here.")
    result = check_since(repo)
    assert result.returncode == 0, result.stderr


def test_renaming_an_item_to_a_name_the_site_skips_is_a_removal(repo: Path) -> None:
    # The loader skips hidden files on purpose (editors' working files), so the item silently went.
    git(repo, "mv", WHO_LEADS, "data/faqs/.who-leads.yml")
    assert "Data is valid" in check_since(repo).stdout
    (line,) = errors_of(check_since(repo))
    assert line.startswith(
        f"data/faqs/who-leads.yml:1: id: the item '{QUESTION}' was removed since main "
        "(renamed to data/faqs/.who-leads.yml, which the site does not read), and no new change note names it"
    ), line


def test_the_profile_needs_no_note(repo: Path) -> None:
    # data/site.yml sets the site up and cannot take a note (its schema has no changes): it is left out.
    edit(repo / "data" / "site.yml", "name: Fixture Guidance", "name: Fixture Guidance Online")
    result = check_since(repo)
    assert result.returncode == 0, result.stderr


def test_an_objective_area_is_checked_on_its_own(repo: Path) -> None:
    objective = repo / "data" / "objectives" / "safer-testing.yml"
    edit(objective, "    guidance: Keep records.", "    guidance: Keep records of every incident.")
    result = check_since(repo)
    assert result.returncode == 1
    (line,) = result.stderr.splitlines()[:-1]
    assert ": areas[1].changes: the area's guidance changed since main (guidance)" in line
    edit(
        objective,
        "    guidance: Keep records of every incident.",
        "    guidance: Keep records of every incident.\n    changes:\n      - date: 2026-11-02\n"
        "        note: Say which records to keep.",
    )
    assert check_since(repo).returncode == 0


def test_an_objective_area_renamed_or_reordered_needs_a_note_on_the_objective(repo: Path) -> None:
    objective = repo / "data" / "objectives" / "safer-testing.yml"
    edit(objective, "  - id: second-area", "  - id: record-keeping")
    (line,) = errors_of(check_since(repo))
    assert line.startswith(
        "data/objectives/safer-testing.yml:9: changes: the item's guidance changed since main (areas) "
        "with no new change note"
    ), line
    note(objective, "The record-keeping area has a new address.")
    assert check_since(repo).returncode == 0
    # Swapping the areas round changes what readers see too.
    git(repo, "checkout", "-q", "--", "data/objectives/safer-testing.yml")
    text = objective.read_text(encoding="utf-8")
    first, second = text.index("  - id: first-area"), text.index("  - id: second-area")
    end = text.index("resources: [guide-two]\nsources:")
    objective.write_text(text[:first] + text[second:end] + text[first:second] + text[end:], encoding="utf-8")
    assert "(areas)" in errors_of(check_since(repo))[0]


def test_a_hosted_copys_local_items_are_checked_too(minimal_data: Path) -> None:
    root = minimal_data.parent
    local_faq = root / "local" / "data" / "faqs" / "local-faq.yml"
    local_faq.parent.mkdir(parents=True)
    upstream = (minimal_data / "faqs" / "who-leads.yml").read_text(encoding="utf-8")
    local_faq.write_text(upstream.replace("id: who-leads", "id: local-faq"), encoding="utf-8")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "Base with a local item")
    edit(local_faq, "  The safeguarding lead leads, supported by others.", "  Our safeguarding lead leads.")
    result = check_since(root, local="local")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.startswith(
        "local/data/faqs/local-faq.yml:4: changes: the item's guidance changed since main (answer)"
    ), result.stderr
    # Negative control: the same item announced passes, and the upstream file was never named.
    edit(local_faq, "reviewed:", "changes:\n  - date: 2026-11-02\n    note: Name our lead.\nreviewed:")
    result = check_since(root, local="local")
    assert result.returncode == 0, result.stderr
    assert "who-leads" not in result.stderr + result.stdout


def hosted_copy(minimal_data: Path, files: dict[str, str]) -> Path:
    """A real git repository holding the minimal data and a hosted copy's local/ files, committed as the base."""
    root = minimal_data.parent
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "Base with a hosted copy")
    return root


def test_a_hosted_copy_hiding_or_showing_an_item_must_name_it(minimal_data: Path) -> None:
    root = hosted_copy(minimal_data, {"local/profile.yml": "name: Exampleshire Guidance\n"})
    # The profile's own settings need no note (negative control).
    edit(root / "local" / "profile.yml", "Exampleshire Guidance", "Exampleshire Online Guidance")
    assert check_since(root, local="local").returncode == 0
    (root / "local" / "profile.yml").write_text("name: Exampleshire Guidance\nhide:\n  faqs: [who-leads]\n", "utf-8")
    (line,) = errors_of(check_since(root, local="local"))
    assert line.startswith(
        f"local/profile.yml:3: hide.faqs[0]: '{QUESTION}' is hidden since main, and no new change note names it "
        "(readers of this copy no longer see it: add a note, dated on or after 2026-11-01"
    ), line
    note(root / RISK, f"We no longer answer '{QUESTION}' here: ask your safeguarding lead.")
    result = check_since(root, local="local")
    assert result.returncode == 0, result.stderr
    # Shown again after a release that hid it: readers see it come back, so a note says so.
    git(root, "commit", "-qam", "Hide it", when="2026-11-05T12:00:00")
    (root / "local" / "profile.yml").write_text("name: Exampleshire Guidance\n", "utf-8")
    (line,) = errors_of(check_since(root, "HEAD", local="local"))
    assert line.startswith(f"local/profile.yml:1: hide: '{QUESTION}' is shown again since HEAD"), line


def test_removing_a_hosted_copys_version_of_an_upstream_item_must_be_named(minimal_data: Path) -> None:
    overlay = "local/data/faqs/who-leads.yml"
    root = hosted_copy(minimal_data, {overlay: "extends: who-leads\nanswer: Ask the Exampleshire LADO.\n"})
    # Changing what it extends is a change to guidance, as before (negative control: nothing else is named).
    (root / overlay).unlink()
    (line,) = errors_of(check_since(root, local="local"))
    assert line.startswith(
        f"{overlay}:1: id: the local version of '{QUESTION}' was removed since main, and no new change note names it"
    ), line
    note(root / WHO_LEADS, "Gives the national answer again, not Exampleshire's.")
    assert errors_of(check_since(root, local="local")) == [line], "the note must name what readers lost"
    git(root, "checkout", "-q", "--", WHO_LEADS)
    note(root / WHO_LEADS, f"'{QUESTION}' gives the national answer again.")
    result = check_since(root, local="local")
    assert result.returncode == 0, result.stderr


def test_a_base_revision_with_unreadable_files_compares_as_empty(minimal_data: Path) -> None:
    faq = minimal_data / "faqs" / "who-leads.yml"
    good = faq.read_bytes()
    # The base has a file that is not UTF-8, and one with a YAML alias: neither can be read as data.
    faq.write_bytes(good.replace(b"The safeguarding lead leads", b"The DSL \xff leads"))
    risk = minimal_data / "risks" / "other-risk.yml"
    fine = risk.read_text(encoding="utf-8")
    risk.write_text(fine.replace("reviewed:", "x: &a [1]\ny: *a\nreviewed:"), encoding="utf-8")
    root = hosted_copy(minimal_data, {})
    faq.write_bytes(good)
    risk.write_text(fine, encoding="utf-8")
    lines = errors_of(check_since(root))
    assert [line.split(" with no")[0] for line in lines] == [
        "data/faqs/who-leads.yml:4: changes: the item's guidance changed since main "
        "(answer, audiences, id, objectives, order, question, resources, risks)",
        "data/risks/other-risk.yml:11: changes: the item's guidance changed since main "
        "(actions, also_known_as, audiences, briefing, categories, description, id, related, resources, signs, "
        "summary, title)",
    ], lines
    note(faq, "The answer reads properly again.")
    note(risk, "Tidied.", typo=True)
    result = check_since(root)
    assert result.returncode == 0, result.stderr


APPROACH = """\
---
title: Our approach
description: How the guidance is organised.
reviewed: 2026-10-01
review_interval_months: 12
sources:
  - title: Example source
    url: https://example.org.uk/approach
---

# Our approach

Online safety can feel too big to take on. It reaches into policies,
equipment and lessons.

Split the work into a few parts that can each be owned.
"""
ABOUT = "---\ntitle: About\n---\n\n# About this site\n\nVolunteers write it.\n"
PAGE_NOTE = '\nchanges:\n  - date: 2026-11-02\n    note: "{}"\n---\n'


def page_note(page: Path, text: str) -> None:
    """Give a page's front matter its first change note, dated the day after the base commit."""
    edit(page, "\n---\n", PAGE_NOTE.format(text))


def test_a_page_that_states_facts_needs_a_note_when_its_text_changes(minimal_data: Path) -> None:
    root = hosted_copy(
        minimal_data,
        {"docs/approach.md": APPROACH, "docs/about.md": ABOUT, "local/docs/index.md": APPROACH},
    )
    approach = root / "docs" / "approach.md"
    # Negative controls: wrapping a paragraph differently, a review date, and a page without review fields
    # (it frames the site rather than giving guidance).
    edit(approach, "policies,\nequipment", "policies, equipment\n")
    edit(approach, "reviewed: 2026-10-01", "reviewed: 2026-11-03")
    edit(root / "docs" / "about.md", "Volunteers write it.", "Volunteers and staff write it.")
    result = check_since(root, local="local")
    assert result.returncode == 0, result.stderr
    edit(approach, "Split the work", "Split the safeguarding work")
    edit(root / "local" / "docs" / "index.md", "title: Our approach", "title: Our local approach")
    first, second = errors_of(check_since(root, local="local"))
    assert first.startswith(
        "docs/approach.md:16: changes: the page's text changed since main (text) with no new change note "
        "(add a note at the top of changes in the page's front matter with a date on or after 2026-11-01"
    ), first
    assert second.startswith("local/docs/index.md:2: changes: the page's text changed since main (title)"), second
    page_note(approach, "Says which work to split.")
    page_note(root / "local" / "docs" / "index.md", "Fixed the title.")
    result = check_since(root, local="local")
    assert result.returncode == 0, result.stderr


def test_a_page_added_removed_renamed_or_dropping_its_review_fields_is_announced(minimal_data: Path) -> None:
    root = hosted_copy(minimal_data, {"docs/approach.md": APPROACH, "docs/about.md": ABOUT})
    approach = root / "docs" / "approach.md"
    (root / "docs" / "escalation.md").write_text(APPROACH.replace("Our approach", "Escalation"), "utf-8")
    (line,) = errors_of(check_since(root))
    assert line.startswith(
        "docs/escalation.md:2: changes: a new page since main with no change note saying it is new "
        "(add changes in the page's front matter with a note dated on or after 2026-11-01"
    ), line
    page_note(root / "docs" / "escalation.md", "Added: who to escalate to.")
    assert check_since(root).returncode == 0
    (root / "docs" / "escalation.md").unlink()
    # Removed: named in a note readers see.
    approach.unlink()
    (line,) = errors_of(check_since(root))
    assert line.startswith(
        "docs/approach.md:2: title: the page 'Our approach' was removed since main, and no new change note names it"
    ), line
    note(root / RISK, "Gives what 'Our approach' said about this risk.")
    assert check_since(root).returncode == 0
    # Renamed: a note at its new address.
    git(root, "reset", "-q", "--hard")
    git(root, "mv", "docs/approach.md", "docs/our-approach.md")
    (line,) = errors_of(check_since(root))
    assert line.startswith(
        "docs/our-approach.md:2: changes: the page moved here from docs/approach.md since main (its address changed)"
    ), line
    page_note(root / "docs" / "our-approach.md", "This page has a new address.")
    assert check_since(root).returncode == 0
    # Its review fields dropped, so that later changes would go unannounced: named like a removal.
    git(root, "reset", "-q", "--hard")
    text = approach.read_text(encoding="utf-8")
    approach.write_text(text[: text.index("reviewed:")] + text[text.index("---\n\n# Our") :], "utf-8")
    (line,) = errors_of(check_since(root))
    assert line.startswith(
        "docs/approach.md:1: reviewed: the page 'Our approach' no longer has review fields since main"
    ), line


def test_a_pages_notes_are_checked_like_an_items_and_kept_for_its_footer(minimal_data: Path) -> None:
    from portal.model.project import load_project
    from portal.source.errors import DataErrors

    docs = minimal_data.parent / "docs"
    docs.mkdir()
    page = docs / "approach.md"
    notes = "changes:\n  - date: 2026-11-02\n    note: Says which work to split.\n---\n"
    page.write_text(APPROACH.replace("\n---\n", "\n" + notes, 1), encoding="utf-8")
    review = load_project(minimal_data, docs, today=TODAY).page_reviews["approach.md"]
    assert [change.note for change in review.shown_changes] == ["Says which work to split."]

    def problems() -> list[str]:
        with pytest.raises(DataErrors) as failure:
            load_project(minimal_data, docs, today=TODAY)
        return [str(error) for error in failure.value.errors]

    # Out of order, without its sentence, or without the review fields it shows beside: one line each.
    older = "  - date: 2026-11-01\n    note: Older.\n  - date: 2026-11-03\n    note: Newer.\n"
    page.write_text(APPROACH.replace("\n---\n", "\nchanges:\n" + older + "---\n", 1), encoding="utf-8")
    assert [line.rsplit(" (", 1)[0] for line in problems()] == [
        "docs/approach.md:12: changes[1].date: 2026-11-03 is newer than the note above it (2026-11-01)"
    ]
    page.write_text(APPROACH.replace("\n---\n", "\nchanges:\n  - date: 2026-11-02\n---\n", 1), "utf-8")
    (line,) = problems()
    assert line.startswith("docs/approach.md:10: changes[0].note: missing required field"), line
    page.write_text(f"---\ntitle: About\n{notes}\n# About\n\nVolunteers write it.\n", encoding="utf-8")
    assert sorted(line.split(":")[2].strip() for line in problems()) == [
        "review_interval_months",
        "reviewed",
        "sources",
    ]


def test_files_are_named_from_the_project_folder_when_git_holds_more(minimal_data: Path) -> None:
    # The project sits in a folder of a larger repository: messages name files as the data check does.
    outer = minimal_data.parent / "outer"
    project = outer / "site"
    project.mkdir(parents=True)
    minimal_data.rename(project / "data")
    git(outer, "init", "-q", "-b", "main")
    git(outer, "add", "-A")
    git(outer, "commit", "-qm", "Base")
    edit(project / RISK, "summary: A risk used by the tests.", "summary: A risk the tests use.")
    (line,) = errors_of(check_since(project))
    assert line.startswith(f"{RISK}:5: changes: the item's guidance changed since main (summary)"), line


def test_an_unknown_revision_or_no_repository_is_one_clear_line(repo: Path, tmp_path_factory) -> None:  # type: ignore[no-untyped-def]
    result = check_since(repo, "origin/nowhere")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.strip() == (
        "Cannot compare with origin/nowhere: 'origin/nowhere' is not a revision here "
        "(fetch it first, e.g. git fetch origin main)."
    )
    elsewhere = tmp_path_factory.mktemp("not-a-repo")
    (elsewhere / "data").mkdir()
    for item in (repo / "data").iterdir():
        target = elsewhere / "data" / item.name
        if item.is_dir():
            import shutil

            shutil.copytree(item, target)
        else:
            target.write_bytes(item.read_bytes())
    result = check_since(elsewhere)
    assert result.returncode == 1 and "is not inside a git repository" in result.stderr


def test_a_pages_notes_reach_whats_new_and_the_feeds(tmp_path: Path) -> None:
    # Readers follow changes on What's new and in the feeds: a page's notes go there too, typo notes not.
    from conftest import copy_project, mkdocs_build

    project = copy_project(tmp_path / "project")
    page = project / "docs" / "approach.md"
    notes = (
        "  - date: 2026-11-29\n    note: Explains which work each objective holds.\n"
        "  - date: 2026-11-28\n    note: Fixed a spelling in the approach.\n    typo: true\n---\n"
    )
    text = page.read_text(encoding="utf-8")
    front = text.split("\n---\n", 1)[0]
    # Older notes go below any the page already has (newest first), under its one changes: key.
    notes = notes if "\nchanges:\n" in front else "changes:\n" + notes
    page.write_text(text.replace("\n---\n", "\n" + notes, 1), encoding="utf-8")
    site = tmp_path / "site"
    result = mkdocs_build(project, site)
    assert result.returncode == 0, result.stdout + result.stderr
    whats_new = (site / "whats-new" / "index.html").read_text(encoding="utf-8")
    assert "Explains which work each objective holds." in whats_new and 'href="../approach/"' in whats_new
    assert "Fixed a spelling in the approach." not in whats_new
    feed = (site / "feeds" / "all.xml").read_text(encoding="utf-8")
    assert "Explains which work each objective holds." in feed and "Fixed a spelling" not in feed
    assert "Explains which work" not in (site / "feeds" / "risks.xml").read_text(encoding="utf-8")
