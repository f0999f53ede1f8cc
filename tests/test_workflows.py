"""The GitHub Actions workflows are well formed and call the project's own commands."""

from __future__ import annotations

import re

import yaml

from conftest import ROOT

WORKFLOWS = ROOT / ".github" / "workflows"


def load(name: str) -> dict[object, object]:
    data = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
    assert isinstance(data, dict), f"{name} is not a mapping"
    return data


def steps(workflow: dict[object, object]) -> list[dict[str, object]]:
    jobs = workflow["jobs"]
    assert isinstance(jobs, dict)
    return [step for job in jobs.values() for step in job["steps"]]


def test_link_check_runs_weekly_and_by_hand() -> None:
    workflow = load("links.yml")
    triggers = workflow[True]  # YAML 1.1 reads the key `on` as true
    assert "workflow_dispatch" in triggers
    (schedule,) = triggers["schedule"]
    minute, hour, day_of_month, month, day_of_week = schedule["cron"].split()
    assert (day_of_month, month) == ("*", "*") and re.fullmatch(r"[0-6]", day_of_week), "not weekly"
    assert workflow["permissions"] == {"contents": "read", "issues": "write"}


def test_link_check_reports_in_one_issue() -> None:
    run = "\n".join(str(step.get("run", "")) for step in steps(load("links.yml")))
    assert "python3 dev.py links" in run
    assert "gh issue list --state open --label broken-links" in run
    assert "gh issue edit" in run and "gh issue create" in run and "gh issue close" in run
    assert "linkcheck-report/link-report.md" in run
