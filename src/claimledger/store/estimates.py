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
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any

from sqlalchemy import (Connection, Engine, Integer, String, and_, bindparam, delete, func, insert, literal,
                        literal_column, or_, select, update)
from sqlalchemy.orm import Session

from claimledger.resolve.gazetteer import contains, gazetteer
from claimledger.checks import escape_like
from claimledger.store.models import ClaimMention, Contradiction, Document, PlaceMention, QuantityMention

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
    #: the figure's row (quantities.id); not part of its JSON
    qid: int | None = field(default=None, repr=False, compare=False)

    def to_json(self) -> dict[str, Any]:
        """The point as a JSON object."""
        out = dict(self.__dict__)
        out.pop("qid", None)
        return out

    @property
    def source(self) -> tuple[str | None, str | None]:
        """Who gave the figure: (outlet, claimant)."""
        return self.outlet, self.claimant


@dataclass
class History:
    """One estimate's history: its key and its figures in as-of order."""

    key: str
    points: list[Point]
    #: how many figures the history has in all (``points`` may be its first ones only)
    total: int = 0

    def to_json(self) -> dict[str, Any]:
        """``{"key", "points": [...], "total"}``."""
        return {"key": self.key, "points": [p.to_json() for p in self.points], "total": self.total}


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
    return _independent(_source_key(a), _source_key(b))


#: what :func:`independent` compares of a figure: its document, (outlet, claimant), its page's
#: headline with spaces folded and lowercased, and its claimant lowercased
SourceKey = tuple[int, tuple[str | None, str | None], str | None, str | None]


def _source_key(p: Point) -> SourceKey:
    title = " ".join(p.document.split()).lower() if p.document else None
    return p.document_id, p.source, title, p.claimant.lower() if p.claimant else None


def _independent(a: SourceKey, b: SourceKey) -> bool:
    """:func:`independent` on two figures' :func:`_source_key`: computed once a figure, not once a pair."""
    if a[0] == b[0] or a[1] == b[1]:
        return False
    if a[2] is not None and a[2] == b[2]:
        return False
    if a[3] is not None and a[3] == b[3]:
        return False
    return not (a[1][1] is None and b[1][1] is None and a[1][0] == b[1][0])


def disagree(a: Point, b: Point, window_days: int) -> bool:
    """Whether two figures of one key contradict each other (see the module's rule)."""
    da, db = _day(a.as_of), _day(b.as_of)
    if da is None or db is None or abs((da - db).days) > window_days:
        return False
    if not independent(a, b) or not one_place(a.place, a.country, b.place, b.country):
        return False
    (alo, ahi), (blo, bhi) = _bounds(a), _bounds(b)
    return ahi < blo or bhi < alo


def refill_stored(bind: Connection, fill: Callable[[Session, list[int]], None]) -> None:
    """A migration's fill of derived figure columns by the code ingest uses: ``fill`` over every
    document that has figures with a history, in one session on the migration's connection."""
    docs = [d for (d,) in bind.execute(select(QuantityMention.document_id).distinct()
                                       .where(QuantityMention.measure_key.is_not(None)))]
    session = Session(bind=bind)
    fill(session, docs)
    session.flush()


def fill_histories(s: Session, doc_ids: Iterable[int]) -> None:
    """Store the history (:func:`history_key`) of these documents' figures in
    ``quantities.history``, so that a page of histories reads only its own figures (migration
    0013 did for the figures stored before it; :func:`fill_figures` does at ingest). A change to
    :func:`history_key` needs a migration that calls :func:`fill_figures` again for every document."""
    _fill(s, doc_ids, countries=False)


def fill_figures(s: Session, doc_ids: Iterable[int]) -> None:
    """Store what a page of histories reads of these documents' figures: each one's history,
    its page's country and its place's country (``quantities.history``, ``country``,
    ``place_country``), then its contradictions (:func:`fill_contradictions`). Call once their
    places and figures are written (store_records does after each batch; migration 0014 did
    for the figures stored before it)."""
    _fill(s, doc_ids, countries=True)
    fill_contradictions(s, doc_ids)


def _fill(s: Session, doc_ids: Iterable[int], countries: bool) -> None:
    ids = sorted(set(doc_ids))
    table: Any = QuantityMention.__table__
    for i in range(0, len(ids), 500):
        q = (select(QuantityMention.id, QuantityMention.document_id, QuantityMention.measure_key,
                    QuantityMention.measure_place)
             .where(QuantityMention.document_id.in_(ids[i:i + 500]), QuantityMention.measure_key.is_not(None)))
        points = [Point(key=key, subject=None, measure=None, place=place, as_of=None, low=None, high=None,
                        approximate=False, text="", counted=None, claimant=None, side=None, anonymous=False,
                        outlet=None, document=None, document_id=doc_id, qid=qid)
                  for qid, doc_id, key, place in s.execute(q)]
        if not points:
            continue
        by_doc = document_countries(s, (p.document_id for p in points))
        placed = place_countries(s, points)
        rows = []
        for p in points:
            p.country = by_doc.get(p.document_id)
            p.place_country = placed.get((p.document_id, p.place.lower())) if p.place else None
            row = {"qid": p.qid, "history": history_key(p)[:310]}
            if countries:
                row.update(country=p.country, place_country=p.place_country)
            rows.append(row)
        values: dict[str, Any] = {c: bindparam(c) for c in rows[0] if c != "qid"}
        s.execute(update(table).where(table.c.id == bindparam("qid")).values(values), rows)


#: the widest window (days) whose contradictions are stored (the contradictions table): a page
#: of histories with a wider one computes them from its figures
STORED_WINDOW = 7


#: contradiction rows inserted at once (one executemany), so that a batch holds no more of them
_PAIRS_AT_ONCE = 5000
#: most contradictions a new figure stores: its nearest in days (then the newest). A week in
#: which thousands of pages give one measure would otherwise store millions of pairs, and
#: each new page would read and compare every figure of its week.
MAX_CONTRADICTIONS = 25
#: most figures of its history a new figure is compared with: those of its own day first, then
#: of the days one, two, ... away, newest first on each day
MAX_CANDIDATES = 400


def fill_contradictions(s: Session, doc_ids: Iterable[int]) -> None:
    """Store the contradictions of these documents' figures (their histories stored) with the
    figures of their histories dated at most :data:`STORED_WINDOW` days from them, both ways,
    with how many days apart (``disagree`` is the rule): for each new figure its
    :data:`MAX_CONTRADICTIONS` nearest, among its :data:`MAX_CANDIDATES` nearest figures, so that
    what a page costs to store does not grow with the ledger. Whether two figures contradict
    depends on them and their pages alone, so a new document adds its own pairs and leaves
    the others; a document stored again has new rows, and its old ones' pairs went with them."""
    ids = sorted(set(doc_ids))
    table: Any = Contradiction.__table__
    new: dict[int, tuple[str, int]] = {}  # figure -> (history, day)
    for i in range(0, len(ids), 500):
        for qid, history, as_of in s.execute(
                select(QuantityMention.id, QuantityMention.history, QuantityMention.as_of)
                .where(QuantityMention.document_id.in_(ids[i:i + 500]), QuantityMention.history.is_not(None))):
            d = _day(as_of)
            if d is not None:
                new[qid] = (history, d.toordinal())
    mine = sorted(new)
    for i in range(0, len(mine), 500):
        chunk = mine[i:i + 500]
        s.execute(delete(table).where(or_(table.c.quantity_id.in_(chunk), table.c.other_id.in_(chunk))))
    if not new:
        return
    days: dict[str, list[int]] = {}
    for history, o in new.values():
        days.setdefault(history, []).append(o)
    for ds in days.values():
        ds.sort()
    order = sorted(days)
    for i in range(0, len(order), _HISTORIES_AT_ONCE):  # a few histories' windows held at once
        _contradictions_of(s, {h: days[h] for h in order[i:i + _HISTORIES_AT_ONCE]}, new, table)


#: histories whose windows :func:`fill_contradictions` reads and compares at once: what it holds
#: is a few histories' windows (each at most ``_WINDOW_READ`` figures, or ``MAX_CANDIDATES`` a
#: new day), not every window of the batch, which grew with the ledger until each was full
_HISTORIES_AT_ONCE = 16


def _contradictions_of(s: Session, days: dict[str, list[int]], new: dict[int, tuple[str, int]], table: Any) -> None:
    """Store the contradictions of the new figures of these histories (``days``: the sorted
    day ordinals of each one's new figures), history by history in name order."""
    # every figure of those histories dated within the window of one of the new ones (its id
    # and day: read by date range from the history's index, not the whole history); in a window
    # denser than a read, the figures read for each new day (``chosen``) are its candidates alone
    chosen: dict[tuple[str, int], set[int]] = {}
    near: dict[str, list[tuple[int, int]]] = {}
    for qid, history, as_of in _window_rows(s, days, chosen):
        d = _day(as_of)
        if d is None:
            continue
        o, ds = d.toordinal(), days[history]
        at = bisect_left(ds, o - STORED_WINDOW)
        if at < len(ds) and ds[at] <= o + STORED_WINDOW:
            near.setdefault(history, []).append((o, qid))
    histories = sorted(near)
    for history in histories:
        near[history].sort()
    held = _Held(s, [qid for history in histories for _, qid in near[history]])
    done: set[tuple[int, int]] = set()  # a pair of two new figures once
    rows: list[dict[str, int]] = []
    for history in histories:  # one history at a time, its figures read ahead with the next ones'
        for a, b, apart in _history_pairs(history, near[history], chosen, new, held):
            if (min(a, b), max(a, b)) in done:
                continue
            done.add((min(a, b), max(a, b)))
            rows += [{"quantity_id": a, "other_id": b, "days": apart},
                     {"quantity_id": b, "other_id": a, "days": apart}]
            if len(rows) >= _PAIRS_AT_ONCE:  # written as found: a dense week holds many pairs
                s.execute(insert(table), rows)
                rows = []
    if rows:
        s.execute(insert(table), rows)


#: figures of a history read at once to compare the new ones with (one statement's worth)
_FIGURES_AT_ONCE = 500


@dataclass(slots=True)
class _Candidate:
    """What :func:`disagree` compares of a figure dated within the window of a new one: its
    range widened (``_bounds``), its source (``_source_key``), its place and its page's country."""

    low: float
    high: float
    source: SourceKey
    place: str | None
    country: str | None


def _candidates(s: Session, ids: list[int]) -> dict[int, _Candidate]:
    """The :class:`_Candidate` of each of these figures, by id."""
    out: dict[int, _Candidate] = {}
    for got in _points(s, None, [], ids=ids).values():
        for p in got:
            lo, hi = _bounds(p)
            out[p.qid or 0] = _Candidate(lo, hi, _source_key(p), p.place, p.country)
    return out


class _Held:
    """The :class:`_Candidate` of the figures the batch compares, read in the order they are
    compared (history by history, each in day order), :data:`_FIGURES_AT_ONCE` a statement, and
    dropped once compared: what is held at once is about one window's figures and one read,
    however long the histories or the ledger, and a batch of many short histories is read in a
    few statements, not one (or more) a history."""

    def __init__(self, s: Session, order: list[int]) -> None:
        self.s = s
        self.order = order
        self.read = 0  # order[:read] has been read (those not yet dropped are in ``by_id``)
        self.base = 0  # where the history being compared starts in ``order``
        self.by_id: dict[int, _Candidate] = {}

    def skip(self, upto: int) -> None:
        """Never read the current history's figures before ``upto`` not read yet (no new one's
        window reaches them any more)."""
        self.read = max(self.read, self.base + upto)

    def next_history(self, size: int) -> None:
        """The current history, of ``size`` figures, is compared: the next one begins."""
        self.skip(size)
        self.base += size

    def need(self, upto: int) -> None:
        """Read the figures up to ``upto`` (of the current history's) if not read yet."""
        while self.read < self.base + upto:
            chunk = self.order[self.read:self.read + _FIGURES_AT_ONCE]
            self.by_id.update(_candidates(self.s, chunk))
            self.read += len(chunk)

    def drop(self, ids: Iterable[int]) -> None:
        """Forget these figures (compared with every new one that can reach them)."""
        for qid in ids:
            self.by_id.pop(qid, None)


def _history_pairs(history: str, got: list[tuple[int, int]], chosen: dict[tuple[str, int], set[int]],
                   new: dict[int, tuple[str, int]], held: _Held) -> Iterator[tuple[int, int, int]]:
    """(new figure, other figure, days apart) for each of the :data:`MAX_CONTRADICTIONS`
    nearest contradictions of each new figure of ``history`` among ``got``, the (day, id) of
    the figures :func:`_window_rows` read for them, in day order (``held``: their candidates,
    read as the new ones' days reach them and dropped once behind the window)."""
    ordinals = [o for o, _ in got]
    behind = 0  # got[:behind] is dropped
    for o, a in got:
        if a not in new:
            continue
        lo, hi = bisect_left(ordinals, o - STORED_WINDOW), bisect_right(ordinals, o + STORED_WINDOW)
        held.drop(qid for _, qid in got[behind:lo])  # behind this day's window, so behind every later one's
        behind = max(behind, lo)
        held.skip(lo)
        held.need(hi)
        pa = held.by_id[a]
        found: list[tuple[int, int]] = []
        allowed = chosen.get((history, o))
        for ob, b in got[lo:hi]:
            if b == a or (allowed is not None and b not in allowed):
                continue
            pb = held.by_id[b]
            # disagree(pa, pb, STORED_WINDOW), its parts computed once a figure: both are dated
            # within the window, so what is left is the ranges, the sources, the place
            if not (pa.high < pb.low or pb.high < pa.low) or not _independent(pa.source, pb.source):
                continue
            if one_place(pa.place, pa.country, pb.place, pb.country):
                found.append((abs(o - ob), -b))
        for apart, neg in sorted(found)[:MAX_CONTRADICTIONS]:
            yield a, -neg, apart
    held.drop(qid for _, qid in got[behind:])
    held.next_history(len(got))


def _windows(ds: list[int]) -> list[tuple[int, int]]:
    """The days (ordinals) within :data:`STORED_WINDOW` of one of ``ds`` (sorted), as disjoint
    ranges (first, last)."""
    out: list[tuple[int, int]] = []
    for o in ds:
        lo, hi = o - STORED_WINDOW, o + STORED_WINDOW
        if out and lo <= out[-1][1] + 1:
            out[-1] = (out[-1][0], hi)
        else:
            out.append((lo, hi))
    return out


def _text_ranges(lo: int, hi: int) -> list[tuple[str, str]]:
    """The as-of texts (``[from, to)``, compared as :func:`_order_key` compares them) that hold
    every value :func:`_day` reads as a day from ``lo`` to ``hi`` (ordinals): the ISO dates
    ("2025-03-02", "2025-03-02T08:00") of that span, and, per year it touches, the other forms
    Python reads as a date ("20250302", "2025-W09", "2025W091"), which sort after that year's
    ISO dates and before the next year's."""
    first, last = date.fromordinal(max(lo, 1)), date.fromordinal(min(hi, date.max.toordinal()))
    after = date.fromordinal(last.toordinal() + 1).isoformat() if last < date.max else "9999:"
    out = [(first.isoformat(), after)]
    # a week date's year can be the calendar year's neighbour (2025-W01-1 is 2024-12-30)
    years = range(min(first.year, first.isocalendar()[0]), max(last.year, last.isocalendar()[0]) + 1)
    out += [(f"{y:04d}-W", f"{y:04d}X") for y in years]
    return out


def _window_rows(s: Session, days: dict[str, list[int]],
                 chosen: dict[tuple[str, int], set[int]] | None = None) -> list[tuple[int, str, str | None]]:
    """(id, history, as-of) of the figures of each history dated (as :func:`_day` reads them)
    within :data:`STORED_WINDOW` days of one of its ``days`` (sorted ordinals), and maybe a few
    more (an odd as-of text in a range read): each window read from the history's index
    (``ix_quantities_order``), not the whole history, by one statement run per range with its
    parameters (as :func:`_ordered` reads). A window holding more than ``_WINDOW_READ`` figures
    is read again day by day instead: for each of its new days the :data:`MAX_CANDIDATES`
    nearest, the day itself first, then the days one, two, ... away, newest first on each
    (their ids put in ``chosen`` by (history, day): a new figure of that day is compared with
    those alone, not with the figures read for another new day of the window)."""
    key = _order_key(s)
    q = (select(QuantityMention.id, QuantityMention.history, QuantityMention.as_of)
         .where(QuantityMention.history == bindparam("history"), key >= bindparam("first"), key < bindparam("after"))
         .order_by(key.desc(), QuantityMention.document_id.desc(), QuantityMention.id.desc())
         .limit(bindparam("limit", type_=Integer)))
    out: list[tuple[int, str, str | None]] = []
    seen: set[int] = set()

    def read(history: str, first: str, after: str, limit: int) -> list[tuple[int, str, str | None]]:
        return [(qid, h, as_of) for qid, h, as_of in
                s.execute(q, {"history": history, "first": first, "after": after, "limit": limit})]
    for history in sorted(days):
        for lo, hi in _windows(days[history]):
            got: list[tuple[int, str, str | None]] = []
            for first, after in _text_ranges(lo, hi):
                part = read(history, first, after, _WINDOW_READ + 1)
                if len(part) > _WINDOW_READ:  # a dense window: the nearest of each new day instead
                    got = _nearest(read, history, [o for o in days[history] if lo <= o <= hi],
                                   {} if chosen is None else chosen)
                    break
                got += part
            for row in got:
                if row[0] not in seen:  # two ranges of one history may both hold an odd text
                    seen.add(row[0])
                    out.append(row)
    return out


#: most figures of one window read at once; a denser window is read day by day (:func:`_nearest`)
_WINDOW_READ = 4 * MAX_CANDIDATES


def _nearest(read: Any, history: str, days: list[int],
             chosen: dict[tuple[str, int], set[int]]) -> list[tuple[int, str, str | None]]:
    """For each of ``days`` (ordinals), the :data:`MAX_CANDIDATES` figures of ``history`` nearest
    to it within :data:`STORED_WINDOW` days, read by ``read(history, first, after, limit)``: its
    day first, then the days one, two, ... away, on each day its ISO dates newest first, then its
    other forms ("20250302", "2025-W09-7": rare, and not in day order, so read once for the
    years of ``days``, at most ``_WINDOW_READ`` of them, and placed by their day). The ids
    read for each day go in ``chosen[history, day]``."""
    out: list[tuple[int, str, str | None]] = []
    if not days:
        return out
    odd: dict[int, list[tuple[int, str, str | None]]] = {}
    for first, after in _text_ranges(min(days) - STORED_WINDOW, max(days) + STORED_WINDOW)[1:]:
        for got in read(history, first, after, _WINDOW_READ):
            d = _day(got[2])
            if d is not None:
                odd.setdefault(d.toordinal(), []).append(got)
    for o in sorted(set(days)):
        left = MAX_CANDIDATES
        mine = chosen.setdefault((history, o), set())
        for k in _nearest_first(STORED_WINDOW):
            if left <= 0:
                break
            first, after = _text_ranges(o + k, o + k)[0]
            part = read(history, first, after, left)
            part += odd.get(o + k, [])[:left - len(part)]
            left -= len(part)
            mine.update(qid for qid, _, _ in part)
            out += part
    return out


def _nearest_first(window: int) -> list[int]:
    """0, -1, 1, -2, 2, ... up to ``window`` days either way."""
    return [0] + [k for d in range(1, window + 1) for k in (-d, d)]


#: the columns a keyword is looked for in (any of them holds it: estimates KEYWORDS)
_KEYWORD_COLUMNS = ("measure_key", "measure_place", "counted", "measure_subject")
#: what parts them in ``quantities.words``: a keyword holding it is looked for column by column
_KEYWORD_SEPARATOR = "\n"


def keyword_text() -> Any:
    """``quantities.words`` as the database computes it from a figure's columns: each lowered, one
    a line."""
    table: Any = QuantityMention.__table__
    out: Any = None
    for name in _KEYWORD_COLUMNS:
        col = func.coalesce(table.c[name], literal(""))
        out = col if out is None else out.op("||")(literal(_KEYWORD_SEPARATOR)).op("||")(col)
    return func.lower(out)


def fill_keywords(s: Session, doc_ids: Iterable[int]) -> None:
    """Store what ``estimates KEYWORDS`` matches of these documents' figures (``quantities.words``,
    :func:`keyword_text`): one lowered text a figure instead of four columns lowered per query
    (``ILIKE`` over every figure was most of the time of a page of histories with keywords).
    Call with :func:`fill_figures` (store_records does; migration 0015 did for the figures
    stored before it)."""
    ids = sorted(set(doc_ids))
    table: Any = QuantityMention.__table__
    for i in range(0, len(ids), 500):
        s.execute(update(table).where(table.c.document_id.in_(ids[i:i + 500]), table.c.measure_key.is_not(None))
                  .values(words=keyword_text()))


def _keyword_filter(keywords: list[str] | None, history: Any = QuantityMention.history) -> list[Any]:
    # a figure has a history exactly when it has a measure key (fill_histories)
    where: list[Any] = [history.is_not(None)]
    for word in keywords or []:
        like = f"%{escape_like(word)}%"
        if _KEYWORD_SEPARATOR in word:  # it could span two columns of the stored text
            where.append(or_(*(getattr(QuantityMention, c).ilike(like, escape="\\") for c in _KEYWORD_COLUMNS)))
        else:
            # a column ILIKE the keyword is it lowered LIKE the keyword lowered (so both backends
            # compute ILIKE), and a keyword that holds no separator matches the stored text exactly
            # when it matches one of its lines
            where.append(QuantityMention.words.like(func.lower(literal(like)), escape="\\"))
    return where


def history_sizes(s: Session, keywords: list[str] | None = None) -> list[tuple[str, int]]:
    """Every history whose figures' words hold every keyword, with how many figures match,
    in the order the histories are listed (most figures first, then by key)."""
    history: Any = QuantityMention.history
    if keywords and s.get_bind().dialect.name == "sqlite":
        # the table read in its order, not through the history index (whose order spares the
        # grouping a sort, but costs a lookup of the row for each keyword test: 20 ms, not 4, at
        # 10,000 documents); a unary + keeps SQLite from using an index for a column
        history = literal_column(f"+{QuantityMention.__tablename__}.history", String)
    q = select(history, func.count()).where(*_keyword_filter(keywords, history)).group_by(history)
    return sorted(((k or "", n) for k, n in s.execute(q)), key=lambda kn: (-kn[1], kn[0]))


#: figures a history shows on a page of histories unless told otherwise: its first, in as-of order
PAGE_POINTS = 20


def estimate_histories(engine: Engine, keywords: list[str] | None = None, window_days: int = 7, *,
                       limit: int | None = None, offset: int = 0) -> dict[str, list[Point]]:
    """One history per measure key (unplaced figures per key and page country, see
    :func:`history_key`) whose words hold every keyword, ordered by as-of date; the
    histories most figures first, ``limit`` of them from ``offset`` (None: all)."""
    return {h.key: h.points for h in estimate_page(engine, keywords, window_days, limit=limit, offset=offset)[0]}


def estimate_page(engine: Engine, keywords: list[str] | None = None, window_days: int = 7, *,
                  limit: int | None = 50, offset: int = 0,
                  points: int | None = None) -> tuple[list["History"], int]:
    """A page of :func:`estimate_histories`, each history with its first ``points`` figures
    (None: all of them) and how many it has, and how many histories match in all.

    Only the page's figures are read: each figure's history is stored with it
    (:func:`fill_histories`), and contradictions lie within a history and within
    ``window_days``, so a history's first figures need only the figures dated within that
    many days of them. Every figure shown stands where it stands in the whole history (its
    ``contradicts`` are indexes into the whole history), with the same contradictions."""
    with Session(engine) as s:
        sizes = history_sizes(s, keywords)
        page = sizes[offset:offset + limit] if limit is not None else sizes[offset:]
        keys = [k for k, _ in page]
        if window_days <= STORED_WINDOW:
            loaded = _stored_page(s, keywords, keys, window_days, points)
            return [History(key, loaded.get(key, []), n) for key, n in page], len(sizes)
        #: per history: where each figure read stands in the whole history, and how many it shows
        read: dict[str, tuple[list[int], int]] = {}
        # a window wider than the stored contradictions': computed from the figures
        if points is None:
            loaded = _points(s, keywords, keys)
        else:
            at = _needed(s, keywords, keys, points, window_days)
            loaded = _points(s, keywords, keys, ids=[qid for rows in at.values() for qid, _ in rows])
            for key in keys:  # in the history's order
                pos = dict(at.get(key, []))
                loaded.get(key, []).sort(key=lambda p: pos[p.qid or 0])
                read[key] = ([pos[p.qid or 0] for p in loaded.get(key, [])], sum(1 for a in pos.values() if a < points))
        out = [History(key, loaded.get(key, []), n) for key, n in page]
        # the country of each page shown (a point's JSON has it); a figure read only for the
        # contradictions of the shown needs it when it has no place, and its history says it
        shown_docs = {p.document_id for h in out for p in (h.points if points is None else h.points[:read[h.key][1]])}
        countries = document_countries(s, shown_docs)
        placed = place_countries(s, [p for h in out for p in h.points if p.document_id in shown_docs])
    for h in out:
        for p in h.points:
            p.country = countries.get(p.document_id) if p.document_id in shown_docs else _history_country(h.key, p)
            if p.place and p.document_id in shown_docs:
                p.place_country = placed.get((p.document_id, p.place.lower()))
        if points is None:
            h.points.sort(key=lambda p: (p.as_of or "9999", p.document_id))
            _mark_contradictions(h.points, window_days)
            continue
        where, shown = read[h.key]
        _mark_contradictions(h.points, window_days, shown)
        for p in h.points[:shown]:  # indexes among the figures read -> indexes in the whole history
            p.contradicts = [where[j] for j in p.contradicts]
        del h.points[shown:]  # the others were read for the shown ones' contradictions
    return out, len(sizes)


def _history_country(history: str, p: Point) -> str | None:
    """The page country of a figure without a place, as its history names it (:func:`history_key`)."""
    if p.place is not None or history == p.key:
        return None
    return history[len(p.key) + len(" @ "):]


#: an as-of value whose text sorts as its date does: ISO 8601, before the undated (see _prefix)
_ISO_DAY = "____-__-__%"


def _needed(s: Session, keywords: list[str] | None, keys: list[str], points: int,
            window_days: int) -> dict[str, list[tuple[int, int]]]:
    """Per history, (id, where it stands in the whole history) of the figures its first
    ``points`` need: those, and every figure dated within ``window_days`` of one of them.
    A history's order is as-of (undated last), then document, then storing order, as
    :func:`estimate_page` sorts."""
    out: dict[str, list[tuple[int, int]]] = {}
    as_of = _as_of(s)
    # histories with as-of values whose text does not sort as their date does are read whole
    odd = set(s.scalars(select(QuantityMention.history).where(
        *_keyword_filter(keywords), QuantityMention.history.in_(keys), QuantityMention.as_of != "",
        or_(QuantityMention.as_of.not_like(_ISO_DAY), as_of >= "9999")).group_by(QuantityMention.history)))
    for key in keys:
        got = None if key in odd else _prefix(s, keywords, key, points, window_days)
        out[key] = got if got is not None else _whole(s, keywords, key, points, window_days)
    return out


def _as_of(s: Session) -> Any:
    """``quantities.as_of`` compared as Python compares text (code points)."""
    return QuantityMention.as_of.collate("C") if s.get_bind().dialect.name == "postgresql" else QuantityMention.as_of


def _prefix(s: Session, keywords: list[str] | None, key: str, points: int,
            window_days: int) -> list[tuple[int, int]] | None:
    """:func:`_needed` for one history whose as-of values are all ISO dates before "9999" (their
    text sorts as they do), read from the front of its index: its first figures, then those
    up to ``window_days`` after their last day. None when fewer than ``points`` are dated."""
    mine = [*_keyword_filter(keywords), QuantityMention.history == key]
    as_of = _as_of(s)
    q = (select(QuantityMention.id, QuantityMention.as_of).where(*mine, QuantityMention.as_of != "")
         .order_by(as_of, QuantityMention.document_id, QuantityMention.id))
    first = list(s.execute(q.limit(points)))
    if len(first) < points:
        return None
    days = [d for d in (_day(a) for _, a in first) if d is not None]
    if not days:
        return [(qid, i) for i, (qid, _) in enumerate(first)]
    lo, hi = min(days).toordinal() - window_days, max(days).toordinal() + window_days
    out = [(qid, i) for i, (qid, _) in enumerate(first)]
    bound = date.fromordinal(hi + 1).isoformat()
    for i, (qid, a) in enumerate(s.execute(q.where(as_of < bound).offset(points)), points):
        d = _day(a)
        if d is not None and lo <= d.toordinal() <= hi:
            out.append((qid, i))
    return out


def _whole(s: Session, keywords: list[str] | None, key: str, points: int,
           window_days: int) -> list[tuple[int, int]]:
    """:func:`_needed` for one history read whole and sorted here."""
    q = (select(QuantityMention.id, QuantityMention.document_id, QuantityMention.as_of)
         .where(*_keyword_filter(keywords), QuantityMention.history == key))
    order = sorted((as_of or "9999", doc_id, qid, as_of) for qid, doc_id, as_of in s.execute(q))
    shown = min(points, len(order))
    days = [d for d in (_day(row[3]) for row in order[:shown]) if d is not None]
    out = [(row[2], i) for i, row in enumerate(order[:shown])]
    if days:
        lo, hi = min(days).toordinal() - window_days, max(days).toordinal() + window_days
        for i in range(shown, len(order)):
            d = _day(order[i][3])
            if d is not None and lo <= d.toordinal() <= hi:
                out.append((order[i][2], i))
    return out


#: what a figure shows, read with its document and the claim that carries it (see _point)
_POINT_COLUMNS = (QuantityMention.history, QuantityMention.id, QuantityMention.measure_key,
                  QuantityMention.measure_subject, QuantityMention.measure, QuantityMention.measure_place,
                  QuantityMention.as_of, QuantityMention.low, QuantityMention.high, QuantityMention.approximate,
                  QuantityMention.text, QuantityMention.counted, QuantityMention.start, QuantityMention.end,
                  QuantityMention.uid, QuantityMention.country, QuantityMention.place_country,
                  Document.id, Document.outlet, Document.title, Document.sha256,
                  ClaimMention.id, ClaimMention.claimant_name, ClaimMention.claimant_organization,
                  ClaimMention.anonymous, ClaimMention.claimant_role, ClaimMention.claimant_side)


def _with_sources(q: Any) -> Any:
    return (q.join(Document, QuantityMention.document_id == Document.id)
            .outerjoin(ClaimMention, and_(ClaimMention.document_id == QuantityMention.document_id,
                                          ClaimMention.claim_no == QuantityMention.claim_no)))


def _point(row: Any) -> Point:
    """A row of _POINT_COLUMNS (after any columns before them) as a Point."""
    (qid, mkey, subject, measure, place, as_of, low, high, approx, text_, counted, start, end, uid, country,
     place_country, doc_id, outlet, title, sha, claim_id, name, org, anonymous, role, side) = row
    who = None
    if claim_id is not None:
        who = name or org or (f"anonymous {role}" if anonymous and role else None)
    return Point(key=mkey, subject=subject, measure=measure, place=place, as_of=as_of, low=low, high=high,
                 approximate=approx, text=text_, counted=counted, claimant=who,
                 side=side if claim_id is not None else None,
                 anonymous=bool(anonymous) if claim_id is not None else False, outlet=outlet, document=title,
                 document_id=doc_id, start=start, end=end, sha256=sha, uid=uid, country=country,
                 place_country=place_country if place is not None else None, qid=qid)


def _points(s: Session, keywords: list[str] | None, keys: list[str], *,
            ids: list[int] | None = None) -> dict[str, list[Point]]:
    """The figures of these histories that hold every keyword (only those of ``ids``, when
    given), by history, in storing order."""
    q = _with_sources(select(*_POINT_COLUMNS)).where(*_keyword_filter(keywords)).order_by(QuantityMention.id)
    if ids is not None:
        chunks = [QuantityMention.id.in_(ids[i:i + 500]) for i in range(0, len(ids), 500)]
    else:
        chunks = [QuantityMention.history.in_(keys[i:i + 500]) for i in range(0, len(keys), 500)]
    out: dict[str, list[Point]] = {}
    for cond in chunks:
        for row in s.execute(q.where(cond)):
            out.setdefault(row[0] or "", []).append(_point(row[1:]))
    return out


def _order_key(s: Session) -> Any:
    """A figure's as-of text as a history orders it (none, or empty, as "9999"; compared by code
    points, as Python compares text), written out as ``ix_quantities_order`` indexes it (migration
    0014), so that a history's first figures are read from the front of that index."""
    sql = "coalesce(nullif(quantities.as_of, ''), '9999')"
    return literal_column(sql + (' collate "C"' if s.get_bind().dialect.name == "postgresql" else ""))


def _ordered(s: Session, where: list[Any], parts: list[tuple[str, Any, int | None]]) -> dict[str, list[int]]:
    """Per history, the ids of its figures (those holding ``where``) in the history's order:
    for each (history, bound, limit) of ``parts`` the figures up to that as-of key (None: all),
    the first ``limit`` of them (None: all). Each history read from its index, by one statement
    built once for every history of its shape, its history, bound and limit parameters (a union
    of a statement per history took four times as long to build and compile as to run)."""
    built: dict[tuple[bool, bool], Any] = {}
    out: dict[str, list[tuple[str, int, int]]] = {}
    for history, bound, limit in parts:
        shape = (bound is not None, limit is not None)
        q = built.get(shape)
        if q is None:
            q = select(QuantityMention.history, QuantityMention.id, _order_key(s), QuantityMention.document_id).where(
                *where, QuantityMention.history == bindparam("history"))
            if bound is not None:
                q = q.where(_order_key(s) <= bindparam("bound"))
            if limit is not None:
                q = (q.order_by(_order_key(s), QuantityMention.document_id, QuantityMention.id)
                     .limit(bindparam("limit", type_=Integer)))
            built[shape] = q
        params = {"history": history, **({"bound": bound} if bound is not None else {}),
                  **({"limit": limit} if limit is not None else {})}
        for h, qid, k, doc_id in s.execute(q, params):
            out.setdefault(h, []).append((k, doc_id, qid))
    return {h: [qid for _, _, qid in sorted(rows)] for h, rows in out.items()}


def _stored_page(s: Session, keywords: list[str] | None, keys: list[str], window_days: int,
                 points: int | None) -> dict[str, list[Point]]:
    """The first ``points`` figures (None: all) of these histories, each with the stored
    contradictions (:func:`fill_contradictions`) it has within ``window_days`` (at most
    STORED_WINDOW) as indexes into its whole history. Reads each history's first figures from
    its index, their pairs, and, for the figures they contradict further on, the history's
    front up to the last of them (a window's worth: they are dated within the window)."""
    if not keys:
        return {}
    where = _keyword_filter(keywords)
    first = _ordered(s, where, [(h, None, points) for h in keys])
    shown = {qid: (h, i) for h, ids in first.items() for i, qid in enumerate(ids)}
    pairs: list[tuple[int, int]] = []
    ids = sorted(shown)
    for i in range(0, len(ids), 500):
        pairs += [(a, b) for a, b in s.execute(select(Contradiction.quantity_id, Contradiction.other_id).where(
            Contradiction.quantity_id.in_(ids[i:i + 500]), Contradiction.days <= window_days))]
    rank = {qid: i for qid, (_, i) in shown.items()}
    further = sorted({b for _, b in pairs if b not in shown})
    bounds: dict[str, str] = {}
    key = _order_key(s)
    for i in range(0, len(further), 500):
        for history, k in s.execute(select(QuantityMention.history, key).where(
                *where, QuantityMention.id.in_(further[i:i + 500]))):
            if history in first and (history not in bounds or k > bounds[history]):
                bounds[history] = k
    if bounds:
        for history, got in _ordered(s, where, [(h, k, None) for h, k in sorted(bounds.items())]).items():
            rank.update((qid, i) for i, qid in enumerate(got) if qid not in shown)
    marks: dict[int, list[int]] = {}
    for a, b in pairs:
        if b in rank and (b in shown and shown[b][0] == shown[a][0] or b not in shown):
            marks.setdefault(a, []).append(rank[b])
    out: dict[str, list[Point]] = {h: [] for h in first}
    q = _with_sources(select(*_POINT_COLUMNS))
    for i in range(0, len(ids), 500):
        for row in s.execute(q.where(QuantityMention.id.in_(ids[i:i + 500]))):
            p = _point(row[1:])
            p.contradicts = sorted(marks.get(p.qid or 0, []))
            out[row[0] or ""].append(p)
    for history_points in out.values():
        history_points.sort(key=lambda p: rank[p.qid or 0])
    return out


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


def _mark_contradictions(points: list[Point], window_days: int, first: int | None = None) -> None:
    """Set each point's ``contradicts`` (of the ``first`` points only, when given): only the
    points within ``window_days`` of it can disagree (see :func:`disagree`), so each looks at
    that window of the as-of order, not at the whole history (a history of thousands of
    figures stays fast)."""
    days = [_day(p.as_of) for p in points]
    dated = sorted((d.toordinal(), i) for i, d in enumerate(days) if d is not None)
    ordinals = [o for o, _ in dated]
    bounds = [_bounds(p) for p in points]
    for o, i in dated:
        if first is not None and i >= first:
            continue
        lo, hi = bisect_left(ordinals, o - window_days), bisect_right(ordinals, o + window_days)
        a, (alo, ahi) = points[i], bounds[i]
        # disagree() with its cheapest test first (overlapping ranges never disagree): the same answer
        a.contradicts = sorted(j for _, j in dated[lo:hi] if j != i and (ahi < bounds[j][0] or bounds[j][1] < alo)
                               and disagree(a, points[j], window_days))


def contradictions(histories: dict[str, list[Point]]) -> list[tuple[str, Point, Point]]:
    """Each contradicting pair once."""
    out: list[tuple[str, Point, Point]] = []
    for key, points in histories.items():
        for i, p in enumerate(points):
            out.extend((key, p, points[j]) for j in p.contradicts if j > i)
    return out
