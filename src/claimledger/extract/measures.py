"""Measure keys: what an estimate measures, normalised so that figures from
different articles line up ("roughly half of the 11-12,000 strong North Korean
contingent … killed or wounded" and "about 4,000 North Korean soldiers were
killed or injured" are both *North Korean troops · casualties*).

A key has a subject (the counted noun normalised by ``measure_nouns.tsv``,
with the nationality the text gives it), a measure (from the words around the
count, by ``measure_verbs.tsv``; "killed or wounded" is casualties) and, when
the sentence names one, a place.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Doc, Token

from claimledger.lexicon import demonyms, table, word_list
from claimledger.span_index import span_index
from claimledger.records import Claim, Place, Quantity, Record


@lru_cache(maxsize=1)
def subjects() -> dict[str, str]:
    """Counted noun -> the subject it is counted as ("soldiers" -> "troops"), from ``measure_nouns.tsv``."""
    return {r["noun"].lower(): r["subject"] for r in table("measure_nouns.tsv")}


@lru_cache(maxsize=1)
def measure_words() -> dict[str, str]:
    """Word -> the measure it gives a count ("injured" -> "wounded"), from ``measure_verbs.tsv``."""
    return {r["word"].lower(): r["measure"] for r in table("measure_verbs.tsv")}


#: measures of what happened to people that a coordinated list merges into losses
LOSSES = {"killed", "wounded", "captured", "missing", "casualties"}


@lru_cache(maxsize=1)
def rates() -> list[tuple[str, str]]:
    """(phrase, period) pairs that make a count a rate, longest phrase first."""
    rows = []
    for line in word_list("measure_rates.txt"):
        phrase, _, period = line.partition("\t")
        rows.append((phrase.strip(), period.strip()))
    return sorted(rows, key=lambda r: -len(r[0]))


@lru_cache(maxsize=1)
def _rate_patterns() -> list[tuple[re.Pattern[str], re.Pattern[str] | None, str]]:
    """For each of :func:`rates`, in order: its phrase as a word, the same before the count
    for "daily", "weekly", "monthly" (None for the others), its period; compiled once."""
    return [(re.compile(rf"\b{re.escape(phrase)}\b"),
             re.compile(rf"\b{phrase}\b") if phrase in ("daily", "weekly", "monthly") else None, period)
            for phrase, period in rates()]


@lru_cache(maxsize=1)
def _reporting_lemmas() -> frozenset[str]:
    """The lemmas of ``reporting_verbs.tsv``, lower-cased (read once)."""
    return frozenset(r["lemma"].lower() for r in table("reporting_verbs.tsv"))


@dataclass(frozen=True)
class Measure:
    subject: str
    measure: str | None
    place: str | None
    #: "per day" for a rate; None for a total or a stock
    rate: str | None = None

    @property
    def key(self) -> str:
        """ "north korean troops|casualties", "people|killed|per day": the key estimates are
        grouped by (place apart); a rate never shares a key with a total."""
        base = f"{self.subject.lower()}|{self.measure or 'count'}"
        return f"{base}|{self.rate}" if self.rate else base


def _nationality(words: list[str]) -> str | None:
    dem = demonyms()
    for i in range(len(words)):
        for n in (2, 1):
            phrase = " ".join(words[i:i + n]).lower()
            if phrase in dem and (n == 2 or words[i][:1].isupper()):
                return " ".join(words[i:i + n])
    return None


def measure_of(record: Record, q: Quantity, strength: bool = False) -> Measure | None:
    """The measure key of a quantity, or None when what it counts is unknown."""
    if not q.unit:
        return None
    noun = q.unit.lower()
    if noun not in subjects() and not noun.endswith("s"):
        return None  # "120 mm mortar", "one man, identified as": a singular noun is no measured stock
    if noun in word_list("not_measured.txt"):
        return None  # "three sources", "one tally": a figure or its source, not what is counted
    if _speakers(record, q):
        return None  # "two officials said": the people who speak, not an estimate
    subject = subjects().get(noun, noun)
    words = re.findall(r"[\w’'-]+", q.counted or "")
    head_at = next((i for i, w in enumerate(words) if w.lower() == noun), len(words))
    quals = [w.lower() for w in words[:head_at] if w.lower() in word_list("measure_qualifiers.txt")
             and w.lower() != subject.split()[0]]  # modifiers before the noun, not what happened after
    if quals and not subject.startswith(quals[0]):
        subject = f"{' '.join(dict.fromkeys(quals))} {subject}"
    nat = _nationality(words)
    if nat is None and record.doc is not None:
        # "the 11-12,000 strong contingent": the nationality may stand just before the number
        before = record.text[max(0, q.start - 40):q.start]
        nat = _nationality(re.findall(r"[\w’'-]+", before)[-3:])
    if nat and not noun.startswith(nat.lower()[:-1]) and nat.lower() not in subject:
        subject = f"{nat} {subject}"  # but "Russians", "ethnic Armenians" are named by it already
    return Measure(subject=subject, measure=_measure(record, q, strength), place=_place(record, q),
                   rate=_rate(record, q))


def _speakers(record: Record, q: Quantity) -> bool:
    """Whether the counted noun is the subject of a reporting verb ("two officials told")."""
    doc = record.doc
    if doc is None:
        return False
    span = doc.char_span(q.start, q.end, alignment_mode="expand")
    if span is None:
        return False
    head = span[-1].head if span[-1].dep_ in ("nummod", "quantmod") else span[-1]
    return head.dep_ == "nsubj" and head.head.lemma_.lower() in _reporting_lemmas()


def _rate(record: Record, q: Quantity) -> str | None:
    """ "1,500 casualties a day", "daily losses of 1,200": the period of a rate, if any."""
    after = record.text[q.end:q.end + 60].lower()
    after = re.split(r"[.;:!?]|,\s", after)[0]
    before = record.text[max(0, q.start - 25):q.start].lower()
    for phrase, before_phrase, period in _rate_patterns():
        if phrase.search(after) and len(after.split()) <= 8:
            return period
        if before_phrase is not None and before_phrase.search(before):
            return period  # "daily losses of 1,200"
    return None


def _measure(record: Record, q: Quantity, strength: bool = False) -> str | None:
    mw = measure_words()
    counted = (q.counted or "").lower()
    found = [mw[w] for w in re.findall(r"[a-z]+", counted) if w in mw]
    if len(set(found) & LOSSES) >= 2:
        return "casualties"  # "killed or wounded", "killed, injured or captured"
    if found:
        return found[0]
    doc = record.doc
    if doc is None:
        return None
    if strength:
        return None  # the whole a share is taken of: "a third of its 2,000 soldiers" (what happened is the share's)
    span = doc.char_span(q.start, q.end, alignment_mode="expand")
    if span is None:
        return None
    # the verb the count's noun phrase depends on: "12 drones were shot down", "killed 30 civilians"
    tok = span[-1]
    for _ in range(4):
        if tok.pos_ in ("VERB", "AUX") and tok.lower_ in mw or tok.lemma_.lower() in mw:
            break
        if tok.lemma_.lower() == "shoot" and any(c.lower_ == "down" for c in tok.children):
            break
        if tok.head is tok:
            break
        if tok.dep_ == "pobj" and tok.head.lower_ not in ("of", "including", "among"):
            return None  # "fired rockets at two depots": the verb is not what befell the depots
        tok = tok.head
    # "killed seven and wounded 25": a coordinated verb with a count of its own is that count's
    def own_count(v: Token) -> bool:
        return any(g.dep_ in ("dobj", "nsubjpass") and (g.like_num or any(n.like_num for n in g.children))
                   for g in v.children)
    verbs = [tok] + [c for c in tok.children if c.dep_ == "conj" and not own_count(c)]
    if tok.dep_ == "conj" and tok.head.pos_ == "VERB" and not own_count(tok.head):
        # "killed, injured or captured 5,000": the count is the object of the whole list
        verbs += [tok.head] + [c for c in tok.head.children if c.dep_ == "conj" and c is not tok]
    hits = [mw.get(v.lower_) or mw.get(v.lemma_.lower()) for v in verbs]
    hits += [mw.get(f"{v.lower_}") for v in tok.children if v.dep_ == "prt"]
    hits = [h for h in hits if h]
    if len(set(hits) & LOSSES) >= 2:
        return "casualties"  # "killed, injured or captured 5,000" are losses, not captures
    if tok.lemma_.lower() == "shoot" and any(c.lower_ == "down" for c in tok.children):
        return "shot down"
    return hits[0] if hits else None


def _is_subject(doc: Doc, p: Place) -> bool:
    """ "Russia loses 1,500 troops", "the UN and Rwanda cite figures": a subject (or one of
    coordinated subjects) names whose count it is, not where."""
    span = doc.char_span(p.start, p.end, alignment_mode="expand")
    if span is None:
        return False
    root = span.root
    while root.dep_ == "conj" and root.head.i != root.i:
        root = root.head
    return root.dep_ in ("nsubj", "nsubjpass")


def _claim_of(record: Record, claim_id: int | None) -> Claim | None:
    """The claim with this id (ids are positions from 1, so no scan of every claim)."""
    if claim_id is None:
        return None
    if 0 < claim_id <= len(record.claims) and record.claims[claim_id - 1].id == claim_id:
        return record.claims[claim_id - 1]
    return next((c for c in record.claims if c.id == claim_id), None)


def _in_claim(doc: Doc, p: Place, claim: Claim) -> bool:
    """Whether a place is part of what a claim says: inside its text, or ("In Mykolaiv, a woman
    was killed …, the governor said") a phrase that hangs from a word of it. A place that hangs
    from the reporting cue names who speaks or where ("U.S. assessments put the toll at …",
    "at a base in Germany, he said …")."""
    if claim.start <= p.start and p.end <= claim.end:
        return True
    span = doc.char_span(p.start, p.end, alignment_mode="expand")
    if span is None:
        return False
    tok = span.root
    while tok.head.i != tok.i:  # the root is its own head
        tok = tok.head
        if claim.cue_start is not None and tok.idx == claim.cue_start:
            return False
        if claim.start <= tok.idx < claim.end:
            return True
    return False


def _place(record: Record, q: Quantity) -> str | None:
    doc = record.doc
    if doc is None or not record.places:
        return None
    span = doc.char_span(q.start, q.end, alignment_mode="expand")
    if span is None:
        return None
    sent = span[0].sent
    lo, hi = sent.start_char, sent.end_char
    # a count a claim reports is about what is claimed: the places of who claims it or where it
    # was said ("U.S. assessments put the toll at …", "at a base in Germany, he said Russia had
    # suffered …", "… at 43,000 and said Russia had lost …") are not the count's (_in_claim)
    claim = _claim_of(record, q.claim)
    if claim is not None and claim.start <= q.start and q.end <= claim.end:
        hi = min(hi, claim.end)
    else:
        claim = None
    # the places the count is about stand after it ("… drones at Odesa"), never as another
    # clause's subject; before it, only a setting ("In Kharkiv, four …"), never a possessive
    # that names the speaker's side ("Ukraine's …")
    index = span_index(record.places)
    after = [p for p in (record.places[i] for i in index.starting_in(q.start, hi)) if not _is_subject(doc, p)]
    before = [p for p in (record.places[i] for i in index.starting_in(lo, q.start))
              if not re.match(r"\s*['’]s\b", record.text[p.end:p.end + 3]) and not _is_subject(doc, p)
              and (claim is None or _in_claim(doc, p, claim))]
    places = after or before
    if not places:
        return None
    rank = {"admin1": 0, "admin2": 1, "city": 2, "locality": 3, "country": 4, "region": 5}
    return min(places, key=lambda p: (rank.get(p.feature, 6), abs(p.start - q.start))).name
