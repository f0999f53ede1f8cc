"""The GitHub Actions workflows are well formed and call the project's own commands."""

from __future__ import annotations

import re
import subprocess
from datetime import UTC, datetime

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


def test_ci_checks_builds_tests_and_attaches_the_site() -> None:
    workflow = load("ci.yml")
    assert {"push", "pull_request"} <= set(workflow[True])
    run = [str(step.get("run", "")) for step in steps(workflow)]
    commands = "\n".join(run)
    for command in ("python3 dev.py check", "python3 dev.py build", "python3 dev.py test", "apt-get install"):
        assert command in commands, command
    order = [
        next(i for i, text in enumerate(run) if c in text) for c in ("dev.py check", "dev.py build", "dev.py test")
    ]
    assert order == sorted(order), "check, then build, then test"
    upload = next(step for step in steps(workflow) if "upload-artifact" in str(step.get("uses", "")))
    assert upload["with"]["path"] == "site/"
    assert workflow["jobs"]["test"]["env"]["CI"] == "true", "browser tests must not skip in CI"
    # On a pull request, guidance changed without a change note fails; the base branch must be fetched.
    notes = next(step for step in steps(workflow) if "--since" in str(step.get("run", "")))
    assert notes["if"] == "github.event_name == 'pull_request'"
    assert notes["run"] == 'python3 dev.py check --since "origin/${{ github.base_ref }}"'
    checkout = next(step for step in steps(workflow) if str(step.get("uses", "")).startswith("actions/checkout"))
    assert checkout["with"]["fetch-depth"] == 0


def test_ci_builds_the_export_with_zensical_visibly_but_without_blocking() -> None:
    workflow = load("ci.yml")
    job = workflow["jobs"]["engines"]
    assert job["continue-on-error"] is True, "Zensical is below 1.0: shown on the pull request, not blocking"
    assert "needs" not in job, "it runs beside the tests, not after them"
    run = "\n".join(str(step.get("run", "")) for step in job["steps"])
    assert 'python3 dev.py export "$RUNNER_TEMP/export"' in run
    assert "-r engines/zensical.txt" in run and 'zensical" build --clean' in run.replace('/bin/zensical"', 'zensical"')
    assert "::warning" in run, "a failure says what it means"
    assert "site-links --allow-empty" in run
    # Negative control: the binding test job keeps running the whole suite, export tests included.
    assert "python3 dev.py test" in "\n".join(str(step.get("run", "")) for step in workflow["jobs"]["test"]["steps"])


def test_deploy_publishes_main_to_github_pages() -> None:
    workflow = load("deploy.yml")
    assert workflow[True]["push"]["branches"] == ["main"]
    uses = [str(step.get("uses", "")) for step in steps(workflow)]
    assert any(u.startswith("actions/upload-pages-artifact@") for u in uses)
    assert any(u.startswith("actions/deploy-pages@") for u in uses)
    assert "python3 dev.py build" in "\n".join(str(step.get("run", "")) for step in steps(workflow))
    assert workflow["permissions"]["pages"] == "write"


def test_deploy_runs_daily_and_dates_the_build_by_the_day() -> None:
    workflow = load("deploy.yml")
    assert len(workflow[True]["schedule"]) == 1, "a daily rebuild makes overdue notices appear on time"
    run = "\n".join(str(step.get("run", "")) for step in steps(workflow))
    line = next(line.strip() for line in run.splitlines() if "SOURCE_DATE_EPOCH=" in line)
    # Run the workflow's own line: it must give midnight UTC of today.
    result = subprocess.run(["bash", "-c", f"{line}; echo $SOURCE_DATE_EPOCH"], capture_output=True, text=True)
    epoch = int(result.stdout.strip())
    midnight = datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    assert epoch == int(midnight.timestamp())


def test_review_workflow_is_weekly_capped_and_dry_by_default_by_hand() -> None:
    workflow = load("reviews.yml")
    assert workflow[True]["workflow_dispatch"]["inputs"]["dry_run"]["default"] is True
    assert len(workflow[True]["schedule"]) == 1
    run = "\n".join(str(step.get("run", "")) for step in steps(workflow))
    assert "python3 dev.py review-issues --apply --cap 10" in run
    assert "python3 dev.py review-issues --cap 10" in run


def test_issue_forms_and_pull_request_template() -> None:
    forms = ROOT / ".github" / "ISSUE_TEMPLATE"
    error = yaml.safe_load((forms / "report-an-error.yml").read_text(encoding="utf-8"))
    assert error["name"] == "Report an error in the guidance"
    ids = [item.get("id") for item in error["body"] if item["type"] != "markdown"]
    assert ids == ["page", "wrong", "right", "source", "privacy"]
    assert yaml.safe_load((forms / "suggest-content.yml").read_text(encoding="utf-8"))["body"]
    template = (ROOT / ".github" / "pull_request_template.md").read_text(encoding="utf-8")
    assert template.count("- [ ]") >= 5 and "python3 dev.py check" in template


def test_pre_commit_runs_yaml_lint_data_check_and_python_lint() -> None:
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    hooks = {hook["id"]: (repo["repo"], hook) for repo in config["repos"] for hook in repo["hooks"]}
    assert {"yamllint", "ruff", "ruff-format", "portal-check"} <= set(hooks)
    assert hooks["portal-check"][1]["entry"] == "python3 dev.py check"
    assert hooks["yamllint"][1]["args"] == ["-c", ".yamllint.yml"]
    pinned = {repo["repo"]: repo.get("rev") for repo in config["repos"] if repo["repo"] != "local"}
    requirements = (ROOT / "requirements-test.txt").read_text()
    assert f"yamllint=={pinned['https://github.com/adrienverge/yamllint'].lstrip('v')}" in requirements
    assert f"ruff=={pinned['https://github.com/astral-sh/ruff-pre-commit'].lstrip('v')}" in requirements
