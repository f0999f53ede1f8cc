"""The typed model: review dates, contact links, frozen objects and named queries."""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path

import pytest

from portal.model import Collection, Contact, add_months
from portal.model.loader import load_guidance
from portal.source.vocabulary import nations_label

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "minimal" / "data"


@pytest.mark.parametrize(
    "start, months, expected",
    [
        (date(2026, 1, 15), 12, date(2027, 1, 15)),
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2027, 11, 30), 3, date(2028, 2, 29)),
        (date(2026, 11, 28), 6, date(2027, 5, 28)),
    ],
)
def test_add_months_clamps_to_the_end_of_short_months(start: date, months: int, expected: date) -> None:
    assert add_months(start, months) == expected


@pytest.mark.parametrize(
    "phone, href",
    [
        ("0344 381 4772", "tel:+443443814772"),
        ("0800 1111", "tel:+448001111"),
        ("999", "tel:999"),
    ],
)
def test_phone_numbers_become_international_tel_links(phone: str, href: str) -> None:
    assert Contact(phone=phone).phone_href == href


def test_nations_label() -> None:
    assert nations_label(("england", "wales", "scotland", "northern-ireland")) == "UK-wide"
    assert nations_label(("wales", "england")) == "England and Wales"
    assert nations_label(("england",)) == "England"


def test_model_is_frozen_and_queries_work() -> None:
    guidance = load_guidance(FIXTURE, today=date(2026, 11, 28))
    risk = guidance.risks.get("fixture-risk")
    with pytest.raises(dataclasses.FrozenInstanceError):
        risk.title = "changed"  # type: ignore[misc]
    assert risk.review.next_due == date(2027, 1, 15)
    assert guidance.objectives.get("safer-testing").review.next_due == date(2026, 2, 28)
    assert guidance.help_resource.id == "helpline-one"
    assert [r.id for r in guidance.risks_for_audience("sport")] == ["other-risk", "fixture-risk"]
    assert [r.id for r in guidance.risks_for_audience("schools")] == ["fixture-risk"]
    assert [f.id for f in guidance.faqs_for_audience("schools")] == ["who-leads"]
    assert guidance.faqs_for_audience("sport") == ()
    assert [r.id for r in guidance.resources_for_audience("sport")] == ["helpline-one"]
    assert [(o.id, a.id) for o, a in guidance.areas_mentioning_risk("fixture-risk")] == [
        ("safer-testing", "first-area")
    ]
    assert [(kind.id, [r.id for r in items]) for kind, items in guidance.resources_by_kind()] == [
        ("helpline", ["helpline-one"]),
        ("statutory-guidance", ["guide-two"]),
    ]
    assert guidance.abbreviations() == {
        "DSL": "Designated Safeguarding Lead",
        "C&YP": "children and young people",
        "HLO": "Helpline One",
    }
    assert guidance.audience_titles(("schools", "sport")) == "All settings"
    assert guidance.audience_titles(("sport",)) == "Sports clubs"
    with pytest.raises(KeyError, match="no item with id 'nope'"):
        guidance.risks.get("nope")


def test_dates_in_yaml_stay_text_until_validated(tmp_path: Path) -> None:
    from portal.source.yaml_document import read_yaml

    (tmp_path / "x.yml").write_text("when: 2026-02-30\nnested:\n  text: |\n    one\n    two <b>\n")
    doc = read_yaml(tmp_path / "x.yml", "x.yml")
    assert doc.data["when"] == "2026-02-30"
    assert doc.line_of(("nested", "text")) == 3
    assert doc.line_in_text(("nested", "text"), doc.data["nested"]["text"].index("<b>")) == 5


def test_common_risks_are_those_most_settings_name_and_all_when_few() -> None:
    guidance = load_guidance(FIXTURE, today=date(2026, 11, 28))
    shown = [r.id for r in guidance.risks]
    assert [r.id for r in guidance.common_risks(5)] == shown
    assert [r.id for r in guidance.common_risks(1)] == shown[:1]  # a tie keeps display order
    sport = dataclasses.replace(guidance.audiences.get("sport"), priority_risks=("fixture-risk",))
    schools = guidance.audiences.get("schools")
    both_name_one = dataclasses.replace(guidance, audiences=Collection((schools, sport)))
    assert [r.id for r in both_name_one.common_risks(1)] == ["fixture-risk"]
    # Grouping a chosen few resources by kind leaves the other kinds out.
    guide = guidance.resources.get("guide-two")
    assert [(kind.id, [r.id for r in items]) for kind, items in guidance.resources_by_kind((guide,))] == [
        ("statutory-guidance", ["guide-two"])
    ]
