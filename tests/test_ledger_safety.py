"""The ledger under bad values, concurrent writers and upgrades: a batch never loses a good
document to a bad one, on either backend; any number of writers end with each document once."""
import copy
import hashlib
import multiprocessing as mp
import os
import random

import pytest
from click.testing import CliRunner
from sqlalchemy import create_engine, text

from claimledger.api import ingest
from claimledger.cli import main
from claimledger.settings import Settings
from claimledger.store import open_store, store_records
from claimledger.store.db import head_revision
from claimledger.store.queries import summarize
from claimledger.store.writer import list_rejected
from tests.conftest import EXAMPLES, postgres_url


@pytest.fixture(scope="module")
def records(pipeline):
    from claimledger.ingest import read_document
    recs = [read_document(str(p), max_bytes=10**7) for p in sorted(EXAMPLES.glob("*.txt"))[:3]]
    return [o.record.to_json() for o in pipeline.run(recs)]


def variants(records, n):
    """``n`` distinct documents made from the example records (a different text hash each)."""
    out = []
    for i in range(n):
        rec = copy.deepcopy(records[i % len(records)])
        rec["source"]["sha256"] = hashlib.sha256(f"variant {i}".encode()).hexdigest()
        rec["source"]["path"] = f"doc{i}.txt"
        out.append(rec)
    return out


def _pg_reachable() -> bool:
    try:
        with create_engine(postgres_url()).connect() as c:
            c.execute(text("select 1"))
        return True
    except Exception:  # noqa: BLE001
        return False


@pytest.fixture(params=["sqlite", "postgresql"])
def ledger_url(request, tmp_path):
    """A new, empty ledger location on each backend (PostgreSQL: a schema of its own)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'l.db'}"
        return
    if not _pg_reachable():
        pytest.skip(f"no PostgreSQL server at {postgres_url()}")
    schema = f"claimledger_safety_{os.getpid()}_{random.randrange(10**6)}"
    admin = create_engine(postgres_url())
    with admin.begin() as c:
        c.execute(text(f"create schema {schema}"))
    sep = "&" if "?" in postgres_url() else "?"
    yield f"{postgres_url()}{sep}options=-csearch_path%3D{schema}"
    with admin.begin() as c:
        c.execute(text(f"drop schema if exists {schema} cascade"))
    admin.dispose()


@pytest.mark.slow
@pytest.mark.postgres
def test_store_bad_values_do_not_drop_the_batch(ledger_url, records):
    good = variants(records, 4)
    long_outlet = copy.deepcopy(good[0])
    long_outlet["source"]["sha256"] = "a" * 64
    long_outlet["document"]["outlet"] = "The " + "Very " * 60 + "Long Outlet"
    nul = copy.deepcopy(good[1])
    nul["source"]["sha256"] = "b" * 64
    nul["document"]["title"] = "A title\x00with a NUL"
    nul["text"] = nul["text"].replace(" ", "\x00", 1)
    overflow = copy.deepcopy(good[2])  # a value no column can take: refused alone
    overflow["source"]["sha256"] = "c" * 64
    overflow["source"]["path"] = "overflow.txt"
    overflow["claims"][0]["start"] = 2 ** 40
    engine = open_store(ledger_url)
    try:
        res = store_records(engine, [good[0], long_outlet, good[1], nul, overflow, good[2], good[3]])
        if engine.dialect.name == "postgresql":
            assert res.stored == 6 and [n for n, _ in res.rejected] == ["overflow.txt"]
            assert list_rejected(engine)[0]["name"] == "overflow.txt"
        else:  # SQLite integers are 64-bit: nothing to refuse
            assert res.stored == 7 and res.rejected == []
        with engine.connect() as c:
            outlets = [r[0] for r in c.execute(text("select outlet from documents"))]
            titles = [r[0] for r in c.execute(text("select title from documents"))]
        assert max(len(o or "") for o in outlets) <= 200
        assert "A title\ufffdwith a NUL" in titles
    finally:
        engine.dispose()


def _store_shuffled(url: str, recs: list, seed: int, queue) -> None:
    try:
        random.Random(seed).shuffle(recs)
        engine = open_store(url)
        for i in range(0, len(recs), 2):  # small commits, as the failing runs had
            store_records(engine, recs[i:i + 2])
        engine.dispose()
        queue.put(None)
    except BaseException as exc:  # noqa: BLE001 - sent back to the test
        queue.put(f"{exc.__class__.__name__}: {exc}")


def _run_writers(url: str, recs: list, n: int) -> list:
    ctx = mp.get_context("fork")
    queue = ctx.Queue()
    procs = [ctx.Process(target=_store_shuffled, args=(url, list(recs), seed, queue)) for seed in range(n)]
    for p in procs:
        p.start()
    results = [queue.get(timeout=600) for _ in procs]
    for p in procs:
        p.join(timeout=60)
    return results


@pytest.mark.slow
@pytest.mark.postgres
def test_store_concurrent_writers_store_each_document_once(ledger_url, records):
    recs = variants(records, 16)
    assert _run_writers(ledger_url, recs, 4) == [None] * 4  # also races on the first open of the ledger
    engine = open_store(ledger_url, readonly=True)
    try:
        s = summarize(engine)
        assert s.counts["documents"] == 16
        assert s.counts["claims"] == sum(len(r["claims"]) for r in recs)
        with engine.connect() as c:
            assert c.execute(text("select version_num from alembic_version")).scalar() == head_revision()
    finally:
        engine.dispose()


@pytest.mark.slow
def test_store_old_documents_derived_again_on_reingest(db_url, records):
    rec = records[0]
    assert any(q.get("measure") for q in rec["quantities"])
    old = copy.deepcopy(rec)  # as an older claimledger stored it: no measures, no event places
    for q in old["quantities"]:
        q["measure"] = None
    engine = open_store(db_url)
    try:
        assert store_records(engine, [old]).stored == 1
        with engine.connect() as c:
            assert c.execute(text("select count(measure_key) from quantities")).scalar() == 0
        again = store_records(engine, [rec])
        assert (again.stored, again.updated, again.unchanged) == (0, 1, 0)
        with engine.connect() as c:
            assert c.execute(text("select count(measure_key) from quantities")).scalar() > 0
            assert c.execute(text("select count(*) from documents")).scalar() == 1
            n_claims = c.execute(text("select count(*) from claims")).scalar()
        assert n_claims == len(rec["claims"])
        assert store_records(engine, [rec]).unchanged == 1
    finally:
        engine.dispose()


@pytest.mark.slow
def test_ingest_reads_again_what_another_claimledger_extracted(tmp_path, records):
    """A document stored by an older claimledger (another extractor fingerprint) is extracted
    again when it is ingested again, and gets what the new one finds; one this claimledger
    stored is not (its NLP is skipped)."""
    page = EXAMPLES / "estimate-1-kyiv-intelligence.txt"
    rec = next(r for r in records if r["source"]["path"] == str(page))
    old = copy.deepcopy(rec)
    for q in old["quantities"]:
        q["measure"] = None
    db = f"sqlite:///{tmp_path / 'old.db'}"
    engine = open_store(db)
    try:
        assert store_records(engine, [old]).stored == 1
        with engine.begin() as c:
            c.execute(text("update documents set extracted_by = '0.0.1+older'"))
    finally:
        engine.dispose()
    settings = Settings(db_url=db)
    first = ingest([str(page)], settings)
    assert (first.stored, first.updated, first.unchanged) == (0, 1, 0)
    engine = open_store(db)
    try:
        with engine.connect() as c:
            assert c.execute(text("select count(measure_key) from quantities")).scalar() > 0
            (by,) = c.execute(text("select extracted_by from documents")).one()
    finally:
        engine.dispose()
    from claimledger.fingerprint import extractor
    assert by == extractor()
    again = ingest([str(page)], settings)
    assert (again.stored, again.updated, again.unchanged) == (0, 0, 1)


def test_rejected_documents_are_listed_with_their_reason(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02PK\x03\x04" * 100)
    (folder / "docs.jsonl").write_text('{"text": 5}\n', encoding="utf-8")
    db = f"sqlite:///{tmp_path / 'l.db'}"
    rep = ingest([str(folder)], Settings(db_url=db))
    assert len(rep.failed) == 3 and rep.stored == 0
    res = CliRunner().invoke(main, ["rejected", "--db", db, "--format", "json"])
    assert res.exit_code == 0, res.output
    import json
    rows = json.loads(res.output)
    assert sorted(os.path.basename(r["name"]) for r in rows) == ["binary.txt", "docs.jsonl", "empty.txt"]
    reasons = {os.path.basename(r["name"]): (r["kind"], r["reason"]) for r in rows}
    assert reasons["empty.txt"] == ("EmptyInputError", "the document is empty")
    assert "binary" in reasons["binary.txt"][1] and "line 1" in reasons["docs.jsonl"][1]
    table = CliRunner().invoke(main, ["rejected", "--db", db])
    assert table.exit_code == 0 and "empty.txt" in table.output
