"""Claims: who said what, in what role, through which channel, when, how sure.

A claim hangs on a reporting cue (a verb from ``reporting_verbs.tsv`` or
"according to"). Its frame gives the speaker (the cue's subject, or the
noun phrases just before a post-posed cue: "…, the unit's spokesperson,
Colonel X, told …"), the content (the cue's clausal complement, or the
clause before a post-posed cue, or the words inside quotation marks), the
channel ("told The New York Times", "in a statement"), the date attached to
the cue and the modality (the cue's own stance, hedges in the content).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from claimledger.extract.claim_context import (carry_over, frame_channel, frame_ranges, frame_tokens, medium_label,
                                                saying_date)
from claimledger.extract.claim_labels import labelled_claims
from claimledger.extract.claim_spans import gapped_end, indirect_question, subject_as_object, wanting_split
from claimledger.extract.claimants import ClaimantReader, People, anonymity_request
from claimledger.lexicon import plan_verbs, table, word_list
from claimledger.stages import function_stage
from claimledger.records import REPORTING_KINDS, Claim, Record
from claimledger.segment.metadata import dateline_end
from claimledger.nlp.views import doc_text, span_ents

#: quotation marks as tokens; "''" is a double mark typed as two apostrophes (older wire and
#: archive copy: ''We will win,'' he said)
OPEN_QUOTES = {'"', "“", "‘", "'", "«", "''", "``"}
CLOSE_QUOTES = {'"', "”", "’", "'", "»", "''"}
QUOTES = OPEN_QUOTES | CLOSE_QUOTES
_FINITE = {"VBD", "VBZ", "VBP", "MD"}
_TRIM = set(",;:–—-") | QUOTES


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
    while start < end and (doc[start].text in _TRIM or doc[start].is_space or doc[start].lower_ == "that" or (
            doc[start].lower_ == "only" and start + 1 < end and doc[start + 1].lower_ == "that")):
        start += 1
    while end > start and (doc[end - 1].text in _TRIM or doc[end - 1].is_space or doc[end - 1].text == "." or (
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
    return any(t.tag_ in _FINITE or (t.pos_ == "VERB" and t.dep_ in ("ROOT", "ccomp")) for t in tokens)


def chunk_speaker(sent: Span, cue: Token) -> tuple[int, int] | None:
    """The noun phrases right before a post-posed cue ("…, the unit's spokesperson,
    Colonel X, told"): comma-separated chunks, read leftwards while they are nominal."""
    doc = sent.doc
    end = cue_start(cue)  # "…, Colonel X, bluntly said": the cue's adverb is no speaker
    while end > sent.start and (doc[end - 1].is_punct or doc[end - 1].is_space) and doc[end - 1].text not in QUOTES:
        end -= 1
    start = end
    chunks = 0
    i = end - 1
    while i >= sent.start and chunks < 3:
        j = i
        while j >= sent.start and doc[j].text != "," and doc[j].text not in QUOTES:
            j -= 1
        chunk = doc[j + 1:i + 1]
        if not len(chunk) or is_clause(chunk) or len(chunk) > 12:
            break
        if chunks and (chunk[0].pos_ in ("ADP", "SCONJ") or chunk[0].lower_ in _ADVERBIAL_OPENERS):
            break  # "In a statement to X, her adviser, Y, said": the opener is no speaker
        if not any(t.pos_ in ("NOUN", "PROPN", "PRON") for t in chunk):
            break
        if chunks and len(chunk) > 2 and chunk[1].lower_ == "of" and chunk[2].pos_ == "PRON":
            break  # "…, many of them angry about X, the treasurer, Y, said": an aside, no speaker
        start = j + 1
        chunks += 1
        if j < sent.start or doc[j].text in QUOTES:
            break
        i = j - 1
    return (start, end) if chunks else None


def cue_start(cue: Token) -> int:
    """Where the cue's verb group starts: its auxiliaries and adverbs right before it ("had
    said", "bluntly suggested")."""
    first = cue.i
    while first - 1 > cue.sent.start and cue.doc[first - 1].head.i == cue.i and cue.doc[first - 1].dep_ in (
            "aux", "neg", "advmod"):
        first -= 1
    return first


def descend(cue: Token, comp: Token, verbs: dict[str, tuple[str, str]]) -> tuple[Token, str | None]:
    """ "said he expects X to …": the inner cognition verb of the same speaker gives the content."""
    subj = [c for c in comp.children if c.dep_ in ("nsubj", "nsubjpass")]
    if comp.lemma_ in verbs and subj and subj[0].pos_ == "PRON":
        inner = [c for c in comp.children if c.dep_ in ("ccomp", "xcomp") and c.i > comp.i]
        if inner:
            return inner[0], verbs[comp.lemma_][0]
    return comp, None


#: words that open an adverbial clause or phrase, not reported content
_ADVERBIAL_OPENERS = {"when", "as", "after", "before", "if", "while", "because", "although", "though", "since",
                      "during", "in", "on", "at", "asked", "speaking", "until", "once", "whether", "where"}


_DASHES = {"-", "–", "—", "--"}


def fronted_content(span: Span) -> bool:
    """Words before a post-posed frame are its content only when they make a clause
    that ends at a comma or a quotation mark ("The line held," he said)."""
    toks = [t for t in span if not t.is_space]
    if toks and toks[-1].text in _DASHES and len(toks) > 1:
        toks = toks[:-1]  # '"…" - said Biden.': a dash sets off the speech tag
    if toks and toks[0].text in OPEN_QUOTES and (toks[-1].text in CLOSE_QUOTES or toks[-1].text == ","):
        return True  # a quotation, clause or not: "“Your Honor,” I said, “…”"
    if not toks or not (is_clause(span) or any(t.pos_ == "VERB" and t.tag_ in ("VBD", "VBN") for t in toks)):
        return False
    first = next((t for t in toks if t.text not in QUOTES), toks[0])
    if first.lower_ in _ADVERBIAL_OPENERS and toks[0].text not in QUOTES and not opener_then_clause(span, first):
        return False
    last = toks[-1]
    return last.text in ("," , ":", "—", "–") or last.text in QUOTES


def opener_then_clause(span: Span, first: Token) -> bool:
    """ "In the harbour, two barges sank, X said": a fronted place or time phrase set off by
    a comma, then a clause of its own; "At least five shells fell": no opener at all.
    "When the mayor rose to speak, X said" stays an adverbial (its clause is the opener's)."""
    if first.dep_ != "prep":
        return first.dep_ == "advmod" and first.lower_ == "at"  # "at least"
    end = first.right_edge.i + 1
    doc = span.doc
    if end >= span.end - 1 or doc[end].text != ",":
        return False
    rest = doc[end + 1:span.end]
    return is_clause(rest) and any(t.dep_ in ("nsubj", "nsubjpass") for t in rest)


def past_opener(sent: Span, end: int) -> int:
    """Where fronted content starts: after a place or time phrase that opens the sentence
    ("In the harbour, two barges sank, …" -> "two barges sank")."""
    first = next((t for t in sent if not t.is_space and t.text not in QUOTES), None)
    if first is None or first.lower_ not in _ADVERBIAL_OPENERS or first.dep_ != "prep" or \
            not opener_then_clause(sent.doc[sent.start:end], first):
        return sent.start
    return first.right_edge.i + 2


def resumed_content(sent: Span, after: int, verbs: dict[str, tuple[str, str]]) -> int | None:
    """ "The offensive would stall, Kravets said, because of the mud.": the content goes on
    after a frame set between commas; its end (token index) when it does."""
    doc = sent.doc
    if after >= sent.end or doc[after].text != ",":
        return None
    rest = [t for t in doc[after + 1:sent.end] if not t.is_space]
    first = next((t for t in doc[sent.start:after] if not t.is_space), None)
    if first is not None and first.text in OPEN_QUOTES:
        return None  # a quotation's extent is its marks'
    if len(rest) < 3 or rest[0].text in OPEN_QUOTES or rest[0].tag_ == "VBG" or rest[0].lower_ in (
            "who", "which", "whose", "according", "and", "but", "while", "as", "citing") or (
            rest[0].lower_ in _ADVERBIAL_OPENERS and rest[0].lower_ != "because"):
        return None  # "…, X said, after visiting the front": when, not what ("because …" is why, said)
    if any(t.lemma_ in verbs and t.pos_ == "VERB" for t in rest):
        return None  # another frame follows
    return sent.end


def doc_quotes(doc: Doc) -> list[tuple[int, int]]:
    """The character spans of the document's quotations (``quote_spans``), computed once per document."""
    if "claimledger_quotes" not in doc.user_data:
        doc.user_data["claimledger_quotes"] = quote_spans(doc_text(doc))
    spans: list[tuple[int, int]] = doc.user_data["claimledger_quotes"]
    return spans


def quotation_before(sent: Span, frame_start: int, inside: bool = False) -> tuple[int, int] | None:
    """ '"Why is he attacking me?" Ruud said.', '"The plane is up. Another miracle," she
    wrote.', 'X seemed to suggest it: "She signed," he told …': a quotation closed right before
    a frame that opens its clause, opened in an earlier sentence (the parser ends a sentence at
    a question, an exclamation or a full stop inside the marks) or after a colon; the
    quotation's tokens, or None. ``inside``: also a quotation opened inside the clause ("If the
    bill passes, "it will fill a void," X said"), when the fronted words are no content."""
    doc = sent.doc
    k = frame_start - 1
    while k > 0 and doc[k].is_space and "\n" not in doc[k].text:
        k -= 1
    if k < 2 or doc[k].text not in CLOSE_QUOTES:
        return None
    text = doc_text(doc)
    quote = next(((qs, qe) for qs, qe in doc_quotes(doc) if qe == doc[k].idx), None)
    if quote is None:
        return opening_mark_before(sent, k)  # marks that do not pair ('"…,” X said')
    qs, qe = quote
    if text[qe - 1] not in "?!.,’'":
        return None
    opening = _mark_start(text, qs)
    if opening >= sent.start_char and not text[:opening].rstrip().endswith(":") and not (
            inside and len(text[qs:qe].split()) >= 3):
        return None  # a quotation inside the clause: the fronted words give the content
    inner = doc.char_span(qs, qe, alignment_mode="contract")
    if inner is None or len(inner) < 2:
        return None
    return inner.start, inner.end


def opening_mark_before(sent: Span, k: int) -> tuple[int, int] | None:
    """The tokens between the closing mark at ``k`` and the nearest opening mark before it, in
    an earlier sentence of the paragraph, for marks the quotation pairing leaves unpaired."""
    doc = sent.doc
    if doc[k - 1].text not in ("?", "!", ".", ","):
        return None
    j = k - 2
    while j >= max(0, k - 200) and not (doc[j].tag_ == "``" or doc[j].text in ("“", "«")):
        if doc[j].text in CLOSE_QUOTES and doc[j].tag_ == "''" or "\n" in doc[j].text:
            return None  # another quotation's close, or a paragraph break: no opening mark in reach
        j -= 1
    if j < max(0, k - 200) or j >= sent.start or k - (j + 1) < 2:
        return None
    return j + 1, k


def quotation_after(sent: Span, cue: Token, speaker: tuple[int, int]) -> tuple[int, int] | None:
    """ 'Asked if the shelling had frightened them, Ruud said, "Sure. I get that."', 'X told
    the agency simply, "We lost."', 'Said X, who grew up there, "We were proud."': a frame
    followed by a comma or a colon and a quotation, with no reported clause before it; the
    quotation's tokens in the sentence, or None."""
    doc = sent.doc
    if speaker[0] > cue.i and cue.i > sent.start and any(t.is_alpha for t in doc[sent.start:cue.i]):
        return None  # '…, said X, "…"' after words of its own: those words are what was said
    k = max(cue.i, speaker[1] - 1) + 1
    if k < sent.end and doc[k].text in OPEN_QUOTES and doc[k - 1].text in (",", ":"):
        k -= 1  # the parse gave the speaker's phrase its closing comma
    while k < min(sent.end - 1, cue.i + 12) and doc[k].text not in (",", ":") and not doc[k].is_punct and (
            doc[k].head.i == cue.i or doc[k].head.i in range(cue.i + 1, k) or speaker[0] <= k < speaker[1]) and \
            doc[k].pos_ not in ("VERB", "AUX"):
        k += 1  # "told the Reuters news agency simply, …": the cue's object and adverbs
    if k + 1 >= sent.end or doc[k].text not in (",", ":") or doc[k + 1].text not in OPEN_QUOTES:
        return None
    end = k + 2
    while end < sent.end and doc[end].text not in CLOSE_QUOTES:
        end += 1
    return (k + 2, end) if end - (k + 2) >= 1 else None


def opened_quote(sent: Span, cue: Token, speaker: tuple[int, int]) -> tuple[int, int] | None:
    """ 'But, he said, "…"', 'Still, she added: "…"': a frame after no more than a linking
    word, ending in a comma or colon and an opening quotation mark; the quotation's tokens."""
    doc = sent.doc
    lead = [t for t in doc[sent.start:min(speaker[0], cue_start(cue))] if not t.is_space]
    words = [t for t in lead if not t.is_punct]
    if not lead or len(words) > 1 or any(t.pos_ not in ("CCONJ", "ADV") for t in words) or lead[-1].text != ",":
        return None
    k = max(cue.i, speaker[1] - 1) + 1
    if k + 1 >= sent.end or doc[k].text not in (",", ":") or doc[k + 1].text not in OPEN_QUOTES:
        return None
    return trim(doc, k + 1, sent.end)


def interposed_content(sent: Span, cue: Token, speaker: tuple[int, int]) -> tuple[int, int] | None:
    """ "The offensive, he said, would resume in the spring", "Many days, former staff said,
    she stayed past midnight": a frame set between commas inside the clause it reports, with
    no clause of its own; the content is the sentence around it, the frame inside (a token
    range). None for another shape, or when quotation marks give the content's extent."""
    doc = sent.doc
    if cue.dep_ != "parataxis" or cue.head.i < cue.i:
        return None
    first, last = min(speaker[0], cue_start(cue)), max(speaker[1], cue.i + 1)
    inside = {t.i for t in cue.subtree}
    while last < sent.end and last in inside and doc[last].text != ",":
        last += 1  # "he said in a telephone interview,"
    if any(t.text in QUOTES for t in doc[sent.start:last]) or (last + 1 < sent.end and doc[last + 1].text in QUOTES):
        return None  # (a quotation inside the clause after the frame is the clause's: 'X, he said, called it "…"')
    if any(t.i != cue.i and is_cue(t, reporting_verbs()) and any(
            doc[k].text in OPEN_QUOTES for k in range(t.i + 1, min(t.i + 3, sent.end))) for t in doc[last + 1:sent.end]):
        return None  # '…, she said, … and admitted "…"': the quotation is another frame's
    if first - 1 <= sent.start or doc[first - 1].text != "," or last >= sent.end or doc[last].text != ",":
        return None
    if not any(t.is_alpha for t in doc[sent.start:first - 1]) or not is_clause(doc[last + 1:sent.end]):
        return None
    return trim(doc, sent.start, sent.end)


def inverted_inside(sent: Span, cue: Token, comps: list[Token], subj: list[Token]) -> tuple[int, int] | None:
    """ "And the general, said Marta Sokol, does not forget a slight": an inverted frame
    between commas inside the clause it reports, parsed with the clause's subject as the
    cue's and the speaker as the subject of the rest; the speaker's tokens, or None."""
    doc = sent.doc
    first = cue_start(cue)
    if not comps or comps[0].dep_ != "ccomp" or not subj or subj[0].i > cue.i or first - 1 <= sent.start or \
            doc[first - 1].text != "," or any(t.text in QUOTES for t in sent):
        return None
    said_of = subj[0]  # the subject of the content, not a speaker: a common noun phrase
    if said_of.pos_ in ("PROPN", "PRON") or said_of.ent_type_ in ("PERSON", "ORG", "GPE", "NORP") or \
            said_of.right_edge.i != first - 2:
        return None
    who = next((c for c in comps[0].children if c.dep_ == "nsubj" and c.left_edge.i == cue.i + 1), None)
    if who is None or not (who.pos_ == "PROPN" or who.ent_type_ in ("PERSON", "ORG")):
        return None
    after = who.right_edge.i + (doc[who.right_edge.i].text != ",")  # the parse may hang the comma on the name
    if after + 1 >= sent.end or doc[after].text != "," or doc[after + 1].head.i != comps[0].i and \
            doc[after + 1].i != comps[0].i:
        return None
    return cue.i + 1, after


def unlinked_subject(cue: Token) -> list[Token]:
    """A cue parsed as coordinated with an earlier verb although no "and" or comma joins
    them ("… after the alliance (X) said it had taken the city"): the noun phrase that ends
    right before the cue is its subject."""
    doc = cue.doc
    first = min([c.i for c in cue.children if c.dep_ in ("aux", "neg") and c.i < cue.i] + [cue.i])
    prev = first - 1
    if prev < cue.sent.start or doc[prev].dep_ == "cc" or doc[prev].text in (",", ";", ":") or \
            doc[prev].pos_ not in ("PROPN", "NOUN", "PUNCT"):
        return []
    heads = [t for t in doc[cue.sent.start:prev + 1] if t.right_edge.i == prev and t.pos_ in ("PROPN", "NOUN")
             and t.dep_ in ("pobj", "dobj", "appos", "conj", "attr") and t.ent_type_ not in ("DATE", "TIME")
             and not any(a.i == cue.i for a in t.ancestors)]  # "… but on Tuesday wrote": the cue's own time
    if not heads:
        return []
    head = max(heads, key=lambda t: t.left_edge.i)  # the nearest noun phrase, with its "of" ("the head of X")
    while head.dep_ == "pobj" and head.head.lower_ == "of" and head.head.head.pos_ in ("NOUN", "PROPN"):
        head = head.head.head
    return [head]


def subject_of(cue: Token, climb: bool = True) -> list[Token]:
    """The cue's speaking subject: its own ("it said", not "it was said"), the one it
    shares with the verb it is coordinated with ("… and said", "…, saying"), or the noun a
    relative clause hangs on ("JNIM, which says …", "the minister, who stated that …")."""
    subj = [c for c in cue.children if c.dep_ in ("nsubj", "nsubjpass") and c.lower_ != "there"
            and not (c.lower_ == "it" and (c.dep_ == "nsubjpass" or cue.tag_ == "VBN"))]  # "it was said": no one
    if len(subj) > 1:  # a misparse gave two subjects ("The line held, Kravets said"): the nearest speaks
        after = [c for c in subj if c.i > cue.i]
        if after and cue.i > 0 and cue.doc[cue.i - 1].text in _DASHES | {","} | CLOSE_QUOTES:
            subj = after[:1]  # "The line held, said X, …": inverted, the one after the cue
        else:
            subj = [max((c for c in subj if c.i < cue.i), key=lambda c: c.i, default=subj[0])]
    if not subj and cue.dep_ == "conj":
        subj = unlinked_subject(cue)  # "…, hours before the guild (UG) said …": a misparse
    if not subj and cue.dep_ == "advcl" and cue.tag_ == "VBG" and cue.doc[cue.i - 1].text == "," and \
            held_clause(cue.head) and cue.head.head.head.pos_ == "VERB":
        # "X denied the notion that a shakeup is coming, explaining …": X's participle, not the held clause's
        subj = [c for c in cue.head.head.head.children if c.dep_ == "nsubj" and c.i < cue.i][-1:]
    if not subj and (cue.dep_ == "conj" or cue.dep_ == "advcl" and cue.tag_ == "VBG") and cue.head.dep_ != "ccomp" \
            and not held_clause(cue.head):
        # "Moscow accused Kyiv … and said …", "Kyiv rejected the plan, saying …": the subject is shared
        # (not with a verb of what was said: "X said the pumps had failed, put the loss at …")
        subj = [c for c in cue.head.children if c.dep_ == "nsubj" and c.i < cue.i
                and not (in_quotes(c) and not in_quotes(cue))][-1:] or [
            c for c in cue.head.children if c.dep_ == "nsubjpass" and c.i < cue.i and c.lower_ != "it"
            and cue.tag_ != "VBN" and cue.dep_ == "conj" and cue.doc[cue.i - 1].dep_ == "cc"][-1:]
        # (the last: "X was forced into … and said": the passive's subject speaks)
        if cue.dep_ == "advcl" and cue.doc[cue.i - 1].text == ",":
            subj = nearest_clause_subject(cue) or subj  # "…, as the mayor echoed the charge, saying …"
            when = cue.head
            if when.dep_ == "advcl" and when.head.lemma_ in reporting_verbs() and any(
                    m.dep_ == "mark" and m.lower_ in _WHEN_NOT_WHO for m in when.children):
                # "X said … after the mayor won the vote, remarking …": X goes on, not the mayor
                subj = [c for c in when.head.children if c.dep_ == "nsubj" and c.i < when.i][:1] or subj
    if not subj:
        subj = inverted_subject(cue)
    if not subj and cue.tag_ == "VBG" and cue.dep_ in ("advcl", "conj"):
        subj = content_participle_subject(cue)  # "X has indicated he would …, vowing …"
    if not subj and cue.dep_ == "dep" and cue.i > 1 and cue.doc[cue.i - 1].text == ",":
        # "X, pressed on the figures, said …" parsed with "pressed" as the verb: its subject speaks
        part = next((t for t in cue.doc[cue.sent.start:cue.i] if t.tag_ in ("VBN", "VBG", "VBD")
                     and t.right_edge.i in (cue.i - 1, cue.i - 2) and t.left_edge.i < t.i), None)
        if part is not None:
            subj = [c for c in part.children if c.dep_ == "nsubj" and c.i < part.i][:1]
    if not subj and cue.dep_ == "xcomp":  # "X is expected to tell …"
        subj = [c for c in cue.head.children if c.dep_ in ("nsubj", "nsubjpass") and c.i < cue.i][-1:]
    if not subj and (cue.tag_ == "VBN" or any(c.dep_ == "auxpass" for c in cue.children)):
        # "it was reported by the border guard that …": the agent speaks ("said by telephone" is no agent)
        subj = [p for a in cue.children if a.dep_ == "agent" for p in a.children if p.dep_ == "pobj"][:1]
    if not subj and climb:
        subj = shared_subject(cue)
    if not subj:
        subj = surname_as_word(cue)
    if cue.dep_ in ("relcl", "acl") and (not subj or subj[0].lower_ in ("which", "that")):
        subj = released_by(cue) or subj  # "X released a video that accuses …", "X issued a statement saying …"
    if subj and subj[0].lower_ in ("who", "which", "that") and cue.dep_ == "relcl":
        subj = [cue.head]
    elif subj and subj[0].lower_ in ("who", "which", "that") and subj[0].head.dep_ == "relcl" and \
            subj[0].head.head.pos_ in ("PROPN", "NOUN"):
        subj = [subj[0].head.head]  # "X, who visited the front and said …": the relative clause's noun
    return subj


def released_by(cue: Token) -> list[Token]:
    """ "X released a video that accuses …", "X issued a statement saying …": a cue on a
    medium (``channels.tsv``) that is the object of a verb speaks for that verb's subject."""
    from claimledger.extract.claim_context import channel_words
    medium = cue.head
    if medium.pos_ != "NOUN" or medium.dep_ != "dobj" or medium.lower_ not in channel_words() or medium.i > cue.i:
        return []
    verb = medium.head
    return [c for c in verb.children if c.dep_ == "nsubj" and c.i < verb.i and c.lower_ not in ("it", "there")][:1]


_PERSONAL = {"he", "she", "they", "we", "i"}


def content_participle_subject(cue: Token) -> list[Token]:
    """A participle cue the parse hung on what another verb reports, although it goes with
    that verb: "X has indicated he would expand the reserve, vowing …, and suggesting …"
    (what X indicated has a pronoun for X as its subject), "X issued a statement saying the
    curfew would be lifted and suggesting …" (coordinated with the participle "saying");
    the reporting verb's subject, or nothing."""
    tok = cue
    while tok.dep_ == "conj":  # "…, vowing …, and suggesting …": the first participle of the row
        head = tok.head.head if tok.head.dep_ == "xcomp" else tok.head  # ("vowing to arm X and suggesting")
        if head.tag_ != "VBG" or head.dep_ not in ("advcl", "conj"):
            break
        tok = head
    said = tok.head
    if said.dep_ != "ccomp" or said.tag_ == "VBG" or said.head.i == said.i:
        return []
    verb = said.head
    if tok.dep_ == "conj" and verb.tag_ == "VBG" and verb.lemma_ in reporting_verbs():
        # "saying A and suggesting B": the sibling participle's speaker
        return subject_of(verb)
    if tok.dep_ != "advcl" or not (cue.doc[tok.i - 1].text == "," or cue.doc[tok.i - 1].dep_ == "cc"):
        return []
    if not any(c.dep_ == "nsubj" and c.lower_ in _PERSONAL for c in said.children):
        return []  # "X said the rebels shelled the town, claiming …": the rebels' claim, perhaps
    return [c for c in verb.children if c.dep_ == "nsubj" and c.i < verb.i and c.lower_ not in ("it", "there")][:1]


def surname_as_word(cue: Token) -> list[Token]:
    """ "Will urged …", '"…," From said': a capitalised word right before the cue (or opening
    its sentence) that the tagger read as a modal, a preposition or an adverb hung on the cue,
    when it is the last name of a person the text named before: the speaker."""
    doc, sent = cue.doc, cue.sent
    first = next((t for t in sent if not t.is_space and t.text not in QUOTES), None)
    for t in (doc[cue_start(cue) - 1] if cue_start(cue) > sent.start else None, first):
        if t is None or t.i >= cue.i or t.head.i != cue.i or t.dep_ not in ("aux", "advmod", "prep", "mark", "npadvmod") \
                or not (t.text[:1].isupper() and t.text[1:].islower()) or (t is first and t.i + 1 < cue.i and t.dep_ != "aux"):
            continue
        if any(e.label_ == "PERSON" and len(e) > 1 and e[-1].text == t.text and e.end <= sent.start for e in doc.ents):
            return [t]
    return []


def inverted_subject(cue: Token) -> list[Token]:
    """ "…, announced the Kremlin", "… - said Biden", '"…," said Skelly' (a name the tagger
    took for an adverb): the speaker follows a cue set after what was said."""
    doc = cue.doc
    if cue.i <= 1 or doc[cue.i - 1].text not in _DASHES | {","} | CLOSE_QUOTES or cue.lemma_ in ("tell", "brief", "ask"):
        return []
    return [c for c in cue.children if c.i > cue.i and (
        c.dep_ in ("dobj", "attr", "npadvmod") and (c.pos_ == "PROPN" or c.ent_type_ in ("ORG", "PERSON", "NORP"))
        or c.dep_ == "advmod" and c.i == cue.i + 1 and c.text[:1].isupper() and c.text[1:].islower()
        and not c.is_stop and c.i + 1 < len(doc) and doc[c.i + 1].text in (",", "."))][:1]


#: the links by which a verb with no subject of its own takes another verb's ("took it in stride,
#: saying …", "After saying …, the man …", "tweeted to say …", "refusing to concede that …")
_SHARED_LINKS = ("conj", "advcl", "xcomp", "pcomp", "prep", "pobj", "acomp")


#: words opening a clause that says when or on what condition, not who goes on speaking ("X said …
#: after the mayor won the vote, remarking …": X remarks)
_WHEN_NOT_WHO = {"after", "before", "since", "until", "once", "if", "unless", "because"}


def nearest_clause_subject(cue: Token) -> list[Token]:
    """ "It was a blow, as the mayor echoed the charge, saying …": a participle after a comma
    reports for the nearest clause before it, a sibling clause with a subject of its own
    between the verb it hangs on and the participle (not the verb's "it")."""
    head = cue.head
    between = [c for c in head.children if head.i < c.i < cue.i and c.dep_ in ("advcl", "conj") and c.pos_ == "VERB"
               and c.tag_ in _FINITE and any(k.dep_ == "nsubj" and k.pos_ in ("PROPN", "NOUN") and k.i < c.i
                                             for k in c.children)
               and not any(k.dep_ == "mark" and k.lower_ in _WHEN_NOT_WHO for k in c.children)]
    if not between:
        return []
    clause = between[-1]
    if clause.right_edge.i >= cue.i:
        return []
    return [k for k in clause.children if k.dep_ == "nsubj" and k.i < clause.i][:1]


#: words that open a phrase set off inside a clause ("X, meanwhile, said"; "X, who …, said";
#: "X - in a line aimed at Y - declared"): a parenthetical, not the speaker
_ASIDE_OPENERS = {"who", "whose", "which", "meanwhile", "however", "too", "also", "though", "for", "in", "at",
                  "during", "after", "before", "like", "unlike", "as", "asked", "speaking", "pressed"}
_LINKERS = {"then", "and", "later", "also", "but"}


def interrupted_subject(cue: Token) -> tuple[int, int] | None:
    """The speaker of a cue with no subject in the parse, when the subject stands before a
    phrase set off by commas or dashes ("Mr. X, asked about Y, had said"; "X, who …,
    said"; "X - in a line aimed at Y - declared") or before an earlier verb phrase the cue
    carries on ("X offered a job, then says …"): the noun phrase before them (a token range)."""
    doc, sent = cue.doc, cue.sent
    first = min([c.i for c in cue.children if c.dep_ in ("aux", "neg", "advmod") and c.i < cue.i] + [cue.i])
    # "X offered …, then says": a verb before the cue, hung on it, with a subject of its own
    for c in sorted((c for c in cue.children if c.i < cue.i and c.dep_ in ("ccomp", "advcl", "conj")
                     and c.pos_ == "VERB"), key=lambda c: -c.i):
        gap = [t for t in doc[c.right_edge.i + 1:cue.i] if not t.is_space and t.dep_ not in ("aux", "neg")]
        subj = [k for k in c.children if k.dep_ == "nsubj" and k.i < c.i and k.pos_ in ("PROPN", "NOUN")]
        if subj and gap and gap[0].text == "," and all(t.lower_ in _LINKERS or t.text == "," for t in gap) and \
                any(t.lower_ in _LINKERS for t in gap):
            return subtree_range(subj[0])
    i = first - 1
    asides = 0
    while i > sent.start and doc[i].text in _DASHES | {","} and asides < 3:
        close = i
        j = close - 1
        while j > sent.start and doc[j].text not in _DASHES | {",", ";", ":"} | QUOTES:
            j -= 1
        if j <= sent.start or doc[j].text not in _DASHES | {","} or j + 1 >= close:
            return None
        aside = doc[j + 1:close]
        opener = aside[0]
        if not (opener.lower_ in _ASIDE_OPENERS or opener.tag_ in ("VBN", "VBG") or (
                opener.pos_ == "ADV" and len(aside) <= 2)):
            return None
        asides += 1
        i = j
        prev = doc[i - 1]
        if prev.pos_ in ("PROPN", "NOUN") and prev.text[:1].isupper() and prev.ent_type_ not in (
                "DATE", "TIME", "GPE", "NORP") or prev.pos_ == "PRON" and prev.lower_ in ("he", "she", "they"):
            start = prev.i
            while start - 1 > sent.start and doc[start - 1].dep_ in ("compound", "flat", "det", "amod") and \
                    doc[start - 1].head.i >= start and doc[start - 1].head.i <= prev.i:
                start -= 1
            return start, prev.i + 1
    return None


def held_clause(tok: Token) -> bool:
    """ "that a shakeup is coming" in "the notion that a shakeup is coming": a clause a noun holds."""
    return tok.dep_ in ("acl", "ccomp") and tok.head.pos_ == "NOUN" and any(
        m.dep_ == "mark" and m.lower_ == "that" for m in tok.children)


def in_quotes(tok: Token) -> bool:
    """Whether ``tok`` stands inside quotation marks opened in its sentence (an odd number of
    marks before it)."""
    return sum(t.text in QUOTES for t in tok.doc[tok.sent.start:tok.i]) % 2 == 1


def appositive_speaker(cue: Token) -> tuple[int, int] | None:
    """ "Jeffrey Salkin, a rabbi helping to organize the boycott, said …", '"…," Mr. X, now 81
    and retired in Y, said': a person's name opening the sentence (or right after the
    quotation), set off by a comma from what describes the person, with the cue after the
    closing comma, when the parse gives the cue no subject; the name's tokens."""
    doc, sent = cue.doc, cue.sent
    first = cue_start(cue)
    if first - 1 <= sent.start or doc[first - 1].text != "," or in_quotes(cue):
        return None
    for ent in span_ents(sent):
        if ent.end >= first - 1:
            break
        if ent.label_ != "PERSON" or in_quotes(doc[ent.start]):
            continue
        start = ent.start
        while start > sent.start and doc[start - 1].pos_ == "PROPN" and doc[start - 1].ent_type_ in ("", "PERSON"):
            start -= 1  # "Mr.", "Sen."
        opens = start == sent.start or start - 1 == sent.start and doc[sent.start].pos_ == "CCONJ" or \
            start - 2 >= sent.start and doc[start - 1].text in CLOSE_QUOTES and doc[
            start - 2].text == ","
        if not opens:
            continue
        after = ent.end + (doc[ent.end].text == "(" and next(
            (k - ent.end + 1 for k in range(ent.end, first) if doc[k].text == ")"), 0))
        gap = doc[after:first - 1]
        if after < len(doc) and doc[after].text == "," and 1 < len(gap) <= 25 and not any(
                t.text in QUOTES or t.dep_ == "nsubj" and t.pos_ == "PRON" or t.text in (";", ":") for t in gap):
            return start, ent.end
        return None
    return None


def post_posed_frame(verb: Token) -> bool:
    """ '"Thank you," Ruud replied': a reporting verb the parse hung on the quotation it follows
    (as its clause's complement), with a subject of its own right before it."""
    doc = verb.doc
    return verb.dep_ in ("ccomp", "parataxis") and verb.head.i < verb.i and verb.lemma_ in reporting_verbs() and \
        verb.head.dep_ == "ROOT" and any(c.dep_ == "nsubj" and c.i < verb.i for c in verb.children) and any(
            doc[k].text in CLOSE_QUOTES or doc[k].text == "," for k in range(verb.left_edge.i - 2, verb.left_edge.i))


def shared_subject(cue: Token) -> list[Token]:
    """The subject of the nearest verb up the chain of coordinated, participle, infinitive,
    prepositional and adjectival links ("was quick to add", "is likely to stress") from a cue
    with no subject of its own."""
    if cue.dep_ == "advcl" and cue.tag_ == "VBG" and cue.i > 0 and cue.doc[cue.i - 1].text == ",":
        near = nearest_clause_subject(cue)
        if near:
            return near
    tok = cue
    for _ in range(5):
        if tok is not cue and tok.dep_ == "acl" and tok.head.pos_ in ("PROPN", "NOUN") and (
                tok.tag_ == "VBD" or tok.i > 0 and tok.doc[tok.i - 1].text == ","):
            return [tok.head]  # "Senator X, who …, tweeted to say …" parsed with "tweeted" on the name
        if tok.dep_ not in _SHARED_LINKS or tok.head.i == tok.i:
            return []
        if tok.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ not in ("to",) for c in tok.children):
            return []  # "…, as reported", "if confirmed": a clause of its own, not the subject's saying
        tok = tok.head
        if post_posed_frame(tok):  # '"…," X replied, before adding …': the frame verb after the quotation
            return [c for c in tok.children if c.dep_ == "nsubj" and c.i < tok.i][:1]
        said_in = next((a for a in tok.ancestors if a.dep_ == "ccomp"), None)
        if tok.dep_ in ("ccomp", "parataxis") or said_in is not None and not post_posed_frame(said_in):
            return []  # a verb of what was said: its subject is talked about, not speaking
        subj = [c for c in tok.children if c.dep_ == "nsubj" and c.lower_ != "there"
                and not (in_quotes(c) and not in_quotes(cue))] or (
            inverted_subject(tok) if tok.tag_ in _FINITE and tok.lemma_ in reporting_verbs() else []) or [
            c for c in tok.children if c.dep_ == "nsubjpass" and c.lower_ not in ("it", "there")
            and c.pos_ in ("PROPN", "NOUN") and cue.dep_ == "pcomp" and cue.head.head.i == tok.i]
        # (the last: "X was booed after telling …": the passive's subject speaks)
        if subj:
            s = subj[0]
            if s.lower_ in ("who", "which", "that") and tok.dep_ == "relcl":
                return [tok.head]
            return [s]
        if tok.pos_ not in ("VERB", "AUX", "ADP", "SCONJ") and not (tok.dep_ == "pobj" and tok.pos_ == "NOUN") and not (
                tok.dep_ == "acomp" and tok.pos_ == "ADJ"):
            return []  # (a noun only as the object of a preposition: "In addition to stating …, X")
    return []


def frame_for(sent: Span, cue: Token, verbs: dict[str, tuple[str, str]],
              hint: tuple[int, int] | None = None) -> Frame | None:
    """The frame of a reporting verb: its speaker (``hint``: the speaker of the frame it
    is coordinated with) and the clause, quotation or fronted words it reports."""
    doc = sent.doc
    modality = verbs[cue.lemma_][0]
    if modality != "confirmed" and any(c.dep_ == "neg" for c in cue.children):
        return None  # "did not say where …": nothing was said
    subj = subject_of(cue, climb=hint is None)
    speaker = subtree_range(subj[0]) if subj else hint
    if subj and speaker is not None and speaker[0] < subj[0].i and doc[speaker[0]].text in OPEN_QUOTES:
        # '"…," Anna Kivi, 54, said': the quotation parsed into the name's phrase is not the speaker
        marks = [k for k in range(speaker[0], subj[0].i) if doc[k].text in QUOTES]
        if len(marks) >= 2 and len(marks) % 2 == 0:
            speaker = (marks[-1] + 1, speaker[1])
    if speaker is None:
        speaker = interrupted_subject(cue) or appositive_speaker(cue)  # "X, asked about Y, had said …"
        if speaker is not None:
            subj = [doc[speaker[1] - 1]]
    comps = [c for c in cue.children if c.dep_ in ("ccomp", "xcomp") and c.i > cue.i]
    if not comps and cue.dep_ == "xcomp" and cue.head.pos_ == "VERB" and cue.head.lemma_ not in verbs:
        # 'went on to say, "…"': the parse hung what was said on the verb that carries the infinitive
        comps = [c for c in cue.head.children if c.dep_ == "ccomp" and c.i > cue.i + 1 and doc[c.left_edge.i - 1].text
                 in OPEN_QUOTES | {",", ":"}][:1]
    first = cue_start(cue)
    before = first - 2 if first - 2 >= sent.start and doc[first - 1].text == "," else first - 1
    if speaker is None and comps and before > sent.start and doc[before].pos_ in ("PROPN", "NOUN"):
        # "…, former president X said his wife …" with X parsed as another noun's appositive
        speaker = chunk_speaker(sent, cue)
    if verbs[cue.lemma_][1] == "cognition" and not subj:
        return None
    if comps and comps[0].dep_ == "xcomp" and comps[0].lemma_ in verbs and verbs[cue.lemma_][1] == "cognition":
        return None  # "is expected to tell …": the telling is the frame
    inverted = inverted_inside(sent, cue, comps, subj)
    if inverted is not None:  # "And the general, said Marta Sokol, does not forget a slight."
        return Frame(cue, inverted, trim(doc, sent.start, sent.end), modality)
    by_agent = bool(subj) and subj[0].head.dep_ == "agent"  # "it was reported by X that …"
    if comps and (speaker is None or speaker[0] < cue.i or by_agent or (
            not any(c.dep_ in ("nsubj", "nsubjpass") for c in cue.children) and speaker[0] >= comps[0].right_edge.i)):
        # the last: "After saying he was nervous, the man …": the subject comes after what was said
        comp, inner_modality = descend(cue, comps[0], verbs)
        start, end = subtree_range(comp)
        if indirect_question(comp, start):
            return None  # "described how deep the rebels had pushed"
        end = coordinated_cue(comp, start, end, verbs)
        for c in cue.children:  # "… after the rebels said …" parsed as coordinated with the cue
            if c.dep_ == "conj" and start < c.i and is_cue(c, verbs):
                other = unlinked_subject(c)
                cut = other[0].left_edge.i if other else c.left_edge.i
                if start < cut < end:
                    end = cut
        if comp is comps[0]:
            start = subject_as_object(cue, comp) or start
            end = gapped_end(cue, end, lambda t: is_cue(t, verbs))
        split = wanting_split(comp, start, end)
        consumed = {comps[0].i} if comp is not comps[0] else set()
        return Frame(cue, speaker, trim(doc, start, split[0] if split else end), inner_modality or modality,
                     consumed=consumed, rest=trim(doc, *split) if split else None)
    if speaker is None:
        speaker = chunk_speaker(sent, cue)
        if speaker is None:
            return None
    held = next((c for d in cue.children if d.dep_ == "dobj" and d.pos_ == "NOUN" for c in d.children
                 if c.i > d.i and held_clause(c) and doc[d.i + 1].lower_ == "that"), None)
    if held is not None and speaker[0] < cue.i:  # "X denied the notion that …": the clause the noun holds
        start, end = subtree_range(held)
        for c in held.subtree:  # (not "…, explaining that …": a frame of its own)
            if start < c.i < end and c.dep_ == "advcl" and c.tag_ == "VBG" and is_cue(c, verbs) and \
                    doc[c.i - 1].text == ",":
                end = min(end, c.i - 1)
        return Frame(cue, speaker, trim(doc, start, end), modality)
    opened = quotation_before(sent, min(speaker[0], cue_start(cue))) if cue_start(cue) <= speaker[1] + 1 else None
    if opened is not None:  # '"Why is he attacking me?" Ruud said.' split into two sentences
        return Frame(cue, speaker, opened, modality)
    middle = interposed_content(sent, cue, speaker)
    if middle is not None:  # "The offensive, he said, would resume in the spring."
        return Frame(cue, speaker, middle, modality)
    if speaker[0] > sent.start + 1:
        quote = opened_quote(sent, cue, speaker)
        if quote is not None:  # 'But, he said, "…"': a linker, the frame, then the quotation
            return Frame(cue, speaker, quote, modality)
        end = cue.i if cue.i < speaker[0] else speaker[0]
        if not fronted_content(doc[sent.start:end]):
            # 'Asked if …, X said, "…"', 'If the bill passes, "it will fill a void," X said'
            after = quotation_after(sent, cue, speaker) or quotation_before(sent, end, inside=True)
            return Frame(cue, speaker, after, modality) if after is not None else None
            # ("In a statement, X said": an adverbial, not what was said)
        end = resumed_content(sent, max(cue.i + 1, speaker[1]), verbs) or end
        return Frame(cue, speaker, trim(doc, past_opener(sent, end), end), modality)
    if cue.i < speaker[0] and sent.start < cue.i:  # inverted: "…," said X
        if not fronted_content(doc[sent.start:cue.i]):
            return None
        end = resumed_content(sent, max(cue.i + 1, speaker[1]), verbs) or cue.i
        return Frame(cue, speaker, trim(doc, past_opener(sent, end), end), modality)
    that = next((t for t in doc[cue.i + 1:min(cue.i + 10, sent.end)] if t.lower_ == "that"), None) or next(
        (t for t in doc[cue.i + 1:min(cue.i + 18, sent.end)] if t.lower_ == "that" and t.dep_ == "mark"
         and cue.lemma_ in ("tell", "say", "announce")), None)  # "told a press briefing in the capital … that"
    if that is not None:
        return Frame(cue, speaker, trim(doc, that.i + 1, sent.end), modality)
    colon = next((t for t in doc[cue.i + 1:min(cue.i + 8, len(doc))] if t.text == ":"), None)
    if colon is not None and speaker[0] < cue.i:
        # "X told reporters: …" (the content may open the next paragraph)
        start = colon.i + 1
        while start < len(doc) and doc[start].is_space:
            start += 1
        if start < len(doc):
            end = doc[start].sent.end if doc[start].sent.start >= sent.end else sent.end
            return Frame(cue, speaker, trim(doc, start, end), modality)
    after = quotation_after(sent, cue, speaker)  # 'Said X, who grew up there, "…"'
    return Frame(cue, speaker, after, modality) if after is not None else None


@lru_cache(maxsize=1)
def evaluation_verbs() -> dict[str, tuple[str, str]]:
    """Lemma -> (what the verb needs for a claim, modality) from ``evaluation_verbs.tsv``."""
    return {r["lemma"]: (r["needs"], r["modality"]) for r in table("evaluation_verbs.tsv")}


def is_cue(tok: Token, verbs: dict[str, tuple[str, str]]) -> bool:
    """A reporting verb or a verb whose verb phrase is a claim ("put … at")."""
    return tok.pos_ in ("VERB", "AUX") and (tok.lemma_ in verbs or tok.lemma_ in evaluation_verbs())


def coordinated_cue(comp: Token, start: int, end: int, verbs: dict[str, tuple[str, str]]) -> int:
    """ "said its forces had foiled the attacks, and on Monday it put the losses at …": a cue
    coordinated with the content's verb starts a claim of its own; the content ends before it."""
    doc = comp.doc
    for c in comp.children:
        if c.dep_ == "conj" and c.i > comp.i and is_cue(c, verbs) and not any(k.dep_ == "mark" for k in c.children):
            cut = c.left_edge.i
            while cut > start and (doc[cut - 1].dep_ in ("cc", "punct") or doc[cut - 1].is_space):
                cut -= 1
            end = min(end, cut)
    return end


def _has_needs(tok: Token, needs: str) -> bool:
    kids = list(tok.children)
    objs = [c for c in kids if c.dep_ in ("dobj", "dative")]
    if needs == "dobj":
        return bool(objs) and not any(c.dep_ in ("ccomp",) for c in kids)
    if needs == "num":
        return any(t.like_num for o in objs for t in o.subtree)
    if needs == "oprd":
        return bool(objs) and any(c.dep_ in ("oprd", "xcomp", "ccomp", "attr", "acomp") and c.i > objs[0].i
                                  for c in kids)
    return needed_prep(tok, needs) is not None and (bool(objs) or needs == "of")


def needed_prep(tok: Token, needs: str) -> Token | None:
    """The preposition a verb phrase's claim needs ("put the losses at …"): the verb's own, or
    one the parse hung in a clause on the verb's object ("put the losses since the fighting
    began at 1,600")."""
    for c in tok.children:
        if c.dep_ in ("prep", "dative") and c.lower_ == needs:
            return c
    for c in tok.children:
        if c.dep_ == "advcl" and c.i > tok.i:
            hit = next((p for p in c.children if p.dep_ == "prep" and p.lower_ == needs and p.i > c.i), None)
            if hit is not None and any(t.like_num for t in hit.subtree):
                return hit
    return None


def verb_phrase_frame(sent: Span, cue: Token, verbs: dict[str, tuple[str, str]],
                      hint: tuple[int, int] | None = None) -> Frame | None:
    """ "put the toll at about 180", "called the strikes 'measured'", "claimed 50 killed":
    the claim is the verb phrase, from its auxiliaries to its last complement."""
    entry = evaluation_verbs().get(cue.lemma_)
    if entry is None or not _has_needs(cue, entry[0]) or any(c.dep_ == "neg" for c in cue.children):
        return None
    subj = subject_of(cue, climb=hint is None)
    speaker = subtree_range(subj[0]) if subj else hint
    if speaker is None or speaker[0] > cue.i:
        return None
    doc = sent.doc
    start = min([c.i for c in cue.children if c.dep_ in ("aux", "auxpass") and c.i < cue.i] + [cue.i])
    end = cue.i + 1
    for c in cue.children:
        if c.i > cue.i and c.dep_ not in ("conj", "cc", "punct", "advcl", "npadvmod") and not (
                c.dep_ == "prep" and c.lower_ in ("on", "in") and any(
                    channel_word(p) for p in c.children)):
            end = max(end, c.right_edge.i + 1)
    prep = needed_prep(cue, entry[0]) if entry[0] not in ("dobj", "num", "oprd") else None
    if prep is not None and prep.head.i != cue.i:
        end = max(end, prep.right_edge.i + 1)  # the needed "at …" hung in a clause: the claim runs to it
    if end < len(doc) and doc[end].text in CLOSE_QUOTES and sum(t.text in QUOTES for t in doc[start:end]) % 2:
        end += 1  # 'called the attack "an act of terror"': the quotation's closing mark
    return Frame(cue, speaker, trim(doc, start, end), entry[1])


def channel_word(tok: Token) -> bool:
    """ "on X", "in a statement": a medium, not part of a verb phrase's claim."""
    from claimledger.extract.claim_context import channel_words
    return tok.lower_ in channel_words() or tok.lemma_.lower() in channel_words()


def according_frame(sent: Span, tok: Token) -> Frame | None:
    """ "…, according to a statement released by X on Jan. 30." (either side of the content)."""
    doc = sent.doc
    if tok.lower_ != "according" or tok.i + 1 >= len(doc) or doc[tok.i + 1].lower_ != "to":
        return None
    to = doc[tok.i + 1]
    objs = [c for c in to.children if c.dep_ == "pobj"]
    phrase_end = subtree_range(objs[0])[1] if objs else to.i + 1
    # the source phrase runs past its object's subtree to the next comma ("according to a
    # statement released by X on Jan. 30, …")
    j = max(to.i + 1, phrase_end)
    while j < sent.end and doc[j].text != ",":
        j += 1
    # "Fundraising, according to the campaign, has surged": set inside the clause it reports
    if tok.i > sent.start + 1 and doc[tok.i - 1].text == "," and j < sent.end and not any(
            t.text in QUOTES for t in sent) and is_clause(doc[j + 1:sent.end]) and not is_clause(
                doc[sent.start:tok.i - 1]) and any(t.is_alpha for t in doc[sent.start:tok.i - 1]):
        source = trim(doc, to.i + 1, j)
        return Frame(tok, source, trim(doc, sent.start, sent.end), "asserted", source_phrase=source)
    # the source phrase runs to the sentence end when the content came first
    if tok.i > sent.start + 2:
        # (up to a comma that opens a clause of the story's own: "…, according to a CNN tally,
        # but his path is narrowing")
        rest = doc[j + 1:sent.end]
        own = j + 1 < sent.end and (doc[j + 1].pos_ in ("CCONJ", "SCONJ") or any(
            t.dep_ in ("nsubj", "nsubjpass") and t.head.tag_ in _FINITE | {"VBN", "VBG"} and t.head.i >= j
            for t in rest)) and is_clause(rest)
        source = (to.i + 1, j if own else sent.end)
        content = trim(doc, sent.start, tok.i)
        said = [t for t in doc[content[0]:content[1]] if not t.is_punct]
        if said and said[-1].lemma_ in reporting_verbs() and said[-1].pos_ == "VERB" and any(
                c.dep_ == "nsubj" for c in said[-1].children) and doc[content[0]:content[1]].root == said[-1]:
            return None  # "The ministry said, according to Reuters, that …": the outlet carried the frame
    else:
        source = (to.i + 1, j)
        content = trim(doc, j, sent.end)
    source = trim(doc, *source)
    return Frame(tok, source, content, "asserted", source_phrase=source)


def quoted(doc: Doc, start: int, end: int) -> tuple[int, int, bool]:
    """Content inside quotation marks is a direct quote: return its inner range."""
    s, e = start, end
    while s > 0 and doc[s - 1].is_space:
        s -= 1
    opened = s > 0 and doc[s - 1].text in OPEN_QUOTES
    closing = end < len(doc) and (doc[end].text in CLOSE_QUOTES or
                                  (doc[end].text == "," and end + 1 < len(doc) and doc[end + 1].text in CLOSE_QUOTES))
    return start, end, bool(opened and closing)


def quoted_core(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    """Reported words that carry a quotation of three words or more ('said the strikes had
    "severely damaged its defence capability"') are direct; a scare-quoted word or two
    ('"mobile groups"') is not."""
    words = sum(len(text[max(qs, start):min(qe, end)].split()) for qs, qe in spans if qs < end and qe > start)
    return words >= 3


def quote_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the quotations in ``text`` (inside the marks). Curly
    marks pair by direction; straight double marks alternate within a paragraph, and
    two apostrophes ("''") are a straight double mark."""
    spans: list[tuple[int, int]] = []
    open_at: int | None = None
    straight_open: int | None = None
    skip = -1
    for i, ch in enumerate(text):
        if i == skip:
            continue
        if ch == "'" and text[i + 1:i + 2] == "'":
            skip = i + 1
            if straight_open is None:
                straight_open = i + 2
            else:
                spans.append((straight_open, i))
                straight_open = None
        elif ch == "\n":
            open_at = straight_open = None  # a quotation does not run past its paragraph here
        elif ch in "“«":
            open_at = i + 1
        elif ch in "”»" and open_at is not None:
            spans.append((open_at, i))
            open_at = None
        elif ch == '"':
            if straight_open is None:
                straight_open = i + 1
            else:
                spans.append((straight_open, i))
                straight_open = None
    spans.sort()
    return spans


def _mark_start(text: str, qs: int) -> int:
    """Where the opening mark of the quotation whose words start at ``qs`` begins."""
    return qs - 2 if text[max(0, qs - 2):qs] == "''" else qs - 1


def _quote_at(spans: list[tuple[int, int]], pos: int) -> tuple[int, int] | None:
    for qs, qe in spans:
        if qs <= pos <= qe:
            return qs, qe
        if qs > pos:
            break
    return None


def expand_quote(record: Record, frame: Frame, spans: list[tuple[int, int]],
                 verbs: dict[str, tuple[str, str]]) -> tuple[int, int] | None:
    """A direct quote's whole content as character offsets: the quotation the frame's
    content lies in (across sentences), the piece after the frame ("“A,” she said,
    “B.”") and the quotations that carry on in the next sentences without a cue of
    their own ("“A,” she said. “B.”"). None when the content is not quoted."""
    doc, text = record.parsed(), record.text
    cs = doc[frame.content[0]].idx
    ce = doc[frame.content[1] - 1].idx + len(doc[frame.content[1] - 1])
    first = _quote_at(spans, cs)
    last = _quote_at(spans, ce) or first
    if first is None or last is None or ce > last[1] + 1:
        return None
    start, end = first[0], last[1]
    frame_start = min(frame.cue.i, frame.speaker[0] if frame.speaker else frame.cue.i)
    frame_start_char = doc[frame_start].idx
    frame_end = max(frame.cue.i, frame.speaker[1] - 1 if frame.speaker else 0)
    frame_end_char = doc[frame_end].idx + len(doc[frame_end])
    sent_start, sent_end = frame.cue.sent.start_char, frame.cue.sent.end_char
    tail = [t for t in frame.cue.sent if not t.is_space]
    if tail and tail[-1].text in OPEN_QUOTES and any(q[0] == tail[-1].idx + len(tail[-1]) for q in spans):
        sent_end = tail[-1].idx  # the parser left the next quotation's opening mark in this sentence
    if start > frame_end_char:
        # "“A,” Bond said, “B.”" with the content found after the frame: take in the piece before it
        before = [q for q in spans if sent_start <= q[0] - 1 and q[1] < frame_start_char
                  and re.fullmatch(r"[,.!?]?(?:[”\"]|'')?\s*", text[q[1]:frame_start_char])]
        if before:
            start = before[-1][0]
    for qs, qe in spans:
        if qs <= end:
            continue
        mark = _mark_start(text, qs)
        if end < frame_end_char < mark and re.fullmatch(r"[^.!?\n“”\"]{0,80}[,:]\s*",
                                                       text[frame_end_char:mark]):
            end = qe  # "“A,” she said, “B.”"
            continue
        if qs < sent_end and end < sent_end:
            continue  # a quotation inside the frame ("told NBC’s “Today” on Monday")
        rest = doc.char_span(max(end, frame_end_char), sent_end, alignment_mode="contract")
        if end < sent_end and rest is not None and any(is_cue(t, verbs) for t in rest if t.i != frame.cue.i):
            break  # the frame's sentence goes on with another cue ("…," he said, adding that …)
        between = text[end:mark] if end >= sent_end else text[sent_end:mark] if qs > sent_end else "x"
        if re.fullmatch(r"[,.!?]?(?:[”\"]|'')?\s*[.!?]?\s*", between) and "\n\n" not in text[end:qs]:
            # the next sentence opens a quotation: the same speaker's, unless it has its own cue
            sent = doc.char_span(qs, qe, alignment_mode="expand")
            if sent is None or not len(sent):  # an empty quotation ("") carries nothing on
                break
            # (the sentences the quotation runs over: '"B. C," he said' tags it in the last one)
            outside = [t for t in doc[sent[0].sent.start:sent[-1].sent.end] if not any(a <= t.idx < b for a, b in spans)]
            if any(t.lemma_ in verbs and t.pos_ == "VERB" for t in outside):
                break
            end = qe
            continue
        break
    return start, end


def hedged(content: Span) -> bool:
    """Whether the content holds a hedge word (``hedges.txt``: "reportedly", "allegedly")."""
    hedges = word_list("hedges.txt")
    return any(t.lower_ in hedges for t in content)


def circumstances(record: Record, frame: Frame, start: int, end: int,
                  spans: list[tuple[int, int]]) -> tuple[str | None, str | None]:
    """The channel and the date of a claim from its own sentence (``claim_context``): the
    frame outside the content, up to a coordinated cue that starts another claim, the
    speaker's own words left out (but not a clause on them: "a soldier quoted by X")."""
    sent = frame.cue.sent
    doc = record.parsed()
    after = doc[frame.content[1]:sent.end]
    stop = next((c.left_edge.idx for c in after if c.dep_ == "conj" and is_cue(c, reporting_verbs())
                 and c.i != frame.cue.i and c.left_edge.i >= frame.content[1]), sent.end_char)
    if frame.cue.i < frame.content[0]:  # "…; estimates cited by X were higher": another clause's frame
        stop = min([stop] + [t.idx for t in after if t.text == ";"])
    ranges = [(s, min(e, stop)) for s, e in frame_ranges(sent, (start, end), spans) if s < stop]
    speaker: set[int] = set()
    if frame.speaker is not None and not frame.source_phrase:
        speaker = set(range(*frame.speaker))
        for t in doc[frame.speaker[0]:frame.speaker[1]]:
            if t.dep_ in ("relcl", "acl"):
                speaker -= {k.i for k in t.subtree}
    tokens = [t for t in frame_tokens(sent, ranges) if t.i not in speaker]
    channel = frame_channel(doc, frame.cue, tokens) or speaker_medium(doc[frame.speaker[0]:frame.speaker[1]] if (
        frame.speaker and not frame.source_phrase) else None)
    said_on = saying_date(record, ranges, record.anchor_at(frame.cue.idx), frame.cue.idx)
    return channel, said_on


def speaker_medium(speaker: Span | None) -> str | None:
    """The medium the speaker's own phrase names, however the parse hangs it: "an official,
    briefing journalists in private, said" (a briefing), "the report by the UN
    mission said" (a report)."""
    if speaker is None or not len(speaker):
        return None
    for t in speaker:
        if t.lemma_ == "brief" and t.i + 1 < speaker.end and t.nbor(1).lower_ in ("reporters", "journalists"):
            return "briefing"
    label = medium_label(speaker.root)
    return label if label in ("report", "statement", "communique", "release") else None


def cue_modality(frame: Frame, verbs: dict[str, tuple[str, str]], content: Span | None = None) -> str:
    """A claim's modality: a confirming or denying modifier of the cue ("commented …,
    confirming the reports"), then what the content says of itself (the future is
    predicted, a hedge hedges, "there are no plans" denies), then the cue's own stance."""
    for c in frame.cue.children:
        if c.dep_ in ("advcl", "conj", "xcomp") and c.lemma_ in verbs:
            mod = verbs[c.lemma_][0]
            if mod in ("confirmed", "denied"):
                return mod
    neg = any(c.dep_ == "neg" for c in frame.cue.children)
    if neg and frame.modality == "confirmed":
        return "hedged"
    if frame.modality in ("confirmed", "denied") or verbs.get(frame.cue.lemma_, ("", ""))[1] == "cognition" and \
            frame.modality == "hedged":
        return frame.modality  # "believe the town will fall": the belief's hedge
    if content is None:
        content = frame.cue.doc[frame.content[0]:frame.content[1]]
    if predicts(content):
        return "predicted"  # "said it will send", "would not pull out", "plans to open"
    hedges = word_list("hedges.txt")
    if hedged(content) or any(c.dep_ == "advmod" and c.lower_ in hedges for c in frame.cue.children):
        return "hedged"  # "may have killed", "reportedly said", "warned the toll was likely higher"
    if frame.modality == "asserted" and denies(content):
        return "denied"
    return frame.modality


#: verbs whose infinitive complement is a plan, forecast or commitment ("plans to open", "vowed to
#: return"): the plan and promise kinds of data/plan_verbs.tsv
PLAN_KINDS = ("plan", "promise")
_FUTURE_AUX = {"will", "shall", "'ll", "would", "wo", "’ll"}


def standing(content: Span, v: Token) -> bool:
    """ "As long as the war continues, we will stay": a commitment that holds while something
    lasts (a clause before the verb opened by "as long as", "while", "until"), not a forecast."""
    return any(t.lower_ in ("while", "until") or (t.lower_ == "as" and t.i + 1 < len(t.doc)
                                                   and t.nbor(1).lower_ == "long") for t in content if t.i < v.i)


def predicts(content: Span) -> bool:
    """Content about the future: its main verb (or one coordinated with it) takes "will",
    "shall" or a reported "would" (not "would have"), or is "plans to …", "is expected to …"."""
    root = content.root
    heads = [root] + [c for c in root.children if c.dep_ in ("ccomp", "conj") and c.pos_ in ("VERB", "AUX")
                      and content.start <= c.i < content.end]  # not a verb past the content ("…, and promised …")
    for v in heads:
        auxes = [c for c in v.children if c.dep_ in ("aux", "auxpass")]
        words = {c.lower_ for c in auxes}
        if words & _FUTURE_AUX and not ("have" in words and "would" in words) and not standing(content, v):
            return True
        if v.lemma_ in plan_verbs(PLAN_KINDS) and any(c.dep_ in ("xcomp", "ccomp") for c in v.children):
            return True  # "plans to open", "expects Russia to launch"
    return False


def own_modality(content: Span | None) -> str:
    """The modality of words that carry on a quotation, with no cue of their own."""
    if content is None:
        return "asserted"
    return "predicted" if predicts(content) else "hedged" if hedged(content) else "asserted"


def denies(content: Span) -> bool:
    """ "there are no plans to …", "there had been no US involvement": the content says a
    thing does not exist, in the words news uses for denials (``denial_nouns.txt``)."""
    nouns = word_list("denial_nouns.txt")
    root = content.root
    if root.lemma_ != "be" or not any(c.dep_ == "expl" for c in root.children):
        return False
    return any(c.dep_ in ("attr", "nsubj") and c.lemma_.lower() in nouns
               and any(d.lower_ == "no" for d in c.children) for c in root.children)


def skip_dateline(doc: Doc, content: tuple[int, int]) -> tuple[int, int]:
    """A body's first sentence may start with its dateline ("GENEVA, 14 February 2025 - ")."""
    start, end = content
    text = doc_text(doc)
    line_start = text.rfind("\n", 0, doc[start].idx) + 1  # the parser may split "SEOUL" off
    cut = dateline_end(text[line_start:doc[end - 1].idx + len(doc[end - 1])])
    if cut and line_start + cut > doc[start].idx:
        span = doc.char_span(line_start + cut, doc[end - 1].idx + len(doc[end - 1]), alignment_mode="expand")
        if span is not None and len(span):
            return span.start, end
    return content


def is_modifier(tok: Token) -> bool:
    """A participle qualifying something else ("confirming the reports", "the alleged attack")."""
    return tok.dep_ in ("amod", "acl") or (tok.dep_ == "advcl" and tok.tag_ in ("VBG", "VBN"))


def too_short(content: Span) -> bool:
    """Fewer than three words, unless two make a clause ("reserves arrived")."""
    return len(content) < 2 or (len(content) == 2 and not any(t.pos_ == "VERB" for t in content))


def reports_clause(tok: Token) -> bool:
    """ "…, saying the talks had failed", "issued a statement saying the talks had failed": a
    participle with a clause of its own reports it."""
    return (tok.dep_ == "advcl" or tok.dep_ == "acl" and bool(released_by(tok))) and tok.tag_ == "VBG" and any(
        c.dep_ == "ccomp" for c in tok.children)


def extract_claims(record: Record) -> list[Claim]:
    """Every claim of the record's reporting segments, with claimant, channel, date, quote and modality."""
    doc = record.parsed()
    verbs = reporting_verbs()
    people = People()
    reader = ClaimantReader(doc, people)
    claims: list[Claim] = []
    spans = quote_spans(record.text)
    claimed: list[tuple[int, int]] = []  # character ranges already a claim's content
    claimed_chars = bytearray(len(record.text) + 1)  # the same, as a mask: a look-up per token, not a scan
    headlines: list[Claim] = []
    hints: dict[int, tuple[int, int]] = {}  # cue index -> the speaker of the frame it is coordinated with
    for sent in doc.sents:
        seg = record.segment_at(sent.start_char)
        people.observe(sent, lambda off: _quote_at(spans, off) is not None)
        if seg is None or seg.kind not in REPORTING_KINDS + ("headline",):
            continue
        in_headline = seg.kind == "headline" or (
            seg.kind == "live_item" and seg.headline_end is not None and sent.start_char < seg.headline_end)
        consumed: set[int] = set()
        taken: list[tuple[int, int]] = []
        for tok in sent:
            if tok.i in consumed or any(s <= tok.i < e for s, e in taken):
                continue
            if claimed_chars[tok.idx] or _quote_at(spans, tok.idx) is not None:
                continue  # a cue inside a quotation: the quoted speaker's words, not the story's frame
            if in_headline and not (tok.pos_ == "VERB" and tok.lemma_ in verbs and tok.i > sent.start + 3):
                continue  # a headline's only claim shape: "…, X says"
            if tok.lower_ == "according":
                frame = according_frame(sent, tok)
            elif tok.pos_ == "VERB" and tok.lemma_ in verbs and (not is_modifier(tok) or reports_clause(tok)):
                frame = frame_for(sent, tok, verbs, hints.get(tok.i))
            else:
                frame = None
            if frame is None and is_cue(tok, verbs) and not is_modifier(tok) and not in_headline:
                frame = verb_phrase_frame(sent, tok, verbs, hints.get(tok.i))
            if frame is None or frame.content[1] <= frame.content[0] or any(
                    s < frame.content[1] and frame.content[0] < e for s, e in taken) or anonymity_request(
                    doc[frame.content[0]:frame.content[1]].text):
                continue  # nothing said, what an earlier frame already reports, or "asked not to be named"
            first_char = doc[frame.content[0]].idx
            last_char = doc[frame.content[1] - 1].idx + len(doc[frame.content[1] - 1])
            if sum(claimed_chars[first_char:last_char]) * 2 > last_char - first_char:
                continue  # a quotation an earlier frame already reports ('… said, "…." The star then recalled …')
            frame.content = skip_dateline(doc, frame.content)
            chars = expand_quote(record, frame, spans, verbs)
            if (chars is None and too_short(doc[frame.content[0]:frame.content[1]])) or (
                    chars is not None and len(record.text[chars[0]:chars[1]].split()) < 3):
                continue
            consumed |= frame.consumed
            for c in doc[frame.content[1]:sent.end]:
                if c.dep_ == "conj" and is_cue(c, verbs) and frame.speaker is not None:
                    hints[c.i] = frame.speaker  # "…, and on Monday put the losses at …": the same speaker
            claim = build_claim(record, frame, reader, len(claims) + 1, verbs, chars, spans)
            if in_headline:
                headlines.append(claim)
            claims.append(claim)
            taken.append(frame.content)
            claimed.append((claim.start, claim.end))
            claimed_chars[claim.start:claim.end] = b"\x01" * (claim.end - claim.start)
            if frame.rest is not None and chars is None and not too_short(doc[frame.rest[0]:frame.rest[1]]):
                second = replace(frame, content=frame.rest, rest=None)  # "… and wanted to B"
                claims.append(build_claim(record, second, reader, len(claims) + 1, verbs, None, spans))
                taken.append(second.content)
                claimed.append((claims[-1].start, claims[-1].end))
                claimed_chars[claims[-1].start:claims[-1].end] = b"\x01" * (claims[-1].end - claims[-1].start)
    claims.extend(continued_quotes(record, claims, spans, claimed, verbs))

    def held(start: int, end: int) -> bool:
        return sum(claimed_chars[start:end]) * 2 >= end - start or any(
            s <= start and end <= e for s, e in claimed)

    for claim in labelled_claims(record, reader, held, lambda s, e: own_modality(
            doc.char_span(s, e, alignment_mode="expand"))):
        seg = record.segment_at(claim.start)
        if seg is not None and seg.kind == "headline":
            headlines.append(claim)
        claims.append(claim)
        claimed.append((claim.start, claim.end))
    carry_over(record, claims)
    return renumber([c for c in claims if c not in headlines or not restated(c, claims, headlines)])


def _content_words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9]+", text.lower()) if len(w) > 2 or w.isdigit()}


def restated(headline: Claim, claims: list[Claim], headlines: list[Claim]) -> bool:
    """A headline's claim that the story's body makes again, in more detail, is not a second claim."""
    words = _content_words(headline.text)
    for c in claims:
        if c in headlines or not words:
            continue
        if len(words & _content_words(c.text)) >= 0.5 * len(words):
            return True
    return False


def renumber(claims: list[Claim]) -> list[Claim]:
    """Give ``claims`` the ids 1, 2, 3 ... in their order; returns the same list."""
    for i, c in enumerate(claims, 1):
        c.id = i
    return claims


def continued_quotes(record: Record, claims: list[Claim], spans: list[tuple[int, int]],
                     claimed: list[tuple[int, int]], verbs: dict[str, tuple[str, str]]) -> list[Claim]:
    """A paragraph that is a quotation with no cue of its own carries on the direct
    quote of the paragraph before it: the same speaker's words (a news convention)."""
    text, doc = record.text, record.parsed()
    out: list[Claim] = []
    for qs, qe in spans:
        para_start = text.rfind("\n", 0, qs) + 1
        if text[para_start:_mark_start(text, qs)].strip() or any(a <= qs < b for a, b in claimed):
            continue
        seg = record.segment_at(qs)
        if seg is None or seg.kind not in REPORTING_KINDS:
            continue
        para_end = text.find("\n", qe)
        para_end = len(text) if para_end < 0 else para_end
        span = doc.char_span(para_start, para_end, alignment_mode="expand")
        if span is None:
            continue
        if any(t.lemma_ in verbs and t.pos_ == "VERB" and not any(a <= t.idx < b for a, b in spans) for t in span):
            continue  # it has its own frame ("…," she added)
        # the claim just before must be a direct quote in the paragraph right before this one
        prev = max((c for c in claims + out if c.end <= para_start), key=lambda c: c.end, default=None)
        gap = text[prev.end:para_start] if prev is not None else ""
        if prev is None or prev.quote != "direct" or "\n" not in gap or gap.count("\n\n") > 1:
            continue
        qs, qe = trim_chars(text, qs, qe)
        claim = Claim(id=len(claims) + len(out) + 1, text=text[qs:qe], start=qs, end=qe,
                      claimant=prev.claimant, channel=prev.channel, said_on=prev.said_on, quote="direct",
                      modality=own_modality(doc.char_span(qs, qe, alignment_mode="expand")),
                      cue=prev.cue, cue_start=prev.cue_start)
        out.append(claim)
        claimed.append((qs, qe))
    return out


def trim_chars(text: str, start: int, end: int) -> tuple[int, int]:
    """A quotation's content without the marks, punctuation and spaces around it."""
    while start < end and (text[start].isspace() or text[start] in _TRIM):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in _TRIM or text[end - 1] == "."):
        end -= 1
    return start, end


def build_claim(record: Record, frame: Frame, reader: "ClaimantReader", cid: int,
                verbs: dict[str, tuple[str, str]], chars: tuple[int, int] | None = None,
                spans: list[tuple[int, int]] | None = None) -> Claim:
    """The Claim a frame (or a quotation at ``chars``) makes: its text span, claimant and attributes."""
    doc = record.parsed()
    if chars is not None:
        start, end = trim_chars(record.text, *chars)
        direct = True
    else:
        s, e, direct = quoted(doc, *frame.content)
        start, end = doc[s].idx, doc[e - 1].idx + len(doc[e - 1])
        direct = direct or quoted_core(record.text, start, end, spans or [])
    claimant = reader.read(frame.speaker, frame.source_phrase is not None)
    channel, said_on = circumstances(record, frame, start, end, spans if spans is not None else quote_spans(record.text))
    return Claim(
        id=cid, text=record.text[start:end], start=start, end=end, claimant=claimant,
        channel=channel, said_on=said_on,
        quote="direct" if direct else "indirect",
        modality=cue_modality(frame, verbs, doc.char_span(start, end, alignment_mode="expand")),
        cue=frame.cue.text if frame.cue.lower_ != "according" else "according to", cue_start=frame.cue.idx)


ClaimsStage = function_stage(extract_claims, name="claims", requires=("segments", "doc", "times"),
                             provides="claims", order=50)
