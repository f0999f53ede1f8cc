"""The package works installed: `pip install .` ships all the plugin reads, and the MkDocs convention works.

Each test installs into a fresh virtual environment with no network (--no-index, no build
isolation, no pip configuration). The fresh environment reaches the third-party packages through
a .pth file naming this environment's site-packages; a plain path line does not run the .pth
files found there, so this environment's editable install of portal stays invisible to it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import ROOT, copy_project

# Local state at the top of a working copy, never part of what a packager or host checks out.
NOT_COPIED = {".venv", ".git", "site", "site-offline", "build", "dist", "linkcheck-report", ".cache"}
RISK = "grooming"


def copy_repository(target: Path) -> Path:
    """The repository as a host or packager checks it out: no virtual environment, builds or caches."""

    def ignore(folder: str, names: list[str]) -> set[str]:
        top = Path(folder) == ROOT
        return {
            name
            for name in names
            if name == "__pycache__"
            or name.endswith((".egg-info", "_cache"))
            or (top and (name in NOT_COPIED or name.startswith((".site-", ".offline-"))))
        }

    return Path(shutil.copytree(ROOT, target, ignore=ignore))


def clean_env() -> dict[str, str]:
    """Environment that keeps pip and Python to the fresh environment and off the network."""
    env = {key: value for key, value in os.environ.items() if key not in {"PYTHONPATH", "VIRTUAL_ENV"}}
    # os.devnull as the configuration file makes pip read none, so no index or find-links from it.
    env.update(PIP_CONFIG_FILE=os.devnull, PIP_DISABLE_PIP_VERSION_CHECK="1")
    env.update(PYTHONNOUSERSITE="1", NO_MKDOCS_2_WARNING="1")
    return env


def run(command: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run a command in the clean environment and return its result."""
    return subprocess.run(command, cwd=cwd, env=clean_env(), capture_output=True, text=True, timeout=300)


def fresh_venv(path: Path) -> Path:
    """A new virtual environment with this one's site-packages on its path; returns its python."""
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(path)], check=True, timeout=120)
    python = path / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    ours = dict.fromkeys([sysconfig.get_path("purelib"), sysconfig.get_path("platlib")])
    (site_packages(python) / "test-environment.pth").write_text("\n".join(ours) + "\n", encoding="utf-8")
    return python


def site_packages(python: Path) -> Path:
    """The site-packages folder of the environment that `python` belongs to."""
    result = run([str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"], python.parent)
    folder = Path(result.stdout.strip())
    assert result.returncode == 0 and folder.is_relative_to(python.parent.parent), result.stderr
    return folder


def pip_install(python: Path, args: list[str], cwd: Path) -> None:
    """pip (this environment's, through the .pth) installing into `python`'s environment, offline."""
    command = [str(python), "-m", "pip", "install", "--no-deps", "--no-build-isolation", "--no-index", *args]
    result = run(command, cwd)
    assert result.returncode == 0, f"pip install failed:\n{result.stdout}\n{result.stderr}"


def mkdocs_build(python: Path, project: Path) -> subprocess.CompletedProcess[str]:
    """`mkdocs build --strict` in `project`; -P keeps the project folder off sys.path, as the mkdocs script does."""
    return run([str(python), "-P", "-m", "mkdocs", "build", "--strict", "--site-dir", "site"], project)


def where_portal_is(python: Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Where `python`, started in `cwd` like the mkdocs script, imports portal and its schemas from."""
    code = "import portal, portal.source.schemas; print(portal.__file__); print(portal.source.schemas.SCHEMA_DIR)"
    return run([str(python), "-P", "-c", code], cwd)


def assert_built(project: Path, result: subprocess.CompletedProcess[str]) -> None:
    """The build succeeded and wrote the home page and a generated risk page."""
    assert result.returncode == 0, f"mkdocs build failed:\n{result.stdout}\n{result.stderr}"
    site_name = yaml.safe_load((project / "data" / "site.yml").read_text(encoding="utf-8"))["name"]
    title = yaml.safe_load((project / "data" / "risks" / f"{RISK}.yml").read_text(encoding="utf-8"))["title"]
    home = BeautifulSoup((project / "site" / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert site_name in home.get_text()
    risk = BeautifulSoup((project / "site" / "risks" / RISK / "index.html").read_text(encoding="utf-8"), "html.parser")
    heading = risk.find("h1")
    assert heading is not None and next(heading.stripped_strings) == title  # then the ¶ permalink


def assert_fails_without_portal(python: Path, project: Path) -> None:
    """The negative control: with no package installed, the same build fails for want of portal."""
    result = mkdocs_build(python, project)
    assert result.returncode != 0, "built without the package installed: the test cannot tell"
    assert "No module named 'portal'" in result.stdout + result.stderr, result.stdout + result.stderr
    assert not (project / "site" / "index.html").exists()


def not_installed(source: Path, installed: Path) -> list[str]:
    """Files of the source's portal/ and schemas/ that are not where the installed package reads them."""
    expected = {
        path: installed / path.relative_to(source / "portal")
        for path in (source / "portal").rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    }
    schemas = list((source / "schemas").glob("*.schema.json"))
    assert schemas, "no schemas in the copy: the check would pass vacuously"
    expected.update({path: installed / "schemas" / path.name for path in schemas})
    return sorted(str(path.relative_to(source)) for path, target in expected.items() if not target.is_file())


@pytest.fixture(scope="module")
def bare_python(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh environment with the third-party packages but not this package."""
    return fresh_venv(tmp_path_factory.mktemp("bare") / "venv")


def test_pip_install_ships_what_the_plugin_reads_and_builds_with_no_source_tree(
    tmp_path: Path, bare_python: Path
) -> None:
    source = copy_repository(tmp_path / "source")
    checkout = copy_project(tmp_path / "checkout")
    assert not (checkout / "portal").exists() and not (checkout / "schemas").exists()
    python = fresh_venv(tmp_path / "venv")

    # Before installing, portal is out of reach (so the editable install here cannot leak in) but MkDocs is not.
    before = where_portal_is(python, checkout)
    assert before.returncode != 0 and "No module named 'portal'" in before.stderr, before.stdout + before.stderr
    assert run([str(python), "-P", "-c", "import mkdocs, material, yaml"], checkout).returncode == 0
    assert_fails_without_portal(bare_python, checkout)

    pip_install(python, [str(source)], tmp_path)

    installed = site_packages(python) / "portal"
    missing = not_installed(source, installed)
    assert not missing, f"not in the installed package: {missing}"

    where = where_portal_is(python, checkout)
    assert where.returncode == 0, where.stderr
    module, schema_dir = (Path(line) for line in where.stdout.splitlines())
    assert module == installed / "__init__.py"
    assert schema_dir == installed / "schemas"

    assert_built(checkout, mkdocs_build(python, checkout))


def test_requirements_then_mkdocs_build_works_as_static_hosts_run_it(tmp_path: Path, bare_python: Path) -> None:
    source = copy_repository(tmp_path / "source")
    assert_fails_without_portal(bare_python, source)
    python = fresh_venv(tmp_path / "venv")

    pip_install(python, ["-r", "requirements.txt"], source)

    where = where_portal_is(python, source)
    assert where.returncode == 0, where.stderr
    module, schema_dir = (Path(line) for line in where.stdout.splitlines())
    assert module == source / "portal" / "__init__.py", "not this checkout's portal"
    assert schema_dir == source / "schemas"
    assert_built(source, mkdocs_build(python, source))
