"""The files a build may read under a content folder: real files inside the project, found without following links."""

from __future__ import annotations

import os
import stat
import unicodedata
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from portal.source.errors import INVISIBLE, DataError

# Device names, in any case and with any extension ('con.yml', 'Aux.md', 'nul .txt'), as Python
# 3.13's ntpath.isreserved lists them, with the superscript digits Windows also reads as 1 to 3.
WINDOWS_DEVICES = frozenset(
    {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"}
    | {f"{port}{digit}" for port in ("COM", "LPT") for digit in "123456789\u00b9\u00b2\u00b3"}
)
WINDOWS_FORBIDDEN = frozenset('<>:"\\|?*')


def windows_name_problem(name: str) -> str | None:
    """Why Windows (and so Git for Windows, checking out a clone) cannot create a file or folder `name`."""
    if name.endswith((".", " ")):
        return "ends with a dot or a space, which Windows drops, so the name would change"
    forbidden = sorted(set(name) & WINDOWS_FORBIDDEN)
    if forbidden:
        return f"holds {' '.join(forbidden)}, which Windows does not allow in a file name"
    if name.partition(".")[0].rstrip(" ").upper() in WINDOWS_DEVICES:
        return (
            "names a device on Windows (CON, PRN, AUX, NUL, COM1 to COM9 and LPT1 to LPT9, "
            "in any case and with any extension), so no file or folder there can have it"
        )
    return None


def _how_names_differ(name: str, twin: str) -> str:
    if unicodedata.normalize("NFC", name) == unicodedata.normalize("NFC", twin):
        return "in how its accents are encoded"
    return "in upper and lower case"


def case_key(name: str) -> str:
    """The name as Windows and macOS compare names: case and the two ways of writing an accent are one."""
    return unicodedata.normalize("NFC", name).casefold()


@dataclass(frozen=True)
class SourceTree:
    """The regular files under one folder, and every entry there that is not one."""

    folder: Path
    files: tuple[Path, ...]
    problems: tuple[DataError, ...]

    def in_folder(self, relative: str, suffix: str) -> list[Path]:
        """Files directly in the subfolder `relative` whose names end with `suffix`, by name."""
        parent = self.folder / relative
        return [path for path in self.files if path.parent == parent and path.name.endswith(suffix)]

    def subfolder(self, folder: Path) -> SourceTree:
        """The files under `folder`, a folder inside this one (its problems stay with this tree)."""
        return SourceTree(folder, tuple(path for path in self.files if path.is_relative_to(folder)), ())

    def holds(self, path: Path) -> bool:
        """True if `path` (which may contain '..') names one of the files found."""
        return Path(os.path.normpath(path)) in self._file_set

    @cached_property
    def _file_set(self) -> frozenset[Path]:
        return frozenset(self.files)


def is_editor_leftover(name: str) -> bool:
    """Hidden files and editors' working copies (.swp, ~, #...#): skipped on purpose, never read."""
    return name.startswith(".") or name.endswith("~") or (name.startswith("#") and name.endswith("#"))


def scan_tree(folder: Path, root: Path, file_like: tuple[str, ...] = (".yml", ".yaml", ".md")) -> SourceTree:
    """Walk `folder` without following links; links, pipes and folders named like files are problems."""
    folder = Path(os.path.abspath(folder))
    files: list[Path] = []
    problems: list[DataError] = []
    pending = [folder]
    while pending:  # iterative: a deep tree of folders cannot exhaust the stack
        current = pending.pop()
        try:
            entries = sorted(os.scandir(current), key=lambda entry: entry.name)
        except OSError as error:
            problems.append(_problem(current, root, f"cannot be read ({error.strerror})", "check its permissions"))
            continue
        first_of: dict[str, str] = {}  # each name as Windows and macOS compare them: the first entry with it
        for entry in entries:
            path = Path(entry.path)
            if is_editor_leftover(entry.name):
                continue
            if _unprintable_name(entry.name):
                problems.append(
                    _problem(
                        path,
                        root,
                        "the name holds an invisible character or is not UTF-8 text",
                        "rename it with plain letters, digits and hyphens",
                    )
                )
                continue
            # A name Windows cannot create, or two names it (and macOS) sees as one, breaks every clone there.
            unusable = windows_name_problem(entry.name)
            if unusable:
                problems.append(
                    _problem(
                        path,
                        root,
                        f"the name '{entry.name}' {unusable}",
                        "rename it; for a data file, change its id to match",
                    )
                )
                continue
            twin = first_of.setdefault(case_key(entry.name), entry.name)
            if twin != entry.name:
                other = display_path(path.parent / twin, root)
                problems.append(
                    _problem(
                        path,
                        root,
                        f"differs from {other} only {_how_names_differ(entry.name, twin)}, "
                        "so Windows and macOS see one name",
                        "merge the two or rename one; a clone on Windows or macOS keeps only one of them",
                    )
                )
            if entry.is_symlink():
                problems.append(_link_problem(path, root))
            elif entry.is_dir(follow_symlinks=False):
                if entry.name.lower().endswith(file_like):
                    problems.append(
                        _problem(path, root, "is a folder named like a file", "move what it holds out and delete it")
                    )
                else:
                    pending.append(path)
            elif entry.is_file(follow_symlinks=False):
                files.append(path)
            else:
                kind = file_kind(entry.stat(follow_symlinks=False).st_mode)
                problems.append(_problem(path, root, f"is {kind}, not a file", "delete it: only files are read"))
    return SourceTree(folder, tuple(sorted(files)), tuple(problems))


def display_path(path: Path, root: Path) -> str:
    """How a path is named in messages: relative to the project when inside it (links are not resolved)."""
    absolute = Path(os.path.abspath(path))
    try:
        return absolute.relative_to(root).as_posix()
    except ValueError:
        return absolute.as_posix()


def _link_problem(path: Path, root: Path) -> DataError:
    """A symbolic link, saying where it leads and whether that is outside the project."""
    target = Path(os.path.realpath(path))
    outside = not target.is_relative_to(Path(os.path.realpath(root)))
    where = (
        f"that leads outside the project (to {target.as_posix()})" if outside else f"(to {display_path(target, root)})"
    )
    return _problem(
        path,
        root,
        f"is a symbolic link {where}",
        "put the file itself here: links are never followed, so nothing outside the project is read or published",
    )


def _unprintable_name(name: str) -> bool:
    """A name with bytes that are not UTF-8 (decoded as surrogates) or with characters that hide text."""
    return INVISIBLE.search(name) is not None or any("\ud800" <= char <= "\udfff" for char in name)


def file_kind(mode: int) -> str:
    """'a folder', 'a named pipe', 'a socket' ... for a file mode."""
    kinds = ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a named pipe"), (stat.S_ISSOCK, "a socket"))
    return next((name for test, name in kinds if test(mode)), "a device or other special file")


def _problem(path: Path, root: Path, problem: str, hint: str) -> DataError:
    return DataError(display_path(path, root), 1, "", problem, hint)
