"""POLECAT's event layout (the JSON the NGEC coder behind POLECAT writes), one event a line:
``id``, ``date``, ``event_type``, ``event_mode`` (a list), ``event_text``, ``contexts``, the
``attributes`` ACTOR / RECIP / LOC (each a list of ``{"text": …}``), ``event_geolocation``
(``{"geo": {…} | null, "reason"}``), and the story's ``pub_date``, ``publisher``,
``story_id`` and ``headline``. PLOVER types and modes are the ledger's own (SPEC.md).
Fields the ledger has no value for (actor codes, contexts) are empty, never guessed."""
from __future__ import annotations

import json
from typing import IO, TYPE_CHECKING, Any

from claimledger import __version__, lexicon
from claimledger.store import Ledger
from claimledger.store.streams import Filters

if TYPE_CHECKING:
    from claimledger.exports import ExportReport


def polecat_event(e: dict[str, Any]) -> dict[str, Any]:
    """One event cluster in POLECAT's layout."""
    iso3 = lexicon.countries().get(e.get("country") or "", {}).get("iso3")
    geo = None
    if e.get("lat") is not None and e.get("lon") is not None:
        geo = {"resolved_placename": e.get("place"), "geonameid": e.get("geonames_id"), "lat": e["lat"],
               "lon": e["lon"], "country_code3": iso3, "admin1_name": e.get("admin1"),
               "admin2_name": e.get("admin2"), "feature_type": e.get("feature")}
    return {"id": e["uid"], "date": e.get("start"), "event_type": e["type"],
            "event_mode": [e["mode"]] if e.get("mode") else [], "event_text": e.get("text"), "contexts": [],
            "attributes": {"ACTOR": [{"text": a} for a in e.get("actors") or []],
                           "RECIP": [{"text": t} for t in e.get("targets") or []],
                           "LOC": [{"text": e["place"]}] if e.get("place") else []},
            "event_geolocation": {"geo": geo, "reason": "the event's place as the ledger resolved it" if geo
                                  else "the text names no place with coordinates"},
            "status": e.get("status"), "sources": e.get("sources"),
            "pub_date": (e.get("first_seen") or "")[:10] or None,
            "publisher": (e.get("outlets") or [None])[0], "story_id": e.get("document"), "headline": e.get("title"),
            "version": f"claimledger-{__version__}"}


def write_polecat(ledger: Ledger, out: IO[str], filters: Filters, report: "ExportReport") -> None:
    """Every event ``filters`` keep, one JSON object a line."""
    for e in ledger.stream("events", filters):
        out.write(json.dumps(polecat_event(e), ensure_ascii=False) + "\n")
        report.count("events")
