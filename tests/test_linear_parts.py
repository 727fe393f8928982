"""The views that keep extraction linear in a page's length (nlp/views.py) give exactly what
spaCy's own scans give (the timing itself is bench/linear.py's job), and the per-document
time limit fails only the slow document."""
import time

import spacy
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.tokens import Span

from claimledger.nlp.views import doc_ents, doc_text, span_ents
from claimledger.pipeline import default_pipeline
from claimledger.records import Record, Source
from claimledger.settings import Settings
from claimledger.stages import Stage

_BLANK = spacy.blank("en")


@settings(max_examples=200, deadline=None)
@given(n=st.integers(1, 30), cuts=st.lists(st.integers(0, 30), max_size=12), a=st.integers(0, 30),
       b=st.integers(0, 30))
def test_views_entities_match_spacy(n, cuts, a, b):
    doc = _BLANK(" ".join(f"w{i}" for i in range(n)))
    bounds = sorted({c for c in cuts if c <= n})
    doc.ents = [Span(doc, s, e, "X") for s, e in zip(bounds[::2], bounds[1::2]) if s < e]
    a, b = sorted((min(a, n), min(b, n)))
    span = doc[a:b]
    assert [(e.start, e.end) for e in span_ents(span)] == [(e.start, e.end) for e in span.ents]
    assert [(e.start, e.end) for e in doc_ents(doc)] == [(e.start, e.end) for e in doc.ents]
    assert doc_text(doc) == doc.text


class _Slow(Stage):
    name = "slow_for_test"

    def process(self, record):
        if "slow" in record.text:
            end = time.monotonic() + 5
            while time.monotonic() < end:
                pass
        return record


def test_time_limit_fails_only_the_slow_document():
    pipeline = default_pipeline(Settings(max_seconds=1), ["segment"])
    pipeline.stages.append(_Slow(Settings()))
    docs = [Record(text=f"Report\n\nThe {w} text.\n", source=Source(path=f"{w}.txt")) for w in ("a", "slow", "b")]
    outs = pipeline.run(docs)
    assert [o.error is None for o in outs] == [True, False, True]
    assert "slow.txt" in str(outs[1].error) and "max_seconds" in str(outs[1].error)
    assert [o.record.source.path for o in (outs[0], outs[2])] == ["a.txt", "b.txt"]


class _Sp:
    def __init__(self, start, end):
        self.start, self.end = start, end


@settings(max_examples=300, deadline=None)
@given(pairs=st.lists(st.tuples(st.integers(0, 40), st.integers(0, 40)), max_size=15),
       lo=st.integers(-2, 42), hi=st.integers(-2, 42), at=st.integers(-2, 42))
def test_span_index_matches_plain_scan(pairs, lo, hi, at):
    from claimledger.extract.span_index import SpanIndex, span_index
    spans = [_Sp(a, b) for a, b in pairs]  # overlapping, nested, empty and reversed spans alike
    index = SpanIndex(spans)
    assert index.starting_in(lo, hi) == [i for i, s in enumerate(spans) if lo <= s.start < hi]
    assert list(index.holding(at)) == [i for i, s in enumerate(spans) if s.start <= at < s.end]
    assert span_index(spans).holding(at) == index.holding(at)


def test_span_index_sees_a_grown_list():
    from claimledger.extract.span_index import span_index
    spans = [_Sp(0, 5)]
    assert span_index(spans).holding(7) == ()
    spans.append(_Sp(6, 9))
    assert span_index(spans).holding(7) == (1,)
