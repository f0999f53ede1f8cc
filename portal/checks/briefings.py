"""Checks inside a risk's staff briefing that its schema cannot express: each fact's source is one of the risk's."""

from __future__ import annotations

from collections.abc import Iterator

from portal.source.errors import DataError
from portal.source.yaml_document import YamlDocument


def check_briefing(doc: YamlDocument) -> Iterator[DataError]:
    """Each briefing fact names, as its source, the address of one of the risk's own sources."""
    briefing = doc.data.get("briefing")
    if not isinstance(briefing, dict):
        return
    listed = {source.get("url") for source in doc.data.get("sources") or () if isinstance(source, dict)}
    for index, fact in enumerate(briefing.get("facts") or ()):
        if isinstance(fact, dict) and fact.get("source") not in listed:
            yield DataError(
                doc.display,
                doc.line_of(("briefing", "facts", index, "source")),
                f"briefing.facts[{index}].source",
                f"'{fact.get('source')}' is not one of this risk's sources",
                "add it under sources with its title, or give the address of a source already listed",
            )
