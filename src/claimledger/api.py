"""The library functions behind every CLI command (one each, of the same name).

Each takes the settings (and opens the ledger they name, once) or a :class:`Ledger`
already open (a web desk or notebook keeps one); this module is the ledger's only caller.
"""
from __future__ import annotations

import sys
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import IO, TYPE_CHECKING, Any, Union

from claimledger.checks import check_date, check_filter, check_range, check_writable
from claimledger.dates import read_given_date
from claimledger.errors import (ClaimledgerError, ConfigError, EmptyInputError, InputError, InputTooLargeError,
                                StoreError)
from claimledger.ingest import read_inputs
from claimledger.ingest.readers import Limits, records_from_bytes
from claimledger.parallel import Executor, Extracted, WorkerError, bound_heap, make_executor
from claimledger.pipeline import Outcome, Pipeline, default_pipeline
from claimledger.records import Record, Source
from claimledger.settings import Settings
from claimledger.store import Ledger, Page
from claimledger.store.estimates import PAGE_POINTS, History, Point
from claimledger.store.lookups import EventRow, PersonRow, PlaceRow, Trace
from claimledger.store.queries import ClaimRow, LedgerSummary
from claimledger.store.streams import Filters
from claimledger.store.writer import StoreResult

if TYPE_CHECKING:
    from claimledger.brief import Brief
    from claimledger.exports import ExportReport

#: where a query reads: the settings (whose ``db_url`` is opened for the call) or an open ledger
Target = Union[Settings, Ledger]


#: most rows a listing returns; most days apart two figures may be for ``--window``
MAX_ROWS = 1_000_000
MAX_WINDOW_DAYS = 36_500


@contextmanager
def ledger_of(target: Target, *, readonly: bool = False) -> Iterator[Ledger]:
    """The ledger ``target`` names: opened and closed around the call for settings, as it is for a ledger.
    Queries open it ``readonly``: never migrated, nothing written, a missing ledger an error."""
    if isinstance(target, Ledger):
        yield target
        return
    ledger = Ledger.open(target.db_url, readonly=readonly, near_km=target.event_near_km)
    try:
        yield ledger
    finally:
        ledger.close()


def extract(paths: list[str], settings: Settings, *, published: str | None = None,
            outlet: str | None = None, allow_private: bool = False) -> Iterator[Outcome]:
    """Run the pipeline over files, folders, URLs, feeds and ``-`` (standard input),
    yielding one outcome per document in order.

    Unreadable inputs come out as outcomes with an error; the rest go on.
    """
    if published:
        check_date(published, "--published")
        try:
            read_given_date(published)
        except ValueError as exc:
            raise ConfigError(f"--published {published!r} is not a date: {exc}") from exc
    hints = {k: v for k, v in (("published", published), ("outlet", outlet)) if v}
    pipeline = default_pipeline(settings)
    errors: list[ClaimledgerError] = []
    records = read_inputs(paths, max_bytes=settings.max_bytes, hints=hints, allow_private=allow_private,
                          timeout=settings.fetch_timeout, max_redirects=settings.max_redirects, errors=errors,
                          limits=Limits.from_settings(settings))
    for outcome in pipeline.run_stream(records, settings.batch_size):
        while errors:
            err = errors.pop(0)
            yield Outcome(None, err, err.source)
        yield outcome
    for err in errors:
        yield Outcome(None, err, err.source)


def count_documents(paths: list[str]) -> int | None:
    """How many documents ``paths`` hold, when that is known without reading them (files and
    folders of pages); None when a feed, JSON Lines file, URL or standard input is among them."""
    from claimledger.ingest.readers import FEED_SUFFIXES, JSONL_SUFFIXES, expand_paths, is_url
    total = 0
    for name in expand_paths(paths):
        if name == "-" or is_url(name) or name.lower().endswith(FEED_SUFFIXES + JSONL_SUFFIXES):
            return None
        total += 1
    return total


@dataclass
class IngestReport:
    stored: int = 0
    unchanged: int = 0
    #: already stored, now with a date or an outlet they lacked (their rows re-derived)
    updated: int = 0
    #: documents read that have no publication date (the page, sidecar, file name and
    #: ``--published`` gave none)
    undated: int = 0
    failed: list[ClaimledgerError] = field(default_factory=list)


def _rejection(err: ClaimledgerError, name: str | None) -> tuple[str, str, str]:
    reason = str(err.args[0]) if err.args else str(err)
    return (err.source or name or "?", err.__class__.__name__, reason)


def provenance_given(record: Record) -> bool:
    """A date or an outlet given beside the page (sidecar, file name, command line)."""
    return bool(record.hints.get("published") or record.hints.get("outlet"))


def _new_batches(records: Iterable[Record], led: Ledger, batch_size: int, errors: list[ClaimledgerError],
                 side: list[Extracted]) -> Iterator[list[Record]]:
    """Batches of the records whose text the ledger does not hold yet; the others (and read
    errors) go to ``side`` without their NLP: storing one again only remembers its source."""
    def split(batch: list[Record]) -> list[Record]:
        side.extend(Extracted(e.source, None, e) for e in errors)
        errors.clear()
        # a page given a date or outlet beside it goes through again: the store re-stores it
        # when the stored document lacked them
        known = led.known([r.source.sha256 or "" for r in batch if not provenance_given(r)])
        for r in batch:
            if r.source.sha256 in known:
                src = {"path": r.source.path, "url": r.source.url, "sha256": r.source.sha256}
                side.append(Extracted(r.source.path or r.source.url, {"source": src}, known=True))
        return [r for r in batch if r.source.sha256 not in known]
    batch: list[Record] = []
    for r in records:
        batch.append(r)
        if len(batch) >= batch_size:
            fresh, batch = split(batch), []
            if fresh:
                yield fresh
    fresh = split(batch)
    if fresh:
        yield fresh
    side.extend(Extracted(e.source, None, e) for e in errors)
    errors.clear()


def ingest(paths: list[str], settings: Settings, *, published: str | None = None, outlet: str | None = None,
           on_outcome: Callable[[Extracted], None] | None = None, allow_private: bool = False,
           workers: int = 1, dask: str | None = None, executor: Executor | None = None,
           ledger: Ledger | None = None) -> IngestReport:
    """Extract and store documents; bad inputs are reported, recorded in the ledger's
    ``rejected`` table with the reason, and the rest stored, one transaction per batch of
    ``settings.commit_every`` documents (a document the database refuses fails alone).

    ``workers`` > 1 runs the pipeline in that many processes, ``dask`` (a scheduler
    address) on a Dask cluster, or a given ``executor`` (kept open for the caller, to reuse
    its workers); this process stays the one writer. Texts already in the ledger skip the
    NLP. Never more than two commits of documents and two batches a worker are held in memory.
    """
    check_date(published, "--published")
    bound_heap()  # a long run's passing large blocks go back to the system
    with ledger_of(ledger or settings) as led:
        return _ingest(led, paths, settings, hints={k: v for k, v in (("published", published), ("outlet", outlet))
                                                     if v},
                       on_outcome=on_outcome, allow_private=allow_private, executor=executor or
                       make_executor(settings, workers, dask), own_executor=executor is None)


def _ingest(led: Ledger, paths: list[str], settings: Settings, *, hints: dict[str, str],
            on_outcome: Callable[[Extracted], None] | None, allow_private: bool, executor: Executor,
            own_executor: bool) -> IngestReport:
    report = IngestReport()
    batch: list[dict[str, Any]] = []
    errors: list[ClaimledgerError] = []
    side: list[Extracted] = []
    rejected: list[tuple[str, str, str]] = []

    def take(results: list[Extracted]) -> None:
        for res in results:
            if on_outcome is not None:
                on_outcome(res)
            if res.error is not None or res.record is None:
                err = res.error or ClaimledgerError("no record", source=res.name)
                report.failed.append(err)
                rejected.append(_rejection(err, res.name))
                continue
            doc = res.record.get("document")
            if doc is not None and not doc.get("published"):
                report.undated += 1
            batch.append(res.record)
            if len(batch) >= settings.commit_every:
                flush()
        results.clear()

    def flush() -> None:
        if batch:
            res = led.store(batch)
            report.stored += res.stored
            report.unchanged += res.unchanged
            report.updated += res.updated
            report.failed.extend(StoreError(reason, source=name) for name, reason in res.rejected)
            batch.clear()
        led.record_rejected(rejected)
        rejected.clear()
    try:
        records = read_inputs(paths, max_bytes=settings.max_bytes, hints=hints, allow_private=allow_private,
                              timeout=settings.fetch_timeout, max_redirects=settings.max_redirects, errors=errors,
                              limits=Limits.from_settings(settings))
        try:
            for results in executor.map(_new_batches(records, led, settings.batch_size, errors, side)):
                take(side)
                take(results)
        except WorkerError:
            flush()  # what came back before the worker failed is kept
            raise
        take(side)
        flush()
    finally:
        if own_executor:
            executor.close()
    return report


def rejected(target: Target, limit: int = 100) -> list[dict[str, Any]]:
    """The documents ingest could not read, extract or store, newest first, with the reason."""
    check_range(limit, "--limit", 0, MAX_ROWS)
    with ledger_of(target, readonly=True) as ledger:
        return ledger.rejected(limit)


def migrate(settings: Settings) -> str:
    """Upgrade the ledger's schema to the newest revision (under a lock); returns it."""
    from claimledger.store.db import head_revision
    with ledger_of(settings):
        return head_revision()


def show(target: Target, limit: int = 20) -> LedgerSummary:
    """What the ledger holds: counts and the newest items of each category."""
    check_range(limit, "--limit", 0, MAX_ROWS)
    with ledger_of(target, readonly=True) as ledger:
        return ledger.summary(limit)


def claims(target: Target, *, by: str | None = None, about: str | None = None, anonymous: bool | None = None,
           side: str | None = None, modality: str | None = None, outlet: str | None = None,
           since: str | None = None, until: str | None = None, search: str | None = None,
           entity: str | None = None, statement: str | None = None, limit: int | None = 50,
           offset: int = 0) -> Page[ClaimRow]:
    """Claims in the ledger by claimant, side, modality, outlet, dates and words (see :meth:`Ledger.claims`)."""
    check_filter(by, "--by")
    check_filter(search, "--search")
    check_filter(about, "--about")
    check_filter(outlet, "--outlet")
    check_date(since, "--since")
    check_date(until, "--until")
    if limit is not None:
        check_range(limit, "--limit", 0, MAX_ROWS)
    check_range(offset, "--offset", 0, 10 ** 12)
    with ledger_of(target, readonly=True) as ledger:
        return ledger.claims(by=by, words=about, anonymous=anonymous, side=side, modality=modality,
                             outlet=outlet, since=since, until=until, search=search, entity=entity,
                             statement=statement, limit=limit, offset=offset)


def estimates(target: Target, keywords: list[str] | None = None, window_days: int = 7,
              plot: str | None = None, *, limit: int | None = None, offset: int = 0) -> dict[str, list[Point]]:
    """Estimate histories for the measures matching ``keywords`` (``limit`` of them from
    ``offset``, most figures first; None: all); drawn to ``plot`` when given."""
    page = estimate_histories(target, keywords, window_days, plot, limit=limit, offset=offset, points=None)
    return {h.key: h.points for h in page.rows}


def estimate_histories(target: Target, keywords: list[str] | None = None, window_days: int = 7,
                       plot: str | None = None, *, limit: int | None = 50, offset: int = 0,
                       points: int | None = PAGE_POINTS) -> Page[History]:
    """A page of estimate histories for the measures matching ``keywords``, most figures first,
    with how many match in all, each with its first ``points`` figures (None: all) and how many
    it has (see :meth:`Ledger.estimate_page`); the page drawn to ``plot`` when given."""
    for word in keywords or []:
        check_filter(word, "a keyword")
    check_range(window_days, "--window", 0, MAX_WINDOW_DAYS)
    if limit is not None:
        check_range(limit, "--limit", 0, MAX_ROWS)
    check_range(offset, "--offset", 0, 10 ** 12)
    if plot:
        check_writable(plot)
    with ledger_of(target, readonly=True) as ledger:
        page = ledger.estimate_page(keywords, window_days, limit=limit, offset=offset, points=points)
    if plot:
        from claimledger.output.plot import plot_histories
        plot_histories({h.key: h.points for h in page.rows}, plot)
    return page


def events(target: Target, *, etype: str | None = None, place: str | None = None, since: str | None = None,
           until: str | None = None, min_sources: int | None = None, limit: int | None = 50,
           offset: int = 0) -> Page[EventRow]:
    """The ledger's events, each merged at ingest across the documents that report it."""
    check_date(since, "--since")
    check_date(until, "--until")
    check_filter(place, "--place")
    check_filter(etype, "--type")
    with ledger_of(target, readonly=True) as ledger:
        return ledger.events(etype=etype, place=place, since=since, until=until, min_sources=min_sources,
                             limit=limit, offset=offset)


def people(target: Target, name: str | None = None, *, kind: str | None = None, side: str | None = None,
           limit: int | None = 50, offset: int = 0) -> Page[PersonRow]:
    """People and organisations of the ledger, by name in any spelling (see :meth:`Ledger.people`)."""
    check_filter(name, "NAME")
    with ledger_of(target, readonly=True) as ledger:
        return ledger.people(name, kind=kind, side=side, limit=limit, offset=offset)


def places(target: Target, name: str | None = None, *, country: str | None = None, limit: int | None = 50,
           offset: int = 0) -> Page[PlaceRow]:
    """GeoNames places of the ledger with their divisions (see :meth:`Ledger.places`)."""
    check_filter(name, "NAME")
    with ledger_of(target, readonly=True) as ledger:
        return ledger.places(name, country=country, limit=limit, offset=offset)


def trace(target: Target, uid: str, *, limit: int | None = 50, offset: int = 0) -> Trace:
    """An item with a page of the documents, segments and spans behind it and how many there
    are (see :meth:`Ledger.trace`)."""
    check_filter(uid, "ID")
    if limit is not None:
        check_range(limit, "--limit", 0, MAX_ROWS)
    check_range(offset, "--offset", 0, 10 ** 12)
    with ledger_of(target, readonly=True) as ledger:
        return ledger.trace(uid, limit=limit, offset=offset)


def export(target: Target, fmt: str, out: str | IO[str] | None = None, *, filters: Filters | None = None,
           **options: Any) -> ExportReport:
    """Write the ledger in ``fmt`` (see ``claimledger.exports.FORMATS``) to ``out``: a path, an
    open text stream, or standard output; ``csv`` writes a folder of files. Streams: constant memory."""
    from claimledger.exports import write_export
    with ledger_of(target) as ledger:
        if out is None or not isinstance(out, str) or fmt == "csv":
            return write_export(ledger, fmt, out if out is not None else sys.stdout, filters, **options)
        try:
            fh = open(out, "w", encoding="utf-8", newline="")
        except OSError as exc:
            raise ConfigError(f"cannot write {out}: {exc.strerror}") from exc
        with fh:
            return write_export(ledger, fmt, fh, filters, **options)


def import_records(target: Target, paths: list[str], *, batch_size: int = 100) -> StoreResult:
    """Store the ``claimledger/1`` records of JSON Lines files (``-``: standard input), as they
    are (no extraction), ``batch_size`` a transaction: ``claimledger export --format jsonl`` read back."""
    from claimledger.exports.jsonl import read_jsonl
    total = StoreResult()
    with ledger_of(target) as ledger:
        for path in paths:
            try:
                fh = sys.stdin if path == "-" else open(path, encoding="utf-8")
            except OSError as exc:
                raise InputError(f"cannot read {path}: {exc.strerror}", source=path) from exc
            try:
                batch: list[dict[str, Any]] = []
                for rec in read_jsonl(fh, path):
                    batch.append(rec)
                    if len(batch) >= batch_size:
                        _add_result(total, ledger.store(batch))
                        batch = []
                if batch:
                    _add_result(total, ledger.store(batch))
            finally:
                if fh is not sys.stdin:
                    fh.close()
    return total


def _add_result(total: StoreResult, res: StoreResult) -> None:
    total.stored += res.stored
    total.unchanged += res.unchanged
    total.updated += res.updated


def rate(target: Target, uid: str, verdict: str, note: str | None = None) -> dict[str, Any]:
    """Rate the claim ``uid``: a verdict of ``data/verdicts.tsv`` and a note (exported as ClaimReview)."""
    from claimledger.lexicon import verdicts
    scale = verdicts()
    key = verdict.strip().lower().replace(" ", "-")
    if key not in scale:
        raise InputError(f"no verdict {verdict!r}; one of {', '.join(scale)}")
    with ledger_of(target) as ledger:
        return ledger.rate(uid, key, scale[key][0], note)


def watch(feeds: list[str], settings: Settings, every: float, *, allow_private: bool = False,
          rounds: int | None = None, on_round: Callable[[Any], None] | None = None) -> None:
    """Poll ``feeds`` into the ledger every ``every`` seconds (``rounds`` times, or until interrupted)."""
    from claimledger.ingest.watch import watch as run_watch
    with ledger_of(settings) as ledger:
        run_watch(ledger, feeds, settings, every, allow_private=allow_private, rounds=rounds, on_round=on_round)


# ---------------------------------------------------------------- the analyst's desk (web pages and REST API)
def documents(target: Target, *, outlet: str | None = None, offset: int = 0,
              limit: int = 50) -> Page[dict[str, Any]]:
    """Documents in the ledger, newest first, one page."""
    with ledger_of(target) as ledger:
        return ledger.documents(outlet=outlet, offset=offset, limit=limit)


def document(target: Target, sha256: str) -> dict[str, Any]:
    """One document with its whole ``claimledger/1`` record; NotFoundError when absent."""
    with ledger_of(target) as ledger:
        return ledger.document(sha256)


def claim_filters(target: Target) -> dict[str, list[str]]:
    """The sides, modalities and outlets the ledger's claims have (the desk's filter menus)."""
    with ledger_of(target) as ledger:
        return ledger.claim_filters()


def person(target: Target, uid: str, *, offset: int = 0, limit: int = 50) -> dict[str, Any]:
    """One speaker (an entity uid): names, roles over time, merges and claims in time order;
    NotFoundError when absent."""
    with ledger_of(target) as ledger:
        return ledger.person(uid, offset=offset, limit=limit)


def search(target: Target, words: str, *, offset: int = 0, limit: int = 50) -> Page[dict[str, Any]]:
    """Documents and items holding every word."""
    with ledger_of(target) as ledger:
        return ledger.search(words, offset=offset, limit=limit)


def estimates_page(target: Target, keywords: list[str] | None = None, window_days: int = 7, *,
                   offset: int = 0, limit: int = 50) -> Page[dict[str, Any]]:
    """One page of estimate histories (a history per measure, most figures first)."""
    with ledger_of(target) as ledger:
        page = ledger.estimate_page(keywords, window_days, limit=limit, offset=offset, points=None)
    return Page([h.to_json() for h in page.rows], page.total, offset, limit)


def events_page(target: Target, etype: str | None = None, place: str | None = None, since: str | None = None,
                *, offset: int = 0, limit: int = 50) -> Page[dict[str, Any]]:
    """One page of the ledger's events (clusters merged at ingest), newest first, each with its
    coordinates and every mention's span (the desk's map and timeline)."""
    with ledger_of(target) as ledger:
        return ledger.event_pages(etype=etype, place=place, since=since, offset=offset, limit=limit)


_PIPELINES: dict[str, Pipeline] = {}
_PIPELINES_LOCK = threading.Lock()
_INGEST_LOCK = threading.Lock()


def desk_pipeline(settings: Settings) -> Pipeline:
    """The pipeline documents added through the desk go through, built (and its model loaded)
    once per process and model."""
    with _PIPELINES_LOCK:
        pipeline = _PIPELINES.get(settings.model)
        if pipeline is None:
            pipeline = _PIPELINES[settings.model] = default_pipeline(settings)
        return pipeline


def _posted_record(settings: Settings, kind: str, value: str, allow_private: bool) -> Record:
    name = f"<posted {kind}>"
    if kind == "url":
        from claimledger.ingest.web import fetch
        got = fetch(value, max_bytes=settings.max_bytes, timeout=settings.fetch_timeout,
                    max_redirects=settings.max_redirects, allow_private=allow_private)
        data, source, ctype = got.data, Source(url=got.url), got.content_type
    else:
        data = value.encode("utf-8")
        if len(data) > settings.max_bytes:
            raise InputTooLargeError(f"is over the limit of {settings.max_bytes:,} bytes", source=name)
        source, ctype = Source(path=name), "text/html" if kind == "html" else "text/plain"
    record = next(iter(records_from_bytes(data, name, source, {}, ctype)), None)
    if record is None:
        raise EmptyInputError("holds no document", source=name)
    return record


def add_document(settings: Settings, *, ledger: Ledger | None = None, text: str | None = None,
                 html: str | None = None, url: str | None = None, allow_private: bool = False) -> dict[str, Any]:
    """Extract one document given as plain text, an HTML page or a URL and store it; returns
    its SHA-256, title and whether it was new. Raises the InputError that says what was wrong."""
    given = [(k, v) for k, v in (("text", text), ("html", html), ("url", url)) if v is not None]
    if len(given) != 1:
        raise InputError("give exactly one of text, html or url", source="POST /documents")
    record = _posted_record(settings, given[0][0], given[0][1], allow_private)
    pipeline = desk_pipeline(settings)
    with _INGEST_LOCK:  # one document at a time through the shared model
        outcome = pipeline.run([record])[0]
    if outcome.error is not None or outcome.record is None:
        raise outcome.error or InputError("could not be read", source=record.source.path or record.source.url)
    rec = outcome.record.to_json()
    with ledger_of(ledger or settings) as led:
        result = led.store([rec])
    return {"sha256": rec["source"]["sha256"], "stored": bool(result.stored), "title": rec["document"].get("title")}


def serve(settings: Settings, *, host: str = "127.0.0.1", port: int = 8000, ingest_token: str | None = None) -> None:
    """Run the desk (web pages and REST API) on ``host:port`` until interrupted, on one ledger
    opened first (a bad URL fails before listening); ingest only with ``ingest_token``."""
    import uvicorn

    from claimledger.web import create_app
    uvicorn.run(create_app(settings, ingest_token=ingest_token), host=host, port=port, log_level="warning")


# ---------------------------------------------------------------- the morning brief (claimledger/brief/)
def brief(target: Target, *, since: str | None = "24h", until: str | None = None, about: str | None = None,
          place: str | None = None, audio: str | None = None) -> "Brief":
    """What changed in the ledger since ``since`` (``24h``, ``3d``, an ISO date or date-time), as a brief
    with its extractive summary (see :meth:`Ledger.changes` for the rule of "new"); with ``audio`` (a
    .wav path) the text version is also spoken there by espeak-ng, tagged and announced as synthetic."""
    from claimledger.brief import build_brief, speech_text
    with ledger_of(target) as ledger:
        made = build_brief(ledger.changes(since, until=until, about=about, place=place))
    if audio:
        from claimledger.brief.audio import speak
        from claimledger.brief.render import title_of
        made.audio = speak(speech_text(made), audio, title=title_of(made.changes))
    return made
