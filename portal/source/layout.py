"""Where each kind of data file lives under data/ (and a hosted copy's local/data/), and files that fit nowhere."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from portal.source.errors import DataError
from portal.source.files import SourceTree, display_path, is_editor_leftover
from portal.source.yaml_document import YamlDocument


@dataclass(frozen=True)
class FolderSpec:
    """A folder of one-item-per-file data and the schema its files follow."""

    folder: str
    schema: str


FOLDERS = (
    FolderSpec("objectives", "objective"),
    FolderSpec("risks", "risk"),
    FolderSpec("resources", "resource"),
    FolderSpec("faqs", "faq"),
    FolderSpec("audiences", "audience"),
    FolderSpec("guides", "guide"),
    FolderSpec("filtering-reviews", "filtering_review"),
)
SINGLE_FILES = {"site.yml": "site", "glossary.yml": "glossary"}


def item_id(doc: YamlDocument) -> str:
    """The id a data file gives its item, else its file name (the two must agree; the check says so)."""
    given = doc.data.get("id") if isinstance(doc.data, dict) else None
    return given if isinstance(given, str) else doc.path.stem


def unexpected_files(
    tree: SourceTree, root: Path, singles: tuple[str, ...] = tuple(SINGLE_FILES)
) -> Iterator[DataError]:
    """Files the loader would silently skip are almost always mistakes (wrong folder or extension)."""
    expected_folders = {spec.folder for spec in FOLDERS}
    for path in tree.files:
        relative = path.relative_to(tree.folder)
        in_folder = len(relative.parts) == 2 and relative.parts[0] in expected_folders and path.suffix == ".yml"
        single = len(relative.parts) == 1 and relative.name in singles
        if in_folder or single or is_editor_leftover(path.name):
            continue
        if path.suffix.lower() in (".yml", ".yaml") and path.suffix != ".yml":
            hint = f"rename it to {path.stem}.yml: data files end in .yml, in lower case"
        elif path.suffix.lower() in (".bak", ".orig", ".rej", ".tmp", ".swp", ".swo"):
            hint = "a leftover copy from an editor or a merge: delete it"
        else:
            hint = (
                "items go in <collection>/<id>.yml (ending .yml); collections: "
                + ", ".join(sorted(expected_folders))
                + ("; plus " + ", ".join(singles) if singles else "")
            )
        yield DataError(display_path(path, root), 1, "", f"unexpected file in {display_path(tree.folder, root)}/", hint)
