"""The one loader: read every data file, validate it all, return the frozen model or every error."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from portal.checks import content as checks
from portal.checks import filtering_review, nation_texts, references, reserved_ids
from portal.checks import nations as nation_checks
from portal.checks.data_urls import check_urls, url_uses
from portal.model.build import Overlay, build_guidance
from portal.model.guidance import Guidance
from portal.model.overlay import apply_local, hide_items, site_images
from portal.model.review_editions import editions_from
from portal.source.errors import DataError, DataErrors
from portal.source.files import SourceTree, display_path, scan_tree
from portal.source.layout import FOLDERS, SINGLE_FILES, unexpected_files
from portal.source.schemas import SCHEMA_DIR, SchemaSet
from portal.source.yaml_document import YamlDocument, YamlProblem, read_yaml


def load_guidance(
    data_dir: Path,
    schema_dir: Path | None = None,
    today: date | None = None,
    local_dir: Path | None = None,
    local_tree: SourceTree | None = None,
    kept: dict[tuple[Path, str], Any] | None = None,
    kept_texts: nation_texts.TextChecks | None = None,
) -> Guidance:
    """Validate everything under `data_dir` (and a hosted copy's `local_dir`) and build the model.

    `local_tree` is the files of `local_dir` when the caller has already walked it (for its pages).
    `kept` holds each data file as an earlier call read and checked it (the preview keeps it between
    rebuilds): a file with the same bytes is not read again. Checks across files always run; `kept_texts`
    keeps what the nation-text check found in each document (see nation_texts.check_texts).
    Raises DataErrors listing every problem in every file.
    """
    data_dir = data_dir.resolve()
    local_dir = local_dir.resolve() if local_dir is not None else None
    root = data_dir.parent
    schemas = SchemaSet(schema_dir or SCHEMA_DIR)
    errors: list[DataError] = []
    folders: dict[str, list[YamlDocument]] = {spec.folder: [] for spec in FOLDERS}
    singles: dict[str, YamlDocument] = {}
    valid: set[str] = set()  # display paths of documents that passed their schema

    def parse(path: Path) -> YamlDocument | None:
        try:
            return read_yaml(path, display_path(path, root))
        except YamlProblem as problem:
            errors.append(problem.error)
            return None

    def read(path: Path, schema: str) -> YamlDocument | None:
        state = _state(path, today) if kept is not None else None
        if kept is not None and state is not None and kept.get((path, schema), (None,))[0] == state:
            _, doc, found, passed = kept[(path, schema)]
            errors.extend(found)
            if passed:
                valid.add(doc.display)
            return doc  # type: ignore[no-any-return]
        before = len(errors)
        doc = parse(path)
        if doc is not None:
            validate(doc, schema)
        if kept is not None and state is not None:
            kept[(path, schema)] = (state, doc, errors[before:], doc is not None and doc.display in valid)
        return doc

    def validate(doc: YamlDocument, schema: str) -> None:
        # A placeholder is reported once, as such, not also as the wrong type or pattern it surely is.
        unfilled = checks.placeholder_paths(doc)
        found = list(doc.problems) + list(checks.check_placeholders(doc))
        # A reserved id is reported once, with its reason, not also as the schema's bare refusal of it.
        reserved = list(reserved_ids.check_ids(doc, schema))
        taken = {e.field for e in reserved}
        found += [
            e
            for e in schemas.check(doc, schema)
            if not checks.under_placeholder(e.field, unfilled) and e.field not in taken
        ]
        found += reserved
        found += checks.check_text_safety(doc)
        found += checks.check_editorial_doubt(doc)
        found += checks.check_dates_not_future(doc, today or date.today())
        errors.extend(found)
        if not found:
            valid.add(doc.display)

    if not data_dir.is_dir():
        raise DataErrors([DataError(str(data_dir), 1, "", "data folder not found", "run from the project folder")])
    # Only real files inside the project are read: a link could publish a secret from elsewhere.
    tree = scan_tree(data_dir, root)
    errors.extend(tree.problems)
    errors.extend(unexpected_files(tree, root))
    for spec in FOLDERS:
        for path in tree.in_folder(spec.folder, ".yml"):
            doc = read(path, spec.schema)
            if doc is not None:
                folders[spec.folder].append(doc)
                errors.extend(checks.check_file_id(doc))
    for name, schema in SINGLE_FILES.items():
        path = data_dir / name
        if not tree.holds(path):
            if path.is_symlink() or path.exists():
                continue  # a link or folder in its place is already reported
            errors.append(
                DataError(
                    f"{data_dir.name}/{name}",
                    1,
                    "",
                    "required file is missing",
                    f"create it; its schema is schemas/{schema}.schema.json",
                )
            )
            continue
        doc = read(path, schema)
        if doc is not None:
            singles[name] = doc

    upstream_site = singles.get("site.yml")
    profile_keys: set[str] = set()
    if local_dir is not None and local_dir.is_dir():
        if local_tree is None:
            local_tree = scan_tree(local_dir, root)
        errors.extend(local_tree.problems)
        profile_keys = apply_local(local_tree, folders, singles, parse, validate, valid, errors, root)
    every_doc = [d for docs in folders.values() for d in docs] + list(singles.values())
    uses = tuple(use for doc in every_doc if doc.display in valid for use in url_uses(doc))
    errors.extend(check_urls(uses))
    known = references.known_ids(folders, tree)
    errors.extend(references.duplicate_ids(folders))
    errors.extend(reserved_ids.check_self_review_ids(folders["objectives"]))
    editions = {d.display for d in folders["filtering-reviews"]}
    for doc in every_doc:
        if doc.display in valid:
            errors.extend(references.within_file_checks(doc))
            if doc.display in editions:
                errors.extend(filtering_review.check_edition(doc))
        # References are checked even in files with other errors, so one run reports everything.
        errors.extend(checks.check_references(doc, references.references(doc), known))
    checked = [d for d in every_doc if d.display in valid]
    resources = [d for d in folders["resources"] if d.display in valid]
    # Resources only reach the build when all are valid, so these serve the check and the build alike.
    equivalents = nation_checks.equivalents_both_ways(resources)
    errors.extend(nation_checks.check_nations(resources, checked, equivalents))
    errors.extend(nation_texts.check_texts(resources, checked, kept_texts))
    errors.extend(references.hide_conflicts(singles.get("site.yml")))
    images, missing = site_images(singles.get("site.yml"), tree, local_tree, profile_keys)
    errors.extend(missing)
    if errors:
        raise DataErrors(errors)
    overlay = None
    if local_dir is not None and local_dir.is_dir() and upstream_site is not None:
        overlay = Overlay(display_path(local_dir, root) + "/", upstream_site.data["repository"])
    guidance = build_guidance(folders, singles, uses, overlay, images, equivalents)
    guidance = replace(guidance, filtering_reviews=editions_from(folders["filtering-reviews"]))
    return hide_items(guidance, singles["site.yml"].data.get("hide") or {})


def _state(path: Path, today: date | None) -> tuple[bytes, date] | None:
    """What reading a data file depends on: its bytes and the date (None if it cannot be read; read() says why)."""
    try:
        return path.read_bytes(), today or date.today()
    except OSError:
        return None
