"""The indexed query paths give what the plain ones gave: ``claims --by`` and ``--about``
narrowed by the word indexes (migration 0013) find the rows a scan finds, a page of estimate
histories is that slice of every history computed the old way, and a page of a trace's
supports is that slice of them all; both backends."""
import copy

import pytest
from sqlalchemy import and_, select, text
from sqlalchemy.orm import Session, load_only

import claimledger
from claimledger.records import Claim, Claimant, Place, Quantity, Record, Segment, Source
from claimledger.store import queries
from claimledger.store.estimates import (Point, _mark_contradictions, document_countries, history_key,
                                         place_countries)
from claimledger.store.fulltext import word_prefilter
from claimledger.store.models import ClaimMention, Document, QuantityMention

# (name, role, organization, side, claim text): spellings and punctuation the word patterns care about
SPEAKERS = [
    ("Donald Trump", "President", None, "US", "Talks would resume next week, the U.S. president said."),
    (None, "spokesman", "staff of Reuters.com", None, "Reuters reported 12 drones over Kharkiv."),
    ("Kim Jong-un", "leader", "Workers' Party", "KP", "Kim_Jong said the drones were ready."),
    ("Kim Yo Jong", "vice-director", "Workers' Party", "KP", "Drones, she said, would fly."),
    ("Dmitry Peskov", "Kremlin spokesman", "the Kremlin", "RU", "The Kremlin said it was ready for talks."),
    ("Ihor Terekhov", "mayor of Kharkiv", "city council", "UA", "Russia launched 12 drones at Kharkiv."),
    ("Emmanuel Macron", "président", "Élysée", "FR", "L'Élysée a dit: pas de drones."),
    (None, "official", "U.S. Department of State", "US", "A U.S. official said talks, drones and aid."),
    ("Volodymyr Zelenskyy", "President", "Office of the President", "UA", "Drones struck a hospital in Kyiv."),
    (None, "source", "100% News_Wire", None, "Hospital staff said 40 people were hurt."),
]

BY = ["trump", "RU", "rum", "Kim", "Jong", "jong-un", "Kim_Jong", "yo", "reuters", "reuters.com", "Kremlin",
      "spokesman", "U.S.", "state", "of", "the", "Élysée", "président", "Zelensky", "100%", "news_wire", "-", "%",
      "'", "president office", "kim party", "mayor kharkiv"]
ABOUT = ["drones", "drone", "Kharkiv", "talks", "U.S.", "ready", "Kim_Jong", "drones,", "hospital", "the",
         "élysée", "12", "--", "talks drones", "said ready"]

# (outlet, day, places (name, country), figures (text, low, high, approximate, key, place, claim))
PAGES = [
    ("First Wire", "2025-03-02", [("Kharkiv", "UA"), ("Kyiv", "UA")],
     [("12", 12, 12, False, "drones|launched", None, 1), ("40", 40, 40, False, "people|hurt", "Kharkiv", 2)]),
    ("Second Post", "2025-03-03", [("Moscow", "RU"), ("Kyiv", "UA")],
     [("300", 300, 300, True, "drones|launched", None, 1), ("45", 45, 45, False, "people|hurt", "Kharkiv", 2)]),
    ("Third Monitor", "2025-03-04", [("Kharkiv", "UA")],
     [("20", 20, 20, False, "drones|launched", None, 1), ("400", 400, 400, False, "people|hurt", "Kharkiv", 2)]),
    ("First Wire", "2025-03-05", [],
     [("9", 9, 9, False, "drones|launched", None, 1), ("5", 5, 5, False, "tanks|destroyed", None, 2)]),
    ("Fourth Daily", "2025-03-05", [("Kursk", "RU"), ("Sudzha", "RU")],
     [("3,000", 3000, None, False, "north korean troops|casualties", "Kursk Oblast", 1),
      ("500", None, 500, False, "north korean troops|casualties", "Kursk Oblast", 2)]),
    ("Fifth Sun", "2025-03-06", [("Kursk", "RU")],
     [("12", 12, 12, False, "drones|launched", None, 1), ("2", 2, 2, False, "tanks|destroyed", None, 2)]),
]


def _record(n: int, outlet: str, day: str, places: list, figures: list) -> dict:
    """A page made by hand: two claims by speakers of SPEAKERS, its places and its figures."""
    said = [SPEAKERS[(2 * n) % len(SPEAKERS)], SPEAKERS[(2 * n + 1) % len(SPEAKERS)]]
    body = " ".join(s[4] for s in said) + " " + " ".join(f[0] for f in figures) + " " + " ".join(
        p[0] for p in places)
    text_ = f"Report {n}\n\n{body}\n"
    rec = Record(text=text_, source=Source(path=f"page-{n}.txt", url=f"https://news.example/{n}"))
    rec.document.outlet, rec.document.published, rec.document.title = outlet, f"{day}T08:00", f"Report {n}"
    rec.segments = [Segment("headline", 0, len(f"Report {n}")), Segment("body", len(f"Report {n}") + 2, len(text_) - 1)]
    for i, (name, role, org, side, said_text) in enumerate(said, 1):
        at = text_.index(said_text)
        rec.claims.append(Claim(i, said_text, at, at + len(said_text),
                                Claimant(name=name, role=role, organization=org, side=side, anonymous=name is None),
                                said_on=day))
    for name, country in places:
        at = text_.rindex(name)
        rec.places.append(Place(name, at, at + len(name), name, country, "city", None, None, None))
    for fig, low, high, approx, key, place, claim in figures:
        at = text_.index(fig, len(f"Report {n}"))
        subject, _, measure = key.partition("|")
        rec.quantities.append(Quantity(fig, at, at + len(fig), low, high, approx, subject, subject, claim=claim,
                                       as_of=day, measure={"subject": subject, "measure": measure, "place": place,
                                                           "key": key}))
    return rec.to_json()


def _odd_as_of(rec: dict) -> dict:
    """``rec`` with its last figure dated in a form that is not an ISO date (its text order is not its date order)."""
    rec["quantities"][-1]["as_of"] = "20250303"
    return rec


RECORDS = [_record(n, *page) for n, page in enumerate(PAGES[:-1])] + [_odd_as_of(_record(len(PAGES) - 1, *PAGES[-1]))] + [
    _record(n + len(PAGES), outlet, "2025-03-09", places, figures) for n, (outlet, _, places, figures) in
    enumerate(PAGES[:3])]


@pytest.fixture
def ledger(ledger_url):
    with claimledger.open(ledger_url) as led:
        led.store(RECORDS)
        yield led


def _scan(monkeypatch, run):
    """``run()`` with the word indexes out of the way: the word patterns alone, as before migration 0013."""
    with monkeypatch.context() as m:
        m.setattr(queries, "word_prefilter", lambda *args: None)
        return run()


def test_word_indexes_find_what_a_scan_finds(ledger, monkeypatch):
    """claims --by and --about through the word indexes: the same rows, order and totals as the plain scan."""
    for by in BY:
        indexed = ledger.claims(by=by, limit=None)
        plain = _scan(monkeypatch, lambda: ledger.claims(by=by, limit=None))
        assert ([r.uid for r in indexed], indexed.total) == ([r.uid for r in plain], plain.total), by
    for about in ABOUT:
        indexed = ledger.claims(words=about, limit=None)
        plain = _scan(monkeypatch, lambda: ledger.claims(words=about, limit=None))
        assert ([r.uid for r in indexed], indexed.total) == ([r.uid for r in plain], plain.total), about
    page = ledger.claims(by="spokesman", words="said", limit=1, offset=1)
    plain = _scan(monkeypatch, lambda: ledger.claims(by="spokesman", words="said", limit=1, offset=1))
    assert ([r.uid for r in page], page.total) == ([r.uid for r in plain], plain.total)
    # the filters found something to compare: words, not substrings ("RU" is not in "TRUMP")
    assert ledger.claims(by="trump").total > 0 and ledger.claims(by="rum").total == 0
    assert ledger.claims(by="reuters").total > 0 and ledger.claims(words="drones").total > 0


def test_pages_of_a_word_filter_are_slices_with_the_total(ledger, monkeypatch):
    """A page of claims --by, --about or --search (its total counted beside the page) is that slice
    of every match, in the plain scan's order, with the scan's total, on every page and past the end."""
    filters = [{"by": b} for b in ("Kim", "spokesman", "president office", "trump", "rum")] + [
        {"words": w} for w in ("drones", "said ready", "12")] + [{"search": "drones"}, {"search": "nothing"},
                                                               {"by": "spokesman", "words": "said"}]
    for kw in filters:
        every = _scan(monkeypatch, lambda: ledger.claims(limit=None, **kw))
        uids = [r.uid for r in every]
        for limit in (0, 1, 2, 3):
            for offset in range(len(uids) + 2):
                page = ledger.claims(limit=limit, offset=offset, **kw)
                assert ([r.uid for r in page], page.total) == (uids[offset:offset + limit], len(uids)), (kw, offset)
    assert ledger.claims(by="Kim", limit=1).total >= 2 and ledger.claims(words="drones", limit=1).total >= 3


def test_word_indexes_narrow_before_the_patterns(ledger):
    """The index itself answers (a superset of the word matches, not every claim); a word with no
    letter or digit is not narrowed."""
    with Session(ledger.engine) as s:
        every = s.scalar(select(text("count(*)")).select_from(ClaimMention)) or 0
        near = word_prefilter(ledger.engine, "claimants", ["kremlin"])
        assert near is not None
        found = set(s.scalars(near))
        about = set(s.scalars(word_prefilter(ledger.engine, "claim_words", ["hospital"])))
    assert 0 < len(found) < every and 0 < len(about) < every
    assert {r.uid for r in ledger.claims(by="kremlin", limit=None)} <= {
        u for u, i in _uids(ledger) if i in found}
    assert word_prefilter(ledger.engine, "claimants", ["-", "%"]) is None


def _uids(ledger) -> list[tuple[str, int]]:
    with Session(ledger.engine) as s:
        return [(u, i) for u, i in s.execute(select(ClaimMention.uid, ClaimMention.id))]


def _old_histories(engine, keywords=None, window_days=7) -> dict[str, list[Point]]:
    """Every estimate history computed as before the stored histories: every figure read, each
    grouped by history_key of its place's or page's country (store/estimates.py before migration 0013)."""
    from sqlalchemy import or_

    from claimledger.checks import escape_like
    q = (select(QuantityMention, Document, ClaimMention)
         .join(Document, QuantityMention.document_id == Document.id)
         .outerjoin(ClaimMention, and_(ClaimMention.document_id == QuantityMention.document_id,
                                       ClaimMention.claim_no == QuantityMention.claim_no))
         .where(QuantityMention.measure_key.is_not(None))
         .options(load_only(Document.id, Document.outlet, Document.title, Document.sha256))
         .order_by(QuantityMention.id))
    for word in keywords or []:
        like = f"%{escape_like(word)}%"
        q = q.where(or_(*(col.ilike(like, escape="\\") for col in (
            QuantityMention.measure_key, QuantityMention.measure_place, QuantityMention.counted,
            QuantityMention.measure_subject))))
    points = []
    with Session(engine) as s:
        for qm, doc, cm in s.execute(q):
            who = None
            if cm is not None:
                who = cm.claimant_name or cm.claimant_organization or (
                    f"anonymous {cm.claimant_role}" if cm.anonymous and cm.claimant_role else None)
            points.append(Point(key=qm.measure_key, subject=qm.measure_subject, measure=qm.measure,
                                place=qm.measure_place, as_of=qm.as_of, low=qm.low, high=qm.high,
                                approximate=qm.approximate, text=qm.text, counted=qm.counted, claimant=who,
                                side=cm.claimant_side if cm is not None else None,
                                anonymous=bool(cm.anonymous) if cm is not None else False, outlet=doc.outlet,
                                document=doc.title, document_id=doc.id, start=qm.start, end=qm.end,
                                sha256=doc.sha256, uid=qm.uid))
        countries = document_countries(s, (p.document_id for p in points))
        placed = place_countries(s, points)
    histories: dict[str, list[Point]] = {}
    for p in points:
        p.country = countries.get(p.document_id)
        p.place_country = placed.get((p.document_id, p.place.lower())) if p.place else None
        histories.setdefault(history_key(p), []).append(p)
    for history in histories.values():
        history.sort(key=lambda p: (p.as_of or "9999", p.document_id))
        _mark_contradictions(history, window_days)
    return dict(sorted(histories.items(), key=lambda kv: (-len(kv[1]), kv[0])))


def _shown(histories) -> list[tuple[str, list[tuple]]]:
    return [(key, [(p.uid, p.as_of, p.low, p.high, p.claimant, p.country, p.place_country, p.contradicts)
                   for p in points]) for key, points in histories.items()]


@pytest.mark.parametrize("keywords", [None, ["drones"], ["north korean", "casualties"], ["people", "kharkiv"],
                                      ["nothing"], ["Casualties", "KURSK oblast"], ["troops|casualties"],
                                      ["casualties\nkursk"], ["%"], ["_"], [""]])
def test_estimate_pages_are_slices_of_every_history(ledger, keywords):
    """A page of histories (stored history keys, only the page's figures read) is that slice of
    every history computed the old way: the same keys, figures, order and contradictions; the
    page's total is how many there are."""
    every = _shown(_old_histories(ledger.engine, keywords))
    if keywords and keywords[0] in ("Casualties", "troops|casualties"):
        assert every  # the keywords find something to compare
    if keywords is None:
        assert len(every) >= 4 and any(k.endswith(" @ UA") for k, _ in every)
        assert any(p[-1] for _, points in every for p in points)  # contradictions to compare
    assert _shown(ledger.estimates(keywords)) == every
    for limit in (1, 2, 3):
        for offset in range(0, len(every) + 1):
            page = ledger.estimate_page(keywords, limit=limit, offset=offset)
            assert page.total == len(every)
            assert _shown({h.key: h.points for h in page}) == every[offset:offset + limit]
    assert _shown(_old_histories(ledger.engine, keywords, 30)) == _shown(ledger.estimates(keywords, 30))
    for points in (1, 2, 3):
        for window in (0, 1, 7, 30):
            old = _shown(_old_histories(ledger.engine, keywords, window))
            page = ledger.estimate_page(keywords, window, limit=None, points=points)
            assert [(h.key, h.total) for h in page] == [(k, len(v)) for k, v in old]
            # each history's first figures, where they stand in the whole history, with its contradictions
            assert _shown({h.key: h.points for h in page}) == [(k, v[:points]) for k, v in old]


def test_keywords_are_matched_in_the_stored_text(ledger):
    """estimates KEYWORDS reads each figure's stored lower-case text (quantities.words, one column a
    line), not its four columns: a keyword is found in any one of them, never across two of them."""
    with ledger.engine.connect() as conn:
        rows = conn.execute(text("select words, measure_key, measure_place, counted, measure_subject from quantities "
                                 "where history is not null")).all()
    assert rows and any(r[2] == "Kursk Oblast" for r in rows)
    assert all(r[0] == "\n".join((c or "").lower() for c in r[1:]) for r in rows)
    with ledger.engine.begin() as conn:
        conn.execute(text("update quantities set words = 'nothing here' where measure_place = 'Kursk Oblast'"))
    assert "north korean troops|casualties @ RU" not in ledger.estimates(["kursk"])
    assert ledger.estimates(["casualties\nkursk"]) == {}


def test_stored_histories_follow_a_refreshed_page(ledger):
    """A page stored again with a new read (its places now name another country) moves its unplaced
    figures to that country's history."""
    again = copy.deepcopy(RECORDS[3])
    at = again["text"].index("drones")
    again["places"] = [Place("drones", at, at + 6, "Kursk", "RU", "city", None, None, None).to_json()]
    assert ledger.store([again]).updated == 1
    assert _shown(ledger.estimates()) == _shown(_old_histories(ledger.engine))
    assert "tanks|destroyed @ RU" in ledger.estimates() and "tanks|destroyed" not in ledger.estimates()


def test_migration_fills_the_indexes_of_rows_stored_before(ledger_url):
    """A ledger stored before migration 0013 gets its claimant index, stored histories and (0015) the
    texts its figures' keywords are matched in when opened."""
    from alembic import command

    from claimledger.store.db import alembic_config
    with claimledger.open(ledger_url) as led:
        led.store(RECORDS)
        before = {by: [r.uid for r in led.claims(by=by, limit=None)] for by in BY}
        with led.engine.begin() as conn:
            cfg = alembic_config(ledger_url)
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, "0012")
    with claimledger.open(ledger_url) as led:
        with led.engine.connect() as conn:
            stored = conn.execute(text("select count(*) from quantities where history is null")).scalar()
            unfilled = conn.execute(text("select count(*) from quantities where history is not null "
                                         "and words is null")).scalar()
        assert stored == 0 and unfilled == 0
        assert {by: [r.uid for r in led.claims(by=by, limit=None)] for by in BY} == before
        assert _shown(led.estimates()) == _shown(_old_histories(led.engine))
        assert _shown(led.estimates(["Casualties"])) == _shown(_old_histories(led.engine, ["Casualties"])) != []
        assert word_prefilter(led.engine, "claimants", ["kremlin"]) is not None
        with Session(led.engine) as s:
            assert list(s.scalars(word_prefilter(led.engine, "claimants", ["kremlin"])))


def test_trace_pages_supports_with_their_total(ledger):
    """trace ENTITY (and a statement, a document) comes a page at a time with how many supports there
    are; the pages put together are every support, each span the document's own text."""
    kremlin = ledger.claims(by="Kremlin", limit=None)
    entity = next(r.entity for r in kremlin if r.entity)
    every = ledger.trace(entity, limit=None)
    assert every.total == len(every.supports) >= 2 and not every.more
    pages = [ledger.trace(entity, limit=1, offset=i) for i in range(every.total)]
    assert all(p.total == every.total and len(p.supports) == 1 for p in pages) and pages[0].more
    assert [p.supports[0] for p in pages] == every.supports
    docs = {r["source"]["sha256"]: r for r in RECORDS}
    for sup in every.supports:
        assert docs[sup.document]["text"][sup.start:sup.end] == sup.text
        assert sup.url == docs[sup.document]["source"]["url"] and sup.segment_kind == "body"
    doc = ledger.trace(RECORDS[0]["source"]["sha256"], limit=1)
    assert (doc.total, len(doc.supports), doc.supports[0].segment_kind) == (2, 1, "headline")
    assert ledger.trace(entity, limit=1, offset=every.total).supports == []


def _pairs(engine) -> set[tuple[str, str, int]]:
    """The stored contradictions as (figure uid, other figure uid, days apart)."""
    with engine.connect() as conn:
        return set(conn.execute(text(
            "select a.uid, b.uid, c.days from contradictions c join quantities a on a.id = c.quantity_id "
            "join quantities b on b.id = c.other_id")).all())


def _every_pair(engine) -> set[tuple[str, str, int]]:
    """Every pair of figures of one history that disagree within STORED_WINDOW days, from the old computation."""
    from claimledger.store.estimates import STORED_WINDOW, _day
    out = set()
    for points in _old_histories(engine, window_days=STORED_WINDOW).values():
        for p in points:
            for j in p.contradicts:
                out.add((p.uid, points[j].uid, abs((_day(p.as_of) - _day(points[j].as_of)).days)))
    return out


def test_contradictions_are_stored_at_ingest_and_read_not_computed(ledger, monkeypatch):
    """Every contradicting pair (within STORED_WINDOW days) is stored when its figures are, both ways;
    a page of histories reads them: the rule is not run per query (a wider window still computes)."""
    from claimledger.store import estimates
    pairs = _pairs(ledger.engine)
    assert pairs and pairs == _every_pair(ledger.engine)
    assert all((b, a, d) in pairs for a, b, d in pairs)
    every = _shown(_old_histories(ledger.engine))
    wide = _shown(_old_histories(ledger.engine, window_days=30))

    def refuse(*args):
        raise AssertionError("contradictions computed per query")
    with monkeypatch.context() as m:
        m.setattr(estimates, "disagree", refuse)
        assert _shown(ledger.estimates()) == every
        assert _shown({h.key: h.points for h in ledger.estimate_page(points=2)}) == [(k, v[:2]) for k, v in every]
        with pytest.raises(AssertionError, match="per query"):
            ledger.estimates(window_days=30)
    assert _shown(ledger.estimates(window_days=30)) == wide


def test_stored_contradictions_are_incremental(ledger):
    """Storing the same pages again leaves the stored pairs as they were, row for row; a new page adds
    the pairs of the histories it touches and leaves every other pair's row alone."""
    def rows():
        with ledger.engine.connect() as conn:
            return set(conn.execute(text("select quantity_id, other_id, days from contradictions")).all())
    before = rows()
    assert ledger.store(RECORDS).unchanged == len(RECORDS)
    assert rows() == before
    # a new page: a figure of "people|hurt @ UA" far from every other's range, a day after the first
    new = _record(50, "Sixth Herald", "2025-03-03", [("Kharkiv", "UA")],
                  [("9,000", 9000, 9000, False, "people|hurt", "Kharkiv", 1)])
    assert ledger.store([new]).stored == 1
    after = rows()
    assert before < after
    with Session(ledger.engine) as s:
        histories = {i: h for i, h in s.execute(select(QuantityMention.id, QuantityMention.history))}
        mine = set(s.scalars(select(QuantityMention.id).join(Document).where(
            Document.sha256 == new["source"]["sha256"])))
    assert {histories[a] for a, _, _ in after - before} == {"people|hurt @ UA"}
    assert all(a in mine or b in mine for a, b, _ in after - before)
    assert _pairs(ledger.engine) == _every_pair(ledger.engine)
    assert _shown(ledger.estimates()) == _shown(_old_histories(ledger.engine))


def test_a_new_figure_reads_only_its_window(ledger, monkeypatch):
    """Storing a figure reads the figures of its history dated within STORED_WINDOW days of it,
    not the whole history: a figure of that history three months away is never read, and the
    stored pairs are still every pair (a figure dated as an ISO week, "2025-W10", is in its window)."""
    from claimledger.store import estimates
    far = _record(60, "Sixth Herald", "2025-06-01", [("Kharkiv", "UA")],
                  [("7,000", 7000, 7000, False, "people|hurt", "Kharkiv", 1)])
    week = _record(61, "Seventh Gazette", "2025-W10", [("Kharkiv", "UA")],
                   [("8,000", 8000, 8000, False, "people|hurt", "Kharkiv", 1)])
    assert ledger.store([far, week]).stored == 2
    seen: list[str | None] = []
    day = estimates._day

    def reading(value):
        seen.append(value)
        return day(value)
    new = _record(62, "Eighth Courier", "2025-03-04", [("Kharkiv", "UA")],
                  [("9,000", 9000, 9000, False, "people|hurt", "Kharkiv", 1)])
    with monkeypatch.context() as m:
        m.setattr(estimates, "_day", reading)
        assert ledger.store([new]).stored == 1
    assert "2025-03-03" in seen and "2025-W10" in seen and "2025-06-01" not in seen
    pairs = _pairs(ledger.engine)
    assert pairs == _every_pair(ledger.engine)
    uids = {r["source"]["sha256"]: None for r in (week, new)}
    with Session(ledger.engine) as s:
        for sha in uids:
            uids[sha] = s.scalar(select(QuantityMention.uid).join(Document).where(Document.sha256 == sha))
    assert (uids[new["source"]["sha256"]], uids[week["source"]["sha256"]], 1) in pairs  # 2025-W10 is Monday 3 March


def _dense_week(n: int, day: str, count: int) -> dict:
    return _record(n, f"Outlet {n}", day, [("Kharkiv", "UA")],
                   [(f"{count} people", count, count, False, "people|hurt", "Kharkiv", 1)])


def _uid_of(engine, page: dict) -> tuple[str, int]:
    """The uid and id of the figure of ``page``."""
    with Session(engine) as s:
        return s.execute(select(QuantityMention.uid, QuantityMention.id).join(Document).where(
            Document.sha256 == page["source"]["sha256"])).one()


def test_a_new_figure_stores_its_nearest_contradictions_only(ledger_url, monkeypatch):
    """A figure contradicted by more figures of its week than MAX_CONTRADICTIONS stores the nearest
    of them (same day first, then the newest); in a window denser than its read, it is compared with
    the MAX_CANDIDATES figures nearest to its day, so what storing a page costs does not grow with
    the week. Each pair is stored both ways."""
    from claimledger.store import estimates
    pages = [_dense_week(100 + i, "2025-04-10" if i % 2 else "2025-04-13", 100) for i in range(12)]
    with claimledger.open(ledger_url) as led:
        assert led.store(pages).stored == 12
        ids = {p["source"]["sha256"]: _uid_of(led.engine, p) for p in pages}
        monkeypatch.setattr(estimates, "MAX_CONTRADICTIONS", 4)
        first = _dense_week(200, "2025-04-10", 900)  # far from every other range
        assert led.store([first]).stored == 1
        uid, _ = _uid_of(led.engine, first)
        stored = {(b, d) for a, b, d in _pairs(led.engine) if a == uid}
        row_id = dict(ids.values())
        # every figure it contradicts, nearest first (days apart, then the newest)
        every = sorted(((d, -row_id[b]), b) for a, b, d in _every_pair(led.engine) if a == uid)
        assert len(every) > 4  # contradicted by more than it keeps
        assert stored == {(b, d) for (d, _), b in every[:4]}
        assert {d for _, d in stored} == {0}  # the same day's, the newest of them
        assert all((b, uid, d) in _pairs(led.engine) for b, d in stored)
        monkeypatch.setattr(estimates, "MAX_CANDIDATES", 3)
        monkeypatch.setattr(estimates, "_WINDOW_READ", 5)
        second = _dense_week(201, "2025-04-13", 900)
        assert led.store([second]).stored == 1
        uid2, _ = _uid_of(led.engine, second)
        stored2 = {b for a, b, d in _pairs(led.engine) if a == uid2}
        on_13th = sorted((ids[p["source"]["sha256"]] for p in pages[0::2]), key=lambda u: -u[1])
        read = {u for u, _ in on_13th[:3]}  # the three nearest: that day's newest
        contradicting = {b for a, b, _ in _every_pair(led.engine) if a == uid2}
        assert stored2 and stored2 == read & contradicting


@pytest.mark.parametrize("lo,hi", [("2024-12-27", "2025-01-04"), ("2025-03-01", "2025-03-15"), ("2020-12-25", "2021-01-08")])
def test_window_ranges_hold_every_form_of_a_day(lo, hi):
    """The as-of text ranges a window is read by hold every text Python reads as a day of the
    window, in every form it reads (an ISO date, with a time, basic, ISO week), across a new year
    whose first ISO week starts in December; a day outside is only ever read by its odd form."""
    from datetime import date, timedelta

    from claimledger.store.estimates import _day, _text_ranges
    first, last = date.fromisoformat(lo), date.fromisoformat(hi)
    ranges = _text_ranges(first.toordinal(), last.toordinal())
    for k in range(-40, (last - first).days + 40):
        d = first + timedelta(days=k)
        y, w, wd = d.isocalendar()
        for text_ in (d.isoformat(), f"{d.isoformat()}T08:00", d.strftime("%Y%m%d"), f"{y:04d}-W{w:02d}-{wd}",
                      f"{y:04d}W{w:02d}{wd}", *([f"{y:04d}-W{w:02d}", f"{y:04d}W{w:02d}"] if wd == 1 else [])):
            assert _day(text_) == d
            held = any(a <= text_ < b for a, b in ranges)
            if first <= d <= last:
                assert held, text_
            elif text_[:10] == d.isoformat():
                assert not held, text_


def _countries(engine) -> set[tuple]:
    with engine.connect() as conn:
        return set(conn.execute(text("select uid, country, place_country from quantities")).all())


def test_migration_0014_stores_the_contradictions_of_rows_stored_before(ledger_url):
    """A ledger stored before migration 0014 gets its figures' countries and contradictions when opened:
    the same pairs as at ingest, and the same pages of histories."""
    from alembic import command

    from claimledger.store.db import alembic_config
    with claimledger.open(ledger_url) as led:
        led.store(RECORDS)
        stored, countries = _pairs(led.engine), _countries(led.engine)
        assert any(c for _, c, _ in countries) and any(c for _, _, c in countries)
        with led.engine.begin() as conn:
            cfg = alembic_config(ledger_url)
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, "0013")
    with claimledger.open(ledger_url) as led:
        assert stored and _pairs(led.engine) == stored
        assert _countries(led.engine) == countries
        assert _shown(led.estimates()) == _shown(_old_histories(led.engine))
        for limit, offset in ((1, 0), (2, 1)):
            page = led.estimate_page(limit=limit, offset=offset, points=2)
            assert _shown({h.key: h.points for h in page}) == [
                (k, v[:2]) for k, v in _shown(_old_histories(led.engine))[offset:offset + limit]]


def test_a_dense_window_reads_a_figure_dated_in_another_form_by_its_day(ledger_url, monkeypatch):
    """In a window denser than its read, a figure whose as-of is not an ISO date ("20250410") is
    a candidate by its day like the others: the same day's before those three days away."""
    from claimledger.store import estimates
    monkeypatch.setattr(estimates, "MAX_CANDIDATES", 3)
    monkeypatch.setattr(estimates, "_WINDOW_READ", 5)
    # (pages of other speakers: one speaker's figures do not contradict each other)
    pages = [_dense_week(301 + i, "2025-04-13", 100) for i in range(4)] + [_dense_week(300, "2025-04-10", 100)]
    odd = _dense_week(306, "2025-04-10", 100)
    odd["quantities"][0]["as_of"] = "20250410"
    with claimledger.open(ledger_url) as led:
        assert led.store([*pages, odd]).stored == 6
        new = _dense_week(307, "2025-04-10", 900)
        assert led.store([new]).stored == 1
        uid, _ = _uid_of(led.engine, new)
        stored = {b for a, b, _ in _pairs(led.engine) if a == uid}
        same_day = {_uid_of(led.engine, p)[0] for p in (pages[-1], odd)}
        assert same_day <= stored and len(stored) == 2  # itself, then the two of its day: three


def test_a_dense_window_compares_each_new_figure_with_its_own_nearest(ledger_url, monkeypatch):
    """In a window denser than its read, a new figure is compared with the MAX_CANDIDATES figures
    nearest its own day, not also with those read for another new figure of its batch three days
    away: what it stores does not depend on what else its batch holds."""
    from claimledger.store import estimates
    monkeypatch.setattr(estimates, "MAX_CANDIDATES", 3)
    monkeypatch.setattr(estimates, "_WINDOW_READ", 5)
    # (pages of other speakers: one speaker's figures do not contradict each other)
    pages = [_dense_week(401 + i, "2025-04-13", 100) for i in range(4)] + [_dense_week(400, "2025-04-10", 100)]
    with claimledger.open(ledger_url) as led:
        assert led.store(pages).stored == 5
        mine, other = _dense_week(406, "2025-04-10", 900), _dense_week(407, "2025-04-13", 900)
        assert led.store([mine, other]).stored == 2
        uid, _ = _uid_of(led.engine, mine)
        stored = {b for a, b, _ in _pairs(led.engine) if a == uid}
        # its three nearest: itself, the other figure of its day, the newest of the 13th (900 too)
        assert stored == {_uid_of(led.engine, pages[-1])[0]}


def test_storing_holds_the_figures_of_one_window_at_once(ledger_url, monkeypatch):
    """The contradiction pass of a batch holds, at any time, the figures of one history dated
    within a window of the new figure it compares (and one read ahead), not every figure its
    batch's histories hold near their new ones: what storing a batch holds does not grow with
    the ledger, nor with how many histories the batch touches. The pairs are every pair."""
    import gc

    from claimledger.store import estimates
    from claimledger.store.estimates import STORED_WINDOW
    monkeypatch.setattr(estimates, "_FIGURES_AT_ONCE", 4)
    keys = ["people|hurt", "people|killed", "drones|launched", "tanks|destroyed"]

    def page(n: int, day: int) -> dict:
        figures = [(f"{1000 + 10 * n + k} people", 1000 + 10 * n + k, 1000 + 10 * n + k, False, key, "Kharkiv", 1 + k % 2)
                   for k, key in enumerate(keys)]
        return _record(n, f"Outlet {n}", f"2025-04-{day:02d}", [("Kharkiv", "UA")], figures)
    old = [page(n, 1 + (n // 2) * 2 % 30) for n in range(30)]  # two a day, every other day of April
    new = [page(100 + n, 1 + 6 * n) for n in range(5)]  # days 1, 7, ..., 25: their windows hold every day
    live: list[int] = []
    read: list[int] = []
    candidates = estimates._candidates

    def counted(s, ids):
        got = candidates(s, ids)
        read.append(len(got))
        live.append(sum(1 for o in gc.get_objects() if isinstance(o, estimates._Candidate)))
        return got
    with claimledger.open(ledger_url) as led:
        assert led.store(old).stored == len(old)
        monkeypatch.setattr(estimates, "_candidates", counted)
        assert led.store(new).stored == len(new)
        assert _pairs(led.engine) == _every_pair(led.engine)
    days = [int(p["document"]["published"][8:10]) for p in old + new]
    # the figures of one history within the window of a new day, its own and the old ones'
    window = max(sum(1 for d in days if abs(d - o) <= STORED_WINDOW) for o in range(1, 26, 6))
    assert sum(read) >= len(keys) * (len(old) + len(new))  # every figure of every history was compared
    assert max(live) <= window + estimates._FIGURES_AT_ONCE < sum(read)
