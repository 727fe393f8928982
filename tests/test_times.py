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
