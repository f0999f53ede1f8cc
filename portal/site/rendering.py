"""Render the model into Markdown through the Jinja templates in portal/site/templates/."""

from __future__ import annotations

import json
import posixpath
import re
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import markdown
from jinja2 import Environment, FileSystemBytecodeCache, FileSystemLoader, StrictUndefined
from jinja2.bccache import Bucket

from portal.model import Brand, Guidance
from portal.model.addresses import (
    AUDIENCE_PAGE,
    BRIEFING_PAGE,
    FAQS_PAGE,
    GET_HELP_PAGE,
    GLOSSARY_PAGE,
    GUIDE_PAGE,
    OBJECTIVE_PAGE,
    RESOURCES_PAGE,
    RISK_PAGE,
    page_address,
)
from portal.site.elsewhere import elsewhere_lines, replaced_name
from portal.source import clock, vocabulary

TEMPLATES = Path(__file__).resolve().parent / "templates"


def long_date(value: date) -> str:
    """GOV.UK style date: 28 November 2026."""
    return f"{value.day} {value:%B %Y}"


def host(url: str) -> str:
    """The site part of an address, for link text: https://www.gov.uk/x → gov.uk."""
    return urlsplit(url).netloc.removeprefix("www.")


def one_line(text: str) -> str:
    """Collapse text onto one line, for front matter and table cells."""
    return " ".join(text.split())


def first_sentence(text: str) -> str:
    """The first sentence of Markdown text, on one line: it ends at '.', '?' or '!' before a space and a capital
    letter (or the end), outside brackets, so a link's address or a bracketed aside does not end it."""
    text = one_line(text)
    depth = 0
    for index, char in enumerate(text):
        if char in "([":
            depth += 1
        elif char in ")]":
            depth = max(depth - 1, 0)
        elif char in ".?!" and depth == 0 and SENTENCE_END.match(text, index + 1):
            return text[: index + 1]
    return text


SENTENCE_END = re.compile(r"$|\s+[\"'‘“*_]*[A-Z0-9]")


def json_ld(data: Any) -> str:
    """JSON for a <script type="application/ld+json"> block, safe against '</script>' in the text."""
    return json.dumps(data, ensure_ascii=False, indent=None).replace("<", "\\u003c").replace(">", "\\u003e")


def markdown_to_html(text: str) -> str:
    """Plain Markdown to HTML, for structured data (FAQPage answers)."""
    return _plain_markdown().reset().convert(text)


@lru_cache(maxsize=1)
def _plain_markdown() -> markdown.Markdown:
    """One converter for every call: setting one up costs more than converting a short answer."""
    return markdown.Markdown()


@lru_cache(maxsize=1)
def environment() -> Environment:
    """The shared Jinja environment: strict about undefined names, no HTML autoescaping of Markdown."""
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        bytecode_cache=template_cache(),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,  # templates emit Markdown; data text is validated to hold no HTML
    )
    env.filters.update(
        long_date=long_date,
        one_line=one_line,
        first_sentence=first_sentence,
        host=host,
        json_ld=json_ld,
        md_html=markdown_to_html,
        nation_name=vocabulary.NATIONS.__getitem__,
    )
    env.tests["contains"] = lambda values, value: value in values  # selectattr("nations", "contains", nation)
    env.globals.update(elsewhere_lines=elsewhere_lines, replaced_name=replaced_name)
    return env


@lru_cache(maxsize=65536)
def _relative(path: str, start: str) -> str:
    """posixpath.relpath, remembered: the same few thousand links are made on every page."""
    return posixpath.relpath(path, start)


def brand_stylesheet(brand: Brand) -> str:
    """The CSS custom properties that paint the theme in the brand's colours."""
    return environment().get_template("brand.css.j2").render(brand=brand)


class _BestEffortBytecodeCache(FileSystemBytecodeCache):
    """Jinja's cache of compiled templates, in its per-user folder; one it cannot write is skipped."""

    def dump_bytecode(self, bucket: Bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError:
            pass  # a cache must never fail a build: the template is simply compiled again next time


def template_cache() -> FileSystemBytecodeCache | None:
    """Compiled templates kept between builds (keyed by their source), or none where no safe folder exists."""
    try:
        return _BestEffortBytecodeCache()
    except (OSError, RuntimeError):  # Jinja refuses a temporary folder other users could write to
        return None


class PageRenderer:
    """Renders templates for one page, so links come out relative to that page."""

    def __init__(self, guidance: Guidance, page_src: str, directory_urls: bool = True) -> None:
        self.guidance = guidance
        self.page_src = page_src
        self.directory_urls = directory_urls

    def link(self, target: str) -> str:
        """Relative link from this page to `target` (a source path, optionally with #anchor)."""
        path, _, anchor = target.partition("#")
        if not path:
            return f"#{anchor}"
        relative = _relative(path, posixpath.dirname(self.page_src) or ".")
        return f"{relative}#{anchor}" if anchor else relative

    def url(self, target: str) -> str:
        """Link for raw HTML, which MkDocs leaves alone: the built page's address, relative to this page's."""
        path, _, anchor = target.partition("#")
        if not path:
            return f"#{anchor}"
        if not self.directory_urls:  # pages are files: x.md → x.html
            relative = posixpath.relpath(path, posixpath.dirname(self.page_src) or ".").removesuffix(".md") + ".html"
            return f"{relative}#{anchor}" if anchor else relative
        # Every page is published as a folder (directory URLs), so links end with a slash.
        relative = posixpath.relpath(page_address(path) or ".", page_address(self.page_src) or ".")
        relative = "./" if relative == "." else f"{relative}/"
        return f"{relative}#{anchor}" if anchor else relative

    def related_links(self, item: Any) -> list[tuple[str, str]]:
        """(text, link) for the objectives, risks and resources an item points at, in that order."""
        g = self.guidance
        return (
            [
                (o.title, self.link(OBJECTIVE_PAGE.format(id=o.id)))
                for o in g.objectives.pick(getattr(item, "objectives", ()))
            ]
            + [(r.title, self.link(RISK_PAGE.format(id=r.id))) for r in g.risks.pick(getattr(item, "risks", ()))]
            + [
                (r.short_title, self.link(f"{RESOURCES_PAGE}#{r.id}"))
                for r in g.resources.pick(getattr(item, "resources", ()))
            ]
        )

    def render(self, template: str, **context: Any) -> str:
        """Render `template` with the model, link helpers and `context`."""
        return (
            environment()
            .get_template(template)
            .render(
                guidance=self.guidance,
                site=self.guidance.site,
                link=self.link,
                url=self.url,
                objective_link=lambda item_id: self.link(OBJECTIVE_PAGE.format(id=item_id)),
                risk_link=lambda item_id: self.link(RISK_PAGE.format(id=item_id)),
                audience_link=lambda item_id: self.link(AUDIENCE_PAGE.format(id=item_id)),
                guide_link=lambda item_id: self.link(GUIDE_PAGE.format(id=item_id)),
                briefing_link=lambda item_id: self.link(BRIEFING_PAGE.format(id=item_id)),
                resource_link=lambda item_id: self.link(f"{RESOURCES_PAGE}#{item_id}"),
                faq_link=lambda item_id: self.link(f"{FAQS_PAGE}#{item_id}"),
                glossary_link=lambda term_id: self.link(f"{GLOSSARY_PAGE}#{term_id}"),
                get_help_link=self.link(GET_HELP_PAGE),
                related_links=self.related_links,
                today=clock.today(),
                **context,
            )
        )


def self_review_content(guidance: Guidance, renderer: PageRenderer) -> dict[str, Any]:
    """What the self-review script needs: levels, objectives, audiences, every area's wording stamp, and the
    questions for governors grouped by whom they ask."""
    return {
        "site": guidance.site.name,
        "levels": list(vocabulary.REVIEW_LEVELS),
        "objectives": [{"id": o.id, "title": o.title} for o in guidance.objectives],
        "audiences": [{"id": a.id, "title": a.title} for a in guidance.audiences],
        "areas": [
            {
                "key": f"{objective.id}/{area.id}",
                "objective": objective.id,
                "objectiveTitle": objective.title,
                "title": area.title,
                "audiences": list(area.audiences),
                "wording": area.wording,
                "changes": [
                    {"date": change.date.isoformat(), "note": change.note} for change in area.changes if not change.typo
                ],
                "levels": [
                    {"statement": one_line(level.statement), "improvements": list(level.improvements)}
                    for level in area.levels
                ],
            }
            for objective in guidance.objectives
            for area in objective.areas
        ],
        "governorGroups": [{"id": ask, "title": title} for ask, title in vocabulary.GOVERNOR_ASK.items()],
        "governorQuestions": [
            {
                "key": f"{objective.id}/{area.id}/{question.id}",
                "ask": question.ask,
                "question": question.question,
                "areaTitle": area.title,
            }
            for ask in vocabulary.GOVERNOR_ASK
            for objective in guidance.objectives
            for area in objective.areas
            for question in area.governor_questions
            if question.ask == ask
        ],
    }


def faq_page_data(guidance: Guidance) -> list[dict[str, Any]]:
    """schema.org Question entries for the FAQPage structured data."""
    return [
        {
            "@type": "Question",
            "name": faq.question,
            "acceptedAnswer": {"@type": "Answer", "text": markdown_to_html(faq.answer)},
        }
        for faq in guidance.faqs
    ]
