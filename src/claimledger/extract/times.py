"""Times: temporal expressions found by a fast regular scanner and normalised
to TIMEX3 values, anchored on the date of the segment they stand in.

The scanner runs over the raw text (cheap: PERF-NOTES.md shows that general
date libraries scanning whole articles halve throughput); the parse is only
read for the tense that decides the direction of "on Monday" or "in May".
"""
from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta

from claimledger.dates import MONTH_RE, clock_to_24h, month_number, parse_iso
from claimledger.extract import time_rules as R
from claimledger.pipeline import Stage, register_stage
from claimledger.records import Record, TimeExpr

Interval = dict[str, str | None]
Found = tuple[str, str, Interval | None]  # type, value, interval

_NUM = "|".join(sorted((re.escape(k) for k in R.NUMBER_WORDS), key=len, reverse=True))
_UNIT = r"(?P<unit>second|minute|hour|day|week|month|year|decade|centur(?:y|ie))s?"
_MOD = "|".join(re.escape(m) for m in sorted(R.DURATION_MODIFIERS, key=len, reverse=True))
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_CLOCK = r"(?P<h>[01]?\d|2[0-3])[:.](?P<mi>[0-5]\d)\s*(?P<ap>[AaPp]\.?\s?[Mm]\.?)?"
_PART = r"(?P<part>early|mid-?|late|the (?:beginning|start|middle|end) of)"
_SEASON = r"(?P<season>spring|summer|fall|autumn|winter)"
_WEEKDAY = r"(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_REL = r"(?P<rel>last|past|previous|this|current|next|coming|following)"
_SINCE = r"(?:(?P<since>[Ss]ince)\s+)?"


def iso(d: date) -> str:
    return d.isoformat()


def day_interval(d: date) -> Interval:
    return {"start": iso(d), "end": iso(d)}


def month_interval(y: int, m: int, first: int = 1, last: int | None = None) -> Interval:
    end = last or calendar.monthrange(y, m)[1]
    return {"start": iso(date(y, m, first)), "end": iso(date(y, m, min(end, calendar.monthrange(y, m)[1])))}


def open_interval(found: Found, since: bool) -> Found:
    """ "since December": the interval runs from the start on, with no end."""
    if not since or not found[2]:
        return found
    return found[0], found[1], {"start": found[2]["start"], "end": None}


def nearest_year(month: int, day: int, anchor: date, direction: int) -> int:
    """The year that puts month/day nearest the anchor, before it in past-tense text."""
    y = anchor.year
    cands = []
    for yy in (y - 1, y, y + 1):
        try:
            cands.append(date(yy, month, min(day, calendar.monthrange(yy, month)[1])))
        except ValueError:
            continue
    if direction < 0:
        past = [c for c in cands if c <= anchor]
        if past:
            return max(past).year
    if direction > 0:
        fut = [c for c in cands if c >= anchor]
        if fut:
            return min(fut).year
    return min(cands, key=lambda c: abs((c - anchor).days)).year


def duration_value(n: int | str, unit: str) -> str:
    letter, clock = R.UNITS[unit]
    if letter == "DE":
        return f"P{n * 10 if isinstance(n, int) else n}Y" if isinstance(n, int) else "PXDE"
    if letter == "CE":
        return f"P{n * 100}Y" if isinstance(n, int) else "PXCE"
    return f"P{'T' if clock else ''}{n}{letter}"


def number(word: str) -> int | str:
    w = word.lower()
    if w.isdigit():
        return int(w)
    return R.NUMBER_WORDS.get(w, "X")


# ------------------------------------------------------------------ rules
# Each rule: (regex, handler(match, anchor, direction) -> Found | None). Longer matches win.
Rule = tuple[re.Pattern[str], Callable[[re.Match[str], date, int], Found | None]]
RULES: list[Rule] = []


def rule(pattern: str, flags: int = 0) -> Callable[[Callable[[re.Match[str], date, int], Found | None]],
                                                  Callable[..., Found | None]]:
    def wrap(fn: Callable[[re.Match[str], date, int], Found | None]) -> Callable[..., Found | None]:
        RULES.append((re.compile(pattern, flags), fn))
        return fn
    return wrap


@rule(rf"\b{_SINCE}(?P<mon>{MONTH_RE})\s+{_DAY},?\s+{_YEAR}(?:,?\s+(?:at\s+)?{_CLOCK})?(?!\d)")
def _full_date(m: re.Match[str], anchor: date, direction: int) -> Found | None:
    d = date(int(m["year"]), month_number(m["mon"]) or 1, int(m["day"]))
    if m["h"]:
        h, mi = clock_to_24h(int(m["h"]), int(m["mi"]), (m["ap"] or "")[:1] or None)
        return "TIME", f"{iso(d)}T{h:02d}:{mi:02d}", day_interval(d)
    return open_interval(("DATE", iso(d), day_interval(d)), bool(m["since"]))


@rule(rf"\b{_SINCE}{_DAY}\s+(?P<mon>{MONTH_RE})\s+{_YEAR}\b")
def _dmy(m: re.Match[str], anchor: date, direction: int) -> Found | None:
    d = date(int(m["year"]), month_number(m["mon"]) or 1, int(m["day"]))
    return open_interval(("DATE", iso(d), day_interval(d)), bool(m["since"]))


@rule(rf"\b{_SINCE}(?P<mon>{MONTH_RE})\s+{_DAY}\b(?!,?\s*(?:19|20)\d\d)(?!:)")
def _month_day(m: re.Match[str], anchor: date, direction: int) -> Found | None:
    mon, day = month_number(m["mon"]) or 1, int(m["day"])
    if day > calendar.monthrange(2024, mon)[1]:
        return None
    y = nearest_year(mon, day, anchor, direction)
    d = date(y, mon, min(day, calendar.monthrange(y, mon)[1]))
    return open_interval(("DATE", iso(d), day_interval(d)), bool(m["since"]))


@rule(rf"\b{_SINCE}(?:{_PART}\s+)?(?P<mon>{MONTH_RE})(?:\s+of)?,?\s+{_YEAR}\b", re.IGNORECASE)
def _month_year(m: re.Match[str], anchor: date, direction: int) -> Found | None:
    y, mon = int(m["year"]), month_number(m["mon"]) or 1
    first, last = R.MONTH_PARTS.get((m["part"] or "").lower(), (1, None))
    return open_interval(("DATE", f"{y}-{mon:02d}", month_interval(y, mon, first, last)), bool(m["since"]))


@rule(rf"\b(?:{_SINCE}|(?:in|by|until|through|from|during|of|last|next|this)\s+)(?:{_PART}\s+)?"
      r"(?P<mon>January|February|March|April|May|June|July|August|September|October|November|December)\b"
      r"(?!\s+\d)")
def _month_alone(m: re.Match[str], anchor: date, direction: int) -> Found | None:
    mon = month_number(m["mon"]) or 1
    lead = m.group(0).split()[0].lower()
    if lead in ("last", "since") or (direction < 0 and lead not in ("next", "this")):
        y = anchor.year if mon < anchor.month or (mon == anchor.month and lead == "since") else anchor.year - 1
    elif lead == "next" or direction > 0:
        y = anchor.year if mon > anchor.month else anchor.year + 1
    else:
        y = anchor.year
    first, last = R.MONTH_PARTS.get((m["part"] or "").lower(), (1, None))
    found = ("DATE", f"{y}-{mon:02d}", month_interval(y, mon, first, last))
    return open_interval(found, lead == "since")


#: words a pattern may need for context that are not part of the expression
_LEAD_WORDS = ("in", "by", "until", "through", "from", "during", "of", "on", "at")


def span_start(m: re.Match[str]) -> int:
    """Leading prepositions other than "since" are not part of the expression."""
    text = m.group(0)
    first = text.split()[0]
    if first.lower() in _LEAD_WORDS and len(text.split()) > 1:
        return m.start() + len(text) - len(text[len(first):].lstrip())
    return m.start()


@rule(rf"\b(?:(?P<rel>last|this|next|past|coming)\s+|(?:early|late)\s+)?{_SEASON}(?:\s+(?:of\s+)?{_YEAR})?\b",
      re.IGNORECASE)
def _season(m: re.Match[str], anchor: date, direction: int) -> Found | None:
    code, first, last = R.SEASONS[m["season"].lower()]
    if m["year"]:
        y = int(m["year"])
    else:
        rel = (m["rel"] or "").lower()
        if not rel or anchor == NO_ANCHOR:
            return None
        # the season's last month in the anchor's year, then stepped
        y = anchor.year
        start = date(y, first, 1)
        if rel in ("last", "past"):
            while start >= anchor or date(y if last >= first else y + 1, last, 1) >= anchor:
                y -= 1
                start = date(y, first, 1)
        elif rel in ("next", "coming"):
            while start <= anchor:
                y += 1
                start = date(y, first, 1)
    end_year = y if last >= first else y + 1
    interval = {"start": iso(date(y, first, 1)),
                "end": iso(date(end_year, last, calendar.monthrange(end_year, last)[1]))}
    return "DATE", f"{y}-{code}", interval


@rule(rf"\b{_REL}\s+(?P<unit>week|month|year)\b", re.IGNORECASE)
def _relative_unit(m: re.Match[str], anchor: date, direction: int) -> Found | None:
    step = R.RELATIVE_STEPS[m["rel"].lower()]
    unit = m["unit"].lower()
    if unit == "week":
        monday = anchor - timedelta(days=anchor.weekday()) + timedelta(weeks=step)
        y, w, _ = monday.isocalendar()
        return "DATE", f"{y}-W{w:02d}", {"start": iso(monday), "end": iso(monday + timedelta(days=6))}
    if unit == "month":
        y, mon = divmod(anchor.year * 12 + anchor.month - 1 + step, 12)
        return "DATE", f"{y}-{mon + 1:02d}", month_interval(y, mon + 1)
    y = anchor.year + step
    return "DATE", str(y), {"start": f"{y}-01-01", "end": f"{y}-12-31"}


@rule(r"\b(?:earlier|later)\s+this\s+(?P<unit>week|month|year)\b", re.IGNORECASE)
def _earlier_this(m: re.Match[str], anchor: date, direction: int) -> Found | None:
    unit = m["unit"].lower()
    if unit == "month":
        return "DATE", f"{anchor.year}-{anchor.month:02d}", month_interval(anchor.year, anchor.month)
    if unit == "year":
        return "DATE", str(anchor.year), {"start": f"{anchor.year}-01-01", "end": f"{anchor.year}-12-31"}
    y, w, _ = anchor.isocalendar()
    monday = anchor - timedelta(days=anchor.weekday())
    return "DATE", f"{y}-W{w:02d}", {"start": iso(monday), "end": iso(monday + timedelta(days=6))}


@rule(r"\b(?P<w>today|tonight|yesterday|tomorrow)\b", re.IGNORECASE)
def _day_word(m: re.Match[str], anchor: date, direction: int) -> Found | None:
    d = anchor + timedelta(days=R.DAY_OFFSETS[m["w"].lower()])
    return "DATE", iso(d), day_interval(d)


@rule(rf"\b(?:(?:last|next|this|on)\s+)?{_WEEKDAY}\b")
def _weekday(m: re.Match[str], anchor: date, direction: int) -> Found | None:
    wd = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"].index(m["wd"].lower())
    lead = m.group(0).split()[0].lower()
    delta = wd - anchor.weekday()
    if lead == "next" or (lead != "last" and direction > 0):
        d = anchor + timedelta(days=delta if delta > 0 else delta + 7)
    elif lead == "this":
        d = anchor + timedelta(days=delta)
    else:
        d = anchor + timedelta(days=delta if delta <= 0 else delta - 7)
    return "DATE", iso(d), day_interval(d)


@rule(rf"\b(?:(?P<mod>{_MOD})\s+)?(?P<n>\d+|{_NUM})\s+(?:more\s+)?{_UNIT}(?P<ago>\s+(?:ago|earlier|before|later))?\b",
      re.IGNORECASE)
def _duration(m: re.Match[str], anchor: date, direction: int) -> Found | None:
    n = number(m["n"])
    unit = m["unit"].lower().rstrip("s")
    unit = "century" if unit.startswith("centur") else unit
    if m["ago"] and isinstance(n, int) and unit in ("day", "week", "month", "year"):
        sign = 1 if m["ago"].strip().lower() == "later" else -1
        if unit == "day":
            d = anchor + timedelta(days=sign * n)
            return "DATE", iso(d), day_interval(d)
        if unit == "week":
            d = anchor + timedelta(weeks=sign * n)
            y, w, _ = d.isocalendar()
            monday = d - timedelta(days=d.weekday())
            return "DATE", f"{y}-W{w:02d}", {"start": iso(monday), "end": iso(monday + timedelta(days=6))}
        if unit == "month":
            y, mon = divmod(anchor.year * 12 + anchor.month - 1 + sign * n, 12)
            return "DATE", f"{y}-{mon + 1:02d}", month_interval(y, mon + 1)
        y = anchor.year + sign * n
        return "DATE", str(y), {"start": f"{y}-01-01", "end": f"{y}-12-31"}
    return "DURATION", duration_value(n, unit), None


@rule(rf"\b{_SINCE}(?:(?:in|by|until|from|during|of|early|late|mid-?)\s+)?{_YEAR}\b(?![-–/]\d|\s*(?:%|percent))")
def _year(m: re.Match[str], anchor: date, direction: int) -> Found | None:  # absolute, see ABSOLUTE
    text = m.group(0)
    if not m["since"] and text[:1].isdigit():
        # a bare four-digit number: only a year when it is not counting something
        after = m.string[m.end():m.end() + 20]
        if re.match(r"\s+[a-z]", after) or re.match(r"[,.]\d", after):
            return None
    y = int(m["year"])
    return open_interval(("DATE", str(y), {"start": f"{y}-01-01", "end": f"{y}-12-31"}), bool(m["since"]))


@rule(r"\b(?:the\s+)?(?P<dec>(?:19|20)\d)0s\b")
def _decade(m: re.Match[str], anchor: date, direction: int) -> Found | None:
    d = m["dec"]
    return "DATE", d, {"start": f"{d}0-01-01", "end": f"{d}9-12-31"}


@rule(rf"(?<![\d:]){_CLOCK}(?:\s*(?:UTC|GMT|[A-Z]{{2,4}}T))?(?![\d:])")
def _clock(m: re.Match[str], anchor: date, direction: int) -> Found | None:
    if not m["ap"] and not re.search(r"\b(?:at|from|until|by|around)\s*$", m.string[max(0, m.start() - 8):m.start()]):
        if not re.match(r"^\s*$", m.string[m.string.rfind("\n", 0, m.start()) + 1:m.start()]):
            return None  # "3.5" or a score, not a clock time
    h, mi = clock_to_24h(int(m["h"]), int(m["mi"]), (m["ap"] or "")[:1] or None)
    return "TIME", f"{iso(anchor)}T{h:02d}:{mi:02d}", day_interval(anchor)


@rule(r"\b(?P<w>now|currently|recently|lately|previously|formerly|nowadays)\b", re.IGNORECASE)
def _reference(m: re.Match[str], anchor: date, direction: int) -> Found | None:
    return "DATE", R.REFERENCE_WORDS[m["w"].lower()], None


@rule(r"\b(?P<w>daily|weekly|monthly|annually|yearly|hourly|nightly|every\s+(?:day|week|month|year)|"
      r"each\s+(?:day|week))\b", re.IGNORECASE)
def _set(m: re.Match[str], anchor: date, direction: int) -> Found | None:
    return "SET", R.SETS[re.sub(r"\s+", " ", m["w"].lower())], None


@rule(r"\b(?P<h>1[0-2]|[1-9])\s*(?P<ap>[ap])\.m\.(?=\W|$)", re.IGNORECASE)
def _hour(m: re.Match[str], anchor: date, direction: int) -> Found | None:
    h, _ = clock_to_24h(int(m["h"]), 0, m["ap"])
    return "TIME", f"{iso(anchor)}T{h:02d}:00", day_interval(anchor)


#: rules whose value does not depend on the anchor date
ABSOLUTE = {_full_date, _dmy, _month_year, _year, _decade, _reference, _set, _season}
#: stands for "no anchor" in rules that are absolute only when the text names a year
NO_ANCHOR = date(1, 1, 1)


# ------------------------------------------------------------------ engine
def scan(text: str) -> Iterator[tuple[int, int, int, re.Match[str]]]:
    """Every rule match: (start, end, rule index, match)."""
    for ri, (rx, _) in enumerate(RULES):
        for m in rx.finditer(text):
            yield m.start(), m.end(), ri, m


def sentence_direction(record: Record, start: int) -> int:
    """-1 for past-tense context, +1 for future, 0 when unclear."""
    doc = record.doc
    if doc is None:
        return 0
    span = doc.char_span(start, start + 1, alignment_mode="expand")
    if span is None:
        return 0
    sent = span.sent
    tags = {t.tag_ for t in sent}
    words = {t.lower_ for t in sent}
    if "will" in words or "'ll" in words or "plans" in words or ("to" in words and "VBD" not in tags
                                                                 and "VBN" not in tags):
        return 1
    if tags & {"VBD", "VBN"}:
        return -1
    return 0


def anchor_date(record: Record, offset: int) -> date | None:
    dt = parse_iso(record.anchor_at(offset))
    return dt.date() if isinstance(dt, datetime) else None


def tag_times(record: Record, skip_kinds: tuple[str, ...] = ("boilerplate",)) -> list[TimeExpr]:
    text = record.text
    taken: list[tuple[int, int]] = []
    out: list[TimeExpr] = []
    # longest expressions first, so "early August 2024" wins over "August 2024"
    for start, end, ri, m in sorted(scan(text), key=lambda c: (-(c[1] - c[0]), c[0], c[2])):
        start = span_start(m)
        if any(s < end and start < e for s, e in taken):
            continue
        seg = record.segment_at(start)
        if seg is not None and seg.kind in skip_kinds:
            continue
        anchor = anchor_date(record, start)
        if anchor is None:
            if RULES[ri][1] not in ABSOLUTE:
                continue  # a relative expression with no date to anchor it: unknown, not guessed
            anchor = NO_ANCHOR
        found = RULES[ri][1](m, anchor, sentence_direction(record, start))
        if found is None:
            continue
        ttype, value, interval = found
        taken.append((start, end))
        out.append(TimeExpr(text[start:end], start, end, ttype, value, interval))
    out.sort(key=lambda t: t.start)
    return out


@register_stage
class TimesStage(Stage):
    name = "times"
    requires = ("segments", "doc")
    provides = ("times",)
    order = 30

    def process(self, record: Record) -> Record:
        record.times = tag_times(record)
        return record
