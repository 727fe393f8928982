"""CSV: one UTF-8 file per table (claims, events, estimates, places, people) with a header row,
for pandas and spreadsheets. Lists are joined with " | "; empty cells are unknown values."""
from __future__ import annotations

import csv
import os
from collections.abc import Iterator
from typing import IO, TYPE_CHECKING, Any

from claimledger.output.safe import visible
from claimledger.store import Ledger
from claimledger.store.streams import Filters

if TYPE_CHECKING:
    from claimledger.exports import ExportReport

#: table -> the ledger stream it reads and its columns, in order
TABLES: dict[str, tuple[str, tuple[str, ...]]] = {
    "claims": ("claims", ("uid", "text", "claimant", "claimant_role", "claimant_organization", "claimant_side",
                          "anonymous", "channel", "said_on", "quote", "modality", "attributed", "entity",
                          "statement", "reports", "document", "title", "outlet", "published", "url", "start",
                          "end")),
    "events": ("events", ("uid", "type", "mode", "status", "start", "end", "dated", "first_seen", "last_seen", "place",
                          "country", "feature", "geonames_id", "admin1", "admin2", "lat", "lon", "actors",
                          "targets", "sources", "outlets", "mentions", "killed", "text", "document", "title",
                          "url")),
    "estimates": ("estimates", ("uid", "key", "subject", "measure", "place", "text", "low", "high", "approximate",
                                "unit", "as_of", "claim", "claimant", "document", "outlet", "published")),
    "places": ("places", ("geonames_id", "name", "country", "feature", "admin1", "admin1_name", "admin2",
                          "admin2_name", "lat", "lon", "mentions")),
    "people": ("people", ("uid", "kind", "name", "side", "organization", "aliases", "mentions", "first_seen",
                          "last_seen")),
}


def cell(value: Any) -> Any:
    """A value as a CSV cell: lists joined, text with terminal controls made visible."""
    if isinstance(value, (list, tuple)):
        return " | ".join(str(v) for v in value)
    if isinstance(value, str):
        return visible(value)
    return value


def write_rows(out: IO[str], columns: tuple[str, ...], rows: Iterator[dict[str, Any]]) -> int:
    """A header and one line per row; the number of rows."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    n = 0
    for row in rows:
        writer.writerow([cell(row.get(c)) for c in columns])
        n += 1
    return n


def write_tables(ledger: Ledger, folder: str, filters: Filters, report: "ExportReport") -> None:
    """``claims.csv``, ``events.csv``, ``estimates.csv``, ``places.csv`` and ``people.csv`` in ``folder``."""
    os.makedirs(folder, exist_ok=True)
    for name, (stream, columns) in TABLES.items():
        path = os.path.join(folder, f"{name}.csv")
        with open(path, "w", encoding="utf-8", newline="") as fh:
            report.count(name, write_rows(fh, columns, ledger.stream(stream, filters)))
        report.files.append(path)
