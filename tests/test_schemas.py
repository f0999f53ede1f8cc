"""The JSON Schemas are valid, agree with the code's vocabularies, and every data file passes them."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from portal.source import vocabulary
from portal.source.layout import FOLDERS, SINGLE_FILES
from portal.source.schemas import SCHEMA_DIR, SchemaSet
from portal.source.yaml_document import read_yaml

ROOT = Path(__file__).resolve().parent.parent
SCHEMAS = SchemaSet(SCHEMA_DIR)


@pytest.mark.parametrize("path", sorted(SCHEMA_DIR.glob("*.schema.json")), ids=lambda p: p.name)
def test_every_schema_is_a_valid_draft_2020_12_schema(path: Path) -> None:
    Draft202012Validator.check_schema(json.loads(path.read_text(encoding="utf-8")))


def data_files() -> list[tuple[Path, str]]:
    files = [(path, spec.schema) for spec in FOLDERS for path in sorted((ROOT / "data" / spec.folder).glob("*.yml"))]
    return files + [(ROOT / "data" / name, schema) for name, schema in SINGLE_FILES.items()]


@pytest.mark.parametrize("path, schema", data_files(), ids=lambda value: getattr(value, "name", value))
def test_every_data_file_passes_its_schema(path: Path, schema: str) -> None:
    doc = read_yaml(path, path.relative_to(ROOT).as_posix())
    assert SCHEMAS.check(doc, schema) == []


@pytest.mark.parametrize("path, schema", data_files(), ids=lambda value: getattr(value, "name", value))
def test_every_data_file_names_its_schema_for_editors(path: Path, schema: str) -> None:
    first_line = path.read_text(encoding="utf-8").splitlines()[0]
    relative = "../" * (len(path.relative_to(ROOT / "data").parts)) + f"schemas/{schema}.schema.json"
    assert first_line == f"# yaml-language-server: $schema={relative}"


def test_schema_enums_match_the_vocabularies() -> None:
    resource = SCHEMAS.schema("resource")
    common = SCHEMAS.schema("common")
    assert resource["properties"]["kind"]["enum"] == list(vocabulary.RESOURCE_KINDS)
    assert resource["properties"]["cost"]["enum"] == list(vocabulary.COSTS)
    assert common["$defs"]["four_cs"]["enum"] == list(vocabulary.FOUR_CS)
    assert common["$defs"]["nation"]["enum"] == list(vocabulary.NATIONS)


def test_a_schema_rejects_what_it_should() -> None:
    validator = SCHEMAS.validator("risk")
    assert not validator.is_valid({"id": "Not Kebab"})
    assert not validator.is_valid({})


def test_editors_get_each_schema_for_the_right_files() -> None:
    settings = json.loads((ROOT / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    mapping = settings["yaml.schemas"]
    for schema_path in mapping:
        assert (ROOT / schema_path).is_file(), schema_path
    expected = {f"./schemas/{spec.schema}.schema.json": f"data/{spec.folder}/*.yml" for spec in FOLDERS}
    expected.update({f"./schemas/{schema}.schema.json": f"data/{name}" for name, schema in SINGLE_FILES.items()})
    assert {k: v for k, v in mapping.items() if k in expected} == expected
    extensions = json.loads((ROOT / ".vscode" / "extensions.json").read_text(encoding="utf-8"))
    assert "redhat.vscode-yaml" in extensions["recommendations"]


def undescribed(node: object, schema: str, where: str = "") -> list[str]:
    """Properties (at any depth) with no description of their own or behind their $ref."""
    missing = []
    if isinstance(node, dict):
        for key, value in (node.get("properties") or {}).items():
            if not SCHEMAS.description(value, schema):
                missing.append(f"{schema}: {where}{key}")
            missing += undescribed(value, schema, f"{where}{key}.")
        for key, value in node.items():
            if key != "properties":
                missing += undescribed(value, schema, f"{where}{key}.")
    elif isinstance(node, list):
        for item in node:
            missing += undescribed(item, schema, where)
    return missing


def test_every_field_has_a_description_for_hints_and_editors() -> None:
    """Error hints and editor tooltips come from descriptions: every property needs one."""
    names = sorted(p.name.removesuffix(".schema.json") for p in SCHEMA_DIR.glob("*.schema.json"))
    missing = [line for name in names for line in undescribed(SCHEMAS.schema(name), name)]
    assert missing == [], "\n".join(missing)


# Replacement values a mistaken edit might leave: wrong types, empty or over-long text, bad formats.
ODD_VALUES = [
    None,
    True,
    0,
    -1,
    3.5,
    40,
    "",
    " ",
    "x" * 201,
    "two\nlines",
    "2026-02-30",
    "2026-13-01",
    "26-1-1",
    "http://example.org/",
    "https://example",
    "not an id",
    "Bad-Id",
    "zzz",
    "01632 960",
    "a@b",
    [],
    ["x", "x"],
    {},
]


def _spots(node: object) -> list[tuple[Any, Any]]:
    """Every (container, key or index) in a document, depth first."""
    found: list[tuple[Any, Any]] = []
    if isinstance(node, dict):
        for key, value in node.items():
            found.append((node, key))
            found.extend(_spots(value))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found.append((node, index))
            found.extend(_spots(value))
    return found


def _mutations(data: object, rng: random.Random, count: int) -> list[object]:
    """`count` copies of `data`, each with one random change: a field dropped, added, replaced or doubled."""
    copies = []
    for _ in range(count):
        copy = json.loads(json.dumps(data))
        container, key = rng.choice(_spots(copy))
        change = rng.choice(("drop", "add", "replace", "replace", "double"))
        if change == "drop":
            del container[key]
        elif change == "add" and isinstance(container, dict):
            container[rng.choice(("sumary", "extra", "Title", "ID"))] = rng.choice(ODD_VALUES)
        elif change == "double" and isinstance(container, list):
            container.append(json.loads(json.dumps(container[key])))
        else:
            container[key] = rng.choice(ODD_VALUES)
        copies.append(copy)
    return copies


@pytest.mark.parametrize("path, schema", data_files(), ids=lambda value: getattr(value, "name", value))
def test_the_fast_validator_agrees_with_jsonschema_on_broken_files(path: Path, schema: str) -> None:
    """The compiled check must never pass a file jsonschema fails, or its errors would go unreported."""
    data = read_yaml(path, path.relative_to(ROOT).as_posix()).data
    rng = random.Random(path.name)
    verdicts = []
    for broken in _mutations(data, rng, 25):
        expected = not any(True for _ in SCHEMAS.validator(schema).iter_errors(broken))
        assert SCHEMAS.is_valid(broken, schema) == expected, json.dumps(broken)[:400]
        verdicts.append(expected)
    assert not all(verdicts)  # the mutations do break files; most of them, in fact
