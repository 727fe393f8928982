"""Typed records with offsets: the shapes every stage reads and writes.

Each item carries ``start``/``end`` (code-point offsets into the document
text, half-open) so that any answer traces back to the words behind it.
``Record.to_json`` emits the ``claimledger/1`` shape of ../shared/SPEC.md.
"""
from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from typing import Any

from claimledger import SCHEMA

SEGMENT_KINDS = ("headline", "byline", "caption", "boilerplate", "body", "related", "live_item")
#: segments whose sentences are the article's own reporting (claims and events come from these)
REPORTING_KINDS = ("body", "live_item")


@dataclass
class Source:
    path: str | None = None
    url: str | None = None
    sha256: str | None = None


@dataclass
class DocumentMeta:
    title: str | None = None
    authors: list[str] = field(default_factory=list)
    published: str | None = None
    outlet: str | None = None
    language: str = "en"


@dataclass
class Segment:
    kind: str
    start: int
    end: int
    published: str | None = None
    #: for a live item: where its own headline line ends (None elsewhere)
    headline_end: int | None = None

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"kind": self.kind, "start": self.start, "end": self.end}
        if self.kind == "live_item" or self.published:
            out["published"] = self.published
        return out


@dataclass
class TimeExpr:
    text: str
    start: int
    end: int
    type: str
    value: str
    interval: dict[str, str | None] | None = None

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Place:
    text: str
    start: int
    end: int
    name: str
    country: str | None
    feature: str
    lat: float | None
    lon: float | None
    geonames_id: int | None = None

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Quantity:
    text: str
    start: int
    end: int
    low: float | None
    high: float | None
    approximate: bool
    unit: str | None
    counted: str | None
    derived_from: int | None = None
    claim: int | None = None
    #: as-of date: the carrying claim's said_on, else the segment date
    as_of: str | None = None
    #: what it measures, normalised across articles: {"subject", "measure", "place", "key"}
    measure: dict[str, str | None] | None = None

    def to_json(self) -> dict[str, Any]:
        out = asdict(self)
        for key in ("low", "high"):
            v = out[key]
            if isinstance(v, float) and v.is_integer():
                out[key] = int(v)
        return out


@dataclass
class Claimant:
    name: str | None = None
    role: str | None = None
    organization: str | None = None
    side: str | None = None
    anonymous: bool = False


@dataclass
class Claim:
    id: int
    text: str
    start: int
    end: int
    claimant: Claimant
    channel: str | None = None
    said_on: str | None = None
    quote: str = "indirect"
    modality: str = "asserted"
    attributed: bool = True
    #: the reporting cue ("said", "according to") and where it stands
    cue: str | None = None
    cue_start: int | None = None

    def to_json(self) -> dict[str, Any]:
        out = asdict(self)
        out["claimant"] = asdict(self.claimant)
        return out


@dataclass
class Event:
    type: str
    mode: str | None
    text: str
    start: int
    end: int
    actors: list[str] = field(default_factory=list)
    targets: list[str] = field(default_factory=list)
    place: int | None = None
    when: dict[str, str | None] | None = None
    status: str = "occurred"
    claims: list[int] = field(default_factory=list)
    trigger: str | None = None

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Record:
    """One document as it moves through the pipeline."""

    text: str
    source: Source = field(default_factory=Source)
    document: DocumentMeta = field(default_factory=DocumentMeta)
    segments: list[Segment] = field(default_factory=list)
    times: list[TimeExpr] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    quantities: list[Quantity] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    #: what the caller knows that the page may not say (``--published``, ``--outlet``)
    hints: dict[str, str] = field(default_factory=dict)
    #: names of the stages that have run, in order
    done: list[str] = field(default_factory=list)
    #: the parsed spaCy Doc (transient; never serialised)
    doc: Any = None

    def __post_init__(self) -> None:
        if self.source.sha256 is None:
            self.source.sha256 = hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    # --- lookups stages share -------------------------------------------------
    def segment_at(self, offset: int) -> Segment | None:
        """The segment containing ``offset``, if any."""
        for seg in self.segments:
            if seg.start <= offset < seg.end:
                return seg
        return None

    def anchor_at(self, offset: int) -> str | None:
        """The date expressions at ``offset`` are anchored on: a live item's own
        timestamp, else the document's publication time."""
        seg = self.segment_at(offset)
        if seg is not None and seg.published:
            return seg.published
        return self.document.published

    def to_json(self) -> dict[str, Any]:
        """The ``claimledger/1`` record (SPEC.md)."""
        return {
            "schema": SCHEMA,
            "source": asdict(self.source),
            "text": self.text,
            "document": asdict(self.document),
            "segments": [s.to_json() for s in self.segments],
            "times": [t.to_json() for t in self.times],
            "places": [p.to_json() for p in self.places],
            "quantities": [q.to_json() for q in self.quantities],
            "claims": [c.to_json() for c in self.claims],
            "events": [e.to_json() for e in self.events],
        }
