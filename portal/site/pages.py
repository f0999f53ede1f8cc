"""Pages generated from the data: one per objective, risk area and audience."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from portal.checks.guides import LOCAL_FINDERS
from portal.model import Guidance, Resource, Review, Risk
from portal.model.addresses import AUDIENCE_PAGE, BRIEFING_PAGE, BRIEFING_TEXT, GUIDE_PAGE, OBJECTIVE_PAGE, RISK_PAGE
from portal.site.rendering import PageRenderer
from portal.source import vocabulary

# A briefing lists the first signs only (the risk page has them all), and as "the law and guidance that apply"
# the risk's resources of these kinds.
BRIEFING_SIGNS = 4
BRIEFING_ACTIONS = 7  # the risk's first actions, most urgent first; the page links the rest
BRIEFING_HELPLINES = 3  # the site's helpline for staff, then the risk's own helplines
BRIEFING_GUIDANCE_KINDS = ("legislation", "statutory-guidance", "guidance")
BRIEFING_GUIDANCE_SHOWN = 2  # per nation: the risk lists them in order of importance


@dataclass(frozen=True)
class NationResources:
    """The resources a briefing lists for one UK nation."""

    nation: str
    name: str
    resources: tuple[Resource, ...]


@dataclass(frozen=True)
class BriefingChoices:
    """What a briefing picks from the data: the same on its page and in its plain-text version."""

    law: tuple[NationResources, ...]  # every nation, in order; an empty one says to follow local procedures
    helplines: tuple[Resource, ...]  # the site's helpline for staff first
    finders: tuple[NationResources, ...]  # the nations with a way to find the local team


def briefing_choices(guidance: Guidance, risk: Risk) -> BriefingChoices:
    """The law and guidance per nation, the helplines and each nation's finders a risk's briefing lists."""
    own = guidance.resources.pick(risk.resources)
    listed = [r for r in own if r.kind in BRIEFING_GUIDANCE_KINDS]
    law = tuple(
        NationResources(nation, name, tuple([r for r in listed if nation in r.nations][:BRIEFING_GUIDANCE_SHOWN]))
        for nation, name in vocabulary.NATIONS.items()
    )
    helplines = [r for r in own if r.kind == "helpline" and r != guidance.help_resource]
    ids = tuple(finder for finders in LOCAL_FINDERS.values() for finder in finders if finder in guidance.resources)
    finders = guidance.resources.pick(ids)
    by_nation = (
        NationResources(nation, name, tuple(r for r in finders if nation in r.nations))
        for nation, name in vocabulary.NATIONS.items()
    )
    return BriefingChoices(
        law=law,
        helplines=(guidance.help_resource, *helplines[: BRIEFING_HELPLINES - 1]),
        finders=tuple(entry for entry in by_nation if entry.resources),
    )


@dataclass(frozen=True)
class GeneratedPage:
    """A page that exists only because an item exists in the data."""

    src_uri: str
    title: str
    markdown: str
    review: Review


def generated_pages(guidance: Guidance) -> list[GeneratedPage]:
    """Every generated page: objectives, then risk areas, then audiences' start pages."""
    pages = []
    for objective in guidance.objectives:
        src = OBJECTIVE_PAGE.format(id=objective.id)
        # Area names and the topics they cover are what people search for; tags weigh most in search.
        tags = [a.title for a in objective.areas] + [c for a in objective.areas for c in a.covers]
        tags += objective.search_terms
        text = PageRenderer(guidance, src).render("objective.md.j2", objective=objective, objective_tags=tags)
        pages.append(GeneratedPage(src, objective.title, text, objective.review))
    for risk in guidance.risks:
        src = RISK_PAGE.format(id=risk.id)
        text = PageRenderer(guidance, src).render("risk.md.j2", risk=risk)
        pages.append(GeneratedPage(src, risk.title, text, risk.review))
    for audience in guidance.audiences:
        src = AUDIENCE_PAGE.format(id=audience.id)
        text = PageRenderer(guidance, src).render("audience.md.j2", audience=audience)
        pages.append(GeneratedPage(src, audience.title, text, audience.review))
    for guide in guidance.guides:
        src = GUIDE_PAGE.format(id=guide.id)
        text = PageRenderer(guidance, src).render("guide.md.j2", guide=guide)
        pages.append(GeneratedPage(src, guide.title, text, guide.review))
    for risk in guidance.risks:
        src = BRIEFING_PAGE.format(id=risk.id)
        renderer = PageRenderer(guidance, src)
        text = renderer.render(
            "briefing.md.j2",
            risk=risk,
            text_link=renderer.link(BRIEFING_TEXT.format(id=risk.id)),
            signs_shown=BRIEFING_SIGNS,
            actions_shown=BRIEFING_ACTIONS,
            chosen=briefing_choices(guidance, risk),
        )
        pages.append(GeneratedPage(src, risk.title, text, risk.review))
    return pages


def nav_entries(pages: list[GeneratedPage], folder: str) -> list[dict[str, Any]]:
    """Navigation entries for the generated pages under `folder`, in page order."""
    return [{page.title: page.src_uri} for page in pages if page.src_uri.startswith(folder + "/")]
