"""Calendar arithmetic and value formats of the time tagger: TIMEX3 values and
intervals for days, weeks, months, quarters and halves, the year a month named
without one falls in, spelled numbers and durations, and the rule tables.
"""
from __future__ import annotations

import calendar
import re
import tomllib
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

from claimledger.dates import WEEKDAY_NAMES
from claimledger.lexicon import data_path, parse_number_words

Interval = dict[str, str | None]
Found = tuple[str, str, Interval | None]  # type, value, interval

#: stands for "no anchor": absolute rules run with it when a page has no date
NO_ANCHOR = date(1, 1, 1)


@lru_cache(maxsize=None)
def tables() -> dict[str, Any]:
    """The tables and rules of ``timex.toml`` (read once)."""
    with open(data_path("timex.toml"), "rb") as fh:
        return tomllib.load(fh)


def word_alternation(group: str, name: str) -> str:
    """The word list ``[group] name`` of timex.toml as a regex alternation, longest first."""
    words = tables()[group][name]
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@lru_cache(maxsize=None)
def context_pattern(template: str, flags: int = 0) -> re.Pattern[str]:
    """``template`` compiled with each ``{group.name}`` replaced by that word list of timex.toml.

    The negative and context rules of the handlers keep their shape in code and
    their words in the data, so a word added to a list needs no code change.
    """
    def words(m: re.Match[str]) -> str:
        return f"(?:{word_alternation(m.group(1), m.group(2))})"
    return re.compile(re.sub(r"\{(\w+)\.(\w+)\}", words, template), flags)


# ------------------------------------------------------------------ helpers
def iso(d: date) -> str:
    """``d`` as YYYY-MM-DD."""
    return d.isoformat()


def day_interval(d: date) -> Interval:
    """The interval of one day."""
    return {"start": iso(d), "end": iso(d)}


def month_interval(y: int, m: int, first: int = 1, last: int = 0) -> Interval:
    """The interval of a month, or of its days ``first`` to ``last`` (0: the month's end)."""
    days = calendar.monthrange(y, m)[1]
    return {"start": iso(date(y, m, first)), "end": iso(date(y, m, min(last or days, days)))}


def year_interval(y: int) -> Interval:
    """The interval of one year."""
    return {"start": f"{y:04d}-01-01", "end": f"{y:04d}-12-31"}


def week_found(d: date) -> Found:
    """The ISO week holding ``d``, with its Monday-to-Sunday interval."""
    monday = d - timedelta(days=d.weekday())
    y, w, _ = monday.isocalendar()
    return "DATE", f"{y}-W{w:02d}", {"start": iso(monday), "end": iso(monday + timedelta(days=6))}


def quarter_found(y: int, q: int) -> Found:
    """Quarter ``q`` of year ``y`` with its interval."""
    first = 3 * (q - 1) + 1
    end = date(y, first + 2, calendar.monthrange(y, first + 2)[1])
    return "DATE", f"{y}-Q{q}", {"start": iso(date(y, first, 1)), "end": iso(end)}


def half_found(y: int, h: int) -> Found:
    """Half ``h`` (1 or 2) of year ``y`` with its interval."""
    return "DATE", f"{y}-H{h}", {"start": f"{y}-{1 if h == 1 else 7:02d}-01",
                                  "end": f"{y}-{6 if h == 1 else 12:02d}-{30 if h == 1 else 31}"}


def add_months(d: date, n: int) -> tuple[int, int]:
    """(year, month) ``n`` months after (or before) ``d``'s month."""
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
    if w in nums:
        return int(nums[w])
    spelled = parse_number_words(w)
    return "X" if spelled is None else spelled


def duration_value(n: int | str, unit: str, half: bool = False) -> str:
    """The TIMEX3 duration for ``n`` units ("X" for an unknown number; ``half`` adds a half unit)."""
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

