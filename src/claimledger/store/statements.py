"""Statements: near-duplicate reports of one statement by one speaker become one claim
with several reports, and claims are linked to the claims they deny, corroborate or
contradict. Written as a batch is stored; nothing is recomputed per query.

Two reports are one statement when they have one speaker (the same entity, or for
unnamed sources the same side and role), lie within ``WINDOW_DAYS`` of each other, and
the MinHash (``datasketch``, ``SIGNATURE_PERMUTATIONS`` permutations over word unigrams
and bigrams) of their words estimates a Jaccard similarity of at least
``SAME_STATEMENT`` (a claim is compared with its speaker's ``MAX_CANDIDATES`` newest
statements of its window). A denial ("Russia denied that its forces shelled the hospital") is
linked to the closest earlier or same-week claim by another speaker whose words it
repeats (estimated Jaccard at least ``DENIES``, the denial's cue words left out).
"""
from __future__ import annotations

import hashlib
import heapq
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

import numpy as np
from datasketch import MinHash
from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from claimledger.store.models import Statement, StatementLink
from claimledger.store.rows import ClaimRow, StatementRow, row, update_by_id

SIGNATURE_PERMUTATIONS = 64
#: estimated Jaccard similarity (word unigrams and bigrams) of two reports of one statement
SAME_STATEMENT = 0.5
#: estimated Jaccard similarity a denial needs with the claim it denies
DENIES = 0.3
#: days apart two reports of one statement (or a denial and its claim) may be
WINDOW_DAYS = 3
#: most stored statements a claim is compared with: its speaker's newest in its window (and a
#: denial, the newest of other speakers), so that a batch costs the same in a crowded week
MAX_CANDIDATES = 1000
_WORD = re.compile(r"[a-z0-9]+")
_DENIAL_WORDS = {"not", "no", "never", "denied", "deny", "denies", "false", "untrue", "that"}


def shingles(text: str, drop: set[str] | None = None) -> set[str]:
    """Word unigrams and bigrams of ``text``, lower-cased (``drop``: words left out)."""
    words = [w for w in _WORD.findall(text.lower()) if not drop or w not in drop]
    return set(words) | {f"{a} {b}" for a, b in zip(words, words[1:])}


@lru_cache(maxsize=1)
def _permutations() -> tuple[np.ndarray, np.ndarray]:
    """datasketch's affine permutations (a, b) for seed 1, as unsigned 32-bit arrays."""
    a, b = MinHash(num_perm=SIGNATURE_PERMUTATIONS, seed=1, scheme="affine32").permutations
    return np.asarray(a, dtype=np.uint32), np.asarray(b, dtype=np.uint32)


def signature(text: str, drop: set[str] | None = None) -> np.ndarray:
    """The MinHash of a text's shingles, as unsigned 32-bit integers."""
    return signatures([text], drop)[0]


#: texts whose shingles are hashed in one array (a few MB at most)
_SIGN_CHUNK = 256


def signatures(texts: list[str], drop: set[str] | None = None) -> list[np.ndarray]:
    """:func:`signature` of each of ``texts``: the values ``datasketch.MinHash`` (seed 1,
    scheme "affine32", its SHA-1 32-bit hash of each shingle, MurmurHash3-finalised, then
    ``a * h + b`` modulo 2**32) gives, computed a few hundred texts at a time, one array
    operation for all their shingles instead of one MinHash object and update per text
    (tests/test_statements.py holds them equal)."""
    a, b = _permutations()
    out: list[np.ndarray] = []
    for i in range(0, len(texts), _SIGN_CHUNK):
        digests: list[bytes] = []
        starts: list[int] = []
        for text in texts[i:i + _SIGN_CHUNK]:
            starts.append(len(digests))
            digests += [hashlib.sha1(sh.encode("utf-8")).digest()[:4] for sh in shingles(text, drop)]
        ends = starts[1:] + [len(digests)]
        empty = np.full(SIGNATURE_PERMUTATIONS, _MAX32, dtype=np.uint32)
        if not digests:
            out += [empty.copy() for _ in starts]
            continue
        hv = _fmix32(np.frombuffer(b"".join(digests), dtype="<u4").astype(np.uint32))
        permuted = hv[:, None] * a + b  # uint32: wraps modulo 2**32, as datasketch's does
        filled = [k for k, (lo, hi) in enumerate(zip(starts, ends)) if hi > lo]
        mins: Any = np.minimum.reduceat(permuted, [starts[k] for k in filled], axis=0) if filled else []
        got = dict(zip(filled, mins))
        out += [np.ascontiguousarray(got[k], dtype=np.uint32) if k in got else empty.copy() for k in range(len(starts))]
    return out


_MAX32 = np.uint32(0xFFFFFFFF)


def _fmix32(hv: np.ndarray) -> np.ndarray:
    """MurmurHash3's 32-bit finaliser, element-wise (multiplication wraps modulo 2**32)."""
    hv = hv ^ (hv >> np.uint32(16))
    hv = hv * np.uint32(0x85EBCA6B)
    hv = hv ^ (hv >> np.uint32(13))
    hv = hv * np.uint32(0xC2B2AE35)
    mixed: np.ndarray = hv ^ (hv >> np.uint32(16))
    return mixed


@lru_cache(maxsize=8192)
def denial_signature(text: str) -> np.ndarray:
    """The signature of a text with the denial's cue words left out (cached: each stored
    denial is compared with every new claim of its window). Read-only."""
    sig = signature(text, _DENIAL_WORDS)
    sig.setflags(write=False)
    return sig


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """Estimated Jaccard similarity of two signatures."""
    return float(np.mean(a == b))


def _sig(blob: bytes) -> np.ndarray:
    return np.frombuffer(blob, dtype=np.uint32)


@lru_cache(maxsize=4096)
def _shift(day: str, days: int) -> str:
    """``day`` moved by ``days`` days (cached: each candidate of each claim asks for its window)."""
    return (date.fromisoformat(day) + timedelta(days=days)).isoformat()


def speaker_key(c: ClaimRow) -> str:
    """Who says it, for blocking: the entity, else the unnamed source's side and role."""
    if c.entity_id is not None:
        return f"entity:{c.entity_id}"
    if c.anonymous:
        return f"anonymous:{c.claimant_side or '-'}:{(c.claimant_role or c.claimant_organization or '').lower()}"[:300]
    return "unattributed" if not c.attributed else f"unresolved:{(c.claimant_name or '').lower()}"[:300]


def _valid(day: str | None) -> str | None:
    try:
        return date.fromisoformat(day[:10]).isoformat() if day else None
    except ValueError:
        return None


def _window(q: object, day: str | None) -> object:
    if day is None:
        return q.where(Statement.first_day.is_(None))  # type: ignore[attr-defined]
    return q.where(and_(Statement.first_day >= _shift(day, -WINDOW_DAYS),  # type: ignore[attr-defined]
                        Statement.first_day <= _shift(day, WINDOW_DAYS)))


def _window_days(days: list[str | None]) -> tuple[list[str], bool]:
    """Every day within ``WINDOW_DAYS`` of one of ``days``, and whether an undated one is among them."""
    out: set[str] = set()
    for d in days:
        if d is not None:
            out |= {_shift(d, k) for k in range(-WINDOW_DAYS, WINDOW_DAYS + 1)}
    return sorted(out), any(d is None for d in days)


def _in_window(first_day: str | None, day: str | None) -> bool:
    if day is None:
        return first_day is None
    return first_day is not None and _shift(day, -WINDOW_DAYS) <= first_day <= _shift(day, WINDOW_DAYS)


def _by_days(q: Any, days: list[str | None]) -> Any:
    window, undated = _window_days(days)
    cond = [Statement.first_day.in_(window)] if window else []
    if undated:
        cond.append(Statement.first_day.is_(None))
    return q.where(or_(*cond)) if cond else None


#: most values bound in one IN (SQLite's default limit is 32,766; PostgreSQL's 65,535)
_CHUNK = 500


@dataclass(slots=True)
class StoredStatement:
    """A stored statement a batch's claims may repeat, read as the columns matching reads and
    changes (not as a mapped object, text and all: a crowded week brings tens of thousands to a
    batch, and its claims repeat few). One the batch repeats is written back by
    :func:`write_repeats`."""

    id: int
    speaker_key: str
    first_day: str | None
    last_day: str | None
    modality: str
    reports: int
    signature: bytes
    changed: bool = False


#: the columns of a :class:`StoredStatement`, read by :func:`prefetch_statements`
_STORED = ("id", "speaker_key", "first_day", "last_day", "modality", "reports", "signature")


def prefetch_statements(s: Session, claims: list[tuple[ClaimRow, str | None]]) -> dict[str, list[StoredStatement]]:
    """The stored statements each of ``claims`` (claim, day) may repeat: by speaker key, in
    id order, read in one query per few hundred speakers instead of one per claim; of a
    speaker, the newest :data:`MAX_CANDIDATES` of each day of the batch's windows (a spokesman
    quoted by every page of a crowded week would otherwise bring thousands to every batch):
    they hold the newest of every claim's own window, which :meth:`StatementPool.candidates`
    keeps (a cap over all the batch's windows at once left a claim of a quiet week none of its
    own when the same speaker's later week was crowded)."""
    keyed = [(speaker_key(c), _valid(d)) for c, d in claims]
    keys = sorted({k for k, _ in keyed})
    out: dict[str, list[StoredStatement]] = {k: [] for k in keys}
    cols = [getattr(Statement, c) for c in _STORED]
    for i in range(0, len(keys), _CHUNK):
        part = keys[i:i + _CHUNK]
        members = set(part)
        rank = func.row_number().over(partition_by=(Statement.speaker_key, Statement.first_day),
                                     order_by=Statement.id.desc()).label("rank")
        q = _by_days(select(Statement.id, rank).where(Statement.speaker_key.in_(part)),
                     [d for k, d in keyed if k in members])
        if q is None:
            continue
        ranked = q.subquery()
        newest = (select(*cols).join(ranked, ranked.c.id == Statement.id)
                  .where(ranked.c.rank <= MAX_CANDIDATES).order_by(Statement.id))
        for got in s.execute(newest):
            st = StoredStatement(*got)
            out[st.speaker_key].append(st)
    return out


def write_repeats(s: Session, pool: "StatementPool") -> None:
    """Write back the stored statements the batch's claims repeated (their reports and last
    day): one executemany UPDATE."""
    update_by_id(s, Statement.__table__,
                 [{"id": st.id, "reports": st.reports, "last_day": st.last_day} for st in pool.changed])
    for st in pool.changed:
        st.changed = False
    pool.changed = []


class StatementPool:
    """The statements a batch's claims may repeat, by speaker key: the ledger's candidates (read
    by :func:`prefetch_statements`) and then those the batch makes, each with what matching reads
    of it (first day, denial or not, signature) taken off its row once, not once per claim."""

    def __init__(self, stored: dict[str, list[StoredStatement]]) -> None:
        self.stored = {key: [(st.first_day, st.modality == "denied", _sig(st.signature), st) for st in sts]
                       for key, sts in stored.items()}
        #: per speaker and modality, where its stored statements stand (id order) by first day,
        #: dated ones sorted by day (and the days beside them), so that a claim reads the slice
        #: of its window, not every statement of a speaker who speaks every day
        self.by_day: dict[tuple[str, bool | None], tuple[list[str], list[int], list[int]]] = {}
        for key, rows in self.stored.items():
            for denied in (False, True):
                dated = sorted((first, i) for i, (first, d, _, _) in enumerate(rows) if d == denied and first is not None)
                undated = [i for i, (first, d, _, _) in enumerate(rows) if d == denied and first is None]
                self.by_day[key, denied] = ([f for f, _ in dated], [i for _, i in dated], undated)
            # and of both modalities: a claim is compared with the newest MAX_CANDIDATES of its window
            dated = sorted((first, i) for i, (first, _, _, _) in enumerate(rows) if first is not None)
            self.by_day[key, None] = ([f for f, _ in dated], [i for _, i in dated],
                                      [i for i, (first, _, _, _) in enumerate(rows) if first is None])
        #: the statements this batch made, by speaker, and all of them in making order (not yet written)
        self.pending: dict[str, list[tuple[str | None, bool, np.ndarray, StatementRow]]] = {}
        self.made: list[StatementRow] = []
        #: the stored statements the batch's claims repeat, written back by :func:`write_repeats`
        self.changed: list[StoredStatement] = []

    def add(self, key: str, st: StatementRow, sig: np.ndarray) -> None:
        """A statement the batch made."""
        self.pending.setdefault(key, []).append((st.first_day, st.modality == "denied", sig, st))
        self.made.append(st)

    def candidates(self, key: str, day: str | None, denied: bool) -> list[tuple[np.ndarray, StoredStatement | StatementRow]]:
        """The statements of speaker ``key`` in the window of ``day`` and of the same modality
        (a denial or not), stored ones first, each in id (or making) order; of the stored ones,
        those among the speaker's :data:`MAX_CANDIDATES` newest of the window."""
        rows, made = self.stored.get(key, []), self.pending.get(key, ())
        firsts, at, undated = self.by_day.get((key, denied), ([], [], []))
        if day is None:
            return [(rows[i][2], rows[i][3]) for i in self._newest(key, None, undated)] + [
                (sig, st) for first, d, sig, st in made if d == denied and first is None]
        lo, hi = _shift(day, -WINDOW_DAYS), _shift(day, WINDOW_DAYS)
        mine = self._newest(key, (lo, hi), sorted(at[bisect_left(firsts, lo):bisect_right(firsts, hi)]))
        return [(rows[i][2], rows[i][3]) for i in mine] + [
            (sig, st) for first, d, sig, st in made if d == denied and first is not None and lo <= first <= hi]

    def _newest(self, key: str, window: tuple[str, str] | None, mine: list[int]) -> list[int]:
        """Of ``mine`` (stored statements of ``key`` in ``window``, None: the undated, in id
        order), those among the speaker's MAX_CANDIDATES newest there, of either modality."""
        firsts, at, undated = self.by_day.get((key, None), ([], [], []))
        every = undated if window is None else at[bisect_left(firsts, window[0]):bisect_right(firsts, window[1])]
        if len(every) <= MAX_CANDIDATES:
            return mine
        oldest = min(heapq.nlargest(MAX_CANDIDATES, every))
        return [i for i in mine if i >= oldest]


def assign_statement(claim: ClaimRow, day: str | None, pool: StatementPool,
                     sig: np.ndarray | None = None) -> StoredStatement | StatementRow:
    """Put ``claim`` in the statement it repeats, or a new one (in ``pool.made``, for
    rows.write_statements); returns that statement. ``pool``: the ledger's candidates and the
    statements this batch made; ``sig``: the claim's signature, if computed already."""
    day = _valid(day)
    key = speaker_key(claim)
    if sig is None:
        sig = signature(claim.text)
    found = pool.candidates(key, day, claim.modality == "denied")
    best: StoredStatement | StatementRow | None = None
    best_sim = 0.0
    if found:
        # every candidate's estimated Jaccard at once; the first of the most similar wins
        sims = (np.stack([other for other, _ in found]) == sig).mean(axis=1)
        at = int(np.argmax(sims))
        if sims[at] > 0.0:
            best, best_sim = found[at][1], float(sims[at])
    if best is None or best_sim < SAME_STATEMENT:
        best = row(StatementRow, {
            "id": None, "uid": "statement:" + hashlib.sha256(f"statement {claim.uid}".encode()).hexdigest()[:16],
            "entity_id": claim.entity_id, "speaker_key": key, "text": claim.text, "modality": claim.modality,
            "side": claim.claimant_side, "anonymous": bool(claim.anonymous), "first_day": day, "last_day": day,
            "reports": 0, "signature": sig.tobytes()})
        pool.add(key, best, sig)
    best.reports += 1
    if day and (best.last_day is None or day > best.last_day):
        best.last_day = day
    if isinstance(best, StoredStatement) and not best.changed:
        best.changed = True
        pool.changed.append(best)
    claim.statement = best
    return best


def denied_by(s: Session, denial: Statement | StatementRow, day: str | None) -> tuple[Statement, float] | None:
    """The claim by another speaker whose words a denial repeats most, with the estimated
    Jaccard similarity, if one repeats enough (``DENIES``)."""
    sig = denial_signature(denial.text)
    q = _window(select(Statement.id, Statement.text).where(
        Statement.id != denial.id, Statement.speaker_key != denial.speaker_key, Statement.modality != "denied"), day)
    # the newest of its window, compared in id order (the first of the most similar wins)
    newest = sorted(s.execute(q.order_by(Statement.id.desc()).limit(MAX_CANDIDATES)))  # type: ignore[attr-defined]
    best, best_sim = None, 0.0
    for statement_id, text in newest:
        sim = similarity(sig, denial_signature(text))
        if sim > best_sim:
            best, best_sim = statement_id, sim
    return (s.get_one(Statement, best), best_sim) if best is not None and best_sim >= DENIES else None


def _open_denials() -> Any:
    linked = select(StatementLink.statement_id).where(StatementLink.kind == "denies")
    return select(Statement).where(Statement.modality == "denied", Statement.id.not_in(linked))


def prefetch_denials(s: Session, days: list[str | None]) -> list[Statement]:
    """The stored denials not yet linked that a claim of one of ``days`` may be what they
    deny, in id order: one query for a batch instead of one per claim."""
    q = _by_days(_open_denials(), [_valid(d) for d in days])
    return [] if q is None else list(s.scalars(q.order_by(Statement.id)))


def denials_of(claim_statement: Statement | StatementRow, day: str | None,
               open_denials: list[Statement]) -> list[tuple[Statement, float]]:
    """Earlier denials in the window, by other speakers, that a new claim is what they deny
    (``open_denials``: read beforehand by :func:`prefetch_denials`)."""
    day = _valid(day)
    found = [d for d in open_denials if d.speaker_key != claim_statement.speaker_key and _in_window(d.first_day, day)]
    sig = denial_signature(claim_statement.text)
    out = []
    for denial in found:
        sim = similarity(sig, denial_signature(denial.text))
        if sim >= DENIES:
            out.append((denial, sim))
    return out


def denial_reason(sim: float) -> str:
    """Why a denial was linked to a claim."""
    return f"a denial repeating its words (estimated Jaccard {sim:.2f}), within {WINDOW_DAYS} days, by another speaker"
