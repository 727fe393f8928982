"""The circumstances of a claim: when it was said and through which medium.

Both are read from the claim's own frame first, then from its discourse:

1. the cue's dependents ("said on Monday", "told Reuters", "wrote on Telegram");
2. the rest of the claim's sentence outside its content ("At a news conference on
   Thursday, X said …", "In a video address, X warned …", "…, X told AFP");
3. the claims before it in the same paragraph, or the same speaker's claims in the
   paragraph just before ("He added …" keeps the briefing and the day it was given);
4. for the date only, the segment's own date (a live item's time, else the page's):
   a news report's "said" with no day of its own is the day the report is about.

A date inside the content is what the claim is about, never when it was said; a
date after the segment's date cannot be when something was said.
"""
from __future__ import annotations

from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from claimledger.lexicon import outlets, table, word_list
from claimledger.records import Claim, Record, TimeExpr
from claimledger.span_index import start_index
from claimledger.nlp.views import entity_at

#: prepositions that attach a medium to a saying ("in a statement", "on Telegram")
_MEDIUM_PREPS = {"in", "on", "at", "during", "via", "through", "to", "with", "by", "for"}
#: verbs whose object or prepositional object is the medium or the outlet spoken to
_TELLING = {"tell", "speak", "talk", "brief", "quote", "cite", "report", "write", "post", "say", "give"}
#: objects of "told"/"briefed" that make the medium a briefing
_AUDIENCE = {"reporters", "journalists", "correspondents", "press", "media"}
#: nouns naming a news organisation: "the Spanish newspaper El País", "the Interfax news agency"
#: media that speak as the subject of a cue ("a statement posted on … said")
_DOCUMENTS = {"statement", "post", "report", "video", "communique", "release"}
_MEDIA_NOUNS = word_list("media_nouns.txt")


@lru_cache(maxsize=1)
def channel_words() -> dict[str, str]:
    """Lower-cased medium noun or platform -> the channel label claimledger records."""
    return {r["word"].lower(): r["channel"] for r in table("channels.tsv")}


# ---------------------------------------------------------------- outlets
def outlet_name(doc: Doc, tok: Token) -> str | None:
    """The news organisation ``tok`` belongs to, as the text writes it ("AFP", "El País",
    "The New York Times"), or None. A known outlet written in full keeps its canonical form."""
    ent = entity_at(doc, tok.i)
    known = outlets()
    if ent is not None:
        text = ent.text
        bare = text[4:] if text.lower().startswith("the ") else text
        hit = known.get(text.lower()) or known.get(bare.lower())
        if hit is not None:
            canon = hit[0]
            return canon if canon.lower().removeprefix("the ") == bare.lower() else bare
        spoken_to = (tok.dep_ in ("dobj", "dative") and tok.head.lemma_ in ("tell", "brief")) or (
            tok.dep_ == "pobj" and tok.head.lower_ in ("to", "by") and tok.head.head.lemma_ in _TELLING
            and tok.head.head.pos_ in ("VERB", "AUX")) or (
            tok.dep_ == "pobj" and tok.head.lower_ in ("to", "with") and tok.head.head.lower_ in channel_words())
        if ent.label_ in ("ORG", "WORK_OF_ART", "PRODUCT") and (spoken_to or _media_noun(tok)) or (
                ent.label_ in ("PERSON", "GPE") and _media_noun(tok)) or (
                ent.label_ == "GPE" and spoken_to and (text.startswith("The ") or (
                    ent.start > 0 and doc[ent.start - 1].text == "The"))):
            return bare  # "quoted by The Hague Times": a paper named like a place
    if (ent is None or ent.label_ != "PERSON") and tok.pos_ == "PROPN" and tok.dep_ in ("dobj", "dative") and tok.head.lemma_ in ("tell", "brief") and \
            tok.lower_ in word_list("outlet_words.txt"):
        first = tok.left_edge.i  # "told Northern Wire": a name the model did not tag, made like an outlet's
        while first < tok.i and not (doc[first].pos_ == "PROPN" and doc[first].text[:1].isupper()):
            first += 1
        return doc[first:tok.i + 1].text if first < tok.i else None
    return None


def _media_noun(tok: Token) -> bool:
    return tok.head.lower_ in _MEDIA_NOUNS or any(c.lower_ in _MEDIA_NOUNS for c in tok.children)


def named_medium(doc: Doc, tok: Token) -> str | None:
    """ "the Spanish newspaper El País" -> "El País"; "the Interfax news agency" -> "Interfax"."""
    if tok.lower_ not in _MEDIA_NOUNS:
        return None
    platform = next((c for c in tok.children if c.dep_ in ("compound", "nmod") and c.lower_ in channel_words()
                     and c.text[:1].isupper()), None)
    if platform is not None:  # "a Telegram channel named X": the platform is the medium, X its account
        return channel_words()[platform.lower_]
    for c in list(tok.children):
        if c.dep_ in ("appos", "compound", "npadvmod") and c.pos_ == "PROPN":
            ent = entity_at(doc, c.i)
            return ent.text.removeprefix("the ").removeprefix("The ") if ent is not None else c.text
    return None


# ---------------------------------------------------------------- channels
def relation_noun(tok: Token) -> bool:
    """ "in response to", "in reply to": a medium noun bare of any article or modifier, with
    "to" after it, says what the words answer, not the medium they went through."""
    doc = tok.doc
    return tok.tag_ == "NN" and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "to" and not any(
        c.dep_ in ("det", "poss", "amod", "compound", "nummod") for c in tok.children)


def medium_label(tok: Token) -> str | None:
    """The channel a medium noun names, with the platform or kind written with it
    ("a Facebook post" -> Facebook, "a video address" -> video address, "a televised
    meeting" -> televised meeting)."""
    chans = channel_words()
    word = chans.get(tok.text.lower()) or chans.get(tok.lemma_.lower())
    if word is None or relation_noun(tok):
        return None
    platform = next((chans[k.text.lower()] for k in tok.children if k.dep_ in ("compound", "nmod")
                     and k.text[:1].isupper() and k.text.lower() in chans), None)
    if platform:
        return platform
    mods = [k for k in tok.children if k.dep_ in ("compound", "amod") and k.i < tok.i
            and (k.lower_ in chans or k.lower_ in ("televised", "video", "news", "press", "joint", "social"))]
    if mods and word not in ("press conference",):
        return " ".join([m.lower_ for m in mods] + [tok.lower_])
    return word


def channel_of(doc: Doc, tok: Token) -> str | None:
    """The channel a token of the frame names, or None: an outlet spoken to, a medium
    noun under a preposition or a telling verb, the audience of a briefing."""
    head = tok.head
    under_prep = tok.dep_ == "pobj" and head.lower_ in _MEDIUM_PREPS
    verb = head.head if under_prep else head
    if tok.dep_ in ("dobj", "dative", "pobj", "nsubj", "nsubjpass", "appos", "conj", "attr") or under_prep:
        if tok.lower_ in _AUDIENCE and (verb.lemma_ in ("tell", "brief") or tok.head.lemma_ == "brief"):
            return "briefing"
        name = named_medium(doc, tok)
        if name is not None:
            return name
        if under_prep and head.lower_ in ("on", "via"):
            platform = next((k for k in tok.subtree if k.i < tok.i and k.dep_ == "compound" and k.text[:1].isupper()
                             and channel_words().get(k.lower_) not in (None, "statement", "report")), None)
            if platform is not None:  # "on a Telegram channel called Y": the platform
                return channel_words()[platform.lower_]
        if tok.pos_ == "PROPN" or tok.ent_type_:
            out = outlet_name(doc, tok) if (under_prep or verb.lemma_ in _TELLING) else None
            if out is not None:
                return out
            if under_prep and head.lower_ == "on" and tok.ent_type_ in ("ORG", "PRODUCT", "WORK_OF_ART") \
                    and tok.lower_ not in channel_words():
                ent = entity_at(doc, tok.i)
                assert ent is not None, "a token with an entity type lies in an entity"
                return ent.text  # "announced on Truth Social": a platform
        label = medium_label(tok)
        if label == "interview":  # "in an ICTV interview": the outlet is the interviewer
            propn = next((k for k in tok.children if k.dep_ in ("compound", "nmod") and k.text[:1].isupper()
                          and (k.pos_ == "PROPN" or k.text.isupper())), None)
            if propn is not None:
                label = outlet_name(doc, propn) or propn.text
        if label is not None and (under_prep or verb.lemma_ in _TELLING or (
                label in _DOCUMENTS and tok.dep_ in ("nsubj", "nsubjpass"))):
            return label
    return None


def cue_channel(doc: Doc, cue: Token) -> str | None:
    """A channel on the cue itself: its objects and its prepositions' objects."""
    cands: list[Token] = []
    for c in cue.children:
        if c.dep_ in ("dobj", "dative") and cue.lemma_ in ("tell", "brief", "give"):
            cands.append(c)
        elif c.dep_ == "prep" and c.lower_ in _MEDIUM_PREPS:
            cands.extend(p for p in c.children if p.dep_ == "pobj")
    for c in cands:
        found = channel_of(doc, c)
        if found is not None:
            return found
        # "in an interview with CNN": the outlet is the interviewer
        if channel_words().get(c.lemma_.lower()) == "interview":
            inner = [p for q in c.children if q.dep_ == "prep" and q.lower_ == "with"
                     for p in q.children if p.dep_ == "pobj"]
            if inner:
                named = outlet_name(doc, inner[0])
                return named or "interview"
            propn = next((k for k in c.children if k.dep_ == "compound" and k.pos_ == "PROPN"), None)
            if propn is not None:
                return outlet_name(doc, propn) or propn.text  # "in an ICTV interview"
            return "interview"
    return None


def rank(label: str) -> int:
    """Platforms and outlets name the medium best, generic nouns least ("a statement on Telegram")."""
    if label in ("statement", "report", "post", "video"):
        return 2
    return 0 if label[:1].isupper() else 1


def frame_channel(doc: Doc, cue: Token, tokens: list[Token]) -> str | None:
    """The channel of a claim: on its cue or anywhere in the frame of its sentence (the
    content left out), the most specific first."""
    found: list[tuple[int, int, str]] = []
    on_cue = cue_channel(doc, cue)
    if on_cue is not None:
        found.append((rank(on_cue), 0, on_cue))
    for tok in tokens:
        if tok.pos_ in ("NOUN", "PROPN") and tok.i != cue.i:
            label = channel_of(doc, tok)
            if label is not None:
                found.append((rank(label), abs(tok.i - cue.i), label))
    return min(found)[2] if found else None


# ---------------------------------------------------------------- dates
def saying_date(record: Record, ranges: list[tuple[int, int]], anchor: str | None,
                near: int) -> str | None:
    """The date a time expression within ``ranges`` (character offsets) gives, nearest to
    ``near``: a calendar value no later than the anchor's day."""
    best: tuple[int, TimeExpr] | None = None
    if not ranges:
        return None
    # only a time starting within the ranges can lie within one: the page's index gives those
    # (in the list's order, so the nearest found first still wins a tie)
    lo, hi = min(s for s, _ in ranges), max(e for _, e in ranges)
    for i in start_index(record.times).starting_in(lo, hi + 1):
        t = record.times[i]
        if t.type not in ("DATE", "TIME") or not t.value[:4].isdigit():
            continue
        if not any(s <= t.start and t.end <= e for s, e in ranges):
            continue
        if anchor and t.value[:10] > anchor[:10] and len(t.value) >= 10:
            continue  # a future day is a plan's, not the saying's
        dist = abs(t.start - near)
        if best is None or dist < best[0]:
            best = (dist, t)
    if best is None:
        return None
    value = best[1].value
    return value[:10] if len(value) >= 10 and value[4] == "-" and value[7:8] == "-" else value


def frame_ranges(sent: Span, content: tuple[int, int], spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The character ranges of ``sent`` outside the claim's content and its quotations."""
    out: list[tuple[int, int]] = []
    pos = sent.start_char
    cuts = sorted([content] + [q for q in spans if q[1] > sent.start_char and q[0] < sent.end_char])
    for s, e in cuts:
        if s > pos:
            out.append((pos, min(s, sent.end_char)))
        pos = max(pos, e)
    if pos < sent.end_char:
        out.append((pos, sent.end_char))
    return out


def frame_tokens(sent: Span, ranges: list[tuple[int, int]]) -> list[Token]:
    """The tokens of ``sent`` that fall in one of the character ``ranges`` (one pass: the
    ranges in order of start, each left behind once a token starts at or after its end)."""
    todo = sorted(ranges)
    out: list[Token] = []
    j = 0
    for t in sent:
        at = t.idx
        while j < len(todo) and at >= todo[j][1]:
            j += 1
        if j == len(todo):
            break
        if at >= todo[j][0]:
            out.append(t)
    return out


# ---------------------------------------------------------------- discourse
def paragraph_of(text: str, offset: int) -> tuple[int, int]:
    """The paragraph (line) holding ``offset``."""
    start = text.rfind("\n", 0, offset) + 1
    end = text.find("\n", offset)
    return start, len(text) if end < 0 else end


def same_speaker(a: Claim, b: Claim) -> bool:
    """Whether two claims have one speaker: the same (sur)name, else the same role and organisation."""
    x, y = a.claimant, b.claimant
    if x.name and y.name:
        return x.name == y.name or x.name.split()[-1] == y.name.split()[-1]
    if x.organization and y.organization and not x.name and not y.name:
        return x.organization.lower() == y.organization.lower()
    if x.anonymous and y.anonymous and x.role and not x.name and not y.name and not x.organization:
        # "Three engineers told AFP the dam held; one said …": the same unnamed source
        return (x.role or "").lower() == (y.role or "").lower() and x.side == y.side
    return False


def carry_over(record: Record, claims: list[Claim]) -> None:
    """Fill each claim's missing date and channel from the claims before it: the date
    from a claim of the same paragraph, or one dated in its own words in the paragraph
    just before; the channel from the same speaker's claim in either; last, the date of
    the claim's segment (a live item's time, else the page's)."""
    text = record.text
    ordered = sorted(claims, key=lambda c: c.start)
    own = {id(c) for c in claims if c.said_on}
    anchored: set[int] = set()
    for i, claim in enumerate(ordered):
        para = paragraph_of(text, _at(claim))
        prev_para = paragraph_of(text, max(0, para[0] - 2)) if para[0] > 0 else None
        before = []
        for p in reversed(ordered[:i]):
            p_para = paragraph_of(text, _at(p))
            if p_para == para:
                before.append((p, True))
            elif prev_para is not None and p_para[0] >= prev_para[0] - 1 and text[p_para[1]:para[0]].count("\n") <= 2:
                before.append((p, False))
            else:
                break
        if claim.said_on is None:
            donor = next((d for d, same in before if d.said_on and id(d) not in anchored
                          and (same or id(d) in own)), None)
            if donor is not None:
                claim.said_on = donor.said_on
        if claim.channel is None:
            donor = next((d for d, _ in before if d.channel and same_speaker(d, claim)), None)
            if donor is not None:
                claim.channel = donor.channel
        if claim.said_on is None:
            anchor = record.anchor_at(_at(claim))
            claim.said_on = anchor[:10] if anchor else None
            anchored.add(id(claim))


def _at(claim: Claim) -> int:
    return claim.cue_start if claim.cue_start is not None else claim.start


def _same_para(text: str, claim: Claim, para: tuple[int, int]) -> bool:
    return paragraph_of(text, claim.start) == para
