"""Read one YAML file into plain data plus the line of every field."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, NoReturn

import yaml
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from portal.errors import DataError, field_path

FieldPath = tuple[str | int, ...]

_BaseLoader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_BaseLoader):  # type: ignore[misc,valid-type]
    """Safe loader that keeps dates as text so the validator can report impossible ones."""


# Dates stay strings: PyYAML would raise a bare ValueError on 2026-02-30, losing the line.
_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}

_MAX_DEPTH = 50
_STR_TAG = "tag:yaml.org,2002:str"


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


class YamlProblem(Exception):
    """A file that cannot be read as YAML at all."""

    def __init__(self, error: DataError) -> None:
        super().__init__(str(error))
        self.error = error


def read_yaml(path: Path, display: str) -> YamlDocument:
    """Parse the file at `path`; raise YamlProblem naming the line for anything unreadable."""
    raw = path.read_bytes()
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
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = (mark.line + 1 if mark else 1) + offset
        problem = " ".join(filter(None, [exc.context, exc.problem]))
        raise YamlProblem(
            DataError(
                display,
                line,
                "",
                f"YAML syntax error: {problem}",
                "check indentation, colons and quotes on this line and the one above",
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

    def build(self, node: Node, path: FieldPath) -> Any:
        if len(path) > _MAX_DEPTH:
            self._fail(
                node, path, "nested too deeply", "data files are never this deep; look for a self-referencing anchor"
            )
        self.lines.setdefault(path, node.start_mark.line + 1 + self.offset)
        if isinstance(node, MappingNode):
            return self._mapping(node, path)
        if isinstance(node, SequenceNode):
            return [self.build(item, path + (index,)) for index, item in enumerate(node.value)]
        if isinstance(node, ScalarNode) and node.style == "|":
            # A literal block's text starts on the line after its `|` indicator, lines kept as written.
            self.literal_starts[path] = node.start_mark.line + 2 + self.offset
        return self._scalar(node, path)

    def _mapping(self, node: MappingNode, path: FieldPath) -> dict[str, Any]:
        result: dict[str, Any] = {}
        first_line: dict[str, int] = {}
        for key_node, value_node in node.value:
            key = self._scalar(key_node, path) if isinstance(key_node, ScalarNode) else None
            if not isinstance(key, str):
                self._fail(
                    key_node, path, f"field names must be text, not {key!r}", "write the field name as a plain word"
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
        try:
            return self.scalars.construct_object(node, deep=True)
        except ConstructorError as exc:
            self._fail(node, path, f"cannot read value: {exc.problem}", "remove the custom !tag or quote the value")

    def _fail(self, node: Node, path: FieldPath, problem: str, hint: str) -> NoReturn:
        raise YamlProblem(
            DataError(self.display, node.start_mark.line + 1 + self.offset, field_path(path), problem, hint)
        )
