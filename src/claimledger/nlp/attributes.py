"""The model's attribute ruler (fine tag -> POS and morphology, word exceptions) as lookups.

spaCy's ``attribute_ruler`` runs a token Matcher with every rule over every token
(about a tenth of the small English model's time). Its rules test one or two tokens
for values (``{"TAG": "NN"}``, ``{"LOWER": "'s", "TAG": "POS"}``, ``IN``, ``NOT_IN``,
``REGEX``): here each rule is indexed by the most selective value its first token must
have, so a token is checked only against the few rules that can match it. Matches
are applied in the ruler's order (a later rule wins), so the tokens come out exactly as
the ruler leaves them; ``bench/records.py --spacy`` compares every attribute.
"""
from __future__ import annotations

import re
from collections import defaultdict
from typing import Any

from spacy.attrs import DEP, IS_SPACE, LOWER, TAG
from spacy.language import Language
from spacy.pipeline import AttributeRuler
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

    def _longer(self, rows: list[tuple[int, ...]], i: int) -> list[tuple[int, int, int]]:
        """Matches of the rules of several tokens that start at token ``i``."""
        strings = self.vocab.strings
        candidates = [r for r in self.anywhere if len(r[1]) > 1]
        for col, table in self.multi_index.items():
            candidates += table.get(rows[i][col], ())
        found = []
        for rule, specs in candidates:
            end = i + len(specs)
            if end <= len(rows) and all(s.matches(rows[i + k], strings) for k, s in enumerate(specs)):
                found.append((rule, i, end))
        return found

    def __call__(self, doc: Doc) -> Doc:
        rows = [tuple(r) for r in doc.to_array(_ARRAY_ATTRS).tolist()]
        matches: list[tuple[int, int, int]] = []
        for i, row in enumerate(rows):
            matches += [(rule, i, i + 1) for rule in self._single(row)]
            if self.multi_anywhere or any(row[c] in t for c, t in self.multi_index.items()):
                matches += self._longer(rows, i)
        matches = sorted(set(matches))
        merged: dict[int, dict[Any, Any]] = {}
        for rule, start, end in matches:
            index = self.indices[rule]
            at = start + index if index >= 0 else end + index
            if not start <= at < end:
                raise ValueError(f"attribute rule {rule} points outside its match (index {index})")
            merged.setdefault(at, {}).update(self.attrs[rule])
        for at, attrs in merged.items():
            set_token_attrs(doc[at], attrs)
        return doc


@Language.factory("claimledger_attribute_lookup")
def make_attribute_lookup(nlp: Language, name: str) -> AttributeLookup:
    """An empty lookup; :func:`use_attribute_lookup` fills it from the model's ruler."""
    return AttributeLookup(nlp, name)


def use_attribute_lookup(nlp: Language) -> None:
    """Put the lookup in the place of the model's ``attribute_ruler``, with its rules."""
    if "attribute_ruler" not in nlp.pipe_names:
        return
    ruler = nlp.get_pipe("attribute_ruler")
    if not isinstance(ruler, AttributeRuler):
        return
    lookup = nlp.replace_pipe("attribute_ruler", "claimledger_attribute_lookup")
    if not isinstance(lookup, AttributeLookup):
        raise TypeError(f"the attribute lookup factory made a {type(lookup).__name__}")
    lookup.load(ruler)
