"""Checks across files: ids unique in their collection, every reference found, hidden items not also shown."""

from __future__ import annotations

from collections.abc import Iterator

from portal.checks import briefings, content, guides
from portal.checks.reserved_ids import term_anchor
from portal.source.errors import DataError
from portal.source.files import SourceTree
from portal.source.layout import FOLDERS, item_id
from portal.source.yaml_document import YamlDocument


def hide_conflicts(site: YamlDocument | None) -> Iterator[DataError]:
    """Hidden items that the profile also asks to show: the helpline, an out-of-hours route, a contact's page."""
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
    # Reported at the hide entry, which is always in the profile: help.out_of_hours may be upstream's.
    routes = help_box.get("out_of_hours") if isinstance(help_box, dict) else None
    named = {
        resource_id
        for route in (routes if isinstance(routes, list) else ())
        if isinstance(route, dict) and isinstance(route.get("resources"), list)
        for resource_id in route["resources"]
    }
    for index, hidden_id in enumerate(resources if isinstance(resources, list) else ()):
        if hidden_id in named and hidden_id != helpline:
            yield DataError(
                site.display,
                site.line_of(("hide", "resources", index)),
                f"hide.resources[{index}]",
                f"'{hidden_id}' is in help.out_of_hours, the help bar's routes for when the helpline is closed,"
                " so it cannot be hidden",
                "remove it from hide, or set help.out_of_hours in the profile without it",
            )
    contacts = data.get("contacts")
    for number, contact in enumerate(contacts if isinstance(contacts, list) else ()):
        show_on = contact.get("show_on") if isinstance(contact, dict) else None
        for collection, ids in show_on.items() if isinstance(show_on, dict) else ():
            gone = hidden.get(collection)
            for index, hidden_id in enumerate(ids if isinstance(ids, list) else ()):
                if isinstance(gone, list) and hidden_id in gone:
                    yield DataError(
                        site.display,
                        site.line_of(("contacts", number, "show_on", collection, index)),
                        f"contacts[{number}].show_on.{collection}[{index}]",
                        f"'{hidden_id}' is hidden (hide.{collection}), so the contact would never be shown there",
                        "remove it from show_on, or stop hiding that item",
                    )


def known_ids(folders: dict[str, list[YamlDocument]], tree: SourceTree) -> dict[str, set[str]]:
    """The ids of every collection: the items' own, and the names of their files."""
    # File names count as ids too: a file that fails to parse, or whose id is mistyped, is already
    # reported once; links to it should not be reported again.
    known = {spec.folder: {p.stem for p in tree.in_folder(spec.folder, ".yml")} for spec in FOLDERS}
    for folder, docs in folders.items():
        known[folder].update(item_id(doc) for doc in docs)
    return known


def duplicate_ids(folders: dict[str, list[YamlDocument]]) -> Iterator[DataError]:
    """Two items of one collection with the same id."""
    for docs in folders.values():
        first: dict[str, YamlDocument] = {}
        for doc in docs:
            own_id = item_id(doc)
            if own_id in first:
                yield DataError(
                    doc.display,
                    doc.line_of(("id",)),
                    "id",
                    f"duplicate id '{own_id}' (also used by {first[own_id].display})",
                    "every item needs its own id, equal to its file name",
                )
            else:
                first[own_id] = doc


def within_file_checks(doc: YamlDocument) -> Iterator[DataError]:
    """What a valid file must also get right inside itself: note order, unique ids and terms, a guide's steps."""
    data = doc.data
    yield from content.check_changes_newest_first(doc)
    for index in range(len(data.get("areas") or ())):
        yield from content.check_changes_newest_first(doc, ("areas", index))
    if guides.is_guide(doc):
        yield from guides.check_guide(doc)
    yield from briefings.check_briefing(doc)
    if "areas" in data:
        yield from content.check_unique(
            doc, ((("areas", i, "id"), a["id"]) for i, a in enumerate(data["areas"])), "area id"
        )
        for i, area in enumerate(data["areas"]):
            # A governor's saved notes are kept under the question's id, so two questions of one area cannot share it.
            asked = list(enumerate(area.get("governor_questions") or ()))
            path = ("areas", i, "governor_questions")
            yield from content.check_unique(doc, ((path + (j, "id"), q["id"]) for j, q in asked), "question id")
            yield from content.check_unique(
                doc, ((path + (j, "question"), q["question"]) for j, q in asked), "question", fold_case=True
            )
    if doc.path.name == "glossary.yml":
        yield from content.check_unique(
            doc, ((("terms", i, "term"), t["term"]) for i, t in enumerate(data["terms"])), "term", fold_case=True
        )
        yield from content.check_unique(
            doc, ((("terms", i, "term"), term_anchor(t["term"])) for i, t in enumerate(data["terms"])), "term anchor"
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


def references(doc: YamlDocument) -> Iterator[content.Reference]:
    """Every id a data file names, with the collection it must be found in."""
    data = doc.data
    if not isinstance(data, dict):
        return
    ref = content.id_list
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
        yield content.Reference(("help", "resource"), help_box["resource"], "resources")
    routes = help_box.get("out_of_hours") if isinstance(help_box, dict) else None
    for index, route in enumerate(routes if isinstance(routes, list) else ()):
        if isinstance(route, dict):
            yield from ref(route, "resources", "resources", ("help", "out_of_hours", index))
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
