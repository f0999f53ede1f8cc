"""Ids that collide are refused: with a hand-written page, with the anchors the site writes, with
Windows device names, and file names that differ only in case. Each case has a near miss that passes."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import unicodedata
from collections import Counter
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from test_validation import TODAY, edit, errors_for, only

from conftest import ROOT, copy_project, mkdocs_build
from portal.checks.reserved_ids import (
    FOLDER_PAGES,
    ID,
    RULES,
    SCHEMA_IDS,
    SELF_REVIEW_IDS,
    schema_statement,
    term_anchor,
)
from portal.cli.scaffold import ScaffoldError, create
from portal.model.addresses import AUDIENCE_PAGE, GUIDE_PAGE, OBJECTIVE_PAGE, RISK_PAGE
from portal.model.loader import load_guidance
from portal.source.errors import DataErrors
from portal.source.files import scan_tree
from portal.source.schemas import SCHEMA_DIR, SchemaSet

# A file of each kind in the minimal data, copied under a new id to add one more item.
ITEMS = {
    "risks": "fixture-risk",
    "objectives": "safer-testing",
    "resources": "helpline-one",
    "faqs": "who-leads",
    "audiences": "schools",
    "guides": "shared-image",
}
ITEM_KINDS = {
    "risks": "risk",
    "objectives": "objective",
    "resources": "resource",
    "faqs": "faq",
    "audiences": "audience",
    "guides": "guide",
}
# Every outcome starts with the 999 step, as the guide checks require.
GUIDE = """\
id: shared-image
title: An image is being shared
summary: What to do when an image of a young person is being shared.
start: adult-involved
steps:
  - id: adult-involved
    question: Is an adult involved?
    answers:
      - label: "Yes"
        next: refer-now
      - label: No or not sure
        next: handle-in-school
  - id: refer-now
    outcome: Refer to the police now
    actions:
      - If a child is in immediate danger, call 999.
      - Tell your safeguarding lead straight away.
    contacts: [helpline-one]
    based_on: [https://example.org.uk/guide]
  - id: handle-in-school
    outcome: Your safeguarding lead decides how to respond
    actions:
      - If a child is in immediate danger, call 999.
      - Tell your safeguarding lead straight away.
    contacts: [helpline-one]
    based_on: [https://example.org.uk/guide]
sources:
  - title: Example guide
    url: https://example.org.uk/guide
reviewed: 2026-07-15
review_interval_months: 6
"""


@pytest.fixture
def data(minimal_data: Path) -> Path:
    """The minimal data with one valid guide, so that every kind of item is there."""
    (minimal_data / "guides").mkdir()
    (minimal_data / "guides" / "shared-image.yml").write_text(GUIDE, encoding="utf-8")
    return minimal_data


def add_item(data: Path, folder: str, new_id: str) -> Path:
    """A copy of the folder's fixture item under `new_id` (file name and id); an objective gets its own number."""
    source = data / folder / f"{ITEMS[folder]}.yml"
    text = source.read_text(encoding="utf-8").replace(f"id: {ITEMS[folder]}\n", f"id: {new_id}\n", 1)
    if folder == "objectives":
        text = text.replace("number: 1\n", "number: 2\n", 1)
    target = data / folder / f"{new_id}.yml"
    target.write_text(text, encoding="utf-8")
    return target


def test_the_data_with_a_guide_is_valid(data: Path) -> None:
    guidance = load_guidance(data, today=TODAY)
    assert [g.id for g in guidance.guides] == ["shared-image"]


# ---- Item ids: one rule per kind, each refusal one line with its reason ----

# (folder, id, words the reason must hold). The reproductions of issue 23 come first.
REFUSED_ITEMS = [
    ("risks", "index", "docs/risks/index.md, the page listing every risk area, would be replaced"),
    ("objectives", "index", "docs/objectives/index.md"),
    ("audiences", "index", "docs/audiences/index.md"),
    ("guides", "index", "docs/respond/index.md"),
    ("resources", "reporting", "the 'Reporting routes' heading of the resources page"),
    ("resources", "helpline", "the 'Helplines' heading of the resources page"),
    ("resources", "self-review", "the 'Self-review tools' heading"),
    ("resources", "statutory-guidance", "the 'Statutory guidance' heading"),
    ("resources", "organisation", "the 'Organisations' heading"),
    ("resources", "resources", "the heading of the resources page"),
    ("resources", "get-help-now", "the heading of the get help page"),
    ("resources", "step-by-step", "the 'Step by step' heading of the get help page"),
    ("risks", "content", "the 'Content risks' heading of the risk areas page"),
    ("risks", "commerce", "the 'Commerce risks' heading"),
    ("risks", "risk-areas", "the heading of the risk areas page"),
    ("faqs", "frequently-asked-questions", "the heading of the FAQ page"),
    ("objectives", "objective", "'sr-objective-<id>'"),
    ("objectives", "objective-safety", "'sr-objective-<id>'"),
    ("objectives", "setting", "'sr-setting-name' starts with 'sr-<it>-'"),
    ("objectives", "setting-type", "'sr-setting-type-hint'"),
    ("objectives", "progress", "'sr-progress-title'"),
    ("risks", "portal-guide-trail", "ids starting 'portal-' are kept for the site's own elements"),
    ("resources", "portal-nation-select", "'portal-'"),
    ("faqs", "portal-page-review-title", "'portal-'"),
    ("audiences", "portal-anything", "'portal-'"),
    ("guides", "portal-guide", "'portal-'"),
]
# Near misses: one letter, word or digit away from a reserved id, and the ids the hints suggest.
ALLOWED_ITEMS = [
    ("risks", "indexes"),
    ("risks", "index-risk"),
    ("risks", "contents"),
    ("risks", "console"),
    ("risks", "com10"),
    ("risks", "portal"),
    ("risks", "my-portal-page"),
    ("objectives", "objectives"),
    ("objectives", "settings"),
    ("objectives", "setup-guide"),
    ("objectives", "safer-objective"),
    ("resources", "helplines"),
    ("resources", "reporting-route"),
    ("resources", "reporting-resource"),
    ("resources", "auxiliary"),
    ("resources", "portals"),
    ("faqs", "frequently-asked"),
    ("faqs", "prn-question"),
    ("audiences", "indexing"),
    ("audiences", "lpt0-users"),
    ("guides", "guide-trail"),
    ("guides", "nul1"),
]


@pytest.mark.parametrize("folder, item_id, why", REFUSED_ITEMS, ids=[f"{f}/{i}" for f, i, _ in REFUSED_ITEMS])
def test_a_reserved_item_id_is_refused_in_one_line_with_its_reason(
    data: Path, folder: str, item_id: str, why: str
) -> None:
    add_item(data, folder, item_id)
    error = only(errors_for(data))
    assert (error.file, error.line, error.field) == (f"data/{folder}/{item_id}.yml", 1, "id")
    assert error.problem.startswith(f"'{item_id}' is reserved (") and why in error.problem, error
    assert re.fullmatch(r"choose another id, e\.g\. '[a-z0-9-]+', and rename the file to match", error.hint), error
    suggested = error.hint.split("'")[1]
    assert ID.fullmatch(suggested) and RULES[ITEM_KINDS[folder]].why(suggested) is None


@pytest.mark.parametrize("folder, item_id", ALLOWED_ITEMS, ids=[f"{f}/{i}" for f, i in ALLOWED_ITEMS])
def test_a_near_miss_item_id_is_accepted(data: Path, folder: str, item_id: str) -> None:
    add_item(data, folder, item_id)
    load_guidance(data, today=TODAY)


def test_the_exact_line_for_a_risk_named_index(data: Path) -> None:
    add_item(data, "risks", "index")
    assert str(only(errors_for(data))) == (
        "data/risks/index.yml:1: id: 'index' is reserved (docs/risks/index.md, the page listing every risk area, "
        "would be replaced by this item's page) (choose another id, e.g. 'index-risk', and rename the file to match)"
    )


DEVICE_ITEMS = [("risks", "con"), ("resources", "aux"), ("faqs", "prn"), ("audiences", "com3"), ("guides", "lpt9")]
DEVICE_ITEMS += [("objectives", "nul"), ("risks", "CON"), ("faqs", "Com7"), ("guides", "lpt\u00b2")]


@pytest.mark.parametrize("folder, name", DEVICE_ITEMS, ids=[f"{f}/{n}" for f, n in DEVICE_ITEMS])
def test_an_item_file_named_for_a_windows_device_is_refused_once(data: Path, folder: str, name: str) -> None:
    """The file is never read (a clone on Windows could not hold it): one line says why, whatever its id."""
    add_item(data, folder, name)
    error = only(errors_for(data))
    assert (error.file, error.line, error.field) == (f"data/{folder}/{name}.yml", 1, "")
    assert error.problem.startswith(f"the name '{name}.yml' names a device on Windows (CON, PRN, AUX, NUL"), error


@pytest.mark.parametrize("item_id, why", [("index", "docs/risks/index.md"), ("con", "no file can be named con.yml")])
def test_a_reserved_id_in_a_file_of_another_name_is_refused_as_both_mistakes(
    data: Path, item_id: str, why: str
) -> None:
    """Editors are told before they rename the file: the id itself is refused, for its reason."""
    edit(data / "risks" / "fixture-risk.yml", "id: fixture-risk", f"id: {item_id}")
    problems = sorted(e.problem for e in errors_for(data) if e.file == "data/risks/fixture-risk.yml")
    assert len(problems) == 2 and problems[0].startswith(f"'{item_id}' is reserved ("), problems
    assert why in problems[0] and "does not match the file name" in problems[1]


def test_a_hosted_copys_own_item_follows_the_same_rules(data: Path) -> None:
    local = data.parent / "local"
    (local / "data" / "resources").mkdir(parents=True)
    own = (data / "resources" / "helpline-one.yml").read_text(encoding="utf-8")
    for item_id in ("reporting", "our-reporting-line"):
        text = own.replace("id: helpline-one\n", f"id: {item_id}\n", 1)
        (local / "data" / "resources" / f"{item_id}.yml").write_text(text, encoding="utf-8")
    with pytest.raises(DataErrors) as failure:
        load_guidance(data, today=TODAY, local_dir=local)
    assert [(e.file, e.problem.split(" (")[0]) for e in failure.value.errors] == [
        ("local/data/resources/reporting.yml", "'reporting' is reserved")
    ]


# ---- Ids within an item: areas of an objective, steps of a guide, glossary terms ----

AREA = "  - id: first-area\n"
REFUSED_AREAS = [
    ("faqs", "the 'Questions people ask' heading of the objective's page"),
    ("resources", "the 'Resources for this objective' heading"),
    ("areas", "the 'Areas to consider' heading"),
    ("self-review", "the 'Review your setting' heading"),
    ("first-area-questions", "'<area>-questions' is the anchor of an area's questions"),
    ("online-gaps", "'<area>-gaps'"),
    ("first-area-level-2", "'sr-<objective>-<area>-level-1' is an answer's id in the self-review"),
    ("notes-commentary", "'sr-<objective>-<area>-commentary'"),
    ("notes-evidence", "'sr-<objective>-<area>-evidence'"),
    ("portal-area", "'portal-'"),
]
ALLOWED_AREAS = ["faq", "resourcing", "questions", "gaps-found", "level-2", "evidence-base", "portal", "con"]


@pytest.mark.parametrize("area_id, why", REFUSED_AREAS, ids=[a for a, _ in REFUSED_AREAS])
def test_a_reserved_area_id_is_refused(data: Path, area_id: str, why: str) -> None:
    edit(data / "objectives" / "safer-testing.yml", AREA, f"  - id: {area_id}\n")
    error = only(errors_for(data))
    assert (error.file, error.line, error.field) == ("data/objectives/safer-testing.yml", 10, "areas[0].id")
    assert error.problem.startswith(f"'{area_id}' is reserved (") and why in error.problem, error
    assert error.hint.startswith("choose another id, e.g. '") and "rename the file" not in error.hint


@pytest.mark.parametrize("area_id", ALLOWED_AREAS)
def test_a_near_miss_area_id_is_accepted(data: Path, area_id: str) -> None:
    edit(data / "objectives" / "safer-testing.yml", AREA, f"  - id: {area_id}\n")
    load_guidance(data, today=TODAY)


STEP = "  - id: handle-in-school\n"


@pytest.mark.parametrize(
    "step_id", ["portal-guide-trail", "portal-guide-controls", "portal-guide-record", "portal-nation-select"]
)
def test_a_step_with_a_template_id_is_refused(data: Path, step_id: str) -> None:
    """Such a step's id is an element of the page already: guide.js would find that one and stick at the start."""
    path = data / "guides" / "shared-image.yml"
    edit(path, STEP, f"  - id: {step_id}\n")
    edit(path, "next: handle-in-school", f"next: {step_id}")
    error = only(errors_for(data))
    assert (error.file, error.field) == ("data/guides/shared-image.yml", "steps[2].id")
    assert error.problem.startswith(f"'{step_id}' is reserved (ids starting 'portal-' are kept"), error
    assert error.hint == f"choose another id, e.g. '{step_id.removeprefix('portal-')}'"


@pytest.mark.parametrize("step_id", ["guide-trail", "portal", "index", "con", "faqs"])
def test_a_near_miss_step_id_is_accepted(data: Path, step_id: str) -> None:
    path = data / "guides" / "shared-image.yml"
    edit(path, STEP, f"  - id: {step_id}\n")
    edit(path, "next: handle-in-school", f"next: {step_id}")
    load_guidance(data, today=TODAY)


@pytest.mark.parametrize("term", ["Portal guide trail", "portal: nation help", "Glossary", "GLOSSARY!"])
def test_a_term_whose_anchor_is_reserved_is_refused(data: Path, term: str) -> None:
    edit(data / "glossary.yml", "  - term: C&YP\n", f"  - term: {json.dumps(term)}\n")
    error = only(errors_for(data))
    assert (error.file, error.field) == ("data/glossary.yml", "terms[1].term")
    assert error.problem.startswith(f"'{term}' would have the anchor '{term_anchor(term)}', which is reserved")


@pytest.mark.parametrize("term", ["Portals", "Glossary terms", "Web portal"])
def test_a_near_miss_term_is_accepted(data: Path, term: str) -> None:
    edit(data / "glossary.yml", "  - term: C&YP\n", f"  - term: {term}\n")
    load_guidance(data, today=TODAY)


def test_two_objectives_whose_areas_make_one_self_review_id_are_refused(data: Path) -> None:
    """'sr-safer-testing-first-area' from safer-testing + first-area, and from safer + testing-first-area."""
    second = add_item(data, "objectives", "safer")
    edit(second, AREA, "  - id: testing-first-area\n")
    error = only(errors_for(data))
    assert (error.file, error.line, error.field) == ("data/objectives/safer.yml", 10, "areas[0].id")
    assert error.problem == (
        "'testing-first-area' in objective 'safer' makes the self-review id 'sr-safer-testing-first-area', "
        "as area 'first-area' of objective 'safer-testing' (data/objectives/safer-testing.yml) does"
    )


def test_two_objectives_one_the_start_of_the_other_with_different_areas_pass(data: Path) -> None:
    second = add_item(data, "objectives", "safer")
    edit(second, AREA, "  - id: testing-first\n")
    load_guidance(data, today=TODAY)


def test_the_check_command_prints_one_line_for_a_reserved_id(data: Path) -> None:
    add_item(data, "resources", "reporting")
    result = subprocess.run(
        [sys.executable, "-m", "portal", "--data", str(data), "--docs", str(data.parent / "docs"), "check"],
        cwd=data.parent,
        capture_output=True,
        text=True,
        timeout=120,
    )
    lines = (result.stdout + result.stderr).strip().splitlines()
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert lines[0].startswith("data/resources/reporting.yml:1: id: 'reporting' is reserved (it is already the")
    assert lines[0].endswith("(choose another id, e.g. 'reporting-resource', and rename the file to match)")
    assert lines[1:] == ["1 problem in the data: fix them and run the check again."]


@pytest.mark.parametrize(
    "kind, item_id", [("risk", "index"), ("resource", "reporting"), ("guide", "portal-guide-trail"), ("faq", "con")]
)
def test_the_new_command_refuses_a_reserved_id_before_writing_a_file(data: Path, kind: str, item_id: str) -> None:
    schemas = SchemaSet(SCHEMA_DIR)
    with pytest.raises(ScaffoldError, match=rf"^'{item_id}' is reserved \(.+\): choose another id, e\.g\. [a-z0-9-]+$"):
        create(kind, item_id, data, schemas, TODAY)
    assert not list(data.glob(f"*/{item_id}.yml"))
    suggested = RULES[kind].example(item_id)
    assert create(kind, suggested, data, schemas, TODAY).name == f"{suggested}.yml"


# ---- The schemas say the same, for editors ----


def _id_schema(kind: str) -> dict[str, object]:
    schema, path = SCHEMA_IDS[kind]
    node = json.loads((ROOT / "schemas" / f"{schema}.schema.json").read_text(encoding="utf-8"))
    for part in path:
        node = node[part]
    return node


@pytest.mark.parametrize("kind", sorted(SCHEMA_IDS))
def test_each_ids_schema_states_its_rule(kind: str) -> None:
    """The pattern beside the id (so editors flag it too) and its description are made from the rule."""
    node = _id_schema(kind)
    assert node["$ref"] == "common.schema.json#/$defs/id"
    assert node["allOf"] == [schema_statement(kind)], "paste schema_statement(kind) into the schema"
    assert str(node["description"]).endswith(RULES[kind].description())


@pytest.mark.parametrize("kind", sorted(SCHEMA_IDS))
def test_the_schema_pattern_refuses_exactly_what_the_loader_refuses(kind: str) -> None:
    [statement] = _id_schema(kind)["allOf"]  # type: ignore[misc]
    pattern = str(statement["pattern"])
    # Letters, digits, hyphens and plain operators only: the same in ECMA-262 (editors) and Python.
    assert re.fullmatch(r"[\^$()?:!|.*+a-z0-9\[\]-]+", pattern), pattern
    rule = RULES[kind]
    reserved = [name for group in rule.groups for name in group.names]
    samples = reserved + [f"{name}-x" for name in reserved] + [f"x-{name}" for name in reserved]
    samples += ["portal-x", "portal", "objective-x", "a-questions", "a-level-12", "level-1", "com10", "index"]
    for value in samples:
        assert (re.search(pattern, value) is None) == (rule.why(value) is not None), value


def test_the_term_description_states_its_rule() -> None:
    schema = json.loads((ROOT / "schemas" / "glossary.schema.json").read_text(encoding="utf-8"))
    description = schema["properties"]["terms"]["items"]["properties"]["term"]["description"]
    assert RULES["term"].description().removeprefix("Reserved, so refused") in description


# ---- File names: Windows device names and names that differ only in case ----


def problems_in(folder: Path, root: Path) -> list[str]:
    return [f"{p.file}: {p.problem}" for p in scan_tree(folder, root).problems]


WINDOWS_NAMES = [
    "con.md",
    "CON.md",
    "Aux.md",
    "nul",
    "prn.txt",
    "con.foo.md",
    "nul .md",
    "com1.md",
    "COM9.yml",
    "lpt1.md",
    "lpt9.svg",
    "com\u00b9.md",
    "lpt\u00b3.md",
    "conin$.md",
    "what?.md",
    "a:b.md",
    'say "hi".md',
    "pipe|name.md",
    "back\\slash.md",
    "star*.md",
    "less<.md",
    "ends-with-dot.",
    "ends-with-space ",
]
WINDOWS_ALLOWED = ["console.md", "com10.md", "lpt.md", "auxiliary.md", "con-tact.md", "nul-points.md", "icon.md"]


@pytest.mark.parametrize("name", WINDOWS_NAMES)
def test_a_name_windows_cannot_create_is_refused(tmp_path: Path, name: str) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / name).write_text("# Page\n", encoding="utf-8")
    found = scan_tree(docs, tmp_path)
    assert found.files == ()  # never read, never published
    [problem] = found.problems
    assert (problem.file, problem.line) == (f"docs/{name}", 1)
    assert problem.problem.startswith(f"the name '{name}' ") and problem.hint.startswith("rename it")


@pytest.mark.parametrize("name", WINDOWS_ALLOWED)
def test_a_near_miss_of_a_windows_name_is_accepted(tmp_path: Path, name: str) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / name).write_text("# Page\n", encoding="utf-8")
    assert problems_in(docs, tmp_path) == []


def test_a_folder_with_a_device_name_is_refused_and_not_entered(tmp_path: Path) -> None:
    (tmp_path / "local" / "docs" / "Prn" / "inner").mkdir(parents=True)
    (tmp_path / "local" / "docs" / "Prn" / "inner" / "page.md").write_text("# Page\n", encoding="utf-8")
    found = scan_tree(tmp_path / "local", tmp_path)
    assert found.files == ()
    assert [p.file for p in found.problems] == ["local/docs/Prn"]


NFC, NFD = (unicodedata.normalize(form, "café.md") for form in ("NFC", "NFD"))
# (folder scanned, files made in it, the entry reported, the entry it is reported against)
CASE_TWINS = [
    ("docs", ["about.md", "About.md"], "docs/about.md", "docs/About.md"),
    ("docs", ["risks/index.md", "risks/INDEX.md"], "docs/risks/index.md", "docs/risks/INDEX.md"),
    ("docs", ["guides/deep/note.md", "guides/deep/Note.md"], "docs/guides/deep/note.md", "docs/guides/deep/Note.md"),
    ("docs", ["risks/page.md", "Risks/page.md"], "docs/risks", "docs/Risks"),
    ("local", ["docs/page.md", "docs/PAGE.md"], "local/docs/page.md", "local/docs/PAGE.md"),
    ("local", ["docs/team/page.md", "docs/Team/page.md"], "local/docs/team", "local/docs/Team"),
    ("data", ["risks/grooming.yml", "risks/Grooming.yml"], "data/risks/grooming.yml", "data/risks/Grooming.yml"),
    ("data", ["risks/x.yml", "Risks/x.yml"], "data/risks", "data/Risks"),
    ("docs", [NFC, NFD], f"docs/{NFC}", f"docs/{NFD}"),
]


@pytest.mark.parametrize("top, made, reported, other", CASE_TWINS, ids=[c[2] for c in CASE_TWINS])
def test_names_that_differ_only_in_case_are_refused_naming_both(
    tmp_path: Path, top: str, made: list[str], reported: str, other: str
) -> None:
    for name in made:
        (tmp_path / top / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / top / name).write_text("x: 1\n", encoding="utf-8")
    scanned = scan_tree(tmp_path / top, tmp_path)
    [problem] = scanned.problems
    how = "in how its accents are encoded" if top == "docs" and NFC in made else "in upper and lower case"
    assert (problem.file, problem.line) == (reported, 1)
    assert problem.problem.startswith(f"differs from {other} only {how}"), problem
    assert len(scanned.files) == 2  # both are still read, so each is checked for everything else too


@pytest.mark.parametrize("first, second", [("about.md", "about-us.md"), ("risks.md", "risks"), ("a.md", "a.yml")])
def test_names_that_differ_by_more_than_case_pass(tmp_path: Path, first: str, second: str) -> None:
    docs = tmp_path / "docs"
    for name in (first, second):
        if "." in name:
            (docs / name).parent.mkdir(parents=True, exist_ok=True)
            (docs / name).write_text("# Page\n", encoding="utf-8")
        else:
            (docs / name).mkdir(parents=True)
            (docs / name / "page.md").write_text("# Page\n", encoding="utf-8")
    assert problems_in(docs, tmp_path) == []


def test_a_page_beside_its_case_twin_stops_the_build(tmp_path: Path) -> None:
    """docs/About.md beside docs/about.md built two pages, About/ and about/, one of them lost on Windows and macOS."""
    project = copy_project(tmp_path / "project")
    about = (project / "docs" / "about.md").read_text(encoding="utf-8")
    (project / "docs" / "About.md").write_text(about, encoding="utf-8")
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode == 1
    output = result.stdout + result.stderr
    assert "docs/about.md:1: (file): differs from docs/About.md only in upper and lower case" in output, output
    assert not (tmp_path / "site").exists()


# ---- Held to the real build: every fixed id is reserved, and no page has one id twice ----


def duplicate_ids(soup: BeautifulSoup) -> dict[str, int]:
    counts = Counter(str(element["id"]) for element in soup.find_all(id=True))
    return {element_id: count for element_id, count in counts.items() if count > 1}


def test_the_duplicate_id_finder_finds_them() -> None:
    page = BeautifulSoup('<h2 id="reporting">A</h2><p id="x"></p><h3 id="reporting">B</h3>', "html.parser")
    assert duplicate_ids(page) == {"reporting": 2}


def test_no_built_page_has_two_elements_with_one_id(built_site: Path) -> None:
    pages = sorted(built_site.rglob("*.html"))
    assert len(pages) > 40
    found = {}
    for path in pages:
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        assert soup.find(id=True) is not None, path  # every page has ids to compare
        if duplicates := duplicate_ids(soup):
            found[path.relative_to(built_site).as_posix()] = duplicates
    assert found == {}


def _ids(built_site: Path, url: str) -> list[str]:
    soup = BeautifulSoup((built_site / url / "index.html").read_text(encoding="utf-8"), "html.parser")
    return [str(element["id"]) for element in soup.find_all(id=True)]


def _h1(built_site: Path, url: str) -> str:
    soup = BeautifulSoup((built_site / url / "index.html").read_text(encoding="utf-8"), "html.parser")
    return str(soup.find("h1")["id"])


def test_every_fixed_id_on_a_page_of_item_anchors_is_reserved_for_those_items(built_site: Path) -> None:
    """The ids a page has that no item gave it could be an item's id one day: each must be refused for that kind.

    Ids that no id can be (Material's '__drawer', '__palette_0') are left out. So is the heading of a page
    made from an item, whose anchor comes from the item's title: Markdown's contents makes such an anchor
    unique ('title_1') when it is taken, so it never doubles. An anchor made from an area's id and more
    ('<area>-gaps') must have its ending reserved for areas, or another area could be named so.
    """
    guidance = load_guidance(ROOT / "data")
    pages: list[tuple[str, str, set[str]]] = [  # (page, kind of its item anchors, the ids items gave it)
        ("resources", "resource", {r.id for r in guidance.resources}),
        ("faqs", "faq", {f.id for f in guidance.faqs}),
        ("risks", "risk", {r.id for r in guidance.risks}),
        ("glossary", "term", {t.id for t in guidance.glossary}),
    ]
    for objective in guidance.objectives:
        url = OBJECTIVE_PAGE.format(id=objective.id).removesuffix(".md")
        pages.append((url, "area", {a.id for a in objective.areas} | {_h1(built_site, url)}))
    for guide in guidance.guides:
        url = GUIDE_PAGE.format(id=guide.id).removesuffix(".md")
        pages.append((url, "step", {s.id for s in guide.steps} | {_h1(built_site, url)}))
    unreserved = []
    for url, kind, given in pages:
        ids = _ids(built_site, url)
        assert given & set(ids), f"{url}: no item anchors found; is the page still made this way?"
        for element_id in ids:
            if element_id in given or not ID.fullmatch(element_id):
                continue
            made_from = [i for i in given if element_id.startswith(f"{i}-")] if kind == "area" else []
            reserved = RULES[kind].why(f"x-{element_id[len(made_from[0]) + 1 :]}" if made_from else element_id)
            if reserved is None:
                unreserved.append(
                    f"{url}/: '{element_id}' is not reserved for {kind} ids in portal/checks/reserved_ids.py"
                )
    assert unreserved == []


def test_no_objective_and_area_can_make_one_of_the_self_reviews_own_ids(built_site: Path) -> None:
    """The self-review's ids are 'sr-<objective>-<area>...': its own must not be one an objective could start,
    and each ending it puts after an area's id must be reserved for areas."""
    guidance = load_guidance(ROOT / "data")
    given = {f"sr-objective-{o.id}" for o in guidance.objectives}
    keys = {f"sr-{o.id}-{a.id}" for o in guidance.objectives for a in o.areas}
    own, endings = [], set()
    for element_id in _ids(built_site, "self-review"):
        if not element_id.startswith("sr") or element_id in given | keys:
            continue
        key = next((k for k in keys if element_id.startswith(f"{k}-")), None)
        if key is None:
            own.append(element_id)
        else:
            endings.add(element_id[len(key) + 1 :])
    assert endings >= {"commentary", "evidence", "level-1"}, "is the form still made this way?"
    assert [e for e in sorted(endings) if RULES["area"].why(f"x-{e}") is None] == []
    assert sorted(own) == sorted(SELF_REVIEW_IDS), "list the self-review's own ids in SELF_REVIEW_IDS"
    for element_id in own:
        words = element_id.split("-")[1:]
        for end in range(1, len(words)):  # 'sr-' + objective + '-' + at least one word of the area
            objective = "-".join(words[:end])
            assert RULES["objective"].why(objective) is not None, f"{element_id}: objective '{objective}'"


def test_every_hand_written_page_in_a_generated_folder_is_reserved() -> None:
    """docs/risks/index.md is risks/index.md: a risk 'index' would replace it. So would a new page's name."""
    folders = {
        page.split("/")[0]: kind
        for page, kind in (
            (OBJECTIVE_PAGE, "objective"),
            (RISK_PAGE, "risk"),
            (AUDIENCE_PAGE, "audience"),
            (GUIDE_PAGE, "guide"),
        )
    }
    assert set(folders) == set(FOLDER_PAGES)
    for folder, kind in folders.items():
        names = {p.stem for p in (ROOT / "docs" / folder).glob("*.md")} | {
            p.name for p in (ROOT / "docs" / folder).iterdir() if p.is_dir()
        }
        assert names == set(FOLDER_PAGES[folder]), folder
        for name in names:
            assert RULES[kind].why(name) is not None, f"{folder}/{name}"
