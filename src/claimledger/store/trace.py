"""``trace ID``: an item with every document, segment and character span that supports it.

An item id (``claim:…:3``) gives its own span; a statement (``statement:…``) every report
of it; an entity (``entity:…``) every claim it made; an event cluster (``cluster:…``)
every mention of the event; a document's SHA-256 its segments.
"""
from __future__ import annotations

import re
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, load_only

from claimledger.errors import NotFoundError
from claimledger.records import parse_uid
from claimledger.store.lookups import Support, Trace
from claimledger.store.models import (ClaimMention, Document, DocumentSource, Entity, EventCluster, EventMention,
                                      PlaceMention, QuantityMention, Segment, Statement, StatementLink, TimeMention)

_ITEM_MODELS: dict[str, Any] = {"segment": Segment, "time": TimeMention, "place": PlaceMention,
                                "quantity": QuantityMention, "claim": ClaimMention, "event": EventMention}
#: most spans one trace lists (an entity quoted a thousand times lists its newest)
MAX_SUPPORTS = 500


def _supports(s: Session, kind: str, rows: list[Any]) -> list[Support]:
    # the columns a support shows (the text for its span), never the whole stored record
    docs = {d.id: d for d in s.scalars(select(Document).options(load_only(
        Document.id, Document.sha256, Document.title, Document.outlet, Document.published, Document.text))
        .where(Document.id.in_({r.document_id for r in rows})))}
    urls: dict[int, str] = {}
    for doc_id, url in s.execute(select(DocumentSource.document_id, DocumentSource.url)
                                 .where(DocumentSource.document_id.in_(docs), DocumentSource.url.is_not(None))):
        urls.setdefault(doc_id, url)
    segs: dict[int, list[Segment]] = {}
    for g in s.scalars(select(Segment).options(load_only(Segment.id, Segment.uid, Segment.kind, Segment.document_id,
                                                         Segment.start, Segment.end))
                       .where(Segment.document_id.in_(docs)).order_by(Segment.start)):
        segs.setdefault(g.document_id, []).append(g)
    out = []
    for r in rows:
        d = docs[r.document_id]
        seg = next((g for g in segs.get(d.id, []) if g.start <= r.start < g.end), None)
        out.append(Support(r.uid, kind, d.sha256, d.title, d.outlet, d.published, urls.get(d.id),
                           seg.uid if seg else None, seg.kind if seg else None, r.start, r.end,
                           d.text[r.start:r.end]))
    return out


def _links(s: Session, statement_id: int) -> list[dict[str, Any]]:
    out = []
    q = select(StatementLink).where((StatementLink.statement_id == statement_id)
                                    | (StatementLink.other_id == statement_id))
    for link in s.scalars(q):
        other = link.other_id if link.statement_id == statement_id else link.statement_id
        st = s.get_one(Statement, other)
        direction = "" if link.statement_id == statement_id else " (by the other)"
        out.append({"kind": link.kind + direction, "statement": st.uid, "text": st.text, "reason": link.reason})
    return out


def _statement(s: Session, st: Statement) -> Trace:
    reports = list(s.scalars(select(ClaimMention).where(ClaimMention.statement_id == st.id)
                             .order_by(ClaimMention.id).limit(MAX_SUPPORTS)))
    return Trace(st.uid, "statement", f"{st.text} ({st.reports} report(s))", _supports(s, "claim", reports),
                 _links(s, st.id))


def trace_item(engine: Engine, uid: str) -> Trace:
    """The item ``uid`` names with its supporting spans; NotFoundError when the ledger has no such item."""
    uid = uid.strip()
    with Session(engine) as s:
        prefix = uid.split(":", 1)[0]
        if prefix == "statement":
            st = s.scalar(select(Statement).where(Statement.uid == uid))
            if st is not None:
                return _statement(s, st)
        elif prefix == "entity":
            e = s.scalar(select(Entity).where(Entity.uid == uid))
            if e is not None:
                rows = list(s.scalars(select(ClaimMention).where(ClaimMention.entity_id == e.id)
                                      .order_by(ClaimMention.id.desc()).limit(MAX_SUPPORTS)))
                return Trace(e.uid, "entity", f"{e.canonical} ({e.mentions} claim(s))", _supports(s, "claim", rows))
        elif prefix == "cluster":
            c = s.scalar(select(EventCluster).where(EventCluster.uid == uid))
            if c is not None:
                rows = list(s.scalars(select(EventMention).where(EventMention.cluster_id == c.id)
                                      .order_by(EventMention.id).limit(MAX_SUPPORTS)))
                return Trace(c.uid, "event", f"{c.type} {c.start_day or '?'} {c.place_name or ''} "
                             f"({c.sources} source(s))", _supports(s, "event", rows))
        elif re.fullmatch(r"[0-9a-fA-F]{64}", uid):
            d = s.scalar(select(Document).where(Document.sha256 == uid.lower()))
            if d is not None:
                segs = list(s.scalars(select(Segment).where(Segment.document_id == d.id).order_by(Segment.start)))
                return Trace(d.sha256, "document", d.title or d.sha256, _supports(s, "segment", segs))
        else:
            try:
                kind, _, _ = parse_uid(uid)
            except ValueError as exc:
                raise NotFoundError(str(exc)) from exc
            row = s.scalar(select(_ITEM_MODELS[kind]).where(_ITEM_MODELS[kind].uid == uid))
            if row is not None:
                tr = Trace(row.uid, kind, getattr(row, "text", None) or kind, _supports(s, kind, [row]))
                if kind == "claim" and row.statement_id is not None:
                    st = s.get_one(Statement, row.statement_id)
                    full = _statement(s, st)
                    tr.supports, tr.links = full.supports, full.links
                    tr.summary = f"{row.text} (statement {st.uid}, {st.reports} report(s))"
                return tr
    raise NotFoundError(f"the ledger has no item {uid!r} (ids look like claim:9f86d081884c7d65:3, "
                        "statement:…, entity:…, cluster:… or a document's SHA-256)")
