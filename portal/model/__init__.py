"""The guidance as frozen, typed objects built from validated data: importable from here.

May import `portal.source` and `portal.checks`. ARCHITECTURE.md describes each module.
"""

from portal.model.guidance import Collection, Guidance
from portal.model.items import (
    ALL_NATIONS,
    Answer,
    Area,
    Audience,
    Briefing,
    BriefingFact,
    Contact,
    Faq,
    GovernorQuestion,
    Guide,
    GuideStep,
    Level,
    NationText,
    Objective,
    Resource,
    Risk,
    SelfReviewLink,
    Step,
    Term,
    nations_attribute,
)
from portal.model.review import Change, Review, Source, add_months
from portal.model.site import Brand, Link, LocalContact, ShowOn, Site

__all__ = [
    "ALL_NATIONS",
    "Answer",
    "Area",
    "Audience",
    "Brand",
    "Briefing",
    "BriefingFact",
    "Change",
    "Collection",
    "Contact",
    "Faq",
    "GovernorQuestion",
    "Guidance",
    "Guide",
    "GuideStep",
    "Level",
    "Link",
    "LocalContact",
    "NationText",
    "Objective",
    "Resource",
    "Review",
    "Risk",
    "SelfReviewLink",
    "ShowOn",
    "Site",
    "Source",
    "Step",
    "Term",
    "add_months",
    "nations_attribute",
]
