"""The in-process gazetteer: GeoNames countries, first-level divisions and
places over 15,000 people, with alternate names and aliases.

Data by GeoNames (https://www.geonames.org/), CC BY 4.0.
"""
from __future__ import annotations

import gzip
import math
import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

from claimledger.lexicon import data_path, table

#: words that name a first-level division after its proper name ("Kursk Oblast", "Kharkiv region")
REGION_WORDS = ("oblast", "region", "province", "governorate", "krai", "kray", "okrug", "state",
                "county", "district", "prefecture", "voivodeship", "raion")
_REGION_SUFFIX = re.compile(rf"\s+(?:{'|'.join(REGION_WORDS)})$", re.IGNORECASE)
#: places at least this large are forced as places even when the model says PERSON
WELL_KNOWN_POPULATION = 100_000
FEATURE_RANK = {"country": 3, "admin1": 2, "city": 1}


@dataclass(frozen=True)
class GazEntry:
    geonames_id: int
    name: str
    feature: str
    country: str
    admin1: str
    lat: float | None
    lon: float | None
    population: int


def region_base(name: str) -> str:
    """ "Kursk Oblast" -> "Kursk"; a name without a region word is returned as it is."""
    return _REGION_SUFFIX.sub("", name).strip()


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p = math.pi / 180
    a = (math.sin((lat2 - lat1) * p / 2) ** 2
         + math.cos(lat1 * p) * math.cos(lat2 * p) * math.sin((lon2 - lon1) * p / 2) ** 2)
    return 12742 * math.asin(math.sqrt(min(1.0, a)))


class Gazetteer:
    """Name lookups over the shipped GeoNames table."""

    def __init__(self, path: str | None = None) -> None:
        self.entries: list[GazEntry] = []
        self.by_name: dict[str, list[int]] = defaultdict(list)
        #: lower-cased names safe to force as places in running text
        self.well_known: set[str] = set()
        self.countries: dict[str, int] = {}
        self._load(path or data_path("gazetteer.tsv.gz"))
        self._add_aliases()

    def _add(self, name: str, idx: int, well_known: bool) -> None:
        key = name.lower()
        if idx not in self.by_name[key]:
            self.by_name[key].append(idx)
        if well_known:
            self.well_known.add(key)

    def _load(self, path: str) -> None:
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            header = None
            for line in fh:
                if line.startswith("#"):
                    continue
                cols = line.rstrip("\n").split("\t")
                if header is None:
                    header = cols
                    continue
                gid, name, feature, cc, a1, lat, lon, pop, alts = cols
                entry = GazEntry(int(gid), name, feature, cc, a1, float(lat) if lat else None,
                                 float(lon) if lon else None, int(pop or 0))
                idx = len(self.entries)
                self.entries.append(entry)
                known = feature in ("country", "admin1") or entry.population >= WELL_KNOWN_POPULATION
                self._add(name, idx, known)
                for alt in filter(None, alts.split("|")):
                    self._add(alt, idx, known and feature != "city")
                if feature == "country":
                    self.countries[cc] = idx
                elif feature == "admin1":
                    base = region_base(name)
                    for word in ("Oblast", "region", "Region", "province", "Province"):
                        self._add(f"{base} {word}", idx, True)
                    if base != name:
                        self._add(base, idx, False)

    def _add_aliases(self) -> None:
        for row in table("place_aliases.tsv"):
            target = self.find(row["name"], row["country"])
            if target is not None:
                self._add(row["alias"], target, True)

    def find(self, name: str, country: str | None = None) -> int | None:
        """The best entry index for an exact name, optionally within a country."""
        cands = [i for i in self.by_name.get(name.lower(), ())
                 if country is None or self.entries[i].country == country]
        if not cands:
            return None
        return max(cands, key=lambda i: (FEATURE_RANK[self.entries[i].feature], self.entries[i].population))

    def candidates(self, name: str) -> list[GazEntry]:
        return [self.entries[i] for i in self.by_name.get(name.lower(), ())]

    def country_entry(self, cc: str) -> GazEntry | None:
        idx = self.countries.get(cc.upper())
        return self.entries[idx] if idx is not None else None

    def is_well_known(self, name: str) -> bool:
        return name.lower() in self.well_known

    def resolve(self, name: str, context_countries: dict[str, float] | None = None) -> GazEntry | None:
        """The most likely entry for a mention: exact-name candidates ranked by the
        document's countries, the kind of place and population."""
        cands = self.candidates(name)
        if not cands:
            base = region_base(name)
            if base != name:
                cands = [c for c in self.candidates(base) if c.feature == "admin1"]
        if not cands:
            return None
        ctx = context_countries or {}

        def score(e: GazEntry) -> float:
            s = ctx.get(e.country, 0.0) * 4
            s += {"country": 6, "admin1": 1.5, "city": 0}[e.feature]
            if e.name.lower() == name.lower():
                s += 1
            s += math.log10(e.population + 10) / 2
            return s
        return max(cands, key=score)


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The process-wide gazetteer, loaded on first use."""
    return Gazetteer()
