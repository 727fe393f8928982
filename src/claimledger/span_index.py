"""Per-page indexes of offset-carrying lists (places, claims, segments, place signals), built once per page.

A look-up such as "the claims holding this offset" or "the places starting in this
sentence", asked once per event or per quantity with a scan of the whole page's list, is
quadratic in the length of the page. These indexes answer the same questions with
bisections: the same items, in the list's own order. Once a stage's inputs are built
nothing changes them, so each index is remembered for the lists last seen (per thread).
"""
from __future__ import annotations

import threading
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterator, Sequence
from typing import Protocol, TypeVar


class _Started(Protocol):
    @property
    def start(self) -> int: ...


class _Spanned(Protocol):
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...


class StartIndex:
    """Which items of a list of items with a ``start`` offset start in a range."""

    def __init__(self, items: Sequence[_Started]) -> None:
        order = sorted(range(len(items)), key=lambda i: (items[i].start, i))
        self._starts = [items[i].start for i in order]
        self._order = order
        #: whether the list is in order of start already (then index order is start order)
        self._in_order = all(i == k for k, i in enumerate(order))

    def starting_in(self, lo: int, hi: int) -> list[int]:
        """Indexes, ascending, of the items whose start lies in ``[lo, hi)``."""
        return sorted(self._order[bisect_left(self._starts, lo):bisect_left(self._starts, hi)])

    def last_starting_in(self, lo: int, hi: int) -> Iterator[int]:
        """The indexes of :meth:`starting_in`, descending, one at a time: a walk back from
        ``hi`` that costs only as many steps as the caller takes (when the list is in order
        of start; otherwise the whole range is sorted first)."""
        first, stop = bisect_left(self._starts, lo), bisect_left(self._starts, hi)
        if not self._in_order:
            yield from reversed(sorted(self._order[first:stop]))
            return
        for k in range(stop - 1, first - 1, -1):
            yield self._order[k]


class SpanIndex(StartIndex):
    """Which items of a list of ``start``/``end`` spans start in a range or hold an offset."""

    def __init__(self, spans: Sequence[_Spanned]) -> None:
        super().__init__(spans)
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
        self._start_of = [s.start for s in spans]
        self._ends = [s.end for s in spans]

    def holding(self, offset: int) -> tuple[int, ...]:
        """Indexes, ascending, of the spans with ``start <= offset < end``."""
        k = bisect_right(self._bounds, offset) - 1
        return self._held[k] if k >= 0 else ()

    def overlapping(self, lo: int, hi: int) -> list[int]:
        """Indexes, ascending, of the spans with ``start < hi`` and ``lo < end`` (those sharing
        a character with ``[lo, hi)``): the ones holding ``lo`` that start before ``hi``, and
        the ones starting after ``lo`` and before ``hi`` that end after ``lo``."""
        held = [i for i in self.holding(lo) if self._start_of[i] < hi]
        later = [i for i in self.starting_in(lo + 1, hi) if self._ends[i] > lo]
        return sorted(held + later)


_cache = threading.local()


def span_index(spans: Sequence[_Spanned]) -> SpanIndex:
    """The index of ``spans``, built once for a list (the few lists last seen, per thread)."""
    return _cached(spans, SpanIndex, lambda: SpanIndex(spans))


def start_index(items: Sequence[_Started]) -> StartIndex:
    """The index of the starts of ``items`` (which need no end), built once for a list like
    :func:`span_index`."""
    return _cached(items, StartIndex, lambda: StartIndex(items))


_Index = TypeVar("_Index", bound=StartIndex)


def _cached(items: Sequence[object], kind: type[_Index], build: Callable[[], _Index]) -> _Index:
    entries: dict[tuple[int, type], tuple[Sequence[object], int, StartIndex]] = getattr(_cache, "entries", None) or {}
    hit = entries.get((id(items), kind))
    if hit is not None and hit[0] is items and hit[1] == len(items) and isinstance(hit[2], kind):
        return hit[2]
    if len(entries) >= 16:
        entries.clear()
    index = build()
    entries[(id(items), kind)] = (items, len(items), index)
    _cache.entries = entries
    return index
