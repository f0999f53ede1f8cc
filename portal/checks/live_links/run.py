"""Run a live check of the data's web addresses: progress on a terminal, reports to a folder."""

from __future__ import annotations

import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TextIO

from portal.checks.data_urls import UrlUse
from portal.checks.live_links.cache import LinkCache
from portal.checks.live_links.checker import LinkResult, LiveChecker, Outcome, run_sync
from portal.checks.live_links.report import json_report, markdown_report, summary, uses_by_url
from portal.checks.live_links.settings import LinkCheckSettings


class ProgressBar:
    """A one-line progress bar on a terminal, redrawn at most ten times a second."""

    def __init__(self, total: int, stream: TextIO, width: int = 30) -> None:
        self.total, self.stream, self.width = total, stream, width
        self.done = self.broken = 0
        self._drawn = 0.0

    def __call__(self, result: LinkResult) -> None:
        self.done += 1
        self.broken += result.outcome is Outcome.BROKEN
        now = time.monotonic()
        if now - self._drawn >= 0.1 or self.done == self.total:
            self._drawn = now
            filled = self.width * self.done // max(self.total, 1)
            bar = "#" * filled + "-" * (self.width - filled)
            self.stream.write(f"\r[{bar}] {self.done}/{self.total} checked, {self.broken} broken")
            if self.done == self.total:
                self.stream.write("\n")
            self.stream.flush()


@dataclass(frozen=True)
class LiveCheckRun:
    """The results of one run and the reports written for it."""

    results: list[LinkResult]
    where: dict[str, list[UrlUse]]
    markdown: str
    json: str

    @property
    def broken(self) -> list[LinkResult]:
        """The addresses that fail the check."""
        return [r for r in self.results if r.outcome is Outcome.BROKEN]


def run_live_check(
    uses: Sequence[UrlUse],
    settings: LinkCheckSettings,
    cache_path: Path | None,
    report_dir: Path | None = None,
    stream: TextIO = sys.stderr,
) -> LiveCheckRun:
    """Check every https address in `uses` once; write link-report.json and link-report.md to `report_dir`."""
    web = [use.url for use in uses if use.url.split(":", 1)[0] in ("https", "http")]
    now = datetime.now(UTC)
    cache = LinkCache(cache_path, timedelta(hours=settings.cache_max_age_hours), now=now)
    total = len(dict.fromkeys(web))
    progress = ProgressBar(total, stream) if stream.isatty() else None
    results = run_sync(LiveChecker(settings, cache).check_all(web, progress))
    where = uses_by_url(uses)
    run = LiveCheckRun(results, where, markdown_report(results, where, now), json_report(results, where, now))
    if report_dir is not None:
        report_dir.mkdir(parents=True, exist_ok=True)
        (report_dir / "link-report.md").write_text(run.markdown, encoding="utf-8")
        (report_dir / "link-report.json").write_text(run.json, encoding="utf-8")
    return run


def describe(run: LiveCheckRun) -> str:
    """Text for the terminal: one line per broken address with where it is written, then the counts."""
    lines = []
    for result in run.broken:
        places = ", ".join(f"{u.file}:{u.line}" for u in run.where.get(result.url, []))
        lines.append(f"{result.url}: {result.reason} (in {places})")
    counts = ", ".join(f"{count} {outcome}" for outcome, count in summary(run.results).items() if count)
    lines.append(f"Checked {len(run.results)} addresses: {counts or 'none'}.")
    return "\n".join(lines)
