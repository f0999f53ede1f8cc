#!/usr/bin/env python3
"""Project tasks with nothing to install first: `python3 dev.py serve` and `python3 dev.py test`.

Each task creates .venv/ on first use, installs the pinned requirements into it (again only when a
requirements file changes), then runs inside it.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")
REQUIREMENTS = ("requirements-test.txt", "requirements.txt", "pyproject.toml")
# The engines an export is built with in the tests, each in its own environment without this project.
ENGINES = ROOT / ".engines"
ENGINE_REQUIREMENTS = {"material": ROOT / "engines" / "material.txt", "zensical": ROOT / "engines" / "zensical.txt"}
ADDRESS = "127.0.0.1:8000"

USAGE = """usage: python3 dev.py COMMAND

  serve   check the data, then build and serve the site at http://127.0.0.1:8000 (reloads on edits)
  test    run the whole test suite in parallel workers (extra arguments go to pytest; -n 0 for one process)
  check   check every data file and print each problem with file, line and field; with --since REF
          also fail if an item's guidance changed since git revision REF without a new change note
  build   check, build the site into site/ and check its internal links (the previous site/ is kept
          if anything fails)
  links   check every external address in the data over the internet; reports in linkcheck-report/
  export DIR  write the whole site to a new folder as plain Markdown with its assets, theme partials
          and a mkdocs.yml that stock MkDocs + Material and Zensical both build (see ENGINES.md)
  offline build the offline edition, which works from a folder or a zip with no network, into
          dist/online-safety-guidance-offline.zip
  new     create a new item with every field to fill in: python3 dev.py new risk online-dares
          (kinds: risk, resource, faq, audience, objective, term, guide); add --local for a hosted
          copy's own item in local/data/
  reviews list what is overdue for review or due within 30 days (--within DAYS, --format markdown)
  review-issues  open one GitHub issue per overdue item (dry run unless --apply; needs the gh command)
  benchmark  measure build time, page weight, search and preview speed at 200 and 2,000 items of
          synthetic content against plain Material; writes BENCHMARKS.md and benchmarks/results/
          (options: --sizes 200 2000 --runs 3; needs Chromium)
          benchmark compare --before REV [--after REV]: the shipped site built at two revisions,
          build time and size side by side, e.g. what one issue's work costs
          benchmark engines: the export's build time with stock Material and with Zensical, beside
          today's build (see ENGINES.md)
  fuzz    try the loaders on many mutated and hostile data files: python3 dev.py fuzz --examples 2000
          (drawn cases per test; a new random seed each run, --seed N repeats one); counts cases and failures
"""


def ensure_environment() -> None:
    """Create .venv and install the pinned requirements when they are missing or have changed."""
    if sys.version_info < (3, 11):  # noqa: UP036 - dev.py runs under whatever python3 the reader has
        sys.exit(f"Python 3.11 or newer is needed; this is {sys.version.split()[0]}.")
    # requirements.txt ends with `-e .`, the editable install of this project: one pip run installs
    # everything. run() works in ROOT, the folder pip reads that "." from.
    ensure_venv(
        VENV,
        [ROOT / name for name in REQUIREMENTS],
        ROOT / "requirements-test.txt",
        "Installing pinned requirements into .venv (first run, or requirements changed) ...",
    )


def ensure_engines() -> None:
    """Create .engines/<name> for each engine the export is tested with, from its pinned requirements."""
    for name, requirements in ENGINE_REQUIREMENTS.items():
        message = f"Installing {name} into .engines/{name} for the export tests ..."
        # Made afresh when its pins change, so that nothing else (least of all this project) lingers.
        ensure_venv(ENGINES / name, [requirements], requirements, message, fresh=True)


def venv_python(folder: Path) -> Path:
    """The Python of the virtual environment in `folder`."""
    return folder / ("Scripts" if os.name == "nt" else "bin") / ("python.exe" if os.name == "nt" else "python")


def ensure_venv(folder: Path, pinned: list[Path], requirements: Path, message: str, fresh: bool = False) -> None:
    """A virtual environment in `folder` with `requirements` installed, redone when a `pinned` file changes."""
    python, stamp = venv_python(folder), folder / ".portal-installed"
    wanted = hashlib.sha256(b"".join(path.read_bytes() for path in pinned)).hexdigest()
    if stamp.is_file() and stamp.read_text() == wanted and python.is_file():
        return
    if fresh:
        shutil.rmtree(folder, ignore_errors=True)
    if not python.is_file():
        print(f"Creating {folder.relative_to(ROOT)} ...", flush=True)
        try:
            venv.EnvBuilder(with_pip=True).create(folder)
        except (OSError, subprocess.CalledProcessError) as error:
            shutil.rmtree(folder, ignore_errors=True)
            sys.exit(f"Could not create {folder.name} ({error}). On Debian or Ubuntu, install python3-venv first.")
    print(message, flush=True)
    run([str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-r", str(requirements)])
    stamp.write_text(wanted)


def run(command: list[str], **kwargs: object) -> None:
    """Run a command; stop with its exit status if it fails."""
    status = subprocess.call(command, cwd=ROOT, **kwargs)  # type: ignore[arg-type]
    if status != 0:
        sys.exit(status)


def tool_env() -> dict[str, str]:
    """Environment for MkDocs: the venv first on PATH, Material's MkDocs 2 notice off."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
    return env


def parallel(pytest_args: list[str]) -> list[str]:
    """Parallel workers for pytest (pytest-xdist), unless the arguments choose (-n 0 runs in one process)."""
    if any(a in ("-n", "--numprocesses") or a.startswith(("-n", "--numprocesses=")) for a in pytest_args):
        return []
    # Browser tests wait on Chromium as much as they compute, so two workers per CPU keep the CPUs busy.
    # loadscope keeps a module's tests (a class's, where a module splits its work into classes) in one worker,
    # so that module fixtures such as a survey of every page are made once.
    # Units go out in the order tests/conftest.py sorts them (the slowest first), not xdist's by test count.
    return ["-n", str(2 * (os.cpu_count() or 1)), "--dist", "loadscope", "--no-loadscope-reorder"]


def build() -> None:
    """Build into a temporary folder, then swap it in, so a failed build never leaves a half-written site/."""
    target = ROOT / "site"
    staging = Path(tempfile.mkdtemp(prefix=".site-", dir=ROOT))
    status = subprocess.call(
        [str(PYTHON), "-m", "mkdocs", "build", "--quiet", "--site-dir", str(staging)], cwd=ROOT, env=tool_env()
    )
    if status == 0:
        status = subprocess.call([str(PYTHON), "-m", "portal", "site-links", str(staging)], cwd=ROOT)
    if status != 0:
        shutil.rmtree(staging, ignore_errors=True)
        sys.exit(status)
    old = target.with_name(".site-old")
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        target.rename(old)
    staging.rename(target)
    shutil.rmtree(old, ignore_errors=True)
    print(f"Built the site into {target.relative_to(ROOT)}/")


def offline() -> None:
    """Build the offline edition into a temporary folder, check its links, and zip it into dist/."""
    staging = Path(tempfile.mkdtemp(prefix=".offline-", dir=ROOT))
    try:
        build = [
            str(PYTHON),
            "-m",
            "mkdocs",
            "build",
            "--quiet",
            "-f",
            "mkdocs-offline.yml",
            "--site-dir",
            str(staging),
        ]
        run(build, env=tool_env())
        run([str(PYTHON), "-m", "portal", "site-links", str(staging)])
        run(
            [
                str(PYTHON),
                "-m",
                "portal",
                "zip",
                str(staging),
                str(ROOT / "dist" / "online-safety-guidance-offline.zip"),
            ]
        )
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def fuzz(args: list[str]) -> int:
    """Run tests/test_fuzz.py with N drawn cases per test and a random seed; then count cases and failures."""
    parser = argparse.ArgumentParser(prog="python3 dev.py fuzz", description="Other arguments go to pytest.")
    parser.add_argument("--examples", type=int, default=1000, help="drawn cases per test (default 1000)")
    parser.add_argument("--seed", type=int, help="repeat the run that printed this seed")
    options, pytest_args = parser.parse_known_args(args)
    if options.examples < 1:
        parser.error("--examples needs a whole number of 1 or more")
    seed = options.seed if options.seed is not None else random.SystemRandom().randrange(2**32)
    print(f"Fuzzing with {options.examples} drawn cases per test, seed {seed}", flush=True)
    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "fuzz.json"
        env = dict(tool_env(), PORTAL_FUZZ_EXAMPLES=str(options.examples), PORTAL_FUZZ_REPORT=str(report))
        command = [str(PYTHON), "-m", "pytest", "tests/test_fuzz.py", f"--hypothesis-seed={seed}", *pytest_args]
        status = subprocess.call(command, cwd=ROOT, env=env)
        print(fuzz_summary(report))
    print(f"Repeat this run: python3 dev.py fuzz --examples {options.examples} --seed {seed}")
    return status


def fuzz_summary(report: Path) -> str:
    """The counts tests/test_fuzz.py wrote: cases run and failed, per test, and each kind of failure."""
    if not report.is_file():
        current = report.with_name(report.name + ".current")
        last = f"; the case running then: {current.read_text(encoding='utf-8')}" if current.is_file() else ""
        return f"fuzz: no counts: the run stopped before the fuzz tests finished (see above){last}"
    found = json.loads(report.read_text(encoding="utf-8"))
    lines = [f"fuzz: {found['tried']} cases run, {found['failed']} failed (Hypothesis' shrinking re-runs included)"]
    lines += [f"  {test}: {n['tried']} run, {n['failed']} failed" for test, n in found["by_test"].items()]
    failures = sorted(found["failures"].items(), key=lambda item: -item[1]["count"])
    if failures:
        lines.append(f"{len(failures)} kinds of failure, each with the smallest input that showed it:")
        lines += [f"  {seen['count']} x {kind}\n      {seen['input']}" for kind, seen in failures]
    return "\n".join(lines)


def main(args: list[str]) -> None:
    """Dispatch one command."""
    passthrough = {"links", "new", "reviews", "review-issues"}
    own = {"serve", "test", "check", "build", "offline", "export", "benchmark", "fuzz"}
    if not args or args[0] not in own | passthrough:
        sys.exit(USAGE)
    command, rest = args[0], args[1:]
    ensure_environment()
    if command == "check":
        run([str(PYTHON), "-m", "portal", "check", *rest])
    elif command == "build":
        run([str(PYTHON), "-m", "portal", "check"])
        build()
    elif command == "offline":
        run([str(PYTHON), "-m", "portal", "check"])
        offline()
    elif command == "export":
        run([str(PYTHON), "-m", "portal", "export", *rest], env=tool_env())
    elif command in passthrough:
        run([str(PYTHON), "-m", "portal", command, *rest])
    elif command == "fuzz":
        sys.exit(fuzz(rest))
    elif command == "benchmark":
        scripts = {"compare": "compare.py", "engines": "engines.py"}
        script = scripts.get(rest[0], "scale.py") if rest else "scale.py"
        if script == "engines.py":
            ensure_engines()
        run([str(PYTHON), str(ROOT / "benchmarks" / script), *rest[script != "scale.py" :]], env=tool_env())
    elif command == "serve":
        run([str(PYTHON), "-m", "portal", "check"])
        run([str(PYTHON), "-m", "mkdocs", "serve", "--dev-addr", ADDRESS, *rest], env=tool_env())
    else:
        ensure_engines()
        run([str(PYTHON), "-m", "pytest", *parallel(rest), *rest], env=tool_env())


if __name__ == "__main__":
    try:
        main(sys.argv[1:])
    except KeyboardInterrupt:
        sys.exit(130)
