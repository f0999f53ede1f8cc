"""Hand-written pages (docs/ and a hosted copy's local/docs/), each read once and checked like data.

A page is Markdown from an editor: its front matter takes only the page settings in
schemas/page.schema.json, its text follows the rules in portal/markdown_safety.py, and its Jinja
may only call macros with plain values (portal/page_templates.py). Files beside the pages are
published as they are, so only images and PDFs may sit there; an SVG image is checked for script.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from mkdocs.utils.meta import get_data

from portal.checks import content as checks
from portal.checks.markdown_safety import page_findings
from portal.checks.page_templates import check_page_template
from portal.checks.svg_images import check_svg
from portal.model import Review
from portal.model.build import review_from
from portal.source.errors import DataError, field_path
from portal.source.files import SourceTree, display_path
from portal.source.limits import MAX_FILE_BYTES, YamlProblem, read_regular_file
from portal.source.markdown_pages import page_title, split_front_matter
from portal.source.schemas import SchemaSet
from portal.source.yaml_document import YamlDocument, parse_yaml

REVIEW_KEYS = ("reviewed", "review_interval_months", "sources")
# Files a page may have beside it, published as they are: images and documents that run no script here.
MEDIA = frozenset({".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".pdf", ".svg"})
# In upstream docs/ only: the site's own scripts and styles in assets/, and the hosting headers. They
# are code, reviewed as code (SECURITY.md); a hosted copy's local/docs/ has no such files. Images in
# assets/ are checked like any other (an SVG file can hold script).
CODE_FOLDER, CODE_SUFFIXES, HEADERS_FILE = "assets/", frozenset({".js", ".css"}), "_headers"


@dataclass(frozen=True)
class PageSource:
    """A hand-written page, read and checked: its Markdown after the front matter and the line that starts on."""

    path: Path
    display: str
    src_uri: str  # where the site publishes it from: 'about.md', 'local/escalation.md'
    body: str
    first_line: int
    renders_macros: bool
    review: Review | None
    title: str  # its front matter's title, else its first heading, else its file name


def load_pages(
    tree: SourceTree, root: Path, prefix: str, schemas: SchemaSet, today: date
) -> tuple[list[PageSource], list[DataError]]:
    """Every page under `tree` (published under `prefix`), and every problem in the pages and files beside them."""
    pages: list[PageSource] = []
    errors: list[DataError] = []
    for path in tree.files:
        relative = path.relative_to(tree.folder).as_posix()
        display = display_path(path, root)
        if path.suffix != ".md":
            errors.extend(_check_other_file(path, relative, display, trusted_code=not prefix))
            continue
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
        found: list[DataError] = []
        page = _read_page(path, display, prefix + relative, text, schemas, today, found)
        errors.extend(found)
        if page is not None and not found:
            pages.append(page)
    return pages, errors


def _read_page(
    path: Path, display: str, src_uri: str, text: str, schemas: SchemaSet, today: date, errors: list[DataError]
) -> PageSource | None:
    """The page in `text`, with its problems added to `errors`."""
    front, body, first_line = split_front_matter(text)
    meta: YamlDocument | None = None
    if front is not None:
        try:
            meta = parse_yaml(front, path, display, first_line=2)
        except YamlProblem as problem:
            errors.append(problem.error)
            return None
        errors.extend(_check_front_matter(meta, schemas, today))
    else:
        if get_data(text)[1]:  # MkDocs would read 'Key: value' lines at the top as settings
            errors.append(
                DataError(
                    display,
                    1,
                    "",
                    "the page starts with 'Name: value' lines, which MkDocs reads as settings",
                    "put settings between --- lines (see CONTRIBUTING.md), or start the page with its # heading",
                )
            )
    for finding in page_findings(body):
        line = first_line + body.count("\n", 0, finding.start)
        errors.append(DataError(display, line, "", finding.problem, finding.hint))
    for doubt in checks.EDITORIAL_DOUBT.finditer(body):
        line = first_line + body.count("\n", 0, doubt.start())
        errors.append(DataError(display, line, "", checks.doubt_problem(doubt), checks.DOUBT_HINT))
    data = meta.data if meta is not None and isinstance(meta.data, dict) else {}
    renders_macros = data.get("render_macros", True) is not False
    if renders_macros:
        errors.extend(check_page_template(body, display, first_line))
    review = review_from(data, display) if not errors and any(key in data for key in REVIEW_KEYS) else None
    return PageSource(path, display, src_uri, body, first_line, renders_macros, review, page_title(data, body, path))


def _check_front_matter(doc: YamlDocument, schemas: SchemaSet, today: date) -> Iterator[DataError]:
    """Only the settings a page may have, as plain safe text; the review fields all together or not at all."""
    yield from doc.problems
    if not isinstance(doc.data, dict):
        yield DataError(
            doc.display, 2, "", "the front matter is not a list of settings", "write one 'name: value' per line"
        )
        return
    schema_errors = list(schemas.check(doc, "page"))
    yield from schema_errors
    yield from checks.check_text_safety(doc)
    yield from checks.check_editorial_doubt(doc)
    yield from checks.check_dates_not_future(doc, today)
    if not schema_errors:
        yield from checks.check_changes_newest_first(doc)
    for path, text in doc.texts:
        if "{{" in text or "{%" in text:
            # mkdocs-macros runs a page's title as Jinja: the front matter stays plain text.
            yield DataError(
                doc.display, doc.line_of(path), field_path(path), "macros are not allowed here", "write plain text"
            )
    # Change notes show beside the review dates, so a page with notes has review fields too.
    if any(key in doc.data for key in (*REVIEW_KEYS, "changes")):
        properties = schemas.schema("page")["properties"]
        for key in REVIEW_KEYS:
            if key not in doc.data:
                hint = schemas.description(properties[key], "page") or "see CONTRIBUTING.md"
                yield DataError(doc.display, doc.line_of((key,)), key, "missing required field", hint)


def _check_other_file(path: Path, relative: str, display: str, trusted_code: bool) -> list[DataError]:
    """A file beside the pages: the site's own code upstream, otherwise an image or a PDF (an SVG without script)."""
    if trusted_code and (
        relative == HEADERS_FILE or (relative.startswith(CODE_FOLDER) and path.suffix.lower() in CODE_SUFFIXES)
    ):
        return []
    if path.suffix.lower() not in MEDIA:
        allowed = ", ".join(sorted(MEDIA))
        return [
            DataError(
                display,
                1,
                "",
                f"a '{path.suffix or path.name}' file cannot be published beside the pages",
                f"pages are Markdown (.md); beside them only images and documents ({allowed})",
            )
        ]
    if path.suffix.lower() == ".svg":
        return check_svg(path, display)
    return []
