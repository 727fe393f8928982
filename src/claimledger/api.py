"""The library functions behind every CLI command (one each, of the same name).

Each takes the settings (and opens the ledger they name, once) or a :class:`Ledger`
already open (a web desk or notebook keeps one); this module is the ledger's only caller.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Union

from claimledger.dates import parse_iso
from claimledger.errors import ClaimledgerError, ConfigError
from claimledger.ingest import read_inputs
from claimledger.parallel import Executor, Extracted, WorkerError, make_executor
from claimledger.pipeline import Outcome, default_pipeline
from claimledger.records import Record
from claimledger.settings import Settings
from claimledger.store import Ledger, Page
from claimledger.store.estimates import Point
from claimledger.store.events import MergedEvent
from claimledger.store.queries import ClaimRow, LedgerSummary

#: where a query reads: the settings (whose ``db_url`` is opened for the call) or an open ledger
Target = Union[Settings, Ledger]


@contextmanager
def ledger_of(target: Target) -> Iterator[Ledger]:
    """The ledger ``target`` names: opened and closed around the call for settings, as it is for a ledger."""
    if isinstance(target, Ledger):
        yield target
        return
    ledger = Ledger.open(target.db_url)
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
    if published and parse_iso(published) is None:
        raise ConfigError(f"--published {published!r} is not a date; write it as ISO 8601 (2025-01-31 "
                          "or 2025-01-31T13:02)")
    hints = {k: v for k, v in (("published", published), ("outlet", outlet)) if v}
    pipeline = default_pipeline(settings)
    errors: list[ClaimledgerError] = []
    records = read_inputs(paths, max_bytes=settings.max_bytes, hints=hints, allow_private=allow_private,
                          timeout=settings.fetch_timeout, max_redirects=settings.max_redirects, errors=errors)
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
    failed: list[ClaimledgerError] = field(default_factory=list)


def _new_batches(records: Iterable[Record], led: Ledger, batch_size: int, errors: list[ClaimledgerError],
                 side: list[Extracted]) -> Iterator[list[Record]]:
    """Batches of the records whose text the ledger does not hold yet; the others (and read
    errors) go to ``side`` without their NLP: storing one again only remembers its source."""
    def split(batch: list[Record]) -> list[Record]:
        side.extend(Extracted(e.source, None, e) for e in errors)
        errors.clear()
        known = led.known([r.source.sha256 or "" for r in batch])
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
    """Extract and store documents; bad inputs are reported and the rest stored,
    one transaction per batch of ``settings.commit_every`` documents.

    ``workers`` > 1 runs the pipeline in that many processes, ``dask`` (a scheduler
    address) on a Dask cluster, or a given ``executor`` (kept open for the caller, to reuse
    its workers); this process stays the one writer. Texts already in the ledger skip the
    NLP. Never more than a few batches are held in memory.
    """
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

    def take(results: list[Extracted]) -> None:
        for res in results:
            if on_outcome is not None:
                on_outcome(res)
            if res.error is not None or res.record is None:
                report.failed.append(res.error or ClaimledgerError("no record", source=res.name))
                continue
            batch.append(res.record)
            if len(batch) >= settings.commit_every:
                flush()
        results.clear()

    def flush() -> None:
        if batch:
            res = led.store(batch)
            report.stored += res.stored
            report.unchanged += res.unchanged
            batch.clear()
    try:
        records = read_inputs(paths, max_bytes=settings.max_bytes, hints=hints, allow_private=allow_private,
                              timeout=settings.fetch_timeout, max_redirects=settings.max_redirects, errors=errors)
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


def show(target: Target, limit: int = 20) -> LedgerSummary:
    """What the ledger holds: counts and the newest items of each category."""
    with ledger_of(target) as ledger:
        return ledger.summary(limit)


def claims(target: Target, *, by: str | None = None, about: str | None = None, anonymous: bool | None = None,
           side: str | None = None, modality: str | None = None, outlet: str | None = None,
           since: str | None = None, until: str | None = None, limit: int | None = 50,
           offset: int = 0) -> Page[ClaimRow]:
    """Claims in the ledger by claimant, side, modality, outlet, dates and words (see :meth:`Ledger.claims`)."""
    with ledger_of(target) as ledger:
        return ledger.claims(by=by, words=about, anonymous=anonymous, side=side, modality=modality,
                             outlet=outlet, since=since, until=until, limit=limit, offset=offset)


def estimates(target: Target, keywords: list[str] | None = None, window_days: int = 7,
              plot: str | None = None) -> dict[str, list[Point]]:
    """Estimate histories for the measures matching ``keywords``; drawn to ``plot`` when given."""
    with ledger_of(target) as ledger:
        histories = ledger.estimates(keywords, window_days)
    if plot:
        from claimledger.output.plot import plot_histories
        plot_histories(histories, plot)
    return histories


def events(target: Target, etype: str | None = None, place: str | None = None, since: str | None = None,
           window_days: int = 2) -> list[MergedEvent]:
    """The ledger's events, each merged across the documents that report it."""
    with ledger_of(target) as ledger:
        return ledger.events(etype=etype, place=place, since=since, window_days=window_days,
                             near_km=target.event_near_km if isinstance(target, Settings) else None)


def watch(feeds: list[str], settings: Settings, every: float, *, allow_private: bool = False,
          rounds: int | None = None, on_round: Callable[[Any], None] | None = None) -> None:
    """Poll ``feeds`` into the ledger every ``every`` seconds (``rounds`` times, or until interrupted)."""
    from claimledger.ingest.watch import watch as run_watch
    with ledger_of(settings) as ledger:
        run_watch(ledger, feeds, settings, every, allow_private=allow_private, rounds=rounds, on_round=on_round)
