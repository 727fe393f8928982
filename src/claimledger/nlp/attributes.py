"""The model's attribute ruler (fine tag -> POS and morphology, word exceptions) as lookups.

spaCy's ``attribute_ruler`` runs a token Matcher with every rule over every token
(about a tenth of the small English model's time). Its rules test one or two tokens
for values (``{"TAG": "NN"}``, ``{"LOWER": "'s", "TAG": "POS"}``, ``IN``, ``NOT_IN``,
``REGEX``): here each rule is indexed by the most selective value its first token must
have, so a token is checked only against the few rules that can match it. Matches
are applied in the ruler's order (a later rule wins), so the tokens come out exactly as
the ruler leaves them; ``bench/records.py --spacy`` compares every attribute.

The rule lemmatizer that follows is taken over the same way (:class:`LemmaLookup`): it
is asked once for each new (word, POS, morphology), the answer it caches anyway.
"""
from __future__ import annotations

import re
from collections import defaultdict
from typing import Any, TypeVar, cast

from spacy.attrs import DEP, IS_SPACE, LEMMA, LOWER, MORPH, ORTH, POS, TAG
from spacy.language import Language
from spacy.pipeline import AttributeRuler, Lemmatizer
from spacy.tokens import Doc
from spacy.tokens._retokenize import set_token_attrs

#: the token attributes rules may test, their columns in ``Doc.to_array``, and which to index
#: a rule by (the most selective it tests for equality)
_COLUMNS = {"TAG": 0, "LOWER": 1, "DEP": 2, "IS_SPACE": 3}
_ARRAY_ATTRS = [TAG, LOWER, DEP, IS_SPACE]
_INDEX_ORDER = (1, 2, 0, 3)


class _Spec:
    """What one token of a rule must be: values in sets, values not in sets, regexes."""

    def __init__(self, strings: Any, spec: dict[str, Any]) -> None:
        def code(key: str, v: Any) -> int:
            return int(v) if key == "IS_SPACE" else strings.add(v)
        self.equal: dict[int, set[int]] = {}
        self.not_in: dict[int, set[int]] = {}
        self.regex: dict[int, Any] = {}
        for key, v in spec.items():
            col = _COLUMNS[key]
            if not isinstance(v, dict):
                self.equal[col] = {code(key, v)}
            elif set(v) == {"IN"}:
                self.equal[col] = {code(key, x) for x in v["IN"]}
            elif set(v) == {"NOT_IN"}:
                self.not_in[col] = {code(key, x) for x in v["NOT_IN"]}
            else:
                (op, arg), = v.items()
                if op != "REGEX":
                    raise ValueError(f"attribute rule operator {op!r} is not supported")
                self.regex[col] = re.compile(arg).search

    def matches(self, row: tuple[int, ...], strings: Any) -> bool:
        return (all(row[c] in vals for c, vals in self.equal.items())
                and not any(row[c] in vals for c, vals in self.not_in.items())
                and all(search(strings[row[c]]) for c, search in self.regex.items()))


def _supported(pattern: list[dict[str, Any]]) -> bool:
    return bool(pattern) and all(spec and set(spec) <= set(_COLUMNS) for spec in pattern)


class AttributeLookup:
    """A drop-in for a loaded :class:`AttributeRuler`, built from its rules."""

    def __init__(self, nlp: Language, name: str = "attribute_ruler") -> None:
        self.name = name
        self.vocab = nlp.vocab
        #: column -> {value: [(rule number, token specs)]}: rules indexed by their first token
        self.index: dict[int, dict[int, list[tuple[int, list[_Spec]]]]] = {}
        #: rules whose first token tests no value for equality (checked at every token)
        self.anywhere: list[tuple[int, list[_Spec]]] = []
        self.multi_index: dict[int, dict[int, list[tuple[int, list[_Spec]]]]] = {}
        self.multi_anywhere = False
        #: token values -> the one-token rules they match
        self.cache: dict[tuple[int, ...], list[int]] = {}
        #: token values -> what their one-token rules set, merged in rule order
        self.merged_cache: dict[tuple[int, ...], dict[Any, Any]] = {}
        #: token values -> the rules of several tokens whose first token they match
        self.first_cache: dict[tuple[int, ...], list[tuple[int, list[_Spec]]]] = {}
        self.attrs: list[dict[Any, Any]] = []
        self.indices: list[int] = []

    def load(self, ruler: AttributeRuler) -> "AttributeLookup":
        """Take over ``ruler``'s rules, in its order."""
        index: dict[int, dict[int, list[tuple[int, list[_Spec]]]]] = defaultdict(lambda: defaultdict(list))
        for i, rule in enumerate(ruler.patterns):
            self.attrs.append(ruler.attrs[i])
            self.indices.append(ruler.indices[i])
            patterns: list[list[dict[str, Any]]] = rule["patterns"]  # type: ignore[assignment]
            for pattern in patterns:
                if not _supported(pattern):
                    raise ValueError(f"attribute rule {i} tests what the lookup does not read: {pattern}")
                specs = [_Spec(self.vocab.strings, spec) for spec in pattern]
                col = next((c for c in _INDEX_ORDER if c in specs[0].equal), None)
                if col is None:
                    self.anywhere.append((i, specs))
                else:
                    for value in specs[0].equal[col]:
                        index[col][value].append((i, specs))
        self.index = {col: {v: [r for r in rules if len(r[1]) == 1] for v, rules in t.items()}
                      for col, t in index.items()}
        self.multi_index = {col: {v: [r for r in rules if len(r[1]) > 1] for v, rules in t.items()}
                            for col, t in index.items()}
        self.multi_index = {col: {v: rs for v, rs in t.items() if rs} for col, t in self.multi_index.items()}
        self.multi_index = {col: t for col, t in self.multi_index.items() if t}
        self.multi_anywhere = any(len(r[1]) > 1 for r in self.anywhere)
        return self

    def _single(self, row: tuple[int, ...]) -> list[int]:
        """The one-token rules a token with these values matches, in rule order (cached)."""
        hit = self.cache.get(row)
        if hit is None:
            strings = self.vocab.strings
            candidates = [r for r in self.anywhere if len(r[1]) == 1]
            for col, table in self.index.items():
                candidates += [r for r in table.get(row[col], ()) if len(r[1]) == 1]
            hit = sorted({rule for rule, specs in candidates if specs[0].matches(row, strings)})
            if len(self.cache) > 200_000:
                self.cache.clear()
            self.cache[row] = hit
        return hit

    def _starting(self, row: tuple[int, ...]) -> list[tuple[int, list[_Spec]]]:
        """The rules of several tokens whose first token a token with these values matches (cached)."""
        hit = self.first_cache.get(row)
        if hit is None:
            strings = self.vocab.strings
            candidates = [r for r in self.anywhere if len(r[1]) > 1]
            for col, table in self.multi_index.items():
                candidates += table.get(row[col], ())
            hit = [(rule, specs) for rule, specs in candidates if specs[0].matches(row, strings)]
            if len(self.first_cache) > 200_000:
                self.first_cache.clear()
            self.first_cache[row] = hit
        return hit

    def _longer(self, rows: list[tuple[int, ...]], i: int) -> list[tuple[int, int, int]]:
        """Matches of the rules of several tokens that start at token ``i``."""
        strings = self.vocab.strings
        found = []
        for rule, specs in self._starting(rows[i]):
            end = i + len(specs)
            if end <= len(rows) and all(s.matches(rows[i + k], strings) for k, s in enumerate(specs) if k):
                found.append((rule, i, end))
        return found

    def _at(self, rule: int, start: int, end: int) -> int:
        """The token of a match ``start``-``end`` that ``rule`` sets (its index in the match)."""
        index = self.indices[rule]
        at = start + index if index >= 0 else end + index
        if not start <= at < end:
            raise ValueError(f"attribute rule {rule} points outside its match (index {index})")
        return at

    def _merged(self, row: tuple[int, ...]) -> dict[Any, Any]:
        """What the one-token rules set on a token with these values, applied in rule order (cached)."""
        hit = self.merged_cache.get(row)
        if hit is None:
            hit = {}
            for rule in self._single(row):
                self._at(rule, 0, 1)
                hit.update(self.attrs[rule])
            if len(self.merged_cache) > 200_000:
                self.merged_cache.clear()
            self.merged_cache[row] = hit
        return hit

    def __call__(self, doc: Doc) -> Doc:
        rows = [tuple(r) for r in doc.to_array(_ARRAY_ATTRS).tolist()]
        longer: list[tuple[int, int, int]] = []
        if self.multi_anywhere or self.multi_index:
            for i, row in enumerate(rows):
                if self.multi_anywhere or any(row[c] in t for c, t in self.multi_index.items()):
                    longer += self._longer(rows, i)  # "gon na", "y' all": the first token's test is cached
        # the tokens a rule of several tokens sets: all their rules applied in rule order, as the ruler does
        extra: dict[int, set[tuple[int, int, int]]] = {}
        for rule, start, end in longer:
            extra.setdefault(self._at(rule, start, end), set()).add((rule, start, end))
        for i, row in enumerate(rows):
            if i in extra:
                attrs: dict[Any, Any] = {}
                for rule, _, _ in sorted(extra[i] | {(rule, i, i + 1) for rule in self._single(row)}):
                    attrs.update(self.attrs[rule])
            else:
                attrs = self._merged(row)
            if attrs:
                set_token_attrs(doc[i], attrs)
        return doc


@Language.factory("claimledger_attribute_lookup")
def make_attribute_lookup(nlp: Language, name: str) -> AttributeLookup:
    """An empty lookup; :func:`use_attribute_lookup` fills it from the model's ruler."""
    return AttributeLookup(nlp, name)


def use_attribute_lookup(nlp: Language) -> None:
    """Put the lookup in the place of the model's ``attribute_ruler``, with its rules."""
    ruler = nlp.get_pipe("attribute_ruler") if "attribute_ruler" in nlp.pipe_names else None
    if isinstance(ruler, AttributeRuler):
        _swap_pipe(nlp, "attribute_ruler", "claimledger_attribute_lookup", AttributeLookup).load(ruler)


_Lookup = TypeVar("_Lookup")


def _swap_pipe(nlp: Language, name: str, factory: str, kind: type[_Lookup]) -> _Lookup:
    """Put the component ``factory`` makes (a ``kind``) in the place of the pipe ``name``."""
    lookup = nlp.replace_pipe(name, factory)
    if not isinstance(lookup, kind):
        raise TypeError(f"the {factory} factory made a {type(lookup).__name__}")
    return lookup


class LemmaLookup:
    """The model's rule lemmatizer, with its answer for each (word, POS, morphology) kept.

    spaCy's rule lemmatizer already caches by that key, but still visits every token in
    Python (a Token object, its POS and morphology strings, the lemma's string) to look
    the cache up: here the keys come from one array, each new one is asked of the
    lemmatizer itself, and the lemmas go back in one array. Only tokens without a lemma
    are lemmatized, as the model's lemmatizer does (it does not overwrite)."""

    def __init__(self, nlp: Language, name: str = "lemmatizer") -> None:
        self.name = name
        self.vocab = nlp.vocab
        self.lemmatizer: Lemmatizer | None = None
        #: (orth, POS, morphology key) -> lemma hash
        self.cache: dict[tuple[int, int, int], int] = {}

    def load(self, lemmatizer: Lemmatizer) -> "LemmaLookup":
        """Answer as ``lemmatizer`` does (it must not overwrite lemmas already set)."""
        if lemmatizer.overwrite or lemmatizer.mode != "rule":
            raise ValueError("the lemma lookup copies a rule lemmatizer that keeps lemmas already set")
        self.lemmatizer = lemmatizer
        return self

    def __call__(self, doc: Doc) -> Doc:
        if self.lemmatizer is None:
            raise ValueError("the lemma lookup has no lemmatizer loaded")
        if not len(doc):
            return doc
        values = doc.to_array([ORTH, POS, MORPH, LEMMA])
        lemmas = values[:, 3].copy()
        strings = self.vocab.strings
        for i, (orth, pos, morph, lemma) in enumerate(values.tolist()):
            if lemma != 0:
                continue
            key = (orth, pos, morph)
            hit = self.cache.get(key)
            if hit is None:
                hit = strings.add(self.lemmatizer.lemmatize(doc[i])[0])
                if len(self.cache) > 500_000:
                    self.cache.clear()
                self.cache[key] = hit
            lemmas[i] = hit
        doc.from_array([LEMMA], cast(Any, lemmas.reshape(-1, 1)))
        return doc


@Language.factory("claimledger_lemma_lookup")
def make_lemma_lookup(nlp: Language, name: str) -> LemmaLookup:
    """An empty lookup; :func:`use_lemma_lookup` gives it the model's lemmatizer."""
    return LemmaLookup(nlp, name)


def use_lemma_lookup(nlp: Language) -> None:
    """Put the lookup in the place of the model's rule ``lemmatizer``, asking it for new words."""
    if "lemmatizer" not in nlp.pipe_names:
        return
    lemmatizer = nlp.get_pipe("lemmatizer")
    if not isinstance(lemmatizer, Lemmatizer) or lemmatizer.overwrite or lemmatizer.mode != "rule":
        return
    _swap_pipe(nlp, "lemmatizer", "claimledger_lemma_lookup", LemmaLookup).load(lemmatizer)
