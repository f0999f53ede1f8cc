"""Checks that each fact says where in the UK it applies, and names what applies elsewhere."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from portal.source.errors import DataError, field_path
from portal.source.vocabulary import ALL_NATIONS, NATIONS, nations_label
from portal.source.yaml_document import FieldPath, YamlDocument

# Guidance, law and routes of one nation's system: pages elsewhere must say where they apply, and
# the item must name what does the same job in the other nations (or say that nothing does).
SYSTEM_KINDS = ("statutory-guidance", "legislation", "guidance")
# Guidance that changes most years: a six-month review catches the next September's edition.
EDITION_KINDS = ("statutory-guidance", "legislation")
MAX_EDITION_REVIEW_MONTHS = 6


def item_nations(data: dict[str, Any]) -> tuple[str, ...]:
    """The nations an item applies to: all four unless it lists some."""
    named = data.get("nations")
    return tuple(n for n in ALL_NATIONS if n in named) if isinstance(named, list) else ALL_NATIONS


def equivalents_both_ways(docs: Iterable[YamlDocument]) -> dict[str, dict[str, list[str]]]:
    """Resource id → nation → ids of its equivalents there, whichever of the two items declared the link."""
    by_id = {d.data["id"]: d.data for d in docs if isinstance(d.data, dict) and isinstance(d.data.get("id"), str)}
    found: dict[str, dict[str, list[str]]] = {}

    def link(item: str, nation: str, other: str) -> None:
        ids = found.setdefault(item, {}).setdefault(nation, [])
        if other not in ids:
            ids.append(other)

    for item_id, data in by_id.items():
        declared = data.get("equivalents")
        for nation, ids in declared.items() if isinstance(declared, dict) else ():
            for other in ids if isinstance(ids, list) else ():
                if other not in by_id or other == item_id:
                    continue
                link(item_id, nation, other)
                for own in item_nations(data):
                    if own not in item_nations(by_id[other]):
                        link(other, own, item_id)
    return found


def check_nations(
    resource_docs: list[YamlDocument], docs: list[YamlDocument], both_ways: dict[str, dict[str, list[str]]]
) -> Iterator[DataError]:
    """Every check of nations and equivalents, over valid documents: `resource_docs` are the resources among `docs`.

    `both_ways` is equivalents_both_ways(resource_docs), worked out once for the check and the build.
    """
    resources = {d.data["id"]: d for d in resource_docs}
    for doc in resource_docs:
        yield from _check_equivalents(doc, resources)
        yield from _check_coverage(doc, both_ways.get(doc.data["id"], {}))
        yield from _check_edition(doc)
    for doc in docs:
        yield from _check_variants(doc)
        yield from _check_risk_routes(doc)


def _check_equivalents(doc: YamlDocument, resources: dict[str, YamlDocument]) -> Iterator[DataError]:
    data = doc.data
    own = item_nations(data)
    declared = data.get("equivalents") or {}
    none = data.get("no_equivalent") or {}
    for nation, ids in declared.items():
        if nation in own:
            yield nation_error(
                doc,
                ("equivalents", nation),
                f"this item already applies in {NATIONS[nation]}, so it has no equivalent there",
                f"remove {nation} here, or remove it from nations",
            )
            continue
        for index, other in enumerate(ids):
            target = resources.get(other)
            if other == data["id"]:
                yield nation_error(
                    doc, ("equivalents", nation, index), "an item cannot be its own equivalent", "remove it"
                )
            elif target is not None and nation not in item_nations(target.data):
                yield nation_error(
                    doc,
                    ("equivalents", nation, index),
                    f"'{other}' applies in {nations_label(item_nations(target.data))}, not {NATIONS[nation]}",
                    f"list it under the nation it applies in, or add {nation} to its nations",
                )
    for nation in none:
        if nation in own:
            yield nation_error(
                doc,
                ("no_equivalent", nation),
                f"this item applies in {NATIONS[nation]}, so 'no equivalent there' contradicts it",
                f"remove {nation} here, or remove it from nations",
            )
        elif nation in declared:
            yield nation_error(
                doc,
                ("no_equivalent", nation),
                f"equivalents names an item for {NATIONS[nation]}, so it cannot also have none",
                "keep one of the two",
            )


def _check_coverage(doc: YamlDocument, both_ways: dict[str, list[str]]) -> Iterator[DataError]:
    data = doc.data
    own = item_nations(data)
    if data.get("kind") not in SYSTEM_KINDS or own == ALL_NATIONS:
        return
    none = data.get("no_equivalent") or {}
    silent = [n for n in ALL_NATIONS if n not in own and n not in both_ways and n not in none]
    if silent:
        yield nation_error(
            doc,
            ("nations",),
            f"applies only in {nations_label(own)} but says nothing about what applies in "
            f"{nations_label(tuple(silent))}",
            "for each, add equivalents (ids of what does the same job there) or no_equivalent (what to do there "
            "instead, e.g. 'check with your local safeguarding partnership')",
        )


def _check_edition(doc: YamlDocument) -> Iterator[DataError]:
    data = doc.data
    if data.get("kind") not in EDITION_KINDS:
        return
    if not data.get("edition"):
        yield nation_error(
            doc,
            ("kind",),
            f"{data['kind']} needs an edition: the version in force",
            "add edition: (e.g. '2025'), and in_force_from: YYYY-MM-DD if an official page gives the date",
        )
    interval = data.get("review_interval_months")
    if isinstance(interval, int) and interval > MAX_EDITION_REVIEW_MONTHS:
        yield nation_error(
            doc,
            ("review_interval_months",),
            f"is {interval}; {data['kind']} changes most years, so review it at least every "
            f"{MAX_EDITION_REVIEW_MONTHS} months",
            f"set review_interval_months: {MAX_EDITION_REVIEW_MONTHS} or less",
        )


def _variant_lists(data: Any, path: FieldPath = ()) -> Iterator[tuple[FieldPath, list[Any]]]:
    """Every by_nation list in a document, wherever it sits (item, area, step)."""
    if isinstance(data, dict):
        for key, value in data.items():
            if key == "by_nation" and isinstance(value, list):
                yield (*path, key), value
            else:
                yield from _variant_lists(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _variant_lists(value, (*path, index))


def _check_variants(doc: YamlDocument) -> Iterator[DataError]:
    if not isinstance(doc.data, dict):
        return
    own = item_nations(doc.data)
    for path, variants in _variant_lists(doc.data):
        seen: dict[str, int] = {}
        for index, variant in enumerate(variants):
            for nation in variant["nations"]:
                where = (*path, index, "nations")
                if nation not in own:
                    yield nation_error(
                        doc,
                        where,
                        f"{NATIONS[nation]} is not among the item's nations ({nations_label(own)})",
                        f"remove {nation} here, or add it to the item's nations",
                    )
                elif nation in seen:
                    yield nation_error(
                        doc,
                        where,
                        f"{NATIONS[nation]} already has an entry ({field_path(path)}[{seen[nation]}])",
                        "give each nation one entry: merge the two texts",
                    )
                else:
                    seen[nation] = index
        missing = tuple(n for n in own if n not in seen)
        if missing:
            yield nation_error(
                doc,
                path,
                f"says nothing for {nations_label(missing)}",
                "add an entry for them; if nothing equivalent exists there, say so and whom to ask "
                "(e.g. 'check with your local safeguarding partnership')",
            )


def _check_risk_routes(doc: YamlDocument) -> Iterator[DataError]:
    """A risk's 'What to do now' gives each nation's own route: one step at least differs by nation."""
    data = doc.data
    if doc.path.parent.name != "risks" or not isinstance(data, dict) or not data.get("actions"):
        return
    # One entry for every nation says the same everywhere: a route that differs has two entries at least.
    if any(isinstance(step, dict) and len(step.get("by_nation") or ()) > 1 for step in data["actions"]):
        return
    yield nation_error(
        doc,
        ("actions",),
        f"gives no nation's own route: none of its {len(data['actions'])} steps has a by_nation list with an "
        "entry for each nation",
        "make the step that says whom to tell a by_nation list, one entry per nation, naming that nation's route "
        "(e.g. England: children's social care or the MASH; Wales: the local authority's children's services; "
        "Scotland: social work and Police Scotland; Northern Ireland: the HSC Trust's Gateway team and the PSNI)",
    )


def nation_error(doc: YamlDocument, path: FieldPath, problem: str, hint: str, line: int | None = None) -> DataError:
    """A problem at `path` of `doc`, on the given line or the field's own."""
    return DataError(doc.display, line or doc.line_of(path), field_path(path), problem, hint)
