"""Score the extractor on ``../shared/genre`` (or any folder of pages with gold), pooled.

    python scripts/genrescore.py [../shared/genre] [--out build/genre-pred] [--misses claims,events]

Each page in ``corpus/`` (``NAME.txt`` or ``NAME.html``; ``NAME.expected.txt`` is gold
text, not input) is read exactly as ``claimledger extract`` reads it, with no hints:
the document fields are scored too, so nothing from the gold is passed in. The
predictions are written to ``--out`` and ``eval/score.py`` scores them.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

from claimledger.ingest import read_document
from claimledger.pipeline import default_pipeline
from claimledger.settings import load_settings

sys.path.insert(0, str(Path(__file__).resolve().parent))
from devscore import misses  # noqa: E402


def page_for(corpus: Path, name: str) -> Path:
    """The input page of gold record ``name``: the file that is not ``.expected.txt``."""
    for p in sorted(corpus.glob(f"{name}.*")):
        if not p.name.endswith(".expected.txt"):
            return p
    raise FileNotFoundError(f"no page for {name} in {corpus}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("dataset", type=Path, nargs="?", default=Path("../shared/genre"))
    ap.add_argument("--out", type=Path, default=Path("build/genre-pred"))
    ap.add_argument("--misses", default="", help="categories whose misses to list")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    gold_dir, corpus = args.dataset / "gold", args.dataset / "corpus"
    score = next(p / "eval" / "score.py" for p in args.dataset.resolve().parents if (p / "eval" / "score.py").exists())
    names = sorted(p.stem for p in gold_dir.glob("*.json"))
    settings = load_settings()
    pipeline = default_pipeline(settings)
    args.out.mkdir(parents=True, exist_ok=True)
    for old in args.out.glob("*.json"):
        old.unlink()

    def records():
        for n in names:
            yield read_document(str(page_for(corpus, n)), max_bytes=settings.max_bytes, hints={})

    for n, outcome in zip(names, pipeline.run_stream(records(), settings.batch_size)):
        if outcome.error is not None:
            print(f"{n}: {outcome.error}", file=sys.stderr)
            continue
        rec = outcome.record.to_json()
        (args.out / f"{n}.json").write_text(json.dumps(rec, ensure_ascii=False), encoding="utf-8")
        if args.misses:
            gold = json.loads((gold_dir / f"{n}.json").read_text(encoding="utf-8"))
            for cat in args.misses.split(","):
                misses(gold, rec, cat, n)
    cmd = [sys.executable, str(score), "--gold", str(gold_dir), "--pred", str(args.out)]
    return subprocess.call(cmd + (["--json"] if args.json else []))


if __name__ == "__main__":
    sys.exit(main())
