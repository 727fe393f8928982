"""Segmentation of plain-text pages (scraped article text).

Scraped pages mix the article with furniture: a byline run into the date and
the reading time, photo captions with their credits, "This audio is created
with AI assistance", related-article teasers (title, a truncated summary
ending in an ellipsis, a credit line) and live-feed briefs that each start
with a bare timestamp. Each line is classified by its shape, then runs of
lines of one kind become one segment.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from claimledger.dates import CLOCK_RE, MONTH_RE, find_clock, find_date
from claimledger.lexicon import agencies, patterns, related_lead
from claimledger.stages import Stage, register_stage
from claimledger.records import DocumentMeta, Record, Segment
from claimledger.segment.metadata import read_metadata

#: words of a photo credit besides the news agencies' names (outlets.tsv, kind agency)
PHOTO_CREDIT_WORDS = ("Getty Images", "Shutterstock", "EPA", "Photo", "photo")
# A photo credit closing a caption: "(Ed Jones / AFP via Getty Images)", "(Photo: Reuters)".
_CREDIT = re.compile(r"\((?:[^()]*(?:\s/\s|\bvia\b|\b(?:%s)|\b(?:%s)\b)[^()]*)\)\s*$" % (
    "|".join(map(re.escape, PHOTO_CREDIT_WORDS)), "|".join(map(re.escape, agencies()))))
_CAPTION_START = re.compile(r"^(?:Photo|Illustrative photo|Image|Pictured|Caption)\s*[:|]", re.IGNORECASE)
_BYLINE = re.compile(r"^(?:by|By|BY)\s+[A-Z][\w.'’-]+")
# a line that is only a timestamp, optionally with a date: "8:31 AM", "Jan. 30, 2025, 14:05"
_STAMP = re.compile(rf"^(?:(?:{MONTH_RE})\s+\d{{1,2}}(?:,\s*\d{{4}})?,?\s+)?{CLOCK_RE}$")
_TRUNCATED = re.compile(r"(?:…|\.\.\.)\s*$")
_TERMINAL = re.compile(r"[.!?:;\"”’')\]]\s*$")


@dataclass
class Line:
    start: int
    end: int
    text: str
    kind: str = "body"


def split_lines(text: str) -> list[Line]:
    """The text's lines with their offsets, stripped."""
    lines, pos = [], 0
    for raw in text.split("\n"):
        stripped = raw.strip()
        if stripped:
            lead = len(raw) - len(raw.lstrip())
            lines.append(Line(pos + lead, pos + lead + len(stripped), stripped))
        pos += len(raw) + 1
    return lines


def is_boilerplate(line: str) -> bool:
    """Whether a short line is site furniture (``boilerplate.txt``: share, subscribe, reading time)."""
    return len(line) < 160 and any(p.match(line) for p in patterns("boilerplate.txt"))


def is_caption(line: str) -> bool:
    """Whether a line is a photo caption: it ends with a credit or opens as one."""
    return bool(_CREDIT.search(line) or _CAPTION_START.match(line))


def is_title_like(line: str) -> bool:
    """Short, no sentence-final punctuation: a headline or teaser title."""
    return len(line) < 200 and not re.search(r"[.!?]\s*$", line)


def is_headline(line: str) -> bool:
    """The first line is the headline unless it is a paragraph of several sentences."""
    return len(line) < 250 and len(re.findall(r"[a-z0-9][.!?][\"'”’)]?\s+[A-Z“\"]", line)) < 2


def is_credit_line(line: str) -> bool:
    """A teaser's credit: an outlet and/or author name, no sentence punctuation."""
    return len(line) < 80 and not _TERMINAL.search(line) and len(line.split()) <= 8 and line[:1].isupper()


def classify_lines(lines: list[Line]) -> None:
    """Give each line its kind, in place."""
    if not lines:
        return
    first = 0
    if is_headline(lines[0].text):
        lines[0].kind = "headline"
        first = 1
    in_live = False
    for i, ln in enumerate(lines[first:], first):
        t = ln.text
        if _STAMP.match(t):
            ln.kind, in_live = "live_stamp", True
        elif i <= 3 and _BYLINE.match(t):
            ln.kind = "byline"
        elif is_boilerplate(t):
            ln.kind = "boilerplate"
        elif is_caption(t):
            ln.kind = "caption"
        elif related_lead().match(t):
            ln.kind = "related"
        elif in_live:
            ln.kind = "live"
    _mark_teasers(lines)


def _mark_teasers(lines: list[Line]) -> None:
    """A truncated summary ("…") with its title line before and credit line after is a teaser."""
    for i, ln in enumerate(lines):
        if ln.kind not in ("body", "live") or not _TRUNCATED.search(ln.text):
            continue
        ln.kind = "related"
        if i > 0 and lines[i - 1].kind in ("body", "live") and is_title_like(lines[i - 1].text):
            lines[i - 1].kind = "related"
        if i + 1 < len(lines) and lines[i + 1].kind in ("body", "live") and is_credit_line(lines[i + 1].text):
            lines[i + 1].kind = "related"


#: the longest line taken as a live item's headline
LIVE_HEADLINE_WORDS = 16


def build_segments(lines: list[Line], text: str) -> list[Segment]:
    """Merge runs of one kind; a live item runs from its timestamp to the next."""
    segments: list[Segment] = []
    for ln in lines:
        kind = ln.kind
        if kind == "live_stamp":
            segments.append(Segment("live_item", ln.start, ln.end))
            continue
        if kind == "live":
            seg = segments[-1] if segments else None
            if seg is not None and seg.kind == "live_item":
                if seg.headline_end is None:
                    # the line right after a live stamp is the item's headline when it is short;
                    # a long one is already the item's first paragraph
                    seg.headline_end = ln.end if len(ln.text.split()) <= LIVE_HEADLINE_WORDS else seg.end
                seg.end = ln.end
                continue
            kind = "body"
        prev = segments[-1] if segments else None
        if prev is not None and prev.kind == kind and kind != "headline":
            prev.end = ln.end
        else:
            segments.append(Segment(kind, ln.start, ln.end))
    return segments


def date_live_items(segments: list[Segment], text: str, published: str | None) -> None:
    """Give each live item its own timestamp: the stamp's date, else the page's."""
    day = published[:10] if published else None
    for seg in segments:
        if seg.kind != "live_item" or seg.published:
            continue
        stamp = text[seg.start:text.find("\n", seg.start) if "\n" in text[seg.start:] else len(text)]
        clock = find_clock(stamp)
        found = find_date(stamp)
        d = found[0].isoformat() if found else day
        if d and clock:
            seg.published = f"{d}T{clock[0]:02d}:{clock[1]:02d}:00"
        elif d:
            seg.published = d


def segment_text(text: str) -> list[Segment]:
    """The page's segments (without live-item dates; see :class:`SegmentStage`)."""
    lines = split_lines(text)
    classify_lines(lines)
    return build_segments(lines, text)


@register_stage
class SegmentStage(Stage):
    """Cuts the page into segments and reads title, authors, date and outlet."""

    name = "segment"
    provides = ("segments", "document")
    order = 10

    def process(self, record: Record) -> Record:
        """Cut the text into segments (or keep a reader's) and read the document's metadata."""
        if record.segments:
            # a structured reader (HTML, feeds) has already said what each block is and what
            # the page's metadata are; the text fills only what it left open
            given = record.document
            found = read_metadata(record.text, record.segments, record.hints)
            record.document = DocumentMeta(
                title=given.title or found.title, authors=given.authors or found.authors,
                published=given.published or found.published, outlet=given.outlet or found.outlet,
                language=given.language or found.language)
        else:
            record.segments = segment_text(record.text)
            record.document = read_metadata(record.text, record.segments, record.hints)
        date_live_items(record.segments, record.text, record.document.published)
        return record
