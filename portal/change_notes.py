"""Every change note readers see, across the guidance, newest first: for What's new, feeds and exports."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from portal.model import Change, Guidance, Review
from portal.rendering import (
    AUDIENCE_PAGE,
    FAQS_PAGE,
    GLOSSARY_PAGE,
    GUIDE_PAGE,
    OBJECTIVE_PAGE,
    RESOURCES_PAGE,
    RISK_PAGE,
)


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


def change_entries(guidance: Guidance) -> list[ChangeEntry]:
    """Every change readers see (typo notes left out), newest first; ties keep the data's order."""
    entries = list(_entries(guidance))
    return sorted(entries, key=lambda entry: entry.date, reverse=True)


def by_month(entries: list[ChangeEntry]) -> list[tuple[date, list[ChangeEntry]]]:
    """Entries grouped under the first day of their month, in the order given."""
    return [
        (month, list(group)) for month, group in itertools.groupby(entries, key=lambda entry: entry.date.replace(day=1))
    ]


def _entries(guidance: Guidance) -> Iterator[ChangeEntry]:
    def notes(
        changes: tuple[Change, ...], kind: str, title: str, page: str, data_file: str, topic: str | None = None
    ) -> Iterator[ChangeEntry]:
        for change in changes:
            if not change.typo:
                yield ChangeEntry(change.date, change.note, kind, title, page, data_file, topic)

    def item(review: Review, kind: str, title: str, page: str, topic: str | None = None) -> Iterator[ChangeEntry]:
        return notes(review.changes, kind, title, page, review.data_file, topic)

    for objective in guidance.objectives:
        page = OBJECTIVE_PAGE.format(id=objective.id)
        yield from item(objective.review, "objective", objective.title, page)
        for area in objective.areas:
            title = f"{objective.title}: {area.title}"
            yield from notes(area.changes, "objective area", title, f"{page}#{area.id}", objective.review.data_file)
    for risk in guidance.risks:
        yield from item(risk.review, "risk area", risk.title, RISK_PAGE.format(id=risk.id))
    for guide in guidance.guides:
        yield from item(guide.review, "step-by-step guide", guide.title, GUIDE_PAGE.format(id=guide.id))
    for resource in guidance.resources:
        yield from item(resource.review, "resource", resource.title, f"{RESOURCES_PAGE}#{resource.id}", resource.kind)
    for faq in guidance.faqs:
        yield from item(faq.review, "FAQ", faq.question, f"{FAQS_PAGE}#{faq.id}")
    for audience in guidance.audiences:
        yield from item(audience.review, "audience", audience.title, AUDIENCE_PAGE.format(id=audience.id))
    yield from item(guidance.glossary_review, "glossary", "Glossary", GLOSSARY_PAGE)
