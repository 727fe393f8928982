"""Loading the lexicons and tables in ``claimledger/data``.

Lexicons are data, not code: each file says where its entries come from.
Files are read once per process.
"""
from __future__ import annotations

import csv
import re
from functools import lru_cache
from importlib import resources


def data_path(name: str) -> str:
    return str(resources.files("claimledger") / "data" / name)


def _lines(name: str) -> list[str]:
    with open(data_path(name), encoding="utf-8") as fh:
        return [ln.rstrip("\n") for ln in fh if ln.strip() and not ln.lstrip().startswith("#")]


@lru_cache(maxsize=None)
def word_list(name: str) -> frozenset[str]:
    """A one-entry-a-line list, lower-cased."""
    return frozenset(ln.strip().lower() for ln in _lines(name))


@lru_cache(maxsize=None)
def table(name: str) -> tuple[dict[str, str], ...]:
    """A tab-separated table with a header row, comments skipped."""
    rows = _lines(name)
    reader = csv.DictReader(rows, delimiter="\t")
    return tuple({k: (v or "").strip() for k, v in row.items()} for row in reader)


@lru_cache(maxsize=None)
def patterns(name: str) -> tuple[re.Pattern[str], ...]:
    """One regular expression a line, each matched against a whole line, ignoring case."""
    return tuple(re.compile(rf"(?:{ln.strip()})\Z", re.IGNORECASE) for ln in _lines(name))


@lru_cache(maxsize=None)
def demonyms() -> dict[str, str]:
    """Lower-cased demonym or country adjective -> ISO country code."""
    return {row["word"].lower(): row["country"] for row in table("demonyms.tsv")}


@lru_cache(maxsize=None)
def outlets() -> dict[str, tuple[str, str]]:
    """Lower-cased outlet name or alias -> (canonical name, country)."""
    out: dict[str, tuple[str, str]] = {}
    for row in table("outlets.tsv"):
        names = [row["name"]] + [a for a in row["aliases"].split("|") if a]
        for n in names:
            out[n.lower()] = (row["name"], row["country"])
    return out
