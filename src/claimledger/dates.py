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
CLOCK_RE = r"(?:[01]?\d|2[0-3])[:.][0-5]\d(?![.:]?\d)(?:\s*(?:[AaPp]\.?\s?[Mm]\.?))?(?:\s*(?:UTC|GMT|[A-Z]{2,4}T))?"

_DATE_MDY = re.compile(rf"\b(?P<mon>{MONTH_RE})\s+(?P<day>[0-3]?\d)(?:st|nd|rd|th)?,?\s+(?P<year>(?:19|20)\d\d)\b")
_DATE_DMY = re.compile(rf"\b(?P<day>[0-3]?\d)\s+(?P<mon>{MONTH_RE})\s+(?P<year>(?:19|20)\d\d)\b")
_DATE_ISO = re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<mon>[01]\d)-(?P<day>[0-3]\d)\b")
#: "17.11.2024" (day first, as pages that write dots do) and "17/11/2024" (only when unambiguous)
_DATE_NUM = re.compile(r"(?<![\d.])(?P<a>[0-3]?\d)(?P<sep>[./])(?P<b>[01]?\d)(?P=sep)(?P<year>(?:19|20)\d\d)\b")
_CLOCK = re.compile(r"\b(?P<h>[01]?\d|2[0-3])[:.](?P<m>[0-5]\d)(?![.:]?\d)(?:\s*(?P<ap>[AaPp])\.?\s?[Mm]\.?)?")


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


def numeric_date(a: int, b: int, year: int, sep: str) -> date | None:
    """A numeric date: day first with dots; with slashes only when one part cannot be a month."""
    if sep == "/":
        if a > 12 >= b:
            day, month = a, b
        elif b > 12 >= a:
            day, month = b, a
        else:
            return None  # 05/06/2025: 5 June or May 6 -- the page does not say
    else:
        day, month = a, b
    try:
        return date(year, month, day)
    except ValueError:
        return None


def find_date(text: str) -> tuple[date, int, int] | None:
    """The first full calendar date in ``text`` with its span."""
    best = None
    for num in _DATE_NUM.finditer(text):
        d = numeric_date(int(num.group("a")), int(num.group("b")), int(num.group("year")), num.group("sep"))
        if d is not None:
            best = (d, num.start(), num.end())
            break
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


#: UTC offsets of the zone labels news pages print after a clock time; labels that name
#: several zones (IST, CST, AST) are left out, so such a time stays without an offset
ZONE_OFFSETS = {
    "utc": "+00:00", "gmt": "+00:00", "z": "+00:00", "wet": "+00:00", "west": "+01:00", "bst": "+01:00",
    "cet": "+01:00", "cest": "+02:00", "wat": "+01:00", "cat": "+02:00", "eat": "+03:00", "eet": "+02:00",
    "eest": "+03:00", "msk": "+03:00", "trt": "+03:00", "irst": "+03:30", "gst": "+04:00", "pkt": "+05:00",
    "npt": "+05:45", "mmt": "+06:30", "ict": "+07:00", "wib": "+07:00", "hkt": "+08:00", "kst": "+09:00",
    "jst": "+09:00", "aest": "+10:00", "est": "-05:00", "edt": "-04:00", "pst": "-08:00", "pdt": "-07:00",
}
_ZONE = re.compile(r"\s*\(?(?P<z>[A-Za-z]{1,5})(?:(?P<sign>[+-])(?P<h>\d{1,2})(?::?(?P<m>\d\d))?)?\)?(?![\w+-])")


def zone_offset(text: str) -> tuple[str, int] | None:
    """The UTC offset a zone label at the start of ``text`` gives ("GMT", "EEST", "GMT+4",
    "UTC-03:00") and where the label ends; None for no label or one that is ambiguous."""
    m = _ZONE.match(text)
    if not m:
        return None
    z = m.group("z").lower()
    if m.group("sign"):
        if z not in ("gmt", "utc"):
            return None
        return f"{m['sign']}{int(m['h']):02d}:{m['m'] or '00'}", m.end()
    off = ZONE_OFFSETS.get(z)
    return (off, m.end()) if off else None


def find_published(text: str) -> tuple[str, int, int] | None:
    """The first date in ``text`` as ISO 8601, as precise as the text is: a date alone, or
    with the clock time that follows it (and its UTC offset when a zone label says it)."""
    day = find_date(text)
    if day is None:
        return None
    dt, s, e = find_datetime(text)  # type: ignore[misc]
    if e == day[2]:
        return day[0].isoformat(), s, e
    zone = zone_offset(text[e:e + 12])
    if zone:
        return dt.isoformat() + zone[0], s, e + zone[1]
    return dt.isoformat(), s, e


def parse_iso(value: str | None, keep_zone: bool = False) -> datetime | None:
    """Read an ISO date or datetime (as ``--published`` takes it); None if unreadable. The
    clock time is the stamp's own; ``keep_zone`` keeps its zone offset, else it is dropped."""
    if not value:
        return None
    v = value.strip().replace("Z", "+00:00")
    try:
        dt = datetime.fromisoformat(v)
    except ValueError:
        found = find_datetime(v)
        return found[0] if found else None
    return dt if keep_zone else dt.replace(tzinfo=None)


# ------------------------------------------------------------------ dates given by a user
_ISO_DAY = re.compile(r"(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})")
_ISO_LIKE = re.compile(r"\d{4}-\d{1,2}-\d{1,2}(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?")
_COMPACT = re.compile(r"(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})(?:T(?P<H>\d{2})(?P<M>\d{2})(?P<S>\d{2})?(?P<z>Z)?)?")
_WEEKDAY_LEAD = re.compile(r"^(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)[a-z]*\.?,?\s+", re.IGNORECASE)


def _checked_day(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def read_given_date(value: str) -> str:
    """A publication date given beside a page (``--published``, a sidecar, a JSON line) as an
    ISO 8601 string, as precise as given: ``2025-01-31``, ``2025-01-31T13:02:00+00:00``,
    ``31 January 2025``, ``Jan. 31, 2025 1:02 PM``, ``20250131T130200Z``.

    Raises ``ValueError`` saying why for anything else: words ("last tuesday"), impossible
    dates ("2025-13-45"), or a numeric date that reads both ways ("05/06/2025")."""
    v = value.strip()
    if not v:
        raise ValueError("it is empty")
    if _ISO_LIKE.fullmatch(v):
        m = _ISO_DAY.match(v)
        if m is None or _checked_day(int(m["y"]), int(m["m"]), int(m["d"])) is None:
            raise ValueError("it is not a calendar date (year-month-day)")
        try:
            dt = datetime.fromisoformat(v.replace("Z", "+00:00").replace(" ", "T", 1))
        except ValueError as exc:
            raise ValueError(f"its time of day is not valid ({exc})") from exc
        return dt.date().isoformat() if len(v) <= 10 else dt.isoformat()
    c = _COMPACT.fullmatch(v)
    if c:
        d = _checked_day(int(c["y"]), int(c["m"]), int(c["d"]))
        if d is None:
            raise ValueError("it is not a calendar date (year-month-day)")
        if c["H"] is None:
            return d.isoformat()
        try:
            dt = datetime(d.year, d.month, d.day, int(c["H"]), int(c["M"]), int(c["S"] or 0))
        except ValueError as exc:
            raise ValueError(f"its time of day is not valid ({exc})") from exc
        return dt.isoformat() + ("+00:00" if c["z"] else "")
    return _read_written_date(v)


def _read_written_date(v: str) -> str:
    """A date written out ("31 January 2025", "Jan. 31, 2025, 1:02 PM", "17.11.2024") that is
    the whole value; anything else is refused with the reason."""
    rest = _WEEKDAY_LEAD.sub("", v)
    num = _DATE_NUM.fullmatch(rest)
    if num and num.group("sep") == "/" and numeric_date(
            int(num["a"]), int(num["b"]), int(num["year"]), "/") is None:
        if int(num["a"]) <= 12 and int(num["b"]) <= 12:
            raise ValueError("it is ambiguous (day/month or month/day?); write it as YYYY-MM-DD")
        raise ValueError("it is not a calendar date")
    found = find_published(rest)
    if found is None or rest[:found[1]].strip(" ,") or rest[found[2]:].strip(" ,.").strip():
        raise ValueError("it is not a date; write it as YYYY-MM-DD or YYYY-MM-DDTHH:MM")
    return found[0]
