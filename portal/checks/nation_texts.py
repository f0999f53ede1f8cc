"""Checks that prose says where a nation's guidance, roles and services apply: a sentence at a time."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from portal.checks.nations import SYSTEM_KINDS, item_nations, nation_error
from portal.source.errors import DataError
from portal.source.vocabulary import ALL_NATIONS, NATIONAL_TERMS, NATIONS, NationalTerm, nations_label
from portal.source.yaml_document import FieldPath, YamlDocument

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
    " definition text question help outcome more when_to_use".split()
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
    def nation_set(self) -> frozenset[str]:
        """The nations, as a set (asked of every prose text in the data)."""
        return frozenset(self.nations)

    @cached_property
    def pattern(self) -> re.Pattern[str]:
        """Whole-word match; short upper-case names match case-sensitively so 'Prevent' is not 'prevent'."""
        flags = 0 if self.name.isupper() or len(self.name.split()) == 1 else re.IGNORECASE
        return re.compile(rf"(?<![\w-]){re.escape(self.name)}(?![\w-])", flags)


# What check_text found in each document, by its display path: (the document, the names it was checked
# against, what was found). The preview's loader keeps an unchanged file's document, the same object.
TextChecks = dict[str, tuple[YamlDocument, tuple[tuple[str, tuple[str, ...], str], ...], tuple[DataError, ...]]]


def check_texts(
    resource_docs: list[YamlDocument], docs: list[YamlDocument], kept: TextChecks | None = None
) -> Iterator[DataError]:
    """The prose of every valid document in `docs`, against the nation-limited names of resources and terms.

    `kept`: what an earlier call found; a document checked before, against the same names, is not read again.
    """
    found = mentions(resource_docs, [d for d in docs if d.path.name == "glossary.yml"])
    if kept is None:
        for doc in docs:
            yield from check_text(doc, found)
        return
    names = tuple((m.name, m.nations, m.item) for m in found)
    for doc in docs:
        entry = kept.get(doc.display)
        if entry is None or entry[0] is not doc or entry[1] != names:
            entry = kept[doc.display] = (doc, names, tuple(check_text(doc, found)))
        yield from entry[2]


def mentions(resource_docs: list[YamlDocument], glossaries: list[YamlDocument]) -> list[Mention]:
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


def check_text(doc: YamlDocument, mentions: list[Mention]) -> Iterator[DataError]:
    """Every prose text of `doc`: names of one nation's guidance or roles placed, claims agreeing with nations."""
    if not isinstance(doc.data, dict):
        return
    for path, text in doc.texts:
        names = [key for key in path if isinstance(key, str)]
        if not names or not (_PROSE & set(names) or names[0] == "no_equivalent"):
            continue
        context = _context(doc.data, path)
        folded, speaks_for = text.lower(), set(context)
        yield from _check_claims(doc, path, text, context)
        if not text.isascii() or any(map(folded.__contains__, _TERM_WORDS)):
            yield from _check_national_terms(doc, path, text, context)
        # Names the text cannot hold are passed over (a substring test is far cheaper than the regex it
        # spares), and so are those applying wherever the text speaks for.
        for mention in [
            m for m in mentions if (m.folded is None or m.folded in folded) and not speaks_for <= m.nation_set
        ]:
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
                    yield nation_error(
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


def _leading_words(pattern: str) -> str:
    """The text every match of `pattern` starts with, in lower case ('' if it starts with a class or group)."""
    words = re.match(r"[^\\\[\](){}?*+|.^$]*", pattern)
    start = words.group() if words else ""
    # A quantifier after the run applies to its last letter alone ('leads?'): that letter may be missing.
    return (start[:-1] if pattern[len(start) : len(start) + 1] in ("?", "*", "{") else start).lower()


# What a text must hold, in lower case, for _TERMS to match in it (for ASCII text, where lower() keeps
# every letter as IGNORECASE reads it); with a term that starts with no plain text, every text is read.
_TERM_WORDS = tuple(_leading_words(term.pattern) for term in NATIONAL_TERMS)
if not all(_TERM_WORDS):
    _TERM_WORDS = ("",)


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
        yield nation_error(
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
            yield nation_error(
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
