"""Records read back: ``to_json -> from_json -> to_json`` gives the same record, and item ids are stable."""
import copy

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimledger.errors import InputError
from claimledger.records import (Claim, Claimant, Event, Place, Quantity, Record, Segment, Source, TimeExpr,
                                 item_uid, parse_uid)

_text = st.text(max_size=30)
_opt_text = st.none() | st.text(min_size=1, max_size=20)
_off = st.integers(min_value=0, max_value=10_000)
_num = st.none() | st.integers(-10**6, 10**6) | st.floats(allow_nan=False, allow_infinity=False, width=32)

segments = st.builds(Segment, kind=st.sampled_from(["headline", "body", "live_item"]), start=_off, end=_off,
                     published=_opt_text)
times = st.builds(TimeExpr, text=_text, start=_off, end=_off, type=st.sampled_from(["DATE", "TIME"]),
                  value=_text, interval=st.none() | st.fixed_dictionaries({"start": _opt_text, "end": _opt_text}))
places = st.builds(Place, text=_text, start=_off, end=_off, name=_text, country=_opt_text, feature=_text,
                   lat=st.none() | st.floats(-90, 90), lon=st.none() | st.floats(-180, 180),
                   geonames_id=st.none() | st.integers(1, 10**8))
quantities = st.builds(Quantity, text=_text, start=_off, end=_off, low=_num, high=_num, approximate=st.booleans(),
                       unit=_opt_text, counted=_opt_text, derived_from=st.none() | st.integers(0, 9),
                       claim=st.none() | st.integers(1, 9), as_of=_opt_text,
                       measure=st.none() | st.fixed_dictionaries({"subject": _opt_text, "key": _opt_text}))
claimants = st.builds(Claimant, name=_opt_text, role=_opt_text, organization=_opt_text, side=_opt_text,
                      anonymous=st.booleans())
claims = st.builds(Claim, id=st.integers(1, 50), text=_text, start=_off, end=_off, claimant=claimants,
                   channel=_opt_text, said_on=_opt_text, quote=st.sampled_from(["direct", "indirect"]),
                   modality=st.sampled_from(["asserted", "denied"]), attributed=st.booleans(), cue=_opt_text,
                   cue_start=st.none() | _off)
events = st.builds(Event, type=st.sampled_from(["ASSAULT", "CONSULT"]), mode=_opt_text, text=_text, start=_off,
                   end=_off, actors=st.lists(_text, max_size=3), targets=st.lists(_text, max_size=2),
                   place=st.none() | st.integers(0, 5), when=st.none() | st.fixed_dictionaries({"start": _opt_text}),
                   status=st.sampled_from(["occurred", "planned"]), claims=st.lists(st.integers(1, 9), max_size=3),
                   trigger=_opt_text)


@st.composite
def records(draw: st.DrawFn) -> Record:
    rec = Record(text=draw(st.text(max_size=200)), source=Source(path=draw(_opt_text), url=draw(_opt_text)))
    rec.document.title = draw(_opt_text)
    rec.document.authors = draw(st.lists(_text, max_size=3))
    rec.document.published = draw(_opt_text)
    rec.segments = draw(st.lists(segments, max_size=3))
    rec.times = draw(st.lists(times, max_size=3))
    rec.places = draw(st.lists(places, max_size=3))
    rec.quantities = draw(st.lists(quantities, max_size=3))
    rec.claims = draw(st.lists(claims, max_size=3))
    rec.events = draw(st.lists(events, max_size=3))
    return rec


@settings(max_examples=200, deadline=None)
@given(records())
def test_records_round_trip_property(rec):
    first = rec.to_json()
    again = Record.from_json(copy.deepcopy(first)).to_json()
    assert again == first


@settings(max_examples=100, deadline=None)
@given(records())
def test_records_asdict_equals_dataclasses_asdict_and_shares_nothing_with_the_record(rec):
    """records.asdict, the fast copy to_json uses, gives what dataclasses.asdict gives, and a
    change to the copy leaves the record as it was."""
    import dataclasses

    from claimledger.records import asdict
    for item in [rec.source, rec.document, *rec.segments, *rec.times, *rec.places, *rec.quantities, *rec.claims,
                 *rec.events]:
        assert asdict(item) == dataclasses.asdict(item)
    before = rec.to_json()
    out = rec.to_json()
    for e in out["events"]:
        e["actors"].append("someone else")
        if e["when"] is not None:
            e["when"]["start"] = "changed"
    for c in out["claims"]:
        c["claimant"]["name"] = "changed"
    assert rec.to_json() == before


def test_records_item_ids_stable_and_parsed():
    a = Record(text="Kyiv was quiet on Sunday.")
    a.places = [Place("Kyiv", 0, 4, "Kyiv", "UA", "city", 50.45, 30.52, 703448)]
    b = Record(text="Kyiv was quiet on Sunday.")
    b.places = list(a.places)
    uid = a.to_json()["places"][0]["uid"]
    assert uid == b.to_json()["places"][0]["uid"] == item_uid(a.source.sha256 or "", "place", 1)
    assert parse_uid(uid) == ("place", (a.source.sha256 or "")[:16], 1)
    assert Record(text="Kharkiv was quiet.").to_json()["source"]["sha256"] != a.source.sha256


@pytest.mark.parametrize("bad", ["claim:abc", "person:abc:1", "claim:abc:x", "", "claim::1"])
def test_records_parse_uid_refuses(bad):
    with pytest.raises(ValueError, match="not an item id"):
        parse_uid(bad)


@pytest.mark.parametrize("change,message", [
    (lambda r: r.pop("claims"), "'claims' is missing"),
    (lambda r: r.update(schema="other/2"), "schema 'other/2'"),
    (lambda r: r["claims"][0].pop("claimant"), "'claimant' is missing"),
    (lambda r: r["places"].append({"text": "x", "bogus": 1}), "unknown field"),
    (lambda r: r.update(segments="none"), "not list"),
])
def test_records_from_json_refuses_with_the_document_named(change, message):
    rec = Record(text="Officials said the bridge was closed.", source=Source(path="bridge.txt"))
    rec.claims = [Claim(1, "the bridge was closed", 15, 37, Claimant(role="officials", anonymous=True))]
    rec.places = [Place("x", 0, 1, "X", None, "city", None, None)]
    data = rec.to_json()
    change(data)
    with pytest.raises(InputError, match=message) as err:
        Record.from_json(data)
    assert "bridge.txt" in str(err.value) or "schema" in message


@pytest.mark.parametrize("said_on,valid", [
    ("2025-01-19", True), ("2025-W02", True), ("2025-01", True), ("2025", True), ("2025-SU", True), ("2025-Q3", True),
    (None, True), ("last week", False), ("20250119", False), ("2025-X", False), ("", False)])
def test_records_said_on_is_a_day_or_a_partial_calendar_value(said_on, valid):
    """A claim's ``said_on`` is the day it was said or, where the text gives no more, a partial
    TIMEX3 calendar value ("last week" -> 2025-W02, "in 2023" -> 2023), never free text."""
    from claimledger.schema import validation_errors
    rec = Record(text="Report\n\nThe minister said the talks had ended.\n", source=Source(path="s.txt"))
    rec.claims.append(Claim(1, "the talks had ended", 26, 45, Claimant(name="Ana Lis"), said_on=said_on))
    errors = [e for e in validation_errors(rec.to_json()) if "said_on" in e]
    assert (errors == []) is valid, errors
