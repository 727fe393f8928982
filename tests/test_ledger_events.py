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


def _cluster_and_mention(etype, cluster_actors, mention_actors):
    from claimledger.store.models import EventCluster, EventMention
    where = dict(place_country="HT", place_name="Haiti", place_feature="country")
    c = EventCluster(type=etype, start_day="2025-01-14", actors=cluster_actors, geonames_id=3723988, **where)
    e = EventMention(type=etype, actors=mention_actors, **where)
    return c, e


#: (type, cluster's actors, mention's actors, joins): a statement is its speaker's
STATEMENT_CASES = [
    ("ACCUSE", [], ["rights group"], False),  # "it accused ..." and "the rights group accused ..."
    ("ACCUSE", ["rights group"], [], False),
    ("REQUEST", [], [], False),  # two unattributed calls on one page need not be one
    ("ACCUSE", ["rights group"], ["the rights group"], True),
    ("ASSAULT", [], ["gang"], True),  # an attack is told apart by place and day, not only by its agent
]


@pytest.mark.parametrize("etype,cluster_actors,mention_actors,joins", STATEMENT_CASES)
def test_ledger_events_statement_joins_only_its_speaker(etype, cluster_actors, mention_actors, joins):
    from datetime import date

    from claimledger.store.clusters import Clusterer
    c, e = _cluster_and_mention(etype, cluster_actors, mention_actors)
    assert Clusterer(session=None, near_km=50).agrees(c, e, date(2025, 1, 14), 3723988) is joins


@pytest.mark.parametrize("mention_place,joins", [
    (("Gulf of Aden", None, "water", 444), False),  # "attacked another vessel in the Gulf of Aden"
    ((None, None, None, None), True),  # no place: the same day and a shared actor
])
def test_ledger_events_a_sea_joins_only_the_same_sea(mention_place, joins):
    from datetime import date

    from claimledger.store.clusters import Clusterer
    from claimledger.store.models import EventCluster, EventMention
    c = EventCluster(type="ASSAULT", start_day="2024-06-12", actors=["Houthis"], place_name="Red Sea",
                     place_country=None, place_feature="water", geonames_id=350155)
    name, country, feature, gid = mention_place
    e = EventMention(type="ASSAULT", actors=["the Houthis"], place_name=name, place_country=country,
                     place_feature=feature)
    assert Clusterer(session=None, near_km=50).agrees(c, e, date(2024, 6, 12), gid) is joins


NEARBY_TOWNS = [
    ("Strike on Kramatorsk\n\nKYIV (First Wire) - Russian missiles attacked Kramatorsk on Tuesday, the "
     "regional governor said.\n", "2025-01-14T10:00:00"),
    ("Strike on Sloviansk\n\nKYIV (Second Post) - Russian missiles attacked Sloviansk on Tuesday, the "
     "city's mayor said.\n", "2025-01-14T12:00:00"),
]


@pytest.mark.slow
@pytest.mark.parametrize("near_km, events", [(5.0, 2), (40.0, 1)])
def test_ledger_events_near_km_reaches_clustering(pipeline, ledger_url, near_km, events):
    # Kramatorsk and Sloviansk are about 13 km apart: one place within 40 km, two within 5
    from claimledger.records import Record, Source
    outs = pipeline.run([Record(text=t, source=Source(path=f"<near {i}>"), hints={"published": p})
                         for i, (t, p) in enumerate(NEARBY_TOWNS)])
    with Ledger.open(ledger_url, near_km=near_km) as led:
        led.store([o.record.to_json() for o in outs])
        got = [e for e in led.events(etype="ASSAULT") if e.start == "2025-01-14"]
    assert len(got) == events, [(e.place, e.sources) for e in got]
