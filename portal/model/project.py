"""Everything the site is built from, checked in one go: the data and the hand-written pages."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

from portal.checks.nation_texts import TextChecks
from portal.model import Guidance, Review
from portal.model.addresses import AUDIENCE_PAGE, GUIDE_PAGE, OBJECTIVE_PAGE, RISK_PAGE, page_address
from portal.model.loader import load_guidance
from portal.model.page_sources import PageSource, load_pages
from portal.model.reviewed_items import ReviewedItem
from portal.source.errors import DataError, DataErrors
from portal.source.files import SourceTree, scan_tree
from portal.source.schemas import SCHEMA_DIR, SchemaSet


@dataclass(frozen=True)
class Project:
    """The validated model, the hand-written pages, and every file of a hosted copy's own pages."""

    guidance: Guidance
    pages: tuple[PageSource, ...]
    local_pages: tuple[Path, ...] = ()  # every file under local/docs/, links and special files refused

    @property
    def reviewed_pages(self) -> tuple[ReviewedItem, ...]:
        """The pages with review fields, as reviewed items (their change notes go to What's new and the feeds)."""
        return tuple(
            ReviewedItem("page", page.title, page.review, page.src_uri)
            for page in self.pages
            if page.review is not None
        )

    @property
    def page_reviews(self) -> dict[str, Review]:
        """The review declared by each page that has one, by the path it is published from."""
        return {page.src_uri: page.review for page in self.pages if page.review is not None}


LOCAL_PAGES = "local"  # where a hosted copy's own pages (local/docs/) are published


def load_project(
    data_dir: Path,
    docs_dir: Path,
    local_dir: Path | None = None,
    today: date | None = None,
    kept: dict[tuple[Path, str], Any] | None = None,
    reuse_model: Callable[[Callable[[], Guidance]], Guidance] | None = None,
    kept_texts: TextChecks | None = None,
) -> Project:
    """Check the data, a hosted copy's local overlay and every page; raise DataErrors listing all.

    `kept`, `kept_texts`: data files as an earlier call read and checked them (see load_guidance).
    `reuse_model`: given the call that loads the model, returns it or a model loaded earlier from the same
    files (the preview's).
    """
    # Loading makes some hundred thousand objects that live as long as the build, and next to no garbage in
    # cycles: the cyclic collector's passes over the growing heap took a sixth of the load (0.45 s of 2.6 s
    # at 2,000 items). Reference counting still frees everything else as it goes; a cycle waits till the end.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _load_project(data_dir, docs_dir, local_dir, today, kept, reuse_model, kept_texts)
    finally:
        if collecting:
            gc.enable()


def _load_project(
    data_dir: Path,
    docs_dir: Path,
    local_dir: Path | None,
    today: date | None,
    kept: dict[tuple[Path, str], Any] | None,
    reuse_model: Callable[[Callable[[], Guidance]], Guidance] | None,
    kept_texts: TextChecks | None,
) -> Project:
    """load_project's work."""
    errors: list[DataError] = []
    guidance = None
    root = data_dir.resolve().parent
    schemas = SchemaSet(SCHEMA_DIR)
    # Every folder is walked once: a hosted copy's local/ gives the loader its data and profile, and its pages here.
    local_tree = scan_tree(local_dir.resolve(), root) if local_dir is not None and local_dir.is_dir() else None
    try:
        load = partial(
            load_guidance, data_dir, local_dir=local_dir, local_tree=local_tree, kept=kept, kept_texts=kept_texts
        )
        guidance = reuse_model(load) if reuse_model else load()
    except DataErrors as failure:
        errors.extend(failure.errors)
    trees: list[tuple[SourceTree, str]] = []
    if docs_dir.is_dir():
        # MkDocs would publish whatever a link in docs/ points at: only real files inside the project pass.
        docs_tree = scan_tree(docs_dir.resolve(), root)
        errors.extend(docs_tree.problems)
        trees.append((docs_tree, ""))
    local_pages: tuple[Path, ...] = ()
    if local_tree is not None and local_dir is not None:
        # Its problems are the loader's to report, with the rest of local/.
        local_docs = local_tree.subfolder(local_dir.resolve() / "docs")
        local_pages = local_docs.files
        trees.append((local_docs, f"{LOCAL_PAGES}/"))
    pages: list[PageSource] = []
    for tree, prefix in trees:
        found, problems = load_pages(tree, root, prefix, schemas, today or date.today())
        pages.extend(found)
        errors.extend(problems)
    if guidance is not None:
        errors.extend(_address_clashes(pages, guidance))
    if errors or guidance is None:
        raise DataErrors(errors)
    return Project(guidance, tuple(pages), local_pages)


def _address_clashes(pages: list[PageSource], guidance: Guidance) -> Iterator[DataError]:
    """Pages that would publish at the address of another page, or of an item's generated page.

    MkDocs publishes about.md and about/index.md (or about/README.md) both at about/, and one of them
    silently replaces the other; a page named like an item's page in its folder would do the same.
    """
    taken: dict[str, str] = {}
    for pattern, kind, items in (
        (OBJECTIVE_PAGE, "objective", guidance.objectives),
        (RISK_PAGE, "risk area", guidance.risks),
        (AUDIENCE_PAGE, "audience", guidance.audiences),
        (GUIDE_PAGE, "guide", guidance.guides),
    ):
        taken.update({page_address(pattern.format(id=item.id)): f"the page of {kind} '{item.id}'" for item in items})
    for page in sorted(pages, key=lambda p: p.display):
        folder, _, name = page.src_uri.rpartition("/")
        source = f"{folder}/index.md" if name.lower() == "readme.md" else page.src_uri
        if source.startswith("/"):
            source = source[1:]
        address = page_address(source)
        if address in taken:
            yield DataError(
                page.display,
                1,
                "",
                f"would be published at /{address}, the address of {taken[address]}",
                "rename the page (or move it into a folder of its own)",
            )
        else:
            taken[address] = page.display
