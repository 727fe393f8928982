"""Tense of the time tagger: the direction (past, future) the governing verb
gives an expression, which decides whether "on Monday" or "in May" lies before
or after the anchor date. Read from the spaCy parse; 0 when there is none.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any

from claimledger.lexicon import plan_verbs, table
from claimledger.records import Record



def _verb_direction(v: Any, caption: bool = False) -> int | None:
    """The direction a verb's tense and auxiliaries give, None when they give none
    (``caption``: the verb stands in a photo caption)."""
    auxes = [c for c in v.children if c.dep_ in ("aux", "auxpass")]
    words = {a.lower_ for a in auxes}
    if words & {"will", "'ll", "shall", "wo", "would", "'d"}:
        return 1  # "would" is the future seen from a past report: after the saying
    if words & {"could", "might", "may", "should", "must", "can"}:
        return None
    if "to" in words:  # an infinitive: after the verb it depends on
        head = v.head
        if head is not v and head.lemma_.lower() in plan_verbs():
            return 1
        if head is not v and head.tag_ == "VBD":
            return None
        return 1
    tags = {v.tag_} | {a.tag_ for a in auxes}
    if v.tag_ == "VBP" and not auxes and v.lower_ != v.lemma_.lower() and v.lemma_.lower() != "be":
        return -1  # "retook" tagged as a present: a present plural is the bare lemma, a past is not
    if "VBD" in tags:
        return -1
    if v.tag_ == "VBN" and words & {"has", "have", "'ve", "'s"}:
        return -1
    if v.tag_ == "VBG" and words & {"is", "are", "am", "'s", "'re"}:
        return 1
    if v.tag_ == "VBN" and v.lemma_.lower() in plan_verbs():
        return 1
    if v.tag_ == "VBN" and not auxes and v.dep_ in ("advcl", "acl", "relcl", "amod", "conj"):
        return -1  # "announced Friday", "when asked Thursday"
    if v.tag_ in ("VBZ", "VBP") and not auxes and v.lemma_.lower() not in reporting_lemmas():
        if caption:
            return None  # a caption's present tense is the moment of its photograph, not the future
        return 1  # "the council meets Monday"
    return None


@lru_cache(maxsize=None)
def reporting_lemmas() -> frozenset[str]:
    """Reporting-verb lemmas (and "be", "have"), whose present tense says nothing of the future."""
    return frozenset(row["lemma"] for row in table("reporting_verbs.tsv")) | {"be", "have"}


def sentence_direction(record: Record, start: int) -> int:
    """The tense of the verb that governs the expression at ``start``: -1 past,
    +1 future, 0 when unclear (the sentence's main verb as a fallback)."""
    doc = record.doc
    if doc is None:
        return 0
    span = doc.char_span(start, start + 1, alignment_mode="expand")
    if span is None or not len(span):
        return 0
    tok = span[0]
    if tok.dep_ in ("poss", "compound") or tok.text.endswith("'s"):
        return 0  # "Wednesday's ruling": a name for a time, not an adverb of the verb
    v = tok
    for _ in range(8):
        if v.pos_ in ("VERB", "AUX") and v.dep_ not in ("amod", "compound"):
            break
        if v.head is v:
            break
        v = v.head
    seg = record.segment_at(start)
    caption = seg is not None and seg.kind == "caption"
    if v.pos_ in ("VERB", "AUX"):
        d = _verb_direction(v, caption)
        if d is not None:
            return d
    root = tok.sent.root
    if root is not v and root.pos_ in ("VERB", "AUX"):
        return _verb_direction(root, caption) or 0
    return 0

