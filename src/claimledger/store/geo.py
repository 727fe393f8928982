"""GeoNames places of the ledger with their first- and second-level divisions (from the
shipped gazetteer), written as places are stored."""
from __future__ import annotations

from collections import Counter
from functools import lru_cache

from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from claimledger.resolve.gazetteer import GazEntry, gazetteer
from claimledger.store.models import GeoPlace
from claimledger.store.rows import PlaceRow


@lru_cache(maxsize=1)
def _by_id() -> dict[int, GazEntry]:
    return {e.geonames_id: e for e in gazetteer().entries if e.geonames_id is not None}


@lru_cache(maxsize=1)
def _admin2_names() -> dict[tuple[str, str, str], str]:
    return {(e.country, e.admin1, e.admin2): e.name for e in gazetteer().entries if e.feature == "admin2" and e.admin2}


def divisions(geonames_id: int) -> tuple[str | None, str | None, str | None, str | None]:
    """``(admin1 code, admin1 name, admin2 code, admin2 name)`` of a GeoNames place, as far as known."""
    e = _by_id().get(geonames_id)
    if e is None or not e.country:
        return None, None, None, None
    a1 = e.admin1 or None
    a1_entry = gazetteer().admin1_entry(f"{e.country}.{e.admin1}") if a1 else None
    a2 = e.admin2 or None
    a2_name = _admin2_names().get((e.country, e.admin1, e.admin2)) if a2 else None
    return a1, a1_entry.name if a1_entry else None, a2, a2_name


def upsert_places(s: Session, places: list[PlaceRow]) -> None:
    """Count each GeoNames place mentioned, adding the ones the ledger did not know. Safe
    beside another writer doing the same (PostgreSQL): a place both add is inserted once
    (ON CONFLICT DO NOTHING) and the counts are added in SQL, never read and written back."""
    seen = Counter(p.geonames_id for p in places if p.geonames_id is not None)
    if not seen:
        return
    first: dict[int, PlaceRow] = {}
    for p in places:
        if p.geonames_id is not None:
            first.setdefault(p.geonames_id, p)
    known = set(s.scalars(select(GeoPlace.geonames_id).where(GeoPlace.geonames_id.in_(list(seen)))))
    new = []
    for gid, p in first.items():
        if gid in known:
            continue
        a1, a1_name, a2, a2_name = divisions(gid)
        new.append({"geonames_id": gid, "name": p.name, "country": p.country, "feature": p.feature, "admin1": a1,
                    "admin1_name": a1_name, "admin2": a2, "admin2_name": a2_name, "lat": p.lat, "lon": p.lon,
                    "mentions": 0})
    if new:
        insert = pg_insert if s.get_bind().dialect.name == "postgresql" else sqlite_insert
        s.execute(insert(GeoPlace).values(new).on_conflict_do_nothing(index_elements=["geonames_id"]))
    by_count: dict[int, list[int]] = {}
    for gid, n in seen.items():
        by_count.setdefault(n, []).append(gid)
    for n, ids in by_count.items():
        s.execute(update(GeoPlace).where(GeoPlace.geonames_id.in_(ids)).values(mentions=GeoPlace.mentions + n)
                  .execution_options(synchronize_session=False))
