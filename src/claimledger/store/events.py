"""Events across the ledger: mentions of one event in several documents merged
into one, with its independent sources counted (GDELT's known flaw is one
story counted as many events).

Two mentions are one event when they have the same PLOVER type, their times
overlap (an event's own time, else the day its document was published, with
``window_days`` of slack), their places agree (the same place, or one inside
the other: the same country and one of them a country or region, or within
``Settings.event_near_km``), and their actors overlap (a shared word) or one names none.
Sources are counted by outlet (a document without one counts alone).
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Engine, or_, select
from sqlalchemy.orm import Session

from claimledger.checks import escape_like
from claimledger.settings import Settings
from claimledger.store.models import Document, EventMention

#: statuses from strongest to weakest: a merged event takes its strongest mention's
STATUS_ORDER = ("occurred", "ongoing", "planned", "predicted")
_STOP = {"the", "a", "an", "of", "and", "its", "their", "forces", "troops", "s"}


@dataclass
class Mention:
    type: str
    mode: str | None
    text: str
    actors: list[str]
    targets: list[str]
    place: str | None
    country: str | None
    feature: str | None
    lat: float | None
    lon: float | None
    start: date | None
    end: date | None
    status: str
    outlet: str | None
    document_id: int
    document: str | None
    #: the mention's span in its document's text, the document's SHA-256 and the mention's stable id
    span: tuple[int, int] | None = None
    sha256: str | None = None
    uid: str | None = None


@dataclass
class MergedEvent:
    type: str
    mode: str | None
    start: date | None
    end: date | None
    place: str | None
    country: str | None
    actors: list[str]
    status: str
    mentions: list[Mention] = field(default_factory=list)

    @property
    def sources(self) -> int:
        """Independent sources: distinct outlets (a document without one counts alone)."""
        return len({m.outlet or f"document {m.document_id}" for m in self.mentions})

    def to_json(self) -> dict[str, Any]:
        """The merged event as a JSON object, dates as ISO strings."""
        return {"type": self.type, "mode": self.mode, "start": self.start and self.start.isoformat(),
                "end": self.end and self.end.isoformat(), "place": self.place, "country": self.country,
                "actors": self.actors, "status": self.status, "sources": self.sources,
                "lat": self.lat, "lon": self.lon,
                "mentions": [{"text": m.text, "outlet": m.outlet, "document": m.document, "status": m.status,
                              "document_id": m.document_id, "sha256": m.sha256, "uid": m.uid,
                              "start": m.span[0] if m.span else None,
                              "end": m.span[1] if m.span else None} for m in self.mentions]}

    @property
    def lat(self) -> float | None:
        """Latitude of the event's place: of the first mention placed there that has one."""
        return next((m.lat for m in self._located()), None)

    @property
    def lon(self) -> float | None:
        """Longitude of the event's place (see ``lat``)."""
        return next((m.lon for m in self._located()), None)

    def _located(self) -> list[Mention]:
        found = [m for m in self.mentions if m.lat is not None and m.lon is not None]
        return [m for m in found if m.place == self.place] or found


def _day(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def _words(names: list[str]) -> set[str]:
    return {w for n in names for w in re.findall(r"[a-z]+", n.lower()) if w not in _STOP}


def _km(a: Mention | MergedEvent, b: Mention) -> float | None:
    la, lo = getattr(a, "lat", None), getattr(a, "lon", None)
    if la is None or lo is None or b.lat is None or b.lon is None:
        return None
    p = math.pi / 180
    h = (math.sin((b.lat - la) * p / 2) ** 2
         + math.cos(la * p) * math.cos(b.lat * p) * math.sin((b.lon - lo) * p / 2) ** 2)
    return 12742 * math.asin(math.sqrt(min(1.0, h)))


def places_agree(e: MergedEvent, m: Mention, near_km: float) -> bool:
    """Whether ``m`` happens where ``e`` does: one country, and the same place, one
    inside the other, or towns at most ``near_km`` apart (Settings.event_near_km)."""
    first = e.mentions[0]
    if e.country is None or m.country is None:
        return True  # one of them says nowhere: the time, type and actors decide
    if e.country != m.country:
        return False
    if (e.place or "").lower() == (m.place or "").lower():
        return True
    broad = {"country", "admin1", "region"}
    if first.feature in broad or m.feature in broad:
        return True  # "Kursk Oblast" and "Sudzha" (a place inside it), or "Ukraine" and "Kharkiv"
    dist = _km(first, m)
    return dist is not None and dist <= near_km


def times_agree(e: MergedEvent, m: Mention, window_days: int) -> bool:
    """Whether a mention's time overlaps the event's, with ``window_days`` of slack."""
    if e.start is None or m.start is None:
        return True
    slack = timedelta(days=window_days)
    return m.start <= (e.end or e.start) + slack and e.start <= (m.end or m.start) + slack


def actors_agree(e: MergedEvent, m: Mention) -> bool:
    """Whether actors overlap (a shared word), or one side names none."""
    if not e.actors or not m.actors:
        return True
    return bool(_words(e.actors) & _words(m.actors))


def merge(mentions: list[Mention], window_days: int = 2, near_km: float | None = None) -> list[MergedEvent]:
    """Greedy merge in time order: each mention joins the first event it agrees with."""
    near = Settings().event_near_km if near_km is None else near_km
    events: list[MergedEvent] = []
    for m in sorted(mentions, key=lambda m: (m.start or date.max, m.document_id)):
        target = next((e for e in events if e.type == m.type and times_agree(e, m, window_days)
                       and places_agree(e, m, near) and actors_agree(e, m)), None)
        if target is None:
            events.append(MergedEvent(m.type, m.mode, m.start, m.end, m.place, m.country, list(m.actors),
                                      m.status, [m]))
            continue
        target.mentions.append(m)
        target.mode = target.mode or m.mode
        if m.end and (target.end is None or m.end > target.end):
            target.end = m.end
        if target.country is None and m.country:
            target.place, target.country = m.place, m.country
        elif m.feature not in ("country", "admin1", "region") and target.mentions[0].feature in (
                "country", "admin1", "region"):
            target.place = m.place  # the most precise place any source gives
        target.actors += [a for a in m.actors if a.lower() not in {x.lower() for x in target.actors}]
        if STATUS_ORDER.index(m.status) < STATUS_ORDER.index(target.status):
            target.status = m.status
    return events


def _last_day(e: MergedEvent) -> date | None:
    return e.end or e.start


def ledger_events(engine: Engine, etype: str | None = None, place: str | None = None,
                  since: str | None = None, window_days: int = 2,
                  near_km: float | None = None) -> list[MergedEvent]:
    """Merged events of the ledger, newest first; ``etype`` a PLOVER type, ``place`` a
    place name or ISO country code, ``since`` an ISO date."""
    q = select(EventMention, Document).join(Document)
    if etype:
        q = q.where(EventMention.type == etype.upper())
    if place:
        q = q.where(or_(EventMention.place_name.ilike(f"%{escape_like(place)}%", escape="\\"),
                        EventMention.place_country == place.upper()))
    mentions = []
    with Session(engine) as s:
        for ev, doc in s.execute(q):
            start = _day(ev.when_start) or _day(doc.published)
            end = _day(ev.when_end) or start
            mentions.append(Mention(ev.type, ev.mode, ev.text, list(ev.actors or []), list(ev.targets or []),
                                    ev.place_name, ev.place_country, ev.place_feature, ev.place_lat,
                                    ev.place_lon, start, end, ev.status, doc.outlet, doc.id, doc.title,
                                    (ev.start, ev.end), doc.sha256, ev.uid))
    events = merge(mentions, window_days, near_km)
    cut = _day(since)
    if cut is not None:
        events = [e for e in events if _last_day(e) is None or _last_day(e) >= cut]  # type: ignore[operator]
    return sorted(events, key=lambda e: (e.start or date.min, e.sources), reverse=True)
