"""Quotations: the marks of a page, the quotation a cue frames before or after it, and
whether a content is quoted.
"""
from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from claimledger.extract.claim_frame import (CLOSE_QUOTES, OPEN_QUOTES, QUOTES, cue_start, is_clause, is_cue,
                                             reporting_verbs, trim)
from claimledger.nlp.views import doc_text


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
    opening = mark_start(text, qs)
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
    while k - 1 > max(cue.i, speaker[0]) and doc[k - 1].text in OPEN_QUOTES | {",", ":"} and (
            doc[k - 1].text in OPEN_QUOTES or k < sent.end and doc[k].text in OPEN_QUOTES):
        k -= 1  # 'Said X, who …, "…"': the parse gave the speaker's phrase its comma and opening mark
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


def mark_start(text: str, qs: int) -> int:
    """Where the opening mark of the quotation whose words start at ``qs`` begins."""
    return qs - 2 if text[max(0, qs - 2):qs] == "''" else qs - 1


def quote_at(spans: list[tuple[int, int]], pos: int) -> tuple[int, int] | None:
    """The quotation of ``spans`` that holds (or touches) the character ``pos``, if any."""
    for qs, qe in spans:
        if qs <= pos <= qe:
            return qs, qe
        if qs > pos:
            break
    return None
