"""Per-page indexes of a record's offset-carrying lists (places, claims), built once per page.

A look-up such as "the claims holding this offset" or "the places starting in this
sentence", asked once per event or per quantity with a scan of the whole page's list, is
quadratic in the length of the page. These indexes answer the same questions with
bisections: the same items, in the list's own order. Once a stage's inputs are built
nothing changes them, so each index is remembered for the lists last seen (per thread).
"""
from __future__ import annotations

import threading
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from typing import Protocol


class _Spanned(Protocol):
    start: int
    end: int


class SpanIndex:
    """Which items of a list of ``start``/``end`` spans start in a range or hold an offset."""

    def __init__(self, spans: Sequence[_Spanned]) -> None:
        order = sorted(range(len(spans)), key=lambda i: (spans[i].start, i))
        self._starts = [spans[i].start for i in order]
        self._order = order
        # the offsets where the set of spans holding an offset changes, and that set after each
        bounds = sorted({s.start for s in spans} | {s.end for s in spans})
        opening: dict[int, list[int]] = {}
        closing: dict[int, list[int]] = {}
        for i, s in enumerate(spans):
            if s.start < s.end:
                opening.setdefault(s.start, []).append(i)
                closing.setdefault(s.end, []).append(i)
        active: set[int] = set()
        held: list[tuple[int, ...]] = []
        for b in bounds:
            active.difference_update(closing.get(b, ()))
            active.update(opening.get(b, ()))
            held.append(tuple(sorted(active)))
        self._bounds = bounds
        self._held = held

    def starting_in(self, lo: int, hi: int) -> list[int]:
        """Indexes, ascending, of the spans whose start lies in ``[lo, hi)``."""
        return sorted(self._order[bisect_left(self._starts, lo):bisect_left(self._starts, hi)])

    def holding(self, offset: int) -> tuple[int, ...]:
        """Indexes, ascending, of the spans with ``start <= offset < end``."""
        k = bisect_right(self._bounds, offset) - 1
        return self._held[k] if k >= 0 else ()


_cache = threading.local()


def span_index(spans: Sequence[_Spanned]) -> SpanIndex:
    """The index of ``spans``, built once for a list (the few lists last seen, per thread)."""
    entries: dict[int, tuple[Sequence[_Spanned], int, SpanIndex]] = getattr(_cache, "entries", None) or {}
    hit = entries.get(id(spans))
    if hit is not None and hit[0] is spans and hit[1] == len(spans):
        return hit[2]
    if len(entries) >= 8:
        entries.clear()
    index = SpanIndex(spans)
    entries[id(spans)] = (spans, len(spans), index)
    _cache.entries = entries
    return index
