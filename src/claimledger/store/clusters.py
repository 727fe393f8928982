"""Event clusters: the mentions of one event across documents, persisted as they are stored.

A mention joins a cluster only when all four agree:

- type: the same PLOVER type;
- time: its day (the event's own, else its page's) within ``WINDOW_DAYS`` of the cluster's
  first day, and its own span no longer than ``MAX_SPAN_DAYS`` (an "invasion since 2008"
  is an event of its own, never a magnet for every mention of the war; a time given only
  as a month or a year spans that month or year, never its page's day);
- place: the same GeoNames place, or one inside the other (a country or first-level
  division and a place in it), or within ``Settings.event_near_km``; one inside the other
  only on the cluster's own first day, since a country holds every strike of a night and
  "Russia launched a mass air attack overnight" (Saturday into Sunday) is not "a missile
  struck a building in Sumy" on Sunday evening; a mention without a place joins
  only a cluster of the same day whose actors it shares, and one at a sea or a world region
  (no country holds it) only a cluster at the same one;
- actors: a shared word when both name actors; for a statement (PLOVER's verbal types:
  an accusation, a request, an agreement, a call) a shared word always, since a statement
  is its speaker's and two unattributed ones on a page ("it accused", "it called") need not
  be one.

A mention is compared with the stored clusters of its type whose first day is in its window,
of each day the ``MAX_CANDIDATES`` most reported (then newest), so that a batch costs the
same on a crowded day. A cluster keeps its first and last seen dates, its outlets
(independent sources) and the most precise place any mention gives.
"""
from __future__ import annotations

import calendar
import hashlib
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from claimledger.resolve.gazetteer import km
from claimledger.settings import Settings
from claimledger.store.models import EventCluster, GeoPlace
from claimledger.store.rows import EventRow, drawn_uid, update_by_id

WINDOW_DAYS = 2
MAX_SPAN_DAYS = 7
#: most stored clusters of one type and first day a batch compares its mentions with: those
#: most reported, then the newest. A day on which thousands of pages report strikes would
#: otherwise bring every strike of its week to every batch (nearly all reported once), so that
#: what a batch reads and holds grew with the ledger
MAX_CANDIDATES = 200
STATUS_ORDER = ("occurred", "ongoing", "planned", "predicted")
_BROAD = ("region", "country", "admin1")
_PRECISION = {"landmark": 0, "locality": 1, "city": 2, "admin2": 3, "admin1": 4, "country": 5, "region": 6}
#: PLOVER's verbal event types (its manual's quad classes "verbal cooperation" and "verbal
#: conflict"): events that are statements, told apart by who makes them
STATEMENT_TYPES = frozenset({"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "REQUEST", "ACCUSE", "REJECT",
                             "THREATEN", "DEMAND", "DISAPPROVE"})
#: TIMEX3's parts of a year: (first month, months)
_PARTS = {"Q1": (1, 3), "Q2": (4, 3), "Q3": (7, 3), "Q4": (10, 3), "H1": (1, 6), "H2": (7, 6),
          "SP": (3, 3), "SU": (6, 3), "FA": (9, 3), "WI": (12, 3)}
_STOP = {"the", "a", "an", "of", "and", "its", "their", "forces", "troops", "s"}


def day(value: str | None) -> date | None:
    """The date an ISO date or date-time begins with, or None."""
    try:
        return date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def span(start: str | None, end: str | None) -> tuple[date | None, date | None]:
    """The first and last day of a mention's time: a day or a date-time is that day, an ISO
    week its Monday to Sunday, a month ("2024-07"), a quarter, a half, a season or a year
    ("2024") all its days; (None, None) when there is no time or it is none of these."""
    def bounds(value: str | None) -> tuple[date | None, date | None]:
        if not value:
            return None, None
        m = re.fullmatch(r"(\d{4})(?:-(\d{2}))?", value)
        if m:
            y, mo = int(m[1]), int(m[2] or 0)
            if mo and not 1 <= mo <= 12:
                return None, None
            if not mo:
                return date(y, 1, 1), date(y, 12, 31)
            return date(y, mo, 1), date(y, mo, calendar.monthrange(y, mo)[1])
        m = re.fullmatch(r"(\d{4})-(Q[1-4]|H[12]|SP|SU|FA|WI)", value)
        if m:  # a quarter, a half, a season: its months (winter from December on)
            y, first_month, months = int(m[1]), *_PARTS[m[2]]
            last_y, last_m = divmod(y * 12 + first_month - 1 + months - 1, 12)
            return date(y, first_month, 1), date(last_y, last_m + 1, calendar.monthrange(last_y, last_m + 1)[1])
        first = day(value)
        if first is not None and re.fullmatch(r"\d{4}-W\d{2}", value):
            return first, first + timedelta(days=6)
        return first, first
    lo, _ = bounds(start)
    _, hi = bounds(end or start)
    return lo, hi or lo


def actor_words(names: list[str]) -> set[str]:
    """The content words of actor names ("Russian forces" -> {"russian"})."""
    return {w for n in names for w in re.findall(r"[a-z]+", n.lower()) if w not in _STOP}


@lru_cache(maxsize=16384)
def _actor_words(names: tuple[str, ...]) -> frozenset[str]:
    """:func:`actor_words` of a mention's or a cluster's actors, read once (a mention is
    compared with every cluster of its window)."""
    return frozenset(actor_words(list(names)))


@dataclass(slots=True)
class StoredCluster:
    """A stored cluster a batch may join, read as its columns (the fields of
    :class:`EventCluster`), not as a mapped object: a batch reads thousands where events are
    dense and joins few. One the batch changes is written back by :meth:`Clusterer.finish`."""

    id: int
    type: str
    mode: str | None
    status: str
    start_day: str | None
    end_day: str | None
    first_seen: str | None
    last_seen: str | None
    place_name: str | None
    place_country: str | None
    place_feature: str | None
    geonames_id: int | None
    lat: float | None
    lon: float | None
    actors: list[str]
    mentions: int
    changed: bool = False
    #: its outlets and their count, read by :meth:`Clusterer.finish` for the clusters a batch
    #: joins (a cluster of a busy story lists hundreds; matching never reads them)
    outlets: list[str] | None = None
    sources: int = 0
    #: the outlets of the batch's mentions in it, in order (merged into ``outlets`` by ``finish``)
    new_outlets: list[str] | None = None


#: the columns of a :class:`StoredCluster`, read by :meth:`Clusterer.prefetch`
_STORED = ("id", "type", "mode", "status", "start_day", "end_day", "first_seen", "last_seen", "place_name",
           "place_country", "place_feature", "geonames_id", "lat", "lon", "actors", "mentions")
#: what a batch may change of a stored cluster
_CHANGING = tuple(c for c in _STORED if c not in ("id", "type", "start_day")) + ("outlets", "sources")

#: a cluster a mention is compared with: stored, or made in this batch
Cluster = StoredCluster | EventCluster


class Clusterer:
    """Clusters the event mentions of one batch inside its transaction."""

    def __init__(self, session: Session, near_km: float | None = None) -> None:
        self.s = session
        self.near_km = Settings().event_near_km if near_km is None else near_km
        #: the clusters this batch may join, by type, in id order (new ones last): read once
        #: by :meth:`prefetch`, so a batch costs one query, not one per event
        self.candidates: dict[str, list[Cluster]] | None = None
        #: ``candidates`` by type and first day, each with its place in ``candidates``: a mention
        #: reads the days of its window, not every cluster of its type
        self._by_day: dict[str, dict[str, list[tuple[int, Cluster]]]] = {}
        #: each type's first days, sorted (None: to sort again after a new day)
        self._days: dict[str, list[str] | None] = {}
        #: the first-level division of each GeoNames place asked for in this batch
        self._admin1s: dict[int, str | None] = {}
        #: the mentions placed in a cluster made in this batch (its id comes at the flush)
        self.placed: list[tuple[EventRow, Cluster]] = []
        #: the stored clusters this batch changed, written back by :meth:`finish`
        self.changed: list[StoredCluster] = []

    def prefetch(self, events: list[tuple[EventRow, str | None]]) -> None:
        """Read, in one query, the stored clusters that one of ``events`` (mention, page date)
        could join: its type, and a first day within ``WINDOW_DAYS`` of the event's; of each type
        and first day the :data:`MAX_CANDIDATES` most reported, then newest."""
        days: set[str] = set()
        for e, published in events:
            start = span(e.when_start, e.when_end)[0] or day(published)
            if start is not None:
                days |= {(start + timedelta(days=k)).isoformat() for k in range(-WINDOW_DAYS, WINDOW_DAYS + 1)}
        types = sorted({e.type for e, _ in events if e.type})
        self.candidates = {t: [] for t in types}
        if days and types:
            rank = func.row_number().over(partition_by=(EventCluster.type, EventCluster.start_day),
                                         order_by=(EventCluster.mentions.desc(), EventCluster.id.desc())).label("rank")
            ranked = (select(EventCluster.id, rank)
                      .where(EventCluster.type.in_(types), EventCluster.start_day.in_(sorted(days))).subquery())
            cols = [getattr(EventCluster, c) for c in _STORED]
            q = (select(*cols).join(ranked, ranked.c.id == EventCluster.id)
                 .where(ranked.c.rank <= MAX_CANDIDATES).order_by(EventCluster.id))
            for row in self.s.execute(q):
                self._candidate(StoredCluster(*row))

    def _candidate(self, c: Cluster) -> None:
        """Add ``c`` to the clusters of its type this batch may join (after those it has)."""
        assert self.candidates is not None
        kind = self.candidates.setdefault(c.type, [])
        kind.append(c)
        if c.start_day is not None:
            days = self._by_day.setdefault(c.type, {})
            if c.start_day not in days:
                days[c.start_day] = []
                self._days[c.type] = None
            days[c.start_day].append((len(kind) - 1, c))

    def _window(self, e: EventRow, lo: str, hi: str) -> list[Cluster]:
        """The candidates of ``e``'s type whose first day is from ``lo`` to ``hi``, in candidate order."""
        if self.candidates is None:
            raise RuntimeError("Clusterer.prefetch() reads the clusters a batch may join; call it before add()")
        days = self._by_day.get(e.type)
        if not days:
            return []
        ordered = self._days.get(e.type)
        if ordered is None:
            ordered = self._days[e.type] = sorted(days)
        found = [pc for d in ordered[bisect_left(ordered, lo):bisect_right(ordered, hi)] for pc in days[d]]
        found.sort(key=lambda pc: pc[0])
        return [c for _, c in found]

    def finish(self) -> None:
        """Flush the batch's new clusters and give their mentions the ids; write back the
        stored clusters it changed (one executemany UPDATE)."""
        self.s.flush()
        for e, c in self.placed:
            e.cluster_id = c.id
        self.placed = []
        if self.changed:
            table: Any = EventCluster.__table__
            for i in range(0, len(self.changed), 500):  # their outlets, and the batch's added
                part = {c.id: c for c in self.changed[i:i + 500]}
                for cid, outlets in self.s.execute(select(table.c.id, table.c.outlets).where(table.c.id.in_(part))):
                    c = part[cid]
                    have = list(outlets or [])
                    c.outlets = have + [o for o in c.new_outlets or () if o not in have]
                    c.sources, c.new_outlets = len(c.outlets), None
            update_by_id(self.s, table, [{"id": c.id, **{k: getattr(c, k) for k in _CHANGING}} for c in self.changed])
            for c in self.changed:
                c.changed = False
            self.changed = []

    def _admin1(self, gid: int | None) -> str | None:
        """``country.admin1`` of a GeoNames place of the ledger, read once a batch (the session's
        identity map holds no GeoPlace the batch does not keep, so each ``get`` was a query)."""
        if gid is None:
            return None
        if gid not in self._admin1s:
            g = self.s.get(GeoPlace, gid)
            self._admin1s[gid] = f"{g.country}.{g.admin1}" if g is not None and g.admin1 else None
        return self._admin1s[gid]

    def places_agree(self, c: Cluster, e: EventRow, gid: int | None) -> bool:
        """The same place, one inside the other, or close enough."""
        return self.place_relation(c, e, gid) is not None

    def place_relation(self, c: Cluster, e: EventRow, gid: int | None) -> str | None:
        """How the mention's place stands to the cluster's: "same" (one GeoNames place, one name
        and feature, one country, one first-level division), "inside" (a country or a division and a place
        in it, either way), "near" (within ``near_km``), or None."""
        if c.geonames_id is not None and c.geonames_id == gid:
            return "same"
        if c.place_country is None or e.place_country is None or c.place_country != e.place_country:
            return None
        if (c.place_name or "").lower() == (e.place_name or "").lower() and \
                (c.place_feature == e.place_feature or None in (c.place_feature, e.place_feature)):
            return "same"  # the same name as another feature: a city and its namesake region
        if c.place_feature == "country" and e.place_feature == "country":
            return "same"
        if c.place_feature == "country" or e.place_feature == "country":
            return "inside"
        if c.place_feature in _BROAD or e.place_feature in _BROAD:
            a, b = self._admin1(c.geonames_id), self._admin1(gid)
            if a is None or a != b:
                return None
            return "same" if c.place_feature == e.place_feature == "admin1" else "inside"
        if None in (c.lat, c.lon, e.place_lat, e.place_lon):
            return None
        return "near" if km(c.lat, c.lon, e.place_lat, e.place_lon) <= self.near_km else None  # type: ignore[arg-type]

    def agrees(self, c: Cluster, e: EventRow, start: date, gid: int | None) -> bool:
        """Time, actors and place of ``e`` agree with cluster ``c`` (the type is agreed by the query)."""
        first = day(c.start_day)
        if first is None or abs((start - first).days) > WINDOW_DAYS:
            return False
        mine, theirs = _actor_words(tuple(e.actors or ())), _actor_words(tuple(c.actors or ()))
        shared = mine & theirs
        if not shared and ((mine and theirs) or c.type in STATEMENT_TYPES):
            return False
        if e.place_name is None or c.place_name is None:
            return bool(shared) and start == first
        if e.place_country is None or c.place_country is None:
            # a sea, a gulf, a world region: a place no country holds, the same only by its name
            return (c.geonames_id is not None and c.geonames_id == gid) or \
                (c.place_name or "").lower() == (e.place_name or "").lower()
        relation = self.place_relation(c, e, gid)
        # one place inside the other is weak evidence (a country holds every strike of a night):
        # it takes the cluster's own first day, not any day of the window
        return relation is not None and (relation != "inside" or start == first)

    def add(self, e: EventRow, published: str | None, outlet: str) -> Cluster:
        """Put ``e`` in the cluster it agrees with, or a new one."""
        start, end = span(e.when_start, e.when_end)
        if start is None:
            start = end = day(published)
        gid = e.place.geonames_id if e.place is not None else None
        target: Cluster | None = None
        if start is not None and end is not None and (end - start).days <= MAX_SPAN_DAYS:
            lo, hi = (start - timedelta(days=WINDOW_DAYS)).isoformat(), (start + timedelta(days=WINDOW_DAYS)).isoformat()
            target = next((c for c in self._window(e, lo, hi) if self.agrees(c, e, start, gid)), None)
        if target is None:
            uid = drawn_uid(self.s, EventCluster, "cluster:" + hashlib.sha256(f"cluster {e.uid}".encode()).hexdigest()[:16])
            target = EventCluster(uid=uid, type=e.type,
                                  mode=e.mode, status=e.status, start_day=start and start.isoformat(),
                                  end_day=end and end.isoformat(), first_seen=published, last_seen=published,
                                  place_name=e.place_name, place_country=e.place_country,
                                  place_feature=e.place_feature, geonames_id=gid, lat=e.place_lat, lon=e.place_lon,
                                  actors=list(e.actors or []), outlets=[], sources=0, mentions=0)
            self.s.add(target)
            self._candidate(target)
        else:
            self._merge(target, e, end, gid, published)
        if isinstance(target, StoredCluster):
            if target.new_outlets is None:
                target.new_outlets = [outlet]
            elif outlet not in target.new_outlets:
                target.new_outlets.append(outlet)
            if not target.changed:
                target.changed = True
                self.changed.append(target)
        else:
            if outlet not in (target.outlets or []):
                target.outlets = [*(target.outlets or []), outlet]
            target.sources = len(target.outlets)
        target.mentions += 1
        if target.id is None:
            self.placed.append((e, target))  # a cluster made in this batch: its id comes at finish()
        else:
            e.cluster_id = target.id
        return target

    def _merge(self, c: Cluster, e: EventRow, end: date | None, gid: int | None,
               published: str | None) -> None:
        c.mode = c.mode or e.mode
        if end and (c.end_day is None or end.isoformat() > c.end_day):
            c.end_day = end.isoformat()
        if published and (c.first_seen is None or published < c.first_seen):
            c.first_seen = published
        if published and (c.last_seen is None or published > c.last_seen):
            c.last_seen = published
        if e.place_name and _PRECISION.get(e.place_feature or "", 9) < _PRECISION.get(c.place_feature or "", 9):
            c.place_name, c.place_country, c.place_feature = e.place_name, e.place_country, e.place_feature
            c.geonames_id, c.lat, c.lon = gid, e.place_lat, e.place_lon
        have = {a.lower() for a in c.actors or []}
        new = [a for a in e.actors or [] if a.lower() not in have]
        if new:
            c.actors = [*(c.actors or []), *new]
        if e.status in STATUS_ORDER and (c.status not in STATUS_ORDER
                                         or STATUS_ORDER.index(e.status) < STATUS_ORDER.index(c.status)):
            c.status = e.status
