"""The morning brief (store/changes.py, claimledger/brief/): on a ledger of hand-made articles from
three consecutive days, the brief for day three lists exactly what changed on day three."""
from __future__ import annotations

import pytest

import claimledger
from claimledger.records import Claim, Claimant, Event, Place, Quantity, Record, Segment, Source

DAY1, DAY2, DAY3 = "2025-03-02", "2025-03-03", "2025-03-04"
#: the places the articles use, with their GeoNames ids and coordinates
PLACES = {"Kharkiv": ("UA", 706483, 49.98, 36.25), "Kherson": ("UA", 706448, 46.64, 32.61),
          "Belgorod": ("RU", 578072, 50.60, 36.58), "Odesa": ("UA", 698740, 46.49, 30.74)}
DRONES = {"subject": "drones", "measure": "launched", "place": "Kharkiv", "key": "drones|launched"}


def article(name: str, outlet: str, published: str, body: str, speaker: str | None, side: str, *,
            place: str | None = None, event: tuple[str, str | None, str, list[str]] | None = None,
            figure: tuple[str, float, str] | None = None, modality: str = "asserted", org: str | None = None,
            url: str | None = None) -> dict:
    """A record made by hand: one claim by ``speaker`` (or organisation ``org``), optionally an event
    (type, mode, day, actors) at ``place`` reported by the claim, and a figure (its words, its value, its as-of)."""
    text = f"{name}\n\n{body}\n"
    rec = Record(text=text, source=Source(path=f"{name}.txt", url=url))
    rec.document.outlet, rec.document.published, rec.document.title = outlet, published, name
    start = text.index(body)
    rec.segments = [Segment("headline", 0, len(name)), Segment("body", start, len(text) - 1)]
    rec.claims = [Claim(1, body, start, start + len(body), Claimant(name=speaker, organization=org, side=side),
                        said_on=published[:10], modality=modality)]
    if place:
        at = text.index(place)
        cc, gid, lat, lon = PLACES[place]
        rec.places = [Place(place, at, at + len(place), place, cc, "city", lat, lon, gid)]
    if figure:
        words, value, as_of = figure
        n = text.index(words)
        rec.quantities = [Quantity(words, n, n + len(words), value, value, False, "drones", "drones", claim=1,
                                   as_of=as_of, measure=dict(DRONES))]
    if event:
        etype, mode, day, actors = event
        rec.events = [Event(etype, mode, body, start, start + len(body), actors, place=0 if place else None,
                            when={"start": day, "end": day}, claims=[1])]
    return rec.to_json()


DAY_ONE = [
    article("Overnight attack", "Northern Wire", f"{DAY1}T07:30",
            "Russia launched 40 drones at Kharkiv overnight, the regional governor said.", "Oleh Syniehubov", "UA",
            place="Kharkiv", event=("ASSAULT", "drone", DAY1, ["Russia"]), figure=("40 drones", 40, DAY1),
            url="https://northern.example/attack"),
    article("Talks", "Capital Post", f"{DAY1}T12:00",
            "The foreign ministry said prisoner exchange talks would go on in spring.", None, "UA",
            org="Ministry of Foreign Affairs of Ukraine"),
]
DAY_TWO = [
    article("Water plant", "Harbour Times", f"{DAY2}T09:00",
            "Shelling damaged a water plant in Kherson, the head of the city administration said.",
            "Roman Mrochko", "UA", place="Kherson", event=("ASSAULT", "heavy-weapons", DAY2, ["Russian forces"])),
    article("Missile", "Coast Daily", f"{DAY2}T21:00",
            "Air defence shot down a cruise missile over Odesa, the navy spokesman said.", "Dmytro Pletenchuk",
            "UA", place="Odesa", event=("ASSAULT", "aerial", DAY2, ["Russia"])),
]
DAY_THREE = [
    # a new report of the day-one attack, with a higher count: the event is old, the estimate moves
    article("Sunday attack revised", "Eastern Herald", f"{DAY3}T08:15",
            "Russia launched 65 drones at Kharkiv on Sunday, air force spokesman Yurii Ihnat said.",
            "Yurii Ihnat", "UA", place="Kharkiv", event=("ASSAULT", "drone", DAY1, ["Russia"]),
            figure=("65 drones", 65, DAY1), url="https://eastern.example/revised"),
    # a new event
    article("Depot fire", "Border Gazette", f"{DAY3}T10:40",
            "Ukrainian forces struck an oil depot near Belgorod, governor Vyacheslav Gladkov said.",
            "Vyacheslav Gladkov", "RU", place="Belgorod", event=("ASSAULT", "drone", DAY3, ["Ukrainian forces"])),
    # the day-two statement carried again by its own outlet
    article("Water plant update", "Harbour Times", f"{DAY3}T11:00",
            "Shelling damaged a water plant in Kherson, the head of the city administration said.",
            "Roman Mrochko", "UA", place="Kherson", event=("ASSAULT", "heavy-weapons", DAY2, ["Russian forces"])),
]


@pytest.fixture
def ledger(ledger_url):
    with claimledger.open(ledger_url) as led:
        for day in (DAY_ONE, DAY_TWO, DAY_THREE):  # one batch a day, as a daily ingest stores them
            led.store(day)
        yield led


def _uids(records: list[dict], kind: str) -> set[str]:
    return {item["uid"] for r in records for item in r[kind]}


def test_changes_day_three_lists_exactly_day_three(ledger):
    ch = ledger.changes(DAY3)
    assert [d.title for d in ch.documents] == [r["document"]["title"] for r in DAY_THREE]
    claims = {n.claim.uid: n for g in ch.claims for n in g.claims}
    assert set(claims) == _uids(DAY_THREE, "claims")
    again = {n.claim.text: n.first_reported for n in claims.values() if n.first_reported}
    assert again == {DAY_THREE[2]["claims"][0]["text"]: DAY2}
    for n in claims.values():  # every claim with its source span
        rec = next(r for r in DAY_THREE if r["source"]["sha256"] == n.source.document)
        assert rec["text"][n.source.start:n.source.end] == n.claim.text == n.source.text
    assert ch.counts["claims"] == 3 and ch.counts["documents"] == 3


def test_changes_dump(ledger):
    import json
    print(json.dumps(ledger.changes(DAY3).to_json(), indent=1))
    assert 0
