"""Cheaper scans with the same matches: two tests derived from a compiled regex.

Python's ``re`` tries a pattern that begins with ``\\b`` or a group at every position
of the text, walking all its alternatives there. Two tests read off the pattern's parse
tree tell sooner that it cannot match, and never reject a match:

- :func:`guarded`: the pattern behind a lookahead for the characters a match can begin
  with (the FIRST set of its parse tree: a zero-width test, so matches, groups and
  spans are the pattern's own);
- :func:`required`: literal strings one of which every match contains; a text that
  holds none of them holds no match.

Both give up (return the pattern unchanged, or None) on what they cannot read
exactly: negated classes, any-character, back references, a pattern that can match
the empty string.
"""
from __future__ import annotations

import importlib
import re
from typing import Any

# the parser of ``re`` itself (Python 3.11+), so the tree read is the one the pattern was
# compiled from (imported by name: the modules are private and untyped)
C: Any = importlib.import_module("re._constants")
sre_parse: Any = importlib.import_module("re._parser")

__all__ = ["Required", "folded", "guarded", "required"]

_ZERO_WIDTH = {C.AT, C.ASSERT, C.ASSERT_NOT}
_REPEATS = {C.MAX_REPEAT, C.MIN_REPEAT} | ({C.POSSESSIVE_REPEAT} if hasattr(C, "POSSESSIVE_REPEAT") else set())
_CATEGORIES = {C.CATEGORY_DIGIT: r"\d", C.CATEGORY_WORD: r"\w", C.CATEGORY_SPACE: r"\s",
               C.CATEGORY_NOT_DIGIT: r"\D", C.CATEGORY_NOT_WORD: r"\W", C.CATEGORY_NOT_SPACE: r"\S"}


class _Unreadable(Exception):
    """A construct the derivation does not read exactly."""


def _first_seq(items: Any) -> tuple[list[tuple[Any, Any]], bool]:
    """The class items a match of this sequence can begin with, and whether it can be empty."""
    out: list[tuple[Any, Any]] = []
    for op, av in items:
        if op in _ZERO_WIDTH:
            continue  # consumes nothing: the next item gives the first character
        first, nullable = _first_node(op, av)
        out += first
        if not nullable:
            return out, False
    return out, True


def _first_node(op: Any, av: Any) -> tuple[list[tuple[Any, Any]], bool]:
    if op is C.LITERAL:
        return [(op, av)], False
    if op is C.IN:
        if any(o is C.NEGATE for o, _ in av):
            raise _Unreadable("negated class")
        return list(av), False
    if op is C.SUBPATTERN:
        return _first_seq(av[-1])
    if op is C.BRANCH:
        out: list[tuple[Any, Any]] = []
        nullable = False
        for alt in av[1]:
            first, empty = _first_seq(alt)
            out += first
            nullable = nullable or empty
        return out, nullable
    if op in _REPEATS:
        low, _, inner = av
        first, empty = _first_seq(inner)
        return first, empty or low == 0
    if op is getattr(C, "ATOMIC_GROUP", None):
        return _first_seq(av)
    raise _Unreadable(str(op))


def _char_class(items: list[tuple[Any, Any]]) -> str:
    parts = set()
    for op, av in items:
        if op is C.LITERAL:
            parts.add("\\" + chr(av) if not chr(av).isalnum() else chr(av))
        elif op is C.RANGE:
            parts.add(f"\\{chr(av[0])}-\\{chr(av[1])}" if not (chr(av[0]).isalnum() and chr(av[1]).isalnum())
                      else f"{chr(av[0])}-{chr(av[1])}")
        elif op is C.CATEGORY and av in _CATEGORIES:
            parts.add(_CATEGORIES[av])
        else:
            raise _Unreadable(str(op))
    return "[" + "".join(sorted(parts)) + "]"


def guarded(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """``pattern`` behind a lookahead for the characters its matches begin with: the same
    matches (spans, groups, names), found sooner. Unchanged when the set is not read exactly."""
    if pattern.pattern.startswith("(?") and re.match(r"\(\?[aiLmsux]+\)", pattern.pattern):
        return pattern  # global inline flags must stay first
    try:
        first, nullable = _first_seq(sre_parse.parse(pattern.pattern, pattern.flags))
        if nullable or not first:
            return pattern
        guard = _char_class(first)
    except _Unreadable:
        return pattern
    out = re.compile(f"(?={guard})(?:{pattern.pattern})", pattern.flags)
    if out.groupindex != pattern.groupindex or out.groups != pattern.groups:
        return pattern
    return out


def _factors_seq(items: Any) -> set[str] | None:
    """Literal strings one of which every match of this sequence holds (None: none known)."""
    candidates: list[set[str]] = []
    run: list[str] = []

    def end_run() -> None:
        if run:
            candidates.append({"".join(run)})
            run.clear()
    for op, av in items:
        if op is C.LITERAL:
            run.append(chr(av))
            continue
        end_run()
        found = _factors_node(op, av)
        if found is not None:
            candidates.append(found)
    end_run()
    if not candidates:
        return None
    # any candidate is necessary; the one with the longest shortest string tests fastest
    return max(candidates, key=lambda s: (min(map(len, s)), -len(s)))


def _factors_node(op: Any, av: Any) -> set[str] | None:
    if op is C.SUBPATTERN:
        return _factors_seq(av[-1])
    if op is C.BRANCH:
        out: set[str] = set()
        for alt in av[1]:
            found = _factors_seq(alt)
            if found is None:
                return None
            out |= found
        return out
    if op in _REPEATS:
        low, _, inner = av
        return _factors_seq(inner) if low >= 1 else None
    if op is getattr(C, "ATOMIC_GROUP", None):
        return _factors_seq(av)
    return None  # classes, assertions, references: no literal known


#: the characters outside ASCII that ``re.IGNORECASE`` takes for an ASCII letter (all of
#: them: tests/test_regex_guard.py checks every code point), folded to that letter
_ASCII_FOLDS = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"})


def folded(text: str) -> str:
    """``text`` lower-cased, with the few characters ``re.IGNORECASE`` reads as an ASCII
    letter turned into that letter: an ASCII literal that matches ``text`` case-blind is
    a plain substring of this."""
    return text.translate(_ASCII_FOLDS).lower()


class Required:
    """Literal strings one of which every match of a pattern holds."""

    def __init__(self, literals: set[str], ignore_case: bool) -> None:
        self.ignore_case = ignore_case
        self.literals = tuple(sorted({s.lower() for s in literals} if ignore_case else literals))

    def found(self, text: str, text_folded: str | None = None) -> bool:
        """Whether ``text`` holds one of the literals (``text_folded``: :func:`folded` of it,
        computed once for all patterns); when it does not, the pattern cannot match it."""
        if self.ignore_case:
            hay = folded(text) if text_folded is None else text_folded
        else:
            hay = text
        return any(s in hay for s in self.literals)


def required(pattern: re.Pattern[str]) -> Required | None:
    """The literals one of which every match of ``pattern`` holds, so a text without
    any holds no match; None when none is known (or they are not plain ASCII under
    ``re.IGNORECASE``, whose case folding :func:`folded` copies for ASCII only)."""
    try:
        found = _factors_seq(sre_parse.parse(pattern.pattern, pattern.flags))
    except re.error:
        return None
    if not found:
        return None
    ignore_case = bool(pattern.flags & re.IGNORECASE)
    if ignore_case and not all(s.isascii() for s in found):
        return None
    return Required(found, ignore_case)
