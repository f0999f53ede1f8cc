"""A JSON cache of addresses that answered well, so a re-run does not ask again until they are stale."""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

CACHE_VERSION = 1


@dataclass(frozen=True)
class CachedResult:
    """A good answer from an earlier run."""

    status: int
    final_url: str
    checked_at: datetime


class LinkCache:
    """Good results only: a failure is never stored, so it is always checked again."""

    def __init__(self, path: Path | None, max_age: timedelta, now: datetime | None = None) -> None:
        self.path = path
        self.max_age = max_age
        self.now = now or datetime.now(UTC)
        self.entries: dict[str, dict[str, object]] = self._read() if path else {}

    def _read(self) -> dict[str, dict[str, object]]:
        assert self.path is not None
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}  # a missing or damaged cache just means checking everything again
        if not isinstance(data, dict) or data.get("version") != CACHE_VERSION:
            return {}
        entries = data.get("entries")
        return entries if isinstance(entries, dict) else {}

    def fresh(self, url: str) -> CachedResult | None:
        """The cached good result for `url`, if it is younger than the maximum age."""
        entry = self.entries.get(url)
        if not isinstance(entry, dict):
            return None
        try:
            checked = datetime.fromisoformat(str(entry["checked_at"]))
            result = CachedResult(int(entry["status"]), str(entry["final_url"]), checked)  # type: ignore[call-overload]
        except (KeyError, TypeError, ValueError):
            return None
        return result if self.now - checked <= self.max_age else None

    def record_ok(self, url: str, status: int, final_url: str) -> None:
        """Remember a good answer."""
        self.entries[url] = {"status": status, "final_url": final_url, "checked_at": self.now.isoformat()}

    def forget(self, url: str) -> None:
        """Drop an address that no longer answers well."""
        self.entries.pop(url, None)

    def save(self) -> None:
        """Write the cache atomically: a crash never leaves half a file."""
        if self.path is None:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        payload = json.dumps({"version": CACHE_VERSION, "entries": dict(sorted(self.entries.items()))}, indent=1)
        handle, temporary = tempfile.mkstemp(prefix=".linkcache-", dir=self.path.parent)
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(payload)
        os.replace(temporary, self.path)
