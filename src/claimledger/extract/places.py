"""Places: every toponym mention, resolved to a GeoNames entry.

Mentions are the place entities of the parse (after the gazetteer has
corrected the model's labels). Demonyms ("Ukrainian") and country names used
as adjectives ("U.S. officials") are context, not toponyms. Ambiguous names
are resolved towards the countries the document names most.
"""
from __future__ import annotations

from collections import Counter

from spacy.tokens import Doc, Span

from claimledger.lexicon import demonyms
from claimledger.pipeline import Stage, register_stage
from claimledger.records import Place, Record
from claimledger.resolve.gazetteer import GazEntry, gazetteer

PLACE_LABELS = {"GPE", "LOC"}
#: segments whose words are not the page's content
SKIP_SEGMENTS = {"byline", "boilerplate"}
_COMPASS = {"north", "south", "east", "west", "northern", "southern", "eastern", "western", "central"}


def is_adjectival(span: Span) -> bool:
    """A country name standing as a bare premodifier: "U.S. officials", not "Ukraine's army"."""
    last = span[-1]
    prev = span.doc[span.start - 1] if span.start > 0 else None
    if prev is not None and prev.text in ("-", "–", "to"):
        return False  # "US-to-Russia weapons": a route, not an adjective
    nxt = span.doc[last.i + 1] if last.i + 1 < len(span.doc) else None
    return (nxt is not None and last.whitespace_ != "" and nxt.pos_ == "NOUN" and nxt.text.islower())


def context_countries(doc: Doc) -> dict[str, float]:
    """Share of the document's unambiguous country signals: country names and demonyms."""
    gaz, dem = gazetteer(), demonyms()
    counts: Counter[str] = Counter()
    for ent in doc.ents:
        low = ent.text.lower()
        if low in dem:
            counts[dem[low]] += 1
        elif ent.label_ in PLACE_LABELS:
            e = gaz.resolve(ent.text)
            if e is not None and e.feature in ("country", "admin1"):
                counts[e.country] += 1
    total = sum(counts.values()) or 1
    return {cc: n / total for cc, n in counts.items()}


def to_place(span: Span, entry: GazEntry) -> Place:
    lat, lon = entry.lat, entry.lon
    if lat is None:
        country = gazetteer().country_entry(entry.country)
        lat, lon = (country.lat, country.lon) if country else (None, None)
    return Place(text=span.text, start=span.start_char, end=span.end_char, name=entry.name,
                 country=entry.country or None, feature=entry.feature, lat=lat, lon=lon,
                 geonames_id=entry.geonames_id)


def extract_places(record: Record) -> list[Place]:
    doc = record.doc
    gaz, dem = gazetteer(), demonyms()
    ctx = context_countries(doc)
    places = []
    for ent in doc.ents:
        if ent.label_ not in PLACE_LABELS:
            continue
        seg = record.segment_at(ent.start_char)
        if seg is not None and seg.kind in SKIP_SEGMENTS:
            continue
        low = ent.text.lower()
        if low in dem and not gaz.is_well_known(ent.text) or low in _COMPASS:
            continue
        entry = gaz.resolve(ent.text, ctx)
        if entry is None:
            continue
        if entry.feature == "country" and is_adjectival(ent):
            continue
        places.append(to_place(ent, entry))
    return places


@register_stage
class PlacesStage(Stage):
    name = "places"
    requires = ("doc",)
    provides = ("places",)
    order = 40

    def process(self, record: Record) -> Record:
        record.places = extract_places(record)
        return record
