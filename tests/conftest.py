"""Shared fixtures: the pipeline is built once per test session (the model loads once)."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from claimledger.pipeline import Pipeline, default_pipeline
from claimledger.records import Record, Source
from claimledger.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def pipeline() -> Pipeline:
    return default_pipeline(Settings())


@pytest.fixture(scope="session")
def run(pipeline):
    """Extract one text: ``run(text, published="2025-01-31T13:02")`` -> Record."""
    def _run(text: str, published: str | None = None, outlet: str | None = None) -> Record:
        hints = {k: v for k, v in (("published", published), ("outlet", outlet)) if v}
        out = pipeline.run([Record(text=text, source=Source(path="<test>"), hints=hints)])[0]
        assert out.error is None, out.error
        return out.record
    return _run


@pytest.fixture
def db_url(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'ledger.db'}"


def postgres_url() -> str:
    return os.environ.get("CLAIMLEDGER_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


@pytest.fixture(scope="session")
def run_body(run):
    """Extract a sentence as the body of a page (a page's first line is its headline)."""
    def _run(sentence: str, published: str | None = None) -> Record:
        return run("Report\n\n" + sentence + "\n", published=published)
    return _run


def postgres_unreachable() -> str | None:
    """Why the PostgreSQL test server cannot be used, or None when it answers."""
    from sqlalchemy import create_engine, text
    try:
        engine = create_engine(postgres_url())
        with engine.connect() as c:
            c.execute(text("select 1"))
        engine.dispose()
        return None
    except Exception as exc:  # noqa: BLE001 - any failure to connect means: no server to test on
        return f"no PostgreSQL server answers at {postgres_url()}: {exc.__class__.__name__}"


@pytest.fixture(params=["sqlite", "postgresql"])
def ledger_url(request, tmp_path):
    """A fresh, empty ledger URL on each backend: SQLite in a temporary folder, PostgreSQL in a
    schema of its own (dropped afterwards), skipped with the reason when no server answers."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'ledger.db'}"
        return
    reason = postgres_unreachable()
    if reason:
        pytest.skip(reason)
    from sqlalchemy import create_engine, text
    schema = f"cl_test_{os.getpid()}_{abs(hash(request.node.nodeid)) % 10**8}"
    admin = create_engine(postgres_url())
    with admin.begin() as c:
        c.execute(text(f"drop schema if exists {schema} cascade"))
        c.execute(text(f"create schema {schema}"))
    sep = "&" if "?" in postgres_url() else "?"
    yield f"{postgres_url()}{sep}options=-csearch_path%3D{schema}"
    with admin.begin() as c:
        c.execute(text(f"drop schema if exists {schema} cascade"))
    admin.dispose()


#: an article written to attack the desk: markup that would run if it were not escaped
HOSTILE_ARTICLE = (
    "Officials report drone attack <script>alert('headline')</script>\n\n"
    "KYIV (Hostile Wire) - Ukraine's air force said on Monday that 12 drones were shot down "
    "over the capital <img src=x onerror=alert('img')> overnight.\n\n"
    "\"The city held,\" the mayor said <svg onload=alert('svg')></svg> in a statement "
    "<a href=\"javascript:alert('link')\">read more</a>.\n"
)


@pytest.fixture(scope="session")
def desk_db(tmp_path_factory, pipeline) -> str:
    """A SQLite ledger of the example articles, the ledger test articles (one statement from
    three outlets, a president in three spellings) and one hostile article, built once."""
    from claimledger.ingest import read_document
    from claimledger.records import Record, Source
    from claimledger.store import open_store, store_records
    from tests.ledger_articles import ARTICLES
    folder = tmp_path_factory.mktemp("desk")
    hostile = folder / "hostile-article.txt"
    hostile.write_text(HOSTILE_ARTICLE, encoding="utf-8")
    paths = [*sorted(EXAMPLES.glob("*.txt")), hostile]
    records = [read_document(str(p), max_bytes=10**7, hints={"published": "2025-01-20"}) for p in paths]
    records += [Record(text=t, source=Source(path=f"wire-{i}.txt"), hints={"published": day})
                for i, (t, day) in enumerate(ARTICLES)]
    outcomes = pipeline.run(records)
    assert all(o.error is None for o in outcomes), [o.error for o in outcomes if o.error]
    url = f"sqlite:///{folder / 'desk.db'}"
    engine = open_store(url)
    store_records(engine, [o.record.to_json() for o in outcomes])
    engine.dispose()
    return url
