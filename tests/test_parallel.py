"""Parallel and distributed ingest give the ledger a single process gives; known texts skip the NLP."""
from __future__ import annotations

import shutil
from collections.abc import Iterable, Iterator

import pytest
from sqlalchemy import create_engine, text

from claimledger import api
from claimledger.errors import ConfigError
from claimledger.parallel import Extracted, SerialExecutor, make_executor
from claimledger.records import Record
from claimledger.settings import Settings
from tests.conftest import EXAMPLES

TABLES = ("documents", "document_sources", "segments", "times", "places", "quantities", "claims", "events")


def ledger(url: str) -> tuple[dict[str, object], dict[str, int]]:
    """The stored records by text hash, and the row count of every table."""
    engine = create_engine(url)
    with engine.connect() as conn:
        records = dict(conn.execute(text("SELECT sha256, record FROM documents")).all())
        counts = {t: conn.execute(text(f"SELECT count(*) FROM {t}")).scalar_one() for t in TABLES}
    engine.dispose()
    return records, counts


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
