"""Read one YAML file into plain data plus the line of every field, in time and memory bounded by its size."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, NoReturn

import yaml
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from portal.source.errors import DataError, describe_character, field_path, find_invisible
from portal.source.limits import (
    ALIASES_REFUSED,
    MAX_DEPTH,
    MAX_FILE_BYTES,
    YamlProblem,
    check_before_composing,
    read_regular_file,
)

__all__ = ["FieldPath", "YamlDocument", "YamlProblem", "parse_yaml", "read_yaml"]

FieldPath = tuple[str | int, ...]

_BaseLoader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_BaseLoader):  # type: ignore[misc,valid-type]
    """Safe loader that keeps dates as text so the validator can report impossible ones."""


# Dates stay strings: PyYAML would raise a bare ValueError on 2026-02-30, losing the line.
_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}

_STR_TAG = "tag:yaml.org,2002:str"
_MERGE_TAG = "tag:yaml.org,2002:merge"
# Explicit tags (!!binary, !!python/object, !custom) build values no data file needs; plain values only.
_SCALAR_TAGS = frozenset(f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null"))
_COLLECTION_TAGS = {MappingNode: "tag:yaml.org,2002:map", SequenceNode: "tag:yaml.org,2002:seq"}


@dataclass(frozen=True)
class YamlDocument:
    """The data of one file and the 1-based line where each field starts."""

    path: Path
    display: str
    data: Any
    lines: Mapping[FieldPath, int]
    problems: tuple[DataError, ...] = ()
    literal_starts: Mapping[FieldPath, int] = field(default_factory=dict)

    @cached_property
    def texts(self) -> tuple[tuple[FieldPath, str], ...]:
        """Every text value in the file with its field path, in document order (several checks read them)."""
        found: list[tuple[FieldPath, str]] = []
        stack: list[tuple[FieldPath, Any]] = [((), self.data)]
        while stack:  # a stack, not recursive generators: this runs over every value of every file
            here, node = stack.pop()
            if isinstance(node, str):
                found.append((here, node))
            elif isinstance(node, dict):
                stack.extend((here + (key,), item) for key, item in reversed(node.items()))
            elif isinstance(node, list):
                stack.extend((here + (index,), node[index]) for index in range(len(node) - 1, -1, -1))
        return tuple(found)

    def line_of(self, path: FieldPath) -> int:
        """Line of the field, or of its nearest parent that has one."""
        while path not in self.lines and path:
            path = path[:-1]
        return self.lines.get(path, 1)

    def line_in_text(self, path: FieldPath, position: int) -> int:
        """Line of character `position` of a text value: exact inside a `|` block, else the field's line."""
        start = self.literal_starts.get(path)
        if start is None:
            return self.line_of(path)
        value = self.data
        for part in path:
            value = value[part]
        return start + str(value)[:position].count("\n")


def read_yaml(path: Path, display: str) -> YamlDocument:
    """Parse the file at `path`; raise YamlProblem naming the line for anything unreadable."""
    raw = read_regular_file(path, display, MAX_FILE_BYTES)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise YamlProblem(
            DataError(
                display, line, "", f"not UTF-8 text (byte 0x{raw[exc.start]:02x})", "save the file with UTF-8 encoding"
            )
        ) from None
    return parse_yaml(text, path, display)


def parse_yaml(text: str, path: Path, display: str, first_line: int = 1) -> YamlDocument:
    """Parse YAML text that starts on line `first_line` of the file shown as `display`."""
    offset = first_line - 1
    try:
        check_before_composing(text, display, offset)
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = (mark.line + 1 if mark else 1) + offset
        problem = " ".join(filter(None, [exc.context, exc.problem]))
        if "expected a single document" in problem:
            raise YamlProblem(
                DataError(
                    display,
                    line,
                    "",
                    "more than one YAML document in the file (a second '---')",
                    "a data file holds one item: remove the '---' line, or put the second item in a file of its own",
                )
            ) from None
        opened = _quote_left_open(text.split("\n"), line - offset - 1)
        if opened is not None:
            raise YamlProblem(
                DataError(
                    display,
                    opened[0] + 1 + offset,
                    opened[1],
                    f"the quote that opens this value is not closed on this line (YAML reads on to line {line})",
                    "close the quote at the end of the value; for a text over several lines, write > and indent them",
                )
            ) from None
        raise YamlProblem(
            DataError(
                display,
                line,
                "",
                f"YAML syntax error: {problem}",
                "check indentation, colons and quotes on this line and the one above",
            )
        ) from None
    except yaml.reader.ReaderError as exc:
        char = chr(exc.character) if isinstance(exc.character, int) else str(exc.character)
        at = text.find(char)
        line = (text[:at].count("\n") + 1 if at >= 0 else 1) + offset
        raise YamlProblem(
            DataError(
                display,
                line,
                "",
                f"the invisible character {describe_character(char)} cannot be in a data file",
                "delete it; retype the line if you cannot see where it is",
            )
        ) from None
    except yaml.YAMLError as exc:
        raise YamlProblem(
            DataError(display, 1, "", f"YAML syntax error: {exc}", "check the file's structure")
        ) from None
    if node is None:
        raise YamlProblem(
            DataError(
                display,
                first_line,
                "",
                "file is empty",
                "fill it in from the commented example in CONTRIBUTING.md, or delete it",
            )
        )
    lines: dict[FieldPath, int] = {}
    builder = _Builder(display, lines, offset)
    data = builder.build(node, ())
    return YamlDocument(
        path=path,
        display=display,
        data=data,
        lines=lines,
        problems=tuple(builder.problems),
        literal_starts=builder.literal_starts,
    )


class _Builder:
    """Turns a composed node tree into dicts, lists and scalars, recording lines."""

    def __init__(self, display: str, lines: dict[FieldPath, int], offset: int = 0) -> None:
        self.display = display
        self.offset = offset
        self.lines = lines
        self.scalars = SafeConstructor()
        self.problems: list[DataError] = []
        self.literal_starts: dict[FieldPath, int] = {}
        self.seen: set[int] = set()

    def build(self, node: Node, path: FieldPath) -> Any:
        if len(path) > MAX_DEPTH:
            self._fail(
                node, path, "nested too deeply", "data files are never this deep; look for a self-referencing anchor"
            )
        if id(node) in self.seen:
            # An alias shares its anchor's node: expanding it again and again is how a few hundred
            # bytes become gigabytes. The event check finds them first; this is the backstop.
            self._fail(node, path, *ALIASES_REFUSED)
        self.seen.add(id(node))
        self.lines.setdefault(path, node.start_mark.line + 1 + self.offset)
        if isinstance(node, MappingNode | SequenceNode):
            if node.tag != _COLLECTION_TAGS[type(node)]:
                self._fail(node, path, f"the tag {_short_tag(node.tag)} is not allowed", _TAG_HINT)
            if isinstance(node, MappingNode):
                return self._mapping(node, path)
            return [self.build(item, path + (index,)) for index, item in enumerate(node.value)]
        if isinstance(node, ScalarNode) and node.style == "|":
            # A literal block's text starts on the line after its `|` indicator, lines kept as written.
            self.literal_starts[path] = node.start_mark.line + 2 + self.offset
        return self._scalar(node, path)

    def _mapping(self, node: MappingNode, path: FieldPath) -> dict[str, Any]:
        result: dict[str, Any] = {}
        first_line: dict[str, int] = {}
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE_TAG:
                self._fail(
                    key_node, path, "merge keys (<<) are not allowed", "write out the fields this item needs in full"
                )
            if not isinstance(key_node, ScalarNode):
                self._fail(
                    key_node,
                    path,
                    "field names must be text, not a list or mapping",
                    "write the field name as a plain word",
                )
            key = self._scalar(key_node, path)
            if not isinstance(key, str):
                shown = repr(key)
                self._fail(
                    key_node, path, f"field names must be text, not {shown}", "write the field name as a plain word"
                )
            hidden = find_invisible(key)
            if hidden:
                self._fail(
                    key_node,
                    path,
                    f"the field name contains the invisible character {describe_character(hidden.group())}",
                    "retype the field name",
                )
            line = key_node.start_mark.line + 1 + self.offset
            if key in result:
                self.problems.append(
                    DataError(
                        self.display,
                        line,
                        field_path(path + (key,)),
                        f"duplicate key '{key}' (first given on line {first_line[key]})",
                        "keep one of them: YAML would silently keep only the last",
                    )
                )
                continue
            first_line[key] = line
            self.lines[path + (key,)] = line
            result[key] = self.build(value_node, path + (key,))
        return result

    def _scalar(self, node: Node, path: FieldPath) -> Any:
        if node.tag == _STR_TAG and isinstance(node, ScalarNode):
            return node.value  # most values are text: no need for the constructor's machinery
        if node.tag not in _SCALAR_TAGS:
            self._fail(node, path, f"the tag {_short_tag(node.tag)} is not allowed", _TAG_HINT)
        try:
            value = self.scalars.construct_object(node, deep=True)
        except Exception as exc:  # noqa: BLE001 - PyYAML's constructors fail in many ways on odd explicit tags
            # e.g. ValueError for an integer of thousands of digits, IndexError for !!float "".
            problem = exc.problem if isinstance(exc, ConstructorError) else "not a value this file can hold"
            self._fail(node, path, f"cannot read value: {problem}", "write a plain number, or quote the value")
        if isinstance(value, float) and not math.isfinite(value):
            self._fail(node, path, f"'{node.value}' is not a finite number", "write an ordinary number")
        if isinstance(value, int) and value.bit_length() > 63:  # 0x followed by thousands of digits, say
            self._fail(node, path, "the number is far too large", "write an ordinary number")
        return value

    def _fail(self, node: Node, path: FieldPath, problem: str, hint: str) -> NoReturn:
        raise YamlProblem(
            DataError(self.display, node.start_mark.line + 1 + self.offset, field_path(path), problem, hint)
        )


_TAG_HINT = "remove the !tag: data files hold plain text, numbers, lists and fields"


def _short_tag(tag: str) -> str:
    """'!!binary' for YAML's own tags, the tag as written for others."""
    return "!!" + tag.removeprefix("tag:yaml.org,2002:") if tag.startswith("tag:yaml.org,2002:") else tag


# A block value that starts with a quote: `key: "...`, `- "...` (not one inside [...] or {...}).
_QUOTE_OPENS = re.compile(r"""^\s*(?:-\s+)*(?:(?P<key>[A-Za-z_][\w-]*):\s+)?(?P<quote>["'])""")


def _quote_left_open(lines: list[str], failed: int) -> tuple[int, str] | None:
    """The line (from 0) and field of the nearest quoted value above line `failed` that runs on to it and closes there.

    YAML lets a quoted text run over several lines, so a quote left open reads on to the next quote in the file,
    often many lines down, where the parse then fails: that line is not where the mistake is.
    """
    for number in range(min(failed, len(lines)) - 1, -1, -1):
        found = _QUOTE_OPENS.match(lines[number])
        if found is None or _closing(lines[number][found.end() :], found["quote"]):
            continue
        closes = next((n for n in range(number + 1, len(lines)) if _closing(lines[n], found["quote"])), None)
        return (number, found["key"] or "") if closes == failed else None
    return None


def _closing(text: str, quote: str) -> bool:
    """Whether `text`, inside a quoted value, holds the quote that closes it (\\" and '' are not one)."""
    position = 0
    while (position := text.find(quote, position)) >= 0:
        if quote == '"' and (position - len(text[:position].rstrip("\\"))) % 2 == 1:  # after an odd run of \\
            position += 1
        elif quote == "'" and text.startswith("''", position):
            position += 2
        else:
            return True
    return False
