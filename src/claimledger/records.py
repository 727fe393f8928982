"""Typed records with offsets: the shapes every stage reads and writes.

Each item carries ``start``/``end`` (code-point offsets into the document
text, half-open) so that any answer traces back to the words behind it.
``Record.to_json`` emits the ``claimledger/1`` shape of ../shared/SPEC.md.
"""
from __future__ import annotations

import hashlib
import copy
from dataclasses import dataclass, field, fields
from typing import TYPE_CHECKING, Any, TypeVar

from claimledger import SCHEMA
from claimledger.errors import InputError, PipelineError
from claimledger.span_index import span_index

_ATOMS = (str, int, float, bool, type(None))
_FIELDS: dict[type, tuple[str, ...]] = {}


def asdict(obj: Any) -> dict[str, Any]:
    """``dataclasses.asdict`` for the record's items, four times as fast: their values are
    numbers, strings and lists or dicts of them, copied without ``copy.deepcopy`` (which
    ``dataclasses.asdict`` calls on every value, a string included). Anything else is
    deep-copied as ``dataclasses.asdict`` would."""
    names = _FIELDS.get(type(obj))
    if names is None:
        names = _FIELDS[type(obj)] = tuple(f.name for f in fields(obj))
    return {name: _plain(getattr(obj, name)) for name in names}


def _plain(value: Any) -> Any:
    if isinstance(value, _ATOMS):
        return value
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if hasattr(type(value), "__dataclass_fields__"):
        return asdict(value)
    return copy.deepcopy(value)

if TYPE_CHECKING:  # spaCy is loaded by the nlp stage, not by whoever reads a record
    from spacy.tokens import Doc

#: the kinds of item a record holds, as they appear in item ids ("claim:9f86d081884c7d65:3")
ITEM_KINDS = ("segment", "time", "place", "quantity", "claim", "event")
#: how many hex digits of the document's SHA-256 an item id carries (64 bits: no collision in
#: any ledger a laptop or one server holds; the document's own id is the full hash)
UID_HEX = 16


def item_uid(sha256: str, kind: str, ordinal: int) -> str:
    """The stable id of an item: its document's hash, its kind and its place (1-based) in
    the record's list of that kind. The same text extracted again gives the same ids, so
    a re-ingest changes none, and an id can be cited, linked and traced."""
    if kind not in ITEM_KINDS:
        raise ValueError(f"unknown item kind {kind!r}; known: {', '.join(ITEM_KINDS)}")
    return f"{kind}:{sha256[:UID_HEX]}:{ordinal}"


def parse_uid(uid: str) -> tuple[str, str, int]:
    """``"claim:9f86d081884c7d65:3"`` -> ``("claim", "9f86d081884c7d65", 3)``; a ValueError
    naming the id when it is not one."""
    parts = uid.strip().split(":")
    if len(parts) != 3 or parts[0] not in ITEM_KINDS or not parts[2].isdigit() or not parts[1]:
        raise ValueError(f"{uid!r} is not an item id (kind:hash:number, e.g. claim:9f86d081884c7d65:3)")
    return parts[0], parts[1].lower(), int(parts[2])


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
        """The SPEC form of the segment (``published`` only where it has one or is a live item)."""
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
        """The SPEC form of the time expression."""
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
    #: names of the first- and second-level divisions the place lies in (or is)
    admin1: str | None = None
    admin2: str | None = None

    def to_json(self) -> dict[str, Any]:
        """The SPEC form of the place."""
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
        """The SPEC form of the quantity (whole numbers written without a decimal point)."""
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
    #: how a pronoun, title or "his spokesman" was linked to this claimant (for tracing)
    linked_by: str | None = None


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
        """The SPEC form of the claim, claimant nested."""
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
        """The SPEC form of the event."""
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
    doc: Doc | None = None

    def __post_init__(self) -> None:
        if self.source.sha256 is None:
            self.source.sha256 = hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    # --- lookups stages share -------------------------------------------------
    def parsed(self) -> Doc:
        """The spaCy parse of the text; a :class:`PipelineError` when the nlp stage has not run."""
        if self.doc is None:
            raise PipelineError("this stage reads the parse (Record.doc), but the nlp stage has not run "
                                "before it", source=self.source.path or self.source.url)
        return self.doc

    def segment_at(self, offset: int) -> Segment | None:
        """The segment containing ``offset``, if any (the first listed, when several do). Some
        stages ask once per token: a page of many segments (a live blog) is bisected."""
        if len(self.segments) > 8:
            held = span_index(self.segments).holding(offset)
            return self.segments[held[0]] if held else None
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
        """The ``claimledger/1`` record (SPEC.md); every item carries its stable ``uid``."""
        sha = self.source.sha256 or ""
        out: dict[str, Any] = {"schema": SCHEMA, "source": asdict(self.source), "text": self.text,
                               "document": asdict(self.document)}
        for key, kind in _LISTS:
            items = []
            for n, item in enumerate(getattr(self, key), 1):
                row = {"uid": item_uid(sha, kind, n)}
                row.update(item.to_json())
                items.append(row)
            out[key] = items
        return out

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "Record":
        """Read a ``claimledger/1`` record back: ``Record.from_json(r.to_json()).to_json() ==
        r.to_json()``. Fields this version does not know are refused, not dropped, and a
        malformed record is an :class:`InputError` naming the document and what is wrong."""
        if not isinstance(data, dict):
            raise InputError(f"not a {SCHEMA} record: a {type(data).__name__}, not an object")
        src = data.get("source")
        where = (src.get("path") or src.get("url") or src.get("sha256")) if isinstance(src, dict) else None
        if data.get("schema") != SCHEMA:
            raise InputError(f"not a {SCHEMA} record (schema {data.get('schema')!r})", source=where)
        try:
            rec = cls(text=_need(data, "text", str), source=_build(Source, data["source"]),
                      document=_build(DocumentMeta, data["document"]))
            rec.segments = [_build(Segment, x) for x in _need(data, "segments", list)]
            rec.times = [_build(TimeExpr, x) for x in _need(data, "times", list)]
            rec.places = [_build(Place, x) for x in _need(data, "places", list)]
            rec.quantities = [_build(Quantity, x) for x in _need(data, "quantities", list)]
            rec.claims = [_claim_from_json(x) for x in _need(data, "claims", list)]
            rec.events = [_build(Event, x) for x in _need(data, "events", list)]
        except KeyError as exc:
            raise InputError(f"not a {SCHEMA} record: field {exc.args[0]!r} is missing", source=where) from exc
        except (TypeError, ValueError) as exc:
            raise InputError(f"not a {SCHEMA} record: {exc}", source=where) from exc
        return rec


_LISTS = (("segments", "segment"), ("times", "time"), ("places", "place"), ("quantities", "quantity"),
          ("claims", "claim"), ("events", "event"))
_T = TypeVar("_T")


def _need(data: dict[str, Any], key: str, kind: type) -> Any:
    value = data[key]
    if not isinstance(value, kind):
        raise TypeError(f"field {key!r} is {type(value).__name__}, not {kind.__name__}")
    return value


def _build(cls: type[_T], data: Any) -> _T:
    """A dataclass from its JSON object; the ``uid`` an item carries is derived, not stored."""
    if not isinstance(data, dict):
        raise TypeError(f"{cls.__name__.lower()} is {type(data).__name__}, not an object")
    known = {f.name for f in fields(cls)}  # type: ignore[arg-type]
    extra = set(data) - known - {"uid"}
    if extra:
        raise ValueError(f"{cls.__name__.lower()} has unknown field(s) {', '.join(sorted(extra))}")
    return cls(**{k: v for k, v in data.items() if k != "uid"})


def _claim_from_json(data: Any) -> Claim:
    if not isinstance(data, dict):
        raise TypeError(f"claim is {type(data).__name__}, not an object")
    return _build(Claim, {**data, "claimant": _build(Claimant, data["claimant"])})
