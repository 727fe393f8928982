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

from claimledger.errors import RecordError, StoreError
from claimledger.records import item_uid
from claimledger.store.models import (ClaimMention, Document, DocumentSource, EventMention, PlaceMention,
                                      QuantityMention, Segment, TimeMention)


@dataclass
class StoreResult:
    stored: int = 0
    unchanged: int = 0
    names: list[str] = field(default_factory=list)


def _uid(rec: dict[str, Any], kind: str, n: int) -> str:
    return item_uid(rec["source"]["sha256"], kind, n)


def _rows(doc_id: int, rec: dict[str, Any]) -> list[Any]:
    """The rows of one record, each with its stable id; references between items are rows."""
    rows: list[Any] = []
    for n, s in enumerate(rec["segments"], 1):
        rows.append(Segment(document_id=doc_id, uid=_uid(rec, "segment", n), kind=s["kind"], start=s["start"],
                            end=s["end"], published=s.get("published")))
    for n, t in enumerate(rec["times"], 1):
        iv = t.get("interval") or {}
        rows.append(TimeMention(document_id=doc_id, uid=_uid(rec, "time", n), text=t["text"], start=t["start"],
                                end=t["end"], type=t["type"], value=t["value"], interval_start=iv.get("start"),
                                interval_end=iv.get("end")))
    places = [PlaceMention(document_id=doc_id, uid=_uid(rec, "place", n), **{k: p.get(k) for k in (
        "text", "start", "end", "name", "country", "feature", "lat", "lon", "geonames_id")})
        for n, p in enumerate(rec["places"], 1)]
    claims: dict[int, ClaimMention] = {}
    for n, c in enumerate(rec["claims"], 1):
        who = c["claimant"]
        claims[c["id"]] = ClaimMention(
            document_id=doc_id, uid=_uid(rec, "claim", n), claim_no=c["id"], text=c["text"], start=c["start"],
            end=c["end"], claimant_name=who.get("name"), claimant_role=who.get("role"),
            claimant_organization=who.get("organization"), claimant_side=who.get("side"),
            anonymous=bool(who.get("anonymous")), channel=c.get("channel"), said_on=c.get("said_on"),
            quote=c["quote"], modality=c["modality"], attributed=c.get("attributed", True))
    quantities: list[QuantityMention] = []
    for n, q in enumerate(rec["quantities"], 1):
        m = q.get("measure") or {}
        quantities.append(QuantityMention(
            document_id=doc_id, uid=_uid(rec, "quantity", n), claim_no=q.get("claim"), claim=claims.get(q.get("claim")),
            as_of=q.get("as_of"), measure_subject=m.get("subject"), measure=m.get("measure"),
            measure_place=m.get("place"), measure_key=m.get("key"),
            **{k: q.get(k) for k in ("text", "start", "end", "low", "high", "approximate", "unit", "counted",
                                     "derived_from")}))
    for q, row in zip(rec["quantities"], quantities):
        whole = q.get("derived_from")
        if whole is not None and 0 <= whole < len(quantities) and quantities[whole] is not row:
            row.whole = quantities[whole]
    for n, e in enumerate(rec["events"], 1):
        when = e.get("when") or {}
        idx = e.get("place")
        at = idx is not None and 0 <= idx < len(places)
        place = rec["places"][idx] if at else {}
        rows.append(EventMention(
            place_name=place.get("name"), place_country=place.get("country"), place_feature=place.get("feature"),
            place_lat=place.get("lat"), place_lon=place.get("lon"), place=places[idx] if at else None,
            document_id=doc_id, uid=_uid(rec, "event", n), type=e["type"], mode=e.get("mode"), text=e["text"],
            start=e["start"], end=e["end"], actors=e.get("actors", []), targets=e.get("targets", []),
            place_index=idx, when_start=when.get("start"), when_end=when.get("end"), status=e["status"],
            claim_nos=e.get("claims", []),
            claims=[claims[no] for no in dict.fromkeys(e.get("claims", [])) if no in claims]))
    return rows + places + list(claims.values()) + quantities


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


def known_hashes(engine: Engine, hashes: Iterable[str]) -> set[str]:
    """Which of these text hashes the ledger holds already (their NLP can be skipped)."""
    wanted = [h for h in hashes if h]
    if not wanted:
        return set()
    try:
        with Session(engine) as session:
            return set(session.scalars(select(Document.sha256).where(Document.sha256.in_(wanted))))
    except SQLAlchemyError as exc:
        raise StoreError(f"could not read the ledger ({exc.__class__.__name__}: {str(exc).splitlines()[0]})") from exc


def store_records(engine: Engine, records: Iterable[dict[str, Any]]) -> StoreResult:
    """Store ``claimledger/1`` records in one transaction; idempotent by text hash."""
    result = StoreResult()
    try:
        with Session(engine) as session, session.begin():
            for rec in records:
                name = (rec.get("source") or {}).get("path") or (rec.get("source") or {}).get("url") or "?"
                try:
                    stored = _store_one(session, rec)
                except (KeyError, TypeError, AttributeError) as exc:
                    raise RecordError(f"not a claimledger/1 record ({exc.__class__.__name__}: {exc}); "
                                      "nothing from this batch was stored", source=name) from exc
                if stored:
                    result.stored += 1
                else:
                    result.unchanged += 1
                result.names.append(name)
    except SQLAlchemyError as exc:
        raise StoreError(f"could not write to the ledger; nothing from this batch was stored "
                         f"({exc.__class__.__name__}: {str(exc).splitlines()[0]})") from exc
    return result
