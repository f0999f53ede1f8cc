"""Everything the site is built from, checked in one go: the data and the review fields of pages."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from portal.errors import DataError, DataErrors
from portal.loader import SCHEMA_DIR, load_guidance
from portal.model import Guidance, Review
from portal.page_reviews import load_page_reviews
from portal.schema_check import SchemaSet


@dataclass(frozen=True)
class Project:
    """The validated model plus the reviews declared by hand-written pages (by source path)."""

    guidance: Guidance
    page_reviews: dict[str, Review]


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
    for folder, prefix in page_folders:
        if not folder.is_dir():
            continue
        try:
            found = load_page_reviews(folder.resolve(), root, schemas)
        except DataErrors as failure:
            errors.extend(failure.errors)
        else:
            reviews.update({prefix + page: review for page, review in found.items()})
    if errors or guidance is None:
        raise DataErrors(errors)
    return Project(guidance, reviews)
