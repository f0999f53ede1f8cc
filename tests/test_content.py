"""The guidance itself is complete: every risk, area, audience, resource and FAQ has what users need."""

from __future__ import annotations

import re
from datetime import date

import pytest

from conftest import ROOT
from portal.model import Guidance, Review
from portal.model.loader import load_guidance

REQUIRED_RISKS = {
    "grooming",
    "sharing-nudes",
    "online-bullying",
    "child-sexual-exploitation",
    "sextortion",
    "radicalisation-and-extremism",
    "inappropriate-content",
    "misinformation-and-conspiracy-theories",
    "ai-generated-images",
    "social-media",
    "online-gaming",
    "healthy-relationships",
    "scams-and-commercial-risks",
    "staff-online-harassment",
}
REQUIRED_AUDIENCES = {
    "schools",
    "colleges",
    "early-years",
    "police",
    "childrens-social-care",
    "health",
    "sport",
    "faith",
    "youth-and-community",
    "governors-and-trustees",
}
# Questions professionals ask that the FAQs must answer (pattern matched against each question).
EXAMPLE_QUESTIONS = {
    "looking at an image to check it": r"\b(look at|view|check)\b.*\b(image|picture|photo)",
    "telling parents": r"\b(tell|inform)\b.*\bparents?\b",
    "staff harassed online": r"\bstaff\b.*\bharass",
    "how often to review filtering": r"\bhow often\b.*\bfiltering\b",
}


@pytest.fixture(scope="module")
def guidance() -> Guidance:
    return load_guidance(ROOT / "data")


def all_reviews(guidance: Guidance) -> list[Review]:
    items = [*guidance.objectives, *guidance.risks, *guidance.resources, *guidance.faqs, *guidance.audiences]
    return [item.review for item in items] + [guidance.glossary_review]


def test_every_required_risk_area_exists(guidance: Guidance) -> None:
    assert REQUIRED_RISKS <= {r.id for r in guidance.risks}


@pytest.mark.parametrize("risk_id", sorted(REQUIRED_RISKS))
def test_every_risk_area_has_every_section(guidance: Guidance, risk_id: str) -> None:
    risk = guidance.risks.get(risk_id)
    assert risk.also_known_as, "no other names to search by"
    assert risk.categories and risk.summary.strip() and risk.description.strip()
    assert len(risk.signs) >= 3, "fewer than three signs to notice"
    assert len(risk.actions) >= 3, "fewer than three 'what to do now' steps"
    assert risk.audiences and risk.related
    help_routes = [r for r in guidance.resources.pick(risk.resources) if r.kind in ("helpline", "reporting")]
    assert help_routes, "no helpline or reporting route to turn to"
    assert any(r.contact for r in help_routes), "no contact details for any route"


def test_every_objective_area_has_guidance_questions_gaps_and_resources(guidance: Guidance) -> None:
    for objective in guidance.objectives:
        for area in objective.areas:
            where = f"{objective.id}#{area.id}"
            assert len(area.guidance.split()) >= 40, f"{where}: guidance too thin"
            assert len(area.questions) >= 2, f"{where}: too few questions"
            assert area.gaps, f"{where}: no common gaps"
            assert area.resources, f"{where}: no resources"


def test_every_audience_exists_with_start_here_content(guidance: Guidance) -> None:
    assert {a.id for a in guidance.audiences} == REQUIRED_AUDIENCES
    for audience in guidance.audiences:
        assert len(audience.focus.split()) >= 80, f"{audience.id}: 'what matters most' too thin"
        assert guidance.risks_for_audience(audience.id), f"{audience.id}: no risk areas"
        assert guidance.resources_for_audience(audience.id), f"{audience.id}: no resources"


def test_resources_are_many_and_complete(guidance: Guidance) -> None:
    assert len(guidance.resources) >= 25
    kinds = {r.kind for r in guidance.resources}
    assert {"helpline", "reporting", "self-review", "statutory-guidance", "guidance"} <= kinds
    for resource in guidance.resources:
        assert resource.publisher and resource.nations and resource.review.sources, resource.id


def test_every_helpline_has_a_phone_or_email(guidance: Guidance) -> None:
    for resource in guidance.resources:
        if resource.kind == "helpline":
            assert resource.contact and (resource.contact.phone or resource.contact.email), resource.id


def test_faqs_are_many_linked_and_answer_the_common_questions(guidance: Guidance) -> None:
    assert len(guidance.faqs) >= 20
    for faq in guidance.faqs:
        assert faq.objectives or faq.risks or faq.resources, f"{faq.id}: not linked to the guidance"
    questions = [faq.question for faq in guidance.faqs]
    for topic, pattern in EXAMPLE_QUESTIONS.items():
        assert any(re.search(pattern, q, re.IGNORECASE) for q in questions), f"no FAQ about {topic}"


def test_glossary_has_at_least_25_terms(guidance: Guidance) -> None:
    assert len(guidance.glossary) >= 25


def test_no_review_date_is_in_the_future(guidance: Guidance) -> None:
    today = date.today()
    assert [r.data_file for r in all_reviews(guidance) if r.reviewed > today] == []


def test_nothing_is_past_its_review_date(guidance: Guidance) -> None:
    # A release must not carry guidance that is overdue for checking: review it, then update `reviewed`.
    today = date.today()
    overdue = sorted({f"{r.data_file} (due {r.next_due})" for r in all_reviews(guidance) if r.next_due < today})
    assert overdue == [], "overdue for review:\n" + "\n".join(overdue)
