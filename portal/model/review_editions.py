"""Validated filtering and monitoring review documents made into editions, the newest reviewed first."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from portal.checks import nations
from portal.model.build import review_from
from portal.model.filtering_review import FilteringReview, FilterTestCategory, ReviewCheck, ReviewStandard
from portal.model.guidance import Collection
from portal.model.items import NationText
from portal.source.yaml_document import YamlDocument


def _standard(number: int, data: dict[str, Any]) -> ReviewStandard:
    checks = tuple(
        ReviewCheck(c["id"], c["question"], c.get("look_for"), bool(c.get("practice", False))) for c in data["checks"]
    )
    return ReviewStandard(data["id"], number, data["title"], data["summary"], checks)


def edition_from(doc: YamlDocument) -> FilteringReview:
    """One edition from its validated data file."""
    d = doc.data
    return FilteringReview(
        id=d["id"],
        title=d["title"],
        edition=d["edition"],
        standards=tuple(_standard(number, s) for number, s in enumerate(d["standards"], start=1)),
        triggers=tuple(d["triggers"]),
        test_categories=tuple(FilterTestCategory(c["id"], c["label"]) for c in d["test_categories"]),
        report_limits=tuple(d["report_limits"]),
        audiences=tuple(d.get("audiences", ())),
        resources=tuple(d.get("resources", ())),
        by_nation=tuple(NationText(nations.item_nations(e), e["text"]) for e in d["by_nation"]),
        review=review_from(d, doc.display),
    )


def editions_from(docs: Iterable[YamlDocument]) -> Collection[FilteringReview]:
    """Every edition, the one reviewed most recently first (the one the page uses)."""
    editions = (edition_from(doc) for doc in docs)
    return Collection(tuple(sorted(editions, key=lambda e: (e.review.reviewed, e.id), reverse=True)))
