"""What is known about a page from beside it: a sidecar ``NAME.json``, a date in
the file name, the command line's ``--published`` and ``--outlet``.

The page's own lines (byline, dateline, masthead) win over all of these; the
segmenter reads them. Beside the page the order of trust is: the sidecar, then
a date in the file name when it is unambiguous (``20220204T123000Z_x.txt``,
``2025-01-31-x.txt``), then the command line. Every date given is checked: one
that is not a calendar date is an error naming the document and the value,
never a silent null.
"""
from __future__ import annotations

import json
import os
import re
from datetime import date

from claimledger.dates import read_given_date
from claimledger.errors import BadDateError, InputError

#: files that hold many documents, each with its own metadata
MANY_DOCUMENT_SUFFIXES = (".jsonl", ".ndjson", ".xml", ".rss", ".atom")
#: the keys a sidecar may give
SIDECAR_KEYS = ("published", "outlet", "url", "title", "authors")

_STAMP_NAME = re.compile(r"^(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})(?:T(?P<H>\d{2})(?P<M>\d{2})(?P<S>\d{2})?(?P<z>Z)?)?"
                         r"(?=[_.\-\s]|$)")
_DASHED_NAME = re.compile(r"(?<![\d])(?P<y>(?:19|20)\d\d)[-_.](?P<m>[01]\d)[-_.](?P<d>[0-3]\d)(?![\d])")


def date_from_file_name(path: str) -> str | None:
    """A publication date a file's name gives without doubt: a compact stamp at its start
    (``20220204T123000Z_…``, ``20250131_…``) or a year-month-day written with dashes
    (``2025-01-31-…``, ``outlet-2025-01-31-…``). None when the name holds none, or a
    number that is not a real date."""
    stem = os.path.basename(path)
    m = _STAMP_NAME.match(stem) or _DASHED_NAME.search(stem)
    if not m:
        return None
    try:
        day = date(int(m["y"]), int(m["m"]), int(m["d"]))
    except ValueError:
        return None
    if not (1900 <= day.year <= 2100):
        return None
    groups = m.groupdict()
    if groups.get("H"):
        try:
            return read_given_date(m.group(0))
        except ValueError:
            return day.isoformat()
    return day.isoformat()


def sidecar_path(path: str) -> str | None:
    """The sidecar of a page: ``NAME.json`` (or ``NAME.txt.json``) beside ``NAME.txt``."""
    base, ext = os.path.splitext(path)
    for cand in (base + ".json", path + ".json"):
        if ext.lower() != ".json" and os.path.isfile(cand):
            return cand
    return None


def read_sidecar(path: str) -> dict[str, str]:
    """A sidecar's values as hints (``authors`` joined with "; "); raises an InputError
    naming the sidecar when it is not a JSON object of strings."""
    try:
        with open(path, encoding="utf-8") as fh:
            obj = json.load(fh)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(f"is not a readable JSON sidecar ({exc})", source=path) from exc
    if not isinstance(obj, dict):
        raise InputError("is not a JSON object of page metadata", source=path)
    out: dict[str, str] = {}
    for key in SIDECAR_KEYS:
        val = obj.get(key)
        if val is None or val == "" or val == []:
            continue
        if key == "authors" and isinstance(val, list) and all(isinstance(a, str) for a in val):
            out[key] = "; ".join(a.strip() for a in val if a.strip())
        elif isinstance(val, str):
            out[key] = val.strip()
        else:
            raise InputError(f'"{key}" must be a string{" or a list of strings" if key == "authors" else ""}',
                             source=path)
    return out


def checked_hints(hints: dict[str, str], name: str, origin: str = "given") -> dict[str, str]:
    """``hints`` with the publication date read as ISO 8601; a date that is not one is a
    :class:`BadDateError` naming the document ``name``, the value and where it came from."""
    out = dict(hints)
    value = out.get("published")
    if value is not None:
        try:
            out["published"] = read_given_date(value)
        except ValueError as exc:
            raise BadDateError(f"the publication date {value!r} {origin} cannot be used: {exc}",
                               source=name) from exc
    return out


def file_hints(path: str, hints: dict[str, str]) -> dict[str, str]:
    """The hints for one local file, by trust: its sidecar, then the date in its name, then
    the command line's (``hints``). Every date is checked (:func:`checked_hints`)."""
    out = checked_hints(hints, path, "given on the command line")
    if path.lower().endswith(MANY_DOCUMENT_SUFFIXES):
        return out  # a feed's or a JSON Lines file's name dates the file, not each document
    named = date_from_file_name(path)
    if named:
        out["published"] = named
    side = sidecar_path(path)
    if side is not None:
        values = checked_hints(read_sidecar(side), path, f"in the sidecar {os.path.basename(side)}")
        out.update(values)
    return out
