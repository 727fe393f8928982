"""The Ledger object: one open, typed pages with totals, stable ids, feed state, pandas; both backends."""
import pytest
from sqlalchemy import text

import claimledger
from claimledger.records import Claim, Claimant, Event, Place, Quantity, Record, Segment, Source
from claimledger.store import Ledger


def _record(body: str, outlet: str, published: str, speaker: str, side: str, url: str | None = None) -> dict:
    """A record made by hand (no model): one claim carrying one count, one event at one place."""
    text_ = f"Report\n\n{body}\n"
    rec = Record(text=text_, source=Source(path=f"{outlet}.txt", url=url))
    rec.document.outlet, rec.document.published, rec.document.title = outlet, published, "Report"
    start = text_.index(body)
    rec.segments = [Segment("headline", 0, 6), Segment("body", 8, len(text_) - 1)]
    rec.claims = [Claim(1, body, start, start + len(body), Claimant(name=speaker, side=side), said_on=published[:10])]
    at = text_.find("Kharkiv")
    rec.places = [Place("Kharkiv", at, at + 7, "Kharkiv", "UA", "city", 49.99, 36.23, 706483)] if at >= 0 else []
    n = text_.find("12 ")
    rec.quantities = [Quantity("12", n, n + 2, 12, 12, False, "drones", "drones", claim=1)] if n >= 0 else []
    rec.events = [Event("ASSAULT", "drone", body, start, start + len(body), ["Russia"], place=0 if at >= 0 else None,
                        claims=[1])]
    return rec.to_json()


RECORDS = [
    _record("Russia launched 12 drones at Kharkiv overnight, the mayor said.", "First Wire", "2025-03-02T08:00",
            "Ihor Terekhov", "UA", url="https://first.example/kharkiv"),
    _record("President Donald Trump said talks would resume next week.", "Second Post", "2025-03-03T09:00",
            "Donald Trump", "US"),
    _record("The Kremlin said it was ready for talks.", "Third Monitor", "2025-03-04T10:00", "Dmitry Peskov", "RU"),
]


@pytest.fixture
def ledger(ledger_url):
    with claimledger.open(ledger_url) as led:
        led.store(RECORDS)
        yield led


def test_ledger_store_is_idempotent_and_ids_stable(ledger):
    again = ledger.store(RECORDS)
    assert (again.stored, again.unchanged) == (0, 3)
    uids = [r.uid for r in ledger.claims(limit=None)]
    assert sorted(uids) == sorted(r["claims"][0]["uid"] for r in RECORDS)


def test_ledger_claims_page_total_and_exact_side(ledger):
    page = ledger.claims(limit=2)
    assert (page.total, len(page), page.more) == (3, 2, True)
    assert [r.said_on for r in page] == ["2025-03-04", "2025-03-03"]
    rest = ledger.claims(limit=2, offset=2)
    assert (len(rest), rest.more, rest[0].outlet) == (1, False, "First Wire")
    # a code matches exactly: "RU" is not in "TRUMP" nor in "Russia"
    assert [r.claimant.name for r in ledger.claims(side="ru")] == ["Dmitry Peskov"]
    assert [r.claimant.name for r in ledger.claims(by="trump")] == ["Donald Trump"]
    assert ledger.claims(by="rum").total == 0  # words, not substrings
    assert ledger.claims(outlet="second post").total == 1
    assert [r.said_on for r in ledger.claims(since="2025-03-03", until="2025-03-03")] == ["2025-03-03"]
    assert ledger.claims(words="drones Kharkiv").total == 1


def test_ledger_claim_json_keeps_ids_document_offsets_and_url(ledger):
    row = ledger.claims(outlet="First Wire")[0].to_json()
    rec = RECORDS[0]
    assert row["uid"] == rec["claims"][0]["uid"] and row["document"] == rec["source"]["sha256"]
    assert rec["text"][row["start"]:row["end"]] == row["text"]
    assert row["url"] == "https://first.example/kharkiv" and row["claimant"]["side"] == "UA"


def test_ledger_rows_point_at_rows_not_positions(ledger):
    with ledger.engine.connect() as c:
        linked = c.execute(text(
            "select q.uid, c.uid, p.uid from quantities q join claims c on c.id = q.claim_id "
            "join events e on e.document_id = q.document_id join places p on p.id = e.place_id")).all()
        event_claims = c.execute(text("select count(*) from event_claims")).scalar()
    rec = RECORDS[0]
    assert linked == [(rec["quantities"][0]["uid"], rec["claims"][0]["uid"], rec["places"][0]["uid"])]
    assert event_claims == 3


def test_ledger_page_to_pandas(ledger):
    pd = pytest.importorskip("pandas", reason="pandas is the optional extra claimledger[pandas]")
    df = ledger.claims(limit=None).to_pandas()
    assert isinstance(df, pd.DataFrame) and len(df) == 3
    assert {"uid", "text", "outlet", "claimant", "start", "end", "url"} <= set(df.columns)
    assert list(ledger.claims(side="XX").to_pandas().columns)[:2] == ["uid", "text"]


def test_ledger_feed_state_survives_reopening(ledger_url):
    with Ledger.open(ledger_url) as led:
        feed = led.feed_state("https://feeds.example/war.xml")
        assert (feed.etag, feed.seen) == (None, set())
        led.feed_polled(feed, ["a", "b"], etag='"v1"', last_modified="Mon, 03 Mar 2025 10:00:00 GMT")
    with Ledger.open(ledger_url) as led:
        feed = led.feed_state("https://feeds.example/war.xml")
        assert (feed.etag, feed.seen) == ('"v1"', {"a", "b"})
        led.feed_polled(feed, ["b", "c"], not_modified=True)
        assert led.feed_state(feed.url).seen == {"a", "b", "c"} and led.feed_state(feed.url).etag == '"v1"'


def test_ledger_migration_fills_ids_of_rows_stored_before(tmp_path):
    """A ledger written by the previous schema (0004) gets its ids and links when opened."""
    from alembic import command

    from claimledger.store.db import alembic_config
    from claimledger.store.models import Base  # noqa: F401 - the models the test compares with
    from sqlalchemy import create_engine
    url = f"sqlite:///{tmp_path / 'old.db'}"
    engine = create_engine(url)
    with engine.begin() as conn:
        cfg = alembic_config(url)
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0004")
        rec = RECORDS[0]
        conn.execute(text("insert into documents (id, sha256, text, record, stored_at) values "
                          "(1, :s, :t, '{}', '2025-03-02')"), {"s": rec["source"]["sha256"], "t": rec["text"]})
        c = rec["claims"][0]
        conn.execute(text("insert into claims (id, document_id, claim_no, text, anonymous, quote, modality, "
                          "attributed, start, \"end\") values (7, 1, 1, :t, 0, 'indirect', 'asserted', 1, 0, 1)"),
                     {"t": c["text"]})
        conn.execute(text("insert into quantities (id, document_id, text, approximate, claim_no, start, \"end\") "
                          "values (9, 1, '12', 0, 1, 0, 1)"))
    engine.dispose()
    with Ledger.open(url) as led, led.engine.connect() as conn:
        assert conn.execute(text("select uid from claims")).scalar() == c["uid"]
        assert conn.execute(text("select claim_id, uid from quantities")).one() == (7, rec["quantities"][0]["uid"])


def test_ledger_datasette_metadata_describes_every_table_and_real_columns(ledger):
    """The Datasette metadata.json shipped with the store names every table and view, and only columns that exist."""
    import json
    from importlib import resources

    from sqlalchemy import inspect
    meta = json.loads((resources.files("claimledger.store") / "datasette-metadata.json").read_text("utf-8"))
    tables = meta["databases"]["claimledger"]["tables"]
    insp = inspect(ledger.engine)
    names = set(insp.get_table_names()) - {"alembic_version"}
    assert names <= set(tables)
    assert {"claims_with_documents", "events_with_places"} <= set(insp.get_view_names()) <= set(tables)
    for name, spec in tables.items():
        assert spec["description"]
        if "_fts" in name and ledger.dialect != "sqlite":
            continue  # the FTS5 tables are SQLite's; PostgreSQL searches through GIN indexes instead
        real = {c["name"] for c in insp.get_columns(name)}
        assert set(spec.get("columns", {})) <= real, name


def test_ledger_views_join_claims_with_documents(ledger):
    with ledger.engine.connect() as c:
        rows = c.execute(text("select uid, outlet, document from claims_with_documents order by uid")).all()
    assert sorted(r[0] for r in rows) == sorted(r["claims"][0]["uid"] for r in RECORDS)
    assert {r[1] for r in rows} == {"First Wire", "Second Post", "Third Monitor"}


def test_ledger_full_text_search_stems_and_needs_every_word(ledger):
    """claims(search=...) goes through the full-text index (FTS5 / tsvector): stemmed, every word required,
    punctuation no syntax, and the index follows deletes and re-stores."""
    assert [r.claimant.name for r in ledger.claims(search="launching drone")] == ["Ihor Terekhov"]
    assert [r.claimant.name for r in ledger.claims(search="talk")] == ["Dmitry Peskov", "Donald Trump"]
    assert [r.claimant.name for r in ledger.claims(search="talks resume")] == ["Donald Trump"]
    assert ledger.claims(search="talks drones").total == 0
    assert ledger.claims(search='"OR" NEAR( ) *').total == 0  # FTS operators are plain words here
    assert [r.claimant.name for r in ledger.claims(search="talks", side="RU")] == ["Dmitry Peskov"]
    hits = ledger.search("Kremlin ready")
    assert {h["kind"] for h in hits} >= {"document", "claim"}
    with ledger.engine.begin() as c:
        c.execute(text("delete from claims where uid = :u"), {"u": RECORDS[2]["claims"][0]["uid"]})
    assert [r.claimant.name for r in ledger.claims(search="talk")] == ["Donald Trump"]
