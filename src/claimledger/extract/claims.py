"""Claims: who said what, in what role, through which channel, when, how sure.

A claim hangs on a reporting cue (a verb from ``reporting_verbs.tsv`` or
"according to"). Its frame gives the speaker (the cue's subject, or the
noun phrases just before a post-posed cue: "…, the unit's spokesperson,
Colonel X, told …"), the content (the cue's clausal complement, or the
clause before a post-posed cue, or the words inside quotation marks), the
channel ("told The New York Times", "in a statement"), the date attached to
the cue and the modality (the cue's own stance, hedges in the content).

This module finds the frames and builds the claims; what they read lives beside it:
``claim_frame`` (the reporting verbs, a frame, quotation marks), ``claim_quotes``
(quotations), ``claim_speakers`` (a cue's speaker on the parse), ``claim_modality``,
``claim_context`` (channel and date), ``claim_spans`` (content spans), ``claim_labels``
(headline and label claims) and ``claimants`` (who the speaker is).
"""
from __future__ import annotations

import re
from dataclasses import replace

from spacy.tokens import Doc, Span, Token

from claimledger.extract.claim_context import (carry_over, frame_channel, frame_ranges, frame_tokens, medium_label,
                                                saying_date)
from claimledger.extract.claim_labels import labelled_claims
from claimledger.extract.claim_frame import (CLOSE_QUOTES, DASHES, FINITE_TAGS, OPEN_QUOTES, QUOTES, TRIM_MARKS,
                                             cue_start, evaluation_verbs, Frame, is_clause, is_cue, reporting_verbs,
                                             subtree_range, trim)
from claimledger.extract.claim_quotes import (interposed_content, inverted_inside, mark_start, opened_quote,
                                              quotation_after, quotation_before, quote_at, quote_spans, quoted,
                                              quoted_core)
from claimledger.extract.claim_speakers import (appositive_speaker, held_clause, interrupted_subject, released_by,
                                                subject_of, unlinked_subject)
from claimledger.extract.claim_modality import cue_modality, own_modality
from claimledger.extract.claim_spans import gapped_end, indirect_question, subject_as_object, wanting_split
from claimledger.extract.claimants import ClaimantReader, People, anonymity_request
from claimledger.stages import function_stage
from claimledger.records import REPORTING_KINDS, Claim, Record
from claimledger.segment.metadata import dateline_end
from claimledger.nlp.views import doc_text


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


def fronted_content(span: Span) -> bool:
    """Words before a post-posed frame are its content only when they make a clause
    that ends at a comma or a quotation mark ("The line held," he said)."""
    toks = [t for t in span if not t.is_space]
    if toks and toks[-1].text in DASHES and len(toks) > 1:
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
            t.dep_ in ("nsubj", "nsubjpass") and t.head.tag_ in FINITE_TAGS | {"VBN", "VBG"} and t.head.i >= j
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


def expand_quote(record: Record, frame: Frame, spans: list[tuple[int, int]],
                 verbs: dict[str, tuple[str, str]]) -> tuple[int, int] | None:
    """A direct quote's whole content as character offsets: the quotation the frame's
    content lies in (across sentences), the piece after the frame ("“A,” she said,
    “B.”") and the quotations that carry on in the next sentences without a cue of
    their own ("“A,” she said. “B.”"). None when the content is not quoted."""
    doc, text = record.parsed(), record.text
    cs = doc[frame.content[0]].idx
    ce = doc[frame.content[1] - 1].idx + len(doc[frame.content[1] - 1])
    first = quote_at(spans, cs)
    last = quote_at(spans, ce) or first
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
        mark = mark_start(text, qs)
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
        people.observe(sent, lambda off: quote_at(spans, off) is not None)
        if seg is None or seg.kind not in REPORTING_KINDS + ("headline",):
            continue
        in_headline = seg.kind == "headline" or (
            seg.kind == "live_item" and seg.headline_end is not None and sent.start_char < seg.headline_end)
        consumed: set[int] = set()
        taken: list[tuple[int, int]] = []
        for tok in sent:
            if tok.i in consumed or any(s <= tok.i < e for s, e in taken):
                continue
            if claimed_chars[tok.idx] or quote_at(spans, tok.idx) is not None:
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
        if text[para_start:mark_start(text, qs)].strip() or any(a <= qs < b for a, b in claimed):
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
    while start < end and (text[start].isspace() or text[start] in TRIM_MARKS):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in TRIM_MARKS or text[end - 1] == "."):
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
