"""Every item with its own review, with the page that shows it: the one list review dates and change notes share."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from portal.model import Area, Guidance, Review
from portal.model.addresses import (
    AUDIENCE_PAGE,
    FAQS_PAGE,
    FILTERING_REVIEW_PAGE,
    GLOSSARY_PAGE,
    GUIDE_PAGE,
    OBJECTIVE_PAGE,
    RESOURCES_PAGE,
    RISK_PAGE,
)


@dataclass(frozen=True)
class ReviewedItem:
    """One reviewable item: its kind, title, review, page (with an anchor where it is one of many) and parts."""

    kind: str
    title: str
    review: Review
    page: str
    topic: str | None = None  # a resource's kind, e.g. statutory-guidance
    areas: tuple[Area, ...] = ()  # an objective's areas, which carry change notes of their own


def reviewed_items(guidance: Guidance) -> Iterator[ReviewedItem]:
    """Every item with its own review date, in the data's order, kind by kind."""
    for objective in guidance.objectives:
        page = OBJECTIVE_PAGE.format(id=objective.id)
        yield ReviewedItem("objective", objective.title, objective.review, page, areas=objective.areas)
    for risk in guidance.risks:
        yield ReviewedItem("risk area", risk.title, risk.review, RISK_PAGE.format(id=risk.id))
    for guide in guidance.guides:
        yield ReviewedItem("step-by-step guide", guide.title, guide.review, GUIDE_PAGE.format(id=guide.id))
    for resource in guidance.resources:
        page = f"{RESOURCES_PAGE}#{resource.id}"
        yield ReviewedItem("resource", resource.title, resource.review, page, topic=resource.kind)
    for faq in guidance.faqs:
        yield ReviewedItem("FAQ", faq.question, faq.review, f"{FAQS_PAGE}#{faq.id}")
    for audience in guidance.audiences:
        yield ReviewedItem("audience", audience.title, audience.review, AUDIENCE_PAGE.format(id=audience.id))
    yield ReviewedItem("glossary", "Glossary", guidance.glossary_review, GLOSSARY_PAGE)
    for edition in guidance.filtering_reviews:
        yield ReviewedItem(
            "review edition", f"{edition.title} ({edition.edition})", edition.review, FILTERING_REVIEW_PAGE
        )
