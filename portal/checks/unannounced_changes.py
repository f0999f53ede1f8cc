"""What readers see that changed since a git revision without a change note saying so: run on every pull request.

Guidance reaches readers through items (data/ and a hosted copy's local/data/, the glossary
included), hand-written pages that state facts (those with review fields, in docs/ and local/docs/)
and a copy's hide list. Every file under those folders is compared with the base revision, with
renames found as git finds them, so that moving, renaming, adding or removing a file is a change
too; CONTRIBUTING.md ("Change notes") gives the rules and why.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

from portal.source.errors import DataError, field_path
from portal.source.git_revision import ContentFolders, Revision, changed_files, join, open_revision, working_text
from portal.source.limits import YamlProblem
from portal.source.markdown_pages import page_title, split_front_matter
from portal.source.yaml_document import FieldPath, parse_yaml

# What readers do not see as guidance: changing these needs no note.
_BOOKKEEPING = frozenset({"changes", "reviewed", "review_interval_months", "owner", "sources", "search_terms"})
# What a page's readers read; the rest of its front matter (tags, search, hide...) is settings.
_PAGE_TEXT = ("title", "description", "text")
# A page with any of these states facts, so it is guidance: the same keys make the build read its review.
_PAGE_REVIEW_KEYS = ("reviewed", "review_interval_months", "sources", "changes")
_READ = ("item", "page")  # the kinds of file compared part by part
_HIDEABLE = ("risks", "resources", "faqs", "audiences")
_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})


@dataclass(frozen=True)
class _Version:
    """One file as readers meet it, at the base or now: an item's fields, or a page's title and text."""

    path: str  # as git names it, relative to the repository
    kind: str  # "item" or "page"
    data: dict[str, Any]
    lines: Mapping[FieldPath, int]
    title: str  # how readers know it: a title, a FAQ's question, a page's heading
    watched: bool = True  # pages only count as guidance with review fields
    body_lines: tuple[int, ...] = ()  # a page's paragraphs: the line each starts on, in the order of data["text"]

    def line_of(self, path: FieldPath) -> int:
        while path not in self.lines and path:
            path = path[:-1]
        return self.lines.get(path, 1)


@dataclass(frozen=True)
class _Part:
    """A part of a file that carries its own change notes: the item or page, or one area of an objective."""

    path: FieldPath
    old: dict[str, Any]
    new: dict[str, Any]


@dataclass
class _Findings:
    """Errors so far, what a note must name to announce a removal, and the notes that can name it."""

    errors: list[DataError] = field(default_factory=list)
    unnamed: list[tuple[str, DataError]] = field(default_factory=list)  # (title to name, error if nobody does)
    announced: list[str] = field(default_factory=list)  # every new note readers see, normalised


def unannounced_changes(data_dir: Path, docs_dir: Path, local_dir: Path, since: str) -> list[DataError]:
    """One error per change readers see since `since` that no new change note announces."""
    base, layout = open_revision(data_dir, docs_dir, local_dir, since)
    found = _Findings()
    profile_changed = False
    for old_path, new_path in changed_files(base, layout.folders()):
        old_kind = layout.kind(old_path) if old_path else None
        new_kind = layout.kind(new_path) if new_path else None
        profile_changed |= "profile" in (old_kind, new_kind)
        new = _read(base, new_path, new_kind, at_base=False) if new_path and new_kind in _READ else None
        if old_path and old_kind in _READ:
            # A base version that cannot be read compares as empty: everything in it then counts as changed.
            old = _read(base, old_path, old_kind, at_base=True) or _Version(
                old_path, old_kind, {}, {}, Path(old_path).stem, watched=old_kind == "item"
            )
            if new_kind == old_kind:
                if new is not None:
                    _changed(old, new, base, found)
                continue
            _removed(_titled(old, base, layout), base, found, renamed_to=new_path)
        if new is not None:
            _added(new, base, found)
    if profile_changed:
        _hide_changes(base, layout, found)
    for title, error in found.unnamed:
        # A whole-word match, so that a note about "sports clubs" does not name the audience "Sport".
        named = re.compile(rf"(?<!\w){re.escape(_normalised(title))}(?!\w)")
        if not any(named.search(note) for note in found.announced):
            found.errors.append(error)
    return sorted(found.errors)


# ---- The rules ----


def _changed(old: _Version, new: _Version, base: Revision, found: _Findings) -> None:
    """A file still read by the site: every part whose guidance changed needs a new note; a move needs one too."""
    if new.kind == "page" and not new.watched:
        if old.watched:
            _left_guidance(old, new, base, found)
        return
    moved = old.path != new.path
    for part in _parts(old, new):
        fields = _changed_fields(part.old, part.new)
        here = moved and not part.path
        new_notes = _new_notes(_notes(part.old), _notes(part.new), base.date)
        found.announced += [_normalised(str(note.get("note", ""))) for note in new_notes if not note.get("typo")]
        if not fields and not here:
            continue
        if any(not note.get("typo") for note in new_notes) or (new_notes and not here):
            continue
        found.errors.append(_no_note(old, new, part, fields, base))


def _no_note(old: _Version, new: _Version, part: _Part, fields: list[str], base: Revision) -> DataError:
    what = "area" if part.path else new.kind
    notes = field_path((*part.path, "changes"))
    dated = f"with a date on or after {base.date.isoformat()}"
    if old.path != new.path and not part.path:
        also = f"; changed: {', '.join(fields)}" if fields else ""
        return DataError(
            base.show(new.path),
            new.line_of(("id",)) if new.kind == "item" else new.line_of(("title",)),
            notes,
            f"the {what} moved here from {base.show(old.path)} since {base.name} (its address changed{also}) "
            "with no new change note",
            f"add a note at the top of {notes} {dated} saying what changed, e.g. that it has a new address; "
            "a typo note does not count: links and bookmarks to the old address stop working",
        )
    where = (*part.path, fields[0])
    if fields[0] == "text" and new.kind == "page":
        line = _first_new_paragraph(old, new)
    else:
        # A removed field has no line of its own: point at the area, or at the item's id.
        line = new.lines[where] if where in new.lines else new.line_of(part.path or ("id",))
    kind = "text" if new.kind == "page" else "guidance"
    place = f"{notes} in the page's front matter" if new.kind == "page" else notes
    return DataError(
        base.show(new.path),
        line,
        notes,
        f"the {what}'s {kind} changed since {base.name} ({', '.join(fields)}) with no new change note",
        f"add a note at the top of {place} {dated} and a note saying what changed in one sentence; "
        "if only spelling or layout changed, add typo: true to it",
    )


def _added(new: _Version, base: Revision, found: _Findings) -> None:
    """A new item, or a new page that states facts, says it is new: readers hear of it on What's new."""
    if not new.watched:
        return
    notes = [note for note in _new_notes([], _notes(new.data), base.date) if not note.get("typo")]
    areas = new.data.get("areas") if new.kind == "item" else None
    for part in [new.data, *(area for area in areas or () if isinstance(area, dict))]:
        news = _new_notes([], _notes(part), base.date)
        found.announced += [_normalised(str(note.get("note", ""))) for note in news if not note.get("typo")]
    if notes:
        return
    front = " in the page's front matter" if new.kind == "page" else ""
    found.errors.append(
        DataError(
            base.show(new.path),
            new.line_of(("changes",)) if "changes" in new.data else new.line_of(("id",) if new.kind == "item" else ()),
            "changes",
            f"a new {new.kind} since {base.name} with no change note saying it is new",
            f"add changes{front} with a note dated on or after {base.date.isoformat()} saying what it adds, "
            "e.g. 'Added: what to do when ...'; a typo note does not count",
        )
    )


def _removed(old: _Version, base: Revision, found: _Findings, renamed_to: str | None) -> None:
    """A removed item or page cannot carry a note: one that remains must name it, so readers learn it is gone."""
    if not old.watched:
        return
    overlay = old.kind == "item" and "extends" in old.data
    what = f"the local version of '{old.title}'" if overlay else f"the {old.kind} '{old.title}'"
    how = f" (renamed to {base.show(renamed_to)}, which the site does not read)" if renamed_to else ""
    error = DataError(
        base.show(old.path),
        old.line_of(("id",)) if old.kind == "item" else old.line_of(("title",)),
        "id" if old.kind == "item" else "title",
        f"{what} was removed since {base.name}{how}, and no new change note names it",
        f"add a note, dated on or after {base.date.isoformat()}, at the top of the changes of an item or page "
        f"that remains (e.g. the one readers should use instead) naming '{old.title}' and saying why it went",
    )
    found.unnamed.append((old.title, error))


def _left_guidance(old: _Version, new: _Version, base: Revision, found: _Findings) -> None:
    """A page that drops its review fields stops being checked, so it is announced like a removed page."""
    error = DataError(
        base.show(new.path),
        1,
        "reviewed",
        f"the page '{old.title}' no longer has review fields since {base.name}, so its changes would go "
        "unannounced, and no new change note names it",
        "a page that states facts keeps its sources, reviewed and review_interval_months; if it no longer "
        f"states facts, add a note dated on or after {base.date.isoformat()} to an item or page that remains "
        f"naming '{old.title}'",
    )
    found.unnamed.append((old.title, error))


def _hide_changes(base: Revision, layout: ContentFolders, found: _Findings) -> None:
    """Items a hosted copy starts or stops hiding disappear or appear for its readers: a note must name each."""
    files = [join(layout.data, "site.yml")] + ([join(layout.local, "profile.yml")] if layout.local else [])
    before = _hidden([_profile(base, name, at_base=True) for name in files])
    now_docs = [_profile(base, name, at_base=False) for name in files]
    now = _hidden(now_docs)
    holder = next((doc for doc in reversed(now_docs) if doc is not None and "hide" in doc.data), None)
    for collection, item_id in sorted(set(now) ^ set(before)):
        places = [join(layout.data, collection)] + ([join(layout.local, f"data/{collection}")] if layout.local else [])
        item = next(filter(None, (_read(base, f"{place}/{item_id}.yml", "item", False) for place in places)), None)
        if item is None:
            continue  # no such item now: nothing appears or disappears (a removal is reported as such)
        hidden = (collection, item_id) in now
        where = ("hide", collection, now[(collection, item_id)]) if hidden else ("hide",)
        error = DataError(
            base.show(holder.path if holder is not None else files[-1]),
            holder.line_of(where) if holder is not None else 1,
            field_path(where),
            f"'{item.title}' is {'hidden' if hidden else 'shown again'} since {base.name}, "
            "and no new change note names it",
            f"readers of this copy {'no longer see it' if hidden else 'see it again'}: add a note, dated on or "
            f"after {base.date.isoformat()}, at the top of the changes of an item or page readers see, "
            f"naming '{item.title}'",
        )
        found.unnamed.append((item.title, error))


def _hidden(profiles: list[_Version | None]) -> dict[tuple[str, str], int]:
    """The (collection, id) pairs hidden, with their place in the list: the last file with `hide` decides."""
    hide: Any = {}
    for doc in profiles:
        if doc is not None and "hide" in doc.data:
            hide = doc.data["hide"]
    hidden: dict[tuple[str, str], int] = {}
    for collection in _HIDEABLE:
        ids = hide.get(collection) if isinstance(hide, dict) else None
        for index, item_id in enumerate(ids if isinstance(ids, list) else ()):
            hidden.setdefault((collection, str(item_id)), index)
    return hidden


# ---- Comparing two versions ----


def _parts(old: _Version, new: _Version) -> Iterator[_Part]:
    """The item (or page), and each objective area present in both versions (matched by id)."""
    if new.kind == "page":
        yield _Part((), _page_fields(old.data), _page_fields(new.data))
        return
    old_areas = {a.get("id"): a for a in old.data.get("areas") or () if isinstance(a, dict)}
    # At the item's level the areas count by id and order: an area added, removed, renamed or moved needs a note.
    yield _Part((), _with_area_ids(old.data), _with_area_ids(new.data))
    for index, area in enumerate(new.data.get("areas") or ()):
        if isinstance(area, dict) and area.get("id") in old_areas:
            yield _Part(("areas", index), old_areas[area["id"]], area)


def _with_area_ids(data: dict[str, Any]) -> dict[str, Any]:
    if not isinstance(data.get("areas"), list):
        return data
    return {**data, "areas": [a.get("id") if isinstance(a, dict) else a for a in data["areas"]]}


def _page_fields(data: dict[str, Any]) -> dict[str, Any]:
    return {key: data[key] for key in (*_PAGE_TEXT, "changes") if key in data}


def _changed_fields(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    names = (set(old) | set(new)) - _BOOKKEEPING
    return sorted(name for name in names if _as_read(name, old.get(name)) != _as_read(name, new.get(name)))


def _as_read(name: str, value: Any) -> Any:
    """What readers are told by a field: a briefing's facts without their sources' addresses (bookkeeping, as
    the sources themselves are)."""
    if name != "briefing" or not isinstance(value, dict) or not isinstance(value.get("facts"), list):
        return value
    facts = [{k: v for k, v in f.items() if k != "source"} if isinstance(f, dict) else f for f in value["facts"]]
    return {**value, "facts": facts}


def _notes(part: dict[str, Any]) -> list[dict[str, Any]]:
    return [note for note in part.get("changes") or () if isinstance(note, dict)]


def _new_notes(before: list[dict[str, Any]], now: list[dict[str, Any]], base_date: date) -> list[dict[str, Any]]:
    """Notes the base did not have, dated no earlier than the base commit."""
    return [note for note in now if note not in before and str(note.get("date", "")) >= base_date.isoformat()]


def _first_new_paragraph(old: _Version, new: _Version) -> int:
    """The line of the first paragraph that differs from the base's (or of the last, if paragraphs were cut)."""
    before, now = old.data.get("text") or [], new.data.get("text") or []
    for index, line in enumerate(new.body_lines):
        if index >= len(before) or before[index] != now[index]:
            return line
    return new.body_lines[-1] if new.body_lines else 1


def _normalised(text: str) -> str:
    return " ".join(text.translate(_QUOTES).casefold().split())


# ---- Reading a file at the base or now ----


def _read(base: Revision, path: str, kind: str | None, at_base: bool) -> _Version | None:
    """The file as an item or a page, or None if it cannot be read (the data check reports that for now)."""
    text = base.text(path) if at_base else working_text(base.root / path, path)
    if text is None:
        return None
    return _page(path, text) if kind == "page" else _item(path, text)


def _titled(version: _Version, base: Revision, layout: ContentFolders) -> _Version:
    """A hosted copy's version of an upstream item (extends) takes the upstream item's title unless it sets one."""
    target, collection = version.data.get("extends"), Path(version.path).parent.name
    if version.kind != "item" or not isinstance(target, str) or version.title != target:
        return version
    upstream = join(layout.data, f"{collection}/{target}.yml")
    for at_base in (False, True):
        found = _read(base, upstream, "item", at_base)
        if found is not None:
            return replace(version, title=found.title)
    return version


def _profile(base: Revision, path: str, at_base: bool) -> _Version | None:
    return _read(base, path, "profile", at_base)


def _item(path: str, text: str) -> _Version | None:
    try:
        doc = parse_yaml(text, Path(path), path)
    except YamlProblem:
        return None
    if not isinstance(doc.data, dict) or doc.problems:
        return None
    data = doc.data
    title = data.get("question") if "question" in data else data.get("title")
    if not isinstance(title, str):
        title = "Glossary" if path.endswith("glossary.yml") else str(data.get("extends") or data.get("id") or path)
    return _Version(path, "item", data, doc.lines, title)


def _page(path: str, text: str) -> _Version:
    front_text, body, body_start = split_front_matter(text)
    front: dict[str, Any] = {}
    lines: Mapping[FieldPath, int] = {}
    if front_text is not None:
        try:
            doc = parse_yaml(front_text, Path(path), path, first_line=2)
        except YamlProblem:
            doc = None
        if doc is not None and isinstance(doc.data, dict):
            front, lines = doc.data, doc.lines
    starts, paragraphs = _paragraphs(body, body_start)
    title = page_title(front, body, Path(path))
    watched = any(key in front for key in _PAGE_REVIEW_KEYS)
    data = {**front, "text": paragraphs}
    return _Version(path, "page", data, lines, str(title), watched, starts)


def _paragraphs(body: str, first_line: int) -> tuple[tuple[int, ...], list[str]]:
    """A page's paragraphs with their first lines; wrapping a paragraph differently changes nothing readers see."""
    starts: list[int] = []
    paragraphs: list[str] = []
    current: list[str] = []
    for number, line in enumerate(body.splitlines(), start=first_line):
        if line.strip():
            if not current:
                starts.append(number)
            current.append(line.strip())
        elif current:
            paragraphs.append(" ".join(current))
            current = []
    if current:
        paragraphs.append(" ".join(current))
    return tuple(starts), paragraphs
