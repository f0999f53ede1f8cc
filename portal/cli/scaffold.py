"""New data files with every field the schema knows, and placeholders the validator refuses until filled."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from portal.checks.reserved_ids import RULES
from portal.source.schemas import SchemaSet

PLACEHOLDER = "REPLACE:"
OPTIONAL_PLACEHOLDER = "REPLACE (optional):"
ID_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


@dataclass(frozen=True)
class Kind:
    """What `python -m portal new KIND` can create, and where."""

    folder: str | None  # None: an entry appended to a single file
    schema: str
    what: str
    # A written skeleton, for kinds whose schema alone cannot give a valid shape (a guide's steps).
    template: str | None = None


SCAFFOLD_KINDS = {
    "risk": Kind("risks", "risk", "risk area"),
    "resource": Kind("resources", "resource", "resource"),
    "faq": Kind("faqs", "faq", "frequently asked question"),
    "audience": Kind("audiences", "audience", "audience start page"),
    "objective": Kind("objectives", "objective", "objective"),
    "term": Kind(None, "glossary", "glossary term"),
    "guide": Kind("guides", "guide", "step-by-step guide", "new_guide.yml.j2"),
    "filtering-review": Kind("filtering-reviews", "filtering_review", "filtering and monitoring review edition"),
}
EDITION_KIND = "filtering-review"


class ScaffoldError(Exception):
    """A new item cannot be created; the message says why."""


def create(
    kind_name: str, item_id: str, data_dir: Path, schemas: SchemaSet, today: date, upstream_dir: Path | None = None
) -> Path:
    """Write the new item's file (or glossary entry) and return the file changed.

    With `upstream_dir`, `data_dir` is a hosted copy's local/data/ and the id must be new upstream too.
    """
    kind = SCAFFOLD_KINDS[kind_name]
    if kind.folder is None:
        if upstream_dir is not None:
            raise ScaffoldError("a hosted copy cannot add glossary terms locally: propose the term upstream instead")
        return _add_term(item_id, data_dir, schemas)
    if upstream_dir is not None and (upstream_dir / kind.folder / f"{item_id}.yml").exists():
        raise ScaffoldError(
            f"'{item_id}' is already an upstream {kind.what}: to change it, create "
            f"{data_dir / kind.folder / (item_id + '.yml')} holding 'extends: {item_id}' and only the fields you change"
        )
    if not ID_PATTERN.match(item_id):
        raise ScaffoldError(
            f"'{item_id}' is not a valid id: use lower-case words joined by hyphens, e.g. online-gaming"
        )
    reserved = RULES[kind_name].why(item_id) if kind_name in RULES else None
    if reserved is not None:
        raise ScaffoldError(
            f"'{item_id}' is reserved ({reserved}): choose another id, e.g. {RULES[kind_name].example(item_id)}"
        )
    target = data_dir / kind.folder / f"{item_id}.yml"
    if target.exists():
        raise ScaffoldError(f"{target} already exists: edit it, or choose another id")
    target.parent.mkdir(parents=True, exist_ok=True)
    schemas_path = "../" * (3 if upstream_dir is not None else 2) + "schemas"
    if kind_name == EDITION_KIND and (edition := _newest_edition(data_dir / kind.folder, target, today)) is not None:
        target.write_text(edition, encoding="utf-8")
        return target
    if kind.template is not None:
        target.write_text(_from_template(kind.template, item_id, schemas_path, today), encoding="utf-8")
        return target
    header = [
        f"# yaml-language-server: $schema={schemas_path}/{kind.schema}.schema.json",
        f"# A new {kind.what}. Replace every value that starts with {PLACEHOLDER} (the check refuses them),",
        "# and delete any optional field that does not apply. CONTRIBUTING.md explains each field.",
    ]
    body = _object(schemas, kind.schema, schemas.schema(kind.schema), 0, {"id": item_id}, today)
    target.write_text("\n".join(header + body) + "\n", encoding="utf-8")
    return target


def _newest_edition(folder: Path, target: Path, today: date) -> str | None:
    """A new edition of the filtering and monitoring review: the newest one's text with a new id, today's date
    and placeholders for its name and its change note, which the check refuses until they are written."""
    import yaml

    def reviewed(path: Path) -> str:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        return str(data.get("reviewed", "")) if isinstance(data, dict) else ""

    editions = sorted((p for p in folder.glob("*.yml") if p != target), key=lambda p: (reviewed(p), p.name))
    if not editions:
        return None
    text = editions[-1].read_text(encoding="utf-8")
    day = today.isoformat()
    for field, value in (
        ("id", json.dumps(target.stem)),
        ("edition", json.dumps(f"{PLACEHOLDER} how the page names this edition, e.g. September 2027 edition")),
        ("reviewed", day),
    ):
        text = re.sub(rf"^{field}: .*$", f"{field}: {value}", text, count=1, flags=re.MULTILINE)
    note = json.dumps(f"{PLACEHOLDER} what changed since {editions[-1].stem}: new, reworded or dropped checks")
    return re.sub(r"^changes:\n", f"changes:\n  - date: {day}\n    note: {note}\n", text, count=1, flags=re.MULTILINE)


def _from_template(name: str, item_id: str, schemas_path: str, today: date) -> str:
    """A new item's file from a written skeleton in portal/site/templates/."""
    from jinja2 import Environment, PackageLoader, StrictUndefined

    env = Environment(
        loader=PackageLoader("portal.site", "templates"), undefined=StrictUndefined, keep_trailing_newline=True
    )
    env.filters["tojson"] = json.dumps
    return env.get_template(name).render(id=item_id, schemas_path=schemas_path, today=today.isoformat())


def _add_term(term: str, data_dir: Path, schemas: SchemaSet) -> Path:
    target = data_dir / "glossary.yml"
    lines = target.read_text(encoding="utf-8").splitlines()
    if any(re.match(rf"^\s*-?\s*term:\s*['\"]?{re.escape(term)}['\"]?\s*$", line) for line in lines):
        raise ScaffoldError(f"the glossary already has '{term}'")
    spec = schemas.schema("glossary")["properties"]["terms"]["items"]
    entry = _object(schemas, "glossary", spec, 4, {"term": term}, date.today())
    first = next(i for i, line in enumerate(entry) if not line.lstrip().startswith("#"))
    entry[first] = "  - " + entry[first].lstrip()
    closing = next(
        (i for i, line in enumerate(lines) if re.match(r"^[a-z_]+:", line) and i > 0 and not line.startswith("terms:")),
        len(lines),
    )
    target.write_text("\n".join(lines[:closing] + entry + lines[closing:]) + "\n", encoding="utf-8")
    return target


def _object(
    schemas: SchemaSet, base: str, spec: dict[str, Any], indent: int, given: dict[str, str], today: date
) -> list[str]:
    pad = " " * indent
    lines: list[str] = []
    required = set(spec.get("required", ()))
    for name, raw in spec.get("properties", {}).items():
        field, field_base = schemas.resolve(base, raw)
        description = str(raw.get("description") or field.get("description") or "")
        description = description.removeprefix("Optional:").strip()
        comment = description.rstrip(".") + "." if description else ""
        if name not in required:
            comment += " Optional: delete this field if it does not apply."
        if comment:
            lines.append(f"{pad}# {comment.strip()}")
        lines += _value(schemas, field_base, name, field, indent, given, today, description, name not in required)
    return lines


def _value(
    schemas: SchemaSet,
    base: str,
    name: str,
    field: dict[str, Any],
    indent: int,
    given: dict[str, str],
    today: date,
    description: str,
    optional: bool,
) -> list[str]:
    pad = " " * indent
    if name in given:
        return [f"{pad}{name}: {json.dumps(given[name])}"]
    if name == "reviewed":
        return [f"{pad}{name}: {today.isoformat()}"]
    if name == "review_interval_months":
        return [f"{pad}{name}: 12"]
    kind = field.get("type")
    if kind == "array":
        item, item_base = schemas.resolve(base, field.get("items", {}))
        count = max(1, int(field.get("minItems", 1)))
        lines = [f"{pad}{name}:"]
        for _ in range(count):
            if item.get("type") == "object":
                entry = _object(schemas, item_base, item, indent + 4, {}, today)
                first = next(i for i, line in enumerate(entry) if not line.lstrip().startswith("#"))
                entry[first] = f"{pad}  - " + entry[first].lstrip()
                lines += entry
            else:
                lines.append(f"{pad}  - {json.dumps(_placeholder(item, description, optional))}")
        return lines
    if kind == "object" and "properties" in field:
        return [f"{pad}{name}:", *_object(schemas, base, field, indent + 2, {}, today)]
    return [f"{pad}{name}: {json.dumps(_placeholder(field, description, optional))}"]


def _placeholder(field: dict[str, Any], description: str, optional: bool) -> str:
    prefix = OPTIONAL_PLACEHOLDER if optional else PLACEHOLDER
    if "enum" in field:
        return f"{prefix} one of " + ", ".join(map(str, field["enum"]))
    if field.get("type") == "integer":
        return f"{prefix} a whole number ({description or 'see the comment above'})"
    return f"{prefix} {description or 'your text'}"
