"""Macros for hand-written pages: each formats part of the model through a template; none reads files."""

from __future__ import annotations

from typing import Any

from portal.model import Guidance
from portal.model.change_notes import by_month, change_entries
from portal.publish.feeds import FEEDS
from portal.publish.open_data import KINDS, field_table, schema_descriptions
from portal.publish.review_dates import recently_reviewed
from portal.site.filtering_review import filtering_review_content
from portal.site.rendering import PageRenderer, faq_page_data, self_review_content
from portal.source import vocabulary

# The filtering and monitoring review's fixed choices; its script reads the same values from the form.
REVIEW_PHASES = ("Primary", "Secondary", "All-through", "Special", "Alternative provision", "College", "Other")
REVIEW_PEOPLE = (
    ("slt", "Senior leader responsible"),
    ("dsl", "Designated safeguarding lead"),
    ("it", "IT support or provider"),
    ("governor", "Responsible governor, trustee or proprietor"),
)
REVIEW_RESULTS = (("yes", "Yes"), ("partly", "Partly"), ("no", "No"), ("na", "Does not apply"))
REVIEW_RATINGS = (("met", "Met"), ("partly", "Partly met"), ("not-met", "Not met"))


def define_env(env: Any) -> None:
    """Register the macros with mkdocs-macros (called once per build)."""

    def renderer() -> PageRenderer:
        guidance: Guidance = env.conf.plugins["portal"].guidance
        return PageRenderer(guidance, env.page.file.src_uri, directory_urls=env.conf.use_directory_urls)

    @env.macro
    def help_box(more_link: bool = True) -> str:
        """The 'get help now' box: emergency line, the helpline and any local contacts."""
        return renderer().render("help_box.md.j2", more_link=more_link)

    @env.macro
    def local_teams(finders: list[str]) -> str:
        """Each nation's way to find the local children's social care team, and its out-of-hours routes."""
        return renderer().render("local_teams.md.j2", finders=finders, nations=vocabulary.NATIONS)

    @env.macro
    def objective_cards() -> str:
        """The four objectives as cards linking to their pages."""
        return renderer().render("objective_cards.md.j2")

    @env.macro
    def objective_table() -> str:
        """The objectives as a table: PIES letter, aim and number of areas."""
        return renderer().render("objective_table.md.j2")

    @env.macro
    def risk_index() -> str:
        """Every risk area, grouped by its main 4 Cs category, with summary and other names."""
        return renderer().render("risk_index.md.j2")

    @env.macro
    def risk_links(limit: int | None = None) -> str:
        """A compact list of links to the risk areas: all, or the `limit` most settings name as priorities."""
        page = renderer()
        risks = page.guidance.common_risks(limit) if limit else page.guidance.risks.items
        return page.render("risk_links.md.j2", risks=risks)

    @env.macro
    def resource_directory(kinds: list[str] | None = None) -> str:
        """Resources grouped by kind, each under its own anchor, with contact details and review dates."""
        return renderer().render("resource_directory.md.j2", kinds=kinds)

    @env.macro
    def contact_directory(kinds: list[str], leave_out: list[str] | None = None) -> str:
        """Resources of the given kinds as compact blocks (name, number or link, hours), linked to full entries."""
        return renderer().render("contact_directory.md.j2", kinds=kinds, leave_out=leave_out or [])

    @env.macro
    def faq_list() -> str:
        """Every FAQ as a heading and answer, plus FAQPage structured data."""
        page = renderer()
        return page.render("faq_list.md.j2", faq_entities=faq_page_data(page.guidance))

    @env.macro
    def self_review_form() -> str:
        """The private self-review: every area's four levels, commentary, evidence and actions, and the
        questions for governors and trustees, grouped by whom they ask."""
        page = renderer()
        objectives = page.guidance.objectives
        areas = [area for objective in objectives for area in objective.areas]
        governor_groups = [
            (ask, title, [(o, a, q) for o in objectives for a in o.areas for q in a.governor_questions if q.ask == ask])
            for ask, title in vocabulary.GOVERNOR_ASK.items()
        ]
        return page.render(
            "self_review_form.html.j2",
            areas=areas,
            level_names=vocabulary.REVIEW_LEVELS,
            governor_groups=governor_groups,
            governor_count=sum(len(questions) for _, _, questions in governor_groups),
            content=self_review_content(page.guidance, page),
        )

    @env.macro
    def filtering_review_form() -> str:
        """The filtering and monitoring review: the newest edition's standards and checks as a private form."""
        page = renderer()
        review = page.guidance.filtering_review
        if review is None:
            return "No edition of the filtering and monitoring review is in the data."
        return page.render(
            "filtering_review_form.html.j2",
            review=review,
            phases=REVIEW_PHASES,
            people=REVIEW_PEOPLE,
            results=REVIEW_RESULTS,
            ratings=REVIEW_RATINGS,
            content=filtering_review_content(review, page.guidance.site.name),
        )

    @env.macro
    def recently_reviewed_list(count: int = 25) -> str:
        """The items checked most recently, newest first, with their next review dates."""
        page = renderer()
        return page.render("recently_reviewed.md.j2", items=recently_reviewed(page.guidance, count))

    @env.macro
    def whats_new(limit: int = 200) -> str:
        """The latest changes across the guidance, newest first, grouped by month, each linked to its item."""
        page = renderer()
        pages = env.conf.plugins["portal"].reviewed_pages  # hand-written pages' notes, beside the items'
        return page.render("whats_new.md.j2", months=by_month(change_entries(page.guidance, pages)[:limit]))

    @env.macro
    def feed_list() -> str:
        """A table of the change feeds, one per kind of item, in Atom and JSON Feed."""
        return renderer().render("feed_list.md.j2", feeds=FEEDS)

    @env.macro
    def open_data_fields() -> str:
        """Every object type in guidance.json with its fields' names, types and descriptions."""
        from portal.source.schemas import SCHEMA_DIR, SchemaSet

        descriptions = schema_descriptions(SchemaSet(SCHEMA_DIR))
        return renderer().render("open_data_fields.md.j2", types=field_table(descriptions), kinds=KINDS)

    @env.macro
    def incident_links() -> str:
        """Every step-by-step guide, named by the situation it is for, as big links for someone in a hurry."""
        page = renderer()
        return page.render("incident_links.md.j2", guides=page.guidance.guides.items)

    @env.macro
    def guide_list() -> str:
        """Every step-by-step incident guide, with what it covers."""
        return renderer().render("guide_list.md.j2")

    @env.macro
    def briefing_list() -> str:
        """Every risk area's seven-minute staff briefing, with its first sentence."""
        return renderer().render("briefing_list.md.j2")

    @env.macro
    def glossary_list() -> str:
        """Every glossary term with its expansion, definition and source."""
        return renderer().render("glossary_list.md.j2")

    @env.macro
    def audience_list(limit: int | None = None) -> str:
        """Who the guidance is for: every audience, or the first `limit` and a link to the rest."""
        page = renderer()
        audiences = page.guidance.audiences.items
        return page.render("audience_list.md.j2", audiences=audiences[:limit] if limit else audiences)
