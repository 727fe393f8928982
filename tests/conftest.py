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
