"""Issue 26 in real Chromium: abbreviations a keyboard and a finger can open, hidden status text, headings.

The walk of every page (each first use checked in place, some opened by keyboard on a desktop and by touch
on a phone, status text hidden, headings that read as headings) runs in the every-page survey, which loads
each page anyway: tests/test_quality.py (TestDesktop, TestPhone), with the probes in
tests/abbreviation_probes.py. Here: single pages, the negative controls, the space bar, Tab order, the dark
palette, open toggletips on a phone and axe with them open. A phone is 390x844 with touch; a desktop
1280x900 with a keyboard; each one browser context reused by every test.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from abbreviation_probes import (
    CONTROL,
    FIRST_USES,
    HEADINGS,
    NO_CONTROL,
    PROBE_BEFORE,
    SHOWN,
    STATE,
    VISIBLE_STATUS,
    keyboard_problems,
    visit,
)

from tests.conftest import axe_violations

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 390, "height": 844}, "has_touch": True, "is_mobile": True}
DESKTOP = {"viewport": {"width": 1280, "height": 900}}
AXE_PAGES = ("risks/grooming/", "glossary/", "")
GUIDE = "respond/online-grooming-concern/"


def _context_page(browser: Any, options: dict[str, Any]) -> Iterator[Any]:
    context = browser.new_context(**options)
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    yield page
    context.close()


@pytest.fixture(scope="module")
def desktop(browser: Any) -> Iterator[Any]:
    """One desktop tab (keyboard) reused by every test here."""
    yield from _context_page(browser, DESKTOP)


@pytest.fixture(scope="module")
def phone(browser: Any) -> Iterator[Any]:
    """One phone tab (touch) reused by every test here."""
    yield from _context_page(browser, PHONE)


def test_open_abbreviations_fit_a_phone(phone: Any, site_url: str) -> None:
    # With every one of them open at once, a page still fits a phone's width (WCAG 1.4.10).
    for path in ("risks/grooming/", "resources/", "glossary/", GUIDE):
        phone.goto(f"{site_url}/{path}")
        opened = phone.evaluate(
            "() => { const b = document.querySelectorAll('.portal-abbr'); b.forEach(e => e.click()); return b.length; }"
        )
        assert opened > 0
        assert phone.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth"), path


def test_the_checks_fail_for_a_plain_abbr(browser: Any, desktop: Any, site_url: str) -> None:
    # Negative controls. Without JavaScript every abbreviation is a plain <abbr title> (its title still
    # there for a mouse), and the keyboard check fails for every first use that is not spelled out.
    context = browser.new_context(**DESKTOP, java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{site_url}/risks/grooming/")
    assert page.locator("abbr[title='Child Exploitation and Online Protection command']").count() > 0
    uses = page.evaluate(FIRST_USES)
    results = [keyboard_problems(page, use, n) for n, use in enumerate(uses) if not use["spelled"]]
    context.close()
    assert len(results) >= 5 and all(result == [NO_CONTROL] for result in results), results
    assert all(use["problems"] == [NO_CONTROL] for use in uses if not use["spelled"])
    # A plain <abbr> is not in the tab order: from just before it, Tab goes past it.
    desktop.goto(f"{site_url}/risks/grooming/")
    desktop.evaluate(FIRST_USES)
    desktop.evaluate("""() => {
      const plain = Array.from(document.querySelectorAll("abbr[title]")).filter(a => !a.closest("button, a")).pop();
      plain.setAttribute("data-plain", "");
      const probe = document.createElement("span");
      probe.tabIndex = 0;
      plain.before(probe);
      probe.focus();
    }""")
    desktop.keyboard.press("Tab")
    assert desktop.evaluate("() => !document.querySelector('[data-plain]').contains(document.activeElement)")
    # Undo the enhancement of one abbreviation on the live page: the check that passed now fails.
    desktop.goto(f"{site_url}/risks/grooming/")
    uses = desktop.evaluate(FIRST_USES)
    n, use = next((n, use) for n, use in enumerate(uses) if not use["spelled"])
    assert keyboard_problems(desktop, use, n) == []
    desktop.evaluate(
        """n => {
      const abbr = document.querySelector(`[data-probe="${n}"]`);
      const button = abbr.closest("button");
      if (button) button.replaceWith(abbr); else abbr.closest("a").nextElementSibling.remove();
    }""",
        n,
    )
    assert keyboard_problems(desktop, use, n) == [NO_CONTROL]
    # A control taken out of the tab order is caught in place, and by Tab.
    undone = n
    n, use = next((n, use) for n, use in enumerate(uses) if not use["spelled"] and n != undone)
    desktop.evaluate(CONTROL, n)
    desktop.evaluate("() => document.querySelector('[data-control]').tabIndex = -1")
    assert keyboard_problems(desktop, use, n) == ["not reached with Tab"]
    assert "the control is not a button in the tab order" in desktop.evaluate(FIRST_USES)[n]["problems"]


def test_space_also_opens_and_closes(desktop: Any, site_url: str) -> None:
    desktop.goto(f"{site_url}/risks/grooming/")
    uses = desktop.evaluate(FIRST_USES)
    n = next(n for n, use in enumerate(uses) if not use["spelled"])
    assert desktop.evaluate(CONTROL, n) and desktop.evaluate(PROBE_BEFORE)
    desktop.keyboard.press("Tab")
    desktop.keyboard.press("Space")
    assert desktop.evaluate(STATE)["text"] == uses[n]["title"]
    desktop.keyboard.press("Space")
    assert desktop.evaluate(STATE)["expanded"] == "false"


def test_tab_reaches_every_toggletip_from_the_top_of_the_page(desktop: Any, site_url: str) -> None:
    desktop.goto(f"{site_url}/risks/grooming/")
    count = desktop.evaluate("""() => {
      window.reached = new Set();
      document.addEventListener("focusin", event => window.reached.add(event.target));
      return document.querySelectorAll("button.portal-abbr").length;
    }""")
    assert count >= 5
    missed = ["not started"]
    for _ in range(20):  # at most 300 presses, stopping once every toggletip has had the focus
        for _ in range(15):
            desktop.keyboard.press("Tab")
        missed = desktop.evaluate(
            "() => Array.from(document.querySelectorAll('button.portal-abbr')).filter(b => !window.reached.has(b))"
            ".map(b => b.textContent || b.getAttribute('aria-label'))"
        )
        if not missed:
            break
    assert missed == []


def test_status_text_is_read_out_not_shown(desktop: Any, site_url: str) -> None:
    # A guide's answer fills its status text ("You answered ..."): read out by screen readers, not shown.
    desktop.goto(f"{site_url}/{GUIDE}")
    desktop.locator("a.portal-guide-answer:visible").first.click()
    status = desktop.locator("[data-portal-guide-status]")
    assert status.text_content().strip(), "the guide's status text was not filled"
    assert status.get_attribute("role") == "status"
    assert desktop.evaluate(VISIBLE_STATUS) == []
    # Negative control: without the class, the same text is on screen, and the check says so.
    status.evaluate("element => element.removeAttribute('class')")
    assert status.evaluate(SHOWN)
    box = status.bounding_box()
    assert box is not None and box["width"] > 1 and box["height"] > 1


def test_headings_read_as_headings_in_the_dark_palette(desktop: Any, phone: Any, site_url: str) -> None:
    # The light palette is checked on every page above; the dark one here, on pages with h1 to h3.
    failures = []
    for page in (desktop, phone):
        page.emulate_media(color_scheme="dark")
        page.goto(f"{site_url}/")
        page.evaluate("() => localStorage.clear()")  # a palette stored earlier would win over the system's
        for path in ("", "risks/grooming/", GUIDE, "resources/"):
            failures += [f"/{path} dark: {problem}" for problem in visit(page, f"{site_url}/{path}")]
            assert page.locator("body").get_attribute("data-md-color-scheme") == "slate"
        page.emulate_media(color_scheme="light")
    assert not failures, "\n".join(failures)
    # Negative controls: Material's light weight, and a faint colour, fail the same check.
    desktop.goto(f"{site_url}/risks/grooming/")
    desktop.evaluate("""() => {
      const [h1, h2] = document.querySelectorAll(".md-content h1, .md-content h2");
      h1.style.fontWeight = "300";
      h2.style.color = "var(--md-default-fg-color--lighter)";
    }""")
    h1, h2 = desktop.evaluate(HEADINGS)[:2]
    assert h1["weight"] < 600 and h2["contrast"] < 4.5, (h1, h2)


@pytest.mark.parametrize("path", AXE_PAGES)
def test_axe_finds_nothing_with_abbreviations_open_and_closed(
    desktop: Any, phone: Any, site_url: str, path: str
) -> None:
    for page in (desktop, phone):
        page.goto(f"{site_url}/{path}")
        assert page.locator("button.portal-abbr").count() > 0
        # Every other one open: both states are checked on one page.
        page.evaluate("() => document.querySelectorAll('.portal-abbr').forEach((b, n) => n % 2 && b.click())")
        assert axe_violations(page) == []
