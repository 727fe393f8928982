"""The library functions behind every CLI command (one each, of the same name)."""
from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from claimledger.errors import ClaimledgerError
from claimledger.ingest import read_inputs
from claimledger.pipeline import Outcome, default_pipeline
from claimledger.records import Record
from claimledger.settings import Settings
from claimledger.store import open_store, store_records
from claimledger.store.queries import LedgerSummary, find_claims, summarize


def extract(paths: list[str], settings: Settings, *, published: str | None = None,
            outlet: str | None = None, allow_private: bool = False) -> Iterator[Outcome]:
    """Run the pipeline over files, folders, URLs, feeds and ``-`` (standard input),
    yielding one outcome per document in order.

    Unreadable inputs come out as outcomes with an error; the rest go on.
    """
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


@dataclass
class IngestReport:
    stored: int = 0
    unchanged: int = 0
    failed: list[ClaimledgerError] = field(default_factory=list)


def ingest(paths: list[str], settings: Settings, *, published: str | None = None, outlet: str | None = None,
           on_outcome: Callable[[Outcome], None] | None = None, allow_private: bool = False) -> IngestReport:
    """Extract and store documents; bad inputs are reported and the rest stored,
    one transaction per batch of ``settings.commit_every`` documents."""
    engine = open_store(settings.db_url)
    report = IngestReport()
    batch: list[dict[str, Any]] = []

    def flush() -> None:
        if batch:
            res = store_records(engine, batch)
            report.stored += res.stored
            report.unchanged += res.unchanged
            batch.clear()
    try:
        for outcome in extract(paths, settings, published=published, outlet=outlet, allow_private=allow_private):
            if on_outcome is not None:
                on_outcome(outcome)
            if outcome.error is not None or outcome.record is None:
                report.failed.append(outcome.error or ClaimledgerError("no record", source=outcome.name))
                continue
            batch.append(outcome.record.to_json())
            if len(batch) >= settings.commit_every:
                flush()
        flush()
    finally:
        engine.dispose()
    return report


def show(settings: Settings, limit: int = 20) -> LedgerSummary:
    """What the ledger holds: counts and the newest items of each category."""
    engine = open_store(settings.db_url)
    try:
        return summarize(engine, limit)
    finally:
        engine.dispose()


def claims(settings: Settings, *, by: str | None = None, about: str | None = None,
           anonymous: bool | None = None, limit: int = 200) -> list[dict[str, Any]]:
    """Claims in the ledger by claimant and topic."""
    engine = open_store(settings.db_url)
    try:
        return find_claims(engine, by=by, about=about, anonymous=anonymous, limit=limit)
    finally:
        engine.dispose()


def estimates(settings: Settings, keywords: list[str] | None = None, window_days: int = 7,
              plot: str | None = None) -> dict[str, list[Any]]:
    """Estimate histories for the measures matching ``keywords``; drawn to ``plot`` when given."""
    from claimledger.store.estimates import estimate_histories
    engine = open_store(settings.db_url)
    try:
        histories = estimate_histories(engine, keywords, window_days)
    finally:
        engine.dispose()
    if plot:
        from claimledger.output.plot import plot_histories
        plot_histories(histories, plot)
    return histories


def events(settings: Settings, etype: str | None = None, place: str | None = None, since: str | None = None,
           window_days: int = 2) -> list[Any]:
    """The ledger's events, each merged across the documents that report it."""
    from claimledger.store.events import ledger_events
    engine = open_store(settings.db_url)
    try:
        return ledger_events(engine, etype, place, since, window_days)
    finally:
        engine.dispose()
