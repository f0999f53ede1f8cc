"""The code stays linted, formatted and type-checked (ruff and mypy, pinned in requirements-test.txt)."""

from __future__ import annotations

import subprocess
import sys

from conftest import ROOT

CODE = ["portal", "macros", "tests", "dev.py"]


def run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *command], cwd=ROOT, capture_output=True, text=True, check=False)


def test_ruff_finds_no_problems() -> None:
    result = run("ruff", "check", *CODE)
    assert result.returncode == 0, result.stdout + result.stderr


def test_code_is_formatted() -> None:
    result = run("ruff", "format", "--check", *CODE)
    assert result.returncode == 0, "run `python -m ruff format`:\n" + result.stdout


def test_mypy_finds_no_type_errors() -> None:
    result = run("mypy", "portal", "macros")
    assert result.returncode == 0, result.stdout + result.stderr


def test_yaml_files_follow_the_house_style() -> None:
    result = run(
        "yamllint", "-c", ".yamllint.yml", "data", "linkcheck.yml", "mkdocs.yml", ".github", "tests/search", "examples"
    )
    assert result.returncode == 0, result.stdout + result.stderr
