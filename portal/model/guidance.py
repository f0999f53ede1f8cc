"""All the content in one object, with the queries pages ask of it."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Generic, TypeVar

from portal.checks.data_urls import UrlUse
from portal.model.filtering_review import FilteringReview
from portal.model.items import Area, Audience, Faq, Guide, Objective, Resource, Risk, Term
from portal.model.review import Review
from portal.model.site import Site
from portal.source import vocabulary

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
    # Editions of the filtering and monitoring review, the most recently reviewed first.
    filtering_reviews: Collection[FilteringReview] = field(default_factory=lambda: Collection(()))

    @property
    def filtering_review(self) -> FilteringReview | None:
        """The edition the review's page uses: the one reviewed most recently, if there is one."""
        return self.filtering_reviews.items[0] if self.filtering_reviews.items else None

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

    def guides_for_audience(self, audience_id: str) -> tuple[Guide, ...]:
        """Guides for incidents of the risks that concern an audience, those about its priority risks first."""
        priority = set(self.audiences.get(audience_id).priority_risks)
        concerned = {risk.id for risk in self.risks_for_audience(audience_id)}
        fitting = [guide for guide in self.guides if concerned.intersection(guide.risks)]
        return tuple(sorted(fitting, key=lambda guide: not priority.intersection(guide.risks)))  # stable

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
