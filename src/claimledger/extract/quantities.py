"""Quantities: counts of people and things, with ranges, bounds and shares.

A fast scanner finds number expressions ("11-12,000", "between 300 and 400",
"at least 30", "several hundred", "roughly half of"); the parse says what
each one counts. Dates, clock times, durations, reading times and ranks are
never quantities. A share ("roughly half of the 11-12,000 …") is worked out
from the quantity it takes a share of and points to it with ``derived_from``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache

from spacy.tokens import Doc, Token

from claimledger.extract.measures import measure_of
from claimledger.lexicon import number_words, number_words_pattern, parse_number_words, table, word_list
from claimledger.stages import function_stage
from claimledger.records import Quantity, Record
from claimledger.nlp.views import doc_text

_DIGITS = r"\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?"
SKIP_SEGMENTS = ("byline", "boilerplate")
_ADDRESS = re.compile(r"\s+(?:[A-Z][\w'-]*\s+){1,3}(?:Street|St\.|Avenue|Ave\.|Road|Rd\.|Boulevard|Blvd\.|Lane|"
                      r"Square|Drive|Highway|Prospekt|Prospect|Ulitsa)\b")


@lru_cache(maxsize=1)
def words_table() -> dict[str, tuple[float, float, str]]:
    """Counting words -> (low, high, kind): quantity_words.tsv, with the shared cardinals' scales."""
    out = {w: (float(v), float(v), "scale") for w, (v, kind) in number_words().items() if kind == "scale"}
    out.update({r["word"]: (float(Fraction(r["low"])), float(Fraction(r["high"])), r["kind"])
                for r in table("quantity_words.tsv")})
    return out


def bounds_table() -> dict[str, tuple[str, str, bool]]:
    """Bound word -> (low, high, approximate), from ``bound_words.tsv`` ("at least": low, open, False)."""
    return {r["word"]: (r["low"], r["high"], r["approximate"] == "true") for r in table("bound_words.tsv")}


def _alt(words: list[str]) -> str:
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))


@lru_cache(maxsize=1)
def _regex() -> re.Pattern[str]:
    wt = words_table()
    nums = "|".join(filter(None, (_alt([w for w, v in wt.items() if v[2] == "number"]), number_words_pattern())))
    vague = _alt([w for w, v in wt.items() if v[2] == "vague"])
    scale = _alt([w for w, v in wt.items() if v[2] == "scale"])
    frac = _alt([w for w, v in wt.items() if v[2] == "fraction"])
    bound = _alt(list(bounds_table()))
    num = rf"(?:{_DIGITS}|{nums})(?:\s+(?:{scale}))?"
    return re.compile(
        rf"(?<![\w.,$€£-])(?:(?P<bound>{bound})\s+)?(?:"
        rf"(?P<frac>{frac}|\d+(?:\.\d+)?\s*(?:%|percent))(?=\s+of\b)"
        rf"|between\s+(?P<b1>{num})\s+and\s+(?P<b2>{num})"
        rf"|(?P<r1>{_DIGITS})\s*(?:-|–|to)\s*(?P<r2>{num})"
        rf"|(?P<vague>(?:several|a\s+few)\s+(?:{scale}|hundred|dozen)s?|{vague})"
        rf"|(?P<n>{num}))(?![\w%-]|[.,]\d|:\d)", re.IGNORECASE)


def value(text: str) -> float:
    """The number a digit string or number phrase stands for."""
    t = re.sub(r"\s+", " ", text.strip().lower())
    wt = words_table()
    parts = t.split(" ")
    mult = 1.0
    if len(parts) > 1 and parts[-1] in wt and wt[parts[-1]][2] == "scale":
        mult = wt[parts[-1]][0]
        t = " ".join(parts[:-1])
    if t in wt:
        return wt[t][0] * mult
    spelled = parse_number_words(t)
    if spelled is not None:
        return spelled * mult
    return float(t.replace(",", "")) * mult


@dataclass
class Found:
    start: int
    end: int
    low: float | None
    high: float | None
    approximate: bool
    fraction: tuple[float, float] | None = None


def read_match(m: re.Match[str]) -> Found:
    """The span, bounds and fraction one scanner match stands for."""
    wt = words_table()
    frac = None
    if m["frac"]:
        f = m["frac"].lower()
        if "%" in f or "percent" in f:
            p = float(re.sub(r"[^\d.]", "", f)) / 100
            frac = (p, p)
        else:
            lo, hi, _ = wt[re.sub(r"\s+", " ", f)]
            frac = (lo, hi)
        low = high = None
    elif m["b1"]:
        low, high = value(m["b1"]), value(m["b2"])
    elif m["r1"]:
        low, high = value(m["r1"]), value(m["r2"])
        scale = 10 ** (len(str(int(high))) - len(str(int(low))))
        if low < high / 10 and low * scale <= high and "," in m["r2"] and "," not in m["r1"]:
            low *= scale  # "11-12,000" is 11,000 to 12,000
    elif m["vague"]:
        v = re.sub(r"\s+", " ", m["vague"].lower())
        if v in wt:
            low, high = wt[v][0], wt[v][1]
        else:  # "several hundred", "a few thousand"
            unit = re.sub(r"^(several|a few)\s+", "", v).rstrip("s")
            base = 12.0 if unit == "dozen" else value(unit)
            lo, hi = (3, 9) if v.startswith("several") else (2, 5)
            low, high = lo * base, hi * base
    else:
        low = high = value(m["n"])
    approximate = bool(m["vague"])
    if m["bound"]:
        bl, bh, approx = bounds_table()[re.sub(r"\s+", " ", m["bound"].lower())]
        approximate = approximate or approx
        if bl == "open":
            low = None
        if bh == "open":
            high = None
    return Found(m.start(), m.end(), low, high, approximate, frac)


def counted_head(doc: Doc, start: int, end: int) -> Token | None:
    """The noun a number counts: the first noun after it, or the noun it modifies."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return None
    last = span[-1]
    for tok in doc[last.i + 1:min(last.i + 7, span.sent.end)]:
        if tok.pos_ in ("NOUN", "PROPN") and tok.ent_type_ not in ("GPE", "NORP", "DATE"):
            return tok
        if tok.pos_ in ("VERB", "AUX", "ADP") and tok.lower_ != "of" or tok.is_punct:
            break
    if last.head.pos_ == "NOUN" and last.head.i > last.i:
        return last.head
    return None


def sizes_group(doc: Doc, i: int) -> bool:
    """ "12,000 strong", "5,000-strong": a word right after a number that gives a group's size."""
    return i > 0 and doc[i].lower_ in word_list("size_words.txt") and (doc[i - 1].like_num or doc[i - 1].text == "-")


def describe(doc: Doc, head: Token, number_start: int) -> str:
    """ "North Korean contingent deployed to the embattled Russian region": modifiers,
    the head noun and a participle that qualifies it."""
    first = head.i
    while first - 1 >= 0 and doc[first - 1].idx > number_start and doc[first - 1].pos_ in (
            "ADJ", "PROPN", "NOUN") and not sizes_group(doc, first - 1):
        first -= 1
    last = head.i
    for c in head.children:
        if c.dep_ in ("acl", "relcl") and c.i > head.i and c.tag_ in ("VBN", "VBD"):
            last = max(last, c.i)  # "drones launched", "drones Russia launched"
    return doc[first:last + 1].text


def share_predicate(doc: Doc, start: int) -> str | None:
    """For "half of X have been killed or wounded": the verb phrase said of the share."""
    span = doc.char_span(start, start + 1, alignment_mode="expand")
    if span is None:
        return None
    tok = span[0]
    while tok.dep_ not in ("nsubj", "nsubjpass", "dobj", "pobj", "ROOT") and tok.head is not tok:
        tok = tok.head
    verb = tok.head
    if tok.dep_ in ("nsubj", "nsubjpass") and verb.pos_ == "VERB":
        conj = [c for c in verb.children if c.dep_ == "conj" and c.pos_ == "VERB"]
        return verb.text + (f" or {conj[0].text}" if conj else "")
    return None


def elided_count(doc: Doc, f: Found, before: list[Quantity]) -> Quantity | None:
    """A number whose noun is left out because the sentence just gave it: the object of a
    verb coordinated with the verb of a count before it ("killed seven people and wounded
    at least 25"). It counts what that count counts."""
    span = doc.char_span(f.start, f.end, alignment_mode="expand")
    if span is None:
        return None
    tok = span[-1]
    verb = tok.head
    if tok.dep_ not in ("dobj", "nsubjpass", "attr") or verb.pos_ != "VERB" or verb.dep_ != "conj":
        return None
    sent = tok.sent
    prev = next((q for q in reversed(before) if sent.start_char <= q.start < f.start and q.unit), None)
    first = verb.head
    if prev is None or not (first.idx <= prev.start < verb.idx):
        return None
    counted = re.sub(rf"\b{re.escape(first.text)}\b", verb.text, prev.counted or prev.unit or "")
    return Quantity(text=doc_text(doc)[f.start:f.end], start=f.start, end=f.end, low=f.low, high=f.high,
                    approximate=f.approximate, unit=prev.unit, counted=counted if counted != prev.counted
                    else f"{prev.unit} {verb.text}")


def extract_quantities(record: Record) -> list[Quantity]:
    """Every count of the record with its bounds, unit, what it counts, its claim and its measure."""
    doc, text = record.parsed(), record.text
    skip = word_list("not_counted.txt")
    time_spans = [(t.start, t.end) for t in record.times]
    out: list[Quantity] = []
    pending: list[tuple[Found, str]] = []
    for m in _regex().finditer(text):
        f = read_match(m)
        seg = record.segment_at(f.start)
        if seg is not None and seg.kind in SKIP_SEGMENTS:
            continue
        if any(s < f.end and f.start < e for s, e in time_spans):
            continue
        if f.fraction is not None:
            pending.append((f, m.group(0)))
            continue
        if _ADDRESS.match(text, f.end):
            continue  # "14 Main Street": an address
        head = counted_head(doc, f.start, f.end)
        if head is None:
            elided = elided_count(doc, f, out)
            if elided is not None:  # "killed seven people and wounded at least 25"
                out.append(elided)
            continue
        if head.lower_ in skip or head.lemma_.lower() in skip:
            continue
        out.append(Quantity(text=text[f.start:f.end], start=f.start, end=f.end, low=f.low, high=f.high,
                            approximate=f.approximate, unit=head.text.lower(),
                            counted=describe(doc, head, f.start)))
    # "64 of the 90 drones": a count of part of another, which the sentence's verb is about
    for i, q in enumerate(out):
        nxt = next((j for j, o in enumerate(out) if q.end < o.start and re.fullmatch(
            r"\s+of\s+(?:the|its|their|some|about|nearly|roughly|around)?\s*", text[q.end:o.start])), None)
        if nxt is not None and q.derived_from is None and q.unit == out[nxt].unit:
            q.derived_from = nxt
    for f, _ in pending:
        base = next((i for i, q in enumerate(out) if f.end < q.start <= f.end + 12), None)
        if base is None:
            continue
        q = out[base]
        low = q.low * f.fraction[0] if q.low is not None else None  # type: ignore[index]
        high = q.high * f.fraction[1] if q.high is not None else None  # type: ignore[index]
        pred = share_predicate(doc, f.start)
        counted = f"{q.counted} {pred}" if pred and q.counted else q.counted
        out.append(Quantity(text=text[f.start:f.end], start=f.start, end=f.end, low=low, high=high,
                            approximate=f.approximate or q.approximate, unit=q.unit, counted=counted,
                            derived_from=base))
    link_claims(record, out)
    bases = {q.derived_from for q in out if q.derived_from is not None}  # wholes keep only their own words
    for i, q in enumerate(out):
        key = measure_of(record, q, strength=i in bases)
        if key is not None:
            q.measure = {"subject": key.subject, "measure": key.measure, "place": key.place, "key": key.key}
    return out


def link_claims(record: Record, quantities: list[Quantity]) -> None:
    """Each quantity's claim (the claim whose content holds it) and as-of date."""
    for q in quantities:
        claim = next((c for c in record.claims if c.start <= q.start < c.end), None)
        q.claim = claim.id if claim else None
        anchor = record.anchor_at(q.start)
        q.as_of = (claim.said_on if claim and claim.said_on else (anchor[:10] if anchor else None))


QuantitiesStage = function_stage(extract_quantities, name="quantities", requires=("doc", "times", "claims"),
                                 provides="quantities", order=60)
