"""Reading age of what a reader must act on: the guides' outcomes and the risk pages' "What to do now".

Run from the project folder:  .venv/bin/python benchmarks/reading_age.py
Reads the shipped data through the model (as the site is built from it) and scores, for each nation a
reader can choose, the text an outcome shows by default (its heading, its actions in that nation's
words, and each contact's name and line on when to use it; not the folded detail) and each risk's
"What to do now" list. The score is the Flesch-Kincaid grade level:

    grade = 0.39 * (words / sentences) + 11.8 * (syllables / words) - 15.59

(Kincaid, Fishburne, Rogers and Chissom, 1975). A heading, a list item and a contact's line each end a
sentence. Syllables are counted by a simple rule (groups of vowels, less a silent final "e"; "y" is a
vowel after a consonant; at least one a word), which is within a syllable or so of a dictionary for
most words; a number counts one syllable a digit, at most four. The target is grade 13 or lower, about
the reading age of 18 to 19. Results go to benchmarks/results/reading_age.json and a section of
BENCHMARKS.md; --no-record only prints the table.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from recording import REPORT, record  # noqa: E402 - benchmarks/ is on the path as a script
from recording import RESULTS as RESULTS_DIR  # noqa: E402

from portal.model import Guidance, Guide, GuideStep, Step  # noqa: E402
from portal.model.loader import load_guidance  # noqa: E402
from portal.source.vocabulary import NATIONS  # noqa: E402

RESULTS = RESULTS_DIR / "reading_age.json"
START, END = "<!-- reading-age:start -->", "<!-- reading-age:end -->"
TARGET = 13.0
WORD = re.compile(r"[A-Za-z0-9]+(?:['’][A-Za-z]+)*")
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'’”)]*\s+(?=[A-Z0-9\"'‘“(])")
_MARKUP = re.compile(r"[*_`]|\]\([^)]*\)|\[")  # Markdown emphasis and link targets are not read


@dataclass(frozen=True)
class Score:
    """The Flesch-Kincaid grade of a text, with its counts."""

    words: int
    sentences: int
    syllables: int

    @property
    def grade(self) -> float:
        """Flesch-Kincaid grade level (0 for no words)."""
        if not self.words:
            return 0.0
        return 0.39 * self.words / self.sentences + 11.8 * self.syllables / self.words - 15.59


def syllables(word: str) -> int:
    """Syllables in one word, by rule: vowel groups, less a silent final e; a number, one a digit (at most 4)."""
    if any(character.isdigit() for character in word):
        return min(4, sum(character.isdigit() for character in word))
    word = word.lower().replace("’", "'").split("'")[0]
    groups = re.findall(r"[aeiou]+|(?<![aeiou])y", word)
    count = len(groups)
    if word.endswith("e") and not word.endswith(("le", "ee", "ye")) and count > 1:
        count -= 1  # "make", "share"; not "little", "free"
    if word.endswith("ed") and not word.endswith(("ted", "ded")) and count > 1:
        count -= 1  # "asked", "named"; not "wanted", "needed"
    return max(1, count)


def sentences(text: str) -> list[str]:
    """The sentences of one text: split after . ! or ? followed by a capital or a number."""
    plain = _MARKUP.sub("", " ".join(text.split()))
    return [part for part in _SENTENCE_END.split(plain) if WORD.search(part)]


def score(texts: Iterable[str]) -> Score:
    """The grade of several texts read in turn, each one ending a sentence (a heading, a list item, a line)."""
    words = count = syllable_count = 0
    for text in texts:
        for sentence in sentences(text):
            found = WORD.findall(sentence)
            words += len(found)
            count += 1
            syllable_count += sum(syllables(word) for word in found)
    return Score(words, count, syllable_count)


def _own(step: Step, nation: str) -> Iterator[str]:
    """A 'what to do' step as a reader in `nation` sees it: its text, or that nation's variant."""
    if step.text:
        yield step.text
    for variant in step.by_nation:
        if nation in variant.nations:
            yield variant.text


def outcome_texts(guidance: Guidance, step: GuideStep, nation: str) -> list[str]:
    """What an outcome shows by default to a reader in `nation`: heading, actions, contacts and their lines."""
    texts = [step.outcome or ""]
    texts += [text for action in step.actions for text in _own(action, nation)]
    for resource in guidance.resources.pick(step.contacts):
        if nation in resource.nations:
            texts += [resource.title, step.use_of(resource.id) or ""]
    return [text for text in texts if text]


def measure(guidance: Guidance) -> dict[str, list[dict[str, object]]]:
    """For each outcome and each risk: the highest grade over the nations, with the nation and the counts."""

    def worst(by_nation: dict[str, Score]) -> dict[str, object]:
        nation = max(by_nation, key=lambda n: by_nation[n].grade)
        found = by_nation[nation]
        return {
            "grade": round(found.grade, 1),
            "nation": NATIONS[nation],
            "words": found.words,
            "sentences": found.sentences,
            "syllables": found.syllables,
        }

    outcomes = []
    for guide in guidance.guides:
        for step in _outcomes(guide):
            scores = {n: score(outcome_texts(guidance, step, n)) for n in guide.nations}
            outcomes.append({"guide": guide.id, "outcome": step.id, **worst(scores)})
    risks = []
    for risk in guidance.risks:
        if risk.actions:
            scores = {n: score(t for a in risk.actions for t in _own(a, n)) for n in risk.nations}
            risks.append({"risk": risk.id, **worst(scores)})
    return {"outcomes": outcomes, "risks": risks}


def _outcomes(guide: Guide) -> list[GuideStep]:
    return [step for step in guide.steps if step.is_outcome]


def table(results: dict[str, list[dict[str, object]]]) -> str:
    """The figures as Markdown: one row per outcome and per risk, the highest grade first."""
    lines = [
        "| Guide outcome | Grade | Nation | Words | Sentences |",
        "|---|---|---|---|---|",
    ]
    for row in sorted(results["outcomes"], key=lambda r: -float(str(r["grade"]))):
        lines.append(
            f"| {row['guide']}#{row['outcome']} | {row['grade']} | {row['nation']} | {row['words']} "
            f"| {row['sentences']} |"
        )
    lines += ["", "| Risk page, What to do now | Grade | Nation | Words | Sentences |", "|---|---|---|---|---|"]
    for row in sorted(results["risks"], key=lambda r: -float(str(r["grade"]))):
        lines.append(f"| {row['risk']} | {row['grade']} | {row['nation']} | {row['words']} | {row['sentences']} |")
    return "\n".join(lines)


def section(results: dict[str, list[dict[str, object]]], measured: str) -> str:
    """The BENCHMARKS.md section: what was measured, the summary and the table."""
    every = results["outcomes"] + results["risks"]
    over = [row for row in every if float(str(row["grade"])) > TARGET]
    highest = max(float(str(row["grade"])) for row in every)
    return (
        f"{START}\n### Reading age (issue 26, measured {measured})\n\n"
        "Flesch-Kincaid grade of what a reader must act on, for the nation where it is highest: each guide "
        "outcome as shown by default (heading, actions, contacts and their lines; not the folded detail) and "
        'each risk page\'s "What to do now". Target: grade 13 or lower. '
        f"Highest: {highest:.1f}; over the target: {len(over)} of {len(every)}.\n\n"
        f"{table(results)}\n\n"
        "Reproduce: `.venv/bin/python benchmarks/reading_age.py` (the formula and the syllable rule are in "
        f"its docstring).\n{END}"
    )


def main(argv: list[str] | None = None) -> int:
    """Measure the shipped data, print the table, and record it unless --no-record; 1 if any is over 13."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--no-record", action="store_true", help="print only; do not write the results")
    parser.add_argument("--data", type=Path, default=ROOT / "data", help="the data folder (default: data)")
    options = parser.parse_args(argv)
    results = measure(load_guidance(options.data))
    print(table(results))
    if not options.no_record:
        measured = datetime.now(UTC).date().isoformat()
        record({"measured": measured, **results}, RESULTS, REPORT, section(results, measured), START, END)
    every = results["outcomes"] + results["risks"]
    return 1 if any(float(str(row["grade"])) > TARGET for row in every) else 0


if __name__ == "__main__":
    sys.exit(main())
