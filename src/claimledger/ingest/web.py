"""Fetching pages and feeds over HTTP(S) with httpx, carefully.

- Only http and https; a clear User-Agent; a timeout; a size cap (the
  ``max_bytes`` setting) enforced while streaming; at most ``max_redirects``
  redirects, each one checked again.
- No requests to private, loopback, link-local, reserved or multicast
  addresses unless the caller allows them (``--allow-private``): a URL from a
  feed must not reach the machine's own services. Every address a host name
  resolves to is checked before the request. (A host that resolves
  differently between the check and the connection, DNS rebinding, is not
  covered; run claimledger behind an egress proxy where that matters.)
- Only text-like content types: HTML, XML and feeds, plain text, JSON Lines.
- Conditional requests: an ``ETag`` / ``Last-Modified`` given back answers
  "not modified" without a body (``claimledger watch`` uses it).
"""
from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

from claimledger import __version__
from claimledger.errors import InputError, InputTooLargeError

USER_AGENT = f"claimledger/{__version__} (+https://github.com/claimledger/claimledger; news claim ledger)"
TEXT_TYPES = ("text/html", "application/xhtml+xml", "text/plain", "application/rss+xml", "application/atom+xml",
              "application/xml", "text/xml", "application/rdf+xml", "application/feed+json",
              "application/jsonl", "application/x-ndjson", "application/json")


@dataclass
class Fetched:
    url: str
    data: bytes
    content_type: str
    etag: str | None = None
    last_modified: str | None = None
    not_modified: bool = False
    headers: dict[str, str] = field(default_factory=dict)


def check_address(url: str, allow_private: bool) -> None:
    """Refuse URLs that are not http(s) or whose host resolves to a non-public address."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise InputError(f"is not an http or https URL (scheme {parts.scheme or 'missing'!r})", source=url)
    host = parts.hostname
    if not host:
        raise InputError("has no host name", source=url)
    if allow_private:
        return
    try:
        infos = socket.getaddrinfo(host, parts.port or (443 if parts.scheme == "https" else 80),
                                   proto=socket.IPPROTO_TCP)
    except socket.gaierror as exc:
        raise InputError(f"host {host!r} cannot be resolved ({exc.strerror})", source=url) from exc
    for info in infos:
        addr = ipaddress.ip_address(str(info[4][0]).split("%")[0])
        if (addr.is_private or addr.is_loopback or addr.is_link_local or addr.is_reserved or addr.is_multicast
                or addr.is_unspecified):
            raise InputError(f"points to a non-public address ({addr}); pass --allow-private to fetch it",
                             source=url)


def fetch(url: str, *, max_bytes: int, timeout: float = 20.0, max_redirects: int = 5,
          allow_private: bool = False, etag: str | None = None, last_modified: str | None = None) -> Fetched:
    """GET ``url`` within the limits above; raises an InputError naming the URL."""
    import httpx
    headers = {"User-Agent": USER_AGENT, "Accept": "text/html,application/xhtml+xml,application/rss+xml,"
               "application/atom+xml,application/xml;q=0.9,text/plain;q=0.8,*/*;q=0.1"}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    current = url
    with httpx.Client(timeout=timeout, follow_redirects=False, headers=headers) as client:
        for _ in range(max_redirects + 1):
            check_address(current, allow_private)
            try:
                with client.stream("GET", current) as resp:
                    if resp.status_code == 304:
                        return Fetched(current, b"", "", etag, last_modified, not_modified=True)
                    if resp.is_redirect:
                        location = resp.headers.get("location")
                        if not location:
                            raise InputError(f"redirects ({resp.status_code}) without a Location", source=url)
                        current = urljoin(current, location)
                        continue
                    if resp.status_code >= 400:
                        raise InputError(f"answered HTTP {resp.status_code}", source=url)
                    ctype = resp.headers.get("content-type", "").split(";")[0].strip().lower()
                    if ctype and not ctype.startswith(TEXT_TYPES):
                        raise InputError(f"is {ctype}, not a web page or feed", source=url)
                    declared = resp.headers.get("content-length")
                    if declared and declared.isdigit() and int(declared) > max_bytes:
                        raise InputTooLargeError(f"is {int(declared):,} bytes, over the limit of {max_bytes:,}",
                                                 source=url)
                    body = bytearray()
                    for chunk in resp.iter_bytes():
                        body.extend(chunk)
                        if len(body) > max_bytes:
                            raise InputTooLargeError(f"is over the limit of {max_bytes:,} bytes", source=url)
                    charset = resp.charset_encoding
                    return Fetched(str(resp.url), bytes(body), ctype, resp.headers.get("etag"),
                                   resp.headers.get("last-modified"),
                                   headers={"charset": charset} if charset else {})
            except httpx.TimeoutException as exc:
                raise InputError(f"timed out after {timeout:g} s", source=url) from exc
            except httpx.HTTPError as exc:
                raise InputError(f"could not be fetched ({exc.__class__.__name__}: {exc})", source=url) from exc
    raise InputError(f"redirects more than {max_redirects} times", source=url)
