"""claimledger export / import / rate: every format read back by a reader of its own (pandas,
geojson, prov, a JSON Schema), JSON Lines round trips byte for byte, streams page correctly."""
import io
import json
from importlib import resources

import pytest

import claimledger
from claimledger import api
from claimledger.errors import InputError, NotFoundError
from claimledger.exports.acled import COLUMNS, geo_precision, time_precision
from claimledger.records import Claim, Claimant, Event, Place, Quantity, Record, Segment, Source
from claimledger.store import streams
from claimledger.store.streams import Filters


def _span(text: str, part: str) -> tuple[int, int]:
    start = text.index(part)
    return start, start + len(part)


def _record(body: str, outlet: str, published: str, *, claimant: Claimant, channel: str | None = None,
            place: tuple[str, str, str, float, float, int] | None = None, count: tuple[str, int] | None = None,
            event: tuple[str, str | None, str] = ("ASSAULT", None, "occurred"), when: tuple[str, str] | None = None,
            url: str | None = None) -> dict:
    """A hand-made record: one claim, its event, optionally a place and a count of dead the claim carries."""
    text = f"Report\n\n{body}\n"
    rec = Record(text=text, source=Source(path=f"{outlet}-{published}.txt", url=url))
    rec.document.outlet, rec.document.published, rec.document.title = outlet, published, f"{outlet} report"
    rec.segments = [Segment("headline", 0, 6), Segment("body", 8, len(text) - 1)]
    start, end = _span(text, body)
    rec.claims = [Claim(1, body, start, end, claimant, channel=channel, said_on=published[:10])]
    if place:
        name, cc, feature, lat, lon, gid = place
        s, e = _span(text, name)
        rec.places = [Place(name, s, e, name, cc, feature, lat, lon, gid)]
    if count:
        words, n = count
        s, e = _span(text, words)
        rec.quantities = [Quantity(words, s, e, n, n, False, "people", "people killed", claim=1,
                                   measure={"subject": "people", "measure": "killed", "place": None,
                                            "key": "people|killed"})]
    etype, mode, status = event
    rec.events = [Event(etype, mode, body, start, end, ["Russian forces"], ["residents"],
                        place=0 if place else None, status=status, claims=[1],
                        when={"start": when[0], "end": when[1]} if when else None)]
    return rec.to_json()


KHARKIV = ("Kharkiv", "UA", "city", 49.99, 36.23, 706483)
UKRAINE = ("Ukraine", "UA", "country", 49.0, 32.0, 690791)
RECORDS = [
    _record("Three people were killed when a drone hit a bakery in Kharkiv, the governor said.", "First Wire",
            "2025-03-02T08:00", claimant=Claimant("Oleh Hrytsenko", "governor", side="UA"), place=KHARKIV,
            count=("Three people", 3), event=("ASSAULT", "drone", "occurred"), when=("2025-03-01", "2025-03-01"),
            url="https://first.example/bakery"),
    _record("Shelling hit villages across Ukraine during the week and no one was killed, officials told the radio.",
            "Second Post", "2025-02-16T10:00", claimant=Claimant(None, "officials", anonymous=True, side="UA"),
            channel="City Radio", place=UKRAINE, count=("no one", 0), event=("ASSAULT", "heavy-weapons", "occurred"),
            when=("2025-02-10", "2025-02-16")),
    _record("Gunmen opened fire on a checkpoint, a police spokesman said.", "Third Monitor", "2025-03-10T09:00",
            claimant=Claimant("Ivan Petrenko", "police spokesman", side="UA"),
            event=("ASSAULT", "firearms", "occurred")),
    _record("The foreign ministers met in Geneva to discuss the ceasefire, a diplomat said.", "First Wire",
            "2025-03-11T12:00", claimant=Claimant("Anna Lysenko", "diplomat", side="UA"),
            event=("CONSULT", "visit", "occurred"), when=("2025-03-11", "2025-03-11")),
    _record("The army will send more troops to the border next month, the minister said.", "Second Post",
            "2025-03-12T12:00", claimant=Claimant("Pavlo Moroz", "minister", side="RU"),
            event=("MOBILIZE", "troops", "planned")),
]


def export_text(led, fmt: str, filters: Filters | None = None, **options) -> tuple[str, object]:
    buf = io.StringIO()
    report = api.export(led, fmt, buf, filters=filters, **options)
    return buf.getvalue(), report


@pytest.fixture
def led(tmp_path):
    with claimledger.open(f"sqlite:///{tmp_path / 'exports.db'}") as ledger:
        ledger.store(RECORDS)
        yield ledger


def test_exports_jsonl_export_import_export_is_byte_identical(ledger_url, tmp_path):
    with claimledger.open(ledger_url) as first:
        first.store(RECORDS[:2])
        first.store(RECORDS[2:])
        text, report = export_text(first, "jsonl")
        claims = sorted((c.uid, c.entity, c.statement) for c in first.claims(limit=None))
        clusters = sorted(e.uid for e in first.events(limit=None))
    assert report.written == {"documents": len(RECORDS)} and text.count("\n") == len(RECORDS)
    path = tmp_path / "ledger.jsonl"
    path.write_text(text, encoding="utf-8")
    with claimledger.open(f"sqlite:///{tmp_path / 'second.db'}") as second:
        res = api.import_records(second, [str(path)], batch_size=2)
        assert (res.stored, res.unchanged) == (len(RECORDS), 0)
        again, _ = export_text(second, "jsonl")
        # ids, links and entities are kept: the same claim, entity and statement uids, the same clusters
        assert sorted((c.uid, c.entity, c.statement) for c in second.claims(limit=None)) == claims
        assert sorted(e.uid for e in second.events(limit=None)) == clusters
        assert api.import_records(second, [str(path)]).unchanged == len(RECORDS)
    assert again.encode("utf-8") == text.encode("utf-8")


def test_exports_import_names_the_bad_line(led, tmp_path):
    good = json.dumps(RECORDS[0])
    bad = tmp_path / "bad.jsonl"
    bad.write_text(good + "\n{not json\n", encoding="utf-8")
    with pytest.raises(InputError, match="line 2"):
        api.import_records(led, [str(bad)])
    wrong = tmp_path / "wrong.jsonl"
    wrong.write_text(json.dumps({**RECORDS[0], "schema": "other/9"}) + "\n", encoding="utf-8")
    with pytest.raises(InputError, match="line 1"):
        api.import_records(led, [str(wrong)])


def test_exports_streams_page_the_same_at_any_page_size(led, monkeypatch):
    """Keyset pages of two rows give what pages of 200 give: nothing lost or doubled at a boundary."""
    whole = {fmt: export_text(led, fmt)[0] for fmt in ("jsonl", "geojson", "acled-csv", "prov-json")}
    monkeypatch.setattr(streams, "PAGE", 2)
    from claimledger.exports import provjson
    monkeypatch.setattr(provjson, "BATCH", 2)
    assert {fmt: export_text(led, fmt)[0] for fmt in whole} == whole


def test_exports_csv_writes_one_table_a_file_pandas_reads(led, tmp_path):
    pd = pytest.importorskip("pandas")
    report = api.export(led, "csv", str(tmp_path / "tables"))
    assert set(report.written) == {"claims", "events", "estimates", "places", "people"}
    claims = pd.read_csv(tmp_path / "tables" / "claims.csv")
    assert len(claims) == len(RECORDS) and claims["uid"].is_unique
    assert claims.loc[claims["channel"].notna(), "channel"].tolist() == ["City Radio"]
    assert claims["anonymous"].dtype == bool and claims["start"].dtype.kind == "i"
    events = pd.read_csv(tmp_path / "tables" / "events.csv")
    assert sorted(events["type"]) == ["ASSAULT", "ASSAULT", "ASSAULT", "CONSULT", "MOBILIZE"]
    assert sorted(events["killed"].dropna().tolist()) == [0.0, 3.0]
    estimates = pd.read_csv(tmp_path / "tables" / "estimates.csv")
    assert sorted(estimates["low"].tolist()) == [0, 3] and set(estimates["measure"]) == {"killed"}
    people = pd.read_csv(tmp_path / "tables" / "people.csv")
    assert "Ivan Petrenko" in set(people["name"])
    places = pd.read_csv(tmp_path / "tables" / "places.csv")
    assert places["geonames_id"].tolist() == sorted(places["geonames_id"].tolist())


def test_exports_csv_needs_a_folder(led):
    from claimledger.errors import ConfigError
    with pytest.raises(ConfigError, match="--out"):
        api.export(led, "csv", io.StringIO())


def test_exports_geojson_parses_and_says_how_precise_each_point_is(led):
    geojson = pytest.importorskip("geojson")
    text, report = export_text(led, "geojson")
    fc = geojson.loads(text)
    assert fc.is_valid, fc.errors()
    events = [f for f in fc["features"] if f["properties"]["kind"] == "event"]
    places = [f for f in fc["features"] if f["properties"]["kind"] == "place"]
    assert len(events) == len(RECORDS) and report.written["events"] == len(RECORDS)
    bakery = next(f for f in events if f["properties"]["feature"] == "city")
    assert bakery["geometry"]["coordinates"] == [36.23, 49.99]  # longitude first (RFC 7946)
    assert bakery["properties"]["killed"] == 3
    country = next(f for f in events if f["properties"]["feature"] == "country")
    assert country["properties"]["place"] == "Ukraine"
    assert sum(f["geometry"] is None for f in events) == 3
    assert {f["properties"]["geonames_id"] for f in places} == {706483, 690791}
    only, _ = export_text(led, "geojson", Filters(etype="CONSULT"))
    assert [f["properties"]["type"] for f in geojson.loads(only)["features"] if f["properties"]["kind"] == "event"] \
        == ["CONSULT"]


@pytest.mark.parametrize("feature, code", [("city", 1), ("locality", 1), ("landmark", 1), ("admin2", 2),
                                           ("admin1", 3), ("country", 3), (None, None)])
def test_exports_acled_geo_precision_from_the_place_named(feature, code):
    assert geo_precision(feature) == code


@pytest.mark.parametrize("start, end, code", [("2025-03-01", "2025-03-01", 1), ("2025-03-01", None, 1),
                                              ("2025-03-03", "2025-03-09", 2), ("2025-03-01", "2025-03-31", 3),
                                              (None, None, 3)])
def test_exports_acled_time_precision_from_the_span_given(start, end, code):
    assert time_precision(start, end) == code


def test_exports_acled_csv_has_acleds_columns_and_types(ledger_url):
    pd = pytest.importorskip("pandas")
    with claimledger.open(ledger_url) as ledger:
        ledger.store(RECORDS)
        text, report = export_text(ledger, "acled-csv")
    frame = pd.read_csv(io.StringIO(text))
    assert tuple(frame.columns) == COLUMNS
    # statements and diplomacy are not ACLED events, nor are plans: left out and counted
    assert len(frame) == 3 and report.skipped == {"not an ACLED event type": 1, "status planned": 1}
    for col in ("year", "time_precision", "timestamp"):
        assert frame[col].dtype.kind == "i", col
    for col in ("iso", "geo_precision", "fatalities"):  # whole numbers, empty where the text gave none
        assert (frame[col].dropna() % 1 == 0).all(), col
    assert frame["latitude"].dtype.kind == "f" and frame["event_date"].str.fullmatch(r"\d{4}-\d{2}-\d{2}").all()
    rows = {r.sub_event_type: r for r in frame.itertuples()}
    strike = rows["Air/drone strike"]
    assert (strike.event_type, strike.disorder_type, strike.geo_precision, strike.time_precision) == \
        ("Explosions/Remote violence", "Political violence", 1, 1)
    assert (strike.fatalities, strike.country, strike.iso, strike.location) == (3, "Ukraine", 804, "Kharkiv")
    shelling = rows["Shelling/artillery/missile attack"]
    assert (shelling.fatalities, shelling.geo_precision, shelling.time_precision, shelling.tags) == \
        (0, 3, 2, "place: country")
    clash = rows["Armed clash"]
    # no count in the text: no fatalities figure (never a 0), no place, the report's date standing in
    assert pd.isna(clash.fatalities) and pd.isna(clash.latitude) and pd.isna(clash.geo_precision)
    assert (clash.time_precision, clash.tags, clash.event_date) == (3, "date: report", "2025-03-10")
    assert (clash.actor1, clash.actor2) == ("Russian forces", "residents")


def test_exports_polecat_json_has_polecats_layout(led):
    lines = [json.loads(ln) for ln in export_text(led, "polecat-json")[0].splitlines()]
    assert len(lines) == len(RECORDS)
    strike = next(e for e in lines if e["event_mode"] == ["drone"])
    assert {"id", "date", "event_type", "event_mode", "event_text", "contexts", "attributes", "event_geolocation",
            "pub_date", "publisher", "story_id", "headline"} <= set(strike)
    assert strike["attributes"]["ACTOR"] == [{"text": "Russian forces"}]
    assert strike["attributes"]["RECIP"] == [{"text": "residents"}]
    geo = strike["event_geolocation"]["geo"]
    assert (geo["country_code3"], geo["geonameid"], geo["lat"], geo["lon"]) == ("UKR", 706483, 49.99, 36.23)
    clash = next(e for e in lines if e["event_mode"] == ["firearms"])
    assert clash["event_geolocation"]["geo"] is None and clash["attributes"]["LOC"] == []


def test_exports_prov_json_is_valid_prov_with_attribution_quotation_and_primary_source(led):
    prov_model = pytest.importorskip("prov.model")
    text, _ = export_text(led, "prov-json")
    doc = prov_model.ProvDocument.deserialize(content=text, format="json")
    records = doc.get_records()
    by_kind: dict = {}
    for r in records:
        by_kind.setdefault(type(r).__name__, []).append(r)
    assert len(by_kind["ProvAttribution"]) == len(RECORDS)
    derivations = by_kind["ProvDerivation"]
    types = sorted(str(t) for d in derivations for t in d.get_asserted_types())
    assert types.count("prov:Quotation") == len(RECORDS) and types.count("prov:PrimarySource") == 1
    primary = next(d for d in derivations if "prov:PrimarySource" in {str(t) for t in d.get_asserted_types()})
    assert str(primary.args[1]) == "cl:channel/City%20Radio"
    agents = {str(a.identifier): a for a in by_kind["ProvAgent"]}
    assert any("unnamed source" in {str(v) for v in a.get_attribute("prov:label")} or
               "officials" in str(a) for a in agents.values())
    assert len(agents) == len(RECORDS)  # four resolved speakers and the officials' own agent
    again = prov_model.ProvDocument.deserialize(content=doc.serialize(format="json"), format="json")
    assert again == doc


def test_exports_claimreview_of_rated_claims_meets_its_schema(led):
    jsonschema = pytest.importorskip("jsonschema")
    assert json.loads(export_text(led, "claimreview")[0]) == []
    uids = {c.claimant.name or c.claimant.role: c.uid for c in led.claims(limit=None)}
    api.rate(led, uids["Oleh Hrytsenko"], "true", note="Matches the hospital's figures.")
    api.rate(led, uids["officials"], "Mostly True")
    api.rate(led, uids["officials"], "unproven")  # a second verdict replaces the first
    reviews = json.loads(export_text(led, "claimreview", reviewer="Desk Checks")[0])
    schema = json.loads((resources.files("claimledger.schema") / "claimreview.schema.json").read_text("utf-8"))
    jsonschema.validate(reviews, schema, format_checker=jsonschema.FormatChecker())
    assert len(reviews) == 2
    first, second = reviews
    assert first["reviewRating"]["ratingValue"] == 5 and first["reviewBody"] == "Matches the hospital's figures."
    assert first["itemReviewed"]["author"] == {"@type": "Person", "name": "Oleh Hrytsenko", "jobTitle": "governor"}
    assert first["itemReviewed"]["appearance"]["url"] == "https://first.example/bakery"
    assert first["author"]["name"] == "Desk Checks"
    assert second["reviewRating"] == {"@type": "Rating", "alternateName": "Unproven"}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate([{**first, "reviewRating": {"@type": "Rating"}}], schema)


def test_exports_rate_refuses_an_unknown_verdict_or_claim(led):
    uid = led.claims(limit=1).rows[0].uid
    with pytest.raises(InputError, match="mostly-true"):
        api.rate(led, uid, "probably")
    with pytest.raises(NotFoundError):
        api.rate(led, "claim:0000000000000000:1", "false")


def test_exports_filters_narrow_every_format(led, tmp_path):
    pd = pytest.importorskip("pandas")
    api.export(led, "csv", str(tmp_path / "ru"), filters=Filters(side="RU"))
    assert pd.read_csv(tmp_path / "ru" / "claims.csv")["claimant"].tolist() == ["Pavlo Moroz"]
    text, _ = export_text(led, "jsonl", Filters(outlet="first wire"))
    assert [json.loads(ln)["document"]["outlet"] for ln in text.splitlines()] == ["First Wire", "First Wire"]
    text, _ = export_text(led, "acled-csv", Filters(place="Kharkiv"))
    assert pd.read_csv(io.StringIO(text))["location"].tolist() == ["Kharkiv"]


def test_exports_cli_export_import_rate(led, tmp_path):
    from click.testing import CliRunner

    from claimledger.cli import main
    runner = CliRunner()
    out = tmp_path / "ledger.jsonl"
    res = runner.invoke(main, ["export", "--db", led.url, "--format", "jsonl", "--out", str(out)])
    assert res.exit_code == 0, res.output
    assert f"exported {len(RECORDS)} documents as jsonl" in res.stderr
    other = f"sqlite:///{tmp_path / 'other.db'}"
    res = runner.invoke(main, ["import", str(out), "--db", other])
    assert res.exit_code == 0 and f"imported {len(RECORDS)} new document(s)" in res.stderr
    uid = led.claims(limit=1).rows[0].uid
    res = runner.invoke(main, ["rate", uid, "false", "--note", "No such strike.", "--db", other])
    assert res.exit_code == 0 and "false" in res.stderr
    res = runner.invoke(main, ["export", "--db", other, "--format", "claimreview"])
    assert json.loads(res.stdout)[0]["reviewRating"]["ratingValue"] == 1
    res = runner.invoke(main, ["export", "--db", other, "--format", "acled-csv", "--type", "CONSULT"])
    assert res.exit_code == 0 and "left out: 1 (not an ACLED event type)" in res.stderr
    res = runner.invoke(main, ["rate", uid, "bogus", "--db", other])
    assert res.exit_code == 2 and "no verdict" in res.stderr
