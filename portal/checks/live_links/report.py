"""Reports of a live link check, in JSON for machines and Markdown for the issue tracker."""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from datetime import datetime

from portal.checks.data_urls import UrlUse
from portal.checks.live_links.checker import LinkResult, Outcome

# Outcomes that need someone to look, in the order the Markdown report lists them.
ATTENTION = (Outcome.BROKEN, Outcome.BLOCKED, Outcome.RATE_LIMITED, Outcome.TIMEOUT)
EXPLANATIONS = {
    Outcome.BROKEN: "The address does not work: fix or replace it in the data file named.",
    Outcome.BLOCKED: "The site refused the checker (401, 403 or 999). Open it in a browser to confirm it works.",
    Outcome.RATE_LIMITED: "The site asked the checker to slow down. It will be checked again next run.",
    Outcome.TIMEOUT: "No answer in time. It will be checked again next run.",
}


def uses_by_url(uses: Iterable[UrlUse]) -> dict[str, list[UrlUse]]:
    """Where each address is written, for naming the data file in reports."""
    found: dict[str, list[UrlUse]] = defaultdict(list)
    for use in sorted(uses):
        found[use.url].append(use)
    return dict(found)


def summary(results: Sequence[LinkResult]) -> dict[str, int]:
    """How many addresses had each outcome, every outcome listed."""
    counts = Counter(result.outcome for result in results)
    return {outcome.value: counts.get(outcome, 0) for outcome in Outcome}


def json_report(results: Sequence[LinkResult], uses: dict[str, list[UrlUse]], checked_at: datetime) -> str:
    """The full result, one entry per address, with every place it is written."""
    return json.dumps(
        {
            "checked_at": checked_at.isoformat(timespec="seconds"),
            "summary": summary(results),
            "results": [
                {
                    "url": result.url,
                    "outcome": result.outcome.value,
                    "status": result.status,
                    "final_url": result.final_url,
                    "reason": result.reason,
                    "elapsed_ms": result.elapsed_ms,
                    "from_cache": result.from_cache,
                    "used_in": [{"file": u.file, "line": u.line, "field": u.field} for u in uses.get(result.url, [])],
                }
                for result in sorted(results, key=lambda r: (r.outcome.value, r.url))
            ],
        },
        indent=2,
        ensure_ascii=False,
    )


def markdown_report(results: Sequence[LinkResult], uses: dict[str, list[UrlUse]], checked_at: datetime) -> str:
    """A report for people: counts, then a table per outcome that needs attention, naming each data file."""
    counts = summary(results)
    lines = [
        "# External link check",
        "",
        f"Checked {len(results)} addresses on {checked_at:%d %B %Y at %H:%M} UTC.",
        "",
        "| Outcome | Addresses |",
        "|---|---|",
        *(f"| {outcome} | {count} |" for outcome, count in counts.items()),
    ]
    for outcome in ATTENTION:
        chosen = sorted((r for r in results if r.outcome is outcome), key=lambda r: r.url)
        if not chosen:
            continue
        lines += ["", f"## {outcome.value.capitalize()} ({len(chosen)})", "", EXPLANATIONS[outcome], ""]
        lines += ["| Address | What happened | Where it is written |", "|---|---|---|"]
        for result in chosen:
            places = "<br>".join(f"`{u.file}:{u.line}` ({u.field})" for u in uses.get(result.url, [])) or "-"
            lines.append(f"| {_cell(result.url)} | {_cell(result.reason)} | {places} |")
    if not any(counts[o.value] for o in ATTENTION):
        lines += ["", "Every address answered."]
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")
