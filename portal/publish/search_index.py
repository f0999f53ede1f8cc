"""The search index prebuilt at build time, so that the search worker loads it instead of building it on every page.

Material's search worker builds a lunr index from search/search_index.json after every page load (half a
second for the shipped content on two CPUs, three at 2,000 items). Here each entry's words are counted the way
that worker's tokenizer counts them (the text between HTML tags, split at the configured separator, lowercased,
through the configured pipeline), and the counts are written into the index's own configuration as
`prebuilt_index`. The site's worker (docs/assets/search/worker.js) makes lunr's inverted index and field vectors
from them with lunr's own scoring, so it ranks exactly as an index built in the browser would. Kept inside
search_index.json, the counts always come from the same build as the entries, the offline edition inlines them
with the rest, and Material's own worker (used by the export's engines) ignores them.

Material's page fetches search/search_index.json on every page load, parses it and hands it to the worker,
whether or not the reader ever searches. Where the site's worker serves a hosted site, that file keeps only
the settings and the address of the whole index (search/full_index.json), which the worker fetches and
parses itself on the first query: no page load downloads or parses an index nobody asked for.
"""

from __future__ import annotations

import itertools
import json
import operator
import posixpath
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from portal.site.search_tags import retag

PREBUILT_KEY = "prebuilt_index"  # in the index's "config", which Material's page passes to the worker whole
FULL_INDEX_KEY = "full_index"  # in the settings-only index: the whole index's address, from the worker's
INDEX = "search/search_index.json"  # what Material's page fetches
FULL_INDEX = "search/full_index.json"
WORKER = "assets/search/worker.js"  # the site's worker (overrides/main.html names it in Material's settings)
LUNR_VERSION = "2.3.9"  # the lunr the worker loads (docs/assets/search/), whose scoring it repeats
# lunr 2.3.9's stopWordFilter, word for word.
STOP_WORDS = frozenset(
    "a able about across after all almost also am among an and any are as at be because been but by can cannot "
    "could dear did do does either else ever every for from get got had has have he her hers him his how however "
    "i if in into is it its just least let like likely may me might most must my neither no nor not of off often "
    "on only or other our own rather said say says she should since so some than that the their them then there "
    "these they this tis to too twas us wants was we were what when where which while who whom why will with "
    "would yet you your".split()
)
# What \s matches in a JavaScript regular expression (Python's \s differs: it takes \x1c-\x1f and \x85, not \ufeff).
_JS_SPACE = r"\t\n\x0b\x0c\r \xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
_ANGLE = re.compile("[<>]")
_TRIM_START, _TRIM_END = re.compile(r"^\W+", re.ASCII), re.compile(r"\W+\Z", re.ASCII)  # lunr.trimmer
_PIPELINE = ("trimmer", "stopWordFilter", "stemmer")  # lunr's order; Material removes those not configured


def python_pattern(separator: str) -> re.Pattern[str] | None:
    """The configured separator (a JavaScript regular expression) as Python reads it, or None if it cannot say."""
    out, in_class, escaped = [], False, False
    for char in separator:
        if escaped:
            escaped = False
            if char in "sS":
                if in_class and char == "S":
                    return None  # "not a space" inside a class has no plain Python spelling
                out.append(_JS_SPACE if in_class else f"[{'^' if char == 'S' else ''}{_JS_SPACE}]")
            else:
                out.append("\\" + char)
            continue
        if char == "\\":
            escaped = True
        else:
            in_class = (in_class and char != "]") or (not in_class and char == "[")
            out.append(char)
    try:
        return re.compile("".join(out), re.ASCII)  # \w, \d and \b are ASCII in JavaScript without the u flag
    except re.error:
        return None


def text_sections(value: str) -> Iterable[str]:
    """The runs of text outside HTML tags, as Material's `extract` finds them (only < and > matter to it)."""
    start = 0
    for found in _ANGLE.finditer(value):
        end = found.start()
        if found.group() == ">":
            start = end + 1
        elif end > start:
            yield value[start:end]
            start = end
    if len(value) > start:
        yield value[start:]


def term_counts(
    value: str | Sequence[str], separator: re.Pattern[str], trimmer: bool, stop_words: bool
) -> Counter[str]:
    """How often each term occurs in one field, in the order each first occurs (lunr numbers terms in that order)."""
    counts: Counter[str] = Counter()
    for text in [value] if isinstance(value, str) else value:
        sections = [text] if "<" not in text and ">" not in text else text_sections(text)
        for section in sections:
            # re.split keeps captured groups, which Material's split drops: then the slower, literal port.
            tokens = separator.split(section) if not separator.groups else _split(section, separator)
            counts.update(map(str.lower, tokens))
    counts.pop("", None)  # re.split leaves empty strings where Material's split emits nothing
    if trimmer:
        trimmed: Counter[str] = Counter()
        for term, count in counts.items():
            trimmed[_TRIM_END.sub("", _TRIM_START.sub("", term))] += count
        counts = trimmed
    if stop_words:
        for word in STOP_WORDS & counts.keys():
            del counts[word]
    return counts


def _split(text: str, separator: re.Pattern[str]) -> Iterable[str]:
    """Material's `split`: the non-empty runs between matches, stepping past empty (lookahead) matches."""
    index = position = 0
    while True:
        found = separator.search(text, position) if position <= len(text) else None
        until = found.start() if found else len(text)
        if index < until:
            yield text[index:until]
        if found is None:
            return
        index = found.end()
        position = found.end() if found.end() > found.start() else found.start() + 1


# Each field's term counts by the configuration and the field's value: what `mkdocs serve` keeps from one build to the
# next (portal/site/preview_cache.py), so that a save counts the terms of the entries it changed only.
TermCounts = dict[tuple[object, ...], Mapping[str, int]]
_NO_TERMS: Mapping[str, int] = {}


def prebuilt_index(index: Mapping[str, Any], kept: TermCounts | None = None) -> dict[str, Any] | None:
    """Each entry's terms and their counts, field by field, or None for a configuration this cannot repeat.

    Terms are numbered as lunr numbers them (in the order first seen, entry by entry, field by field) and
    listed once. An entry's field is two lists: the gaps between its term numbers in ascending order (from
    -1, so every gap is at least 1), and, for each term counted more than once, its place in the first list
    and its count. From these the worker makes lunr's inverted index and field vectors with lunr's formulas.
    `kept` holds the counts of the last call's fields, and is left holding this call's.
    """
    config, docs = index["config"], index["docs"]
    separator = python_pattern(config["separator"])
    pipeline = [name for name in _PIPELINE if name in config["pipeline"]]
    # The stemmer and other languages' pipelines live only in JavaScript: the worker builds those itself.
    if separator is None or config["lang"] != ["en"] or "stemmer" in pipeline:
        return None
    fields = list(config["fields"])
    settings = (config["separator"], tuple(pipeline))
    trimmer, stop_words = "trimmer" in pipeline, "stopWordFilter" in pipeline
    counted: TermCounts = {}
    numbers: defaultdict[str, int] = defaultdict(itertools.count().__next__)  # a new term gets the next number
    entries = []
    for doc in docs:
        entry = []
        for field in fields:
            value = doc.get(field)
            if kept is None:
                counts = term_counts(value, separator, trimmer, stop_words) if value else _NO_TERMS
            else:
                key = (settings, value if isinstance(value, str) else tuple(value or ()))
                found = kept.get(key)
                if found is None:
                    found = term_counts(value, separator, trimmer, stop_words) if value else _NO_TERMS
                counts = counted[key] = found
            # Done by map, sorted and zip rather than a loop per term: this runs for every term of every entry.
            pairs = sorted(zip(map(numbers.__getitem__, counts), counts.values(), strict=True))
            ordered = [number for number, _ in pairs]
            gaps = list(map(operator.sub, ordered, [-1, *ordered[:-1]]))
            repeated = [value for place, (_, count) in enumerate(pairs) if count > 1 for value in (place, count)]
            entry.append([gaps, repeated])
        entries.append(entry)
    if kept is not None:
        kept.clear()
        kept.update(counted)
    return {"lunr": LUNR_VERSION, "fields": fields, "terms": list(numbers), "documents": entries}


def finish_search_index(
    site: Path, section_tags: Mapping[str, Sequence[str]], kept: TermCounts | None = None, on_first_query: bool = False
) -> None:
    """Add the search tags and the prebuilt index to the search index Material wrote, compact as it writes it.

    `kept`: the term counts of the last build (see prebuilt_index). `on_first_query`: the whole index goes to
    FULL_INDEX, and INDEX keeps the settings and its address (only the site's worker can follow it).
    """
    path = site / INDEX
    index: dict[str, Any] = retag(json.loads(path.read_text(encoding="utf-8")), section_tags)
    prebuilt = prebuilt_index(index, kept)
    if prebuilt is not None:
        # As text: the worker parses it once it has the index, and a copy of one string costs less than the arrays.
        index["config"][PREBUILT_KEY] = json.dumps(prebuilt, separators=(",", ":"), ensure_ascii=False)
    if on_first_query:
        (site / FULL_INDEX).write_text(json.dumps(index, separators=(",", ":")), encoding="utf-8")
        address = posixpath.relpath(FULL_INDEX, posixpath.dirname(WORKER))
        settings = {key: value for key, value in index["config"].items() if key != PREBUILT_KEY}
        index = {"config": {**settings, FULL_INDEX_KEY: address}, "docs": []}
    path.write_text(json.dumps(index, separators=(",", ":")), encoding="utf-8")


def whole_index_file(site: Path) -> Path:
    """Where a built site keeps its whole search index: FULL_INDEX if the build wrote one, else INDEX."""
    return site / FULL_INDEX if (site / FULL_INDEX).is_file() else site / INDEX


def whole_index(site: Path) -> dict[str, Any]:
    """A built site's whole search index, wherever the build put it."""
    index: dict[str, Any] = json.loads(whole_index_file(site).read_text(encoding="utf-8"))
    return index
