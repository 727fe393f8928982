"""The rows of a batch as the resolution layer reads them: plain objects over the values
each row was inserted with (its id included), with the rows it refers to as attributes.

They carry no ORM state. A mapped object costs an instrumented set per column on
creation and a unit-of-work UPDATE per row it changes; the resolution layer reads tens
of these rows per document and changes two columns of some (a claim's entity and
statement, an event's cluster), so it writes those with one executemany UPDATE a batch
(:func:`write_ids`) instead. Of what the layer itself creates, entities and clusters go
through the ORM; statements, entity merges and links are written with one INSERT a batch
(:func:`write_statements`, :func:`write_merges`, resolve.Links.write).
"""
from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING, Any, TypeVar

from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.orm import Session

from claimledger.store.models import ClaimMention, Entity, EntityMerge, EventMention, Statement

if TYPE_CHECKING:
    from claimledger.store.statements import StoredStatement

R = TypeVar("R")


class Row:
    """A row just written: its columns as attributes."""
    id: int
    document_id: int
    uid: str
    text: str
    start: int
    end: int


def row(cls: type[R], values: dict[str, Any], **related: Any) -> R:
    """A ``cls`` over ``values`` (taken over, not copied) and ``related``."""
    obj = cls.__new__(cls)
    values.update(related)
    obj.__dict__ = values
    return obj


class PlaceRow(Row):
    name: str
    country: str | None
    feature: str
    lat: float | None
    lon: float | None
    geonames_id: int | None


class ClaimRow(Row):
    claim_no: int
    claimant_name: str | None
    claimant_role: str | None
    claimant_organization: str | None
    claimant_side: str | None
    anonymous: bool
    channel: str | None
    said_on: str | None
    day: str | None
    quote: str
    modality: str
    attributed: bool
    entity_id: int | None
    statement_id: int | None
    #: what the resolution layer finds: the speaker and the statement (either may have its id
    #: only once the batch's new entities and statements are flushed; see :func:`write_ids`)
    entity: Entity | None
    statement: StoredStatement | StatementRow | None


class QuantityRow(Row):
    low: float | None
    high: float | None
    approximate: bool
    unit: str | None
    claim_no: int | None
    claim_id: int | None
    as_of: str | None
    measure_place: str | None
    measure_key: str | None
    claim: ClaimRow | None


class EventRow(Row):
    type: str
    mode: str | None
    actors: list[str]
    targets: list[str]
    place_name: str | None
    place_country: str | None
    place_feature: str | None
    place_lat: float | None
    place_lon: float | None
    when_start: str | None
    when_end: str | None
    status: str
    cluster_id: int | None
    claims: list[ClaimRow]
    place: PlaceRow | None


class StatementRow:
    """A statement the batch makes: written by :func:`write_statements` once the batch's
    claims are assigned (a stored statement a claim repeats is a ``statements.StoredStatement``)."""
    id: int | None
    uid: str
    entity_id: int | None
    speaker_key: str
    text: str
    modality: str
    side: str | None
    anonymous: bool
    first_day: str | None
    last_day: str | None
    reports: int
    signature: bytes


def drawn_uid(s: Session, model: Any, uid: str) -> str:
    """``uid`` (a statement's, entity's or cluster's, drawn from the first item it was made for),
    or, when ``model``'s table holds it already, the first free one drawn from it again. Only a
    page read again (writer.refresh_document) can draw a uid twice: its items keep their uids,
    and a statement, entity or cluster its first read made stays where other pages share it.
    Until a page is read again in the transaction, nothing is looked up."""
    if not s.info.get("refreshed"):
        return uid
    kind = uid.split(":", 1)[0]
    drawn, n = uid, 1
    while s.scalar(select(model.id).where(model.uid == drawn).limit(1)) is not None:
        n += 1
        drawn = f"{kind}:" + hashlib.sha256(f"{uid} {n}".encode()).hexdigest()[:16]
    return drawn


def write_statements(s: Session, made: list[StatementRow]) -> None:
    """Insert the batch's new statements in the order they were made (one multi-row INSERT …
    RETURNING) and give each its id."""
    if not made:
        return
    table: Any = Statement.__table__
    cols = [c.key for c in table.columns if c.key != "id"]
    for st in made:
        st.uid = drawn_uid(s, Statement, st.uid)
    got = s.execute(insert(table).returning(table.c.id, sort_by_parameter_order=True),
                    [{k: st.__dict__[k] for k in cols} for st in made])
    for st, (new_id,) in zip(made, got):
        st.id = new_id


def update_by_id(s: Session, table: Any, rows: list[dict[str, Any]]) -> None:
    """Set each row's values (``rows``: dicts of ``id`` and the columns to set, all with the same
    keys) on the row of ``table`` with that id: one executemany UPDATE."""
    if not rows:
        return
    keys = [k for k in rows[0] if k != "id"]
    # (a bound name may not be a column's: SQLAlchemy keeps those for the SET clause)
    s.execute(update(table).where(table.c.id == bindparam("row_id")).values({k: bindparam(f"new_{k}") for k in keys}),
              [{"row_id": r["id"], **{f"new_{k}": r[k] for k in keys}} for r in rows])


def write_merges(s: Session, merges: list[tuple[Entity, int, str, float, str]]) -> None:
    """Insert why each claim was taken for its entity, (entity, claim id, alias, score, reason)
    in the order found, the entities flushed (one executemany INSERT)."""
    if merges:
        table: Any = EntityMerge.__table__
        s.execute(insert(table), [{"entity_id": e.id, "claim_id": c, "alias": a, "score": sc, "reason": r}
                                  for e, c, a, sc, r in merges])


def write_ids(s: Session, claims: list[ClaimRow] | None = None, events: list[EventRow] | None = None) -> None:
    """Write what the layer found for the batch's claims (``entity_id``, set by the caller once
    the entities are flushed, and the statement, its id read off the flushed object) or events
    (cluster), one executemany UPDATE per table; rows whose values are still None are left as
    inserted."""
    if claims:
        found = []
        for c in claims:  # entity_id the caller set once the entities had their ids
            c.statement_id = c.statement.id if c.statement is not None else None
            if c.entity_id is not None or c.statement_id is not None:
                found.append({"rid": c.id, "e": c.entity_id, "st": c.statement_id})
        if found:
            table: Any = ClaimMention.__table__
            s.execute(update(table).where(table.c.id == bindparam("rid"))
                      .values(entity_id=bindparam("e"), statement_id=bindparam("st")), found)
    if events:
        placed = [{"rid": e.id, "c": e.cluster_id} for e in events if e.cluster_id is not None]
        if placed:
            table = EventMention.__table__
            s.execute(update(table).where(table.c.id == bindparam("rid")).values(cluster_id=bindparam("c")), placed)
