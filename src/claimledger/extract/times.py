"""Times: temporal expressions found by a fast regular scanner and normalised
to TIMEX3 values, anchored on the date of the segment they stand in.

The rules (patterns and word tables) are data, in ``data/timex.toml``; this
module is the engine: it compiles the patterns, picks the longest matches,
and computes each value with the handler the rule names.

The scanner runs over the raw text (cheap: PERF-NOTES.md shows that general
date libraries scanning whole articles halve throughput); the parse is only
read for the tense of the verb that governs an expression, which decides the
direction of "on Monday" or "in May", and to tell a year from a count.
"""
from __future__ import annotations

import calendar
import re
import tomllib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any

from claimledger.dates import MONTH_RE, clock_to_24h, month_number, parse_iso
from claimledger.lexicon import data_path
from claimledger.stages import function_stage
from claimledger.records import Record, TimeExpr

Interval = dict[str, str | None]
Found = tuple[str, str, Interval | None]  # type, value, interval

#: stands for "no anchor": absolute rules run with it when a page has no date
NO_ANCHOR = date(1, 1, 1)
#: days a date named without a year may lie on the wrong side of the anchor for the tense
SLACK = 60
WEEKDAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


@lru_cache(maxsize=None)
def tables() -> dict[str, Any]:
    with open(data_path("timex.toml"), "rb") as fh:
        return tomllib.load(fh)


# ------------------------------------------------------------------ helpers
def iso(d: date) -> str:
    return d.isoformat()


def day_interval(d: date) -> Interval:
    return {"start": iso(d), "end": iso(d)}


def month_interval(y: int, m: int, first: int = 1, last: int = 0) -> Interval:
    days = calendar.monthrange(y, m)[1]
    return {"start": iso(date(y, m, first)), "end": iso(date(y, m, min(last or days, days)))}


def year_interval(y: int) -> Interval:
    return {"start": f"{y:04d}-01-01", "end": f"{y:04d}-12-31"}


def week_found(d: date) -> Found:
    monday = d - timedelta(days=d.weekday())
    y, w, _ = monday.isocalendar()
    return "DATE", f"{y}-W{w:02d}", {"start": iso(monday), "end": iso(monday + timedelta(days=6))}


def quarter_found(y: int, q: int) -> Found:
    first = 3 * (q - 1) + 1
    end = date(y, first + 2, calendar.monthrange(y, first + 2)[1])
    return "DATE", f"{y}-Q{q}", {"start": iso(date(y, first, 1)), "end": iso(end)}


def half_found(y: int, h: int) -> Found:
    return "DATE", f"{y}-H{h}", {"start": f"{y}-{1 if h == 1 else 7:02d}-01",
                                  "end": f"{y}-{6 if h == 1 else 12:02d}-{30 if h == 1 else 31}"}


def add_months(d: date, n: int) -> tuple[int, int]:
    y, m = divmod(d.year * 12 + d.month - 1 + n, 12)
    return y, m + 1


def open_interval(found: Found | None, since: bool) -> Found | None:
    """ "since December": the interval runs from the start on, with no end."""
    if found is None or not since or not found[2]:
        return found
    return found[0], found[1], {"start": found[2]["start"], "end": None}


def pick_year(month: int, day: int, anchor: date, direction: int, slack: int = 31) -> int:
    """The year for a month (and day) named without one: the nearest to the anchor,
    leaving out dates more than ``slack`` days on the wrong side of it when the
    governing verb's tense gives a direction."""
    cands = []
    for yy in (anchor.year - 1, anchor.year, anchor.year + 1):
        cands.append(date(yy, month, min(day, calendar.monthrange(yy, month)[1])))
    if direction < 0:
        cands = [c for c in cands if (c - anchor).days <= slack] or cands
    elif direction > 0:
        cands = [c for c in cands if (anchor - c).days <= slack] or cands
    return min(cands, key=lambda c: abs((c - anchor).days)).year


def number(word: str) -> int | str:
    """An integer for "three", "2 1/2" (as a string "2.5"), "twenty-four"; "X" when vague."""
    w = re.sub(r"\s+", " ", word.lower().strip())
    nums = tables()["numbers"]
    if w in tables()["vague_numbers"]["words"]:
        return "X"
    if re.fullmatch(r"\d+", w):
        return int(w)
    if re.fullmatch(r"\d+(?: 1/2|\.5)", w):
        return f"{w.split()[0].split('.')[0]}.5"
    w = re.sub(r"^an? (?=\w)", "", w) if not w.startswith(("a few", "a couple", "a dozen", "a hundred", "a number", "a handful")) else w
    m = re.fullmatch(r"(\w+)[- ](\w+)", w)
    if m and m.group(1) in nums and m.group(2) in nums and nums[m.group(1)] >= 20:
        return int(nums[m.group(1)]) + int(nums[m.group(2)])
    if w in nums:
        return int(nums[w])
    return "X"


def duration_value(n: int | str, unit: str, half: bool = False) -> str:
    letter, clock = tables()["units"][unit]
    if half and isinstance(n, int):
        n = f"{n}.5"
    if isinstance(n, str) and n.endswith(".5"):
        whole = int(n[:-2])
        sub = {"Y": (6, "M"), "M": (15, "D") if not clock else (30, "S"), "D": (12, "H"), "H": (30, "M"),
               "W": (3, "D")}.get(letter)
        if sub is not None:
            small, small_letter = sub
            head = f"{whole}{letter}" if whole else ""
            if clock:
                return f"PT{head}{small}{small_letter}"
            if small_letter == "H":
                return f"P{head}T{small}H"
            return f"P{head}{small}{small_letter}"
        n = whole
    if letter == "DE":
        return f"P{n * 10}Y" if isinstance(n, int) else "PXDE"
    if letter == "CE":
        return f"P{n * 100}Y" if isinstance(n, int) else "PXCE"
    if letter == "WE":
        return f"P{n * 2 if isinstance(n, int) else 'X'}D"
    return f"P{'T' if clock else ''}{n}{letter}"


# ------------------------------------------------------------------ context
@dataclass
class Memory:
    """What the text has said so far, for "that year", "the quarter", "a year earlier"."""
    year: int | None = None
    day: date | None = None
    month: tuple[int, int] | None = None
    quarter: tuple[int, int] | None = None

    def remember(self, value: str) -> None:
        m = re.fullmatch(r"(\d{4})(?:-(\d\d)(?:-(\d\d))?|-Q(\d))?(?:T.*)?", value)
        if not m:
            return
        self.year = int(m.group(1))
        if m.group(4):
            self.quarter = (self.year, int(m.group(4)))
        if m.group(2):
            self.month = (self.year, int(m.group(2)))
        if m.group(3):
            self.day = date(self.year, int(m.group(2)), int(m.group(3)))


@dataclass
class Ctx:
    anchor: date
    direction: int
    memory: Memory = field(default_factory=Memory)


Handler = Callable[[re.Match[str], Ctx], Found | None]
HANDLERS: dict[str, Handler] = {}


def handler(fn: Handler) -> Handler:
    HANDLERS[fn.__name__.lstrip("_")] = fn
    return fn


def _lead(m: re.Match[str]) -> str:
    return m.group(0).split()[0].lower()


# ------------------------------------------------------------------ handlers
@handler
def _full_date(m: re.Match[str], ctx: Ctx) -> Found | None:
    try:
        d = date(int(m["year"]), month_number(m["mon"]) or 0, int(m["day"]))
    except ValueError:
        return None
    if m.groupdict().get("h"):
        h, mi = clock_to_24h(int(m["h"]), int(m["mi"]), (m["ap"] or "")[:1] or None)
        return "TIME", f"{iso(d)}T{h:02d}:{mi:02d}", day_interval(d)
    return open_interval(("DATE", iso(d), day_interval(d)), bool(m["since"]))


@handler
def _iso_date(m: re.Match[str], ctx: Ctx) -> Found | None:
    try:
        d = date(int(m["year"]), int(m["mon"]), int(m["day"]))
    except ValueError:
        return None
    if m["h"]:
        return "TIME", f"{iso(d)}T{m['h']}:{m['mi']}", day_interval(d)
    return "DATE", iso(d), day_interval(d)


@handler
def _month_day(m: re.Match[str], ctx: Ctx) -> Found | None:
    mon, day = month_number(m["mon"]) or 0, int(m["day"])
    if not mon or not 1 <= day <= calendar.monthrange(2024, mon)[1]:
        return None
    y = pick_year(mon, day, ctx.anchor, ctx.direction, slack=SLACK)
    d = date(y, mon, min(day, calendar.monthrange(y, mon)[1]))
    return open_interval(("DATE", iso(d), day_interval(d)), bool(m["since"]))


def _month_part(m: re.Match[str]) -> tuple[int, int]:
    part = re.sub(r"\s+", " ", (m.groupdict().get("part") or "").lower())
    first, last = tables()["month_parts"].get(part, (1, 0))
    return first, last


@handler
def _month_year(m: re.Match[str], ctx: Ctx) -> Found | None:
    y, mon = int(m["year"]), month_number(m["mon"]) or 1
    first, last = _month_part(m)
    return open_interval(("DATE", f"{y}-{mon:02d}", month_interval(y, mon, first, last)), bool(m["since"]))


@handler
def _month_rel_year(m: re.Match[str], ctx: Ctx) -> Found | None:
    y = ctx.anchor.year + tables()["relative_steps"][m["rel"].lower()]
    mon = month_number(m["mon"]) or 1
    first, last = _month_part(m)
    return open_interval(("DATE", f"{y}-{mon:02d}", month_interval(y, mon, first, last)), bool(m["since"]))


@handler
def _month_alone(m: re.Match[str], ctx: Ctx) -> Found | None:
    mon = month_number(m["mon"]) or 1
    lead = (m.groupdict().get("lead") or ("since" if m.groupdict().get("since") else "")).lower()
    a = ctx.anchor
    if lead in ("last", "since"):
        y = a.year if mon < a.month or (mon == a.month and lead == "since") else a.year - 1
    elif lead == "next":
        y = a.year if mon > a.month else a.year + 1
    elif lead == "this":
        y = a.year
    else:
        y = pick_year(mon, 15, a, ctx.direction, slack=SLACK)
    first, last = _month_part(m)
    return open_interval(("DATE", f"{y}-{mon:02d}", month_interval(y, mon, first, last)), lead == "since")


@handler
def _season(m: re.Match[str], ctx: Ctx) -> Found | None:
    code, first, last = tables()["seasons"][m["season"].lower()]
    if m["year"]:
        y = int(m["year"])
    else:
        if ctx.anchor == NO_ANCHOR:
            return None
        rel = (m.groupdict().get("rel") or "").lower()
        a = ctx.anchor
        y = a.year  # "this winter" said in January is that year's (TIMEX3, as HeidelTime)
        if last < first and a.month <= last and rel != "this":
            y = a.year - 1  # January's winter began the year before
        start = date(y, first, 1)
        if rel in ("last", "past", "this past"):
            while start >= a:
                y -= 1
                start = date(y, first, 1)
        elif rel in ("next", "coming"):
            while start <= a:
                y += 1
                start = date(y, first, 1)
        elif rel != "this" and ctx.direction > 0 and start < a - timedelta(days=100):
            y += 1
        elif rel != "this" and ctx.direction < 0 and start > a:
            y -= 1
    end_year = y if last >= first else y + 1
    interval: Interval = {"start": iso(date(y, first, 1)),
                "end": iso(date(end_year, last, calendar.monthrange(end_year, last)[1]))}
    return "DATE", f"{y}-{code}", interval


@handler
def _year(m: re.Match[str], ctx: Ctx) -> Found | None:
    y = int(m["year"])
    return open_interval(("DATE", str(y), year_interval(y)), bool(m["since"]))


@handler
def _decade(m: re.Match[str], ctx: Ctx) -> Found | None:
    words = {"twenties": "2", "thirties": "3", "forties": "4", "fifties": "5", "sixties": "6",
             "seventies": "7", "eighties": "8", "nineties": "9"}
    if m["dec"]:
        d = m["dec"]
    else:
        digit = m["short"] or words[m["word"].lower()]
        if ctx.anchor == NO_ANCHOR:
            century = "19"
        else:
            century = str(ctx.anchor.year // 100)
            if int(f"{century}{digit}0") > ctx.anchor.year:
                century = str(ctx.anchor.year // 100 - 1)
        d = f"{century}{digit}"
    return "DATE", d, {"start": f"{d}0-01-01", "end": f"{d}9-12-31"}


@handler
def _century(m: re.Match[str], ctx: Ctx) -> Found | None:
    n = int(m["n"])
    if not 1 <= n <= 21:
        return None
    c = f"{n - 1:02d}"
    return "DATE", c, {"start": f"{c}00-01-01", "end": f"{c}99-12-31"}


def _ordinal(word: str | None) -> int | None:
    return tables()["ordinals"].get((word or "").lower())


def _current_quarter(a: date) -> tuple[int, int]:
    return a.year, (a.month - 1) // 3 + 1


def _last_completed_quarter(a: date) -> tuple[int, int]:
    y, q = _current_quarter(a)
    return (y, q - 1) if q > 1 else (y - 1, 4)


@handler
def _quarter(m: re.Match[str], ctx: Ctx) -> Found | None:
    text = m.group(0).lower()
    q_word = m["q"].lower()
    ordn = _ordinal(m["ord"])
    if m["q"].lower() == "half" and (m["qrel"] or "").lower() == "last":
        ordn = 2  # "the last half of 1989"
    qrel = re.sub(r"\s+", "-", (m["qrel"] or "").lower())
    year = m["year"] or m["year2"]
    after = m.string[m.end():m.end() + 20].lower()
    if re.match(r"\s+of\s+(?:the|a|an|its|his|her|their|our|all|those|these|them|us|which|whom)\b", after) or re.match(r"-?(?:century|mile|point|final)", after):
        return None  # "a quarter of the troops"
    if q_word != "quarter" and ordn is None and not qrel and not year:
        return None  # "half", "period" alone are not times
    if q_word == "period" and not (qrel or year or m["ago"]):
        return None
    if q_word == "quarter" and ordn is None and not qrel and not year and not text.startswith(("the", "its", "this")):
        return None
    if text.startswith("a ") and ordn is None:
        return None
    if ctx.anchor == NO_ANCHOR and not year:
        return None
    a = ctx.anchor
    if q_word == "half":
        if ordn not in (1, 2):
            return None
        y = int(year) if year else a.year
        return half_found(y, ordn)
    if ordn is not None and ordn > 4:
        return None
    if ordn is not None:
        y = int(year) if year else a.year
        if not year and (ordn > _current_quarter(a)[1] and ctx.direction < 0):
            y -= 1
        q = ordn
    else:
        ref = ctx.memory.quarter or _last_completed_quarter(a)
        y, q = ref
        if year:
            y = int(year)
        elif qrel == "current" or (qrel == "this" and not ctx.memory.quarter):
            y, q = _current_quarter(a)
        elif qrel == "latest":
            y, q = _last_completed_quarter(a)
        elif qrel == "next":
            y, q = _current_quarter(a)
            y, q = (y, q + 1) if q < 4 else (y + 1, 1)
    if qrel in ("year-earlier", "year-ago") or m["ago"] or text.startswith("last year's"):
        y -= 1
    elif text.startswith("next year's"):
        y += 1
    return quarter_found(y, q)


@handler
def _quarter_hyphen(m: re.Match[str], ctx: Ctx) -> Found | None:
    if ctx.anchor == NO_ANCHOR:
        return None
    ordn = _ordinal(m["ord"])
    if ordn is None:
        return None
    y = ctx.anchor.year
    if m["q"].lower() == "half":
        return half_found(y, ordn) if ordn in (1, 2) else None
    if ordn > _current_quarter(ctx.anchor)[1] and ctx.direction < 0:
        y -= 1
    return quarter_found(y, ordn)


@handler
def _year_ago_adj(m: re.Match[str], ctx: Ctx) -> Found | None:
    """ "year-earlier", "the year-ago period": the quarter (else the year) in view, a year back."""
    if ctx.anchor == NO_ANCHOR:
        return None
    if ctx.memory.quarter:
        y, q = ctx.memory.quarter
        return quarter_found(y - 1, q)
    y = (ctx.memory.year or ctx.anchor.year) - 1
    return "DATE", str(y), year_interval(y)


@handler
def _relative_unit(m: re.Match[str], ctx: Ctx) -> Found | None:
    rel = m["rel"].lower()
    step = tables()["relative_steps"][rel]
    unit = m["unit"].lower()
    a = ctx.anchor
    mem = ctx.memory
    if rel in ("following", "previous", "preceding"):
        # relative to the time the text is talking about, when it named one
        if unit == "year" and mem.year is not None:
            y = mem.year + step
            return "DATE", str(y), year_interval(y)
        if unit == "month" and mem.month is not None:
            y, mon = add_months(date(mem.month[0], mem.month[1], 1), step)
            return "DATE", f"{y}-{mon:02d}", month_interval(y, mon)
        if unit in ("week", "day") and mem.day is not None:
            a = mem.day
    if unit == "week":
        return week_found(a + timedelta(weeks=step))
    if unit == "weekend":
        d = a + timedelta(weeks=step) if rel not in ("this",) else a
        found = week_found(d)
        return "DATE", f"{found[1]}-WE", found[2]
    if unit == "month":
        y, mon = add_months(a, step)
        first, last = _month_part(m)
        return "DATE", f"{y}-{mon:02d}", month_interval(y, mon, first, last)
    if unit == "decade":
        if rel in ("last", "past", "previous"):
            return "DURATION", "P10Y", None
        dec = str(a.year // 10 + step)
        return "DATE", dec, {"start": f"{dec}0-01-01", "end": f"{dec}9-12-31"}
    if unit == "century":
        c = a.year // 100 + step
        return "DATE", f"{c:02d}", {"start": f"{c:02d}00-01-01", "end": f"{c:02d}99-12-31"}
    y = a.year + step
    return "DATE", str(y), year_interval(y)


@handler
def _earlier_this(m: re.Match[str], ctx: Ctx) -> Found | None:
    unit = m["unit"].lower()
    a = ctx.anchor
    if m["ref"].lower() in ("that", "the"):
        return _that_unit(m, ctx)
    if unit == "month":
        return "DATE", f"{a.year}-{a.month:02d}", month_interval(a.year, a.month)
    if unit == "year":
        return "DATE", str(a.year), year_interval(a.year)
    if unit == "day":
        return "DATE", iso(a), day_interval(a)
    return week_found(a)


@handler
def _that_unit(m: re.Match[str], ctx: Ctx) -> Found | None:
    """ "that year", "later that day": the time the text last named."""
    unit = m["unit"].lower()
    mem = ctx.memory
    if unit == "year" and mem.year is not None:
        return "DATE", str(mem.year), year_interval(mem.year)
    if unit == "day" and mem.day is not None:
        return "DATE", iso(mem.day), day_interval(mem.day)
    if unit == "month" and mem.month is not None:
        return "DATE", f"{mem.month[0]}-{mem.month[1]:02d}", month_interval(*mem.month)
    if unit == "week" and mem.day is not None:
        return week_found(mem.day)
    return None


@handler
def _end_of(m: re.Match[str], ctx: Ctx) -> Found | None:
    a = ctx.anchor
    unit = (m["unit"] or "year").lower()
    if unit == "month":
        last = calendar.monthrange(a.year, a.month)[1]
        return "DATE", f"{a.year}-{a.month:02d}", month_interval(a.year, a.month, 21, last)
    if unit == "week":
        return week_found(a)
    return "DATE", str(a.year), {"start": f"{a.year}-10-01", "end": f"{a.year}-12-31"}


def _with_daypart(d: date, dp: str | None) -> Found:
    if dp:
        suffix = tables()["day_parts"].get(re.sub(r"\s+", " ", dp.lower()))
        if suffix:
            return "TIME", f"{iso(d)}{suffix}", day_interval(d)
    return "DATE", iso(d), day_interval(d)


@handler
def _day_word(m: re.Match[str], ctx: Ctx) -> Found | None:
    d = ctx.anchor + timedelta(days=tables()["day_offsets"][re.sub(r"\s+", " ", m["w"].lower())])
    return _with_daypart(d, m["dp"])


@handler
def _daypart_first(m: re.Match[str], ctx: Ctx) -> Found | None:
    """ "this morning", "last night", "early this morning", "mid-afternoon yesterday"."""
    head = re.sub(r"^(?:early|late)\s+", "", m["dpw"].lower())
    tail = m["tail"].lower()
    a = ctx.anchor
    if tail in ("yesterday", "today", "tomorrow"):
        d = a + timedelta(days=tables()["day_offsets"][tail])
        return _with_daypart(d, head)
    if head == "last":
        return _with_daypart(a - timedelta(days=1) if tail != "night" else a - timedelta(days=1), tail)
    if head in ("yesterday", "tomorrow"):
        return _with_daypart(a + timedelta(days=tables()["day_offsets"][head]), tail)
    if head == "this":
        return _with_daypart(a, tail)
    return None


_FUTURE_PREP = re.compile(r"\b(?:until|till|as (?:soon|early|late) as|no later than|starting|beginning)\s+(?:on\s+)?$",
                          re.IGNORECASE)


def weekday_date(wd: int, lead: str, anchor: date, direction: int) -> date:
    delta = wd - anchor.weekday()
    if lead == "next" or (lead not in ("last", "this") and direction > 0):
        return anchor + timedelta(days=delta if delta > 0 else delta + 7)
    if lead == "this":
        return anchor + timedelta(days=delta)
    return anchor + timedelta(days=delta if delta <= 0 else delta - 7)


@handler
def _weekday(m: re.Match[str], ctx: Ctx) -> Found | None:
    wd = WEEKDAY_NAMES.index(m["wd"].lower())
    lead = (m["lead"] or "").lower()
    dp = m["dp"]
    if lead in ("each", "every") or m["plural"] or m["dplural"]:
        suffix = tables()["day_parts"].get(dp.lower(), "") if dp else ""
        return "SET", f"XXXX-WXX-{wd + 1}{suffix}", None
    if ctx.anchor == NO_ANCHOR:
        return None
    direction = ctx.direction
    if not lead and _FUTURE_PREP.search(m.string[max(0, m.start() - 20):m.start()]):
        direction = 1  # "until Tuesday", "as soon as Tuesday"
    d = weekday_date(wd, lead, ctx.anchor, direction)
    return "DATE", iso(d), day_interval(d)  # "Friday night": TimeBank gives the day


@handler
def _weekend(m: re.Match[str], ctx: Ctx) -> Found | None:
    lead = _lead(m)
    a = ctx.anchor
    if lead == "next":
        d = a + timedelta(weeks=1)
    elif lead == "last" or (lead in ("the", "over") and ctx.direction < 0 and a.weekday() < 5):
        d = a - timedelta(weeks=1)
    else:
        d = a
    found = week_found(d)
    return "DATE", f"{found[1]}-WE", {"start": iso(d - timedelta(days=d.weekday()) + timedelta(days=5)),
                                      "end": iso(d - timedelta(days=d.weekday()) + timedelta(days=6))}


@handler
def _clock(m: re.Match[str], ctx: Ctx) -> Found | None:
    g = m.groupdict()
    if g.get("named"):
        h, mi = {"noon": (12, 0), "midday": (12, 0), "midnight": (24, 0)}[g["named"].lower()]
        if not (g.get("wd") or g.get("dw")) and not m.group(0).lower().startswith("at"):
            if g["named"].lower() == "midnight":
                return None
    elif g.get("hh"):
        h, mi = clock_to_24h(int(g["hh"]), 0, g["hap"].lower())
    else:
        if not g.get("ap") and not re.search(r"\b(?:at|from|until|by|around|since|before|after)\s*$",
                                             m.string[max(0, m.start() - 8):m.start()]):
            line_start = m.string.rfind("\n", 0, m.start()) + 1
            if m.string[line_start:m.start()].strip():
                return None  # "3.5" or a score, not a clock time
        h, mi = clock_to_24h(int(g["h"]), int(g["mi"]), (g.get("ap") or "")[:1] or None)
    if ctx.anchor == NO_ANCHOR:
        return None
    d = ctx.anchor
    if g.get("wd"):
        direction = 1 if _FUTURE_PREP.search(m.string[max(0, m.start() - 20):m.start()]) else ctx.direction
        d = weekday_date(WEEKDAY_NAMES.index(g["wd"].lower()), "", ctx.anchor, direction)
    elif g.get("dw"):
        d = ctx.anchor + timedelta(days=tables()["day_offsets"][g["dw"].lower()])
    elif g.get("mon") and g.get("day"):
        mon, day = month_number(g["mon"]) or 1, int(g["day"])
        try:
            d = date(pick_year(mon, day, ctx.anchor, ctx.direction), mon, day)
        except ValueError:
            return None
    return "TIME", f"{iso(d)}T{h:02d}:{mi:02d}", day_interval(d)


@handler
def _overnight(m: re.Match[str], ctx: Ctx) -> Found | None:
    d = ctx.anchor - timedelta(days=1) if ctx.direction < 0 else ctx.anchor
    return "TIME", f"{iso(d)}TNI", {"start": iso(d), "end": iso(d + timedelta(days=1))}


@handler
def _duration(m: re.Match[str], ctx: Ctx) -> Found | None:
    raw_n = m["n"].lower()
    if re.search(r"\bto\s+\S+|\bor\s+(?:two|three)", raw_n):
        n: int | str = "X"  # "12 to 18 months", "a year or two"
        if re.search(r"\bor\s+(?:two|three)", raw_n) and not m["ago"]:
            n = number(raw_n.split(" or ")[0])
    else:
        n = number(re.sub(r"\s+and\s+a\s+half$|\s+or\s+so$", "", raw_n))
    half = bool(m["half"]) or "and a half" in raw_n
    unit = m["unit"].lower().rstrip("s")
    unit = "century" if unit.startswith("centur") else unit
    mod = (m["mod"] or "").lower()
    before = m.string[max(0, m.start() - 25):m.start()]
    if raw_n in ("a", "an") and not m["ago"] and re.search(r"(?:\d|\b(?:million|billion|thousand|hundred|cents?"
                                                         r"|dollars|times|once|twice)|\w\ws)\s+$", before):
        return None  # "$2 million a year", "four flights a week": a rate, not a duration
    if raw_n in ("a", "an") and not m["ago"]:
        if unit == "quarter":
            return None  # "more than a quarter of": a fraction
        if unit == "second" and re.match(r"\s+[a-z]", m.string[m.end():m.end() + 3]) and not re.match(
                r"\s+(?:or|and|later|earlier|ago|after|before)\b", m.string[m.end():m.end() + 8]):
            return None  # "a second explosion": an ordinal
    if m["ago"] and unit in ("day", "week", "month", "year", "decade") and ctx.anchor != NO_ANCHOR:
        word = m["ago"].strip().lower()
        if word in ("before", "after") or (word in ("earlier", "later") and unit in ("day", "week")):
            return "DURATION", duration_value(n, unit, half), None  # counted from another event
        sign = 1 if word in ("later", "from now", "hence") else -1
        if not isinstance(n, int):
            return "DATE", "FUTURE_REF" if sign > 0 else "PAST_REF", None
        if unit == "year" and n == 1 and ctx.memory.quarter:
            y, q = ctx.memory.quarter
            return quarter_found(y + sign * n, q)
        a = ctx.anchor
        if unit == "day":
            d = a + timedelta(days=sign * n)
            return "DATE", iso(d), day_interval(d)
        if unit == "week":
            return week_found(a + timedelta(weeks=sign * n))
        if unit == "month":
            y, mon = add_months(a, sign * n)
            return "DATE", f"{y}-{mon:02d}", month_interval(y, mon)
        y = a.year + sign * n * (10 if unit == "decade" else 1)
        return "DATE", str(y), year_interval(y)
    if mod in ("the past", "the last") and not isinstance(n, int) and n == "X" and unit in ("year", "month"):
        return "DURATION", duration_value(n, unit), None
    if unit == "second" and re.match(r"\d{4}", raw_n):
        return None
    return "DURATION", duration_value(n, unit, half), None


@handler
def _duration_hyphen(m: re.Match[str], ctx: Ctx) -> Found | None:
    raw = m["n"].lower()
    n = "X" if raw in ("several", "multi") else number(raw)
    unit = m["unit"].lower()
    if isinstance(n, int) and n == 0:
        return None
    return "DURATION", duration_value(n, unit), None


@handler
def _vague_span(m: re.Match[str], ctx: Ctx) -> Found | None:
    """ "for years", "in recent weeks", "the coming months": an unknown number of units."""
    unit = m["unit"].lower()
    unit = "century" if unit.startswith("centur") else unit
    adj = (m["adj"] or "").lower()
    if adj == "recent" and unit == "year":
        return "DATE", "PAST_REF", None
    return "DURATION", duration_value("X", unit), None


@handler
def _vague_ago(m: re.Match[str], ctx: Ctx) -> Found | None:
    if not (m["unit"] or m["unit0"]):
        return None
    return "DATE", "PAST_REF", None


@handler
def _reference(m: re.Match[str], ctx: Ctx) -> Found | None:
    w = re.sub(r"\s+", " ", m["w"].lower())
    if w == "current":
        after = m.string[m.end():m.end() + 25].lower()
        if re.match(r"\s+(?:and|or|events|affairs|account|conflict|situation|president|government|leader"
                     r"|minister|chief|commander|head|law|rules?|system|status|level|members?)\b", after):
            return None
    return "DATE", tables()["references"][w], None


@handler
def _set(m: re.Match[str], ctx: Ctx) -> Found | None:
    return "SET", tables()["sets"][re.sub(r"\s+", " ", m["w"].lower())], None


def nth_weekday(y: int, month: int, weekday: int, n: int) -> date:
    days = [date(y, month, d) for d in range(1, calendar.monthrange(y, month)[1] + 1)
            if date(y, month, d).weekday() == weekday]
    return days[n - 1] if n > 0 else days[n]


def holiday_date(rule: str, y: int) -> date:
    parts = rule.split(":")
    if len(parts) == 1:
        mon, day = (int(x) for x in rule.split("-"))
        return date(y, mon, day)
    mon = int(parts[0])
    if parts[1] == "election":  # the Tuesday after the first Monday of November
        return nth_weekday(y, mon, 0, 1) + timedelta(days=1)
    return nth_weekday(y, mon, int(parts[1]), int(parts[2]))


@handler
def _holiday(m: re.Match[str], ctx: Ctx) -> Found | None:
    rule = tables()["holidays"][re.sub(r"\s+", " ", m["w"].lower()).replace("’", "'")]
    rel = (m["rel"] or "").lower()
    if m["year"]:
        y = int(m["year"])
    elif ctx.anchor == NO_ANCHOR:
        return None
    else:
        a = ctx.anchor
        y = a.year
        this = holiday_date(rule, y)
        if rel == "last" or (not rel and ctx.direction < 0):
            y = y if this < a else y - 1
        elif rel == "next" or (not rel and ctx.direction > 0):
            y = y if this >= a else y + 1
        elif not rel:
            y = min((y - 1, y, y + 1), key=lambda yy: abs((holiday_date(rule, yy) - a).days))
    d = holiday_date(rule, y)
    return "DATE", iso(d), day_interval(d)


@handler
def _fiscal_year(m: re.Match[str], ctx: Ctx) -> Found | None:
    if m["year"]:
        y = int(m["year"])
    elif ctx.anchor == NO_ANCHOR:
        return None
    else:
        y = ctx.anchor.year + tables()["relative_steps"].get((m["rel"] or "this").lower(), 0)
    return "DATE", str(y), year_interval(y)


@handler
def _month_set(m: re.Match[str], ctx: Ctx) -> Found | None:
    return "SET", f"XXXX-{month_number(m['mon']) or 1:02d}", None


@handler
def _spelled_year(m: re.Match[str], ctx: Ctx) -> Found | None:
    hi = number(m["hi"]) if m["hi"] else 20
    lo = number(m["lo"].replace("-", " ")) if m["lo"] else number(m["lo2"]) if m["lo2"] else 0
    if not isinstance(hi, int) or not isinstance(lo, int):
        return None
    y = hi * 100 + lo
    season = re.match(r"(?:the\s+)?(winter|spring|summer|fall|autumn)\s+of", m.group(0), re.IGNORECASE)
    if season:
        code = tables()["seasons"][season.group(1).lower()][0]
        return "DATE", f"{y}-{code}", year_interval(y)
    if m["mon"]:
        mon = month_number(m["mon"]) or 1
        return "DATE", f"{y}-{mon:02d}", month_interval(y, mon)
    return "DATE", str(y), year_interval(y)


# ------------------------------------------------------------------ compiled rules
@dataclass(frozen=True)
class Rule:
    pattern: re.Pattern[str]
    handler: Handler
    absolute: bool


def _alternation(words: Any) -> str:
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))


@lru_cache(maxsize=None)
def rules() -> tuple[Rule, ...]:
    t = tables()
    frags = dict(t["fragments"])
    frags["MONTH"] = f"(?P<mon>{MONTH_RE})"
    frags["NUMBER"] = _alternation(t["numbers"])
    frags["VAGUE"] = _alternation(t["vague_numbers"]["words"])
    frags["REFERENCE"] = _alternation(t["references"])
    frags["SET"] = _alternation(t["sets"])
    frags["HOLIDAY"] = _alternation(t["holidays"]).replace("'", "['’]")

    def expand(pattern: str) -> str:
        return re.sub(r"\{([A-Z]+)\}", lambda mm: f"(?:{frags[mm.group(1)]})" if mm.group(1) in frags
                      else mm.group(0), pattern)
    out = []
    for entry in t["rule"]:
        fn = HANDLERS.get(entry["handler"])
        if fn is None:
            raise KeyError(f"timex.toml: rule names unknown handler {entry['handler']!r}")
        flags = re.IGNORECASE if entry.get("ignore_case") else 0
        out.append(Rule(re.compile(expand(entry["pattern"]), flags), fn, bool(entry.get("absolute"))))
    return tuple(out)


# ------------------------------------------------------------------ engine
def scan(text: str) -> Iterator[tuple[int, int, int, re.Match[str]]]:
    """Every rule match: (start, end, rule index, match)."""
    for ri, r in enumerate(rules()):
        for m in r.pattern.finditer(text):
            if m.end() > m.start():
                yield m.start(), m.end(), ri, m


#: words a pattern may need for context that are not part of the expression
_LEAD_WORDS = {"in", "by", "until", "through", "from", "during", "of", "on", "at", "around", "over",
               "before", "after", "for", "within", "fiscal"}


def span_start(m: re.Match[str]) -> int:
    """Leading prepositions other than "since" are not part of the expression."""
    text = m.group(0)
    words = text.split()
    if len(words) > 1 and words[0].lower() in _LEAD_WORDS:
        return m.start() + len(text) - len(text[len(words[0]):].lstrip())
    return m.start()


FUTURE_HEADS = {"plan", "expect", "schedule", "set", "due", "intend", "hope", "aim", "prepare", "vow",
                "promise", "threaten", "want", "seek", "agree", "suppose", "going", "likely", "ready", "poised",
                "propose", "call", "urge", "ask", "order", "invite", "slate"}


def _verb_direction(v: Any) -> int | None:
    """The direction a verb's tense and auxiliaries give, None when they give none."""
    auxes = [c for c in v.children if c.dep_ in ("aux", "auxpass")]
    words = {a.lower_ for a in auxes}
    if words & {"will", "'ll", "shall", "wo", "would", "'d"}:
        return 1  # "would" is the future seen from a past report: after the saying
    if words & {"could", "might", "may", "should", "must", "can"}:
        return None
    if "to" in words:  # an infinitive: after the verb it depends on
        head = v.head
        if head is not v and head.lemma_.lower() in FUTURE_HEADS:
            return 1
        if head is not v and head.tag_ == "VBD":
            return None
        return 1
    tags = {v.tag_} | {a.tag_ for a in auxes}
    if "VBD" in tags:
        return -1
    if v.tag_ == "VBN" and words & {"has", "have", "'ve", "'s"}:
        return -1
    if v.tag_ == "VBG" and words & {"is", "are", "am", "'s", "'re"}:
        return 1
    if v.tag_ == "VBN" and v.lemma_.lower() in FUTURE_HEADS:
        return 1
    if v.tag_ == "VBN" and not auxes and v.dep_ in ("advcl", "acl", "relcl", "amod", "conj"):
        return -1  # "announced Friday", "when asked Thursday"
    if v.tag_ in ("VBZ", "VBP") and not auxes and v.lemma_.lower() not in reporting_lemmas():
        return 1  # "the council meets Monday"
    return None


@lru_cache(maxsize=None)
def reporting_lemmas() -> frozenset[str]:
    from claimledger.lexicon import table
    return frozenset(row["lemma"] for row in table("reporting_verbs.tsv")) | {"be", "have"}


def sentence_direction(record: Record, start: int) -> int:
    """The tense of the verb that governs the expression at ``start``: -1 past,
    +1 future, 0 when unclear (the sentence's main verb as a fallback)."""
    doc = record.doc
    if doc is None:
        return 0
    span = doc.char_span(start, start + 1, alignment_mode="expand")
    if span is None or not len(span):
        return 0
    tok = span[0]
    if tok.dep_ in ("poss", "compound") or tok.text.endswith("'s"):
        return 0  # "Wednesday's ruling": a name for a time, not an adverb of the verb
    v = tok
    for _ in range(8):
        if v.pos_ in ("VERB", "AUX") and v.dep_ not in ("amod", "compound"):
            break
        if v.head is v:
            break
        v = v.head
    if v.pos_ in ("VERB", "AUX"):
        d = _verb_direction(v)
        if d is not None:
            return d
    root = tok.sent.root
    if root is not v and root.pos_ in ("VERB", "AUX"):
        return _verb_direction(root) or 0
    return 0


def is_counted(record: Record, start: int, end: int) -> bool:
    """A bare four-digit number that counts something ("2000 troops"), not a year."""
    doc = record.doc
    after = record.text[end:end + 20]
    if doc is None:
        return bool(re.match(r"\s+[a-z]", after) or re.match(r"[,.]\d", after))
    if re.match(r"[,.]\d", after):
        return True
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return False
    tok = span[0]
    if tok.i > 0 and doc[tok.i - 1].lower_ in ("in", "for", "of", "the", "by", "since", "until", "from", "during", "'s"):
        return False  # "for 2026 earnings", "the 2000 Olympics"
    tok = span[-1]
    # "2000 troops" counts; "1990 BellSouth earnings", "the 2000 Olympics", "1989 operating results" are years
    return tok.i + 1 < len(doc) and doc[tok.i + 1].tag_ == "NNS"


#: expressions whose value is another time moved a year back: not a new time in view
_YEAR_BACK = re.compile(r"year[- ](?:earlier|ago)|last year's|\b(?:ago|earlier|later)$", re.IGNORECASE)


def anchor_date(record: Record, offset: int) -> date | None:
    dt = parse_iso(record.anchor_at(offset))
    return dt.date() if isinstance(dt, datetime) else None


def tag_times(record: Record, skip_kinds: tuple[str, ...] = ("boilerplate",)) -> list[TimeExpr]:
    text = record.text
    all_rules = rules()
    chosen: list[tuple[int, int, Rule, re.Match[str], date, int]] = []
    taken: list[tuple[int, int]] = []
    # longest expressions first, so "early August 2024" wins over "August 2024"
    for start, end, ri, m in sorted(scan(text), key=lambda c: (-(c[1] - c[0]), c[0], c[2])):
        start = span_start(m)
        if any(s < end and start < e for s, e in taken):
            continue
        seg = record.segment_at(start)
        if seg is not None and seg.kind in skip_kinds:
            continue
        r = all_rules[ri]
        anchor = anchor_date(record, start)
        if anchor is None:
            if not r.absolute:
                continue  # a relative expression with no date to anchor it: unknown, not guessed
            anchor = NO_ANCHOR
        if r.handler is _year and not m["since"] and m.group(0)[:1].isdigit() and is_counted(record, start, end):
            continue
        direction = sentence_direction(record, start)
        probe = Memory(anchor.year, anchor, (anchor.year, anchor.month), None)
        if r.handler(m, Ctx(anchor, direction, probe)) is None:
            continue
        taken.append((start, end))
        chosen.append((start, end, r, m, anchor, direction))
    # values in reading order, so "that year" and "the quarter" can look back
    memory = Memory()
    out: list[TimeExpr] = []
    for start, end, r, m, anchor, direction in sorted(chosen, key=lambda c: c[0]):
        found = r.handler(m, Ctx(anchor, direction, memory))
        if found is None:
            continue
        ttype, value, interval = found
        if ttype in ("DATE", "TIME") and not _YEAR_BACK.search(m.group(0)):
            quarter = memory.quarter
            memory.remember(value)
            if r.handler in (_quarter, _quarter_hyphen) and not m["ord"]:
                memory.quarter = quarter  # "the 1988 period" leans on the quarter in view; it names none
        out.append(TimeExpr(text[start:end], start, end, ttype, value, interval))
    return out


TimesStage = function_stage(tag_times, name="times", requires=("segments", "doc"), provides="times", order=30)
