"""Claimants: reading who speaks from the words that name them.

"the unit's spokesperson, Colonel Oleksandr Kindratenko" gives a name, a role
and (through context) a side; "undisclosed Ukrainian and U.S. officials" an
anonymous source with a side; "Kyrgyzstan's security agency, the State
Committee for National Security" an organisation. Later mentions ("Syrskyi",
"he") resolve to the person first named in full.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Span, Token

from claimledger.extract.claim_context import channel_words
from claimledger.lexicon import demonyms, outlets, parse_number_words, table, word_list
from claimledger.records import Claimant
from claimledger.resolve.gazetteer import gazetteer
from claimledger.nlp.views import span_ents

PRONOUNS = {"he", "she", "they", "him", "her", "we", "i"}
#: plural nouns for an organisation's own unnamed staff ("White House officials")
_STAFF = {"officials", "aides", "advisers", "advisors", "sources", "insiders", "representatives", "officers",
          "spokespeople", "staffers", "leaders", "strategists", "executives", "activists", "members", "operatives",
          "analysts"}
#: words for a part of a group ("some of X's allies", "one of his aides")
_PART_WORDS = {"some", "many", "most", "one", "several", "few", "all", "none", "two", "three", "each", "any"}
#: a surname with an apostrophe after its first letter ("O’Donnell", "D'Souza"), which the tagger
#: often reads as a common noun
_APOSTROPHE_NAME = re.compile(r"^[A-Z][’'][A-Z][a-z]+$")
#: a source described as speaking without being named ("who requested anonymity", "speaking on
#: condition of anonymity", "who was not authorized to speak publicly", "who asked not to be named")
_UNNAMED_ASKED = re.compile(r"\banonym|\bnot (?:authori[sz]ed|permitted|allowed) to (?:speak|talk|discuss|comment)"
                            r"|\b(?:not to|declined to) be (?:named|identified)"
                            r"|\bnames? (?:not|never) be (?:used|published|given|disclosed|identified)", re.I)
#: what a source asks for when it asks not to be named ("not to be identified", "that his name
#: not be used", "anonymity"): the terms of the sourcing, never a claim
_ANONYMITY_REQUEST = re.compile(r"(?:that )?(?:(?:his|her|their|its) names? )?(?:not|never) (?:to )?be "
                                r"(?:named|identified|used|quoted)|(?:for )?anonymity", re.I)


def anonymity_request(text: str) -> bool:
    """Whether reported words are only a source's request to stay unnamed ("… who asked not
    to be named"): no claim of their own."""
    return _ANONYMITY_REQUEST.fullmatch(text.strip().rstrip(".,")) is not None
_SKIP_MODIFIER_POS = {"DET", "PRON", "PART", "PUNCT", "CCONJ", "ADP", "NUM"}


@dataclass
class Mention:
    """Someone a later pronoun or title can point back to: a speaker already read, or a
    person or organisation named as the subject of a main clause."""

    offset: int
    kind: str  # "person", "org" or "group" (unnamed plural sources)
    claimant: Claimant
    why: str


#: the pronouns and the kinds of mention each can point back to
_PRONOUN_KINDS = {"he": ("person",), "she": ("person",), "it": ("org",), "they": ("org", "group"),
                  "we": ("org", "group")}


def subject_like(tok: Token) -> bool:
    """The subject of a main clause (or its appositive), not an object or an agent."""
    while tok.dep_ in ("compound", "appos", "flat") and tok.head.i != tok.i:
        tok = tok.head
    return tok.dep_ in ("nsubj", "nsubjpass") and tok.head.dep_ in ("ROOT", "conj")


def _colon_after(verb: Token) -> bool:
    """ "fired back:", "hit out:": the verb (with its particle or adverb) ends in a colon."""
    doc = verb.doc
    for k in range(verb.i + 1, min(verb.i + 4, len(doc))):
        if doc[k].text == ":":
            return True
        if doc[k].pos_ not in ("ADV", "ADP", "PART"):
            return False
    return False


class People:
    """Who has been named so far in a document: full names by surname, and the
    claimant each name was last read as."""

    def __init__(self) -> None:
        #: speakers and main-clause subjects, in reading order (for pronouns)
        self.mentions: list[Mention] = []
        self.full: dict[str, str] = {}
        self.first: dict[str, str] = {}
        self.known: dict[str, Claimant] = {}
        self.last: Claimant | None = None
        self.last_org: str | None = None
        self.last_claimant: Claimant | None = None
        #: the person most recently named, for "he" and "she"
        self.last_person: str | None = None
        #: organisations whose country the text gave ("Ukraine's Special Operations Forces")
        self.org_sides: dict[str, str] = {}

    def observe(self, sent: Span, quoted: Callable[[int], bool] = lambda _: False) -> None:
        """Note the names of ``sent`` (before its claims are read); ``quoted`` says whether
        a character offset lies inside a quotation (names there are talked about)."""
        for ent in span_ents(sent):
            if ent.label_ == "PERSON" and len(ent) > 1:
                self.full.setdefault(ent[-1].text.lower(), ent.text)
                # family name first ("Lee Seong-kweun" is later "Lee"): a fallback to the last word
                self.first.setdefault(ent[0].text.lower(), ent.text)
            if ent.label_ == "PERSON" or ent.label_ == "ORG" and self.known_surname(ent):
                self.last_person = self.full.get(ent[-1].text.lower(), ent.text)
            elif ent.label_ == "ORG" and ent.text.lower() not in outlets() and not self._medium(ent):
                name = re.sub(r"\s*\([^)]*\)?$", "", ent.text.removeprefix("the ").removeprefix("The "))
                if ent.start > 1 and sent.doc[ent.start - 1].text in ("'s", "’s"):
                    owner = sent.doc[ent.start - 2]  # "Ukraine's Special Operations Forces"
                    entry = gazetteer().resolve(owner.text) if owner.ent_type_ == "GPE" else None
                    if entry is not None and entry.feature == "country":
                        self.org_sides[name] = entry.country
                if not (len(ent) == 1 and ent.text.isupper() and self.last_org and ent.start > 0
                        and sent.doc[ent.start - 1].text == "("):
                    self.last_org = name  # "(SOF)" abbreviates the name before it, not a new one
        for ent in span_ents(sent):
            if ent.label_ in ("PERSON", "ORG") and subject_like(ent.root) and not quoted(ent.start_char):
                if ent.label_ == "PERSON" or self.known_surname(ent):
                    name = self.full_name(ent.text)
                    j = ent.start
                    while j > sent.start and sent.doc[j - 1].lower_ in word_list("titles.txt"):
                        j -= 1  # "Foreign Minister Lena Dahl": the title she goes by later
                    c = self.known.get(name) or Claimant(name=name, role=sent.doc[j:ent.start].text or None)
                    self.mentions.append(Mention(ent.start_char, "person", c, "subject named before"))
                elif ent.text.lower() not in outlets():
                    org = ent.text.removeprefix("the ").removeprefix("The ")
                    c = Claimant(organization=org, side=self.org_sides.get(org))
                    self.mentions.append(Mention(ent.start_char, "org", c, "organisation named before"))
        for tok in sent:
            # "Fallon fired back: '…,' he wrote": a person's clause ending in a colon opens the
            # quotation the pronoun's cue then tags, whether or not the model tagged the name
            if tok.dep_ == "nsubj" and tok.text[:1].isupper() and tok.head.pos_ == "VERB" and \
                    tok.head.dep_ in ("ccomp", "parataxis") and _colon_after(tok.head) and \
                    not quoted(tok.idx) and (tok.lower_ in self.full or tok.ent_type_ == "PERSON"):
                name = self.full_name(tok.text) if tok.ent_type_ != "PERSON" else self.full_name(
                    next(e.text for e in span_ents(sent) if e.start <= tok.i < e.end))
                self.mentions.append(Mention(tok.idx, "person", self.known.get(name) or Claimant(name=name),
                                             "subject named before"))

    def known_surname(self, ent: Span) -> bool:
        """ "Trump included …" with "Trump" tagged as an organisation: one word the text has
        already given as the last name of a person named in full is that person."""
        return len(ent) == 1 and ent.text.lower() in self.full and " " in self.full[ent.text.lower()] and \
            ent.text.lower() not in outlets()

    @staticmethod
    def _medium(ent: Span) -> bool:
        """ "Telegram", "Facebook": a platform the text names is where someone spoke, not who."""
        return ent.text.lower() in channel_words()

    def full_name(self, name: str) -> str:
        """The full name a bare surname or first name stands for, as the text named the person before."""
        if " " not in name:
            return self.full.get(name.lower()) or self.first.get(name.lower(), name)
        return name

    def resolve(self, pronoun: str, offset: int) -> Claimant | None:
        """The claimant a pronoun at ``offset`` points back to: the latest speaker or
        main-clause subject of a kind the pronoun can name, before it."""
        kinds = _PRONOUN_KINDS.get(pronoun.lower())
        if not kinds:
            return None
        for m in reversed(self.mentions):
            if m.offset < offset and m.kind in kinds:
                who = m.claimant.name or m.claimant.organization or m.claimant.role or "an unnamed source"
                c = self.known.get(m.claimant.name, m.claimant) if m.claimant.name else m.claimant
                return replace(c, linked_by=f"{pronoun.lower()} -> {who} ({m.why})")
        return None

    def spoke(self, c: Claimant, offset: int) -> None:
        """A speaker at ``offset``: a later pronoun's first candidate."""
        kind = "person" if c.name else "org" if c.organization else "group" if c.anonymous else ""
        if c.anonymous and c.role and not c.role.lower().endswith(("s", "media")):
            kind = "person"  # "a senior official … he said"
        if kind:
            self.mentions.append(Mention(offset, kind, c, "speaker before"))

    def remember(self, c: Claimant) -> Claimant:
        """Keep what a named claimant was read as (a later mention adds to it)."""
        name = c.name
        if name and " " in name:
            self.full.setdefault(name.split()[-1].lower(), name)  # "Lund" later is this person
        if name:
            prev = self.known.get(name)
            if prev is not None:
                c = replace(c, role=c.role or prev.role, organization=c.organization or prev.organization,
                            side=c.side or prev.side)
            self.known[name] = c
            self.last = c
        self.last_claimant = c
        return c


#: country names written with "the" ("the United States", "the Democratic Republic of the Congo")
_THE_COUNTRY = ("united", "democratic", "republic", "central", "dominican", "czech", "philippines", "netherlands",
                "gambia", "bahamas", "maldives", "comoros", "solomon", "marshall")


def government_of(cc: str) -> str | None:
    """ "Moscow said", "Rwanda denies": the government of the country speaks ("Government of Russia")."""
    entry = gazetteer().country_entry(cc) if cc else None
    if entry is None:
        return None
    the = "the " if entry.name.split()[0].lower() in _THE_COUNTRY else ""
    return f"Government of {the}{entry.name}"


def title_word(doc: Doc, i: int) -> bool:
    """ "Defence" in "Defence Minister": a word the model took for an organisation that is
    part of a title (the next word is a title)."""
    titles = word_list("titles.txt")
    return doc[i].ent_type_ == "ORG" and i + 1 < len(doc) and doc[i + 1].lower_ in titles


class ClaimantReader:
    def __init__(self, doc: Doc, people: People) -> None:
        self.doc = doc
        self.people = people
        self.orgish = word_list("organization_nouns.txt")
        self.anon = word_list("anonymous_nouns.txt")
        self.markers = word_list("anonymity_markers.txt")
        self.channels = {r["word"].lower() for r in table("channels.tsv")}
        self._proper: tuple[set[str], set[str]] | None = None

    def marks_anonymity(self, tok: Token) -> bool:
        """ "unnamed", "senior", "two" in "two unnamed officials": a marker word or any count."""
        return tok.lower_ in self.markers or tok.like_num or parse_number_words(tok.lower_) is not None

    def _agent(self, span: Span) -> Span:
        """ "a statement released by X", "the Sunday report of X", "comments by X": the
        speaker is X (the medium noun is among the phrase's first words)."""
        head = next((t for t in span[:4] if t.lower_ in self.channels or t.lemma_ in ("comment", "remark", "word")),
                    None)
        if head is not None:
            by = next((t for t in span if t.i > head.i and (t.lower_ == "by" or (
                t.lower_ in ("of", "from") and t.i <= head.i + 2))), None)
            if by is not None and by.i + 1 < span.end:
                return self.doc[by.i + 1:span.end]
        return self._maker(span) or span

    def _maker(self, span: Span) -> Span | None:
        """ "a count by X", "early results of polls conducted by X", "an article in X", "a
        CNN tally", "X's latest poll": a record's maker is the source (the phrase's head is a
        record noun, ``record_nouns.txt``); the maker's name, or None."""
        records = word_list("record_nouns.txt")
        root = span.root
        if root.lower_ not in records or root.pos_ != "NOUN":
            return None

        def named(tok: Token) -> bool:
            # (or a capitalised word inside the sentence the tagger took for a plural noun: "a poll by PollWatchers")
            return tok.pos_ == "PROPN" or tok.ent_type_ in ("ORG", "PERSON") or (
                tok.pos_ == "NOUN" and tok.i > tok.sent.start and tok.text[:1].isupper() and
                any(ch.isupper() for ch in tok.text[1:]))

        def entity_of(tok: Token) -> Span:
            ent = next((e for e in span_ents(span) if e.start <= tok.i < e.end), None)
            return ent if ent is not None else self.doc[tok.left_edge.i:tok.i + 1]

        # the record nouns of the phrase: its head and those its "of" reaches ("results of polls")
        # (and a record noun that qualifies one: "the X polling average")
        heads = [root]
        for t in sorted(span, key=lambda t: -t.i):
            if t.dep_ == "compound" and t.head in heads and t.lower_ in records:
                heads.append(t)
        for t in span:
            if t.dep_ == "pobj" and t.head.lower_ == "of" and t.head.head in heads and t.lower_ in records:
                heads.append(t)
        for t in span:
            on_record = t.head in heads or (t.head.tag_ == "VBN" and t.head.dep_ == "acl" and t.head.head in heads)
            if t.lower_ == "by" and t.dep_ in ("agent", "prep") and on_record:
                obj = next((c for c in t.children if c.dep_ == "pobj" and named(c)), None)
                if obj is not None:  # "a count by X", "polls conducted by X", "a filing by X"
                    return self.doc[obj.left_edge.i:min(obj.right_edge.i + 1, span.end)]
        for head in heads:
            for c in head.children:
                if c.dep_ in ("compound", "poss", "nmod") and c.i < head.i and named(c) and c.ent_type_ not in (
                        "GPE", "NORP", "DATE"):
                    return entity_of(c)  # "a CNN tally", "X's latest poll"
                if c.dep_ == "prep" and c.lower_ == "in":
                    obj = next((p for p in c.children if p.dep_ == "pobj" and named(p) and p.ent_type_ not in (
                        "GPE", "NORP", "DATE")), None)
                    if obj is not None:  # "an article in X": the outlet that ran it
                        return entity_of(obj)
        return None

    def read(self, rng: tuple[int, int] | None, source_phrase: bool = False) -> Claimant:
        """The claimant the speaker tokens ``rng`` name (None: an unnamed source). Pronouns,
        "the other" and "his spokesman" are linked to who they point back to, with the reason
        in ``linked_by``; the speaker is then a candidate for later pronouns."""
        if rng is None:
            return Claimant(anonymous=True)
        c = self._read(rng, source_phrase)
        self.people.spoke(c, self.doc[rng[0]].idx)
        return c

    def core(self, span: Span) -> Span:
        """The speaker phrase without its relative and participle clauses ("A senior official
        who briefed reporters on Tuesday" -> "A senior official"): names in them are others'."""
        cut = [c for t in span for c in t.children if c.dep_ in ("relcl", "acl") and span.start < c.i < span.end
               and c.left_edge.i > span.start]
        if not cut:
            return span
        end = min(c.left_edge.i for c in cut)
        while end > span.start and (self.doc[end - 1].is_punct or self.doc[end - 1].lower_ in ("who", "which")):
            end -= 1
        return self.doc[span.start:end] if end > span.start else span

    def _linked(self, span: Span, words: list[Token]) -> Claimant | None:
        """A speaker named by pointing back: a pronoun, "the other", "his spokesman"."""
        people = self.people
        if len(words) == 1 and words[0].lower_ in _PRONOUN_KINDS:
            return people.resolve(words[0].lower_, words[0].idx)
        low = [w.lower_ for w in words if w.lower_ not in ("the", "a")]
        if low and low[0] in ("one", "other", "another", "latter", "former") and len(low) <= 2:
            group = next((m for m in reversed(people.mentions) if m.kind == "group" and m.offset < span.start_char),
                         None)
            noun = (group.claimant.role or "").lower().split()[-1:] if group is not None else []
            if group is not None and len(low) == 2 and not (noun and noun[0].rstrip("s") == low[1].rstrip("s")):
                group = None  # "Residents …. Another commenter said": not one of the residents
            if group is not None:  # "One said …; the other said …": one of the sources just cited
                return replace(group.claimant, linked_by=f"{' '.join(low)} -> {group.claimant.role} (sources before)")
        root = span.root
        titled = self._titled(span, words)
        if titled is not None:
            return titled
        aides = ("spokesman", "spokeswoman", "spokesperson", "aide")
        aide = next((t for t in words if t.lower_ in aides), root)
        poss = [c for c in aide.children if c.dep_ == "poss" and c.lower_ in ("his", "her")]
        # "his sister Ann Lee said": a relative or colleague named in full speaks for herself;
        # only an aide ("his spokesman X") speaks for the principal
        # ("his office", "her campaign" speak for the principal too; "his critics" do not)
        if poss and (aide.lower_ in aides or not any(t.ent_type_ == "PERSON" for t in words) and (
                root.lower_ in self.orgish or root.lower_ in ("campaign", "team", "camp"))):
            sent = span.sent
            named = [e for e in span_ents(sent) if e.label_ == "PERSON" and e.end <= span.start]
            principal = (people.known.get(people.full_name(named[-1].text)) or Claimant(
                name=people.full_name(named[-1].text))) if named else people.resolve("he", span.start_char)
            if principal is not None:  # "…, his spokesman X told reporters": the principal's claim
                return replace(principal, linked_by=f"{poss[0].lower_} {aide.lower_} -> "
                                                    f"{principal.name or principal.organization} (principal)")
        return None

    def _titled(self, span: Span, words: list[Token]) -> Claimant | None:
        """ "the minister added": a definite title alone names the person last given that
        title (a speaker or a main-clause subject), not a new, unnamed source."""
        titles = word_list("titles.txt")
        if not (2 <= len(words) <= 3 and words[0].lower_ == "the" and words[-1].lower_ in titles):
            return None
        if any(t.ent_type_ in ("GPE", "NORP", "ORG") for t in words):
            return None
        title = words[-1].lower_
        for m in reversed(self.people.mentions):
            c = m.claimant
            known = self.people.known.get(c.name or "", c)
            if m.offset < span.start_char and m.kind == "person" and c.name and title in (
                    f"{known.role or ''} {c.role or ''}".lower()):
                return replace(known, role=known.role or c.role, linked_by=f"the {title} -> {c.name} (title)")
        return None

    def _org_phrase(self, span: Span) -> Claimant | None:
        """ "the Lebanese army", "the city auditor's office": a definite organisation
        noun with its modifiers is the organisation (the side from a demonym in it)."""
        root = span.root
        if root.lower_ not in self.orgish or root.tag_ in ("NNS",) and root.lower_ not in (
                "forces", "police", "military", "authorities"):
            return None
        if any(e.label_ in ("PERSON", "ORG") for e in span_ents(span)):
            return None
        # "the army", or "the auditor's office": the article may belong to a common-noun possessor
        if not any(c.dep_ == "det" and c.lower_ == "the" for c in root.children) and not any(
                c.dep_ == "poss" and c.pos_ == "NOUN" and any(d.dep_ == "det" and d.lower_ == "the" for d in c.children)
                for c in root.children):
            return None
        mods = [c for c in root.children if c.dep_ in ("amod", "compound", "poss", "nmod") and c.i < root.i]
        if not mods:  # "the police said": the police, unless an organisation was named before it
            return None if self.people.last_org else self.people.remember(Claimant(organization=root.text))
        first = min(m.left_edge.i for m in mods)
        if self.doc[first].lower_ == "the":
            first += 1
        return self.people.remember(Claimant(organization=self.doc[first:root.i + 1].text, side=self._side(span)))

    def _state_media(self, span: Span) -> Claimant | None:
        """ "Cuban state media", "Belarusian state television": the state's own media, a named
        source (with the state's side), not an unnamed one."""
        root = span.root
        if root.lower_ not in ("media", "television", "tv", "radio", "broadcaster") or not any(
                c.lower_ == "state" and c.dep_ in ("compound", "amod", "nmod") for c in root.children):
            return None
        if any(e.label_ in ("PERSON", "ORG") for e in span_ents(span)):
            return None
        first = root.left_edge.i
        while first < root.i and self.doc[first].dep_ == "det":
            first += 1
        return self.people.remember(Claimant(organization=self.doc[first:root.i + 1].text, side=self._side(span)))

    def _newsroom(self, span: Span) -> Claimant | None:
        """ "AFP reporters in the port", "X correspondents": the outlet's own staff, a named
        source (the outlet), not an unnamed one."""
        root = span.root
        if root.lemma_.lower() not in ("correspondent", "reporter", "journalist", "photographer", "crew"):
            return None
        org = next((c for c in root.children if c.dep_ in ("compound", "nmod", "poss") and (
            c.pos_ == "PROPN" or c.text.isupper()) and c.ent_type_ not in ("GPE", "NORP", "PERSON")), None)
        if org is None:
            return None
        name = self.doc[org.left_edge.i:org.i + 1].text.removeprefix("the ").removeprefix("The ")
        return self.people.remember(Claimant(organization=name, role=root.text))

    def _media_phrase(self, span: Span) -> Claimant | None:
        """ "the newspaper said", "the conservative-leaning magazine reported": a news
        organisation named by its kind is the organisation speaking (no side of its own)."""
        root = span.root
        if root.lower_ not in word_list("media_nouns.txt") or root.lower_ in self.orgish or root.tag_ == "NNS":
            return None
        if any(e.label_ in ("PERSON", "ORG", "GPE") for e in span_ents(span)) or root.ent_type_:
            return None
        if not any(c.dep_ in ("det", "poss") and c.lower_ not in ("a", "an") for c in root.children):
            return None  # "a newspaper": which one is not said
        first = root.left_edge.i
        while first < root.i and self.doc[first].dep_ in ("det", "poss", "case"):
            first += 1
        return self.people.remember(Claimant(organization=self.doc[first:root.i + 1].text))

    def _read(self, rng: tuple[int, int], source_phrase: bool) -> Claimant:
        made = self._maker(self.doc[rng[0]:rng[1]])
        if made is not None and not any(e.label_ == "PERSON" for e in span_ents(made)):
            # "a count by the Associated Press": the maker named is an organisation
            maker = self._outlet(made) or made.text.removeprefix("the ").removeprefix("The ")
            return self.people.remember(Claimant(organization=maker, side=self.people.org_sides.get(maker)))
        span = self.core(self._agent(self.doc[rng[0]:rng[1]]))
        words = [t for t in span if not t.is_punct]
        linked = self._linked(span, words)
        if linked is not None:
            return self.people.remember(linked)
        org_phrase = self._org_phrase(span) or self._state_media(span) or self._media_phrase(span)
        if org_phrase is not None:
            return org_phrase
        root = span.root
        definite = any(c.lower_ in ("the", "this", "that") for c in root.children if c.dep_ == "det") or any(
            c.dep_ == "poss" for c in root.children)  # "Ukraine's military intelligence agency"
        if definite and root.lower_ in self.channels and root.pos_ == "NOUN" and not root.ent_type_ and \
                self.people.last_claimant is not None:  # (not "The Post", a paper's name)
            return self.people.last_claimant  # "according to the statement": the one just cited
        if definite and root.lower_ in self.orgish and not span_ents(span) and self.people.last_org:
            return self.people.remember(Claimant(organization=self.people.last_org))  # "the organization said"
        poss = [c for c in root.children if c.dep_ == "poss"]
        if poss and root.lower_ in self.orgish and not [e for e in span_ents(span) if e.label_ in ("ORG", "PERSON")]:
            # "Ukraine's military intelligence agency": an organisation named by its owner and kind
            first = min((c.left_edge.i for c in root.children if c.dep_ in ("amod", "compound")), default=root.i)
            return self.people.remember(Claimant(organization=self.doc[first:root.i + 1].text,
                                                 side=self._side(span)))
        crew = self._newsroom(span)
        if crew is not None:
            return crew
        if len(words) == 1 and words[0].lower_ in PRONOUNS:
            if words[0].lower_ in ("he", "she"):
                last = self.people.last
                if self.people.last_person and (last is None or last.name != self.people.last_person):
                    known = self.people.known.get(self.people.last_person)
                    return self.people.remember(known or Claimant(name=self.people.last_person))
                if last is not None:
                    return last
            return Claimant(anonymous=True)
        head_chunk = self._head_chunk(span)
        persons = [e for e in span_ents(span) if e.label_ == "PERSON"]
        # "The rebels' military spokesman, Ali Karimi": a possessor or a name after "the"
        # is not the person speaking when another name is there
        persons = [e for e in persons if e.root.dep_ != "poss" and not (
            e.start > 0 and self.doc[e.start - 1].lower_ == "the")] or persons
        persons = [e for e in persons if not self._not_a_person(e) and not self._principal(span, e)]
        person = next((e for e in persons if head_chunk.start <= e.start < head_chunk.end), None)
        if person is None and head_chunk.end < span.end:
            person = self._bare_name(head_chunk)  # "Dmytro Lykhovii, a spokesperson for …"
        if person is None:
            person = self._name_run(head_chunk)  # a name the model tagged as a place or an organisation
        if person is None:
            person = next(iter(persons), None)
        outlet_names = outlets()
        orgs = [e for e in span_ents(span) if e.label_ == "ORG" and e.text.lower() not in outlet_names
                and not (person is not None and e.start < person.end and person.start < e.end)
                and e.text.lower().removeprefix("the ") not in outlet_names
                and not (len(e) == 1 and title_word(self.doc, e.start))]
        if person is None:
            # a surname the page gave before, however the tagger read it ("Fields later said")
            person = next((span[i:i + 1] for i, t in enumerate(span) if t.lower_ in self.people.full and (
                t.pos_ == "PROPN" or t.i == span.root.i and (t.pos_ == "NOUN" or len(words) == 1) and
                t.text[:1].isupper())), None)  # (alone, "Will urged" read as a modal)
        if person is None and not orgs and self._institution(span) is None:
            person = self._bare_name(head_chunk) or self._capitalised_name(span)
        if person is not None and (self._serves(span.root, person.root) or person.root.lower_ in self.anon
                                   or self._not_a_person(person)):
            person = None  # "Aides to X", "a top X adviser": an unnamed source
        place = self._metonymy(span) if person is None and not orgs else None
        if person is None and not orgs and place is None:
            person = self._place_tagged_name(head_chunk)  # "Bryne went on to say": no place that speaks
        if person is not None:
            person = self._extend_name(person)
        name = self.people.full_name(person.text) if person is not None else None
        org = orgs[0].text.removeprefix("the ").removeprefix("The ") if orgs else None
        outlet = None
        if person is None and org is None:
            outlet = self._outlet(span)
            if outlet is not None:  # "The New York Times reported …": the outlet is the source
                org, place = outlet, None
        side: str | None
        if place is not None:  # "Moscow said", "Kyiv denied": the government of the place
            org, side = place
        else:
            side = None if outlet is not None else self._side(span)  # a paper speaks for no side
        if org is None and person is not None and self.people.last_org and any(
                t.lower_ in self.orgish and i + 1 < len(span) and span[i + 1].text in ("'s", "’s")
                and any(c.lower_ == "the" for c in t.children) for i, t in enumerate(span)):
            org = self.people.last_org  # "the unit's spokesperson, Colonel X": the unit just named
        if org is not None and side is None:
            side = self.people.org_sides.get(org)
        seat = self._institution(span)
        if seat is not None:  # "the Kremlin", "a Pentagon spokesperson"
            org = org or seat[0] or None
            side = side or seat[1]
            if name and seat[0] and name.lower() == seat[0].lower():
                name = None  # "…, WHITE HOUSE SAYS": the institution, not a person
        if name is None and org is None and span.root.lower_ == "police" and span.root.pos_ == "NOUN":
            # "Police said", "Cologne police say": the force speaks as a body, not unnamed officers
            first = min((c.i for c in span.root.children if c.dep_ == "compound" and c.i < span.root.i),
                        default=span.root.i)
            org = self.doc[first:span.root.i + 1].text
        role = self._role(span, person)
        # unnamed and indefinite or plural ("a source", "officials"); "the regional governor" is identifiable
        plural = span.root.tag_ in ("NNS", "NNPS")
        # "White House officials", "two Pentagon aides": unnamed staff of a named organisation
        # are an unnamed source of it ("a Pentagon official" is the Pentagon's voice; "UN
        # experts" may be the UN's named panel)
        members = plural and (span.root.lower_ in _STAFF or span.root.lower_ in self.anon - {"experts"}) and not any(
            e.start <= span.root.i < e.end for e in span_ents(span))
        # "one campaign source", "another party official": one of several unnamed members of a named side
        # ("a Pentagon official" is the Pentagon's voice)
        one = not plural and root.lower_ in self.anon and bool(words) and words[0].lower_ in ("one", "another") or (
            root.lower_ in self.anon and _UNNAMED_ASKED.search(self.doc[rng[0]:rng[1]].text) is not None)
        anonymous = name is None and (org is None or members or one) and (plural or not definite or any(
            self.marks_anonymity(t) for t in span if t.dep_ in ("amod", "nummod")))
        return self.people.remember(Claimant(name=name, role=role, organization=org, side=side,
                                             anonymous=anonymous))

    def _not_a_person(self, ent: Span) -> bool:
        """A name the model took for a person that cannot be the speaker: a demonym
        ("Moldovan farm unions") or the place of an unnamed source ("officials in X")."""
        if len(ent) == 1 and ent.text.lower() in demonyms():
            return True
        if ent.root.dep_ in ("appos", "compound") and ent.root.head.lower_ in word_list("media_nouns.txt"):
            return True  # "the Danish weekly X": the outlet's name
        return self._source_place(ent.root)

    def _principal(self, span: Span, ent: Span) -> bool:
        """ "Aides to X", "people close to X", "a top X adviser": X is whom the unnamed
        source serves, not who speaks (the phrase's head is an unnamed-source noun)."""
        root = span.root
        if ent.start <= root.i < ent.end:
            return False
        return self._serves(root, ent.root)

    def _serves(self, root: Token, tok: Token) -> bool:
        """Whether ``tok`` names whom the unnamed source ``root`` serves (see ``_principal``);
        "some of X's allies", "one of X's aides": the source is the noun after "of"."""
        if root.lower_ in _PART_WORDS:
            of = next((c for c in root.children if c.dep_ == "prep" and c.lower_ == "of"), None)
            root = next((c for c in of.children if c.dep_ == "pobj"), root) if of is not None else root
        if root.lower_ not in self.anon or root.lower_ in ("spokesman", "spokeswoman", "spokesperson",
                                                           "representative"):
            return False  # "a Kremlin spokesman" names the institution; "X's spokesman" is the principal's
        mod, steps = tok, 0
        while mod.dep_ in ("compound", "nmod", "poss") and mod.i < mod.head.i and steps < 3:
            if mod.head.i == root.i:
                return True  # "a top X adviser", "a senior X administration official"
            mod, steps = mod.head, steps + 1
        steps = 0
        while tok.head.i != tok.i and steps < 4:
            if tok.dep_ == "appos":
                return False
            if tok.dep_ == "pobj" and tok.head.lower_ in ("to", "of", "for", "with", "around"):
                return any(a.i == root.i for a in tok.head.ancestors)
            tok, steps = tok.head, steps + 1
        return False

    def _source_place(self, tok: Token) -> bool:
        """ "Narva" in "officials in Narva": where an unnamed source is, not who."""
        while tok.dep_ in ("compound", "flat") and tok.head.i != tok.i:
            tok = tok.head
        return tok.dep_ == "pobj" and tok.head.lower_ in ("in", "from", "at") and \
            tok.head.head.lemma_.lower() in self.anon

    def _head_chunk(self, span: Span) -> Span:
        """The words before the first comma: "Dmytro Lykhovii" in "Dmytro Lykhovii, a spokesperson for …"."""
        for t in span:
            if t.text == "," and t.i > span.start:
                return self.doc[span.start:t.i]
        return span

    def _bare_name(self, chunk: Span) -> Span | None:
        """A run of capitalised proper nouns the model did not tag ("Sybiha said"): a
        person's name, unless it is a title, a place, an organisation or an outlet."""
        titles = word_list("titles.txt")
        toks = [t for t in chunk if (t.pos_ == "PROPN" or _APOSTROPHE_NAME.match(t.text)) and t.text[:1].isupper()
                and t.lower_ not in titles
                and t.ent_type_ not in ("GPE", "LOC", "ORG", "NORP", "FAC", "DATE", "TIME", "EVENT") and not t.is_stop
                and not self._source_place(t) and t.lower_ not in demonyms() and not self._serves(chunk.root, t)]
        if not toks:
            return None
        run = [toks[-1]]
        for t in reversed(toks[:-1]):
            if t.i == run[0].i - 1:
                run.insert(0, t)
        name = self.doc[run[0].i:run[-1].i + 1]
        if run[-1].dep_ == "poss" and len(chunk) > len(run) + 2:
            return None  # "skeptical about Mr. X's candidacy": the possessor is talked about
        if name.root is not chunk.root and chunk.root.pos_ == "NOUN" and chunk.root.i > name.end:
            return None  # "the Tavria group": a name modifying a common noun
        if gazetteer().is_well_known(name.text) or name.text.lower() in outlets():
            return None
        return name

    def proper_words(self) -> tuple[set[str], set[str]]:
        """The words the text capitalises inside a sentence and never writes in lower case
        (names, whatever the tagger made of them: "Hannity" read as a common noun), and the
        words it writes in lower case. Sentences in title case (headlines) count only their
        lower-case words."""
        if self._proper is None:
            capital: set[str] = set()
            lower: set[str] = set()
            for sent in self.doc.sents:
                alpha = [t for t in sent if t.is_alpha]
                if not alpha or sum(t.text[:1].isupper() for t in alpha) * 5 > len(alpha) * 3:
                    lower.update(t.lower_ for t in alpha if t.text.islower())
                    continue
                lower.update(t.lower_ for t in alpha if not t.text[:1].isupper())
                capital.update(t.lower_ for t in alpha[1:] if t.text[:1].isupper())
            self._proper = (capital - lower, lower)
        return self._proper

    def _capitalised_name(self, span: Span) -> Span | None:
        """A speaker of one to three capitalised words, each a word the text always
        capitalises and none a title, organisation word, unnamed-source noun, medium or
        demonym ("Hannity said", "Wealth-X says"): a name the tagger took for common nouns."""
        toks = [t for t in span if not (t.dep_ == "det" or t.is_punct or t.is_space)]
        inside, lower = self.proper_words()
        alpha = [t for t in toks if t.is_alpha]
        if not alpha or len(toks) > 3 or span.root.tag_ in ("NNS", "NNPS") or any(
                not t.text[:1].isupper() or t.lower_ in lower for t in alpha) or not any(
                t.lower_ in inside for t in alpha):
            return None
        titles, known_demonyms = word_list("titles.txt"), demonyms()
        if any(t.lower_ in titles or t.lower_ in self.orgish or t.lower_ in self.anon or t.lower_ in known_demonyms
               or t.is_stop or t.ent_type_ in ("GPE", "LOC", "NORP", "DATE", "TIME")
               for t in toks):
            return None
        name = self.doc[toks[0].i:toks[-1].i + 1]
        if gazetteer().is_well_known(name.text) or name.text.lower() in outlets() or name.text.lower() in self.channels:
            return None
        return name

    def _place_tagged_name(self, chunk: Span) -> Span | None:
        """A speaker the model tagged as a place that is no country, division, region or
        large city ("Kasich said", "Bryne went on to say", "Sweeny said", a surname that is
        also a village's name): a person's name, one to three capitalised proper nouns with
        nothing else in the phrase."""
        toks = [t for t in chunk if not (t.dep_ == "det" or t.is_punct or t.is_space)]
        if not toks or len(toks) > 3 or any(t.pos_ != "PROPN" or not t.text[:1].isupper() or t.ent_type_ not in (
                "GPE", "LOC", "NORP") for t in toks):
            return None
        if any(t.ent_type_ == "NORP" and (t.tag_ != "NNP" or len(toks) > 1) for t in toks):
            return None  # "Smbatyan added" tagged a nationality; "Democrats", "Kurdish Peshmerga" are groups
        text = " ".join(t.text for t in toks)
        titles = word_list("titles.txt")
        if gazetteer().is_well_known(text) or text.lower() in outlets() or text.lower() in demonyms() or any(
                t.lower_ in titles or t.lower_ in self.orgish for t in toks) or self._institution(chunk) is not None:
            return None
        return self.doc[toks[0].i:toks[-1].i + 1]

    def _name_run(self, chunk: Span) -> Span | None:
        """The chunk is a person's name whatever the model tagged it: two or three
        capitalised proper nouns that are no place, organisation word, title or outlet,
        or one word already known as a surname ("Lund")."""
        toks = [t for t in chunk if not (t.dep_ == "det" or t.is_punct)]
        if not toks or len(toks) > 3 or any(t.pos_ != "PROPN" or not t.text[:1].isupper() for t in toks):
            return None
        titles = word_list("titles.txt")
        text = " ".join(t.text for t in toks)
        if any(t.lower_ in self.orgish or t.lower_ in titles or t.lower_ in self.channels for t in toks):
            return None
        if text.lower() in outlets() or gazetteer().is_well_known(text) or any(
                t.ent_type_ in ("NORP", "DATE", "FAC") for t in toks):
            return None
        if len(toks) == 1 and toks[0].lower_ not in self.people.full:
            return None
        return self.doc[toks[0].i:toks[-1].i + 1]

    def _institution(self, span: Span) -> tuple[str, str | None] | None:
        text = span.text.lower()
        for row in table("institutions.tsv"):
            name = row["name"]
            i = text.find(name.lower())
            if i >= 0 and (i == 0 or not text[i - 1].isalpha()) and not text[i + len(name):i + len(name) + 1].isalpha():
                if re.search(r"\b(?:pro|anti)-$", text[:i]):
                    return "", row["country"] or None  # "a pro-Kremlin blogger": a side, not the institution
                return name, row["country"] or None
        return None

    def _outlet(self, span: Span) -> str | None:
        """The news organisation speaking: the entity the phrase's head is in, or the name set
        beside a media noun ("the Danish weekly X"); outlets joined by "and" speak together
        ("X and the BBC's Welsh service")."""
        known = outlets()
        root = span.root
        media = root.lower_ in word_list("media_nouns.txt")
        for e in span_ents(span):
            beside = media and e.root.head.i == root.i and e.root.dep_ in ("appos", "compound") and \
                e.label_ not in ("GPE", "NORP", "DATE", "CARDINAL")
            if e.start <= root.i < e.end or beside:
                hit = known.get(e.text.lower()) or known.get(e.text.lower().removeprefix("the "))
                if hit or beside:  # "the Danish weekly X": X is an outlet, known or not
                    conj = next((c for c in e.root.children if c.dep_ == "conj" and c.i < span.end), None)
                    if conj is not None:
                        return self.doc[e.start:conj.right_edge.i + 1].text
                    return hit[0] if hit else e.text.removeprefix("the ").removeprefix("The ")
        name = next((c for c in root.children if media and c.dep_ == "appos" and c.pos_ == "PROPN"
                     and c.ent_type_ not in ("GPE", "NORP")), None)
        if name is not None:  # a name the model did not tag
            conj = next((c for c in name.children if c.dep_ == "conj" and c.i < span.end), None)
            return self.doc[name.left_edge.i:(conj.right_edge.i if conj is not None else name.i) + 1].text
        return None

    def _metonymy(self, span: Span) -> tuple[str, str] | None:
        """A country or capital standing for its government: (name, country code)."""
        root = span.root
        ent = next((e for e in span_ents(span) if e.label_ == "GPE" and e.start <= root.i < e.end), None)
        if ent is None:
            return None
        gaz = gazetteer()
        entry = gaz.resolve(ent.text)
        # the place of that very name, not one that has it as a former or other name
        own = [c for c in gaz.candidates(ent.text) if c.name.lower() == ent.text.lower()
               and c.feature in ("country", "city", "admin1")]
        if own and (entry is None or entry.name.lower() != ent.text.lower()):
            entry = max(own, key=lambda c: c.population or 0)
        if entry is None or entry.feature not in ("country", "city", "admin1"):
            return None
        if entry.feature != "country" and (ent.text.lower() in self.people.full or (entry.population or 0) < 250_000):
            return None  # "Bolton said" after "John Bolton": a surname; a town does not speak for a state
        return government_of(entry.country) or ent.text, entry.country

    def _extend_name(self, person: Span) -> Span:
        """The model sometimes leaves a first name outside the entity ("Defence Minister Rustem
        [Umerov]"): take in capitalised words before it that are not titles."""
        titles = word_list("titles.txt")
        start = person.start
        while start - 1 >= 0 and self.doc[start - 1].pos_ == "PROPN" and self.doc[start - 1].text[:1].isupper() \
                and self.doc[start - 1].lower_ not in titles and not self.doc[start - 1].ent_type_ in ("GPE", "ORG"):
            start -= 1
        end = person.end
        while end < len(self.doc) and self.doc[end].pos_ == "PROPN" and self.doc[end].text[:1].isupper() \
                and self.doc[end].ent_type_ in ("", "PERSON") and self.doc[end].whitespace_ == " " * bool(
                    self.doc[end].whitespace_) and self.doc[end - 1].whitespace_:
            end += 1  # "Oleksandr [Prokudin]"
        return self.doc[start:end]

    def _role(self, span: Span, person: Span | None) -> str | None:
        doc = self.doc
        # a nominal chunk without the name: "the unit's spokesperson", "a military intelligence source"
        chunk_start = span.start
        for i in range(span.start, span.end + 1):
            if i == span.end or doc[i].text == ",":
                chunk = doc[chunk_start:i]
                has_person = person is not None and chunk.start <= person.start < chunk.end
                if any(t.pos_ in ("VERB", "AUX") for t in chunk) or (len(chunk) and chunk[0].lower_ in (
                        "who", "which", "that", "whose")):
                    chunk_start = i + 1
                    continue  # a relative clause ("who attended the briefing") is not a role
                nouns = [t for t in chunk if t.pos_ == "NOUN"]
                if nouns and not has_person:
                    head = nouns[-1]
                    if head.lower_ in self.orgish:
                        return None
                    j = head.i
                    while j - 1 >= chunk.start and doc[j - 1].pos_ not in _SKIP_MODIFIER_POS \
                            and not self.marks_anonymity(doc[j - 1]) and doc[j - 1].text.islower():
                        j -= 1
                    while j - 2 >= chunk.start and doc[j - 1].text in ("-", "‑") and not doc[j - 2].whitespace_:
                        j -= 2  # "commander-in-chief"
                    return doc[j:head.i + 1].text
                chunk_start = i + 1
        # a title before the name: "Commander-in-Chief Oleksandr Syrskyi", "Director General Rafael Grossi"
        if person is not None:
            j = person.start
            while j - 1 >= span.start and doc[j - 1].pos_ in ("PROPN", "NOUN", "PUNCT", "ADP") \
                    and doc[j - 1].text not in (",", "'s", "’s") and (
                        doc[j - 1].ent_type_ not in ("GPE", "ORG", "NORP") or title_word(doc, j - 1)):
                j -= 1
            while j < person.start and doc[j].pos_ in ("PUNCT", "ADP"):
                j += 1
            if j < person.start:
                return doc[j:person.start].text
        return None

    def _side(self, span: Span) -> str | None:
        gaz = gazetteer()
        for t in span:
            if t.ent_type_ in ("GPE", "NORP") or t.pos_ in ("PROPN", "ADJ"):
                cc = demonyms().get(t.lower_)
                if cc:
                    return cc
        for e in span_ents(span):
            if e.label_ == "GPE":
                entry = gaz.resolve(e.text)
                if entry is not None and entry.feature == "country":
                    return entry.country
        return None
