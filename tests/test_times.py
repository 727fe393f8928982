import pytest

ANCHOR = "2025-01-31T13:02:00"  # a Friday, ISO week 2025-W05


@pytest.mark.slow
@pytest.mark.parametrize("sentence,phrase,value", [
    ("The minister said on Jan. 19 that the talks failed.", "Jan. 19", "2025-01-19"),
    ("Troops were deployed there last fall.", "last fall", "2024-FA"),
    ("The incursion began in early August 2024.", "early August 2024", "2024-08"),
    ("Since December, the brigade has held the line.", "Since December", "2024-12"),
    ("The envoy will visit Kyiv next week.", "next week", "2025-W06"),
    ("The envoy visited Kyiv last week.", "last week", "2025-W04"),
    ("They have not been seen for roughly three weeks.", "roughly three weeks", "P3W"),
    ("The siege lasted 24 hours.", "24 hours", "PT24H"),
    ("The convoy was hit on Monday.", "Monday", "2025-01-27"),
    ("Talks will resume on Monday.", "Monday", "2025-02-03"),
    ("The strike happened yesterday.", "yesterday", "2025-01-30"),
    ("The report came out three days ago.", "three days ago", "2025-01-28"),
    ("Prices rose earlier this month.", "earlier this month", "2025-01"),
    ("Elections were held in 2019.", "2019", "2019"),
    ("The plant was built in the 1980s.", "the 1980s", "198"),
    ("The treaty was signed on March 5, 2022.", "March 5, 2022", "2022-03-05"),
    ("Fighting stopped on 12 June 2023.", "12 June 2023", "2023-06-12"),
    ("Patrols run daily.", "daily", "P1D"),
    ("The front is quiet now.", "now", "PRESENT_REF"),
    ("The offensive may start this winter.", "this winter", "2025-WI"),
    ("Grain exports fell last year.", "last year", "2024"),
    ("The ministry will report next month.", "next month", "2025-02"),
])
def test_times_value(run, sentence, phrase, value):
    rec = run(sentence, published=ANCHOR)
    hits = [t for t in rec.times if t.text == phrase]
    assert hits, [t.text for t in rec.times]
    assert hits[0].value == value


@pytest.mark.slow
@pytest.mark.parametrize("anchor,sentence,phrase,value", [
    # weekday arithmetic across a month and a year boundary
    ("2025-03-02T10:00:00", "The shelling happened on Friday.", "Friday", "2025-02-28"),
    ("2025-01-01T10:00:00", "The shelling happened on Monday.", "Monday", "2024-12-30"),
    ("2024-12-30T10:00:00", "The summit will open on Thursday.", "Thursday", "2025-01-02"),
    # ISO weeks across the year boundary
    ("2024-12-30T10:00:00", "Talks resume next week.", "next week", "2025-W02"),
    ("2025-01-02T10:00:00", "Talks stalled last week.", "last week", "2024-W52"),
    # a month-day without year takes the year that puts it before a past-tense anchor
    ("2025-01-05T10:00:00", "He said on Dec. 28 that the line held.", "Dec. 28", "2024-12-28"),
])
def test_times_boundaries(run, anchor, sentence, phrase, value):
    rec = run(sentence, published=anchor)
    assert [t.value for t in rec.times if t.text == phrase] == [value]


@pytest.mark.slow
def test_times_interval_of_fuzzy_month(run):
    rec = run("The incursion began in late August 2024.", published=ANCHOR)
    t = rec.times[0]
    assert t.interval == {"start": "2024-08-21", "end": "2024-08-31"}


@pytest.mark.slow
def test_times_unanchored_relative_is_unknown_not_guessed(run):
    rec = run("The convoy was hit on Monday in the spring of 2024.")
    assert [t.text for t in rec.times] == ["spring of 2024"]


@pytest.mark.slow
def test_times_live_item_anchors_on_its_own_timestamp(run):
    page = ("Live: war updates\n\nby Jo Bell January 31, 2025 1:02 PM\n\nBody text here said.\n\n"
            "2:46 AM\n\nShelling reported.\n\nThe army said the attack came yesterday.\n")
    rec = run(page)
    assert [t.value for t in rec.times if t.text == "yesterday"] == ["2025-01-30"]
    assert [t.value for t in rec.times if t.text == "2:46 AM"] == ["2025-01-31T02:46"]


# One table per rule family in data/timex.toml: (anchor, sentence, phrase, value).
# Anchors: 2025-01-31 is a Friday in ISO week 2025-W05; 2024-11-06 a Wednesday.
FAMILIES = {
    "full_date": [
        (ANCHOR, "It was signed on January 19, 2025, in Geneva.", "January 19, 2025", "2025-01-19"),
        (ANCHOR, "The raid began on 3 of March 2022.", "3 of March 2022", "2022-03-03"),
        (ANCHOR, "Shelling started on Aug. 6, 2024 at 5:30 a.m. local time.", "Aug. 6, 2024 at 5:30 a.m.",
         "2024-08-06T05:30"),
    ],
    "iso_date": [
        (ANCHOR, "The order is dated 2024-12-02.", "2024-12-02", "2024-12-02"),
    ],
    "month_day": [
        (ANCHOR, "The commander said on Jan. 19 that the unit withdrew.", "Jan. 19", "2025-01-19"),
        (ANCHOR, "The vote will be held on March 3.", "March 3", "2025-03-03"),
        ("2025-01-05T10:00:00", "He said on Dec. 28 that the line held.", "Dec. 28", "2024-12-28"),
        ("2024-11-06T09:00:00", "The deal is expected to close by Dec. 15.", "Dec. 15", "2024-12-15"),
        (ANCHOR, "The Times wrote on Saturday, Feb. 1:", "Saturday, Feb. 1", "2025-02-01"),
    ],
    "month_year": [
        (ANCHOR, "The incursion began in early August 2024.", "early August 2024", "2024-08"),
        (ANCHOR, "It ended in mid-October of 2023.", "mid-October of 2023", "2023-10"),
        (ANCHOR, "Supplies ran low in January this year.", "January this year", "2025-01"),
        (ANCHOR, "Prices peaked in June last year.", "June last year", "2024-06"),
    ],
    "month_alone": [
        (ANCHOR, "The offensive stalled in November.", "November", "2024-11"),
        (ANCHOR, "Elections are due in April.", "April", "2025-04"),
        (ANCHOR, "Since December, the brigade has held the line.", "Since December", "2024-12"),
        ("2024-11-06T09:00:00", "Talks may resume next March.", "next March", "2025-03"),
    ],
    "season": [
        (ANCHOR, "Troops were deployed there last fall.", "last fall", "2024-FA"),
        (ANCHOR, "A counteroffensive is expected next spring.", "next spring", "2025-SP"),
        (ANCHOR, "The bridge was rebuilt in the summer of 2023.", "the summer of 2023", "2023-SU"),
        ("2024-11-06T09:00:00", "Grain exports rose this summer.", "this summer", "2024-SU"),
    ],
    "year_decade_century": [
        (ANCHOR, "Elections were held in 2019.", "2019", "2019"),
        (ANCHOR, "The plant was built in the 1980s.", "the 1980s", "198"),
        (ANCHOR, "The fortress dates from the 12th century.", "the 12th century", "11"),
        (ANCHOR, "The army sent 2000 troops to the border.", None, None),
        (ANCHOR, "Forecasts for 2026 earnings were cut.", "2026", "2026"),
    ],
    "spelled_year": [
        (ANCHOR, "The plant closed in nineteen ninety-six.", "nineteen ninety-six", "1996"),
        (ANCHOR, "It was planned for the year two thousand.", "the year two thousand", "2000"),
    ],
    "quarter_half": [
        ("1989-10-27", "Profit fell in the third quarter.", "the third quarter", "1989-Q3"),
        ("1989-10-27", "Third-quarter sales rose 5%.", "Third-quarter", "1989-Q3"),
        ("1989-10-27", "Sales fell in the first half of 1990.", "the first half of 1990", "1990-H1"),
        ("1989-10-27", "Sales in the current quarter are flat.", "the current quarter", "1989-Q4"),
        ("1989-10-27", "Profit rose in the third quarter, up from a loss a year earlier.", "a year earlier",
         "1988-Q3"),
        ("1989-10-27", "Nearly a quarter of the staff left.", None, None),
    ],
    "relative_unit": [
        (ANCHOR, "The envoy will visit Kyiv next week.", "next week", "2025-W06"),
        (ANCHOR, "Grain exports fell last year.", "last year", "2024"),
        (ANCHOR, "The ministry will report next month.", "next month", "2025-02"),
        (ANCHOR, "Prices rose earlier this month.", "earlier this month", "2025-01"),
        (ANCHOR, "The unit rested over the weekend.", "the weekend", "2025-W04-WE"),  # the one before
        (ANCHOR, "Talks are set for this weekend.", "this weekend", "2025-W05-WE"),
        ("2024-11-06T09:00:00", "Fighting resumed in 2019 and intensified the following year.",
         "the following year", "2020"),
    ],
    "day_words_and_parts": [
        (ANCHOR, "The strike happened yesterday.", "yesterday", "2025-01-30"),
        (ANCHOR, "Sirens sounded this morning.", "this morning", "2025-01-31TMO"),
        (ANCHOR, "Drones attacked last night.", "last night", "2025-01-30TNI"),
        (ANCHOR, "The talks resume tomorrow afternoon.", "tomorrow afternoon", "2025-02-01TAF"),
        (ANCHOR, "Two drones were shot down overnight.", "overnight", "2025-01-30TNI"),
    ],
    "weekday": [
        (ANCHOR, "The convoy was hit on Monday.", "Monday", "2025-01-27"),
        (ANCHOR, "Talks will resume on Monday.", "Monday", "2025-02-03"),
        (ANCHOR, "The mayor said Friday the shelling had stopped.", "Friday", "2025-01-31"),
        (ANCHOR, "Residents have until Tuesday to leave.", "Tuesday", "2025-02-04"),
        (ANCHOR, "The council meets Wednesday.", "Wednesday", "2025-02-05"),
        (ANCHOR, "Convoys leave each Thursday.", "each Thursday", "XXXX-WXX-4"),
        (ANCHOR, "Buses run on Tuesday nights.", "Tuesday nights", "XXXX-WXX-2TNI"),
    ],
    "clock": [
        (ANCHOR, "Air raid alert at 8:31 AM.", "8:31 AM", "2025-01-31T08:31"),
        (ANCHOR, "The deadline passed at 5 p.m. Thursday.", "5 p.m. Thursday", "2025-01-30T17:00"),
        (ANCHOR, "The curfew begins at noon.", "noon", "2025-01-31T12:00"),
        (ANCHOR, "The team won 3.5 points.", None, None),
    ],
    "duration": [
        (ANCHOR, "They have not been seen for roughly three weeks.", "roughly three weeks", "P3W"),
        (ANCHOR, "The siege lasted 24 hours.", "24 hours", "PT24H"),
        (ANCHOR, "The march took 2 1/2 years.", "2 1/2 years", "P2Y6M"),
        (ANCHOR, "The talks took a minute and a half.", "a minute and a half", "PT1M30S"),
        (ANCHOR, "He spent several months at the front.", "several months", "P" + "XM"),
        (ANCHOR, "A 30-day truce was agreed.", "30-day", "P30D"),
        (ANCHOR, "The report came out three days ago.", "three days ago", "2025-01-28"),
        (ANCHOR, "The town fell two weeks ago.", "two weeks ago", "2025-W03"),
        (ANCHOR, "A few years ago the front was quiet.", "A few years ago", "PAST_REF"),
        (ANCHOR, "The soldier, 52 years old, was captured.", None, None),
        (ANCHOR, "The plan saves $2 million a year.", None, None),
    ],
    "vague_and_reference": [
        (ANCHOR, "The front is quiet now.", "now", "PRESENT_REF"),
        (ANCHOR, "Attacks have grown in recent years.", "recent years", "PAST_REF"),
        (ANCHOR, "More aid will come in the coming weeks.", "the coming weeks", "P" + "XW"),
        (ANCHOR, "Villages have changed hands for years.", "years", "P" + "XY"),
    ],
    "set": [
        (ANCHOR, "Patrols run daily.", "daily", "P1D"),
        (ANCHOR, "Reports are filed every week.", "every week", "P1W"),
        (ANCHOR, "The festival falls each July.", "each July", "XXXX-07"),
    ],
    "holiday": [
        (ANCHOR, "The truce held over Christmas.", "Christmas", "2024-12-25"),
        ("2024-11-06T09:00:00", "The polls closed on Election Day.", "Election Day", "2024-11-05"),
        ("2024-11-06T09:00:00", "Troops will be home by Thanksgiving.", "Thanksgiving", "2024-11-28"),
    ],
}


@pytest.mark.slow
@pytest.mark.parametrize("anchor,sentence,phrase,value", [
    pytest.param(*row, id=f"{family}-{i}") for family, rows in FAMILIES.items() for i, row in enumerate(rows)])
def test_times_rule_families(run_body, anchor, sentence, phrase, value):
    rec = run_body(sentence, published=anchor)
    if phrase is None:  # nothing in the sentence is a time
        assert [t.text for t in rec.times] == []
        return
    found = {t.text: t.value for t in rec.times}
    assert phrase in found, found
    assert found[phrase] == value


def test_timex_rules_are_data():
    """Every rule in timex.toml compiles and names a handler the engine has."""
    from claimledger.extract.times import HANDLERS, rules, tables
    entries = tables()["rule"]
    assert len(rules()) == len(entries)
    assert {e["handler"] for e in entries} <= set(HANDLERS)
