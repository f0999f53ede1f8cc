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


def load_project(data_dir: Path, docs_dir: Path) -> Project:
    """Check the data and the docs' front matter; raise DataErrors listing the problems of both."""
    errors: list[DataError] = []
    guidance = reviews = None
    try:
        guidance = load_guidance(data_dir)
    except DataErrors as failure:
        errors.extend(failure.errors)
    if docs_dir.is_dir():
        try:
            reviews = load_page_reviews(docs_dir.resolve(), docs_dir.resolve().parent, SchemaSet(SCHEMA_DIR))
        except DataErrors as failure:
            errors.extend(failure.errors)
    if errors or guidance is None:
        raise DataErrors(errors)
    return Project(guidance, reviews or {})
