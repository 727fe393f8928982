"""Events: PLOVER-typed happenings with actors, place, time and status.

A trigger is an action with a clause of its own: a verb from
``event_triggers.tsv`` (with the particle or object it needs), or an event noun
that is the object of a light verb ("launched an air attack"), the subject of a
predicate ("the truce took effect"), the agent of a passive ("killed by
shelling"), or carries its own agent, target, place or count ("Pakistani
shelling", "strikes on Kyiv", "2,100 artillery strikes"). A bare background
noun ("the invasion", "sanctions", "since the attack") is no event.

The clause decides the status (``factuality.clause_status``): negated,
hypothetical, conditional, feared and refused actions are dropped; plans and
futures are planned, forecasts predicted. Actors are the agent's noun phrase
(never an adjective or an unresolved pronoun, never the weapon); the place
and time come from the event's own clause, else its own sentence. PLOVER's
rules from the manual: an agreed ceasefire is AGREE, an agreed or announced
future withdrawal or disarmament CONCEDE, a capture of territory COERCE
``seize`` and of people COERCE ``capture``, a future attack announced by the
attacker THREATEN.
"""
from __future__ import annotations

from bisect import bisect_left
from functools import lru_cache

from spacy.tokens import Doc, Token

from claimledger.extract.event_roles import (actors_targets, anaphoric, capture_mode, core_span, find_place,
                                             find_when, light_verb, munitions, nominal_is_event, weapon_mode)
from claimledger.extract.factuality import DROP, clause_status
from claimledger.span_index import span_index
from claimledger.lexicon import table, word_list
from claimledger.records import REPORTING_KINDS, Claim, Event, Record
from claimledger.stages import function_stage

Trigger = tuple[str, str, str | None]  # (needed words, type, mode)
#: governing verbs that make a ceasefire noun an agreement ("accepted a ceasefire")
AGREEING = {"agree", "accept", "sign", "broker", "reach", "approve", "announce", "negotiate", "mediate"}
#: verbs under "agreed to …" that make the agreement a concession (PLOVER CONCEDE)
CONCEDING = {"withdraw", "disband", "disarm", "surrender", "dissolve", "leave", "hand", "pull", "retreat",
             "demobilize", "demobilise", "release", "free"}
#: verbs under "agreed to …" that make the agreement a ceasefire
HALTING = {"stop", "halt", "cease", "end", "suspend"}
#: means of a call: a verb done "by telephone" is a phone call
PHONES = {"phone", "telephone", "videolink", "video"}
#: a part of every inflection of each of PHONES ("phoning" drops the e of "phone")
_PHONE_STEMS = ("phon", "video")
#: verbs of mediation: talks they govern have a third party
MEDIATING = {"mediate", "broker", "host", "facilitate"}
#: documents one signs alone: "signed a decree disbanding the militia" is the decree's act, no agreement
DECREES = {"decree", "order", "law", "bill", "ordinance", "edict", "directive"}
#: verbs whose participle complement is a state ("stay deployed", "remain detained")
STATIVE = {"remain", "stay", "keep", "seem", "appear", "look"}
#: a future attack by a party that says it will attack is a threat, and so are these
RESPONDING = {"respond", "retaliate", "response", "retaliation", "revenge"}


@lru_cache(maxsize=1)
def triggers() -> dict[tuple[str, str], list[Trigger]]:
    """(lemma, part of speech) -> [(needed words, type, mode)] from ``event_triggers.tsv``."""
    out: dict[tuple[str, str], list[Trigger]] = {}
    for r in table("event_triggers.tsv"):
        out.setdefault((r["lemma"], r["pos"]), []).append((r["particle"], r["type"], r["mode"] or None))
    return out


def _needs_met(tok: Token, needed: str) -> bool:
    """Whether the words a trigger needs stand beside it: a particle, a preposition,
    its object's head, or a modal in its "that" clause ("warned that it would …")."""
    if not needed:
        return True
    if needed == "LIGHT":
        return light_verb(tok) is not None  # "launched an operation", "give a response"
    if needed.startswith("^"):
        return tok.head.lower_ == needed[1:]  # "came under fire"
    if needed.startswith("!"):
        return not any(c.lower_ == needed[1:] for c in tok.children)  # "signed up" is no agreement
    want = set(needed.split("|"))
    for c in tok.children:
        if c.dep_ == "dobj" and "GPE" in want and c.ent_type_ in ("GPE", "LOC", "FAC"):
            return True  # "took Kidal"
        if c.dep_ == "oprd" and "oprd" in want:
            return True  # "called the massacre a direct attack", "calling it ethnic cleansing"
        if c.dep_ == "dobj" and "oprd" in want and any(g.dep_ == "appos" for g in c.children):
            return True  # 'called the massacre "a direct attack"': the quoted name parsed as an apposition
        if c.dep_ in ("prt", "prep", "advmod", "dobj", "oprd", "attr") and (c.lower_ in want or c.lemma_.lower() in want):
            return True
        if c.dep_ == "dobj" and any(g.dep_ == "compound" and g.lower_ in want for g in c.children):
            return True
        if c.dep_ == "ccomp" and any(g.dep_ == "aux" and g.lower_ in want for g in c.children):
            return True
    return False


#: the parts of speech a trigger may be, and the one its table entry names
_TRIGGER_POS = {"VERB": "VERB", "NOUN": "NOUN", "PROPN": "NOUN", "ADJ": "ADJ"}


def phoned(doc: Doc) -> set[int]:
    """The tokens with a "by telephone", "over video" of their own ("apologised to Putin by
    telephone"): found from the phone words up, where the text holds one's stem at all (in
    every inflection: "phones", "telephoned", "phoning", whose lemma is "phone")."""
    low = doc.text.lower()
    if not any(w in low for w in _PHONE_STEMS):
        return set()
    return {g.head.head.i for g in doc if g.lemma_.lower() in PHONES and g.head.dep_ == "prep"
            and g.head.lower_ in ("by", "over") and g.head.i != g.i}


def match_trigger(tok: Token, by_phone: set[int] | None = None) -> tuple[str, str | None] | None:
    """The PLOVER type and mode a token triggers, if any (``by_phone``: :func:`phoned` of its
    document, when the caller has it)."""
    pos = _TRIGGER_POS.get(tok.pos_)
    if pos is None:
        return None
    if pos == "VERB" and tok.i in (phoned(tok.doc) if by_phone is None else by_phone):
        return "CONSULT", "phone"  # "apologised to Putin by telephone"
    trig = triggers()
    for key in ((tok.lemma_.lower(), pos), (tok.lower_, pos)):
        for needed, etype, mode in trig.get(key, ()):
            if _needs_met(tok, needed):
                return etype, mode
    return None


def retype(tok: Token, gov: Token, etype: str, mode: str | None, status: str) -> tuple[str, str | None, str]:
    """PLOVER's rules for agreements, concessions, captures, weapons and threats."""
    if etype == "RETREAT" and mode == "ceasefire":
        if gov is not tok and gov.lemma_.lower() in AGREEING or any(
                c.lower_.endswith("brokered") or c.lemma_.lower() in ("agree", "broker") for c in tok.subtree):
            etype = "AGREE"  # "accepted a ceasefire", "a China-brokered truce"
    if etype == "AGREE" and tok.pos_ == "VERB":
        terms = [c for c in tok.children if c.dep_ == "xcomp"]
        verbs = {t.lemma_.lower() for c in terms for t in [c] + [g for g in c.children if g.dep_ == "conj"]}
        objects = {g.lemma_.lower() for c in tok.children if c.dep_ in ("dobj", "prep")
                   for g in [c] + list(c.children)}
        if verbs & CONCEDING:
            etype, mode = "CONCEDE", None  # "agreed to disband and hand over their weapons"
        elif verbs & HALTING or objects & {"ceasefire", "truce", "armistice"}:
            mode = "ceasefire"
    if etype == "RETREAT" and status in ("planned", "predicted"):
        etype, mode = "CONCEDE", None  # PLOVER: an announced future withdrawal is CONCEDE
    if etype == "COERCE" and mode == "seize":
        mode = capture_mode(gov, mode)
    if etype == "CONSULT" and any(c.lemma_.lower() in MEDIATING for c in tok.children if c.dep_ == "acl"):
        mode = "third-party"  # "talks mediated by the United States"
    if etype == "ASSAULT" and mode in (None, "aerial", "heavy-weapons"):
        mode = weapon_mode(tok, gov) or mode  # a drone strike is a drone attack, not an air raid
    return etype, mode, status


def is_threat(tok: Token, trigger: Token, status: str) -> bool:
    """ "we will attack", "would give an appropriate response": a future attack voiced by the attacker."""
    if status not in ("planned", "predicted"):
        return False
    subj = [c for c in tok.children if c.dep_ == "nsubj"]
    first_person = any(s.lower_ in ("we", "i") for s in subj)
    return first_person or tok.lemma_.lower() in RESPONDING or trigger.lemma_.lower() in RESPONDING


def _consumed(tok: Token, gov: Token) -> set[int]:
    """Token indexes another trigger must not fire on: the light verb's noun, an agreement's terms."""
    out = {gov.i} if gov is not tok else set()
    if tok.pos_ == "VERB" and tok.lemma_.lower() in AGREEING:
        out |= {g.i for c in tok.children if c.dep_ in ("xcomp", "prep", "dobj") for g in c.subtree}
        # a clause with its own subject inside the terms is an event of its own ("signed a deal
        # by which the rebels agreed to disarm")
        for g in [g for c in tok.children if c.dep_ in ("xcomp", "prep", "dobj") for g in c.subtree]:
            if g.dep_ in ("relcl", "acl", "ccomp") and any(k.dep_ in ("nsubj", "nsubjpass") for k in g.children):
                out -= {k.i for k in g.subtree}
    if tok.pos_ == "VERB" and tok.lemma_.lower() == "call":
        out |= {g.i for c in tok.children if c.dep_ == "oprd" for g in c.subtree}  # "called it an attack"
        out |= {g.i for c in tok.children if c.dep_ == "dobj" for a in c.children if a.dep_ == "appos"
                for g in a.subtree}
    return out


def event_at(record: Record, tok: Token, hit: tuple[str, str | None]) -> Event | None:
    """The event a trigger token makes, or None when its clause says it did not happen."""
    etype, mode = hit
    if tok.pos_ in ("VERB", "ADJ") and tok.tag_ in ("VBN", "VBD", "JJ") and any(
            c.dep_ == "det" for c in tok.children):
        return None  # "the captured and the dead": people named by what befell them
    if tok.pos_ == "VERB" and tok.tag_ == "VBN" and tok.head.lemma_.lower() in STATIVE and tok.dep_ in (
            "acomp", "xcomp", "oprd", "advcl"):
        return None  # "will stay deployed along the river": a state, not a deployment
    gov = light_verb(tok) or tok
    if tok.pos_ in ("NOUN", "PROPN") and gov is tok and not nominal_is_event(tok):
        return None
    if gov is not tok and tok.dep_ == "nsubjpass" and anaphoric(tok) and not any(
            c.dep_ == "agent" for c in gov.children):
        return None  # "the operation was carried out": the event told before, named again
    if tok.pos_ == "VERB" and not any(c.dep_ == "agent" for c in tok.children) and any(
            c.dep_ == "nsubjpass" and c.lower_ in ("it", "they", "this") for c in tok.children):
        return None  # "it was hit": a second mention of what befell a thing already named
    # a threat's condition is what it threatens: "warned of consequences if Iran hit back"
    status = clause_status(gov if gov is not tok else tok, conditions=etype != "THREATEN")
    if status == DROP or status_of_claims(record, tok) == DROP:
        return None
    claims = [record.claims[i] for i in span_index(record.claims).holding(tok.idx)]
    if any(c.modality == "predicted" for c in claims[:1]) and status == "planned":
        status = "predicted"  # a future the source forecasts, not one the actor announces
    actors, targets = actors_targets(record, tok, gov, etype)
    trig = triggers()
    actors = [a for a in actors if not any((w, "NOUN") in trig for w in (a.split()[-1].lower(),
                                                                          a.split()[-1].lower().rstrip("s")))]
    if etype == "ASSAULT" and is_threat(gov, tok, status):
        etype, mode, status = "THREATEN", None, "occurred"
    elif tok.lemma_.lower() in RESPONDING:
        return None  # "responded to questions": only a promised response is an event (a threat)
    if tok.pos_ == "VERB" and tok.lemma_ == "kill" and not actors and not _weapon_subject(gov):
        return None  # "were killed" is a casualty count (a quantity), not an attack told with its actor
    if tok.pos_ == "VERB" and tok.lemma_ == "kill" and tok.tag_ == "VBN" and not any(
            c.dep_ in ("aux", "auxpass", "agent") for c in tok.children):
        return None  # "claimed 40 soldiers killed", "lists killed and injured": a tally, not an attack
    if tok.pos_ == "VERB" and tok.lemma_.lower() == "call" and etype == "ACCUSE":
        if not _accuses(tok):
            return None  # "called the handover a historic step", "what it called an operation": no accusation
        mode = "disapprove"  # naming a deed a crime or an attack condemns it (PLOVER)
    if etype in ("COERCE",) and any(c.dep_ == "dobj" and (c.like_num or c.lower_ in ("%", "percent"))
                                    for c in gov.children):
        return None  # "sources capture 45% of deaths"
    etype, mode, status = retype(tok, gov, etype, mode, status)
    act = decreed_act(tok) if etype == "AGREE" else None
    if act is not None:
        decreed = match_trigger(act)
        if decreed is None:
            return None  # a decree signed is no agreement between parties
        etype, mode = decreed
    first, last = core_span(gov, tok)
    if act is not None:
        last = max(last, act.right_edge.i + 1)  # "signed a decree disbanding the militia"
    if etype in ("THREATEN", "REQUEST") and tok.pos_ == "VERB":
        # a warning or a call is its content: "warned that Israel would be obliged to respond"
        content = [c for c in tok.children if c.dep_ in ("ccomp", "xcomp") or c.dep_ == "prep" and c.lower_ == "of"]
        if content:
            last = max(last, max(c.right_edge.i for c in content) + 1)
    span = record.parsed()[first:last]
    return Event(type=etype, mode=mode, text=span.text, start=span.start_char, end=span.end_char,
                 actors=actors, targets=targets,
                 place=find_place(record, tok, gov, etype),
                 when=find_when(record, gov, tok) or claim_date(claims), status=status,
                 claims=[c.id for c in claims], trigger=tok.text)


def decreed_act(tok: Token) -> Token | None:
    """ "signed a decree disbanding the militia": the decree (its act, when it names one, else itself)."""
    if tok.pos_ != "VERB" or tok.lemma_.lower() != "sign":
        return None
    decree = next((c for c in tok.children if c.dep_ == "dobj" and c.lemma_.lower() in DECREES), None)
    if decree is None:
        return None
    return next((c for c in decree.children if c.dep_ == "acl" and match_trigger(c)), decree)


def _weapon_subject(verb: Token) -> bool:
    """ "shells fired from across the border killed five": a weapon as the subject tells an attack."""
    return any(c.dep_ == "nsubj" and (c.lower_ in munitions() or c.lemma_.lower() in munitions())
               for c in verb.children)


@lru_cache(maxsize=1)
def _accusing_words() -> frozenset[str]:
    return word_list("event_accusing_nouns.txt")


def _accuses(call: Token) -> bool:
    """ "called the shelling a war crime": the name given is a wrong, and the thing
    named is not "what" the speaker calls so ("launched what it called an operation")."""
    if any(c.lower_ == "what" for c in call.children if c.dep_ in ("dobj", "nsubj", "nsubjpass")):
        return False
    named = [g for c in call.children if c.dep_ in ("oprd", "xcomp", "ccomp", "attr") for g in c.subtree]
    named += [g for c in call.children if c.dep_ == "dobj" for a in c.children if a.dep_ == "appos"
              for g in a.subtree]
    words = _accusing_words()
    return any(g.lower_ in words or g.lemma_.lower() in words for g in named)


def status_of_claims(record: Record, tok: Token) -> str | None:
    """A denied claim's events did not happen ("officials denied that troops were sent")."""
    held = span_index(record.claims).holding(tok.idx)
    claim = record.claims[held[0]] if held else None
    return DROP if claim is not None and claim.modality == "denied" else None


def claim_date(claims: list[Claim]) -> dict[str, str | None] | None:
    """With no time of its own, an event is dated by the claim that reports it."""
    said = next((c.said_on for c in claims if c.said_on), None)
    return {"start": said, "end": said} if said else None


def extract_events(record: Record) -> list[Event]:
    """Every event mention of the document's reporting segments, repeated mentions merged."""
    doc = record.parsed()
    events: list[tuple[Event, bool]] = []
    used: set[int] = set()
    by_phone = phoned(doc)
    for tok in doc:
        if tok.i in used:
            continue
        seg = record.segment_at(tok.idx)
        if seg is None or seg.kind not in REPORTING_KINDS:
            continue
        hit = match_trigger(tok, by_phone)
        if hit is None:
            continue
        in_headline = bool(seg.headline_end and tok.idx < seg.headline_end)
        if tok.dep_ == "acl" and tok.pos_ == "VERB" and not in_headline:
            continue  # "troops deployed to …" describes the troops (a count's noun), not an event told
        ev = event_at(record, tok, hit)
        if ev is None:
            continue
        used |= _consumed(tok, light_verb(tok) or tok)
        events.append((ev, in_headline))
    return merge_mentions(record, merge_headline_events(record, events))


def same_event(record: Record, a: Event, b: Event) -> bool:
    """Two mentions of one event in a document: same type and mode, the same named place,
    the same time, and actors that agree; when one names no actor, a stated time or a
    shared target must tie them ("X condemned the raid" and "it called the siege
    a crime" are two condemnations)."""
    if a.type != b.type or a.mode != b.mode or a.place is None or b.place is None:
        return False
    pa, pb = record.places[a.place], record.places[b.place]
    if pa.name != pb.name or a.when != b.when or a.status != b.status:
        return False
    shared = {x.lower() for x in a.actors} & {x.lower() for x in b.actors}
    if shared:
        return True
    if a.actors and b.actors:
        return False
    # one names no actor: one event only if something else ties them, a stated time or a target
    same_target = bool({x.lower() for x in a.targets} & {x.lower() for x in b.targets})
    return a.when is not None or same_target


def merge_mentions(record: Record, events: list[Event]) -> list[Event]:
    """Repeated mentions of one event become one event listing every claim that reports it."""
    inside = _inside_longer(events)
    out: list[Event] = []
    earlier = _Mentions(record)
    for k, ev in enumerate(events):
        if inside[k]:
            continue  # "strike" inside "A missile strike … killed four": one event
        first = earlier.first_same(ev)
        if first is None:
            earlier.add(ev, len(out))
            out.append(ev)
        else:
            out[first].claims = sorted(set(out[first].claims) | set(ev.claims))
    return out


def _inside_longer(events: list[Event]) -> list[bool]:
    """For each event, whether a longer event of its type spans it (start <= its start and
    its end <= end): one sorted pass per type instead of a test against every other event."""
    by_type: dict[str, list[int]] = {}
    for k, ev in enumerate(events):
        by_type.setdefault(ev.type, []).append(k)
    inside = [False] * len(events)
    for ks in by_type.values():
        # holding both ends and not the same span is holding a longer one: an event starting
        # before it and ending at or after its end, or starting with it and ending after it
        ks.sort(key=lambda k: events[k].start)
        starts = [events[k].start for k in ks]
        reach: list[int] = []  # the furthest end of the events sorted before and at each position
        last_end: dict[int, int] = {}  # the furthest end of the events starting at an offset
        for k in ks:
            ev = events[k]
            reach.append(max(reach[-1], ev.end) if reach else ev.end)
            last_end[ev.start] = max(last_end.get(ev.start, ev.end), ev.end)
        for k in ks:
            ev = events[k]
            before = bisect_left(starts, ev.start)
            inside[k] = (before > 0 and reach[before - 1] >= ev.end) or last_end[ev.start] > ev.end
    return inside


class _Mentions:
    """The events kept so far, indexed so the first one :func:`same_event` matches is found
    without a scan of them all: mentions of one event share type, mode, place name, time
    and status, then an actor, or (one naming none) a stated time or a target."""

    def __init__(self, record: Record) -> None:
        self.record = record
        self.groups: dict[tuple[object, ...], _Group] = {}

    def _key(self, ev: Event) -> tuple[object, ...] | None:
        if ev.place is None:
            return None
        when = None if ev.when is None else tuple(sorted(ev.when.items()))
        return (ev.type, ev.mode, self.record.places[ev.place].name, when is None, when, ev.status)

    def add(self, ev: Event, position: int) -> None:
        """Keep ``ev``, the ``position``-th event of the output."""
        key = self._key(ev)
        if key is not None:
            self.groups.setdefault(key, _Group()).add(ev, position)

    def first_same(self, ev: Event) -> int | None:
        """The position of the first kept event that is the same event as ``ev``, if any."""
        key = self._key(ev)
        group = self.groups.get(key) if key is not None else None
        if group is None:
            return None
        return group.first_same(ev, stated_time=ev.when is not None)


class _Group:
    """Kept events of one type, mode, place name, time and status: the first position of
    each actor and target, of any event and of one naming no actor."""

    def __init__(self) -> None:
        self.first: int | None = None
        self.first_no_actor: int | None = None
        self.actor: dict[str, int] = {}
        self.target: dict[str, int] = {}
        self.no_actor_target: dict[str, int] = {}

    def add(self, ev: Event, position: int) -> None:
        """Keep ``ev`` at ``position`` (positions only grow)."""
        if self.first is None:
            self.first = position
        if not ev.actors and self.first_no_actor is None:
            self.first_no_actor = position
        for x in {a.lower() for a in ev.actors}:
            self.actor.setdefault(x, position)
        for t in {x.lower() for x in ev.targets}:
            self.target.setdefault(t, position)
            if not ev.actors:
                self.no_actor_target.setdefault(t, position)

    def first_same(self, ev: Event, stated_time: bool) -> int | None:
        """The first position :func:`same_event` holds for against ``ev``."""
        found = [self.actor[x] for x in {a.lower() for a in ev.actors} if x in self.actor]
        targets = {x.lower() for x in ev.targets}
        if ev.actors:  # otherwise only a kept event naming no actor, tied by time or target
            if stated_time and self.first_no_actor is not None:
                found.append(self.first_no_actor)
            elif not stated_time:
                found += [self.no_actor_target[t] for t in targets if t in self.no_actor_target]
        elif stated_time and self.first is not None:
            found.append(self.first)
        else:
            found += [self.target[t] for t in targets if t in self.target]
        return min(found, default=None)


def merge_headline_events(record: Record, events: list[tuple[Event, bool]]) -> list[Event]:
    """A live item's headline restates its lead: keep the fuller body mention of the same event."""
    told = {(o.type, id(record.segment_at(o.start))) for o, h in events if not h}
    out = []
    for ev, in_headline in events:
        if in_headline and (ev.type, id(record.segment_at(ev.start))) in told:
            continue
        out.append(ev)
    return out


EventsStage = function_stage(extract_events, name="events", requires=("doc", "times", "places", "claims"),
                             provides="events", order=70)
