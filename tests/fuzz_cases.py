"""Inputs for tests/test_fuzz.py, and the one property every input must hold.

Three kinds of input, all written over one file of a copy of the shipped data (or of the sample
hosted copy's local/ folder, or of linkcheck.yml):

- MUTATIONS: random byte, line, indentation and value edits of a shipped file, drawn by Hypothesis;
- CATALOGUE: hostile YAML written by hand (tags that build Python objects, deep nesting, aliases,
  odd keys, several documents, BOM, NUL, CRLF, tabs, huge numbers, impossible dates, ...);
- LAYOUTS: odd things in the folder itself (a folder or a broken link named like a data file).

The property: the loader returns, or raises DataErrors whose every error names a file of the copy
and a line inside it, printed on one line; anything else (another exception, a hang, a crash) fails.
"""

from __future__ import annotations

import difflib
import faulthandler
import os
import re
import shutil
import signal
import sys
import time
import traceback
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from hypothesis import strategies as st

from portal.checks.live_links.settings import load_settings
from portal.model.loader import load_guidance
from portal.source.errors import DataErrors

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_LOCAL = ROOT / "examples" / "sample-fork" / "local"
MINIMAL_DATA = ROOT / "tests" / "fixtures" / "minimal" / "data"

# One case may take this much of the process's CPU time (not the wall clock, which parallel test workers
# and other programs stretch on a busy machine) ...
TIME_LIMIT_SECONDS = 3.0
# ... a case still running after this is interrupted by a signal, so a hang fails instead of blocking CI ...
HARD_LIMIT_SECONDS = 15.0
# ... and one stuck in C code, where no signal gets through, ends the whole run with every thread's stack.
LAST_RESORT_SECONDS = 60.0
# The memory a case may use on top of what the run had when the fuzz tests started (Linux and macOS).
MEMORY_MARGIN_BYTES = 4 * 1024**3
# Where that stack goes: pytest's copy of the real stderr (test_fuzz.py sets it; output a test prints is captured).
CRASH_OUTPUT: dict[str, int] = {}
# For `dev.py fuzz`: each case's input is written here before it runs, to name the case that stopped a run.
CURRENT_CASE = os.environ.get("PORTAL_FUZZ_REPORT", "") and os.environ["PORTAL_FUZZ_REPORT"] + ".current"


# ---- The copy of the shipped files ----


def _files(folder: Path, prefix: str, pattern: str = "*") -> dict[str, bytes]:
    return {
        f"{prefix}{p.relative_to(folder).as_posix()}": p.read_bytes()
        for p in sorted(folder.rglob(pattern))
        if p.is_file()
    }


# Every YAML file the loaders read, by its path in the copy: data/..., local/... (the sample hosted
# copy's), linkcheck.yml. Drawn cases mutate these.
SHIPPED = {**_files(ROOT / "data", "data/"), **_files(SAMPLE_LOCAL, "local/", "*.yml")}
SHIPPED["linkcheck.yml"] = (ROOT / "linkcheck.yml").read_bytes()
# The tests' minimal data set, under minimal/data/ in the copy: it loads in a hundredth of a second,
# against a third for the shipped data, so the catalogue's many fixed cases use it for upstream files.
ORIGINALS = {**SHIPPED, **_files(MINIMAL_DATA, "minimal/data/")}
DATA_FILES = sorted(name for name in SHIPPED if name.startswith("data/"))
LOCAL_FILES = sorted(name for name in SHIPPED if name.startswith("local/"))
ALL_FILES = sorted(SHIPPED)


def make_tree(target: Path) -> Path:
    """The copy every case edits in place: data/, local/ (the sample), linkcheck.yml and minimal/data/."""
    shutil.copytree(ROOT / "data", target / "data")
    shutil.copytree(SAMPLE_LOCAL, target / "local")
    shutil.copy2(ROOT / "linkcheck.yml", target / "linkcheck.yml")
    shutil.copytree(MINIMAL_DATA, target / "minimal" / "data")
    return target


def changed_files(tree: Path) -> list[str]:
    """Files of the copy that no longer match the originals (a case that was not undone)."""
    return [name for name, content in ORIGINALS.items() if (tree / name).read_bytes() != content]


def base_of(tree: Path, name: str) -> Path:
    """The project folder a file of the copy belongs to: the one its errors are named relative to."""
    return tree / "minimal" if name.startswith("minimal/") else tree


# Named files in the copy that the catalogue writes over.
TARGETS = {
    "item": "minimal/data/risks/fixture-risk.yml",
    "site": "minimal/data/site.yml",
    "glossary": "minimal/data/glossary.yml",
    "local-item": "local/data/faqs/exampleshire-making-a-referral.yml",
    "local-extends": "local/data/faqs/lado-and-when-to-contact.yml",
    "profile": "local/profile.yml",
    # The upstream item that local-extends extends: written over, it is the base of a merge.
    "extended": "data/faqs/lado-and-when-to-contact.yml",
    "linkcheck": "linkcheck.yml",
}


# ---- Running one case and checking the property ----


class CaseTimedOut(Exception):
    """Raised by the hard time limit's signal inside a case that never finished."""


class PropertyBroken(AssertionError):
    """The loader raised DataErrors, but one of them does not name a file and a line of the copy."""


@contextmanager
def hard_time_limit(described: str, seconds: float = HARD_LIMIT_SECONDS) -> Iterator[None]:
    """Interrupt the case with CaseTimedOut after `seconds`; stop the process if even that cannot get through."""
    if CURRENT_CASE:
        Path(CURRENT_CASE).write_text(described, encoding="utf-8", errors="backslashreplace")
    if not hasattr(signal, "setitimer"):  # no SIGALRM on Windows: only the CPU-time check after the case
        yield
        return

    armed = [True]

    def interrupt(signum: int, frame: object) -> None:
        if armed[0]:
            raise CaseTimedOut(f"no answer after {seconds:g} s (hard time limit)")

    previous = signal.signal(signal.SIGALRM, interrupt)
    # Again every second after the first: an interrupt that lands in a garbage collector callback
    # (Hypothesis installs one to time collections) is swallowed there, and the case would run on.
    signal.setitimer(signal.ITIMER_REAL, seconds, 1.0)
    try:
        faulthandler.dump_traceback_later(LAST_RESORT_SECONDS, exit=True, file=CRASH_OUTPUT.get("fd", sys.stderr))
    except (AttributeError, ValueError, OSError):  # a stderr without a file descriptor (pytest --capture=sys)
        pass
    try:
        yield
    finally:
        armed[0] = False
        signal.setitimer(signal.ITIMER_REAL, 0)
        faulthandler.cancel_dump_traceback_later()
        signal.signal(signal.SIGALRM, previous)


def run_loader(tree: Path, name: str, with_local: bool = True) -> None:
    """The real loader for file `name` of the copy: load_settings for linkcheck.yml, else load_guidance."""
    if name == "linkcheck.yml":
        load_settings(tree / "linkcheck.yml")
    elif name.startswith("minimal/"):
        load_guidance(tree / "minimal" / "data")
    else:
        local = tree / "local" if with_local or name.startswith("local/") else None
        load_guidance(tree / "data", local_dir=local)


# Characters after which a terminal starts a new line, or that it acts on instead of printing.
_NOT_ONE_LINE = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029]")


def check_errors(base: Path, errors: DataErrors) -> None:
    """Every error names a path under `base`, a line inside that file, and prints as one plain line."""
    assert errors.errors, "DataErrors raised with no error in it"
    for error in errors.errors:
        text = str(error)
        if not error.file or os.path.isabs(error.file) or ".." in Path(error.file).parts:
            raise PropertyBroken(f"error does not name a file of the copy by its relative path: {text!r}")
        path = base / error.file
        if not os.path.lexists(path):
            raise PropertyBroken(f"error names a file that does not exist in the copy: {text!r}")
        if not isinstance(error.line, int) or isinstance(error.line, bool):
            raise PropertyBroken(f"line is not a whole number ({error.line!r}): {text!r}")
        if path.is_file():  # a link to a file counts as that file
            content = path.read_bytes()
            # Generous: a line may end with \n, \r\n or \r, so count the most lines any editor could see.
            lines = max(content.count(b"\n"), content.count(b"\r")) + 1
            if not 1 <= error.line <= lines + 1:
                raise PropertyBroken(f"line {error.line} is outside the file ({lines} lines): {text!r}")
        elif error.line != 1:
            raise PropertyBroken(f"line {error.line} given for something that is not a file: {text!r}")
        if _NOT_ONE_LINE.search(text) or "Traceback" in text:
            raise PropertyBroken(f"error does not print as one plain line: {text!r}")
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:
            raise PropertyBroken(f"error cannot be printed as UTF-8: {text!r}") from None


@dataclass
class Stats:
    """Cases tried and failed in this run, each failure under a short signature with its smallest input."""

    tried: Counter[str] = field(default_factory=Counter)
    failed: Counter[str] = field(default_factory=Counter)
    failures: dict[str, dict[str, object]] = field(default_factory=dict)

    def record(self, test: str, described: str, failure: BaseException | None, seconds: float) -> None:
        self.tried[test] += 1
        if seconds > TIME_LIMIT_SECONDS and failure is None:
            failure = CaseTimedOut(f"took {seconds:.1f} s, over the {TIME_LIMIT_SECONDS:g} s limit")
        if failure is None:
            return
        self.failed[test] += 1
        key = signature(failure)
        seen = self.failures.setdefault(key, {"count": 0, "input": described, "tests": []})
        seen["count"] = int(str(seen["count"])) + 1
        if len(described) < len(str(seen["input"])):
            seen["input"] = described
        tests = seen["tests"]
        assert isinstance(tests, list)
        if test not in tests:
            tests.append(test)

    def as_json(self) -> dict[str, object]:
        return {
            "tried": sum(self.tried.values()),
            "failed": sum(self.failed.values()),
            "by_test": {test: {"tried": self.tried[test], "failed": self.failed[test]} for test in sorted(self.tried)},
            "failures": self.failures,
        }


STATS = Stats()


def signature(failure: BaseException) -> str:
    """What kind of failure, and where: the exception and the innermost project frame, then the raising frame."""
    if isinstance(failure, CaseTimedOut):
        text = str(failure)
        kind = "hard time limit" if "hard time limit" in text else f"slower than {TIME_LIMIT_SECONDS:g} s"
        # Where a runaway case was stopped, by function: the line varies with the moment the signal came.
        place = text.split(", stopped at ", 1)[1].split(", raised in")[0] if ", stopped at " in text else ""
        return f"CaseTimedOut ({kind})" + (f" in {re.sub(r':[0-9]+', '', place)}" if place else "")
    if isinstance(failure, PropertyBroken):
        message = str(failure).split(":", 1)[0]
        return f"PropertyBroken: {re.sub(r'[0-9.]+', 'N', message)}"
    return f"{type(failure).__name__} at {where(failure)}"


def where(failure: BaseException) -> str:
    """The innermost frame of the project's code that the exception passed through, then where it was raised."""
    frames = traceback.extract_tb(failure.__traceback__)
    ours = [f for f in frames if "/portal/" in f.filename]
    places = []
    if ours:
        places.append(f"{_short(ours[-1].filename)}:{ours[-1].lineno} ({ours[-1].name})")
    if frames and (not ours or frames[-1] is not ours[-1]):
        places.append(f"raised in {_short(frames[-1].filename)}:{frames[-1].lineno}")
    return ", ".join(places or ["?"])


def _short(filename: str) -> str:
    for marker in ("/portal/", "/site-packages/", "/lib/python3"):
        if marker in filename:
            return marker.strip("/").split("/")[-1] + "/" + filename.split(marker, 1)[1]
    return filename


def check_case(test: str, tree: Path, name: str, described: str, with_local: bool = True) -> None:
    """Run the loader for the file as it is now; fail, with `described` attached, unless the property holds in time."""
    started = time.process_time()
    failure: BaseException | None = None
    runaway, timed_out = "", False
    try:
        with hard_time_limit(described):
            try:
                run_loader(tree, name, with_local)
            except DataErrors as errors:
                check_errors(base_of(tree, name), errors)
        seconds = time.process_time() - started
        if seconds > TIME_LIMIT_SECONDS:
            raise CaseTimedOut(f"took {seconds:.1f} s, over the {TIME_LIMIT_SECONDS:g} s limit")
    except (CaseTimedOut, MemoryError) as caught:
        # Raised again below, outside this block, without the frames of the runaway case: Hypothesis
        # keeps failures while it shrinks, and they would keep everything that case built up.
        runaway = f"{caught}, stopped at {where(caught)}" if "hard time limit" in str(caught) else str(caught)
        timed_out = isinstance(caught, CaseTimedOut)
    except (Exception, SystemExit) as caught:  # anything but DataErrors is a failure (SystemExit: a tag ran code)
        failure = caught
        caught.add_note(f"fuzz input: {described}")
        raise
    finally:
        if not runaway:
            STATS.record(test, described, failure, time.process_time() - started)
    if runaway:
        failure = CaseTimedOut(runaway) if timed_out else MemoryError(runaway)
        STATS.record(test, described, failure, time.process_time() - started)
        failure.add_note(f"fuzz input: {described}")
        raise failure


@contextmanager
def written(tree: Path, name: str, content: bytes) -> Iterator[Path]:
    """File `name` of the copy holds `content` inside the block, and its shipped content again after it."""
    path = tree / name
    try:
        path.write_bytes(content)
        yield path
    finally:
        path.write_bytes(ORIGINALS[name])


def show(content: bytes, original: bytes, limit: int = 30) -> str:
    """A short diff of a mutated file against the shipped one, for the failure report."""
    old = original.decode("utf-8", "backslashreplace").splitlines()
    new = content.decode("utf-8", "backslashreplace").splitlines()
    diff = [line[:200] for line in difflib.unified_diff(old, new, "shipped", "mutated", n=1, lineterm="")]
    return "\n".join(diff[:limit] + ([f"... {len(diff) - limit} more diff lines"] if len(diff) > limit else []))


def clip(value: object, limit: int = 80) -> str:
    text = repr(value)
    return text if len(text) <= limit else f"{text[: limit - 20]}...<{len(text)} chars>"


# ---- Mutations of a shipped file (drawn by Hypothesis) ----


@dataclass(frozen=True)
class Mutation:
    """One edit of a file's bytes; its repr is what a failure report shows."""

    kind: str
    apply: Callable[[bytes], bytes] = field(repr=False, compare=False)
    detail: str = ""

    def __repr__(self) -> str:
        return f"{self.kind}({self.detail})"


# Bytes and snippets that mean something to YAML, to a decoder or to a terminal.
SNIPPETS = [
    b"\x00",
    b"\t",
    b"\r",
    b"\r\n",
    b"\n",
    b" ",
    b"\xef\xbb\xbf",
    b"\xff",
    b"\xc3",
    b"\xed\xa0\x80",
    b"\xc2\x85",
    b"\xe2\x80\xa8",
    b"\xe2\x80\xae",
    b"\xe2\x80\x8b",
    b"\x1b[2J",
    b":",
    b": ",
    b"- ",
    b"? ",
    b"<<: ",
    b"&a ",
    b"*a",
    b"!",
    b"!!",
    b"!!python/object/apply:sys.exit [99]",
    b"!!binary ",
    b"!!timestamp ",
    b"!!float ",
    b"!!set ",
    b"[",
    b"]",
    b"{",
    b"}",
    b",",
    b"'",
    b'"',
    b"#",
    b"|",
    b">",
    b"%",
    b"@",
    b"`",
    b"---\n",
    b"...\n",
    b"\\",
    b'"\\x1b',
    b'"\\ud800"',
]

# Values that replace a scalar after `key: ` or `- `.
HOSTILE_VALUES = [
    "~",
    "null",
    "yes",
    "no",
    "on",
    "true",
    "1e999",
    "-.inf",
    ".nan",
    "-0",
    "0x" + "f" * 5000,
    "0b" + "1" * 20000,
    "0o" + "7" * 5000,
    "9" * 5000,
    "-" + "9" * 4301,
    ":".join(["59"] * 2000),
    "1_000",
    "0o777",
    "1:30",
    "2026-02-30",
    "2026-13-01",
    "0000-00-00",
    "99999-01-01",
    "2026-02-30T25:61:61Z",
    "2026-01-01 00:00:00",
    "!!binary aGVsbG8=",
    "!!binary '!!!'",
    "!!timestamp 2026-02-30",
    "!!timestamp abc",
    "!!float abc",
    "!!float ''",
    "!!int abc",
    "!!int ''",
    "!!int 0b",
    "!!int '1:'",
    "!!bool maybe",
    "!!null x",
    "!!set {a, b}",
    "!!omap [a: 1]",
    "!!omap {a: 1}",
    "!!pairs [a: 1]",
    "!!map x",
    "!!seq x",
    "!!str",
    "!!python/object/apply:sys.exit [99]",
    "!!python/name:sys.exit",
    "!!python/object/new:sys.exit [99]",
    "!foo bar",
    "!<tag:example.com,2000:x> y",
    "&a x",
    "*a",
    "*undefined",
    "&a [*a]",
    "[",
    "{",
    "]",
    "'",
    '"',
    "|",
    ">",
    "|-",
    "- a",
    "? a",
    ": a",
    "<<: x",
    "@x",
    "`x",
    "%TAG",
    "[" * 60 + "]" * 60,
    "{a: " * 60 + "1" + "}" * 60,
    "[" * 5000,
    "{a: {b: {c: {}}}}",
    "[1, 2, 3]",
    "{}",
    "[]",
    '""',
    "''",
    '"\\0"',
    '"\\x1b[2J"',
    '"line\\nbreak"',
    '"\\u2028"',
    '"\\u202e"',
    '"\\ud800"',
    '"\\U0001F600"',
    "x\u200by",
    "\u202egnp.exe",
    "\ufeff",
    "\u00ad",
    "javascript:alert(1)",
    "<script>alert(1)</script>",
    "https://",
    "http://[::1",
    "http://exa mple.com",
    "https://example.org/" + "a" * 5000,
    "mailto:",
    "../../../../etc/passwd",
    "/etc/passwd",
    "a" * 300,
    "a" * 100_000,
    "\u00e9" * 1000,
    "\U0001f600" * 100,
    "\t",
    "x\ty",
    "x\x00y",
    "x\x1by",
    "x\x7fy",
    "x\x85y",
    "x\u2028y",
    "x\u2029y",
    "{? [a, b]: c}",
    "{[a]: b}",
    "{~: a}",
    "{1: a}",
    "{=: a}",
    "{<<: a}",
]

_VALUE_LINE = re.compile(rb"^([ \t]*(?:- )?(?:[A-Za-z_][\w-]*: |- ))(.*?)(\r?)$")
_KEY_LINE = re.compile(rb"^([ \t]*(?:- )?)([A-Za-z_][\w-]*)(:.*)$", re.DOTALL)

# Keys that replace a field name: YAML's odd ones, and every field name used anywhere in the shipped
# files (a field moved to the wrong kind of file, or to the wrong depth).
HOSTILE_KEYS = ["<<", "=", "? [a, b]", "~", "null", "true", "1", "1.5", "2026-01-01", '"a\\nb"', '"\\x1b[2J"']
HOSTILE_KEYS += [
    "&a k",
    "*a",
    "!!binary aGk=",
    "!!python/name:sys.exit",
    "[a]",
    "{a: 1}",
    "",
    "-",
    "'k'",
    "k k",
    "k #x",
]
FIELD_NAMES = sorted(
    {key.decode() for content in SHIPPED.values() for key in re.findall(rb"^[ -]*([a-z_]+):", content, re.MULTILINE)}
)


def _lines(content: bytes) -> list[bytes]:
    return content.splitlines(keepends=True)


@st.composite
def mutation(draw: st.DrawFn, content: bytes) -> Mutation:
    """One random edit of `content`."""
    size = len(content)
    lines = _lines(content)
    kinds = ["flip", "insert", "delete", "truncate", "line-delete", "line-duplicate", "line-swap", "indent", "value"]
    kinds += ["value", "value", "key", "key", "splice", "endings"]  # values and fields are where editors err
    kind = draw(st.sampled_from(kinds))
    if kind == "flip" and size:
        at, byte = draw(st.integers(0, size - 1)), draw(st.integers(0, 255))
        return Mutation(kind, lambda c: c[:at] + bytes([byte]) + c[at + 1 :], f"at={at}, byte=0x{byte:02x}")
    if kind == "insert":
        at = draw(st.integers(0, size))
        data = draw(st.sampled_from(SNIPPETS) | st.binary(min_size=1, max_size=8))
        return Mutation(kind, lambda c: c[:at] + data + c[at:], f"at={at}, data={clip(data)}")
    if kind == "delete" and size:
        at, count = draw(st.integers(0, size - 1)), draw(st.integers(1, 64))
        return Mutation(kind, lambda c: c[:at] + c[at + count :], f"at={at}, count={count}")
    if kind == "truncate":
        at = draw(st.integers(0, size))
        return Mutation(kind, lambda c: c[:at], f"at={at}")
    if kind.startswith("line-") and lines:
        n = draw(st.integers(0, len(lines) - 1))
        if kind == "line-delete":
            return Mutation(kind, lambda c: b"".join(_lines(c)[:n] + _lines(c)[n + 1 :]), f"line={n + 1}")
        if kind == "line-duplicate":
            return Mutation(kind, lambda c: b"".join(_lines(c)[: n + 1] + _lines(c)[n:]), f"line={n + 1}")
        m = draw(st.integers(0, len(lines) - 1))

        def swap(c: bytes) -> bytes:
            parts = _lines(c)
            parts[n], parts[m] = parts[m], parts[n]
            return b"".join(parts)

        return Mutation(kind, swap, f"lines={n + 1},{m + 1}")
    if kind == "indent" and lines:
        n = draw(st.integers(0, len(lines) - 1))
        how = draw(st.sampled_from(["+1", "+2", "+4", "-1", "-2", "-all", "tab-for-2", "+tab", "tab-after-colon"]))

        def indent(c: bytes) -> bytes:
            parts = _lines(c)
            line = parts[n]
            stripped = line.lstrip(b" ")
            spaces = len(line) - len(stripped)
            if how.startswith("+") and how != "+tab":
                line = b" " * int(how[1:]) + line
            elif how in ("-1", "-2"):
                line = b" " * max(0, spaces - int(how[1:])) + stripped
            elif how == "-all":
                line = stripped
            elif how == "tab-for-2":
                line = b"\t" * (spaces // 2) + b" " * (spaces % 2) + stripped
            elif how == "+tab":
                line = b"\t" + line
            else:
                line = line.replace(b": ", b":\t", 1)
            parts[n] = line
            return b"".join(parts)

        return Mutation(kind, indent, f"line={n + 1}, how={how}")
    if kind == "value":
        candidates = [i for i, line in enumerate(lines) if _VALUE_LINE.match(line.rstrip(b"\n"))]
        if candidates:
            n = draw(st.sampled_from(candidates))
            value = draw(
                st.sampled_from(HOSTILE_VALUES)
                | st.text(max_size=40)
                | st.integers().map(str)
                | st.floats().map(str)
                | st.dates().map(str)
            )
            encoded = value.encode("utf-8", "surrogatepass")

            def replace(c: bytes) -> bytes:
                parts = _lines(c)
                line = parts[n].rstrip(b"\n")
                match = _VALUE_LINE.match(line)
                if match is None:  # an earlier mutation changed this line: put the value at its end
                    parts[n] = line + b" " + encoded + b"\n"
                else:
                    parts[n] = match.group(1) + encoded + match.group(3) + b"\n"
                return b"".join(parts)

            return Mutation(kind, replace, f"line={n + 1}, value={clip(value)}")
    if kind == "key":
        candidates = [i for i, line in enumerate(lines) if _KEY_LINE.match(line)]
        if candidates:
            n = draw(st.sampled_from(candidates))
            key = draw(st.sampled_from(HOSTILE_KEYS) | st.sampled_from(FIELD_NAMES) | st.text(max_size=20))
            new_key = key.encode("utf-8", "surrogatepass")

            def rename(c: bytes) -> bytes:
                parts = _lines(c)
                match = _KEY_LINE.match(parts[n])
                if match is not None:
                    parts[n] = match.group(1) + new_key + match.group(3)
                return b"".join(parts)

            return Mutation(kind, rename, f"line={n + 1}, key={clip(key)}")
    if kind == "splice":
        other = draw(st.sampled_from(ALL_FILES))
        donor = _lines(SHIPPED[other])
        start = draw(st.integers(0, max(0, len(donor) - 1)))
        count = draw(st.integers(1, 8))
        at = draw(st.integers(0, len(lines)))
        block = b"".join(donor[start : start + count])

        def splice(c: bytes) -> bytes:
            parts = _lines(c)
            return b"".join(parts[:at] + [block] + parts[at:])

        return Mutation(kind, splice, f"at line {at + 1}, {other} lines {start + 1}-{start + count}")
    if kind == "endings":
        how = draw(st.sampled_from(["crlf", "cr", "bom", "two-boms", "no-final-newline", "mixed"]))

        def endings(c: bytes) -> bytes:
            if how == "crlf":
                return c.replace(b"\n", b"\r\n")
            if how == "cr":
                return c.replace(b"\n", b"\r")
            if how == "bom":
                return b"\xef\xbb\xbf" + c
            if how == "two-boms":
                return b"\xef\xbb\xbf\xef\xbb\xbf" + c
            if how == "no-final-newline":
                return c.rstrip(b"\n")
            return b"".join(line.replace(b"\n", b"\r\n") if i % 2 else line for i, line in enumerate(_lines(c)))

        return Mutation(kind, endings, f"how={how}")
    at = draw(st.integers(0, size))  # an edit that did not fit this content (an empty file): truncate instead
    return Mutation("truncate", lambda c: c[:at], f"at={at}")


@dataclass(frozen=True)
class MutatedFile:
    """A shipped file after one to three mutations; the repr is the recipe, `content` the result."""

    name: str
    mutations: tuple[Mutation, ...]
    content: bytes = field(repr=False)

    def describe(self) -> str:
        return f"{self.name} after {', '.join(map(repr, self.mutations))}"


@st.composite
def mutated_files(draw: st.DrawFn, names: list[str]) -> MutatedFile:
    """One shipped file, picked from `names`, with one to three mutations applied in turn."""
    name = draw(st.sampled_from(names))
    content = SHIPPED[name]
    done = []
    for _ in range(draw(st.integers(1, 3))):
        step = draw(mutation(content))
        content = step.apply(content)
        done.append(step)
    return MutatedFile(name, tuple(done), content)


# ---- The catalogue of hostile YAML ----


@dataclass(frozen=True)
class Hostile:
    """A hostile file: `make` turns the target's shipped content into it. `targets` are keys of TARGETS."""

    name: str
    make: Callable[[bytes], bytes] = field(repr=False)
    targets: tuple[str, ...] = ("item", "linkcheck")


def whole(text: str | bytes) -> Callable[[bytes], bytes]:
    content = text.encode("utf-8") if isinstance(text, str) else text
    return lambda _original: content


def set_field(key: str, value: str) -> Callable[[bytes], bytes]:
    """Give top-level field `key` this raw value (replacing its line, or adding it at the end)."""
    encoded = value.encode("utf-8", "surrogatepass")
    pattern = re.compile(rb"^" + re.escape(key.encode()) + rb":.*$", re.MULTILINE)

    def make(original: bytes) -> bytes:
        line = key.encode() + b": " + encoded
        if pattern.search(original):
            return pattern.sub(lambda _match: line, original, count=1)
        return original.rstrip(b"\n") + b"\n" + line + b"\n"

    return make


def number_field(value: str) -> Callable[[bytes], bytes]:
    """A whole-number field of the target: review_interval_months in data, concurrency in linkcheck.yml."""
    items, settings = set_field("review_interval_months", value), set_field("concurrency", value)
    return lambda original: (settings if b"\nconcurrency:" in original else items)(original)


def date_field(value: str) -> Callable[[bytes], bytes]:
    return set_field("reviewed", value)


def transform(edit: Callable[[bytes], bytes]) -> Callable[[bytes], bytes]:
    return edit


LAUGHS = "".join(
    f"{chr(ord('a') + level)}: &{chr(ord('a') + level)} ["
    + ", ".join(['"lol"'] * 9 if level == 0 else [f"*{chr(ord('a') + level - 1)}"] * 9)
    + "]\n"
    for level in range(9)
)
LAUGHS_LIST = "".join(
    "- &l" + str(level) + " [" + ", ".join(['"lol"'] * 9 if level == 0 else [f"*l{level - 1}"] * 9) + "]\n"
    for level in range(9)
)
# The shipped local/ loads with all the shipped data, a third of a second: fixed cases use it sparingly.
EVERY_TARGET = ("item", "site", "glossary", "linkcheck")
LOCAL = ("local-extends",)

CATALOGUE = [
    # Tags that would build Python objects, and odd scalar tags.
    Hostile("python-object-apply", whole("id: !!python/object/apply:sys.exit [99]\n")),
    Hostile("python-object-apply-top", whole("!!python/object/apply:sys.exit [99]\n")),
    Hostile("python-object-new", whole("id: !!python/object/new:sys.exit [99]\n")),
    Hostile("python-name", whole("id: !!python/name:sys.exit\n")),
    Hostile("python-module", whole("id: !!python/module:os\n")),
    Hostile("python-object-mapping", whole("!!python/object:os.system\nargs: [echo]\n")),
    Hostile("binary", set_field("title", "!!binary aGVsbG8=")),
    Hostile("binary-invalid", set_field("title", "!!binary '!!!'")),
    Hostile("binary-key", whole("!!binary aGk=: x\n")),
    Hostile("timestamp-impossible", date_field("!!timestamp 2026-02-30")),
    Hostile("timestamp-not-a-date", date_field("!!timestamp abc")),
    Hostile("float-abc", number_field("!!float abc")),
    Hostile("float-empty", number_field("!!float ''")),
    Hostile("int-abc", number_field("!!int abc")),
    Hostile("int-empty", number_field("!!int ''")),
    Hostile("int-bare-prefix", number_field("!!int 0b")),
    Hostile("int-sexagesimal-empty", number_field("!!int '1:'")),
    Hostile("bool-maybe", set_field("title", "!!bool maybe")),
    Hostile("null-tag", set_field("title", "!!null x")),
    Hostile("set", set_field("title", "!!set {a, b}")),
    Hostile("set-key", whole("? !!set {a, b}\n: x\n")),
    Hostile("omap", set_field("title", "!!omap [a: 1, b: 2]")),
    Hostile("omap-not-a-list", set_field("title", "!!omap {a: 1}")),
    Hostile("pairs", set_field("title", "!!pairs [a: 1, a: 2]")),
    Hostile("map-tag-on-text", set_field("title", "!!map x")),
    Hostile("seq-tag-on-text", set_field("title", "!!seq x")),
    Hostile("str-tag-on-mapping", set_field("title", "!!str {a: 1}")),
    Hostile("custom-tag", set_field("title", "!foo bar")),
    Hostile("custom-tag-top", whole("!foo\nid: x\n")),
    Hostile("verbatim-tag", set_field("title", "!<tag:example.com,2000:x> y")),
    Hostile("tag-directive", whole("%TAG !e! tag:example.com,2000:\n---\nid: !e!x y\n")),
    Hostile("yaml-directive-2", whole("%YAML 2.0\n---\nid: x\n")),
    Hostile("yaml-directive-twice", whole("%YAML 1.1\n%YAML 1.1\n---\nid: x\n")),
    # Aliases and anchors, merge keys.
    Hostile("alias", whole("a: &x 1\nb: *x\n")),
    Hostile("alias-undefined", whole("a: *nope\n")),
    Hostile("alias-recursive", whole("a: &x [*x]\n")),
    Hostile("alias-recursive-mapping", whole("&x {a: *x}\n")),
    Hostile("anchor-duplicate", whole("a: &x 1\nb: &x 2\nc: *x\n")),
    Hostile("alias-as-key", whole("a: &k id\n*k : x\n")),
    Hostile("billion-laughs", whole(LAUGHS)),
    Hostile("billion-laughs-list", whole(LAUGHS_LIST)),
    Hostile("billion-laughs-at-the-end", transform(lambda c: c.rstrip(b"\n") + b"\nx-laughs:\n" + LAUGHS.encode())),
    Hostile("merge-key", whole("base: &b {x: 1}\nother:\n  <<: *b\n")),
    Hostile("merge-key-inline", whole("<<: {id: x}\n")),
    Hostile("merge-key-list", whole("a: &a {x: 1}\nb: &b {y: 1}\nc: {<<: [*a, *b]}\n")),
    Hostile("merge-key-scalar", whole("<<: 1\n")),
    # Keys that are not text, or not plain.
    Hostile("complex-key-list", whole("? [a, b]\n: c\n")),
    Hostile("complex-key-flow", whole("{[a, b]: c}\n")),
    Hostile("complex-key-mapping", whole("? {a: 1}\n: c\n")),
    Hostile("key-null", whole("~: x\nnull: y\n")),
    Hostile("key-bool", whole("true: x\nyes: y\n")),
    Hostile("key-int", whole("1: x\n")),
    Hostile("key-float", whole("1.5: x\n")),
    Hostile("key-huge-int", whole("9" * 5000 + ": x\n")),
    Hostile("key-value-tag", whole("=: x\n")),
    Hostile("key-merge-alone", whole("<<: x\n")),
    Hostile("key-empty", whole(": x\n")),
    Hostile("key-date", whole("2026-01-01: x\n")),
    Hostile("key-newline", transform(lambda c: c + b'"line\\nbreak": x\n'), EVERY_TARGET),
    Hostile("key-escape", transform(lambda c: c + b'"\\x1b[2J\\x1b[31m": x\n'), EVERY_TARGET),
    Hostile("key-line-separator", transform(lambda c: c + b'"a\\u2028b": x\n')),
    Hostile("key-zero-width", transform(lambda c: c.replace(b"\nid:", b"\ni\xe2\x80\x8bd:", 1)), EVERY_TARGET),
    Hostile("key-very-long", transform(lambda c: c + b"k" * 100_000 + b": x\n")),
    Hostile("duplicate-keys", transform(lambda c: c + c)),
    # Not a mapping at the top.
    Hostile("top-list", whole("- a\n- b\n"), (*EVERY_TARGET, "profile", "local-item", "extended")),
    Hostile("top-text", whole("hello\n"), (*EVERY_TARGET, "extended")),
    Hostile("top-int", whole("42\n"), ("item", "linkcheck", "extended")),
    Hostile("top-null", whole("~\n"), (*EVERY_TARGET, "profile", "local-item", "extended")),
    Hostile("top-null-tag", whole("!!null\n")),
    Hostile("empty", whole(""), (*EVERY_TARGET, "profile", "local-item")),
    Hostile("comment-only", whole("# nothing here\n"), EVERY_TARGET),
    Hostile("whitespace-only", whole("  \n\t\n \n")),
    Hostile("document-start-only", whole("---\n")),
    Hostile("document-end-only", whole("...\n")),
    # Several documents.
    Hostile("two-documents", transform(lambda c: c + b"---\nid: second\n"), EVERY_TARGET),
    Hostile("two-documents-empty", whole("---\n---\n")),
    Hostile("document-end-then-more", transform(lambda c: c + b"...\n---\nid: x\n")),
    Hostile("three-scalar-documents", whole("--- a\n--- b\n--- c\n")),
    # Encodings, BOM, NUL, line ends, tabs.
    Hostile("bom", transform(lambda c: b"\xef\xbb\xbf" + c), EVERY_TARGET),
    Hostile("two-boms", transform(lambda c: b"\xef\xbb\xbf\xef\xbb\xbf" + c)),
    Hostile("bom-in-the-middle", transform(lambda c: c.replace(b"\n", b"\n\xef\xbb\xbf", 3))),
    Hostile("utf16", transform(lambda c: b"\xff\xfe" + c.decode("utf-8").encode("utf-16-le"))),
    Hostile("utf32", transform(lambda c: c.decode("utf-8").encode("utf-32"))),
    Hostile("latin1", transform(lambda c: c + b"title2: caf\xe9\n")),
    Hostile("invalid-utf8-ff", transform(lambda c: c[:50] + b"\xff" + c[50:])),
    Hostile("invalid-utf8-overlong", transform(lambda c: c + b"x: \xc0\xaf\n")),
    Hostile("invalid-utf8-surrogate", transform(lambda c: c + b"x: \xed\xa0\x80\n")),
    Hostile("invalid-utf8-truncated", transform(lambda c: c + b"x: \xe2\x82")),
    Hostile("nul-in-value", transform(lambda c: c.replace(b": ", b": a\x00b", 2))),
    Hostile("nul-first", transform(lambda c: b"\x00" + c), EVERY_TARGET),
    Hostile("nuls-only", whole(b"\x00" * 1000)),
    Hostile("nul-escape", set_field("title", '"a\\0b"')),
    Hostile("crlf", transform(lambda c: c.replace(b"\n", b"\r\n")), EVERY_TARGET),
    Hostile("cr-only", transform(lambda c: c.replace(b"\n", b"\r")), EVERY_TARGET),
    Hostile("mixed-line-ends", transform(lambda c: c.replace(b"\n", b"\r\n", 5).replace(b"\n", b"\r", 5))),
    Hostile("nel-line-ends", transform(lambda c: c.replace(b"\n", b"\xc2\x85"))),
    Hostile("line-separator-ends", transform(lambda c: c.replace(b"\n", b"\xe2\x80\xa8"))),
    Hostile("tab-indent", transform(lambda c: c.replace(b"\n  ", b"\n\t"))),
    Hostile("tab-before-key", transform(lambda c: b"\t" + c)),
    Hostile("tab-after-colon", transform(lambda c: c.replace(b": ", b":\t"))),
    Hostile("tab-after-dash", transform(lambda c: c.replace(b"- ", b"-\t"))),
    # Control, bidirectional and zero-width characters.
    Hostile("control-raw", transform(lambda c: c.replace(b": ", b": \x01\x02\x1b[31m", 3))),
    Hostile("control-escaped", set_field("title", '"\\x1b[2J\\a\\b\\e"')),
    Hostile("del-and-c1", set_field("title", '"a\\x7fb\\x9bc"')),
    Hostile("bidi-override", set_field("title", "\u202egnp.exe")),
    Hostile("bidi-isolates", set_field("title", "a\u2066b\u2067c\u2068d\u2069")),
    Hostile("zero-width", set_field("title", "on\u200bline\u200d\u2060ga\ufeffming")),
    Hostile("zero-width-id", set_field("id", "online\u200bgaming"), ("item", "local-item")),
    Hostile("soft-hyphen", set_field("title", "on\u00adline")),
    Hostile("line-separator-in-value", set_field("title", "a\u2028b\u2029c")),
    Hostile("emoji", set_field("title", "\U0001f600" * 200)),
    Hostile("lone-surrogate-escape", set_field("title", '"\\ud800"')),
    # Huge numbers.
    Hostile("int-5000-digits", number_field("9" * 5000), ("item", "linkcheck", "local-item")),
    Hostile("int-negative-huge", number_field("-" + "9" * 4301)),
    Hostile("int-hex-huge", number_field("0x" + "f" * 5000)),
    Hostile("int-binary-huge", number_field("0b" + "1" * 20000)),
    Hostile("int-octal-huge", number_field("0o" + "7" * 5000)),
    Hostile("int-sexagesimal-huge", number_field(":".join(["59"] * 2000))),
    Hostile("float-overflow", number_field("1e99999")),
    Hostile("float-nan", number_field(".nan")),
    Hostile("float-inf", number_field("-.inf")),
    Hostile("int-underscores", number_field("1_2_3")),
    Hostile("int-huge-in-list", transform(lambda c: c + b"x-numbers: [" + b"9" * 5000 + b"]\n")),
    # Impossible dates.
    Hostile("date-feb-30", date_field("2026-02-30"), ("item", "local-item", "glossary")),
    Hostile("date-month-13", date_field("2026-13-01")),
    Hostile("date-zero", date_field("0000-00-00")),
    Hostile("date-year-99999", date_field("99999-01-01")),
    Hostile("date-time-impossible", date_field("2026-02-30T25:61:61Z")),
    Hostile("date-with-time", date_field("2026-01-01 10:00:00")),
    Hostile("date-as-number", date_field("20260101")),
    Hostile("date-as-list", date_field("[2026, 1, 1]")),
    # Deep nesting.
    Hostile("deep-flow-lists", whole("a: " + "[" * 100_000 + "]" * 100_000 + "\n")),
    Hostile("deep-flow-mappings", whole("a: " + "{a: " * 100_000 + "1" + "}" * 100_000 + "\n")),
    Hostile("deep-flow-mixed", whole("a: " + "[{a: " * 20_000 + "1" + "}]" * 20_000 + "\n")),
    Hostile("deep-flow-unclosed", whole("a: " + "[" * 100_000 + "\n")),
    Hostile("deep-flow-just-allowed", whole("a: " + "[" * 49 + "]" * 49 + "\n")),
    Hostile("deep-block-sequences", whole("- " * 5000 + "x\n")),
    Hostile("deep-block-mappings", whole("".join(" " * i + "a:\n" for i in range(1500)) + " " * 1500 + "x\n")),
    Hostile("deep-block-lists", whole("".join(" " * i + "-\n" for i in range(1500)) + " " * 1500 + "x\n")),
    Hostile("deep-in-a-real-field", set_field("also_known_as", "[" * 2000 + "]" * 2000)),
    # Long lines, long values, big files.
    Hostile("long-line-2mb", set_field("description", "a" * 2_000_000)),
    Hostile("long-value-1mb-quoted", set_field("title", '"' + "a" * 1_000_000 + '"')),
    Hostile("file-2mb-list", transform(lambda c: c + b"search_terms:\n" + b"  - term\n" * 200_000)),
    Hostile("file-2mb-comments", transform(lambda c: c + b"# comment\n" * 200_000)),
    Hostile("file-2mb-one-line", whole(b"a" * 2_000_000)),
    Hostile("file-just-under-1mb", transform(lambda c: c + b"# " + b"c" * (1_000_000 - len(c) - 10) + b"\n")),
    Hostile("many-lines-blank", transform(lambda c: c + b"\n" * 500_000)),
    Hostile("many-keys", whole("".join(f"k{i}: v\n" for i in range(90_000))), ("item",)),
    # Local items that extend upstream ones with values that are not text.
    Hostile("extends-list", set_field("extends", "[a, b]"), ("local-extends", "local-item", "profile")),
    Hostile("extends-mapping", set_field("extends", "{a: 1}"), ("local-extends", "local-item")),
    Hostile("extends-int", set_field("extends", "1"), LOCAL),
    Hostile("extends-bool", set_field("extends", "true"), LOCAL),
    Hostile("extends-null", set_field("extends", "~"), LOCAL),
    Hostile("extends-empty-text", set_field("extends", "''"), LOCAL),
    Hostile("extends-float", set_field("extends", "1.5"), LOCAL),
    Hostile("extends-date", set_field("extends", "!!timestamp 2026-01-01"), LOCAL),
    Hostile("extends-binary", set_field("extends", "!!binary aGk="), LOCAL),
    Hostile("extends-nan", set_field("extends", ".nan"), LOCAL),
    Hostile("extends-itself-with-id", transform(lambda c: c + b"id: [x]\n"), ("local-extends",)),
    Hostile("extends-other-collection", set_field("extends", "online-gaming"), ("local-extends",)),
    Hostile(
        "extends-and-hostile-fields", whole("extends: lado-and-when-to-contact\nquestion: [1]\nid: {a: 1}\n"), LOCAL
    ),
    # Profile and site fields that name files, and odd shapes for them.
    Hostile("logo-long-name", set_field("logo", "a" * 300), ("site", "profile")),
    Hostile("logo-very-long-path", set_field("logo", "a/" * 3000 + "x.svg"), ("site", "profile")),
    Hostile("logo-outside", set_field("logo", "../../../../../../etc/passwd"), ("site", "profile")),
    Hostile("logo-absolute", set_field("logo", "/etc/passwd"), ("site",)),
    Hostile("logo-nul", set_field("logo", '"a\\0b.svg"'), ("site", "profile")),
    Hostile("logo-folder", set_field("logo", "."), ("site",)),
    Hostile("colours-list", set_field("colours", "[a, b]"), ("site",)),
    Hostile("colours-not-text", set_field("colours", "{primary: 1, accent: [x]}"), ("site", "profile")),
    Hostile("hide-shapes", set_field("hide", "{resources: 1, risks: {a: 1}}"), ("site",)),
    Hostile("contacts-shapes", set_field("contacts", "[1, {show_on: [x]}, {show_on: {risks: 1}}]"), ("site",)),
    Hostile("help-shapes", set_field("help", "[resource]"), ("site",)),
    Hostile("hosts-shapes", set_field("hosts", "{a: 1, b: [x], ~: {}}"), ("linkcheck",)),
]


# ---- Odd things in the folder itself ----


@dataclass(frozen=True)
class Layout:
    """A change to the copy's folders, made and undone by `apply`; `target` says which loader reads it."""

    name: str
    apply: Callable[[Path], AbstractContextManager[None]] = field(repr=False)
    target: str


def _added(relative: str | bytes, make: Callable[[Path], None]) -> Callable[[Path], AbstractContextManager[None]]:
    @contextmanager
    def apply(tree: Path) -> Iterator[None]:
        base = os.fsencode(tree)
        path = Path(os.fsdecode(os.path.join(base, os.fsencode(relative))))
        try:
            make(path)
            yield
        finally:
            if path.is_symlink() or path.is_file():
                path.unlink()
            elif path.is_dir():
                shutil.rmtree(path)

    return apply


def _replaced(relative: str, make: Callable[[Path], None]) -> Callable[[Path], AbstractContextManager[None]]:
    @contextmanager
    def apply(tree: Path) -> Iterator[None]:
        path = tree / relative
        path.unlink()
        try:
            make(path)
            yield
        finally:
            if path.is_symlink() or path.is_file():
                path.unlink()
            elif path.is_dir():
                shutil.rmtree(path)
            path.write_bytes(ORIGINALS[relative])

    return apply


def _set_aside(relative: str, make: Callable[[Path], None]) -> Callable[[Path], AbstractContextManager[None]]:
    """Move a folder of the copy out of the way, put something else (or nothing) in its place, then undo."""

    @contextmanager
    def apply(tree: Path) -> Iterator[None]:
        path, aside = tree / relative, tree / f".aside-{relative.replace('/', '-')}"
        path.rename(aside)
        try:
            make(path)
            yield
        finally:
            if path.is_file() or path.is_symlink():
                path.unlink()
            aside.rename(path)

    return apply


def _folder(path: Path) -> None:
    path.mkdir()
    (path / "inner.yml").write_text("id: x\n")


def _text(content: str) -> Callable[[Path], None]:
    def make(path: Path) -> None:
        path.write_bytes(content.encode())

    return make


LAYOUTS = [
    Layout("folder-named-like-an-item", _added("minimal/data/risks/folder.yml", _folder), "minimal/data/site.yml"),
    Layout("folder-named-like-a-local-item", _added("local/data/faqs/folder.yml", _folder), "local/profile.yml"),
    Layout("site-is-a-folder", _replaced("minimal/data/site.yml", _folder), "minimal/data/glossary.yml"),
    Layout("profile-is-a-folder", _replaced("local/profile.yml", _folder), "local/profile.yml"),
    Layout("linkcheck-is-a-folder", _replaced("linkcheck.yml", _folder), "linkcheck.yml"),
    Layout(
        "broken-link",
        _added("minimal/data/risks/broken.yml", lambda p: p.symlink_to("nowhere.yml")),
        "minimal/data/site.yml",
    ),
    Layout(
        "link-loop", _added("minimal/data/risks/loop.yml", lambda p: p.symlink_to("loop.yml")), "minimal/data/site.yml"
    ),
    Layout(
        "link-outside",
        _added("minimal/data/risks/outside.yml", lambda p: p.symlink_to("/etc/hostname")),
        "minimal/data/site.yml",
    ),
    Layout(
        "link-to-folder", _added("minimal/data/faqs/dir.yml", lambda p: p.symlink_to("..")), "minimal/data/site.yml"
    ),
    Layout(
        "link-to-device",
        _added("minimal/data/faqs/null.yml", lambda p: p.symlink_to("/dev/null")),
        "minimal/data/site.yml",
    ),
    Layout("linkcheck-broken-link", _replaced("linkcheck.yml", lambda p: p.symlink_to("nowhere")), "linkcheck.yml"),
    Layout("name-with-newline", _added("minimal/data/risks/a\nb.yml", _text("id: a\n")), "minimal/data/site.yml"),
    Layout("name-with-escape", _added("minimal/data/risks/\x1b[2Ja.yml", _text("id: a\n")), "minimal/data/site.yml"),
    Layout("name-not-utf8", _added(b"minimal/data/risks/\xff\xfe.yml", _text("id: a\n")), "minimal/data/site.yml"),
    Layout(
        "name-with-spaces-and-accents",
        _added("minimal/data/risks/ \u00e9t\u00e9 .yml", _text("id: a\n")),
        "minimal/data/site.yml",
    ),
    Layout("name-only-extension", _added("minimal/data/risks/.yml", _text("id: a\n")), "minimal/data/site.yml"),
    Layout("name-uppercase-extension", _added("minimal/data/risks/x.YML", _text("id: x\n")), "minimal/data/site.yml"),
    Layout("nested-folder", _added("minimal/data/risks/sub", _folder), "minimal/data/site.yml"),
    Layout("stray-file", _added("minimal/data/notes.txt", _text("notes\n")), "minimal/data/site.yml"),
    Layout("collection-is-a-file", _set_aside("minimal/data/faqs", _text("id: x\n")), "minimal/data/site.yml"),
    Layout("collection-missing", _set_aside("minimal/data/audiences", lambda path: None), "minimal/data/site.yml"),
]
