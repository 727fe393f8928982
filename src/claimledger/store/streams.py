"""The ledger read in keyset pages, for the exports: every stream holds one page of rows at a
time (its session is emptied between pages), so memory stays the same for any ledger size.

Each stream takes the filters of the matching query (claims, events …) and yields plain
JSON rows in id order; ``claimledger.exports`` writes them out. Ratings (``claimledger
rate``) are written here too: they are the one table the exports add.
"""
from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from sqlalchemy import Engine, Select, func, select
from sqlalchemy.orm import Session, defer, load_only

from claimledger.errors import NotFoundError
from claimledger.store.lookups import event_query
from claimledger.store.models import (ClaimMention, Document, DocumentSource, Entity, EntityAlias, EventClaim,
                                      EventCluster, EventMention, GeoPlace, QuantityMention, Rating)
from claimledger.store.queries import _claim_rows, _first_urls, claim_where

#: rows read per page: small enough that a page of whole records stays a few megabytes
PAGE = 200
#: how a cluster counts a document that names no outlet among its sources (store/resolve.py)
_UNNAMED_OUTLET = re.compile(r"document [0-9a-f]{16}")


def named_outlets(outlets: list[str] | None) -> list[str]:
    """A cluster's outlets without the stand-ins for documents that name none."""
    return [o for o in outlets or [] if not _UNNAMED_OUTLET.fullmatch(o)]


@dataclass
class Filters:
    """What an export keeps: the filters of ``claimledger claims`` and ``claimledger events``,
    each applied to the tables it has a meaning for (documents: outlet and dates)."""

    since: str | None = None
    until: str | None = None
    outlet: str | None = None
    side: str | None = None
    modality: str | None = None
    by: str | None = None
    etype: str | None = None
    place: str | None = None
    min_sources: int | None = None
    country: str | None = None


def _pages(s: Session, key: Any, where: list[Any], size: int = PAGE) -> Iterator[list[Any]]:
    """The keys (``key`` > the last one seen, ascending) of the rows ``where`` selects, a page at a time."""
    last: Any = None
    while True:
        q = select(key).where(*where).order_by(key).limit(size)
        if last is not None:
            q = q.where(key > last)
        ids = list(s.scalars(q))
        if not ids:
            return
        yield ids
        last = ids[-1]
        s.expunge_all()


def _document_where(f: Filters) -> list[Any]:
    where: list[Any] = []
    if f.outlet:
        where.append(func.lower(Document.outlet) == f.outlet.lower())
    if f.since:
        where.append(Document.published >= f.since[:10])
    if f.until:
        where.append(func.substr(Document.published, 1, 10) <= f.until[:10])
    return where


def iter_records(engine: Engine, f: Filters) -> Iterator[dict[str, Any]]:
    """The stored ``claimledger/1`` records, in the order they were stored."""
    with Session(engine) as s:
        for ids in _pages(s, Document.id, _document_where(f)):
            rows = dict(s.execute(select(Document.id, Document.record).where(Document.id.in_(ids))).tuples().all())
            for i in ids:
                yield rows[i]


def iter_claims(engine: Engine, f: Filters) -> Iterator[dict[str, Any]]:
    """Claims (``claimledger claims`` rows, the claimant's fields flattened), in id order."""
    where = claim_where(engine, by=f.by, side=f.side, modality=f.modality, outlet=f.outlet, since=f.since,
                        until=f.until)
    with Session(engine) as s:
        for ids in _pages(s, ClaimMention.id, where):
            for row in _claim_rows(s, ids):
                out = row.to_json()
                who = out.pop("claimant")
                yield {"uid": out.pop("uid"), "text": out.pop("text"), "claimant": who["name"],
                       "claimant_role": who["role"], "claimant_organization": who["organization"],
                       "claimant_side": who["side"], "anonymous": who["anonymous"], **out}


def _first_mentions(s: Session, cluster_ids: list[int]) -> dict[int, tuple[EventMention, Document]]:
    first = (select(func.min(EventMention.id)).where(EventMention.cluster_id.in_(cluster_ids))
             .group_by(EventMention.cluster_id))
    q = (select(EventMention, Document).join(Document, Document.id == EventMention.document_id)
         .options(load_only(Document.id, Document.sha256, Document.title, Document.outlet, Document.published))
         .where(EventMention.id.in_(first)))
    return {m.cluster_id: (m, d) for m, d in s.execute(q) if m.cluster_id is not None}


def _killed(s: Session, cluster_ids: list[int]) -> dict[int, float]:
    """Per cluster, the lowest count of dead that a claim reporting one of its mentions carries
    (ACLED codes the most conservative report); clusters without one have none."""
    q = (select(EventMention.cluster_id, func.min(QuantityMention.low))
         .join(EventClaim, EventClaim.event_id == EventMention.id)
         .join(QuantityMention, QuantityMention.claim_id == EventClaim.claim_id)
         .where(EventMention.cluster_id.in_(cluster_ids), QuantityMention.measure == "killed",
                QuantityMention.low.is_not(None), QuantityMention.document_id == EventMention.document_id)
         .group_by(EventMention.cluster_id))
    return {cid: low for cid, low in s.execute(q) if low is not None}


def iter_events(engine: Engine, f: Filters) -> Iterator[dict[str, Any]]:
    """Event clusters with what the exports need beside them: the place's feature and divisions,
    the first report (its text, targets, document, title and URL), the linked count of dead, and
    whether any report dates it (``dated``; else ``start`` is a publication day)."""
    q: Select[Any] = event_query(etype=f.etype, place=f.place or f.country, since=f.since, until=f.until,
                                 min_sources=f.min_sources)
    where = [EventCluster.id.in_(q.with_only_columns(EventCluster.id))]
    with Session(engine) as s:
        for ids in _pages(s, EventCluster.id, where):
            clusters = list(s.scalars(select(EventCluster).where(EventCluster.id.in_(ids)).order_by(EventCluster.id)))
            geo_ids = {c.geonames_id for c in clusters if c.geonames_id is not None}
            geo = {g.geonames_id: g for g in s.scalars(select(GeoPlace).where(GeoPlace.geonames_id.in_(geo_ids)))}
            first = _first_mentions(s, ids)
            urls = _first_urls(s, {d.id for _, d in first.values()})
            killed = _killed(s, ids)
            # clusters take a report's publication day when no mention gives a date: say which did
            dated = set(s.scalars(select(EventMention.cluster_id).where(EventMention.cluster_id.in_(ids),
                                                                       EventMention.when_start.is_not(None))))
            for c in clusters:
                g = geo.get(c.geonames_id) if c.geonames_id is not None else None
                m, d = first.get(c.id, (None, None))
                yield {"uid": c.uid, "type": c.type, "mode": c.mode, "status": c.status, "start": c.start_day,
                       "end": c.end_day, "dated": c.id in dated, "first_seen": c.first_seen, "last_seen": c.last_seen,
                       "place": c.place_name, "country": c.place_country, "feature": c.place_feature,
                       "geonames_id": c.geonames_id, "admin1": g.admin1_name if g else None,
                       "admin2": g.admin2_name if g else None, "lat": c.lat, "lon": c.lon,
                       "actors": list(c.actors or []), "targets": list(m.targets or []) if m else [],
                       "sources": c.sources, "outlets": named_outlets(c.outlets), "mentions": c.mentions,
                       "killed": killed.get(c.id), "text": m.text if m else None,
                       "document": d.sha256 if d else None, "title": d.title if d else None,
                       "url": urls.get(d.id) if d else None}


def iter_places(engine: Engine, f: Filters) -> Iterator[dict[str, Any]]:
    """GeoNames places the ledger mentions, with their divisions."""
    where = [GeoPlace.country == f.country.upper()] if f.country else []
    with Session(engine) as s:
        for ids in _pages(s, GeoPlace.geonames_id, where):
            for g in s.scalars(select(GeoPlace).where(GeoPlace.geonames_id.in_(ids)).order_by(GeoPlace.geonames_id)):
                yield {"geonames_id": g.geonames_id, "name": g.name, "country": g.country, "feature": g.feature,
                       "admin1": g.admin1, "admin1_name": g.admin1_name, "admin2": g.admin2,
                       "admin2_name": g.admin2_name, "lat": g.lat, "lon": g.lon, "mentions": g.mentions}


def iter_people(engine: Engine, f: Filters) -> Iterator[dict[str, Any]]:
    """Entities (people and organisations that speak), with their aliases."""
    where = [Entity.side == f.side.upper()] if f.side else []
    with Session(engine) as s:
        for ids in _pages(s, Entity.id, where):
            aliases: dict[int, list[str]] = defaultdict(list)
            for eid, alias in s.execute(select(EntityAlias.entity_id, EntityAlias.alias)
                                        .where(EntityAlias.entity_id.in_(ids))
                                        .order_by(EntityAlias.entity_id, EntityAlias.count.desc(), EntityAlias.alias)):
                aliases[eid].append(alias)
            for e in s.scalars(select(Entity).where(Entity.id.in_(ids)).order_by(Entity.id)):
                yield {"uid": e.uid, "kind": e.kind, "name": e.canonical, "side": e.side,
                       "organization": e.organization, "aliases": aliases.get(e.id, []), "mentions": e.mentions,
                       "first_seen": e.first_seen, "last_seen": e.last_seen}


def iter_estimates(engine: Engine, f: Filters) -> Iterator[dict[str, Any]]:
    """Figures with a measure (the estimates' points), with their claim and document."""
    where: list[Any] = [QuantityMention.measure_key.is_not(None)]
    if f.outlet or f.since or f.until:
        where.append(QuantityMention.document_id.in_(select(Document.id).where(*_document_where(f))))
    with Session(engine) as s:
        for ids in _pages(s, QuantityMention.id, where):
            q = (select(QuantityMention, Document.sha256, Document.outlet, Document.published, ClaimMention.uid,
                        ClaimMention.claimant_name)
                 .join(Document, Document.id == QuantityMention.document_id)
                 .outerjoin(ClaimMention, ClaimMention.id == QuantityMention.claim_id)
                 .where(QuantityMention.id.in_(ids)).order_by(QuantityMention.id))
            for qm, sha, outlet, published, claim, claimant in s.execute(q):
                yield {"uid": qm.uid, "key": qm.measure_key, "subject": qm.measure_subject, "measure": qm.measure,
                       "place": qm.measure_place, "text": qm.text, "low": qm.low, "high": qm.high,
                       "approximate": qm.approximate, "unit": qm.unit, "as_of": qm.as_of, "claim": claim,
                       "claimant": claimant, "document": sha, "outlet": outlet, "published": published}


def iter_claim_sources(engine: Engine, f: Filters) -> Iterator[dict[str, Any]]:
    """Claims with their provenance: the speaker's entity, the document and its outlet and URL,
    and the channel a relayed claim came through."""
    where = claim_where(engine, by=f.by, side=f.side, modality=f.modality, outlet=f.outlet, since=f.since,
                        until=f.until)
    with Session(engine) as s:
        for ids in _pages(s, ClaimMention.id, where):
            q = (select(ClaimMention, Document, Entity)
                 .join(Document, Document.id == ClaimMention.document_id)
                 .outerjoin(Entity, Entity.id == ClaimMention.entity_id)
                 .options(load_only(Document.id, Document.sha256, Document.title, Document.outlet,
                                    Document.published))
                 .where(ClaimMention.id.in_(ids)).order_by(ClaimMention.id))
            rows = list(s.execute(q))
            urls = _first_urls(s, {d.id for _, d, _ in rows})
            for c, d, e in rows:
                yield {"uid": c.uid, "text": c.text, "said_on": c.said_on, "quote": c.quote, "modality": c.modality,
                       "claimant": c.claimant_name, "role": c.claimant_role, "anonymous": bool(c.anonymous),
                       "attributed": bool(c.attributed), "channel": c.channel,
                       "entity": e.uid if e else None, "entity_name": e.canonical if e else None,
                       "entity_kind": e.kind if e else None, "document": d.sha256, "title": d.title,
                       "outlet": d.outlet, "published": d.published, "url": urls.get(d.id)}


def iter_channels(engine: Engine, f: Filters) -> Iterator[str]:
    """The channels relayed claims came through ("The New York Times", "Telegram" …), once each."""
    where = claim_where(engine, by=f.by, side=f.side, modality=f.modality, outlet=f.outlet, since=f.since,
                        until=f.until) + [ClaimMention.channel.is_not(None)]
    with Session(engine) as s:
        yield from _pages_of_values(s, ClaimMention.channel, where)


def _pages_of_values(s: Session, col: Any, where: list[Any]) -> Iterator[Any]:
    """The distinct values of ``col`` in ascending order, a page at a time."""
    last: Any = None
    while True:
        q = select(col).where(*where).group_by(col).order_by(col).limit(PAGE)
        if last is not None:
            q = q.where(col > last)
        values = list(s.scalars(q))
        if not values:
            return
        yield from values
        last = values[-1]


def iter_speakers(engine: Engine, f: Filters) -> Iterator[dict[str, Any]]:
    """The entities that speak in the claims ``f`` keeps, once each."""
    where = claim_where(engine, by=f.by, side=f.side, modality=f.modality, outlet=f.outlet, since=f.since,
                        until=f.until) + [ClaimMention.entity_id.is_not(None)]
    with Session(engine) as s:
        for ids in _pages(s, Entity.id, [Entity.id.in_(select(ClaimMention.entity_id).where(*where))]):
            for e in s.scalars(select(Entity).where(Entity.id.in_(ids)).order_by(Entity.id)):
                yield {"uid": e.uid, "name": e.canonical, "kind": e.kind, "side": e.side,
                       "organization": e.organization}


def iter_documents(engine: Engine, f: Filters) -> Iterator[dict[str, Any]]:
    """Documents (their metadata and first URL, never their text)."""
    with Session(engine) as s:
        for ids in _pages(s, Document.id, _document_where(f)):
            docs = list(s.scalars(select(Document).options(defer(Document.text), defer(Document.record))
                                  .where(Document.id.in_(ids)).order_by(Document.id)))
            urls = _first_urls(s, set(ids))
            for d in docs:
                yield {"sha256": d.sha256, "title": d.title, "outlet": d.outlet, "published": d.published,
                       "url": urls.get(d.id)}


# ---------------------------------------------------------------- ratings
def rate_claim(engine: Engine, uid: str, verdict: str, rating: int | None, note: str | None) -> dict[str, Any]:
    """Record (or replace) a verdict on the claim ``uid``; NotFoundError when no such claim."""
    with Session(engine) as s, s.begin():
        if s.scalar(select(ClaimMention.id).where(ClaimMention.uid == uid)) is None:
            raise NotFoundError(f"no claim {uid!r} in the ledger (claim ids come from `claimledger claims`)")
        row = s.scalar(select(Rating).where(Rating.claim_uid == uid))
        if row is None:
            row = Rating(claim_uid=uid)
            s.add(row)
        row.verdict, row.rating, row.note = verdict, rating, note
        row.rated_at = datetime.now(timezone.utc).replace(tzinfo=None, microsecond=0)
        return {"claim": uid, "verdict": verdict, "rating": rating, "note": note,
                "rated_at": row.rated_at.isoformat()}


def iter_ratings(engine: Engine, f: Filters) -> Iterator[dict[str, Any]]:
    """Rated claims with their verdicts and provenance, in the order they were rated."""
    if f.by or f.side or f.modality or f.outlet or f.since or f.until:
        keep = claim_where(engine, by=f.by, side=f.side, modality=f.modality, outlet=f.outlet, since=f.since,
                           until=f.until)
        where = [Rating.claim_uid.in_(select(ClaimMention.uid).where(*keep))]
    else:
        where = []
    with Session(engine) as s:
        for ids in _pages(s, Rating.id, where):
            q = (select(Rating, ClaimMention, Document)
                 .join(ClaimMention, ClaimMention.uid == Rating.claim_uid)
                 .join(Document, Document.id == ClaimMention.document_id)
                 .options(load_only(Document.id, Document.sha256, Document.title, Document.outlet,
                                    Document.published))
                 .where(Rating.id.in_(ids)).order_by(Rating.id))
            rows = list(s.execute(q))
            urls = _first_urls(s, {d.id for _, _, d in rows})
            for r, c, d in rows:
                yield {"claim": c.uid, "text": c.text, "claimant": c.claimant_name, "role": c.claimant_role,
                       "organization": c.claimant_organization, "anonymous": bool(c.anonymous),
                       "said_on": c.said_on, "verdict": r.verdict, "rating": r.rating, "note": r.note,
                       "rated_at": r.rated_at.isoformat(), "document": d.sha256, "title": d.title,
                       "outlet": d.outlet, "published": d.published, "url": urls.get(d.id)}


__all__ = ["Filters", "iter_channels", "iter_claim_sources", "iter_claims", "iter_documents",
           "iter_estimates", "iter_events", "iter_people", "iter_places", "iter_ratings", "iter_records",
           "iter_speakers", "rate_claim"]
