"""Export bench: peak memory and time of every ``claimledger export`` format on a small and a
large ledger, to show the exports stream (the large one's peak within 10% of the small one's).

The ledgers are built without the model: the hand-made records of ``tests/test_exports.py``
(one claim each, with places, counts of dead, events of five kinds, a relayed claim) varied
by ``bench/ledger.py``'s ``synthesize`` (own text hash, outlet, day, renamed claimants), and
stored with the resolution layer. Each export runs in a fresh process that reports its own
peak RSS, writing to a temporary file.

Usage: ``python bench/exports.py [--docs 1000,10000] [--formats jsonl,csv,...] [--json FILE]``.
"""
from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

FORMATS = ["jsonl", "csv", "geojson", "acled-csv", "polecat-json", "prov-json", "claimreview"]


def build(url: str, n: int, batch: int = 100) -> float:
    """Store ``n`` synthetic documents (and rate every tenth claim); the seconds it took."""
    from bench.ledger import synthesize
    from claimledger import api
    from claimledger.records import item_uid
    from claimledger.store import Ledger
    from tests.test_exports import RECORDS
    records = synthesize(RECORDS, n)
    t0 = time.perf_counter()
    with Ledger.open(url) as ledger:
        for i in range(0, n, batch):
            ledger.store(records[i:i + batch])
        for i, rec in enumerate(records[::10]):
            uid = item_uid(rec["source"]["sha256"], "claim", 1)  # the stored uid (synthesize gives a new hash)
            api.rate(ledger, uid, ["false", "mixed", "true"][i % 3], note="bench")
    return time.perf_counter() - t0


def _status(field: str) -> float:
    """A figure of /proc/self/status in MB (VmRSS: now; VmHWM: the peak so far)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child(url: str, fmt: str, out: str) -> None:
    """Run one export and print its seconds, rows, this process's resident memory before it and
    its peak (MB) as JSON. It calls the exports directly (the CLI's path without its imports)."""
    import io

    from claimledger.exports import write_export
    from claimledger.store import Ledger
    with Ledger.open(url) as ledger:
        write_export(ledger, fmt, io.StringIO() if fmt != "csv" else out + "-warm", limit_warmup(ledger))
        before = _status("VmRSS")
        t0 = time.perf_counter()
        if fmt == "csv":
            report = write_export(ledger, fmt, out)
        else:
            with open(out, "w", encoding="utf-8") as fh:
                report = write_export(ledger, fmt, fh)
        seconds = time.perf_counter() - t0
    print(json.dumps({"seconds": round(seconds, 2), "rows": sum(report.written.values()),
                      "before_mb": round(before, 1), "rss_mb": round(_status("VmHWM"), 1)}))


def limit_warmup(ledger: Any) -> Any:
    """Filters that keep almost nothing: a first export that loads every module and table."""
    from claimledger.store.streams import Filters
    return Filters(since="2999-01-01")


def measure(url: str, fmt: str, tmp: Path) -> dict[str, Any]:
    """One export of ``fmt`` in a fresh process."""
    out = tmp / (fmt if fmt == "csv" else f"export.{fmt}")
    res = subprocess.run([sys.executable, __file__, "--child", url, fmt, str(out)], capture_output=True,
                         text=True, check=True)
    return json.loads(res.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", default="1000,10000", help="ledger sizes, small first")
    ap.add_argument("--formats", default=",".join(FORMATS))
    ap.add_argument("--json", default=None, help="also write the figures to this file")
    ap.add_argument("--child", nargs=3, metavar=("URL", "FORMAT", "OUT"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        child(*args.child)
        return
    sizes = [int(n) for n in args.docs.split(",")]
    formats = args.formats.split(",")
    figures: dict[str, Any] = {"docs": sizes, "formats": {}}
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        urls = {}
        for n in sizes:
            urls[n] = f"sqlite:///{tmp / f'ledger-{n}.db'}"
            figures[f"build_{n}_s"] = round(build(urls[n], n), 1)
        for fmt in formats:
            figures["formats"][fmt] = {str(n): measure(urls[n], fmt, tmp) for n in sizes}
    small, large = str(sizes[0]), str(sizes[-1])
    print(f"| format | {' | '.join(f'{n} docs: rows, s, MB before, peak MB' for n in sizes)} | peak ratio |")
    print(f"|---|{'---|' * len(sizes)}---|")
    for fmt, by in figures["formats"].items():
        cells = " | ".join(f"{by[str(n)]['rows']}, {by[str(n)]['seconds']}, {by[str(n)]['before_mb']}, "
                           f"{by[str(n)]['rss_mb']}" for n in sizes)
        ratio = by[large]["rss_mb"] / by[small]["rss_mb"]
        by["ratio"] = round(ratio, 3)
        print(f"| {fmt} | {cells} | {ratio:.3f} |")
    worst = max(by["ratio"] for by in figures["formats"].values())
    figures["worst_ratio"] = worst
    print(f"\nworst peak-memory ratio {large}/{small} documents: {worst:.3f} (streaming: within 1.10)")
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
