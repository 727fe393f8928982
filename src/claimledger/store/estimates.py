"""Estimate histories: every figure for one measure, across documents, in
as-of order, with who gave it, and contradictions flagged. A figure joins the
history of its key at its place's country, or, with no place of its own, at its
page's country (``history_key``): a toll in Odesa and one in Goma are two histories.

Two figures contradict when they measure the same thing (one measure key: what
is counted, what happened to it, and a rate's period), in one place (the same
place, or one inside the other; figures with no place only with each other),
are dated within ``window_days`` of each other, come from independent sources
(not one claimant relayed by two outlets, not one outlet's own voice twice), and
their ranges do not overlap once approximate figures are widened by
``APPROX_SLACK`` on each side.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any

from sqlalchemy import Engine, and_, func, or_, select
from sqlalchemy.orm import Session, load_only

from claimledger.resolve.gazetteer import contains, gazetteer
from claimledger.checks import escape_like
from claimledger.store.models import ClaimMention, Document, PlaceMention, QuantityMention

#: how much an approximate figure ("about 3,000") may be off, each way
APPROX_SLACK = 0.10


@dataclass
class Point:
    key: str
    subject: str | None
    measure: str | None
    place: str | None
    as_of: str | None
    low: float | None
    high: float | None
    approximate: bool
    text: str
    counted: str | None
    claimant: str | None
    side: str | None
    anonymous: bool
    outlet: str | None
    document: str | None
    document_id: int
    #: indexes (in the same history) of the points this one contradicts
    contradicts: list[int] = field(default_factory=list)
    #: the figure's span in its document's text, the document's SHA-256 and the figure's stable id
    start: int | None = None
    end: int | None = None
    sha256: str | None = None
    uid: str | None = None
    #: the country the figure's page is about (document_countries), for figures with no place
    country: str | None = None
    #: the country of the figure's own place, as its page resolved it (None for a sea, a region)
    place_country: str | None = None

    def to_json(self) -> dict[str, Any]:
        """The point as a JSON object."""
        return dict(self.__dict__)

    @property
    def source(self) -> tuple[str | None, str | None]:
        """Who gave the figure: (outlet, claimant)."""
        return self.outlet, self.claimant


def _bounds(p: Point) -> tuple[float, float]:
    lo = p.low if p.low is not None else 0.0
    hi = p.high if p.high is not None else float("inf")
    if p.approximate:
        lo, hi = lo * (1 - APPROX_SLACK), hi * (1 + APPROX_SLACK)
    return lo, hi


def _day(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def document_countries(s: Session, doc_ids: Iterable[int]) -> dict[int, str]:
    """The country each document is about: the one its places name most (a page's figures
    without a place of their own are about it)."""
    ids = list(set(doc_ids))
    if not ids:
        return {}
    counts: dict[int, dict[str, int]] = {}
    q = (select(PlaceMention.document_id, PlaceMention.country, func.count())
         .where(PlaceMention.document_id.in_(ids), PlaceMention.country.is_not(None))
         .group_by(PlaceMention.document_id, PlaceMention.country))
    for doc_id, country, n in s.execute(q):
        counts.setdefault(doc_id, {})[country] = n
    return {d: max(sorted(c), key=lambda k: c[k]) for d, c in counts.items()}


def place_countries(s: Session, points: Iterable[Point]) -> dict[tuple[int, str], str]:
    """The country of each figure's place, (document id, lowercased place name) -> code: the
    country its page gave that name most often (a page resolves its places in context), else the
    gazetteer's; places no country holds (a sea, a world region) are left out."""
    points = list(points)
    wanted = {(p.document_id, p.place.lower()) for p in points if p.place}
    if not wanted:
        return {}
    counts: dict[tuple[int, str], dict[str, int]] = {}
    names = sorted({p.place for p in points if p.place})
    ids = sorted({d for d, _ in wanted})
    for i in range(0, len(ids), 500):
        q = (select(PlaceMention.document_id, PlaceMention.name, PlaceMention.country, func.count())
             .where(PlaceMention.document_id.in_(ids[i:i + 500]), PlaceMention.name.in_(names),
                    PlaceMention.country.is_not(None))
             .group_by(PlaceMention.document_id, PlaceMention.name, PlaceMention.country))
        for doc_id, name, country, n in s.execute(q):
            key = (doc_id, name.lower())
            if key in wanted:
                got = counts.setdefault(key, {})
                got[country] = got.get(country, 0) + n
    out = {k: max(sorted(c), key=lambda code: c[code]) for k, c in counts.items()}
    gaz = gazetteer()
    for key in wanted - set(out):
        entry = gaz.resolve(key[1])
        if entry is not None and entry.country:
            out[key] = entry.country
    return out


def one_place(a: str | None, a_country: str | None, b: str | None, b_country: str | None) -> bool:
    """Two figures speak of one place: the same place, or one inside the other; two without a
    place of their own when their pages are about one country; never one placed and one not."""
    if a is None and b is None:
        return a_country is not None and a_country == b_country
    return same_place(a, b)


@lru_cache(maxsize=8192)
def same_place(a: str | None, b: str | None) -> bool:
    """One place, or one inside the other ("Kursk Oblast" holds "Sudzha"); no place only
    matches no place."""
    if a is None or b is None:
        return a is None and b is None
    if a.lower() == b.lower():
        return True
    gaz = gazetteer()
    ea, eb = gaz.resolve(a), gaz.resolve(b)
    return ea is not None and eb is not None and (contains(ea, eb) or contains(eb, ea))


def independent(a: Point, b: Point) -> bool:
    """Two sources, not one: a claimant quoted by two outlets is one source, and so is
    an outlet's own unattributed voice in two of its pages, and one story stored twice (two
    pages with one headline: a saved page and its text, a wire story another outlet runs)."""
    if a.document_id == b.document_id or a.source == b.source:
        return False
    if a.document and b.document and " ".join(a.document.split()).lower() == " ".join(b.document.split()).lower():
        return False
    if a.claimant and b.claimant and a.claimant.lower() == b.claimant.lower():
        return False
    return not (a.claimant is None and b.claimant is None and a.outlet == b.outlet)


def disagree(a: Point, b: Point, window_days: int) -> bool:
    """Whether two figures of one key contradict each other (see the module's rule)."""
    da, db = _day(a.as_of), _day(b.as_of)
    if da is None or db is None or abs((da - db).days) > window_days:
        return False
    if not independent(a, b) or not one_place(a.place, a.country, b.place, b.country):
        return False
    (alo, ahi), (blo, bhi) = _bounds(a), _bounds(b)
    return ahi < blo or bhi < alo


def estimate_histories(engine: Engine, keywords: list[str] | None = None,
                       window_days: int = 7) -> dict[str, list[Point]]:
    """One history per measure key (unplaced figures per key and page country, see
    :func:`history_key`) whose words hold every keyword, ordered by as-of date."""
    q = (select(QuantityMention, Document, ClaimMention)
         .join(Document, QuantityMention.document_id == Document.id)
         .outerjoin(ClaimMention, and_(ClaimMention.document_id == QuantityMention.document_id,
                                       ClaimMention.claim_no == QuantityMention.claim_no))
         .where(QuantityMention.measure_key.is_not(None))
         # the document's columns a point shows, never its whole record and text
         .options(load_only(Document.id, Document.outlet, Document.title, Document.sha256)))
    for word in keywords or []:
        like = f"%{escape_like(word)}%"
        q = q.where(or_(*(col.ilike(like, escape="\\") for col in (
            QuantityMention.measure_key, QuantityMention.measure_place, QuantityMention.counted,
            QuantityMention.measure_subject))))
    points: list[Point] = []
    with Session(engine) as s:
        for qm, doc, cm in s.execute(q):
            who = None
            if cm is not None:
                who = cm.claimant_name or cm.claimant_organization or (
                    f"anonymous {cm.claimant_role}" if cm.anonymous and cm.claimant_role else None)
            points.append(Point(
                key=qm.measure_key, subject=qm.measure_subject, measure=qm.measure, place=qm.measure_place,
                as_of=qm.as_of, low=qm.low, high=qm.high, approximate=qm.approximate, text=qm.text,
                counted=qm.counted, claimant=who, side=cm.claimant_side if cm is not None else None,
                anonymous=bool(cm.anonymous) if cm is not None else False, outlet=doc.outlet,
                document=doc.title, document_id=doc.id, start=qm.start, end=qm.end,
                sha256=doc.sha256, uid=qm.uid))
        countries = document_countries(s, (p.document_id for p in points))
        placed = place_countries(s, points)
    histories: dict[str, list[Point]] = {}
    for p in points:
        p.country = countries.get(p.document_id)
        p.place_country = placed.get((p.document_id, p.place.lower())) if p.place else None
        histories.setdefault(history_key(p), []).append(p)
    for history in histories.values():
        history.sort(key=lambda p: (p.as_of or "9999", p.document_id))
        _mark_contradictions(history, window_days)
    return dict(sorted(histories.items(), key=lambda kv: (-len(kv[1]), kv[0])))


def history_key(p: Point) -> str:
    """The history a figure belongs to: its measure key at its place's country ("people|killed
    @ UA" for a toll in Odesa), or, for a figure with no place of its own, at its page's
    country ("people|killed @ HT"): figures in two countries never share a history (nor could
    they contradict: one place, or one inside the other, is one country). A place no country
    holds (a sea) keeps the bare key."""
    if p.place is not None:
        return f"{p.key} @ {p.place_country}" if p.place_country else p.key
    if p.country:
        return f"{p.key} @ {p.country}"
    return p.key


def _mark_contradictions(points: list[Point], window_days: int) -> None:
    """Set each point's ``contradicts``: only the points within ``window_days`` of it can
    disagree (see :func:`disagree`), so each looks at that window of the as-of order, not at
    the whole history (a history of thousands of figures stays fast)."""
    days = [_day(p.as_of) for p in points]
    dated = sorted((d.toordinal(), i) for i, d in enumerate(days) if d is not None)
    ordinals = [o for o, _ in dated]
    for o, i in dated:
        lo, hi = bisect_left(ordinals, o - window_days), bisect_right(ordinals, o + window_days)
        a = points[i]
        a.contradicts = sorted(j for _, j in dated[lo:hi] if j != i and disagree(a, points[j], window_days))


def contradictions(histories: dict[str, list[Point]]) -> list[tuple[str, Point, Point]]:
    """Each contradicting pair once."""
    out: list[tuple[str, Point, Point]] = []
    for key, points in histories.items():
        for i, p in enumerate(points):
            out.extend((key, p, points[j]) for j in p.contradicts if j > i)
    return out
