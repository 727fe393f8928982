"""Events across documents (clusters written at ingest): one event reported by two outlets is
one event with two sources; other places, days or types stay apart; filters match exactly."""
import pytest

from claimledger.store import Ledger

SAME_EVENT = [
    ("Drones hit Bryansk depot\n\nKYIV (First Wire) - Ukrainian drones attacked an oil depot in Bryansk Oblast "
     "on Tuesday, Ukraine's General Staff said.\n", "2025-01-14T10:00:00"),
    ("Fire at Russian oil depot\n\nMOSCOW (Second Post) - Drones attacked a fuel depot in Bryansk Oblast on "
     "Tuesday, the regional governor said.\n", "2025-01-14T18:00:00"),
]
OTHER_EVENTS = [
    ("Odesa port hit\n\nODESA (First Wire) - Russian drones attacked the port of Odesa on Tuesday, the "
     "regional governor said.\n", "2025-01-14T09:00:00"),
    ("Strike on Kharkiv\n\nKHARKIV (Second Post) - Russian missiles attacked Kharkiv on Tuesday, the mayor "
     "said.\n", "2025-01-14T11:00:00"),
    ("Bryansk again\n\nKYIV (Third Wire) - Ukrainian drones attacked an oil depot in Bryansk Oblast on "
     "Saturday, the General Staff said.\n", "2025-01-25T10:00:00"),
]


@pytest.fixture(scope="module")
def records(pipeline):
    from claimledger.records import Record, Source
    outs = pipeline.run([Record(text=t, source=Source(path=f"<test {i}>"), hints={"published": p})
                         for i, (t, p) in enumerate(SAME_EVENT + OTHER_EVENTS)])
    return [o.record.to_json() for o in outs]


@pytest.fixture
def ledger(records, ledger_url):
    with Ledger.open(ledger_url) as led:
        led.store(records)
        yield led


@pytest.mark.slow
def test_ledger_events_two_reports_one_event_two_sources(ledger):
    bryansk = list(ledger.events(etype="ASSAULT", place="Bryansk Oblast"))
    jan14 = [e for e in bryansk if e.start == "2025-01-14"]
    assert len(jan14) == 1
    assert jan14[0].sources == 2 and jan14[0].mentions == 2
    assert set(jan14[0].outlets) == {"First Wire", "Second Post"}
    assert len(ledger.trace(jan14[0].uid).supports) == 2


@pytest.mark.slow
def test_ledger_events_different_events_stay_apart(ledger):
    events = list(ledger.events(etype="ASSAULT"))
    places = sorted((e.place, e.start) for e in events)
    # Odesa and Kharkiv the same day, and Bryansk eleven days later, are other events
    assert places == [("Bryansk Oblast", "2025-01-14"), ("Bryansk Oblast", "2025-01-25"),
                      ("Kharkiv", "2025-01-14"), ("Odesa", "2025-01-14")]
    assert all(e.sources == 1 for e in events if e.place != "Bryansk Oblast" or e.start.endswith("25"))


@pytest.mark.slow
def test_ledger_events_filters(ledger):
    assert {e.country for e in ledger.events(place="UA")} == {"UA"}
    assert ledger.events(place="US").total == 0  # a code is exact: not "rUSsia", not "belarUS"
    assert ledger.events(place="Bryans").total == 0  # a name is exact too
    assert [e.place for e in ledger.events(etype="ASSAULT", since="2025-01-20")] == ["Bryansk Oblast"]
    assert ledger.events(etype="CONSULT").total == 0
    assert [e.sources for e in ledger.events(min_sources=2)] == [2]


@pytest.mark.slow
def test_ledger_events_storing_again_changes_no_cluster(ledger, records):
    before = [e.to_json() for e in ledger.events(limit=None)]
    assert ledger.store(records).unchanged == len(records)
    assert [e.to_json() for e in ledger.events(limit=None)] == before
