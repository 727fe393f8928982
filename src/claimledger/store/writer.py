"""The one writer of the ledger: records in, rows out, one transaction a batch.

Re-storing a document with the same text hash remembers a new source. When the
new read knows what the stored one lacked (a publication date, an outlet), or its
extraction differs from the stored one (a newer claimledger, new fields after a
schema upgrade) without knowing less, the document's metadata and every row that
hangs on them (segments, anchored times, claims' ``said_on``, quantities' as-of
dates, events) are derived again from the new record, and its rows leave the
resolution layer and are resolved again, in the same transaction.
Each document is written in a savepoint of its own: one that the database
refuses (a value too long for its column, say) is rolled back alone, recorded in
the ``rejected`` table with the reason, and the batch goes on. Text values are
fitted to their columns first (NUL characters, which PostgreSQL refuses, become
U+FFFD; over-long short strings are cut), so such refusals are rare. Two
writers storing the same document at once (PostgreSQL) end with it stored once:
the loser's unique violation is retried as "already in the ledger". A failure
of the batch itself rolls it back and leaves every earlier batch in place.
"""
from __future__ import annotations

import json
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from operator import itemgetter
from typing import Any

from sqlalchemy import Engine, String, delete, func, insert, select, text, update
from sqlalchemy.exc import DataError, IntegrityError, SQLAlchemyError, StatementError
from sqlalchemy.orm import Session, make_transient_to_detached

from claimledger.errors import RecordError, StoreError
from claimledger.fingerprint import extractor
from claimledger.records import item_uid
from claimledger.store.models import (ClaimMention, Document, DocumentSource, Entity, EntityMerge, EventClaim,
                                      EventCluster, EventMention, PlaceMention, QuantityMention, Rejected, Segment,
                                      Statement, TimeMention)
from claimledger.store.estimates import fill_figures, fill_keywords
from claimledger.store.resolve import resolve_batch
from claimledger.store.rows import ClaimRow, EventRow, PlaceRow, QuantityRow, Row, row

#: the tables of a document's derived items, those that refer to others first (deleted in
#: this order, and written again, when a document is derived again)
ITEM_MODELS = (EventMention, QuantityMention, ClaimMention, PlaceMention, TimeMention, Segment)


#: the PostgreSQL advisory lock writers take in turn (see store_records)
WRITER_LOCK_KEY = zlib.crc32(b"claimledger-writer")


@dataclass
class StoreResult:
    stored: int = 0
    unchanged: int = 0
    #: documents already in the ledger derived again: the new read gave a date or outlet they
    #: lacked, or a changed extraction
    updated: int = 0
    names: list[str] = field(default_factory=list)
    #: (name, reason) of the documents the database refused; each is in the ``rejected`` table
    rejected: list[tuple[str, str]] = field(default_factory=list)


@lru_cache(maxsize=None)
def _text_columns(table: Any) -> tuple[tuple[str, int | None], ...]:
    """A table's columns with the length of each ``String(n)`` (None: unbounded), read once per table."""
    return tuple((col.key, col.type.length if isinstance(col.type, String) else None) for col in table.columns)


def fit(row: Any) -> Any:
    """``row`` with its text values fitted to their columns: NUL -> U+FFFD (same length, so
    offsets hold), strings longer than a ``String(n)`` column cut to ``n`` characters."""
    for key, length in _text_columns(row.__table__):
        value = getattr(row, key, None)
        if isinstance(value, str) and (fitted := _fit_text(value, length)) is not value:
            setattr(row, key, fitted)  # set only what changed: each set is an ORM event
    return row


def _fitted(table: Any, values: dict[str, Any]) -> dict[str, Any]:
    """:func:`fit` for the values of a row written with a Core insert."""
    for key, length in _text_columns(table):
        value = values.get(key)
        if isinstance(value, str):
            values[key] = _fit_text(value, length)
    return values


def _fit_text(value: str, length: int | None) -> str:
    """``value`` fitted to a column of ``length`` characters (None: unbounded); ``value``
    itself when it fits."""
    fitted = value.replace("\x00", "\ufffd") if "\x00" in value else value
    if length and len(fitted) > length:
        fitted = fitted[:length - 1] + "…"
    return fitted


def _insert(session: Session, model: Any, rows: list[dict[str, Any]]) -> list[int]:
    """Insert ``rows`` into ``model``'s table in one executemany; their new ids, in the rows'
    order (each row's ``id`` is set too). On PostgreSQL a multi-row INSERT … RETURNING, its ids
    from the table's sequence. On SQLite, where RETURNING cannot be matched to the rows of a
    multi-row INSERT (SQLAlchemy runs one INSERT a row to keep their order), the ids are
    given: the table's largest plus one, two, ...: the ids SQLite itself would give them in
    turn, as the one writer its write lock lets in (store_records' transaction)."""
    if not rows:
        return []
    table = model.__table__
    fitted = [_fitted(table, r) for r in rows]
    if session.get_bind().dialect.name == "sqlite":
        for n, r in enumerate(fitted, _next_id(session, table, len(fitted))):
            r["id"] = n
        _insert_plain(session, table, fitted)
        return [r["id"] for r in fitted]
    got = session.execute(insert(table).returning(table.c.id, sort_by_parameter_order=True), fitted)
    ids = [i for (i,) in got]
    for r, i in zip(fitted, ids):
        r["id"] = i
    return ids


def _next_id(session: Session, table: Any, n: int) -> int:
    """The first of ``n`` new ids of ``table`` on SQLite: its largest id plus one, read once a
    transaction and counted on from there (this writer alone inserts while it holds the
    write lock). :func:`_forget_ids` drops the count where rows went: a savepoint rolled
    back, a document's rows deleted to be written again."""
    counts = session.info.setdefault("next_ids", {})
    first = counts.get(table.name)
    if first is None:
        first = (session.scalar(select(func.max(table.c.id))) or 0) + 1
    counts[table.name] = first + n
    return int(first)


def _forget_ids(session: Session, table: Any = None) -> None:
    """Drop :func:`_next_id`'s counts (only ``table``'s, when given): their next ids are read again."""
    if table is None:
        session.info.pop("next_ids", None)
    else:
        session.info.get("next_ids", {}).pop(table.name, None)


def _insert_plain(session: Session, table: Any, rows: list[dict[str, Any]]) -> None:
    """INSERT ``rows`` (every one with the same keys) in one executemany. On SQLite, for a
    table whose columns have no defaults to fill, the statement goes to the driver as it is,
    each value through its column type's own bind processor: what SQLAlchemy's Core insert
    sends, without its per-row bookkeeping (a third of a page's writing time)."""
    dialect = session.get_bind().dialect
    plan = _plain_insert(table, dialect, tuple(rows[0])) if dialect.name == "sqlite" else None
    if plan is None:
        session.execute(insert(table), rows)
        return
    sql, get, procs = plan
    if procs:
        params = []
        try:
            for r in rows:
                values = list(get(r))
                for i, proc in procs:
                    values[i] = proc(values[i])
                params.append(tuple(values))
        except (TypeError, ValueError) as exc:  # a value its type refuses ("approximate": 2), as Core reports it
            raise StatementError(f"({type(exc).__module__}.{type(exc).__name__}) {exc}", sql, None, exc) from exc
    else:
        params = [get(r) for r in rows]
    session.connection().exec_driver_sql(sql, params)


#: an INSERT statement, what takes a row's values in its column order, and the bind processor
#: of each column that has one, by its place
Plan = tuple[str, Callable[[dict[str, Any]], Any], list[tuple[int, Callable[[Any], Any]]]]
_PLANS: dict[tuple[Any, str, tuple[str, ...]], Plan | None] = {}


def _plain_insert(table: Any, dialect: Any, keys: tuple[str, ...]) -> Plan | None:
    """What :func:`_insert_plain` sends for rows with these keys (None: a column has a default,
    or a value is not a column: Core's insert does those)."""
    key = (table, dialect.name, keys)
    if key in _PLANS:
        return _PLANS[key]
    plan: Plan | None
    cols = table.columns
    if len(keys) < 2 or any(k not in cols for k in keys) or any(
            (c.default is not None or c.server_default is not None) and c.key not in keys for c in cols):
        plan = None
    else:
        quote = dialect.identifier_preparer.quote
        names = ", ".join(quote(cols[k].name) for k in keys)
        sql = f"INSERT INTO {quote(table.name)} ({names}) VALUES ({', '.join('?' for _ in keys)})"
        procs = [(i, proc) for i, k in enumerate(keys)
                 if (proc := cols[k].type.dialect_impl(dialect).bind_processor(dialect)) is not None]
        plan = (sql, itemgetter(*keys), procs)
    _PLANS[key] = plan
    return plan


def _persistent(session: Session, model: Any, values: dict[str, Any]) -> Any:
    """The ORM object of a row just inserted (``values`` holds every column, its id included),
    attached to the session as loaded from the database (a document: what is stored later
    in the batch may change it, and only what changes is written, never the row again)."""
    obj = model(**values)
    make_transient_to_detached(obj)
    session.add(obj)
    return obj


def _quantity_order(quantities: list[dict[str, Any]]) -> list[int]:
    """The order a document's figures are written in, a figure after the one it is a share of
    (its ``derived_from``): those that are a share of none first, then those of a share of
    those, and so on, each layer in record order, as SQLAlchemy's unit of work wrote them
    (the ids of a ledger stay what they were)."""
    n = len(quantities)
    whole = {i: w for i, q in enumerate(quantities)
             if (w := q.get("derived_from")) is not None and 0 <= w < n and w != i}
    order: list[int] = []
    done: set[int] = set()
    todo = list(range(n))
    while todo:
        layer = [i for i in todo if i not in whole or whole[i] in done]
        if not layer:  # a cycle (a record should never hold one): the rest in record order
            layer = todo
        order += layer
        done |= set(layer)
        todo = [i for i in todo if i not in done]
    return order


def _write_rows(session: Session, doc_id: int, rec: dict[str, Any]) -> list[Row]:
    """Write the rows of one record, each with its stable id, in one multi-row INSERT per table;
    the rows the resolution layer reads (places, claims, figures, events) as plain objects
    (store/rows.py), with references between items as rows."""
    uid = rec["source"]["sha256"]

    def item(kind: str, n: int) -> str:
        return item_uid(uid, kind, n)

    segments = [{"document_id": doc_id, "uid": item("segment", n), "kind": s["kind"], "start": s["start"],
                 "end": s["end"], "published": s.get("published")} for n, s in enumerate(rec["segments"], 1)]
    times = []
    for n, t in enumerate(rec["times"], 1):
        iv = t.get("interval") or {}
        times.append({"document_id": doc_id, "uid": item("time", n), "text": t["text"], "start": t["start"],
                      "end": t["end"], "type": t["type"], "value": t["value"], "interval_start": iv.get("start"),
                      "interval_end": iv.get("end")})
    place_rows = [{"document_id": doc_id, "uid": item("place", n), **{k: p.get(k) for k in (
        "text", "start", "end", "name", "country", "feature", "lat", "lon", "geonames_id")}}
        for n, p in enumerate(rec["places"], 1)]
    meta_day = rec["document"].get("published")
    claim_rows = []
    for n, c in enumerate(rec["claims"], 1):
        who = c["claimant"]
        claim_rows.append({
            "document_id": doc_id, "uid": item("claim", n), "claim_no": c["id"], "text": c["text"],
            "start": c["start"], "end": c["end"], "claimant_name": who.get("name"), "claimant_role": who.get("role"),
            "claimant_organization": who.get("organization"), "claimant_side": who.get("side"),
            "anonymous": bool(who.get("anonymous")), "channel": c.get("channel"), "said_on": c.get("said_on"),
            "day": ((c.get("said_on") or meta_day or "")[:10] or None),
            "quote": c["quote"], "modality": c["modality"], "attributed": c.get("attributed", True),
            "entity_id": None, "statement_id": None})
    # a record names a claim by its id, and the last claim of an id is the one it means
    claim_at = {c["id"]: i for i, c in enumerate(rec["claims"])}
    # places and claims are written in the order the ORM's cascade from each event reached them
    # (its place, then its claims), then the others in record order: the ids they always had
    n_places = len(place_rows)
    first_places: dict[int, None] = {}
    first_claims: dict[int, None] = {}
    for e in rec["events"]:
        idx = e.get("place")
        if idx is not None and 0 <= idx < n_places:
            first_places.setdefault(idx, None)
        for no in dict.fromkeys(e.get("claims", [])):
            if no in claim_at:
                first_claims.setdefault(no, None)
    porder = [*first_places, *(i for i in range(n_places) if i not in first_places)]
    for i, new_id in zip(porder, _insert(session, PlaceMention, [place_rows[i] for i in porder])):
        place_rows[i]["id"] = new_id
    places = [row(PlaceRow, r) for r in place_rows]
    used = [claim_at[no] for no in [*first_claims, *(no for no in claim_at if no not in first_claims)]]
    for i, new_id in zip(used, _insert(session, ClaimMention, [claim_rows[i] for i in used])):
        claim_rows[i]["id"] = new_id
    claims = {no: row(ClaimRow, claim_rows[i], entity=None, statement=None) for no, i in claim_at.items()}
    qs = rec["quantities"]
    quantity_rows = []
    for n, q in enumerate(qs, 1):
        m = q.get("measure") or {}
        claim = claims.get(q.get("claim"))
        quantity_rows.append({
            "document_id": doc_id, "uid": item("quantity", n), "claim_no": q.get("claim"),
            "claim_id": claim.id if claim is not None else None, "derived_from_id": None,
            "as_of": q.get("as_of"), "measure_subject": m.get("subject"), "measure": m.get("measure"),
            "measure_place": m.get("place"), "measure_key": m.get("key"),
            **{k: q.get(k) for k in ("text", "start", "end", "low", "high", "approximate", "unit", "counted",
                                     "derived_from")}})
    order = _quantity_order(qs)
    # layer by layer, so that each figure's whole has its id when the figure is written
    written: set[int] = set()
    while len(written) < len(order):
        layer = []
        for i in order:
            if i in written:
                continue
            w = quantity_rows[i]["derived_from"]
            if w is not None and 0 <= w < len(qs) and w != i:
                if w not in written:
                    break
                quantity_rows[i]["derived_from_id"] = quantity_rows[w]["id"]
            layer.append(i)
        if not layer:
            raise RecordError("a figure is a share of itself through others", source=rec["source"].get("path"))
        for i, new_id in zip(layer, _insert(session, QuantityMention, [quantity_rows[i] for i in layer])):
            quantity_rows[i]["id"] = new_id
        written |= set(layer)
    quantities = [row(QuantityRow, r, claim=claims.get(r["claim_no"])) for r in quantity_rows]
    event_rows, event_claims = [], []
    for n, e in enumerate(rec["events"], 1):
        when = e.get("when") or {}
        idx = e.get("place")
        at = idx is not None and 0 <= idx < len(places)
        place = rec["places"][idx] if at else {}
        event_rows.append({
            "place_name": place.get("name"), "place_country": place.get("country"),
            "place_feature": place.get("feature"), "place_lat": place.get("lat"), "place_lon": place.get("lon"),
            "place_id": places[idx].id if at else None, "cluster_id": None,
            "document_id": doc_id, "uid": item("event", n), "type": e["type"], "mode": e.get("mode"),
            "text": e["text"], "start": e["start"], "end": e["end"], "actors": e.get("actors", []),
            "targets": e.get("targets", []), "place_index": idx, "when_start": when.get("start"),
            "when_end": when.get("end"), "status": e["status"], "claim_nos": e.get("claims", [])})
        event_claims.append([claims[no] for no in dict.fromkeys(e.get("claims", [])) if no in claims])
    for values, i in zip(event_rows, _insert(session, EventMention, event_rows)):
        values["id"] = i
    links = [{"event_id": r["id"], "claim_id": c.id} for r, cs in zip(event_rows, event_claims) for c in cs]
    if links:
        _insert_plain(session, EventClaim.__table__, links)
    events = [row(EventRow, r, claims=cs, place=places[r["place_index"]] if r["place_id"] is not None else None)
              for r, cs in zip(event_rows, event_claims)]
    for model, plain in ((Segment, segments), (TimeMention, times)):
        if plain:  # no object needed: nothing reads them in the batch
            table: Any = model.__table__
            _insert_plain(session, table, [_fitted(table, r) for r in plain])
    out: list[Row] = [*events, *places, *claims.values(), *quantities]
    return out


def knows_more(stored: Document, rec: dict[str, Any]) -> bool:
    """The new read gives a publication date or an outlet the stored document lacks."""
    meta = rec.get("document") or {}
    return bool((meta.get("published") and not stored.published) or (meta.get("outlet") and not stored.outlet))


def knows_less(stored: Document, rec: dict[str, Any]) -> bool:
    """The new read lacks a publication date or an outlet the stored document has (it was
    read without its sidecar, say): its extraction is not the better one."""
    meta = rec.get("document") or {}
    return bool((stored.published and not meta.get("published")) or (stored.outlet and not meta.get("outlet")))


def _same_extraction(stored: dict[str, Any], rec: dict[str, Any]) -> bool:
    """Whether two records of one text say the same (where it came from aside)."""
    def strip(r: dict[str, Any]) -> str:
        return json.dumps({k: v for k, v in r.items() if k != "source"}, sort_keys=True, default=str)
    return strip(stored) == strip(rec)


def _unresolve(session: Session, doc_id: int) -> None:
    """Take a document's rows out of the resolution layer before they are replaced: a statement,
    entity or event cluster only this document reports goes (its uid is drawn from this
    document's items and comes back with the new read); one other documents share loses this
    document's count."""
    for model, fk, parent, count in ((ClaimMention, ClaimMention.statement_id, Statement, Statement.reports),
                                     (ClaimMention, ClaimMention.entity_id, Entity, Entity.mentions),
                                     (EventMention, EventMention.cluster_id, EventCluster, EventCluster.mentions)):
        here = {pid: n for pid, n in session.execute(
            select(fk, func.count()).where(model.document_id == doc_id, fk.is_not(None)).group_by(fk))}
        if not here:
            continue
        shared = set(session.scalars(select(fk).where(model.document_id != doc_id, fk.in_(list(here))).distinct()))
        session.execute(delete(parent).where(parent.id.in_([i for i in here if i not in shared])))
        for pid in shared:
            session.execute(update(parent).where(parent.id == pid).values({count.key: count - here[pid]}))


def refresh_document(session: Session, stored: Document, rec: dict[str, Any]) -> list[Any]:
    """Replace a stored document's metadata, record and extracted rows with a new read of the
    same text (whose dates now anchor its times, ``said_on`` and as-of dates); the new rows."""
    meta = rec["document"]
    session.info["refreshed"] = True  # the new rows draw the uids the first read's drew (rows.drawn_uid)
    events = select(EventMention.id).where(EventMention.document_id == stored.id)
    session.execute(delete(EventClaim).where(EventClaim.event_id.in_(events)))
    _unresolve(session, stored.id)
    claims = select(ClaimMention.id).where(ClaimMention.document_id == stored.id)
    session.execute(delete(EntityMerge).where(EntityMerge.claim_id.in_(claims)))
    session.execute(update(QuantityMention).where(QuantityMention.document_id == stored.id)
                    .values(derived_from_id=None, claim_id=None))
    for model in ITEM_MODELS:
        session.execute(delete(model).where(model.document_id == stored.id))
    _forget_ids(session)  # the largest ids may have gone with them: SQLite gives them again
    stored.title = meta.get("title") or stored.title
    stored.published = meta.get("published") or stored.published
    stored.outlet = meta.get("outlet") or stored.outlet
    stored.language = meta.get("language") or stored.language
    stored.record = rec
    fit(stored)
    session.flush()
    return _write_rows(session, stored.id, rec)


def _store_one(session: Session, rec: dict[str, Any]) -> tuple[str, tuple[Document, list[Row]] | None]:
    """Add one record: "stored", "updated" (the same text, now with a date or outlet it
    lacked) or "unchanged", with the document and the rows to resolve."""
    src = rec.get("source") or {}
    existing = session.scalar(select(Document).where(Document.sha256 == src["sha256"]))
    if existing is not None:
        if not any(s.path == src.get("path") and s.url == src.get("url") for s in existing.sources):
            existing.sources.append(fit(DocumentSource(path=src.get("path"), url=src.get("url"))))
            # SQLite gives the new source its id when it is flushed: the count (_next_id) is read again
            _forget_ids(session, DocumentSource.__table__)
        if knows_more(existing, rec) or not (knows_less(existing, rec) or _same_extraction(existing.record, rec)):
            rows = refresh_document(session, existing, rec)
            existing.extracted_by = extractor()
            return "updated", (existing, rows)
        if not knows_less(existing, rec):
            existing.extracted_by = extractor()  # this claimledger reads it the same: no need to again
        return "unchanged", None
    meta = rec["document"]
    values = {"sha256": src["sha256"], "title": meta.get("title"), "published": meta.get("published"),
              "outlet": meta.get("outlet"), "language": meta.get("language"), "text": rec["text"], "record": rec,
              "extracted_by": extractor()}
    values["id"] = _insert(session, Document, [values])[0]
    _insert(session, DocumentSource, [{"document_id": values["id"], "path": src.get("path"), "url": src.get("url")}])
    rows = _write_rows(session, values["id"], rec)
    doc = _persistent(session, Document, values)
    return "stored", (doc, rows)


def _store_guarded(session: Session, rec: dict[str, Any], name: str) -> tuple[str, tuple[Document, list[Row]] | None]:
    """One record in a savepoint of its own; "rejected" when the database refuses it."""
    for attempt in (1, 2):
        try:
            with session.begin_nested():
                return _store_one(session, rec)
        except IntegrityError as exc:
            _forget_ids(session)
            # another writer stored the same text a moment ago: the second try finds it
            if attempt == 2:
                return _reject(session, name, exc), None
        except DataError as exc:  # a value the database will not take: this document alone
            _forget_ids(session)
            return _reject(session, name, exc), None
    return "rejected", None


def _reject(session: Session, name: str, exc: Exception) -> str:
    reason = f"the database refused it ({exc.__class__.__name__}: {str(exc).splitlines()[0][:500]})"
    session.add(fit(Rejected(name=name, kind="StoreError", reason=reason)))
    session.info.setdefault("rejected", []).append((name, reason))
    return "rejected"


def known_hashes(engine: Engine, hashes: Iterable[str]) -> set[str]:
    """Which of these text hashes the ledger holds already, extracted by this very claimledger
    (their NLP can be skipped; a document another claimledger extracted is read again)."""
    wanted = [h for h in hashes if h]
    if not wanted:
        return set()
    try:
        with Session(engine) as session:
            return set(session.scalars(select(Document.sha256).where(Document.sha256.in_(wanted),
                                                                     Document.extracted_by == extractor())))
    except SQLAlchemyError as exc:
        raise StoreError(f"could not read the ledger ({exc.__class__.__name__}: {str(exc).splitlines()[0]})") from exc


def store_records(engine: Engine, records: Iterable[dict[str, Any]], *, resolve: bool = True,
                  near_km: float | None = None) -> StoreResult:
    """Store ``claimledger/1`` records in one transaction; idempotent by text hash, except
    that a new read with a date or outlet the stored one lacked (or a changed extraction)
    replaces it. A document the database refuses is rolled back alone and recorded as
    rejected. With ``resolve`` the resolution layer (store/resolve.py: entities, statements,
    links, event clusters, places) is brought up to date in the same transaction."""
    result = StoreResult()
    try:
        with Session(engine) as session, session.begin():
            if resolve and engine.dialect.name == "postgresql":
                # the resolution layer updates rows every writer shares (places' counts,
                # entities, clusters): writers on PostgreSQL take turns, as SQLite's BEGIN
                # IMMEDIATE makes them, so that two never lock those rows in opposite orders
                session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": WRITER_LOCK_KEY})
            stored: dict[int, tuple[Document, list[Row]]] = {}  # by document id
            for rec in records:
                name = (rec.get("source") or {}).get("path") or (rec.get("source") or {}).get("url") or "?"
                try:
                    outcome, got = _store_guarded(session, rec, name)
                except (KeyError, TypeError, AttributeError) as exc:
                    raise RecordError(f"not a claimledger/1 record ({exc.__class__.__name__}: {exc}); "
                                      "nothing from this batch was stored", source=name) from exc
                if outcome == "rejected":
                    continue
                setattr(result, outcome, getattr(result, outcome) + 1)
                if got is not None:
                    # a page read again in this batch replaced the rows of its first read: those
                    # are gone, and only the new ones are resolved
                    stored.pop(got[0].id, None)
                    stored[got[0].id] = got
                result.names.append(name)
            if stored:
                session.flush()
                # each figure's estimate history, from its page's places (store/estimates.py)
                fill_figures(session, list(stored))
                fill_keywords(session, list(stored))
            if resolve and stored:
                resolve_batch(session, list(stored.values()), near_km)
            result.rejected = list(session.info.get("rejected", []))
    except SQLAlchemyError as exc:
        raise StoreError(f"could not write to the ledger; nothing from this batch was stored "
                         f"({exc.__class__.__name__}: {str(exc).splitlines()[0]})") from exc
    return result


def record_rejected(engine: Engine, rejected: Iterable[tuple[str, str, str]]) -> int:
    """Add (name, kind, reason) rows to the ``rejected`` table; returns how many."""
    rows = [fit(Rejected(name=name or "?", kind=kind, reason=reason)) for name, kind, reason in rejected]
    if not rows:
        return 0
    try:
        with Session(engine) as session, session.begin():
            session.add_all(rows)
    except SQLAlchemyError as exc:
        raise StoreError(f"could not record the rejected documents ({exc.__class__.__name__}: "
                         f"{str(exc).splitlines()[0]})") from exc
    return len(rows)


def list_rejected(engine: Engine, limit: int = 100) -> list[dict[str, Any]]:
    """The newest rejected documents: when, what, which kind of error and why."""
    with Session(engine) as session:
        return [{"rejected_at": r.rejected_at.isoformat(timespec="seconds"), "name": r.name, "kind": r.kind,
                 "reason": r.reason}
                for r in session.scalars(select(Rejected).order_by(Rejected.id.desc()).limit(limit))]
