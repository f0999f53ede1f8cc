"""One GitHub issue per overdue item: planned here, opened with the `gh` command by the weekly workflow."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from portal.publish.review_dates import ReviewItem

LABEL = "review-due"
Runner = Callable[[list[str]], str]


@dataclass(frozen=True)
class PlannedIssue:
    """An issue to open for one overdue item."""

    title: str
    body: str
    assignee: str | None


def issue_title(item: ReviewItem) -> str:
    """The title that identifies an item's issue, so it is never opened twice."""
    return f"Review due: {item.title} ({item.data_file})"


def plan(overdue: Iterable[ReviewItem], open_titles: set[str], cap: int, on: date) -> list[PlannedIssue]:
    """Issues for overdue items that have none open yet, most overdue first, at most `cap`."""
    planned = []
    for item in sorted(overdue):
        title = issue_title(item)
        if title in open_titles:
            continue
        body = "\n".join(
            [
                f"**{item.title}** ({item.kind}) was due for review on {item.next_due.isoformat()}; it is "
                f"{-item.days_left(on)} days overdue. It was last reviewed on {item.reviewed.isoformat()}.",
                "",
                f"- File: `{item.data_file}`",
                f"- Owner: {item.owner or 'none named'}",
                "",
                "To review it: check every fact against the item's sources (phone numbers, opening hours and "
                "addresses first), correct anything that has changed, set `reviewed` to the date you checked it, "
                "and open a pull request that closes this issue. CONTRIBUTING.md explains how.",
            ]
        )
        owner = item.owner or ""
        planned.append(PlannedIssue(title, body, owner[1:] if owner.startswith("@") else None))
        if len(planned) >= cap:
            break
    return planned


def gh(arguments: list[str]) -> str:
    """Run the GitHub CLI and return what it printed."""
    return subprocess.run(["gh", *arguments], check=True, capture_output=True, text=True).stdout


def open_titles(run: Runner = gh) -> set[str]:
    """Titles of the open review issues."""
    listing = run(["issue", "list", "--state", "open", "--label", LABEL, "--limit", "500", "--json", "title"])
    return {issue["title"] for issue in json.loads(listing or "[]")}


def create(issue: PlannedIssue, run: Runner = gh) -> None:
    """Open one issue with the review label (and the owner assigned, if they are a GitHub user)."""
    arguments = ["issue", "create", "--title", issue.title, "--body", issue.body, "--label", LABEL]
    if issue.assignee:
        arguments += ["--assignee", issue.assignee]
    run(arguments)
