"""Document metadata read from a plain-text page: title, authors, publication
time, outlet. The page's own values win; caller hints fill the gaps.

The outlet is what the page says it is, never a guess: the name a byline or a
masthead line prints beside the authors and the date ("By A and B / Outlet |
May 10, 2025"), the agency of a wire dateline ("KHARKIV, Feb 1 (Outlet) -",
"Outlet —"), a "Source:" line or the copyright line. A newspaper the story
quotes ("told Outlet") is a source, not the page's outlet. The list of known
outlets gives canonical names and helps tell an outlet from a person; it does
not limit what an outlet can be.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from claimledger.dates import MONTH_RE, find_clock, find_datetime, find_published
from claimledger.lexicon import outlets, patterns, word_list
from claimledger.records import DocumentMeta, Segment

_BY = re.compile(r"^(?:(?:reporting|written|words|text|story|compiled|report)\s+)?by\s+", re.IGNORECASE)
#: where a byline's names end; a comma ends them unless a list of names goes on ("A, B and C")
_NAME_STOP = re.compile(rf"\s(?:{MONTH_RE}\s+\d|\d|\||·|•|—|–|-\s|/\s|Updated|Published|Posted)|"
                        r",(?!\s*and\b)(?!\s*(?:[A-Z][\w'’-]+ ){1,3}(?:and|&) [A-Z])")
#: "KHARKIV, Feb 1 (Wire) - ", "NEW DELHI/ISLAMABAD (Agency) — ", "Kyiv, Ukraine (Outlet) –"
_PLACE = r"[A-Z][\w'’.-]*(?:[ /][A-Z][\w'’.-]*){0,3}"
_DATELINE = re.compile(rf"^{_PLACE}(?:,[^()\n]{{1,50}}?)?\s*\((?P<outlet>[A-Za-z][\w .&/'’-]{{1,40}})\)\s*[-–—:]")
#: "Outlet — " or "KYIV, Ukraine Outlet — " opening a story (an agency's tag without brackets)
_TAG_DASH = re.compile(rf"^(?:(?P<place>{_PLACE}(?:,\s*[A-Z][\w'’.-]*(?: [A-Z][\w'’.-]*)*)?)\s+)?"
                       r"(?P<outlet>[A-Z][\w.&'’-]*(?: [A-Z][\w.&'’-]*){0,3})\s+[—–]\s")
#: the start of a news dateline: "KYIV (Reuters) - ", "GENEVA, 14 February 2025 - "
DATELINE_PREFIX = re.compile(r"^[A-Z][A-Z'’-]{2,30}(?:,[\w .'’-]{1,40})?(?:\s*\([\w .&/-]{1,40}\))?\s*[-–—]\s+")
_COPYRIGHT = re.compile(r"(?:©|\(c\)|Copyright)\s*(?:\d{4}\s*,?\s*)?(?P<outlet>[A-Z][\w .&'’-]{2,40}?)"
                        r"(?:,?\s*\d{4})?(?:\.?\s+All rights reserved.*)?\.?$", re.IGNORECASE)
SOURCE_LINE = re.compile(r"^(?:source|sources|via|credit)\s*:\s*(?P<outlet>[^\n]{2,60})$", re.IGNORECASE)
#: what stands after an issuer's name in a release ("... Command Public Affairs") and
#: the legal form after a publisher's ("Harbour Gazette Ltd.")
_ISSUER_TAIL = re.compile(r"\s+(?:Public Affairs(?: Office)?|Press (?:Office|Service|Centre|Center|Desk)|"
                          r"Media (?:Office|Centre|Center|Relations)|Communications(?: Office)?|Newsroom|"
                          r"Ltd\.?|Limited|Inc\.?|LLC|plc|PLC|GmbH|S\.A\.|Group)$")
_FIELD_SPLIT = re.compile(r"\s*(?:\n|\s[|·•]\s?|[|·•;]|\s/\s|\s[—–]\s)\s*")
_DESK = re.compile(r"\s+(?:staff|reporters?|correspondents?|desk|news desk|wire)$", re.IGNORECASE)
_CLOCK_LEAD = re.compile(r"^(?:(?:first\s+)?(?:published|posted)|at)\b[:\s]*", re.IGNORECASE)
_UPDATED = re.compile(r"^(?:last\s+)?(?:updated|modified|edited)\b", re.IGNORECASE)
#: fields of a byline: "|", "·", "•", " / ", " — ", ";" and line breaks



def dateline_end(line: str) -> int:
    """Where the dateline at the start of a body line ends (0 when there is none)."""
    m = DATELINE_PREFIX.match(line)
    return m.end() if m else 0


def split_authors(names: str) -> list[str]:
    """The people of a list of names ("A, B and C", "A in Kyiv and B in Moscow")."""
    parts = re.split(r"\s*(?:,|;|\band\b|&)\s*", names)
    parts = [re.sub(r"\s+in\s+[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*)*$", "", p) for p in parts]
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


@lru_cache(maxsize=1)
def _outlets_by_start() -> dict[str, list[tuple[str, str]]]:
    """The outlet aliases of three characters or more by their first three, in table order."""
    out: dict[str, list[tuple[str, str]]] = {}
    for alias, (name, _) in outlets().items():
        if len(alias) >= 3:
            out.setdefault(alias[:3], []).append((alias, name))
    return out


def known_outlet_prefix(line: str) -> str | None:
    """The known outlet a line starts with, even when glued to a name
    ("The Kyiv IndependentJane Doe")."""
    low = line.lower()
    best = None
    for alias, name in _outlets_by_start().get(low[:3], ()):  # only the aliases it can start with
        if low.startswith(alias):
            nxt = line[len(alias):len(alias) + 1]
            # the alias must end at a word end or run straight into a capitalised name
            if not nxt or not nxt.isalpha() or nxt.isupper():
                if best is None or len(alias) > len(best[0]):
                    best = (alias, name)
    return best[1] if best else None


# ------------------------------------------------------------------ names: outlet or person
def canonical_outlet(name: str) -> str:
    """A known outlet's canonical name; else the name as the page prints it, without an
    issuer's office ("Public Affairs") or a legal form ("Ltd.")."""
    name = re.sub(r"\s+", " ", name).strip(" .,;:-–—")
    known = outlets().get(name.lower())
    if known:
        return known[0]
    bare = _ISSUER_TAIL.sub("", name).strip(" .,")
    known = outlets().get(bare.lower())
    return known[0] if known else bare


def is_label(text: str) -> bool:
    """A section or genre label ("Analysis", "Live", "Press release")."""
    return any(p.match(text.strip(" :")) for p in patterns("byline_labels.txt"))


def is_name_like(text: str) -> bool:
    """Capitalised words, no digits or sentence punctuation: could name a person or an outlet."""
    words = text.split()
    return (0 < len(words) <= 8 and len(text) <= 70 and text[:1].isupper() and not re.search(r"\d|[!?;:\"“”]", text)
            and not text.rstrip().endswith((",",)) and sum(w[:1].isupper() for w in words) >= len(words) / 2)


def looks_like_outlet(name: str) -> bool:
    """A name that is an outlet: a known one, or one built on a news word ("... Wire") or an
    issuing body's word ("... Command"). A lone unknown word ("Kyiv") is not enough."""
    name = name.strip()
    if name.lower() in outlets() or canonical_outlet(name).lower() in outlets():
        return True
    words = re.findall(r"[A-Za-z]+", name.lower())
    return len(words) > 1 and any(w in word_list("outlet_words.txt") or w in word_list("organization_nouns.txt")
                                  for w in words)


def is_place(name: str) -> bool:
    """A place name ("Kyiv", "Port Harcourt"), as the gazetteer knows it."""
    from claimledger.resolve.gazetteer import gazetteer
    return gazetteer().has_name(name)


# ------------------------------------------------------------------ bylines
@dataclass
class Byline:
    """What a byline block says: its authors, publication time and outlet."""

    authors: list[str] = field(default_factory=list)
    published: str | None = None
    updated: str | None = None
    outlet: str | None = None


def _clock_iso(clock: tuple[int, int, int, int]) -> str:
    return f"T{clock[0]:02d}:{clock[1]:02d}:00"


def _date_field(b: Byline, text: str, nxt: str | None) -> bool:
    """Read a field holding a date; True when it did (an updated date is kept apart)."""
    found = find_published(text)
    if found is None:
        return False
    value = found[0]
    if len(value) == 10:
        # "17.11.2024, first published 08:30"; "December 24, 2024 | 10:15 AM"
        tail = text[found[2]:].strip(" ,")
        lead = _CLOCK_LEAD.match(tail)
        clock = find_clock(tail[lead.end():]) if lead else None
        if clock is None and nxt is not None and not _UPDATED.match(nxt):
            clock = find_clock(nxt) if re.fullmatch(r"[\d:.\sAPMapm]+(?:\s*\(?[A-Za-z ]+\)?)?", nxt) else None
        if clock is None:  # "Published 10:31 GMT, 3 February 2025"
            before = find_clock(text[:found[1]])
            clock = before if before and not _UPDATED.search(text[:before[2]]) else None
            lead = None
        if clock is not None and (not lead or clock[2] <= 1):
            value += _clock_iso(clock)
    if _UPDATED.match(text) or _UPDATED.match(text[:found[1]].strip(" ,|")):
        b.updated = b.updated or value
    elif b.published is None:
        b.published = value
    return True


def _names_field(b: Byline, text: str) -> None:
    """A "By ..." field: its authors; an outlet named among them ("By Jane Doe, Outlet") is the outlet."""
    authors, _ = parse_byline(text)
    for a in authors:
        desk = _DESK.sub("", a)  # "By Reuters staff"
        if looks_like_outlet(a) and len(authors) > 1 or a.lower() in outlets() or desk.lower() in outlets():
            b.outlet = b.outlet or canonical_outlet(desk)
        elif a not in b.authors:
            b.authors.append(a)
    rest = _BY.sub("", text, count=1)
    if find_published(rest):
        _date_field(b, rest, None)
    for piece in rest.split(",")[1:]:  # "By Jane Doe, Outlet"
        piece = piece.strip()
        if b.outlet is None and is_name_like(piece) and not is_label(piece) and looks_like_outlet(piece):
            b.outlet = canonical_outlet(piece)


def read_byline(chunk: str) -> Byline:
    """Authors, date and outlet from a byline block of one or more lines, whose fields are
    split by "|", "·", "/" or a line break: "By A and B / Outlet | May 10, 2025, 9:50 PM",
    "Analysis | By A | Outlet | January 24, 2025", "Release | June 16, 2024 | Issuer"."""
    b = Byline()
    fields = [f.strip(" ()") for f in _FIELD_SPLIT.split(chunk) if f and f.strip(" ()")]
    names: list[str] = []
    for i, f in enumerate(fields):
        nxt = fields[i + 1] if i + 1 < len(fields) else None
        if _BY.match(f) and not is_label(f):
            _names_field(b, f)
        elif is_label(f) or _UPDATED.match(f) and not find_published(f):
            continue
        elif _date_field(b, f, nxt):
            found = find_published(f)
            lead = f[:found[1]].strip(" ,") if found else ""  # "Outlet, March 4, 2024"
            if is_name_like(lead) and not is_label(lead) and not _UPDATED.match(lead):
                names.append(lead)
        elif find_clock(f) and len(f) < 30:
            continue  # a clock field already read with the date before it
        elif is_name_like(f):
            names.append(f)
    by_authors = bool(b.authors)
    for n in names:
        if b.outlet is None and looks_like_outlet(n):
            b.outlet = canonical_outlet(n)
        elif b.outlet is None and _ISSUER_TAIL.search(n):  # "... Command Public Affairs"
            b.outlet = canonical_outlet(n)
        elif not b.authors and all(2 <= len(a.split()) <= 4 for a in split_authors(n)) and split_authors(n):
            b.authors = split_authors(n)
    if b.outlet is None and by_authors:
        # beside authors a "By" names, the one other name that is not a place is the outlet
        others = [n for n in names if not is_place(n) and len(n.split()) <= 5]
        if len(others) == 1:
            b.outlet = canonical_outlet(others[0])
    b.published = b.published or b.updated
    return b


# ------------------------------------------------------------------ the outlet
def dateline_outlet(line: str) -> str | None:
    """The agency a story's first line names: "KHARKIV, Feb 1 (Wire) -" or "Outlet —"."""
    m = _DATELINE.match(line)
    if m:
        return canonical_outlet(m.group("outlet"))
    m = _TAG_DASH.match(line)
    if m:
        name = m.group("outlet")
        if name.lower() in outlets() or (m.group("place") and re.fullmatch(r"[A-Z]{2,6}", name)):
            return canonical_outlet(name)
    return None


def find_outlet(text: str, segments: list[Segment]) -> str | None:
    """The outlet the page names for itself, by trust: its byline or masthead, the dateline
    of its first story paragraph, a "Source:" line, the copyright line, a teaser's credit."""
    chunks = [(s.kind, text[s.start:s.end]) for s in segments]
    for kind, chunk in chunks:
        if kind == "byline":
            b = read_byline(chunk)
            if b.outlet:
                return b.outlet
    first_body = next((c for k, c in chunks if k in ("body", "live_item")), None)
    if first_body is not None:
        found = dateline_outlet(first_body.split("\n", 1)[0])
        if found:
            return found
    for kind, chunk in chunks:
        for line in chunk.split("\n"):
            m = SOURCE_LINE.match(line.strip())
            if m and kind in ("byline", "boilerplate") and is_name_like(m.group("outlet")):
                return canonical_outlet(m.group("outlet"))
    for kind, chunk in chunks:
        if kind in ("related", "boilerplate"):
            for line in chunk.split("\n"):
                m = _COPYRIGHT.search(line.strip())
                if m and is_name_like(m.group("outlet").strip()):
                    return canonical_outlet(m.group("outlet"))
    for kind, chunk in chunks:
        if kind == "related":
            for line in chunk.split("\n"):
                name = known_outlet_prefix(line.strip())
                if name and len(line) < 80:
                    return name
    return None


# ------------------------------------------------------------------ the date
#: a line that announces the page's own date ("Published: 21 Jan 2025", "Updated 10:31 AM")
DATE_LINE_LEAD = re.compile(r"^\s*(?:published|updated|posted|last updated|first published|date)\b", re.IGNORECASE)
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
        if seg is not None and seg.kind in ("related", "caption", "live_item"):
            continue
        found = find_published(stripped)
        if not found:
            continue
        value, s0, e0 = found
        in_dateline = bool(_DATELINE_DATE.fullmatch(stripped[:s0])) and re.match(r"\s*[-–—(]", stripped[e0:e0 + 3])
        if DATE_LINE_LEAD.match(stripped) or in_dateline or (
                len(stripped) <= 100 and (e0 - s0) >= 0.3 * len(stripped)):
            return value
    return None


def read_metadata(text: str, segments: list[Segment], hints: dict[str, str]) -> DocumentMeta:
    """Title, authors, date and outlet from the page's own lines, then from ``hints``
    (already checked: a sidecar's, the file name's or the command line's values)."""
    meta = DocumentMeta()
    for seg in segments:
        chunk = text[seg.start:seg.end]
        if seg.kind == "headline" and meta.title is None:
            meta.title = chunk.strip()
        elif seg.kind == "byline" and not (meta.authors and meta.published):
            b = read_byline(chunk)
            meta.authors = meta.authors or b.authors
            meta.published = meta.published or b.published
    if meta.published is None:
        meta.published = date_line(text, segments)
    meta.published = meta.published or hints.get("published") or None
    meta.outlet = find_outlet(text, segments) or hints.get("outlet") or None
    meta.title = hints.get("title") or meta.title  # a JSON Lines line's own "title" is the document's
    if not meta.authors and hints.get("authors"):
        meta.authors = [a.strip() for a in hints["authors"].split(";") if a.strip()]
    return meta
