"""The kinds of item the guidance is made of, as frozen, typed objects."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date

from portal.model.review import Change, Review, Source
from portal.source import vocabulary
from portal.source.vocabulary import ALL_NATIONS


def nations_attribute(nations: tuple[str, ...]) -> str:
    """Nations as a page's data-nations attribute holds them, e.g. 'england wales' (read by nation.js)."""
    return " ".join(nations)


@dataclass(frozen=True)
class NationText:
    """Text that applies only in some UK nations, e.g. England's allegations route."""

    nations: tuple[str, ...]
    text: str

    @property
    def label(self) -> str:
        """The nations in words, e.g. 'England' or 'England and Wales'."""
        return vocabulary.nations_label(self.nations)

    @property
    def key(self) -> str:
        """The nations as the page's data-nations attribute holds them, e.g. 'england wales'."""
        return nations_attribute(self.nations)


@dataclass(frozen=True)
class Step:
    """One 'what to do' step: the same everywhere (`text`), or one variant per nation (`by_nation`)."""

    text: str | None = None
    by_nation: tuple[NationText, ...] = ()


@dataclass(frozen=True)
class SelfReviewLink:
    """How an audience's page points to the self-review: the view it opens and what the audience does there."""

    view: str  # "areas" or "governors"
    text: str


@dataclass(frozen=True)
class Audience:
    """A group of professionals or settings the guidance serves, with its 'start here' advice."""

    id: str
    order: int
    title: str
    summary: str
    focus: str
    start_with: tuple[str, ...]
    priority_risks: tuple[str, ...]
    review: Review
    search_terms: tuple[str, ...] = ()
    nations: tuple[str, ...] = ALL_NATIONS
    by_nation: tuple[NationText, ...] = ()
    self_review: SelfReviewLink | None = None


@dataclass(frozen=True)
class Contact:
    """Contact details of a resource; only confirmed ones are stored."""

    phone: str | None = None
    email: str | None = None
    hours: str | None = None
    report_url: str | None = None

    @property
    def phone_href(self) -> str | None:
        """The phone number as an international tel: link, e.g. tel:+443443814772."""
        if not self.phone:
            return None
        digits = self.phone.replace(" ", "")
        # Short codes (999, 111) dial as written; national numbers drop the trunk 0 after +44.
        return f"tel:+44{digits[1:]}" if digits.startswith("0") else f"tel:{digits}"


@dataclass(frozen=True)
class Resource:
    """A helpline, reporting route, tool, piece of guidance or organisation."""

    id: str
    title: str
    abbreviation: str | None
    publisher: str
    url: str
    kind: str
    summary: str
    contact: Contact | None
    cost: str
    cost_note: str | None
    audiences: tuple[str, ...]
    nations: tuple[str, ...]
    caveat: str | None
    review: Review
    search_terms: tuple[str, ...] = ()
    edition: str | None = None
    in_force_from: date | None = None
    # Nation → ids of what does the same job there, declared on either item (links go both ways).
    equivalents: tuple[tuple[str, tuple[str, ...]], ...] = ()
    no_equivalent: tuple[NationText, ...] = ()  # nations with nothing equivalent, and what to do there

    @property
    def is_uk_wide(self) -> bool:
        """True when it applies in all four nations."""
        return set(self.nations) == set(ALL_NATIONS)

    @property
    def nations_key(self) -> str:
        """The nations as the page's data-nations attribute holds them."""
        return nations_attribute(self.nations)

    @property
    def kind_label(self) -> str:
        """Human name of the kind, e.g. 'Helpline'."""
        return vocabulary.RESOURCE_KINDS[self.kind].label

    @property
    def nations_label(self) -> str:
        """'UK-wide' or the nations it covers, e.g. 'England and Wales'."""
        return vocabulary.nations_label(self.nations)

    @property
    def cost_label(self) -> str:
        """Human wording of the cost, e.g. 'Free'."""
        return vocabulary.COSTS[self.cost]

    @property
    def short_title(self) -> str:
        """The abbreviation if there is one, else the title."""
        return self.abbreviation or self.title


@dataclass(frozen=True)
class Level:
    """One of the four self-review levels of an area, with the actions that lead to the next."""

    statement: str
    improvements: tuple[str, ...]


@dataclass(frozen=True)
class GovernorQuestion:
    """What a governor or trustee asks to be assured about an area, and whom they ask."""

    id: str
    ask: str  # a key of vocabulary.GOVERNOR_ASK
    question: str

    @property
    def ask_heading(self) -> str:
        """The heading of the group the question is shown in, e.g. 'Ask your safeguarding lead'."""
        return vocabulary.GOVERNOR_ASK[self.ask]


@dataclass(frozen=True)
class Area:
    """One area a setting should consider under an objective."""

    id: str
    title: str
    covers: tuple[str, ...]
    guidance: str
    questions: tuple[str, ...]
    gaps: tuple[str, ...]
    risks: tuple[str, ...]
    resources: tuple[str, ...]
    audiences: tuple[str, ...] = ()
    levels: tuple[Level, ...] = ()
    by_nation: tuple[NationText, ...] = ()
    changes: tuple[Change, ...] = ()
    governor_questions: tuple[GovernorQuestion, ...] = ()

    @property
    def wording(self) -> str:
        """A short fingerprint of what a self-review answer responds to; it changes when the wording does."""
        text = json.dumps([self.title, [(level.statement, level.improvements) for level in self.levels]])
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class Objective:
    """One of the four PIES objectives."""

    id: str
    number: int
    title: str
    pies_letter: str
    pies_name: str
    aim: str
    summary: str
    areas: tuple[Area, ...]
    resources: tuple[str, ...]
    review: Review
    search_terms: tuple[str, ...] = ()


@dataclass(frozen=True)
class BriefingFact:
    """A fact or figure for a staff briefing, with the source that backs it (one of its risk's sources)."""

    text: str
    source: Source


@dataclass(frozen=True)
class Briefing:
    """The words a risk's seven-minute staff briefing needs beyond the risk's own fields."""

    background: str
    facts: tuple[BriefingFact, ...]
    remember: tuple[str, ...]
    questions: tuple[str, ...]


@dataclass(frozen=True)
class Risk:
    """An online risk area, with what to notice and what to do."""

    id: str
    title: str
    also_known_as: tuple[str, ...]
    categories: tuple[str, ...]
    summary: str
    description: str
    signs: tuple[str, ...]
    actions: tuple[Step, ...]
    audiences: tuple[str, ...]
    resources: tuple[str, ...]
    related: tuple[str, ...]
    briefing: Briefing
    review: Review
    search_terms: tuple[str, ...] = ()
    nations: tuple[str, ...] = ALL_NATIONS
    by_nation: tuple[NationText, ...] = ()

    @property
    def category_labels(self) -> tuple[str, ...]:
        """The 4 Cs names of the risk, e.g. ('Contact', 'Conduct')."""
        return tuple(vocabulary.FOUR_CS[c].label for c in self.categories)


@dataclass(frozen=True)
class Faq:
    """A frequently asked question with its answer."""

    id: str
    order: int
    question: str
    answer: str
    caveat: str | None
    objectives: tuple[str, ...]
    risks: tuple[str, ...]
    resources: tuple[str, ...]
    audiences: tuple[str, ...]
    review: Review
    nations: tuple[str, ...] = ALL_NATIONS
    by_nation: tuple[NationText, ...] = ()


@dataclass(frozen=True)
class Answer:
    """One answer to a guide's question, and the step it leads to."""

    label: str
    next: str


@dataclass(frozen=True)
class GuideStep:
    """A step of an incident guide: a question with answers, or an outcome with actions and contacts."""

    id: str
    question: str | None = None
    help: str | None = None
    answers: tuple[Answer, ...] = ()
    outcome: str | None = None
    actions: tuple[Step, ...] = ()
    contacts: tuple[str, ...] = ()
    based_on: tuple[str, ...] = ()
    more: tuple[Step, ...] = ()  # the detail behind the actions, shown folded
    when_to_use: tuple[tuple[str, str], ...] = ()  # (resource id, one line on when to use it here)

    @property
    def is_outcome(self) -> bool:
        """True for an outcome, False for a question."""
        return self.outcome is not None

    def use_of(self, resource_id: str) -> str | None:
        """The line on when to use a contact in this outcome, if the guide gives one."""
        return dict(self.when_to_use).get(resource_id)


@dataclass(frozen=True)
class Guide:
    """A step-by-step incident guide: a graph of questions leading to outcomes, validated by the loader."""

    id: str
    title: str
    summary: str
    start: str
    steps: tuple[GuideStep, ...]
    review: Review
    risks: tuple[str, ...] = ()
    nations: tuple[str, ...] = ALL_NATIONS
    search_terms: tuple[str, ...] = ()
    # Changes whenever the file's content does, so a printed record says which wording it followed.
    version: str = ""
    situation: str = ""  # what has happened, in the reader's words (the title when the data gives none)

    def step(self, step_id: str) -> GuideStep:
        """The step with this id; KeyError names it if there is none."""
        for step in self.steps:
            if step.id == step_id:
                return step
        raise KeyError(f"no step '{step_id}' in guide '{self.id}'")


@dataclass(frozen=True)
class Term:
    """A glossary term; abbreviations carry their expansion."""

    id: str
    term: str
    expansion: str | None
    definition: str
    sources: tuple[Source, ...]
    nations: tuple[str, ...] = ALL_NATIONS

    @property
    def nations_label(self) -> str:
        """'UK-wide' or where the term is used, e.g. 'England'."""
        return vocabulary.nations_label(self.nations)
