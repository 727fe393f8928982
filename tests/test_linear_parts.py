"""The views that keep extraction linear in a page's length (nlp/views.py) give exactly what
spaCy's own scans give (the timing itself is bench/linear.py's job), and the per-document
time limit fails only the slow document."""
import time

import spacy
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.tokens import Span

from claimledger.nlp.views import doc_ents, doc_text, entity_at, span_ents
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
    for i in range(-1, n + 1):
        found = entity_at(doc, i)
        got = None if found is None else (found.start, found.end)
        assert got == next(((e.start, e.end) for e in doc.ents if e.start <= i < e.end), None)


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
    from claimledger.span_index import SpanIndex, span_index, start_index
    spans = [_Sp(a, b) for a, b in pairs]  # overlapping, nested, empty and reversed spans alike
    index = SpanIndex(spans)
    assert index.starting_in(lo, hi) == [i for i, s in enumerate(spans) if lo <= s.start < hi]
    assert list(index.holding(at)) == [i for i, s in enumerate(spans) if s.start <= at < s.end]
    assert span_index(spans).holding(at) == index.holding(at)
    assert index.overlapping(lo, hi) == [i for i, s in enumerate(spans) if s.start < hi and lo < s.end]
    assert start_index(spans).starting_in(lo, hi) == index.starting_in(lo, hi)
    assert list(index.last_starting_in(lo, hi)) == index.starting_in(lo, hi)[::-1]
    in_order = sorted(spans, key=lambda s: s.start)  # the lazy walk back of a list in order of start
    assert list(SpanIndex(in_order).last_starting_in(lo, hi)) == [
        i for i, s in reversed(list(enumerate(in_order))) if lo <= s.start < hi]


def test_span_index_sees_a_grown_list():
    from claimledger.span_index import span_index
    spans = [_Sp(0, 5)]
    assert span_index(spans).holding(7) == ()
    spans.append(_Sp(6, 9))
    assert span_index(spans).holding(7) == (1,)


def _merge_by_scan(record, events):
    """merge_mentions as it was: every event against every other, every kept one scanned."""
    from claimledger.extract.events import same_event
    out = []
    for ev in events:
        if any(o is not ev and o.type == ev.type and o.start <= ev.start and ev.end <= o.end
               and (o.end - o.start) > (ev.end - ev.start) for o in events):
            continue
        first = next((o for o in out if same_event(record, o, ev)), None)
        if first is None:
            out.append(ev)
        else:
            first.claims = sorted(set(first.claims) | set(ev.claims))
    return out


_WORDS = st.sampled_from(["army", "Army", "police", "rebels", "Kyiv"])
_EVENTS = st.lists(st.fixed_dictionaries({
    "type": st.sampled_from(["ASSAULT", "ACCUSE"]), "mode": st.sampled_from([None, "aerial"]),
    "start": st.integers(0, 12), "length": st.integers(-1, 6), "place": st.sampled_from([0, 2, 1, None]),
    "when": st.sampled_from([None, {"start": "2024-05-01", "end": "2024-05-01"},
                             {"end": "2024-05-01", "start": "2024-05-01"}, {}]),
    "status": st.sampled_from(["occurred", "planned"]), "actors": st.lists(_WORDS, max_size=2),
    "targets": st.lists(_WORDS, max_size=2), "claims": st.lists(st.integers(1, 5), max_size=2)}), max_size=24)


@settings(max_examples=400, deadline=None)
@given(rows=_EVENTS)
def test_events_merge_mentions_matches_plain_scan(rows):
    import copy

    from claimledger.extract.events import merge_mentions
    from claimledger.records import Event, Place
    record = Record(text="", places=[Place(text=n, start=0, end=1, name=n, country=None, feature="city",
                                           lat=None, lon=None) for n in ("Kyiv", "Odesa", "Kyiv")])
    events = [Event(type=r["type"], mode=r["mode"], text="", start=r["start"], end=r["start"] + r["length"],
                    actors=r["actors"], targets=r["targets"], place=r["place"],
                    when=copy.deepcopy(r["when"]), status=r["status"], claims=r["claims"]) for r in rows]
    twin = copy.deepcopy(events)
    got, want = merge_mentions(record, events), _merge_by_scan(record, twin)
    def positions(kept, of):
        return [next(i for i, x in enumerate(of) if x is e) for e in kept]
    assert positions(got, events) == positions(want, twin)
    assert [e.claims for e in got] == [e.claims for e in want]


@settings(max_examples=200, deadline=None)
@given(pairs=st.lists(st.tuples(st.integers(0, 30), st.integers(0, 30)), max_size=20), at=st.integers(-2, 32))
def test_records_segment_at_matches_plain_scan(pairs, at):
    from claimledger.records import Segment
    record = Record(text="x" * 30, segments=[Segment("body", a, b) for a, b in pairs])
    want = next((s for s in record.segments if s.start <= at < s.end), None)
    assert record.segment_at(at) is want


@settings(max_examples=200, deadline=None)
@given(rows=st.lists(st.tuples(st.integers(0, 20), st.sampled_from(["UA", "RU"]), st.sampled_from([None, "UA.1"]),
                               st.sampled_from([0.5, 1.0, 0.1]), st.booleans()), max_size=12),
       lo=st.integers(0, 22), hi=st.integers(0, 22), demonyms_count=st.booleans())
def test_places_context_of_a_sentence_matches_plain_scan(rows, lo, hi, demonyms_count):
    from claimledger.extract.places import Signal, context_of
    signals = [Signal(*r) for r in rows]
    countries: dict[str, float] = {}
    regions: dict[str, float] = {}
    for sig in signals:  # the scan context_of made of every signal for every sentence
        if lo <= sig.start < hi and not (sig.demonym and not demonyms_count):
            countries[sig.country] = countries.get(sig.country, 0.0) + sig.weight
            if sig.region:
                regions[sig.region] = regions.get(sig.region, 0.0) + sig.weight
    got = context_of(signals, (lo, hi), demonyms_count=demonyms_count)
    total_c, total_r = sum(countries.values()) + 2, sum(regions.values()) + 2
    assert got.countries == {c: n / total_c for c, n in countries.items()}
    assert got.regions == {r: n / total_r for r, n in regions.items()}


@settings(max_examples=300, deadline=None)
@given(pairs=st.lists(st.tuples(st.integers(0, 30), st.integers(0, 8)), max_size=20))
def test_times_taken_matches_plain_scan(pairs):
    from claimledger.extract.times.engine import _Taken
    taken, plain = _Taken(), []
    for start, length in pairs:  # the engine chooses an expression only when it overlaps none chosen
        end = start + length
        want = any(s < end and start < e for s, e in plain)
        assert taken.overlaps(start, end) == want
        if not want:
            taken.add(start, end)
            plain.append((start, end))


@settings(max_examples=300, deadline=None)
@given(rows=st.lists(st.tuples(st.integers(0, 30), st.integers(1, 6), st.sampled_from(["DATE", "TIME", "DURATION"]),
                               st.sampled_from(["2024-05-01", "2024-05-03", "2024-05", "PXD", "2024-05-02T10:00"])),
                     max_size=12),
       cuts=st.lists(st.integers(0, 40), max_size=6), anchor=st.sampled_from([None, "2024-05-02"]),
       near=st.integers(0, 40))
def test_claim_context_saying_date_matches_plain_scan(rows, cuts, anchor, near):
    from claimledger.extract.claim_context import saying_date
    from claimledger.records import TimeExpr
    times = [TimeExpr(text="x", start=s, end=s + n, type=t, value=v) for s, n, t, v in rows]
    bounds = sorted(cuts)
    ranges = list(zip(bounds[::2], bounds[1::2]))
    best = None
    for t in times:  # the scan of every time of the page it replaces
        if t.type not in ("DATE", "TIME") or not t.value[:4].isdigit():
            continue
        if not any(s <= t.start and t.end <= e for s, e in ranges):
            continue
        if anchor and t.value[:10] > anchor[:10] and len(t.value) >= 10:
            continue
        if best is None or abs(t.start - near) < best[0]:
            best = (abs(t.start - near), t)
    value = None if best is None else best[1].value
    want = value[:10] if value and len(value) >= 10 and value[4] == "-" and value[7:8] == "-" else value
    assert saying_date(Record(text="x" * 40, times=times), ranges, anchor, near) == want


@settings(max_examples=200, deadline=None)
@given(n=st.integers(1, 30), cuts=st.lists(st.integers(0, 30), max_size=12),
       labels=st.lists(st.sampled_from(["PERSON", "ORG"]), min_size=6, max_size=6), chars=st.integers(1, 60))
def test_event_roles_last_person_before_matches_plain_scan(n, cuts, labels, chars):
    from claimledger.extract.event_roles import last_person_before
    doc = _BLANK(" ".join(f"w{i}" for i in range(n)))
    bounds = sorted({c for c in cuts if c <= n})
    doc.ents = [Span(doc, s, e, labels[k % 6]) for k, (s, e) in enumerate(zip(bounds[::2], bounds[1::2])) if s < e]
    for tok in doc:
        people = [e for e in doc.ents if e.label_ == "PERSON" and e.end <= tok.i and tok.idx - e.start_char < chars]
        found = last_person_before(doc, tok, chars)
        got = None if found is None else (found.start, found.end)
        assert got == ((people[-1].start, people[-1].end) if people else None)
