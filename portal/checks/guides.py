"""Checks on an incident guide's graph: every path from the start ends at an outcome, once."""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from portal.checks.nations import item_nations
from portal.source.errors import DataError, field_path
from portal.source.vocabulary import NATIONS, nations_label
from portal.source.yaml_document import FieldPath, YamlDocument

_QUESTION_FIELDS = ("question", "help", "danger", "answers")
_OUTCOME_FIELDS = ("outcome", "actions", "contacts", "more", "when_to_use")

# A guide is read in a moment of need, and its tests walk its routes in a browser. The shipped guides
# have at most 6 routes and 4 questions on one route; these limits are far above that, and far below
# what could stall a check or a test (100 steps of 8 answers could make 10^89 routes).
MAX_ROUTES = 1_000  # routes from the first question to an outcome (each answer given makes a route)
MAX_QUESTIONS = 20  # questions a reader answers on the longest route
# At a question about danger a reader in doubt is treated as a Yes: the cost of a needless call is small,
# the cost of waiting can be a child's life. These words in an answer show doubt; these in a question, danger.
DOUBT = re.compile(
    r"\b(?:not sure|unsure|uncertain|(?:I|we) think so|(?:don[’']?t|do not|not) know|can[’']?t tell|cannot tell"
    r"|maybe|perhaps|possibly|might|may|could|suspect\w*|probably)\b",
    re.IGNORECASE,
)
_YES = re.compile(r"^\W*yes\b", re.IGNORECASE)
_DANGER = re.compile(
    r"\b(?:danger\w*|(?:immediate|serious|significant) (?:risk|harm)|risk of (?:serious |significant )?harm"
    r"|harm (?:themselves|himself|herself)|suicid\w*|self-harm\w*|emergenc\w*|kill\w*"
    r"|threat to (?:[\w'’]+ ){0,3}li(?:fe|ves)\b|\bli(?:fe|ves) (?:[\w'’]+ ){0,3}at risk)",
    re.IGNORECASE,
)
_SPLIT = "split it into separate guides, one for each situation, and name the other guide in an outcome's actions"

# An outcome is read on a phone by someone with a child in front of them: a few actions they can take now, and
# contacts, on about two screens; the reasons and each nation's guidance wait, folded, under "more".
MAX_ACTIONS = 7
# Words an outcome shows by default to a reader who chose a nation: at most about 350 on the page (the browser tests
# measure it). Of those, the guide file writes the heading, the actions and a line on each contact, at most
# WORD_BUDGET; the resource files add each contact's name, number and hours, about 15 words a contact.
PAGE_WORD_BUDGET = 350
WORD_BUDGET = 260
NATION_BUTTON_WORDS = 6  # "Other nations: Wales, Scotland, Northern Ireland", under a step that differs by nation
FIXED_WORDS = 8  # the contacts' heading and the folded parts' summary
WORD = re.compile(r"\w+(?:['’.-]\w+)*")  # a word as readers count it: "children's", "A&E" is two, "999" is one
# Each nation's way to find the local team that takes a referral about a child (data/resources/), then its other
# local routes (out of hours). An outcome that sends the reader to children's services, social work, the MASH or the
# Gateway team lists the first for each of its nations; the nation view shows readers their own nation's only.
LOCAL_FINDERS = {
    "england": ("report-child-abuse-to-local-council",),
    "wales": ("find-local-authority-wales",),
    "scotland": ("find-council-scotland",),
    "northern-ireland": ("hsc-trust-gateway-teams", "resws-northern-ireland"),
}
REFERRAL = re.compile(
    r"\bchildren['’]s (?:services|social care|social work)\b|\bsocial (?:work|services)\b|(?-i:\bMASH\b)"
    r"|\bmulti-agency safeguarding hub\b|\bGateway (?:team|service)\b",
    re.IGNORECASE,
)


def is_guide(doc: YamlDocument) -> bool:
    """Whether a validated document is an incident guide (it has steps)."""
    return isinstance(doc.data, dict) and "steps" in doc.data and "start" in doc.data


def check_guide(doc: YamlDocument) -> Iterator[DataError]:
    """Duplicate and unknown step ids, mixed steps, a start that is not a question, cycles, orphans, stray sources."""
    data = doc.data
    steps: list[dict[str, Any]] = data["steps"]
    index: dict[str, int] = {}
    for number, step in enumerate(steps):
        if step["id"] in index:
            yield _error(
                doc,
                ("steps", number, "id"),
                f"step id '{step['id']}' is already used by steps[{index[step['id']]}]",
                "give every step its own id",
            )
        else:
            index[step["id"]] = number
        # Fields of the other kind would be silently left off the page: refuse them.
        kind, other = ("an outcome", _QUESTION_FIELDS) if "outcome" in step else ("a question", _OUTCOME_FIELDS)
        mixed = [f for f in other if f in step]
        if mixed:
            yield _error(
                doc,
                ("steps", number, mixed[0]),
                f"step '{step['id']}' is {kind}, so it cannot also have {mixed[0]}",
                "a step is a question (question, answers) or an outcome (outcome, actions, contacts): split it in two",
            )
    yield from _check_links(doc, steps, index)
    yield from _check_danger(doc, steps)
    yield from _check_outcomes(doc, steps)
    if data["start"] not in index:
        yield _unknown(doc, ("start",), data["start"], index)
        return
    start = steps[index[data["start"]]]
    if "outcome" in start:
        yield _error(
            doc,
            ("start",),
            f"the guide starts at '{data['start']}', an outcome",
            "start with a question: a guide asks before it tells",
        )
    yield from _check_paths(doc, steps, index)
    yield from _check_size(doc, steps, index)
    yield from _check_sources(doc, steps)


def route_figures(start: str, answers: Callable[[str], Sequence[str]]) -> tuple[dict[str, int], dict[str, int]]:
    """For each step reachable from `start`: how many routes lead from it to an outcome, and the most questions
    on one of them. `answers(step)` lists the steps its answers lead to (none for an outcome), once per answer.

    Dynamic programming over the graph, so the cost grows with the number of answers, not of routes (a hostile
    guide can have billions). Raises ValueError if an answer leads round in a circle.
    """
    routes: dict[str, int] = {}
    questions: dict[str, int] = {}
    on_path = {start}
    # Depth first with an explicit stack (no recursion: a long guide must not exhaust Python's stack); a
    # step's figures are known once every step after it is done.
    stack = [(start, iter(answers(start)))]
    while stack:
        step, following = stack[-1]
        for target in following:
            if target in on_path:
                raise ValueError(f"an answer of '{step}' leads round in a circle to '{target}'")
            if target not in routes:
                on_path.add(target)
                stack.append((target, iter(answers(target))))
                break
        else:
            stack.pop()
            on_path.discard(step)
            targets = answers(step)
            routes[step] = sum(routes[target] for target in targets) if targets else 1
            questions[step] = 1 + max(questions[target] for target in targets) if targets else 0
    return routes, questions


def _check_size(doc: YamlDocument, steps: list[dict[str, Any]], index: dict[str, int]) -> Iterator[DataError]:
    """A guide with too many routes, or too many questions on one, is refused: one line each, never a hang."""

    def answers(step_id: str) -> list[str]:
        # Answers to unknown steps and to the same step are reported by _check_links.
        return [
            answer["next"]
            for answer in steps[index[step_id]].get("answers", ())
            if answer["next"] in index and answer["next"] != step_id
        ]

    start = doc.data["start"]
    try:
        routes, questions = route_figures(start, answers)
    except ValueError:
        return  # a circle, reported by _check_paths
    if routes[start] > MAX_ROUTES:
        count = f"{routes[start]:,}" if routes[start] < 10**9 else "more than 1,000,000,000"
        yield _error(
            doc,
            ("steps",),
            f"this guide has {count} routes from its first question",
            f"at most {MAX_ROUTES:,}; {_SPLIT}",
        )
    if questions[start] > MAX_QUESTIONS:
        # Follow the longest route to its first question over the limit, and name that step.
        step_id, asked = start, 1
        while asked <= MAX_QUESTIONS:
            step_id = max(answers(step_id), key=lambda target: questions[target])
            asked += 1
        yield _error(
            doc,
            ("steps", index[step_id], "question"),
            f"the longest route from the first question asks {questions[start]} questions;"
            f" '{step_id}' is question {MAX_QUESTIONS + 1} on it",
            f"at most {MAX_QUESTIONS} on one route; {_SPLIT}",
        )


def _check_links(doc: YamlDocument, steps: list[dict[str, Any]], index: dict[str, int]) -> Iterator[DataError]:
    for number, step in enumerate(steps):
        for choice, answer in enumerate(step.get("answers", ())):
            if answer["next"] not in index:
                yield _unknown(doc, ("steps", number, "answers", choice, "next"), answer["next"], index)
            elif answer["next"] == step["id"]:
                yield _error(
                    doc,
                    ("steps", number, "answers", choice, "next"),
                    f"answer '{answer['label']}' of '{step['id']}' leads back to the same question",
                    "lead it to a later question or an outcome",
                )


def _check_danger(doc: YamlDocument, steps: list[dict[str, Any]]) -> Iterator[DataError]:
    """At a danger question an uncertain answer goes where Yes goes, and there is one for the unsure reader."""
    for number, step in enumerate(steps):
        if "question" not in step or "answers" not in step:
            continue
        if not step.get("danger"):
            danger = _DANGER.search(step["question"])
            if danger:
                yield _error(
                    doc,
                    ("steps", number, "question"),
                    f"asks about danger ('{danger.group()}') but is not marked as a danger question",
                    "add danger: true to the step, so that a reader who is not sure is led where Yes leads",
                )
            continue
        answers = step["answers"]
        yes = next((a for a in answers if _YES.search(a["label"])), None)
        if yes is None:
            yield _error(
                doc,
                ("steps", number, "answers"),
                f"danger question '{step['id']}' has no answer starting 'Yes'",
                "make the first answer 'Yes, or not sure', leading to the emergency steps",
            )
            continue
        unsure_ok = False
        for choice, answer in enumerate(answers):
            if not DOUBT.search(answer["label"]):
                continue
            if answer["next"] == yes["next"]:
                unsure_ok = True
                continue
            yield _error(
                doc,
                ("steps", number, "answers", choice, "label"),
                f"'{answer['label']}' leads a reader in doubt to '{answer['next']}', not where '{yes['label']}'"
                f" leads ('{yes['next']}')",
                "at a danger question, not being sure counts as Yes: write 'Yes, or not sure' and a plain 'No'",
            )
        if not unsure_ok:
            yield _error(
                doc,
                ("steps", number, "answers"),
                f"danger question '{step['id']}' gives a reader who is not sure no answer to choose",
                f"word the Yes answer 'Yes, or not sure' (it leads to '{yes['next']}')",
            )


def _check_paths(doc: YamlDocument, steps: list[dict[str, Any]], index: dict[str, int]) -> Iterator[DataError]:
    """Depth-first from the start: an answer leading to a step still on the current path closes a circle."""
    on_path, done = 1, 2
    state: dict[str, int] = {doc.data["start"]: on_path}
    path = [doc.data["start"]]
    # An explicit stack, not recursion: a long guide must not exhaust Python's stack.
    stack = [(doc.data["start"], iter(enumerate(steps[index[doc.data["start"]]].get("answers", ()))))]
    while stack:
        step_id, answers = stack[-1]
        for choice, answer in answers:
            target = answer["next"]
            if target not in index or target == step_id:
                continue  # reported by _check_links
            if state.get(target) == on_path:
                loop = " → ".join((*path[path.index(target) :], target))
                yield _error(
                    doc,
                    ("steps", index[step_id], "answers", choice, "next"),
                    f"answer '{answer['label']}' of '{step_id}' goes round in a circle ({loop})",
                    "every answer must lead to a later question or an outcome",
                )
            elif target not in state:
                state[target] = on_path
                path.append(target)
                stack.append((target, iter(enumerate(steps[index[target]].get("answers", ())))))
                break
        else:
            state[step_id] = done
            stack.pop()
            path.pop()
    for number, step in enumerate(steps):
        if step["id"] not in state and index.get(step["id"]) == number:
            yield _error(
                doc,
                ("steps", number, "id"),
                f"step '{step['id']}' cannot be reached from the start ('{doc.data['start']}')",
                "lead an answer to it, or remove it",
            )


def _check_sources(doc: YamlDocument, steps: list[dict[str, Any]]) -> Iterator[DataError]:
    listed = {source["url"] for source in doc.data["sources"]}
    for number, step in enumerate(steps):
        for position, url in enumerate(step.get("based_on", ())):
            if url not in listed:
                yield _error(
                    doc,
                    ("steps", number, "based_on", position),
                    f"'{url}' is not among the guide's sources",
                    "add it to sources (with its title), or correct the address",
                )


def _check_outcomes(doc: YamlDocument, steps: list[dict[str, Any]]) -> Iterator[DataError]:
    """Each outcome short enough for a phone, its contact lines for its own contacts, a local finder per referral."""
    own = item_nations(doc.data)
    for number, step in enumerate(steps):
        if "outcome" not in step or "actions" not in step:
            continue
        name, contacts = step["id"], step.get("contacts", [])
        if len(step["actions"]) > MAX_ACTIONS:
            yield _error(
                doc,
                ("steps", number, "actions"),
                f"outcome '{name}' has {len(step['actions'])} actions",
                f"at most {MAX_ACTIONS}, the most urgent first: merge actions, or move reasons and detail into more",
            )
        for key in step.get("when_to_use") or {}:
            if key not in contacts:
                yield _error(
                    doc,
                    ("steps", number, "when_to_use", key),
                    f"'{key}' is not among the contacts of outcome '{name}'",
                    "add it to contacts, or remove its line",
                )
        words = {nation: visible_words(step, nation, own) for nation in own}
        worst = max(own, key=lambda nation: words[nation])
        if words[worst] > WORD_BUDGET:
            yield _error(
                doc,
                ("steps", number, "outcome"),
                f"outcome '{name}' shows {words[worst]} words of its own to a reader in {NATIONS[worst]}",
                f"at most {WORD_BUDGET} of the guide's own words (heading, actions, contact lines), so that with the"
                f" contacts' names and numbers the page stays near {PAGE_WORD_BUDGET}: shorten the actions, or move"
                " reasons and each nation's detail into more, which is shown folded",
            )
        referred = _referral_nations(step, own)
        missing = tuple(n for n in own if n in referred and LOCAL_FINDERS[n][0] not in contacts)
        if missing:
            ids = ", ".join(LOCAL_FINDERS[nation][0] for nation in missing)
            yield _error(
                doc,
                ("steps", number, "contacts"),
                f"outcome '{name}' sends the reader to {referred[missing[0]]!r} but lists no way to find the local team"
                f" in {nations_label(missing) if len(missing) < len(NATIONS) else 'any nation'}",
                f"add {ids} to contacts",
            )


def _texts(step: dict[str, Any], own: tuple[str, ...]) -> Iterator[tuple[tuple[str, ...], str]]:
    """The outcome's texts, each with the nations it speaks for: the heading, the actions and the detail."""
    yield own, step["outcome"]
    for entry in (*step["actions"], *step.get("more", ())):
        if isinstance(entry, str):
            yield own, entry
        else:
            for variant in entry["by_nation"]:
                yield tuple(variant["nations"]), variant["text"]


def _referral_nations(step: dict[str, Any], own: tuple[str, ...]) -> dict[str, str]:
    """The nations whose readers the outcome sends to the local team, each with the words that do it."""
    found: dict[str, str] = {}
    for nations, text in _texts(step, own):
        named = REFERRAL.search(text)
        if named:
            for nation in nations:
                found.setdefault(nation, named.group())
    return found


def visible_words(step: dict[str, Any], nation: str, own: tuple[str, ...]) -> int:
    """How many of its own words an outcome shows a reader who chose `nation`, with its detail folded."""
    count = FIXED_WORDS + len(WORD.findall(step["outcome"]))
    for action in step["actions"]:
        if isinstance(action, str):
            count += len(WORD.findall(action))
            continue
        for variant in action["by_nation"]:
            if nation in variant["nations"]:
                count += len(WORD.findall(variant["text"]))
        count += NATION_BUTTON_WORDS if any(nation not in v["nations"] for v in action["by_nation"]) else 0
    lines = step.get("when_to_use") or {}
    elsewhere = {finder for other in own if other != nation for finder in LOCAL_FINDERS[other]}
    for contact in step.get("contacts", ()):
        if contact not in elsewhere:  # the nation view folds away the other nations' finders
            count += len(WORD.findall(lines.get(contact, "")))
    return count


def _unknown(doc: YamlDocument, path: FieldPath, target: str, index: dict[str, int]) -> DataError:
    close = difflib.get_close_matches(target, list(index), n=1)
    hint = f"did you mean '{close[0]}'?" if close else f"steps: {', '.join(index)}"
    return _error(doc, path, f"there is no step '{target}' in this guide", hint)


def _error(doc: YamlDocument, path: FieldPath, problem: str, hint: str) -> DataError:
    return DataError(doc.display, doc.line_of(path), field_path(path), problem, hint)
