"""The filtering and monitoring review: an edition's standards, their checks and what its report says, frozen."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from portal.model.items import NationText
from portal.model.review import Review


@dataclass(frozen=True)
class ReviewCheck:
    """One check of a standard, asked as a question; `practice` marks good practice beyond the standard."""

    id: str
    question: str
    look_for: str | None = None
    practice: bool = False

    @property
    def wording(self) -> str:
        """A short stamp of the question's words: a saved answer given to other words is flagged."""
        return hashlib.sha256(self.question.encode("utf-8")).hexdigest()[:12]


@dataclass(frozen=True)
class ReviewStandard:
    """One of the standards, what it expects in the site's words, and its checks in order."""

    id: str
    number: int
    title: str
    summary: str
    checks: tuple[ReviewCheck, ...]


@dataclass(frozen=True)
class FilterTestCategory:
    """A kind of content a filtering test tries to reach: one column of the record of tests."""

    id: str
    label: str


@dataclass(frozen=True)
class FilteringReview:
    """One edition of the filtering and monitoring review, as its data file describes it."""

    id: str
    title: str
    edition: str
    standards: tuple[ReviewStandard, ...]
    triggers: tuple[str, ...]
    test_categories: tuple[FilterTestCategory, ...]
    report_limits: tuple[str, ...]
    audiences: tuple[str, ...]
    resources: tuple[str, ...]
    by_nation: tuple[NationText, ...]
    review: Review

    @property
    def check_count(self) -> int:
        """How many checks the edition asks, across its standards."""
        return sum(len(standard.checks) for standard in self.standards)
