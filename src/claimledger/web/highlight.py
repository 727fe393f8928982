"""A document's text cut into pieces for display, each piece knowing which
items (claims, claimants, cues, times, places, quantities, events) cover it,
as displaCy marks entities: the template colours a piece by its kinds and
links it to the items' cards. Pure functions of a ``claimledger/1`` record.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

#: kinds in the order their colour wins when several cover one piece (last wins)
KINDS = ("claim", "event", "claimant", "cue", "time", "place", "quantity")
#: how far from a claim its claimant's name is looked for (characters)
CLAIMANT_REACH = 300


@dataclass(frozen=True)
class Mark:
    """One highlighted item: its kind, its index among the record's items of that kind, its span."""
    kind: str
    index: int
    start: int
    end: int
    label: str

    @property
    def ref(self) -> str:
        """The mark's card id: kind and index ("claim-2")."""
        return f"{self.kind}-{self.index}"


@dataclass
class Piece:
    """A run of text covered by the same marks."""
    start: int
    end: int
    text: str
    marks: list[Mark] = field(default_factory=list)

    @property
    def kinds(self) -> list[str]:
        """The kinds covering this piece, in colour order (the last one's colour shows)."""
        present = {m.kind for m in self.marks}
        return [k for k in KINDS if k in present]

    @property
    def refs(self) -> str:
        """The cards of every mark covering this piece, space-separated."""
        return " ".join(m.ref for m in self.marks)

    @property
    def title(self) -> str:
        """What the marks say, for the hover text."""
        return "; ".join(m.label for m in self.marks)


def _who(claimant: dict[str, Any]) -> str:
    parts = [claimant.get("name"), claimant.get("role"), claimant.get("organization")]
    who = ", ".join(p for p in parts if p) or "unnamed source"
    if claimant.get("anonymous"):
        who = "anonymous: " + who
    return who + (f" [{claimant['side']}]" if claimant.get("side") else "")


def claimant_span(text: str, claim: dict[str, Any]) -> tuple[int, int] | None:
    """Where the claimant is named near the claim: its name, else organisation, else role,
    the occurrence nearest the reporting cue (or the claim) within ``CLAIMANT_REACH``."""
    who = claim.get("claimant") or {}
    cue_start = claim.get("cue_start")
    anchor: int = cue_start if isinstance(cue_start, int) else claim["start"]
    lo = max(0, min(claim["start"], anchor) - CLAIMANT_REACH)
    hi = min(len(text), max(claim["end"], anchor) + CLAIMANT_REACH)
    for key in ("name", "organization", "role"):
        words = who.get(key)
        if not words:
            continue
        found, at = [], text.find(words, lo, hi)
        while at != -1:
            if not (claim["start"] <= at < claim["end"]):
                found.append(at)
            at = text.find(words, at + 1, hi)
        if found:
            best = min(found, key=lambda a: abs(a - anchor))
            return best, best + len(words)
    return None


def _claim_marks(text: str, claims: list[dict[str, Any]]) -> list[Mark]:
    marks = []
    for i, c in enumerate(claims):
        label = f"claim by {_who(c.get('claimant') or {})}: {c.get('modality')}, {c.get('quote')}"
        marks.append(Mark("claim", i, c["start"], c["end"], label))
        if c.get("cue") and c.get("cue_start") is not None:
            marks.append(Mark("cue", i, c["cue_start"], c["cue_start"] + len(c["cue"]), f"cue of claim {c['id']}"))
        span = claimant_span(text, c)
        if span is not None:
            marks.append(Mark("claimant", i, span[0], span[1], f"claimant: {_who(c.get('claimant') or {})}"))
    return marks


def _label(kind: str, item: dict[str, Any]) -> str:
    if kind == "time":
        return f"time {item.get('type')}: {item.get('value')}"
    if kind == "place":
        return f"place: {item.get('name')} ({item.get('feature')}, {item.get('country') or 'no country'})"
    if kind == "quantity":
        rng = item.get("low") if item.get("low") == item.get("high") else f"{item.get('low')}-{item.get('high')}"
        return f"quantity {rng}{' approx.' if item.get('approximate') else ''}: {item.get('counted') or ''}"
    return f"event {item.get('type')} ({item.get('status')})"


def marks_of(record: dict[str, Any]) -> list[Mark]:
    """Every highlighted item of a record, with its span; items whose span leaves the text are dropped."""
    text = record.get("text") or ""
    marks = _claim_marks(text, record.get("claims") or [])
    for kind, key in (("time", "times"), ("place", "places"), ("quantity", "quantities"), ("event", "events")):
        for i, item in enumerate(record.get(key) or []):
            marks.append(Mark(kind, i, item["start"], item["end"], _label(kind, item)))
    return [m for m in marks if 0 <= m.start < m.end <= len(text)]


def pieces(record: dict[str, Any]) -> list[Piece]:
    """The record's text cut at every mark's start and end, each piece with the marks covering it."""
    text = record.get("text") or ""
    marks = marks_of(record)
    cuts = sorted({0, len(text), *(m.start for m in marks), *(m.end for m in marks)})
    out = []
    for a, b in zip(cuts, cuts[1:]):
        out.append(Piece(a, b, text[a:b], [m for m in marks if m.start <= a and b <= m.end]))
    return out
