"""A table of pages in the shapes news sites print (wire story, live blog, press release,
op-ed, agency brief, translated article, boxes and teasers): each page's document fields
and segments, as tests/fixtures/pages/expected.json gives them."""
import json
from pathlib import Path

import pytest

from claimledger.records import Record, Source
from claimledger.segment.plaintext import SegmentStage
from claimledger.settings import Settings

PAGES = Path(__file__).parent / "fixtures" / "pages"
EXPECTED = json.loads((PAGES / "expected.json").read_text(encoding="utf-8"))


def segmented(name: str) -> Record:
    text = (PAGES / f"{name}.txt").read_text(encoding="utf-8")
    return SegmentStage(Settings()).process(Record(text=text, source=Source(path=name)))


def test_the_table_covers_every_page():
    assert sorted(EXPECTED) == sorted(p.stem for p in PAGES.glob("*.txt"))
    assert len(EXPECTED) >= 15


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_page_document_fields(name):
    want, doc = EXPECTED[name], segmented(name).document
    assert doc.title == want["title"]
    assert doc.authors == want["authors"]
    assert (doc.published or "")[:16] == (want["published"] or "")
    assert doc.outlet == want["outlet"]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_page_segments(name):
    rec = segmented(name)
    got = [(s.kind, rec.text[s.start:s.end]) for s in rec.segments]
    want = EXPECTED[name]["segments"]
    assert [k for k, _ in got] == [w[0] for w in want]
    for (kind, text), w in zip(got, want):
        assert text.startswith(w[1]), (kind, text[:40], w[1])
    items = [s for s in rec.segments if s.kind == "live_item"]
    assert [(s.published or "")[:16] for s in items] == [w[2] for w in want if w[0] == "live_item"]
