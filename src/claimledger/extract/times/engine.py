"""Engine of the time tagger: compiles the rules of ``data/timex.toml``, scans
the raw text with them, keeps the longest non-overlapping matches and computes
each value with the rule's handler, in reading order so that "that year" can
look back.

The scanner runs over the raw text (cheap: PERF-NOTES.md shows that general
date libraries scanning whole articles halve throughput); the parse is only
read for the tense of the verb that governs an expression (``tense.py``) and
to tell a year from a count.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from typing import Any

from claimledger.dates import MONTH_RE, parse_iso
from claimledger.extract.times.handlers import HANDLERS, Ctx, Handler, Memory, _quarter, _quarter_hyphen, _year
from claimledger.extract.times.tense import sentence_direction
from claimledger.extract.times.values import NO_ANCHOR, tables
from claimledger.lexicon import number_words_pattern
from claimledger.records import Record, TimeExpr
from claimledger.regex_guard import Required, folded, guarded, required
from claimledger.settings import Settings
from claimledger.stages import function_stage


# ------------------------------------------------------------------ compiled rules
@dataclass(frozen=True)
class Rule:
    pattern: re.Pattern[str]
    handler: Handler
    absolute: bool
    #: ``pattern`` behind a test of its first character: the same matches, found sooner
    scanner: re.Pattern[str] | None = None
    #: literals one of which every match holds: a text without any holds no match
    needs: Required | None = None


def _alternation(words: Any) -> str:
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))


@lru_cache(maxsize=None)
def rules() -> tuple[Rule, ...]:
    """The compiled rules of ``timex.toml``, fragments expanded, each with its handler."""
    t = tables()
    frags = dict(t["fragments"])
    frags["MONTH"] = f"(?P<mon>{MONTH_RE})"
    frags["NUMBER"] = f"{_alternation(t['numbers'])}|{number_words_pattern()}"
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
        pattern = re.compile(expand(entry["pattern"]), flags)
        out.append(Rule(pattern, fn, bool(entry.get("absolute")), guarded(pattern), required(pattern)))
    return tuple(out)


# ------------------------------------------------------------------ engine
def scan(text: str) -> Iterator[tuple[int, int, int, re.Match[str]]]:
    """Every rule match: (start, end, rule index, match)."""
    lowered = folded(text)
    for ri, r in enumerate(rules()):
        if r.needs is not None and not r.needs.found(text, lowered):
            continue  # none of the literals every match holds: no match (regex_guard.required)
        for m in (r.scanner or r.pattern).finditer(text):
            if m.end() > m.start():
                yield m.start(), m.end(), ri, m


def span_start(m: re.Match[str]) -> int:
    """Leading prepositions other than "since" are not part of the expression."""
    text = m.group(0)
    words = text.split()
    if len(words) > 1 and words[0].lower() in tables()["context"]["lead_words"]:
        return m.start() + len(text) - len(text[len(words[0]):].lstrip())
    return m.start()


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
    if tok.i > 0 and doc[tok.i - 1].lower_ in tables()["context"]["year_after"]:
        return False  # "for 2026 earnings", "the 2000 Olympics"
    tok = span[-1]
    # "2000 troops" counts; "1990 BellSouth earnings", "the 2000 Olympics", "1989 operating results" are years
    return tok.i + 1 < len(doc) and doc[tok.i + 1].tag_ == "NNS"


#: expressions whose value is another time moved a year back: not a new time in view
_YEAR_BACK = re.compile(r"year[- ](?:earlier|ago)|last year's|\b(?:ago|earlier|later)$", re.IGNORECASE)


#: an end of a range ("between May 2 and May 6", "from June 1 to June 9"): it brings no one day into view
_RANGE_BEFORE = re.compile(r"\b(?:between|from)\s+$|\b(?:between|from)\s+\S+(?:\s+\S+){0,3}\s+(?:and|to|until)\s+$",
                           re.IGNORECASE)


def in_range(text: str, start: int, end: int) -> bool:
    """Whether the time at ``start``-``end`` is one end of a stated range."""
    return bool(_RANGE_BEFORE.search(text[max(0, start - 40):start]))


def anchor_date(record: Record, offset: int) -> date | None:
    """The date relative expressions at ``offset`` are read from, None when the page has none."""
    dt = parse_iso(record.anchor_at(offset))
    return dt.date() if isinstance(dt, datetime) else None


class _Taken:
    """The expressions chosen so far, none overlapping another: the non-empty ones in order
    of start (their ends then in order too), so one bisection tells whether a new one
    overlaps any (the one starting last before its end is the only one that can)."""

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []
        self.empty: list[int] = []  # an empty one [s, s) overlaps what holds s inside it

    def overlaps(self, start: int, end: int) -> bool:
        """Whether a chosen ``[s, e)`` has ``s < end`` and ``start < e``."""
        k = bisect_left(self.starts, end) - 1
        return (k >= 0 and self.ends[k] > start) or any(start < s < end for s in self.empty)

    def add(self, start: int, end: int) -> None:
        """Choose ``[start, end)``, which :meth:`overlaps` none chosen."""
        if start >= end:
            self.empty.append(start)
            return
        k = bisect_left(self.starts, end)
        self.starts.insert(k, start)
        self.ends.insert(k, end)


def tag_times(record: Record, settings: Settings | None = None,
              skip_kinds: tuple[str, ...] = ("boilerplate",)) -> list[TimeExpr]:
    """The time expressions of ``record`` with their TIMEX3 values, in reading order;
    none in ``skip_kinds`` segments, and none relative to a page date the page lacks."""
    slack = (settings or Settings()).time_year_slack_days
    text = record.text
    all_rules = rules()
    chosen: list[tuple[int, int, Rule, re.Match[str], date, int]] = []
    taken = _Taken()
    # longest expressions first, so "early August 2024" wins over "August 2024"
    for start, end, ri, m in sorted(scan(text), key=lambda c: (-(c[1] - c[0]), c[0], c[2])):
        start = span_start(m)
        if taken.overlaps(start, end):
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
        if r.handler(m, Ctx(anchor, direction, probe, slack)) is None:
            continue
        taken.add(start, end)
        chosen.append((start, end, r, m, anchor, direction))
    # values in reading order, so "that year" and "the quarter" can look back
    memory = Memory()
    out: list[TimeExpr] = []
    for start, end, r, m, anchor, direction in sorted(chosen, key=lambda c: c[0]):
        found = r.handler(m, Ctx(anchor, direction, memory, slack))
        if found is None:
            continue
        ttype, value, interval = found
        if ttype in ("DATE", "TIME") and not _YEAR_BACK.search(m.group(0)) and not in_range(text, start, end):
            quarter = memory.quarter
            memory.remember(value)
            if r.handler in (_quarter, _quarter_hyphen) and not m["ord"]:
                memory.quarter = quarter  # "the 1988 period" leans on the quarter in view; it names none
        out.append(TimeExpr(text[start:end], start, end, ttype, value, interval))
    return out


TimesStage = function_stage(tag_times, name="times", requires=("segments", "doc"), provides="times", order=30)
