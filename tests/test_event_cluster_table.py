"""Which event mentions are one event: a table of pages we wrote (each case stored in a fresh
ledger) and of cluster/mention pairs. A country or a region holding a city is weak evidence,
so such a pair is one event only on the cluster's first day; the same city on two days, or
the same country, stays one event; a time given only as a month never takes its page's day."""
from datetime import date

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from claimledger.store import Ledger
from claimledger.store.clusters import Clusterer, span
from claimledger.store.models import EventCluster, EventMention, GeoPlace

#: (pages as (published, text), groups: each a set of words that start the mentions of one event)
PAGES = {
    # a live page: the night's country-wide attack is not the evening's strike on one city
    "overnight attack and an evening strike": ([
        ("2024-12-08T22:00", "Live: Russia pounds Ukraine's power grid\n\nRussian forces launched a massive air "
         "attack on power plants across Ukraine overnight into Sunday.\n\n21:40\n\nA missile struck a "
         "five-storey apartment block in Kharkiv at 19:15 on Sunday, the mayor said.\n"),
    ], [{"Russian forces launched"}, {"A missile struck"}]),
    # two outlets: the region shelled on Friday, its namesake city on Saturday
    "a region one day, its city the next": ([
        ("2024-12-06T18:00", "Kharkiv region shelled\n\nRussian forces shelled villages across the Kharkiv "
         "region on Friday, the governor said.\n"),
        ("2024-12-07T18:00", "Kharkiv shelled again\n\nRussian artillery shelled Kharkiv on Saturday, killing "
         "two people, the mayor said.\n"),
    ], [{"Russian forces shelled"}, {"Russian artillery shelled"}]),
    # one city taken, told on two days: one event
    "a city's fall on two days": ([
        ("2024-08-12T10:00", "Rebels say they hold Lashio\n\nMyanmar's junta admitted on Sunday that it had lost "
         "contact with its officers in Lashio after rebels said they had taken the city.\n\nThe rebel army "
         "said on Saturday that it had seized the regional command headquarters in Lashio after days of "
         "fighting.\n"),
    ], [{"they had taken", "it had seized"}]),
    # a city's drone strike and "most were shot down" over the country, the same day: one event
    "a city and its country the same day": ([
        ("2025-03-02T12:00", "Drones hit Odesa port overnight\n\nRussian drones struck port warehouses in Odesa "
         "overnight, injuring two workers, the governor said on Sunday. He said 30 drones were launched "
         "against southern Ukraine and most were shot down.\n"),
    ], [{"Russian drones struck", "most were shot down"}]),
    # strikes on one country told on the day and the day after: one event
    "one country on two days": ([
        ("2024-12-08T22:00", "Israel strikes Iran\n\nIsrael struck military sites in Iran early on Saturday, the "
         "army said. On Sunday, Iran said the Israeli strikes had hit radar systems in Iran and killed four "
         "soldiers.\n"),
    ], [{"Israel struck", "the Israeli strikes"}]),
    # two outlets, one day, the city and the region holding it: one event
    "a city and its region the same day": ([
        ("2024-12-03T18:00", "Missiles hit Kharkiv\n\nRussian missiles struck Kharkiv on Tuesday, the mayor "
         "said.\n"),
        ("2024-12-03T20:00", "Missiles hit Kharkiv region\n\nRussian missiles hit the Kharkiv region on "
         "Tuesday, the governor said.\n"),
    ], [{"Russian missiles struck", "Russian missiles hit"}]),
}


@pytest.fixture(scope="module")
def stored(pipeline, tmp_path_factory):
    from claimledger.records import Record, Source
    out = {}
    for case, (pages, _) in PAGES.items():
        recs = pipeline.run([Record(text=t, source=Source(path=f"<{case} {i}>"), hints={"published": p})
                             for i, (p, t) in enumerate(pages)])
        url = f"sqlite:///{tmp_path_factory.mktemp('clusters') / 'ledger.db'}"
        with Ledger.open(url) as led:
            led.store([o.record.to_json() for o in recs])
            with Session(led.engine) as s:
                out[case] = [(m.text, m.cluster_id) for m in s.scalars(select(EventMention).order_by(EventMention.id))]
    return out


@pytest.mark.slow
@pytest.mark.parametrize("case", list(PAGES))
def test_event_clusters_one_event_or_two(stored, case):
    groups = PAGES[case][1]
    clusters = []
    for words in groups:
        mentions = [(text, cid) for text, cid in stored[case] if any(text.startswith(w) for w in words)]
        assert {w for w in words if any(t.startswith(w) for t, _ in mentions)} == words, stored[case]
        assert len({cid for _, cid in mentions}) == 1, (case, mentions)  # each group is one event
        clusters.append(mentions[0][1])
    assert len(set(clusters)) == len(groups), (case, stored[case])  # and the groups are apart


class _Places:
    """A session stand-in that holds only GeoNames places (what place_relation reads)."""

    def __init__(self, *places: GeoPlace) -> None:
        self.places = {g.geonames_id: g for g in places}

    def get(self, _model: type, gid: int) -> GeoPlace | None:
        return self.places.get(gid)


_UKRAINE = dict(place_name="Ukraine", place_country="UA", place_feature="country", gid=690791)
_KHARKIV = dict(place_name="Kharkiv", place_country="UA", place_feature="city", gid=706483)
_KHARKIV_OBLAST = dict(place_name="Kharkiv", place_country="UA", place_feature="admin1", gid=706482)
_SUMY = dict(place_name="Sumy", place_country="UA", place_feature="city", gid=692194)
_SESSION = _Places(GeoPlace(geonames_id=706483, name="Kharkiv", country="UA", feature="city", admin1="07"),
                   GeoPlace(geonames_id=706482, name="Kharkiv Oblast", country="UA", feature="admin1", admin1="07"),
                   GeoPlace(geonames_id=692194, name="Sumy", country="UA", feature="city", admin1="21"))

#: (cluster's place, its first day, mention's place, mention's day, one event)
PAIRS = [
    (_UKRAINE, "2024-11-16", _SUMY, "2024-11-17", False),  # the night's attack, then a city the next day
    (_SUMY, "2024-11-17", _UKRAINE, "2024-11-16", False),  # either way round
    (_UKRAINE, "2024-11-16", _SUMY, "2024-11-16", True),   # the same day: the city is where it hit
    (_UKRAINE, "2024-11-16", _UKRAINE, "2024-11-17", True),  # the same country, the next day's report
    (_KHARKIV, "2024-08-03", _KHARKIV, "2024-08-04", True),  # the same city on two days
    (_KHARKIV_OBLAST, "2024-12-06", _KHARKIV, "2024-12-07", False),  # a region, then its namesake city
    (_KHARKIV_OBLAST, "2024-12-06", _KHARKIV, "2024-12-06", True),
    (_KHARKIV_OBLAST, "2024-12-06", _SUMY, "2024-12-06", False),  # a city in another region
]


@pytest.mark.parametrize("where,first,other,when,joins", PAIRS)
def test_event_clusters_a_place_inside_another_joins_only_on_its_first_day(where, first, other, when, joins):
    c = EventCluster(type="ASSAULT", start_day=first, actors=[], geonames_id=where["gid"],
                     **{k: v for k, v in where.items() if k != "gid"})
    e = EventMention(type="ASSAULT", actors=[], **{k: v for k, v in other.items() if k != "gid"})
    clusterer = Clusterer(session=_SESSION, near_km=50)  # type: ignore[arg-type]
    assert clusterer.agrees(c, e, date.fromisoformat(when), other["gid"]) is joins


@pytest.mark.parametrize("start,end,first,last", [
    ("2024-07", "2024-07", "2024-07-01", "2024-07-31"),  # "said last month": the month, not the page's day
    ("2024", None, "2024-01-01", "2024-12-31"),
    ("2024-W31", "2024-W31", "2024-07-29", "2024-08-04"),
    ("2024-Q4", None, "2024-10-01", "2024-12-31"),
    ("2024-WI", None, "2024-12-01", "2025-02-28"),
    ("2024-11-16", "2024-11-17", "2024-11-16", "2024-11-17"),
    ("2024-11-16TNI", None, "2024-11-16", "2024-11-16"),
])
def test_event_clusters_span_of_a_coarse_time(start, end, first, last):
    assert span(start, end) == (date.fromisoformat(first), date.fromisoformat(last))
    assert span(None, None) == (None, None)


class _Adds:
    """A session stand-in for Clusterer.add: it keeps what is added."""

    def __init__(self) -> None:
        self.added: list[object] = []
        self.info: dict[str, object] = {}  # Session.info: no page of this transaction is read again

    def add(self, obj: object) -> None:
        self.added.append(obj)


def test_event_clusters_a_month_dated_mention_never_joins_its_pages_day():
    # "a resident said last month that shelling had hit the town": dated by the month it was said
    clusterer = Clusterer(session=_Adds(), near_km=50)  # type: ignore[arg-type]
    clusterer.candidates = {}
    where = {k: v for k, v in _KHARKIV.items() if k != "gid"}
    today = EventMention(type="ASSAULT", actors=[], when_start=None, when_end=None, uid="event:a:1", **where)
    month = EventMention(type="ASSAULT", actors=[], when_start="2024-07", when_end="2024-07", uid="event:a:2", **where)
    a = clusterer.add(today, "2024-08-05T10:00", "Wire")
    b = clusterer.add(month, "2024-08-05T10:00", "Wire")
    assert a is not b
    assert (b.start_day, b.end_day) == ("2024-07-01", "2024-07-31")
