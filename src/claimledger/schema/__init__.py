"""The JSON Schema of the ``claimledger/1`` record, and a validator for it."""
from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import Any

from jsonschema import Draft202012Validator


@lru_cache(maxsize=1)
def record_schema() -> dict[str, Any]:
    """The ``claimledger/1`` JSON Schema."""
    with (resources.files("claimledger.schema") / "claimledger-1.schema.json").open(encoding="utf-8") as fh:
        schema: dict[str, Any] = json.load(fh)
    return schema


def validation_errors(record: dict[str, Any]) -> list[str]:
    """Schema violations plus offset checks: every item's ``text`` is ``text[start:end]``."""
    errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
              for e in Draft202012Validator(record_schema()).iter_errors(record)]
    text = record.get("text", "")
    for cat in ("times", "places", "quantities", "claims", "events"):
        for i, item in enumerate(record.get(cat) or []):
            if not (0 <= item["start"] <= item["end"] <= len(text)):
                errors.append(f"{cat}/{i}: offsets {item['start']}..{item['end']} outside the text")
            elif text[item["start"]:item["end"]] != item["text"]:
                errors.append(f"{cat}/{i}: text {item['text']!r} is not text[start:end]")
    return errors
