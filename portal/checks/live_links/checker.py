"""The live checker: each external address requested once, politely, with retries, redirects and a cache."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Coroutine, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from enum import StrEnum
from typing import Any, TypeVar
from urllib.parse import urljoin, urlsplit

import httpx

from portal.checks.live_links.cache import LinkCache
from portal.checks.live_links.settings import HostRule, LinkCheckSettings

BLOCKED_STATUSES = {401, 403, 999}  # the site refuses robots; a person can usually still open it
REDIRECT_STATUSES = {301, 302, 303, 307, 308}
T = TypeVar("T")


class Outcome(StrEnum):
    """How an address fared; only BROKEN fails the check."""

    OK = "ok"
    BROKEN = "broken"
    BLOCKED = "blocked"
    RATE_LIMITED = "rate-limited"
    TIMEOUT = "timeout"
    SKIPPED = "skipped"


@dataclass(frozen=True)
class LinkResult:
    """The result for one address."""

    url: str
    outcome: Outcome
    status: int | None
    final_url: str
    reason: str
    elapsed_ms: int  # time spent in requests for this address, not waiting for a free slot
    from_cache: bool = False


@dataclass(frozen=True)
class _Answer:
    """What one request (after its retries) came back with."""

    status: int | None
    location: str | None = None
    retry_after: str | None = None
    outcome: Outcome | None = None  # set when the request itself failed
    reason: str = ""
    seconds: float = 0.0  # time on the wire, summed over retries
    transient: bool = False  # the connection failed in a way that another try may not


@dataclass(frozen=True)
class _Chain:
    """Where a chain of redirects ended, and the time its requests took."""

    outcome: Outcome
    status: int | None
    final_url: str
    reason: str
    seconds: float


class LiveChecker:
    """Checks addresses with a global and a per-host cap on requests in flight."""

    def __init__(
        self,
        settings: LinkCheckSettings,
        cache: LinkCache,
        transport: httpx.AsyncBaseTransport | None = None,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self.settings = settings
        self.cache = cache
        self.transport = transport
        self.sleep = sleep
        self._global = asyncio.Semaphore(settings.concurrency)
        self._hosts: dict[str, asyncio.Semaphore] = {}

    async def check_all(
        self, urls: Iterable[str], progress: Callable[[LinkResult], None] | None = None
    ) -> list[LinkResult]:
        """Check every distinct address once; results in the order the addresses were first given."""
        unique = list(dict.fromkeys(urls))
        headers = {"User-Agent": self.settings.user_agent, "Accept": "*/*"}
        async with httpx.AsyncClient(headers=headers, transport=self.transport, follow_redirects=False) as client:

            async def one(url: str) -> LinkResult:
                result = await self._check(client, url)
                if progress:
                    progress(result)
                return result

            results = await asyncio.gather(*(one(url) for url in unique))
        self.cache.save()
        return list(results)

    async def _check(self, client: httpx.AsyncClient, url: str) -> LinkResult:
        host = urlsplit(url).netloc.lower()
        rule = self.settings.rule_for(host)
        if rule.skip:
            return LinkResult(url, Outcome.SKIPPED, None, url, rule.reason or "host skipped in settings", 0)
        cached = self.cache.fresh(url)
        if cached:
            return LinkResult(url, Outcome.OK, cached.status, cached.final_url, "cached", 0, from_cache=True)
        chain = await self._follow(client, url, rule.method)
        spent = chain.seconds
        if chain.outcome in (Outcome.BROKEN, Outcome.BLOCKED) and rule.method == "HEAD":
            # Many servers answer HEAD wrongly (405, 403, 404); a timeout or 429 would only repeat.
            chain = await self._follow(client, url, "GET")
            spent += chain.seconds
        outcome, status, final_url, reason = chain.outcome, chain.status, chain.final_url, chain.reason
        elapsed = int(spent * 1000)
        if outcome is Outcome.OK and status is not None:
            self.cache.record_ok(url, status, final_url)
        else:
            self.cache.forget(url)
        return LinkResult(url, outcome, status, final_url, reason, elapsed)

    async def _follow(self, client: httpx.AsyncClient, url: str, method: str) -> _Chain:
        """Request `url`, following redirects up to the limit."""
        seen = [url]
        current = url
        spent = 0.0
        for _ in range(self.settings.max_redirects + 1):
            answer = await self._request(client, method, current)
            spent += answer.seconds
            if answer.outcome is not None:
                return _Chain(answer.outcome, answer.status, current, answer.reason, spent)
            status = answer.status or 0
            if status in REDIRECT_STATUSES:
                if not answer.location:
                    return _Chain(Outcome.BROKEN, status, current, "redirect without a Location header", spent)
                current = urljoin(current, answer.location)
                if current in seen:
                    loop = "redirect loop: " + " → ".join([*seen, current])
                    return _Chain(Outcome.BROKEN, status, current, loop, spent)
                seen.append(current)
                continue
            return _Chain(_classify(status), status, current, f"{method} {status}", spent)
        return _Chain(Outcome.BROKEN, None, current, f"more than {self.settings.max_redirects} redirects", spent)

    async def _request(self, client: httpx.AsyncClient, method: str, url: str) -> _Answer:
        """One request with retries on 429, 5xx and timeouts, within the global and per-host caps."""
        host = urlsplit(url).netloc.lower()
        rule = self.settings.rule_for(host)
        attempt = 0
        spent = 0.0
        while True:
            async with self._global, self._host_gate(host, rule):
                started = time.monotonic()
                try:
                    answer = await self._send(client, method, url, rule)
                except httpx.TimeoutException:
                    answer = _Answer(
                        None, outcome=Outcome.TIMEOUT, reason=f"no answer within {rule.timeout_seconds:g}s"
                    )
                except httpx.HTTPError as error:
                    reason = f"{type(error).__name__}: {error}".rstrip(": ")
                    # A dropped or reset connection (often a reused keep-alive one) deserves another try.
                    transient = isinstance(error, (httpx.ReadError, httpx.WriteError, httpx.RemoteProtocolError))
                    answer = _Answer(None, outcome=Outcome.BROKEN, reason=reason, transient=transient)
                spent += time.monotonic() - started
            answer = replace(answer, seconds=spent)
            retryable = (
                answer.transient
                or answer.outcome is Outcome.TIMEOUT
                or answer.status == 429
                or (answer.status or 0) >= 500
            )
            if (answer.outcome is Outcome.BROKEN and not answer.transient) or not retryable or attempt >= rule.retries:
                return answer
            await self.sleep(self._delay(answer, attempt))
            attempt += 1

    async def _send(self, client: httpx.AsyncClient, method: str, url: str, rule: HostRule) -> _Answer:
        timeout = httpx.Timeout(rule.timeout_seconds)
        # Stream so a GET reads the status and headers only, never the body.
        async with client.stream(method, url, timeout=timeout) as response:
            headers = response.headers
            return _Answer(response.status_code, headers.get("Location"), headers.get("Retry-After"))

    def _host_gate(self, host: str, rule: HostRule) -> asyncio.Semaphore:
        if host not in self._hosts:
            self._hosts[host] = asyncio.Semaphore(rule.per_host)
        return self._hosts[host]

    def _delay(self, answer: _Answer, attempt: int) -> float:
        """Seconds to wait before retrying: the server's Retry-After (capped), else exponential backoff."""
        requested = retry_after_seconds(answer.retry_after) if answer.status in (429, 503) else None
        if requested is not None:
            return min(requested, self.settings.retry_after_cap_seconds)
        return self.settings.backoff_seconds * (2**attempt)


def run_sync(work: Coroutine[Any, Any, T]) -> T:
    """Run a coroutine to completion, in a fresh thread if this one already runs an event loop."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(work)
    # e.g. inside Jupyter, or beside Playwright's synchronous API in the test session
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, work).result()


def retry_after_seconds(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds asked for by a Retry-After header, given as seconds or as an HTTP date; None if unreadable."""
    if not value:
        return None
    text = value.strip()
    if text.isdigit():
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


def _classify(status: int) -> Outcome:
    if 200 <= status < 300:
        return Outcome.OK
    if status in BLOCKED_STATUSES:
        return Outcome.BLOCKED
    if status == 429:
        return Outcome.RATE_LIMITED
    return Outcome.BROKEN
