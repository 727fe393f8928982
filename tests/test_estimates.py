"""Estimates: quantity phrases, what they count, measure keys, and histories across the ledger."""
import pytest

from claimledger.api import estimates
from claimledger.settings import Settings
from claimledger.store import open_store, store_records
from claimledger.store.estimates import contradictions, estimate_histories

ANCHOR = "2025-01-31T13:02:00"

# sentence, quantity text, low, high, approximate, unit (what one unit is)
PHRASES = [
    ("Officials said at least 30 civilians were killed.", "at least 30", 30, None, False, "civilians"),
    ("More than 1,500 soldiers were wounded.", "More than 1,500", 1500, None, False, "soldiers"),
    ("Over 12,000 troops were sent to the region.", "Over 12,000", 12000, None, False, "troops"),
    ("Up to 200 prisoners were exchanged.", "Up to 200", None, 200, False, "prisoners"),
    ("Nearly 40 drones were launched overnight.", "Nearly 40", 40, 40, True, "drones"),
    ("About 300 people were evacuated.", "About 300", 300, 300, True, "people"),
    ("Roughly 2,700 residents fled the town.", "Roughly 2,700", 2700, 2700, True, "residents"),
    ("Some 800 marines landed on the coast.", "Some 800", 800, 800, True, "marines"),
    ("Approximately 50 tanks were destroyed.", "Approximately 50", 50, 50, True, "tanks"),
    ("An estimated 11,000 soldiers were deployed.", "An estimated 11,000", 11000, 11000, True, "soldiers"),
    ("Between 300 and 400 fighters surrendered.", "Between 300 and 400", 300, 400, False, "fighters"),
    ("The army deployed 10,000 to 12,000 troops.", "10,000 to 12,000", 10000, 12000, False, "troops"),
    ("The unit lost 11-12,000 men in the offensive.", "11-12,000", 11000, 12000, False, "men"),
    ("Some 10-15 missiles hit the city.", "Some 10-15", 10, 15, True, "missiles"),
    ("Dozens of civilians were hurt.", "Dozens", 24, 99, True, "civilians"),
    ("Hundreds of soldiers were captured.", "Hundreds", 200, 999, True, "soldiers"),
    ("Thousands of residents left the city.", "Thousands", 2000, 9999, True, "residents"),
    ("Several hundred troops were moved north.", "Several hundred", 300, 900, True, "troops"),
    ("A few dozen drones were shot down.", "A few dozen", 24, 60, True, "drones"),
    ("Tens of thousands of people fled.", "Tens of thousands", 20000, 99999, True, "people"),
    ("Three soldiers were killed.", "Three", 3, 3, False, "soldiers"),
    ("Twelve drones were downed.", "Twelve", 12, 12, False, "drones"),
    ("The strike killed 2 million chickens.", "2 million", 2_000_000, 2_000_000, False, "chickens"),
    ("Russia lost 1.2 million shells in the fire.", "1.2 million", 1_200_000, 1_200_000, False, "shells"),
    ("Kyiv received 45 tanks from its allies.", "45", 45, 45, False, "tanks"),
    ("A total of 1,234 prisoners were freed.", "1,234", 1234, 1234, False, "prisoners"),
    ("Two children were rescued from the rubble.", "Two", 2, 2, False, "children"),
    ("Fifteen houses were damaged.", "Fifteen", 15, 15, False, "houses"),
    ("No fewer than 60 shells hit the village.", "No fewer than 60", 60, None, False, "shells"),
    ("Fewer than 500 troops remain in the town.", "Fewer than 500", None, 500, False, "troops"),
    ("Less than 100 civilians stayed behind.", "Less than 100", None, 100, False, "civilians"),
    ("At most 20 vehicles crossed the river.", "At most 20", None, 20, False, "vehicles"),
    ("Almost 90 aircraft took part.", "Almost 90", 90, 90, True, "aircraft"),
    ("Around 150 refugees arrived on Monday.", "Around 150", 150, 150, True, "refugees"),
    ("The brigade had 2,000 soldiers.", "2,000", 2000, 2000, False, "soldiers"),
    # shares of another quantity, worked out
    ("Roughly half of the 8,000 troops were wounded.", "Roughly half", 4000, 4000, True, "troops"),
    ("The army lost 40% of its 500 tanks.", "40%", 200, 200, False, "tanks"),
    ("A third of the 900 residents left.", "A third", 300, 300, False, "residents"),
    ("About a quarter of the 2,000 recruits deserted.", "About a quarter", 500, 500, True, "recruits"),
    ("Two-thirds of the 600 buildings were damaged.", "Two-thirds", 400, 400, False, "buildings"),
    ("Half of the 10-12,000 soldiers were killed or wounded.", "Half", 5000, 6000, False, "soldiers"),
]

# never quantities: dates, times, durations, ages, reading times, ranks, money, addresses
NOT_COUNTS = [
    "by Jane Doe January 31, 2025 1:02 PM 2 min read",
    "The talks lasted 3 weeks.",
    "The 94th brigade held the town on Jan. 19.",
    "Fighting resumed at 8:31 AM.",
    "The 47th Mechanized Brigade withdrew.",
    "The commander, 52, was wounded.",
    "He is 34 years old.",
    "The siege ended in 2023.",
    "The embassy is at 14 Main Street.",
    "The package is worth $400 million.",
    "Grain prices rose 12 percent.",
]


@pytest.mark.slow
@pytest.mark.parametrize("sentence,text,low,high,approximate,unit", PHRASES)
def test_quantities_phrases(run_body, sentence, text, low, high, approximate, unit):
    rec = run_body(sentence, published=ANCHOR)
    q = [x for x in rec.quantities if x.text == text]
    assert q, [x.text for x in rec.quantities]
    q = q[0]
    assert (q.low, q.high, q.approximate, q.unit) == (
        pytest.approx(low) if low is not None else None, pytest.approx(high) if high is not None else None,
        approximate, unit)


@pytest.mark.slow
@pytest.mark.parametrize("sentence", NOT_COUNTS)
def test_quantities_never_counts(run_body, sentence):
    assert [q.text for q in run_body(sentence, published=ANCHOR).quantities] == []


@pytest.mark.slow
@pytest.mark.parametrize("sentence,key,place", [
    ("About 3,000 North Korean soldiers have been killed or wounded in Kursk Oblast, officials said.",
     "north korean troops|casualties", "Kursk Oblast"),
    ("Air defence units shot down 12 drones over Odesa.", "drones|shot down", "Odesa"),
    ("Russia launched 90 missiles at Kyiv overnight.", "missiles|launched", "Kyiv"),
    ("At least 30 civilians were killed in Kharkiv.", "civilians|killed", "Kharkiv"),
    ("More than 1,500 Russian servicemen were captured.", "russian troops|captured", None),
    ("Roughly half of the 11-12,000 strong North Korean contingent have been killed or wounded.",
     "north korean troops|casualties", None),
    # "64 of the 90 drones": the part is what the verb is about
    ("Air defence shot down 64 of the 90 drones.", "drones|shot down", None),
    # a count whose noun is left out takes the noun of the count before it
    ("Glide bombs killed seven people and wounded at least 25 in Zaporizhzhia.", "people|wounded", "Zaporizhzhia"),
    ("Glide bombs killed seven people and wounded at least 25 in Zaporizhzhia.", "people|killed", "Zaporizhzhia"),
    # a demonym that is the counted noun is not said twice
    ("More than 9,000 Georgians were displaced.", "georgians|displaced", None),
    ("Rebels captured six villages near the lake.", "settlements|captured", None),
    # a place of who gives the figure, or of where it was given, is not the figure's
    ("U.S. assessments cited by the newspaper put the toll at as many as 40,000 dead.", "people|killed", None),
    ("Speaking at a summit in Brussels, the minister said 300 soldiers had been killed.", "troops|killed", None),
    ("Speaking at a summit in Brussels, the minister said 300 soldiers had been killed in Kharkiv.",
     "troops|killed", "Kharkiv"),
    # nor is another clause's subject after it
    ("The governor put the death toll at 12 and said Russia had fired 40 drones.", "people|killed", None),
    ("Officials said 30 people were killed in the fighting; Rwanda and the UN gave other figures.",
     "people|killed", None),
    # a setting put before the claim is still the figure's
    ("In Kherson, a man was killed and four people were wounded when shells hit a market, the governor said.",
     "people|wounded", "Kherson"),
])
def test_quantities_measure_keys(run_body, sentence, key, place):
    rec = run_body(sentence, published=ANCHOR)
    keyed = [q.measure for q in rec.quantities if q.measure and q.measure["key"] == key]
    assert keyed, [q.measure for q in rec.quantities]
    assert keyed[-1]["place"] == place


ARTICLES = [
    ("Report one\n\nKYIV (First Wire) - More than 3,000 North Korean troops have been killed or wounded in "
     "Kursk Oblast, Ukraine's military intelligence agency said on Dec. 27.\n", "2024-12-27"),
    ("Report two\n\nSEOUL (Second Post) - About 3,000 North Korean soldiers have been killed or wounded in "
     "Kursk Oblast, South Korea's spy agency told lawmakers on Jan. 13.\n", "2025-01-13"),
    ("Report three\n\nRIGA (Third Monitor) - Fewer than 500 North Korean troops had been killed or wounded in "
     "Kursk Oblast, a Russian military blogger wrote on Telegram on Jan. 15.\n", "2025-01-15"),
]


@pytest.fixture
def ledger(run, db_url):
    engine = open_store(db_url)
    # stored out of date order: the history must come back ordered by as-of date
    store_records(engine, [run(text, published=day).to_json() for text, day in reversed(ARTICLES)])
    yield engine
    engine.dispose()


@pytest.mark.slow
def test_estimates_one_ordered_history_and_one_contradiction(ledger):
    histories = estimate_histories(ledger, ["north korean", "casualties"])
    assert list(histories) == ["north korean troops|casualties @ RU"]  # Kursk Oblast is in Russia
    points = histories["north korean troops|casualties @ RU"]
    assert [p.as_of for p in points] == ["2024-12-27", "2025-01-13", "2025-01-15"]
    assert [(p.low, p.high) for p in points] == [(3000, None), (3000, 3000), (None, 500)]
    assert [p.side for p in points] == ["UA", "KR", "RU"]
    assert [p.outlet for p in points] == ["First Wire", "Second Post", "Third Monitor"]
    pairs = contradictions(histories)
    # Dec. 27 (over 3,000) and Jan. 15 (under 500) disagree but lie 19 days apart: another period
    assert [(a.as_of, b.as_of) for _, a, b in pairs] == [("2025-01-13", "2025-01-15")]
    wide = contradictions(estimate_histories(ledger, ["north korean"], window_days=30))
    assert len(wide) == 2


@pytest.mark.slow
def test_estimates_plot_is_written(ledger, db_url, tmp_path):
    out = tmp_path / "history.png"
    estimates(Settings(db_url=db_url), ["casualties"], plot=str(out))
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and out.stat().st_size > 5000


@pytest.mark.slow
def test_quantities_part_of_a_whole_points_to_it(run_body):
    rec = run_body("Air defence shot down 64 of the 90 drones.", published=ANCHOR)
    part, whole = rec.quantities
    assert (part.text, whole.text, part.derived_from) == ("64", "90", 1)


def _killed_histories(run, db_url, pages):
    """The ``people|killed`` histories of a ledger holding these (text, published) pages."""
    engine = open_store(db_url)
    try:
        store_records(engine, [run(text, published=day).to_json() for text, day in pages])
        return estimate_histories(engine, ["people", "killed"])
    finally:
        engine.dispose()


#: two pages, each with a toll that names no place of its own: one about Haiti, one about Ukraine
UNPLACED = [
    ("Report A\n\nPORT-AU-PRINCE (Island Wire) - Gangs stormed two districts of the Haitian capital this week. "
     "At least 40 people were killed, police spokesman Jean Baptiste said on Tuesday.\n", "2025-01-28"),
    ("Report B\n\nKYIV (River Post) - Drones struck several cities overnight. At least 12 people were killed, "
     "the emergency service said on Tuesday.\n", "2025-01-28"),
]


@pytest.mark.slow
def test_estimates_unplaced_figures_grouped_by_page_country(run, db_url):
    histories = _killed_histories(run, db_url, UNPLACED)
    assert {k: [p.low for p in v] for k, v in histories.items()} == {
        "people|killed @ HT": [40], "people|killed @ UA": [12]}
    assert not contradictions(histories)


#: three pages, each with a toll placed in a city of another country, and one unplaced Ukrainian toll
PLACED = [
    ("Odesa struck\n\nODESA (River Post) - A missile strike killed at least 12 people in Odesa on Tuesday, the "
     "governor said.\n", "2025-01-28"),
    ("Goma shelled\n\nGOMA (Lake Wire) - Shelling killed at least 30 people in Goma on Tuesday, the health "
     "ministry said.\n", "2025-01-28"),
    ("Capital attacked\n\nPORT-AU-PRINCE (Island Wire) - Gang attacks killed at least 40 people in Port-au-Prince "
     "on Tuesday, police said.\n", "2025-01-28"),
    ("Drones overnight\n\nKYIV (Third Post) - Drones struck several cities overnight. At least 9 people were "
     "killed, the emergency service said on Tuesday.\n", "2025-01-28"),
]


@pytest.mark.slow
def test_estimates_placed_figures_grouped_by_their_places_country(run, db_url):
    histories = _killed_histories(run, db_url, PLACED)
    assert {k: sorted(p.low for p in v) for k, v in histories.items()} == {
        "people|killed @ UA": [9, 12], "people|killed @ CD": [30], "people|killed @ HT": [40]}
    assert [p.place_country for p in histories["people|killed @ CD"]] == ["CD"]
    assert not contradictions(histories)
