"""Probes for issue 26's abbreviation checks, run in real Chromium on a page already loaded.

On each page, the first use of every abbreviation must be spelled out in the text before it or be a
toggletip: a button in the tab order that opens its expansion in a live region. Guide steps show one at a
time, so each step must explain its own abbreviations too. The first toggletip in every page's own text,
and each abbreviation in each kind of place (a paragraph, a heading, a link, a table, a guide step, the help
bar...) wherever it first appears, is then used for real: reached with Tab, opened with Enter, closed with
Escape (keyboard_problems); opened by a tap, closed by a second tap (tap_problems). The rest are checked in
place (the same script makes them all). Also: status text for screen readers is not shown, and headings read
as headings. The every-page survey (tests/test_quality.py) runs them on each page it loads; the tests of
tests/test_abbreviations_reach.py use them on single pages.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

NO_CONTROL = "no control: neither spelled out before nor a toggletip"

# The control that opens an abbreviation: a button around it, or (inside a link) the button after the link.
CONTROL_OF = """abbr => {
  const link = abbr.closest("a");
  if (link) {
    const next = link.nextElementSibling;
    return next && next.matches("button[aria-expanded]") ? next : null;
  }
  return abbr.closest("button");
}"""

# The first use of each abbreviation on the page, and of each within each guide step (shown on its own),
# with whether the page's text before it already spells it out, the kind of place it is in, and what is
# wrong with its control as it stands. Each is marked data-probe="N" for the steps that use it.
FIRST_USES = f"""() => {{
  const controlOf = {CONTROL_OF};
  const norm = text => text.replace(/\\s+/g, " ").trim().toLowerCase();
  const textBefore = (from, element) => {{
    const range = document.createRange();
    range.setStart(from, 0);
    range.setEndBefore(element);
    return norm(range.toString());
  }};
  const problems = abbr => {{
    const control = controlOf(abbr);
    if (!control) return ["{NO_CONTROL}"];
    const tip = document.getElementById(control.getAttribute("aria-controls") || "");
    const found = [];
    const out = control.closest("[inert], [aria-hidden='true']");
    if (control.tagName !== "BUTTON" || control.disabled || control.tabIndex < 0 || out)
      found.push("the control is not a button in the tab order");
    if (!control.closest("[data-step][hidden]") && !control.checkVisibility()) found.push("the control is not shown");
    if (control.getAttribute("aria-expanded") !== "false") found.push("aria-expanded is not false at first");
    const live = tip && (tip.getAttribute("aria-live") === "polite" || tip.getAttribute("role") === "status");
    if (!live || tip.textContent.trim())
      found.push("aria-controls names no empty live region for the expansion");
    if (!(control.getAttribute("aria-label") || control.textContent).includes(abbr.textContent.trim()))
      found.push("the control's name does not hold the abbreviation");
    return found;
  }};
  const kind = abbr => (abbr.closest("a") ? "after a link in " : "") +
    abbr.parentElement.closest("p, li, td, th, dt, dd, h1, h2, h3, h4, h5, h6, div").tagName +
    (abbr.closest(".md-banner") ? " (help bar)" : "") + (abbr.closest("[data-step]") ? " (guide step)" : "");
  const guide = document.querySelector("[data-guide]");
  const found = [];
  const add = (abbr, spelled, where) => {{
    abbr.setAttribute("data-probe", String(found.length));
    found.push({{text: abbr.textContent.trim(), title: abbr.title.trim(), spelled, where, kind: kind(abbr),
                 problems: spelled ? [] : problems(abbr)}});
  }};
  const pageFirst = new Map();
  for (const abbr of document.querySelectorAll("abbr[title]")) {{
    const text = abbr.textContent.trim();
    if (norm(text) === norm(abbr.title) || pageFirst.has(text)) continue;
    pageFirst.set(text, abbr);
    add(abbr, textBefore(document.body, abbr).includes(norm(abbr.title)), "page");
  }}
  for (const step of document.querySelectorAll("[data-step]")) {{
    const seen = new Set();
    for (const abbr of step.querySelectorAll("abbr[title]")) {{
      const text = abbr.textContent.trim();
      if (seen.has(text) || norm(text) === norm(abbr.title)) continue;
      seen.add(text);
      const first = pageFirst.get(text);
      const explainedAbove = guide && !guide.contains(first) &&
        (first.compareDocumentPosition(guide) & Node.DOCUMENT_POSITION_FOLLOWING);
      if (explainedAbove || abbr === first) continue;
      add(abbr, textBefore(step, abbr).includes(norm(abbr.title)), "step " + step.dataset.step);
    }}
  }}
  return found;
}}"""

# Marks the control of first use N; null if it has none, else whether it is on screen. Opens every closed
# <details> around it and shows its guide step, as a reader would get there.
CONTROL = f"""n => {{
  const abbr = document.querySelector(`[data-probe="${{n}}"]`);
  for (let d = abbr.closest("details"); d; d = d.parentElement.closest("details")) d.open = true;
  const step = abbr.closest("[data-step]");
  if (step && step.hidden) location.hash = step.dataset.step;
  const control = ({CONTROL_OF})(abbr);
  document.querySelectorAll("[data-control]").forEach(e => e.removeAttribute("data-control"));
  if (!control) return null;
  control.setAttribute("data-control", "");
  return control.checkVisibility();
}}"""

# A focusable probe just before the control, focused, so that one Tab must land on the control itself
# if it is in the tab order (a plain <abbr> is not, nor is anything hidden or with tabindex=-1).
PROBE_BEFORE = """() => {
  const control = document.querySelector("[data-control]");
  const probe = document.createElement("span");
  probe.tabIndex = 0;
  probe.id = "test-probe";
  control.before(probe);
  probe.focus();
  return document.activeElement === probe;
}"""

# What the control shows: its state, the words in the element it controls, and whether they are on screen.
# (Removes the probe, once Tab has left it.)
STATE = """() => {
  const probe = document.getElementById("test-probe");
  if (probe && document.activeElement !== probe) probe.remove();
  const control = document.querySelector("[data-control]");
  const tip = document.getElementById(control.getAttribute("aria-controls") || "");
  const box = tip ? tip.getBoundingClientRect() : null;
  const style = getComputedStyle(control);
  return {
    focused: document.activeElement === control,
    expanded: control.getAttribute("aria-expanded"),
    text: tip ? tip.textContent.replace(/\\s+/g, " ").trim() : null,
    shown: Boolean(box && box.width > 0 && box.height > 0 && tip.checkVisibility()),
    live: tip ? tip.getAttribute("role") || tip.getAttribute("aria-live") : null,
    outline: [style.outlineStyle, parseFloat(style.outlineWidth)],
  };
}"""

# Where a finger would touch the control, once it is scrolled into view.
TOUCH_POINT = """() => {
  const control = document.querySelector("[data-control]");
  control.scrollIntoView({block: "center"});
  const box = control.getBoundingClientRect();
  return {x: box.x + box.width / 2, y: box.y + box.height / 2};
}"""

# Text for screen readers only must be on screen as at most a 1x1 box, or clipped away.
SHOWN = """element => {
  const box = element.getBoundingClientRect();
  const style = getComputedStyle(element);
  const clipped = style.clip === "rect(0px, 0px, 0px, 0px)" || style.clipPath === "inset(50%)";
  return !(box.width <= 1 && box.height <= 1 && style.overflow === "hidden") && !clipped;
}"""
VISIBLE_STATUS = f"""() => Array.from(document.querySelectorAll(".md-visually-hidden, .portal-visually-hidden"))
  .filter({SHOWN})
  .map(element => element.className + ": " + element.textContent.trim().slice(0, 60))"""

# Weight and contrast of every h1-h3 in the page's content, against the background it is drawn on.
HEADINGS = """() => {
  const parse = value => {
    const m = value.match(/rgba?\\(([^)]+)\\)/);
    const p = m[1].split(/[ ,\\/]+/).filter(Boolean).map(Number);
    return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
  };
  const over = (top, bottom) => [0, 1, 2].map(i => top[i] * top[3] + bottom[i] * (1 - top[3])).concat(1);
  const background = element => {
    const layers = [];
    for (let e = element; e; e = e.parentElement) {
      const colour = parse(getComputedStyle(e).backgroundColor);
      if (colour[3] > 0) layers.push(colour);
      if (colour[3] >= 1) break;
    }
    return layers.reverse().reduce((below, layer) => over(layer, below), [255, 255, 255, 1]);
  };
  const luminance = rgb => {
    const c = rgb.slice(0, 3).map(v => v / 255).map(v => v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
    return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
  };
  return Array.from(document.querySelectorAll(".md-content .md-typeset :is(h1, h2, h3)"))
    .filter(h => h.checkVisibility())
    .map(h => {
      const style = getComputedStyle(h);
      const bg = background(h);
      const fg = over(parse(style.color), bg);
      const [a, b] = [luminance(fg), luminance(bg)].sort((x, y) => y - x);
      return {text: h.textContent.trim().slice(0, 40), weight: Number(style.fontWeight),
              contrast: Math.round((a + 0.05) / (b + 0.05) * 100) / 100};
    });
}"""


def visit(page: Any, url: str) -> list[str]:
    """Open a page; what it shows that it must not: visible status text, headings that do not read as headings."""
    page.goto(url, wait_until="domcontentloaded")  # the site's scripts are deferred: they have run by then
    return shown_problems(page)


def shown_problems(page: Any) -> list[str]:
    """What the open page shows that it must not: visible status text, headings that do not read as headings."""
    problems = [f"visible status text: {text}" for text in page.evaluate(VISIBLE_STATUS)]
    problems += [
        f"heading '{h['text']}': weight {h['weight']}, contrast {h['contrast']}:1"
        for h in page.evaluate(HEADINGS)
        if h["weight"] < 600 or h["contrast"] < 4.5
    ]
    return problems


def reach(page: Any, n: int) -> bool | None:
    """Mark the control of first use `n` and bring it on screen: None if it has none."""
    visible = page.evaluate(CONTROL, n)
    if visible is False:  # a guide step the script is about to show
        page.wait_for_function("() => document.querySelector('[data-control]').checkVisibility()", timeout=3000)
    return visible is not None


def keyboard_problems(page: Any, use: dict[str, Any], n: int) -> list[str]:
    """What goes wrong reaching and opening one abbreviation by keyboard; [] when it all works."""
    if use["spelled"]:
        return []
    if not reach(page, n):
        return [NO_CONTROL]
    if not page.evaluate(PROBE_BEFORE):
        return ["could not focus just before it"]
    page.keyboard.press("Tab")
    state = page.evaluate(STATE)
    if not state["focused"]:
        return ["not reached with Tab"]
    problems = []
    if state["outline"][0] == "none" or state["outline"][1] < 2:
        problems.append(f"no visible focus ring ({state['outline']})")
    if state["expanded"] != "false" or state["text"]:
        problems.append(f"open before it was pressed ({state})")
    page.keyboard.press("Enter")
    state = page.evaluate(STATE)
    if state["expanded"] != "true" or not state["shown"] or state["text"] != use["title"]:
        problems.append(f"Enter did not show '{use['title']}' ({state})")
    if state["live"] not in ("status", "polite"):
        problems.append("the expansion is not in a live region")
    page.keyboard.press("Escape")
    state = page.evaluate(STATE)
    if state["expanded"] != "false" or state["shown"] or not state["focused"]:
        problems.append(f"Escape did not close it and keep focus on it ({state})")
    return problems


def tap_problems(page: Any, use: dict[str, Any], n: int) -> list[str]:
    """What goes wrong opening and closing one abbreviation with a finger; [] when it all works."""
    if use["spelled"]:
        return []
    if not reach(page, n):
        return [NO_CONTROL]
    # A real touch at the control's centre: whatever is drawn on top there gets it.
    point = page.evaluate(TOUCH_POINT)
    page.touchscreen.tap(point["x"], point["y"])
    state = page.evaluate(STATE)
    problems = []
    if state["expanded"] != "true" or not state["shown"] or state["text"] != use["title"]:
        problems.append(f"a tap did not show '{use['title']}' ({state})")
    point = page.evaluate(TOUCH_POINT)
    page.touchscreen.tap(point["x"], point["y"])
    state = page.evaluate(STATE)
    if state["expanded"] != "false" or state["shown"]:
        problems.append(f"a second tap did not close it ({state})")
    return problems


@dataclass
class AbbreviationWalk:
    """The abbreviations of every page of a walk, each page's first uses checked in place and some used for real."""

    failures: list[str] = field(default_factory=list)
    used: int = 0  # abbreviations opened for real without a problem
    in_steps: int = 0  # first uses inside guide steps
    done: set[tuple[str, str]] = field(default_factory=set)  # (abbreviation, kind of place) already used for real

    def check(self, page: Any, path: str, use_it: Any) -> None:
        """Check the open page (at `path`): every first use in place; by `use_it` the new kinds and one of its own."""
        page_used = False  # at least one abbreviation in each page's own text is used for real
        for n, use in enumerate(page.evaluate(FIRST_USES)):
            self.in_steps += use["where"] != "page"
            problems = list(use["problems"])
            new = (use["text"], use["kind"]) not in self.done
            own = "help bar" not in use["kind"]
            if not use["spelled"] and not problems and (new or (own and not page_used)):
                problems = use_it(page, use, n)
                self.used += not problems
                page_used = page_used or own
                self.done.add((use["text"], use["kind"]))
            self.failures += [f"/{path} {use['text']} in {use['kind']} ({use['where']}): {p}" for p in problems]
