"""The one writer of the ledger: records in, rows out, one transaction a batch.

Re-storing a document with the same text hash changes nothing but remembers
a new source; a failure rolls back the batch being written and leaves every
earlier batch in place.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from claimledger.errors import StoreError
from claimledger.store.models import (ClaimMention, Document, DocumentSource, EventMention, PlaceMention,
                                      QuantityMention, Segment, TimeMention)


@dataclass
class StoreResult:
    stored: int = 0
    unchanged: int = 0
    names: list[str] = field(default_factory=list)


def _rows(doc_id: int, rec: dict[str, Any]) -> list[Any]:
    rows: list[Any] = []
    for s in rec["segments"]:
        rows.append(Segment(document_id=doc_id, kind=s["kind"], start=s["start"], end=s["end"],
                            published=s.get("published")))
    for t in rec["times"]:
        iv = t.get("interval") or {}
        rows.append(TimeMention(document_id=doc_id, text=t["text"], start=t["start"], end=t["end"], type=t["type"],
                                value=t["value"], interval_start=iv.get("start"), interval_end=iv.get("end")))
    for p in rec["places"]:
        rows.append(PlaceMention(document_id=doc_id, **{k: p.get(k) for k in (
            "text", "start", "end", "name", "country", "feature", "lat", "lon", "geonames_id")}))
    for q in rec["quantities"]:
        m = q.get("measure") or {}
        rows.append(QuantityMention(document_id=doc_id, claim_no=q.get("claim"), as_of=q.get("as_of"),
                                    measure_subject=m.get("subject"), measure=m.get("measure"),
                                    measure_place=m.get("place"), measure_key=m.get("key"),
                                    **{k: q.get(k) for k in ("text", "start", "end", "low", "high", "approximate",
                                                             "unit", "counted", "derived_from")}))
    for c in rec["claims"]:
        who = c["claimant"]
        rows.append(ClaimMention(
            document_id=doc_id, claim_no=c["id"], text=c["text"], start=c["start"], end=c["end"],
            claimant_name=who.get("name"), claimant_role=who.get("role"),
            claimant_organization=who.get("organization"), claimant_side=who.get("side"),
            anonymous=bool(who.get("anonymous")), channel=c.get("channel"), said_on=c.get("said_on"),
            quote=c["quote"], modality=c["modality"], attributed=c.get("attributed", True)))
    for e in rec["events"]:
        when = e.get("when") or {}
        idx = e.get("place")
        place = rec["places"][idx] if idx is not None and 0 <= idx < len(rec["places"]) else {}
        rows.append(EventMention(
            place_name=place.get("name"), place_country=place.get("country"), place_feature=place.get("feature"),
            place_lat=place.get("lat"), place_lon=place.get("lon"),
            document_id=doc_id, type=e["type"], mode=e.get("mode"), text=e["text"], start=e["start"],
            end=e["end"], actors=e.get("actors", []), targets=e.get("targets", []), place_index=e.get("place"),
            when_start=when.get("start"), when_end=when.get("end"), status=e["status"],
            claim_nos=e.get("claims", [])))
    return rows


def _store_one(session: Session, rec: dict[str, Any]) -> bool:
    """Add one record; False when the same text was stored before."""
    src = rec.get("source") or {}
    existing = session.scalar(select(Document).where(Document.sha256 == src["sha256"]))
    if existing is not None:
        if not any(s.path == src.get("path") and s.url == src.get("url") for s in existing.sources):
            existing.sources.append(DocumentSource(path=src.get("path"), url=src.get("url")))
        return False
    meta = rec["document"]
    doc = Document(sha256=src["sha256"], title=meta.get("title"), published=meta.get("published"),
                   outlet=meta.get("outlet"), language=meta.get("language"), text=rec["text"], record=rec)
    doc.sources.append(DocumentSource(path=src.get("path"), url=src.get("url")))
    session.add(doc)
    session.flush()
    session.add_all(_rows(doc.id, rec))
    return True


def store_records(engine: Engine, records: Iterable[dict[str, Any]]) -> StoreResult:
    """Store ``claimledger/1`` records in one transaction; idempotent by text hash."""
    result = StoreResult()
    try:
        with Session(engine) as session, session.begin():
            for rec in records:
                name = (rec.get("source") or {}).get("path") or (rec.get("source") or {}).get("url") or "?"
                if _store_one(session, rec):
                    result.stored += 1
                else:
                    result.unchanged += 1
                result.names.append(name)
    except SQLAlchemyError as exc:
        raise StoreError(f"could not write to the ledger; nothing from this batch was stored "
                         f"({exc.__class__.__name__}: {str(exc).splitlines()[0]})") from exc
    return result
