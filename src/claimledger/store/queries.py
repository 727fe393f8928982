"""Reading the ledger back: summaries and claim searches."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, and_, func, or_, select
from sqlalchemy.orm import Session, defer, load_only

from claimledger.checks import escape_like
from claimledger.store.fulltext import among, matching_ids, word_prefilter
from claimledger.store.lookups import entity_ids
from claimledger.store.models import (ClaimMention, Document, DocumentSource, Entity, EventMention, PlaceMention,
                                      QuantityMention, Statement, TimeMention)
from claimledger.store.results import Page, Row, columns_of


@dataclass
class LedgerSummary:
    counts: dict[str, int]
    documents: list[dict[str, Any]]
    claims: list["ClaimRow"]
    places: list[tuple[str, str | None, int]]
    quantities: list[dict[str, Any]]
    events: list[dict[str, Any]]
    times: int


def summarize(engine: Engine, limit: int = 20) -> LedgerSummary:
    """Counts per category and the newest items of each."""
    with Session(engine) as s:
        counts = {name: s.scalar(select(func.count()).select_from(model)) or 0 for name, model in (
            ("documents", Document), ("claims", ClaimMention), ("times", TimeMention),
            ("places", PlaceMention), ("quantities", QuantityMention), ("events", EventMention))}
        docs = [{"title": d.title, "outlet": d.outlet, "published": d.published,
                 "sources": [x.path or x.url for x in d.sources]}
                for d in s.scalars(select(Document).options(load_only(*_DOC_COLUMNS))
                                  .order_by(Document.published.desc()).limit(limit))]
        claims = _claim_rows(s, list(s.scalars(select(ClaimMention.id).order_by(
            ClaimMention.day.desc(), ClaimMention.id.desc()).limit(limit))))
        places = [(n, cc, k) for n, cc, k in s.execute(
            select(PlaceMention.name, PlaceMention.country, func.count()).group_by(
                PlaceMention.name, PlaceMention.country).order_by(func.count().desc()).limit(limit))]
        quantities = [{"text": q.text, "low": q.low, "high": q.high, "approximate": q.approximate,
                       "counted": q.counted, "as_of": q.as_of, "outlet": d.outlet}
                      for q, d in s.execute(select(QuantityMention, Document).join(Document)
                                                    .options(load_only(*_DOC_COLUMNS)).limit(limit))]
        events = [{"type": e.type, "mode": e.mode, "text": e.text, "status": e.status, "outlet": d.outlet,
                   "when": e.when_start or (f"({d.published[:10]})" if d.published else None)}
                  for e, d in s.execute(select(EventMention, Document).join(Document)
                                                 .options(load_only(*_DOC_COLUMNS)).limit(limit))]
        return LedgerSummary(counts, docs, claims, places, quantities, events, counts["times"])


@dataclass
class Claimant(Row):
    name: str | None
    role: str | None
    organization: str | None
    side: str | None
    anonymous: bool


@dataclass
class ClaimRow(Row):
    """One report of a claim: what was said, by whom, where and when, and where it stands in its document."""

    uid: str
    text: str
    claimant: Claimant
    channel: str | None
    said_on: str | None
    quote: str
    modality: str
    attributed: bool
    #: the document (its SHA-256), its title, outlet, publication date and first URL
    document: str
    title: str | None
    outlet: str | None
    published: str | None
    url: str | None
    start: int
    end: int
    #: who said it across the ledger (an entity uid), the statement it reports and how many reports it has
    entity: str | None = None
    statement: str | None = None
    reports: int = 1


def word_pattern(column: Any, word: str) -> Any:
    """``column`` holds ``word`` as a whole word (case-insensitive): "RU" is not in "TRUMP"."""
    raw = word.lower()
    w = escape_like(raw)  # "%" and "_" in a filter are characters, not wildcards
    col = func.lower(column)
    return or_(col == raw, *(col.like(p, escape="\\") for p in (
        f"{w} %", f"% {w}", f"% {w} %", f"%-{w}", f"{w}-%", f"% {w},%", f"% {w}.%")))


def _claim_row(c: ClaimMention, d: Document, url: str | None, entity: str | None = None,
               st: Statement | None = None) -> ClaimRow:
    return ClaimRow(uid=c.uid, text=c.text, claimant=Claimant(c.claimant_name, c.claimant_role,
                                                               c.claimant_organization, c.claimant_side,
                                                               bool(c.anonymous)),
                    channel=c.channel, said_on=c.said_on, quote=c.quote, modality=c.modality,
                    attributed=bool(c.attributed), document=d.sha256, title=d.title, outlet=d.outlet,
                    published=d.published, url=url, start=c.start, end=c.end, entity=entity,
                    statement=st.uid if st is not None else None, reports=st.reports if st is not None else 1)


def _first_urls(s: Session, doc_ids: set[int]) -> dict[int, str]:
    urls: dict[int, str] = {}
    if doc_ids:
        for doc_id, url in s.execute(select(DocumentSource.document_id, DocumentSource.url)
                                     .where(DocumentSource.document_id.in_(doc_ids), DocumentSource.url.is_not(None))
                                     .order_by(DocumentSource.id)):
            urls.setdefault(doc_id, url)
    return urls


def find_claims(engine: Engine, by: str | None = None, about: str | None = None,
                anonymous: bool | None = None, limit: int | None = 50, *, side: str | None = None,
                modality: str | None = None, outlet: str | None = None, since: str | None = None,
                until: str | None = None, offset: int = 0, entity: str | None = None,
                search: str | None = None, statement: str | None = None) -> Page[ClaimRow]:
    """Claims, newest first: ``by`` words of the claimant's name, role or organisation; ``about``
    words of the claim; ``side`` (ISO code), ``modality`` and ``outlet`` exact; ``since``/``until``
    ISO dates on the day said (else the day published); ``entity`` an entity uid; ``search`` a
    full-text query (every word, stemmed: store/fulltext.py); ``statement`` a statement uid (its
    reports across outlets). ``by`` finds the
    entities of that name in any spelling (store/people.py) and unnamed sources by role words.
    The page says how many match in all."""
    where = claim_where(engine, by=by, about=about, anonymous=anonymous, side=side, modality=modality,
                        outlet=outlet, since=since, until=until, entity=entity, search=search, statement=statement)
    order = (ClaimMention.day.desc(), ClaimMention.id.desc())
    with Session(engine) as s:
        if (by or about or search) and limit is not None:
            # a word filter tests every row the index gives it: once, the total counted beside
            # the page (a count of its own would test them all again)
            got = s.execute(select(ClaimMention.id, func.count().over()).where(*where).order_by(*order)
                            .offset(offset).limit(limit)).all()
            ids = [i for i, _ in got]
            # no row: an empty match, or a page past the end or of no rows (limit 0), counted apart
            total = got[0][1] if got else (s.scalar(select(func.count(ClaimMention.id)).where(*where)) or 0
                                           if offset or not limit else 0)
        else:
            total = s.scalar(select(func.count(ClaimMention.id)).where(*where)) or 0
            page = select(ClaimMention.id).where(*where).order_by(*order)
            page = page.offset(offset).limit(limit) if limit is not None else page.offset(offset)
            ids = list(s.scalars(page))
        rows = _claim_rows(s, ids)
    return Page(rows, total, offset, limit, columns_of(ClaimRow))


def claim_where(engine: Engine, *, by: str | None = None, about: str | None = None, anonymous: bool | None = None,
                side: str | None = None, modality: str | None = None, outlet: str | None = None,
                since: str | None = None, until: str | None = None, entity: str | None = None,
                search: str | None = None, statement: str | None = None) -> list[Any]:
    """The conditions on claims of :func:`find_claims`' filters (the exports filter with them too)."""
    where: list[Any] = []
    if by:
        words = [or_(word_pattern(ClaimMention.claimant_name, w), word_pattern(ClaimMention.claimant_role, w),
                     word_pattern(ClaimMention.claimant_organization, w)) for w in by.split()]
        named = entity_ids(engine, by)
        # the index narrows the word matches (a superset, store/fulltext.py), the patterns decide
        near = word_prefilter(engine, "claimants", by.split())
        if near is not None:
            where.append(among(engine, near.union(select(ClaimMention.id).where(
                ClaimMention.entity_id.in_(named))) if named else near))
        # the entity first: its claims need no pattern (an OR stops at its first true term)
        where.append(or_(ClaimMention.entity_id.in_(named), and_(*words)) if named else and_(*words))
    if entity:
        where.append(ClaimMention.entity_id.in_(select(Entity.id).where(Entity.uid == entity)))
    if about and about.split():
        near = word_prefilter(engine, "claim_words", about.split())
        if near is not None:
            where.append(among(engine, near))
    where += [word_pattern(ClaimMention.text, w) for w in (about or "").split()]
    if search:
        where.append(among(engine, matching_ids(engine, "claims", search)))
    if statement:
        where.append(ClaimMention.statement_id.in_(select(Statement.id).where(Statement.uid == statement)))
    if anonymous is not None:
        where.append(ClaimMention.anonymous.is_(anonymous))
    if side:
        where.append(ClaimMention.claimant_side == side.upper())
    if modality:
        where.append(ClaimMention.modality == modality.lower())
    if outlet:
        where.append(ClaimMention.document_id.in_(select(Document.id).where(
            func.lower(Document.outlet) == outlet.lower())))
    if since:
        where.append(ClaimMention.day >= since[:10])
    if until:
        where.append(ClaimMention.day <= until[:10])
    return where


_DOC_COLUMNS = (Document.id, Document.sha256, Document.title, Document.outlet, Document.published)


def _claim_rows(s: Session, ids: list[int]) -> list[ClaimRow]:
    """The rows of these claims, in this order, with their documents (never their whole records)."""
    if not ids:
        return []
    q = (select(ClaimMention, Document, Entity.uid, Statement)
         .join(Document, ClaimMention.document_id == Document.id)
         .outerjoin(Entity, Entity.id == ClaimMention.entity_id)
         .outerjoin(Statement, Statement.id == ClaimMention.statement_id)
         .options(load_only(*_DOC_COLUMNS), defer(Statement.signature))
         .where(ClaimMention.id.in_(ids)))
    found = {c.id: (c, d, e, st) for c, d, e, st in s.execute(q)}
    urls = _first_urls(s, {d.id for _, d, _, _ in found.values()})
    return [_claim_row(c, d, urls.get(d.id), e, st) for c, d, e, st in (found[i] for i in ids if i in found)]


def load_record(engine: Engine, sha256: str) -> dict[str, Any] | None:
    """The stored ``claimledger/1`` record of a document."""
    with Session(engine) as s:
        doc = s.scalar(select(Document).where(Document.sha256 == sha256))
        return dict(doc.record) if doc is not None else None
