"""Reading the ledger back: summaries and claim searches."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, func, or_, select
from sqlalchemy.orm import Session

from claimledger.store.models import (ClaimMention, Document, EventMention, PlaceMention, QuantityMention,
                                      TimeMention)


@dataclass
class LedgerSummary:
    counts: dict[str, int]
    documents: list[dict[str, Any]]
    claims: list[dict[str, Any]]
    places: list[tuple[str, str | None, int]]
    quantities: list[dict[str, Any]]
    events: list[dict[str, Any]]
    times: int


def _claim_dict(c: ClaimMention, d: Document) -> dict[str, Any]:
    return {"document": d.title, "outlet": d.outlet, "claim": c.claim_no, "text": c.text,
            "name": c.claimant_name, "role": c.claimant_role, "organization": c.claimant_organization,
            "side": c.claimant_side, "anonymous": c.anonymous, "channel": c.channel, "said_on": c.said_on,
            "quote": c.quote, "modality": c.modality}


def summarize(engine: Engine, limit: int = 20) -> LedgerSummary:
    """Counts per category and the newest items of each."""
    with Session(engine) as s:
        counts = {name: s.scalar(select(func.count()).select_from(model)) or 0 for name, model in (
            ("documents", Document), ("claims", ClaimMention), ("times", TimeMention),
            ("places", PlaceMention), ("quantities", QuantityMention), ("events", EventMention))}
        docs = [{"title": d.title, "outlet": d.outlet, "published": d.published,
                 "sources": [x.path or x.url for x in d.sources]}
                for d in s.scalars(select(Document).order_by(Document.published.desc()).limit(limit))]
        claims = [_claim_dict(c, d) for c, d in s.execute(
            select(ClaimMention, Document).join(Document).order_by(Document.published.desc(), ClaimMention.start)
            .limit(limit))]
        places = [(n, cc, k) for n, cc, k in s.execute(
            select(PlaceMention.name, PlaceMention.country, func.count()).group_by(
                PlaceMention.name, PlaceMention.country).order_by(func.count().desc()).limit(limit))]
        quantities = [{"text": q.text, "low": q.low, "high": q.high, "approximate": q.approximate,
                       "counted": q.counted, "as_of": q.as_of, "outlet": d.outlet}
                      for q, d in s.execute(select(QuantityMention, Document).join(Document).limit(limit))]
        events = [{"type": e.type, "mode": e.mode, "text": e.text, "status": e.status, "outlet": d.outlet,
                   "when": e.when_start or (f"({d.published[:10]})" if d.published else None)}
                  for e, d in s.execute(select(EventMention, Document).join(Document).limit(limit))]
        return LedgerSummary(counts, docs, claims, places, quantities, events, counts["times"])


def find_claims(engine: Engine, by: str | None = None, about: str | None = None,
                anonymous: bool | None = None, limit: int = 200) -> list[dict[str, Any]]:
    """Claims whose claimant matches ``by`` (name, role or organisation) and whose text holds ``about``."""
    q = select(ClaimMention, Document).join(Document)
    if by:
        like = f"%{by}%"
        q = q.where(or_(ClaimMention.claimant_name.ilike(like), ClaimMention.claimant_role.ilike(like),
                        ClaimMention.claimant_organization.ilike(like)))
    if about:
        for word in about.split():
            q = q.where(ClaimMention.text.ilike(f"%{word}%"))
    if anonymous is not None:
        q = q.where(ClaimMention.anonymous.is_(anonymous))
    q = q.order_by(ClaimMention.said_on.desc(), Document.published.desc(), ClaimMention.start).limit(limit)
    with Session(engine) as s:
        return [_claim_dict(c, d) for c, d in s.execute(q)]


def load_record(engine: Engine, sha256: str) -> dict[str, Any] | None:
    """The stored ``claimledger/1`` record of a document."""
    with Session(engine) as s:
        doc = s.scalar(select(Document).where(Document.sha256 == sha256))
        return dict(doc.record) if doc is not None else None


_CLAIMANT_KEYS = ("name", "role", "organization", "side", "anonymous")


def as_claim_record(row: dict[str, Any]) -> dict[str, Any]:
    """A ledger row in the shape of a ``claimledger/1`` claim, with the document it came from."""
    out = {k: v for k, v in row.items() if k not in _CLAIMANT_KEYS and k != "claim"}
    out["id"] = row.get("claim")
    out["claimant"] = {k: row.get(k) for k in _CLAIMANT_KEYS}
    return out
