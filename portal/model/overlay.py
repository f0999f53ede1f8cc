"""A hosted copy's local/ folder laid over upstream: its profile and items, its logo, the upstream items it hides."""

from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from portal.checks import content
from portal.checks.colours import colour_errors
from portal.checks.svg_images import check_svg
from portal.model import Collection, Guidance, ShowOn
from portal.source.errors import DataError
from portal.source.files import SourceTree, display_path
from portal.source.layout import FOLDERS, item_id, unexpected_files
from portal.source.yaml_document import YamlDocument


def hide_items(guidance: Guidance, hide: dict[str, Any]) -> Guidance:
    """The guidance without the hidden items, and without references to them from anything that remains."""
    if not any(hide.get(key) for key in ("risks", "resources", "faqs", "audiences")):
        return guidance
    gone = {key: set(hide.get(key) or ()) for key in ("risks", "resources", "faqs", "audiences")}

    def keep(ids: tuple[str, ...], collection: str) -> tuple[str, ...]:
        return tuple(kept for kept in ids if kept not in gone[collection])

    risks = tuple(
        replace(
            r,
            resources=keep(r.resources, "resources"),
            related=keep(r.related, "risks"),
            audiences=keep(r.audiences, "audiences"),
        )
        for r in guidance.risks
        if r.id not in gone["risks"]
    )
    resources = tuple(
        replace(r, audiences=keep(r.audiences, "audiences"))
        for r in guidance.resources
        if r.id not in gone["resources"]
    )
    faqs = tuple(
        replace(
            f,
            risks=keep(f.risks, "risks"),
            resources=keep(f.resources, "resources"),
            audiences=keep(f.audiences, "audiences"),
        )
        for f in guidance.faqs
        if f.id not in gone["faqs"]
    )
    audiences = tuple(
        replace(a, start_with=keep(a.start_with, "resources"), priority_risks=keep(a.priority_risks, "risks"))
        for a in guidance.audiences
        if a.id not in gone["audiences"]
    )
    objectives = tuple(
        replace(
            o,
            resources=keep(o.resources, "resources"),
            areas=tuple(
                replace(
                    a,
                    risks=keep(a.risks, "risks"),
                    resources=keep(a.resources, "resources"),
                    audiences=keep(a.audiences, "audiences"),
                )
                for a in o.areas
            ),
        )
        for o in guidance.objectives
    )
    # A hidden contact leaves the outcome; a hosted copy lists its own in the local profile's contacts.
    guides = tuple(
        replace(
            g,
            risks=keep(g.risks, "risks"),
            steps=tuple(replace(step, contacts=keep(step.contacts, "resources")) for step in g.steps),
        )
        for g in guidance.guides
    )
    contacts = tuple(
        replace(
            c,
            show_on=ShowOn(
                keep(c.show_on.risks, "risks"), keep(c.show_on.faqs, "faqs"), keep(c.show_on.audiences, "audiences")
            ),
        )
        for c in guidance.site.contacts
    )
    return replace(
        guidance,
        site=replace(guidance.site, contacts=contacts),
        objectives=Collection(objectives),
        risks=Collection(risks),
        resources=Collection(resources),
        faqs=Collection(faqs),
        audiences=Collection(audiences),
        guides=Collection(guides),
    )


def apply_local(
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
    local_data = local_tree.subfolder(local_dir / "data")
    errors.extend(unexpected_files(local_data, root, singles=()))
    for spec in FOLDERS:
        upstream = {item_id(doc): index for index, doc in enumerate(folders[spec.folder])}
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
                if item_id(doc) in upstream:
                    errors.append(
                        DataError(
                            doc.display,
                            doc.line_of(("id",)),
                            "id",
                            f"'{item_id(doc)}' is already an upstream item",
                            f"to change it, write 'extends: {item_id(doc)}' instead of 'id', "
                            "with only the fields you change",
                        )
                    )
                    continue
                validate(doc, spec.schema)
                errors.extend(content.check_file_id(doc))
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
                errors.extend(content.check_file_id(merged))
                folders[spec.folder][upstream[target]] = merged
    return profile_keys


def site_images(
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
