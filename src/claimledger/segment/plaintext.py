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
from datetime import date, timedelta

from claimledger.dates import CLOCK_RE, MONTH_RE, find_clock, find_date, find_published
from claimledger.lexicon import agencies, outlets, patterns, related_lead
from claimledger.stages import Stage, register_stage
from claimledger.ingest.provenance import checked_hints
from claimledger.records import DocumentMeta, Record, Segment
from claimledger.segment.metadata import (DATE_LINE_LEAD, SOURCE_LINE, is_label, is_name_like, looks_like_outlet,
                                          read_metadata)

#: words of a photo credit besides the news agencies' names (outlets.tsv, kind agency)
PHOTO_CREDIT_WORDS = ("Getty Images", "Shutterstock", "EPA", "Photo", "photo")
# A photo credit closing a caption: "(Ed Jones / AFP via Getty Images)", "(Photo: Reuters)".
_CREDIT = re.compile(r"\((?:[^()]*(?:\s/\s|\bvia\b|\b(?:%s)|\b(?:%s)\b)[^()]*)\)\s*$" % (
    "|".join(map(re.escape, PHOTO_CREDIT_WORDS)), "|".join(map(re.escape, agencies()))))
#: a short credit in brackets after a caption's last sentence: "... on Tuesday. (Handout)"
_SHORT_CREDIT = re.compile(r"[.!?\"”’]\s*\((?P<credit>[A-Z][^()]{1,48})\)\s*$")
_NOT_CREDIT = re.compile(r"^(?:reporting|writing|editing|additional reporting|compiled|translated|with)\b", re.I)
_CAPTION_START = re.compile(r"^(?:(?:Photo|Photograph|Illustrative photo|File photo|Image|Picture|Pictured|Caption|"
                            r"Above|Top|Main image)\s*[:|]|(?:Photo|Image|Picture)s? by [A-Z])", re.IGNORECASE)
#: a credit after a caption's last sentence, without brackets: "... on Monday. Photograph: A Roe/Agency"
_TRAILING_CREDIT = re.compile(r"[.!?]\s+(?:Photo(?:graph)?|Image|Picture|Credit)s?\s*:\s*[^.!?]{2,60}$")
_BYLINE = re.compile(r"^(?:(?:reporting|written|words|text|story|compiled)\s+)?(?:by|By|BY)\s+[A-Z][\w.'’-]+")
# a line that is only a timestamp, optionally with a weekday and a date and a zone:
# "8:31 AM", "Jan. 30, 2025, 14:05", "30 January 2025 14:05 GMT", "Thursday 16:05 (Kyiv time)"
_STAMP = re.compile(rf"^(?:[A-Z][a-z]+day,?\s+)?(?:(?:(?:{MONTH_RE})\s+\d{{1,2}}|\d{{1,2}}\s+(?:{MONTH_RE}))"
                    rf"(?:,?\s*\d{{4}})?\s*[,–—-]?\s+(?:at\s+)?)?{CLOCK_RE}(?:\s*(?:GMT|UTC)[+-]\d{{1,2}}(?::\d\d)?|"
                    r"\s+[A-Z]{2,4}\b)?(?:\s*\([\w .-]{1,30}\))?"
                    r"(?P<inline>\s+[—–-]\s+[A-Z“\"'‘][^\n]{2,140})?$")
_TRUNCATED = re.compile(r"(?:…|\.\.\.)\s*$")
_TERMINAL = re.compile(r"[.!?:;\"”’')\]]\s*$")
#: a line of a newsletter or subscription box, which takes the box's title and blurb with it
_SIGNUP = re.compile(r"\b(?:sign up|subscribe|newsletter|enter your e-?mail|e-?mail address|inbox|unsubscribe)\b",
                     re.IGNORECASE)
#: fields of a byline line: "Outlet | Aug. 14, 2024, 16:30", "Analysis | By A | Outlet | date"
_FIELD_SEP = re.compile(r"\s[|·•]\s|\s/\s")
#: the first lines that can still be the page's byline block
HEADER_LINES = 6


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
    """A photo caption: it says so ("Photo:"), or ends with a photo credit, or is a sentence
    or two closed by a short credit in brackets ("... on Wednesday. (Handout)")."""
    if _CREDIT.search(line) or _CAPTION_START.match(line) or (len(line) < 400 and _TRAILING_CREDIT.search(line)):
        return True
    m = _SHORT_CREDIT.search(line)
    if m is None or len(line) > 400 or _NOT_CREDIT.match(m.group("credit")):
        return False
    credit = m.group("credit")
    if len(credit.split()) > 5 or re.search(r"[.;,]\s|\d", credit):
        return False
    return len(re.findall(r"[a-z0-9][.!?][\"”’]?\s+[A-Z“\"]", line[:m.start() + 1])) <= 1


def is_byline(line: str, prev_kind: str, nxt: str = "") -> bool:
    """A line of the byline block: "By A and B", "Outlet | May 10, 2025, 9:50 PM",
    "Release | June 16, 2024 | Issuer", a line that is mostly a date, or an outlet's
    name printed under the authors."""
    if _BYLINE.match(line):
        return True
    if len(line) > 220 or re.search(r"[a-z][.!?]\s+[A-Z]", line) or is_caption(line):
        return False
    fields = [f.strip() for f in _FIELD_SEP.split(line) if f.strip()]
    if len(fields) >= 2:
        if find_date(line) or any(_BYLINE.match(f) for f in fields):
            return True
        if prev_kind == "byline" and all(is_label(f) or is_name_like(f) for f in fields):
            return True
    if is_date_line(line):
        return True
    # an outlet's name printed under the authors (and over the date)
    under = prev_kind == "byline" and is_name_like(line) and not _TERMINAL.search(line) and len(line) < 60
    return under and (looks_like_outlet(line) or is_date_line(nxt))


def is_date_line(line: str) -> bool:
    """A short line that is mostly a date, or says it is one ("Published: ...")."""
    found = find_published(line) if line and len(line) <= 160 else None
    return bool(found and (DATE_LINE_LEAD.match(line) or len(line) <= 100 and found[2] - found[1] >= 0.3 * len(line)))


def is_source_line(line: str) -> bool:
    """A line naming where the story comes from: "Source: Outlet"."""
    m = SOURCE_LINE.match(line)
    return bool(m and is_name_like(m.group("outlet")))


def is_masthead(lines: list[Line]) -> bool:
    """The first line is the outlet's name above the headline."""
    return len(lines) > 1 and lines[0].text.lower().strip() in outlets()


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
    if is_masthead(lines):
        lines[0].kind = "boilerplate"
        first = 1
    if first < len(lines) and is_headline(lines[first].text):
        lines[first].kind = "headline"
        first += 1
    in_live = False
    in_header = True
    for i, ln in enumerate(lines[first:], first):
        t = ln.text
        prev = lines[i - 1].kind if i > 0 else ""
        if _STAMP.match(t):
            ln.kind, in_live = "live_stamp", True
        elif in_header and i <= first + HEADER_LINES and is_byline(t, prev, lines[i + 1].text if i + 1 < len(lines)
                                                                  else ""):
            ln.kind = "byline"
        elif is_source_line(t):
            ln.kind = "byline"
        elif is_boilerplate(t):
            ln.kind = "boilerplate"
        elif is_caption(t):
            ln.kind = "caption"
        elif related_lead().match(t):
            ln.kind = "related"
        elif in_live:
            ln.kind = "live"
        if ln.kind in ("body", "live", "live_stamp"):
            in_header = False
    _mark_teasers(lines)
    _mark_boxes(lines)


def _mark_boxes(lines: list[Line]) -> None:
    """A newsletter or subscription line takes its box along: the box's title and blurb just
    before it, when they are short and say what the box offers."""
    for i, ln in enumerate(lines):
        if ln.kind != "boilerplate" or not _SIGNUP.search(ln.text):
            continue
        for j in (i - 1, i - 2):
            prev = lines[j] if j >= 0 else None
            if prev is None or prev.kind not in ("body", "live"):
                break
            t = prev.text
            offers = _SIGNUP.search(t) or re.search(r"\b(?:e-?mail|every (?:day|morning|evening|night|week)|"
                                                    r"weekly|daily|delivered)\b", t, re.IGNORECASE)
            if len(t) < 200 and (offers or (is_title_like(t) and len(t.split()) <= 6)):
                prev.kind = "boilerplate"
            else:
                break


def _mark_teasers(lines: list[Line]) -> None:
    """A truncated summary ("…") with its title line before and credit line after is a teaser;
    a bare "Related:" or "Read more" line takes the list of titles under it."""
    for i, ln in enumerate(lines):
        lead = related_lead().match(ln.text)
        if lead and not ln.text[lead.end():].strip() and ln.kind in ("related", "boilerplate"):
            titles = 0
            for nxt in lines[i + 1:]:
                if nxt.kind not in ("body", "live") or not is_title_like(nxt.text) or len(nxt.text) > 120:
                    break
                nxt.kind, titles = "related", titles + 1
            if titles:
                ln.kind = "related"
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


def inline_headline_end(ln: Line) -> int | None:
    """Where the headline ends of a stamp line that carries it ("16:05 — Army orders a halt");
    a sentence after the stamp is the item's first paragraph, and its headline is the stamp."""
    m = _STAMP.match(ln.text)
    inline = m.group("inline") if m else None
    if not inline:
        return None
    words = inline.strip(" —–-")
    short = len(words.split()) <= LIVE_HEADLINE_WORDS and not re.search(r"[.!?][\"”’]?$", words)
    return ln.end if short else ln.end - len(inline)


def build_segments(lines: list[Line], text: str) -> list[Segment]:
    """Merge runs of one kind; a live item runs from its timestamp to the next."""
    segments: list[Segment] = []
    for ln in lines:
        kind = ln.kind
        if kind == "live_stamp":
            segments.append(Segment("live_item", ln.start, ln.end, headline_end=inline_headline_end(ln)))
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


def _stamp_of(seg: Segment, text: str) -> tuple[date | None, tuple[int, int] | None]:
    """The date and the clock time a live item's stamp line prints."""
    end = text.find("\n", seg.start)
    stamp = text[seg.start:end if end != -1 and end < seg.end else seg.end]
    found = find_date(stamp)
    clock = find_clock(stamp)
    return (found[0] if found else None), (clock[:2] if clock else None)


def _newest_first(clocks: list[tuple[int, int] | None]) -> bool:
    """Whether a live blog's items run newest first: read that way, its clock times span
    less time than read oldest first (each turn of the clock past midnight costs a day)."""
    mins = [h * 60 + m for h, m in (c for c in clocks if c is not None)]
    forward = sum((b - a) % 1440 for a, b in zip(mins, mins[1:]))
    backward = sum((a - b) % 1440 for a, b in zip(mins, mins[1:]))
    return backward <= forward


def date_live_items(segments: list[Segment], text: str, published: str | None) -> None:
    """Give each live item its own timestamp: the stamp's date, else the page's day, counted
    on past midnight when the clock times turn back (page order, newest first or last)."""
    items = [s for s in segments if s.kind == "live_item" and not s.published]
    if not items:
        return
    page_day = date.fromisoformat(published[:10]) if published else None
    page_clock = (int(published[11:13]), int(published[14:16])) if published and len(published) >= 16 else None
    stamps = [_stamp_of(s, text) for s in items]
    clocks = [c for _, c in stamps]
    # the item the page's own date belongs to: the one at the page's clock time, else the first
    anchor = next((i for i, c in enumerate(clocks) if page_clock and c == page_clock), 0)
    # the day changes this way going down the page; a page first published at its last item's
    # time runs newest first
    newest_first = (anchor == len(items) - 1 and anchor > 0) or _newest_first(clocks)
    step = -1 if newest_first else 1
    days: list[date | None] = [None] * len(items)
    for order in (range(anchor, len(items)), range(anchor, -1, -1)):
        day, prev, sign = page_day, None, step if order.step == 1 else -step
        for i in order:
            own, clock = stamps[i]
            if own is not None:
                day = own
            elif day is not None and prev is not None and clock is not None and (clock < prev) == (sign > 0) \
                    and clock != prev:
                day = day + timedelta(days=sign)
            days[i] = days[i] or day
            prev = clock if clock is not None else prev
    for seg, day, (_, clock) in zip(items, days, stamps):
        if day and clock:
            seg.published = f"{day.isoformat()}T{clock[0]:02d}:{clock[1]:02d}:00"
        elif day:
            seg.published = day.isoformat()


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
        # dates given beside the page are checked here too, for records built in code
        record.hints = checked_hints(record.hints, record.source.path or record.source.url or "<document>")
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
