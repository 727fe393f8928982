"""Events: PLOVER-typed happenings with actors, place, time and status.

Triggers (verbs and nouns from ``event_triggers.tsv``) give the type and
mode; the parse gives the actor (the agent, or what is moved for MOBILIZE
and RETREAT), the target (the patient), the place (a toponym attached to the
trigger, else the last place the segment put the reader in), the time (an
expression attached to the trigger) and the status (tense, aspect, the
modality of the claim that carries it). Negated mentions are not events.
"""
from __future__ import annotations

from spacy.tokens import Span, Token

from claimledger.lexicon import table
from claimledger.stages import function_stage
from claimledger.records import REPORTING_KINDS, Claim, Event, Record

#: types whose passive subject is the one acting (troops are deployed, withdrawn)
SUBJECT_MOVED = {"MOBILIZE", "RETREAT"}
_PLACE_PREPS = {"in", "to", "into", "at", "near", "on", "across", "inside", "from", "of", "toward", "towards"}
_CLAUSAL = {"ccomp", "advcl", "relcl", "acl", "xcomp", "conj", "parataxis"}


def triggers() -> dict[tuple[str, str], list[tuple[str, str, str | None]]]:
    """(lemma, part of speech) -> [(particle, PLOVER type, mode)], from ``event_triggers.tsv``."""
    out: dict[tuple[str, str], list[tuple[str, str, str | None]]] = {}
    for r in table("event_triggers.tsv"):
        out.setdefault((r["lemma"], r["pos"]), []).append((r["particle"], r["type"], r["mode"] or None))
    return out


def match_trigger(tok: Token, trig: dict[tuple[str, str], list[tuple[str, str, str | None]]]
                  ) -> tuple[str, str | None] | None:
    """The PLOVER (type, mode) a token triggers, particle included ("shot down"); None if none."""
    pos = "VERB" if tok.pos_ == "VERB" else "NOUN" if tok.pos_ in ("NOUN", "PROPN") else None
    if pos is None:
        return None
    for key in ((tok.lemma_.lower(), pos), (tok.lower_, pos)):
        for particle, etype, mode in trig.get(key, ()):
            if not particle or any(particle in (c.lower_, c.lemma_.lower()) for c in tok.children
                                   if c.dep_ in ("prt", "prep", "advmod", "dobj")):
                return etype, mode
    return None


def own_tokens(tok: Token) -> list[Token]:
    """The trigger's phrase without its clausal dependents (other events live there),
    its attribution ("according to …"), its connectives and punctuation."""
    out, stack = [], [tok]
    while stack:
        t = stack.pop()
        out.append(t)
        stack.extend(c for c in t.children if c.dep_ not in _CLAUSAL and not c.is_punct and not c.is_space
                     and c.dep_ not in ("mark", "cc", "advmod") and c.lower_ != "according")
    return sorted(out, key=lambda t: t.i)


def core_span(tok: Token) -> tuple[int, int]:
    """Token range of the event mention: contiguous around the trigger."""
    own = own_tokens(tok)
    idx = {t.i for t in own}
    start = end = tok.i
    while start - 1 in idx:
        start -= 1
    while end + 1 in idx:
        end += 1
    return start, end + 1


def phrase(tok: Token) -> str:
    """A compact noun phrase: the head with its modifiers, no determiners or clauses."""
    left = [c for c in tok.lefts if c.dep_ in ("compound", "amod", "nmod", "poss") and c.pos_ != "DET"]
    start = min([tok.i] + [c.left_edge.i for c in left])
    doc = tok.doc
    while start < tok.i and doc[start].pos_ in ("DET", "PUNCT"):
        start += 1
    return doc[start:tok.i + 1].text


def actors_targets(tok: Token, etype: str) -> tuple[list[str], list[str]]:
    """The actors (subject, agent) and targets (object) of an event trigger, as text."""
    kids = {c.dep_: c for c in tok.children}
    actors, targets = [], []
    if tok.pos_ == "VERB":
        if "nsubj" in kids:
            actors.append(phrase(kids["nsubj"]))
        elif "nsubjpass" in kids:
            agent = [p for a in tok.children if a.dep_ == "agent" for p in a.children if p.dep_ == "pobj"]
            if agent:
                actors.append(phrase(agent[0]))
                targets.append(phrase(kids["nsubjpass"]))
            elif etype in SUBJECT_MOVED:
                actors.append(phrase(kids["nsubjpass"]))
            else:
                targets.append(phrase(kids["nsubjpass"]))
        elif tok.dep_ in ("advcl", "xcomp") and tok.head.pos_ in ("NOUN", "PROPN"):
            actors.append(phrase(tok.head))  # "IAEA chief to visit Kyiv"
        elif tok.dep_ in ("xcomp", "conj") and tok.head.pos_ == "VERB":
            subj = [c for c in tok.head.children if c.dep_ == "nsubj"]
            if subj:
                actors.append(phrase(subj[0]))  # "the army plans to withdraw", "… and shelled"
        if "dobj" in kids and etype not in SUBJECT_MOVED:
            targets.append(phrase(kids["dobj"]))
    else:
        mods = [c for c in tok.lefts if c.dep_ in ("amod", "poss", "compound") and c.pos_ in ("ADJ", "PROPN")]
        if mods:
            actors.append(tok.doc[mods[0].i:mods[-1].i + 1].text)
    return actors, targets


def subject_span(tok: Token) -> tuple[int, int] | None:
    """The character span of a trigger's subject, None when it has none."""
    subj = [c for c in tok.children if c.dep_ == "nsubj"]
    if not subj:
        return None
    return subj[0].left_edge.idx, subj[0].right_edge.idx + len(subj[0].right_edge)


def is_negated(tok: Token) -> bool:
    """Whether the trigger (or the verb it complements) is negated: "did not withdraw"."""
    return any(c.dep_ == "neg" for c in tok.children) or any(c.dep_ == "neg" for c in tok.head.children
                                                             if tok.dep_ in ("xcomp",))


#: subordinators that open a condition: what the clause says has not happened
CONDITIONAL_MARKS = ("if", "unless")


def is_hypothetical(tok: Token) -> bool:
    """ "If Russia attacks the capital, …": the trigger heads a condition, not an event."""
    return any(c.dep_ == "mark" and c.lower_ in CONDITIONAL_MARKS for c in tok.children)


def find_place(record: Record, tok: Token, seg_start: int, exclude: tuple[int, int] | None = None) -> int | None:
    """The index of the place an event happens at: one attached to the trigger, else the
    scene the segment set before it, else one in its sentence."""
    own = own_tokens(tok)
    starts = {t.idx for t in own}
    places = record.places
    attached = [i for i, p in enumerate(places) if p.start in starts
                and not (exclude is not None and exclude[0] <= p.start < exclude[1])]
    doc = record.parsed()
    spans = {i: doc.char_span(places[i].start, places[i].end, alignment_mode="expand") for i in attached}
    by_prep = [i for i, span in spans.items() if span is not None and span.root.head.lower_ in _PLACE_PREPS]
    if by_prep or attached:
        return (by_prep or attached)[0]
    # the last place the segment put the reader in: a prepositional object before the trigger
    best = None
    for i, p in enumerate(places):
        if seg_start <= p.start < tok.idx:
            span = doc.char_span(p.start, p.end, alignment_mode="expand")
            if span is not None and span.root.dep_ == "pobj" and span.root.head.lower_ in _PLACE_PREPS:
                best = i
    if best is not None:
        return best
    sent = tok.sent
    inside = [i for i, p in enumerate(places) if sent.start_char <= p.start < sent.end_char]
    if exclude is not None:
        # an attack happens where its target is, not where its actor comes from ("Russia will attack …")
        inside = [i for i in inside if not (exclude[0] <= places[i].start < exclude[1])]
    return inside[0] if inside else None


def find_when(record: Record, tok: Token) -> dict[str, str | None] | None:
    """The interval of a time expression inside the trigger's own phrase, None if none."""
    own = own_tokens(tok)
    lo, hi = own[0].idx, own[-1].idx + len(own[-1])
    for t in record.times:
        if lo <= t.start < hi and t.interval:
            return dict(t.interval)
    return None


def claim_date(claims: list[Claim]) -> dict[str, str | None] | None:
    """With no time of its own, an event is dated by the claim that reports it."""
    said = next((c.said_on for c in claims if c.said_on), None)
    return {"start": said, "end": said} if said else None


def find_status(record: Record, tok: Token, claim_modality: str | None) -> str:
    """An event's status from its claim's modality and its verb: predicted, planned, ongoing or occurred."""
    sent: Span = tok.sent
    words = {t.lower_ for t in sent}
    if claim_modality == "predicted":
        return "predicted"
    if tok.tag_ == "VB" and any(c.lower_ == "to" for c in tok.children) or "will" in words or "plans" in words:
        return "planned"
    if tok.tag_ == "VBG" and any(c.dep_ == "aux" and c.lemma_ == "be" for c in tok.children):
        return "ongoing"
    return "occurred"


def extract_events(record: Record) -> list[Event]:
    """The PLOVER events of the record's reporting segments, with actors, place, time, status and claims."""
    doc = record.parsed()
    trig = triggers()
    events: list[tuple[Event, bool]] = []
    for tok in doc:
        seg = record.segment_at(tok.idx)
        if seg is None or seg.kind not in REPORTING_KINDS:
            continue
        hit = match_trigger(tok, trig)
        in_headline = bool(seg.headline_end and tok.idx < seg.headline_end)
        if hit is None or is_negated(tok) or is_hypothetical(tok) or (
                tok.dep_ == "acl" and tok.pos_ == "VERB" and not in_headline):
            continue
        etype, mode = hit
        claims = [c for c in record.claims if c.start <= tok.idx < c.end]
        actors, targets = actors_targets(tok, etype)
        first, last = core_span(tok)
        status = find_status(record, tok, claims[0].modality if claims else None)
        if etype == "RETREAT" and status in ("planned", "predicted"):
            etype, mode = "CONCEDE", None  # PLOVER: an announced future withdrawal is CONCEDE
        if tok.pos_ == "VERB" and tok.lemma_ == "kill" and not actors:
            continue  # "were killed" is a casualty count, not an attack with an actor
        span = doc[first:last]
        ev = Event(type=etype, mode=mode, text=span.text, start=span.start_char, end=span.end_char,
                   actors=actors, targets=targets,
                   place=find_place(record, tok, seg.start, subject_span(tok) if etype == "ASSAULT" else None),
                   when=find_when(record, tok) or claim_date(claims), status=status,
                   claims=[c.id for c in claims], trigger=tok.text)
        events.append((ev, in_headline))
    return merge_mentions(record, merge_headline_events(record, events))


def same_event(record: Record, a: Event, b: Event) -> bool:
    """Two mentions of one event in a document: same type and mode, same country, shared actors."""
    def country(e: Event) -> str | None:
        return record.places[e.place].country if e.place is not None else None
    shared = {x.lower() for x in a.actors} & {x.lower() for x in b.actors}
    return (a.type == b.type and a.mode == b.mode and country(a) == country(b)
            and (bool(shared) or not a.actors or not b.actors))


def merge_mentions(record: Record, events: list[Event]) -> list[Event]:
    """Repeated mentions of one event become one event listing every claim that reports it."""
    out: list[Event] = []
    for ev in events:
        if any(o is not ev and o.type == ev.type and o.start <= ev.start and ev.end <= o.end
               and (o.end - o.start) > (ev.end - ev.start) for o in events):
            continue  # "strike" inside "A missile strike … killed four": one event
        first = next((o for o in out if same_event(record, o, ev)), None)
        if first is None:
            out.append(ev)
        else:
            first.claims = sorted(set(first.claims) | set(ev.claims))
    return out


def merge_headline_events(record: Record, events: list[tuple[Event, bool]]) -> list[Event]:
    """A live item's headline restates its lead: keep the fuller body mention of the same event."""
    out = []
    for ev, in_headline in events:
        if in_headline:
            seg = record.segment_at(ev.start)
            if any(not h and o.type == ev.type and seg is record.segment_at(o.start) for o, h in events):
                continue
        out.append(ev)
    return out


EventsStage = function_stage(extract_events, name="events", requires=("doc", "times", "places", "claims"),
                             provides="events", order=70)
