"""A claim's modality: the cue's own stance, hedges, predictions and denials in its content.
"""
from __future__ import annotations

from spacy.tokens import Span, Token

from claimledger.extract.claim_frame import Frame
from claimledger.lexicon import plan_verbs, word_list


def hedged(content: Span) -> bool:
    """Whether the content holds a hedge word (``hedges.txt``: "reportedly", "allegedly")."""
    hedges = word_list("hedges.txt")
    return any(t.lower_ in hedges for t in content)


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
