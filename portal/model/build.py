"""Validated documents made into the frozen model: one function per kind of item."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from portal.checks import nations
from portal.checks.data_urls import UrlUse
from portal.checks.reserved_ids import term_anchor
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
)
from portal.model.review import Change, Review, Source
from portal.model.site import Brand, Link, LocalContact, OutOfHoursRoute, ShowOn, Site
from portal.source.yaml_document import YamlDocument


def review_from(data: dict[str, Any], display: str) -> Review:
    """The review fields (sources, reviewed, interval, owner) of validated data from file `display`."""
    return Review(
        sources=tuple(Source(s["title"], s["url"]) for s in data.get("sources", ())),
        reviewed=date.fromisoformat(data["reviewed"]),
        interval_months=data["review_interval_months"],
        data_file=display,
        owner=data.get("owner"),
        changes=changes_from(data),
    )


def changes_from(data: dict[str, Any]) -> tuple[Change, ...]:
    """The change notes of validated data, newest first as written."""
    return tuple(
        Change(date.fromisoformat(c["date"]), c["note"], bool(c.get("typo", False))) for c in data.get("changes", ())
    )


def _variants(entries: list[dict[str, Any]] | None) -> tuple[NationText, ...]:
    """The by_nation entries of an item or step, each with its nations in the vocabulary's order."""
    return tuple(NationText(nations.item_nations(e), e["text"]) for e in entries or ())


def _step(entry: str | dict[str, Any]) -> Step:
    return Step(text=entry) if isinstance(entry, str) else Step(by_nation=_variants(entry["by_nation"]))


def _objective(doc: YamlDocument) -> Objective:
    d = doc.data
    areas = tuple(
        Area(
            id=a["id"],
            title=a["title"],
            covers=tuple(a.get("covers", ())),
            guidance=a["guidance"],
            questions=tuple(a["questions"]),
            gaps=tuple(a["gaps"]),
            risks=tuple(a.get("risks", ())),
            resources=tuple(a.get("resources", ())),
            audiences=tuple(a.get("audiences", ())),
            levels=tuple(Level(level["statement"], tuple(level["improvements"])) for level in a["levels"]),
            by_nation=_variants(a.get("by_nation")),
            changes=changes_from(a),
            governor_questions=tuple(
                GovernorQuestion(q["id"], q["ask"], q["question"]) for q in a.get("governor_questions", ())
            ),
        )
        for a in d["areas"]
    )
    return Objective(
        id=d["id"],
        number=d["number"],
        title=d["title"],
        pies_letter=d["pies"]["letter"],
        pies_name=d["pies"]["name"],
        aim=d["aim"],
        summary=d["summary"],
        areas=areas,
        resources=tuple(d.get("resources", ())),
        review=review_from(d, doc.display),
        search_terms=tuple(d.get("search_terms", ())),
    )


def _risk(doc: YamlDocument) -> Risk:
    d = doc.data
    review = review_from(d, doc.display)
    return Risk(
        id=d["id"],
        title=d["title"],
        also_known_as=tuple(d["also_known_as"]),
        categories=tuple(d["categories"]),
        summary=d["summary"],
        description=d["description"],
        signs=tuple(d.get("signs", ())),
        actions=tuple(_step(entry) for entry in d.get("actions", ())),
        audiences=tuple(d["audiences"]),
        resources=tuple(d.get("resources", ())),
        related=tuple(d.get("related", ())),
        briefing=_briefing(d["briefing"], review.sources),
        review=review,
        search_terms=tuple(d.get("search_terms", ())),
        nations=nations.item_nations(d),
        by_nation=_variants(d.get("by_nation")),
    )


def _briefing(d: dict[str, Any], sources: tuple[Source, ...]) -> Briefing:
    by_url = {source.url: source for source in sources}  # the checks found each fact's source among them
    return Briefing(
        background=d["background"],
        facts=tuple(BriefingFact(fact["text"], by_url[fact["source"]]) for fact in d["facts"]),
        remember=tuple(d["remember"]),
        questions=tuple(d["questions"]),
    )


def _resource(doc: YamlDocument, equivalents: dict[str, dict[str, list[str]]]) -> Resource:
    d = doc.data
    contact = Contact(**d["contact"]) if d.get("contact") else None
    return Resource(
        id=d["id"],
        title=d["title"],
        abbreviation=d.get("abbreviation"),
        publisher=d["publisher"],
        url=d["url"],
        kind=d["kind"],
        summary=d["summary"],
        contact=contact,
        cost=d["cost"],
        cost_note=d.get("cost_note"),
        audiences=tuple(d["audiences"]),
        nations=nations.item_nations(d),
        caveat=d.get("caveat"),
        review=review_from(d, doc.display),
        search_terms=tuple(d.get("search_terms", ())),
        edition=d.get("edition"),
        in_force_from=date.fromisoformat(d["in_force_from"]) if d.get("in_force_from") else None,
        equivalents=tuple(
            (nation, tuple(ids)) for nation in ALL_NATIONS if (ids := equivalents.get(d["id"], {}).get(nation))
        ),
        no_equivalent=tuple(
            NationText((nation,), text)
            for nation in ALL_NATIONS
            if (text := (d.get("no_equivalent") or {}).get(nation))
        ),
    )


def _faq(doc: YamlDocument) -> Faq:
    d = doc.data
    return Faq(
        id=d["id"],
        order=d.get("order", 1000),
        question=d["question"],
        answer=d["answer"],
        caveat=d.get("caveat"),
        objectives=tuple(d.get("objectives", ())),
        risks=tuple(d.get("risks", ())),
        resources=tuple(d.get("resources", ())),
        audiences=tuple(d.get("audiences", ())),
        review=review_from(d, doc.display),
        nations=nations.item_nations(d),
        by_nation=_variants(d.get("by_nation")),
    )


def _guide(doc: YamlDocument) -> Guide:
    d = doc.data
    steps = tuple(
        GuideStep(
            id=s["id"],
            question=s.get("question"),
            help=s.get("help"),
            answers=tuple(Answer(a["label"], a["next"]) for a in s.get("answers", ())),
            outcome=s.get("outcome"),
            actions=tuple(_step(entry) for entry in s.get("actions", ())),
            contacts=tuple(s.get("contacts", ())),
            based_on=tuple(s.get("based_on", ())),
            more=tuple(_step(entry) for entry in s.get("more", ())),
            when_to_use=tuple((s.get("when_to_use") or {}).items()),
        )
        for s in d["steps"]
    )
    return Guide(
        id=d["id"],
        title=d["title"],
        summary=d["summary"],
        start=d["start"],
        steps=steps,
        review=review_from(d, doc.display),
        risks=tuple(d.get("risks", ())),
        nations=nations.item_nations(d),
        search_terms=tuple(d.get("search_terms", ())),
        version=_content_version(d),
        situation=d.get("situation") or d["title"],
    )


def _content_version(data: dict[str, Any]) -> str:
    """A short fingerprint of an item's validated content: the same content always gives the same value."""
    canonical = json.dumps(data, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:8]


def _audience(doc: YamlDocument) -> Audience:
    d = doc.data
    return Audience(
        id=d["id"],
        order=d.get("order", 1000),
        title=d["title"],
        summary=d["summary"],
        focus=d["focus"],
        start_with=tuple(d["start_with"]),
        priority_risks=tuple(d["priority_risks"]),
        review=review_from(d, doc.display),
        search_terms=tuple(d.get("search_terms", ())),
        nations=nations.item_nations(d),
        by_nation=_variants(d.get("by_nation")),
        self_review=SelfReviewLink(d["self_review"]["view"], d["self_review"]["text"]) if "self_review" in d else None,
    )


@dataclass(frozen=True)
class Overlay:
    """Where a hosted copy's local folder is, and the upstream repository its other files belong to."""

    prefix: str  # as files are named in messages and edit links, e.g. 'local/'
    upstream_repository: dict[str, str]


def _site(doc: YamlDocument, overlay: Overlay | None, images: dict[str, str]) -> Site:
    d = doc.data
    contacts = tuple(
        LocalContact(
            **{k: v for k, v in c.items() if k != "show_on"},
            show_on=ShowOn(**{key: tuple(ids) for key, ids in (c.get("show_on") or {}).items()}),
        )
        for c in d.get("contacts", ())
    )
    colours = {key: value.lower() for key, value in (d.get("colours") or {}).items()}
    return Site(
        name=d["name"],
        description=d["description"],
        organisation=Link(d["organisation"]["name"], d["organisation"]["url"]),
        repository_url=d["repository"]["url"],
        repository_branch=d["repository"]["branch"],
        help_resource=d["help"]["resource"],
        emergency=d["help"]["emergency"],
        contacts=contacts,
        links=tuple(Link(link["title"], link["url"]) for link in d.get("links", ())),
        short_name=d.get("short_name"),
        url=d.get("url"),
        logo=d.get("logo"),
        favicon=d.get("favicon"),
        brand=Brand(**colours),
        local_pages_title=d.get("local_pages_title", "Local information"),
        default_nation=d.get("default_nation"),
        out_of_hours=tuple(
            OutOfHoursRoute(route["label"], tuple(route["resources"])) for route in d["help"].get("out_of_hours", ())
        ),
        logo_file=images.get("logo"),
        favicon_file=images.get("favicon"),
        local_prefix=overlay.prefix if overlay else None,
        upstream_repository=(
            (overlay.upstream_repository["url"], overlay.upstream_repository["branch"]) if overlay else None
        ),
    )


def build_guidance(
    folders: dict[str, list[YamlDocument]],
    singles: dict[str, YamlDocument],
    uses: tuple[UrlUse, ...],
    overlay: Overlay | None,
    images: dict[str, str],
    equivalents: dict[str, dict[str, list[str]]],
) -> Guidance:
    """The model of validated documents: every collection in its display order."""
    glossary_doc = singles["glossary.yml"]
    terms = sorted(glossary_doc.data["terms"], key=lambda t: t["term"].casefold())
    return Guidance(
        site=_site(singles["site.yml"], overlay, images),
        objectives=Collection(tuple(sorted((_objective(d) for d in folders["objectives"]), key=lambda o: o.number))),
        risks=Collection(tuple(sorted((_risk(d) for d in folders["risks"]), key=lambda r: r.title.casefold()))),
        resources=Collection(
            tuple(
                sorted(
                    (_resource(d, equivalents) for d in folders["resources"]),
                    key=lambda r: r.title.casefold(),
                )
            )
        ),
        faqs=Collection(tuple(sorted((_faq(d) for d in folders["faqs"]), key=lambda f: (f.order, f.question)))),
        audiences=Collection(
            tuple(sorted((_audience(d) for d in folders["audiences"]), key=lambda a: (a.order, a.title.casefold())))
        ),
        glossary=Collection(
            tuple(
                Term(
                    term_anchor(t["term"]),
                    t["term"],
                    t.get("expansion"),
                    t["definition"],
                    tuple(Source(s["title"], s["url"]) for s in t["sources"]),
                    nations.item_nations(t),
                )
                for t in terms
            )
        ),
        glossary_review=review_from(glossary_doc.data, glossary_doc.display),
        url_uses=uses,
        guides=Collection(tuple(sorted((_guide(d) for d in folders["guides"]), key=lambda g: g.title.casefold()))),
    )
