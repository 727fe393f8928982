"""spaCy components claimledger adds to the English pipeline.

- ``claimledger_newline_sents`` (before the parser): a line break ends a
  sentence. Scraped pages run headlines, captions and paragraphs together
  with bare newlines; the parser would otherwise join them.
- ``claimledger_entity_fixer`` (after the NER): the gazetteer and the
  known-outlet table correct the small model's entities: "Kursk Oblast" and
  "Kyiv" become places (GPE) instead of PERSON, while "the Kyiv Independent"
  stays an organisation.
"""
from __future__ import annotations

import re
from collections import defaultdict
from functools import lru_cache
from typing import Any, cast

from spacy.attrs import IDX, LOWER, SENT_START
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from claimledger.lexicon import outlets, word_list
from claimledger.resolve.gazetteer import gazetteer

_FIRST = re.compile(r"[\s\-]")
#: labels whose spans may hold a place name inside them without being a place
_CONTAINER_LABELS = {"ORG", "WORK_OF_ART", "FAC", "EVENT", "LAW", "PRODUCT", "PERSON", "NORP"}


@Language.component("claimledger_newline_sents")
def newline_sents(doc: Doc) -> Doc:
    """spaCy component: a sentence starts after every line break (headlines, captions, list items)."""
    # set through an array: the Token.is_sent_start setter scans the whole document on each
    # call (Doc.has_annotation), which made a page of many short lines quadratic
    starts = doc.to_array([SENT_START]).astype("int64")
    changed = False
    for tok in doc[:-1]:
        if "\n" in tok.text_with_ws:
            starts[tok.i + 1] = 1
            changed = True
            # the parser tends to cut a line's first word off as a sentence of its own
            # ("Russia | and Ukraine exchanged …"): a line's second word never starts one
            second = tok.i + 2
            if second < len(doc) and "\n" not in doc[tok.i + 1].text_with_ws and not doc[second].is_space:
                starts[second] = -1
    if changed:
        doc.from_array([SENT_START], cast(Any, starts.astype("uint64")))
    return doc


@lru_cache(maxsize=1)
def _name_index() -> dict[str, list[tuple[str, str]]]:
    """First word (lower case) -> [(full name lower case, label)], longest first."""
    index: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for name in gazetteer().well_known:
        index[_FIRST.split(name, 1)[0]].append((name, "GPE"))
    for alias in outlets():
        index[_FIRST.split(alias, 1)[0]].append((alias, "ORG"))
    for key in index:
        index[key].sort(key=lambda x: -len(x[0]))
    return dict(index)


def _surnames(doc: Doc) -> set[str]:
    """Last words of multi-word PERSON entities: a place name seen as a surname is a person here."""
    return {ent[-1].lower_ for ent in doc.ents if ent.label_ == "PERSON" and len(ent) > 1}


def _matches(doc: Doc) -> list[Span]:
    index = _name_index()
    text = doc.text
    strings = doc.vocab.strings
    found: list[Span] = []
    # the tokens' offsets and lower-case forms from one array: no Token object per word
    for idx, lower in doc.to_array([IDX, LOWER]).tolist():
        if not text[idx:idx + 1].isupper():
            continue  # a token's text starts at its offset: its first character
        for name, label in index.get(strings[lower], ()):
            end = idx + len(name)
            if text[idx:end].lower() != name:
                continue
            span = doc.char_span(idx, end, label=label)
            if span is not None:
                found.append(span)
                break
    return found


def _keep(span: Span, doc: Doc, surnames: set[str], ent_of_token: list[Span | None]) -> bool:
    # the entities the span overlaps, from the token index: not a scan of every entity per match
    ents = list({id(e): e for e in ent_of_token[span.start:span.end] if e is not None}.values())
    for e in ents:
        beyond = e.start < span.start or e.end > span.end
        if beyond and e.label_ in _CONTAINER_LABELS:
            return False  # "the Kyiv Independent", "Georgia Smith"
    if span.label_ == "ORG":
        return True
    if len(span) == 1 and span.text.lower() in surnames:
        return False
    if not ents:
        # the model saw nothing here: add only proper nouns ("Reading" the verb stays a verb)
        return all(t.pos_ == "PROPN" for t in span) or len(span) > 1
    return True


def _titled_people(doc: Doc) -> Doc:
    """ "Governor Oleksandr [Bogomaz]" tagged ORG: a name right after a title is a person's."""
    titles = word_list("titles.txt")
    ents = list(doc.ents)
    changed = False
    for i, e in enumerate(ents):
        if e.label_ in ("ORG", "GPE", "NORP") and e.start > 0 and doc[e.start - 1].lower_ in titles \
                and len(e) <= 3 and all(t.pos_ == "PROPN" for t in e) and e.text.lower() not in outlets() \
                and not gazetteer().is_well_known(e.text):
            ents[i] = Span(doc, e.start, e.end, label="PERSON")
            changed = True
    if changed:
        doc.ents = ents
    return doc


@Language.component("claimledger_entity_fixer")
def entity_fixer(doc: Doc) -> Doc:
    """spaCy component: fix the model's entities with the gazetteer, the outlets and titled names."""
    doc = _titled_people(doc)
    surnames = _surnames(doc)
    ents = tuple(doc.ents)  # built once: spaCy walks every token for each doc.ents
    ent_of_token: list[Span | None] = [None] * len(doc)
    for e in ents:
        ent_of_token[e.start:e.end] = [e] * len(e)
    new = [s for s in _matches(doc) if _keep(s, doc, surnames, ent_of_token)]
    if not new:
        return doc
    covered: set[int] = set()
    for s in new:
        covered.update(range(s.start, s.end))
    old = [e for e in ents if not covered.intersection(range(e.start, e.end))]
    doc.ents = filter_spans(old + new)
    return doc
