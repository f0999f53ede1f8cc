"""Editors' tools: scaffolding new items, review dates that act, and a new editor's first change."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import MINIMAL, ROOT, copy_project, mkdocs_build
from portal.cli.review_issues import issue_title, plan
from portal.cli.scaffold import SCAFFOLD_KINDS
from portal.model.loader import load_guidance
from portal.publish.review_dates import due_within, markdown, recently_reviewed, review_items, table
from portal.publish.site_links import check_site
from portal.source.errors import DataErrors

TODAY = date(2026, 11, 28)


def portal(*arguments: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "portal", *arguments], cwd=cwd, capture_output=True, text=True, check=False
    )


def errors_for(data: Path) -> list[str]:
    """Every error for the data, judged on the real date (new items are stamped with it)."""
    with pytest.raises(DataErrors) as failure:
        load_guidance(data)
    return [str(error) for error in failure.value.errors]


# ---- Scaffolding ----


@pytest.mark.parametrize("kind", sorted(SCAFFOLD_KINDS))
def test_new_items_have_every_field_and_fail_only_as_unfilled(minimal_data: Path, kind: str) -> None:
    result = portal("--data", str(minimal_data), "new", kind, "new-item" if kind != "term" else "NCII")
    assert result.returncode == 0, result.stderr
    created = Path(result.stdout.split("Created ", 1)[1].split(". Fill in", 1)[0])
    text = created.read_text(encoding="utf-8")
    yaml.safe_load(text)  # valid YAML
    errors = errors_for(minimal_data)
    assert errors, "an unfilled item must not pass"
    assert all(": placeholder not replaced (write " in e for e in errors), "\n".join(errors)
    schema = json.loads((ROOT / "schemas" / f"{SCAFFOLD_KINDS[kind].schema}.schema.json").read_text())
    fields = schema["properties"] if kind != "term" else schema["properties"]["terms"]["items"]["properties"]
    for field in fields:
        assert re.search(rf"^\s*(- )?{field}:", text, re.MULTILINE), f"{field} missing from the new {kind}"


def test_optional_placeholders_say_they_can_be_deleted(minimal_data: Path) -> None:
    portal("--data", str(minimal_data), "new", "risk", "dares")
    errors = errors_for(minimal_data)
    owner = next(e for e in errors if ": owner: " in e)
    assert owner.endswith("or delete the field, which is optional)")
    title = next(e for e in errors if ": title: " in e)
    assert title == (
        "data/risks/dares.yml:7: title: placeholder not replaced "
        "(write name of the risk area, e.g. Sharing nudes and semi-nudes)"
    )


def test_new_refuses_a_bad_id_or_an_existing_item(minimal_data: Path) -> None:
    bad = portal("--data", str(minimal_data), "new", "risk", "Online_Dares")
    assert bad.returncode == 1 and "is not a valid id" in bad.stderr and "Traceback" not in bad.stderr
    again = portal("--data", str(minimal_data), "new", "risk", "fixture-risk")
    assert again.returncode == 1 and "already exists" in again.stderr
    assert (minimal_data / "risks" / "fixture-risk.yml").read_text() == (
        MINIMAL / "data/risks/fixture-risk.yml"
    ).read_text()
    term = portal("--data", str(minimal_data), "new", "term", "DSL")
    assert term.returncode == 1 and "already has 'DSL'" in term.stderr


# ---- Review dates ----


def test_review_report_lists_overdue_and_soon_due_items_in_order() -> None:
    guidance = load_guidance(MINIMAL / "data", today=TODAY)
    # The fixture's objective was reviewed 2026-01-31 every month (due 2026-02-28), its helpline
    # 2026-01-15 every six months (due 2026-07-15): both overdue by 28 November 2026, nothing else.
    overdue = due_within(guidance, TODAY, 0)
    assert [(i.kind, i.title, i.days_left(TODAY)) for i in overdue] == [
        ("objective", "Safer Testing", -273),
        ("resource", "Helpline One", -136),
    ]
    soon = due_within(guidance, date(2027, 1, 1), 30)
    assert {i.data_file for i in soon} >= {"data/risks/fixture-risk.yml", "data/resources/helpline-one.yml"}
    assert soon == sorted(soon), "soonest due first"
    assert due_within(guidance, date(2026, 2, 1), 0) == []  # negative control: nothing overdue yet
    text = table(overdue, TODAY)
    assert "2026-02-28  overdue by 273 days  objective  Safer Testing" in text
    report = markdown(overdue, TODAY)
    assert (
        "| 2026-02-28 | overdue by 273 days | objective | Safer Testing | `data/objectives/safer-testing.yml` | - |"
        in report
    )


def test_reviews_command_formats_and_fails_on_request() -> None:
    data = str(MINIMAL / "data")
    result = portal(
        "--data",
        data,
        "--docs",
        "/nonexistent",
        "reviews",
        "--today",
        "2026-11-28",
        "--within",
        "0",
        "--format",
        "json",
    )
    assert result.returncode == 0, result.stderr
    items = json.loads(result.stdout)
    assert [(i["data_file"], i["days_left"]) for i in items] == [
        ("data/objectives/safer-testing.yml", -273),
        ("data/resources/helpline-one.yml", -136),
    ]
    failing = portal("--data", data, "--docs", "/nonexistent", "reviews", "--today", "2026-11-28", "--fail-overdue")
    assert failing.returncode == 1
    fine = portal("--data", data, "--docs", "/nonexistent", "reviews", "--today", "2026-02-01", "--fail-overdue")
    assert fine.returncode == 0 and "due in 27 days  objective  Safer Testing" in fine.stdout
    quiet = portal("--data", data, "--docs", "/nonexistent", "reviews", "--today", "2026-02-01", "--within", "7")
    assert quiet.returncode == 0 and quiet.stdout.strip() == "Nothing is overdue or due in that time."


def test_one_issue_per_overdue_item_capped_and_never_twice() -> None:
    guidance = load_guidance(MINIMAL / "data", today=TODAY)
    later = date(2028, 1, 1)  # everything in the fixture is overdue by then
    overdue = [i for i in review_items(guidance) if i.days_left(later) < 0]
    assert len(overdue) == len(review_items(guidance))
    first = plan(overdue, set(), cap=3, on=later)
    assert len(first) == 3 and len({issue.title for issue in first}) == 3
    assert first[0].title == issue_title(overdue[0]) and "days overdue" in first[0].body
    again = plan(overdue, {issue.title for issue in first}, cap=10, on=later)
    assert not {i.title for i in again} & {i.title for i in first}, "an open issue is never opened again"
    assert len(again) == len(overdue) - 3


def test_owner_given_as_github_user_is_assigned(minimal_data: Path) -> None:
    risk = minimal_data / "risks" / "fixture-risk.yml"
    risk.write_text(risk.read_text() + "owner: '@safeguarding-editor'\n")
    guidance = load_guidance(minimal_data, today=TODAY)
    items = [i for i in review_items(guidance) if i.data_file.endswith("fixture-risk.yml")]
    (issue,) = plan(items, set(), cap=5, on=date(2028, 1, 1))
    assert issue.assignee == "safeguarding-editor" and "@safeguarding-editor" in issue.body


def test_recently_reviewed_is_newest_first() -> None:
    guidance = load_guidance(ROOT / "data")
    recent = recently_reviewed(guidance, 10)
    assert len(recent) == 10 and [i.reviewed for i in recent] == sorted((i.reviewed for i in recent), reverse=True)


def test_overdue_pages_carry_a_banner_and_current_ones_do_not(tmp_path: Path, built_site: Path) -> None:
    future = tmp_path / "future"
    result = mkdocs_build(ROOT, future, env={"SOURCE_DATE_EPOCH": "1893456000"})  # 2030-01-01
    assert result.returncode == 0, result.stderr
    banner = BeautifulSoup((future / "risks/grooming/index.html").read_text(), "html.parser").select_one(
        ".portal-overdue"
    )
    assert banner is not None and "overdue for review" in banner.get_text()
    resources = (future / "resources/index.html").read_text()
    assert resources.count("Overdue for review") == len(load_guidance(ROOT / "data").resources)
    # today nothing is overdue (the content tests make sure of that), so no banner shows
    for html in built_site.rglob("*.html"):
        assert "portal-overdue" not in html.read_text(encoding="utf-8"), html


def test_recently_updated_page_lists_checked_items(page) -> None:  # type: ignore[no-untyped-def]
    rows = page("recently-updated/").select("article table tbody tr")
    assert len(rows) == 30
    assert all(row.find("a") for row in rows)


# ---- A new editor's first change, as CONTRIBUTING.md describes it ----

NEW_RISK = """# yaml-language-server: $schema=../../schemas/risk.schema.json
id: online-dares
title: Online dares and challenges
also_known_as:
  - viral challenges
  - dares
categories:
  - content
  - conduct
sumary: Dangerous challenges spread on video apps and in group chats.
description: |
  Some challenges shared online ask young people to do things that can hurt them.
signs:
  - Talks about a challenge everyone is doing.
  - Has unexplained injuries.
  - Is anxious about being left out of a group chat.
actions:
  - If a child is in immediate danger, call 999.
  - Tell your safeguarding lead straight away.
  - Do not share the video, even as a warning.
  - by_nation:
      - nations: [england]
        text: The designated safeguarding lead (DSL) refers to children's social care if a child is at risk.
      - nations: [wales, scotland, northern-ireland]
        text: Your safeguarding lead refers to children's services or social work if a child is at risk.
audiences:
  - schools
resources:
  - posh
related:
  - inappropriate-content
briefing:
  background: Challenges spread fast on video apps and in group chats, and some ask young people to take real risks.
  facts:
    - text: Most challenges are harmless fun; a few have led to serious injuries.
      source: https://example.org.uk/challenges
  remember:
    - Do not share a harmful challenge, even as a warning.
    - Talk about challenges calmly, without spreading the details.
  questions:
    - Which challenges are our young people talking about?
    - How would we respond if one was hurt?
    - How do we warn families without spreading it?
reviewed: 2026-11-28
review_interval_months: 12
"""

NEW_RESOURCE = """# yaml-language-server: $schema=../../schemas/resource.schema.json
id: dares-advice
title: Dares Advice Line
publisher: Example Charity
url: https://example.org.uk/dares
kind: helpline
summary: Advice for professionals worried about online challenges.
contact:
  phone: 0300 123 4567
cost: free
audiences:
  - schools
nations:
  - england
sources:
  - title: Dares Advice Line (Example Charity)
    url: https://example.org.uk/dares
reviewed: 2026-11-28
review_interval_months: 6
"""


def test_a_new_editor_adds_a_risk_and_a_resource(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    assert portal("new", "risk", "online-dares", cwd=project).returncode == 0
    assert portal("new", "resource", "dares-advice", cwd=project).returncode == 0
    (project / "data/risks/online-dares.yml").write_text(NEW_RISK)  # typo 'sumary', and no sources
    (project / "data/resources/dares-advice.yml").write_text(NEW_RESOURCE)
    check = portal("check", cwd=project)
    assert check.returncode == 1 and "Traceback" not in check.stderr
    assert check.stderr.splitlines()[:-1] == [
        "data/risks/online-dares.yml:2: sources: missing required field "
        "(The public pages that back the facts here: at least one, each with title and https url)",
        "data/risks/online-dares.yml:10: sumary: unknown field 'sumary' (did you mean 'summary'?)",
    ]  # and nothing about the briefing's fact, whose source the sources will list
    fixed = NEW_RISK.replace("sumary:", "summary:").replace(
        "reviewed:",
        "sources:\n  - title: Online challenges (Example Charity)\n    url: https://example.org.uk/challenges\nreviewed:",
    )
    (project / "data/risks/online-dares.yml").write_text(fixed)
    assert portal("check", cwd=project).returncode == 0
    site = tmp_path / "site"
    build = mkdocs_build(project, site, env={"SOURCE_DATE_EPOCH": "1795824000"})  # 2026-11-28
    assert build.returncode == 0, build.stdout + build.stderr
    risk = BeautifulSoup((site / "risks/online-dares/index.html").read_text(), "html.parser")
    assert risk.find("h1").get_text(strip=True).startswith("Online dares and challenges")
    assert risk.find(id="what-to-do-now") is not None
    briefing = BeautifulSoup((site / "briefings/online-dares/index.html").read_text(), "html.parser")
    assert "Do not share a harmful challenge, even as a warning." in briefing.get_text()
    resources = BeautifulSoup((site / "resources/index.html").read_text(), "html.parser")
    assert resources.find(id="dares-advice") is not None
    assert check_site(site) == []
    assert os.environ.get("SOURCE_DATE_EPOCH") is None  # the test changed nothing outside its folders


SECTIONS = {
    "risk": "### A risk area",
    "resource": "### A resource",
    "faq": "### A frequently asked question",
    "audience": "### An audience start page",
    "objective": "### An objective and its areas",
    "guide": "### An incident guide",
    "filtering_review": "### A filtering and monitoring review edition",
    "site": "### The organisation profile",
}


@pytest.mark.parametrize("schema", sorted(SECTIONS))
def test_contributing_shows_every_field_of_every_kind(schema: str) -> None:
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    section = text.split(SECTIONS[schema], 1)[1].split("\n### ", 1)[0]
    definition = json.loads((ROOT / "schemas" / f"{schema}.schema.json").read_text())
    fields = set(definition["properties"])
    if schema == "objective":
        fields |= set(definition["$defs"]["area"]["properties"])
    if schema == "guide":
        fields |= set(definition["$defs"]["step"]["properties"])
    missing = [name for name in sorted(fields) if not re.search(rf"(^|[\s{{,]){name}:", section, re.MULTILINE)]
    assert missing == [], f"CONTRIBUTING.md's {schema} example lacks: {missing}"
