"""The extent of a reported clause: where a claim's content starts and ends on the parse.

The content of "X said …" is the subtree of the cue's clausal complement, but the parse
does not always hang the whole clause there:

- "said six of its medics, working for a charity, were hurt": the subject was read as the
  cue's object, and the complement starts at "were";
- "said nine sailors died and four were missing" with "and four …" hung on the cue: the
  gapped conjunct belongs to the content;
- "said the party had no quarrel with the court and wanted a recount": a second verb of
  wanting or readiness shares the subject and makes a claim of its own;
- "explained how far the water had risen": an indirect question reports no claim.
"""
from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Token

from claimledger.lexicon import plan_verbs

_FINITE = {"VBD", "VBZ", "VBP", "MD"}
_QUESTION_WORDS = {"how", "whether", "why", "where"}


def has_subject(verb: Token) -> bool:
    """Whether a verb has a subject of its own (or an expletive "there")."""
    return any(c.dep_ in ("nsubj", "nsubjpass", "expl", "csubj") for c in verb.children)


def subject_as_object(cue: Token, comp: Token) -> int | None:
    """ "said six of its medics, working for a charity, were hurt": the start of the
    complement's subject when the parse made it the cue's object (the complement has none)."""
    if has_subject(comp):
        return None
    objs = [c for c in cue.children if c.dep_ == "dobj" and cue.i < c.i < comp.i]
    if not objs:
        return None
    return objs[0].left_edge.i


def gapped_end(cue: Token, end: int, is_cue: Callable[[Token], bool]) -> int:
    """ "said nine sailors died and four hurt by the blast": a verbless conjunct with a
    number, hung on the cue right after the complement, belongs to the content."""
    doc = cue.doc
    for c in sorted(cue.children, key=lambda t: t.i):
        if c.i < end or c.left_edge.i < end:
            continue
        between = doc[end:c.left_edge.i]
        if len(between) > 2 or any(t.dep_ not in ("cc", "punct") for t in between):
            continue
        sub = doc[c.left_edge.i:c.right_edge.i + 1]
        if any(t.tag_ in _FINITE or is_cue(t) for t in sub) or not any(t.like_num for t in sub[:3]):
            continue
        end = c.right_edge.i + 1
    return end


def wanting_split(comp: Token, start: int, end: int) -> tuple[int, int] | None:
    """ "said the party had no quarrel with the court and wanted a recount": the range of a
    coordinated verb of wanting or readiness with no subject of its own ("wanted a recount"),
    a second claim of the same speaker; None when there is none."""
    doc = comp.doc
    intent = plan_verbs(("intent",))
    for c in comp.children:
        if c.dep_ == "conj" and c.i > comp.i and c.lemma_ in intent and not has_subject(c) and \
                any(k.dep_ == "xcomp" for k in c.children) and start < c.left_edge.i and c.right_edge.i < end:
            return c.left_edge.i, min(end, c.right_edge.i + 1)
    return None


def indirect_question(comp: Token, start: int) -> bool:
    """ "explained how far the water had risen", "asked whether talks would resume": a
    question reported, not a claim."""
    doc = comp.doc
    first = doc[start]
    return first.lower_ in _QUESTION_WORDS and first.dep_ in ("advmod", "mark")
