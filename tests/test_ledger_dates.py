"""Dates given beside the pages reach the ledger: a re-ingest with sidecar dates dates the
documents already stored and re-derives what hangs on the date (claims' said_on)."""
import json
import re

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from claimledger import api
from claimledger.errors import BadDateError, ConfigError
from claimledger.settings import Settings
from claimledger.store import open_store
from claimledger.store.models import ClaimMention, Document

PAGES = {
    "bridge.txt": "Engineers reopen river bridge to lorries\n\n"
                  "The regional roads agency said on Thursday that the bridge over the river was safe for lorries again.\n",
    "depot.txt": "Fuel depot fire put out after two days\n\n"
                 "Firefighters put out a fire at the fuel depot on Wednesday, the emergency service said on Thursday.\n",
    "market.txt": "Market reopens after shelling\n\n"
                  "Traders returned to the central market, which the mayor said on Tuesday would reopen within a week.\n",
}
#: a Friday: "on Thursday" is the day before, "on Tuesday" three days before
DAY = "2025-03-07"


def write_pages(folder):
    folder.mkdir()
    for name, text in PAGES.items():
        (folder / name).write_text(text, encoding="utf-8")


def ledger(db_url):
    engine = open_store(db_url)
    with Session(engine) as s:
        docs = {d.title: d.published for d in s.scalars(select(Document))}
        said = sorted((c.said_on or "") for c in s.scalars(select(ClaimMention)))
    engine.dispose()
    return docs, said


@pytest.mark.slow
def test_reingest_with_sidecar_dates_dates_documents_and_claims(tmp_path, db_url):
    folder = tmp_path / "pages"
    write_pages(folder)
    settings = Settings(db_url=db_url)
    first = api.ingest([str(folder)], settings)
    assert (first.stored, first.undated) == (3, 3)
    docs, said = ledger(db_url)
    assert set(docs.values()) == {None} and said and not any(said)
    people = {p.uid: p.mentions for p in api.people(settings, limit=None)}
    assert people

    for name in PAGES:
        (folder / name).with_suffix(".json").write_text(json.dumps({"published": DAY}), encoding="utf-8")
    again = api.ingest([str(folder)], settings)
    assert (again.stored, again.updated, again.unchanged, again.undated) == (0, 3, 0, 0)
    docs, said = ledger(db_url)
    assert set(docs.values()) == {DAY}
    assert said == ["2025-03-04", "2025-03-06", "2025-03-06"]
    # the resolution layer was redone for the new rows, not added to: same speakers, same counts
    assert {p.uid: p.mentions for p in api.people(settings, limit=None)} == people
    # a third read with nothing new changes nothing
    third = api.ingest([str(folder)], settings)
    assert (third.updated, third.unchanged) == (0, 3)


@pytest.mark.slow
def test_file_name_dates_date_every_page(tmp_path, db_url):
    folder = tmp_path / "pages"
    folder.mkdir()
    names = ["20250307T093000Z_bridge.txt", "2025-03-07-depot.txt", "market-2025-03-07.txt"]
    for name, text in zip(names, PAGES.values()):
        (folder / name).write_text(text, encoding="utf-8")
    rep = api.ingest([str(folder)], Settings(db_url=db_url))
    assert (rep.stored, rep.undated) == (3, 0)
    docs, said = ledger(db_url)
    assert sorted(docs.values()) == ["2025-03-07", "2025-03-07", "2025-03-07T09:30:00+00:00"]
    assert said == ["2025-03-04", "2025-03-06", "2025-03-06"]


@pytest.mark.parametrize("value", ["last tuesday", "2025-13-45", "05/06/2025"])
def test_bad_document_dates_name_the_document_and_value(tmp_path, value):
    page = tmp_path / "bridge.txt"
    page.write_text(PAGES["bridge.txt"], encoding="utf-8")
    # on the command line: refused before any page is read, naming the option and the value
    with pytest.raises(ConfigError, match=re.escape(f"--published {value!r} is not a date")):
        list(api.extract([str(page)], Settings(), published=value))
    # set on a record in code: that document fails, naming it
    from claimledger.records import Record, Source
    from claimledger.segment.plaintext import SegmentStage
    with pytest.raises(BadDateError, match=re.escape(repr(value))):
        SegmentStage(Settings()).process(Record(text=PAGES["bridge.txt"], source=Source(path=str(page)),
                                                hints={"published": value}))
    # in a sidecar
    page.with_suffix(".json").write_text(json.dumps({"published": value}), encoding="utf-8")
    outs = list(api.extract([str(page)], Settings()))
    assert isinstance(outs[0].error, BadDateError) and "bridge.json" in str(outs[0].error)
    page.with_suffix(".json").unlink()
    # on a JSON line: that line fails, the next is read
    lines = tmp_path / "docs.jsonl"
    lines.write_text(json.dumps({"text": PAGES["bridge.txt"], "published": value}) + "\n"
                     + json.dumps({"text": PAGES["depot.txt"], "published": DAY}) + "\n", encoding="utf-8")
    outs = list(api.extract([str(lines)], Settings()))
    bad = [o for o in outs if o.error is not None]
    assert len(bad) == 1 and "docs.jsonl:1" in str(bad[0].error) and repr(value) in str(bad[0].error)
    assert [o.record.document.published for o in outs if o.record is not None] == [DAY]


@pytest.mark.slow
def test_refresh_keeps_links_between_rows(pipeline, tmp_path):
    """A refreshed document's rows link up as a first store's do (quantity->claim, event->claims)."""
    import copy

    from sqlalchemy import func

    from claimledger.ingest import read_document
    from claimledger.store import store_records
    from claimledger.store.models import EventClaim, QuantityMention
    from tests.conftest import EXAMPLES
    rec = pipeline.run([read_document(str(EXAMPLES / "estimate-1-kyiv-intelligence.txt"), max_bytes=10**7)])
    full = rec[0].record.to_json()
    undated = copy.deepcopy(full)
    undated["document"]["published"] = None

    def counts(url):
        engine = open_store(url)
        with Session(engine) as s:
            out = (s.scalar(select(func.count()).select_from(ClaimMention)),
                   s.scalar(select(func.count()).where(QuantityMention.claim_id.is_not(None))),
                   s.scalar(select(func.count()).select_from(EventClaim)),
                   s.scalar(select(Document.published)))
        engine.dispose()
        return out
    fresh, refreshed = f"sqlite:///{tmp_path / 'a.db'}", f"sqlite:///{tmp_path / 'b.db'}"
    store_records(open_store(fresh), [full])
    engine = open_store(refreshed)
    assert store_records(engine, [undated]).stored == 1
    assert store_records(engine, [full]).updated == 1
    engine.dispose()
    assert counts(refreshed) == counts(fresh)
    assert counts(fresh)[0] > 0 and counts(fresh)[3] == full["document"]["published"]
