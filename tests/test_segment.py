import pytest

from claimledger.segment.metadata import known_outlet_prefix, parse_byline
from claimledger.segment.plaintext import classify_lines, segment_text, split_lines

PAGE = """Drones hit fuel depot in Bryansk Oblast, governor says

by Maria Lysenko February 3, 2025 9:05 AM 2 min read
Smoke rises over a fuel depot after a drone attack on Feb. 2, 2025. (Illustrative photo: Alex Brown / Reuters)
This audio is created with AI assistance

Ukrainian drones struck a fuel depot in Bryansk Oblast overnight, the regional governor said.

He said no one was hurt.

Fuel depots are a frequent target: what we know
Ukraine has struck dozens of Russian fuel depots since the start of the year, saying they supply the army…
The Kyiv IndependentMaria Lysenko
7:40 AM

Air raid alert in Kyiv lifted.

The alert lasted two hours, the city administration said.
"""


def test_segment_kinds_in_order():
    kinds = [s.kind for s in segment_text(PAGE)]
    assert kinds == ["headline", "byline", "caption", "boilerplate", "body", "related", "live_item"]


def test_segment_body_merges_paragraphs():
    body = [s for s in segment_text(PAGE) if s.kind == "body"][0]
    assert PAGE[body.start:body.end].startswith("Ukrainian drones")
    assert PAGE[body.start:body.end].endswith("no one was hurt.")


@pytest.mark.parametrize("line,kind", [
    ("by Jane Doe March 1, 2025 10:00 AM 3 min read", "byline"),
    ("4 min read", "boilerplate"),
    ("This audio is created with AI assistance", "boilerplate"),
    ("Share", "boilerplate"),
    ("Soldiers at a checkpoint near Kharkiv. (Sergey Bobok / AFP via Getty Images)", "caption"),
    ("Read also: How the front line moved in 2024", "related"),
    ("10:45 AM", "live_stamp"),
    ("The minister said the talks would resume.", "body"),
])
def test_segment_line_kinds(line, kind):
    lines = split_lines("Headline\n\n" + line + "\n")
    classify_lines(lines)
    assert lines[1].kind == kind


@pytest.mark.parametrize("byline,authors,published", [
    ("by Martin Smith January 31, 2025 1:02 PM 2 min read", ["Martin Smith"], "2025-01-31T13:02:00"),
    ("By Anna Berg and Tom Reid, March 3, 2024", ["Anna Berg", "Tom Reid"], "2024-03-03T00:00:00"),
    ("by Olena Koval", ["Olena Koval"], None),
])
def test_segment_byline(byline, authors, published):
    assert parse_byline(byline) == (authors, published)


@pytest.mark.parametrize("line,outlet", [
    ("The Kyiv IndependentJane Doe", "The Kyiv Independent"),
    ("Reuters", "Reuters"),
    ("Kyiv is the capital", None),
])
def test_segment_outlet_from_credit_line(line, outlet):
    assert known_outlet_prefix(line) == outlet


@pytest.mark.slow
def test_segment_metadata_and_live_item_dates(run):
    rec = run(PAGE)
    assert rec.document.title.startswith("Drones hit fuel depot")
    assert rec.document.authors == ["Maria Lysenko"]
    assert rec.document.published == "2025-02-03T09:05:00"
    assert rec.document.outlet == "The Kyiv Independent"
    live = [s for s in rec.segments if s.kind == "live_item"][0]
    assert live.published == "2025-02-03T07:40:00"
