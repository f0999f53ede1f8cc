"""Settings for the live link check, read from linkcheck.yml, with per-host overrides."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from portal.source.errors import DataErrors
from portal.source.schemas import SCHEMA_DIR, SchemaSet
from portal.source.yaml_document import YamlProblem, read_yaml

DEFAULT_USER_AGENT = (
    "online-safeguarding-guidance-linkcheck/1 (+https://github.com/online-safeguarding/guidance-portal)"
)


@dataclass(frozen=True)
class HostRule:
    """How requests to one host behave."""

    per_host: int = 2
    timeout_seconds: float = 20.0
    retries: int = 2
    method: str = "HEAD"
    skip: bool = False
    reason: str = ""


@dataclass(frozen=True)
class LinkCheckSettings:
    """Global limits plus the rule for each host that has an override."""

    concurrency: int = 16
    backoff_seconds: float = 2.0
    retry_after_cap_seconds: float = 60.0
    max_redirects: int = 8
    cache_max_age_hours: float = 72.0
    user_agent: str = DEFAULT_USER_AGENT
    default: HostRule = HostRule()
    hosts: dict[str, HostRule] = field(default_factory=dict)

    def rule_for(self, host: str) -> HostRule:
        """The rule for `host` (with its port, if any): its override, or the default."""
        return self.hosts.get(host.lower(), self.default)


def load_settings(path: Path) -> LinkCheckSettings:
    """Read and validate a settings file; raise DataErrors naming file, line and field."""
    try:
        doc = read_yaml(path, path.name)
    except YamlProblem as problem:
        raise DataErrors([problem.error]) from None
    errors = SchemaSet(SCHEMA_DIR).check(doc, "linkcheck")
    if errors:
        raise DataErrors(errors)
    return settings_from(doc.data)


def settings_from(data: dict[str, Any]) -> LinkCheckSettings:
    """Settings from already-validated data (also used by tests to build settings directly)."""
    rule_keys = ("per_host", "timeout_seconds", "retries")
    default = HostRule(**{key: data[key] for key in rule_keys if key in data})
    hosts = {host: replace(default, **overrides) for host, overrides in (data.get("hosts") or {}).items()}
    top = {
        key: data[key]
        for key in (
            "concurrency",
            "backoff_seconds",
            "retry_after_cap_seconds",
            "max_redirects",
            "cache_max_age_hours",
            "user_agent",
        )
        if key in data
    }
    return LinkCheckSettings(default=default, hosts=hosts, **top)
