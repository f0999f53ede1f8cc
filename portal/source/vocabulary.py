"""Fixed vocabularies of the data: display names for enum values the schemas allow."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Kind:
    """One value of a fixed vocabulary with its display wording."""

    id: str
    label: str
    heading: str
    description: str


def _index(*kinds: Kind) -> dict[str, Kind]:
    return {kind.id: kind for kind in kinds}


# Order here is display order on the resources page: urgent help first.
RESOURCE_KINDS = _index(
    Kind(
        "helpline",
        "Helpline",
        "Helplines",
        "Talk to someone: advice for professionals and for children and young people.",
    ),
    Kind(
        "reporting", "Reporting route", "Reporting routes", "Where to report abuse, illegal images and harmful content."
    ),
    Kind(
        "self-review",
        "Self-review tool",
        "Self-review tools",
        "Review your setting's online safety policy and practice.",
    ),
    Kind(
        "statutory-guidance",
        "Statutory guidance",
        "Statutory guidance",
        "Guidance settings must have regard to, by nation.",
    ),
    Kind("guidance", "Guidance and advice", "Guidance and advice", "Non-statutory advice and frameworks."),
    Kind(
        "legislation",
        "Legislation and codes",
        "Legislation and codes",
        "Laws and statutory codes that shape online safety.",
    ),
    Kind(
        "education",
        "Education and training",
        "Education and training",
        "Teaching resources, awareness programmes and training for staff.",
    ),
    Kind("organisation", "Organisation", "Organisations", "Organisations that support settings and professionals."),
)

# The 4 Cs of online risk, as named in Keeping Children Safe in Education.
FOUR_CS = _index(
    Kind("content", "Content", "Content", "Being exposed to illegal, inappropriate or harmful content."),
    Kind("contact", "Contact", "Contact", "Being subjected to harmful online interaction with other users."),
    Kind("conduct", "Conduct", "Conduct", "Online behaviour that increases the likelihood of, or causes, harm."),
    Kind(
        "commerce",
        "Commerce",
        "Commerce",
        "Risks such as online gambling, inappropriate advertising, phishing or scams.",
    ),
)

NATIONS = {
    "england": "England",
    "wales": "Wales",
    "scotland": "Scotland",
    "northern-ireland": "Northern Ireland",
}
ALL_NATIONS: tuple[str, ...] = tuple(NATIONS)  # in this order wherever nations are listed


@dataclass(frozen=True)
class NationalTerm:
    """A name one nation gives a role or service (England's 'LADO'), and the word shared text uses instead."""

    pattern: str  # a regular expression matching the name and its plural
    nation: str
    neutral: str
    case_sensitive: bool = False


# Shared text (for every nation) uses the neutral words; each nation's own names go in that nation's block.
NATIONAL_TERMS = (
    NationalTerm(r"designated safeguarding leads?", "england", "your safeguarding lead"),
    NationalTerm(r"DSLs?", "england", "your safeguarding lead", case_sensitive=True),
    NationalTerm(r"local authority designated officers?", "england", "whoever handles concerns about staff"),
    NationalTerm(r"LADOs?", "england", "whoever handles concerns about staff", case_sensitive=True),
    NationalTerm(r"children[’']s social care", "england", "children's services or social work"),
    NationalTerm(r"MASH(?:es)?", "england", "children's services or social work", case_sensitive=True),
    NationalTerm(r"multi-agency safeguarding hubs?", "england", "children's services or social work"),
    NationalTerm(r"designated safeguarding persons?", "wales", "your safeguarding lead"),
    NationalTerm(r"DSPs?", "wales", "your safeguarding lead", case_sensitive=True),
    NationalTerm(r"Gateway (?:team|service)s?", "northern-ireland", "children's services or social work"),
)

# The four self-review levels, lowest first; every area describes what each looks like for it.
REVIEW_LEVELS = ("Not yet in place", "Getting started", "In place", "Embedded and reviewed")
# Whom a governor or trustee asks each of the self-review's questions for governors (an area's
# governor_questions[].ask), in the order the groups are shown, with each group's heading.
GOVERNOR_ASK = {
    "safeguarding-lead": "Ask your safeguarding lead",
    "it-support": "Ask your IT support or provider",
}

COSTS = {
    "free": "Free",
    "paid": "Paid",
    "free-and-paid": "Free, with paid options",
    "unconfirmed": "Cost: see their website",
}


def nations_label(nations: tuple[str, ...]) -> str:
    """'UK-wide' when all four nations apply, else e.g. 'England and Wales'."""
    if set(nations) == set(NATIONS):
        return "UK-wide"
    names = [NATIONS[n] for n in NATIONS if n in nations]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
