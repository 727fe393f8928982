import copy
import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import create_engine, text

from claimledger.errors import RecordError
from claimledger.store import open_store, store_records
from claimledger.store.queries import find_claims, load_record, summarize
from tests.conftest import EXAMPLES, postgres_url


@pytest.fixture(scope="module")
def records(pipeline):
    from claimledger.ingest import read_document
    recs = [read_document(str(p), max_bytes=10**7) for p in sorted(EXAMPLES.glob("*.txt"))]
    return [o.record.to_json() for o in pipeline.run(recs)]


@pytest.mark.slow
def test_store_idempotent_and_sources_remembered(db_url, records):
    engine = open_store(db_url)
    first = store_records(engine, records)
    assert first.stored == len(records)
    again = store_records(engine, records)
    assert (again.stored, again.unchanged) == (0, len(records))
    moved = copy.deepcopy(records[0])
    moved["source"]["path"] = "elsewhere.txt"
    store_records(engine, [moved])
    s = summarize(engine)
    assert s.counts["documents"] == len(records)
    assert any(len(d["sources"]) == 2 for d in s.documents)
    assert s.counts["claims"] == sum(len(r["claims"]) for r in records)


@pytest.mark.slow
def test_store_failed_batch_leaves_earlier_batches(db_url, records):
    engine = open_store(db_url)
    store_records(engine, records[:1])
    broken = copy.deepcopy(records[1])
    del broken["claims"][0]["quote"]
    with pytest.raises(RecordError, match="quote"):
        store_records(engine, [records[2], broken])
    assert summarize(engine).counts["documents"] == 1


@pytest.mark.slow
def test_store_claims_query(db_url, records):
    engine = open_store(db_url)
    store_records(engine, records)
    anonymous = find_claims(engine, anonymous=True, limit=None)
    assert anonymous.total == len(anonymous) > 0 and all(r.claimant.anonymous for r in anonymous)
    by = find_claims(engine, by="Syniehubov")
    assert by.rows and all(r.claimant.name == "Oleh Syniehubov" for r in by)


@pytest.mark.slow
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(title=st.text(min_size=1, max_size=40), body=st.text(min_size=1, max_size=200))
def test_store_round_trip_property(tmp_path_factory, records, title, body):
    """store -> load gives back the record as extracted, whatever text it holds."""
    rec = copy.deepcopy(records[0])
    rec["document"]["title"] = title
    rec["text"] = body
    rec["source"]["sha256"] = format(abs(hash((title, body))), "064x")[-64:]
    engine = open_store(f"sqlite:///{tmp_path_factory.mktemp('rt') / 'l.db'}")
    store_records(engine, [rec])
    assert load_record(engine, rec["source"]["sha256"]) == rec


def _postgres_reachable() -> str | None:
    try:
        with create_engine(postgres_url()).connect() as c:
            c.execute(text("select 1"))
        return None
    except Exception as exc:  # noqa: BLE001
        return f"no PostgreSQL server at {postgres_url()}: {exc.__class__.__name__}"


@pytest.mark.slow
@pytest.mark.postgres
def test_store_postgres(records):
    reason = _postgres_reachable()
    if reason:
        pytest.skip(reason)
    # a schema of its own, so the test neither sees nor touches anything else in the database
    schema = f"claimledger_test_{os.getpid()}"
    admin = create_engine(postgres_url())
    with admin.begin() as c:
        c.execute(text(f"drop schema if exists {schema} cascade"))
        c.execute(text(f"create schema {schema}"))
    sep = "&" if "?" in postgres_url() else "?"
    engine = open_store(f"{postgres_url()}{sep}options=-csearch_path%3D{schema}")
    try:
        assert store_records(engine, records).stored == len(records)
        assert store_records(engine, records).unchanged == len(records)
        assert summarize(engine).counts["documents"] == len(records)
        with engine.connect() as c:
            assert c.execute(text("select current_schema()")).scalar() == schema
    finally:
        engine.dispose()
        with admin.begin() as c:
            c.execute(text(f"drop schema if exists {schema} cascade"))
        admin.dispose()


@pytest.mark.filterwarnings("ignore:Skipped unsupported reflection of expression-based index")
def test_store_migrations_match_the_models(db_url):
    """Alembic's migrations build exactly the tables the models describe (no change left unmigrated)."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from claimledger.store.fulltext import modelled
    from claimledger.store.models import Base
    engine = open_store(db_url)
    try:
        with engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn, opts={"include_object": modelled}), Base.metadata)
    finally:
        engine.dispose()
    assert diff == []
