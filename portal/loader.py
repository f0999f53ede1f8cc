"""The one loader: read every data file, validate it all, return the frozen model or every error."""

from __future__ import annotations

import difflib
import hashlib
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

from portal import content_checks as checks
from portal import guide_checks, nation_checks, reserved_ids
from portal.colours import Brand, colour_errors
from portal.data_urls import UrlUse, check_urls, url_uses
from portal.errors import DataError, DataErrors
from portal.model import (
    ALL_NATIONS,
    Answer,
    Area,
    Audience,
    Change,
    Collection,
    Contact,
    Faq,
    Guidance,
    Guide,
    GuideStep,
    Level,
    Link,
    LocalContact,
    NationText,
    Objective,
    Resource,
    Review,
    Risk,
    ShowOn,
    Site,
    Source,
    Step,
    Term,
)
from portal.overlay import hide_items
from portal.schema_check import SchemaSet
from portal.source_files import SourceTree, display_path, is_editor_leftover, scan_tree
from portal.svg_images import check_svg
from portal.yaml_source import YamlDocument, YamlProblem, read_yaml


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
)
SINGLE_FILES = {"site.yml": "site", "glossary.yml": "glossary"}


def _schema_folder() -> Path:
    """The JSON Schemas: shipped inside the package when installed, else the source tree's schemas/."""
    packaged = Path(__file__).resolve().parent / "schemas"
    return packaged if packaged.is_dir() else packaged.parent.parent / "schemas"


SCHEMA_DIR = _schema_folder()


def load_guidance(
    data_dir: Path, schema_dir: Path | None = None, today: date | None = None, local_dir: Path | None = None
) -> Guidance:
    """Validate everything under `data_dir` (and a hosted copy's `local_dir`) and build the model.

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
        doc = parse(path)
        if doc is not None:
            validate(doc, schema)
        return doc

    def validate(doc: YamlDocument, schema: str) -> None:
        # A placeholder is reported once, as such, not also as the wrong type or pattern it surely is.
        unfilled = checks.placeholder_paths(doc)
        found = list(doc.problems) + list(checks.check_placeholders(doc))
        # A reserved id is reported once, with its reason, not also as the schema's bare refusal of it.
        reserved = list(reserved_ids.check_ids(doc, schema))
        taken = {e.field for e in reserved}
        found += [
            e for e in schemas.check(doc, schema) if not _under_placeholder(e.field, unfilled) and e.field not in taken
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
    errors.extend(_unexpected_files(tree, root))
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
    local_tree = None
    if local_dir is not None and local_dir.is_dir():
        local_tree = scan_tree(local_dir, root)
        errors.extend(local_tree.problems)
        profile_keys = _apply_local(local_tree, folders, singles, parse, validate, valid, errors, root)
    every_doc = [d for docs in folders.values() for d in docs] + list(singles.values())
    uses = tuple(use for doc in every_doc if doc.display in valid for use in url_uses(doc))
    errors.extend(check_urls(uses))
    known = _known_ids(folders, tree)
    errors.extend(_duplicate_ids(folders))
    errors.extend(reserved_ids.check_self_review_ids(folders["objectives"]))
    for doc in every_doc:
        if doc.display in valid:
            errors.extend(_within_file_checks(doc))
        # References are checked even in files with other errors, so one run reports everything.
        errors.extend(checks.check_references(doc, _references(doc), known))
    checked = [d for d in every_doc if d.display in valid]
    errors.extend(nation_checks.check_nations([d for d in folders["resources"] if d.display in valid], checked))
    errors.extend(_hide_conflicts(singles.get("site.yml")))
    images, missing = _site_images(singles.get("site.yml"), tree, local_tree, profile_keys)
    errors.extend(missing)
    if errors:
        raise DataErrors(errors)
    overlay = None
    if local_dir is not None and local_dir.is_dir() and upstream_site is not None:
        overlay = Overlay(display_path(local_dir, root) + "/", upstream_site.data["repository"])
    guidance = _build(folders, singles, uses, overlay, images)
    return hide_items(guidance, singles["site.yml"].data.get("hide") or {})


def _apply_local(
    local_tree: SourceTree,
    folders: dict[str, list[YamlDocument]],
    singles: dict[str, YamlDocument],
    parse: Callable[[Path], YamlDocument | None],
    validate: Callable[[YamlDocument, str], None],
    valid: set[str],
    errors: list[DataError],
    root: Path,
) -> set[str]:
    """Lay a hosted copy's own profile and items over the upstream data, in place; return the keys the profile sets."""
    local_dir = local_tree.folder
    profile_path = local_dir / "profile.yml"
    site = singles.get("site.yml")
    profile_keys: set[str] = set()
    if local_tree.holds(profile_path) and site is not None:
        profile = parse(profile_path)
        if profile is not None:
            validate(profile, "profile")
            if isinstance(profile.data, dict) and isinstance(site.data, dict):
                errors.extend(colour_errors(profile))
                # The merged profile keeps the profile's name and lines: every field the copy set is found there.
                merged = replace(profile, data={**site.data, **profile.data})
                if site.display not in valid:
                    valid.discard(merged.display)
                singles["site.yml"] = merged
                profile_keys = set(profile.data)
    elif site is not None and isinstance(site.data, dict):
        errors.extend(colour_errors(site))
    local_data = SourceTree(
        local_dir / "data", tuple(p for p in local_tree.files if p.is_relative_to(local_dir / "data")), ()
    )
    errors.extend(_unexpected_files(local_data, root, singles=()))
    for spec in FOLDERS:
        upstream = {_item_id(doc): index for index, doc in enumerate(folders[spec.folder])}
        for path in local_data.in_folder(spec.folder, ".yml"):
            doc = parse(path)
            if doc is None or not isinstance(doc.data, dict):
                continue
            target = doc.data.get("extends")
            if not isinstance(target, str | None):
                errors.append(
                    DataError(
                        doc.display,
                        doc.line_of(("extends",)),
                        "extends",
                        f"must be the id of one upstream {spec.schema}, not a list or mapping",
                        f"write the id (file name) of an item in data/{spec.folder}/, e.g. extends: some-id",
                    )
                )
                continue
            if target is None:
                if _item_id(doc) in upstream:
                    errors.append(
                        DataError(
                            doc.display,
                            doc.line_of(("id",)),
                            "id",
                            f"'{_item_id(doc)}' is already an upstream item",
                            f"to change it, write 'extends: {_item_id(doc)}' instead of 'id', "
                            "with only the fields you change",
                        )
                    )
                    continue
                validate(doc, spec.schema)
                errors.extend(checks.check_file_id(doc))
                folders[spec.folder].append(doc)
            elif target not in upstream:
                close = difflib.get_close_matches(str(target), upstream, n=1)
                hint = (
                    f"did you mean '{close[0]}'?"
                    if close
                    else f"use the id (file name) of an item in data/{spec.folder}/"
                )
                errors.append(
                    DataError(
                        doc.display,
                        doc.line_of(("extends",)),
                        "extends",
                        f"there is no upstream {spec.schema} '{target}' to extend",
                        hint,
                    )
                )
            else:
                base = folders[spec.folder][upstream[target]]
                if not isinstance(base.data, dict):
                    continue  # the upstream file is broken and already reported; there is nothing to extend
                fields = {key: value for key, value in doc.data.items() if key != "extends"}
                merged = replace(doc, data={**base.data, **fields, "id": target})
                validate(merged, spec.schema)
                errors.extend(checks.check_file_id(merged))
                folders[spec.folder][upstream[target]] = merged
    return profile_keys


def _site_images(
    site: YamlDocument | None, data_tree: SourceTree, local_tree: SourceTree | None, profile_keys: set[str]
) -> tuple[dict[str, str], list[DataError]]:
    """The logo and favicon files, found next to the file that names them (the profile or site.yml)."""
    found: dict[str, str] = {}
    errors: list[DataError] = []
    data = site.data if site is not None and isinstance(site.data, dict) else {}
    for key in ("logo", "favicon"):
        name = data.get(key)
        if not isinstance(name, str) or site is None:
            continue
        # A profile may leave the logo to site.yml: then the file sits in data/.
        tree = local_tree if local_tree is not None and key in profile_keys else data_tree
        folder = tree.folder
        path = folder / name
        if tree.holds(path):  # every file found lies inside the folder: '../' cannot leave it
            found[key] = str(path.resolve())
            if path.suffix.lower() == ".svg":  # published as a file of the site: a drawing, never a script
                errors.extend(check_svg(path, display_path(path, data_tree.folder.parent)))
        else:
            errors.append(
                DataError(
                    site.display,
                    site.line_of((key,)),
                    key,
                    f"no file '{name}' in {folder.as_posix()}/",
                    f"put the {key} file next to {site.path.name}, or correct the name",
                )
            )
    return found, errors


def _hide_conflicts(site: YamlDocument | None) -> Iterator[DataError]:
    """Hidden items that the profile also asks to show: the helpline, or a page a contact is shown on."""
    data = site.data if site is not None and isinstance(site.data, dict) else {}
    hidden = data.get("hide") if isinstance(data.get("hide"), dict) else {}
    if site is None or not hidden:
        return
    help_box = data.get("help")
    helpline = help_box.get("resource") if isinstance(help_box, dict) else None
    resources = hidden.get("resources")
    if isinstance(resources, list) and helpline in resources:
        index = resources.index(helpline)
        yield DataError(
            site.display,
            site.line_of(("hide", "resources", index)),
            f"hide.resources[{index}]",
            f"'{helpline}' is the helpline in the 'get help now' box, so it cannot be hidden",
            "remove it from hide, or first set help.resource to another helpline",
        )
    contacts = data.get("contacts")
    for number, contact in enumerate(contacts if isinstance(contacts, list) else ()):
        show_on = contact.get("show_on") if isinstance(contact, dict) else None
        for collection, ids in show_on.items() if isinstance(show_on, dict) else ():
            gone = hidden.get(collection)
            for index, item_id in enumerate(ids if isinstance(ids, list) else ()):
                if isinstance(gone, list) and item_id in gone:
                    yield DataError(
                        site.display,
                        site.line_of(("contacts", number, "show_on", collection, index)),
                        f"contacts[{number}].show_on.{collection}[{index}]",
                        f"'{item_id}' is hidden (hide.{collection}), so the contact would never be shown there",
                        "remove it from show_on, or stop hiding that item",
                    )


def _under_placeholder(field: str, unfilled: list[tuple[str | int, ...]]) -> bool:
    return any(
        field == checks.field_path(path)
        or field.startswith(checks.field_path(path) + ".")
        or field.startswith(checks.field_path(path) + "[")
        for path in unfilled
    )


def _unexpected_files(
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


def _known_ids(folders: dict[str, list[YamlDocument]], tree: SourceTree) -> dict[str, set[str]]:
    # File names count as ids too: a file that fails to parse, or whose id is mistyped, is already
    # reported once; links to it should not be reported again.
    known = {spec.folder: {p.stem for p in tree.in_folder(spec.folder, ".yml")} for spec in FOLDERS}
    for folder, docs in folders.items():
        known[folder].update(_item_id(doc) for doc in docs)
    return known


def _item_id(doc: YamlDocument) -> str:
    item_id = doc.data.get("id") if isinstance(doc.data, dict) else None
    return item_id if isinstance(item_id, str) else doc.path.stem


def _duplicate_ids(folders: dict[str, list[YamlDocument]]) -> Iterator[DataError]:
    for docs in folders.values():
        first: dict[str, YamlDocument] = {}
        for doc in docs:
            item_id = _item_id(doc)
            if item_id in first:
                yield DataError(
                    doc.display,
                    doc.line_of(("id",)),
                    "id",
                    f"duplicate id '{item_id}' (also used by {first[item_id].display})",
                    "every item needs its own id, equal to its file name",
                )
            else:
                first[item_id] = doc


def _within_file_checks(doc: YamlDocument) -> Iterator[DataError]:
    data = doc.data
    yield from checks.check_changes_newest_first(doc)
    for index in range(len(data.get("areas") or ())):
        yield from checks.check_changes_newest_first(doc, ("areas", index))
    if guide_checks.is_guide(doc):
        yield from guide_checks.check_guide(doc)
    if "areas" in data:
        yield from checks.check_unique(
            doc, ((("areas", i, "id"), a["id"]) for i, a in enumerate(data["areas"])), "area id"
        )
    if doc.path.name == "glossary.yml":
        yield from checks.check_unique(
            doc, ((("terms", i, "term"), t["term"]) for i, t in enumerate(data["terms"])), "term", fold_case=True
        )
        yield from checks.check_unique(
            doc, ((("terms", i, "term"), _slug(t["term"])) for i, t in enumerate(data["terms"])), "term anchor"
        )
    for path_key in ("related",):
        for index, value in enumerate(data.get(path_key) or ()):
            if value == data.get("id"):
                yield DataError(
                    doc.display,
                    doc.line_of((path_key, index)),
                    f"{path_key}[{index}]",
                    "an item cannot be related to itself",
                    "remove this entry",
                )


def _references(doc: YamlDocument) -> Iterator[checks.Reference]:
    data = doc.data
    if not isinstance(data, dict):
        return
    ref = checks.id_list
    areas = data.get("areas")
    for index, area in enumerate(areas if isinstance(areas, list) else ()):
        if not isinstance(area, dict):
            continue
        yield from ref(area, "risks", "risks", ("areas", index))
        yield from ref(area, "audiences", "audiences", ("areas", index))
        yield from ref(area, "resources", "resources", ("areas", index))
    yield from ref(data, "objectives", "objectives")
    yield from ref(data, "risks", "risks")
    yield from ref(data, "resources", "resources")
    yield from ref(data, "related", "risks")
    yield from ref(data, "audiences", "audiences")
    yield from ref(data, "start_with", "resources")
    yield from ref(data, "priority_risks", "risks")
    steps = data.get("steps") if "start" in data else None
    for index, step in enumerate(steps if isinstance(steps, list) else ()):
        if isinstance(step, dict):
            yield from ref(step, "contacts", "resources", ("steps", index))
    equivalents = data.get("equivalents") if "kind" in data else None
    if isinstance(equivalents, dict):
        for nation in equivalents:
            yield from ref(equivalents, nation, "resources", ("equivalents",))
    help_box = data.get("help") if "organisation" in data or doc.path.name in ("site.yml", "profile.yml") else None
    if isinstance(help_box, dict) and isinstance(help_box.get("resource"), str):
        yield checks.Reference(("help", "resource"), help_box["resource"], "resources")
    hidden = data.get("hide")
    for collection in ("risks", "resources", "faqs", "audiences"):
        if isinstance(hidden, dict):
            yield from ref(hidden, collection, collection, ("hide",))
    contacts = data.get("contacts")
    for index, contact in enumerate(contacts if isinstance(contacts, list) else ()):
        show_on = contact.get("show_on") if isinstance(contact, dict) else None
        if isinstance(show_on, dict):
            for collection in ("risks", "faqs", "audiences"):
                yield from ref(show_on, collection, collection, ("contacts", index, "show_on"))


def _slug(text: str) -> str:
    """Anchor for a glossary term: 'C&YP' → 'cyp', '4 Cs' → '4-cs'."""
    return reserved_ids.term_anchor(text)


# ---- Building the model from validated data ----


def review_from(data: dict[str, Any], display: str) -> Review:
    """The review fields (sources, reviewed, interval, owner) of validated data from file `display`."""
    return Review(
        sources=tuple(Source(s["title"], s["url"]) for s in data.get("sources", ())),
        reviewed=date.fromisoformat(data["reviewed"]),
        interval_months=data["review_interval_months"],
        data_file=display,
        owner=data.get("owner"),
        changes=changes_from(data),
    )


def changes_from(data: dict[str, Any]) -> tuple[Change, ...]:
    """The change notes of validated data, newest first as written."""
    return tuple(
        Change(date.fromisoformat(c["date"]), c["note"], bool(c.get("typo", False))) for c in data.get("changes", ())
    )


def _variants(entries: list[dict[str, Any]] | None) -> tuple[NationText, ...]:
    """The by_nation entries of an item or step, each with its nations in the vocabulary's order."""
    return tuple(NationText(nation_checks.item_nations(e), e["text"]) for e in entries or ())


def _step(entry: str | dict[str, Any]) -> Step:
    return Step(text=entry) if isinstance(entry, str) else Step(by_nation=_variants(entry["by_nation"]))


def _objective(doc: YamlDocument) -> Objective:
    d = doc.data
    areas = tuple(
        Area(
            id=a["id"],
            title=a["title"],
            covers=tuple(a.get("covers", ())),
            guidance=a["guidance"],
            questions=tuple(a["questions"]),
            gaps=tuple(a["gaps"]),
            risks=tuple(a.get("risks", ())),
            resources=tuple(a.get("resources", ())),
            audiences=tuple(a.get("audiences", ())),
            levels=tuple(Level(level["statement"], tuple(level["improvements"])) for level in a["levels"]),
            by_nation=_variants(a.get("by_nation")),
            changes=changes_from(a),
        )
        for a in d["areas"]
    )
    return Objective(
        id=d["id"],
        number=d["number"],
        title=d["title"],
        pies_letter=d["pies"]["letter"],
        pies_name=d["pies"]["name"],
        aim=d["aim"],
        summary=d["summary"],
        areas=areas,
        resources=tuple(d.get("resources", ())),
        review=review_from(d, doc.display),
        search_terms=tuple(d.get("search_terms", ())),
    )


def _risk(doc: YamlDocument) -> Risk:
    d = doc.data
    return Risk(
        id=d["id"],
        title=d["title"],
        also_known_as=tuple(d["also_known_as"]),
        categories=tuple(d["categories"]),
        summary=d["summary"],
        description=d["description"],
        signs=tuple(d.get("signs", ())),
        actions=tuple(_step(entry) for entry in d.get("actions", ())),
        audiences=tuple(d["audiences"]),
        resources=tuple(d.get("resources", ())),
        related=tuple(d.get("related", ())),
        review=review_from(d, doc.display),
        search_terms=tuple(d.get("search_terms", ())),
        nations=nation_checks.item_nations(d),
        by_nation=_variants(d.get("by_nation")),
    )


def _resource(doc: YamlDocument, equivalents: dict[str, dict[str, list[str]]]) -> Resource:
    d = doc.data
    contact = Contact(**d["contact"]) if d.get("contact") else None
    return Resource(
        id=d["id"],
        title=d["title"],
        abbreviation=d.get("abbreviation"),
        publisher=d["publisher"],
        url=d["url"],
        kind=d["kind"],
        summary=d["summary"],
        contact=contact,
        cost=d["cost"],
        cost_note=d.get("cost_note"),
        audiences=tuple(d["audiences"]),
        nations=nation_checks.item_nations(d),
        caveat=d.get("caveat"),
        review=review_from(d, doc.display),
        search_terms=tuple(d.get("search_terms", ())),
        edition=d.get("edition"),
        in_force_from=date.fromisoformat(d["in_force_from"]) if d.get("in_force_from") else None,
        equivalents=tuple(
            (nation, tuple(ids)) for nation in ALL_NATIONS if (ids := equivalents.get(d["id"], {}).get(nation))
        ),
        no_equivalent=tuple(
            NationText((nation,), text)
            for nation in ALL_NATIONS
            if (text := (d.get("no_equivalent") or {}).get(nation))
        ),
    )


def _faq(doc: YamlDocument) -> Faq:
    d = doc.data
    return Faq(
        id=d["id"],
        order=d.get("order", 1000),
        question=d["question"],
        answer=d["answer"],
        caveat=d.get("caveat"),
        objectives=tuple(d.get("objectives", ())),
        risks=tuple(d.get("risks", ())),
        resources=tuple(d.get("resources", ())),
        audiences=tuple(d.get("audiences", ())),
        review=review_from(d, doc.display),
        nations=nation_checks.item_nations(d),
        by_nation=_variants(d.get("by_nation")),
    )


def _guide(doc: YamlDocument) -> Guide:
    d = doc.data
    steps = tuple(
        GuideStep(
            id=s["id"],
            question=s.get("question"),
            help=s.get("help"),
            answers=tuple(Answer(a["label"], a["next"]) for a in s.get("answers", ())),
            outcome=s.get("outcome"),
            actions=tuple(_step(entry) for entry in s.get("actions", ())),
            contacts=tuple(s.get("contacts", ())),
            based_on=tuple(s.get("based_on", ())),
        )
        for s in d["steps"]
    )
    return Guide(
        id=d["id"],
        title=d["title"],
        summary=d["summary"],
        start=d["start"],
        steps=steps,
        review=review_from(d, doc.display),
        risks=tuple(d.get("risks", ())),
        nations=nation_checks.item_nations(d),
        search_terms=tuple(d.get("search_terms", ())),
        version=_content_version(d),
    )


def _content_version(data: dict[str, Any]) -> str:
    """A short fingerprint of an item's validated content: the same content always gives the same value."""
    canonical = json.dumps(data, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:8]


def _audience(doc: YamlDocument) -> Audience:
    d = doc.data
    return Audience(
        id=d["id"],
        order=d.get("order", 1000),
        title=d["title"],
        summary=d["summary"],
        focus=d["focus"],
        start_with=tuple(d["start_with"]),
        priority_risks=tuple(d["priority_risks"]),
        review=review_from(d, doc.display),
        search_terms=tuple(d.get("search_terms", ())),
        nations=nation_checks.item_nations(d),
        by_nation=_variants(d.get("by_nation")),
    )


@dataclass(frozen=True)
class Overlay:
    """Where a hosted copy's local folder is, and the upstream repository its other files belong to."""

    prefix: str  # as files are named in messages and edit links, e.g. 'local/'
    upstream_repository: dict[str, str]


def _site(doc: YamlDocument, overlay: Overlay | None, images: dict[str, str]) -> Site:
    d = doc.data
    contacts = tuple(
        LocalContact(
            **{k: v for k, v in c.items() if k != "show_on"},
            show_on=ShowOn(**{key: tuple(ids) for key, ids in (c.get("show_on") or {}).items()}),
        )
        for c in d.get("contacts", ())
    )
    colours = {key: value.lower() for key, value in (d.get("colours") or {}).items()}
    return Site(
        name=d["name"],
        description=d["description"],
        organisation=Link(d["organisation"]["name"], d["organisation"]["url"]),
        repository_url=d["repository"]["url"],
        repository_branch=d["repository"]["branch"],
        help_resource=d["help"]["resource"],
        emergency=d["help"]["emergency"],
        contacts=contacts,
        links=tuple(Link(link["title"], link["url"]) for link in d.get("links", ())),
        short_name=d.get("short_name"),
        url=d.get("url"),
        logo=d.get("logo"),
        favicon=d.get("favicon"),
        brand=Brand(**colours),
        local_pages_title=d.get("local_pages_title", "Local information"),
        default_nation=d.get("default_nation"),
        logo_file=images.get("logo"),
        favicon_file=images.get("favicon"),
        local_prefix=overlay.prefix if overlay else None,
        upstream_repository=(
            (overlay.upstream_repository["url"], overlay.upstream_repository["branch"]) if overlay else None
        ),
    )


def _build(
    folders: dict[str, list[YamlDocument]],
    singles: dict[str, YamlDocument],
    uses: tuple[UrlUse, ...],
    overlay: Overlay | None,
    images: dict[str, str],
) -> Guidance:
    glossary_doc = singles["glossary.yml"]
    equivalents = nation_checks.equivalents_both_ways(folders["resources"])
    terms = sorted(glossary_doc.data["terms"], key=lambda t: t["term"].casefold())
    return Guidance(
        site=_site(singles["site.yml"], overlay, images),
        objectives=Collection(tuple(sorted((_objective(d) for d in folders["objectives"]), key=lambda o: o.number))),
        risks=Collection(tuple(sorted((_risk(d) for d in folders["risks"]), key=lambda r: r.title.casefold()))),
        resources=Collection(
            tuple(
                sorted(
                    (_resource(d, equivalents) for d in folders["resources"]),
                    key=lambda r: r.title.casefold(),
                )
            )
        ),
        faqs=Collection(tuple(sorted((_faq(d) for d in folders["faqs"]), key=lambda f: (f.order, f.question)))),
        audiences=Collection(
            tuple(sorted((_audience(d) for d in folders["audiences"]), key=lambda a: (a.order, a.title.casefold())))
        ),
        glossary=Collection(
            tuple(
                Term(
                    _slug(t["term"]),
                    t["term"],
                    t.get("expansion"),
                    t["definition"],
                    tuple(Source(s["title"], s["url"]) for s in t["sources"]),
                    nation_checks.item_nations(t),
                )
                for t in terms
            )
        ),
        glossary_review=review_from(glossary_doc.data, glossary_doc.display),
        url_uses=uses,
        guides=Collection(tuple(sorted((_guide(d) for d in folders["guides"]), key=lambda g: g.title.casefold()))),
    )
