"""The filtering and monitoring review's data: the edition validates, broken ones give one-line errors, scaffolding."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT
from portal.model.loader import load_guidance
from portal.source.errors import DataErrors

EDITION = ROOT / "data" / "filtering-reviews" / "edition-2026-12.yml"


@pytest.fixture
def data_with_edition(minimal_data: Path) -> Path:
    """The minimal data with a copy of the real edition, its resource reference dropped (the fixture lacks it)."""
    folder = minimal_data / "filtering-reviews"
    folder.mkdir()
    text = EDITION.read_text(encoding="utf-8").replace("resources:\n  - filtering-monitoring-standards\n", "")
    (folder / "edition-2026-12.yml").write_text(text.replace("  - colleges\n  - governors-and-trustees\n", ""))
    return minimal_data


def errors_for(data: Path) -> list[str]:
    with pytest.raises(DataErrors) as failure:
        load_guidance(data)
    return [str(error) for error in failure.value.errors]


def edit(data: Path, old: str, new: str) -> None:
    path = data / "filtering-reviews" / "edition-2026-12.yml"
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_the_edition_validates_and_builds() -> None:
    review = load_guidance(ROOT / "data").filtering_review
    assert review is not None and review.id == "edition-2026-12"
    assert [s.title for s in review.standards][2:] == ["Filtering", "Monitoring"]
    assert review.check_count == sum(len(s.checks) for s in review.standards) > 40
    ids = [c.id for s in review.standards for c in s.checks]
    assert len(ids) == len(set(ids))
    assert all(c.question.rstrip(")").endswith(("?", ".")) for s in review.standards for c in s.checks)
    assert {t.nations for t in review.by_nation} == {("england",), ("wales",), ("scotland",), ("northern-ireland",)}
    assert any(c.practice for s in review.standards for c in s.checks)
    assert review.audiences == ("schools", "colleges", "governors-and-trustees")
    assert all(source.url.startswith("https://") for source in review.review.sources)


def test_a_copy_loads_in_the_minimal_data(data_with_edition: Path) -> None:
    # The control for the broken cases below: unchanged, the copy is valid.
    assert load_guidance(data_with_edition).filtering_review is not None


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "      - id: named-governor\n",
            "      - id: named-senior-leader\n",
            "data/filtering-reviews/edition-2026-12.yml:{line}: standards[0].checks[1].id: "
            "duplicate check id 'named-senior-leader' (first used on line {first}) (give each check id its own value)",
        ),
        (
            "  - nations: [scotland]\n",
            "  - nations: [wales]\n",
            "by_nation",
        ),
        (
            "audiences:\n  - schools\n",
            "audiences:\n  - school\n",
            "audiences[0]",
        ),
        (
            "      - id: iwf-ctiru\n        question:",
            "      - id: iwf-ctiru\n        asked:",
            "standards[2].checks[0]",
        ),
    ],
    ids=["duplicate check id", "a nation missing", "unknown audience", "no question"],
)
def test_a_broken_edition_gives_one_line_errors(data_with_edition: Path, old: str, new: str, expected: str) -> None:
    edit(data_with_edition, old, new)
    errors = errors_for(data_with_edition)
    assert len(errors) >= 1 and all("\n" not in error for error in errors)
    assert all(error.startswith("data/filtering-reviews/edition-2026-12.yml:") for error in errors), errors
    if "{line}" in expected:
        lines = EDITION.read_text(encoding="utf-8").splitlines()
        first = lines.index("      - id: named-senior-leader") + 1
        line = lines.index("      - id: named-governor") + 1
        assert errors == [expected.format(line=line, first=first)]
    else:
        assert any(f": {expected}" in error for error in errors), errors


def portal(*arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "portal", *arguments], cwd=ROOT, capture_output=True, text=True, check=False
    )


def test_new_scaffolds_the_next_edition_from_the_newest(data_with_edition: Path) -> None:
    result = portal("--data", str(data_with_edition), "new", "filtering-review", "edition-2027-09")
    assert result.returncode == 0, result.stderr
    created = data_with_edition / "filtering-reviews" / "edition-2027-09.yml"
    errors = errors_for(data_with_edition)
    # Unfilled, it is refused, and only for its two placeholders (the negative control).
    assert len(errors) == 2 and all(": placeholder not replaced (write " in e for e in errors), errors
    text = created.read_text(encoding="utf-8")
    text = text.replace(
        '"REPLACE: how the page names this edition, e.g. September 2027 edition"', "September 2027 edition"
    )
    text = text.replace(
        '"REPLACE: what changed since edition-2026-12: new, reworded or dropped checks"', "New edition."
    )
    created.write_text(text, encoding="utf-8")
    guidance = load_guidance(data_with_edition)
    assert [e.id for e in guidance.filtering_reviews] == ["edition-2027-09", "edition-2026-12"]
    assert guidance.filtering_review is not None and guidance.filtering_review.edition == "September 2027 edition"
    again = portal("--data", str(data_with_edition), "new", "filtering-review", "edition-2027-09")
    assert again.returncode == 1 and "already exists" in again.stderr


def test_new_without_an_edition_writes_every_field(minimal_data: Path, tmp_path: Path) -> None:
    result = portal("--data", str(minimal_data), "new", "filtering-review", "edition-2027-01")
    assert result.returncode == 0, result.stderr
    errors = errors_for(minimal_data)
    assert errors and all(": placeholder not replaced (write " in e for e in errors), errors
    shutil.rmtree(minimal_data / "filtering-reviews")
    load_guidance(minimal_data)  # negative control: without it the data is valid
