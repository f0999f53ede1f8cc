"""Nation-aware data: where each fact applies, and what applies in the other UK nations."""

from __future__ import annotations

import re
from pathlib import Path

from portal.model.loader import load_guidance
from portal.site.rendering import PageRenderer
from tests.test_validation import TODAY, edit, errors_for, only

WELSH_GUIDE = """\
id: guide-cymru
title: Guide Cymru
publisher: Welsh Example Department
url: https://example.org.uk/cymru
kind: statutory-guidance
edition: "2021"
summary: Statutory guidance for schools in Wales.
cost: free
audiences: [schools]
nations: [wales]
equivalents:
  england: [guide-two]
no_equivalent:
  scotland: Nothing like it was found for Scotland.
  northern-ireland: Nothing like it was found for Northern Ireland.
sources:
  - title: Example source
    url: https://example.org.uk/cymru
reviewed: 2026-07-15
review_interval_months: 6
"""


def add_english_term(data: Path, term: str) -> None:
    """Put a glossary term used in England only at the top of the fixture's glossary."""
    glossary = data / "glossary.yml"
    text = glossary.read_text(encoding="utf-8")
    first_term = text.index("  - term: ")
    entry = (
        f"  - term: {term}\n    nations: [england]\n    definition: A role in England.\n"
        "    sources:\n      - title: Example\n        url: https://example.org.uk/zebra\n"
    )
    glossary.write_text(text[:first_term] + entry + text[first_term:], encoding="utf-8")


def add_welsh_guide(data: Path) -> None:
    (data / "resources/guide-cymru.yml").write_text(WELSH_GUIDE, encoding="utf-8")


# ---- equivalents ----


def test_an_equivalent_declared_on_one_item_is_shown_on_both(minimal_data: Path) -> None:
    add_welsh_guide(minimal_data)
    guidance = load_guidance(minimal_data, today=TODAY)
    assert guidance.resources.get("guide-cymru").equivalents == (("england", ("guide-two",)),)
    # guide-two never names the Welsh guide, yet its page must point Welsh readers to it.
    assert guidance.resources.get("guide-two").equivalents == (("wales", ("guide-cymru",)),)
    assert [n.nations for n in guidance.resources.get("guide-cymru").no_equivalent] == [
        ("scotland",),
        ("northern-ireland",),
    ]
    # UK-wide items have no equivalents at all (negative control).
    assert guidance.resources.get("helpline-one").equivalents == ()


def test_an_equivalent_in_the_items_own_nation_is_refused(minimal_data: Path) -> None:
    add_welsh_guide(minimal_data)
    edit(minimal_data / "resources/guide-cymru.yml", "  england: [guide-two]", "  wales: [guide-two]")
    errors = [e for e in errors_for(minimal_data) if e.field.startswith("equivalents")]
    error = only(errors)
    assert (error.file, error.line, error.field) == ("data/resources/guide-cymru.yml", 12, "equivalents.wales")
    assert "already applies in Wales" in error.problem


def test_an_equivalent_that_does_not_apply_in_that_nation_is_refused(minimal_data: Path) -> None:
    add_welsh_guide(minimal_data)
    # guide-two applies in England, so it cannot be what does the job in Scotland.
    edit(
        minimal_data / "resources/guide-cymru.yml",
        "  england: [guide-two]",
        "  england: [guide-two]\n  scotland: [guide-two]",
    )
    edit(minimal_data / "resources/guide-cymru.yml", "  scotland: Nothing like it was found for Scotland.\n", "")
    error = only(errors_for(minimal_data))
    assert (error.file, error.line, error.field) == ("data/resources/guide-cymru.yml", 13, "equivalents.scotland[0]")
    assert error.problem == "'guide-two' applies in England, not Scotland"


def test_an_unknown_equivalent_gets_a_did_you_mean(minimal_data: Path) -> None:
    add_welsh_guide(minimal_data)
    edit(minimal_data / "resources/guide-cymru.yml", "  england: [guide-two]", "  england: [guide-too]")
    errors = errors_for(minimal_data)
    unknown = [e for e in errors if e.field == "equivalents.england[0]"]
    assert unknown and "guide-too" in unknown[0].problem and "guide-two" in unknown[0].hint


def test_a_nation_limited_item_must_say_what_applies_elsewhere(minimal_data: Path) -> None:
    guide = minimal_data / "resources/guide-two.yml"
    edit(guide, "  scotland: Nothing like it was found for Scotland; ask your child protection committee.\n", "")
    edit(
        guide, "  northern-ireland: Nothing like it was found for Northern Ireland; ask the Education Authority.\n", ""
    )
    error = only(errors_for(minimal_data))
    assert (error.file, error.line, error.field) == ("data/resources/guide-two.yml", 9, "nations")
    assert error.problem == (
        "applies only in England but says nothing about what applies in Scotland and Northern Ireland"
    )
    assert "equivalents" in error.hint and "no_equivalent" in error.hint


def test_an_equivalent_declared_on_the_other_item_counts_for_coverage(minimal_data: Path) -> None:
    add_welsh_guide(minimal_data)
    # guide-two drops its own note for Wales: the Welsh guide's link to it now covers Wales.
    edit(
        minimal_data / "resources/guide-two.yml",
        "  wales: Nothing like it was found for Wales; ask your local safeguarding board.\n",
        "",
    )
    load_guidance(minimal_data, today=TODAY)


def test_no_equivalent_in_the_items_own_nation_contradicts_it(minimal_data: Path) -> None:
    edit(minimal_data / "resources/guide-two.yml", "no_equivalent:\n", "no_equivalent:\n  england: Nothing.\n")
    error = only(errors_for(minimal_data))
    assert error.field == "no_equivalent.england" and "contradicts" in error.problem


def test_statutory_guidance_needs_an_edition_and_a_short_review_interval(minimal_data: Path) -> None:
    guide = minimal_data / "resources/guide-two.yml"
    edit(guide, 'edition: "2026"\n', "")
    edit(guide, "review_interval_months: 6", "review_interval_months: 12")
    errors = errors_for(minimal_data)
    assert sorted((e.field, e.line) for e in errors) == [("kind", 5), ("review_interval_months", 19)]
    assert any("needs an edition" in e.problem for e in errors)
    assert any("at least every 6 months" in e.problem for e in errors)


def test_a_summary_claiming_a_nation_its_list_leaves_out_is_refused(minimal_data: Path) -> None:
    edit(
        minimal_data / "resources/guide-two.yml",
        "summary: Statutory guidance for schools in England.",
        "summary: Statutory guidance for schools in England. It also applies in Scotland.",
    )
    error = only(errors_for(minimal_data))
    assert (error.field, error.line) == ("summary", 6)
    assert error.problem == "says it applies in Scotland, but nations lists England"


def test_a_summary_saying_where_it_does_not_apply_is_accepted(minimal_data: Path) -> None:
    edit(
        minimal_data / "resources/guide-two.yml",
        "summary: Statutory guidance for schools in England.",
        "summary: Statutory guidance for schools in England. It does not apply in Wales.",
    )
    load_guidance(minimal_data, today=TODAY)


# ---- text that relies on a nation-limited item ----


def test_uk_wide_text_naming_nation_limited_guidance_must_say_where(minimal_data: Path) -> None:
    edit(
        minimal_data / "faqs/who-leads.yml",
        "  The safeguarding lead leads, supported by others.",
        "  The safeguarding lead leads.\n  Guide Two says so.",
    )
    error = only(errors_for(minimal_data))
    assert (error.file, error.line, error.field) == ("data/faqs/who-leads.yml", 6, "answer")
    assert error.problem == (
        "mentions 'Guide Two' (resource 'guide-two'), which applies only in England, without saying so"
    )
    assert "in England" in error.hint and "by_nation" in error.hint


def test_naming_the_nation_in_the_sentence_is_enough(minimal_data: Path) -> None:
    edit(
        minimal_data / "faqs/who-leads.yml",
        "  The safeguarding lead leads, supported by others.",
        "  In England, Guide Two says the head leads.",
    )
    load_guidance(minimal_data, today=TODAY)


def test_text_labelled_with_the_nation_may_name_its_guidance(minimal_data: Path) -> None:
    edit(
        minimal_data / "faqs/who-leads.yml",
        "objectives:",
        "by_nation:\n"
        "  - nations: [england]\n    text: Guide Two says the DSL leads.\n"
        "  - nations: [wales, scotland, northern-ireland]\n    text: Ask your local safeguarding board.\n"
        "objectives:",
    )
    guidance = load_guidance(minimal_data, today=TODAY)
    faq = guidance.faqs.get("who-leads")
    assert [(v.nations, v.label) for v in faq.by_nation] == [
        (("england",), "England"),
        (("wales", "scotland", "northern-ireland"), "Wales, Scotland and Northern Ireland"),
    ]


def test_a_glossary_term_marked_with_nations_is_checked_like_guidance(minimal_data: Path) -> None:
    add_english_term(minimal_data, "ZEBRA")
    guidance = load_guidance(minimal_data, today=TODAY)
    page = PageRenderer(guidance, "glossary.md").render("glossary_list.md.j2")
    others, zebra = page.split("## ZEBRA { #zebra }")
    assert zebra.split("\n## ")[0].count("Used in England\n{ .portal-meta .portal-where }") == 1
    rest = others + zebra.split("\n## ", 1)[-1] if "\n## " in zebra else others
    assert "Used in" not in rest  # UK-wide terms carry no label (negative control)
    edit(
        minimal_data / "faqs/who-leads.yml", "  The safeguarding lead leads, supported by others.", "  Tell the ZEBRA."
    )
    error = only(errors_for(minimal_data))
    assert error.field == "answer" and "glossary term 'ZEBRA'" in error.problem


# ---- by_nation entries ----

STEP = """actions:
  - Do not view the image.
  - by_nation:
      - nations: [england]
        text: Tell the LADO.
      - nations: [wales]
        text: Tell the Designated Officer for Safeguarding.
      - nations: [scotland, northern-ireland]
        text: Follow your local child protection procedures.
  - Write it down."""


def test_a_step_may_differ_by_nation(minimal_data: Path) -> None:
    edit(
        minimal_data / "risks/fixture-risk.yml",
        "actions:\n  - Do not view the image.\n  - Tell the safeguarding lead.\n  - Write it down.",
        STEP,
    )
    risk = load_guidance(minimal_data, today=TODAY).risks.get("fixture-risk")
    assert risk.actions[0].text == "Do not view the image." and risk.actions[0].by_nation == ()
    assert [v.key for v in risk.actions[1].by_nation] == ["england", "wales", "scotland northern-ireland"]


def test_a_step_that_leaves_a_nation_out_is_refused(minimal_data: Path) -> None:
    edit(
        minimal_data / "risks/fixture-risk.yml",
        "actions:\n  - Do not view the image.\n  - Tell the safeguarding lead.\n  - Write it down.",
        STEP.replace("[scotland, northern-ireland]", "[scotland]"),
    )
    error = only(errors_for(minimal_data))
    assert (error.line, error.field) == (14, "actions[1].by_nation")
    assert error.problem == "says nothing for Northern Ireland"
    assert "if nothing equivalent exists there, say so" in error.hint


def test_a_nation_given_twice_is_refused(minimal_data: Path) -> None:
    edit(
        minimal_data / "risks/fixture-risk.yml",
        "actions:\n  - Do not view the image.\n  - Tell the safeguarding lead.\n  - Write it down.",
        STEP.replace("nations: [wales]", "nations: [wales, england]"),
    )
    error = only(errors_for(minimal_data))
    assert error.field == "actions[1].by_nation[1].nations"
    assert error.problem == "England already has an entry (actions[1].by_nation[0])"


def test_a_variant_for_a_nation_the_item_does_not_cover_is_refused(minimal_data: Path) -> None:
    edit(minimal_data / "risks/fixture-risk.yml", "audiences:", "nations: [england, wales, scotland]\naudiences:")
    edit(
        minimal_data / "risks/fixture-risk.yml",
        "actions:\n  - Do not view the image.\n  - Tell the safeguarding lead.\n  - Write it down.",
        STEP,
    )
    errors = errors_for(minimal_data)
    # The fixture's own route step (actions[3]) names Northern Ireland too.
    assert [e.field for e in errors] == ["actions[1].by_nation[2].nations", "actions[3].by_nation[1].nations"]
    assert all("Northern Ireland is not among the item's nations" in e.problem for e in errors)


def test_a_step_in_the_wrong_shape_gets_a_schema_error(minimal_data: Path) -> None:
    edit(
        minimal_data / "risks/fixture-risk.yml",
        "  - Tell the safeguarding lead.",
        "  - nations: [england]\n    text: Tell the safeguarding lead.",
    )
    errors = errors_for(minimal_data)
    assert [(e.line, e.field) for e in errors] == [(14, "actions[1].nations"), (15, "actions[1].text")]
    assert errors[0].problem == "unknown field 'nations'" and "by_nation" in errors[0].hint


# ---- pages ----


def test_steps_and_blocks_are_labelled_for_every_nation_on_the_page(minimal_data: Path) -> None:
    edit(
        minimal_data / "risks/fixture-risk.yml",
        "actions:\n  - Do not view the image.\n  - Tell the safeguarding lead.\n  - Write it down.",
        STEP,
    )
    add_welsh_guide(minimal_data)
    edit(minimal_data / "risks/fixture-risk.yml", "resources: [helpline-one]", "resources: [helpline-one, guide-two]")
    guidance = load_guidance(minimal_data, today=TODAY)
    text = PageRenderer(guidance, "risks/fixture-risk.md").render("risk.md.j2", risk=guidance.risks.get("fixture-risk"))
    step = next(line for line in text.splitlines() if line.startswith("2. "))
    label = '<strong class="portal-nation__label">'
    assert f'<span class="portal-nation" data-nations="england">{label}England:</strong> Tell the LADO.</span>' in step
    assert f'data-nations="scotland northern-ireland">{label}Scotland and Northern Ireland:</strong>' in step
    assert "1. Do not view the image." in text and "data-nations" not in text.split("2. ")[0].split("# Fixture risk")[1]
    # The England-only guide is labelled, and points Welsh readers to their own guidance.
    card = text.split("[Guide Two]")[0].rsplit("<div", 1)[1]
    assert 'data-nations="england"' in card
    assert "England only" in text.split("[Guide Two]")[1].split("</div>")[0]
    # Wales's line follows the England-only card, as its own block, not inside it.
    wales = f'<span class="portal-nation" data-nations="wales">{label}Wales, in place of '
    assert wales in text and "[Guide Cymru](../resources.md#guide-cymru)" in text.split(wales)[1].split("</span>")[0]
    assert "</div>" in text.split("[Guide Two]")[1].split(wales)[0], "Wales's line is inside the England-only card"
    # Where Wales's own card is in the same list, the line would repeat it, so it is left out.
    edit(
        minimal_data / "risks/fixture-risk.yml",
        "resources: [helpline-one, guide-two]",
        "resources: [helpline-one, guide-two, guide-cymru]",
    )
    guidance = load_guidance(minimal_data, today=TODAY)
    text = PageRenderer(guidance, "risks/fixture-risk.md").render("risk.md.j2", risk=guidance.risks.get("fixture-risk"))
    assert not re.search(r'data-nations="wales">[^\n]*in place of[^\n]*Guide Cymru', text)
    assert 'data-nations="wales">' in text and "[Guide Cymru" in text
    # The UK-wide helpline is never folded away.
    helpline = text.split("[Helpline One")[0].rsplit("<div", 1)[1]
    assert "data-nations" not in helpline


def test_every_page_carries_the_nation_control_defaulting_to_all_nations(built_site: Path) -> None:
    for page in ("index.html", "risks/sharing-nudes/index.html", "glossary/index.html", "self-review/index.html"):
        html = (built_site / page).read_text(encoding="utf-8")
        assert "data-portal-nation-choice hidden" in html and 'data-default="all"' in html, page
        assert '<label for="portal-nation-select">Your nation</label>' in html
        assert "assets/nation.js" in html
    assert (built_site / "assets/nation.js").is_file()


def test_a_hosted_copy_can_open_on_its_own_nation(tmp_path: Path) -> None:
    from tests.conftest import copy_project, mkdocs_build

    project = copy_project(tmp_path / "project")
    (project / "local").mkdir()
    (project / "local" / "profile.yml").write_text("default_nation: wales\n", encoding="utf-8")
    site = tmp_path / "site"
    result = mkdocs_build(project, site, env={"PORTAL_LOCAL_DIR": "local"})
    assert result.returncode == 0, (result.stdout + result.stderr)[-3000:]
    html = (site / "risks/sharing-nudes/index.html").read_text(encoding="utf-8")
    assert 'data-default="wales"' in html and 'data-default="all"' not in html


def test_a_default_nation_outside_the_four_is_refused(minimal_data: Path) -> None:
    edit(minimal_data / "site.yml", "name:", "default_nation: cornwall\nname:")
    error = only(errors_for(minimal_data))
    assert (error.file, error.line, error.field) == ("data/site.yml", 1, "default_nation")
    assert "cornwall" in error.problem


def test_a_one_word_name_opening_a_sentence_is_read_as_the_ordinary_word(minimal_data: Path) -> None:
    add_english_term(minimal_data, "Zebra")
    faq = minimal_data / "faqs/who-leads.yml"
    # "Prevent access ..." is the verb, not the Prevent duty: a sentence that opens with the word passes.
    edit(
        faq,
        "  The safeguarding lead leads, supported by others.",
        "  The safeguarding lead leads. Zebra crossings help.",
    )
    load_guidance(minimal_data, today=TODAY)
    # Inside a sentence it is the name, and must be placed (negative control).
    edit(faq, "Zebra crossings help.", "Meet the Zebra duty.")
    error = only(errors_for(minimal_data))
    assert error.field == "answer" and "'Zebra' (glossary term 'Zebra')" in error.problem


def test_a_fold_button_s_topic_is_the_item_s_own_words_safely_quoted(minimal_data: Path) -> None:
    edit(
        minimal_data / "faqs/who-leads.yml",
        "question: Who leads on online safety?",
        """question: 'Who leads on "online" safety & apps?'""",
    )
    edit(
        minimal_data / "faqs/who-leads.yml",
        "objectives:",
        "by_nation:\n  - nations: [england]\n    text: Ask the head.\n"
        "  - nations: [wales, scotland, northern-ireland]\n    text: Ask the board.\nobjectives:",
    )
    guidance = load_guidance(minimal_data, today=TODAY)
    text = PageRenderer(guidance, "faqs.md").render("faq_list.md.j2", faq_entities=[])
    assert 'data-nation-topic="Who leads on &#34;online&#34; safety &amp; apps?">' in text
    assert 'data-nation-topic="Who leads on "online"' not in text
