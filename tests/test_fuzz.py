"""Fuzzing the loaders: mutated shipped files and hostile YAML either load or give errors by file and line.

Every case writes one file of a copy of data/ (with the sample hosted copy's local/ and linkcheck.yml),
runs the real loader (load_guidance, or load_settings for linkcheck.yml), checks the property in
tests/fuzz_cases.py, and puts the file back. The copy is made once for the module; it also holds the
tests' minimal data set, which the catalogue's fixed cases write over because it loads 20 times faster.

The default run is short and the same every time (profile "portal-ci": derandomized, few cases).
`python3 dev.py fuzz --examples N` sets PORTAL_FUZZ_EXAMPLES=N, which selects profile "portal-fuzz":
N drawn cases per test, a random seed (printed), and a count of cases tried and failed at the end.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import fastjsonschema
import fuzz_cases as cases
import pytest
from hypothesis import HealthCheck, Phase, given, note, settings
from hypothesis import strategies as st

from portal.checks.live_links.settings import load_settings
from portal.model.loader import load_guidance

resource: ModuleType | None
try:
    import resource
except ImportError:  # Windows
    resource = None

EXAMPLES = int(os.environ.get("PORTAL_FUZZ_EXAMPLES") or 0)
_COMMON = settings(
    deadline=None,  # check_case times each case in CPU seconds: Hypothesis' deadline is wall-clock time
    database=None,  # nothing written into the work tree; a failure prints its own reproduction
    print_blob=True,
    phases=(Phase.explicit, Phase.generate, Phase.shrink),
    suppress_health_check=(HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example),
)
settings.register_profile("portal-ci", _COMMON, max_examples=15, derandomize=True)
settings.register_profile("portal-fuzz", _COMMON, max_examples=max(EXAMPLES, 1), derandomize=False)
PROFILE = settings.get_profile("portal-fuzz" if EXAMPLES else "portal-ci")
# Loading settings alone takes milliseconds, loading the guidance a few tenths of a second: draw more of the first.
CHEAP = settings(PROFILE, max_examples=PROFILE.max_examples * (1 if EXAMPLES else 5))


@pytest.fixture(scope="module")
def tree(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The copy every case edits in place, made once; each case must leave it as shipped."""
    root = cases.make_tree(tmp_path_factory.mktemp("fuzz"))
    yield root
    assert not cases.changed_files(root), f"a case left files changed: {cases.changed_files(root)}"


@pytest.fixture(scope="module", autouse=True)
def crash_output(pytestconfig: pytest.Config) -> None:
    """A case stuck in C code ends the run with a stack dump: send it where pytest sends its own, the real stderr."""
    try:
        from _pytest.faulthandler import fault_handler_stderr_fd_key
    except ImportError:  # a private name of pytest's: without it the dump goes to the captured stderr, unseen
        return
    if fault_handler_stderr_fd_key in pytestconfig.stash:
        cases.CRASH_OUTPUT["fd"] = pytestconfig.stash[fault_handler_stderr_fd_key]


@pytest.fixture(scope="module", autouse=True)
def memory_limit() -> Iterator[None]:
    """A case that allocates without end (an alias bomb) fails with MemoryError instead of starving the machine."""
    statm = Path("/proc/self/statm")
    if resource is None or not statm.is_file():
        yield
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    in_use = int(statm.read_text().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    limit = in_use + cases.MEMORY_MARGIN_BYTES
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


@pytest.fixture(scope="module", autouse=True)
def compile_each_schema_once() -> Iterator[None]:
    """Each load compiles every JSON Schema afresh, about half its time; here each is compiled once.

    A compiled validator depends on nothing but the schema and the options, so the loader behaves
    exactly as it does without this; it only lets the same time budget try twice the cases.
    """
    compile_schema = fastjsonschema.compile
    compiled: dict[str, Any] = {}

    def compile_once(definition: Any, *args: Any, **kwargs: Any) -> Any:
        key = json.dumps([definition, args, kwargs], sort_keys=True, default=repr)
        if key not in compiled:
            compiled[key] = compile_schema(definition, *args, **kwargs)
        return compiled[key]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(fastjsonschema, "compile", compile_once)
        yield


@pytest.fixture(scope="module", autouse=True)
def fuzz_report() -> Iterator[None]:
    """For `python3 dev.py fuzz`: write how many cases were tried and failed to PORTAL_FUZZ_REPORT."""
    yield
    target = os.environ.get("PORTAL_FUZZ_REPORT")
    if target:
        Path(target).write_text(json.dumps(cases.STATS.as_json(), indent=2), encoding="utf-8")


def mutated_case(test: str, tree: Path, case: cases.MutatedFile, with_local: bool = True) -> None:
    note(cases.show(case.content, cases.SHIPPED[case.name]))
    with cases.written(tree, case.name, case.content):
        cases.check_case(test, tree, case.name, case.describe(), with_local)


def test_the_copy_loads_as_shipped(tree: Path) -> None:
    """Without this, every case would only show that broken data stays broken."""
    load_guidance(tree / "data", local_dir=tree / "local")
    load_guidance(tree / "data")
    load_settings(tree / "linkcheck.yml")


@PROFILE
@given(case=cases.mutated_files(cases.DATA_FILES), with_local=st.booleans())
def test_mutated_data_files(tree: Path, case: cases.MutatedFile, with_local: bool) -> None:
    mutated_case("test_mutated_data_files", tree, case, with_local)


@PROFILE
@given(case=cases.mutated_files(cases.LOCAL_FILES))
def test_mutated_local_files(tree: Path, case: cases.MutatedFile) -> None:
    mutated_case("test_mutated_local_files", tree, case)


@CHEAP
@given(case=cases.mutated_files(["linkcheck.yml"]))
def test_mutated_linkcheck_settings(tree: Path, case: cases.MutatedFile) -> None:
    mutated_case("test_mutated_linkcheck_settings", tree, case)


@PROFILE
@given(entry=st.sampled_from(cases.CATALOGUE), name=st.sampled_from(cases.ALL_FILES))
def test_hostile_yaml_in_any_file(tree: Path, entry: cases.Hostile, name: str) -> None:
    """The catalogue below, each entry written over any shipped file rather than its usual targets."""
    with cases.written(tree, name, entry.make(cases.SHIPPED[name])):
        cases.check_case("test_hostile_yaml_in_any_file", tree, name, f"{entry.name} written over {name}")


@pytest.mark.parametrize(
    ("entry", "target"),
    [pytest.param(entry, target, id=f"{entry.name}-{target}") for entry in cases.CATALOGUE for target in entry.targets],
)
def test_hostile_yaml(tree: Path, entry: cases.Hostile, target: str) -> None:
    """Every catalogue entry, every time, over each of its targets (a data item, local/ file or linkcheck.yml)."""
    name = cases.TARGETS[target]
    with cases.written(tree, name, entry.make(cases.ORIGINALS[name])):
        cases.check_case("test_hostile_yaml", tree, name, f"{entry.name} written over {name}")


@pytest.mark.parametrize("layout", [pytest.param(layout, id=layout.name) for layout in cases.LAYOUTS])
def test_odd_files_and_folders(tree: Path, layout: cases.Layout) -> None:
    """Folders, links and names that are not plain data files, where the loaders look for them."""
    with layout.apply(tree):
        cases.check_case("test_odd_files_and_folders", tree, layout.target, layout.name)
