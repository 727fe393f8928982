#!/usr/bin/env python3
"""Build claimledger's shipped gazetteer from GeoNames extracts (CC BY 4.0).

    python scripts/build_gazetteer.py ../shared/geonames src/claimledger/data/gazetteer.tsv.gz

Rows: countries (countryInfo.txt), first-level divisions (admin1CodesASCII.txt)
and populated places over 15,000 people (cities15000.txt). GeoNames gives no
coordinates for countries and divisions, so a country gets the median of its
places' coordinates and a division the mean of its places' (its capital when
it has one place). Alternate names are kept for larger places only, and only
in Latin script, to keep the table small and the lookups unambiguous.
"""
from __future__ import annotations

import gzip
import re
import statistics
import sys
from collections import defaultdict
from pathlib import Path

LATIN_NAME = re.compile(r"^[A-Z][A-Za-z'’.\- ]{2,40}$")
ALT_MIN_POPULATION = 100_000
COLUMNS = ("geonames_id", "name", "feature", "country", "admin1", "lat", "lon", "population", "alternates")


def read_tsv(path: Path):
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("#") or not line.strip():
                continue
            yield line.rstrip("\n").split("\t")


def main(src: str, dest: str) -> None:
    root = Path(src)
    cities = []
    by_admin1: dict[str, list[tuple[float, float]]] = defaultdict(list)
    by_country: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for c in read_tsv(root / "cities15000.txt"):
        gid, name, ascii_name, alts, lat, lon, fclass, fcode, cc, _, a1 = c[:11]
        pop = int(c[14] or 0)
        latf, lonf = float(lat), float(lon)
        by_admin1[f"{cc}.{a1}"].append((latf, lonf))
        by_country[cc].append((latf, lonf))
        names = {ascii_name} if ascii_name != name else set()
        if pop >= ALT_MIN_POPULATION:
            names |= {a for a in alts.split(",") if LATIN_NAME.match(a) and not a.isupper()}
        names.discard(name)
        cities.append((gid, name, "city", cc, a1, latf, lonf, pop, "|".join(sorted(names))))
    rows = []
    for c in read_tsv(root / "countryInfo.txt"):
        iso, name, pop, gid = c[0], c[4], int(c[7] or 0), c[16]
        pts = by_country.get(iso)
        lat = round(statistics.median(p[0] for p in pts), 4) if pts else ""
        lon = round(statistics.median(p[1] for p in pts), 4) if pts else ""
        rows.append((gid, name, "country", iso, "", lat, lon, pop, ""))
    for c in read_tsv(root / "admin1CodesASCII.txt"):
        code, name, ascii_name, gid = c[:4]
        cc, a1 = code.split(".", 1)
        pts = by_admin1.get(code)
        lat = round(statistics.fmean(p[0] for p in pts), 4) if pts else ""
        lon = round(statistics.fmean(p[1] for p in pts), 4) if pts else ""
        alts = ascii_name if ascii_name != name else ""
        rows.append((gid, name, "admin1", cc, a1, lat, lon, 0, alts))
    rows.extend(cities)
    with gzip.open(dest, "wt", encoding="utf-8", compresslevel=9) as out:
        out.write("# GeoNames (https://www.geonames.org/), CC BY 4.0; built by scripts/build_gazetteer.py\n")
        out.write("\t".join(COLUMNS) + "\n")
        for r in rows:
            out.write("\t".join(str(x) for x in r) + "\n")
    print(f"{dest}: {len(rows)} rows")


if __name__ == "__main__":
    main(*sys.argv[1:3])
