"""SQLAlchemy models of the ledger: one table per SPEC category, all keyed to documents."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (JSON, Boolean, DateTime, Float, ForeignKey, Index, Integer, LargeBinary, String, Text,
                        UniqueConstraint)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class Document(Base):
    __tablename__ = "documents"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True, index=True)
    title: Mapped[str | None] = mapped_column(Text)
    published: Mapped[str | None] = mapped_column(String(32), index=True)
    outlet: Mapped[str | None] = mapped_column(String(200), index=True)
    language: Mapped[str | None] = mapped_column(String(8))
    text: Mapped[str] = mapped_column(Text)
    #: the whole claimledger/1 record, as extracted
    record: Mapped[dict[str, Any]] = mapped_column(JSON)
    stored_at: Mapped[datetime] = mapped_column(DateTime, default=datetime.utcnow)
    #: the claimledger that extracted the stored record (fingerprint.extractor); None before 0011
    extracted_by: Mapped[str | None] = mapped_column(String(80))
    sources: Mapped[list["DocumentSource"]] = relationship(back_populates="document", cascade="all, delete-orphan")


class DocumentSource(Base):
    """Where a document arrived from; the same text from two places is one document, two sources."""
    __tablename__ = "document_sources"
    __table_args__ = (UniqueConstraint("document_id", "path", "url", name="uq_source"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    path: Mapped[str | None] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(Text)
    document: Mapped[Document] = relationship(back_populates="sources")


class _Item:
    """Columns every extracted item has: its stable id, its document and its offsets."""
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    #: the item's stable id (``records.item_uid``: "claim:9f86d081884c7d65:3"), the same on every re-ingest
    uid: Mapped[str] = mapped_column(String(80), unique=True, index=True)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)


class Segment(_Item, Base):
    __tablename__ = "segments"
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    published: Mapped[str | None] = mapped_column(String(32))


class TimeMention(_Item, Base):
    __tablename__ = "times"
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(Text)
    type: Mapped[str] = mapped_column(String(10))
    value: Mapped[str] = mapped_column(String(40))
    interval_start: Mapped[str | None] = mapped_column(String(32))
    interval_end: Mapped[str | None] = mapped_column(String(32))


class PlaceMention(_Item, Base):
    __tablename__ = "places"
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(Text)
    name: Mapped[str] = mapped_column(String(200), index=True)
    country: Mapped[str | None] = mapped_column(String(2), index=True)
    feature: Mapped[str] = mapped_column(String(20))
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    geonames_id: Mapped[int | None] = mapped_column(Integer, index=True)


class QuantityMention(_Item, Base):
    __tablename__ = "quantities"
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(Text)
    low: Mapped[float | None] = mapped_column(Float)
    high: Mapped[float | None] = mapped_column(Float)
    approximate: Mapped[bool] = mapped_column(Boolean)
    unit: Mapped[str | None] = mapped_column(String(100))
    counted: Mapped[str | None] = mapped_column(Text)
    derived_from: Mapped[int | None] = mapped_column(Integer)
    claim_no: Mapped[int | None] = mapped_column(Integer)
    #: the claim that carries it and the quantity it is a share of, by row (the record says by position)
    claim_id: Mapped[int | None] = mapped_column(ForeignKey("claims.id", ondelete="SET NULL"), index=True)
    derived_from_id: Mapped[int | None] = mapped_column(ForeignKey("quantities.id", ondelete="SET NULL"))
    claim: Mapped["ClaimMention | None"] = relationship(foreign_keys=[claim_id])
    whole: Mapped["QuantityMention | None"] = relationship(foreign_keys=[derived_from_id],
                                                           remote_side="QuantityMention.id")
    as_of: Mapped[str | None] = mapped_column(String(32), index=True)
    #: what it measures (see extract/measures.py); the key groups one estimate's history
    measure_subject: Mapped[str | None] = mapped_column(String(200))
    measure: Mapped[str | None] = mapped_column(String(100))
    measure_place: Mapped[str | None] = mapped_column(String(200))
    measure_key: Mapped[str | None] = mapped_column(String(300), index=True)
    #: the estimate history it belongs to (store/estimates.py's history_key), set when stored;
    #: indexed with what orders a history, so a page of histories reads the index alone
    history: Mapped[str | None] = mapped_column(String(310))
    #: the country its page is about and its own place's country (store/estimates.py's
    #: document_countries and place_countries), set with its history
    country: Mapped[str | None] = mapped_column(String(8))
    place_country: Mapped[str | None] = mapped_column(String(8))
    #: what ``estimates KEYWORDS`` matches, set with its history (store/estimates.py's fill_keywords):
    #: its measure key, place, what is counted and subject, each lowered by the database, one a line
    words: Mapped[str | None] = mapped_column(Text)
    __table_args__ = (Index("ix_quantities_history", "history", "as_of", "document_id"),)


class Contradiction(Base):
    """Two figures of one estimate history that contradict each other (store/estimates.py's
    disagree) when dated ``days`` apart, at most STORED_WINDOW: stored both ways when their
    figures are, so that a page of histories reads its figures' contradictions."""

    __tablename__ = "contradictions"
    quantity_id: Mapped[int] = mapped_column(ForeignKey("quantities.id", ondelete="CASCADE"), primary_key=True)
    other_id: Mapped[int] = mapped_column(ForeignKey("quantities.id", ondelete="CASCADE"), primary_key=True,
                                          index=True)
    days: Mapped[int] = mapped_column(Integer)


class ClaimMention(_Item, Base):
    __tablename__ = "claims"
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    #: the claim's id within its record
    claim_no: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    claimant_name: Mapped[str | None] = mapped_column(String(200), index=True)
    claimant_role: Mapped[str | None] = mapped_column(String(200))
    claimant_organization: Mapped[str | None] = mapped_column(String(300))
    claimant_side: Mapped[str | None] = mapped_column(String(2), index=True)
    anonymous: Mapped[bool] = mapped_column(Boolean, index=True)
    channel: Mapped[str | None] = mapped_column(String(200))
    said_on: Mapped[str | None] = mapped_column(String(32), index=True)
    #: the day it was said, else the day its document was published: what queries sort and filter on
    day: Mapped[str | None] = mapped_column(String(10), index=True)
    quote: Mapped[str] = mapped_column(String(10))
    modality: Mapped[str] = mapped_column(String(12))
    attributed: Mapped[bool] = mapped_column(Boolean)
    #: who said it across the ledger, and the statement (one claim, many reports) it reports
    entity_id: Mapped[int | None] = mapped_column(ForeignKey("entities.id", ondelete="SET NULL"), index=True)
    statement_id: Mapped[int | None] = mapped_column(ForeignKey("statements.id", ondelete="SET NULL"), index=True)
    statement: Mapped["Statement | None"] = relationship()
    #: the speaker, for the resolver to link a claim to an entity before the entity has its id
    entity: Mapped["Entity | None"] = relationship()


class EventMention(_Item, Base):
    __tablename__ = "events"
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    type: Mapped[str] = mapped_column(String(12), index=True)
    mode: Mapped[str | None] = mapped_column(String(24))
    text: Mapped[str] = mapped_column(Text)
    actors: Mapped[list[str]] = mapped_column(JSON)
    targets: Mapped[list[str]] = mapped_column(JSON)
    place_index: Mapped[int | None] = mapped_column(Integer)
    #: the event's place, copied from the record's places (merging across documents reads it)
    place_name: Mapped[str | None] = mapped_column(String(200))
    place_country: Mapped[str | None] = mapped_column(String(2))
    place_feature: Mapped[str | None] = mapped_column(String(16))
    place_lat: Mapped[float | None] = mapped_column(Float)
    place_lon: Mapped[float | None] = mapped_column(Float)
    when_start: Mapped[str | None] = mapped_column(String(32), index=True)
    when_end: Mapped[str | None] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(12))
    claim_nos: Mapped[list[int]] = mapped_column(JSON)
    #: the event's place and the claims that report it, by row
    place_id: Mapped[int | None] = mapped_column(ForeignKey("places.id", ondelete="SET NULL"), index=True)
    cluster_id: Mapped[int | None] = mapped_column(ForeignKey("event_clusters.id", ondelete="SET NULL"), index=True)
    place: Mapped[PlaceMention | None] = relationship()
    claims: Mapped[list["ClaimMention"]] = relationship(secondary="event_claims")


class EventClaim(Base):
    """Which claims report which event (an event reported by two sources has two)."""
    __tablename__ = "event_claims"
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"), primary_key=True, index=True)


class Feed(Base):
    """A feed ``claimledger watch`` polls, with the validators its server gave last time."""
    __tablename__ = "feeds"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    url: Mapped[str] = mapped_column(String(2000), unique=True)
    etag: Mapped[str | None] = mapped_column(String(500))
    last_modified: Mapped[str | None] = mapped_column(String(100))
    checked_at: Mapped[datetime | None] = mapped_column(DateTime)
    entries_read: Mapped[int] = mapped_column(Integer, default=0)


class FeedEntry(Base):
    """An entry of a watched feed already read (so a restart does not read it again)."""
    __tablename__ = "feed_entries"
    __table_args__ = (UniqueConstraint("feed_id", "entry_id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    feed_id: Mapped[int] = mapped_column(ForeignKey("feeds.id", ondelete="CASCADE"))
    entry_id: Mapped[str] = mapped_column(String(2000))


# --- the resolution layer: written at ingest, updated batch by batch, read by the queries -------

class Entity(Base):
    """One real-world speaker (a person or an organisation) across the ledger."""
    __tablename__ = "entities"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uid: Mapped[str] = mapped_column(String(40), unique=True, index=True)
    kind: Mapped[str] = mapped_column(String(12), index=True)
    canonical: Mapped[str] = mapped_column(String(300), index=True)
    side: Mapped[str | None] = mapped_column(String(2), index=True)
    organization: Mapped[str | None] = mapped_column(String(300))
    first_seen: Mapped[str | None] = mapped_column(String(32))
    last_seen: Mapped[str | None] = mapped_column(String(32))
    mentions: Mapped[int] = mapped_column(Integer, default=0, index=True)
    aliases: Mapped[list["EntityAlias"]] = relationship(cascade="all, delete-orphan", back_populates="entity")
    roles: Mapped[list["EntityRole"]] = relationship(cascade="all, delete-orphan")
    tokens: Mapped[list["EntityToken"]] = relationship(cascade="all, delete-orphan")


class EntityAlias(Base):
    """A form an entity's name takes ("Zelenskyy", "President Zelensky"), with how often it was seen."""
    __tablename__ = "entity_aliases"
    __table_args__ = (UniqueConstraint("entity_id", "alias"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    entity_id: Mapped[int] = mapped_column(ForeignKey("entities.id", ondelete="CASCADE"), index=True)
    alias: Mapped[str] = mapped_column(String(300))
    #: the alias transliterated and folded (people.fold_name): what name searches match
    folded: Mapped[str] = mapped_column(String(300), index=True)
    count: Mapped[int] = mapped_column(Integer, default=0)
    entity: Mapped[Entity] = relationship(back_populates="aliases")


class EntityToken(Base):
    """The blocking keys of an entity: each folded name word, and its first letters."""
    __tablename__ = "entity_tokens"
    entity_id: Mapped[int] = mapped_column(ForeignKey("entities.id", ondelete="CASCADE"), primary_key=True)
    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    prefix: Mapped[str] = mapped_column(String(3), index=True)
    #: "given" or "surname" (the last word of a full name), for telling two Kims apart
    part: Mapped[str] = mapped_column(String(8))


class EntityRole(Base):
    """A role an entity held, with the organisation and side given with it, and when it was seen."""
    __tablename__ = "entity_roles"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    entity_id: Mapped[int] = mapped_column(ForeignKey("entities.id", ondelete="CASCADE"), index=True)
    role: Mapped[str | None] = mapped_column(String(200))
    organization: Mapped[str | None] = mapped_column(String(300))
    side: Mapped[str | None] = mapped_column(String(2))
    first_seen: Mapped[str | None] = mapped_column(String(32))
    last_seen: Mapped[str | None] = mapped_column(String(32))
    count: Mapped[int] = mapped_column(Integer, default=0)


class EntityMerge(Base):
    """Why a mention was taken for an entity: the evidence of each merge, kept."""
    __tablename__ = "entity_merges"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    entity_id: Mapped[int] = mapped_column(ForeignKey("entities.id", ondelete="CASCADE"), index=True)
    claim_id: Mapped[int | None] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"), index=True)
    alias: Mapped[str] = mapped_column(String(300))
    score: Mapped[float] = mapped_column(Float)
    reason: Mapped[str] = mapped_column(Text)
    entity: Mapped["Entity"] = relationship()


class Statement(Base):
    """One claim across the ledger: the reports of one statement by one speaker, however many outlets carry it."""
    __tablename__ = "statements"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uid: Mapped[str] = mapped_column(String(40), unique=True, index=True)
    entity_id: Mapped[int | None] = mapped_column(ForeignKey("entities.id", ondelete="SET NULL"), index=True)
    #: who says it, for blocking: "entity:12", or "anonymous:UA:officials" for unnamed sources
    speaker_key: Mapped[str] = mapped_column(String(300), index=True)
    text: Mapped[str] = mapped_column(Text)
    modality: Mapped[str] = mapped_column(String(12))
    side: Mapped[str | None] = mapped_column(String(2))
    anonymous: Mapped[bool] = mapped_column(Boolean)
    first_day: Mapped[str | None] = mapped_column(String(10), index=True)
    last_day: Mapped[str | None] = mapped_column(String(10))
    reports: Mapped[int] = mapped_column(Integer, default=0)
    #: the MinHash of the first report's words (statements.SIGNATURE_PERMUTATIONS unsigned 32-bit values)
    signature: Mapped[bytes] = mapped_column(LargeBinary)


class StatementLink(Base):
    """A statement that denies, corroborates or contradicts another, and why."""
    __tablename__ = "statement_links"
    __table_args__ = (UniqueConstraint("statement_id", "other_id", "kind"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    statement_id: Mapped[int] = mapped_column(ForeignKey("statements.id", ondelete="CASCADE"), index=True)
    other_id: Mapped[int] = mapped_column(ForeignKey("statements.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(14))
    reason: Mapped[str] = mapped_column(Text)


class GeoPlace(Base):
    """A GeoNames place the ledger mentions, with its first- and second-level divisions."""
    __tablename__ = "geo_places"
    geonames_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    name: Mapped[str] = mapped_column(String(200), index=True)
    country: Mapped[str | None] = mapped_column(String(2), index=True)
    feature: Mapped[str] = mapped_column(String(20))
    admin1: Mapped[str | None] = mapped_column(String(20))
    admin1_name: Mapped[str | None] = mapped_column(String(200))
    admin2: Mapped[str | None] = mapped_column(String(80))
    admin2_name: Mapped[str | None] = mapped_column(String(200))
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    mentions: Mapped[int] = mapped_column(Integer, default=0)


class EventCluster(Base):
    """One event across the ledger: the mentions that report it, with its representative place and time."""
    __tablename__ = "event_clusters"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uid: Mapped[str] = mapped_column(String(40), unique=True, index=True)
    type: Mapped[str] = mapped_column(String(12), index=True)
    mode: Mapped[str | None] = mapped_column(String(24))
    status: Mapped[str] = mapped_column(String(12))
    start_day: Mapped[str | None] = mapped_column(String(10), index=True)
    end_day: Mapped[str | None] = mapped_column(String(10))
    #: publication dates of the first and the last report
    first_seen: Mapped[str | None] = mapped_column(String(32))
    last_seen: Mapped[str | None] = mapped_column(String(32))
    place_name: Mapped[str | None] = mapped_column(String(200))
    place_country: Mapped[str | None] = mapped_column(String(2), index=True)
    place_feature: Mapped[str | None] = mapped_column(String(16))
    geonames_id: Mapped[int | None] = mapped_column(ForeignKey("geo_places.geonames_id"), index=True)
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    actors: Mapped[list[str]] = mapped_column(JSON)
    #: the outlets that report it (a document without one counts as its own source)
    outlets: Mapped[list[str]] = mapped_column(JSON)
    sources: Mapped[int] = mapped_column(Integer, default=0, index=True)
    mentions: Mapped[int] = mapped_column(Integer, default=0)


class Rejected(Base):
    """A document that could not be read, extracted or stored, with the reason
    (``claimledger rejected`` lists them): a batch reports it here and goes on."""
    __tablename__ = "rejected"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    #: the file, URL or ``file.jsonl:LINE`` the document came from
    name: Mapped[str] = mapped_column(Text)
    #: the error's class (InputTooLargeError, EncodingError, StoreError …)
    kind: Mapped[str] = mapped_column(String(60), index=True)
    reason: Mapped[str] = mapped_column(Text)
    rejected_at: Mapped[datetime] = mapped_column(DateTime, default=datetime.utcnow, index=True)


class Rating(Base):
    """A user's verdict on a claim (``claimledger rate``), kept by the claim's stable uid so it
    outlives a re-read of its document; exported as schema.org ClaimReview."""
    __tablename__ = "ratings"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    claim_uid: Mapped[str] = mapped_column(String(80), unique=True, index=True)
    #: a verdict of data/verdicts.tsv ("false", "mostly-true" …) and its place on the 1-5 scale
    verdict: Mapped[str] = mapped_column(String(40))
    rating: Mapped[int | None] = mapped_column(Integer)
    note: Mapped[str | None] = mapped_column(Text)
    rated_at: Mapped[datetime] = mapped_column(DateTime)
