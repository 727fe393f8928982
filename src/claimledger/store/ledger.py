"""The ledger as one object: it opens (and migrates) a database once and owns every
read and write, feed state included. ``claimledger.open(URL)`` and ``api.py`` give it
to notebooks, the CLI and the web desk alike; every query returns typed rows.

    >>> import claimledger
    >>> ledger = claimledger.open("sqlite:///claimledger.db")
    >>> page = ledger.claims(words="ceasefire", limit=20)
    >>> page.total, page.to_pandas()
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone
from types import TracebackType
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from claimledger.store.browse import (claim_facets, get_document, get_person, page_documents, page_events,
                                      search_ledger)
from claimledger.store.changes import Changes, Window, ledger_changes, parse_since, parse_until
from claimledger.store.db import open_store, safe_url
from claimledger.store.estimates import PAGE_POINTS, History, Point, estimate_page
from claimledger.store.lookups import EventRow, PersonRow, PlaceRow, Trace, find_events, find_people, find_places
from claimledger.store.models import Feed, FeedEntry
from claimledger.store.trace import MAX_SUPPORTS, trace_item
from claimledger.store.queries import ClaimRow, LedgerSummary, find_claims, load_record, summarize
from claimledger.store.results import Page, columns_of
from claimledger.store import streams
from claimledger.store.streams import Filters
from claimledger.store.writer import StoreResult, known_hashes, list_rejected, record_rejected, store_records


@dataclass
class FeedState:
    """What the ledger remembers of a watched feed: its validators and the entries already read."""

    id: int
    url: str
    etag: str | None
    last_modified: str | None
    seen: set[str] = field(default_factory=set)


#: the tables :meth:`Ledger.stream` reads
STREAMS = ("records", "claims", "events", "places", "people", "estimates", "documents", "claim_sources",
           "speakers", "channels", "ratings")


class Ledger:
    """One ledger database: open it once, read and write through its methods, close it."""

    def __init__(self, engine: Engine, url: str, *, resolve: bool = True, near_km: float | None = None) -> None:
        self.engine = engine
        self.url = url
        #: whether storing brings the resolution layer up to date (off only to measure its cost)
        self.resolve = resolve
        #: event places this close are one place when clustering (Settings.event_near_km)
        self.near_km = near_km

    @classmethod
    def open(cls, url: str, *, readonly: bool = False, resolve: bool = True,
             near_km: float | None = None) -> "Ledger":
        """The ledger at ``url`` (a SQLAlchemy URL), migrated to the latest schema; or, ``readonly``,
        opened for queries only (never migrated, nothing written; see :mod:`claimledger.store.db`)."""
        return cls(open_store(url, readonly=readonly), url, resolve=resolve, near_km=near_km)

    @property
    def dialect(self) -> str:
        """``sqlite`` or ``postgresql``."""
        return self.engine.dialect.name

    def close(self) -> None:
        """Release the database connections."""
        self.engine.dispose()

    def __enter__(self) -> "Ledger":
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Ledger({safe_url(self.url)!r})"

    # --- writes -----------------------------------------------------------------
    def store(self, records: Iterable[dict[str, Any]]) -> StoreResult:
        """Store ``claimledger/1`` records in one transaction; a text stored before only gains its new source."""
        return store_records(self.engine, records, resolve=self.resolve, near_km=self.near_km)

    def known(self, hashes: Iterable[str]) -> set[str]:
        """Which of these text hashes are stored already (their documents need no extraction)."""
        return known_hashes(self.engine, hashes)

    def record_rejected(self, rejected: Iterable[tuple[str, str, str]]) -> int:
        """Remember (name, error kind, reason) of documents that could not be read or extracted."""
        return record_rejected(self.engine, rejected)

    def rejected(self, limit: int = 100) -> list[dict[str, Any]]:
        """The newest rejected documents with their reasons."""
        return list_rejected(self.engine, limit)

    # --- feed state ----------------------------------------------------------------
    def feed_state(self, url: str) -> FeedState:
        """The state of the feed at ``url``, registering it on first sight."""
        with Session(self.engine) as s:
            feed = s.scalar(select(Feed).where(Feed.url == url))
            if feed is None:
                feed = Feed(url=url, entries_read=0)
                s.add(feed)
                s.commit()
            seen = set(s.scalars(select(FeedEntry.entry_id).where(FeedEntry.feed_id == feed.id)))
            return FeedState(feed.id, feed.url, feed.etag, feed.last_modified, seen)

    def feed_polled(self, feed: FeedState, entries: list[str], *, etag: str | None = None,
                    last_modified: str | None = None, not_modified: bool = False) -> None:
        """Remember a poll of ``feed``: the entries read (call once they are stored) and the new validators."""
        with Session(self.engine) as s, s.begin():
            row = s.get_one(Feed, feed.id)
            for eid in dict.fromkeys(entries):
                if eid[:2000] not in feed.seen:
                    s.add(FeedEntry(feed_id=feed.id, entry_id=eid[:2000]))
            row.entries_read += len(entries)
            if not not_modified:
                row.etag, row.last_modified = etag, last_modified
            row.checked_at = datetime.now(timezone.utc).replace(tzinfo=None)
        feed.seen.update(e[:2000] for e in entries)

    # --- reads -----------------------------------------------------------------------
    def summary(self, limit: int = 20) -> LedgerSummary:
        """Counts per category and the newest items of each."""
        return summarize(self.engine, limit)

    def record(self, sha256: str) -> dict[str, Any] | None:
        """The stored ``claimledger/1`` record of the document with this SHA-256."""
        return load_record(self.engine, sha256)

    def claims(self, *, by: str | None = None, words: str | None = None, side: str | None = None,
               anonymous: bool | None = None, modality: str | None = None, outlet: str | None = None,
               since: str | None = None, until: str | None = None, entity: str | None = None,
               search: str | None = None, statement: str | None = None, limit: int | None = 50,
               offset: int = 0) -> Page[ClaimRow]:
        """Claims, newest first, one page of them with the total that match.

        ``by``: words of the claimant's name, role or organisation; ``words``: words of the
        claim; ``side`` (ISO code), ``modality`` and ``outlet``: exact; ``since``/``until``:
        ISO dates, on the day said or else published; ``entity``: an entity uid; ``search``: a
        full-text query, every word required, stemmed (SQLite FTS5, PostgreSQL tsvector);
        ``statement``: a statement uid (the reports of one claim across outlets). Each row names
        its speaker's entity and its statement (one claim, its reports across outlets)."""
        return find_claims(self.engine, by=by, about=words, anonymous=anonymous, limit=limit, side=side,
                           modality=modality, outlet=outlet, since=since, until=until, offset=offset,
                           entity=entity, search=search, statement=statement)

    def people(self, name: str | None = None, *, kind: str | None = None, side: str | None = None,
               limit: int | None = 50, offset: int = 0) -> Page[PersonRow]:
        """People and organisations that speak in the ledger, by name in any spelling, kind and side;
        each with canonical name, aliases, roles over time and (given a name) the reason of each merge."""
        return find_people(self.engine, name, kind=kind, side=side, limit=limit, offset=offset)

    def places(self, name: str | None = None, *, country: str | None = None, limit: int | None = 50,
               offset: int = 0) -> Page[PlaceRow]:
        """GeoNames places mentioned, with their divisions, most mentioned first."""
        return find_places(self.engine, name, country=country, limit=limit, offset=offset)

    def events(self, *, etype: str | None = None, place: str | None = None, since: str | None = None,
               until: str | None = None, min_sources: int | None = None, limit: int | None = 50,
               offset: int = 0) -> Page[EventRow]:
        """Events across the ledger (persisted clusters), newest first; ``place`` an ISO country code,
        a GeoNames id or a place or division name, all exact."""
        return find_events(self.engine, etype=etype, place=place, since=since, until=until,
                           min_sources=min_sources, limit=limit, offset=offset)

    def trace(self, uid: str, *, limit: int | None = MAX_SUPPORTS, offset: int = 0) -> Trace:
        """An item (claim, statement, entity, event, any record item or document) with the documents,
        segments and character spans that support it: a page of ``limit`` of them from ``offset``
        (None: all), with how many there are in all (``Trace.total``)."""
        return trace_item(self.engine, uid, offset=offset, limit=limit)

    def estimates(self, keywords: list[str] | None = None, window_days: int = 7, *, limit: int | None = None,
                  offset: int = 0) -> dict[str, list[Point]]:
        """One history per measure whose words hold every keyword, contradictions flagged, most
        figures first: ``limit`` histories from ``offset`` (None: all; :meth:`estimate_page`
        says how many there are)."""
        return {h.key: h.points for h in estimate_page(self.engine, keywords, window_days, limit=limit,
                                                       offset=offset)[0]}

    def estimate_page(self, keywords: list[str] | None = None, window_days: int = 7, *, limit: int | None = 50,
                      offset: int = 0, points: int | None = PAGE_POINTS) -> Page[History]:
        """:meth:`estimates` as a page of histories with how many match in all, each history with
        its first ``points`` figures in as-of order (None: all) and how many it has; only those
        figures (and the ones within the window after them) are read, and each shows the
        contradictions it has in the whole history."""
        rows, total = estimate_page(self.engine, keywords, window_days, limit=limit, offset=offset, points=points)
        return Page(rows, total, offset, limit, columns_of(History))

    def event_pages(self, *, etype: str | None = None, place: str | None = None, since: str | None = None,
                    offset: int = 0, limit: int = 50) -> Page[dict[str, Any]]:
        """:meth:`events` as the desk draws them: each cluster with its coordinates and every
        mention's span and document."""
        return page_events(self.engine, etype=etype, place=place, since=since, offset=offset, limit=limit)

    def changes(self, since: str | None = "24h", *, until: str | None = None, about: str | None = None,
                place: str | None = None) -> Changes:
        """What changed since ``since`` (``24h``, ``3d``, an ISO date or date-time; until ``until``, an ISO
        date included, when given): new claims (told apart from new reports of older statements), changed
        estimates, new contradictions and corroborations, events new or reported again, and places; every
        item with its source span. A document counts from its publication date, else from when it was
        stored (store/changes.py); ``about`` words and a ``place`` narrow it."""
        window = Window(parse_since(since), parse_until(until))
        return ledger_changes(self.engine, window, about=about, place=place)

    # --- streams for the exports (store/streams.py): keyset pages, constant memory ------
    def stream(self, table: str, filters: Filters | None = None) -> Iterator[Any]:
        """Every row of ``table`` that ``filters`` keep, read a page at a time: ``records``
        (whole claimledger/1 records in storing order), ``claims``, ``events``, ``places``,
        ``people``, ``estimates``, ``documents``, ``claim_sources`` (claims with their
        provenance), ``speakers``, ``channels`` or ``ratings``."""
        read = getattr(streams, f"iter_{table}", None)
        if read is None or table not in STREAMS:
            raise ValueError(f"no stream {table!r}; one of {', '.join(STREAMS)}")
        return read(self.engine, filters or Filters())  # type: ignore[no-any-return]

    def rate(self, uid: str, verdict: str, rating: int | None, note: str | None = None) -> dict[str, Any]:
        """Record (or replace) a user's verdict on the claim ``uid``; NotFoundError when absent."""
        return streams.rate_claim(self.engine, uid, verdict, rating, note)

    # --- the desk's reads (store/browse.py) ------------------------------------------
    def documents(self, *, outlet: str | None = None, offset: int = 0, limit: int = 50) -> Page[dict[str, Any]]:
        """Documents newest first, with how many items of each kind they hold."""
        return page_documents(self.engine, outlet=outlet, offset=offset, limit=limit)

    def document(self, sha256: str) -> dict[str, Any]:
        """One document (by its text's SHA-256) with its whole record; NotFoundError when absent."""
        return get_document(self.engine, sha256)

    def claim_filters(self) -> dict[str, list[str]]:
        """The sides, modalities and outlets the ledger's claims have."""
        return claim_facets(self.engine)

    def person(self, uid: str, *, offset: int = 0, limit: int = 50) -> dict[str, Any]:
        """One entity (by uid): names, roles over time, the reason of each merge and a page of
        its claims in time order; NotFoundError when absent."""
        return get_person(self.engine, uid, offset=offset, limit=limit)

    def search(self, words: str, *, offset: int = 0, limit: int = 50) -> Page[dict[str, Any]]:
        """Documents, claims, events, figures and places holding every word."""
        return search_ledger(self.engine, words, offset=offset, limit=limit)
