"""What changed in the ledger since a moment: the queries behind ``claimledger brief``.

**The rule for "new since".** A document is *new* in the window ``[since, until)`` when it
was seen in it; a document is *seen* on its publication date as the page gives it, and a
document without one on the moment the ledger stored it (``documents.stored_at``, UTC).
Publication dates are compared as written (ISO 8601, local to the outlet); a date without
a time counts from the start of its day. Everything the brief lists comes from new
documents, and is told apart from what older documents (seen before ``since``) said:

- a claim is *new* when no older document reports its statement; a report of a statement
  older documents carried is listed as *again*, with the day it was first reported;
- an event (a persisted cluster) is *new* when none of its mentions is in an older
  document, else *reported again*, with the first day it was seen and how many earlier
  reports it has;
- an estimate *changed* when a new figure's range differs from the last figure older
  documents gave for the same measure in the same place (or one inside the other);
- a contradiction, denial or corroboration (``statement_links``) is *new* when at least
  one of its two statements is new;
- places are the GeoNames places the new documents mention, by region (first-level division).

``about`` keeps the claims, events and figures whose own words hold every word
(places then come from the documents that still have one); ``place`` keeps the documents
that mention the place (an ISO country code, a GeoNames id, or a place or division name,
exact) and the events at it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from typing import Any

from sqlalchemy import ColumnElement, Engine, Select, and_, func, or_, select
from sqlalchemy.orm import Session, load_only

from claimledger.errors import QueryError
from claimledger.store.estimates import same_place
from claimledger.store.lookups import _event_place_filter
from claimledger.store.models import (ClaimMention, Document, DocumentSource, Entity, EventClaim, EventCluster,
                                      EventMention, GeoPlace, PlaceMention, QuantityMention, Statement,
                                      StatementLink)
from claimledger.store.queries import ClaimRow, _claim_rows, word_pattern
from claimledger.store.results import Row

_RELATIVE = re.compile(r"^\s*(\d{1,5})\s*([mhdw])\s*$", re.IGNORECASE)
_UNITS = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}
#: most rows one section of a brief lists (a brief is for reading; the totals say what was left out)
MAX_ROWS = 200


@dataclass
class Window(Row):
    """The brief's window: ``since`` (inclusive) to ``until`` (exclusive, or open), as ISO text."""

    since: str
    until: str | None = None

    @property
    def since_moment(self) -> datetime:
        """``since`` as a naive UTC datetime (for ``stored_at``)."""
        return _moment(self.since)

    @property
    def until_moment(self) -> datetime | None:
        """``until`` as a naive UTC datetime, or None."""
        return _moment(self.until) if self.until else None


def _moment(text: str) -> datetime:
    return datetime.fromisoformat(text)


def _iso(text: str, *, next_day: bool = False) -> str:
    """An ISO date (the day after it with ``next_day``) or a date-time as naive UTC, as ISO text."""
    if len(text) == 10:
        day = date.fromisoformat(text)
        return (day + timedelta(days=1)).isoformat() if next_day else day.isoformat()
    value = datetime.fromisoformat(text)
    if value.tzinfo is not None:
        value = value.astimezone(timezone.utc).replace(tzinfo=None)
    return value.isoformat(timespec="minutes")


def parse_since(value: str | None, now: datetime | None = None) -> str:
    """``24h``, ``90m``, ``3d``, ``2w`` (back from ``now``, UTC) or an ISO date or date-time, as the ISO
    text documents are compared with; a QueryError saying what is accepted otherwise."""
    now = now or datetime.now(timezone.utc).replace(tzinfo=None)
    text = (value or "24h").strip()
    try:
        m = _RELATIVE.match(text)
        if m:
            back = now - timedelta(**{_UNITS[m.group(2).lower()]: int(m.group(1))})
            return back.isoformat(timespec="minutes")
        return _iso(text)
    except (ValueError, OverflowError):
        raise QueryError(f"--since {value!r} is neither a span back from now (24h, 90m, 3d, 2w) nor an ISO "
                         "date or date-time (2025-03-04, 2025-03-04T06:00)") from None


def parse_until(value: str | None) -> str | None:
    """An ISO date (the whole day included: the bound is the next day) or date-time, or None."""
    if not value:
        return None
    try:
        return _iso(value.strip(), next_day=True)
    except (ValueError, OverflowError):
        raise QueryError(f"--until {value!r} is not an ISO date or date-time") from None


def seen_from(window: Window) -> ColumnElement[bool]:
    """Documents seen on or after ``window.since`` (the module's rule)."""
    return or_(Document.published >= window.since,
               and_(Document.published.is_(None), Document.stored_at >= window.since_moment))


def seen_before(window: Window) -> ColumnElement[bool]:
    """Documents seen before ``window.since``: the older ledger the brief compares with."""
    return or_(Document.published < window.since,
               and_(Document.published.is_(None), Document.stored_at < window.since_moment))


def seen_in(window: Window) -> ColumnElement[bool]:
    """Documents seen in the window."""
    cond = seen_from(window)
    if window.until is not None:
        cond = and_(cond, or_(Document.published < window.until,
                              and_(Document.published.is_(None), Document.stored_at < window.until_moment)))
    return cond


@dataclass
class Span(Row):
    """Where an item stands: its id, its document and the characters that say it."""

    uid: str
    document: str
    title: str | None
    outlet: str | None
    published: str | None
    url: str | None
    path: str | None
    start: int
    end: int
    text: str


@dataclass
class DocumentSeen(Row):
    """A document new in the window, with the moment it counts as seen."""

    sha256: str
    title: str | None
    outlet: str | None
    published: str | None
    stored_at: str
    url: str | None
    path: str | None


@dataclass
class NewClaim(Row):
    """A claim reported in the window; ``first_reported``: the day older documents first carried
    its statement (None: the statement is new)."""

    claim: ClaimRow
    source: Span
    first_reported: str | None = None


@dataclass
class ClaimGroup(Row):
    """New claims about one subject by one speaker."""

    subject: str
    speaker: str
    side: str | None
    entity: str | None
    claims: list[NewClaim]


@dataclass
class Figure(Row):
    """One figure for a measure, with who gave it."""

    low: float | None
    high: float | None
    approximate: bool
    as_of: str | None
    claimant: str | None
    side: str | None
    source: Span


@dataclass
class EstimateChange(Row):
    """A measure with new figures: the last older one (None: the first figures) and the new ones."""

    key: str
    subject: str | None
    measure: str | None
    place: str | None
    old: Figure | None
    new: list[Figure]
    changed: bool


@dataclass
class StatementSide(Row):
    """One end of a link: the statement, who said it, and one report of it."""

    uid: str
    text: str
    speaker: str
    side: str | None
    new: bool
    source: Span


@dataclass
class LinkChange(Row):
    """A new contradiction, denial or corroboration between two statements, and why."""

    kind: str
    reason: str
    a: StatementSide
    b: StatementSide


@dataclass
class EventChange(Row):
    """An event (persisted cluster) reported in the window: new, or an older event reported again."""

    uid: str
    type: str
    mode: str | None
    status: str
    start: str | None
    end: str | None
    place: str | None
    country: str | None
    actors: list[str]
    sources: int
    outlets: list[str]
    new: bool
    first_seen: str | None
    earlier_reports: int
    reports: int
    source: Span


@dataclass
class PlaceSeen(Row):
    """A place the new documents mention, how often, and its first mention."""

    name: str
    geonames_id: int | None
    feature: str
    mentions: int
    source: Span


@dataclass
class RegionGroup(Row):
    """The places of one region (a country's first-level division, or the country itself)."""

    country: str | None
    region: str | None
    places: list[PlaceSeen]


@dataclass
class Changes(Row):
    """What changed in the ledger in a window (the module's rule), every item with its source span."""

    window: Window
    about: str | None
    place: str | None
    documents: list[DocumentSeen]
    claims: list[ClaimGroup]
    estimates: list[EstimateChange]
    contradictions: list[LinkChange]
    corroborations: list[LinkChange]
    events: list[EventChange]
    places: list[RegionGroup]
    #: how many of each kind the window holds (a section lists at most MAX_ROWS)
    counts: dict[str, int] = field(default_factory=dict)


class _Docs:
    """The window's documents and their sources, looked up once."""

    def __init__(self, s: Session, query: Select[Any]) -> None:
        #: the select of the window's document ids, for queries (no list of ids however many there are)
        self.query = query
        self.by_id: dict[int, Document] = {}
        self.urls: dict[int, str] = {}
        self.paths: dict[int, str] = {}
        self.s = s
        self.load(query)
        #: the window's documents (``by_id`` also holds older ones read for comparison)
        self.window = set(self.by_id)

    def load(self, ids: set[int] | Select[Any]) -> None:
        """Read these documents (their metadata, never their records) and first URL and path."""
        if isinstance(ids, set):
            ids = {i for i in ids if i not in self.by_id}
            if not ids:
                return
        cols = (Document.id, Document.sha256, Document.title, Document.outlet, Document.published, Document.stored_at)
        for d in self.s.scalars(select(Document).options(load_only(*cols)).where(Document.id.in_(ids))):
            self.by_id[d.id] = d
        for doc_id, path, url in self.s.execute(select(DocumentSource.document_id, DocumentSource.path,
                                                       DocumentSource.url)
                                                .where(DocumentSource.document_id.in_(ids)).order_by(DocumentSource.id)):
            if url:
                self.urls.setdefault(doc_id, url)
            if path:
                self.paths.setdefault(doc_id, path)

    def span(self, row: Any) -> Span:
        """The span of an item row (anything with uid, document_id, start, end, text)."""
        d = self.by_id[row.document_id]
        return Span(row.uid, d.sha256, d.title, d.outlet, d.published, self.urls.get(d.id), self.paths.get(d.id),
                    row.start, row.end, row.text)

    def seen(self, doc_id: int) -> str:
        """When a document counts as seen (its publication date, else when it was stored)."""
        d = self.by_id[doc_id]
        return d.published or d.stored_at.isoformat(timespec="minutes")


def _words_in(text: str | None, words: list[str]) -> bool:
    low = (text or "").lower()
    return all(re.search(rf"(?<!\w){re.escape(w.lower())}(?!\w)", low) for w in words)


def _place_match(place: str) -> ColumnElement[bool]:
    """Place mentions of ``place``: a country code, a GeoNames id, or a place or division name (exact, any case)."""
    p = place.strip()
    if len(p) == 2 and p.isalpha():
        return PlaceMention.country == p.upper()
    if p.isdigit():
        return PlaceMention.geonames_id == int(p)
    low = p.lower()
    inside = select(GeoPlace.geonames_id).where(or_(func.lower(GeoPlace.name) == low,
                                                    func.lower(GeoPlace.admin1_name) == low,
                                                    func.lower(GeoPlace.admin2_name) == low))
    return or_(func.lower(PlaceMention.name) == low, PlaceMention.geonames_id.in_(inside))


def ledger_changes(engine: Engine, window: Window, *, about: str | None = None,
                   place: str | None = None) -> Changes:
    """What changed in ``window`` (the module's rule), narrowed by ``about`` words and a ``place``."""
    words = about.split() if about else []
    new_docs = select(Document.id).where(seen_in(window))
    if place:
        new_docs = new_docs.where(Document.id.in_(select(PlaceMention.document_id).where(_place_match(place))))
    with Session(engine) as s:
        docs = _Docs(s, new_docs)
        window_ids = set(docs.window)
        claims, statements = _new_claims(s, docs, window, words)
        events = _events(s, docs, window, words, place)
        estimates = _estimates(s, docs, window, words)
        links = _links(s, docs, window, statements)
        kept = window_ids if not words else (
            {d for d, _ in claims} | {d for d, _ in events} | {d for d, (_, is_new) in estimates if is_new})
        places = _places(s, docs, kept, place)
        groups = _claim_groups(s, [c for _, c in claims])
        out_docs = [DocumentSeen(d.sha256, d.title, d.outlet, d.published, d.stored_at.isoformat(timespec="minutes"),
                                 docs.urls.get(d.id), docs.paths.get(d.id))
                    for d in sorted((docs.by_id[i] for i in window_ids), key=lambda d: docs.seen(d.id))]
        ests = _estimate_changes([f for _, f in estimates])
        contra = [lk for lk in links if lk.kind in ("contradicts", "denies")]
        corro = [lk for lk in links if lk.kind == "corroborates"]
        evs = sorted((e for _, e in events), key=lambda e: (e.start or "9999", e.uid))
        counts = {"documents": len(out_docs), "claims": len(claims), "estimates": len(ests),
                  "changed_estimates": sum(e.changed for e in ests), "contradictions": len(contra),
                  "corroborations": len(corro), "events": len(evs), "new_events": sum(e.new for e in evs),
                  "places": sum(len(g.places) for g in places)}
    return Changes(window, about, place, out_docs, groups, ests[:MAX_ROWS], contra[:MAX_ROWS], corro[:MAX_ROWS],
                   evs[:MAX_ROWS], places, counts)


def _new_claims(s: Session, docs: _Docs, window: Window, words: list[str]
                ) -> tuple[list[tuple[int, NewClaim]], dict[int, bool]]:
    """The claims of the window's documents, each marked new or again; and each statement they report,
    with whether it is new."""
    q = select(ClaimMention.id, ClaimMention.document_id, ClaimMention.statement_id).where(
        ClaimMention.document_id.in_(docs.query), *[word_pattern(ClaimMention.text, w) for w in words])
    found = list(s.execute(q.order_by(ClaimMention.day, ClaimMention.id)))
    st_ids = {st for _, _, st in found if st is not None}
    earlier: dict[int, str | None] = {}
    if st_ids:
        old = (select(ClaimMention.statement_id, func.min(ClaimMention.day)).join(Document)
               .where(ClaimMention.statement_id.in_(st_ids), seen_before(window)).group_by(ClaimMention.statement_id))
        earlier = {st: day or "undated" for st, day in s.execute(old)}
    rows = {r.uid: r for r in _claim_rows(s, [cid for cid, _, _ in found])}
    mentions = {c.id: c for c in s.scalars(select(ClaimMention).where(ClaimMention.id.in_([f[0] for f in found])))}
    out = []
    for cid, doc_id, st in found:
        c = mentions[cid]
        out.append((doc_id, NewClaim(rows[c.uid], docs.span(c), earlier.get(st) if st is not None else None)))
    return out, {st: st not in earlier for st in st_ids}


def _speaker(c: ClaimRow, entities: dict[str, str]) -> str:
    who = c.claimant
    if c.entity and c.entity in entities:
        return entities[c.entity]
    if who.name:
        return who.name
    if who.anonymous:
        return f"unnamed {who.role or 'source'}" + (f" ({who.organization})" if who.organization else "")
    if who.organization:
        return who.organization
    return f"{c.outlet or 'the outlet'} (own reporting)" if not c.attributed else "unnamed source"


def _claim_groups(s: Session, claims: list[NewClaim]) -> list[ClaimGroup]:
    """Claims grouped by subject (the event they report, else the measure of a figure they give,
    else "other statements") and by speaker (the entity, else the claimant as named)."""
    uids = [n.claim.uid for n in claims]
    subjects: dict[str, str] = {}
    entities: dict[str, str] = {}
    if uids:
        ev = (select(ClaimMention.uid, EventCluster.type, EventCluster.mode, EventCluster.place_name)
              .join(EventClaim, EventClaim.claim_id == ClaimMention.id)
              .join(EventMention, EventMention.id == EventClaim.event_id)
              .join(EventCluster, EventCluster.id == EventMention.cluster_id)
              .where(ClaimMention.uid.in_(uids)).order_by(EventCluster.id))
        for uid, etype, mode, at in s.execute(ev):
            subjects.setdefault(uid, f"{etype}{f' ({mode})' if mode else ''}{f' at {at}' if at else ''}")
        qs = (select(ClaimMention.uid, QuantityMention.measure_subject, QuantityMention.measure,
                     QuantityMention.counted)
              .join(QuantityMention, QuantityMention.claim_id == ClaimMention.id).where(ClaimMention.uid.in_(uids))
              .order_by(QuantityMention.id))
        for uid, subj, measure, counted in s.execute(qs):
            label = " ".join(x for x in (subj, measure) if x) or counted
            if label:
                subjects.setdefault(uid, f"figures: {label}")
        ents = {n.claim.entity for n in claims if n.claim.entity}
        entities = {u: n for u, n in s.execute(select(Entity.uid, Entity.canonical).where(Entity.uid.in_(ents)))}
    groups: dict[tuple[str, str], ClaimGroup] = {}
    for n in claims:
        subject = subjects.get(n.claim.uid, "other statements")
        speaker = _speaker(n.claim, entities)
        g = groups.get((subject, speaker))
        if g is None:
            g = groups[(subject, speaker)] = ClaimGroup(subject, speaker, n.claim.claimant.side, n.claim.entity, [])
        g.claims.append(n)
    ordered = sorted(groups.values(), key=lambda g: (g.subject == "other statements", g.subject.lower(),
                                                     -len(g.claims), g.speaker.lower()))
    kept, total = [], 0
    for g in ordered:
        if total >= MAX_ROWS:
            break
        kept.append(g)
        total += len(g.claims)
    return kept


def _events(s: Session, docs: _Docs, window: Window, words: list[str], place: str | None
            ) -> list[tuple[int, EventChange]]:
    """The clusters the window's documents report, new or reported again, each with its first new mention."""
    q = select(EventCluster).where(EventCluster.id.in_(
        select(EventMention.cluster_id).where(EventMention.document_id.in_(docs.query))))
    if place:
        q = _event_place_filter(q, place)
    clusters = {c.id: c for c in s.scalars(q)}
    if not clusters:
        return []
    mentions = list(s.scalars(select(EventMention).where(EventMention.cluster_id.in_(clusters))
                              .order_by(EventMention.id)))
    old_docs = set(s.scalars(select(Document.id).where(
        Document.id.in_({m.document_id for m in mentions} - docs.window), seen_before(window))))
    docs.load(old_docs)
    out = []
    for cid, c in clusters.items():
        mine = [m for m in mentions if m.cluster_id == cid]
        fresh = [m for m in mine if m.document_id in docs.window]
        if not fresh or (words and not any(_words_in(m.text, words) for m in fresh)):
            continue
        earlier = [m for m in mine if m.document_id in old_docs]
        first = min((docs.seen(m.document_id) for m in earlier + fresh), default=None)
        out.append((fresh[0].document_id, EventChange(
            c.uid, c.type, c.mode, c.status, c.start_day, c.end_day, c.place_name, c.place_country,
            list(c.actors or []), c.sources, list(c.outlets or []), not earlier, first, len(earlier),
            len(fresh), docs.span(fresh[0]))))
    return out


@dataclass
class _Fig:
    key: str
    subject: str | None
    measure: str | None
    place: str | None
    seen: str
    figure: Figure


def _figure(q: QuantityMention, docs: _Docs) -> _Fig:
    c = q.claim
    who = None
    if c is not None:
        who = c.claimant_name or c.claimant_organization or (
            f"unnamed {c.claimant_role}" if c.anonymous and c.claimant_role else None)
    fig = Figure(q.low, q.high, bool(q.approximate), q.as_of, who, c.claimant_side if c is not None else None,
                 docs.span(q))
    return _Fig(q.measure_key or "", q.measure_subject, q.measure, q.measure_place, docs.seen(q.document_id), fig)


def _estimates(s: Session, docs: _Docs, window: Window, words: list[str]) -> list[tuple[int, tuple[_Fig, bool]]]:
    """Figures of the window's documents with a measure, and the older figures for the same measures
    (``(figure, is_new)``)."""
    new = [q for q in s.scalars(select(QuantityMention).where(QuantityMention.document_id.in_(docs.query),
                                                              QuantityMention.measure_key.is_not(None))
                                .order_by(QuantityMention.id))
           if not words or _words_in(" ".join(x or "" for x in (q.measure_key, q.counted, q.measure_subject,
                                                                q.measure_place, q.text)), words)]
    keys = {q.measure_key for q in new}
    old = list(s.scalars(select(QuantityMention).join(Document).where(
        QuantityMention.measure_key.in_(keys), seen_before(window)))) if keys else []
    docs.load({q.document_id for q in old})
    return [(q.document_id, (_figure(q, docs), True)) for q in new] + [
        (q.document_id, (_figure(q, docs), False)) for q in old]


def _estimate_changes(figures: list[tuple[_Fig, bool]]) -> list[EstimateChange]:
    """Per measure and place: the last older figure, the new ones, and whether any new range differs."""
    news = sorted((f for f, is_new in figures if is_new), key=lambda f: (f.key, f.figure.as_of or "", f.seen))
    olds = sorted((f for f, is_new in figures if not is_new), key=lambda f: (f.figure.as_of or "", f.seen))
    out: list[EstimateChange] = []
    for f in news:
        group = next((g for g in out if g.key == f.key and (g.place or "").lower() == (f.place or "").lower()), None)
        if group is None:
            before = [o for o in olds if o.key == f.key and same_place(o.place, f.place)]
            old = before[-1].figure if before else None
            group = EstimateChange(f.key, f.subject, f.measure, f.place, old, [], False)
            out.append(group)
        group.new.append(f.figure)
        if group.old is not None and (f.figure.low, f.figure.high) != (group.old.low, group.old.high):
            group.changed = True
    return sorted(out, key=lambda g: (not g.changed, g.old is None, g.key))


def _links(s: Session, docs: _Docs, window: Window, statements: dict[int, bool]) -> list[LinkChange]:
    """Links touching the window's statements where at least one end is new."""
    if not statements:
        return []
    q = select(StatementLink).where(or_(StatementLink.statement_id.in_(statements),
                                        StatementLink.other_id.in_(statements))).order_by(StatementLink.id)
    links = [lk for lk in s.scalars(q) if statements.get(lk.statement_id) or statements.get(lk.other_id)]
    ends = {i for lk in links for i in (lk.statement_id, lk.other_id)}
    if not ends:
        return []
    sts = {st.id: st for st in s.scalars(select(Statement).where(Statement.id.in_(ends)))}
    reports: dict[int, ClaimMention] = {}
    for c in s.scalars(select(ClaimMention).where(ClaimMention.statement_id.in_(ends)).order_by(ClaimMention.id)):
        best = reports.get(c.statement_id)  # type: ignore[arg-type]
        if best is None or (best.document_id not in docs.window and c.document_id in docs.window):
            reports[c.statement_id] = c  # type: ignore[index]
    docs.load({c.document_id for c in reports.values()})
    names = {i: n for i, n in s.execute(select(Entity.id, Entity.canonical).where(
        Entity.id.in_({st.entity_id for st in sts.values() if st.entity_id is not None})))}

    def end(i: int) -> StatementSide:
        st, c = sts[i], reports[i]
        who = names.get(st.entity_id) or c.claimant_name or (
            f"unnamed {c.claimant_role or 'source'}" if c.anonymous else c.claimant_organization) or "unnamed source"
        return StatementSide(st.uid, st.text, who, st.side, bool(statements.get(i, False)), docs.span(c))
    return [LinkChange(lk.kind, lk.reason, end(lk.statement_id), end(lk.other_id)) for lk in links
            if lk.statement_id in reports and lk.other_id in reports]


def _places(s: Session, docs: _Docs, kept: set[int], place: str | None) -> list[RegionGroup]:
    """The places the kept documents mention, by country and first-level division."""
    if not kept:
        return []
    q = (select(PlaceMention, GeoPlace).outerjoin(GeoPlace, GeoPlace.geonames_id == PlaceMention.geonames_id)
         .where(PlaceMention.document_id.in_(kept)).order_by(PlaceMention.id))
    if place:
        q = q.where(_place_match(place))
    seen: dict[tuple[Any, ...], PlaceSeen] = {}
    regions: dict[tuple[str | None, str | None], RegionGroup] = {}
    for p, g in s.execute(q):
        key = (p.geonames_id,) if p.geonames_id is not None else (p.name.lower(), p.country)
        if key in seen:
            seen[key].mentions += 1
            continue
        seen[key] = PlaceSeen(g.name if g else p.name, p.geonames_id, p.feature, 1, docs.span(p))
        country = (g.country if g else None) or p.country
        region = g.admin1_name if g is not None and g.admin1_name else (
            p.name if p.feature == "admin1" else None)
        grp = regions.setdefault((country, region), RegionGroup(country, region, []))
        grp.places.append(seen[key])
    for grp in regions.values():
        grp.places.sort(key=lambda x: (-x.mentions, x.name))
    return sorted(regions.values(), key=lambda r: (r.country or "~", r.region or "~"))
