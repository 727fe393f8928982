"""Estimates: the contradiction rule on hand-made points (no model needed)."""
import pytest

from claimledger.store.estimates import Point, disagree, history_key, independent, same_place


def point(low, high=None, place="Kursk Oblast", as_of="2025-01-10", claimant="A", outlet="Wire One", doc=1,
          approximate=False, country=None):
    return Point(key="troops|killed", subject="troops", measure="killed", place=place, as_of=as_of,
                 low=low, high=high if high is not None else low, approximate=approximate, text=str(low),
                 counted="troops killed", claimant=claimant, side=None, anonymous=False, outlet=outlet,
                 document=None, document_id=doc, country=country)


@pytest.mark.parametrize("a,b,expected", [
    # one key, one place, one week, two sources, ranges apart: a contradiction
    (point(3000), point(500, claimant="B", outlet="Wire Two", doc=2), True),
    # another place
    (point(3000, place="Kharkiv"), point(500, place="Odesa", claimant="B", outlet="Wire Two", doc=2), False),
    # a place inside the other (a town in its oblast)
    (point(3000, place="Kursk Oblast"), point(500, place="Sudzha", claimant="B", outlet="Wire Two", doc=2), True),
    # a place against no place: not known to be the same figure
    (point(3000, place=None), point(500, claimant="B", outlet="Wire Two", doc=2), False),
    # no place on either: one place only when both pages are about one country
    (point(3000, place=None, country="UA"), point(500, place=None, country="UA", claimant="B", outlet="Wire Two",
                                                  doc=2), True),
    (point(3000, place=None, country="UA"), point(500, place=None, country="HT", claimant="B", outlet="Wire Two",
                                                  doc=2), False),
    (point(3000, place=None), point(500, place=None, claimant="B", outlet="Wire Two", doc=2), False),
    # as-of dates a month apart
    (point(3000), point(500, as_of="2025-02-20", claimant="B", outlet="Wire Two", doc=2), False),
    # one claimant relayed by two outlets is one source
    (point(3000), point(500, outlet="Wire Two", doc=2), False),
    # one document
    (point(3000), point(500, claimant="B"), False),
    # ranges that overlap once "about" widens them
    (point(3000, approximate=True), point(2800, claimant="B", outlet="Wire Two", doc=2), False),
])
def test_estimates_rule_disagree(a, b, expected):
    assert disagree(a, b, window_days=7) is expected


def test_estimates_rule_outlet_voice_twice_is_one_source():
    assert not independent(point(3000, claimant=None), point(500, claimant=None, doc=2))


def test_estimates_rule_same_place_names():
    assert same_place("Kursk Oblast", "kursk oblast") and not same_place("Kharkiv", "Odesa")


def _keys(a: dict, b: dict) -> tuple[str, str]:
    """The history keys of two figures of 3,000 and 500 with these places and page countries."""
    pa, pb = point(3000, **{k: v for k, v in a.items() if k != "place_country"}), point(500, **{
        k: v for k, v in b.items() if k != "place_country"})
    pa.place_country, pb.place_country = a.get("place_country"), b.get("place_country")
    return history_key(pa), history_key(pb)


@pytest.mark.parametrize("a,b", [
    # one key, two countries: a toll in Odesa and one in Goma, one in Haiti
    (dict(place="Odesa", place_country="UA"), dict(place="Goma", place_country="CD")),
    (dict(place="Odesa", place_country="UA"), dict(place="Port-au-Prince", place_country="HT")),
    # a placed figure and an unplaced one from a page about another country
    (dict(place="Goma", place_country="CD"), dict(place=None, country="UA")),
    # two unplaced figures from pages about two countries
    (dict(place=None, country="HT"), dict(place=None, country="UA")),
    # a city in one country on a page about another (Kursk Oblast on a Ukrainian page)
    (dict(place="Kursk Oblast", place_country="RU", country="UA"), dict(place="Kharkiv", place_country="UA",
                                                                        country="UA")),
])
def test_estimates_rule_figures_in_two_countries_never_share_a_history(a, b):
    ka, kb = _keys(a, b)
    assert ka != kb


@pytest.mark.parametrize("a,b", [
    # one country: a city's toll and the country's unplaced toll are one history (they still
    # never contradict: one is placed, the other not)
    (dict(place="Odesa", place_country="UA"), dict(place=None, country="UA")),
    (dict(place="Odesa", place_country="UA"), dict(place="Kharkiv", place_country="UA")),
    # Kursk Oblast from a Ukrainian, a Korean and a Russian page: one history
    (dict(place="Kursk Oblast", place_country="RU", country="UA"), dict(place="Kursk Oblast", place_country="RU",
                                                                        country="KR")),
])
def test_estimates_rule_figures_in_one_country_share_a_history(a, b):
    ka, kb = _keys(a, b)
    assert ka == kb


def test_estimates_rule_one_story_stored_twice_is_one_source():
    # a saved live page and its text (or a wire story two outlets run): one headline, one report;
    # its "90 drones" and "42 drones" are not two sources disagreeing
    a = point(90, claimant=None, outlet="Harbour Gazette", doc=1)
    b = point(42, claimant=None, outlet=None, doc=2)
    a.document = b.document = "Live: Russia pounds Ukraine's power grid"
    assert not independent(a, b) and not disagree(a, b, window_days=7)
    b.document = "Drones hit Odesa overnight"
    assert independent(a, b)
