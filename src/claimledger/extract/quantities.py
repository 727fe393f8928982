"""Quantities: counts of people and things, with ranges, bounds and shares.

A fast scanner finds number expressions ("11-12,000", "between 300 and 400",
"at least 30", "several hundred", "roughly half of"); the parse says what
each one counts. Dates, clock times, durations, reading times and ranks are
never quantities. A share ("roughly half of the 11-12,000 …") is worked out
from the quantity it takes a share of and points to it with ``derived_from``.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache

from spacy.tokens import Doc, Token

from claimledger.dates import MONTHS
from claimledger.extract.measures import measure_of, subjects as subjects_table
from claimledger.span_index import span_index
from claimledger.lexicon import number_words, number_words_pattern, parse_number_words, table, word_list
from claimledger.stages import function_stage
from claimledger.records import Quantity, Record
from claimledger.nlp.views import doc_text

#: "11,000", "473 400" (a space or a narrow no-break space between thousands), "1.2", "30"
_DIGITS = r"\d{1,3}(?:,\d{3})+|\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?!\d|[,.]\d)|\d+(?:\.\d+)?"
#: between a share and the count it is a share of: "half of the enclave's estimated 120,000"
_SHARE_OF = re.compile(r"\s+of\s+(?:(?:the|its|their|his|her|our|these|those|all)\s+|[\w.'’-]+['’]s?\s+)*")
#: "100,000soldiers": a grouped number run into its noun
_GLUED = re.compile(r"(?<![\w.,])(?P<n>\d{1,3}(?:,\d{3})+)(?P<word>[a-z]{3,})\b")
#: nouns of a toll or a total: a number after them ("put the toll at 68") counts people
TOLL_WORDS = {"toll": "people", "dead": "people", "death": "people", "deaths": "people", "fatality": "people",
              "fatalities": "people", "casualty": "casualties", "casualties": "casualties", "loss": "casualties",
              "losses": "casualties", "population": "people", "victims": "people"}
#: words right after a number that say what happened to people it counts ("121 wounded")
CASUALTY_WORDS = {"killed", "dead", "wounded", "injured", "missing", "captured", "hurt", "died", "detained"}
SKIP_SEGMENTS = ("byline", "boilerplate")
#: measure subjects that are people (a number left without its noun may count them)
PEOPLE_SUBJECTS = {"troops", "civilians", "people", "children", "refugees", "displaced people", "prisoners",
                   "hostages"}
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
    tens = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
    units = "one|two|three|four|five|six|seven|eight|nine"
    num = rf"(?:{_DIGITS}|(?:{tens})-(?:{units})|{nums})(?:\s+(?:{scale}))?"  # "forty-one", "five hundred"
    return re.compile(
        rf"(?<![\w.,$€£:/#-])(?:(?P<bound>{bound})\s+)?(?:"
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
    tens_units = re.fullmatch(r"([a-z]+)-([a-z]+)", t)
    if tens_units and tens_units[1] in wt and tens_units[2] in wt:
        return (wt[tens_units[1]][0] + wt[tens_units[2]][0]) * mult  # "forty-one"
    return float(re.sub(r"[,\s\u00a0\u202f]", "", t)) * mult


@dataclass
class Found:
    start: int
    end: int
    low: float | None
    high: float | None
    approximate: bool
    fraction: tuple[float, float] | None = None
    #: a bound word left this side open ("more than half"): (low open, high open)
    open_sides: tuple[bool, bool] = (False, False)


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
    sides = (False, False)
    if m["bound"]:
        sides = (bl == "open", bh == "open")
    return Found(m.start(), m.end(), low, high, approximate, frac, sides)


def counted_head(doc: Doc, start: int, end: int) -> Token | None:
    """The noun a number counts: the first noun after it, or the noun it modifies."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return None
    last = span[-1]
    for tok in doc[last.i + 1:min(last.i + 7, span.sent.end)]:
        if tok.pos_ in ("NOUN", "PROPN") and (tok.ent_type_ not in ("GPE", "NORP", "DATE") or tok.ent_type_ == "NORP"
                                              and tok.tag_ in ("NNPS", "NNS")):
            while tok.dep_ == "compound" and tok.head.i > tok.i and tok.head.pos_ in ("NOUN", "PROPN") \
                    and tok.head.i < span.sent.end:
                tok = tok.head  # "84 Wagner fighters" counts fighters
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
    while first - 1 >= 0 and doc[first - 1].idx > number_start and (doc[first - 1].pos_ in (
            "ADJ", "PROPN", "NOUN") or doc[first - 1].tag_ == "HYPH" and first - 2 >= 0
            and doc[first - 2].idx > number_start) and not sizes_group(doc, first - 1):
        first -= 1  # "active-duty personnel"
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


def is_label(doc: Doc, text: str, f: Found) -> bool:
    """A number that names or measures rather than counts: "Article 5", "0200 GMT",
    "one of the worst", a year, a number run into a month's day ("Jan. 19 100")."""
    before = re.findall(r"[\w.']+", text[max(0, f.start - 20):f.start].lower())
    prev = before[-1] if before else ""
    if prev in word_list("number_labels.txt") or prev.rstrip(".") in word_list("number_labels.txt"):
        return True
    core = text[f.start:f.end]
    digits = re.sub(r"^\D+", "", core)
    if re.fullmatch(r"0\d+", digits):
        return True  # "0200": a clock time
    if re.search(r"\d[ \u00a0\u202f]\d", core) and prev.rstrip(".") in MONTHS:
        return True  # "Jan. 19 100 soldiers" is a day and a count, not 19,100
    if re.fullmatch(r"(?:1[89]|20)\d\d", digits) and f.low == f.high:
        span = doc.char_span(f.start, f.end, alignment_mode="expand")
        nxt = doc[span.end] if span is not None and span.end < len(doc) else None
        if nxt is None or nxt.tag_ != "NNS":
            return True  # "in 2023", "the 2022 invasion": a year
    if core.lower() == "one" and re.match(r"\s+of\b", text[f.end:f.end + 4]):
        return True  # "one of its largest attacks": no count
    if core[:1].isupper() and core.isalpha() and re.match(r"\s+[A-Z][a-z]", text[f.end:f.end + 3]) \
            and re.search(r"[a-z,;]\s+(?:the\s+)?$", text[max(0, f.start - 30):f.start]):
        return True  # "part of the Seven Rivers Front": a spelled number opening a name mid-sentence
    return False


def implied_count(doc: Doc, f: Found, before: list[Quantity]) -> tuple[str, str] | None:
    """(unit, counted) of a number whose noun the text leaves out: "and 121 wounded",
    "put the death toll at 68", "losses reached 434,000", "180 of them", "about 121,000
    had gone" (after "Of the 180,000 residents")."""
    span = doc.char_span(f.start, f.end, alignment_mode="expand")
    if span is None:
        return None
    tok, sent = span[-1], span[-1].sent
    prev = next((q for q in reversed(before) if sent.start_char <= q.start < f.start and q.unit), None)
    nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
    if nxt is not None and nxt.lower_ in CASUALTY_WORDS:
        unit = prev.unit if prev is not None and prev.unit and subjects_table().get(prev.unit) in PEOPLE_SUBJECTS \
            and prev.unit not in TOLL_WORDS else "people"
        return unit, f"{unit} {nxt.lower_}"
    if nxt is not None and nxt.lower_ == "of" and tok.i + 2 < len(doc) and doc[tok.i + 2].lower_ in (
            "them", "us", "those", "whom") and prev is not None:
        return prev.unit, prev.counted or prev.unit  # type: ignore[return-value]
    verb = next((a for a in tok.ancestors if a.pos_ in ("VERB", "AUX")), None)
    if verb is not None and tok.dep_ in ("pobj", "dobj", "attr"):
        for t in verb.subtree:
            if t.i >= tok.i:
                break
            toll = TOLL_WORDS.get(t.lower_)
            if toll and t.sent == sent:
                return toll, "dead" if toll == "people" and t.lower_ != "population" else t.lower_
    if tok.dep_ == "pobj" and tok.head.lower_ == "of" and tok.head.head.lower_ in TOLL_WORDS:
        return TOLL_WORDS[tok.head.head.lower_], tok.head.head.lower_  # "a population of about 20,000"
    if tok.dep_ in ("nsubj", "nsubjpass") and prev is not None and (
            subjects_table().get(prev.unit or "") in PEOPLE_SUBJECTS or (prev.unit or "").endswith("s")):
        return prev.unit, prev.counted or prev.unit  # type: ignore[return-value]
    return None


def glued_counts(record: Record) -> list[Quantity]:
    """ "over 100,000soldiers": a grouped number typed against its noun."""
    out = []
    for m in _GLUED.finditer(record.text):
        word = m["word"].lower()
        if word in word_list("not_counted.txt") or not (word.endswith("s") or word in subjects_table()):
            continue
        start = m.start()
        bound = re.search(r"(?:over|more than|at least|about|nearly|up to|some)\s+$", record.text[max(0, start - 12):start],
                          re.IGNORECASE)
        low: float | None = value(m["n"])
        high: float | None = low
        approx = False
        if bound:
            start -= len(bound.group(0))
            bl, bh, approx = bounds_table()[re.sub(r"\s+", " ", bound.group(0).strip().lower())]
            low, high = (None if bl == "open" else low), (None if bh == "open" else high)
        out.append(Quantity(text=record.text[start:m.end("n")], start=start, end=m.end("n"), low=low, high=high,
                            approximate=approx, unit=word, counted=word))
    return out


def extract_quantities(record: Record) -> list[Quantity]:
    """Every count in the document's content, with what it counts and its measure key."""
    doc, text = record.parsed(), record.text
    skip = word_list("not_counted.txt")
    times = span_index(record.times)
    out: list[Quantity] = []
    pending: list[tuple[Found, str]] = []
    for m in _regex().finditer(text):
        f = read_match(m)
        seg = record.segment_at(f.start)
        if seg is not None and seg.kind in SKIP_SEGMENTS:
            continue
        if times.overlapping(f.start, f.end) or is_label(doc, text, f):
            continue
        if f.fraction is not None:
            pending.append((f, m.group(0)))
            continue
        if _ADDRESS.match(text, f.end):
            continue  # "14 Main Street": an address
        unit_after = re.match(r"\s*-?\s*([A-Za-z.']+)", text[f.end:f.end + 16])
        if unit_after and unit_after.group(1).lower().rstrip(".") in skip | {"a.m", "p.m"}:
            continue  # "120 mm", "0200 GMT", "4 a.m."
        head = counted_head(doc, f.start, f.end)
        if head is None:
            elided = elided_count(doc, f, out)
            implied = implied_count(doc, f, out) if elided is None else None
            if elided is not None:  # "killed seven people and wounded at least 25"
                out.append(elided)
            elif implied is not None:
                out.append(Quantity(text=text[f.start:f.end], start=f.start, end=f.end, low=f.low, high=f.high,
                                    approximate=f.approximate, unit=implied[0], counted=implied[1]))
            continue
        if head.lower_ in skip or head.lemma_.lower() in skip:
            continue
        out.append(Quantity(text=text[f.start:f.end], start=f.start, end=f.end, low=f.low, high=f.high,
                            approximate=f.approximate, unit=head.text.lower(),
                            counted=describe(doc, head, f.start)))
    seen = {(q.start, q.end) for q in out}
    out += [q for q in glued_counts(record) if not any(s < q.end and q.start < e for s, e in seen)]
    out.sort(key=lambda q: q.start)
    # "64 of the 90 drones": a count of part of another, which the sentence's verb is about;
    # only the next count after it can be the whole (a later one has that count in between)
    starts = [o.start for o in out]
    for i, q in enumerate(out):
        j = bisect_right(starts, q.end)
        nxt = j if j < len(out) and re.fullmatch(
            r"\s+of\s+(?:the|its|their|some|about|nearly|roughly|around)?\s*", text[q.end:out[j].start]) else None
        if nxt is not None and q.derived_from is None and q.unit == out[nxt].unit:
            q.derived_from = nxt
    for f, _ in pending:
        base = next((i for i, q in enumerate(out) if f.end < q.start <= f.end + 40 and _SHARE_OF.fullmatch(
            text[f.end:q.start])), None)
        if base is None:
            continue
        q = out[base]
        low = q.low * f.fraction[0] if q.low is not None and not f.open_sides[0] else None  # type: ignore[index]
        high = q.high * f.fraction[1] if q.high is not None and not f.open_sides[1] else None  # type: ignore[index]
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
        held = span_index(record.claims).holding(q.start)
        claim = record.claims[held[0]] if held else None
        q.claim = claim.id if claim else None
        anchor = record.anchor_at(q.start)
        q.as_of = (claim.said_on if claim and claim.said_on else (anchor[:10] if anchor else None))


QuantitiesStage = function_stage(extract_quantities, name="quantities", requires=("doc", "times", "claims"),
                                 provides="quantities", order=60)
