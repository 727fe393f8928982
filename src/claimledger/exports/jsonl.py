"""JSON Lines of ``claimledger/1`` records, as stored: ``claimledger import`` reads them back
into another ledger, and exporting that one gives the same bytes."""
from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import IO, TYPE_CHECKING, Any

from claimledger.errors import InputError
from claimledger.records import Record
from claimledger.store import Ledger
from claimledger.store.streams import Filters

if TYPE_CHECKING:
    from claimledger.exports import ExportReport


def record_line(rec: dict[str, Any]) -> str:
    """One record as one line of JSON (non-ASCII kept, keys in the record's own order)."""
    return json.dumps(rec, ensure_ascii=False) + "\n"


def write_jsonl(ledger: Ledger, out: IO[str], filters: Filters, report: "ExportReport") -> None:
    """Every stored record ``filters`` keep, in storing order, one a line."""
    for rec in ledger.stream("records", filters):
        out.write(record_line(rec))
        report.count("documents")


def read_jsonl(lines: Iterable[str], name: str = "-") -> Iterator[dict[str, Any]]:
    """The records of a JSON Lines export, each checked against ``claimledger/1``; a bad line is
    an InputError naming its line number."""
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"{name} line {n}: not JSON ({exc.msg})", source=name) from exc
        try:
            yield Record.from_json(data).to_json()
        except InputError as exc:
            raise InputError(f"{name} line {n}: {exc}", source=name) from exc
