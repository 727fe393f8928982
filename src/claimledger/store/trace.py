"""``trace ID``: an item with every document, segment and character span that supports it.

An item id (``claim:…:3``) gives its own span; a statement (``statement:…``) every report
of it; an entity (``entity:…``) every claim it made; an event cluster (``cluster:…``)
every mention of the event; a document's SHA-256 its segments. The supports come a page
at a time (``limit`` from ``offset``, in the order below), with how many there are in all.
"""
from __future__ import annotations

import re
from typing import Any

from sqlalchemy import Engine, Select, case, func, select
from sqlalchemy.orm import Session, load_only

from claimledger.errors import NotFoundError
from claimledger.records import parse_uid
from claimledger.store.lookups import Support, Trace
from claimledger.store.models import (ClaimMention, Document, Entity, EventCluster, EventMention,
                                      PlaceMention, QuantityMention, Segment, Statement, StatementLink, TimeMention)
from claimledger.store.queries import _first_urls

_ITEM_MODELS: dict[str, Any] = {"segment": Segment, "time": TimeMention, "place": PlaceMention,
                                "quantity": QuantityMention, "claim": ClaimMention, "event": EventMention}
#: spans one trace lists unless told otherwise (the rest come a page at a time)
MAX_SUPPORTS = 50


def _page(s: Session, model: Any, where: Any, order: Any, offset: int, limit: int | None) -> tuple[list[int], int]:
    """The ids of one page of ``model``'s rows that ``where`` keeps, in ``order``, and how many there are."""
    total = s.scalar(select(func.count(model.id)).where(where)) or 0
    q: Select[Any] = select(model.id).where(where).order_by(order).offset(offset)
    return list(s.scalars(q.limit(limit) if limit is not None else q)), total


def _supports(s: Session, kind: str, model: Any, ids: list[int]) -> list[Support]:
    """The supports of these rows of ``model``, in this order: only the columns a support shows,
    and only its span of the document's text, never the whole record or text."""
    if not ids:
        return []
    span = case((model.end > model.start, func.substr(Document.text, model.start + 1, model.end - model.start)),
                else_="")
    q = (select(model.id, model.uid, model.start, model.end, model.document_id, Document.sha256, Document.title,
                Document.outlet, Document.published, span)
         .join(Document, Document.id == model.document_id).where(model.id.in_(ids)))
    rows = {r[0]: r for r in s.execute(q)}
    docs = {r[4] for r in rows.values()}
    urls = _first_urls(s, docs)
    segs: dict[int, list[Segment]] = {}
    for g in s.scalars(select(Segment).options(load_only(Segment.id, Segment.uid, Segment.kind, Segment.document_id,
                                                         Segment.start, Segment.end))
                       .where(Segment.document_id.in_(docs)).order_by(Segment.start)):
        segs.setdefault(g.document_id, []).append(g)
    out = []
    for _, uid, start, end, doc_id, sha, title, outlet, published, text in (rows[i] for i in ids if i in rows):
        seg = next((g for g in segs.get(doc_id, []) if g.start <= start < g.end), None)
        out.append(Support(uid, kind, sha, title, outlet, published, urls.get(doc_id),
                           seg.uid if seg else None, seg.kind if seg else None, start, end, text or ""))
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


def _statement(s: Session, st: Statement, offset: int, limit: int | None) -> Trace:
    ids, total = _page(s, ClaimMention, ClaimMention.statement_id == st.id, ClaimMention.id, offset, limit)
    return Trace(st.uid, "statement", f"{st.text} ({st.reports} report(s))", _supports(s, "claim", ClaimMention, ids),
                 _links(s, st.id), total, offset, limit)


def trace_item(engine: Engine, uid: str, *, offset: int = 0, limit: int | None = MAX_SUPPORTS) -> Trace:
    """The item ``uid`` names with a page of its supporting spans (``limit`` from ``offset``; None:
    all) and how many there are; NotFoundError when the ledger has no such item."""
    uid = uid.strip()
    with Session(engine) as s:
        prefix = uid.split(":", 1)[0]
        if prefix == "statement":
            st = s.scalar(select(Statement).where(Statement.uid == uid))
            if st is not None:
                return _statement(s, st, offset, limit)
        elif prefix == "entity":
            e = s.scalar(select(Entity).where(Entity.uid == uid))
            if e is not None:
                ids, total = _page(s, ClaimMention, ClaimMention.entity_id == e.id, ClaimMention.id.desc(),
                                   offset, limit)
                return Trace(e.uid, "entity", f"{e.canonical} ({e.mentions} claim(s))",
                             _supports(s, "claim", ClaimMention, ids), [], total, offset, limit)
        elif prefix == "cluster":
            c = s.scalar(select(EventCluster).where(EventCluster.uid == uid))
            if c is not None:
                ids, total = _page(s, EventMention, EventMention.cluster_id == c.id, EventMention.id, offset, limit)
                return Trace(c.uid, "event", f"{c.type} {c.start_day or '?'} {c.place_name or ''} "
                             f"({c.sources} source(s))", _supports(s, "event", EventMention, ids), [], total,
                             offset, limit)
        elif re.fullmatch(r"[0-9a-fA-F]{64}", uid):
            d = s.scalar(select(Document).options(load_only(Document.id, Document.sha256, Document.title))
                         .where(Document.sha256 == uid.lower()))
            if d is not None:
                ids, total = _page(s, Segment, Segment.document_id == d.id, Segment.start, offset, limit)
                return Trace(d.sha256, "document", d.title or d.sha256, _supports(s, "segment", Segment, ids), [],
                             total, offset, limit)
        else:
            try:
                kind, _, _ = parse_uid(uid)
            except ValueError as exc:
                raise NotFoundError(str(exc)) from exc
            model = _ITEM_MODELS[kind]
            row = s.scalar(select(model).where(model.uid == uid))
            if row is not None:
                own = [row.id] if offset == 0 and limit != 0 else []
                tr = Trace(row.uid, kind, getattr(row, "text", None) or kind, _supports(s, kind, model, own), [],
                           1, offset, limit)
                if kind == "claim" and row.statement_id is not None:
                    st = s.get_one(Statement, row.statement_id)
                    full = _statement(s, st, offset, limit)
                    tr.supports, tr.links, tr.total = full.supports, full.links, full.total
                    tr.summary = f"{row.text} (statement {st.uid}, {st.reports} report(s))"
                return tr
    raise NotFoundError(f"the ledger has no item {uid!r} (ids look like claim:9f86d081884c7d65:3, "
                        "statement:…, entity:…, cluster:… or a document's SHA-256)")
