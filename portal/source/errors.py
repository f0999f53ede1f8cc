"""Data errors: one line each, naming file, line and field, with a hint."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

# Unicode's noncharacters, kept for programs' own use: U+FDD0 to U+FDEF and the last two code points
# of every plane (U+FFFE, U+FFFF, U+1FFFE, ... U+10FFFF). XML cannot hold U+FFFE and U+FFFF at all.
_NONCHARACTERS = "\ufdd0-\ufdef" + "".join(
    chr(plane + last) for plane in range(0, 0x110000, 0x10000) for last in (0xFFFE, 0xFFFF)
)
# Characters that hide or disguise text: controls, bidirectional overrides, zero-width and other
# invisibles; and characters that are not text at all or that XML 1.0 cannot hold (noncharacters,
# halves of surrogate pairs), which would make every Atom feed unreadable. Private-use characters
# (U+E000 to U+F8FF and planes 15 and 16) show as nothing or an empty box, or as whatever a font
# chose, so they can hide text too. Data may not hold any of these, and messages show them as
# \uXXXX, so a hostile value cannot reorder, hide or break the line it is quoted in.
INVISIBLE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u00ad\u061c\u115f\u1160\u180e\u200b-\u200f\u2028-\u202e"
    "\u2060-\u206f\u3164\ufeff\uffa0\ufff9-\ufffb\U000e0000-\U000e007f"
    f"\ud800-\udfff\ue000-\uf8ff\U000f0000-\U0010ffff{_NONCHARACTERS}]"
)
# The same for text that is all ASCII (nearly all of it): a class of ASCII characters is read from a table,
# while the class above is tried range by range at every character (a tenth of the time over the data).
_ASCII_INVISIBLE = re.compile("[\x00-\x08\x0b-\x1f\x7f]")


def find_invisible(text: str) -> re.Match[str] | None:
    """The first character of `text` that INVISIBLE matches, if any."""
    return (_ASCII_INVISIBLE if text.isascii() else INVISIBLE).search(text)


# And a message stays on one line, printable even for a file name that is not UTF-8 (surrogates).
_UNPRINTABLE = re.compile(f"{INVISIBLE.pattern}|[\t\n]")


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
        text = f"{text} ({self.hint})" if self.hint else text
        return _UNPRINTABLE.sub(lambda found: escaped(found.group()), text)


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


def escaped(char: str) -> str:
    """A character as Python would escape it: \\u202e, or \\U0001fffe beyond U+FFFF, so no digits run on."""
    return f"\\u{ord(char):04x}" if ord(char) <= 0xFFFF else f"\\U{ord(char):08x}"


def describe_character(char: str) -> str:
    """Name an invisible character so an editor can find it, e.g. 'U+202E (right-to-left override)'."""
    name = unicodedata.name(char, "")
    return f"U+{ord(char):04X} ({name.lower() if name else _kind_of_character(char)})"


def _kind_of_character(char: str) -> str:
    # Characters without a name: say what they are, so that the message explains the refusal.
    code, category = ord(char), unicodedata.category(char)
    if 0xFDD0 <= code <= 0xFDEF or code & 0xFFFE == 0xFFFE:
        return "a noncharacter, which is not text"
    if category == "Cs":
        return "half of a surrogate pair, which is not text on its own"
    if category == "Co":
        return "a private-use character, which shows as nothing, an empty box or whatever a font chose"
    return "a control character" if category == "Cc" else "an unassigned character"


def clip(value: object, limit: int = 40) -> str:
    """A value quoted back in a message, cut short so a hostile one cannot flood the report."""
    text = str(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."
