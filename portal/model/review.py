"""Where an item's facts come from, when they were checked and are next due, and what changed."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date


def add_months(start: date, months: int) -> date:
    """The same day `months` later, clamped to the month's last day (31 Jan + 1 = 28/29 Feb)."""
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class Source:
    """A public page that backs the facts of an item."""

    title: str
    url: str


@dataclass(frozen=True)
class Change:
    """A dated note of what changed in an item's guidance; typo notes are kept from readers."""

    date: date
    note: str
    typo: bool = False


@dataclass(frozen=True)
class Review:
    """Where an item's facts come from, when they were last and next checked, and what changed."""

    sources: tuple[Source, ...]
    reviewed: date
    interval_months: int
    data_file: str
    owner: str | None = None
    changes: tuple[Change, ...] = ()  # newest first, as the loader insists

    @property
    def shown_changes(self) -> tuple[Change, ...]:
        """The changes readers see: all but typo fixes, newest first."""
        return tuple(change for change in self.changes if not change.typo)

    @property
    def last_changed(self) -> date | None:
        """The date of the newest change readers see, if any."""
        shown = self.shown_changes
        return shown[0].date if shown else None

    @property
    def next_due(self) -> date:
        """The date by which the item must be checked again."""
        return add_months(self.reviewed, self.interval_months)
