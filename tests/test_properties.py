"""Property tests and a bounded fuzz run: whatever text or bytes come in, the result is a
record that validates (every span inside the text) or a clean ClaimledgerError naming the
document, never a crash and never an "internal error"."""
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimledger.errors import ClaimledgerError
from claimledger.ingest.readers import Limits, records_from_bytes
from claimledger.records import Source
from claimledger.schema import validation_errors

WORDS = ["The", "mayor", "said", "officials", "Kyiv", "Kharkiv", "on", "Monday", "12", "people", "were",
         "killed", "according", "to", "police", "\u201c", "\u201d", '"', "''", ",", ".", "\n", "\n\n", "about",
         "3,000", "troops", "told", "Reuters", "-", "March", "4", "2025", "%", "_", "[bold]", "\x1b[2J",
         "\u202e", "\x00", "\ufffd", "Oblast", "Moscow", "claimed", "might", "not", "\t", "(", ")", "Mr."]
news_text = st.lists(st.sampled_from(WORDS), max_size=60).map(" ".join) | st.text(max_size=300)


def _check_outcome(out, name):
    if out.error is not None:
        assert isinstance(out.error, ClaimledgerError)
        assert "internal error" not in str(out.error), out.error
        return
    rec = out.record.to_json()
    assert validation_errors(rec) == []
    for seg in rec["segments"]:
        assert 0 <= seg["start"] <= seg["end"] <= len(rec["text"])


@pytest.mark.slow
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(body=news_text, headline=st.text(max_size=40))
def test_property_any_text_gives_a_valid_record_or_a_clean_error(pipeline, body, headline):
    data = f"{headline}\n\n{body}\n".encode("utf-8", "surrogatepass")
    try:
        records = list(records_from_bytes(data, "prop.txt", Source(path="prop.txt"), {}))
    except ClaimledgerError as exc:
        assert "prop.txt" in str(exc)
        return
    for out in pipeline.run(records):
        _check_outcome(out, "prop.txt")


# ------------------------------------------------------------------ a bounded fuzz run of the readers
def _read_all(data: bytes, name: str):
    errors: list = []
    try:
        recs = list(records_from_bytes(data, name, Source(path=name), {}, errors=errors,
                                       limits=Limits(max_depth=50)))
    except ClaimledgerError as exc:
        assert name in str(exc)
        return
    for r in recs:
        assert isinstance(r.text, str) and r.text.strip()
        assert "\x00" not in r.text
        for s in r.segments:
            assert 0 <= s.start <= s.end <= len(r.text)
    assert all(isinstance(e, ClaimledgerError) for e in errors)


html_bits = st.sampled_from(["<p>", "</p>", "<div>", "</div>", "<html>", "<body>", "<title>", "</title>",
                             "<script>", "</script>", "<!--", "-->", "<figcaption>", "<time datetime='2025-01-02'>",
                             "<meta charset='utf-8'>", "<h1>", "&amp;", "&#0;", "<br/>", "<article>",
                             '<script type="application/ld+json">{"@type": "NewsArticle", "headline": ',
                             "The mayor said the bridge reopened.", "\x00", "\xff", "<"])


@settings(max_examples=100, deadline=None)
@given(data=st.binary(max_size=600))
def test_fuzz_text_reader_bytes(data):
    _read_all(data, "fuzz.txt")


@settings(max_examples=50, deadline=None)
@given(parts=st.lists(html_bits, max_size=40))
def test_fuzz_html_reader(parts):
    _read_all("".join(parts).encode("utf-8", "replace"), "fuzz.html")


json_values = st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=20),
                           lambda kids: st.lists(kids, max_size=3) | st.dictionaries(st.text(max_size=5), kids,
                                                                                    max_size=3), max_leaves=12)


@settings(max_examples=60, deadline=None)
@given(lines=st.lists(st.dictionaries(st.sampled_from(["text", "url", "published", "outlet", "title", "x"]),
                                      json_values | st.text(max_size=80), max_size=5)
                      .map(json.dumps) | st.text(max_size=60), max_size=6))
def test_fuzz_jsonl_reader(lines):
    _read_all("\n".join(lines).encode("utf-8", "surrogatepass"), "fuzz.jsonl")
