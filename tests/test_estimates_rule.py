"""Estimates: the contradiction rule on hand-made points (no model needed)."""
import pytest

from claimledger.store.estimates import Point, disagree, independent, same_place


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
