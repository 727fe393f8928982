"""Calendar words and absolute date/time parsing shared by the segmenter and the time tagger."""
from __future__ import annotations

import re
from datetime import date, datetime

#: month names and the abbreviations English news uses (AP style: Jan., Feb., Aug., Sept. …)
MONTHS: dict[str, int] = {}
for _i, _names in enumerate((
        "january jan", "february feb", "march mar", "april apr", "may", "june jun",
        "july jul", "august aug", "september sep sept", "october oct", "november nov", "december dec"), 1):
    for _n in _names.split():
        MONTHS[_n] = _i

_WEEKDAY_FORMS = ("monday mon", "tuesday tue tues", "wednesday wed", "thursday thu thur thurs",
                  "friday fri", "saturday sat", "sunday sun")
#: weekday names and abbreviations -> 0 (Monday) .. 6
WEEKDAYS = {n: i for i, names in enumerate(_WEEKDAY_FORMS) for n in names.split()}
#: the full weekday names, Monday first: the one list every stage reads
WEEKDAY_NAMES = tuple(names.split()[0] for names in _WEEKDAY_FORMS)

MONTH_RE = (r"(?:Jan(?:uary|\.)?|Feb(?:ruary|\.)?|Mar(?:ch|\.)?|Apr(?:il|\.)?|May|June?|July?|"
            r"Aug(?:ust|\.)?|Sept?(?:ember|\.)?|Oct(?:ober|\.)?|Nov(?:ember|\.)?|Dec(?:ember|\.)?)")
CLOCK_RE = r"(?:[01]?\d|2[0-3])[:.][0-5]\d(?:\s*(?:[AaPp]\.?\s?[Mm]\.?))?(?:\s*(?:UTC|GMT|[A-Z]{2,4}T))?"

_DATE_MDY = re.compile(rf"\b(?P<mon>{MONTH_RE})\s+(?P<day>[0-3]?\d)(?:st|nd|rd|th)?,?\s+(?P<year>(?:19|20)\d\d)\b")
_DATE_DMY = re.compile(rf"\b(?P<day>[0-3]?\d)\s+(?P<mon>{MONTH_RE})\s+(?P<year>(?:19|20)\d\d)\b")
_DATE_ISO = re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<mon>[01]\d)-(?P<day>[0-3]\d)\b")
_CLOCK = re.compile(r"\b(?P<h>[01]?\d|2[0-3])[:.](?P<m>[0-5]\d)(?:\s*(?P<ap>[AaPp])\.?\s?[Mm]\.?)?")


def month_number(word: str) -> int | None:
    """1-12 for a month name or abbreviation ("Sept.", "march"); None for any other word."""
    return MONTHS.get(word.lower().rstrip("."))


def clock_to_24h(hour: int, minute: int, ampm: str | None) -> tuple[int, int]:
    """A 12-hour clock time with its "a"/"p" marker as a 24-hour (hour, minute)."""
    if ampm:
        ampm = ampm.lower()
        if ampm == "p" and hour < 12:
            hour += 12
        elif ampm == "a" and hour == 12:
            hour = 0
    return hour, minute


def find_date(text: str) -> tuple[date, int, int] | None:
    """The first full calendar date in ``text`` with its span."""
    best = None
    for rx in (_DATE_MDY, _DATE_DMY, _DATE_ISO):
        m = rx.search(text)
        if not m:
            continue
        mon = m.group("mon")
        month = int(mon) if mon.isdigit() else month_number(mon)
        try:
            d = date(int(m.group("year")), month or 0, int(m.group("day")))
        except ValueError:
            continue
        if best is None or m.start() < best[1]:
            best = (d, m.start(), m.end())
    return best


def find_clock(text: str) -> tuple[int, int, int, int] | None:
    """The first clock time in ``text``: (hour, minute, start, end)."""
    m = _CLOCK.search(text)
    if not m:
        return None
    h, mi = clock_to_24h(int(m.group("h")), int(m.group("m")), m.group("ap"))
    return h, mi, m.start(), m.end()


def find_datetime(text: str) -> tuple[datetime, int, int] | None:
    """A date, with the clock time that follows it if any, as one datetime and span."""
    found = find_date(text)
    if not found:
        return None
    d, s, e = found
    rest = text[e:e + 16]
    clock = find_clock(rest)
    if clock and clock[2] <= 3:
        h, mi, _, ce = clock
        return datetime(d.year, d.month, d.day, h, mi), s, e + ce
    return datetime(d.year, d.month, d.day), s, e


def parse_iso(value: str | None) -> datetime | None:
    """Read an ISO date or datetime (as ``--published`` takes it); None if unreadable."""
    if not value:
        return None
    v = value.strip().replace("Z", "+00:00")
    try:
        dt = datetime.fromisoformat(v)
    except ValueError:
        found = find_datetime(v)
        return found[0] if found else None
    return dt.replace(tzinfo=None)
