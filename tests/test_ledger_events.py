"""Events across documents: one event reported by two outlets is one event with two sources."""
import pytest

from claimledger.store import open_store, store_records
from claimledger.store.events import ledger_events

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


@pytest.fixture
def engine(run, db_url):
    eng = open_store(db_url)
    store_records(eng, [run(t, published=p).to_json() for t, p in SAME_EVENT + OTHER_EVENTS])
    yield eng
    eng.dispose()


@pytest.mark.slow
def test_ledger_events_two_reports_one_event_two_sources(engine):
    bryansk = [e for e in ledger_events(engine, etype="ASSAULT", place="Bryansk")]
    jan14 = [e for e in bryansk if e.start and e.start.isoformat() == "2025-01-14"]
    assert len(jan14) == 1
    assert jan14[0].sources == 2 and len(jan14[0].mentions) == 2
    assert {m.outlet for m in jan14[0].mentions} == {"First Wire", "Second Post"}


@pytest.mark.slow
def test_ledger_events_different_events_stay_apart(engine):
    events = ledger_events(engine, etype="ASSAULT")
    places = sorted((e.place, e.start.isoformat()) for e in events)
    # Odesa and Kharkiv the same day, and Bryansk eleven days later, are other events
    assert places == [("Bryansk Oblast", "2025-01-14"), ("Bryansk Oblast", "2025-01-25"),
                      ("Kharkiv", "2025-01-14"), ("Odesa", "2025-01-14")]
    assert all(e.sources == 1 for e in events if e.place != "Bryansk Oblast" or e.start.day == 25)


@pytest.mark.slow
def test_ledger_events_filters(engine):
    assert {e.country for e in ledger_events(engine, place="UA")} == {"UA"}
    assert [e.place for e in ledger_events(engine, etype="ASSAULT", since="2025-01-20")] == ["Bryansk Oblast"]
    assert ledger_events(engine, etype="CONSULT") == []
