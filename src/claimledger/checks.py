"""Checks of what a user passes in: a wrong value is a clear error, never silently accepted.

The library functions in :mod:`claimledger.api` call these, so the CLI, the web
API and any caller get the same refusals.
"""
from __future__ import annotations

from claimledger.dates import parse_iso
from claimledger.errors import ArgumentError

#: longest text a search filter (``--by``, ``--about``, ``--place``, keywords) may be
MAX_FILTER_CHARS = 500


def check_date(value: str | None, option: str) -> str | None:
    """``value`` if it reads as an ISO 8601 date or datetime (or is None); else an ArgumentError."""
    if value is None:
        return None
    if len(value) > 64 or parse_iso(value) is None:
        shown = value if len(value) <= 40 else value[:40] + "…"
        raise ArgumentError(f"{option} {shown!r} is not a date; write it as ISO 8601, e.g. 2025-03-04 "
                          "or 2025-03-04T10:30")
    return value


def check_filter(value: str | None, option: str) -> str | None:
    """A search filter no longer than :data:`MAX_FILTER_CHARS` (or None)."""
    if value is not None and len(value) > MAX_FILTER_CHARS:
        raise ArgumentError(f"{option} is {len(value):,} characters long; a filter may be at most "
                          f"{MAX_FILTER_CHARS}")
    return value


def escape_like(value: str, escape: str = "\\") -> str:
    """``value`` with the LIKE wildcards ``%`` and ``_`` (and the escape itself) taken literally."""
    return value.replace(escape, escape * 2).replace("%", escape + "%").replace("_", escape + "_")


def check_range(value: int, option: str, low: int, high: int) -> int:
    """``value`` if ``low <= value <= high``; else an ArgumentError saying the range."""
    if not low <= value <= high:
        raise ArgumentError(f"{option} {value} is out of range; give a number from {low:,} to {high:,}")
    return value


def check_writable(path: str) -> str:
    """``path`` if a file can be written there (its folder exists and is writable); the check
    comes before the work, so a typo does not cost the whole query."""
    import os
    folder = os.path.dirname(os.path.abspath(path))
    if os.path.isdir(path):
        raise ArgumentError(f"{path!r} is a folder; give a file name such as estimates.png")
    if not os.path.isdir(folder):
        raise ArgumentError(f"cannot write {path!r}: the folder {folder!r} does not exist")
    if not os.access(folder, os.W_OK) or (os.path.exists(path) and not os.access(path, os.W_OK)):
        raise ArgumentError(f"cannot write {path!r}: permission denied")
    return path
