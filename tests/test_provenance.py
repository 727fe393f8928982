"""Who, when and where a page says it comes from: bylines, outlets, document dates."""
import pytest

from claimledger.dates import find_published, read_given_date
from claimledger.segment.metadata import canonical_outlet, dateline_outlet, read_byline
from claimledger.segment.plaintext import segment_text


@pytest.mark.parametrize("block,authors,published,outlet", [
    ("By Ann Holt and Piet de Vries\nHarbour Ledger | March 4, 2023, 7:45 AM", ["Ann Holt", "Piet de Vries"],
     "2023-03-04T07:45:00", "Harbour Ledger"),
    ("Comment | By Lena Farr | The Upland Gazette | 9 June 2022", ["Lena Farr"], "2022-06-09", "The Upland Gazette"),
    ("Press release | 2 May 2024 | Coastal Guard Command Public Affairs", [], "2024-05-02", "Coastal Guard Command"),
    ("By Omar Said / Delta Wire | July 3, 2021 | 10:20 PM", ["Omar Said"], "2021-07-03T22:20:00", "Delta Wire"),
    ("Reporting by Ina Berg and Tom Ash · 03.02.2024, first published 06:10 · updated 22:00",
     ["Ina Berg", "Tom Ash"], "2024-02-03T06:10", None),
    ("By Kim Lo\nRiverside Post | Friday, April 5, 2024 | Last updated 18:40 (local time)", ["Kim Lo"],
     "2024-04-05", "Riverside Post"),
    ("By Jo Marsh, Reuters", ["Jo Marsh"], None, "Reuters"),
    ("By Jo Marsh | Kharkiv | March 4, 2024", ["Jo Marsh"], "2024-03-04", None),  # a place is no outlet
    ("By Jo Marsh | Saltmarsh Bell | March 4, 2024", ["Jo Marsh"], "2024-03-04", "Saltmarsh Bell"),
])
def test_byline_block_gives_authors_date_and_outlet(block, authors, published, outlet):
    b = read_byline(block)
    assert b.authors == authors
    assert (b.published or "")[:16] == (published or "")[:16]
    assert b.outlet == outlet


@pytest.mark.parametrize("line,outlet", [
    ("LAGOS, March 3 (Delta Wire) - Troops said on Monday ...", "Delta Wire"),
    ("NEW TOWN/OLD TOWN, 3 March (HLA) – The army said ...", "HLA"),
    ("KYIV, Ukraine CNN — Ukraine's army said ...", "CNN"),
    ("Reuters — The ministry said ...", "Reuters"),
    ("The ministry said on Monday that ...", None),
    ("KYIV — The army said on Monday ...", None),
])
def test_dateline_names_the_agency(line, outlet):
    assert dateline_outlet(line) == outlet


def test_outlet_names_lose_the_issuers_office_and_legal_form():
    assert canonical_outlet("Joint Task Force Public Affairs") == "Joint Task Force"
    assert canonical_outlet("Harbour Ledger Ltd.") == "Harbour Ledger"
    assert canonical_outlet("the BBC") == "BBC"


@pytest.mark.parametrize("text,value", [
    ("Aug. 14, 2024, 16:30 EEST", "2024-08-14T16:30:00+03:00"),
    ("September 28, 2023, 6:15 PM GMT+4", "2023-09-28T18:15:00+04:00"),
    ("May 10, 2025, 9:50 PM IST", "2025-05-10T21:50:00"),  # IST names three zones: no offset
    ("Wednesday, November 27, 2024", "2024-11-27"),
    ("17.11.2024", "2024-11-17"),
    ("05/06/2025", None),  # day or month first? not a date to trust
])
def test_published_is_as_precise_as_the_page(text, value):
    found = find_published(text)
    assert (found[0] if found else None) == value


@pytest.mark.parametrize("value,iso", [
    ("2025-01-31", "2025-01-31"), ("2025-01-31T13:02:00Z", "2025-01-31T13:02:00+00:00"),
    ("31 January 2025", "2025-01-31"), ("Jan. 31, 2025 1:02 PM", "2025-01-31T13:02:00"),
    ("20220204T123000Z", "2022-02-04T12:30:00+00:00"), ("13/06/2025", "2025-06-13"),
])
def test_given_dates_read(value, iso):
    assert read_given_date(value) == iso


@pytest.mark.parametrize("value,reason", [
    ("last tuesday", "not a date"), ("2025-13-45", "not a calendar date"), ("05/06/2025", "ambiguous"),
    ("2025-02-30", "not a calendar date"), ("", "empty"),
])
def test_given_dates_refused_with_the_reason(value, reason):
    with pytest.raises(ValueError, match=reason):
        read_given_date(value)


BOXES = """Ferry service resumes across the strait after two-week halt

By Mara Quist
Strait Observer | 12 March 2024, 08:00

Ferries resumed crossings on Tuesday, the port authority said.

Morning Brief
Our editors' pick of the day's news, in your inbox at 7am.
Sign up for the Strait Observer newsletter

Listen to this article

The authority said 14 vessels had sailed by noon.

Also read: Port workers end strike after pay deal
"""


def test_boxes_and_teasers_anywhere_are_not_the_story():
    kinds = [(s.kind, BOXES[s.start:s.end].split("\\n")[0][:20]) for s in segment_text(BOXES)]
    assert [k for k, _ in kinds] == ["headline", "byline", "body", "boilerplate", "body", "related"]


HTML = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Port reopens after strike | Harbour Ledger</title>
<meta property="article:published_time" content="2025-02-03T10:00:00Z"></head>
<body><article><h1>Port reopens after strike</h1>
<div class="story-byline">By <a>Ana Vale</a> and <a>Rui Costa</a> | February 3, 2025</div>
<p>The port reopened on Monday after a five-day strike by dock workers ended with a pay deal, the port authority said.</p>
<p>About 40 ships had waited offshore during the strike, the authority said. The first container ship docked at noon.</p>
</article></body></html>"""


def test_html_without_author_tags_or_site_name_reads_its_own_byline_and_title():
    from claimledger.ingest.html import read_html
    from claimledger.records import Source
    from claimledger.segment.plaintext import SegmentStage
    from claimledger.settings import Settings
    rec = SegmentStage(Settings()).process(read_html(HTML, Source(path="port.html")))
    assert rec.document.title == "Port reopens after strike"
    assert rec.document.outlet == "Harbour Ledger"  # the site's name after the headline in <title>
    assert rec.document.authors == ["Ana Vale", "Rui Costa"]
    assert [s.kind for s in rec.segments] == ["headline", "byline", "body"]
    assert rec.text[rec.segments[1].start:rec.segments[1].end] == "By Ana Vale and Rui Costa | February 3, 2025"


@pytest.mark.parametrize("header,outlet", [
    ("By Jane Doe\nSaltmarsh Bell\nMarch 4, 2024", "Saltmarsh Bell"),   # a name between authors and date
    ("By Jane Doe\nHarbour Ledger, March 4, 2024", "Harbour Ledger"),
    ("By Jane Doe\nKharkiv, March 4, 2024", None),                      # a place, not an outlet
    ("By Jane Doe in Kharkiv and Tom Roe in Lviv\nMarch 4, 2024", None),
])
def test_header_lines_under_the_byline(header, outlet):
    from claimledger.segment.metadata import read_metadata
    text = f"Army leaves the river town\n\n{header}\n\nThe army said on Monday it had left the town.\n"
    segs = segment_text(text)
    assert [s.kind for s in segs] == ["headline", "byline", "body"]
    meta = read_metadata(text, segs, {})
    assert (meta.published, meta.outlet) == ("2024-03-04", outlet)
    assert meta.authors[0] == "Jane Doe"


@pytest.mark.parametrize("line,kind", [
    ("16:05 GMT — Army orders a halt south of the river", "live_stamp"),
    ("Reporting by Jane Doe; Editing by Tom Roe", "body"),  # a wire story's closing credit stays in the story
    ("Rescuers search the rubble on Monday. Photograph: Ann Roe/Harbour Ledger", "caption"),
    ("Read next: How the ceasefire talks stalled", "related"),
    ("Enter your email address to get the morning briefing", "boilerplate"),
    ("3 February 2025 - 16:05", "live_stamp"),
    ("Photo by Tom Roe. Soldiers walk past a damaged school on Monday.", "caption"),
])
def test_more_line_shapes(line, kind):
    from claimledger.segment.plaintext import classify_lines, split_lines
    lines = split_lines("Headline\n\nThe army said on Monday it had left the town.\n\n" + line + "\n")
    classify_lines(lines)
    assert lines[2].kind == kind


LIVE_HTML = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Live: strikes on the grid | Harbour Ledger</title>
<meta property="article:published_time" content="2025-02-03T06:00:00"></head>
<body><h1>Live: strikes on the grid</h1>
<div class="byline">By Ana Vale | 3 February 2025</div>
<div class="feed">
<div class="entry"><time>18:40</time><h3>Power back in the east</h3><p>The grid operator said power had returned to most homes in the east by the evening.</p></div>
<div class="entry"><time>12:15</time><h3>Rail traffic slowed</h3><p>The railway said trains were running up to two hours late because of the power cuts.</p></div>
<div class="entry"><time>06:00</time><h3>Overnight attack</h3><p>Drones and missiles hit power plants in three regions overnight, the energy ministry said.</p></div>
</div></body></html>"""


def test_html_live_blog_whose_stamps_print_only_the_time():
    from claimledger.ingest.html import read_html
    from claimledger.records import Source
    from claimledger.segment.plaintext import SegmentStage
    from claimledger.settings import Settings
    rec = SegmentStage(Settings()).process(read_html(LIVE_HTML, Source(path="live.html")))
    items = [s for s in rec.segments if s.kind == "live_item"]
    assert [s.published for s in items] == ["2025-02-03T18:40:00", "2025-02-03T12:15:00", "2025-02-03T06:00:00"]
    assert [rec.text[s.start:s.headline_end].split("\n")[-1] for s in items] == [
        "Power back in the east", "Rail traffic slowed", "Overnight attack"]


def test_a_bare_related_lead_takes_the_titles_under_it():
    text = ("Army leaves the river town\n\nThe army said on Monday it had left the town.\n\n"
            "Related stories\nHow the front line moved in January\nAid groups warn of winter shortages\n\n"
            "The ministry said six people had been hurt.\n")
    assert [s.kind for s in segment_text(text)] == ["headline", "body", "related", "body"]


@pytest.mark.parametrize("stamp,published", [
    ("2025-02-03T10:00:00+02:00", "2025-02-03T10:00:00+02:00"),  # the page's own clock and its offset
    ("2025-02-03T08:00:00Z", "2025-02-03T08:00:00+00:00"),
    ("2025-02-03T23:30:00-05:00", "2025-02-03T23:30:00-05:00"),  # a UTC reading would move the day
    ("2025-02-03", "2025-02-03T00:00:00"),
])
def test_html_published_keeps_the_zone_offset_the_page_gives(stamp, published):
    from claimledger.ingest.html import read_html
    from claimledger.records import Source
    page = HTML.replace("2025-02-03T10:00:00Z", stamp)
    assert read_html(page, Source(path="port.html")).document.published == published


@pytest.mark.parametrize("entry,published", [
    ({"published": "Mon, 03 Feb 2025 11:05:00 +0200"}, "2025-02-03T11:05:00+02:00"),  # RSS, the outlet's clock
    ({"published": "Mon, 03 Feb 2025 23:05:00 EST"}, "2025-02-03T23:05:00-05:00"),
    ({"updated": "2025-02-03T11:05:00+01:00"}, "2025-02-03T11:05:00+01:00"),  # Atom
    ({"published": "3 Feb 2025", "published_parsed": (2025, 2, 3, 0, 0, 0, 0, 34, 0)}, "2025-02-03T00:00:00"),
    ({"published": "2025-02-03 11:05", "published_parsed": (2025, 2, 3, 11, 5, 0, 0, 34, 0),
      "updated": "2025-02-05T09:00:00+00:00"}, "2025-02-03T11:05:00"),  # published, not the later update
    ({}, None),
])
def test_feed_entry_dates_keep_their_zone_offset(entry, published):
    from claimledger.ingest.feeds import _date
    assert _date(entry) == published
