"""Synthetic guidance content of any size, generated from the JSON Schemas, for the scale benchmark.

The shipped data is kept (hand-written pages refer to it) and synthetic items are added until the
project holds N items, in the proportions the shipped content has. Every value is made from the
item's schema: required fields always, optional ones as often as the shipped items use them; text
lengths and list lengths are drawn from the shipped items' own, so synthetic pages weigh what real
ones do; id lists point at real items of the collection their description names, e.g.
"(data/risks/)". The result must pass the same loader as real content; the benchmark checks it.
"""

from __future__ import annotations

import json
import random
import re
import shutil
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import yaml

from portal.source.vocabulary import NATIONS

ROOT = Path(__file__).resolve().parent.parent
SCHEMAS = ROOT / "schemas"
# The collections that grow with the content; objectives stay the four of the PIES model.
GROWING = ("risks", "resources", "faqs", "audiences")
GLOSSARY = "glossary.yml"
TARGET = re.compile(r"\(data/([a-z]+)/\)")
WORD = re.compile(r"[a-z]{3,}")


@dataclass(frozen=True)
class Mix:
    """How many items of each kind a generated project holds."""

    counts: dict[str, int]

    @property
    def total(self) -> int:
        """Items in all: files in the growing folders, objectives and glossary terms."""
        return sum(self.counts.values())


# Words the data check reads as one nation's name for a role, or as the editors' doubt, when random text puts
# them side by side ("could" then "not"): synthetic text leaves them out, so it is valid by construction.
CHECKED_WORDS = frozenset(
    "could couldn couldnt cannot confirm confirmed unconfirmed verify verified unclear believe understand latest"
    " dsl dsls dsp dsps lado lados mash gateway".split()
)


class Shape:
    """What the shipped items look like: how often each field is present, lengths of text and lists."""

    def __init__(self, documents: dict[str, list[Any]]) -> None:
        self.present: Counter[str] = Counter()
        self.parents: Counter[str] = Counter()
        self.words: dict[str, list[int]] = defaultdict(list)
        self.lengths: dict[str, list[int]] = defaultdict(list)
        vocabulary: set[str] = set()
        for kind, items in documents.items():
            for item in items:
                self._walk(kind, item, vocabulary)
        self.vocabulary = sorted(vocabulary)

    def _walk(self, path: str, value: Any, vocabulary: set[str]) -> None:
        if isinstance(value, dict):
            self.parents[path] += 1
            for key, child in value.items():
                self.present[f"{path}.{key}"] += 1
                self._walk(f"{path}.{key}", child, vocabulary)
        elif isinstance(value, list):
            self.lengths[path].append(len(value))
            for child in value:
                self._walk(f"{path}[]", child, vocabulary)
        elif isinstance(value, str):
            self.words[path].append(len(value.split()))
            vocabulary.update(word for word in WORD.findall(value.lower()) if word not in CHECKED_WORDS)

    def frequency(self, path: str) -> float:
        """Share of the parent objects at this path's level that have the field."""
        parent = path.rsplit(".", 1)[0]
        return self.present[path] / self.parents[parent] if self.parents[parent] else 0.3


def shipped_documents(data: Path) -> dict[str, list[Any]]:
    """The shipped items by kind (risk, resource, faq, audience, term)."""
    documents: dict[str, list[Any]] = {}
    for folder in GROWING:
        kind = folder.removesuffix("s")
        documents[kind] = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted((data / folder).glob("*.yml"))]
    documents["term"] = yaml.safe_load((data / GLOSSARY).read_text(encoding="utf-8"))["terms"]
    return documents


def mix_for(total: int, data: Path) -> Mix:
    """Counts per kind for `total` items, growing each kind in its shipped proportion."""
    documents = shipped_documents(data)
    shipped = {kind: len(items) for kind, items in documents.items()}
    objectives = len(list((data / "objectives").glob("*.yml")))
    extra = total - sum(shipped.values()) - objectives
    if extra < 0:
        raise ValueError(f"the shipped content already holds {total - extra} items; ask for at least that many")
    share = sum(shipped.values())
    counts = {kind: count + extra * count // share for kind, count in shipped.items()}
    counts["risk"] += total - objectives - sum(counts.values())  # rounding: the remainder goes to risk pages
    return Mix({**counts, "objective": objectives})


class Generator:
    """Makes schema-valid values for one project, reproducibly from a seed."""

    def __init__(self, shape: Shape, ids: dict[str, list[str]], seed: int, today: date) -> None:
        self.shape = shape
        self.ids = ids
        self.random = random.Random(seed)
        self.reviewed = (today - timedelta(days=30)).isoformat()
        self.schemas = {p.name: json.loads(p.read_text(encoding="utf-8")) for p in SCHEMAS.glob("*.schema.json")}
        self.serial = 0

    def item(self, kind: str, item_id: str) -> dict[str, Any]:
        """One item of `kind` ('risk', 'resource', ...) with every required field."""
        schema = self.schemas[f"{kind}.schema.json"]
        value = self.value(schema, kind, f"{kind}.schema.json", item_id)
        value["id"] = item_id
        return value

    def term(self, number: int) -> dict[str, Any]:
        """One glossary entry; its term is unique by construction."""
        entry_schema = self.schemas["glossary.schema.json"]["properties"]["terms"]["items"]
        entry = self.value(entry_schema, "term", "glossary.schema.json", "")
        entry["term"] = f"{self._words(1, 2)} {number}"
        return entry

    def value(self, schema: dict[str, Any], path: str, file: str, item_id: str) -> Any:
        """A value that satisfies `schema`, shaped like the shipped values at `path`."""
        schema, file = self._resolve(schema, file)
        if "enum" in schema:
            return self.random.choice(schema["enum"])
        kind = schema.get("type")
        if kind == "object":
            result = {}
            for name, child in schema.get("properties", {}).items():
                field = f"{path}.{name}"
                if name in schema.get("required", ()) or self.random.random() < self.shape.frequency(field):
                    result[name] = self.value(child, field, file, item_id)
            if not result and schema.get("properties"):  # minProperties: 1 on contact details
                name, child = next(iter(schema["properties"].items()))
                result[name] = self.value(child, f"{path}.{name}", file, item_id)
            return result
        if kind == "array":
            return self._array(schema, path, file, item_id)
        if kind == "integer":
            low, high = schema.get("minimum", 0), schema.get("maximum", 36)
            return 12 if low <= 12 <= high else low
        return self._string(schema, path)

    def _array(self, schema: dict[str, Any], path: str, file: str, item_id: str) -> list[Any]:
        seen = self.shape.lengths.get(path) or [schema.get("minItems", 1) + 1]
        length = max(schema.get("minItems", 0), self.random.choice(seen))
        items, items_file = self._resolve(schema["items"], file)
        target = TARGET.search(schema.get("description", ""))
        if target:  # a list of ids: point at real items of the named collection, never at itself
            pool = [i for i in self.ids[target.group(1)] if i != item_id]
            return self.random.sample(pool, min(length, len(pool)))
        if "enum" in items:
            return self.random.sample(items["enum"], min(length, len(items["enum"])))
        values: list[Any] = []
        while len(values) < length:
            value = self.value(items, f"{path}[]", items_file, item_id)
            if value in values:  # uniqueItems: a serial number keeps repeated words apart
                value = f"{value} {len(values)}"
            values.append(value)
        return values

    def _string(self, schema: dict[str, Any], path: str) -> str:
        pattern = schema.get("pattern", "")
        self.serial += 1
        if schema.get("format") == "date":
            return self.reviewed
        if pattern.startswith("^https://"):
            return f"https://example.org/guidance/{self.serial}"
        if "@" in pattern:
            return f"team{self.serial}@example.org"
        if pattern.startswith("^[0-9]"):
            return f"01632 960 {self.serial % 1000:03d}"  # Ofcom's range for drama: never a real line
        if pattern.startswith("^[a-z0-9]"):
            return f"synthetic-{self.serial}"
        counts = self.shape.words.get(path) or [6]
        words = max(1, self.random.choice(counts))
        if pattern == "^[^\\n]+$":
            return self._words(words, words)[: schema.get("maxLength", 200)].strip()
        text = self._text(words)
        limit = schema.get("maxLength")
        if limit and len(text) > limit:  # a field capped below the shipped lengths (a briefing's background)
            text = text[: limit - 1].rsplit(" ", 1)[0].rstrip(".") + "."
        return text

    def _words(self, low: int, high: int) -> str:
        count = self.random.randint(low, high)
        return " ".join(self.random.choice(self.shape.vocabulary) for _ in range(count)).capitalize()

    def _text(self, words: int) -> str:
        """Sentences of 8 to 20 words, in paragraphs of about 60 words, `words` long in all."""
        paragraphs, sentences, written, in_paragraph = [], [], 0, 0
        while written < words:
            length = min(self.random.randint(8, 20), words - written)
            sentences.append(self._words(length, length) + ".")
            written += length
            in_paragraph += length
            if in_paragraph >= 60:
                paragraphs.append(" ".join(sentences))
                sentences, in_paragraph = [], 0
        if sentences:
            paragraphs.append(" ".join(sentences))
        return "\n\n".join(paragraphs)

    def _resolve(self, schema: dict[str, Any], file: str) -> tuple[dict[str, Any], str]:
        """Follow `$ref`s; the referring schema's own keys (minItems, description) win."""
        while "$ref" in schema:
            target_file, _, pointer = schema["$ref"].partition("#")
            target_file = target_file or file
            target: Any = self.schemas[target_file]
            for part in pointer.strip("/").split("/") if pointer else ():
                target = target[part]
            schema = {**target, **{k: v for k, v in schema.items() if k != "$ref"}}
            file = target_file
        return schema, file


ROUTE_STEP = {
    "by_nation": [
        {"nations": ["england"], "text": "Refer to children's social care or the police."},
        {"nations": ["wales", "scotland", "northern-ireland"], "text": "Refer to children's services or social work."},
    ]
}


def fit_nations(item: dict[str, Any]) -> dict[str, Any]:
    """Make a synthetic item UK-wide, so that random words never break the nation rules.

    The schemas allow nation lists the check then refuses (a by_nation list that leaves a nation
    out, an equivalent in the wrong nation); the shipped data exercises those rules, so synthetic
    items apply everywhere, with each by_nation list reduced to one entry for every nation.
    """
    for key in ("nations", "equivalents", "no_equivalent"):
        item.pop(key, None)
    if "kind" in item:
        item["nations"] = list(NATIONS)
        if item["kind"] in ("statutory-guidance", "legislation"):
            item["edition"] = "2026"
            item["review_interval_months"] = min(item["review_interval_months"], 6)

    def one_entry(value: Any) -> Any:
        if isinstance(value, dict):
            return {
                key: [{"nations": list(NATIONS), "text": child[0]["text"]}] if key == "by_nation" else one_entry(child)
                for key, child in value.items()
            }
        if isinstance(value, list):
            return [one_entry(child) for child in value]
        return value

    return one_entry(item)  # type: ignore[no-any-return]


def generate(project: Path, total: int, seed: int = 1, today: date | None = None) -> Mix:
    """Write a copy of the project's data with synthetic items added up to `total` items."""
    today = today or date.today()
    data = project / "data"
    mix = mix_for(total, ROOT / "data")
    if data.exists():
        shutil.rmtree(data)
    shutil.copytree(ROOT / "data", data)
    documents = shipped_documents(data)
    ids = {f"{kind}s": [item["id"] for item in items] for kind, items in documents.items() if kind != "term"}
    ids["objectives"] = [p.stem for p in sorted((data / "objectives").glob("*.yml"))]
    new_ids: dict[str, list[str]] = {}
    for kind in ("risk", "resource", "faq", "audience"):
        extra = mix.counts[kind] - len(documents[kind])
        new_ids[kind] = [f"synthetic-{kind}-{n:05d}" for n in range(1, extra + 1)]
        ids[f"{kind}s"] = ids[f"{kind}s"] + new_ids[kind]
    generator = Generator(Shape(documents), ids, seed, today)
    for kind, item_ids in new_ids.items():
        folder = data / f"{kind}s"
        for item_id in item_ids:
            item = fit_nations(generator.item(kind, item_id))
            if kind == "risk":
                item["actions"].append(ROUTE_STEP)  # every risk gives each nation's route
                for fact in item["briefing"]["facts"]:  # a briefing's fact cites one of the risk's sources
                    fact["source"] = item["sources"][0]["url"]
            text = yaml.safe_dump(item, sort_keys=False, allow_unicode=True, width=100)
            (folder / f"{item_id}.yml").write_text(text, encoding="utf-8")
    glossary = yaml.safe_load((data / GLOSSARY).read_text(encoding="utf-8"))
    extra_terms = mix.counts["term"] - len(glossary["terms"])
    glossary["terms"] += [fit_nations(generator.term(n)) for n in range(1, extra_terms + 1)]
    (data / GLOSSARY).write_text(yaml.safe_dump(glossary, sort_keys=False, allow_unicode=True, width=100), "utf-8")
    return mix
