"""The whole validated dataset as open data: guidance.json, its JSON Schema, and one CSV per kind."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import types
import typing
from datetime import date
from typing import Any

from portal.model import Audience, Faq, Guidance, Guide, Objective, Resource, Review, Risk, Term
from portal.source.schemas import SchemaSet

SCHEMA_VERSION = 1
FOLDER = "open-data"
LICENCE = {"name": "CC BY 4.0", "url": "https://creativecommons.org/licenses/by/4.0/"}
# Each kind of item: its key in guidance.json and the model class its entries follow.
KINDS: tuple[tuple[str, type], ...] = (
    ("objectives", Objective),
    ("risks", Risk),
    ("resources", Resource),
    ("faqs", Faq),
    ("audiences", Audience),
    ("guides", Guide),
    ("glossary", Term),
)
# A spreadsheet runs a cell that starts with one of these as a formula, and a formula can fetch an address
# or run a command (OWASP, "CSV Injection"); some also read the full-width forms. The self-review's action
# plan CSV (docs/assets/self-review/review-core.js, csvCell) guards the same way against the first six.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")
# Pairs in the model, an object in the export: {"wales": ["keeping-learners-safe"]}.
_MAPPINGS = {"equivalents"}
# Fields that exist only in the export or the model, not in the data files' schemas.
EXTRA_DESCRIPTIONS = {
    "local": "true for an item a hosted copy added itself (in its local/data/), false for shared guidance",
    "review": "Sources, review dates, owner and change notes",
    "data_file": "The data file the item comes from, relative to the repository root",
    "interval_months": "Months between reviews (review_interval_months in the data file)",
    "version": "A fingerprint of the guide's file: it changes with every edit",
    "number": "The objective's place in the PIES model, 1 to 4",
    "pies_letter": "The objective's letter in PIES",
    "pies_name": "The objective's name in PIES",
    "order": "Where the item comes in its list",
    "text": "The text (Markdown)",
    "date": "YYYY-MM-DD",
    "typo": "true when only spelling or layout changed (not shown to readers)",
    "sources": "The public pages that back the facts, each with a title and an address",
    "reviewed": "The date someone last checked the item against its sources (YYYY-MM-DD)",
    "owner": "Who keeps the item up to date, if named",
    "changes": "What changed and when, newest first",
    "id": "The term's anchor on the glossary page",
}


def dataset(guidance: Guidance, built: date, site_url: str | None) -> dict[str, Any]:
    """Every item of every kind, with the schema version, build date, licence and site."""
    prefix = guidance.site.local_prefix
    document: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "built": built.isoformat(),
        "licence": LICENCE,
        "site": {"name": guidance.site.name, "url": site_url},
    }
    for key, _ in KINDS:
        items = getattr(guidance, key)
        document[key] = [
            {**_plain(item), "local": bool(prefix) and _data_file(item).startswith(prefix or "")} for item in items
        ]
    document["glossary_review"] = _plain(guidance.glossary_review)
    return document


def schema() -> dict[str, Any]:
    """The JSON Schema of guidance.json, made from the model's types so that the two cannot drift."""
    definitions: dict[str, Any] = {}
    properties: dict[str, Any] = {
        "schema_version": {"const": SCHEMA_VERSION},
        "built": {"type": "string", "format": "date"},
        "licence": {
            "type": "object",
            "required": ["name", "url"],
            "properties": {"name": {"type": "string"}, "url": {"type": "string"}},
        },
        "site": {
            "type": "object",
            "required": ["name", "url"],
            "properties": {"name": {"type": "string"}, "url": {"type": ["string", "null"]}},
        },
        "glossary_review": _type_schema(Review, definitions),
    }
    for key, cls in KINDS:
        item = _type_schema(cls, definitions)
        definitions[cls.__name__]["properties"]["local"] = {"type": "boolean"}
        definitions[cls.__name__]["required"].append("local")
        properties[key] = {"type": "array", "items": item}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Online safeguarding guidance: the whole dataset",
        "type": "object",
        "additionalProperties": False,
        "required": sorted(properties),
        "properties": properties,
        "$defs": dict(sorted(definitions.items())),
    }


def csv_files(guidance: Guidance) -> dict[str, str]:
    """One CSV per kind people most often want in a spreadsheet: file name and text (UTF-8 with a BOM)."""
    resources = [
        ["id", "title", "kind", "publisher", "url", "nations", "phone", "email", "hours", "report_url", "summary"]
    ]
    for r in guidance.resources:
        c = r.contact
        resources.append([
            r.id, r.title, r.kind, r.publisher, r.url, " ".join(r.nations),
            (c and c.phone) or "", (c and c.email) or "", (c and c.hours) or "", (c and c.report_url) or "", r.summary,
        ])  # fmt: skip
    risks = [["id", "title", "summary", "nations", "actions", "resources"]]
    for risk in guidance.risks:
        risks.append([
            risk.id, risk.title, risk.summary, " ".join(risk.nations),
            "\n".join(_step_text(step) for step in risk.actions), " ".join(risk.resources),
        ])  # fmt: skip
    faqs = [["id", "question", "answer", "nations"]]
    faqs += [[f.id, f.question, f.answer, " ".join(f.nations)] for f in guidance.faqs]
    glossary = [["term", "expansion", "definition", "nations"]]
    glossary += [[t.term, t.expansion or "", t.definition, " ".join(t.nations)] for t in guidance.glossary]
    tables = {"resources.csv": resources, "risks.csv": risks, "faqs.csv": faqs, "glossary.csv": glossary}
    return {name: _csv(rows) for name, rows in tables.items()}


def open_data_files(guidance: Guidance, built: date, site_url: str | None) -> dict[str, str]:
    """Every open data file, by path relative to the site root."""
    files = {
        f"{FOLDER}/guidance.json": json.dumps(
            dataset(guidance, built, site_url), ensure_ascii=False, separators=(",", ":")
        )
        + "\n",
        f"{FOLDER}/guidance.schema.json": json.dumps(schema(), indent=1, ensure_ascii=False) + "\n",
    }
    files.update({f"{FOLDER}/{name}": text for name, text in csv_files(guidance).items()})
    return files


# Where each object type of the export is described in the data files' schemas: (schema, path to it).
_DESCRIBED_BY: dict[str, tuple[str, tuple[str, ...]]] = {
    "Objective": ("objective", ()),
    "Area": ("objective", ("$defs", "area")),
    "Level": ("objective", ("$defs", "area", "properties", "levels", "items")),
    "GovernorQuestion": ("objective", ("$defs", "area", "properties", "governor_questions", "items")),
    "SelfReviewLink": ("audience", ("properties", "self_review")),
    "Risk": ("risk", ()),
    "Briefing": ("risk", ("properties", "briefing")),
    "BriefingFact": ("risk", ("properties", "briefing", "properties", "facts", "items")),
    "Resource": ("resource", ()),
    "Contact": ("resource", ("properties", "contact")),
    "Faq": ("faq", ()),
    "Audience": ("audience", ()),
    "Guide": ("guide", ()),
    "GuideStep": ("guide", ("$defs", "step")),
    "Answer": ("guide", ("$defs", "step", "properties", "answers", "items")),
    "Term": ("glossary", ("properties", "terms", "items")),
    "Source": ("common", ("$defs", "source")),
    "Change": ("common", ("$defs", "change")),
    "NationText": ("common", ("$defs", "nation_variant")),
    "Step": ("common", ("$defs", "step", "else")),
}


def schema_descriptions(schemas: SchemaSet) -> dict[str, dict[str, str]]:
    """Object type → field → the description the data files' schemas give it, for the Open data page."""
    found: dict[str, dict[str, str]] = {}
    for type_name, (schema_name, path) in _DESCRIBED_BY.items():
        node: Any = schemas.schema(schema_name)
        for key in path:
            node = node.get(key, {}) if isinstance(node, dict) else {}
        fields: dict[str, str] = {}
        for name, spec in (node.get("properties") or {}).items():
            described = spec.get("description") or schemas.resolve(schema_name, spec)[0].get("description")
            if described:
                fields[name] = described
        found[type_name] = fields
    return found


def field_table(descriptions: dict[str, dict[str, str]]) -> list[tuple[str, list[tuple[str, str, str]]]]:
    """For the Open data page: each object type with its fields' names, types and descriptions."""
    definitions = schema()["$defs"]
    rows = []
    for name, definition in definitions.items():
        own = descriptions.get(name, {})
        fields = [
            (field, _type_words(spec), own.get(field) or EXTRA_DESCRIPTIONS.get(field, ""))
            for field, spec in definition["properties"].items()
        ]
        rows.append((name, fields))
    return rows


def _plain(value: Any) -> Any:
    """A model object as JSON values: dataclasses as objects, tuples as lists, dates as text."""
    if value is None or isinstance(value, str | bool | int | float):
        return value  # most values: tested first, as this runs for every value of every item
    names = _field_names(type(value))
    if names is not None:
        return {
            name: dict((k, list(v)) for k, v in getattr(value, name))
            if name in _MAPPINGS
            else _plain(getattr(value, name))
            for name in names
        }
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    return value


_FIELD_NAMES: dict[type, tuple[str, ...] | None] = {}


def _field_names(kind: type) -> tuple[str, ...] | None:
    """The fields of a dataclass, in order (None for any other type); looked up once per type."""
    if kind not in _FIELD_NAMES:
        _FIELD_NAMES[kind] = tuple(f.name for f in dataclasses.fields(kind)) if dataclasses.is_dataclass(kind) else None
    return _FIELD_NAMES[kind]


def _type_schema(hint: Any, definitions: dict[str, Any], name: str = "") -> dict[str, Any]:
    if name in _MAPPINGS:
        return {"type": "object", "additionalProperties": {"type": "array", "items": {"type": "string"}}}
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        if hint.__name__ not in definitions:
            definitions[hint.__name__] = {}  # placeholder: a type may contain itself
            hints = typing.get_type_hints(hint)
            fields = dataclasses.fields(hint)
            definitions[hint.__name__] = {
                "type": "object",
                "additionalProperties": False,
                "required": [f.name for f in fields],
                "properties": {f.name: _type_schema(hints[f.name], definitions, f.name) for f in fields},
            }
        return {"$ref": f"#/$defs/{hint.__name__}"}
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (types.UnionType, typing.Union):
        return {"anyOf": [_type_schema(arg, definitions) for arg in args]}
    if origin is tuple:
        return {"type": "array", "items": _type_schema(args[0], definitions)}
    simple = {str: "string", int: "integer", bool: "boolean", type(None): "null"}
    if hint is date:
        return {"type": "string", "format": "date"}
    if hint in simple:
        return {"type": simple[hint]}
    raise TypeError(f"no JSON Schema for {hint!r}")  # a new kind of field: teach this function


def _type_words(spec: dict[str, Any]) -> str:
    if "$ref" in spec:
        return spec["$ref"].rsplit("/", 1)[-1]
    if "anyOf" in spec:
        return " or ".join(_type_words(option) for option in spec["anyOf"])
    if spec.get("type") == "array":
        return f"list of {_type_words(spec['items'])}"
    if spec.get("format") == "date":
        return "date"
    if spec.get("type") == "object":
        return "nation → list of ids"
    return str(spec.get("type"))


def _data_file(item: Any) -> str:
    review = getattr(item, "review", None)
    return review.data_file if isinstance(review, Review) else ""


def _step_text(step: Any) -> str:
    if step.text:
        return str(step.text)
    return " ".join(f"{', '.join(v.nations)}: {v.text}" for v in step.by_nation)


def spreadsheet_cell(value: str) -> str:
    """`value` as a spreadsheet shows it but never runs it: an apostrophe before a formula's first character.

    Spreadsheets take the apostrophe to mean "this is text" (most then hide it); other programs read it as
    part of the text, so the Open data page says so (a phone number written +44 ... gets one too).
    """
    return f"'{value}" if value.startswith(FORMULA_START) else value


def _csv(rows: list[list[str]]) -> str:
    out = io.StringIO()
    # A byte order mark so that spreadsheet programs read the UTF-8 (Welsh accents, curly quotes) as UTF-8.
    out.write("\ufeff")
    # Every cell in double quotes, as OWASP advises with the apostrophe, so that nothing in it can end it.
    writer = csv.writer(out, lineterminator="\r\n", quoting=csv.QUOTE_ALL)
    writer.writerows([spreadsheet_cell(cell) for cell in row] for row in rows)
    return out.getvalue()
