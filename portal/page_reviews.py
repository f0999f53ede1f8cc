"""Review dates and sources declared in the front matter of hand-written pages."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from portal import content_checks as checks
from portal.errors import DataError, DataErrors
from portal.loader import review_from
from portal.model import Review
from portal.schema_check import SchemaSet
from portal.source_files import SourceTree, display_path
from portal.yaml_limits import MAX_FILE_BYTES, YamlProblem, read_regular_file
from portal.yaml_source import parse_yaml

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
REVIEW_KEYS = ("reviewed", "review_interval_months", "sources")


def load_page_reviews(
    pages: SourceTree, root: Path, schemas: SchemaSet, today: date | None = None
) -> dict[str, Review]:
    """Review of every docs page whose front matter has review fields, by source path; DataErrors if invalid."""
    reviews: dict[str, Review] = {}
    errors: list[DataError] = []
    for path in pages.files:
        if path.suffix != ".md":
            continue
        display = display_path(path, root)
        try:
            raw = read_regular_file(path, display, MAX_FILE_BYTES)
            text = raw.decode("utf-8-sig")
        except YamlProblem as problem:
            errors.append(problem.error)
            continue
        except UnicodeDecodeError as error:
            line = raw[: error.start].count(b"\n") + 1
            errors.append(DataError(display, line, "", "not UTF-8 text", "save the page with UTF-8 encoding"))
            continue
        match = _FRONT_MATTER.match(text)
        if not match:
            continue
        try:
            doc = parse_yaml(match.group(1), path, display, first_line=2)
        except YamlProblem as problem:
            errors.append(problem.error)
            continue
        if not isinstance(doc.data, dict) or not any(key in doc.data for key in REVIEW_KEYS):
            continue
        found = schemas.check(doc, "page") + list(checks.check_text_safety(doc))
        found += checks.check_dates_not_future(doc, today or date.today())
        errors.extend(found)
        if not found:
            reviews[path.relative_to(pages.folder).as_posix()] = review_from(doc.data, display)
    if errors:
        raise DataErrors(errors)
    return reviews
