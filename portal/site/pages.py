"""Pages generated from the data: one per objective, risk area and audience."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from portal.checks.guides import LOCAL_FINDERS
from portal.model import Guidance, Review
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
            helplines_shown=BRIEFING_HELPLINES,
            guidance_kinds=BRIEFING_GUIDANCE_KINDS,
            guidance_shown=BRIEFING_GUIDANCE_SHOWN,
            finders=[finder for finders in LOCAL_FINDERS.values() for finder in finders],
            nations=vocabulary.NATIONS,
        )
        pages.append(GeneratedPage(src, risk.title, text, risk.review))
    return pages


def nav_entries(pages: list[GeneratedPage], folder: str) -> list[dict[str, Any]]:
    """Navigation entries for the generated pages under `folder`, in page order."""
    return [{page.title: page.src_uri} for page in pages if page.src_uri.startswith(folder + "/")]
