"""Every text, list and open mapping in the schemas has a size limit, and breaking one is reported in one line.

Data arrives by pull request from strangers: no value may be big enough to make the build slow, and
the refusal names file, line and field, says the size and the limit, and hints at the fix.
"""

from __future__ import annotations

import copy
import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from test_validation import TODAY, edit, errors_for

from conftest import MINIMAL, ROOT, SAMPLE_FORK
from portal.checks.live_links.settings import load_settings
from portal.model.loader import load_guidance
from portal.source.errors import DataError, DataErrors
from portal.source.schemas import SCHEMA_DIR, SchemaSet
from portal.source.yaml_document import YamlDocument, read_yaml

SCHEMAS = SchemaSet(SCHEMA_DIR)
SCHEMA_FILES = {path.name: json.loads(path.read_text(encoding="utf-8")) for path in SCHEMA_DIR.glob("*.schema.json")}
LIMITS = ("maxLength", "maxItems", "maxProperties")

TEXT_HINT = "shorten it, or split it into the fields meant for detail"
LINE_HINT = "shorten it: a line is a title, a name or a short phrase; detail goes in the text fields"
URL_HINT = "give the page's own address, without tracking parameters after '?'"
LIST_HINT = "keep the entries that matter most"
HOSTS_HINT = "keep overrides only for the hosts that need them"


def only_line(errors: list[DataError]) -> str:
    assert len(errors) == 1, "expected exactly one error, got:\n" + "\n".join(map(str, errors))
    return str(errors[0])


def words(length: int) -> str:
    """Plain words, exactly `length` characters long, on one line."""
    return ("Safeguarding words " * (length // 19 + 1))[:length].rstrip().ljust(length, "s")


def markdown(length: int) -> str:
    """Markdown paragraphs of short lines, exactly `length` characters long."""
    paragraph = "\n".join(["A child may talk about a new online friend who asks for secrets."] * 4)
    text = "\n\n".join([paragraph] * (length // len(paragraph) + 1))[:length]
    return text.rstrip() + "x" * (length - len(text.rstrip()))


def block(text: str) -> str:
    """`text` as a YAML literal block scalar that keeps it exactly (no final newline)."""
    return "|-\n" + "\n".join("  " + line if line else "" for line in text.split("\n"))


# ---- Each kind of limit, through the real loader, with a control exactly at the limit ----


@pytest.mark.parametrize("over", [1, 0], ids=["over", "at the limit"])
def test_a_title_over_200_characters(minimal_data: Path, over: int) -> None:
    edit(minimal_data / "risks/fixture-risk.yml", "title: Fixture risk", f"title: {words(200 + over)}")
    if not over:
        load_guidance(minimal_data, today=TODAY)
        return
    assert only_line(errors_for(minimal_data)) == (
        f"data/risks/fixture-risk.yml:2: title: is 201 characters long; the limit is 200 ({LINE_HINT})"
    )


@pytest.mark.parametrize("over", [1, 0], ids=["over", "at the limit"])
def test_a_markdown_text_over_10000_characters(minimal_data: Path, over: int) -> None:
    text = markdown(10_000 + over)
    assert len(text) == 10_000 + over and "\n\n" in text
    edit(minimal_data / "risks/fixture-risk.yml", "description: |\n  What the risk is.", f"description: {block(text)}")
    if not over:
        assert load_guidance(minimal_data, today=TODAY).risks.get("fixture-risk").description == text
        return
    assert only_line(errors_for(minimal_data)) == (
        f"data/risks/fixture-risk.yml:6: description: is 10,001 characters long; the limit is 10,000 ({TEXT_HINT})"
    )


@pytest.mark.parametrize("over", [1, 0], ids=["over", "at the limit"])
def test_an_address_over_2000_characters(minimal_data: Path, over: int) -> None:
    start = "https://example.org.uk/guide?q="
    url = start + "a" * (2000 + over - len(start))
    edit(minimal_data / "resources/guide-two.yml", "url: https://example.org.uk/guide\nkind", f"url: {url}\nkind")
    if not over:
        load_guidance(minimal_data, today=TODAY)
        return
    assert only_line(errors_for(minimal_data)) == (
        f"data/resources/guide-two.yml:4: url: is 2,001 characters long; the limit is 2,000 ({URL_HINT})"
    )


@pytest.mark.parametrize("over", [1, 0], ids=["over", "at the limit"])
def test_a_list_of_ids_over_500_entries(minimal_data: Path, over: int) -> None:
    # Real resources to point at, so that the only problem is the length of the list.
    guide = (minimal_data / "resources/guide-two.yml").read_text(encoding="utf-8")
    ids = [f"guide-{number:03d}" for number in range(1, 500 + over + 1)]
    for item in ids:
        (minimal_data / f"resources/{item}.yml").write_text(guide.replace("id: guide-two", f"id: {item}"))
    edit(minimal_data / "risks/fixture-risk.yml", "resources: [helpline-one]", f"resources: [{', '.join(ids)}]")
    if not over:
        assert len(load_guidance(minimal_data, today=TODAY).risks.get("fixture-risk").resources) == 500
        return
    assert only_line(errors_for(minimal_data)) == (
        f"data/risks/fixture-risk.yml:18: resources: has 501 entries; the limit is 500 ({LIST_HINT})"
    )


@pytest.mark.parametrize("over", [1, 0], ids=["over", "at the limit"])
def test_linkcheck_settings_with_over_500_hosts(tmp_path: Path, over: int) -> None:
    hosts = "".join(f"  host-{number}.example.org:\n    method: GET\n" for number in range(500 + over))
    settings = tmp_path / "linkcheck.yml"
    settings.write_text(f"concurrency: 4\nhosts:\n{hosts}", encoding="utf-8")
    if not over:
        assert len(load_settings(settings).hosts) == 500
        return
    with pytest.raises(DataErrors) as failure:
        load_settings(settings)
    assert only_line(list(failure.value.errors)) == (
        f"linkcheck.yml:2: hosts: has 501 entries; the limit is 500 ({HOSTS_HINT})"
    )


def test_a_host_name_too_long_to_be_one_is_named_short(tmp_path: Path) -> None:
    settings = tmp_path / "linkcheck.yml"
    settings.write_text(f"hosts:\n  {'a' * 300}.org:\n    method: GET\n", encoding="utf-8")
    with pytest.raises(DataErrors) as failure:
        load_settings(settings)
    assert only_line(list(failure.value.errors)) == (
        f"linkcheck.yml:1: hosts: the name '{'a' * 39}…' is 304 characters long; the limit is 260 "
        "(A host name as written in an address, e.g. www.gov.uk, with its :port if it has one "
        "(a host name is at most 253 characters))"
    )


def test_a_text_of_almost_a_megabyte_is_refused_in_one_line(minimal_data: Path) -> None:
    # Under the loader's limit on a whole file, far over the schema's limit on one text.
    edit(minimal_data / "risks/fixture-risk.yml", "summary: A risk used by the tests.", f"summary: {words(900_000)}")
    assert only_line(errors_for(minimal_data)) == (
        f"data/risks/fixture-risk.yml:5: summary: is 900,000 characters long; the limit is 10,000 ({TEXT_HINT})"
    )


def test_a_long_list_of_values_that_cannot_be_sorted_is_not_looked_inside() -> None:
    """uniqueItems compares unsortable entries pairwise: over the limit, only the limit is checked."""
    doc = read_yaml(MINIMAL / "data/risks/fixture-risk.yml", "data/risks/fixture-risk.yml")
    data = dict(doc.data, related=[value for n in range(3000) for value in (n, f"x{n}", {"a": n}, [n])])
    failures = list(SCHEMAS.validator("risk").iter_errors(data))
    assert [(f.validator, list(f.absolute_path)) for f in failures] == [("maxItems", ["related"])]
    assert not SCHEMAS.is_valid(data, "risk")
    assert [str(e) for e in SCHEMAS.check(replace(doc, data=data), "risk")] == [
        f"data/risks/fixture-risk.yml:19: related: has 12,000 entries; the limit is 500 ({LIST_HINT})"
    ]


def test_a_long_wrong_value_or_key_is_quoted_back_cut_short(minimal_data: Path) -> None:
    edit(minimal_data / "resources/guide-two.yml", "cost: free", f"cost: {'cheap' * 1000}")
    edit(minimal_data / "resources/guide-two.yml", "caveat:", f"? {'x' * 2000}\n: 1\ncaveat:")
    messages = [str(error) for error in errors_for(minimal_data)]
    assert [message.split(" (")[0] for message in messages] == [
        f"data/resources/guide-two.yml:7: cost: '{('cheap' * 8)[:39]}…' is not an allowed value",
        f"data/resources/guide-two.yml:10: {'x' * 39}…: unknown field '{'x' * 39}…'",
    ]
    assert all(len(message) < 400 for message in messages), messages


# ---- Every value the schemas allow is bounded ----


def _target(ref: str, file: str) -> tuple[dict[str, Any], str, str]:
    """The schema a $ref points at, the file it is in, and its address."""
    target_file, _, pointer = ref.partition("#")
    target_file = target_file or file
    node: Any = SCHEMA_FILES[target_file]
    for part in filter(None, pointer.split("/")):
        node = node[part]
    return node, target_file, f"{target_file}#{pointer}"


def _effective(node: dict[str, Any], file: str) -> list[tuple[dict[str, Any], str]]:
    """`node` and every schema that applies with it through $ref and allOf, each with its file."""
    found = [(node, file)]
    if "$ref" in node:
        target, target_file, _ = _target(node["$ref"], file)
        found += _effective(target, target_file)
    for part in node.get("allOf", []):
        found += _effective(part, file)
    return found


def unbounded(node: dict[str, Any], file: str, where: str, seen: set[str] | None = None) -> list[str]:
    """Places (file: field path) where a value of any size would pass: a text without maxLength,
    a list without maxItems, a mapping open to any keys without maxProperties, a value of no type."""
    seen = set() if seen is None else seen
    if f"{file}:{where}:{id(node)}" in seen:
        return []
    seen.add(f"{file}:{where}:{id(node)}")
    parts = _effective(node, file)
    keys: dict[str, Any] = {}
    for part, _ in parts:
        keys.update({key: value for key, value in part.items() if key not in keys})
    if "enum" in keys or "const" in keys:
        return []
    kind = keys.get("type")
    problems: list[str] = []
    if kind is None:
        return [f"{file}: {where}: declares no type, so any value passes"]
    if kind == "string" and "maxLength" not in keys:
        problems.append(f"{file}: {where}: text without maxLength")
    if kind == "array":
        if "maxItems" not in keys:
            problems.append(f"{file}: {where}: list without maxItems")
        for part, part_file in parts:
            if "items" in part:
                problems += unbounded(part["items"], part_file, f"{where}[]", seen)
    if kind == "object":
        closed = any(part.get("additionalProperties") is False for part, _ in parts)
        if not closed and "maxProperties" not in keys:
            problems.append(f"{file}: {where}: mapping open to any keys without maxProperties")
        for part, part_file in parts:
            for name, child in part.get("properties", {}).items():
                problems += unbounded(child, part_file, f"{where}.{name}".lstrip("."), seen)
            if isinstance(part.get("additionalProperties"), dict):
                problems += unbounded(part["additionalProperties"], part_file, f"{where}.*", seen)
            if "propertyNames" in part:
                names = {"type": "string", **part["propertyNames"]}
                problems += unbounded(names, part_file, f"{where} (keys)", seen)
    return problems


@pytest.mark.parametrize("name", sorted(n for n in SCHEMA_FILES if n != "common.schema.json"))
def test_every_text_list_and_open_mapping_has_a_limit(name: str) -> None:
    problems = unbounded(SCHEMA_FILES[name], name, "")
    assert problems == [], "\n".join(problems)


def test_every_shared_definition_has_a_limit() -> None:
    problems = [
        line
        for key, definition in SCHEMA_FILES["common.schema.json"]["$defs"].items()
        for line in unbounded(definition, "common.schema.json", f"$defs.{key}")
    ]
    assert problems == [], "\n".join(problems)


def test_the_limit_check_finds_what_it_should() -> None:
    loose = {
        "type": "object",
        "properties": {
            "text": {"type": "string"},
            "list": {"type": "array", "items": {"$ref": "common.schema.json#/$defs/line"}},
            "free": {"type": "object"},
            "anything": {"description": "no type at all"},
            "fine": {"$ref": "common.schema.json#/$defs/id_list"},
        },
    }
    assert unbounded(loose, "test.schema.json", "") == [
        "test.schema.json: : mapping open to any keys without maxProperties",
        "test.schema.json: text: text without maxLength",
        "test.schema.json: list: list without maxItems",
        "test.schema.json: free: mapping open to any keys without maxProperties",
        "test.schema.json: anything: declares no type, so any value passes",
    ]


def _nodes(node: Any) -> list[dict[str, Any]]:
    if isinstance(node, dict):
        return [node] + [found for value in node.values() for found in _nodes(value)]
    if isinstance(node, list):
        return [found for value in node for found in _nodes(value)]
    return []


def test_max_items_comes_before_unique_items() -> None:
    """jsonschema checks keywords in the order written; uniqueness can be quadratic, the count is not."""
    late = [
        f"{name}: {node.get('description', node)}"
        for name, schema in SCHEMA_FILES.items()
        for node in _nodes(schema)
        if "uniqueItems" in node
        and not ("maxItems" in node and list(node).index("maxItems") < list(node).index("uniqueItems"))
    ]
    assert late == []


# ---- Both validators refuse every oversized value, and the report is one line for it ----

EXAMPLES = [
    (MINIMAL / "data/objectives/safer-testing.yml", "objective"),
    (MINIMAL / "data/risks/fixture-risk.yml", "risk"),
    (MINIMAL / "data/resources/helpline-one.yml", "resource"),
    (MINIMAL / "data/faqs/who-leads.yml", "faq"),
    (MINIMAL / "data/audiences/schools.yml", "audience"),
    (MINIMAL / "data/glossary.yml", "glossary"),
    (MINIMAL / "data/site.yml", "site"),
    (SAMPLE_FORK / "profile.yml", "profile"),
    (ROOT / "linkcheck.yml", "linkcheck"),
]
HUGE_TEXT = 20_001  # over every maxLength in the schemas
HUGE_LIST = 5_001  # over every maxItems


def _spots(node: Any, path: tuple[str | int, ...] = ()) -> list[tuple[str | int, ...]]:
    """The path of every text and list in a document."""
    found: list[tuple[str | int, ...]] = [path] if path and isinstance(node, str | list) else []
    items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
    for key, value in items:
        found += _spots(value, (*path, key))
    return found


def _blown_up(data: Any, path: tuple[str | int, ...]) -> Any:
    """A copy of `data` with the text or list at `path` made larger than any limit."""
    result = copy.deepcopy(data)
    container = result
    for part in path[:-1]:
        container = container[part]
    value = container[path[-1]]
    container[path[-1]] = (value * HUGE_TEXT)[:HUGE_TEXT] if isinstance(value, str) else (value * HUGE_LIST)[:HUGE_LIST]
    return result


@pytest.mark.parametrize("path, schema", EXAMPLES, ids=lambda value: getattr(value, "name", value))
def test_every_oversized_value_is_refused_by_both_validators_in_one_line(path: Path, schema: str) -> None:
    doc = read_yaml(path, path.name)
    spots = [spot for spot in _spots(doc.data) if doc.data and (isinstance(spot[-1], str) or spot[-1] == 0)]
    assert spots
    for spot in spots:
        broken: YamlDocument = replace(doc, data=_blown_up(doc.data, spot))
        assert not SCHEMAS.is_valid(broken.data, schema), spot
        errors = SCHEMAS.check(broken, schema)
        assert len(errors) == 1, f"{spot}:\n" + "\n".join(map(str, errors))
        message = str(errors[0])
        assert len(message) < 400, message
        assert errors[0].hint, message
        problem = errors[0].problem
        assert (
            problem.startswith(f"is {HUGE_TEXT:,} characters long; the limit is ")
            or problem.startswith(f"has {HUGE_LIST:,} entries; the limit is ")
            or problem.endswith("is not an allowed value")  # a text with a fixed set of values
        ), message


def test_thousands_of_unknown_fields_are_summed_up_not_listed(minimal_data: Path) -> None:
    risk = minimal_data / "risks/fixture-risk.yml"
    risk.write_text(risk.read_text() + "".join(f"extra{number:04d}: x\n" for number in range(2000)))
    errors = errors_for(minimal_data)
    assert len(errors) == 21, "\n".join(map(str, errors))
    assert [(error.line, error.field, error.problem) for error in errors[:2]] == [
        (1, "", "1,980 more unknown fields"),
        (37, "extra0000", "unknown field 'extra0000'"),
    ]
    assert (errors[-1].line, errors[-1].problem) == (56, "unknown field 'extra0019'")
    assert errors[0].hint.startswith("allowed fields: actions, also_known_as, audiences, briefing, by_nation, ")
