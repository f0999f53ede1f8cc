"""The guidance as frozen, typed objects, with named queries."""

from __future__ import annotations

import calendar
import hashlib
import json
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import Any, Generic, TypeVar

from portal import vocabulary
from portal.colours import Brand
from portal.data_urls import UrlUse


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


ALL_NATIONS: tuple[str, ...] = tuple(vocabulary.NATIONS)


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

    @property
    def is_outcome(self) -> bool:
        """True for an outcome, False for a question."""
        return self.outcome is not None


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


@dataclass(frozen=True)
class ShowOn:
    """The pages a local contact is shown on, by the ids of their items."""

    risks: tuple[str, ...] = ()
    faqs: tuple[str, ...] = ()
    audiences: tuple[str, ...] = ()


@dataclass(frozen=True)
class LocalContact:
    """A contact the hosting organisation adds, e.g. its LADO or front door, and where it is shown."""

    name: str
    role: str
    phone: str | None = None
    email: str | None = None
    hours: str | None = None
    url: str | None = None
    help_box: bool = True
    show_on: ShowOn = ShowOn()

    def shown_on(self, collection: str, item_id: str) -> bool:
        """True when this contact belongs on the page of that item, e.g. ('risks', 'grooming')."""
        ids: tuple[str, ...] = getattr(self.show_on, collection)
        return item_id in ids

    @property
    def phone_href(self) -> str | None:
        """The phone number as a tel: link."""
        return Contact(phone=self.phone).phone_href


@dataclass(frozen=True)
class Link:
    """A titled link."""

    title: str
    url: str


@dataclass(frozen=True)
class Site:
    """The organisation profile: who publishes this copy and whom to call."""

    name: str
    description: str
    organisation: Link
    repository_url: str
    repository_branch: str
    help_resource: str
    emergency: str
    contacts: tuple[LocalContact, ...]
    links: tuple[Link, ...]
    short_name: str | None = None
    url: str | None = None
    logo: str | None = None
    favicon: str | None = None
    brand: Brand = Brand()
    local_pages_title: str = "Local information"
    default_nation: str | None = None  # the nation pages open on until a reader chooses
    logo_file: str | None = None  # absolute path of the logo file named by `logo`
    favicon_file: str | None = None  # likewise for `favicon`
    # In a hosted copy: where its own files are (e.g. 'local/'), and the upstream repository that
    # owns every other file, so that corrections to shared content are suggested upstream.
    local_prefix: str | None = None
    upstream_repository: tuple[str, str] | None = None  # (url, branch)

    def contacts_for(self, collection: str, item_id: str) -> tuple[LocalContact, ...]:
        """Local contacts to show on the page of an item."""
        return tuple(contact for contact in self.contacts if contact.shown_on(collection, item_id))

    @property
    def help_contacts(self) -> tuple[LocalContact, ...]:
        """Local contacts for the 'get help now' box."""
        return tuple(contact for contact in self.contacts if contact.help_box)

    def edit_url(self, data_file: str) -> str:
        """Address where `data_file` (relative to the repository root) can be edited: upstream unless it is local."""
        url, branch = self.repository_url, self.repository_branch
        if self.upstream_repository and self.local_prefix and not data_file.startswith(self.local_prefix):
            url, branch = self.upstream_repository
        return f"{url.rstrip('/')}/edit/{branch}/{data_file}"


T = TypeVar("T")


@dataclass(frozen=True)
class Collection(Generic[T]):
    """Items of one kind, in display order, found by id."""

    items: tuple[T, ...]
    _by_id: dict[str, T] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", {item.id: item for item in self.items})  # type: ignore[attr-defined]

    def __iter__(self) -> Iterator[T]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def __contains__(self, item_id: object) -> bool:
        return item_id in self._by_id

    def get(self, item_id: str) -> T:
        """The item with this id; KeyError names the id if there is none."""
        try:
            return self._by_id[item_id]
        except KeyError:
            raise KeyError(f"no item with id '{item_id}'") from None

    def pick(self, ids: tuple[str, ...]) -> tuple[T, ...]:
        """The items with these ids, in the order given."""
        return tuple(self.get(item_id) for item_id in ids)


@dataclass(frozen=True)
class Guidance:
    """All the content, validated and cross-referenced."""

    site: Site
    objectives: Collection[Objective]
    risks: Collection[Risk]
    resources: Collection[Resource]
    faqs: Collection[Faq]
    audiences: Collection[Audience]
    glossary: Collection[Term]
    glossary_review: Review
    url_uses: tuple[UrlUse, ...] = ()
    guides: Collection[Guide] = field(default_factory=lambda: Collection(()))

    @property
    def help_resource(self) -> Resource:
        """The helpline shown in every page's 'get help' box."""
        return self.resources.get(self.site.help_resource)

    def resources_by_kind(
        self, only: tuple[Resource, ...] | None = None
    ) -> list[tuple[vocabulary.Kind, tuple[Resource, ...]]]:
        """Resources (all, or `only` these) grouped under their kind, in the vocabulary's order, empty kinds left out.

        Within a kind, the site's own helpline comes first, then the rest in display order.
        """
        chosen = self.resources.items if only is None else only
        ordered = sorted(chosen, key=lambda r: r.id != self.site.help_resource)
        by_kind: dict[str, list[Resource]] = {}
        for resource in ordered:
            by_kind.setdefault(resource.kind, []).append(resource)
        return [(kind, tuple(by_kind[k])) for k, kind in vocabulary.RESOURCE_KINDS.items() if k in by_kind]

    def risks_by_category(self) -> list[tuple[vocabulary.Kind, tuple[Risk, ...]]]:
        """Risks grouped by their main 4 Cs category, in the order content, contact, conduct, commerce."""
        groups = []
        for category_id, category in vocabulary.FOUR_CS.items():
            members = tuple(r for r in self.risks if r.categories[0] == category_id)
            if members:
                groups.append((category, members))
        return groups

    def common_risks(self, limit: int) -> tuple[Risk, ...]:
        """Every risk when there are at most `limit`; else the `limit` most audiences name as priorities."""
        if len(self.risks) <= limit:
            return self.risks.items
        named = Counter(risk_id for audience in self.audiences for risk_id in audience.priority_risks)
        chosen = {r.id for r in sorted(self.risks, key=lambda r: -named[r.id])[:limit]}  # stable: ties keep order
        return tuple(r for r in self.risks if r.id in chosen)

    def audience_titles(self, audience_ids: tuple[str, ...]) -> str:
        """'All settings' when every audience is named, else their titles, e.g. 'Schools, Colleges'."""
        if set(audience_ids) >= {a.id for a in self.audiences}:
            return "All settings"
        return ", ".join(a.title for a in self.audiences.pick(audience_ids))

    # Items by the ids they point at, built once: pages ask these for every item, and scanning
    # every collection each time made page generation grow with the square of the content.
    @cached_property
    def _index(self) -> dict[tuple[str, str], tuple[Any, ...]]:
        found: dict[tuple[str, str], list[Any]] = {}
        for risk in self.risks:
            for audience_id in risk.audiences:
                found.setdefault(("risks-for", audience_id), []).append(risk)
        for faq in self.faqs:
            for key, ids in (("faqs-for", faq.audiences), ("faqs-about", faq.risks), ("faqs-on", faq.objectives)):
                for item_id in ids:
                    found.setdefault((key, item_id), []).append(faq)
        for resource in self.resources:
            for audience_id in resource.audiences:
                found.setdefault(("resources-for", audience_id), []).append(resource)
        for guide in self.guides:
            for risk_id in guide.risks:
                found.setdefault(("guides-for", risk_id), []).append(guide)
        for objective in self.objectives:
            for area in objective.areas:
                for risk_id in area.risks:
                    found.setdefault(("areas-mentioning", risk_id), []).append((objective, area))
        return {key: tuple(items) for key, items in found.items()}

    def risks_for_audience(self, audience_id: str) -> tuple[Risk, ...]:
        """Risks that concern the audience: its priority risks first, in its order, then the rest in display order."""
        audience = self.audiences.get(audience_id)
        first = self.risks.pick(audience.priority_risks)
        chosen = {r.id for r in first}
        return first + tuple(r for r in self._index.get(("risks-for", audience_id), ()) if r.id not in chosen)

    def faqs_for_audience(self, audience_id: str) -> tuple[Faq, ...]:
        """FAQs tagged with the audience."""
        return self._index.get(("faqs-for", audience_id), ())

    def resources_for_audience(self, audience_id: str) -> tuple[Resource, ...]:
        """Resources that serve the given audience."""
        return self._index.get(("resources-for", audience_id), ())

    def areas_mentioning_risk(self, risk_id: str) -> tuple[tuple[Objective, Area], ...]:
        """Objective areas that point at a risk, for 'where this fits' links."""
        return self._index.get(("areas-mentioning", risk_id), ())

    def guides_for_risk(self, risk_id: str) -> tuple[Guide, ...]:
        """Step-by-step guides for incidents of this risk."""
        return self._index.get(("guides-for", risk_id), ())

    def faqs_about_risk(self, risk_id: str) -> tuple[Faq, ...]:
        """FAQs linked to a risk."""
        return self._index.get(("faqs-about", risk_id), ())

    def faqs_about_objective(self, objective_id: str) -> tuple[Faq, ...]:
        """FAQs linked to an objective."""
        return self._index.get(("faqs-on", objective_id), ())

    def abbreviations(self) -> dict[str, str]:
        """Abbreviation → expansion, for explaining abbreviations wherever they appear."""
        found = {t.term: t.expansion for t in self.glossary if t.expansion}
        found.update(
            {r.abbreviation: r.title for r in self.resources if r.abbreviation and r.abbreviation not in found}
        )
        return found
