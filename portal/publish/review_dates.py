"""Which items are overdue for review, or soon due, and reports of them for a terminal or an issue."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from portal.model import Guidance
from portal.model.reviewed_items import reviewed_items


@dataclass(frozen=True, order=True)
class ReviewItem:
    """One reviewable item: where it is, when it was checked and when it is due."""

    next_due: date
    kind: str
    title: str
    data_file: str
    page: str  # source path of the page that shows it, with an anchor where it is one of many
    reviewed: date
    owner: str | None

    def days_left(self, on: date) -> int:
        """Days until the review is due (negative when overdue)."""
        return (self.next_due - on).days


def review_items(guidance: Guidance) -> list[ReviewItem]:
    """Every item with its own review date, soonest due first."""

    return sorted(
        ReviewItem(i.review.next_due, i.kind, i.title, i.review.data_file, i.page, i.review.reviewed, i.review.owner)
        for i in reviewed_items(guidance)
    )


def due_within(guidance: Guidance, on: date, days: int) -> list[ReviewItem]:
    """Items overdue on `on`, or due within `days` days of it."""
    return [item for item in review_items(guidance) if item.days_left(on) <= days]


def recently_reviewed(guidance: Guidance, count: int) -> list[ReviewItem]:
    """The items checked most recently, newest first."""
    return sorted(review_items(guidance), key=lambda item: (item.reviewed, item.title), reverse=True)[:count]


def _when(item: ReviewItem, on: date) -> str:
    days = item.days_left(on)
    if days < 0:
        return f"overdue by {-days} day{'s' if days != -1 else ''}"
    if days == 0:
        return "due today"
    return f"due in {days} day{'s' if days != 1 else ''}"


def table(items: list[ReviewItem], on: date) -> str:
    """A plain-text table for a terminal."""
    if not items:
        return "Nothing is overdue or due in that time."
    rows = [("Due", "When", "Kind", "Item", "File", "Owner")]
    rows += [(i.next_due.isoformat(), _when(i, on), i.kind, i.title[:50], i.data_file, i.owner or "-") for i in items]
    widths = [max(len(row[column]) for row in rows) for column in range(len(rows[0]))]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip() for row in rows]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(lines)


def markdown(items: list[ReviewItem], on: date) -> str:
    """A Markdown report for an issue or a pull request."""
    if not items:
        return f"Nothing is overdue or due for review as of {on.isoformat()}.\n"
    lines = [
        f"# Guidance due for review ({on.isoformat()})",
        "",
        "| Due | When | Kind | Item | File | Owner |",
        "|---|---|---|---|---|---|",
    ]
    for i in items:
        item_title = i.title.replace("|", "\\|")
        lines.append(
            f"| {i.next_due} | {_when(i, on)} | {i.kind} | {item_title} | `{i.data_file}` | {i.owner or '-'} |"
        )
    lines += [
        "",
        "To review an item: check it against its sources, correct it, and set `reviewed` to the date you "
        "checked it. See CONTRIBUTING.md.",
    ]
    return "\n".join(lines) + "\n"
