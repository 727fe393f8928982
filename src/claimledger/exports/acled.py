"""ACLED's CSV layout for the ledger's events (clusters), mapped from PLOVER by data tables:
``data/acled_types.tsv`` (type and mode -> disorder, event and sub-event type) and
``data/acled_precision.tsv`` (the place feature and the date span the text gave -> ACLED's
geo_precision and time_precision). Events ACLED does not code (statements, diplomacy) and
events that did not happen (planned, predicted) are left out and counted.

Columns the ledger cannot fill honestly stay empty: the actor types (inter1, inter2,
interaction), admin3, source_scale. ``fatalities`` is the lowest count of dead that a claim
reporting the event carries (ACLED codes the most conservative report), empty when the text
gives none; 0 only when that count is zero. ``tags`` says what the precision codes mean for
the row ("place: country" when only a country was named; "date: report" when the text gave no
date and the first report's publication date stands in).
"""
from __future__ import annotations

import csv
from datetime import date, datetime, timezone
from typing import IO, TYPE_CHECKING, Any

from claimledger import lexicon
from claimledger.store import Ledger
from claimledger.store.streams import Filters

if TYPE_CHECKING:
    from claimledger.exports import ExportReport

#: ACLED's columns, in its order (its codebook, 2023 layout)
COLUMNS = ("event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
           "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
           "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3",
           "location", "latitude", "longitude", "geo_precision", "source", "source_scale", "notes", "fatalities",
           "tags", "timestamp")

#: statuses of events that took place (ACLED codes no plans or forecasts)
HAPPENED = ("occurred", "ongoing")


def acled_type(etype: str, mode: str | None) -> tuple[str, str, str] | None:
    """(disorder type, event type, sub-event type) of a PLOVER type and mode; None when ACLED codes none."""
    types = lexicon.acled_types()
    return types.get((etype, mode or "*")) or types.get((etype, "*"))


def geo_precision(feature: str | None) -> int | None:
    """ACLED's geo_precision of the feature the text named (None without a place)."""
    return lexicon.acled_precision().get(("place", feature or "")) if feature else None


def time_precision(start: str | None, end: str | None) -> int:
    """ACLED's time_precision of the interval the text gave (a day, a week, longer or none)."""
    codes = lexicon.acled_precision()
    if not start:
        return codes[("days", "*")]
    days = (date.fromisoformat((end or start)[:10]) - date.fromisoformat(start[:10])).days + 1
    bounds = sorted((int(v), c) for (k, v), c in codes.items() if k == "days" and v != "*")
    return next((c for bound, c in bounds if days <= bound), codes[("days", "*")])


def _timestamp(value: str | None) -> int | None:
    if not value:
        return None
    try:
        when = datetime.fromisoformat(value[:19])
    except ValueError:
        return None
    # a publication time without a zone is read as UTC, so the figure is the same on every machine
    return int((when if when.tzinfo else when.replace(tzinfo=timezone.utc)).timestamp())


def acled_row(e: dict[str, Any]) -> dict[str, Any] | None:
    """One event as an ACLED row; None when ACLED would not code it."""
    kind = acled_type(e["type"], e.get("mode"))
    if kind is None or e.get("status") not in HAPPENED:
        return None
    disorder, event_type, sub_event = kind
    dated = e.get("dated", True) and e.get("start")
    day = e.get("start") or (e.get("first_seen") or "")[:10] or None
    country = lexicon.countries().get(e.get("country") or "", {})
    tags = []
    if e.get("feature") == "country":
        tags.append("place: country")
    if not dated:
        tags.append("date: report")
    actors, targets = e.get("actors") or [], e.get("targets") or []
    return {"event_id_cnty": e["uid"], "event_date": day, "year": int(day[:4]) if day else None,
            "time_precision": time_precision(e.get("start"), e.get("end")) if dated else time_precision(None, None),
            "disorder_type": disorder,
            "event_type": event_type, "sub_event_type": sub_event,
            "actor1": actors[0] if actors else None, "assoc_actor_1": "; ".join(actors[1:]) or None,
            "inter1": None, "actor2": targets[0] if targets else None,
            "assoc_actor_2": "; ".join(targets[1:]) or None, "inter2": None, "interaction": None,
            "civilian_targeting": "Civilian targeting" if event_type == "Violence against civilians" else None,
            "iso": int(country["numeric"]) if country.get("numeric") else None,
            "region": country.get("continent"), "country": country.get("name"),
            "admin1": e.get("admin1"), "admin2": e.get("admin2"), "admin3": None, "location": e.get("place"),
            "latitude": e.get("lat"), "longitude": e.get("lon"), "geo_precision": geo_precision(e.get("feature")),
            "source": "; ".join(e.get("outlets") or []) or None, "source_scale": None, "notes": e.get("text"),
            "fatalities": int(e["killed"]) if e.get("killed") is not None else None, "tags": "; ".join(tags) or None,
            "timestamp": _timestamp(e.get("last_seen"))}


def write_acled(ledger: Ledger, out: IO[str], filters: Filters, report: "ExportReport") -> None:
    """A header row and one row per event ACLED would code."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for e in ledger.stream("events", filters):
        row = acled_row(e)
        if row is None:
            report.skip("not an ACLED event type" if acled_type(e["type"], e.get("mode")) is None
                        else f"status {e.get('status')}")
            continue
        writer.writerow(["" if row[c] is None else row[c] for c in COLUMNS])
        report.count("events")
