"""The package keeps the shape ARCHITECTURE.md describes: stages that import one way, no circles, small modules."""

from __future__ import annotations

import ast
import re
import subprocess
from pathlib import Path

import pytest

from conftest import ROOT

PACKAGE = ROOT / "portal"
# The pipeline's stages in order: a module may import its own stage and earlier ones, never a later one.
STAGES = ("source", "checks", "model", "site", "publish", "glue")
# Modules at the top of portal/, by the stage they belong to; the rest are subpackages.
TOP = {"portal.abbreviations": "site", "portal.plugin": "glue", "portal.__main__": "glue", "portal": "glue"}
MAX_LINES = 400
MAX_TOP_MODULES = 8


def module_name(path: Path) -> str:
    """'portal/model/loader.py' → 'portal.model.loader'; a package's __init__ is the package."""
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    """Every module of the package by name."""
    return {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def stage_of(name: str) -> str:
    """The pipeline stage a module belongs to."""
    if name in TOP:
        return TOP[name]
    second = name.split(".")[1]
    return "glue" if second == "cli" else second


def imports_of(path: Path, known: set[str]) -> set[str]:
    """The package's modules `path` imports, at the top or inside a function ('from portal.x import y' names
    module portal.x.y when that is a module)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name.split(".")[0] == "portal")
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "portal":
            for alias in node.names:
                child = f"{node.module}.{alias.name}"
                found.add(child if child in known else node.module)
    return found & known


def import_graph(found: dict[str, Path]) -> dict[str, set[str]]:
    """Module → the package's modules it imports (a package's __init__ re-exporting is an import too)."""
    known = set(found)
    return {name: imports_of(path, known) - {name} for name, path in found.items()}


def against_the_pipeline(graph: dict[str, set[str]]) -> list[str]:
    """Imports from a later stage, as 'importer → imported (stage → stage)'."""
    return sorted(
        f"{name} → {target} ({stage_of(name)} → {stage_of(target)})"
        for name, targets in graph.items()
        for target in targets
        if STAGES.index(stage_of(target)) > STAGES.index(stage_of(name))
    )


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Groups of modules that import each other, directly or through others (Tarjan's strongly connected parts)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def stages_between(graph: dict[str, set[str]]) -> dict[str, set[str]]:
    """Stage → the stages its modules import."""
    found: dict[str, set[str]] = {}
    for name, targets in graph.items():
        found.setdefault(stage_of(name), set()).update(stage_of(t) for t in targets if stage_of(t) != stage_of(name))
    return found


# ---- The rules hold for the package ----


def test_imports_run_one_way_along_the_pipeline() -> None:
    assert against_the_pipeline(import_graph(modules())) == []


def test_no_modules_import_each_other_in_a_circle() -> None:
    graph = import_graph(modules())
    assert sum(len(targets) for targets in graph.values()) > 100, "too few imports found: the test cannot tell"
    assert circles(graph) == []


def test_stages_do_not_import_each_other_in_a_circle() -> None:
    between = stages_between(import_graph(modules()))
    assert between.get("source", set()) == set()
    assert circles(between) == []


def test_no_module_is_longer_than_the_limit() -> None:
    found = modules()
    lengths = {name: len(path.read_text(encoding="utf-8").splitlines()) for name, path in found.items()}
    assert max(lengths.values()) > MAX_LINES // 2, "no module near the limit: the count is wrong"
    assert {name: count for name, count in lengths.items() if count > MAX_LINES} == {}


def test_few_modules_stay_at_the_top_and_the_rest_are_in_a_stage() -> None:
    top = [path.name for path in PACKAGE.glob("*.py")]
    assert "plugin.py" in top and len(top) <= MAX_TOP_MODULES, top
    assert {stage_of(name) for name in modules()} <= set(STAGES)
    subpackages = {path.parent.name for path in PACKAGE.glob("*/__init__.py")}
    assert subpackages == {"source", "checks", "model", "site", "publish", "cli"}


def test_architecture_md_names_every_module_of_every_stage() -> None:
    text = (ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8")
    named = {found.rsplit("/", 1)[-1] for found in re.findall(r"`([\w/.]+?)(?:\.py)?/?`", text)}
    missing = sorted(name for name, path in modules().items() if path.name != "__init__.py" and path.stem not in named)
    assert missing == []
    for stage in ("source", "checks", "model", "site", "publish", "cli"):
        assert f"`portal/{stage}/`" in text or f"`{stage}/`" in text, stage


def test_the_docs_point_to_the_architecture() -> None:
    for document in ("README.md", "CONTRIBUTING.md"):
        assert "ARCHITECTURE.md" in (ROOT / document).read_text(encoding="utf-8"), document


# ---- The checks can fail (negative controls on made-up graphs) ----


def test_an_import_from_a_later_stage_is_found() -> None:
    graph = {"portal.model.build": {"portal.site.rendering", "portal.source.errors"}, "portal.site.rendering": set()}
    assert against_the_pipeline(graph) == ["portal.model.build → portal.site.rendering (model → site)"]


def test_the_glue_may_import_every_stage() -> None:
    graph = {"portal.plugin": {"portal.publish.feeds", "portal.site.pages"}, "portal.cli.main": {"portal.plugin"}}
    assert against_the_pipeline(graph) == []


@pytest.mark.parametrize(
    ("graph", "expected"),
    [
        ({"a": {"b"}, "b": {"c"}, "c": {"a"}}, [["a", "b", "c"]]),
        ({"a": {"b"}, "b": {"a"}, "c": {"a"}}, [["a", "b"]]),
        ({"a": {"b"}, "b": {"c"}, "c": set()}, []),
    ],
)
def test_a_circle_of_imports_is_found(graph: dict[str, set[str]], expected: list[list[str]]) -> None:
    assert circles(graph) == expected


def test_an_import_inside_a_function_counts(tmp_path: Path) -> None:
    module = tmp_path / "late.py"
    module.write_text("def f():\n    from portal.site import rendering\n    import portal.model.loader\n")
    known = {"portal.site.rendering", "portal.model.loader", "portal.site"}
    assert imports_of(module, known) == {"portal.site.rendering", "portal.model.loader"}


def test_no_file_of_the_package_is_ignored_by_git() -> None:
    # A pattern such as 'site/' (meant for the built site) once hid portal/site/ from commits.
    files = [
        str(path.relative_to(ROOT)) for path in PACKAGE.rglob("*") if path.is_file() and "__pycache__" not in path.parts
    ]
    assert files, "no files found: the test cannot tell"
    result = subprocess.run(["git", "check-ignore", "--no-index", *files], cwd=ROOT, capture_output=True, text=True)
    assert result.stdout.split() == [], "ignored by git, so never committed"
    control = subprocess.run(
        ["git", "check-ignore", "--no-index", "site/index.html"], cwd=ROOT, capture_output=True, text=True
    )
    assert control.stdout.strip() == "site/index.html", "the built site must stay ignored"
