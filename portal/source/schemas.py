"""Check a parsed YAML document against its JSON Schema and word each failure for an editor.

Besides the standard keywords the schemas use two of their own, both ignored by validators:
`patternErrorMessage` words a pattern failure (as the VS Code YAML extension does) and `limitHint`
is the hint given when a value breaks the maxLength, maxItems or maxProperties beside it (without
one, the field's description is the hint).
"""

from __future__ import annotations

import datetime
import difflib
import json
import re
from collections.abc import Callable, Iterator
from functools import cache, cached_property, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import fastjsonschema

from portal.source.errors import DataError, field_path
from portal.source.yaml_document import YamlDocument


def _schema_folder() -> Path:
    """The JSON Schemas: shipped inside the package when installed, else the source tree's schemas/."""
    packaged = Path(__file__).resolve().parent.parent / "schemas"
    return packaged if packaged.is_dir() else packaged.parent.parent / "schemas"


SCHEMA_DIR = _schema_folder()

if TYPE_CHECKING:  # jsonschema is imported only to explain a failure: valid data never needs it
    from jsonschema.exceptions import ValidationError
    from jsonschema.protocols import Validator
    from referencing import Registry

_TYPE_NAMES = {
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "array": "a list",
    "object": "a mapping of fields",
    "null": "nothing",
}

_TYPE_HINTS = {
    "array": "write a list: one '- item' per line, or [first, second]",
    "string": "put the value in quotes if it looks like a number, date or true/false",
    "object": "indent the fields that belong under this one",
}
_SCRIPT = re.compile(r"\s*(java|vb)script\s*:", re.IGNORECASE)
# The size limits, by the kind of value each applies to.
_LIMITS = {"maxLength": str, "maxItems": list, "maxProperties": dict}
# Keywords that look inside a value or at its text: pointless, slow (uniqueItems is quadratic for
# values that cannot be sorted) or flooding the report with one line per entry once the value is
# over the limit beside them, whose own error says all that matters.
_SKIPPED_OVER_LIMIT = (
    "pattern",
    "format",
    "items",
    "prefixItems",
    "contains",
    "uniqueItems",
    "properties",
    "patternProperties",
    "additionalProperties",
    "propertyNames",
)
_ECHO = 40  # characters of a value (or key) quoted back in a message, at most
_UNKNOWN_SHOWN = 20  # unknown fields of one mapping reported one by one; the rest in one line


def _describe(value: Any) -> str:
    """Name the YAML type of a value the way an editor sees it."""
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int):
        return "a number"
    if isinstance(value, float):
        return "a decimal number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping of fields"
    return "nothing" if value is None else type(value).__name__


class SchemaSet:
    """The JSON Schemas in one folder, resolvable by file name."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    @cached_property
    def _schemas(self) -> dict[str, dict[str, Any]]:
        return {
            path.name: json.loads(path.read_text(encoding="utf-8"))
            for path in sorted(self.folder.glob("*.schema.json"))
        }

    @cached_property
    def _registry(self) -> Registry:
        from referencing import Registry, Resource

        return Registry().with_resources(
            (name, Resource.from_contents(schema)) for name, schema in self._schemas.items()
        )

    @cached_property
    def _validators(self) -> dict[str, Validator]:
        return {}

    @cached_property
    def _quick(self) -> dict[str, Callable[[Any], Any]]:
        return {}

    def is_valid(self, data: Any, name: str) -> bool:
        """Whether `data` passes schema `name`, from a compiled validator: fast, but with no detail.

        Checking every file with jsonschema took most of a large build's data loading; now it only
        explains the files that fail. tests/test_schemas.py holds the two to the same verdicts.
        """
        if name not in self._quick:
            inlined = _inline_refs(self.schema(name), f"{name}.schema.json", self._schemas, depth=0)
            inlined.pop("$defs", None)
            # Draft 7 rules match ours once each $ref stands alone, which _inline_refs ensures.
            inlined["$schema"] = "http://json-schema.org/draft-07/schema#"
            self._quick[name] = _compiled(json.dumps(inlined, sort_keys=True))
        try:
            self._quick[name](data)
        except Exception:  # noqa: BLE001 - any doubt goes to the detailed check, which explains it
            return False
        return True

    def schema(self, name: str) -> dict[str, Any]:
        """The raw schema document named `<name>.schema.json`."""
        return self._schemas[f"{name}.schema.json"]

    def resolve(self, base: str, spec: dict[str, Any]) -> tuple[dict[str, Any], str]:
        """Follow $refs (to other schema files or within one) to the definition, and the schema it is in."""
        while "$ref" in spec:
            target, _, pointer = str(spec["$ref"]).partition("#")
            if target:
                base = target.removesuffix(".schema.json")
            node: Any = self.schema(base)
            for part in filter(None, pointer.split("/")):
                node = node[part]
            spec = {**node, **{k: v for k, v in spec.items() if k != "$ref"}}
        return spec, base

    def validator(self, name: str) -> Validator:
        """A validator for `<name>.schema.json` that resolves references to its siblings.

        It is Draft 2020-12, except that a value over its size limit is not also looked inside
        (see _SKIPPED_OVER_LIMIT): the limit's error is the one line reported for it.
        """
        if name not in self._validators:
            schema = {"$id": f"{name}.schema.json", **self.schema(name)}
            from jsonschema import FormatChecker

            self._validators[name] = _limited_validator()(
                schema, registry=self._registry, format_checker=FormatChecker()
            )
        return self._validators[name]

    def description(self, subschema: dict[str, Any], base: str) -> str:
        """The description of a subschema, following one $ref relative to schema `base`."""
        if "description" in subschema or "$ref" not in subschema:
            return str(subschema.get("description", ""))
        target, _, pointer = str(subschema["$ref"]).partition("#")
        node: Any = self._schemas.get(target or f"{base}.schema.json", {})
        for part in filter(None, pointer.split("/")):
            node = node.get(part, {}) if isinstance(node, dict) else {}
        return str(node.get("description", "")) if isinstance(node, dict) else ""

    def check(self, doc: YamlDocument, name: str) -> list[DataError]:
        """Every failure of `doc` against schema `name`, one DataError each, at the field's line."""
        if self.is_valid(doc.data, name):
            return []
        failures = list(self.validator(name).iter_errors(doc.data))
        # A field that tightens a shared definition's limit fails both: the tighter one alone is its limit.
        tightest: dict[tuple[Any, ...], Any] = {}
        for f in failures:
            if f.validator in ("maxLength", "maxItems"):
                key = (tuple(f.absolute_path), f.validator)
                tightest[key] = min(tightest.get(key, f.validator_value), f.validator_value)
        failures = [
            f
            for f in failures
            if f.validator not in ("maxLength", "maxItems")
            or f.validator_value == tightest[(tuple(f.absolute_path), f.validator)]
        ]
        # A value of the wrong type also fails its enum or pattern; the type error alone says it best.
        wrong_type = {tuple(f.absolute_path) for f in failures if f.validator == "type"}
        # A value over a size limit is reported once, as such: not also for its pattern or its entries.
        over_limit = {tuple(f.absolute_path) for f in failures if f.validator in _LIMITS and not _checks_a_key(f)}
        errors: list[DataError] = []
        for failure in failures:
            path = tuple(failure.absolute_path)
            if failure.validator != "type" and path in wrong_type:
                continue
            if failure.validator not in _LIMITS and any(path[: len(p)] == p for p in over_limit):
                continue
            errors.extend(_explain(doc, failure, lambda sub: self.description(sub, name)))
        # A misspelt field is reported once, as "unknown field ... did you mean", not also as missing.
        suggested = {(e.field.rpartition(".")[0], e.hint) for e in errors if e.problem.startswith("unknown field")}
        return [
            e
            for e in errors
            if not (
                e.problem == "missing required field"
                and (e.field.rpartition(".")[0], f"did you mean '{e.field.rpartition('.')[2]}'?") in suggested
            )
        ]


_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$", re.ASCII)


def _is_date(value: str) -> bool:
    """A real calendar date written YYYY-MM-DD: jsonschema's 'date' format, which the detailed check uses."""
    try:
        return bool(_DATE.fullmatch(value)) and bool(datetime.date.fromisoformat(value))
    except ValueError:
        return False


@cache
def _limited_validator() -> type[Validator]:
    """Draft 2020-12, with the keywords in _SKIPPED_OVER_LIMIT skipped for a value over a limit beside them."""
    from jsonschema import Draft202012Validator, validators

    def unless_over_limit(check: Callable[..., Any]) -> Callable[..., Any]:
        def guarded(validator: Validator, value: Any, instance: Any, schema: dict[str, Any]) -> Any:
            if _over_limit(instance, schema):
                return iter(())
            return check(validator, value, instance, schema)

        return guarded

    keywords = Draft202012Validator.VALIDATORS
    return validators.extend(
        Draft202012Validator, {name: unless_over_limit(keywords[name]) for name in _SKIPPED_OVER_LIMIT}
    )


def _over_limit(instance: Any, schema: dict[str, Any]) -> bool:
    """Whether `instance` breaks a maxLength, maxItems or maxProperties in `schema`."""
    return any(
        isinstance(instance, kind) and isinstance(schema.get(keyword), int) and len(instance) > schema[keyword]
        for keyword, kind in _LIMITS.items()
    )


def _inline_refs(node: Any, file: str, schemas: dict[str, dict[str, Any]], depth: int) -> Any:
    """The schema with each `$ref` replaced by its target, kept in an allOf beside the keywords next to it.

    In JSON Schema 2020-12 the keywords beside a `$ref` (minItems, say) apply as well as its target;
    in draft 7 they are ignored, so each target goes into an allOf of its own.
    """
    if depth > 50:
        raise ValueError(f"{file}: $ref nesting too deep (a reference cycle?)")
    if isinstance(node, list):
        return [_inline_refs(item, file, schemas, depth + 1) for item in node]
    if not isinstance(node, dict):
        return node
    result = {
        key: value if key in ("enum", "const") else _inline_refs(value, file, schemas, depth + 1)
        for key, value in node.items()
        if key != "$ref"
    }
    if "$ref" in node:
        target_file, _, pointer = str(node["$ref"]).partition("#")
        target_file = target_file or file
        target: Any = schemas[target_file]
        for part in filter(None, pointer.split("/")):
            target = target[part]
        result["allOf"] = [*result.get("allOf", []), _inline_refs(target, target_file, schemas, depth + 1)]
    return result


def _explain(
    doc: YamlDocument, error: ValidationError, describe: Callable[[dict[str, Any]], str]
) -> Iterator[DataError]:
    path = tuple(error.absolute_path)
    schema = error.schema if isinstance(error.schema, dict) else {}
    hint = describe(schema)
    kind = error.validator
    instance: Any = error.instance  # jsonschema types these as Any | Unset; they are set for every error
    value: Any = error.validator_value

    def at(problem: str, hint_text: str = hint, where: tuple[str | int, ...] = path) -> DataError:
        # A key is quoted back short, like a value: a hostile one may be very long.
        shown = tuple(_clip(part) if isinstance(part, str) else part for part in where)
        return DataError(doc.display, doc.line_of(where), field_path(shown), problem, hint_text)

    if kind == "required":
        missing = error.message.split("'")[1]
        properties = schema.get("properties", {})
        yield at("missing required field", describe(properties.get(missing, {})), where=path + (missing,))
    elif kind == "additionalProperties":
        allowed = sorted(schema.get("properties", {}))
        unknown = sorted(set(instance) - set(allowed))
        for key in unknown[:_UNKNOWN_SHOWN]:
            close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
            suggestion = f"did you mean '{close[0]}'?" if close else "allowed fields: " + ", ".join(allowed)
            yield at(f"unknown field {_short(key)}", suggestion, where=path + (key,))
        if len(unknown) > _UNKNOWN_SHOWN:  # a flood of keys is summed up, not listed one line each
            more = len(unknown) - _UNKNOWN_SHOWN
            yield at(f"{more:,} more unknown fields", "allowed fields: " + ", ".join(allowed))
    elif kind == "type":
        wanted = value
        wanted = wanted if isinstance(wanted, list) else [wanted]
        names = [_TYPE_NAMES.get(str(t), str(t)) for t in wanted]
        yield at(f"expected {' or '.join(names)}, got {_describe(instance)}", hint or _TYPE_HINTS.get(wanted[0], ""))
    elif kind == "enum":
        options = [str(option) for option in value]
        close = difflib.get_close_matches(str(instance), options, n=1, cutoff=0.6)
        suggestion = f"did you mean '{close[0]}'? " if close else ""
        yield at(f"{_short(str(instance))} is not an allowed value", f"{suggestion}use one of: {', '.join(options)}")
    elif kind == "pattern" and isinstance(instance, str) and _SCRIPT.match(instance):
        yield at(
            f"{_short(instance)} is a script address, which is never allowed",
            "give the https:// address of a page",
        )
    elif kind == "pattern":
        message = schema.get("patternErrorMessage", f"does not match the pattern {value}")
        yield at(f"{_short(instance)} {message}")
    elif kind == "format" and value == "date":
        yield at(f"{_short(instance)} is not a real calendar date", "write dates as YYYY-MM-DD, e.g. 2026-11-28")
    elif kind == "minLength":
        yield at("must not be empty")
    elif kind == "maxLength":
        # A key's limit (propertyNames) is reported at its mapping: say which key.
        what = f"the name {_short(instance)} is" if _checks_a_key(error) else "is"
        yield at(f"{what} {len(instance):,} characters long; the limit is {value:,}", _limit_hint(schema, hint))
    elif kind in ("maxItems", "maxProperties"):
        yield at(f"has {len(instance):,} entries; the limit is {value:,}", _limit_hint(schema, hint))
    elif kind == "minItems":
        noun = "item" if value == 1 else "items"
        yield at(f"needs at least {value} {noun}")
    elif kind == "minProperties":
        yield at("must not be empty", "give at least one field, or remove it")
    elif kind == "uniqueItems":
        yield at("lists the same value twice", "remove the repeated entry")
    elif kind in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
        yield at(f"{_short(instance)} is out of range ({kind} {value})")
    else:
        yield at(_clip(error.message, 200))


def _limit_hint(schema: dict[str, Any], hint: str) -> str:
    """The schema's own hint for a value over its limit, else the field's description."""
    return str(schema.get("limitHint") or hint)


def _checks_a_key(error: ValidationError) -> bool:
    """Whether the failure is of a mapping's key (propertyNames) rather than of a value."""
    schema_path = list(error.relative_schema_path)
    return len(schema_path) >= 2 and schema_path[-2] == "propertyNames"


def _clip(text: str, limit: int = _ECHO) -> str:
    """`text`, cut to `limit` characters with an ellipsis if longer."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _short(value: Any) -> str:
    """A value as quoted back in a message: at most _ECHO characters of it, in quotes if it is text."""
    return f"'{_clip(value)}'" if isinstance(value, str) else _clip(repr(value))


# Compiling a schema costs more than checking every file against it, and `mkdocs serve` loads the
# data again on every save (as do many tests): the same schema compiles once per process.
@lru_cache(maxsize=64)
def _compiled(schema_json: str) -> Callable[[Any], Any]:
    """A fast validator for one inlined schema, given as JSON text (the cache key)."""
    # No detailed messages: jsonschema writes those. Without them the code compiles three times faster.
    return fastjsonschema.compile(
        json.loads(schema_json), formats={"date": _is_date}, use_default=False, detailed_exceptions=False
    )
