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
    return [step for job in jobs.values() for step in job.get("steps", [])]


def test_link_check_runs_weekly_and_by_hand() -> None:
    workflow = load("links.yml")
    triggers = workflow[True]  # YAML 1.1 reads the key `on` as true
    assert "workflow_dispatch" in triggers
    (schedule,) = triggers["schedule"]
    minute, hour, day_of_month, month, day_of_week = schedule["cron"].split()
    assert (day_of_month, month) == ("*", "*") and re.fullmatch(r"[0-6]", day_of_week), "not weekly"
    assert workflow["permissions"] == {"contents": "read"}
    assert workflow["jobs"]["links"]["permissions"] == {"contents": "read", "issues": "write"}


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
    assert notes["run"] == 'python3 dev.py check --since "origin/$BASE_REF"'
    assert notes["env"] == {"BASE_REF": "${{ github.base_ref }}"}
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
    # Only the deploy job, which runs none of our code, may write to Pages; the build reads.
    assert workflow["permissions"] == {"contents": "read"}
    assert workflow["jobs"]["build"]["permissions"] == {"contents": "read"}
    assert workflow["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    assert [step.get("uses", "").split("@")[0] for step in workflow["jobs"]["deploy"]["steps"]] == [
        "actions/deploy-pages"
    ]


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


# ---------------------------------------------------------------------------------------------------
# Untrusted content never gets a token that can write or a secret (issue 23). These rules hold for
# every workflow file and every job and checkout in it, so a new workflow is checked by construction.

# Commands that run the project's code on the content (the build, the tests, the export, installs).
BUILDS = ("dev.py", "mkdocs", "pip install", "python -m portal", "zensical", "portal site-links")
WRITES_ONLY_WITHOUT_OUR_CODE = {"pages", "id-token"}
# Each job that may write, and what: anything else must read. A new entry here is a reviewed decision.
JOB_WRITES = {
    ("deploy.yml", "deploy"): {"pages", "id-token"},
    ("links.yml", "links"): {"issues"},  # opens, updates and closes the broken-links issue
    ("reviews.yml", "reviews"): {"issues"},  # opens one issue per overdue item
}


def workflow_files() -> list[str]:
    names = sorted(path.name for path in WORKFLOWS.iterdir() if path.suffix in (".yml", ".yaml"))
    assert {"ci.yml", "deploy.yml", "links.yml", "reviews.yml"} <= set(names)
    return names


def _writes(permissions: object) -> set[str]:
    """The scopes a permissions value lets the token write (write-all: every one)."""
    if permissions in ("write-all", None):  # no permissions key: the repository default, which may write
        return {"*"}
    if permissions in ("read-all", {}):
        return set()
    assert isinstance(permissions, dict), permissions
    return {scope for scope, level in permissions.items() if level == "write"}


def workflow_problems(name: str, workflow: dict[object, object]) -> list[str]:
    """Every way a workflow could hand a writable token, a secret or stored credentials to untrusted content."""
    problems = []
    triggers = workflow[True]
    events = set(triggers) if isinstance(triggers, (dict, list)) else {triggers}
    if events & {"pull_request_target", "workflow_run"}:
        problems.append(f"{name}: pull_request_target and workflow_run run a pull request's content with secrets")
    if "permissions" not in workflow:
        problems.append(f"{name}: no workflow-level permissions (the repository default may be write-all)")
    elif _writes(workflow["permissions"]):
        problems.append(
            f"{name}: workflow-level permissions write {_writes(workflow['permissions'])}; grant writes per job"
        )
    for job_id, job in workflow["jobs"].items():
        where = f"{name} job {job_id}"
        permissions = job.get("permissions", workflow.get("permissions"))
        writes = _writes(permissions)
        allowed = JOB_WRITES.get((name, job_id), set())
        if "pull_request" in events and writes:
            problems.append(f"{where}: runs on pull requests with write permissions {sorted(writes)}")
        if not writes <= allowed:
            problems.append(f"{where}: writes {sorted(writes - allowed)}, not in JOB_WRITES")
        job_steps = job.get("steps", [])
        runs = "\n".join(str(step.get("run", "")) for step in job_steps)
        builds = any(command in runs for command in BUILDS)
        checks_out = any(str(step.get("uses", "")).startswith("actions/checkout@") for step in job_steps)
        if writes & WRITES_ONLY_WITHOUT_OUR_CODE and (checks_out or runs):
            problems.append(f"{where}: {sorted(writes & WRITES_ONLY_WITHOUT_OUR_CODE)} in a job that runs commands")
        if builds and "secrets." in yaml.safe_dump(job):
            problems.append(f"{where}: a secret in a job that builds the content")
        for step in job_steps:
            if str(step.get("uses", "")).startswith("actions/checkout@"):
                if (step.get("with") or {}).get("persist-credentials") is not False:
                    problems.append(f"{where}: checkout leaves the token in .git/config (persist-credentials: false)")
            if "${{" in str(step.get("run", "")):
                problems.append(
                    f"{where}: an expression inside a script ({step.get('name', 'unnamed step')}); pass it in env"
                )
    return problems


def test_no_workflow_hands_untrusted_content_a_writable_token_a_secret_or_credentials() -> None:
    problems = [problem for name in workflow_files() for problem in workflow_problems(name, load(name))]
    assert problems == [], "\n".join(problems)


def test_every_checkout_is_read_only_and_leaves_no_credentials() -> None:
    checkouts = [
        (name, step)
        for name in workflow_files()
        for step in steps(load(name))
        if str(step.get("uses", "")).startswith("actions/checkout@")
    ]
    assert len(checkouts) >= 5, "every workflow checks out the repository"
    assert all(step["with"]["persist-credentials"] is False for _, step in checkouts)


def test_the_workflow_rules_catch_each_mistake() -> None:
    # Negative controls: each mistake, made in a copy of a real workflow, is reported.
    def problems_after(name: str, change) -> list[str]:  # type: ignore[no-untyped-def]
        workflow = load(name)
        change(workflow)
        return workflow_problems(name, workflow)

    assert workflow_problems("deploy.yml", load("deploy.yml")) == []

    def old_deploy(w):  # type: ignore[no-untyped-def]
        # deploy.yml as it was: Pages and OIDC for the whole workflow, so for the build too.
        w["permissions"] = {"contents": "read", "pages": "write", "id-token": "write"}
        del w["jobs"]["build"]["permissions"], w["jobs"]["deploy"]["permissions"]

    found = problems_after("deploy.yml", old_deploy)
    assert any("workflow-level permissions write" in p for p in found)
    assert any("job build: writes ['id-token', 'pages']" in p for p in found)
    assert any("job build: ['id-token', 'pages'] in a job that runs commands" in p for p in found)

    def keeps_credentials(w):  # type: ignore[no-untyped-def]
        del w["jobs"]["engines"]["steps"][0]["with"]

    assert problems_after("ci.yml", keeps_credentials) == [
        "ci.yml job engines: checkout leaves the token in .git/config (persist-credentials: false)"
    ]
    assert problems_after("ci.yml", lambda w: w["jobs"]["test"].update(permissions={"contents": "write"})) == [
        "ci.yml job test: runs on pull requests with write permissions ['contents']",
        "ci.yml job test: writes ['contents'], not in JOB_WRITES",
    ]
    assert any("no workflow-level permissions" in p for p in problems_after("ci.yml", lambda w: w.pop("permissions")))
    assert any(
        "pull_request_target" in p for p in problems_after("ci.yml", lambda w: w[True].update(pull_request_target=None))
    )

    def secret_in_build(w):  # type: ignore[no-untyped-def]
        w["jobs"]["build"]["env"]["TOKEN"] = "${{ secrets.DEPLOY_KEY }}"

    assert problems_after("deploy.yml", secret_in_build) == [
        "deploy.yml job build: a secret in a job that builds the content"
    ]

    def expression_in_script(w):  # type: ignore[no-untyped-def]
        notes = next(step for step in w["jobs"]["test"]["steps"] if "--since" in str(step.get("run", "")))
        notes["run"] = 'python3 dev.py check --since "origin/${{ github.head_ref }}"'

    assert any("an expression inside a script" in p for p in problems_after("ci.yml", expression_in_script))
