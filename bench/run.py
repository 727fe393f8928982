"""claimledger's benchmark: speed and memory against spaCy's own pipeline, in one run.

    python bench/run.py                       # 200 seeded articles, 2 alternating rounds
    python bench/run.py --docs 300 --rounds 3
    python bench/run.py --memory 2000,10000   # also ingest's peak memory at these sizes

On a seeded corpus of ``--docs`` articles of 500-900 words (``bench/corpus.py``:
the bundled example pages, each continued with generated paragraphs), it runs
each of these in a fresh process of its own, so each has its own peak memory
(``VmHWM``), and alternates them for ``--rounds`` rounds:

- ``spacy``: the spaCy model's full default pipeline alone, ``nlp.pipe``;
- ``record``: claimledger from text to ``claimledger/1`` record;
- ``ledger``: claimledger from text files to stored SQLite ledger rows (``api.ingest``);
- ``unresolved``: the same without the resolution layer (no entities, statements, event
  clusters or stored contradictions), so that its cost shows as the ratio of the two;
- ``workers2``: the same as ``ledger`` with two worker processes.

Model loading is outside the timed part of every run (a few documents warm each
process up first; the ingest jobs store them, so that the writer's one-time work is
outside it too). Speeds are documents per CPU-second (the process and its
workers), the fair measure on a machine shared with other jobs; the speed-up of
two workers is in wall time, which only a quiet machine shows truly. Each
speed is the median over the rounds, and each ratio the median of the rounds' own ratios
(the two jobs of one round run within a minute of each other; this machine's speed drifts
by 10-30% over a few minutes, more than between them). It writes ``bench/results.json`` and
prints a one-line summary (the README quotes it).
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT / "src"))

from corpus import build_corpus, write_corpus  # noqa: E402

JOBS = ("spacy", "record", "ledger", "unresolved", "workers2")
WARM_DOCS = 4


def peak_rss_mb() -> float:
    """This process's peak resident memory (VmHWM: unlike ru_maxrss it is not inherited on exec)."""
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    raise RuntimeError("no VmHWM in /proc/self/status")


def cpu_seconds(children: list | None = None) -> float:
    """CPU time of this process and of ``children`` (live psutil processes)."""
    total = time.process_time()
    for c in children or []:
        t = c.cpu_times()
        total += t.user + t.system
    return total


def children_peak_mb(children: list) -> list[float]:
    out = []
    for c in children:
        with open(f"/proc/{c.pid}/status") as fh:
            out += [int(line.split()[1]) / 1024 for line in fh if line.startswith("VmHWM:")]
    return out


# ------------------------------------------------------------------ the jobs, each in a fresh process
def job_spacy(args: argparse.Namespace, docs: list[tuple[str, str]]) -> dict:
    import spacy

    from claimledger.settings import Settings
    nlp = spacy.load(Settings().model)
    texts = [t for _, t in docs]
    for _ in nlp.pipe(texts[:WARM_DOCS], batch_size=args.batch_size):
        pass
    wall, cpu = time.perf_counter(), cpu_seconds()
    for _ in nlp.pipe(texts, batch_size=args.batch_size):
        pass
    return {"wall_s": time.perf_counter() - wall, "cpu_s": cpu_seconds() - cpu}


def job_record(args: argparse.Namespace, docs: list[tuple[str, str]]) -> dict:
    from claimledger.pipeline import default_pipeline
    from claimledger.records import Record, Source
    from claimledger.settings import Settings
    pipeline = default_pipeline(Settings(batch_size=args.batch_size))

    def records(part: list[tuple[str, str]]):
        return (Record(text=t, source=Source(path=p)) for p, t in part)
    for _ in pipeline.run_stream(records(docs[:WARM_DOCS]), args.batch_size):
        pass
    pipeline.timings = dict.fromkeys(pipeline.timings, 0.0)
    wall, cpu = time.perf_counter(), cpu_seconds()
    failed = sum(1 for o in pipeline.run_stream(records(docs), args.batch_size) if o.record is None)
    out = {"wall_s": time.perf_counter() - wall, "cpu_s": cpu_seconds() - cpu, "failed": failed}
    total = sum(pipeline.timings.values()) or 1.0
    out["stage_share"] = {k: round(v / total, 4) for k, v in sorted(pipeline.timings.items(), key=lambda kv: -kv[1])}
    return out


def job_ingest(args: argparse.Namespace, workers: int, resolve: bool = True) -> dict:
    import psutil

    from claimledger import api
    from claimledger.parallel import ProcessExecutor, SerialExecutor
    from claimledger.records import Record, Source
    from claimledger.settings import Settings
    from claimledger.store import Ledger
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(db_url=f"sqlite:///{tmp}/ledger.db", batch_size=args.batch_size)
        warm = [Record(text=t, source=Source(path=p)) for p, t in build_corpus(WARM_DOCS, seed=args.seed + 1)]
        if workers > 1:
            executor: ProcessExecutor | SerialExecutor = ProcessExecutor(settings, workers)
            executor.warm()
        else:
            executor = SerialExecutor(settings)
        with Ledger.open(settings.db_url, resolve=resolve) as ledger:
            # the warm-up pages go through the workers and are stored, so that the writer's one-time
            # work (its tables of places' divisions, its compiled statements) is outside the timing too
            ledger.store([e.record for got in executor.map([warm]) for e in got if e.record is not None])
            children = psutil.Process().children(recursive=True)
            wall, cpu = time.perf_counter(), cpu_seconds(children)
            rep = api.ingest([str(args.folder)], settings, executor=executor, ledger=ledger)
        out = {"wall_s": time.perf_counter() - wall, "cpu_s": cpu_seconds(children) - cpu,
               "stored": rep.stored, "failed": len(rep.failed)}
        if workers > 1:
            out["worker_peak_rss_mb"] = children_peak_mb(children)
        executor.close()
    return out


def run_job(job: str, args: argparse.Namespace) -> dict:
    cmd = [sys.executable, __file__, "--job", job, "--docs", str(args.docs), "--seed", str(args.seed),
           "--batch-size", str(args.batch_size), "--folder", str(args.folder)]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0:
        sys.exit(f"bench: job {job} failed:\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def do_job(args: argparse.Namespace) -> dict:
    if args.job in ("ledger", "unresolved", "workers2", "memory"):
        out = job_ingest(args, 2 if args.job == "workers2" else 1, resolve=args.job != "unresolved")
    else:
        docs = build_corpus(args.docs, seed=args.seed)
        out = (job_spacy if args.job == "spacy" else job_record)(args, docs)
    out["peak_rss_mb"] = round(peak_rss_mb(), 1)
    return out


# ------------------------------------------------------------------ the whole run
def summarise(runs: dict[str, list[dict]], args: argparse.Namespace, words: int) -> dict:
    med = {j: {k: statistics.median(r[k] for r in rs) for k in ("wall_s", "cpu_s", "peak_rss_mb")}
           for j, rs in runs.items()}
    rate = {j: args.docs / m["cpu_s"] for j, m in med.items()}

    def paired(fast: str, slow: str, key: str = "cpu_s") -> float:
        """The median over rounds of one round's ratio (the machine's speed drifts between
        rounds more than between two jobs of one round)."""
        return statistics.median(a[key] / b[key] for a, b in zip(runs[fast], runs[slow]))
    res = {
        "when": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "machine": f"{os.cpu_count()} cores",
        "python": sys.version.split()[0], "docs": args.docs, "words_per_doc": round(words / args.docs),
        "seed": args.seed, "rounds": args.rounds, "batch_size": args.batch_size,
        "load_average_at_start": round(os.getloadavg()[0], 2),
        "docs_per_cpu_s": {j: round(v, 2) for j, v in rate.items()},
        "wall_s": {j: round(m["wall_s"], 1) for j, m in med.items()},
        "pipeline_vs_spacy": round(paired("spacy", "record"), 3),
        "ledger_vs_spacy": round(paired("spacy", "ledger"), 3),
        "ledger_vs_unresolved": round(paired("unresolved", "ledger"), 3),
        "workers2_speedup": round(paired("ledger", "workers2", "wall_s"), 3),
        "peak_rss_mb": {j: m["peak_rss_mb"] for j, m in med.items()},
        "workers2_worker_peak_rss_mb": runs["workers2"][-1].get("worker_peak_rss_mb"),
        "stage_share": runs["record"][-1]["stage_share"],
        "rounds_raw": runs,
    }
    return res


def one_line(r: dict) -> str:
    return (f"bench ({r['docs']} docs of ~{r['words_per_doc']} words, median of {r['rounds']} rounds, "
            f"CPU time): spaCy alone {r['docs_per_cpu_s']['spacy']:.1f} docs/s; text->record "
            f"{r['pipeline_vs_spacy']:.2f}x of spaCy; text->ledger {r['ledger_vs_spacy']:.2f}x "
            f"({r['ledger_vs_unresolved']:.2f}x of the same without the resolution layer); "
            f"--workers 2 {r['workers2_speedup']:.2f}x one worker (wall); peak RSS "
            f"{r['peak_rss_mb']['spacy']:.0f}/{r['peak_rss_mb']['record']:.0f}/{r['peak_rss_mb']['ledger']:.0f} MB "
            f"(spaCy/record/ledger)")


def memory_check(args: argparse.Namespace, sizes: list[int]) -> dict:
    """Peak memory of a one-process ingest at each corpus size (fresh corpus and process each)."""
    out = {}
    for n in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            sub = argparse.Namespace(**{**vars(args), "docs": n, "folder": write_corpus(Path(tmp) / "c", n, args.seed)})
            r = run_job("memory", sub)
            out[str(n)] = {"peak_rss_mb": r["peak_rss_mb"], "wall_s": round(r["wall_s"], 1)}
            print(f"bench: ingest of {n} documents: peak {r['peak_rss_mb']:.0f} MB", file=sys.stderr)
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", type=int, default=200)
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--seed", type=int, default=19)
    ap.add_argument("--batch-size", type=int, default=8)
    ap.add_argument("--memory", default="", help="comma-separated corpus sizes for ingest's peak memory")
    ap.add_argument("--json", type=Path, default=HERE / "results.json")
    ap.add_argument("--folder", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--job", choices=JOBS + ("memory",), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.job:
        print(json.dumps(do_job(args)))
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        args.folder = write_corpus(Path(tmp) / "corpus", args.docs, args.seed)
        words = sum(len(p.read_text(encoding="utf-8").split()) for p in args.folder.iterdir())
        runs: dict[str, list[dict]] = {j: [] for j in JOBS}
        for n in range(args.rounds):
            for job in JOBS if n % 2 == 0 else reversed(JOBS):
                runs[job].append(run_job(job, args))
                print(f"bench: round {n + 1} {job}: {runs[job][-1]['cpu_s']:.1f} CPU-s, "
                      f"{runs[job][-1]['wall_s']:.1f} s", file=sys.stderr)
    result = summarise(runs, args, words)
    if args.memory:
        result["ingest_peak_rss_mb_by_docs"] = memory_check(args, [int(x) for x in args.memory.split(",")])
    result["summary"] = one_line(result)
    args.json.write_text(json.dumps(result, indent=1) + "\n")
    print(result["summary"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
