"""Query results as JSON and CSV (the table view is in ``tables.py``)."""
from __future__ import annotations

import csv
import io
import json
from typing import Any

from claimledger.output.safe import safe_json, visible


def flatten(row: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """Nested objects become ``outer_inner`` columns; lists become JSON text (one CSV cell each)."""
    out: dict[str, Any] = {}
    for key, value in row.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            out.update(flatten(value, f"{name}_"))
        elif isinstance(value, list):
            out[name] = json.dumps(value, ensure_ascii=False)
        else:
            out[name] = value
    return out


def to_csv(rows: list[dict[str, Any]]) -> str:
    """CSV text with a header row; the columns are every key any row has, in first-seen order."""
    flat = [flatten(r) for r in rows]
    columns = list(dict.fromkeys(k for r in flat for k in r))
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows({k: visible(v) if isinstance(v, str) else v for k, v in r.items()} for r in flat)
    return buf.getvalue()


def to_json_text(value: Any) -> str:
    """Indented JSON, non-ASCII kept as it is, terminal controls escaped (output/safe.py)."""
    return safe_json(value, indent=1)
