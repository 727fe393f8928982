"""Is extraction time linear in the length of a page?

    python bench/linear.py                          # 10 KB to 1 MB of short news lines
    python bench/linear.py --sizes 10,40,160 --shape paragraphs --json bench/linear.json

A page is built of short lines (the shape that was quadratic: a live blog or a
scraped list of headlines, one sentence a line, with place names, sources and
figures on every line), to each size in KB; the whole pipeline runs over it once
per size and the time per character is printed. Linear time means that figure
stays flat as the page grows; the last column is each size's figure over the
smallest size's (``--max-ratio`` fails the run when the largest exceeds it). The
same two figures are printed for claimledger's own stages alone (every stage but
``nlp``, spaCy's parse) and for spaCy alone, so a non-flat total says whose it is;
``--max-ratio`` checks our own stages' ratio. ``--clock cpu`` times this process's
CPU seconds instead of the wall clock: on a shared machine other processes' load
changes the wall time of one size and not another's, and the ratios with it.
``--published 2024-11-17`` dates the pages, so their weekdays become times (undated,
a relative day is left unread) and the look-ups of times per claim, count and event
are timed too.

The sentences are written for this benchmark; none comes from an article.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

LINES = (
    "Officials in Kharkiv said 12 people were hurt on Monday.",
    "The governor of Kursk Oblast said drones hit a fuel depot overnight.",
    "Police in Odesa said at least 3 houses were damaged, according to a statement.",
    "A spokesman for the army told reporters the brigade held its positions near Pokrovsk.",
    "Residents of Sumy queued for water as engineers repaired the pipes.",
    "The mayor of Kyiv said power was restored to 4,000 homes by Tuesday evening.",
    "Moscow said its air defences shot down 20 drones over the Belgorod region.",
    "An official, who asked not to be named, said talks in Geneva would resume.",
)


def page(kb: int, shape: str) -> str:
    """A page of ``kb`` kilobytes: short lines, or paragraphs of four lines."""
    out: list[str] = ["Live: the war, hour by hour", ""]
    size, i = 0, 0
    while size < kb * 1000:
        line = LINES[i % len(LINES)]
        out.append(line)
        if shape == "paragraphs" and i % 4 == 3:
            out.append("")
        size += len(line) + 1
        i += 1
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="10,50,250,1000", help="page sizes in KB, comma-separated")
    ap.add_argument("--shape", choices=["lines", "paragraphs"], default="lines")
    ap.add_argument("--max-ratio", type=float, default=None,
                    help="fail when the largest size's time per character exceeds the smallest's by this")
    ap.add_argument("--json", default=None, help="also write the figures to this file")
    ap.add_argument("--published", default=None,
                    help="the pages' publication date (ISO 8601): their weekdays become dated times, as a news page's do")
    ap.add_argument("--clock", choices=["wall", "cpu"], default="wall",
                    help="wall time, or this process's CPU time (steadier on a shared, loaded machine)")
    args = ap.parse_args(argv)
    from claimledger.pipeline import default_pipeline
    from claimledger.records import Record, Source
    from claimledger.settings import Settings
    pipeline = default_pipeline(Settings(max_chars=2_000_000, max_lines=200_000, max_seconds=0))
    clock = time.process_time if args.clock == "cpu" else time.perf_counter
    pipeline.clock = clock
    pipeline.run([Record(text=page(2, args.shape), source=Source(path="warm-up"))])  # load the model
    rows = []
    print(f"clock: {args.clock}")
    for kb in (int(s) for s in args.sizes.split(",")):
        text = page(kb, args.shape)
        stage_before = dict(pipeline.timings)
        started = clock()
        hints = {"published": args.published} if args.published else {}
        out = pipeline.run([Record(text=text, source=Source(path=f"{kb}KB"), hints=hints)])[0]
        seconds = clock() - started
        if out.error is not None:
            print(f"{kb} KB: {out.error}", file=sys.stderr)
            return 1
        stages = {k: v - stage_before.get(k, 0.0) for k, v in pipeline.timings.items()}
        spacy_s = stages.get("nlp", 0.0)
        rows.append({"kb": kb, "clock": args.clock, "published": args.published, "chars": len(text), "lines": text.count("\n"), "seconds": round(seconds, 2),
                     "us_per_char": round(seconds / len(text) * 1e6, 2), "claims": len(out.record.claims),
                     "times": len(out.record.times),
                     "ours_us_per_char": round((seconds - spacy_s) / len(text) * 1e6, 2),
                     "spacy_us_per_char": round(spacy_s / len(text) * 1e6, 2),
                     "stages": {k: round(v, 2) for k, v in stages.items()}})
    base, ours, spacy = (rows[0][k] or 1e-9 for k in ("us_per_char", "ours_us_per_char", "spacy_us_per_char"))
    print(f"{'KB':>6} {'chars':>9} {'lines':>7} {'seconds':>8} {'µs/char':>8} {'claims':>7} {'ratio':>6} "
          f"{'ours':>6} {'ratio':>6} {'spaCy':>6} {'ratio':>6}  slowest of ours")
    for r in rows:
        slow = max(((k, v) for k, v in r["stages"].items() if k != "nlp"), key=lambda kv: kv[1], default=("-", 0))
        r["ratio"] = round(r["us_per_char"] / base, 2)
        r["ours_ratio"] = round(r["ours_us_per_char"] / ours, 2)
        r["spacy_ratio"] = round(r["spacy_us_per_char"] / spacy, 2)
        print(f"{r['kb']:>6} {r['chars']:>9,} {r['lines']:>7,} {r['seconds']:>8} {r['us_per_char']:>8} "
              f"{r['claims']:>7} {r['ratio']:>6} {r['ours_us_per_char']:>6} {r['ours_ratio']:>6} "
              f"{r['spacy_us_per_char']:>6} {r['spacy_ratio']:>6}  {slow[0]} {slow[1]} s")
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=1), encoding="utf-8")
    if args.max_ratio is not None and rows[-1]["ours_ratio"] > args.max_ratio:
        print(f"not linear: our stages take {rows[-1]['ours_ratio']} times the time per character at "
              f"{rows[-1]['kb']} KB",
              file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
