"""A hosted copy's choices applied to the model: upstream items it hides, and every link to them."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from portal.model import Collection, Guidance, ShowOn


def hide_items(guidance: Guidance, hide: dict[str, Any]) -> Guidance:
    """The guidance without the hidden items, and without references to them from anything that remains."""
    if not any(hide.get(key) for key in ("risks", "resources", "faqs", "audiences")):
        return guidance
    gone = {key: set(hide.get(key) or ()) for key in ("risks", "resources", "faqs", "audiences")}

    def keep(ids: tuple[str, ...], collection: str) -> tuple[str, ...]:
        return tuple(item_id for item_id in ids if item_id not in gone[collection])

    risks = tuple(
        replace(
            r,
            resources=keep(r.resources, "resources"),
            related=keep(r.related, "risks"),
            audiences=keep(r.audiences, "audiences"),
        )
        for r in guidance.risks
        if r.id not in gone["risks"]
    )
    resources = tuple(
        replace(r, audiences=keep(r.audiences, "audiences"))
        for r in guidance.resources
        if r.id not in gone["resources"]
    )
    faqs = tuple(
        replace(
            f,
            risks=keep(f.risks, "risks"),
            resources=keep(f.resources, "resources"),
            audiences=keep(f.audiences, "audiences"),
        )
        for f in guidance.faqs
        if f.id not in gone["faqs"]
    )
    audiences = tuple(
        replace(a, start_with=keep(a.start_with, "resources"), priority_risks=keep(a.priority_risks, "risks"))
        for a in guidance.audiences
        if a.id not in gone["audiences"]
    )
    objectives = tuple(
        replace(
            o,
            resources=keep(o.resources, "resources"),
            areas=tuple(
                replace(
                    a,
                    risks=keep(a.risks, "risks"),
                    resources=keep(a.resources, "resources"),
                    audiences=keep(a.audiences, "audiences"),
                )
                for a in o.areas
            ),
        )
        for o in guidance.objectives
    )
    # A hidden contact leaves the outcome; a hosted copy lists its own in the local profile's contacts.
    guides = tuple(
        replace(
            g,
            risks=keep(g.risks, "risks"),
            steps=tuple(replace(step, contacts=keep(step.contacts, "resources")) for step in g.steps),
        )
        for g in guidance.guides
    )
    contacts = tuple(
        replace(
            c,
            show_on=ShowOn(
                keep(c.show_on.risks, "risks"), keep(c.show_on.faqs, "faqs"), keep(c.show_on.audiences, "audiences")
            ),
        )
        for c in guidance.site.contacts
    )
    return replace(
        guidance,
        site=replace(guidance.site, contacts=contacts),
        objectives=Collection(objectives),
        risks=Collection(risks),
        resources=Collection(resources),
        faqs=Collection(faqs),
        audiences=Collection(audiences),
        guides=Collection(guides),
    )
