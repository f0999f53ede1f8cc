"""Ids and file names the site keeps for itself: one rule per kind of id, each refusal with its reason.

An item's id is its file name (data/risks/<id>.yml), often its page (risks/<id>/) and, for some
kinds, an anchor on a page that has anchors of its own. An id equal to one of those would replace
a hand-written page, give two elements on one page the same id (a link, or guide.js looking up a
step, then finds the wrong one), or name a file that Windows cannot create, so that every clone
there fails. The lists below come from the places that make them: the hand-written pages in each
generated folder, the vocabularies, and the anchors the templates and pages write (each list is
held to a real build by tests/test_reserved_ids.py, so a new template anchor cannot slip in unreserved).
The schemas state the same rules for editors (a pattern beside each id); the test keeps them equal.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

from portal.source.errors import DataError, clip, field_path
from portal.source.files import WINDOWS_DEVICES
from portal.source.vocabulary import FOUR_CS, RESOURCE_KINDS
from portal.source.yaml_document import YamlDocument

# The id pattern of schemas/common.schema.json: only values that pass it are looked at here, so a
# value is refused either for its form or as reserved, never both.
ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
# Windows device names that are also ids: no item may have one, as its file could not exist there.
DEVICE_IDS = tuple(sorted(name.lower() for name in WINDOWS_DEVICES if ID.fullmatch(name.lower())))

# ---- Anchors and pages the site writes itself ----

# Generated folders and their hand-written pages: docs/risks/index.md is the list of every risk area.
# (tests/test_reserved_ids.py fails if a page is added to one of these folders and not listed here.)
FOLDER_PAGES = {
    "objectives": {"index": "the page listing the objectives"},
    "risks": {"index": "the page listing every risk area"},
    "audiences": {"index": "the page listing every kind of setting"},
    "respond": {"index": "the page listing every step-by-step guide"},
}

# Anchors written on the pages where items' ids become anchors too, by the page's heading (made from
# its text) or by the templates; the `portal-` ids of the theme and guide.js are covered by PREFIX.
RESOURCE_PAGE_ANCHORS = {
    "resources": "the heading of the resources page",
    "get-help-now": "the heading of the get help page",
    "step-by-step": "the 'Step by step' heading of the get help page",
    **{kind.id: f"the '{kind.heading}' heading of the resources page" for kind in RESOURCE_KINDS.values()},
}
RISK_INDEX_ANCHORS = {
    "risk-areas": "the heading of the risk areas page",
    **{c.id: f"the '{c.heading} risks' heading of the risk areas page" for c in FOUR_CS.values()},
}
FAQ_PAGE_ANCHORS = {"frequently-asked-questions": "the heading of the FAQ page"}
GLOSSARY_PAGE_ANCHORS = {"glossary": "the heading of the glossary page"}
OBJECTIVE_PAGE_ANCHORS = {  # portal/site/templates/objective.md.j2
    "areas": "the 'Areas to consider' heading of the objective's page",
    "self-review": "the 'Review your setting' heading of the objective's page",
    "resources": "the 'Resources for this objective' heading of the objective's page",
    "faqs": "the 'Questions people ask' heading of the objective's page",
}
# What follows an area's id in the anchors made from it (objective.md.j2, self_review_form.html.j2).
AREA_SUFFIXES = {
    "questions": "'<area>-questions' is the anchor of an area's questions on the objective's page",
    "gaps": "'<area>-gaps' is the anchor of an area's common gaps on the objective's page",
    "level-[0-9]+": "'sr-<objective>-<area>-level-1' is an answer's id in the self-review",
    "commentary": "'sr-<objective>-<area>-commentary' is a box's id in the self-review",
    "evidence": "'sr-<objective>-<area>-evidence' is a box's id in the self-review",
}
# The self-review form's own ids (self_review_form.html.j2). Each area's ids are
# 'sr-<objective>-<area>...', so an objective may not be the start of one of these.
SELF_REVIEW_IDS = (
    "sr",
    "sr-setup-title",
    "sr-mode-areas",
    "sr-mode-governors",
    "sr-governors-title",
    "sr-governors-progress",
    "sr-governors-safeguarding-lead",
    "sr-governors-it-support",
    "sr-setting-name",
    "sr-setting-type",
    "sr-setting-type-hint",
    "sr-import",
    "sr-status",
    "sr-progress-title",
    "sr-progress-text",
    "sr-chart",
    "sr-score-table",
    "sr-action-template",
    "sr-report",
    "sr-data",
)
PREFIX = "portal-"
PREFIX_WHY = (
    "ids starting 'portal-' are kept for the site's own elements, such as portal-guide-trail, "
    "and a second element with one of their ids breaks the page"
)


def _self_review_words() -> dict[str, str]:
    """Objective ids that would make an area's self-review id equal one of the form's own ids."""
    words: dict[str, str] = {}
    for fixed in SELF_REVIEW_IDS:
        parts = fixed.split("-")[1:]
        for end in range(1, len(parts)):  # at least one word is left for the area
            words.setdefault("-".join(parts[:end]), f"the self-review's own id '{fixed}' starts with 'sr-<it>-'")
    return words


@dataclass(frozen=True)
class Group:
    """Ids reserved for one reason: exact ids, and patterns an id must not match as a whole, each with why."""

    summary: str  # the reason in a few words, for the schema's description
    names: Mapping[str, str] = field(default_factory=dict)
    patterns: Mapping[str, str] = field(default_factory=dict)  # a regular expression for the whole id
    shown: str = ""  # how the description lists them, when not simply one by one

    def why(self, value: str) -> str | None:
        if value in self.names:
            return self.names[value]
        return next((why for pattern, why in self.patterns.items() if re.fullmatch(pattern, value)), None)

    def listed(self) -> str:
        return self.shown or ", ".join(sorted(self.names))


@dataclass(frozen=True)
class Rule:
    """The ids refused for one kind of id, group by group."""

    kind: str  # as messages name it, e.g. 'risk'
    noun: str  # added to a refused id to suggest another, e.g. 'index-risk'
    groups: tuple[Group, ...]

    def why(self, value: str) -> str | None:
        """Why `value` is reserved for this kind, or None when it may be used."""
        return next((why for group in self.groups if (why := group.why(value)) is not None), None)

    def example(self, value: str) -> str:
        """Another id to suggest instead of `value`: the first of a few that this rule allows."""
        stripped = re.sub(r"^(portal|objective)-", "", value)
        for candidate in (stripped, f"{value}-{self.noun}", f"{self.noun}-{value}", f"{self.noun}-{stripped}"):
            if candidate and candidate != value and self.why(candidate) is None:
                return candidate
        return f"my-{self.noun}"

    def schema_pattern(self) -> str:
        """The rule as one JSON Schema pattern (ECMA-262 and Python alike): the id is none of these."""
        # Ids need no escaping (letters, digits, hyphens), and escapes differ between regex dialects.
        choices = [name for group in self.groups for name in sorted(group.names)]
        choices += [pattern for group in self.groups for pattern in group.patterns]
        return f"^(?!(?:{'|'.join(choices)})$)"

    def description(self) -> str:
        """The reserved ids in words, for the schema's description of the id."""
        return "Reserved, so refused: " + "; ".join(f"{g.listed()} ({g.summary})" for g in self.groups)


DEVICES = Group(
    "Windows device names",
    {name: f"no file can be named {name}.yml on Windows, so every clone there would fail" for name in DEVICE_IDS},
    shown="con, prn, aux, nul, com1 to com9, lpt1 to lpt9",
)
PORTAL = Group(
    "the site's own ids",
    patterns={f"{PREFIX}.*": PREFIX_WHY},
    shown=f"any id starting {PREFIX}",
)


def _page(folder: str) -> Group:
    pages = FOLDER_PAGES[folder]
    return Group(
        f"a page in {folder}/ has that name",
        {
            name: f"docs/{folder}/{name}.md, {page}, would be replaced by this item's page"
            for name, page in pages.items()
        },
    )


def _anchors(summary: str, anchors: Mapping[str, str]) -> Group:
    return Group(summary, {anchor: f"it is already the anchor of {what}" for anchor, what in anchors.items()})


RULES = {
    "objective": Rule(
        "objective",
        "plan",
        (
            _page("objectives"),
            Group(
                "they would start the self-review's own ids",
                {
                    "objective": "the self-review's heading of each objective is 'sr-objective-<id>'",
                    **_self_review_words(),
                },
                {"objective-.*": "the self-review's heading of each objective is 'sr-objective-<id>'"},
                shown=", ".join(["objective", *sorted(_self_review_words()), "any id starting objective-"]),
            ),
            DEVICES,
            PORTAL,
        ),
    ),
    "area": Rule(
        "area",
        "area",
        (
            _anchors("anchors of the objective's page", OBJECTIVE_PAGE_ANCHORS),
            Group(
                "endings of an area's own anchors",
                patterns={f".*-{suffix}": why for suffix, why in AREA_SUFFIXES.items()},
                shown="any id ending -questions, -gaps, -commentary, -evidence, or -level- and a number",
            ),
            PORTAL,
        ),
    ),
    "risk": Rule(
        "risk",
        "risk",
        (_page("risks"), _anchors("anchors of the risk areas page", RISK_INDEX_ANCHORS), DEVICES, PORTAL),
    ),
    "resource": Rule(
        "resource",
        "resource",
        (_anchors("anchors of the resources and get help pages", RESOURCE_PAGE_ANCHORS), DEVICES, PORTAL),
    ),
    "faq": Rule("faq", "question", (_anchors("anchors of the FAQ page", FAQ_PAGE_ANCHORS), DEVICES, PORTAL)),
    "audience": Rule("audience", "setting", (_page("audiences"), DEVICES, PORTAL)),
    "guide": Rule("guide", "guide", (_page("respond"), DEVICES, PORTAL)),
    "step": Rule("guide step", "step", (PORTAL,)),
    "term": Rule("glossary term", "term", (_anchors("anchors of the glossary page", GLOSSARY_PAGE_ANCHORS), PORTAL)),
}
# Where each kind's ids are in a file of each schema: the item's own id, and ids within the item.
ID_FIELDS: dict[str, tuple[tuple[str, str | None], ...]] = {
    "objective": (("objective", None), ("area", "areas")),
    "risk": (("risk", None),),
    "resource": (("resource", None),),
    "faq": (("faq", None),),
    "audience": (("audience", None),),
    "guide": (("guide", None), ("step", "steps")),
}


def check_ids(doc: YamlDocument, schema: str) -> Iterator[DataError]:
    """Every reserved id in a file of schema `schema`: its own id and the ids of its areas or steps."""
    data = doc.data
    if not isinstance(data, dict):
        return
    for kind, within in ID_FIELDS.get(schema, ()):
        if within is None:
            yield from _refuse(doc, RULES[kind], ("id",), data.get("id"), own_file=True)
            continue
        entries = data.get(within)
        for index, entry in enumerate(entries if isinstance(entries, list) else ()):
            if isinstance(entry, dict):
                yield from _refuse(doc, RULES[kind], (within, index, "id"), entry.get("id"), own_file=False)
    if schema == "glossary":
        yield from _glossary_terms(doc)


def _refuse(
    doc: YamlDocument, rule: Rule, path: tuple[str | int, ...], value: object, own_file: bool
) -> Iterator[DataError]:
    if not isinstance(value, str) or not ID.fullmatch(value):
        return  # not an id at all: the schema says so
    why = rule.why(value)
    if why is None:
        return
    hint = f"choose another id, e.g. '{rule.example(value)}'"
    if own_file:
        hint += ", and rename the file to match"
    yield DataError(doc.display, doc.line_of(path), field_path(path), f"'{value}' is reserved ({why})", hint)


def term_anchor(term: str) -> str:
    """A glossary term's anchor, as the loader makes it: 'C&YP' → 'cyp', '4 Cs' → '4-cs'."""
    return re.sub(r"[^a-z0-9]+", "-", term.lower().replace("&", "")).strip("-")


def _glossary_terms(doc: YamlDocument) -> Iterator[DataError]:
    terms = doc.data.get("terms")
    rule = RULES["term"]
    for index, entry in enumerate(terms if isinstance(terms, list) else ()):
        term = entry.get("term") if isinstance(entry, dict) else None
        if not isinstance(term, str):
            continue
        anchor = term_anchor(term)
        why = rule.why(anchor)
        if why is not None:
            path = ("terms", index, "term")
            yield DataError(
                doc.display,
                doc.line_of(path),
                field_path(path),
                f"'{clip(term)}' would have the anchor '{clip(anchor)}', which is reserved ({why})",
                "word the term differently, e.g. without 'portal' at its start",
            )


def check_self_review_ids(objectives: list[YamlDocument]) -> Iterator[DataError]:
    """Areas of two objectives whose self-review ids would be one: 'sr-a-b' + 'c' and 'sr-a' + 'b-c'."""
    first: dict[str, tuple[YamlDocument, str, str]] = {}
    for doc in objectives:
        data = doc.data if isinstance(doc.data, dict) else {}
        objective, areas = data.get("id"), data.get("areas")
        if not isinstance(objective, str) or not isinstance(areas, list):
            continue
        for index, area in enumerate(areas):
            area_id = area.get("id") if isinstance(area, dict) else None
            if not isinstance(area_id, str):
                continue
            key = f"{objective}-{area_id}"
            other = first.setdefault(key, (doc, objective, area_id))
            if other[1] != objective:
                path = ("areas", index, "id")
                yield DataError(
                    doc.display,
                    doc.line_of(path),
                    field_path(path),
                    f"'{clip(area_id)}' in objective '{clip(objective)}' makes the self-review id "
                    f"'sr-{clip(key)}', as area '{clip(other[2])}' of objective '{clip(other[1])}' "
                    f"({other[0].display}) does",
                    "choose another area id, or an objective id that does not start with the other one's",
                )


# Where each kind's id is defined in the schemas, and what its description says before the reserved ids.
SCHEMA_IDS = {
    "objective": ("objective", ("properties", "id")),
    "area": ("objective", ("$defs", "area", "properties", "id")),
    "risk": ("risk", ("properties", "id")),
    "resource": ("resource", ("properties", "id")),
    "faq": ("faq", ("properties", "id")),
    "audience": ("audience", ("properties", "id")),
    "guide": ("guide", ("properties", "id")),
    "step": ("guide", ("$defs", "step", "properties", "id")),
}


def schema_statement(kind: str) -> dict[str, object]:
    """The rule for `kind` as the schemas state it beside the id: one pattern, with the words editors see."""
    return {
        "pattern": RULES[kind].schema_pattern(),
        "patternErrorMessage": "is reserved: the field's description lists the reserved ids and why; choose another id",
    }
