"""Queries over the resolution layer: people and organisations, places, event clusters,
and the trace of any item back to the documents, segments and spans that support it."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Engine, Select, func, or_, select
from sqlalchemy.orm import Session, selectinload

from claimledger.store.models import ClaimMention, Entity, EntityMerge, EntityToken, EventCluster, EventMention, GeoPlace
from claimledger.store.people import fold_org, fold_word, name_words, words_match
from claimledger.store.results import Page, Row, columns_of


@dataclass
class Role(Row):
    role: str | None
    organization: str | None
    side: str | None
    first_seen: str | None
    last_seen: str | None
    count: int


@dataclass
class Merge(Row):
    alias: str
    claim: str | None
    score: float
    reason: str


@dataclass
class PersonRow(Row):
    """An entity: a person or an organisation that speaks in the ledger."""

    uid: str
    kind: str
    name: str
    side: str | None
    organization: str | None
    aliases: list[str]
    roles: list[Role]
    mentions: int
    first_seen: str | None
    last_seen: str | None
    #: why each mention was taken for this entity
    merges: list[Merge] = field(default_factory=list)


@dataclass
class PlaceRow(Row):
    geonames_id: int
    name: str
    country: str | None
    feature: str
    admin1: str | None
    admin1_name: str | None
    admin2: str | None
    admin2_name: str | None
    lat: float | None
    lon: float | None
    mentions: int


@dataclass
class EventRow(Row):
    """One event across the ledger: its mentions merged, with its independent sources."""

    uid: str
    type: str
    mode: str | None
    status: str
    start: str | None
    end: str | None
    first_seen: str | None
    last_seen: str | None
    place: str | None
    country: str | None
    geonames_id: int | None
    actors: list[str]
    sources: int
    outlets: list[str]
    mentions: int
    text: str | None = None


@dataclass
class Support(Row):
    """One span of one document that supports an item."""

    uid: str
    kind: str
    document: str
    title: str | None
    outlet: str | None
    published: str | None
    url: str | None
    segment: str | None
    segment_kind: str | None
    start: int
    end: int
    text: str


@dataclass
class Trace(Row):
    """An item and every document, segment and character span behind it."""

    uid: str
    kind: str
    summary: str
    supports: list[Support]
    links: list[dict[str, Any]] = field(default_factory=list)
    #: how many supports there are in all; ``supports`` is the page of them from ``offset``, at most ``limit``
    total: int = 0
    offset: int = 0
    limit: int | None = None

    @property
    def more(self) -> bool:
        """Whether supports beyond this page exist."""
        return self.offset + len(self.supports) < self.total


def _entity_ids_for(s: Session, name: str) -> set[int] | None:
    """Entities whose name words match every word of ``name`` (folded, fuzzy within a block)."""
    words = [fold_word(w) for w in name_words(name)] or fold_org(name).split()
    if not words:
        return None
    found: set[int] | None = None
    for w in words:
        rows = s.execute(select(EntityToken.entity_id, EntityToken.key).where(EntityToken.prefix == w[:3]))
        ids = {eid for eid, key in rows if words_match(w, key)}
        found = ids if found is None else found & ids
    return found or set()


def entity_ids(engine_or_session: Engine | Session, name: str) -> set[int] | None:
    """The ids of the entities ``name`` names (None when it holds no name word)."""
    if isinstance(engine_or_session, Session):
        return _entity_ids_for(engine_or_session, name)
    with Session(engine_or_session) as s:
        return _entity_ids_for(s, name)


def person_row(s: Session, e: Entity, with_merges: bool) -> PersonRow:
    """An entity as a result row; ``with_merges``: with the reason each mention was taken for it."""
    aliases = [a.alias for a in sorted(e.aliases, key=lambda a: (-a.count, a.alias))]
    roles = [Role(r.role, r.organization, r.side, r.first_seen, r.last_seen, r.count)
             for r in sorted(e.roles, key=lambda r: (r.first_seen or "", r.role or ""))]
    merges = []
    if with_merges:
        q = (select(EntityMerge, ClaimMention.uid).outerjoin(ClaimMention, ClaimMention.id == EntityMerge.claim_id)
             .where(EntityMerge.entity_id == e.id).order_by(EntityMerge.id).limit(200))
        merges = [Merge(m.alias, uid, m.score, m.reason) for m, uid in s.execute(q)]
    return PersonRow(e.uid, e.kind, e.canonical, e.side, e.organization, aliases, roles, e.mentions, e.first_seen,
                     e.last_seen, merges)


def find_people(engine: Engine, name: str | None = None, *, kind: str | None = None, side: str | None = None,
                limit: int | None = 50, offset: int = 0) -> Page[PersonRow]:
    """Entities by name words (any spelling: "Zelensky" finds "Zelenskyy"), kind and exact side;
    most mentioned first. With a name, each row carries the reasons of its merges."""
    with Session(engine) as s:
        q = select(Entity)
        if name:
            ids = _entity_ids_for(s, name)
            q = q.where(Entity.id.in_(ids or set()))
        if kind:
            q = q.where(Entity.kind == kind)
        if side:
            q = q.where(Entity.side == side.upper())
        total = s.scalar(select(func.count()).select_from(q.subquery())) or 0
        q = q.order_by(Entity.mentions.desc(), Entity.id).offset(offset)
        if limit is not None:
            q = q.limit(limit)
        # aliases and roles in one query each for the page, not two per entity
        q = q.options(selectinload(Entity.aliases), selectinload(Entity.roles))
        rows = [person_row(s, e, bool(name)) for e in s.scalars(q)]
    return Page(rows, total, offset, limit, columns_of(PersonRow))


def find_places(engine: Engine, name: str | None = None, *, country: str | None = None,
                limit: int | None = 50, offset: int = 0) -> Page[PlaceRow]:
    """GeoNames places the ledger mentions, most mentioned first; ``name`` exact (any case) on the
    place or its divisions, ``country`` an exact ISO code."""
    q = select(GeoPlace)
    if name:
        low = name.lower()
        q = q.where(or_(func.lower(GeoPlace.name) == low, func.lower(GeoPlace.admin1_name) == low,
                        func.lower(GeoPlace.admin2_name) == low))
    if country:
        q = q.where(GeoPlace.country == country.upper())
    with Session(engine) as s:
        total = s.scalar(select(func.count()).select_from(q.subquery())) or 0
        q = q.order_by(GeoPlace.mentions.desc(), GeoPlace.geonames_id).offset(offset)
        if limit is not None:
            q = q.limit(limit)
        rows = [PlaceRow(g.geonames_id, g.name, g.country, g.feature, g.admin1, g.admin1_name, g.admin2,
                         g.admin2_name, g.lat, g.lon, g.mentions) for g in s.scalars(q)]
    return Page(rows, total, offset, limit, columns_of(PlaceRow))


def _event_place_filter(q: Select[Any], place: str) -> Select[Any]:
    """``place``: an ISO country code (exact), a GeoNames id, or a place or division name (exact, any case)."""
    p = place.strip()
    if len(p) == 2 and p.isalpha():
        return q.where(EventCluster.place_country == p.upper())
    if p.isascii() and p.isdigit():
        return q.where(EventCluster.geonames_id == int(p))
    low = p.lower()
    inside = select(GeoPlace.geonames_id).where(or_(func.lower(GeoPlace.admin1_name) == low,
                                                    func.lower(GeoPlace.admin2_name) == low))
    return q.where(or_(func.lower(EventCluster.place_name) == low, EventCluster.geonames_id.in_(inside)))


def event_query(*, etype: str | None = None, place: str | None = None, since: str | None = None,
                until: str | None = None, min_sources: int | None = None) -> Select[Any]:
    """The event clusters :func:`find_events`' filters select (the exports filter with them too)."""
    q = select(EventCluster)
    if etype:
        q = q.where(EventCluster.type == etype.upper())
    if place:
        q = _event_place_filter(q, place)
    if since:
        q = q.where(func.coalesce(EventCluster.end_day, EventCluster.start_day) >= since[:10])
    if until:
        q = q.where(EventCluster.start_day <= until[:10])
    if min_sources:
        q = q.where(EventCluster.sources >= min_sources)
    return q


def find_events(engine: Engine, *, etype: str | None = None, place: str | None = None, since: str | None = None,
                until: str | None = None, min_sources: int | None = None, limit: int | None = 50,
                offset: int = 0) -> Page[EventRow]:
    """Event clusters, newest first: ``etype`` a PLOVER type, ``place`` a country code, GeoNames id or
    place name (exact), ``since``/``until`` ISO dates, ``min_sources`` independent outlets."""
    q = event_query(etype=etype, place=place, since=since, until=until, min_sources=min_sources)
    with Session(engine) as s:
        total = s.scalar(select(func.count()).select_from(q.subquery())) or 0
        q = q.order_by(EventCluster.start_day.desc(), EventCluster.sources.desc(), EventCluster.id).offset(offset)
        if limit is not None:
            q = q.limit(limit)
        clusters = list(s.scalars(q))
        texts: dict[int, str] = {}
        if clusters:
            first = (select(EventMention.cluster_id, func.min(EventMention.id))
                     .where(EventMention.cluster_id.in_([c.id for c in clusters])).group_by(EventMention.cluster_id))
            ids = {mid: cid for cid, mid in s.execute(first)}
            texts = {ids[m.id]: m.text for m in s.scalars(select(EventMention).where(EventMention.id.in_(ids)))}
        rows = [EventRow(c.uid, c.type, c.mode, c.status, c.start_day, c.end_day, c.first_seen, c.last_seen,
                         c.place_name, c.place_country, c.geonames_id, list(c.actors or []), c.sources,
                         list(c.outlets or []), c.mentions, texts.get(c.id)) for c in clusters]
    return Page(rows, total, offset, limit, columns_of(EventRow))
