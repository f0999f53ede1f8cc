"""What does a nation-limited resource's job in each other nation: one line per nation, for its card."""

from __future__ import annotations

from dataclasses import dataclass

from portal.model import Collection, Resource, nations_attribute
from portal.source import vocabulary


@dataclass(frozen=True)
class ElsewhereLine:
    """One nation's (or group's) line: the items that do the job there, or what to do instead."""

    nations: tuple[str, ...]
    items: tuple[Resource, ...] = ()
    text: str = ""

    @property
    def key(self) -> str:
        """The nations as the page's data-nations attribute holds them."""
        return nations_attribute(self.nations)

    @property
    def label(self) -> str:
        """The nations in words, e.g. 'Wales'."""
        return vocabulary.nations_label(self.nations)


def replaced_name(resource: Resource) -> str:
    """How a line under the card names it, short enough for a label: 'KCSIE', or 'England's guidance and advice'."""
    return resource.abbreviation or f"{resource.nations_label}'s {resource.kind_label.lower()}"


def elsewhere_lines(
    resource: Resource, resources: Collection[Resource], listed: tuple[str, ...] = ()
) -> tuple[ElsewhereLine, ...]:
    """The lines under `resource`'s card; a nation whose equivalents all have cards in the same list is left
    out, since each of those cards is already shown to that nation's readers."""
    lines = [
        ElsewhereLine((nation,), items=resources.pick(ids))
        for nation, ids in resource.equivalents
        if not set(ids) <= set(listed)
    ]
    lines += [ElsewhereLine(note.nations, text=note.text) for note in resource.no_equivalent]
    return tuple(lines)
