"""Handlers of the time tagger: each turns one rule's match into a TIMEX3
type, value and interval, given the anchor date, the tense direction and what
the text has said so far. ``data/timex.toml`` names a handler per rule; a
handler that returns None rejects the match (a negative rule: the examples
and counter-examples beside each rule in the data say which texts it keeps).
"""
from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

from claimledger.dates import WEEKDAY_NAMES, clock_to_24h, month_number, numeric_date
from claimledger.extract.times.values import (
    NO_ANCHOR, Found, Interval, add_months, day_interval, duration_value, half_found, iso,
    month_interval, number, open_interval, pick_year, quarter_found, tables, week_found, year_interval,
    context_pattern)
from claimledger.settings import Settings


# ------------------------------------------------------------------ context
@dataclass
class Memory:
    """What the text has said so far, for "that year", "the quarter", "a year earlier"."""
    year: int | None = None
    day: date | None = None
    month: tuple[int, int] | None = None
    quarter: tuple[int, int] | None = None

    def remember(self, value: str) -> None:
        """Take a DATE or TIME value as the year, month, day (and quarter) now in view."""
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
    """What a handler knows besides its match: the anchor date, the tense direction
    (-1 past, +1 future, 0 unknown), what the text has said, and the year slack."""
    anchor: date
    direction: int
    memory: Memory = field(default_factory=Memory)
    #: Settings.time_year_slack_days
    slack: int = field(default_factory=lambda: Settings().time_year_slack_days)


Handler = Callable[[re.Match[str], Ctx], Found | None]
HANDLERS: dict[str, Handler] = {}


def handler(fn: Handler) -> Handler:
    """Decorator: make ``fn`` the handler rules name by its name without the underscore."""
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
def _numeric_date(m: re.Match[str], ctx: Ctx) -> Found | None:
    """ "04.03.2025" (day first), "25/12/2023" (only when one part cannot be a month)."""
    d = numeric_date(int(m["a"]), int(m["b"]), int(m["year"]), m["sep"])
    if d is None:
        return None
    return "DATE", iso(d), day_interval(d)


@handler
def _month_day(m: re.Match[str], ctx: Ctx) -> Found | None:
    mon, day = month_number(m["mon"]) or 0, int(m["day"])
    if not mon or not 1 <= day <= calendar.monthrange(2024, mon)[1]:
        return None
    rel = m.groupdict().get("rel")
    if rel:  # "March 3 last year"
        y = ctx.anchor.year + tables()["relative_steps"][rel.lower()]
    else:
        y = pick_year(mon, day, ctx.anchor, ctx.direction, slack=ctx.slack)
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
    if m["mon"] == "May" and context_pattern(r"\s+(?:{not_times.may_modal_next})\b").match(m.string, m.end()):
        return None  # "May God rest them": the modal verb
    lead = (m.groupdict().get("lead") or ("since" if m.groupdict().get("since") else "")).lower()
    a = ctx.anchor
    if lead in ("last", "since"):
        y = a.year if mon < a.month or (mon == a.month and lead == "since") else a.year - 1
    elif lead == "next":
        y = a.year if mon > a.month else a.year + 1
    elif lead == "this":
        y = a.year
    else:
        y = pick_year(mon, 15, a, ctx.direction, slack=ctx.slack)
    first, last = _month_part(m)
    return open_interval(("DATE", f"{y}-{mon:02d}", month_interval(y, mon, first, last)), lead == "since")


@handler
def _season(m: re.Match[str], ctx: Ctx) -> Found | None:
    code, first, last = tables()["seasons"][m["season"].lower()]
    since = bool(m.groupdict().get("since"))
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
    return open_interval(("DATE", f"{y}-{code}", interval), since)


@handler
def _year(m: re.Match[str], ctx: Ctx) -> Found | None:
    y = int(m["year"])
    return open_interval(("DATE", str(y), year_interval(y)), bool(m["since"]))


@handler
def _decade(m: re.Match[str], ctx: Ctx) -> Found | None:
    if m["dec"]:
        d = m["dec"]
    else:
        digit = m["short"] or tables()["decade_words"][m["word"].lower()]
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
    value: int | None = tables()["ordinals"].get((word or "").lower())
    return value


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
    if (context_pattern(r"\s+of\s+(?:{not_times.fraction_of})\b").match(after)
            or context_pattern(r"-?(?:{not_times.fraction_compounds})").match(after)):
        return None  # "a quarter of the troops", "a quarter-century"
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
def _year_ended(m: re.Match[str], ctx: Ctx) -> Found | None:
    """ "the year ended March 31": the twelve months a report covers."""
    return "DURATION", "P1Y", None


@handler
def _year_in_view(m: re.Match[str], ctx: Ctx) -> Found | None:
    """ "for the year", "of the year": the year the text last named, else the anchor's."""
    if ctx.anchor == NO_ANCHOR and ctx.memory.year is None:
        return None
    y = ctx.memory.year if ctx.memory.year is not None else ctx.anchor.year
    return "DATE", str(y), year_interval(y)


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


def _after_future_prep(m: re.Match[str]) -> bool:
    """ "until Tuesday", "as soon as Tuesday": a bare weekday after these lies ahead."""
    before = m.string[max(0, m.start() - 20):m.start()]
    return bool(context_pattern(r"\b(?:{context.future_preps})\s+(?:on\s+)?$", re.IGNORECASE).search(before))


def weekday_date(wd: int, lead: str, anchor: date, direction: int) -> date:
    """The date of weekday ``wd`` (0 = Monday) the lead word and tense point to from ``anchor``."""
    delta = wd - anchor.weekday()
    if lead == "next":
        return anchor + timedelta(days=delta if delta > 0 else delta + 7)
    if lead == "last" and delta == 0:
        return anchor - timedelta(days=7)  # "last Friday" said on a Friday: a week ago
    if lead not in ("last", "this") and direction > 0:
        return anchor + timedelta(days=delta if delta >= 0 else delta + 7)  # "meets Friday" said on a Friday: today
    if lead == "this":
        return anchor + timedelta(days=delta)
    return anchor + timedelta(days=delta if delta <= 0 else delta - 7)


def _date_of(m: re.Match[str], ctx: Ctx) -> date | None:
    """The day a match names by its month, day and (when given) year groups."""
    mon, day = month_number(m["mon"]) or 0, int(m["day"])
    if not mon or not 1 <= day <= calendar.monthrange(2024, mon)[1]:
        return None
    y = int(m["year"]) if m["year"] else pick_year(mon, day, ctx.anchor, ctx.direction, slack=ctx.slack)
    try:
        return date(y, mon, day)
    except ValueError:
        return None


@handler
def _daypart_of_date(m: re.Match[str], ctx: Ctx) -> Found | None:
    """ "the night of March 3", "the evening of 4 May 2023"."""
    if ctx.anchor == NO_ANCHOR and not m["year"]:
        return None
    d = _date_of(m, ctx)
    return None if d is None else _with_daypart(d, m["dp"])


@handler
def _next_day(m: re.Match[str], ctx: Ctx) -> Found | None:
    """ "the next day", "the following morning", "the day before": from the day the text last named."""
    if ctx.memory.day is None:
        return None  # no day in view to count from
    back = (m["rel"] or "").lower() in ("previous", "preceding") or (m["ba"] or "").lower() == "before"
    d = ctx.memory.day + timedelta(days=-1 if back else 1)
    unit = (m["unit"] or m["unit2"]).lower()
    return _with_daypart(d, None if unit == "day" else unit)


@handler
def _past_unit(m: re.Match[str], ctx: Ctx) -> Found | None:
    """ "over the past day", "in the last hour": the one unit up to now."""
    if re.match(r"\s+of\b", m.string[m.end():m.end() + 4]):
        return None  # "the last day of the fair"
    return "DURATION", duration_value(1, m["unit"].lower()), None


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
    if not lead and direction >= 0 and _after_future_prep(m):
        direction = 1  # "until Tuesday", "as soon as Tuesday" (but "had waited until Tuesday")
    d = weekday_date(wd, lead, ctx.anchor, direction)
    # "Friday night" is a TIME with the part of the day, as "tomorrow night" (TIMEX3; the
    # majority form in TempEval-3's training gold too)
    return _with_daypart(d, dp)


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
        h, mi = tables()["named_clock"][g["named"].lower()]
        if not (g.get("wd") or g.get("dw")) and not m.group(0).lower().startswith("at"):
            if g["named"].lower() == "midnight":
                return None
    elif g.get("hh"):
        h, mi = clock_to_24h(int(g["hh"]), 0, g["hap"].lower())
    else:
        if not g.get("ap") and not context_pattern(r"\b(?:{not_times.clock_preps})\s*$").search(
                m.string[max(0, m.start() - 12):m.start()]):
            line_start = m.string.rfind("\n", 0, m.start()) + 1
            if m.string[line_start:m.start()].strip():
                return None  # "3.5" or a score, not a clock time
        h, mi = clock_to_24h(int(g["h"]), int(g["mi"]), (g.get("ap") or "")[:1] or None)
    if ctx.anchor == NO_ANCHOR:
        return None
    d = ctx.anchor
    if g.get("wd"):
        direction = 1 if ctx.direction >= 0 and _after_future_prep(m) else ctx.direction
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
    if raw_n in ("a", "an") and not m["ago"] and context_pattern(
            r"(?:\d|\b(?:{not_times.rate_words})|\w\ws)\s+$").search(before):
        return None  # "$2 million a year", "four flights a week": a rate, not a duration
    if raw_n in ("a", "an") and not m["ago"]:
        if unit == "quarter":
            return None  # "more than a quarter of": a fraction
        if unit == "second" and re.match(r"\s+[a-z]", m.string[m.end():m.end() + 3]) and not context_pattern(
                r"\s+(?:{not_times.second_duration_words})\b").match(m.string[m.end():m.end() + 8]):
            return None  # "a second explosion": an ordinal
    if m["ago"] and unit in ("day", "week", "month", "year", "decade") and ctx.anchor != NO_ANCHOR:
        word = m["ago"].strip().lower()
        mem = ctx.memory
        # "later", "earlier" count from the time the text last named ("in 2014 ... eight years later");
        # "ago" from the anchor; "before", "after" from an event the text names next
        from_memory = word in ("earlier", "later") and (mem.day if unit in ("day", "week") else mem.year)
        if word in ("before", "after") or (word in ("earlier", "later") and unit in ("day", "week")
                                           and not from_memory):
            return "DURATION", duration_value(n, unit, half), None  # counted from another event
        sign = 1 if word in ("later", "from now", "hence") else -1
        if not isinstance(n, int):
            return "DATE", "FUTURE_REF" if sign > 0 else "PAST_REF", None
        if unit == "year" and n == 1 and ctx.memory.quarter:
            y, q = ctx.memory.quarter
            return quarter_found(y + sign * n, q)
        a = ctx.anchor
        if from_memory:
            if unit in ("day", "week") and mem.day is not None:
                a = mem.day
            elif unit == "month" and mem.month:
                a = date(mem.month[0], mem.month[1], 1)
            if unit in ("year", "decade") and mem.year:
                y = mem.year + sign * n * (10 if unit == "decade" else 1)
                return "DATE", str(y), year_interval(y)
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
        if context_pattern(r"\s+(?:{not_times.current_nouns})\b").match(after):
            return None
    if w == "now" and m.string[m.end():m.end() + 1] == "," and re.search(
            r"(?:^|[.!?\n][\"'’”`]*)\s*[\"'‘“`]*$", m.string[max(0, m.start() - 6):m.start()]):
        return None  # "Now, he says, ...": a discourse marker opening the sentence (TimeML), no time
    return "DATE", tables()["references"][w], None


@handler
def _set(m: re.Match[str], ctx: Ctx) -> Found | None:
    after = m.string[m.end():m.end() + 20]
    if re.match(r"\s+[A-Z]", after) or (m.group(0)[:1].isupper() and m.start() > 0
                                         and not re.search(r"(?:^|[.!?\n]\s*)$", m.string[:m.start()])):
        return None  # "Daily Mirror", "the port city's daily Courier": a newspaper's name
    if re.search(r"\b(?:the|a|an)\s+(?:\S+\s+)?$", m.string[max(0, m.start() - 25):m.start()], re.I) and context_pattern(
            r"\s*(?:[,.;:]|(?:{not_times.set_noun_next})\b)").match(after):
        return None  # "a local daily reported": a newspaper
    return "SET", tables()["sets"][re.sub(r"\s+", " ", m["w"].lower())], None


def nth_weekday(y: int, month: int, weekday: int, n: int) -> date:
    """The ``n``-th (``n`` < 0: from the end) ``weekday`` of a month."""
    days = [date(y, month, d) for d in range(1, calendar.monthrange(y, month)[1] + 1)
            if date(y, month, d).weekday() == weekday]
    return days[n - 1] if n > 0 else days[n]


def holiday_date(rule: str, y: int) -> date:
    """A holiday's date in year ``y`` from its rule ("12-25", "11:3:4", "11:election")."""
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

