"""Open data: guidance.json valid against its published schema, every item present, CSVs that open."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

import jsonschema
import pytest

from conftest import ROOT
from portal.loader import load_guidance
from portal.open_data import KINDS, csv_files, dataset, open_data_files, schema


@pytest.fixture(scope="module")
def published(built_site: Path) -> tuple[dict, dict]:  # type: ignore[type-arg]
    """guidance.json and its schema, as the built site publishes them."""
    folder = built_site / "open-data"
    return (
        json.loads((folder / "guidance.json").read_text(encoding="utf-8")),
        json.loads((folder / "guidance.schema.json").read_text(encoding="utf-8")),
    )


def test_the_published_json_validates_against_the_published_schema(published) -> None:  # type: ignore[no-untyped-def]
    document, published_schema = published
    validator = jsonschema.Draft202012Validator(published_schema)
    validator.validate(document)
    assert document["schema_version"] == 1 and document["licence"]["name"] == "CC BY 4.0"
    assert document["site"]["name"] == load_guidance(ROOT / "data").site.name
    # Negative controls: the schema is strict enough to notice damage.
    broken = json.loads(json.dumps(document))
    del broken["risks"][0]["actions"]
    assert not validator.is_valid(broken)
    broken = json.loads(json.dumps(document))
    broken["resources"][0]["phone_number"] = "0800"
    assert not validator.is_valid(broken)
    broken = json.loads(json.dumps(document))
    broken["faqs"][0]["review"]["reviewed"] = 20261130
    assert not validator.is_valid(broken)


def test_every_item_of_every_kind_is_in_the_json(published) -> None:  # type: ignore[no-untyped-def]
    document, _ = published
    guidance = load_guidance(ROOT / "data")
    for key, _ in KINDS:
        assert [item["id"] for item in document[key]] == [item.id for item in getattr(guidance, key)], key
        assert all(item["local"] is False for item in document[key]), "no local items upstream"
    posh = next(r for r in document["resources"] if r["id"] == "posh")
    assert posh["contact"]["phone"] == guidance.resources.get("posh").contact.phone
    lado = next(r for r in document["resources"] if r["id"] == "lado")
    assert lado["nations"] == ["england"] and "wales" in lado["equivalents"]
    guide = document["guides"][0]
    assert guide["steps"][0]["answers"] and guide["version"] == guidance.guides.items[0].version


def test_a_hosted_copys_export_marks_its_items_and_leaves_out_hidden_ones() -> None:
    from tests.test_fork import SAMPLE_FORK

    guidance = load_guidance(ROOT / "data", local_dir=SAMPLE_FORK, today=date(2026, 11, 30))
    document = dataset(guidance, date(2026, 11, 30), guidance.site.url)
    jsonschema.Draft202012Validator(schema()).validate(document)
    local = {r["id"]: r["local"] for r in document["resources"]}
    assert local["exampleshire-allegations-procedure"] is True and local["posh"] is False
    assert "friendly-wifi" not in local, "the sample copy hides friendly-wifi"
    assert document["site"] == {"name": guidance.site.name, "url": guidance.site.url}
    upstream = {r["id"] for r in dataset(load_guidance(ROOT / "data"), date(2026, 11, 30), None)["resources"]}
    assert "friendly-wifi" in upstream, "the control: upstream has it"


def test_the_csv_files_open_in_pythons_csv_module_with_a_bom() -> None:
    guidance = load_guidance(ROOT / "data")
    files = csv_files(guidance)
    assert sorted(files) == ["faqs.csv", "glossary.csv", "resources.csv", "risks.csv"]
    counts = {"resources.csv": len(guidance.resources), "risks.csv": len(guidance.risks)}
    counts |= {"faqs.csv": len(guidance.faqs), "glossary.csv": len(guidance.glossary)}
    for name, text in files.items():
        assert text.startswith("\ufeff"), f"{name}: spreadsheets need the BOM to read UTF-8"
        rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
        assert len(rows) == counts[name] + 1 and all(len(row) == len(rows[0]) for row in rows), name
    resources = list(csv.DictReader(io.StringIO(files["resources.csv"].removeprefix("\ufeff"))))
    posh = next(row for row in resources if row["id"] == "posh")
    assert posh["phone"] == guidance.resources.get("posh").contact.phone
    risks = list(csv.DictReader(io.StringIO(files["risks.csv"].removeprefix("\ufeff"))))
    grooming = next(row for row in risks if row["id"] == "grooming")
    assert len(grooming["actions"].split("\n")) == len(guidance.risks.get("grooming").actions)


def test_the_open_data_page_documents_every_field(page) -> None:  # type: ignore[no-untyped-def]
    soup = page("open-data/")
    documented: dict[str, list[str]] = {}
    for heading in soup.select("article h3[id]"):
        table = heading.find_next("table")
        documented[heading["id"]] = [row.find("code").get_text() for row in table.select("tbody tr")]
    definitions = schema()["$defs"]
    for name, definition in definitions.items():
        assert documented[name.lower()] == list(definition["properties"]), name
    empty = [cell.get_text() for cell in soup.select("article tbody td:last-child") if not cell.get_text().strip()]
    assert empty == [], "every field has a description"
    files = [a["href"] for a in soup.select("article table a") if a["href"].endswith(("json", "csv"))]
    assert {"guidance.json", "guidance.schema.json", "resources.csv"} <= set(files)


def test_the_files_are_the_same_for_the_same_data() -> None:
    guidance = load_guidance(ROOT / "data")
    first = open_data_files(guidance, date(2026, 11, 30), None)
    assert first == open_data_files(load_guidance(ROOT / "data"), date(2026, 11, 30), None)
    assert first != open_data_files(guidance, date(2026, 12, 1), None), "the build date is recorded"
