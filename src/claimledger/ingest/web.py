"""Fetching pages and feeds over HTTP(S) with httpx, carefully.

- Only http and https; a clear User-Agent; a total deadline for the whole
  download (redirects included), not a timeout per read, so a server dripping
  a byte a second is cut off; a size cap (the ``max_bytes`` setting) counted on
  the *decompressed* bytes as they stream, so a compression bomb
  (``Content-Encoding: gzip, gzip``) stops at the cap instead of filling
  memory; only gzip and deflate are accepted as content codings; at most
  ``max_redirects`` redirects, each one checked again.
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
import time
import zlib
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


class _Inflater:
    """One content coding undone with a bounded output: never more than ``limit`` bytes in all."""

    def __init__(self, coding: str, limit: int, url: str) -> None:
        wbits = 16 + zlib.MAX_WBITS if coding in ("gzip", "x-gzip") else zlib.MAX_WBITS
        self.coding, self.limit, self.url, self.produced = coding, limit, url, 0
        self.raw_deflate = coding == "deflate"
        self.obj = zlib.decompressobj(wbits)

    def feed(self, data: bytes) -> bytes:
        try:
            out = self.obj.decompress(data, self.limit - self.produced + 1)
        except zlib.error as exc:
            if self.raw_deflate and self.produced == 0:  # some servers send deflate without its zlib header
                self.raw_deflate, self.obj = False, zlib.decompressobj(-zlib.MAX_WBITS)
                return self.feed(data)
            raise InputError(f"sent a broken {self.coding} body ({exc})", source=self.url) from exc
        self.produced += len(out)
        if self.produced > self.limit:
            raise InputTooLargeError(f"inflates past the limit of {self.limit:,} bytes "
                                     f"(Content-Encoding {self.coding})", source=self.url)
        return out


def _decoders(header: str, limit: int, url: str) -> list[_Inflater]:
    """The content codings of a response, in the order they must be undone (last applied first)."""
    codings = [c.strip().lower() for c in header.split(",") if c.strip() and c.strip().lower() != "identity"]
    for c in codings:
        if c not in ("gzip", "x-gzip", "deflate"):
            raise InputError(f"uses the content coding {c!r}, which claimledger does not read", source=url)
    return [_Inflater(c, limit, url) for c in reversed(codings)]


def read_body(resp: object, url: str, max_bytes: int, deadline: float, timeout: float) -> bytes:
    """The response body, decompressed as it streams, within ``max_bytes`` and the deadline."""
    decoders = _decoders(resp.headers.get("content-encoding", ""), max_bytes, url)  # type: ignore[attr-defined]
    body = bytearray()
    for chunk in resp.iter_raw():  # type: ignore[attr-defined]
        for dec in decoders:
            chunk = dec.feed(chunk)
        body.extend(chunk)
        if len(body) > max_bytes:
            raise InputTooLargeError(f"is over the limit of {max_bytes:,} bytes", source=url)
        if time.monotonic() > deadline:
            raise InputError(f"took longer than {timeout:g} s to download", source=url)
    return bytes(body)


def fetch(url: str, *, max_bytes: int, timeout: float = 20.0, max_redirects: int = 5,
          allow_private: bool = False, etag: str | None = None, last_modified: str | None = None) -> Fetched:
    """GET ``url`` within the limits above; raises an InputError naming the URL."""
    import httpx
    headers = {"User-Agent": USER_AGENT, "Accept-Encoding": "gzip, deflate", "Accept": "text/html,application/xhtml+xml,application/rss+xml,"
               "application/atom+xml,application/xml;q=0.9,text/plain;q=0.8,*/*;q=0.1"}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    current = url
    deadline = time.monotonic() + timeout
    with httpx.Client(timeout=timeout, follow_redirects=False, headers=headers) as client:
        for _ in range(max_redirects + 1):
            check_address(current, allow_private)
            left = deadline - time.monotonic()
            if left <= 0:
                raise InputError(f"took longer than {timeout:g} s to download", source=url)
            try:
                with client.stream("GET", current, timeout=httpx.Timeout(left)) as resp:
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
                    body = read_body(resp, url, max_bytes, deadline, timeout)
                    charset = resp.charset_encoding
                    return Fetched(str(resp.url), body, ctype, resp.headers.get("etag"),
                                   resp.headers.get("last-modified"),
                                   headers={"charset": charset} if charset else {})
            except httpx.TimeoutException as exc:
                raise InputError(f"timed out after {timeout:g} s", source=url) from exc
            except httpx.HTTPError as exc:
                raise InputError(f"could not be fetched ({exc.__class__.__name__}: {exc})", source=url) from exc
    raise InputError(f"redirects more than {max_redirects} times", source=url)
