"""The resolution layer, written with each batch: places with their divisions, claimants
as entities, reports as statements, denials and agreements between claims, events as
clusters. Each step reads only the candidates its blocking keys give (an index lookup),
so a batch costs the same on a ledger of ten documents or of ten thousand, and a
document stored again (same text) is not resolved again.
"""
from __future__ import annotations

from typing import Any, NamedTuple

from sqlalchemy import Integer, bindparam, func, insert, select
from sqlalchemy.orm import Session

from claimledger.store.clusters import Clusterer, day
from claimledger.store.entities import EntityResolver
from claimledger.store.estimates import document_countries, one_place
from claimledger.store.geo import upsert_places
from claimledger.store.models import ClaimMention, Document, EventClaim, EventMention, QuantityMention, StatementLink
from claimledger.store.rows import (ClaimRow, EventRow, PlaceRow, QuantityRow, Row, StatementRow, write_ids,
                                   write_merges, write_statements)
from claimledger.store.statements import (StatementPool, assign_statement, denial_reason, denials_of, denied_by,
                                          prefetch_denials, prefetch_statements, signatures, speaker_key,
                                          write_repeats)

#: days apart two figures for one measure may be and still speak of one period
ESTIMATE_WINDOW_DAYS = 7
#: most links one claim gets to the figures or events of others (the newest first)
MAX_LINKS = 25


def _day(c: ClaimRow, doc: Document) -> str | None:
    value = c.said_on or doc.published
    return value[:10] if value else None


def resolve_batch(s: Session, stored: list[tuple[Document, list[Row]]], near_km: float | None = None) -> None:
    """Resolve the rows of the documents just stored (inserted, not committed; store/rows.py),
    writing what is found for them (their claims' entities and statements, their events'
    clusters) with one UPDATE a table; ``near_km``: event places this close are one
    (Settings.event_near_km by default)."""
    rows = [(doc, r) for doc, rs in stored for r in rs]
    with s.no_autoflush:  # each step flushes once, when the next needs the ids
        upsert_places(s, [r for _, r in rows if isinstance(r, PlaceRow)])
        claims = [(doc, r) for doc, r in rows if isinstance(r, ClaimRow)]
        people = EntityResolver(s)
        people.prefetch(c for _, c in claims)
        for doc, c in claims:
            people.resolve(c, _day(c, doc))
        s.flush()
        write_merges(s, people.merges)
        for _, c in claims:  # statements are blocked by speaker: the entity's id
            c.entity_id = c.entity.id if c.entity is not None else None
        assign_statements(s, claims)
        # the claims' ids before the queries below read them (a figure's claim, an event's claims)
        write_ids(s, claims=[c for _, c in claims])
        open_denials = prefetch_denials(s, [_day(c, doc) for doc, c in claims])
        links = Links()
        for doc, c in claims:
            st = c.statement
            if not isinstance(st, StatementRow) or st.reports != 1:
                continue  # a claim that repeats a statement (stored, or made by the batch) links nothing new
            if c.modality == "denied":
                got = denied_by(s, st, _day(c, doc))
                if got is not None:
                    links.add(st.id, got[0].id, "denies", denial_reason(got[1]))
            else:
                for denial, sim in denials_of(st, _day(c, doc), open_denials):
                    links.add(denial.id, st.id, "denies", denial_reason(sim))
        link_estimates(s, [r for _, r in rows if isinstance(r, QuantityRow)], links)
        clusters = Clusterer(s, near_km)
        events = [(doc, r) for doc, r in rows if isinstance(r, EventRow)]
        clusters.prefetch([(e, doc.published) for doc, e in events])
        for doc, e in events:
            clusters.add(e, doc.published, doc.outlet or f"document {doc.sha256[:16]}")
        clusters.finish()  # flushes the new clusters: their mentions have the ids
        write_ids(s, events=[e for _, e in events])
        link_events(s, [e for _, e in events], links)
        links.write(s)


#: speakers whose stored statements a batch holds at once: a crowded week gives each speaker
#: thousands, so the batch's claims are matched a few speakers at a time, not all at once
SPEAKERS_AT_ONCE = 8


def assign_statements(s: Session, claims: list[tuple[Document, ClaimRow]]) -> None:
    """Put each claim in the statement it repeats, or a new one (statements.assign_statement),
    :data:`SPEAKERS_AT_ONCE` speakers at a time, each speaker's claims in batch order; the new
    statements are written in the order of the claims that made them, as if matched one by
    one, and the stored ones repeated are written back."""
    sigs = signatures([c.text for _, c in claims])
    by_key: dict[str, list[int]] = {}
    for i, (_, c) in enumerate(claims):
        by_key.setdefault(speaker_key(c), []).append(i)
    keys = sorted(by_key)
    made: list[tuple[int, StatementRow]] = []
    for at in range(0, len(keys), SPEAKERS_AT_ONCE):
        mine = sorted(i for k in keys[at:at + SPEAKERS_AT_ONCE] for i in by_key[k])
        pool = StatementPool(prefetch_statements(s, [(claims[i][1], _day(claims[i][1], claims[i][0])) for i in mine]))
        for i in mine:
            doc, c = claims[i]
            before = len(pool.made)
            assign_statement(c, _day(c, doc), pool, sigs[i])
            if len(pool.made) > before:
                made.append((i, pool.made[-1]))
        write_repeats(s, pool)  # the stored statements these claims repeat
    made.sort(key=lambda m: m[0])
    write_statements(s, [st for _, st in made])


class Links:
    """The links a batch finds between statements, kept in order and written at its end in
    one pass: one query per few hundred statements for the links already stored, not one
    per link."""

    def __init__(self) -> None:
        self.found: dict[tuple[int, int, str], str] = {}

    def add(self, a: int | None, b: int | None, kind: str, reason: str) -> None:
        """Link statement ``a`` to ``b`` (a denial has a direction; other kinds do not)."""
        if a is None or b is None or a == b:
            return
        key = (a, b, kind) if kind == "denies" else (min(a, b), max(a, b), kind)
        self.found.setdefault(key, reason)  # the first reason found is kept

    def write(self, s: Session) -> None:
        """Add the links not stored yet, in the order they were found."""
        # of the links stored, those between two statements of a few hundred found ones (a
        # statement linked from every page of a busy week has thousands: not all of its links)
        found = sorted(self.found)
        stored: set[tuple[int, int, str]] = set()
        for i in range(0, len(found), 250):
            part = found[i:i + 250]
            q = select(StatementLink.statement_id, StatementLink.other_id, StatementLink.kind).where(
                StatementLink.statement_id.in_(sorted({a for a, _, _ in part})),
                StatementLink.other_id.in_(sorted({b for _, b, _ in part})))
            stored |= {(a, b, k) for a, b, k in s.execute(q)}
        new = [{"statement_id": a, "other_id": b, "kind": kind, "reason": reason}
               for (a, b, kind), reason in self.found.items() if (a, b, kind) not in stored]
        if new:  # one executemany INSERT, in the order found
            table: Any = StatementLink.__table__
            s.execute(insert(table), new)
        self.found = {}


class Figure(NamedTuple):
    """What linking reads of a stored figure with a claim (one row of a Core query)."""
    id: int
    document_id: int
    as_of: str | None
    measure_place: str | None
    low: float | None
    high: float | None
    approximate: bool
    text: str
    #: its page's country (``quantities.country``, see estimates.fill_figures)
    country: str | None
    statement_id: int | None


def _overlap(a: QuantityRow | Figure, b: QuantityRow | Figure) -> bool:
    def bounds(q: QuantityRow | Figure) -> tuple[float, float]:
        lo = q.low if q.low is not None else 0.0
        hi = q.high if q.high is not None else float("inf")
        return (lo * 0.9, hi * 1.1) if q.approximate else (lo, hi)
    (alo, ahi), (blo, bhi) = bounds(a), bounds(b)
    return not (ahi < blo or bhi < alo)


def link_estimates(s: Session, quantities: list[QuantityRow], links: Links) -> None:
    """Claims giving figures for one measure and one place (see estimates.one_place) within a
    week: corroborating when the ranges meet, else contradicting."""
    todo = [q for q in quantities if q.measure_key and q.claim is not None and q.claim.statement_id is not None]
    if not todo:
        return
    latest = _latest_figures(s, todo, [q for q in quantities if q.measure_key and q.claim_id is not None])
    countries = document_countries(s, {q.document_id for q in todo})  # as fill_figures stored for theirs
    # each stored figure's day, read off its row once, not once per new figure
    seen = {key: [(o, day(o.as_of)) for o in figures] for key, figures in latest.items()}
    for q in todo:
        d = day(q.as_of)
        if d is None:
            continue
        mine = q.claim.statement_id if q.claim is not None else None
        doc_id, country = q.document_id, countries.get(q.document_id)
        others = [row for row in seen[q.measure_key or ""] if row[0].document_id != doc_id][:MAX_LINKS]
        for o, od in others:
            if od is None or abs((d - od).days) > ESTIMATE_WINDOW_DAYS or o.statement_id == mine:
                continue
            if not one_place(q.measure_place, country, o.measure_place, o.country):
                continue
            kind = "corroborates" if _overlap(q, o) else "contradicts"
            links.add(mine, o.statement_id, kind,
                      f"figures for {q.measure_key!r} {'agree' if kind == 'corroborates' else 'disagree'}: "
                      f"{q.text!r} and {o.text!r}")


def _latest_figures(s: Session, quantities: list[QuantityRow], batch: list[QuantityRow]) -> dict[str, list[Figure]]:
    """For each measure key of ``quantities``, the newest stored figures with a claim, newest
    first: enough of them (``MAX_LINKS`` more than the most any one document of the ``batch``,
    all its figures with a claim, holds for that key) that each figure finds its ``MAX_LINKS``
    newest from other documents. One query per key, not one per figure, of the columns
    linking reads (no mapped objects)."""
    per_doc: dict[str, dict[int, int]] = {q.measure_key or "": {} for q in quantities}
    for q in batch:
        if q.measure_key not in per_doc:
            continue
        counts = per_doc.setdefault(q.measure_key or "", {})
        counts[q.document_id] = counts.get(q.document_id, 0) + 1
    Q = QuantityMention
    cols = (Q.id, Q.document_id, Q.as_of, Q.measure_place, Q.low, Q.high, Q.approximate, Q.text, Q.country,
            ClaimMention.statement_id)
    # one statement, run once per key with its parameters (not built and looked up in the
    # compiled cache again for each)
    newest = (select(*cols).join(ClaimMention, ClaimMention.id == Q.claim_id)
              .where(Q.measure_key == bindparam("key")).order_by(Q.id.desc())
              .limit(bindparam("n", type_=Integer)))
    out: dict[str, list[Figure]] = {}
    for key, counts in per_doc.items():
        n = MAX_LINKS + max(counts.values(), default=0)
        out[key] = [Figure(*r) for r in s.execute(newest, {"key": key, "n": n})]
    return out


def _latest_mentions(s: Session, events: list[EventRow],
                     batch: list[EventRow]) -> dict[int, list[tuple[int, list[tuple[int | None, str]]]]]:
    """For each cluster of ``events``, its newest mentions, newest first, each as its document
    and its claims' (statement, modality): ``MAX_LINKS`` more than the most any one document
    of the ``batch`` gives that cluster, so each mention finds its ``MAX_LINKS`` newest from
    other documents. Two queries (a window over each cluster, then the claims of what it
    keeps) per few hundred clusters instead of one per mention, of the columns linking reads."""
    per_doc: dict[int, dict[int, int]] = {e.cluster_id: {} for e in events if e.cluster_id is not None}
    for e in batch:
        if e.cluster_id in per_doc:
            counts = per_doc[e.cluster_id]
            counts[e.document_id] = counts.get(e.document_id, 0) + 1
    out: dict[int, list[tuple[int, list[tuple[int | None, str]]]]] = {}
    ids = sorted(per_doc)
    for i in range(0, len(ids), 500):
        part = ids[i:i + 500]
        rank = (func.row_number().over(partition_by=EventMention.cluster_id, order_by=EventMention.id.desc())
                .label("rank"))
        ranked = select(EventMention.id, EventMention.cluster_id, EventMention.document_id, rank).where(
            EventMention.cluster_id.in_(part)).subquery()
        keep = max((max(per_doc[c].values(), default=0) for c in part), default=0) + MAX_LINKS
        kept = list(s.execute(select(ranked.c.id, ranked.c.cluster_id, ranked.c.document_id)
                              .where(ranked.c.rank <= keep).order_by(ranked.c.id.desc())))
        said: dict[int, list[tuple[int | None, str]]] = {}
        mention_ids = [m for m, _, _ in kept]
        for j in range(0, len(mention_ids), 500):
            q = (select(EventClaim.event_id, ClaimMention.statement_id, ClaimMention.modality)
                 .join(ClaimMention, ClaimMention.id == EventClaim.claim_id)
                 .where(EventClaim.event_id.in_(mention_ids[j:j + 500]))
                 .order_by(EventClaim.event_id, EventClaim.claim_id))
            for event_id, statement_id, modality in s.execute(q):
                said.setdefault(event_id, []).append((statement_id, modality))
        for m, cluster_id, doc_id in kept:  # those without claims too: they count among the newest
            out.setdefault(cluster_id, []).append((doc_id, said.get(m, [])))
    return out


def link_events(s: Session, events: list[EventRow], links: Links) -> None:
    """Claims reporting one event (one cluster) in other documents: corroborating, or contradicting when one denies."""
    todo = [e for e in events if e.cluster_id is not None and e.claims]
    latest = _latest_mentions(s, todo, events)
    for e in todo:
        others = [said for doc_id, said in latest.get(e.cluster_id or 0, []) if doc_id != e.document_id][:MAX_LINKS]
        for said in others:
            for a in e.claims:
                for b_statement, b_modality in said:
                    if a.statement_id == b_statement:
                        continue
                    kind = "contradicts" if (a.modality == "denied") != (b_modality == "denied") else "corroborates"
                    links.add(a.statement_id, b_statement, kind, f"both report event {e.cluster_id} "
                              f"({e.type}); {'one denies it' if kind == 'contradicts' else 'neither denies it'}")
