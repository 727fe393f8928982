"""Claims set after a speaker's label: "NAME: what they said".

Headlines put the speaker first and a colon after the name ("Zelensky: Ukraine will not
cede the east"), and interview transcripts open each turn with the speaker's name
("DAHL: We will stay."). The label speaks the rest of its line when it names someone the
article names: a person or organisation the model tags, or a surname of a person named in
the text ("SMITH" after "Anna Smith"). Section labels ("Photo:", "Related:", "Q:") name no
one and give no claim.
"""
from __future__ import annotations

import re
from collections.abc import Callable

from spacy.tokens import Doc, Span

from claimledger.extract.claimants import ClaimantReader
from claimledger.lexicon import word_list
from claimledger.records import REPORTING_KINDS, Claim, Claimant, Record
from claimledger.nlp.views import span_ents

#: a line's opening label: up to five words, then a colon and the line's text
_LABEL = re.compile(r"[ \t]*([A-Z][\w.'’&-]*(?:[ \t]+[\w.'’&-]+){0,4})[ \t]*:[ \t]+(?=\S)")


def person_surnames(doc: Doc) -> set[str]:
    """The last words of the people the text names in full ("smith" for "Anna Smith")."""
    return {e[-1].lower_ for e in doc.ents if e.label_ == "PERSON" and len(e) > 1}


def names_someone(label: Span, surnames: set[str]) -> bool:
    """Whether a label names a speaker: it ends in a person's or organisation's name the
    model tags, or in the surname of a person the text names, written in any case."""
    last = label[-1]
    if last.lower_ in surnames:
        return True
    if last.lower_ in word_list("titles.txt"):
        return False
    ent = next((e for e in span_ents(label) if e.end == label.end), None)
    if ent is None or ent.label_ not in ("PERSON", "ORG"):
        return False
    # a one-word label in capitals that no person bears ("LIVE", "UPDATE") is a section's
    return not (len(ent) == 1 and ent.text.isupper())


def _content(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and (text[start].isspace() or text[start] in "\"“‘'«"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ".\"”’'»"):
        end -= 1
    return start, end


def labelled_claims(record: Record, reader: ClaimantReader, taken: Callable[[int, int], bool],
                    modality: Callable[[int, int], str]) -> list[Claim]:
    """The claims of the lines that open with a speaker's label (``taken(start, end)``:
    whether another claim already holds most of the words; ``modality(start, end)``: what
    the words say of themselves)."""
    text, doc = record.text, record.parsed()
    surnames = person_surnames(doc)
    out: list[Claim] = []
    pos = 0
    while pos <= len(text):
        line_end = text.find("\n", pos)
        line_end = len(text) if line_end < 0 else line_end
        m = _LABEL.match(text, pos, line_end)
        seg = record.segment_at(pos)
        if m and seg is not None and seg.kind in REPORTING_KINDS + ("headline",):
            label = doc.char_span(m.start(1), m.end(1), alignment_mode="contract")
            start, end = _content(text, m.end(), line_end)
            if label is not None and len(label) and len(text[start:end].split()) >= 3 and \
                    not taken(start, end) and names_someone(label, surnames):
                claimant = reader.read((label.start, label.end))
                if claimant.name or claimant.organization:
                    out.append(label_claim(text, start, end, claimant, m.end(1), modality(start, end)))
        pos = line_end + 1
    return out


def label_claim(text: str, start: int, end: int, claimant: Claimant, colon: int, modality: str) -> Claim:
    """The claim of a label's line: direct when the words are one quotation."""
    inner = text[start:end]
    marks = text[max(0, start - 1):start] in ("\"", "“") and text[end:end + 1] in ("\"", "”")
    direct = marks and not re.search(r"[\"“”]", inner)
    return Claim(id=0, text=inner, start=start, end=end, claimant=claimant, quote="direct" if direct else "indirect",
                 modality=modality, cue=":", cue_start=colon)
