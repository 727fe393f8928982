"""The speaker of a cue on the parse: its subject, climbing shared and coordinated verbs,
an appositive or interrupting speaker, one-word names the tagger misread.
"""
from __future__ import annotations

from spacy.tokens import Token

from claimledger.extract.claim_frame import (CLOSE_QUOTES, QUOTES, DASHES, FINITE_TAGS, cue_start, reporting_verbs,
                                             subtree_range)
from claimledger.nlp.views import span_ents


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
        if after and cue.i > 0 and cue.doc[cue.i - 1].text in DASHES | {","} | CLOSE_QUOTES:
            subj = after[:1]  # "The line held, said X, …": inverted, the one after the cue
        else:
            subj = [max((c for c in subj if c.i < cue.i), key=lambda c: c.i, default=subj[0])]
    if subj and subj[0].pos_ == "ADP":
        # "Of the mayor, X, who …, said": a fronted topic parsed as the subject; the name set off after it speaks
        obj = next((c for c in subj[0].children if c.dep_ == "pobj"), None)
        subj = [c for c in obj.children if c.dep_ == "appos" and c.i > obj.i][:1] if obj is not None else []
    if subj and in_quotes(subj[0]) and not in_quotes(cue):
        # '"…, Mr. President," X told him': a vocative inside the quotation, the speaker set after it
        subj = [c for c in subj[0].children if c.dep_ == "appos" and c.i > subj[0].i and not in_quotes(c)][:1] or subj
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
    if cue.i <= 1 or doc[cue.i - 1].text not in DASHES | {","} | CLOSE_QUOTES or cue.lemma_ in ("tell", "brief", "ask"):
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
               and c.tag_ in FINITE_TAGS and any(k.dep_ == "nsubj" and k.pos_ in ("PROPN", "NOUN") and k.i < c.i
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
    while i > sent.start and doc[i].text in DASHES | {","} and asides < 3:
        close = i
        j = close - 1
        while j > sent.start and doc[j].text not in DASHES | {",", ";", ":"} | QUOTES:
            j -= 1
        if j <= sent.start or doc[j].text not in DASHES | {","} or j + 1 >= close:
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


#: words that with "from" set a phrase apart from the clause it belongs to ("aside from stating …")
_APART = {"aside", "apart"}


def exceptive_subject(cue: Token) -> list[Token]:
    """ "X has offered few ideas aside from stating that …", "Besides saying …, X …": a gerund
    in a phrase of exception belongs to the clause around it, whatever word the parse hung the
    phrase on; the subject of the nearest verb up from it that has one (not across a verb of
    what was said)."""
    prep = cue.head
    if cue.dep_ != "pcomp" or not (prep.lower_ == "besides" or prep.lower_ == "from" and prep.i > 0 and
                                   cue.doc[prep.i - 1].lower_ in _APART):
        return []
    for verb in prep.ancestors:
        if verb.dep_ in ("ccomp", "parataxis"):
            return []
        if verb.pos_ in ("VERB", "AUX"):
            subj = [c for c in verb.children if c.dep_ == "nsubj" and c.lower_ not in ("it", "there")]
            if subj:
                return subj[:1]
    return []


def shared_subject(cue: Token) -> list[Token]:
    """The subject of the nearest verb up the chain of coordinated, participle, infinitive,
    prepositional and adjectival links ("was quick to add", "is likely to stress") from a cue
    with no subject of its own."""
    if cue.dep_ == "advcl" and cue.tag_ == "VBG" and cue.i > 0 and cue.doc[cue.i - 1].text == ",":
        near = nearest_clause_subject(cue)
        if near:
            return near
    aside = exceptive_subject(cue)
    if aside:
        return aside
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
            inverted_subject(tok) if tok.tag_ in FINITE_TAGS and tok.lemma_ in reporting_verbs() else []) or [
            c for c in tok.children if c.dep_ == "nsubjpass" and c.lower_ not in ("it", "there")
            and c.pos_ in ("PROPN", "NOUN") and cue.dep_ == "pcomp" and (cue.head.head.i == tok.i or (
                cue.head.head.dep_ == "conj" and cue.head.head.head.i == tok.i))]
        # (the last: "X was booed after telling …", "X was booed and shouted down after telling …": the
        # passive's subject speaks)
        if subj:
            s = subj[0]
            if s.lower_ in ("who", "which", "that") and tok.dep_ == "relcl":
                return [tok.head]
            return [s]
        if tok.pos_ not in ("VERB", "AUX", "ADP", "SCONJ") and not (tok.dep_ == "pobj" and tok.pos_ == "NOUN") and not (
                tok.dep_ == "acomp" and tok.pos_ == "ADJ"):
            return []  # (a noun only as the object of a preposition: "In addition to stating …, X")
    return []
