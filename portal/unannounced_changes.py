"""Items whose guidance changed since a git revision without a new change note: run on every pull request."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from portal.errors import DataError, field_path
from portal.yaml_source import FieldPath, YamlDocument, parse_yaml, read_yaml

# What readers do not see as guidance: changing these needs no note.
_BOOKKEEPING = frozenset({"changes", "reviewed", "review_interval_months", "owner", "sources", "search_terms"})


class GitError(Exception):
    """git could not answer: not a repository, or an unknown revision."""


@dataclass(frozen=True)
class _Part:
    """A part of a file that carries its own change notes: the item, or one area of an objective."""

    path: FieldPath
    old: dict[str, Any]
    new: dict[str, Any]


def unannounced_changes(where: Path, folders: list[Path], since: str) -> list[DataError]:
    """One error per item (or objective area) whose guidance changed since `since` with no new note."""
    try:
        root = Path(_git(where, "rev-parse", "--show-toplevel").strip())
    except GitError as outside:
        raise GitError(f"{where} is not inside a git repository") from outside
    try:
        stamp = _git(root, "show", "-s", "--format=%cs", f"{since}^{{commit}}")
    except GitError as unknown:
        raise GitError(f"'{since}' is not a revision here (fetch it first, e.g. git fetch origin main)") from unknown
    base_date = date.fromisoformat(stamp.strip())
    errors: list[DataError] = []
    for folder in folders:
        if not folder.is_dir():
            continue
        listed = _git(root, "diff", "--name-only", "--diff-filter=M", since, "--", _relative(folder, root))
        for name in sorted(filter(None, listed.splitlines())):
            if not name.endswith((".yml", ".yaml")):
                continue
            # Both versions through the same reader, so that values compare alike (dates stay text).
            old = parse_yaml(_git(root, "show", f"{since}:{name}"), root / name, name)
            doc = read_yaml(root / name, name)
            if isinstance(old.data, dict) and isinstance(doc.data, dict) and not doc.problems and not old.problems:
                errors += _check_file(doc, old.data, since, base_date)
    return errors


def _check_file(doc: YamlDocument, old: dict[str, Any], since: str, base_date: date) -> Iterator[DataError]:
    for part in _parts(old, doc.data):
        fields = _changed_fields(part.old, part.new, skip={"areas"} if not part.path else set())
        if not fields or _has_new_note(part.old, part.new, base_date):
            continue
        where = (*part.path, fields[0])
        # A removed field has no line of its own: point at the area, or at the item's id.
        line = doc.line_of(where) if where in doc.lines else doc.line_of(part.path or ("id",))
        what = "area" if part.path else "item"
        yield DataError(
            doc.display,
            line,
            field_path((*part.path, "changes")),
            f"the {what}'s guidance changed since {since} ({', '.join(fields)}) with no new change note",
            f"add a note at the top of {field_path((*part.path, 'changes'))} with a date on or after "
            f"{base_date.isoformat()} and a note saying what changed in one sentence; "
            "if only spelling or layout changed, add typo: true to it",
        )


def _parts(old: dict[str, Any], new: dict[str, Any]) -> Iterator[_Part]:
    """The item, and each objective area present in both versions (matched by id)."""
    yield _Part((), old, new)
    old_areas = {a.get("id"): a for a in old.get("areas") or () if isinstance(a, dict)}
    for index, area in enumerate(new.get("areas") or ()):
        if isinstance(area, dict) and area.get("id") in old_areas:
            yield _Part(("areas", index), old_areas[area["id"]], area)


def _changed_fields(old: dict[str, Any], new: dict[str, Any], skip: set[str]) -> list[str]:
    names = (set(old) | set(new)) - _BOOKKEEPING - skip
    return sorted(name for name in names if old.get(name) != new.get(name))


def _has_new_note(old: dict[str, Any], new: dict[str, Any], base_date: date) -> bool:
    """A note the base did not have, dated no earlier than the base commit (a typo note counts)."""
    before = [note for note in old.get("changes") or () if isinstance(note, dict)]
    for note in new.get("changes") or ():
        if isinstance(note, dict) and note not in before and str(note.get("date", "")) >= base_date.isoformat():
            return True
    return False


def _relative(folder: Path, root: Path) -> str:
    try:
        return folder.resolve().relative_to(root.resolve()).as_posix()
    except ValueError as outside:
        raise GitError(f"{folder} is not inside the git repository at {root}") from outside


def _git(root: Path, *args: str) -> str:
    try:
        result = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=False)
    except FileNotFoundError as missing:
        raise GitError("git is not installed: install it to compare with a revision") from missing
    if result.returncode != 0:
        problem = (result.stderr.strip().splitlines() or ["git failed"])[-1]
        raise GitError(f"git {args[0]} failed: {problem}")
    return result.stdout
