"""Content files as they were at a git revision and as they are now, and which of them differ."""

from __future__ import annotations

import os
import posixpath
import subprocess
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from portal.source.files import is_editor_leftover
from portal.source.layout import FOLDERS
from portal.source.limits import MAX_FILE_BYTES, YamlProblem, read_regular_file

COLLECTIONS = frozenset(spec.folder for spec in FOLDERS)


class GitError(Exception):
    """git could not answer: not a repository, or an unknown revision."""


@dataclass(frozen=True)
class Revision:
    """The revision compared with: where, which commit, its date, and the name the user gave it."""

    root: Path
    commit: str
    date: date
    name: str
    project: str = ""  # the folder holding data/, relative to the repository: messages name files from there

    def show(self, path: str) -> str:
        """A path as the data check names files (relative to the project), from its name in git."""
        return posixpath.relpath(path, self.project) if self.project else path

    def text(self, path: str) -> str | None:
        """The file at `path` (as git names it) in this revision, or None if it is missing, too big or not UTF-8."""
        spec = f"{self.commit}:{path}"
        try:
            if int(git(self.root, "cat-file", "-s", spec)) > MAX_FILE_BYTES:
                return None
            raw = git_bytes(self.root, "cat-file", "blob", spec)
            return raw.decode("utf-8-sig")
        except (GitError, ValueError):
            return None


def open_revision(data_dir: Path, docs_dir: Path, local_dir: Path, since: str) -> tuple[Revision, ContentFolders]:
    """The revision `since` names in the repository holding `data_dir`, and the content folders within it."""
    where = Path(os.path.abspath(data_dir))
    try:
        root = Path(git(where if where.is_dir() else where.parent, "rev-parse", "--show-toplevel").strip())
    except GitError as outside:
        raise GitError(f"{data_dir} is not inside a git repository") from outside
    try:
        commit, stamp = git(root, "show", "-s", "--format=%H %cs", f"{since}^{{commit}}").split()
    except GitError as unknown:
        raise GitError(f"'{since}' is not a revision here (fetch it first, e.g. git fetch origin main)") from unknown
    data = relative_folder(data_dir, root, required=True) or ""
    layout = ContentFolders(data, relative_folder(docs_dir, root), relative_folder(local_dir, root))
    return Revision(root, commit, date.fromisoformat(stamp), since, posixpath.dirname(data)), layout


@dataclass(frozen=True)
class ContentFolders:
    """The content folders, relative to the repository (None: outside it and absent, so nothing to compare)."""

    data: str
    docs: str | None
    local: str | None

    def folders(self) -> list[str]:
        """The folders that exist in the repository."""
        return [folder for folder in (self.data, self.docs, self.local) if folder is not None]

    def kind(self, path: str) -> str | None:
        """'item', 'page' or 'profile' for a file the site reads, None for anything else (the site ignores it)."""
        if any(is_editor_leftover(part) for part in path.split("/")):
            return None
        local = self.local
        if path == join(self.data, "site.yml") or (local is not None and path == join(local, "profile.yml")):
            return "profile"
        if path == join(self.data, "glossary.yml"):
            return "item"
        for data in (self.data, join(local, "data") if local is not None else None):
            rest = under(path, data)
            if rest is not None and rest.count("/") == 1 and rest.split("/")[0] in COLLECTIONS:
                return "item" if rest.endswith(".yml") else None
        for docs in (self.docs, join(local, "docs") if local is not None else None):
            if under(path, docs) is not None and path.endswith(".md"):
                return "page"
        return None


def join(folder: str, name: str) -> str:
    """A path inside a folder as git names it ('' is the repository's top)."""
    return f"{folder}/{name}" if folder else name


def under(path: str, folder: str | None) -> str | None:
    """The rest of `path` below `folder`, or None when it is not inside it."""
    if folder is None:
        return None
    if not folder:
        return path
    return path[len(folder) + 1 :] if path.startswith(folder + "/") else None


def relative_folder(folder: Path, root: Path, required: bool = False) -> str | None:
    """`folder` relative to the repository at `root`; None when it is outside it and absent."""
    absolute = Path(os.path.abspath(folder))
    for candidate in (absolute, absolute.parent.resolve() / absolute.name):
        for top in (root, root.resolve()):
            if candidate.is_relative_to(top):
                text = candidate.relative_to(top).as_posix()
                return "" if text == "." else text
    if required or absolute.exists():
        raise GitError(f"{folder} is not inside the git repository at {root}")
    return None


def working_text(path: Path, display: str) -> str | None:
    """A file as it is now, or None if it cannot be read as UTF-8 text within the size limit."""
    try:
        return read_regular_file(path, display, MAX_FILE_BYTES).decode("utf-8-sig")
    except (YamlProblem, UnicodeDecodeError):
        return None


def changed_files(base: Revision, folders: list[str]) -> list[tuple[str | None, str | None]]:
    """(old path, new path) of every file under `folders` that differs from the base, renames paired as git pairs
    them; files not yet committed, or not even added, count as they are now (ignored files do not)."""
    present = git_bytes(
        base.root, "ls-tree", "-r", "--name-only", "-z", base.commit, "--", *(f or "." for f in folders)
    )
    at_base = [name for name in present.decode("utf-8", "surrogateescape").split("\0") if name]
    # git refuses a path that matches nothing, neither now nor at the base (a copy without local/, say).
    specs = [
        folder or "."
        for folder in folders
        if (base.root / folder).exists() or any(under(name, folder) is not None for name in at_base)
    ]
    if not specs:
        return []
    with tempfile.TemporaryDirectory() as scratch:
        # A scratch index: git's own index, and so anything staged, is left exactly as it was.
        index = {"GIT_INDEX_FILE": str(Path(scratch) / "index")}
        git(base.root, "read-tree", base.commit, env=index)
        git(base.root, "add", "--all", "--", *specs, env=index)
        listed = git_bytes(
            base.root, "diff", "--cached", "--find-renames", "--name-status", "-z", base.commit, "--", *specs, env=index
        )
    fields = iter(listed.decode("utf-8", "surrogateescape").split("\0"))
    changes: list[tuple[str | None, str | None]] = []
    for status in fields:
        if not status:
            continue
        first = next(fields)
        if status.startswith("R"):
            changes.append((first, next(fields)))
        elif status.startswith("C"):  # a copy (if git's settings look for them) is a new file; the old one stays
            changes.append((None, next(fields)))
        elif status == "A":
            changes.append((None, first))
        elif status == "D":
            changes.append((first, None))
        else:
            changes.append((first, first))
    return changes


def git(root: Path, *args: str, env: Mapping[str, str] | None = None) -> str:
    """git's output as text (names that are not UTF-8 kept as surrogates)."""
    return git_bytes(root, *args, env=env).decode("utf-8", "surrogateescape")


def git_bytes(root: Path, *args: str, env: Mapping[str, str] | None = None) -> bytes:
    """git's output; GitError with git's own last line when it fails."""
    try:
        result = subprocess.run(
            ["git", "-c", "core.quotepath=off", *args],
            cwd=root,
            capture_output=True,
            check=False,
            env={**os.environ, **(env or {})},
        )
    except FileNotFoundError as missing:
        if not root.is_dir():
            raise GitError(f"{root} is not a folder") from missing
        raise GitError("git is not installed: install it to compare with a revision") from missing
    if result.returncode != 0:
        problem = (result.stderr.decode("utf-8", "replace").strip().splitlines() or ["git failed"])[-1]
        raise GitError(f"git {args[0]} failed: {problem}")
    return result.stdout
