#!/usr/bin/env python3
"""Rewrite the alternate names of the city rows of the shipped gazetteer from
GeoNames' ``cities15000.txt`` (CC BY 4.0), for every city over ``--min-population``.

    python scripts/refresh_city_alternates.py ../shared/geonames src/claimledger/data/gazetteer.tsv.gz \
        [--min-population 15000]

Transliterations and exonyms are how news names towns at war ("Avdeevka" is
Avdiivka, "Artemovsk" is Bakhmut); GeoNames lists them as alternate names.
``build_gazetteer.py`` keeps them for cities over ``ALT_MIN_POPULATION``; this
refreshes them in place, leaving every other row (countries, divisions,
localities) as it is, so no download is needed.
"""
from __future__ import annotations

import argparse
import gzip
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from build_gazetteer import ALT_MIN_POPULATION, LATIN_NAME, read_tsv  # noqa: E402


def city_alternates(root: Path, min_population: int) -> dict[str, str]:
    """GeoNames id -> "|"-joined Latin-script alternate names, for cities over the threshold."""
    out = {}
    for c in read_tsv(root / "cities15000.txt"):
        gid, name, ascii_name, alts = c[:4]
        if int(c[14] or 0) < min_population:
            continue
        names = {ascii_name} if ascii_name != name else set()
        names |= {a for a in alts.split(",") if LATIN_NAME.match(a) and not a.isupper()}
        names.discard(name)
        out[gid] = "|".join(sorted(names))
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("geonames", type=Path)
    ap.add_argument("table", type=Path)
    ap.add_argument("--min-population", type=int, default=ALT_MIN_POPULATION)
    args = ap.parse_args()
    alts = city_alternates(args.geonames, args.min_population)
    with gzip.open(args.table, "rt", encoding="utf-8") as fh:
        lines = fh.read().splitlines()
    changed = 0
    for i, line in enumerate(lines):
        cols = line.split("\t")
        if len(cols) == 10 and cols[2] == "city" and cols[0] in alts and cols[9] != alts[cols[0]]:
            cols[9] = alts[cols[0]]
            lines[i] = "\t".join(cols)
            changed += 1
    with gzip.open(args.table, "wt", encoding="utf-8", compresslevel=9) as fh:
        fh.write("\n".join(lines) + "\n")
    print(f"{changed} city rows given alternate names", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
