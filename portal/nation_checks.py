"""Checks that each fact says where in the UK it applies, and names what applies elsewhere."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from portal.errors import DataError, field_path
from portal.model import ALL_NATIONS
from portal.vocabulary import NATIONAL_TERMS, NATIONS, NationalTerm, nations_label
from portal.yaml_source import FieldPath, YamlDocument

# Guidance, law and routes of one nation's system: pages elsewhere must say where they apply, and
# the item must name what does the same job in the other nations (or say that nothing does).
SYSTEM_KINDS = ("statutory-guidance", "legislation", "guidance")
# Guidance that changes most years: a six-month review catches the next September's edition.
EDITION_KINDS = ("statutory-guidance", "legislation")
MAX_EDITION_REVIEW_MONTHS = 6
# Words that name a nation in a sentence, by nation.
_NATION_WORDS = {
    "england": ("England", "English"),
    "wales": ("Wales", "Welsh"),
    "scotland": ("Scotland", "Scottish"),
    "northern-ireland": ("Northern Ireland", "Northern Irish"),
}
_NAME = r"(?:England|Wales|Scotland|Northern Ireland)"
# "applies in England and Wales", "also applies in Scotland", "does not apply in Northern Ireland".
_CLAIM = re.compile(
    rf"\b(does not |doesn't |do not |don't |also )?(?:appl(?:y|ies)|in force|has effect) (?:only |also )?(?:in|to)"
    rf" ((?:{_NAME})(?:(?:, | and | or ){_NAME})*)"
)
# Prose fields: where a sentence can mention guidance of one nation (ids, titles and addresses cannot).
_PROSE = frozenset(
    "summary description answer caveat focus aim guidance questions gaps actions signs statement improvements"
    " definition text question help outcome".split()
)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n\s*\n|\n\s*[-*] ")


@dataclass(frozen=True)
class Mention:
    """A name of guidance or a role that belongs to some nations only, e.g. 'LADO' (England)."""

    name: str
    nations: tuple[str, ...]
    item: str  # what it is, for the message, e.g. "resource 'kcsie'" or "glossary term 'LADO'"

    @property
    def is_ordinary_word(self) -> bool:
        """One capitalised word that is also an English word, e.g. 'Prevent' (not 'KCSIE')."""
        return len(self.name.split()) == 1 and not self.name.isupper()

    @cached_property
    def folded(self) -> str | None:
        """The name in lower case, for a quick test before the regex; None where lower() and the regex's
        IGNORECASE could disagree (letters outside ASCII)."""
        return self.name.lower() if self.name.isascii() else None

    @cached_property
    def pattern(self) -> re.Pattern[str]:
        """Whole-word match; short upper-case names match case-sensitively so 'Prevent' is not 'prevent'."""
        flags = 0 if self.name.isupper() or len(self.name.split()) == 1 else re.IGNORECASE
        return re.compile(rf"(?<![\w-]){re.escape(self.name)}(?![\w-])", flags)


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


def check_nations(resource_docs: list[YamlDocument], docs: list[YamlDocument]) -> Iterator[DataError]:
    """Every nation check, over valid documents: `resource_docs` are the resources among `docs`."""
    both_ways = equivalents_both_ways(resource_docs)
    resources = {d.data["id"]: d for d in resource_docs}
    for doc in resource_docs:
        yield from _check_equivalents(doc, resources)
        yield from _check_coverage(doc, both_ways.get(doc.data["id"], {}))
        yield from _check_edition(doc)
    mentions = _mentions(resource_docs, [d for d in docs if d.path.name == "glossary.yml"])
    for doc in docs:
        yield from _check_variants(doc)
        yield from _check_risk_routes(doc)
        yield from _check_texts(doc, mentions)


def _check_equivalents(doc: YamlDocument, resources: dict[str, YamlDocument]) -> Iterator[DataError]:
    data = doc.data
    own = item_nations(data)
    declared = data.get("equivalents") or {}
    none = data.get("no_equivalent") or {}
    for nation, ids in declared.items():
        if nation in own:
            yield _error(
                doc,
                ("equivalents", nation),
                f"this item already applies in {NATIONS[nation]}, so it has no equivalent there",
                f"remove {nation} here, or remove it from nations",
            )
            continue
        for index, other in enumerate(ids):
            target = resources.get(other)
            if other == data["id"]:
                yield _error(doc, ("equivalents", nation, index), "an item cannot be its own equivalent", "remove it")
            elif target is not None and nation not in item_nations(target.data):
                yield _error(
                    doc,
                    ("equivalents", nation, index),
                    f"'{other}' applies in {nations_label(item_nations(target.data))}, not {NATIONS[nation]}",
                    f"list it under the nation it applies in, or add {nation} to its nations",
                )
    for nation in none:
        if nation in own:
            yield _error(
                doc,
                ("no_equivalent", nation),
                f"this item applies in {NATIONS[nation]}, so 'no equivalent there' contradicts it",
                f"remove {nation} here, or remove it from nations",
            )
        elif nation in declared:
            yield _error(
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
        yield _error(
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
        yield _error(
            doc,
            ("kind",),
            f"{data['kind']} needs an edition: the version in force",
            "add edition: (e.g. '2025'), and in_force_from: YYYY-MM-DD if an official page gives the date",
        )
    interval = data.get("review_interval_months")
    if isinstance(interval, int) and interval > MAX_EDITION_REVIEW_MONTHS:
        yield _error(
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
                    yield _error(
                        doc,
                        where,
                        f"{NATIONS[nation]} is not among the item's nations ({nations_label(own)})",
                        f"remove {nation} here, or add it to the item's nations",
                    )
                elif nation in seen:
                    yield _error(
                        doc,
                        where,
                        f"{NATIONS[nation]} already has an entry ({field_path(path)}[{seen[nation]}])",
                        "give each nation one entry: merge the two texts",
                    )
                else:
                    seen[nation] = index
        missing = tuple(n for n in own if n not in seen)
        if missing:
            yield _error(
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
    yield _error(
        doc,
        ("actions",),
        f"gives no nation's own route: none of its {len(data['actions'])} steps has a by_nation list with an "
        "entry for each nation",
        "make the step that says whom to tell a by_nation list, one entry per nation, naming that nation's route "
        "(e.g. England: children's social care or the MASH; Wales: the local authority's children's services; "
        "Scotland: social work and Police Scotland; Northern Ireland: the HSC Trust's Gateway team and the PSNI)",
    )


def _mentions(resource_docs: list[YamlDocument], glossaries: list[YamlDocument]) -> list[Mention]:
    """Each nation-limited name once (a resource's abbreviation is often a glossary term too)."""
    found: dict[str, Mention] = {}
    for mention in _all_mentions(resource_docs, glossaries):
        found.setdefault(mention.name.casefold(), mention)
    return list(found.values())


def _all_mentions(resource_docs: list[YamlDocument], glossaries: list[YamlDocument]) -> Iterator[Mention]:
    for doc in resource_docs:
        data = doc.data
        own = item_nations(data)
        if data.get("kind") in SYSTEM_KINDS and own != ALL_NATIONS:
            for name in (data.get("title"), data.get("abbreviation")):
                if isinstance(name, str):
                    yield Mention(name, own, f"resource '{data['id']}'")
    for doc in glossaries:
        for term in doc.data.get("terms", ()):
            own = item_nations(term)
            if own != ALL_NATIONS:
                for name in (term["term"], term.get("expansion")):
                    if isinstance(name, str):
                        yield Mention(name, own, f"glossary term '{term['term']}'")


def _context(data: dict[str, Any], path: FieldPath) -> tuple[str, ...]:
    """The nations a text at `path` speaks for: its by_nation entry's, a glossary term's, or the item's."""
    nations = item_nations(data)
    node: Any = data
    for step, key in enumerate(path):
        if isinstance(node, dict) and key == "no_equivalent" and len(path) > step + 1:
            return (str(path[step + 1]),)
        if isinstance(node, dict):
            node = node.get(key)
        elif isinstance(node, list) and isinstance(key, int):
            node = node[key]
        else:
            node = None
        if isinstance(node, dict) and isinstance(node.get("nations"), list) and key != "nations":
            nations = item_nations(node)
    return nations


def _check_texts(doc: YamlDocument, mentions: list[Mention]) -> Iterator[DataError]:
    if not isinstance(doc.data, dict):
        return
    for path, text in doc.texts:
        names = [key for key in path if isinstance(key, str)]
        if not names or not (_PROSE & set(names) or names[0] == "no_equivalent"):
            continue
        context = _context(doc.data, path)
        yield from _check_claims(doc, path, text, context)
        yield from _check_national_terms(doc, path, text, context)
        folded = text.lower()
        for mention in mentions:
            if set(context) <= set(mention.nations):
                continue  # the text already speaks only for nations where the name applies
            if mention.folded is not None and mention.folded not in folded:
                continue  # cannot match: a substring test is far cheaper than the regex it spares
            found = mention.pattern.search(text)
            while found:
                start, end = _sentence_around(text, found.start())
                sentence = text[start:end]
                if mention.is_ordinary_word and found.start() == start:
                    # "Prevent access to ..." begins a sentence with the verb: too ambiguous to report.
                    found = mention.pattern.search(text, found.end())
                    continue
                # Naming any nation shows the writer placed the fact ("does not apply in Northern Ireland").
                if not any(word in sentence for words in _NATION_WORDS.values() for word in words):
                    yield _error(
                        doc,
                        path,
                        f"mentions '{found.group()}' ({mention.item}), which applies only in "
                        f"{nations_label(mention.nations)}, without saying so",
                        f"name the nation in that sentence (e.g. 'in {nations_label(mention.nations)}'), or move it "
                        "into a by_nation entry and say what applies in the other nations",
                        line=doc.line_in_text(path, found.start()),
                    )
                    break
                found = mention.pattern.search(text, end)


# Every name in one pattern, each in its own group with its own case rule, so a text is read once.
_TERMS = re.compile(
    r"(?<![\w-])(?:"
    + "|".join(
        rf"(?P<t{number}>(?{'-i' if term.case_sensitive else 'i'}:{term.pattern}))"
        for number, term in enumerate(NATIONAL_TERMS)
    )
    + r")(?![\w-])"
)


def _check_national_terms(
    doc: YamlDocument, path: FieldPath, text: str, context: tuple[str, ...]
) -> Iterator[DataError]:
    """One nation's name for a role or service ('LADO') only in text for that nation alone."""
    reported: set[NationalTerm] = set()
    for found in _TERMS.finditer(text):
        term = NATIONAL_TERMS[int(str(found.lastgroup)[1:])]
        if context == (term.nation,) or term in reported:
            continue
        reported.add(term)
        yield _error(
            doc,
            path,
            f"says '{found.group()}', {NATIONS[term.nation]}'s name for it, in text for {nations_label(context)}",
            f"write '{term.neutral}' here, and give {NATIONS[term.nation]}'s name in the {term.nation} entry "
            "of a by_nation list (each nation's entry names its own role or service)",
            line=doc.line_in_text(path, found.start()),
        )


def _check_claims(doc: YamlDocument, path: FieldPath, text: str, context: tuple[str, ...]) -> Iterator[DataError]:
    """A resource's summary saying where it applies must agree with its nations (Prevent: 'also in Scotland')."""
    if path != ("summary",) or "kind" not in doc.data:
        return
    for claim in _CLAIM.finditer(text):
        negated = claim.group(1) in ("does not ", "doesn't ", "do not ", "don't ")
        named = [n for n, words in _NATION_WORDS.items() if words[0] in claim.group(2)]
        wrong = tuple(n for n in named if (n in context) == negated)
        if wrong:
            yield _error(
                doc,
                path,
                f"says it {'does not apply' if negated else 'applies'} in {nations_label(wrong)}, but nations "
                f"lists {nations_label(context)}",
                "make the two agree: correct nations, or the sentence",
                line=doc.line_in_text(path, claim.start()),
            )


def _sentence_around(text: str, position: int) -> tuple[int, int]:
    start = 0
    for boundary in _SENTENCE_END.finditer(text, 0, position):
        start = boundary.end()
    after = _SENTENCE_END.search(text, position)
    return start, after.start() if after else len(text)


def _error(doc: YamlDocument, path: FieldPath, problem: str, hint: str, line: int | None = None) -> DataError:
    return DataError(doc.display, line or doc.line_of(path), field_path(path), problem, hint)
