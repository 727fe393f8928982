"""Views of a parsed page that spaCy recomputes on every access, computed once per page.

``Doc.text`` joins every token anew and ``Doc.ents`` walks every token anew on each
access; ``Span.ents`` walks the whole page's entities. Asked once per sentence or per
claim, each is quadratic in the length of the page. Once the NLP stage is done nothing
changes a Doc, so the extractors read these views instead: the same values, computed
once per page (per thread: the last page seen is remembered).
"""
from __future__ import annotations

import threading
from bisect import bisect_left, bisect_right
from typing import NamedTuple

from spacy.attrs import DEP, IS_TITLE, POS
from spacy.tokens import Doc, Span


class _Views(NamedTuple):
    text: str
    ents: tuple[Span, ...]
    starts: list[int]


_last = threading.local()


def _views(doc: Doc) -> _Views:
    entry = getattr(_last, "entry", None)
    if entry is not None and entry[0] is doc:
        cached: _Views = entry[1]
        return cached
    ents = tuple(doc.ents)
    views = _Views(doc.text, ents, [e.start for e in ents])
    _last.entry = (doc, views)
    return views


def doc_text(doc: Doc) -> str:
    """``doc.text``, joined once per page."""
    return _views(doc).text


def doc_ents(doc: Doc) -> tuple[Span, ...]:
    """``doc.ents``, built once per page."""
    return _views(doc).ents


def entity_starts(doc: Doc) -> list[int]:
    """The token index each of :func:`doc_ents` starts at, ascending (to bisect them)."""
    return _views(doc).starts


def span_ents(span: Span) -> list[Span]:
    """``span.ents`` (the entities wholly inside ``span``, as spaCy gives them) without
    walking the page's entities from the first."""
    views = _views(span.doc)
    out = []
    for k in range(bisect_left(views.starts, span.start), len(views.ents)):  # no copy of the page's tail
        ent = views.ents[k]
        if ent.end > span.end:
            break
        out.append(ent)
    return out


def entity_at(doc: Doc, i: int) -> Span | None:
    """The entity of ``doc.ents`` holding token ``i``, or None: the last one starting at or
    before it, since spaCy's entities never overlap (a bisection, not a walk of the page's)."""
    views = _views(doc)
    k = bisect_right(views.starts, i) - 1
    return views.ents[k] if k >= 0 and views.ents[k].end > i else None


def token_indices(doc: Doc, pos: str, dep: str | None = None, title: bool = False) -> list[int]:
    """The indices of the tokens with this coarse ``pos`` (and ``dep``, and title case when
    ``title``), read off one array: a loop that skips every other token need not make a
    Token object for each (spaCy builds one per access)."""
    attrs = [POS, DEP, IS_TITLE]
    values = doc.to_array(attrs)
    if not len(values):
        return []
    mask = values[:, 0] == doc.vocab.strings[pos]
    if dep is not None:
        mask &= values[:, 1] == doc.vocab.strings[dep]
    if title:
        mask &= values[:, 2] != 0
    return [int(i) for i in mask.nonzero()[0]]
