"""RSS and Atom feeds (feedparser): each entry becomes a document with its
link, date and author; an entry's HTML goes through the HTML path."""
from __future__ import annotations

import calendar
import re
from collections.abc import Iterator
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from typing import Any

from claimledger.dates import parse_iso
from claimledger.errors import ClaimledgerError, InputError
from claimledger.ingest.html import read_html
from claimledger.records import Record, Source

_FEED_START = re.compile(rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:rss|feed|rdf:RDF)\b", re.DOTALL)


def looks_like_feed(data: bytes) -> bool:
    """Whether ``data`` opens as an RSS or Atom document."""
    return bool(_FEED_START.match(data[:2048]))


def entry_id(entry: dict[str, Any]) -> str:
    """A feed entry's identity: its id, else its link, else its title."""
    return str(entry.get("id") or entry.get("link") or entry.get("title") or "")


def _date(entry: dict[str, Any]) -> str | None:
    """An entry's date as ISO 8601, its ``published`` stamp else its ``updated`` one: with the
    zone offset it gives (RSS's "Mon, 03 Feb 2025 11:05:00 +0200", Atom's
    "2025-02-03T11:05:00+02:00"), else feedparser's reading of it in UTC. (``dict.get``: a
    feedparser entry would answer ``updated`` with its ``published``.)"""
    for key in ("published", "updated"):
        raw = str(dict.get(entry, key) or "").strip()
        if not raw:
            continue
        dt: datetime | None
        try:
            dt = parsedate_to_datetime(raw)
        except (TypeError, ValueError, IndexError):
            dt = parse_iso(raw, keep_zone=True)
        if dt is not None and dt.tzinfo is not None:
            return dt.isoformat()
        t = dict.get(entry, f"{key}_parsed")
        if t:
            return datetime.fromtimestamp(calendar.timegm(t), tz=timezone.utc).replace(tzinfo=None).isoformat()
        return dt.isoformat() if dt else None
    return None


def read_feed(data: bytes, name: str, hints: dict[str, str] | None = None,
              errors: list[ClaimledgerError] | None = None) -> Iterator[tuple[str, Record]]:
    """(entry id, record) for every entry with text; an entry that cannot be read is
    reported in ``errors`` and the others go on."""
    import feedparser
    parsed = feedparser.parse(data)
    if parsed.bozo and not parsed.entries:
        raise InputError(f"is not a readable RSS or Atom feed ({parsed.get('bozo_exception')})", source=name)
    outlet = parsed.feed.get("title")
    for entry in parsed.entries:
        eid = entry_id(entry)
        link = entry.get("link")
        content = entry.get("content") or []
        html = content[0].get("value") if content else entry.get("summary") or entry.get("description") or ""
        title = entry.get("title")
        published = _date(entry)
        author = entry.get("author")
        page = ("<html><head>"
                + (f"<title>{_escape(title)}</title>" if title else "")
                + (f'<meta name="author" content="{_escape(author)}">' if author else "")
                + (f'<meta property="article:published_time" content="{published}">' if published else "")
                + (f'<meta property="og:site_name" content="{_escape(outlet)}">' if outlet else "")
                + "</head><body><article>" + _as_html(html) + "</article></body></html>")
        try:
            record = read_html(page, Source(url=link, path=None if link else name), dict(hints or {}))
        except ClaimledgerError as exc:
            if errors is not None:
                errors.append(InputError(f"feed entry {title or eid!r} has no readable text ({exc.args[0]})",
                                         source=link or name))
            continue
        yield eid, record


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;").replace(">", "&gt;")


def _as_html(value: str) -> str:
    """Entry text as HTML paragraphs (plain-text summaries become one paragraph each line)."""
    if re.search(r"<(?:p|div|br|article|section|figure)\b", value, re.IGNORECASE):
        return value
    return "".join(f"<p>{_escape(p.strip())}</p>" for p in re.split(r"\n\s*\n|\n", value) if p.strip())
