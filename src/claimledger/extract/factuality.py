"""Factuality of an event mention: did the clause say it happened?

An event word ("attack", "withdrew") is read in its clause: a negation ("did
not withdraw", "no attack"), a hypothetical modal ("may appear", "could
strike"), a condition ("if Russia attacks", "should it invade"), a verb that
selects an unrealised event ("refused to condemn", "feared an attack"), a noun
of fear or threat ("the threat of nuclear strikes") or a modifier ("a possible
offensive") drops it; a plan or a future ("will visit", "plans to withdraw",
"is to pull out") makes it planned, a forecast ("would", "expected") predicted.
The cues are data (``factuality.tsv``); the walk follows the parse from the
event word up through the clauses it depends on, and stops at a reporting
verb, whose content is the claim's (its modality is the claim's business).
"""
from __future__ import annotations

from functools import lru_cache

from spacy.tokens import Token

from claimledger.lexicon import table

#: statuses an event can have; DROP means "not an event at all"
DROP = "drop"
#: dependencies through which an event word inherits its governor's factuality
_UP = {"xcomp", "ccomp", "advcl", "conj", "dobj", "pobj", "prep", "nsubjpass", "nsubj", "attr", "oprd",
       "compound", "appos", "pcomp", "acomp"}
#: verbs through whose "that" clause an event is denied or feared, not reported
_THAT_VERBS = {"deny", "fear", "doubt", "dismiss", "rule"}
_RANK = {"occurred": 0, "ongoing": 1, "planned": 2, "predicted": 3}


@lru_cache(maxsize=1)
def cues() -> dict[tuple[str, str], str]:
    """(cue, where) -> effect, from ``factuality.tsv``."""
    return {(r["cue"].lower(), r["where"]): r["effect"] for r in table("factuality.tsv")}


@lru_cache(maxsize=1)
def reporting_lemmas() -> frozenset[str]:
    """Verbs that introduce a claim: the walk stops there."""
    return frozenset(r["lemma"].lower() for r in table("reporting_verbs.tsv"))


def _negated(tok: Token) -> bool:
    """ "did not attack", "never attacked", "no attack", "no facility was hit"."""
    for c in tok.children:
        if c.dep_ == "neg" or c.lower_ in ("never", "no") and c.dep_ in ("advmod", "det"):
            return True
        if tok.pos_ in ("VERB", "AUX") and c.dep_ in ("nsubj", "nsubjpass", "dobj") and any(
                g.dep_ == "det" and g.lower_ == "no" for g in c.children):
            return True
    return False


def _own_cue(tok: Token, conditions: bool = True) -> str | None:
    """The strongest cue on the word itself: negation, modal, subordinator, modifier."""
    cue = cues()
    if _negated(tok):
        return DROP
    found: list[str] = []
    for c in tok.children:
        low = c.lower_
        if c.dep_ in ("aux", "auxpass") and c.tag_ == "MD":
            found.append(cue.get((low, "modal"), "occurred"))
        elif c.dep_ == "mark" and (low, "mark") in cue:
            found.append(cue[(low, "mark")])
        elif c.dep_ in ("amod", "det", "compound") and (low, "modifier") in cue:
            found.append(cue[(low, "modifier")])
        elif conditions and c.dep_ in ("advcl", "ccomp") and _conditional(c):
            found.append(DROP)  # the main clause of "if X, Y" / "Y should X happen"
    if tok.tag_ == "VB" and any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children) \
            and tok.dep_ in ("ROOT", "advcl", "acl", "relcl"):
        if tok.dep_ == "advcl" and any(c.dep_ in ("nsubj", "nsubjpass") for c in tok.head.children) or (
                tok.dep_ == "advcl" and tok.head.tag_ == "VBN"):
            found.append(DROP)  # a purpose: "burned the bodies to destroy evidence"
        else:
            found.append("planned")  # headline grammar: "IAEA chief to visit Kyiv"
    return _strongest(found)


def _conditional(clause: Token) -> bool:
    """ "if Russia attacks", "unless talks resume", "should it invade" (inversion)."""
    kids = list(clause.children)
    if any(c.dep_ == "mark" and c.lower_ in ("if", "unless", "lest") for c in kids):
        return True
    subj = next((c for c in kids if c.dep_ in ("nsubj", "nsubjpass")), None)
    return any(c.dep_ == "aux" and c.lower_ in ("should", "were", "had") and subj is not None and c.i < subj.i
               and c.i == clause.left_edge.i for c in kids)


def _strongest(found: list[str]) -> str | None:
    if not found:
        return None
    if DROP in found:
        return DROP
    found = [f for f in found if f != "keep"]
    return max(found, key=lambda s: _RANK.get(s, 0)) if found else None


def _governor_cue(child: Token, head: Token) -> str | None:
    """What a governing word says of the event below it ("refused to", "the threat of")."""
    cue = cues()
    lemma = head.lemma_.lower()
    if head.pos_ in ("NOUN", "PROPN"):
        if child.dep_ in ("compound", "pobj", "prep", "acl") or child.dep_ == "xcomp":
            return cue.get((lemma, "noun")) or cue.get((head.lower_, "noun"))
        return None
    if head.pos_ not in ("VERB", "AUX", "ADJ"):
        return None
    if child.dep_ == "ccomp":
        # "denied that …", "demanded that troops withdraw", "hoped that …"; a warning's
        # content speaks with its own modal
        if lemma in _THAT_VERBS:
            return DROP
        return None if lemma in ("warn", "threaten") else cue.get((lemma, "verb"))
    if child.dep_ in ("xcomp", "dobj", "prep", "pobj", "nsubjpass"):
        if lemma == "be" and child.dep_ == "xcomp":
            return "planned"  # "Israel is to pull its forces out"
        return cue.get((lemma, "verb"))
    return None


def clause_status(tok: Token, limit: int = 6, conditions: bool = True) -> str:
    """``occurred``, ``ongoing``, ``planned``, ``predicted`` or ``drop`` for an event word
    (``conditions=False``: a condition on the word's own clause does not drop it)."""
    found: list[str] = []
    own = _own_cue(tok, conditions)
    if own:
        found.append(own)
    if tok.tag_ == "VBG" and any(c.dep_ == "aux" and c.lemma_ == "be" for c in tok.children):
        found.append("ongoing")
    child = tok
    for _ in range(limit):
        head = child.head
        if head is child or child.dep_ not in _UP or child.dep_ == "conj" and head.pos_ not in ("VERB", "AUX"):
            break
        gov = _governor_cue(child, head)
        if gov:
            found.append(gov)
        if head.lemma_.lower() in reporting_lemmas() and child.dep_ == "ccomp":
            break  # reported content: the claim's modality speaks for it
        # a governing clause's negation, modal or condition reaches the event below it,
        # except through a preposition of place or time ("attacks in Kyiv will …" is no future)
        if child.dep_ in ("xcomp", "ccomp", "conj", "dobj", "advcl", "nsubj", "nsubjpass", "acomp") or (
                child.dep_ == "pobj" and child.head.lower_ == "of"):
            own = _own_cue(head)
            if own:
                found.append(own)
        if child.dep_ in ("pobj",) and head.lower_ not in ("of", "to", "by", "on") and head.pos_ == "ADP":
            break
        child = head
    if DROP in found:
        return DROP
    return _strongest([f for f in found if f != "keep"]) or "occurred"
