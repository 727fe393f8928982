"""What used to vanish in silence now says so or is kept: a bad --published, a JSON
Lines line's title and date, a stage run without the parse, the tuning settings."""
import json

import pytest

from claimledger.api import extract
from claimledger.errors import ConfigError, InputError, PipelineError
from claimledger.extract.times import tag_times
from claimledger.ingest.readers import read_jsonl
from claimledger.records import DocumentMeta, Record, Source
from claimledger.settings import Settings, load_settings


@pytest.mark.parametrize("bad", ["yesterday", "31/31/2025", "2025-13-45"])
def test_api_bad_published_is_a_clear_error(tmp_path, bad):
    page = tmp_path / "p.txt"
    page.write_text("Shelling hit the town on Monday, officials said.\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"--published .* is not a date"):
        list(extract([str(page)], Settings(), published=bad))


def test_readers_jsonl_keeps_the_title_and_names_a_bad_date():
    lines = [json.dumps({"text": "Rain fell on the port town on Monday.", "title": "Storm over the port"}),
             json.dumps({"text": "Drones flew over the plant.", "published": "last week"})]
    errors: list = []
    recs = list(read_jsonl("\n".join(lines), "feed.jsonl", {}, errors))
    assert [r.hints.get("title") for r in recs] == ["Storm over the port"]
    assert len(errors) == 1 and isinstance(errors[0], InputError)
    assert "line 2" in str(errors[0]) and "feed.jsonl" in str(errors[0]) and "last week" in str(errors[0])


def test_metadata_jsonl_title_is_the_documents_title():
    from claimledger.segment.metadata import read_metadata
    meta = read_metadata("Rain fell on the port town.\n", [], {"title": "Storm over the port"})
    assert meta.title == "Storm over the port"


def test_records_parsed_without_the_nlp_stage_is_a_pipeline_error():
    rec = Record(text="Plain words.", source=Source(path="a.txt"))
    with pytest.raises(PipelineError, match=r"a\.txt: .*nlp stage has not run"):
        rec.parsed()


@pytest.mark.parametrize("slack, value", [(60, "2024-12-20"), (0, "2025-12-20")])
def test_times_year_slack_is_a_setting(monkeypatch, slack, value):
    """ "on Dec. 20" read on Jan. 31 with a future tense: a date 42 days back is kept within
    the default 60 days of slack, and moved to the next year with none."""
    rec = Record(text="Talks resume on Dec. 20.", document=DocumentMeta(published="2025-01-31"))
    from claimledger.extract.times import engine
    monkeypatch.setattr(engine, "sentence_direction", lambda record, start: 1)  # a future tense, no parse
    got = tag_times(rec, Settings(time_year_slack_days=slack))
    assert [t.value for t in got] == [value]


def test_settings_floats_read_from_the_environment(monkeypatch):
    monkeypatch.setenv("CLAIMLEDGER_EVENT_NEAR_KM", "12.5")
    assert load_settings().event_near_km == 12.5
    monkeypatch.setenv("CLAIMLEDGER_EVENT_NEAR_KM", "far")
    with pytest.raises(ConfigError, match="event_near_km"):
        load_settings()
