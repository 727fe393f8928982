"""Score the extractor on a development set from ../shared, in one process.

    python scripts/devscore.py ../shared/tempeval3 --only times
    python scripts/devscore.py ../shared/geoparsing/tr-news --only places --misses

The set is a folder with ``corpus/NAME.txt`` and ``gold/NAME.json``. Each
document is read as ``claimledger extract`` reads it, with the gold record's
``document.published`` passed as ``--published`` (TempEval-3 pages carry no
date line). Predictions go to a temporary folder and ``eval/score.py`` scores
them, exactly as the README of each set says. ``--misses`` lists the gold
items not matched and the predictions that matched nothing, for error analysis.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

from claimledger.dates import read_given_date
from claimledger.ingest import read_document
from claimledger.pipeline import default_pipeline
from claimledger.settings import load_settings


def _overlap(a: dict, b: dict) -> bool:
    return a["start"] < b["end"] and b["start"] < a["end"]


def _key(category: str, item: dict) -> str:
    if category == "times":
        return f"{item.get('type')} {item.get('value')}"
    if category == "places":
        return f"{item.get('country')} {item.get('geonames_id')} {item.get('feature')}"
    return json.dumps({k: v for k, v in item.items() if k not in ("start", "end", "text")})[:80]


def misses(gold: dict, pred: dict, category: str, name: str) -> None:
    text = gold["text"]
    for g in gold.get(category, []):
        hits = [p for p in pred.get(category, []) if _overlap(g, p)]
        got = "; ".join(f"{pred['text'][p['start']:p['end']]!r} {_key(category, p)}" for p in hits)
        label = "OPT " if g.get("optional") else ""
        print(f"{name}\t{label}GOLD {text[g['start']:g['end']]!r} {_key(category, g)}\t<- {got or 'NONE'}")
    for p in pred.get(category, []):
        if not any(_overlap(g, p) for g in gold.get(category, [])):
            print(f"{name}\tEXTRA {pred['text'][p['start']:p['end']]!r} {_key(category, p)}")


def given_date_ok(value: str) -> bool:
    """Whether claimledger takes ``value`` as a publication date (``--published``)."""
    try:
        read_given_date(value)
    except ValueError:
        return False
    return True


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("dataset", type=Path)
    ap.add_argument("--only", default="times")
    ap.add_argument("--misses", action="store_true")
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--score", type=Path, default=None, help="path of score.py (default: ../eval/score.py from the set)")
    args = ap.parse_args()

    gold_dir, corpus_dir = args.dataset / "gold", args.dataset / "corpus"
    score = args.score or next(p / "eval" / "score.py" for p in args.dataset.resolve().parents
                               if (p / "eval" / "score.py").exists())
    names = sorted(p.stem for p in gold_dir.glob("*.json"))
    if args.limit:
        names = names[: args.limit]
    settings = load_settings()
    pipeline = default_pipeline(settings)
    golds = {n: json.loads((gold_dir / f"{n}.json").read_text()) for n in names}

    def records():
        for n in names:
            published = (golds[n].get("document") or {}).get("published")
            # a gold date that is no calendar date (tr-news keeps cut-off strings) is left out:
            # claimledger refuses such a date, naming the document
            hints = {"published": published} if published and given_date_ok(published) else {}
            yield read_document(str(corpus_dir / f"{n}.txt"), max_bytes=settings.max_bytes, hints=hints)

    with tempfile.TemporaryDirectory() as tmp:
        pred_dir = Path(tmp)
        for n, outcome in zip(names, pipeline.run_stream(records(), settings.batch_size)):
            if outcome.error is not None:
                print(f"{n}: {outcome.error}", file=sys.stderr)
                continue
            rec = outcome.record.to_json()
            (pred_dir / f"{n}.json").write_text(json.dumps(rec))
            if args.misses:
                for cat in args.only.split(","):
                    misses(golds[n], rec, cat, n)
        # score only the documents scored here
        gold_sub = pred_dir.parent / (pred_dir.name + "-gold")
        gold_sub.mkdir()
        for n in names:
            (gold_sub / f"{n}.json").write_text(json.dumps(golds[n]))
        try:
            return subprocess.call([sys.executable, str(score), "--only", args.only,
                                    "--gold", str(gold_sub), "--pred", str(pred_dir)])
        finally:
            for f in gold_sub.glob("*.json"):
                f.unlink()
            gold_sub.rmdir()


if __name__ == "__main__":
    sys.exit(main())
