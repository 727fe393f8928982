"""Ledger bench: build a ledger of N synthetic documents and time every query.

The documents are variations of the bundled example pages and the ledger test articles
(run through the pipeline once): each copy gets its own text hash (a line appended after
the last offset), an outlet out of 40, a day out of 120, and its named claimants renamed
from a pool of 400 invented people written in three transliterations each (-y, -yy, -iy),
so entity resolution, statement matching and event clustering all have work to do.

Reports (printed as Markdown, and with ``--json FILE`` kept):

- store throughput (documents a second) with the resolution layer and without it, on
  the same documents (``--compare N`` of them), and the same for full ingest (pipeline and
  store) on the example pages;
- the p50 and p95 of every listed query over ``--repeat`` runs with varied arguments (and
  ``claims --by`` of the speaker with the most claims, the worst case of that filter).

Usage: ``python bench/ledger.py [--docs 10000] [--backend sqlite|postgresql|both]``.
``--reuse sqlite:///big.db`` (or a PostgreSQL URL; with ``--backend both`` give one of each,
comma-separated) keeps the big ledger there: built when it holds fewer than ``--docs``
documents, read as it is (migrated to the newest schema) otherwise, so that a ledger built
once (about 6 minutes at 10,000 documents) is timed again after a change. ``--compare 0``
skips the store-rate comparison. ``--clock cpu`` times the queries by this process's CPU
time, for a machine other work shares (on SQLite that is the whole query; on PostgreSQL
the server's part is not in it). A PostgreSQL ledger built or reused is vacuumed and
ANALYZEd before it is timed, as autovacuum would (this project's server runs with it off).
"""
from __future__ import annotations

import argparse
import copy
import json
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

from claimledger.store import Ledger  # noqa: E402

PG_URL = os.environ.get("CLAIMLEDGER_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
OUTLETS = [f"Outlet {i:02d}" for i in range(40)]
_GIVEN = ["Oleh", "Iryna", "Dmytro", "Anna", "Serhii", "Olena", "Pavlo", "Maria", "Andrii", "Yulia"]
_ROOTS = ["Kovalensk", "Boryshch", "Marchenk", "Tkachuk", "Savchenk", "Hrytsenk", "Lysenk", "Moroz",
          "Petrenk", "Shevch", "Kravch", "Bondar", "Melnyk", "Rudenk", "Zinchenk", "Polishch", "Yaremk",
          "Fedorov", "Honchar", "Didenk"]
_ENDINGS = ["o", "y", "yy", "iy", "a", "ov"]


def people_pool(n: int, rng: random.Random) -> list[tuple[str, list[str], str]]:
    """``n`` invented people: given name, surname spellings (transliteration variants), side."""
    out = []
    for i in range(n):
        root = _ROOTS[i % len(_ROOTS)] + "abcdefghijklmnopqrstu"[i // len(_ROOTS) % 21]
        end = _ENDINGS[i % len(_ENDINGS)]
        spellings = [root + end] if end in ("o", "a", "ov") else [root + "y", root + "yy", root + "iy"]
        out.append((rng.choice(_GIVEN), spellings, rng.choice(["UA", "RU", "US", None])))
    return out


def base_records() -> list[dict[str, Any]]:
    from claimledger.ingest import read_document
    from claimledger.pipeline import default_pipeline
    from claimledger.records import Record, Source
    from claimledger.settings import Settings
    from tests.ledger_articles import ARTICLES
    recs = [read_document(str(p), max_bytes=10**7) for p in sorted((ROOT / "examples").glob("*.txt"))]
    recs += [Record(text=t, source=Source(path=f"article-{i}.txt"), hints={"published": p})
             for i, (t, p) in enumerate(ARTICLES)]
    return [o.record.to_json() for o in default_pipeline(Settings()).run(recs) if o.record is not None]


def synthesize(base: list[dict[str, Any]], n: int, seed: int = 7) -> list[dict[str, Any]]:
    """``n`` records varied from ``base`` (see the module docstring)."""
    import hashlib
    from datetime import date, timedelta
    rng = random.Random(seed)
    pool = people_pool(400, rng)
    out = []
    for i in range(n):
        rec = copy.deepcopy(base[i % len(base)])
        rec["text"] += f"\n[copy {i}]"
        sha = hashlib.sha256(rec["text"].encode("utf-8")).hexdigest()
        rec["source"] = {"path": f"synthetic/{i}.txt", "url": f"https://news.example/{i}", "sha256": sha}
        day = date(2025, 1, 1) + timedelta(days=rng.randrange(120))
        rec["document"]["outlet"] = rng.choice(OUTLETS)
        rec["document"]["published"] = f"{day.isoformat()}T{rng.randrange(24):02d}:00:00"
        for c in rec["claims"]:
            if c["claimant"].get("name") and rng.random() < 0.7:
                given, spellings, side = pool[int(rng.paretovariate(1.2)) % len(pool)]
                c["claimant"]["name"] = f"{given} {rng.choice(spellings)}" if rng.random() < 0.6 else rng.choice(spellings)
                c["claimant"]["side"] = side
            if c.get("said_on"):
                c["said_on"] = day.isoformat()
        for q in rec["quantities"]:
            if q.get("as_of"):
                q["as_of"] = day.isoformat()
        for e in rec["events"]:
            if e.get("when") and e["when"].get("start"):
                e["when"] = {"start": day.isoformat(), "end": day.isoformat()}
        out.append(rec)
    return out


def _pg_schema(name: str) -> str:
    from sqlalchemy import create_engine, text
    admin = create_engine(PG_URL)
    with admin.begin() as c:
        c.execute(text(f"drop schema if exists {name} cascade"))
        c.execute(text(f"create schema {name}"))
    admin.dispose()
    return f"{PG_URL}{'&' if '?' in PG_URL else '?'}options=-csearch_path%3D{name}"


def fresh_url(backend: str, name: str, tmp: Path) -> str:
    return f"sqlite:///{tmp / (name + '.db')}" if backend == "sqlite" else _pg_schema(f"bench_{name}")


def reuse_urls(spec: str | None, backends: list[str]) -> dict[str, str]:
    """``--reuse``'s URL for each backend (sqlite:/// for SQLite, postgresql… for PostgreSQL)."""
    out: dict[str, str] = {}
    for url in (u.strip() for u in (spec or "").split(",") if u.strip()):
        backend = "sqlite" if url.startswith("sqlite") else "postgresql"
        if backend not in backends:
            raise SystemExit(f"--reuse {url!r}: not a ledger of the benched backends ({', '.join(backends)})")
        out[backend] = url
    return out


def stored_documents(url: str) -> int:
    """How many documents the ledger at ``url`` holds (0 when there is none yet)."""
    from sqlalchemy import create_engine, func, inspect, select
    from claimledger.store.models import Document
    engine = create_engine(url)
    try:
        if not inspect(engine).has_table("documents"):
            return 0
        with engine.connect() as c:
            return int(c.scalar(select(func.count()).select_from(Document)) or 0)
    finally:
        engine.dispose()


def store_rate(url: str, records: list[dict[str, Any]], resolve: bool, batch: int = 64) -> float:
    """Documents stored a second."""
    with Ledger.open(url, resolve=resolve) as ledger:
        t0 = time.perf_counter()
        for i in range(0, len(records), batch):
            ledger.store(records[i:i + batch])
        return len(records) / (time.perf_counter() - t0)


def ingest_rate(url: str, resolve: bool) -> float:
    """Documents a second through the whole ingest (pipeline and store) of the example pages,
    the model loaded before the clock starts (else the first of the two rates pays for it)."""
    from claimledger import api
    from claimledger.parallel import SerialExecutor, extract_batch
    from claimledger.records import Record
    from claimledger.settings import Settings
    settings = Settings(db_url=url)
    executor = SerialExecutor(settings)
    extract_batch([Record(text="Warm-up\n\nTwo people were hurt, police said on Monday.\n")], settings)
    with Ledger.open(url, resolve=resolve) as ledger:
        t0 = time.perf_counter()
        rep = api.ingest([str(ROOT / "examples")], settings, ledger=ledger, executor=executor)
        return rep.stored / (time.perf_counter() - t0)


def analyze(url: str) -> None:
    """PostgreSQL: vacuum a ledger built or migrated and gather its planner's statistics, as
    autovacuum would (a server with it off plans every query of a fresh ledger blind, and
    reads the dead rows that ingest's updates of entity, statement and cluster ids leave:
    53,574 beside 29,288 live claims at 10,000 documents made every query half as slow again)."""
    if url.startswith("postgresql"):
        from sqlalchemy import create_engine, text
        engine = create_engine(url, isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            conn.execute(text("VACUUM ANALYZE"))
        engine.dispose()


def queries(ledger: Ledger, rng: random.Random) -> dict[str, Callable[[], Any]]:
    """Every listed query, each with arguments varied per run."""
    claims = ledger.claims(limit=200).rows
    people = [p.name for p in ledger.people(limit=100)]
    statements = [c.statement for c in claims if c.statement]
    entities = [c.entity for c in claims if c.entity]
    events = [e.uid for e in ledger.events(limit=100)]
    days = [f"2025-{m:02d}-{d:02d}" for m in (1, 2, 3, 4) for d in (1, 10, 20)]
    return {
        "claims": lambda: ledger.claims(),
        "claims --by NAME": lambda: ledger.claims(by=rng.choice(people)),
        # the worst case: the speaker with the most claims (people come most mentioned first)
        "claims --by TOP NAME": lambda: ledger.claims(by=people[0]),
        "claims --side RU": lambda: ledger.claims(side=rng.choice(["RU", "UA", "US"])),
        "claims --anonymous": lambda: ledger.claims(anonymous=True),
        "claims --modality denied": lambda: ledger.claims(modality="denied"),
        "claims --outlet": lambda: ledger.claims(outlet=rng.choice(OUTLETS)),
        "claims --since --until": lambda: ledger.claims(since=rng.choice(days), until="2025-04-30"),
        "claims --about WORDS": lambda: ledger.claims(words=rng.choice(["ceasefire", "drones", "hospital"])),
        "claims --offset 1000": lambda: ledger.claims(offset=1000),
        "claims --search WORDS": lambda: ledger.claims(search=rng.choice(["ceasefire talks", "drones", "hospital"])),
        "people": lambda: ledger.people(),
        "people NAME": lambda: ledger.people(rng.choice(people)),
        "places": lambda: ledger.places(),
        "places --country UA": lambda: ledger.places(country="UA"),
        "events": lambda: ledger.events(),
        "events --type ASSAULT": lambda: ledger.events(etype="ASSAULT"),
        "events --place UA": lambda: ledger.events(place=rng.choice(["UA", "RU", "Kharkiv"])),
        "events --since": lambda: ledger.events(since=rng.choice(days)),
        "estimates KEYWORDS": lambda: ledger.estimate_page(["north korean", "casualties"]),
        "estimates": lambda: ledger.estimate_page(),
        "trace claim": lambda: ledger.trace(rng.choice(claims).uid),
        "trace statement": lambda: ledger.trace(rng.choice(statements)),
        "trace entity": lambda: ledger.trace(rng.choice(entities)),
        "trace event": lambda: ledger.trace(rng.choice(events)),
    }


def time_queries(ledger: Ledger, repeat: int, clock: Callable[[], float] = time.perf_counter
                 ) -> dict[str, tuple[float, float]]:
    """Query -> (p50, p95) in milliseconds of ``clock`` (the wall clock, or the process's CPU time)."""
    rng = random.Random(11)
    out = {}
    for name, run in queries(ledger, rng).items():
        run()  # warm the caches once
        times = []
        for _ in range(repeat):
            t0 = clock()
            run()
            times.append((clock() - t0) * 1000)
        times.sort()
        out[name] = (statistics.median(times), times[min(len(times) - 1, int(round(0.95 * (len(times) - 1))))])
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, default=10_000)
    ap.add_argument("--compare", type=int, default=1_000, help="documents for the with/without resolution store rates")
    ap.add_argument("--repeat", type=int, default=30)
    ap.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="both")
    ap.add_argument("--no-ingest", action="store_true", help="skip the full-ingest comparison (it runs the model)")
    ap.add_argument("--json", default=None)
    ap.add_argument("--clock", choices=["wall", "cpu"], default="wall",
                    help="time the queries by the wall clock or by this process's CPU time (a loaded machine; "
                         "on PostgreSQL the server's time is not in it)")
    ap.add_argument("--reuse", default=None, metavar="URL[,URL]",
                    help="keep the big ledger at this URL: built when it holds fewer than --docs documents, "
                         "else timed as it is")
    args = ap.parse_args()
    backends = ["sqlite", "postgresql"] if args.backend == "both" else [args.backend]
    reuse = reuse_urls(args.reuse, backends)
    base = base_records()
    records = synthesize(base, args.docs)
    figures: dict[str, Any] = {"docs": args.docs, "base_pages": len(base)}
    with tempfile.TemporaryDirectory() as tmpdir:
        tmp = Path(tmpdir)
        for backend in backends:
            fig: dict[str, Any] = {}
            sample = records[:args.compare]
            if sample:
                fig["store_docs_per_s_without"] = store_rate(fresh_url(backend, "without", tmp), sample, False)
                fig["store_docs_per_s_with"] = store_rate(fresh_url(backend, "with", tmp), sample, True)
            if not args.no_ingest:
                fig["ingest_docs_per_s_without"] = ingest_rate(fresh_url(backend, "ingest_without", tmp), False)
                fig["ingest_docs_per_s_with"] = ingest_rate(fresh_url(backend, "ingest_with", tmp), True)
            url = reuse.get(backend)
            if url is not None and stored_documents(url) >= args.docs:
                fig["reused"] = True
            else:
                if url is None:
                    url = fresh_url(backend, "big", tmp)
                t0 = time.perf_counter()
                store_rate(url, records, True)
                fig["build_s"] = time.perf_counter() - t0
            with Ledger.open(url):
                pass  # migrated to the newest schema before it is vacuumed
            analyze(url)
            with Ledger.open(url) as ledger:
                s = ledger.summary(1)
                fig["counts"] = s.counts
                fig["entities"] = ledger.people(limit=1).total
                fig["event_clusters"] = ledger.events(limit=1).total
                fig["clock"] = args.clock
                fig["queries_ms"] = time_queries(ledger, args.repeat,
                                                 time.process_time if args.clock == "cpu" else time.perf_counter)
            figures[backend] = fig
            report(backend, fig)
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=1), encoding="utf-8")


def report(backend: str, fig: dict[str, Any]) -> None:
    print(f"\n## {backend}: {fig['counts']['documents']} documents, {fig['counts']['claims']} claims, "
          f"{fig['entities']} entities, {fig['event_clusters']} event clusters "
          f"({'reused' if fig.get('reused') else 'built in %.0f s' % fig['build_s']})\n")
    if "store_docs_per_s_with" in fig:
        w, wo = fig["store_docs_per_s_with"], fig["store_docs_per_s_without"]
        print(f"store: {wo:.1f} docs/s without resolution, {w:.1f} with ({(w / wo - 1) * 100:+.1f}%)")
    if "ingest_docs_per_s_with" in fig:
        w, wo = fig["ingest_docs_per_s_with"], fig["ingest_docs_per_s_without"]
        print(f"ingest (pipeline + store): {wo:.2f} docs/s without resolution, {w:.2f} with "
              f"({(w / wo - 1) * 100:+.1f}%)")
    print("\n| query | p50 ms | p95 ms |\n|---|---|---|")
    for name, (p50, p95) in fig["queries_ms"].items():
        print(f"| {name} | {p50:.1f} | {p95:.1f}{' (over 100)' if p95 > 100 else ''} |")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
