"""What a valid filtering and monitoring review edition must also get right: ids a saved review relies on."""

from __future__ import annotations

from collections.abc import Iterator

from portal.checks.content import check_unique
from portal.source.errors import DataError
from portal.source.vocabulary import ALL_NATIONS
from portal.source.yaml_document import YamlDocument


def check_edition(doc: YamlDocument) -> Iterator[DataError]:
    """Unique standard, check and test category ids (saved answers are kept under them), every nation covered."""
    data = doc.data
    standards = list(enumerate(data["standards"]))
    yield from check_unique(doc, ((("standards", i, "id"), s["id"]) for i, s in standards), "standard id")
    checks = [(("standards", i, "checks", j, "id"), c["id"]) for i, s in standards for j, c in enumerate(s["checks"])]
    # A saved review keeps each answer under the check's id alone, so ids are unique across standards.
    yield from check_unique(doc, checks, "check id")
    categories = enumerate(data["test_categories"])
    yield from check_unique(doc, ((("test_categories", i, "id"), c["id"]) for i, c in categories), "test category id")
    covered = {nation for entry in data["by_nation"] for nation in entry["nations"]}
    missing = [nation for nation in ALL_NATIONS if nation not in covered]
    if missing:
        yield DataError(
            doc.display,
            doc.line_of(("by_nation",)),
            "by_nation",
            f"no entry for {', '.join(missing)}",
            "the page tells readers in every nation what applies there: add an entry for each nation",
        )
