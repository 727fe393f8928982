"""The parts of a claim every finder reads: quotation marks, the reporting verbs, a cue's
frame and its span helpers.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from claimledger.lexicon import table


#: quotation marks as tokens; "''" is a double mark typed as two apostrophes (older wire and
#: archive copy: ''We will win,'' he said)
OPEN_QUOTES = {'"', "“", "‘", "'", "«", "''", "``"}


CLOSE_QUOTES = {'"', "”", "’", "'", "»", "''"}


QUOTES = OPEN_QUOTES | CLOSE_QUOTES


FINITE_TAGS = {"VBD", "VBZ", "VBP", "MD"}


TRIM_MARKS = set(",;:–—-") | QUOTES


@lru_cache(maxsize=1)
def reporting_verbs() -> dict[str, tuple[str, str]]:
    """Reporting-verb lemma -> (modality, kind), from ``reporting_verbs.tsv``."""
    return {r["lemma"]: (r["modality"], r["kind"]) for r in table("reporting_verbs.tsv")}


@dataclass
class Frame:
    """A cue with its speaker tokens and content span (token indices, end exclusive)."""

    cue: Token
    speaker: tuple[int, int] | None
    content: tuple[int, int]
    modality: str
    source_phrase: tuple[int, int] | None = None
    consumed: set[int] = field(default_factory=set)
    #: a second content of the same cue ("said A and wanted to B": "wanted to B")
    rest: tuple[int, int] | None = None


def trim(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Strip punctuation, quotes, "that" and white space at both ends of a token range."""
    while start < end and (doc[start].text in TRIM_MARKS or doc[start].is_space or doc[start].lower_ == "that" or (
            doc[start].lower_ == "only" and start + 1 < end and doc[start + 1].lower_ == "that")):
        start += 1
    while end > start and (doc[end - 1].text in TRIM_MARKS or doc[end - 1].is_space or doc[end - 1].text == "." or (
            doc[end - 1].dep_ == "cc" and doc[end - 1].lower_ in ("and", "or", "but")) or (
            doc[end - 1].dep_ in ("prep", "det", "mark", "agent") and not any(
                start <= c.i < end for c in doc[end - 1].children) and (
                any(True for _ in doc[end - 1].children) or doc[end - 1].head.pos_ != "VERB"))):
        # ("called on" keeps its particle-like preposition: it hangs on the verb, with nothing cut off)
        # (a preposition or article whose words were cut off: "… of defeat after [the rebels said]")
        if doc[end - 1].text in CLOSE_QUOTES and sum(t.text in QUOTES for t in doc[start:end - 1]) % 2:
            break  # 'called the attack "an act of terror"': the quotation closes inside the claim
        end -= 1
    return start, end


def subtree_range(tok: Token) -> tuple[int, int]:
    """The token range [start, end) of ``tok`` and all its dependents."""
    return tok.left_edge.i, tok.right_edge.i + 1


def is_clause(tokens: Span) -> bool:
    """Whether ``tokens`` hold a finite verb (or a main verb): a clause, not a bare noun phrase."""
    return any(t.tag_ in FINITE_TAGS or (t.pos_ == "VERB" and t.dep_ in ("ROOT", "ccomp")) for t in tokens)


def cue_start(cue: Token) -> int:
    """Where the cue's verb group starts: its auxiliaries and adverbs right before it ("had
    said", "bluntly suggested")."""
    first = cue.i
    while first - 1 > cue.sent.start and cue.doc[first - 1].head.i == cue.i and cue.doc[first - 1].dep_ in (
            "aux", "neg", "advmod"):
        first -= 1
    return first


DASHES = {"-", "–", "—", "--"}


@lru_cache(maxsize=1)
def evaluation_verbs() -> dict[str, tuple[str, str]]:
    """Lemma -> (what the verb needs for a claim, modality) from ``evaluation_verbs.tsv``."""
    return {r["lemma"]: (r["needs"], r["modality"]) for r in table("evaluation_verbs.tsv")}


def is_cue(tok: Token, verbs: dict[str, tuple[str, str]]) -> bool:
    """A reporting verb or a verb whose verb phrase is a claim ("put … at")."""
    return tok.pos_ in ("VERB", "AUX") and (tok.lemma_ in verbs or tok.lemma_ in evaluation_verbs())
