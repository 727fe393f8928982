"""Parallel and distributed ingest give the ledger a single process gives; known texts skip the NLP."""
from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterable, Iterator
from concurrent.futures import Future

import pytest
from sqlalchemy import create_engine, text

from claimledger import api
from claimledger.errors import ConfigError
from claimledger.parallel import Extracted, SerialExecutor, WorkerError, _bounded, make_executor
from claimledger.records import Record
from claimledger.settings import Settings
from tests.conftest import EXAMPLES, postgres_url

TABLES = ("documents", "document_sources", "segments", "times", "places", "quantities", "claims", "events",
          "event_claims")


def ledger(url: str) -> tuple[dict[tuple[int, str], object], dict[str, int]]:
    """The stored records by document id and text hash, and the row count of every table."""
    engine = create_engine(url)
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT id, sha256, record FROM documents")).all()
        counts = {t: conn.execute(text(f"SELECT count(*) FROM {t}")).scalar_one() for t in TABLES}
    engine.dispose()
    return {(i, h): json.loads(r) if isinstance(r, str) else r for i, h, r in rows}, counts


@pytest.fixture
def pg_or_sqlite(tmp_path) -> Iterator[str]:
    """A PostgreSQL URL in a schema of its own when a server answers, else a SQLite file."""
    try:
        admin = create_engine(postgres_url())
        with admin.begin() as c:
            schema = f"claimledger_dask_{os.getpid()}"
            c.execute(text(f"drop schema if exists {schema} cascade"))
            c.execute(text(f"create schema {schema}"))
    except Exception:  # noqa: BLE001 - no server: the same check on SQLite
        yield f"sqlite:///{tmp_path / 'dask.db'}"
        return
    sep = "&" if "?" in postgres_url() else "?"
    yield f"{postgres_url()}{sep}options=-csearch_path%3D{schema}"
    with admin.begin() as c:
        c.execute(text(f"drop schema if exists {schema} cascade"))
    admin.dispose()


@pytest.fixture
def pages(tmp_path):
    folder = tmp_path / "pages"
    folder.mkdir()
    for p in sorted(EXAMPLES.glob("*.txt")):
        shutil.copy(p, folder / p.name)
    (folder / "zz-empty.txt").write_text("   \n")
    return folder


@pytest.mark.slow
def test_two_workers_store_the_ledger_one_process_stores(tmp_path, pages):
    one = Settings(db_url=f"sqlite:///{tmp_path / 'one.db'}")
    two = Settings(db_url=f"sqlite:///{tmp_path / 'two.db'}")
    rep1 = api.ingest([str(pages)], one)
    rep2 = api.ingest([str(pages)], two, workers=2)
    n = len(list(EXAMPLES.glob("*.txt")))
    assert (rep1.stored, rep2.stored) == (n, n)
    assert [e.source for e in rep1.failed] == [e.source for e in rep2.failed] == [str(pages / "zz-empty.txt")]
    assert ledger(one.db_url) == ledger(two.db_url)


class RecordingExecutor(SerialExecutor):
    """Runs the pipeline here and remembers which documents reached it."""

    def __init__(self, settings: Settings) -> None:
        super().__init__(settings)
        self.seen: list[str | None] = []

    def map(self, batches: Iterable[list[Record]]) -> Iterator[list[Extracted]]:
        for batch in batches:
            self.seen += [r.source.path for r in batch]
            yield from super().map([batch])


@pytest.mark.slow
def test_a_text_already_stored_skips_the_nlp_and_keeps_its_new_source(tmp_path, pages):
    settings = Settings(db_url=f"sqlite:///{tmp_path / 'l.db'}")
    first = RecordingExecutor(settings)
    api.ingest([str(pages)], settings, executor=first)
    assert len(first.seen) == len(list(EXAMPLES.glob("*.txt")))
    again = tmp_path / "again"
    again.mkdir()
    shutil.copy(pages / "press-release-red-cross.txt", again / "copy-of-release.txt")
    (again / "new-page.txt").write_text("Ceasefire holds\n\nThe ceasefire held overnight, officials said on "
                                        "Sunday, and no shelling was reported.\n")
    second = RecordingExecutor(settings)
    seen: list[Extracted] = []
    rep = api.ingest([str(again)], settings, executor=second, on_outcome=seen.append)
    assert second.seen == [str(again / "new-page.txt")]
    assert (rep.stored, rep.unchanged) == (1, 1)
    assert [r.known for r in seen if r.name.endswith("copy-of-release.txt")] == [True]
    engine = create_engine(settings.db_url)
    with engine.connect() as conn:
        paths = conn.execute(text("SELECT path FROM document_sources WHERE path LIKE '%release%'")).scalars()
        assert sorted(p.rsplit("/", 1)[-1] for p in paths) == ["copy-of-release.txt", "press-release-red-cross.txt"]
    engine.dispose()


def test_count_documents_is_known_for_pages_only(tmp_path, pages):
    assert api.count_documents([str(pages)]) == len(list(EXAMPLES.glob("*.txt"))) + 1
    (tmp_path / "feed.jsonl").write_text('{"text": "a"}\n{"text": "b"}\n')
    assert api.count_documents([str(pages), str(tmp_path / "feed.jsonl")]) is None
    assert api.count_documents(["-"]) is None


def test_no_workers_is_refused():
    with pytest.raises(ConfigError, match="at least 1"):
        make_executor(Settings(), workers=0)


@pytest.mark.slow
def test_a_dask_cluster_of_two_workers_stores_the_ledger_one_process_stores(tmp_path, pages, pg_or_sqlite):
    distributed = pytest.importorskip("distributed", reason="dask.distributed is not installed")
    one = Settings(db_url=f"sqlite:///{tmp_path / 'one.db'}")
    api.ingest([str(pages)], one)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster:
        rep = api.ingest([str(pages)], Settings(db_url=pg_or_sqlite), dask=cluster.scheduler_address)
    assert rep.stored == len(list(EXAMPLES.glob("*.txt")))
    assert [e.source for e in rep.failed] == [str(pages / "zz-empty.txt")]
    assert ledger(pg_or_sqlite) == ledger(one.db_url)


def test_an_unreachable_dask_scheduler_is_a_clear_error():
    pytest.importorskip("distributed", reason="dask.distributed is not installed")
    with pytest.raises(ConfigError, match="cannot reach the Dask scheduler at tcp://127.0.0.1:9"):
        make_executor(Settings(fetch_timeout=2), dask="tcp://127.0.0.1:9")


def test_a_dead_worker_is_a_worker_error_after_the_results_before_it():
    def submit(batch):
        f: Future = Future()
        if batch == ["bad"]:
            f.set_exception(BrokenPipeError("worker gone"))
        else:
            f.set_result([Extracted(batch[0])])
        return f
    got = []
    with pytest.raises(WorkerError, match="BrokenPipeError: worker gone"):
        for results in _bounded(submit, [["a"], ["b"], ["bad"], ["c"]], in_flight=2):
            got += [r.name for r in results]
    assert got == ["a", "b"]


class FailingAfterOne(SerialExecutor):
    def map(self, batches: Iterable[list[Record]]) -> Iterator[list[Extracted]]:
        it = iter(batches)
        yield from super().map([next(it)])
        raise WorkerError("a worker could not finish a batch")


@pytest.mark.slow
def test_ingest_keeps_what_came_back_before_a_worker_failed(tmp_path, pages):
    settings = Settings(db_url=f"sqlite:///{tmp_path / 'l.db'}", batch_size=2)
    with pytest.raises(WorkerError):
        api.ingest([str(pages)], settings, executor=FailingAfterOne(settings))
    assert ledger(settings.db_url)[1]["documents"] == 2


@pytest.mark.parametrize("batch_size,commit_every,workers", [(8, 64, 2), (4, 64, 3), (16, 16, 2)])
def test_workers_have_work_queued_while_the_writer_stores_a_commit(batch_size, commit_every, workers):
    # the writer stores once it holds commit_every documents; the batches submitted but not yet
    # taken at that moment are what the workers extract meanwhile: at least two each
    from claimledger.parallel import ProcessExecutor
    ex = ProcessExecutor(Settings(batch_size=batch_size, commit_every=commit_every), workers)
    try:
        submitted = []

        def submit(batch):
            submitted.append(batch)
            f: Future = Future()
            f.set_result([Extracted(name) for name in batch])
            return f
        batches = [[f"d{i}-{j}" for j in range(batch_size)] for i in range(40)]
        taken = 0
        for results in _bounded(submit, batches, ex.in_flight):
            taken += len(results)
            if taken >= commit_every:  # the writer stores now
                assert len(submitted) - taken // batch_size >= 2 * workers
                break
    finally:
        ex.close()


def test_one_process_warms_up_before_its_first_batch_and_freezes_what_it_loaded(monkeypatch):
    """The serial executor loads the model and tables with a short page before the first batch
    and moves them out of the garbage collector's view (gc.freeze), once a process; a run with
    no batch loads nothing."""
    import gc

    from claimledger import parallel
    gc.unfreeze()
    monkeypatch.setattr(parallel, "_frozen", False)
    try:
        ex = SerialExecutor(Settings())
        assert list(ex.map([])) == [] and gc.get_freeze_count() == 0
        page = [Record(text="Kyiv\n\nThe governor said on Monday that two people were hurt.\n")]
        got = list(ex.map([page]))
        assert gc.get_freeze_count() > 10_000
        assert got[0][0].record is not None and got[0][0].record["claims"]
        gc.unfreeze()
        list(SerialExecutor(Settings()).map([page]))  # a later ingest in the same process
        assert gc.get_freeze_count() == 0
    finally:
        gc.unfreeze()


def test_ingest_fixes_the_heap_thresholds_of_a_long_run(tmp_path, monkeypatch):
    """An ingest fixes glibc malloc's mmap and trim thresholds (parallel.bound_heap) before it
    reads: a long run's large passing blocks are then given back, not left in a heap that
    fragments. Where the C library is not glibc it does nothing and says so."""
    import ctypes
    import sys

    from claimledger import parallel
    calls: list[tuple[int, int]] = []

    class LibC:
        def mallopt(self, param: int, value: int) -> int:
            calls.append((param, value))
            return 1
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setattr(ctypes, "CDLL", lambda name: LibC())
    assert parallel.bound_heap() is True
    assert calls == [(-3, 4 * 1024 * 1024), (-1, 128 * 1024)]  # M_MMAP_THRESHOLD, M_TRIM_THRESHOLD

    def no_libc(name: str) -> None:
        raise OSError(f"{name}: cannot open shared object file")
    monkeypatch.setattr(ctypes, "CDLL", no_libc)
    assert parallel.bound_heap() is False
    monkeypatch.setattr(sys, "platform", "darwin")
    assert parallel.bound_heap() is False
    monkeypatch.undo()
    seen: list[bool] = []
    monkeypatch.setattr(api, "bound_heap", lambda: seen.append(True) or True)
    (tmp_path / "p.txt").write_text("Report\n\nThe mayor said two people were hurt.\n", encoding="utf-8")
    api.ingest([str(tmp_path / "p.txt")], Settings(db_url=f"sqlite:///{tmp_path / 'l.db'}"))
    assert seen == [True]
