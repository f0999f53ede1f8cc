"""The plain-text version of each risk's seven-minute briefing (briefings/<id>.txt), made from the model."""

from __future__ import annotations

import re
import textwrap

from portal.model import Guidance, Risk
from portal.model.addresses import BRIEFING_TEXT
from portal.site.pages import BRIEFING_ACTIONS, BRIEFING_SIGNS, briefing_choices
from portal.site.rendering import first_sentence, long_date, one_line

LINK = re.compile(r"\[([^\]]+)\]\((https?://[^)\s]+)\)")
EMPHASIS = re.compile(r"(\*\*|__|\*|_)(?=\S)(.+?)(?<=\S)\1")
WIDTH = 88


def plain(text: str) -> str:
    """Markdown on one line as plain words: a link as its text and address, emphasis dropped."""
    return EMPHASIS.sub(r"\2", LINK.sub(r"\1 (\2)", one_line(text)))


def briefing_texts(guidance: Guidance) -> dict[str, str]:
    """Every risk's briefing as plain text, by its path in the site."""
    return {BRIEFING_TEXT.format(id=risk.id): briefing_text(guidance, risk) for risk in guidance.risks}


def briefing_text(guidance: Guidance, risk: Risk) -> str:
    """One briefing in plain text, with what applies in each UK nation listed in turn."""
    out: list[str] = []

    def para(text: str, first: str = "", rest: str = "") -> None:
        # An address stays whole on its line, to be copied or followed: no break at its hyphens or inside it.
        lines = textwrap.wrap(
            plain(text),
            WIDTH,
            initial_indent=first,
            subsequent_indent=rest or first,
            break_on_hyphens=False,
            break_long_words=False,
        )
        out.extend(lines or [""])

    def heading(text: str) -> None:
        out.extend(["", text, "-" * len(text)])

    site = guidance.site
    title = f"Seven-minute briefing: {risk.title}"
    out.extend([title, "=" * len(title), ""])
    review = risk.review
    para(
        f"{site.name}. Reviewed {long_date(review.reviewed)}; "
        f"next review due {long_date(review.next_due)}. Read it aloud at a team meeting (about seven minutes), "
        "then talk through the questions and fill in the record."
    )
    heading("1. Background")
    para(risk.briefing.background)
    heading("2. Why it matters")
    para(risk.summary)
    heading("3. What to know")
    for fact in risk.briefing.facts:
        para(f"{fact.text} (Source: {fact.source.title}, {fact.source.url})", "- ", "  ")
    heading("4. Signs to notice")
    for sign in risk.signs[:BRIEFING_SIGNS]:
        para(sign, "- ", "  ")
    chosen = briefing_choices(guidance, risk)
    heading("5. The law and guidance that apply")
    for entry in chosen.law:
        words = "; ".join(f"{r.short_title} ({r.url})" for r in entry.resources) or (
            "nothing specific to this risk is listed: follow your setting's child protection policy and procedures"
        )
        para(f"{entry.name}: {words}.", "- ", "  ")
    heading("6. Things to remember")
    for point in risk.briefing.remember:
        para(point, "- ", "  ")
    heading("7. What to do and where to get help")
    for number, step in enumerate(risk.actions[:BRIEFING_ACTIONS], 1):
        if step.text:
            para(first_sentence(step.text), f"{number}. ", "   ")
        else:
            para(f"{number}. What applies where you work:", "", "   ")
            for variant in step.by_nation:
                para(f"{variant.label}: {first_sentence(variant.text)}", "   - ", "     ")
    if len(risk.actions) > BRIEFING_ACTIONS:
        para("The rest of what to do, and why, is on the risk page.")
    for guide in guidance.guides_for_risk(risk.id):
        para(f"Step by step: {guide.title}, on this site's 'Respond step by step' pages.")
    for contact in site.contacts_for("risks", risk.id):
        details = ", ".join(v for v in (contact.phone, contact.email, contact.hours, contact.url) if v)
        para(f"{contact.name} ({contact.role}){': ' + details if details else ''}", "- ", "  ")
    helplines = "; ".join(
        f"{r.short_title}{' on ' + r.contact.phone if r.contact and r.contact.phone else ''} ({r.url})"
        for r in chosen.helplines
    )
    para(f"Where to get help: {helplines}.", "- ", "  ")
    for entry in chosen.finders:
        found = "; ".join(f"{r.title} ({r.url})" for r in entry.resources)
        para(f"Find the local team, {entry.name}: {found}.", "- ", "  ")
    heading("Talk about it")
    for number, question in enumerate(risk.briefing.questions, 1):
        para(question, f"{number}. ", "   ")
    heading("Record of use")
    out.extend(
        [
            "Team or group: ____________________",
            "Date used: ____________________",
            "Who attended:",
            "",
            "",
            "Actions agreed (who, by when):",
            "",
            "",
        ]
    )
    heading("Sources")
    for source in review.sources:
        para(f"{source.title}: {source.url}", "- ", "  ")
    return "\n".join(out) + "\n"
