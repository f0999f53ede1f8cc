"""Checks no JSON Schema can express: ids, references, safe text, sensible dates."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from portal.checks.markdown_safety import data_text_findings
from portal.source.errors import DataError, clip, describe_character, field_path, find_invisible
from portal.source.yaml_document import FieldPath, YamlDocument

_URL_FIELDS = {"url", "report_url"}


@dataclass(frozen=True)
class Reference:
    """A field holding the id of another item, and what it must point at."""

    path: FieldPath
    target_id: str
    collection: str


def check_text_safety(doc: YamlDocument) -> Iterator[DataError]:
    """Invisible characters, raw HTML, script addresses and non-https links anywhere in the text of `doc`."""
    for path, text in doc.texts:
        # Controls, bidirectional overrides and zero-width characters can make an address or a link's
        # text read as something else (a right-to-left override turns 'moc.evil' round); nothing needs them.
        hidden = find_invisible(text)
        if hidden:
            yield text_error(
                doc,
                path,
                hidden.start(),
                f"contains the invisible character {describe_character(hidden.group())}",
                "delete it; retype the text around it if you cannot see where it is",
            )
        if path and path[-1] in _URL_FIELDS:
            continue  # the schema already insists on https for address fields
        for finding in data_text_findings(text):
            yield text_error(doc, path, finding.start, finding.problem, finding.hint)


def text_error(doc: YamlDocument, path: FieldPath, position: int, problem: str, hint: str) -> DataError:
    """A problem at character `position` of the text at `path`, reported on that character's line."""
    return DataError(doc.display, doc.line_in_text(path, position), field_path(path), problem, hint)


# Doubts of the editors ("we could not confirm ...") help nobody at the point of action: verify the fact, or
# point to the authority that holds it; notes for the next editor go in editor_notes, which is never shown.
EDITORIAL_DOUBT = re.compile(
    r"\b(?:could ?n[o']t|can ?n[o']t (?:confirm|verify)|not (?:yet )?(?:been )?(?:confirmed|verified)|unconfirmed"
    r"|as far as we (?:could|can) (?:find|tell|see)|check before relying|we found no|we did ?n[o']t find"
    r"|we (?:have|had) ?n[o']t|latest we have|we are not sure|unclear whether|we (?:believe|understand) that)",
    re.IGNORECASE,
)
NOT_SHOWN = "editor_notes"  # the one field readers never see
# The same, case-sensitive, for lower-cased ASCII text: half the time of the case-insensitive search.
_LOWER_DOUBT = re.compile(EDITORIAL_DOUBT.pattern)
_SPACE = re.compile(r"\s")  # the characters str.isspace() accepts, every one of them (tested)


DOUBT_HINT = (
    "verify the fact against the official page and state it, or send readers to the authority that holds it "
    "('check the opening hours on the NSPCC website'); notes for editors go in editor_notes"
)


def doubt_problem(found: re.Match[str]) -> str:
    """The message for a doubt found in text readers see."""
    return f"'{found.group()}' puts the editors' doubt in front of readers"


def check_editorial_doubt(doc: YamlDocument) -> Iterator[DataError]:
    """Text readers see says what is so, or where to find it out; never the editors' doubts."""
    for path, text in doc.texts:
        if NOT_SHOWN in path or "sources" in path or not _SPACE.search(text) or is_placeholder(text):
            continue  # a single word is a value from a fixed list (cost: unconfirmed), worded by the site
        if text.isascii():
            # Lower-casing ASCII keeps every position, so the quick search says where the real one matches.
            lowered = _LOWER_DOUBT.search(text.lower())
            found = EDITORIAL_DOUBT.search(text, lowered.start()) if lowered else None
        else:
            found = EDITORIAL_DOUBT.search(text)
        if found:
            yield text_error(doc, path, found.start(), doubt_problem(found), DOUBT_HINT)


MAX_ID_LIST = 500  # maxItems of id_list in schemas/common.schema.json

PLACEHOLDER = re.compile(r"^\s*REPLACE( \(optional\))?:\s*")


def is_placeholder(value: object) -> bool:
    """True for a value the scaffold wrote and nobody has replaced."""
    return isinstance(value, str) and PLACEHOLDER.match(value) is not None


def placeholder_paths(doc: YamlDocument) -> list[FieldPath]:
    """Fields still holding a scaffold placeholder."""
    return [path for path, text in doc.texts if is_placeholder(text)]


def check_placeholders(doc: YamlDocument) -> Iterator[DataError]:
    """A scaffolded value nobody has filled in yet."""
    for path, text in doc.texts:
        match = PLACEHOLDER.match(text)
        if not match:
            continue
        wanted = text[match.end() :].strip()
        hint = f"write {wanted[:1].lower() + wanted[1:]}" if wanted else "write a value"
        if match.group(1):
            hint += ", or delete the field, which is optional"
        yield DataError(doc.display, doc.line_of(path), field_path(path), "placeholder not replaced", hint)


def check_dates_not_future(doc: YamlDocument, today: date) -> Iterator[DataError]:
    """A 'reviewed' date, or a change note's date, after today cannot be true."""
    for path, text in doc.texts:
        change = len(path) >= 3 and path[-3] == "changes" and path[-1] == "date"
        if path and (path[-1] == "reviewed" or change):
            try:
                when = date.fromisoformat(text)
            except ValueError:
                continue  # the schema reports impossible dates
            if when > today:
                yield DataError(
                    doc.display,
                    doc.line_of(path),
                    field_path(path),
                    f"'{text}' is in the future",
                    "give the day the change was made" if change else "give the date the item was actually checked",
                )


def check_changes_newest_first(doc: YamlDocument, prefix: FieldPath = ()) -> Iterator[DataError]:
    """Change notes are read from the top: each must be no newer than the one above it."""
    data: Any = doc.data
    for key in prefix:
        data = data[key]
    notes = data.get("changes") if isinstance(data, dict) else None
    if not isinstance(notes, list):
        return
    for index in range(1, len(notes)):
        above, below = notes[index - 1]["date"], notes[index]["date"]
        if below > above:  # ISO dates compare as text
            yield DataError(
                doc.display,
                doc.line_of((*prefix, "changes", index, "date")),
                field_path((*prefix, "changes", index, "date")),
                f"{below} is newer than the note above it ({above})",
                "keep the newest note at the top of changes",
            )


def check_file_id(doc: YamlDocument) -> Iterator[DataError]:
    """An item's id must equal its file name, so links and files stay in step."""
    item_id = doc.data.get("id") if isinstance(doc.data, dict) else None
    if isinstance(item_id, str) and item_id != doc.path.stem:
        yield DataError(
            doc.display,
            doc.line_of(("id",)),
            "id",
            f"id '{clip(item_id)}' does not match the file name '{doc.path.name}'",
            f"rename the file to {item_id}.yml or change the id to '{doc.path.stem}'",
        )


def check_unique(
    doc: YamlDocument, items: Iterable[tuple[FieldPath, str]], what: str, fold_case: bool = False
) -> Iterator[DataError]:
    """Values that must be unique within one file, e.g. area ids or glossary terms."""
    seen: dict[str, FieldPath] = {}
    for path, value in items:
        key = value.casefold() if fold_case else value
        if key in seen:
            first = doc.line_of(seen[key])
            yield DataError(
                doc.display,
                doc.line_of(path),
                field_path(path),
                f"duplicate {what} '{value}' (first used on line {first})",
                f"give each {what} its own value",
            )
        else:
            seen[key] = path


def check_references(
    doc: YamlDocument, references: Iterable[Reference], known: dict[str, set[str]]
) -> Iterator[DataError]:
    """Every id a field points at must exist in its collection."""
    for ref in references:
        ids = known[ref.collection]
        if ref.target_id in ids or is_placeholder(ref.target_id):
            continue  # a placeholder is reported as such
        close = difflib.get_close_matches(ref.target_id, sorted(ids), n=1, cutoff=0.6)
        hint = f"did you mean '{close[0]}'?" if close else f"known {ref.collection}: {', '.join(sorted(ids)) or 'none'}"
        yield DataError(
            doc.display,
            doc.line_of(ref.path),
            field_path(ref.path),
            f"unknown {ref.collection[:-1] if ref.collection.endswith('s') else ref.collection} '{ref.target_id}'",
            hint,
        )


def id_list(data: dict[str, Any], key: str, collection: str, prefix: FieldPath = ()) -> Iterator[Reference]:
    """References held in the list field `key` of `data` (none from a list over the schema's limit, reported there)."""
    values = data.get(key)
    if not isinstance(values, list) or len(values) > MAX_ID_LIST:
        return
    for index, value in enumerate(values):
        if isinstance(value, str):
            yield Reference(prefix + (key, index), value, collection)


def under_placeholder(field: str, unfilled: list[tuple[str | int, ...]]) -> bool:
    """True when `field` lies inside one of the `unfilled` placeholder paths."""
    return any(
        field == field_path(path)
        or field.startswith(field_path(path) + ".")
        or field.startswith(field_path(path) + "[")
        for path in unfilled
    )
