"""Entity resolution of claimants: one entity per real-world speaker across the ledger.

A mention (a claim's claimant name, role, organisation and side) is matched to the
entities that share a blocking key (the first letters of a folded name word) and
scored with ``rapidfuzz`` Jaro-Winkler similarity on transliteration-folded words
(``fold_word``: "Zelenskyy", "Zelenskiy", "Zelensky" fold alike). A merge needs
evidence:

- a full name (two words or more) whose every word matches a word of the entity's
  name, in order, and whose given names do not clash ("Kim Jong Un" and "Kim Yo Jong"
  share "Kim" but not the rest), with no clash of side;
- a surname alone or with a title ("Syrskyi", "Gen. Syrskyi", "Ukraine's commander-in-chief
  Syrskyi") matches an entity of that surname only when the side, organisation or role
  agree, or when that entity is the only one of the surname and nothing clashes;
- an organisation claimant ("the Kremlin", "Ukraine's General Staff") matches an
  organisation entity of nearly the same words and the same side.

Every merge is written with its reason and score (``entity_merges``).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from anyascii import anyascii
from rapidfuzz.distance import JaroWinkler
from rapidfuzz.fuzz import token_set_ratio

from claimledger.lexicon import table, word_list

#: Jaro-Winkler similarity of two folded name words taken for one word
WORD_SIMILARITY = 0.92
#: token-set similarity (0-100) of two organisation or role names taken for one
ORG_SIMILARITY = 88.0
_POSSESSIVE = re.compile(r"^[\w.-]+['’]s$")
_NAME_WORD = re.compile(r"[^\W\d_][\w'’.-]*", re.UNICODE)
_SUFFIXES = {"jr", "jr.", "sr", "sr.", "ii", "iii"}


@lru_cache(maxsize=1)
def _folds() -> tuple[tuple[re.Pattern[str], str], ...]:
    return tuple((re.compile(r["pattern"]), r["replacement"]) for r in table("name_folds.tsv"))


@lru_cache(maxsize=1)
def _titles() -> frozenset[str]:
    return word_list("titles.txt") | {"mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr.", "sir", "lord", "lady"}


@lru_cache(maxsize=65536)
def fold_word(word: str) -> str:
    """One name word in a spelling-neutral form: ASCII, lower case, transliteration folded."""
    w = re.sub(r"[^a-z]", "", anyascii(word).lower())
    for pattern, repl in _folds():
        w = pattern.sub(repl, w)
    return w


@lru_cache(maxsize=8192)
def _folded_words(name: str) -> tuple[str, ...]:
    return tuple(fold_word(w) for w in name_words(name))


def name_words(name: str) -> list[str]:
    """The words of a person's name, without titles, possessors ("Ukraine's") or role words
    in lower case ("commander-in-chief"): "Gen. Oleksandr Syrskyi" -> ["Oleksandr", "Syrskyi"]."""
    return list(_name_words(name))


@lru_cache(maxsize=65536)
def _name_words(name: str) -> tuple[str, ...]:
    """:func:`name_words`, kept per name (an entity's aliases are read again at each of its mentions)."""
    words = []
    for w in _NAME_WORD.findall(name):
        low = w.lower()
        if low in _titles() or low.rstrip(".") in _titles() or _POSSESSIVE.match(w) or low in _SUFFIXES:
            continue
        if not w[0].isupper():
            continue
        words.append(w.rstrip("."))
    return tuple(words)


def fold_name(name: str) -> str:
    """A whole name folded word by word: "President Zelenskyy" -> "zelensky"."""
    return " ".join(fold_word(w) for w in name_words(name))


def words_match(a: str, b: str) -> bool:
    """Two folded words are one: equal, similar enough, or an initial of the other."""
    if a == b:
        return True
    if len(a) == 1 or len(b) == 1:
        return a[0] == b[0]
    return JaroWinkler.similarity(a, b) >= WORD_SIMILARITY


@dataclass
class Known:
    """What the resolver knows of an entity: its folded name words and its attributes."""

    entity_id: int
    kind: str
    #: the longest folded full name seen, word by word
    words: list[str]
    side: str | None
    organizations: list[str]
    roles: list[str]


@dataclass
class Mention:
    name: str | None
    role: str | None
    organization: str | None
    side: str | None

    @property
    def words(self) -> list[str]:
        """The folded words of the mention's name (one list per name: person_score asks once a candidate)."""
        return list(_folded_words(self.name or ""))


def _similar(a: str | None, bs: list[str]) -> bool:
    if not a:
        return False
    return any(token_set_ratio(a.lower(), b.lower()) >= ORG_SIMILARITY for b in bs if b)


def evidence(m: Mention, e: Known) -> list[str]:
    """The attributes of ``m`` that agree with ``e`` (side, organisation, role)."""
    out = []
    if m.side and e.side and m.side == e.side:
        out.append(f"side {m.side}")
    if _similar(m.organization, e.organizations):
        out.append(f"organisation {m.organization!r}")
    if _similar(m.role, e.roles):
        out.append(f"role {m.role!r}")
    return out


def aligned(short: list[str], long: list[str]) -> bool:
    """Every word of ``short`` matches a word of ``long``, in order."""
    i = 0
    for w in short:
        while i < len(long) and not words_match(w, long[i]):
            i += 1
        if i == len(long):
            return False
        i += 1
    return True


def person_score(m: Mention, e: Known) -> tuple[float, str] | None:
    """How sure a merge of ``m`` into ``e`` is, with its reason; None when the evidence is not there."""
    words = m.words
    if not words or not e.words:
        return None
    if m.side and e.side and m.side != e.side:
        return None  # a clash of sides: another person of that name
    # the names first, the attributes (evidence) only for a name that matches: most candidates
    # of a block share a given name, not the surname
    if len(words) >= 2 and len(e.words) >= 2:
        if not (aligned(words, e.words) or aligned(e.words, words)):
            return None
        if not words_match(words[-1], e.words[-1]) and not (words[0] == e.words[0] and len(words) == len(e.words)):
            return None
        sim = sum(max(JaroWinkler.similarity(w, x) for x in e.words) for w in words) / len(words)
        why = "full name " + ("spelled alike" if sim == 1.0 else f"similar ({sim:.2f}, transliteration)")
        return sim, "; ".join([why, *evidence(m, e)])
    # a surname alone (or a full name against an entity known by its surname only)
    short, full = (words, e.words) if len(words) <= len(e.words) else (e.words, words)
    if not words_match(short[-1], full[-1]):
        return None
    sim = JaroWinkler.similarity(short[-1], full[-1])
    agree = evidence(m, e)
    if agree:
        return sim, "; ".join(["surname " + ("alike" if sim == 1.0 else f"similar ({sim:.2f})"), *agree])
    return sim, "surname; the only entity of that surname, nothing clashes"


def organization_score(m: Mention, e: Known) -> tuple[float, str] | None:
    """An organisation claimant against an organisation entity: nearly the same words, no clash of side."""
    if not m.organization or (m.side and e.side and m.side != e.side):
        return None
    best = max((token_set_ratio(fold_org(m.organization), fold_org(o)) for o in e.organizations), default=0.0)
    if best < ORG_SIMILARITY:
        return None
    return best / 100, f"organisation name similar ({best:.0f}/100)" + (f"; side {m.side}" if m.side else "")


def fold_org(name: str) -> str:
    """An organisation's name for matching: ASCII, lower case, without "the" and possessive "'s"."""
    text = re.sub(r"['’]s\b", "", anyascii(name).lower())
    return " ".join(w for w in re.findall(r"[a-z0-9]+", text) if w != "the")


def choose(m: Mention, candidates: list[Known]) -> tuple[Known, float, str] | None:
    """The entity ``m`` belongs to, with score and reason, or None (a new entity).

    A surname-only merge without agreeing attributes is taken only when exactly one
    person of that surname is known: two Kims with nothing to tell them apart stay apart."""
    scored = []
    for e in candidates:
        got = person_score(m, e) if e.kind == "person" else organization_score(m, e)
        if got is not None:
            scored.append((e, *got))
    if not scored:
        return None
    weak = [s for s in scored if s[2].startswith("surname; the only")]
    # by reason, not `s not in weak`: that compared every pair of candidates field by field
    # (a quarter of storing's time on a ledger of 1,500 documents)
    strong = [s for s in scored if not s[2].startswith("surname; the only")]
    if strong:
        return max(strong, key=lambda s: (s[1], len(s[2])))
    return weak[0] if len(weak) == 1 and len(scored) == 1 else None
