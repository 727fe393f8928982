"""Quantities: phrases that are counts, phrases that are not, and estimate keys.

Every sentence is written for these tables. Counts give (text, low, high);
non-counts must give no quantity at all; key tests say which figures must never
share an estimate key (place, rate and what is counted set them apart).
"""
import pytest

ANCHOR = "2025-01-31T13:02:00"

COUNTS = [
    ("Over 100,000soldiers were massed near the border.", "Over 100,000", 100000, None),
    ("The army has 473 400 active-duty personnel.", "473 400", 473400, 473400),
    ("The toll exceeds 465,000, the ministry said.", "exceeds 465,000", 465000, None),
    ("Nine soldiers were killed and 14 wounded.", "14", 14, 14),
    ("Officials put the death toll at 61.", "61", 61, 61),
    ("Medics had recorded 250 bodies and 1,900 wounded.", "1,900", 1900, 1900),
    ("The ministry's count reached 3,400 dead.", "3,400", 3400, 3400),
    ("The town has a population of about 35,000.", "about 35,000", 35000, 35000),
    ("Of the 2,000 villagers told to leave, about 1,300 had gone.", "about 1,300", 1300, 1300),
    ("Of the 2,000 villagers told to leave, about 1,300 had gone.", "2,000", 2000, 2000),
    ("Some 40 people died, 11 of them children.", "11", 11, 11),
    ("More than half of the valley's estimated 8,000 residents fled.", "More than half", 4000, None),
    ("More than half of the valley's estimated 8,000 residents fled.", "estimated 8,000", 8000, 8000),
    ("Police detained 37 protesters in the square.", "37", 37, 37),
    ("The convoy carried 18 tonnes of food and 12 doctors.", "12", 12, 12),
    ("Forty-one sailors were rescued.", "Forty-one", 41, 41),
    ("Seventy-five ambulances reached the city.", "Seventy-five", 75, 75),
    ("The militia freed 230 hostages on Sunday.", "230", 230, 230),
    ("About 70 drones were launched overnight.", "About 70", 70, 70),
    ("Rebels overran 14 villages in a week.", "14", 14, 14),
    ("At least 9 ambulances were destroyed.", "At least 9", 9, None),
    ("Up to 600 fighters joined the assault.", "Up to 600", None, 600),
    ("Between 40 and 60 families were evacuated.", "Between 40 and 60", 40, 60),
    ("Five hundred prisoners were exchanged.", "Five hundred", 500, 500),
    ("Nearly 3 million people have fled the country.", "Nearly 3 million", 3_000_000, 3_000_000),
    ("The strike damaged 27 homes.", "27", 27, 27),
    ("Russia lost about 1,200 troops a day in November.", "about 1,200", 1200, 1200),
    ("Hundreds of civilians sheltered in the metro.", "Hundreds", 200, 999),
    ("The navy intercepted 16 missiles.", "16", 16, 16),
    ("Two aid workers were abducted.", "Two", 2, 2),
    ("Gunmen killed 19 miners at the site.", "19", 19, 19),
    ("Ukraine received 31 tanks.", "31", 31, 31),
    ("Officials put the toll at as many as 9,000.", "as many as 9,000", None, 9000),
]

NOT_COUNTS = [
    "Article 5 of the treaty was invoked.",
    "Resolution 2334 was adopted in December.",
    "The sirens sounded at 0300 GMT.",
    "At 6 o'clock the shelling stopped.",
    "The ceasefire began at 4 a.m. local time.",
    "The convoy left at 17:45.",
    "The gunners fired 155 mm rounds.",
    "A 120mm mortar was found.",
    "It was one of the world's largest air attacks.",
    "The war began in 2022.",
    "The 2014 annexation is not recognised.",
    "The commander, aged 58, was dismissed.",
    "The front line moved 12 kilometres.",
    "The brigade advanced 3 km overnight.",
    "The package is worth $250 million.",
    "The pipeline carries 40 million cubic metres.",
    "Prices rose 9 percent in a month.",
    "The 93rd brigade held the line.",
    "Route 7 was closed to traffic.",
    "Flight 752 was shot down in 2020.",
    "Chapter 7 of the charter applies.",
    "The storm reached 90 knots.",
    "The plant produces 950 MW.",
    "The talks lasted 3 weeks.",
    "The siege lasted 88 days.",
    "He is 41 years old.",
    "Operation 1027 began in October.",
    "Decree No. 12 was signed on Friday.",
    "The shelling began on Jan. 19.",
    "Temperatures fell to 15 degrees.",
    "The militia is part of the Seven Rivers Front.",
]


@pytest.mark.slow
@pytest.mark.parametrize("sentence,text,low,high", COUNTS)
def test_quantities_table_counts(run_body, sentence, text, low, high):
    rec = run_body(sentence, published=ANCHOR)
    found = [(q.text, q.low, q.high) for q in rec.quantities]
    assert (text, low, high) in [(t, lo, hi) for t, lo, hi in found], found


@pytest.mark.slow
@pytest.mark.parametrize("sentence", NOT_COUNTS)
def test_quantities_table_not_counts(run_body, sentence):
    assert [q.text for q in run_body(sentence, published=ANCHOR).quantities] == []


def test_quantities_tables_are_big_enough():
    assert len({s for s, *_ in COUNTS}) >= 30 and len(NOT_COUNTS) >= 30


#: pairs of sentences whose figures must never share a key: place, rate, what is counted
APART = [
    ("At least 30 civilians were killed in Kharkiv.", "At least 30 soldiers were killed in Kharkiv."),
    ("About 1,500 Russian troops were killed a day.", "About 1,500 Russian troops were killed."),
    ("Some 5,000 soldiers were killed.", "Some 5,000 soldiers were wounded."),
    ("Some 5,000 soldiers were captured.", "Some 5,000 soldiers were missing."),
    ("The army killed, wounded or captured 5,000 soldiers.", "The army captured 5,000 soldiers."),
    ("The army has 400,000 active-duty troops.", "Russia deployed 400,000 troops to the border."),
    ("Russia fired 90 missiles overnight.", "Russia fired 90 drones overnight."),
    ("Officials said 12 drones were shot down.", "Officials said 12 drones were launched."),
    ("About 600 soldiers were killed a week.", "About 600 soldiers were killed a day."),
    ("Some 2,000 soldiers were reported missing.", "Some 2,000 soldiers were killed."),
    ("Militants overran four villages.", "Militants fired rockets at four villages."),
]

#: figures that name no stock of people or things: what they count is a figure, a source, a speaker
NO_KEY = [
    ("Two officials said the convoy was hit.", "Two"),
    ("Three sources gave the same account.", "Three"),
    ("One tally put the dead at 300.", "One"),
    ("The two numbers differ widely.", "two"),
    ("Three estimates were published this week.", "Three"),
    ("One man, a driver, was taken to hospital.", "One"),
    ("One total, from the health ministry, is higher.", "One"),
    ("Five reports reached the ministry overnight.", "Five"),
]


@pytest.mark.slow
@pytest.mark.parametrize("sentence,text", NO_KEY)
def test_quantities_keys_none_for_figures_sources_and_speakers(run_body, sentence, text):
    rec = run_body(sentence, published=ANCHOR)
    assert [q.measure["key"] for q in rec.quantities if q.text == text and q.measure] == []


@pytest.mark.slow
@pytest.mark.parametrize("first,second", APART)
def test_quantities_keys_apart(run_body, first, second):
    a = [q.measure["key"] for q in run_body(first, published=ANCHOR).quantities if q.measure]
    b = [q.measure["key"] for q in run_body(second, published=ANCHOR).quantities if q.measure]
    assert a and b, (a, b)
    assert a[-1] != b[-1]


@pytest.mark.slow
def test_quantities_keys_places_apart(run_body):
    a = run_body("At least 30 civilians were killed in Kharkiv.", published=ANCHOR).quantities[0].measure
    b = run_body("At least 30 civilians were killed in Odesa.", published=ANCHOR).quantities[0].measure
    assert a["key"] == b["key"] and (a["place"], b["place"]) == ("Kharkiv", "Odesa")
