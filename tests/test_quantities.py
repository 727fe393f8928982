import pytest

from claimledger.extract.quantities import _regex, read_match


@pytest.mark.parametrize("phrase,low,high,approximate", [
    ("11-12,000", 11000, 12000, False),
    ("10,000 to 12,000", 10000, 12000, False),
    ("between 300 and 400", 300, 400, False),
    ("at least 30", 30, None, False),
    ("more than 1,500", 1500, None, False),
    ("up to 200", None, 200, False),
    ("nearly 40", 40, 40, True),
    ("about 3,000", 3000, 3000, True),
    ("dozens", 24, 99, True),
    ("several hundred", 300, 900, True),
    ("thousands", 2000, 9999, True),
    ("2 million", 2_000_000, 2_000_000, False),
    ("three", 3, 3, False),
])
def test_quantities_phrase_values(phrase, low, high, approximate):
    m = _regex().search(phrase + " soldiers")
    assert m is not None and m.group(0) == phrase
    f = read_match(m)
    assert (f.low, f.high, f.approximate) == (low, high, approximate)


@pytest.mark.slow
@pytest.mark.parametrize("sentence,text,low,high,counted", [
    ("Officials said at least 30 civilians were killed.", "at least 30", 30, None, "civilians"),
    ("Roughly half of the 8,000 troops were wounded.", "Roughly half", 4000, 4000, "troops wounded"),
    ("The army lost 40% of its 500 tanks.", "40%", 200, 200, "tanks"),
    ("Air defence shot down 12 drones overnight.", "12", 12, 12, "drones"),
])
def test_quantities_in_sentences(run, sentence, text, low, high, counted):
    rec = run(sentence, published="2025-01-31T13:02:00")
    q = [x for x in rec.quantities if x.text == text]
    assert q, [x.text for x in rec.quantities]
    assert (q[0].low, q[0].high) == (low, high)
    assert q[0].counted == counted


@pytest.mark.slow
@pytest.mark.parametrize("sentence", [
    "by Jane Doe January 31, 2025 1:02 PM 2 min read",
    "The talks lasted 3 weeks.",
    "The 94th brigade held the town on Jan. 19.",
    "Fighting resumed at 8:31 AM.",
])
def test_quantities_never_dates_times_or_ranks(run, sentence):
    assert run(sentence, published="2025-01-31T13:02:00").quantities == []
