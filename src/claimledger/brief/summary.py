"""The brief's one-paragraph summary, extractive: each sentence is either a span of a source
quoted word for word, with its outlet, or a fixed frame ("X moved from A to B") filled only with
values the ledger holds; each carries the ids of the ledger items it rests on, and none
says anything the items do not."""
from __future__ import annotations

from dataclasses import dataclass, field

from claimledger.brief.audio import Audio
from claimledger.store.changes import Changes, EstimateChange, EventChange, Figure, LinkChange
from claimledger.store.results import Row

#: how many items of each kind the summary names (the sections below list them all)
SUMMARY_EVENTS = 2
SUMMARY_ESTIMATES = 2
SUMMARY_LINKS = 1


@dataclass
class SummarySentence(Row):
    """One sentence of the summary and the ids of the ledger items it comes from."""

    text: str
    uids: list[str]


@dataclass
class Brief(Row):
    """A brief: the changes and the summary built from them."""

    changes: Changes
    summary: list[SummarySentence] = field(default_factory=list)
    #: the spoken brief, when one was made
    audio: Audio | None = None


def number(value: float | None) -> str:
    """A count as people write it (3,000; 2.5)."""
    if value is None:
        return "?"
    return f"{int(value):,}" if float(value).is_integer() else f"{value:,}"


def figure_range(f: Figure) -> str:
    """A figure's range: "40", "40-65", "about 40", "at least 40"."""
    if f.low is not None and f.high is not None and f.low != f.high:
        text = f"{number(f.low)}-{number(f.high)}"
    elif f.low is None and f.high is not None:
        text = f"at most {number(f.high)}"
    elif f.high is None and f.low is not None:
        text = f"at least {number(f.low)}"
    else:
        text = number(f.low)
    return f"about {text}" if f.approximate else text


def who(f: Figure) -> str:
    """Who gave a figure: claimant and outlet, as the ledger has them."""
    return ", ".join(x for x in (f.claimant, f.source.outlet) if x) or "unnamed source"


def measure_name(e: EstimateChange) -> str:
    """The measure in words: its subject and measure (else its key), and its place."""
    name = " ".join(x for x in (e.subject, e.measure) if x) or e.key
    return f"{name} ({e.place})" if e.place else name


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def _lead(ch: Changes) -> SummarySentence:
    c = ch.counts
    outlets = list(dict.fromkeys(d.outlet for d in ch.documents if d.outlet))
    claims = [n for g in ch.claims for n in g.claims]
    fresh = sum(1 for n in claims if n.first_reported is None)
    again = c.get("events", 0) - c.get("new_events", 0)
    text = (f"Since {ch.window.since}{f' (before {ch.window.until})' if ch.window.until else ''}, the ledger holds "
            f"{_plural(c.get('documents', 0), 'new document')}"
            f"{' from ' + ', '.join(outlets) if outlets else ''}: {_plural(c.get('claims', 0), 'claim')} "
            f"({fresh} new), {_plural(c.get('events', 0), 'event')} ({c.get('new_events', 0)} new, {again} "
            f"reported again), {_plural(c.get('changed_estimates', 0), 'changed estimate')}, "
            f"{_plural(c.get('contradictions', 0), 'contradiction')} and "
            f"{_plural(c.get('corroborations', 0), 'corroboration')}.")
    return SummarySentence(text, [d.sha256 for d in ch.documents])


def _event(e: EventChange) -> SummarySentence:
    label = "New" if e.new else f"Reported again (first seen {(e.first_seen or '?')[:10]})"
    return SummarySentence(f"{label}: \u201c{e.source.text}\u201d ({e.source.outlet or 'no outlet'}).",
                           [e.uid, e.source.uid])


def _estimate(e: EstimateChange) -> SummarySentence:
    last = e.new[-1]
    assert e.old is not None
    return SummarySentence(f"{measure_name(e)[:1].upper()}{measure_name(e)[1:]} moved from {figure_range(e.old)} "
                           f"({who(e.old)}) to {figure_range(last)} ({who(last)}).",
                           [e.old.source.uid, *(f.source.uid for f in e.new)])


def _link(lk: LinkChange) -> SummarySentence:
    verb = {"denies": "denies", "contradicts": "contradicts", "corroborates": "corroborates"}[lk.kind]
    return SummarySentence(f"{lk.b.speaker} ({lk.b.source.outlet or 'no outlet'}) {verb} {lk.a.speaker} "
                           f"({lk.a.source.outlet or 'no outlet'}): {lk.reason}.", [lk.a.uid, lk.b.uid])


def summarize(ch: Changes) -> list[SummarySentence]:
    """The summary's sentences: the counts, then the best-sourced new events (else claims), the changed
    estimates and the first contradiction, each quoted or framed from the ledger's own values."""
    out = [_lead(ch)]
    if not ch.documents:
        return out
    events: list[EventChange] = []
    for e in sorted(ch.events, key=lambda e: (not e.new, -e.sources, -len(e.source.text), e.start or "")):
        if len(events) < SUMMARY_EVENTS and all((x.type, x.place) != (e.type, e.place) for x in events):
            events.append(e)  # one sentence per kind of event and place: the most reported, most fully told
    out += [_event(e) for e in events]
    if not events:
        claims = [n for g in ch.claims for n in g.claims if n.first_reported is None][:SUMMARY_EVENTS]
        out += [SummarySentence(f"\u201c{n.source.text}\u201d ({n.source.outlet or 'no outlet'}).",
                                [n.claim.uid]) for n in claims]
    out += [_estimate(e) for e in ch.estimates if e.changed][:SUMMARY_ESTIMATES]
    out += [_link(lk) for lk in ch.contradictions[:SUMMARY_LINKS]]
    return out


def build_brief(ch: Changes) -> Brief:
    """The brief of these changes: them and their summary."""
    return Brief(ch, summarize(ch))
