"""What the filtering and monitoring review's script needs from an edition, as JSON data for its page."""

from __future__ import annotations

from typing import Any

from portal.model.filtering_review import FilteringReview


def filtering_review_content(review: FilteringReview, site_name: str) -> dict[str, Any]:
    """The edition's standards and checks (with wording stamps), triggers, test columns and report limits."""
    return {
        "site": site_name,
        "edition": review.id,
        "editionName": review.edition,
        "title": review.title,
        "standards": [
            {
                "id": standard.id,
                "number": standard.number,
                "title": standard.title,
                "checks": [
                    {"id": check.id, "question": check.question, "practice": check.practice, "wording": check.wording}
                    for check in standard.checks
                ],
            }
            for standard in review.standards
        ],
        "triggers": list(review.triggers),
        "testCategories": [{"id": category.id, "label": category.label} for category in review.test_categories],
        "reportLimits": list(review.report_limits),
    }
