"""Paged reads of the ledger for the desk and the REST API: documents, speakers
and a word search, each returning ``claimledger/1`` shapes with the document
they come from (SHA-256, title, outlet, date, URL), so a page can link every
item back to its span. :class:`~claimledger.store.ledger.Ledger` calls them.

Speakers are grouped by the claimant name as extracted; one entity per person
across spellings is the ledger's resolution layer (issue 14), which replaces
this grouping when it lands. The word search matches every word as a
substring of claim and document text (a full-text index comes with it too).
"""
from __future__ import annotations

from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from claimledger.errors import NotFoundError
from claimledger.store.fulltext import matching_ids
from claimledger.store.lookups import find_events, person_row
from claimledger.store.models import (ClaimMention, Document, Entity, EventCluster, EventMention, PlaceMention,
                                      QuantityMention, Statement)
from claimledger.store.queries import _claim_rows
from claimledger.store.results import Page


def document_ref(d: Document) -> dict[str, Any]:
    """The document an item comes from, as the desk links it."""
    url = next((s.url for s in d.sources if s.url), None)
    path = next((s.path for s in d.sources if s.path), None)
    return {"sha256": d.sha256, "title": d.title, "outlet": d.outlet, "published": d.published, "url": url,
            "path": path}


def _paged(s: Session, q: Select[Any], offset: int, limit: int) -> tuple[int, list[Any]]:
    total = s.scalar(select(func.count()).select_from(q.order_by(None).subquery())) or 0
    return total, list(s.execute(q.offset(offset).limit(limit)))


def page_documents(engine: Engine, *, outlet: str | None = None, offset: int = 0,
                   limit: int = 50) -> Page[dict[str, Any]]:
    """Documents newest first, with how many items of each kind they hold."""
    q = select(Document).order_by(Document.published.desc().nulls_last(), Document.id)
    if outlet:
        q = q.where(Document.outlet == outlet)
    with Session(engine) as s:
        total, rows = _paged(s, q, offset, limit)
        items = []
        for (d,) in rows:
            rec = d.record or {}
            items.append({**document_ref(d), "counts": {k: len(rec.get(k) or []) for k in (
                "claims", "events", "quantities", "places", "times")}})
    return Page(items, total, offset, limit)


def get_document(engine: Engine, sha256: str) -> dict[str, Any]:
    """A stored document (by the SHA-256 of its text): its whole ``claimledger/1`` record and
    where it came from; NotFoundError when the ledger has none."""
    with Session(engine) as s:
        d = s.scalar(select(Document).where(Document.sha256 == sha256.lower()))
        if d is None:
            raise NotFoundError(f"the ledger holds no document {sha256}", source="documents")
        links: dict[str, dict[str, Any]] = {}
        q = (select(ClaimMention.uid, Entity.uid, Entity.canonical, Statement.uid, Statement.reports)
             .outerjoin(Entity, Entity.id == ClaimMention.entity_id)
             .outerjoin(Statement, Statement.id == ClaimMention.statement_id)
             .where(ClaimMention.document_id == d.id))
        for uid, entity, speaker, statement, reports in s.execute(q):
            links[uid] = {"entity": entity, "speaker": speaker, "statement": statement, "reports": reports or 1}
        q2 = (select(EventMention.uid, EventCluster.uid, EventCluster.sources, EventCluster.mentions,
                     EventCluster.first_seen)
              .join(EventCluster, EventCluster.id == EventMention.cluster_id).where(EventMention.document_id == d.id))
        for uid, cluster, sources, mentions, first_seen in s.execute(q2):
            links[uid] = {"cluster": cluster, "sources": sources, "mentions": mentions, "first_seen": first_seen}
        return {**document_ref(d), "record": dict(d.record), "links": links}


def page_events(engine: Engine, *, etype: str | None = None, place: str | None = None, since: str | None = None,
                offset: int = 0, limit: int = 50) -> Page[dict[str, Any]]:
    """Event clusters (persisted at ingest, store/clusters.py) newest first, as the desk's map and
    timeline draw them: each with its coordinates and every mention's span and document."""
    page = find_events(engine, etype=etype, place=place, since=since, offset=offset, limit=limit)
    uids = [r.uid for r in page.rows]
    with Session(engine) as s:
        clusters = {c.uid: c for c in s.scalars(select(EventCluster).where(EventCluster.uid.in_(uids)))}
        by_id = {c.id: uid for uid, c in clusters.items()}
        mentions: dict[str, list[dict[str, Any]]] = {uid: [] for uid in uids}
        q = (select(EventMention, Document).join(Document, EventMention.document_id == Document.id)
             .where(EventMention.cluster_id.in_(list(by_id)))
             .order_by(Document.published.asc().nulls_last(), Document.id, EventMention.start))
        for m, d in s.execute(q):
            mentions[by_id[m.cluster_id]].append({"uid": m.uid, "text": m.text, "status": m.status, "sha256": d.sha256,
                                                  "document": d.title, "outlet": d.outlet, "start": m.start,
                                                  "end": m.end})
    rows = []
    for r in page.rows:
        c = clusters[r.uid]
        rows.append({**r.to_json(), "lat": c.lat, "lon": c.lon, "mention_count": r.mentions,
                     "mentions": mentions[r.uid]})
    return Page(rows, page.total, offset, limit)


def claim_facets(engine: Engine) -> dict[str, list[str]]:
    """The values the claims filters can take in this ledger (for the desk's menus)."""
    with Session(engine) as s:
        sides = [v for (v,) in s.execute(select(ClaimMention.claimant_side).distinct()) if v]
        modalities = [v for (v,) in s.execute(select(ClaimMention.modality).distinct()) if v]
        outlets = [v for (v,) in s.execute(select(Document.outlet).distinct()) if v]
    return {"side": sorted(sides), "modality": sorted(modalities), "outlet": sorted(outlets)}


def get_person(engine: Engine, uid: str, *, offset: int = 0, limit: int = 50) -> dict[str, Any]:
    """One entity (person or organisation, by uid): its names, roles over time, why each mention
    was taken for it, and a page of its claims in time order."""
    with Session(engine) as s:
        entity = s.scalar(select(Entity).where(Entity.uid == uid))
        if entity is None:
            raise NotFoundError(f"no speaker in the ledger with id {uid!r}", source="people")
        who = person_row(s, entity, with_merges=True).to_json()
        q = (select(ClaimMention.id).join(Document, ClaimMention.document_id == Document.id)
             .where(ClaimMention.entity_id == entity.id)
             .order_by(ClaimMention.said_on.asc().nulls_last(), Document.id, ClaimMention.start))
        total, rows = _paged(s, q, offset, limit)
        claims = Page([r.to_json() for r in _claim_rows(s, [cid for (cid,) in rows])], total, offset, limit)
    return {**who, "claims": claims.to_json()}


_SEARCHED = (
    ("event", EventMention, EventMention.text),
    ("quantity", QuantityMention, QuantityMention.counted),
    ("place", PlaceMention, PlaceMention.name),
)


def search_ledger(engine: Engine, words: str, *, offset: int = 0, limit: int = 50) -> Page[dict[str, Any]]:
    """Items and documents holding every word of ``words``: documents (by title and text) and
    claims by the full-text index (stemmed, store/fulltext.py), then events, quantities and
    places holding every word, each with its span and document."""
    terms = words.split()
    hits: list[dict[str, Any]] = []
    if not terms:
        return Page(hits, 0, offset, limit)
    with Session(engine) as s:
        dq = select(Document).where(Document.id.in_(matching_ids(engine, "documents", words)))
        for (d,) in s.execute(dq.order_by(Document.id)):
            hits.append({"kind": "document", "uid": d.sha256, "text": d.title or "", "start": None, "end": None,
                         "document": document_ref(d)})
        cq = (select(ClaimMention, Document).join(Document, ClaimMention.document_id == Document.id)
              .where(ClaimMention.id.in_(matching_ids(engine, "claims", words))))
        for c, d in s.execute(cq.order_by(Document.id, ClaimMention.start)):
            hits.append({"kind": "claim", "uid": c.uid, "text": c.text, "start": c.start, "end": c.end,
                         "document": document_ref(d)})
        for kind, model, column in _SEARCHED:
            q = select(model, Document).join(Document, model.document_id == Document.id)
            for w in terms:
                q = q.where(column.ilike(f"%{w}%"))
            for item, d in s.execute(q.order_by(Document.id, model.start)):
                hits.append({"kind": kind, "uid": item.uid, "text": item.text, "start": item.start,
                             "end": item.end, "document": document_ref(d)})
    return Page(hits[offset:offset + limit], len(hits), offset, limit)

