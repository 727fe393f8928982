"""Document metadata read from a plain-text page: title, authors, publication
time, outlet. The page's own values win; caller hints fill the gaps."""
from __future__ import annotations

import re

from claimledger.dates import MONTH_RE, find_datetime, parse_iso
from claimledger.lexicon import outlets
from claimledger.records import DocumentMeta, Segment

_BY = re.compile(r"^(?:by|By|BY)\s+")
_NAME_STOP = re.compile(rf"\s(?:{MONTH_RE}\s+\d|\d|\||·|•|—|–|-\s|Updated|Published|Posted)|,\s*(?!and\b)")
_DATELINE = re.compile(r"^[A-Z][A-Z'’-]{2,30}(?:,[A-Za-z .'’-]{1,40})?\s*\((?P<outlet>[A-Za-z][\w .&/-]{1,40})\)\s*[-–—]")
#: the start of a news dateline: "KYIV (Reuters) - ", "GENEVA, 14 February 2025 - "
DATELINE_PREFIX = re.compile(r"^[A-Z][A-Z'’-]{2,30}(?:,[\w .'’-]{1,40})?(?:\s*\([\w .&/-]{1,40}\))?\s*[-–—]\s+")


def dateline_end(line: str) -> int:
    """Where the dateline at the start of a body line ends (0 when there is none)."""
    m = DATELINE_PREFIX.match(line)
    return m.end() if m else 0
_COPYRIGHT = re.compile(r"(?:©|\(c\)|Copyright)\s*(?:\d{4}\s+)?(?P<outlet>[A-Z][\w .&-]{2,40})")


def split_authors(names: str) -> list[str]:
    """Author names from a byline's name list ("A, B and C")."""
    parts = re.split(r"\s*(?:,|\band\b|&)\s*", names)
    return [p.strip(" .") for p in parts if p.strip(" .") and p.strip()[:1].isupper()]


def parse_byline(line: str) -> tuple[list[str], str | None]:
    """Authors and publication time from a byline such as
    "by Jane Doe January 31, 2025 1:02 PM 2 min read"."""
    rest = _BY.sub("", line, count=1)
    stop = _NAME_STOP.search(" " + rest)
    names = (" " + rest)[: stop.start()] if stop else " " + rest
    authors = split_authors(names.strip())
    found = find_datetime(rest)
    published = found[0].isoformat() if found else None
    return authors, published


def known_outlet_prefix(line: str) -> str | None:
    """The known outlet a line starts with, even when glued to a name
    ("The Kyiv IndependentJane Doe")."""
    low = line.lower()
    best = None
    for alias, (name, _) in outlets().items():
        if low.startswith(alias) and len(alias) >= 3:
            nxt = line[len(alias):len(alias) + 1]
            # the alias must end at a word end or run straight into a capitalised name
            if not nxt or not nxt.isalpha() or nxt.isupper():
                if best is None or len(alias) > len(best[0]):
                    best = (alias, name)
    return best[1] if best else None


def find_outlet(text: str, segments: list[Segment]) -> str | None:
    """The outlet named by a dateline, a byline, a teaser credit line or a copyright line."""
    for seg in segments:
        chunk = text[seg.start:seg.end]
        if seg.kind == "body":
            m = _DATELINE.match(chunk)
            if m:
                known = outlets().get(m.group("outlet").strip().lower())
                return known[0] if known else m.group("outlet").strip()
        if seg.kind == "byline":
            for part in re.split(r"[|,·•]", chunk):
                known = outlets().get(part.strip().lower())
                if known:
                    return known[0]
        if seg.kind in ("related", "boilerplate"):
            for line in chunk.split("\n"):
                m = _COPYRIGHT.search(line)
                cand = m.group("outlet").strip() if m else line.strip()
                name = known_outlet_prefix(cand)
                if name and (m or len(line) < 80):
                    return name
    return None


#: a line that announces the page's own date ("Published: 21 Jan 2025", "Updated 10:31 AM")
_DATE_LINE_LEAD = re.compile(r"^\s*(?:published|updated|posted|last updated|first published|date)\b", re.IGNORECASE)


#: "GENEVA, 14 February 2025 - ": a wire dateline carrying the date
_DATELINE_DATE = re.compile(r"[A-Z][A-Z .'’-]+(?:,\s*[A-Z][A-Za-z .]+)?,\s*")


def date_line(text: str, segments: list[Segment], lines: int = 8) -> str | None:
    """The publication date from one of the page's first short lines that is
    mostly a date (or says it is one); never from a sentence of the story."""
    seen = 0
    pos = 0
    for line in text[:1500].split("\n"):
        start, pos = pos, pos + len(line) + 1
        stripped = line.strip()
        if not stripped:
            continue
        seen += 1
        if seen > lines:
            break
        seg = next((s for s in segments if s.start <= start < s.end), None)
        if seg is not None and seg.kind in ("related", "caption"):
            continue
        found = find_datetime(stripped)
        if not found:
            continue
        dt, s0, e0 = found
        in_dateline = bool(_DATELINE_DATE.fullmatch(stripped[:s0])) and re.match(r"\s*[-–—(]", stripped[e0:e0 + 3])
        if _DATE_LINE_LEAD.match(stripped) or in_dateline or (
                len(stripped) <= 100 and (e0 - s0) >= 0.3 * len(stripped)):
            return dt.isoformat()
    return None


def read_metadata(text: str, segments: list[Segment], hints: dict[str, str]) -> DocumentMeta:
    """Title, authors, date and outlet from the page's segments; caller hints fill the
    gaps (a JSON Lines title wins)."""
    meta = DocumentMeta()
    for seg in segments:
        chunk = text[seg.start:seg.end]
        if seg.kind == "headline" and meta.title is None:
            meta.title = chunk.strip()
        elif seg.kind == "byline" and not meta.authors:
            meta.authors, published = parse_byline(chunk)
            meta.published = meta.published or published
    if meta.published is None:
        meta.published = date_line(text, segments)
    if meta.published is None and hints.get("published"):
        dt = parse_iso(hints["published"])
        if dt is not None:
            # a date given without a clock time stays a date
            has_time = re.search(r"\d[T ]\d\d:\d\d", hints["published"])
            meta.published = dt.isoformat() if has_time else dt.date().isoformat()
    meta.outlet = find_outlet(text, segments) or hints.get("outlet") or None
    meta.title = hints.get("title") or meta.title  # a JSON Lines line's own "title" is the document's
    return meta
