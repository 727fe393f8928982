"""Exports: the ledger in the formats analysts' tools read, one module per format.

Every writer streams: it reads the ledger through :meth:`Ledger.stream` (keyset pages,
store/streams.py) and writes each row as it comes, so memory stays flat for any ledger
size. ``write_export`` picks the writer; ``FORMATS`` lists them with what they write.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import IO, Any

from claimledger.errors import ConfigError
from claimledger.store import Ledger
from claimledger.store.streams import Filters


@dataclass
class ExportReport:
    """What an export wrote: rows per table or kind, and rows it left out and why."""

    format: str
    written: dict[str, int] = field(default_factory=dict)
    skipped: dict[str, int] = field(default_factory=dict)
    files: list[str] = field(default_factory=list)

    def count(self, kind: str, n: int = 1) -> None:
        """Count ``n`` rows of ``kind`` written."""
        self.written[kind] = self.written.get(kind, 0) + n

    def skip(self, why: str) -> None:
        """Count one row left out, for ``why``."""
        self.skipped[why] = self.skipped.get(why, 0) + 1


#: format -> (what it writes, whether it writes a folder of files rather than one stream)
FORMATS: dict[str, tuple[str, bool]] = {
    "jsonl": ("claimledger/1 records, one a line (claimledger import reads them back)", False),
    "csv": ("one CSV file per table: claims, events, estimates, places, people", True),
    "geojson": ("events and places as an RFC 7946 FeatureCollection", False),
    "acled-csv": ("events in ACLED's column layout", False),
    "polecat-json": ("events in POLECAT's (NGEC's) JSON layout, one a line", False),
    "prov-json": ("W3C PROV-JSON of the claims' provenance", False),
    "claimreview": ("schema.org ClaimReview JSON-LD of the rated claims", False),
}


def _writer(fmt: str) -> Callable[..., None]:
    from claimledger.exports import acled, claimreview, geojson, jsonl, polecat, provjson, tables
    writers: dict[str, Callable[..., None]] = {
        "jsonl": jsonl.write_jsonl, "csv": tables.write_tables, "geojson": geojson.write_geojson,
        "acled-csv": acled.write_acled, "polecat-json": polecat.write_polecat, "prov-json": provjson.write_prov,
        "claimreview": claimreview.write_claimreview}
    if fmt not in writers:
        raise ConfigError(f"no export format {fmt!r}; one of {', '.join(FORMATS)}")
    return writers[fmt]


def write_export(ledger: Ledger, fmt: str, out: IO[str] | str, filters: Filters | None = None,
                 **options: Any) -> ExportReport:
    """Write the ledger (what ``filters`` keep) in ``fmt`` to ``out``: an open text stream, or for
    ``csv`` a folder path (one file per table)."""
    write = _writer(fmt)
    report = ExportReport(fmt)
    folder = FORMATS[fmt][1]
    if folder and not isinstance(out, str):
        raise ConfigError(f"--format {fmt} writes one file per table: give --out FOLDER")
    write(ledger, out, filters or Filters(), report, **options)
    return report


__all__ = ["FORMATS", "ExportReport", "Filters", "write_export"]
