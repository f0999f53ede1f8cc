"""Every change note readers see, across the guidance, newest first: for What's new, feeds and exports."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date

from portal.model import Change, Guidance
from portal.model.reviewed_items import ReviewedItem, reviewed_items


@dataclass(frozen=True)
class ChangeEntry:
    """One change note with the item it belongs to and the page (and anchor) that shows it."""

    date: date
    note: str
    kind: str
    title: str
    page: str
    data_file: str
    topic: str | None = None  # a resource's kind, e.g. statutory-guidance


def change_entries(guidance: Guidance, pages: Iterable[ReviewedItem] = ()) -> list[ChangeEntry]:
    """Every change readers see (typo notes left out), of the items and of `pages`, newest first; ties keep order."""
    entries = list(_entries(guidance, pages))
    return sorted(entries, key=lambda entry: entry.date, reverse=True)


def by_month(entries: list[ChangeEntry]) -> list[tuple[date, list[ChangeEntry]]]:
    """Entries grouped under the first day of their month, in the order given."""
    return [
        (month, list(group)) for month, group in itertools.groupby(entries, key=lambda entry: entry.date.replace(day=1))
    ]


def _entries(guidance: Guidance, pages: Iterable[ReviewedItem]) -> Iterator[ChangeEntry]:
    for item in itertools.chain(reviewed_items(guidance), pages):
        data_file = item.review.data_file
        yield from _notes(item.review.changes, item.kind, item.title, item.page, data_file, item.topic)
        for area in item.areas:
            title, page = f"{item.title}: {area.title}", f"{item.page}#{area.id}"
            yield from _notes(area.changes, "objective area", title, page, data_file, None)


def _notes(
    changes: tuple[Change, ...], kind: str, title: str, page: str, data_file: str, topic: str | None
) -> Iterator[ChangeEntry]:
    for change in changes:
        if not change.typo:
            yield ChangeEntry(change.date, change.note, kind, title, page, data_file, topic)
