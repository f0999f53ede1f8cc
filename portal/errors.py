"""Data errors: one line each, naming file, line and field, with a hint."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class DataError:
    """One problem in one data file, printed as `path:line: field: problem (hint)`."""

    file: str
    line: int
    field: str
    problem: str
    hint: str = ""

    def __str__(self) -> str:
        text = f"{self.file}:{self.line}: {self.field or '(file)'}: {self.problem}"
        return f"{text} ({self.hint})" if self.hint else text


class DataErrors(Exception):
    """Raised once, carrying every problem found, when the data is not valid."""

    def __init__(self, errors: Iterable[DataError]) -> None:
        self.errors: tuple[DataError, ...] = tuple(sorted(set(errors)))
        super().__init__(self.report())

    def report(self, where: str = "the data") -> str:
        """Every error on its own line, then a one-line summary naming `where` they are."""
        count = len(self.errors)
        noun = "problem" if count == 1 else "problems"
        lines = [str(error) for error in self.errors]
        lines.append(f"{count} {noun} in {where}: fix them and run the check again.")
        return "\n".join(lines)


def field_path(path: Iterable[str | int]) -> str:
    """Render a path such as ('areas', 3, 'questions') as 'areas[3].questions'."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text
