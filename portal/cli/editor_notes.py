"""Notes for editors (`editor_notes`), which the site never shows: listed by `dev.py check --notes`."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from portal.source.errors import field_path
from portal.source.files import display_path, scan_tree
from portal.source.markdown_pages import split_front_matter
from portal.source.yaml_document import YamlDocument, parse_yaml, read_yaml

FIELD = "editor_notes"


@dataclass(frozen=True)
class EditorNote:
    """One note: where it is (file, line, field) and what it says."""

    display: str
    line: int
    field: str
    text: str

    def report(self) -> str:
        """The note as the command prints it: its place, then its text indented."""
        body = "\n".join("    " + line for line in self.text.strip().splitlines())
        return f"{self.display}:{self.line}: {self.field}\n{body}"


def find_notes(folders: list[tuple[Path, Path]]) -> list[EditorNote]:
    """Every note in the data files and page front matter under each (folder, root) pair, in path order."""
    notes: list[EditorNote] = []
    for folder, root in folders:
        if not folder.is_dir():
            continue
        # The same walk the check makes: no links followed, editors' leftovers skipped.
        top = Path(os.path.abspath(root))
        for path in sorted(scan_tree(folder, top).files):
            if path.suffix in (".yml", ".yaml", ".md"):
                notes.extend(_notes_in(path, display_path(path, top)))
    return notes


def _notes_in(path: Path, display: str) -> Iterator[EditorNote]:
    if path.suffix == ".md":
        front = split_front_matter(path.read_text(encoding="utf-8-sig"))[0]
        if front is None or FIELD not in front:
            return
        doc: YamlDocument = parse_yaml(front, path, display, first_line=2)
    else:
        doc = read_yaml(path, display)
    for field, text in doc.texts:
        if field and field[-1] == FIELD:
            yield EditorNote(display, doc.line_of(field), field_path(field), text)
