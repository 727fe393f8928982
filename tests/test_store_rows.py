"""The rows a record is written as (store/writer.py writes them with one multi-row INSERT per
table): their ids are those SQLAlchemy's unit of work gave them, so a ledger built again is the
same ledger; a figure follows the figure it is a share of, an event's place and claims come first."""
import hashlib

from sqlalchemy import select
from sqlalchemy.orm import Session

from claimledger.store import Ledger
from claimledger.store.models import ClaimMention, EventMention, PlaceMention, QuantityMention

TEXT = "Officials said 12 of the 40 soldiers were wounded near Kharkiv. A strike hit Sumy, the governor said."


def _record() -> dict:
    sha = hashlib.sha256(TEXT.encode()).hexdigest()
    claimant = {"name": None, "role": "officials", "organization": None, "side": "UA", "anonymous": True}
    governor = {"name": None, "role": "governor", "organization": None, "side": "UA", "anonymous": False}
    place = {"text": "Kharkiv", "name": "Kharkiv", "country": "UA", "feature": "city", "lat": 49.98, "lon": 36.25,
             "geonames_id": 706483}
    return {
        "source": {"sha256": sha, "path": "rows.txt", "url": None},
        "document": {"published": "2025-02-03T08:00:00", "outlet": "Test Wire", "title": None, "language": "en"},
        "text": TEXT, "segments": [{"kind": "body", "start": 0, "end": len(TEXT)}], "times": [],
        "places": [{**place, "start": 55, "end": 62},
                   {**place, "text": "Sumy", "name": "Sumy", "geonames_id": 692194, "start": 77, "end": 81}],
        "claims": [{"id": 1, "text": "12 of the 40 soldiers were wounded near Kharkiv", "start": 15, "end": 62,
                    "claimant": claimant, "quote": "none", "modality": "asserted"},
                   {"id": 2, "text": "A strike hit Sumy", "start": 64, "end": 81, "claimant": governor,
                    "quote": "none", "modality": "asserted"}],
        # the first figure is a share of the second
        "quantities": [{"text": "12", "start": 15, "end": 17, "low": 12, "high": 12, "approximate": False,
                        "unit": None, "counted": "soldiers", "derived_from": 1, "claim": 1},
                       {"text": "40", "start": 25, "end": 27, "low": 40, "high": 40, "approximate": False,
                        "unit": None, "counted": "soldiers", "derived_from": None, "claim": 1}],
        # the event is at the second place and reported by the second claim
        "events": [{"type": "ASSAULT", "text": "A strike hit Sumy", "start": 64, "end": 81, "status": "occurred",
                    "place": 1, "claims": [2], "actors": [], "targets": []}],
    }


def test_store_rows_have_the_ids_of_the_unit_of_work(tmp_path):
    with Ledger.open(f"sqlite:///{tmp_path / 'rows.db'}") as ledger:
        ledger.store([_record()])
        with Session(ledger.engine) as s:
            figures = {q.uid.rsplit(":", 1)[1]: q for q in s.scalars(select(QuantityMention))}
            assert figures["2"].id < figures["1"].id  # the whole first, then its share
            assert figures["1"].derived_from_id == figures["2"].id and figures["1"].claim_id is not None
            places = {p.name: p.id for p in s.scalars(select(PlaceMention))}
            claims = {c.claim_no: c.id for c in s.scalars(select(ClaimMention))}
            assert places["Sumy"] < places["Kharkiv"] and claims[2] < claims[1]  # the event's own first
            event = s.scalars(select(EventMention)).one()
            assert event.place_id == places["Sumy"] and [c.id for c in event.claims] == [claims[2]]
            assert event.cluster_id is not None
        before = ledger.summary(1).counts
        assert ledger.store([_record()]).unchanged == 1  # storing again changes nothing
        assert ledger.summary(1).counts == before


def _layer(engine) -> dict:
    """The resolution layer of a ledger, by uid: statements' and entities' counts, merges, clusters."""
    from sqlalchemy import text
    with engine.connect() as c:
        return {
            "statements": sorted(c.execute(text("select uid, reports from statements")).all()),
            "entities": sorted(c.execute(text("select uid, mentions from entities")).all()),
            "merges": sorted(c.execute(text(
                "select e.uid, c.uid from entity_merges m join entities e on e.id = m.entity_id "
                "join claims c on c.id = m.claim_id")).all()),
            "orphan merges": c.execute(text(
                "select count(*) from entity_merges where claim_id not in (select id from claims)")).scalar(),
            "claims": sorted(c.execute(text(
                "select c.uid, s.uid, e.uid from claims c left join statements s on s.id = c.statement_id "
                "left join entities e on e.id = c.entity_id")).all()),
            "clusters": sorted(c.execute(text("select uid, mentions from event_clusters")).all()),
        }


def test_a_page_read_again_in_its_own_batch_is_resolved_once(ledger_url, tmp_path):
    """A page stored undated and, later in the same batch, again with its date replaces its rows
    before the batch is resolved: the layer holds the dated read alone, as if it came by itself
    (the first read's rows are gone; resolving them too counted every report twice)."""
    import copy

    from tests.test_query_paths import PAGES
    from tests.test_query_paths import _record as page
    dated = page(0, *PAGES[0])
    undated = copy.deepcopy(dated)
    undated["document"]["published"] = None
    with Ledger.open(f"sqlite:///{tmp_path / 'alone.db'}") as alone:
        alone.store([dated])
        expected = _layer(alone.engine)
    assert expected["statements"] and expected["entities"] and expected["merges"]
    with Ledger.open(ledger_url) as ledger:
        got = ledger.store([undated, dated])
        assert (got.stored, got.updated) == (1, 1)
        assert _layer(ledger.engine) == expected


def _event_page(n: int, said: str, day: str = "2025-05-06") -> dict:
    """A page of test_statements whose minister speaks of a strike: one event, the same on every page."""
    from tests.test_statements import _page as page
    rec = page(n, said, day)
    at = rec["text"].index("moved")
    rec["events"] = [{"type": "ASSAULT", "mode": "aerial", "text": "moved", "start": at, "end": at + 5,
                      "actors": ["Russian forces"], "targets": [], "place": None,
                      "when": {"start": day, "end": day}, "status": "occurred", "claims": [1]}]
    return rec


def test_a_batch_reads_the_stored_clusters_it_may_join_as_columns_and_writes_back_what_it_changed(
        ledger_url, monkeypatch):
    """The clusters a batch compares its events with are read as their columns (StoredCluster),
    not as mapped objects (a dense ledger gives a batch thousands), and a stored cluster its
    events join is written back: one more mention, the new outlet."""
    from claimledger.store import clusters
    from claimledger.store.models import EventCluster
    from tests.test_statements import SAID
    seen: list[list[object]] = []
    prefetch = clusters.Clusterer.prefetch

    def spied(self, events):  # type: ignore[no-untyped-def]
        prefetch(self, events)
        seen.append([c for cs in (self.candidates or {}).values() for c in cs])
        assert not [o for o in self.s.identity_map.values() if isinstance(o, EventCluster)]
    monkeypatch.setattr(clusters.Clusterer, "prefetch", spied)
    with Ledger.open(ledger_url) as ledger:
        ledger.store([_event_page(1, SAID[1])])
        ledger.store([_event_page(2, SAID[1])])
        assert [type(c).__name__ for c in seen[1]] == ["StoredCluster"]
        from sqlalchemy import text
        with ledger.engine.connect() as c:
            got = c.execute(text("select mentions, sources, outlets, start_day from event_clusters")).all()
        assert len(got) == 1
        mentions, sources, outlets, start_day = got[0]
        assert (mentions, sources, start_day) == (2, 2, "2025-05-06")
        assert "Outlet 1" in outlets and "Outlet 2" in outlets


def test_a_page_read_again_keeps_the_statement_another_page_shares_and_makes_its_own(ledger_url):
    """A page that reports a statement with another page, read again with another date, leaves
    that statement to the other page and makes a new one of its own. The new one's uid, drawn
    from the page's claim like the first, is taken by the shared statement: it is drawn again
    (the store refused the whole batch: UNIQUE constraint failed: statements.uid)."""
    from tests.test_statements import SAID
    _page = _event_page
    with Ledger.open(ledger_url) as ledger:
        ledger.store([_page(1, SAID[1]), _page(2, SAID[1])])
        before = _layer(ledger.engine)
        assert [n for _, n in before["statements"]] == [2]
        assert [n for _, n in before["clusters"]] == [2]
        got = ledger.store([_page(1, SAID[1], day="2025-09-01")])
        assert got.updated == 1
        after = _layer(ledger.engine)
        assert sorted(n for _, n in after["statements"]) == [1, 1]
        shared = before["statements"][0][0]
        assert shared in [uid for uid, _ in after["statements"]]
        by_claim = {claim: statement for claim, statement, _ in after["claims"]}
        assert len(set(by_claim.values())) == 2 and shared in by_claim.values()
        assert sorted(n for _, n in after["clusters"]) == [1, 1]
        assert before["clusters"][0][0] in [uid for uid, _ in after["clusters"]]
        # read again with the same date: unchanged, nothing drawn anew
        assert ledger.store([_page(1, SAID[1], day="2025-09-01")]).unchanged == 1
        assert _layer(ledger.engine) == after


def test_a_known_page_from_a_new_source_between_new_pages_rolls_nothing_back(tmp_path):
    """A stored text that comes again from a new path (its source added through the ORM, the
    id SQLite gives it) between two new pages: each new page is written once, in its own
    savepoint, none rolled back (the second new page's source drew, from the transaction's id
    count, the id the added source had taken, failed as a unique violation and was written
    again), and the sources have the ids SQLite would give them in turn."""
    from sqlalchemy import event, text

    def page(words: str, path: str) -> dict:
        rec = _record()
        rec["text"] = TEXT + words
        rec["source"] = {"sha256": hashlib.sha256(rec["text"].encode()).hexdigest(), "path": path, "url": None}
        return rec
    with Ledger.open(f"sqlite:///{tmp_path / 'sources.db'}") as ledger:
        ledger.store([page("", "first.txt")])
        rolled: list[object] = []
        event.listen(ledger.engine, "rollback_savepoint", lambda *args: rolled.append(args))
        got = ledger.store([page(" Later.", "second.txt"), page("", "again.txt"), page(" Then.", "third.txt")])
        assert (got.stored, got.unchanged, got.rejected) == (2, 1, [])
        assert rolled == []
        with ledger.engine.connect() as c:
            rows = c.execute(text("select s.id, d.sha256, s.path from document_sources s "
                                  "join documents d on d.id = s.document_id order by s.id")).all()
        assert [(i, path) for i, _, path in rows] == [(1, "first.txt"), (2, "second.txt"), (3, "again.txt"),
                                                      (4, "third.txt")]
        assert rows[0][1] == rows[2][1]


def test_a_value_its_column_type_refuses_fails_the_batch_as_a_store_error_on_both_backends(ledger_url):
    """A record whose figure is "approximate": 2 or "yes" (the JSON reader checks fields, not
    every value's type) fails its batch with a StoreError on SQLite as on PostgreSQL, as
    SQLAlchemy reports its type's refusal (a StatementError), not as a bare ValueError from the
    SQLite fast insert, and the ledger is as it was."""
    import pytest

    from claimledger.errors import StoreError
    with Ledger.open(ledger_url) as ledger:
        for bad in (2, "yes"):
            rec = _record()
            rec["quantities"][0]["approximate"] = bad
            with pytest.raises(StoreError, match="nothing from this batch was stored"):
                ledger.store([rec])
        assert ledger.summary(1).counts.get("documents", 0) == 0


def test_a_batch_reads_the_stored_statements_it_may_repeat_as_columns_and_writes_back_the_repeats(ledger_url,
                                                                                                   monkeypatch):
    """The statements a batch compares its claims with are read as their matching columns
    (StoredStatement, no text, no mapped object: a crowded week gives a batch tens of thousands),
    and one a later page repeats is written back: one more report, its last day moved on."""
    from claimledger.store import resolve, statements
    from claimledger.store.models import Statement
    from tests.test_statements import SAID
    from tests.test_statements import _page as page
    seen: list[list[object]] = []
    prefetch = resolve.prefetch_statements

    def spied(s, claims):  # type: ignore[no-untyped-def]
        got = prefetch(s, claims)
        seen.append([st for sts in got.values() for st in sts])
        assert not [o for o in s.identity_map.values() if isinstance(o, Statement)]
        return got
    monkeypatch.setattr(resolve, "prefetch_statements", spied)
    with Ledger.open(ledger_url) as ledger:
        ledger.store([page(1, SAID[1], "2025-05-06")])
        ledger.store([page(2, SAID[1], "2025-05-08")])
        assert [type(st).__name__ for st in seen[1]] == ["StoredStatement"]
        assert not hasattr(seen[1][0], "text") and not seen[1][0].changed
        from sqlalchemy import text
        with ledger.engine.connect() as c:
            got = c.execute(text("select reports, first_day, last_day from statements")).all()
        assert got == [(2, "2025-05-06", "2025-05-08")]
    assert statements.StoredStatement.__slots__


def test_a_batch_compares_its_events_with_the_most_reported_stored_clusters_of_a_day(ledger_url, monkeypatch):
    """Of each type and first day a batch reads at most MAX_CANDIDATES stored clusters, the
    most reported first, then the newest (a day of thousands of strike reports would bring
    every one of its week to every batch): with a cap of one, the cluster of two reports is
    a candidate and the newer one of one report is not."""
    from claimledger.store import clusters
    from tests.test_statements import SAID
    monkeypatch.setattr(clusters, "MAX_CANDIDATES", 1)
    seen: list[list[object]] = []
    prefetch = clusters.Clusterer.prefetch

    def spied(self, events):  # type: ignore[no-untyped-def]
        prefetch(self, events)
        seen.append([c for cs in (self.candidates or {}).values() for c in cs])
    monkeypatch.setattr(clusters.Clusterer, "prefetch", spied)

    def other_side(n: int) -> dict:
        rec = _event_page(n, SAID[1])
        rec["events"][0]["actors"] = ["Ukrainian troops"]  # no actor word shared: another event
        return rec
    with Ledger.open(ledger_url) as ledger:
        ledger.store([_event_page(1, SAID[1])])
        ledger.store([_event_page(2, SAID[1])])  # joins the first: two reports
        ledger.store([other_side(3)])  # a cluster of its own, newer, one report
        ledger.store([_event_page(4, SAID[1])])
        from sqlalchemy import text
        with ledger.engine.connect() as c:
            got = c.execute(text("select id, mentions, actors from event_clusters order by id")).all()
    assert [m for _, m, _ in got] == [3, 1]
    assert [c.id for c in seen[3]] == [got[0][0]]  # read with two reports; this batch added the third
    monkeypatch.setattr(clusters, "MAX_CANDIDATES", 5)
    with Ledger.open(ledger_url) as ledger:
        ledger.store([_event_page(5, SAID[1])])
    assert sorted(c.id for c in seen[4]) == [got[0][0], got[1][0]]


def test_a_batch_matches_its_claims_a_few_speakers_at_a_time_as_if_one_by_one(tmp_path, monkeypatch):
    """A batch's claims are matched with the stored statements SPEAKERS_AT_ONCE speakers at a time
    (a crowded week gives every speaker thousands): one speaker at a time gives the ledger that all
    at once gives, new statements numbered in the order of the claims that made them."""
    from sqlalchemy import text

    from claimledger.store import resolve
    from tests.test_statements import SAID
    from tests.test_statements import _page as page

    def two_speakers(n: int) -> dict:
        rec = page(n, SAID[n % 2], "2025-05-06")
        if n % 3 == 0:
            rec["claims"][0]["claimant"] = {"name": "Olena Hrytsenko", "role": "governor", "side": "UA",
                                            "organization": None, "anonymous": False}
        return rec
    calls: list[int] = []
    prefetch = resolve.prefetch_statements

    def spied(s, claims):  # type: ignore[no-untyped-def]
        calls.append(len({statements_key(c) for c, _ in claims}))
        return prefetch(s, claims)
    from claimledger.store.statements import speaker_key as statements_key
    monkeypatch.setattr(resolve, "prefetch_statements", spied)
    got = []
    for at_once in (1, 100):
        monkeypatch.setattr(resolve, "SPEAKERS_AT_ONCE", at_once)
        calls.clear()
        with Ledger.open(f"sqlite:///{tmp_path}/l{at_once}.db") as ledger:
            ledger.store([two_speakers(n) for n in range(1, 5)])
            ledger.store([two_speakers(n) for n in range(5, 11)])
            with ledger.engine.connect() as c:
                got.append((c.execute(text("select id, speaker_key, text, reports from statements order by id")).all(),
                            c.execute(text("select id, statement_id from claims order by id")).all()))
        assert calls == ([1, 1, 1, 1] if at_once == 1 else [2, 2])
    assert got[0] == got[1]
    statements, claims = got[0]
    assert len({k for _, k, _, _ in statements}) == 2 and sum(r for *_, r in statements) == len(claims) == 10


def test_a_batch_reads_of_the_stored_links_those_between_the_statements_it_links(tmp_path):
    """A statement linked from every page of a busy week has thousands of links: a batch that
    links it again reads the stored links between the statements it links, not all of its links,
    and adds only the ones not stored."""
    from sqlalchemy import insert, text

    from claimledger.store.models import Statement, StatementLink
    from claimledger.store.resolve import Links
    with Ledger.open(f"sqlite:///{tmp_path}/l.db") as ledger:
        with Session(ledger.engine) as s:
            s.execute(insert(Statement.__table__), [
                {"id": i, "uid": f"statement:{i}", "speaker_key": f"entity:{i}", "text": f"words {i}",
                 "modality": "asserted", "anonymous": False, "reports": 1, "signature": b""} for i in range(1, 61)])
            s.execute(insert(StatementLink.__table__), [
                {"statement_id": 1, "other_id": i, "kind": "corroborates", "reason": "stored"} for i in range(2, 61) if i != 3])
            read: list[int] = []
            execute = s.execute

            def counted(q, *a, **k):  # type: ignore[no-untyped-def]
                rows = list(execute(q, *a, **k)) if q.is_select else execute(q, *a, **k)
                if q.is_select:
                    read.append(len(rows))
                return rows
            s.execute = counted  # type: ignore[method-assign]
            links = Links()
            links.add(1, 2, "corroborates", "again")
            links.add(3, 1, "corroborates", "new")
            links.write(s)
            s.commit()
        assert read == [1]
        with ledger.engine.connect() as c:
            got = c.execute(text("select statement_id, other_id, reason from statement_links "
                                 "where reason != 'stored'")).all()
        assert got == [(1, 3, "new")]
