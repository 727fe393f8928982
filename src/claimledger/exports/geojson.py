"""GeoJSON (RFC 7946): one FeatureCollection of the ledger's events (clusters) and the GeoNames
places it mentions, each a Point at ``[longitude, latitude]`` (null geometry when the text gave
no place). Every feature says how precise its point is: ``feature`` is what the text named
(city, admin1, country …), so a country's centroid is never taken for the place of an event."""
from __future__ import annotations

import json
from collections.abc import Iterator
from typing import IO, TYPE_CHECKING, Any

from claimledger.store import Ledger
from claimledger.store.streams import Filters

if TYPE_CHECKING:
    from claimledger.exports import ExportReport

_EVENT_KEYS = ("uid", "type", "mode", "status", "start", "end", "dated", "first_seen", "last_seen", "place", "country",
               "feature", "geonames_id", "admin1", "admin2", "actors", "targets", "sources", "outlets",
               "mentions", "killed", "text", "document", "url")


def point(lat: float | None, lon: float | None) -> dict[str, Any] | None:
    """A GeoJSON Point (longitude first), or None without both coordinates."""
    if lat is None or lon is None:
        return None
    return {"type": "Point", "coordinates": [lon, lat]}


def event_features(events: Iterator[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """A Feature per event, its properties the event's fields (``kind``: "event")."""
    for e in events:
        props = {"kind": "event", **{k: e.get(k) for k in _EVENT_KEYS}}
        yield {"type": "Feature", "id": e["uid"], "geometry": point(e.get("lat"), e.get("lon")),
               "properties": props}


def place_features(places: Iterator[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """A Feature per GeoNames place (``kind``: "place")."""
    for p in places:
        props = {"kind": "place", **{k: v for k, v in p.items() if k not in ("lat", "lon")}}
        yield {"type": "Feature", "id": f"geonames:{p['geonames_id']}", "geometry": point(p.get("lat"), p.get("lon")),
               "properties": props}


def write_geojson(ledger: Ledger, out: IO[str], filters: Filters, report: "ExportReport", *,
                  places: bool = True) -> None:
    """The FeatureCollection, written feature by feature: events, then (with ``places``) places."""
    out.write('{"type": "FeatureCollection", "features": [\n')
    first = True
    streams = [("events", event_features(ledger.stream("events", filters)))]
    if places:
        streams.append(("places", place_features(ledger.stream("places", filters))))
    for kind, features in streams:
        for feature in features:
            out.write(("" if first else ",\n") + json.dumps(feature, ensure_ascii=False))
            first = False
            report.count(kind)
            if feature["geometry"] is None:
                report.count(f"{kind} without coordinates (null geometry)")
    out.write("\n]}\n")
