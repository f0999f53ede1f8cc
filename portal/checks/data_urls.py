"""Every web address, email and phone link in the data: where it is, whether it is well formed, no near-copies."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from portal.checks.markdown_safety import LINK_TARGET
from portal.source.errors import DataError, field_path
from portal.source.yaml_document import YamlDocument

URL_FIELDS = {"url", "report_url"}
_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")
_TLD = re.compile(r"^(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$")
# Characters RFC 3986 allows in a URL as written; anything else must be %-escaped.
_URL_CHARS = re.compile(r"^[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]*$")
_BAD_ESCAPE = re.compile(r"%(?![0-9A-Fa-f]{2})")
_EMAIL = re.compile(r"^[A-Za-z0-9._%+-]+@([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)$")
_TEL = re.compile(r"^\+?[0-9]{3,15}$")
_TRACKING = re.compile(r"^(utm_[a-z]+|fbclid|gclid|mc_cid|mc_eid)$", re.IGNORECASE)


@dataclass(frozen=True, order=True)
class UrlUse:
    """One address as written in one data file, with the line and field it is on."""

    url: str
    file: str
    line: int
    field: str


def url_uses(doc: YamlDocument) -> Iterator[UrlUse]:
    """Addresses in address fields, emails, phones, and the targets of Markdown links in text."""
    for path, text in doc.texts:
        key = path[-1] if path else ""
        if key in URL_FIELDS:
            yield UrlUse(text, doc.display, doc.line_of(path), field_path(path))
        elif key == "email":
            yield UrlUse(f"mailto:{text}", doc.display, doc.line_of(path), field_path(path))
        elif key == "phone":
            yield UrlUse(f"tel:{text.replace(' ', '')}", doc.display, doc.line_of(path), field_path(path))
        elif "]" in text:  # a Markdown link needs one
            for match in LINK_TARGET.finditer(text):
                target = match.group(1) or match.group(2)
                yield UrlUse(target, doc.display, doc.line_in_text(path, match.start()), field_path(path))


# Both are asked of every address on every build, and `mkdocs serve` builds again on every save: the same
# addresses, mostly.
@lru_cache(maxsize=1 << 16)
def problem_with(url: str) -> tuple[str, str] | None:
    """(problem, hint) if `url` is not a well-formed https, mailto: or tel: address, else None."""
    scheme = url.split(":", 1)[0].lower()
    if scheme == "mailto":
        address = url[len("mailto:") :]
        if not _EMAIL.match(address) or not _valid_host(_EMAIL.match(address).group(1).lower()):  # type: ignore[union-attr]
            return f"'{address}' is not a valid email address", "write it as name@example.org.uk"
        return None
    if scheme == "tel":
        if not _TEL.match(url[len("tel:") :]):
            return f"'{url}' is not a valid phone link", "write the number with digits only, e.g. tel:+443443814772"
        return None
    if scheme != "https":
        return f"'{url}' is not an https:// address", "use the https:// address of the page"
    if not _URL_CHARS.match(url):
        bad = sorted({c for c in url if not _URL_CHARS.match(c)})
        return f"'{url}' contains characters that must be escaped: {' '.join(map(repr, bad))}", (
            "copy the address from the browser's address bar, or replace spaces with %20"
        )
    if _BAD_ESCAPE.search(url):
        return f"'{url}' has a broken %-escape", "a % must be followed by two hexadecimal digits"
    parts = urlsplit(url)
    if "@" in parts.netloc:
        return f"'{url}' contains a user name or password", "remove everything before the @ in the address"
    try:
        port = parts.port
    except ValueError:
        return f"'{url}' has an invalid port", "remove the :port part"
    host = (parts.hostname or "").lower()
    if not _valid_host(host) or (port is not None and not 0 < port < 65536):
        return f"'{url}' does not have a valid host name", "check the part after https://"
    return None


def _valid_host(host: str) -> bool:
    labels = host.rstrip(".").split(".")
    return len(labels) >= 2 and all(_LABEL.match(label) for label in labels) and bool(_TLD.match(labels[-1]))


@lru_cache(maxsize=1 << 16)
def normalized(url: str) -> str:
    """The address with differences that do not matter removed, so near-copies compare equal."""
    if not url.lower().startswith("https://"):
        return url.lower()
    parts = urlsplit(url)
    host = (parts.hostname or "").lower().removeprefix("www.")
    if parts.port not in (None, 443):
        host = f"{host}:{parts.port}"
    path = parts.path.rstrip("/")
    for suffix in ("/index.html", "/index.htm"):
        path = path.removesuffix(suffix)
    query = urlencode(
        sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _TRACKING.match(k))
    )
    return urlunsplit(("https", host, path, query, parts.fragment))


def _tidy(url: str) -> bool:
    parts = urlsplit(url)
    return parts.netloc == parts.netloc.lower() and not (parts.path.endswith("/") and parts.path != "/")


def check_urls(uses: Iterable[UrlUse]) -> list[DataError]:
    """Malformed addresses, and the same address written in different ways."""
    uses = list(uses)
    errors = [DataError(u.file, u.line, u.field, *found) for u in uses if (found := problem_with(u.url))]
    spellings: dict[str, Counter[str]] = defaultdict(Counter)
    first_use: dict[str, UrlUse] = {}
    for use in sorted(uses):
        spellings[normalized(use.url)][use.url] += 1
        first_use.setdefault(use.url, use)
    for variants in spellings.values():
        if len(variants) < 2:
            continue
        # Keep the spelling used most often; on a tie, a tidy one (lower-case host, no trailing slash).
        keep = sorted(variants, key=lambda spelling: (-variants[spelling], not _tidy(spelling), spelling))[0]
        shown = first_use[keep]
        for use in uses:
            if use.url in variants and use.url != keep:
                errors.append(
                    DataError(
                        use.file,
                        use.line,
                        use.field,
                        f"'{use.url}' is the same address as '{keep}' ({shown.file}:{shown.line}) written differently",
                        f"use one spelling everywhere: {keep}",
                    )
                )
    return errors
