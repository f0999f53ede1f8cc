"""The live link checker against a local HTTP server serving every case (loopback only)."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from http_cases import case_server

from conftest import ROOT
from portal.checks.data_urls import UrlUse
from portal.checks.live_links.cache import LinkCache
from portal.checks.live_links.checker import LinkResult, LiveChecker, Outcome, retry_after_seconds, run_sync
from portal.checks.live_links.run import ProgressBar, describe, run_live_check
from portal.checks.live_links.settings import load_settings, settings_from
from portal.source.errors import DataErrors

FAST = {"timeout_seconds": 0.5, "retries": 1, "backoff_seconds": 0.01, "retry_after_cap_seconds": 5, "per_host": 8}


def check(urls: list[str], cache: LinkCache | None = None, **settings: object) -> dict[str, LinkResult]:
    """Run the real checker on `urls` with fast settings (overridable); results by address."""
    chosen = settings_from({**FAST, **settings})
    cache = cache or LinkCache(None, timedelta(hours=1))
    results = run_sync(LiveChecker(chosen, cache).check_all(urls))
    return {result.url: result for result in results}


def test_a_dropped_connection_is_tried_again() -> None:
    with case_server() as (base, log):
        result = check([base + "/drop-once"])[base + "/drop-once"]
        assert (result.outcome, result.status) == (Outcome.OK, 200)
        assert log.counts[("HEAD", "/drop-once")] == 2 and log.counts[("GET", "/drop-once")] == 0


def test_every_case_is_classed_correctly() -> None:
    with case_server() as (base, log):
        paths = [
            "/ok",
            "/moved",
            "/loop-a",
            "/missing",
            "/gone",
            "/no-head",
            "/busy",
            "/flaky",
            "/forbidden",
            "/slow",
            "/robots",
        ]
        results = check([base + path for path in paths])
        outcome = {path: (results[base + path].outcome, results[base + path].status) for path in paths}
        assert outcome == {
            "/ok": (Outcome.OK, 200),
            "/moved": (Outcome.OK, 200),
            "/loop-a": (Outcome.BROKEN, 302),
            "/missing": (Outcome.BROKEN, 404),
            "/gone": (Outcome.BROKEN, 410),
            "/no-head": (Outcome.OK, 200),
            "/busy": (Outcome.OK, 200),
            "/flaky": (Outcome.OK, 200),
            "/forbidden": (Outcome.BLOCKED, 403),
            "/slow": (Outcome.TIMEOUT, None),
            "/robots": (Outcome.BLOCKED, 999),
        }
        assert results[base + "/moved"].final_url == base + "/ok"
        assert results[base + "/loop-a"].reason.startswith("redirect loop: ")
        # HEAD first; GET only where HEAD failed
        assert log.counts[("HEAD", "/no-head")] == 1 and log.counts[("GET", "/no-head")] == 1
        assert log.counts[("GET", "/ok")] == 0
        # 429 then 200: the retry waited for Retry-After: 1
        first, second = log.times["/busy"][:2]
        assert second - first >= 0.9
        # 500 then 200: retried once
        assert log.counts[("HEAD", "/flaky")] == 2
        # a timeout is retried, but not repeated as a GET
        assert log.counts[("HEAD", "/slow")] == 2 and log.counts[("GET", "/slow")] == 0


def test_retry_after_as_an_http_date_is_honoured() -> None:
    with case_server() as (base, log):
        result = check([base + "/busy-date"])[base + "/busy-date"]
        assert result.outcome is Outcome.OK
        first, second = log.times["/busy-date"][:2]
        assert second - first >= 0.9  # the date is 1-2 s ahead (HTTP dates are whole seconds)


def test_retry_after_is_capped() -> None:
    waits: list[float] = []

    async def record(seconds: float) -> None:
        waits.append(seconds)

    with case_server() as (base, _):
        settings = settings_from({**FAST, "retry_after_cap_seconds": 2})
        run_sync(
            LiveChecker(settings, LinkCache(None, timedelta(hours=1)), sleep=record).check_all([base + "/busy-long"])
        )
    assert waits == [2]


def test_rate_limited_and_server_errors_after_retries_run_out() -> None:
    with case_server() as (base, _):
        get_only = {base.removeprefix("http://"): {"method": "GET", "retries": 0}}
        results = check([base + "/busy", base + "/flaky"], retries=0, hosts=get_only)
    assert results[base + "/busy"].outcome is Outcome.RATE_LIMITED
    assert results[base + "/flaky"].outcome is Outcome.BROKEN


def test_redirects_are_limited() -> None:
    with case_server() as (base, _):
        result = check([base + "/moved"], max_redirects=0)[base + "/moved"]
    assert result.outcome is Outcome.BROKEN and result.reason == "more than 0 redirects"


def test_each_address_is_requested_once() -> None:
    with case_server() as (base, log):
        results = check([base + "/ok"] * 5 + [base + "/missing"] * 3)
    assert len(results) == 2
    assert log.counts[("HEAD", "/ok")] == 1
    assert log.counts[("HEAD", "/missing")] == 1 and log.counts[("GET", "/missing")] == 1


def test_the_per_host_cap_is_never_exceeded() -> None:
    with case_server() as (base, log):
        check([f"{base}/wait?n={i}" for i in range(12)], per_host=3, concurrency=10)
    assert log.max_in_flight == 3  # never more, and the cap is actually used


def test_the_global_cap_is_never_exceeded() -> None:
    with case_server() as (base, log):
        check([f"{base}/wait?n={i}" for i in range(8)], per_host=8, concurrency=2)
    assert log.max_in_flight == 2


def test_a_warm_cache_sends_no_request(tmp_path: Path) -> None:
    cache_file = tmp_path / "links.json"
    with case_server() as (base, log):
        urls = [base + "/ok", base + "/moved"]
        check(urls, cache=LinkCache(cache_file, timedelta(hours=1)))
        assert log.total() > 0
        log.reset()
        again = check(urls, cache=LinkCache(cache_file, timedelta(hours=1)))
        assert log.total() == 0
        assert all(result.from_cache and result.outcome is Outcome.OK for result in again.values())


def test_an_expired_entry_is_fetched_again(tmp_path: Path) -> None:
    cache_file = tmp_path / "links.json"
    with case_server() as (base, log):
        check([base + "/ok"], cache=LinkCache(cache_file, timedelta(hours=1)))
        log.reset()
        later = datetime.now(UTC) + timedelta(hours=2)
        result = check([base + "/ok"], cache=LinkCache(cache_file, timedelta(hours=1), now=later))[base + "/ok"]
        assert log.counts[("HEAD", "/ok")] == 1 and not result.from_cache


def test_failures_are_never_cached(tmp_path: Path) -> None:
    cache_file = tmp_path / "links.json"
    with case_server() as (base, _):
        check(
            [base + "/ok", base + "/missing", base + "/forbidden", base + "/slow"],
            cache=LinkCache(cache_file, timedelta(hours=1)),
        )
        stored = json.loads(cache_file.read_text())["entries"]
        assert list(stored) == [base + "/ok"]
        # an address that was good and is now broken is dropped from the cache
        stale = LinkCache(cache_file, timedelta(hours=1))
        stale.record_ok(base + "/missing", 200, base + "/missing")
        stale.save()
        check(
            [base + "/missing"], cache=LinkCache(cache_file, timedelta(seconds=0), now=datetime.now(UTC) + timedelta(1))
        )
        assert base + "/missing" not in json.loads(cache_file.read_text())["entries"]


def test_a_damaged_cache_file_is_ignored(tmp_path: Path) -> None:
    cache_file = tmp_path / "links.json"
    cache_file.write_text("{not json")
    with case_server() as (base, log):
        assert (
            check([base + "/ok"], cache=LinkCache(cache_file, timedelta(hours=1)))[base + "/ok"].outcome is Outcome.OK
        )
    assert log.total() == 1


def test_retry_after_parsing() -> None:
    now = datetime(2026, 11, 28, 12, 0, 0, tzinfo=UTC)
    assert retry_after_seconds("7", now) == 7
    assert retry_after_seconds("Sat, 28 Nov 2026 12:00:30 GMT", now) == 30
    assert retry_after_seconds("Sat, 28 Nov 2026 11:00:00 GMT", now) == 0
    assert retry_after_seconds("soon", now) is None
    assert retry_after_seconds(None, now) is None


def test_reports_name_the_data_file_of_each_address(tmp_path: Path) -> None:
    with case_server() as (base, _):
        uses = [
            UrlUse(base + "/missing", "data/resources/example.yml", 5, "url"),
            UrlUse(base + "/missing", "data/risks/grooming.yml", 80, "sources[1].url"),
            UrlUse(base + "/ok", "data/faqs/x.yml", 3, "sources[0].url"),
            UrlUse(base + "/forbidden", "data/faqs/y.yml", 9, "answer"),
            UrlUse("mailto:help@example.org.uk", "data/resources/example.yml", 10, "contact.email"),
        ]
        settings = settings_from(FAST)
        run = run_live_check(uses, settings, cache_path=None, report_dir=tmp_path, stream=io.StringIO())
    assert [r.url for r in run.broken] == [base + "/missing"]
    assert len(run.results) == 3, "mailto: and tel: addresses are not fetched"
    markdown = (tmp_path / "link-report.md").read_text()
    assert "## Broken (1)" in markdown and "## Blocked (1)" in markdown
    assert (
        f"| {base}/missing | GET 404 | `data/resources/example.yml:5` (url)<br>`data/risks/grooming.yml:80`" in markdown
    )
    data = json.loads((tmp_path / "link-report.json").read_text())
    assert data["summary"] == {"ok": 1, "broken": 1, "blocked": 1, "rate-limited": 0, "timeout": 0, "skipped": 0}
    missing = next(entry for entry in data["results"] if entry["url"].endswith("/missing"))
    assert missing["used_in"][1] == {"file": "data/risks/grooming.yml", "line": 80, "field": "sources[1].url"}
    assert describe(run).splitlines()[0] == (
        f"{base}/missing: GET 404 (in data/resources/example.yml:5, data/risks/grooming.yml:80)"
    )


def test_hosts_can_be_skipped_or_sent_get_only() -> None:
    with case_server() as (base, log):
        host = base.removeprefix("http://")
        results = check([base + "/missing"], hosts={host: {"method": "GET"}})
        assert log.counts[("HEAD", "/missing")] == 0 and results[base + "/missing"].outcome is Outcome.BROKEN
        skipped = check([base + "/ok"], hosts={host: {"skip": True, "reason": "asks robots to stay away"}})
        assert skipped[base + "/ok"].outcome is Outcome.SKIPPED and log.counts[("HEAD", "/ok")] == 0


def test_progress_bar_draws_on_a_terminal() -> None:
    stream = io.StringIO()
    bar = ProgressBar(2, stream, width=4)
    bar(LinkResult("a", Outcome.OK, 200, "a", "", 1))
    bar(LinkResult("b", Outcome.BROKEN, 404, "b", "", 1))
    assert stream.getvalue().endswith("\r[####] 2/2 checked, 1 broken\n")


def test_the_settings_file_is_valid_and_mistakes_are_reported(tmp_path: Path) -> None:
    settings = load_settings(ROOT / "linkcheck.yml")
    assert settings.rule_for("www.gov.uk").per_host == 4
    assert settings.rule_for("www.legislation.gov.uk").method == "GET"
    assert settings.rule_for("example.org").per_host == settings.default.per_host
    bad = tmp_path / "linkcheck.yml"
    bad.write_text("concurrency: 4\nper_host: 0\nhosts:\n  www.gov.uk:\n    metod: GET\n")
    with pytest.raises(DataErrors) as failure:
        load_settings(bad)
    assert [str(e) for e in failure.value.errors] == [
        "linkcheck.yml:2: per_host: 0 is out of range (minimum 1) (Requests in flight at once to any one host)",
        "linkcheck.yml:5: hosts.www.gov.uk.metod: unknown field 'metod' (did you mean 'method'?)",
    ]


def test_the_links_command_reports_a_bad_settings_file_in_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "linkcheck.yml"
    bad.write_text("retries: many\n")
    result = subprocess.run(
        [sys.executable, "-m", "portal", "links", "--config", str(bad)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert (
        result.stderr.splitlines()[0] == "linkcheck.yml:1: retries: expected a whole number, got text "
        "(Extra attempts after a 429, a 5xx or a timeout)"
    )


@pytest.mark.live
def test_every_address_in_the_data_answers() -> None:
    """Opt-in (pytest -m live): checks the real addresses over the internet."""
    from portal.model.loader import load_guidance

    guidance = load_guidance(ROOT / "data")
    cache = Path(os.environ.get("PORTAL_LINK_CACHE", ROOT / ".cache" / "linkcheck.json"))
    run = run_live_check(guidance.url_uses, load_settings(ROOT / "linkcheck.yml"), cache, ROOT / "linkcheck-report")
    assert run.broken == [], describe(run)


def test_run_sync_works_inside_a_running_event_loop() -> None:
    async def answer() -> int:
        return 42

    async def outer() -> int:
        return run_sync(answer())  # an event loop is running in this thread here

    assert run_sync(outer()) == 42
