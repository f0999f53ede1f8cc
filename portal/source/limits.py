"""What is refused before a YAML file is composed, so that reading it takes time and memory bounded by its size."""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path
from typing import NoReturn

import yaml

from portal.source.errors import DataError, describe_character
from portal.source.files import file_kind

MAX_FILE_BYTES = 1_000_000  # the largest shipped data file is about 50 KB
MAX_VALUES = 50_000  # per file; the largest shipped file holds about 900 values and fields
MAX_DEPTH = 50
# libyaml's composer recurses in C: a few hundred thousand '[' crash the process. Every nested
# collection needs one of these indicator characters, so their count bounds the depth cheaply, and
# only a file over the bound, or a long one (none of the shipped ones), is walked event by event first.
_NESTING_INDICATORS = "[{-:?"
_SAFE_TO_COMPOSE = 2000
_LOOK_FIRST_ABOVE = 100_000  # characters
_ODD_LINE_BREAK = re.compile("[\u2028\u2029\x85]|\r(?!\n)")
_ODD_LINE_BREAK_CHARACTERS = ("\r", "\u2028", "\u2029", "\x85")
# Where an anchor (&name) or alias (*name) could start; a match only means "look closer".
_ANCHOR_OR_ALIAS = re.compile(r"(?:^|[\s\[{,:])[&*][^\s\[\]{},*&]")
_EVENTS: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # only its parser is used: events, no values


class YamlProblem(Exception):
    """A file that cannot be read as YAML at all."""

    def __init__(self, error: DataError) -> None:
        super().__init__(str(error))
        self.error = error


# Shared with the builder, which catches an alias the quick look missed.
ALIASES_REFUSED = (
    "YAML anchors and aliases (&name, *name) are not allowed",
    "write the value out in full where needed",
)


def refuse(display: str, line: int, problem: str, hint: str) -> NoReturn:
    """Stop reading the file, with one line for the editor."""
    raise YamlProblem(DataError(display, line, "", problem, hint))


def read_regular_file(path: Path, display: str, limit: int) -> bytes:
    """The bytes of `path` if it is a regular file (not a link, folder or pipe) of at most `limit` bytes."""
    try:
        # O_NOFOLLOW: a link is never read through; O_NONBLOCK: opening a named pipe cannot hang.
        flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
        descriptor = os.open(path, flags)
    except OSError as error:
        refuse(display, 1, *_unreadable(path, error))
    try:
        kind = os.fstat(descriptor).st_mode
        if not stat.S_ISREG(kind):
            refuse(display, 1, f"is {file_kind(kind)}, not a file", "replace it with a plain file")
        with os.fdopen(os.dup(descriptor), "rb") as handle:
            raw = handle.read(limit + 1)  # never more than the limit, even if the file grows meanwhile
    finally:
        os.close(descriptor)
    if len(raw) > limit:
        refuse(
            display,
            1,
            f"file is larger than {limit:,} bytes",
            "a data file holds one item; split long text into several items",
        )
    return raw


def _unreadable(path: Path, error: OSError) -> tuple[str, str]:
    """Why a file could not be opened, and what to do, in an editor's words."""
    if path.is_symlink():
        return "is a symbolic link", "replace the link with the file itself: links are never followed"
    if path.is_dir():
        return "is a folder, not a file", "move what it holds out of it and delete it"
    if not path.exists():
        return "file not found", "check the file name and folder"
    return f"cannot be read ({error.strerror})", "check the file's permissions"


def check_before_composing(text: str, display: str, offset: int) -> None:
    """Refuse odd line breaks, then anchors, deep nesting and too many values where a quick look finds a risk."""
    # Four substring tests take a fortieth of the time of the regex search, left to the file that needs it.
    found = _ODD_LINE_BREAK.search(text) if any(map(text.__contains__, _ODD_LINE_BREAK_CHARACTERS)) else None
    if found:
        # YAML counts these as new lines where editors may not: every line number after them would be wrong.
        refuse(
            display,
            text[: found.start()].count("\n") + 1 + offset,
            f"the line break {describe_character(found.group()[0])} is not allowed",
            "save the file with ordinary line endings (LF, or CRLF)",
        )
    if (
        len(text) > _LOOK_FIRST_ABOVE
        or _may_hold_anchors(text)
        or sum(map(text.count, _NESTING_INDICATORS)) > _SAFE_TO_COMPOSE
    ):
        _check_events(text, display, offset)


def _may_hold_anchors(text: str) -> bool:
    """A quick look for '&name' or '*name' where YAML could read an anchor or alias (prose rarely has them)."""
    return ("&" in text or "*" in text) and _ANCHOR_OR_ALIAS.search(text) is not None


def _check_events(text: str, display: str, offset: int) -> None:
    """Refuse anchors, aliases, deep nesting and too many values from the parser's events, before composing."""
    parser = _EVENTS(text)
    depth = values = 0
    try:
        while parser.check_event():
            event = parser.get_event()
            line = event.start_mark.line + 1 + offset
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                refuse(display, line, *ALIASES_REFUSED)
            if isinstance(event, yaml.ScalarEvent | yaml.CollectionStartEvent):
                values += 1
                if values > MAX_VALUES:
                    refuse(
                        display,
                        line,
                        f"more than {MAX_VALUES:,} values and fields in one file",
                        "a data file holds one item; split the rest into files of their own",
                    )
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    refuse(
                        display,
                        line,
                        f"lists and fields nested more than {MAX_DEPTH} deep",
                        "data files are never this deep; look for a run of '[' or '{'",
                    )
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    finally:
        parser.dispose()
