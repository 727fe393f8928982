"""``claimledger watch``: poll feeds into the ledger, remembering what was read.

Each round fetches every feed with the ``ETag`` / ``Last-Modified`` its server
gave last time (an unchanged feed costs one "304 Not Modified"), reads only the
entries not read before, runs them through the pipeline and stores them. The
validators and the entries read live in the ledger (tables ``feeds`` and
``feed_entries``), so a restarted watcher goes on where it stopped; a feed that
fails is reported and the others go on.
"""
from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from claimledger.errors import ClaimledgerError, ConfigError
from claimledger.ingest.feeds import read_feed
from claimledger.ingest.web import fetch
from claimledger.pipeline import default_pipeline
from claimledger.settings import Settings
from claimledger.store.ledger import Ledger


def parse_every(text: str) -> float:
    """ "15m", "1h", "90s", "2h30m" -> seconds."""
    parts = re.findall(r"(\d+(?:\.\d+)?)\s*([hms])", text.strip().lower())
    if not parts or "".join(f"{n}{u}" for n, u in parts) != re.sub(r"\s+", "", text.strip().lower()):
        raise ConfigError(f"--every {text!r}: write a duration such as 15m, 1h or 90s")
    seconds = sum(float(n) * {"h": 3600, "m": 60, "s": 1}[u] for n, u in parts)
    if seconds < 10:
        raise ConfigError(f"--every {text!r}: poll at most every 10 seconds")
    return seconds


@dataclass
class RoundReport:
    feeds: int = 0
    not_modified: int = 0
    new_entries: int = 0
    stored: int = 0
    failed: list[ClaimledgerError] = field(default_factory=list)


def poll_once(ledger: Ledger, urls: list[str], settings: Settings, allow_private: bool = False) -> RoundReport:
    """Poll each feed once: fetch it (with its validators), run its unread entries, store them."""
    report = RoundReport()
    pipeline = default_pipeline(settings)
    for url in urls:
        report.feeds += 1
        feed = ledger.feed_state(url)
        try:
            got = fetch(url, max_bytes=settings.max_bytes, timeout=settings.fetch_timeout,
                        max_redirects=settings.max_redirects, allow_private=allow_private, etag=feed.etag,
                        last_modified=feed.last_modified)
            if got.not_modified:
                report.not_modified += 1
                fresh = []
            else:
                errors: list[ClaimledgerError] = []
                fresh = [(eid, rec) for eid, rec in read_feed(got.data, url, {}, errors) if eid not in feed.seen]
                report.failed.extend(errors)
            report.new_entries += len(fresh)
            outcomes = pipeline.run([rec for _, rec in fresh]) if fresh else []
            good = [o.record.to_json() for o in outcomes if o.error is None and o.record is not None]
            report.failed.extend(o.error for o in outcomes if o.error is not None)
            if good:
                report.stored += ledger.store(good).stored
            # the entries are marked read only once they are stored
            ledger.feed_polled(feed, [eid for eid, _ in fresh], etag=got.etag, last_modified=got.last_modified,
                               not_modified=got.not_modified)
        except ClaimledgerError as exc:
            report.failed.append(exc)
    return report


def watch(ledger: Ledger, urls: list[str], settings: Settings, every: float, *, allow_private: bool = False,
          rounds: int | None = None, on_round: Callable[[RoundReport], None] | None = None,
          sleep: Callable[[float], None] = time.sleep) -> None:
    """Poll ``urls`` every ``every`` seconds (``rounds`` times, or until interrupted)."""
    n = 0
    while rounds is None or n < rounds:
        report = poll_once(ledger, urls, settings, allow_private)
        if on_round is not None:
            on_round(report)
        n += 1
        if rounds is None or n < rounds:
            sleep(every)
