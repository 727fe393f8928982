"""The parts of an event mention: its governing clause, actors, targets, place,
time and extent, read from the parse of the event's own clause.

- A light verb ("launched", "carried out") governs an event noun that is its
  object: the verb's subject is the actor, its clause the status and time.
- Actors are noun phrases that are the agent: a subject, a passive's "by"
  agent, a noun's possessor or national modifier. Adjectives ("severe"),
  weapons ("a ballistic missile") and relative pronouns are no actors; "he"
  and "she" are the person last named, "we" the claimant who speaks.
- The place is a toponym in the event's own clause (never the actor's home in
  "Russia attacked …"), else one in its sentence; the time, an expression in
  its own clause.
"""
from __future__ import annotations

import threading
from bisect import bisect_right
from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from claimledger.span_index import StartIndex, span_index, start_index
from claimledger.lexicon import demonyms, table, word_list
from claimledger.nlp.views import doc_ents, entity_starts
from claimledger.records import Record

#: types whose passive subject is the one acting (troops are deployed, withdrawn)
SUBJECT_MOVED = {"MOBILIZE", "RETREAT"}
_PLACE_PREPS = {"in", "to", "into", "at", "near", "on", "across", "inside", "from", "of", "toward", "towards",
                "around", "outside", "against", "over"}
_CLAUSAL = {"ccomp", "advcl", "relcl", "acl", "xcomp", "conj", "parataxis"}
#: prepositions whose object noun is background, not an event told: "since the invasion"
_BACKGROUND_PREPS = {"since", "after", "before", "during", "following", "amid", "despite", "until", "throughout",
                     "because", "ahead", "like", "than"}
#: words after which an event noun is a reason or a trigger of something else ("because of the raid")
_BACKGROUND_HEADS = {"because", "response", "retaliation", "reprisal", "wake", "result", "due", "owing", "revenge"}
#: event nouns that tell news even as a bare definite subject ("the truce took effect")
_NEWS_WHEN_DEFINITE = {"ceasefire", "truce", "armistice", "deal", "agreement", "talks"}
#: relative and demonstrative pronouns standing for the noun they follow
_RELATIVE = {"who", "that", "which", "whom"}
#: verbs of feeling whose passive subject is the one who condemns ("she was outraged by …")
FEELING = {"outrage", "appal", "appall", "horrify", "shock", "dismay"}
#: people, for telling a capture of people from a seizure of ground
PEOPLE = {"officer", "officers", "commander", "commanders", "soldier", "soldiers", "troops", "people", "civilians",
          "fighters", "men", "women", "children", "prisoners", "hostages", "crew", "sailors", "mariners",
          "journalists", "residents", "general", "generals", "personnel", "servicemen", "prisoner", "members"}


@lru_cache(maxsize=1)
def light_verbs() -> frozenset[str]:
    """Verbs whose object noun is the event ("launched an attack"), from ``event_light_verbs.txt``."""
    return word_list("event_light_verbs.txt")


@lru_cache(maxsize=1)
def weapons() -> dict[str, str]:
    """Weapon word -> the ASSAULT mode it gives, from ``event_weapons.tsv``."""
    return {r["word"].lower(): r["mode"] for r in table("event_weapons.tsv")}


@lru_cache(maxsize=1)
def munitions() -> frozenset[str]:
    """Weapons that are how an attack is made, never an actor ("a missile"), from ``event_weapons.tsv``."""
    return frozenset(r["word"].lower() for r in table("event_weapons.tsv") if r["actor"] == "no")


def light_verb(tok: Token) -> Token | None:
    """The light verb an event noun is the object of: "launched [one of] its largest air attacks"."""
    if tok.pos_ not in ("NOUN", "PROPN"):
        return None
    head, dep = tok.head, tok.dep_
    if dep == "pobj" and head.lower_ == "of" and head.head.lower_ in ("one", "some", "series", "wave", "number"):
        head, dep = head.head.head, head.head.dep_  # "one of its largest attacks"
    if dep in ("dobj", "nsubjpass") and head.pos_ in ("VERB", "AUX") and head.lemma_.lower() in light_verbs():
        return head
    return None


def nominal_is_event(tok: Token) -> bool:
    """Whether an event noun tells an event (has a clause, agent, target, place or count
    of its own) rather than naming one in the background ("the invasion", "sanctions")."""
    head = tok.head
    if tok.dep_ == "pobj" and head.lower_ in _BACKGROUND_PREPS:
        return False
    if tok.dep_ == "pobj" and head.lower_ in ("of", "to", "for") and (
            head.head.lower_ in _BACKGROUND_HEADS or head.head.dep_ == "pobj" and head.head.lower_ in _BACKGROUND_HEADS):
        return False  # "because of the raid", "in response to the attacks": a reason, not a report
    if anaphoric(tok):
        return False  # "the raids ended at dawn": the event told before, named again
    if tok.dep_ in ("nsubj", "nsubjpass") and head.lemma_.lower() in word_list("event_subject_verbs.txt"):
        return True  # "the truce took effect", "Pakistani shelling killed …"
    if tok.dep_ == "pobj" and head.lower_ == "by" and head.head.tag_ == "VBN":
        return True  # "killed by shelling"
    if tok.dep_ == "pobj" and head.lower_ == "under" and head.head.lemma_ == "come":
        return True  # "came under fire"
    for c in tok.children:
        if c.dep_ == "poss" and c.pos_ != "PRON" or c.dep_ == "nummod":
            return True  # "Ukraine's incursion", "2,100 artillery strikes"
        if c.dep_ in ("compound", "amod") and (c.pos_ == "PROPN" or c.lower_ in demonyms()
                                               or c.ent_type_ in ("NORP", "GPE")):
            return True  # "a Russian offensive", "the Pahalgam attack"
        if c.dep_ == "prep" and c.lower_ in ("by", "on", "against", "in", "near", "at", "into", "across") and any(
                g.dep_ == "pobj" for g in c.children):
            return True  # "an attack by the Houthis", "strikes on Kyiv"
        if c.dep_ == "prep" and c.lower_ in ("for", "of") and any(
                g.dep_ == "pobj" and g.ent_type_ in ("GPE", "LOC", "FAC") for g in c.children):
            return True  # "the battle for the city"
        if c.dep_ in ("acl", "relcl"):
            return True  # "the truce that took effect", "an attack launched …"
    return False


def anaphoric(tok: Token) -> bool:
    """A bare definite event noun ("the fighting", "the raids") with nothing of its own: a
    second mention of an event the text has told, not a new one."""
    if tok.lemma_.lower() in _NEWS_WHEN_DEFINITE or tok.lower_ in _NEWS_WHEN_DEFINITE:
        return False
    kids = list(tok.children)
    return bool(kids) and all(c.dep_ == "det" and c.lower_ in ("the", "these", "those", "this", "that")
                              for c in kids)


def _is_pronoun(tok: Token) -> bool:
    return tok.pos_ == "PRON" or tok.lower_ in _RELATIVE


def resolve_pronoun(record: Record, tok: Token) -> Token | None:
    """A pronoun's antecedent, only where the text leaves little doubt: "who/that" is the
    noun before it; "he"/"she" the person last named; "we" the claim's speaker."""
    low = tok.lower_
    if low in _RELATIVE and tok.head.dep_ == "relcl":
        return tok.head.head
    if low in ("he", "she", "his", "her"):
        person = last_person_before(record.parsed(), tok, 600)
        return person.root if person is not None else None
    return None


def last_person_before(doc: Doc, tok: Token, chars: int) -> Span | None:
    """The last PERSON entity ending at or before ``tok`` and starting less than ``chars``
    characters before it: a walk back over the page's entities from ``tok`` (they never
    overlap, so their starts and ends both ascend) that stops at the first too far away."""
    ents = doc_ents(doc)
    for k in range(bisect_right(entity_starts(doc), tok.i) - 1, -1, -1):
        e = ents[k]
        if tok.idx - e.start_char >= chars:
            return None
        if e.label_ == "PERSON" and e.end <= tok.i:
            return e
    return None


def noun_phrase(record: Record, tok: Token) -> str | None:
    """A compact agent noun phrase: the head with its modifiers, no determiners or clauses;
    None for adjectives, weapons and pronouns with no clear antecedent."""
    if _is_pronoun(tok):
        if tok.lower_ in ("we", "our"):
            held = span_index(record.claims).holding(tok.idx)
            claim = record.claims[held[0]] if held else None
            who = claim.claimant if claim is not None else None
            name = getattr(who, "organization", None) or getattr(who, "name", None)
            return name or None
        ref = resolve_pronoun(record, tok)
        return noun_phrase(record, ref) if ref is not None and ref is not tok else None
    if tok.pos_ in ("ADJ", "NUM", "DET", "ADV") and tok.lower_ not in demonyms():
        return None
    if tok.lower_ in munitions() or tok.lemma_.lower() in munitions():
        return None  # a missile is how, not who
    if tok.lower_ in word_list("event_not_actors.txt"):
        return None  # "the tally lists dead and injured": a figure acts on nothing
    left = [c for c in tok.lefts if c.dep_ in ("compound", "amod", "nmod", "poss") and c.pos_ != "DET"
            and not (c.dep_ == "poss" and c.pos_ == "PRON")]
    start = min([tok.i] + [c.left_edge.i for c in left])
    doc = tok.doc
    while start < tok.i and (doc[start].pos_ in ("DET", "PUNCT", "NUM") or doc[start].pos_ == "ADJ"
                             and doc[start].lower_ not in demonyms() and doc[start].ent_type_ != "NORP"):
        start += 1
    return doc[start:tok.i + 1].text


def _with_conjuncts(record: Record, tok: Token) -> list[str]:
    """ "Malian troops and Wagner": each conjunct an actor."""
    out = []
    for t in [tok] + [c for c in tok.children if c.dep_ == "conj"]:
        np = noun_phrase(record, t)
        if np and np not in out:
            out.append(np)
    return out


def _subject(tok: Token) -> Token | None:
    """The subject of a verb, inherited along "and"-chains, "began attacking" and participles."""
    for _ in range(4):
        subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
        if subj is not None:
            return subj
        if tok.dep_ in ("xcomp", "conj", "advcl") and tok.head.pos_ in ("VERB", "AUX"):
            tok = tok.head
        elif tok.dep_ == "relcl":
            return tok.head
        else:
            return None
    return None


def actors_targets(record: Record, tok: Token, gov: Token, etype: str) -> tuple[list[str], list[str]]:
    """The event's actors (agents) and targets (patients) as noun phrases."""
    actors: list[str] = []
    targets: list[str] = []
    verb = gov if gov.pos_ in ("VERB", "AUX") else tok if tok.pos_ == "VERB" else None
    if verb is not None:
        kids = {c.dep_: c for c in verb.children}
        agent = [p for a in verb.children if a.dep_ == "agent" for p in a.children if p.dep_ == "pobj"
                 and p.ent_type_ not in ("DATE", "TIME")]  # "dissolved by Jan. 1" has no agent
        if "nsubjpass" in kids and verb.lemma_.lower() in FEELING:
            actors += _with_conjuncts(record, kids["nsubjpass"])
            targets += [np for a in agent for np in _with_conjuncts(record, a)]
        elif "nsubjpass" in kids:
            if agent:
                actors += _with_conjuncts(record, agent[0])
                targets += _with_conjuncts(record, kids["nsubjpass"])
            elif etype in SUBJECT_MOVED:
                actors += _with_conjuncts(record, kids["nsubjpass"])
            elif verb is tok:
                targets += _with_conjuncts(record, kids["nsubjpass"])
        else:
            subj = _subject(verb)
            if subj is not None:
                actors += _with_conjuncts(record, subj)
            elif verb.dep_ in ("advcl", "xcomp") and verb.head.pos_ in ("NOUN", "PROPN"):
                actors += _with_conjuncts(record, verb.head)  # "IAEA chief to visit Kyiv"
        if "dobj" in kids and etype not in SUBJECT_MOVED and verb is tok:
            np = noun_phrase(record, kids["dobj"])
            if np:
                targets.append(np)
    if tok.pos_ in ("NOUN", "PROPN") and not actors:
        actors += _nominal_agents(record, tok)
    if tok.pos_ == "NOUN" and verb is not None and verb is not tok and tok.dep_ == "nsubj":
        actors = [a for a in actors if a.split()[-1].lower() != tok.lower_]  # "its strikes hit …"
    if tok.pos_ == "ADJ" and not actors:  # "she was outraged by …"
        subj = next((c for c in tok.head.children if c.dep_ == "nsubj"), None)
        if subj is not None:
            actors += _with_conjuncts(record, subj)
    return actors, targets


def _nominal_agents(record: Record, tok: Token) -> list[str]:
    """ "an attack by the Houthis", "Ukraine's incursion", "a Russian offensive"."""
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ == "by":
            pobj = [g for g in c.children if g.dep_ == "pobj"]
            if pobj:
                return _with_conjuncts(record, pobj[0])
    poss = [c for c in tok.children if c.dep_ == "poss"]
    if poss:
        np = noun_phrase(record, poss[0])
        return [np.removesuffix("'s").removesuffix("’s").strip()] if np else []
    mods = [c for c in tok.lefts if c.dep_ in ("amod", "compound") and (
        c.pos_ == "PROPN" and c.ent_type_ in ("NORP", "GPE", "ORG") or c.lower_ in demonyms())]
    if mods:
        return [tok.doc[mods[0].i:mods[-1].i + 1].text]
    return []


def capture_mode(gov: Token, mode: str | None) -> str | None:
    """COERCE ``capture`` when what is taken is people, ``seize`` when it is ground or things."""
    obj = next((c for c in gov.children if c.dep_ in ("dobj", "nsubjpass")), None)
    if any(c.dep_ in ("oprd", "attr", "dobj", "xcomp") and c.lemma_.lower() == "prisoner" for c in gov.children):
        return "capture"  # "were taken prisoner"
    if obj is not None and (obj.lower_ in PEOPLE or obj.lemma_.lower() in PEOPLE or obj.ent_type_ == "PERSON"):
        return "capture"
    return mode


def weapon_mode(tok: Token, gov: Token) -> str | None:
    """The ASSAULT mode of the weapon the event's clause names, if any."""
    table_ = weapons()
    near = [c for c in tok.children if c.dep_ in ("compound", "amod", "nsubj", "dobj", "nmod")]
    near += [c for c in gov.children if c.dep_ in ("nsubj", "dobj", "nsubjpass")]
    near += [g for c in gov.children if c.dep_ in ("prep", "agent") and c.lower_ in ("with", "by")
             for g in c.children if g.dep_ == "pobj"]
    for c in [tok] + near:
        words = [c] + [g for g in c.children if g.dep_ in ("compound", "amod")]
        for w in words:
            mode = table_.get(w.lower_) or table_.get(w.lemma_.lower())
            if mode:
                return mode
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


def core_span(gov: Token, tok: Token) -> tuple[int, int]:
    """Token range of the event mention: contiguous around the governing word, and the trigger."""
    idx = {t.i for t in own_tokens(gov)} | {tok.i}
    start = end = gov.i
    while start - 1 in idx:
        start -= 1
    while end + 1 in idx:
        end += 1
    return min(start, tok.i), max(end, tok.i) + 1


def _subject_chars(gov: Token) -> tuple[int, int] | None:
    subj = [c for c in gov.children if c.dep_ == "nsubj"]
    if not subj:
        return None
    return subj[0].left_edge.idx, subj[0].right_edge.idx + len(subj[0].right_edge)


_index_cache = threading.local()


def _places_between(record: Record, lo: int, hi: int) -> list[int]:
    """Indexes, ascending, of the places that start in ``[lo, hi)`` (bisections of the page's
    index, built once per page: see span_index.py)."""
    return span_index(record.places).starting_in(lo, hi)


def find_place(record: Record, tok: Token, gov: Token, etype: str) -> int | None:
    """A toponym in the event's own clause (by a preposition first), else in its sentence;
    an attack happens where its target is, not where its actor comes from."""
    exclude = _subject_chars(gov) if etype == "ASSAULT" else None
    own = own_tokens(gov) + (own_tokens(tok) if tok is not gov else [])
    starts = {t.idx for t in own}
    places = record.places
    doc = record.parsed()

    def free(i: int) -> bool:
        return not (exclude is not None and exclude[0] <= places[i].start < exclude[1])
    attached = sorted(i for s in starts for i in _places_between(record, s, s + 1) if free(i))
    by_prep: list[int] = []
    origin: list[int] = []
    for i in attached:
        span = doc.char_span(places[i].start, places[i].end, alignment_mode="expand")
        if span is not None and span.root.head.lower_ in _PLACE_PREPS:
            # "fired from the hills at the town": an attack lands where it is aimed, not where it starts
            (origin if etype == "ASSAULT" and span.root.head.lower_ == "from" else by_prep).append(i)
    if by_prep or origin or attached:
        return (by_prep or origin or attached)[0]
    sent = tok.sent
    seg = record.segment_at(tok.idx)
    head_end = seg.headline_end if seg is not None and seg.headline_end else -1

    def locative_before(lo: int, hi: int, among: Locatives) -> int | None:
        # the last such place (the highest index) starting in [lo, hi): looked for from the
        # event backwards among the page's locatives, so a page of many places costs only
        # the distance to it
        for k in among.index.last_starting_in(lo, hi):
            if free(among.places[k]):
                return among.places[k]
        return None
    # the place the sentence, or its live item's headline, last put the reader in
    # ("arrested in Kyrgyzstan" in the headline, then the lead), else a place the sentence names
    best = locative_before(sent.start_char, tok.idx, locatives(record, home=False))
    if best is None and seg is not None and head_end > seg.start:
        best = locative_before(seg.start, min(tok.idx, head_end), locatives(record, home=False))
    if best is not None:
        return best
    inside = [i for i in _places_between(record, sent.start_char, sent.end_char) if free(i)]
    if inside:
        return inside[0]
    # else the last place the segment put the reader in, when it lies in a country the page is
    # about: "had called at a port in Greece" in the sentence before an attack at sea is not where it happened
    return locative_before(seg.start if seg is not None else 0, tok.idx, locatives(record, home=True))


class Locatives:
    """The page's places that stand as the object of a preposition of place ("in Kharkiv"),
    or only those of them in a country the page is about: their indexes, ascending, and a
    start index over them."""

    def __init__(self, record: Record, home: bool) -> None:
        doc, countries = record.parsed(), page_countries(record) if home else None
        self.places: list[int] = []
        for i, p in enumerate(record.places):
            if countries is not None and p.country not in countries:
                continue
            span = doc.char_span(p.start, p.end, alignment_mode="expand")
            if span is not None and span.root.dep_ == "pobj" and span.root.head.lower_ in _PLACE_PREPS:
                self.places.append(i)
        self.index = StartIndex([record.places[i] for i in self.places])


def locatives(record: Record, home: bool) -> Locatives:
    """The page's :class:`Locatives` (built once per page and kind: the last page seen, per thread)."""
    entry = getattr(_index_cache, "locatives", None)
    if entry is None or entry[0] is not record.places or entry[1] != len(record.places) or entry[2] is not record.doc:
        entry = (record.places, len(record.places), record.doc, {})
        _index_cache.locatives = entry
    found: dict[bool, Locatives] = entry[3]
    if home not in found:
        found[home] = Locatives(record, home)
    return found[home]


def page_countries(record: Record) -> set[str]:
    """The countries the page is about: those its places name most often (counted once per
    page: the last page seen, per thread)."""
    entry = getattr(_index_cache, "countries", None)
    if entry is not None and entry[0] is record.places and entry[1] == len(record.places):
        return set(entry[2])
    found = _page_countries(record)
    _index_cache.countries = (record.places, len(record.places), frozenset(found))
    return found


def _page_countries(record: Record) -> set[str]:
    counts: dict[str, int] = {}
    for p in record.places:
        if p.country:
            counts[p.country] = counts.get(p.country, 0) + 1
    if not counts:
        return set()
    top = max(counts.values())
    return {c for c, n in counts.items() if n == top}


def find_when(record: Record, gov: Token, tok: Token) -> dict[str, str | None] | None:
    """The interval of a time expression in the event's own clause."""
    own = own_tokens(gov) + (own_tokens(tok) if tok is not gov else [])
    lo, hi = min(t.idx for t in own), max(t.idx + len(t) for t in own)
    for i in start_index(record.times).starting_in(lo, hi):
        interval = record.times[i].interval
        if interval:
            return dict(interval)
    return None
