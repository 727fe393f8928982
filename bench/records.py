"""Dump the records of a fixed sample, to check that a speed change changes no output.

    PYTHONPATH=src python bench/records.py --out build/after.jsonl
    PYTHONPATH=/path/to/other/src python bench/records.py --out build/before.jsonl
    python bench/records.py --compare build/before.jsonl build/after.jsonl

The sample: every page of ``examples/``, of ``../shared/genre/corpus`` (gold text
files left out) and ``--bench-docs`` articles of the benchmark corpus. With
``--spacy`` it dumps each page's tokens, tags, lemmas, parse and entities instead.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from corpus import build_corpus  # noqa: E402


def sample(bench_docs: int, seed: int = 7) -> list[tuple[str, str | None]]:
    """(name, text) pairs; a None text means: read the file as ``claimledger extract`` does."""
    pages = sorted(ROOT.glob("examples/*.txt"))
    genre = ROOT.parent / "shared" / "genre" / "corpus"
    pages += sorted(p for p in genre.glob("*") if p.is_file() and not p.name.endswith(".expected.txt"))
    return [(str(p), None) for p in pages] + build_corpus(bench_docs, seed=seed)


def dump(out: Path, bench_docs: int, spacy_only: bool, seed: int = 7) -> None:
    from claimledger.ingest import read_document
    from claimledger.pipeline import default_pipeline
    from claimledger.records import Record, Source
    from claimledger.settings import Settings
    pipeline = default_pipeline(Settings())
    with out.open("w", encoding="utf-8") as fh:
        for name, text in sample(bench_docs, seed):
            rec = read_document(name, max_bytes=10**7) if text is None else Record(text=text, source=Source(path=name))
            o = pipeline.run([rec])[0]
            if o.record is None:
                fh.write(json.dumps({"name": name, "error": str(o.error)}) + "\n")
            elif spacy_only:
                d = o.record.doc
                fh.write(json.dumps({"name": name, "tokens": [(t.text, t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_, t.head.i,
                                                             t.is_sent_start) for t in d],
                                     "ents": [(e.start, e.end, e.label_) for e in d.ents]}) + "\n")
            else:
                fh.write(json.dumps({"name": name, "record": o.record.to_json()}, ensure_ascii=False) + "\n")


def compare(a: Path, b: Path) -> int:
    left = [json.loads(x) for x in a.read_text(encoding="utf-8").splitlines()]
    right = [json.loads(x) for x in b.read_text(encoding="utf-8").splitlines()]
    differ = [x["name"] for x, y in zip(left, right) if x != y]
    print(f"{len(left)} vs {len(right)} documents; {len(differ)} differ" + (": " + ", ".join(differ[:10]) if differ else ""))
    return 1 if differ or len(left) != len(right) else 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path)
    ap.add_argument("--bench-docs", type=int, default=20)
    ap.add_argument("--seed", type=int, default=7, help="of the benchmark corpus (bench/run.py's is 19)")
    ap.add_argument("--spacy", action="store_true", help="dump the spaCy annotations, not the records")
    ap.add_argument("--compare", nargs=2, type=Path)
    args = ap.parse_args()
    if args.compare:
        return compare(*args.compare)
    dump(args.out, args.bench_docs, args.spacy, args.seed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
