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
    """The path of a file in the package's ``data`` folder."""
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


# ------------------------------------------------------------------ numbers
#: the kinds of number_words.tsv that make up the numbers below a hundred
_SMALL_KINDS = ("unit", "teen", "ten")


@lru_cache(maxsize=None)
def number_words() -> dict[str, tuple[int, str]]:
    """Lower-cased cardinal word -> (value, kind), from ``number_words.tsv``."""
    return {row["word"].lower(): (int(row["value"]), row["kind"]) for row in table("number_words.tsv")}


def _words_of(kind: str, skip: tuple[str, ...] = ()) -> str:
    words = [w for w, (_, k) in number_words().items() if k == kind and w not in skip]
    return "|".join(sorted(words, key=len, reverse=True))


@lru_cache(maxsize=None)
def number_words_pattern() -> str:
    """A regex (no groups) for a spelled cardinal: "thirteen", "sixty-five",
    "two hundred and twelve", "twenty-five thousand"; read it with
    :func:`parse_number_words`. Compile it with ``re.IGNORECASE``."""
    unit, teen, ten = _words_of("unit"), _words_of("teen"), _words_of("ten")
    digit = _words_of("unit", skip=("zero",))
    small = rf"(?:(?:{ten})(?:[- ](?:{digit}))?|{teen}|{unit})"
    hundreds = rf"(?:(?:{small}\s+)?(?:{_words_of('hundred')})(?:\s+(?:and\s+)?{small})?|{small})"
    return rf"(?:{hundreds}(?:\s+(?:{_words_of('scale')})(?:\s+(?:and\s+)?{hundreds}(?!\w))?)*)(?!\w)"


def parse_number_words(text: str) -> int | None:
    """The integer a spelled cardinal stands for, None when ``text`` is not one.

    "thirteen" is 13, "sixty-five" 65, "two hundred and twelve" 212, "twenty-five
    thousand" 25000, "hundred" 100; "five six" and "twenty thirty" are not numbers.
    """
    words = [w for w in re.split(r"[\s-]+", text.lower().strip()) if w]
    table_ = number_words()
    total = current = 0
    last = ""
    for i, w in enumerate(words):
        if w == "and":
            if last not in ("hundred", "scale") or i == len(words) - 1:
                return None
            continue
        if w not in table_:
            return None
        value, kind = table_[w]
        if kind in _SMALL_KINDS:
            if last in ("unit", "teen") or (last == "ten" and kind != "unit") or (value == 0 and words != [w]):
                return None
            current += value
        elif kind == "hundred":
            if last == "hundred" or current >= 100:
                return None
            current = (current or 1) * value
        else:  # a scale: "thousand", "million"
            if current == 0 and total:
                return None  # "two thousand million" is not how English news writes numbers
            total += (current or 1) * value
            current = 0
        last = kind
    return total + current if last else None


# ------------------------------------------------------------------ shared word lists
@lru_cache(maxsize=None)
def plan_verbs(kinds: tuple[str, ...] | None = None) -> frozenset[str]:
    """Lemmas whose complement lies ahead ("plans to open", "urged them to leave"),
    from ``plan_verbs.tsv``; ``kinds`` keeps those kinds only (("plan",): plans and forecasts)."""
    return frozenset(row["lemma"] for row in table("plan_verbs.tsv") if kinds is None or row["kind"] in kinds)


@lru_cache(maxsize=None)
def division_words(in_text: bool = False) -> tuple[str, ...]:
    """Words that name an administrative division after its proper name ("Kursk Oblast"),
    from ``division_words.tsv``; ``in_text`` keeps those that mark a division by form alone."""
    words = [row["word"] for row in table("division_words.tsv") if not in_text or row["in_text"] == "yes"]
    return tuple(sorted(words, key=len, reverse=True))


@lru_cache(maxsize=None)
def related_lead() -> re.Pattern[str]:
    """The start of a line that leads to another article ("Read also:", "Related:")."""
    words = sorted(word_list("related_leads.txt"), key=len, reverse=True)
    alternation = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in words)
    return re.compile(rf"^(?:{alternation})\b\s*[:|-]?", re.IGNORECASE)


@lru_cache(maxsize=None)
def agencies() -> tuple[str, ...]:
    """Names and aliases of the news and photo agencies in ``outlets.tsv`` (kind ``agency``)."""
    names: list[str] = []
    for row in table("outlets.tsv"):
        if row.get("kind") == "agency":
            names += [row["name"]] + [a for a in row["aliases"].split("|") if a]
    return tuple(sorted(names, key=len, reverse=True))


# ------------------------------------------------------------------ export tables
@lru_cache(maxsize=None)
def countries() -> dict[str, dict[str, str]]:
    """ISO alpha-2 code -> {"iso3", "numeric", "name", "continent"}, from ``countries.tsv``."""
    return {row["country"]: row for row in table("countries.tsv")}


@lru_cache(maxsize=None)
def acled_types() -> dict[tuple[str, str], tuple[str, str, str]]:
    """(PLOVER type, mode or "*") -> (disorder type, event type, sub-event type), from ``acled_types.tsv``."""
    return {(row["type"], row["mode"]): (row["disorder_type"], row["event_type"], row["sub_event_type"])
            for row in table("acled_types.tsv")}


@lru_cache(maxsize=None)
def acled_precision() -> dict[tuple[str, str], int]:
    """("place", feature) or ("days", n or "*") -> ACLED's precision code, from ``acled_precision.tsv``."""
    return {(row["kind"], row["value"]): int(row["code"]) for row in table("acled_precision.tsv")}


@lru_cache(maxsize=None)
def verdicts() -> dict[str, tuple[int | None, str]]:
    """Verdict -> (its 1-5 rating or None, its label), from ``verdicts.tsv``."""
    return {row["verdict"]: (int(row["rating"]) if row["rating"] else None, row["label"])
            for row in table("verdicts.tsv")}
