"""Everything the site is built from, checked in one go: the data and the review fields of pages."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from portal.errors import DataError, DataErrors
from portal.loader import SCHEMA_DIR, load_guidance
from portal.model import Guidance, Review
from portal.page_reviews import load_page_reviews
from portal.schema_check import SchemaSet
from portal.source_files import scan_tree


@dataclass(frozen=True)
class Project:
    """The validated model, the reviews declared by hand-written pages (by source path) and a copy's own pages."""

    guidance: Guidance
    page_reviews: dict[str, Review]
    local_pages: tuple[Path, ...] = ()  # every file under local/docs/, links and special files refused


LOCAL_PAGES = "local"  # where a hosted copy's own pages (local/docs/) are published


def load_project(data_dir: Path, docs_dir: Path, local_dir: Path | None = None) -> Project:
    """Check the data, a hosted copy's local overlay and every page's front matter; raise DataErrors listing all."""
    errors: list[DataError] = []
    guidance = None
    reviews: dict[str, Review] = {}
    root = data_dir.resolve().parent
    schemas = SchemaSet(SCHEMA_DIR)
    try:
        guidance = load_guidance(data_dir, local_dir=local_dir)
    except DataErrors as failure:
        errors.extend(failure.errors)
    page_folders = [(docs_dir, "")]
    if local_dir is not None:
        page_folders.append((local_dir / "docs", f"{LOCAL_PAGES}/"))
    local_pages: tuple[Path, ...] = ()
    for folder, prefix in page_folders:
        if not folder.is_dir():
            continue
        # MkDocs would publish whatever a link in docs/ points at: only real files inside the project pass.
        tree = scan_tree(folder.resolve(), root)
        errors.extend(tree.problems)
        if prefix:
            local_pages = tree.files
        try:
            found = load_page_reviews(tree, root, schemas)
        except DataErrors as failure:
            errors.extend(failure.errors)
        else:
            reviews.update({prefix + page: review for page, review in found.items()})
    if errors or guidance is None:
        raise DataErrors(errors)
    return Project(guidance, reviews, local_pages)
