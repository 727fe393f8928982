"""Statements: near-duplicate reports of one statement by one speaker become one claim
with several reports, and claims are linked to the claims they deny, corroborate or
contradict. Written as a batch is stored; nothing is recomputed per query.

Two reports are one statement when they have one speaker (the same entity, or for
unnamed sources the same side and role), lie within ``WINDOW_DAYS`` of each other, and
the MinHash (``datasketch``, ``SIGNATURE_PERMUTATIONS`` permutations over word unigrams
and bigrams) of their words estimates a Jaccard similarity of at least
``SAME_STATEMENT``. A denial ("Russia denied that its forces shelled the hospital") is
linked to the closest earlier or same-week claim by another speaker whose words it
repeats (estimated Jaccard at least ``DENIES``, the denial's cue words left out).
"""
from __future__ import annotations

import hashlib
import re
from datetime import date, timedelta

import numpy as np
from datasketch import MinHash
from sqlalchemy import and_, select
from sqlalchemy.orm import Session

from claimledger.store.models import ClaimMention, Statement, StatementLink

SIGNATURE_PERMUTATIONS = 64
#: estimated Jaccard similarity (word unigrams and bigrams) of two reports of one statement
SAME_STATEMENT = 0.5
#: estimated Jaccard similarity a denial needs with the claim it denies
DENIES = 0.3
#: days apart two reports of one statement (or a denial and its claim) may be
WINDOW_DAYS = 3
_WORD = re.compile(r"[a-z0-9]+")
_DENIAL_WORDS = {"not", "no", "never", "denied", "deny", "denies", "false", "untrue", "that"}


def shingles(text: str, drop: set[str] | None = None) -> set[str]:
    """Word unigrams and bigrams of ``text``, lower-cased (``drop``: words left out)."""
    words = [w for w in _WORD.findall(text.lower()) if not drop or w not in drop]
    return set(words) | {f"{a} {b}" for a, b in zip(words, words[1:])}


def signature(text: str, drop: set[str] | None = None) -> np.ndarray:
    """The MinHash of a text's shingles, as unsigned 32-bit integers."""
    m = MinHash(num_perm=SIGNATURE_PERMUTATIONS, seed=1)
    for sh in shingles(text, drop):
        m.update(sh.encode("utf-8"))
    return np.asarray(m.hashvalues, dtype=np.uint32)


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """Estimated Jaccard similarity of two signatures."""
    return float(np.mean(a == b))


def _sig(blob: bytes) -> np.ndarray:
    return np.frombuffer(blob, dtype=np.uint32)


def _shift(day: str, days: int) -> str:
    return (date.fromisoformat(day) + timedelta(days=days)).isoformat()


def speaker_key(c: ClaimMention) -> str:
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


def assign_statement(s: Session, claim: ClaimMention, day: str | None) -> Statement:
    """Put ``claim`` in the statement it repeats, or a new one; returns that statement."""
    day = _valid(day)
    key = speaker_key(claim)
    sig = signature(claim.text)
    q = _window(select(Statement).where(Statement.speaker_key == key), day)
    best, best_sim = None, 0.0
    for st in s.scalars(q):  # type: ignore[call-overload]
        if (st.modality == "denied") != (claim.modality == "denied"):
            continue
        sim = similarity(sig, _sig(st.signature))
        if sim > best_sim:
            best, best_sim = st, sim
    if best is None or best_sim < SAME_STATEMENT:
        best = Statement(uid="statement:" + hashlib.sha256(f"statement {claim.uid}".encode()).hexdigest()[:16],
                         entity_id=claim.entity_id, speaker_key=key, text=claim.text, modality=claim.modality,
                         side=claim.claimant_side, anonymous=bool(claim.anonymous), first_day=day, last_day=day,
                         reports=0, signature=sig.tobytes())
        s.add(best)
        s.flush()
    best.reports += 1
    if day and (best.last_day is None or day > best.last_day):
        best.last_day = day
    claim.statement_id = best.id
    if claim.modality == "denied" and best.reports == 1:
        link_denial(s, best, day)
    return best


def link_denial(s: Session, denial: Statement, day: str | None) -> StatementLink | None:
    """Link a denial to the claim by another speaker whose words it repeats most, if any does enough."""
    sig = signature(denial.text, _DENIAL_WORDS)
    q = _window(select(Statement).where(Statement.id != denial.id, Statement.speaker_key != denial.speaker_key,
                                        Statement.modality != "denied"), day)
    best, best_sim = None, 0.0
    for st in s.scalars(q):  # type: ignore[call-overload]
        sim = similarity(sig, signature(st.text, _DENIAL_WORDS))
        if sim > best_sim:
            best, best_sim = st, sim
    if best is None or best_sim < DENIES:
        return None
    link = StatementLink(statement_id=denial.id, other_id=best.id, kind="denies",
                         reason=f"a denial repeating its words (estimated Jaccard {best_sim:.2f}), "
                                f"within {WINDOW_DAYS} days, by another speaker")
    s.add(link)
    return link


def relink_denials(s: Session, claim_statement: Statement, day: str | None) -> None:
    """A new claim may be the one an earlier denial denies: link denials in the window that have none."""
    if claim_statement.modality == "denied" or claim_statement.reports != 1:
        return
    linked = select(StatementLink.statement_id).where(StatementLink.kind == "denies")
    q = _window(select(Statement).where(Statement.modality == "denied", Statement.id.not_in(linked),
                                        Statement.speaker_key != claim_statement.speaker_key), _valid(day))
    sig = signature(claim_statement.text, _DENIAL_WORDS)
    for denial in s.scalars(q):  # type: ignore[call-overload]
        sim = similarity(sig, signature(denial.text, _DENIAL_WORDS))
        if sim >= DENIES:
            s.add(StatementLink(statement_id=denial.id, other_id=claim_statement.id, kind="denies",
                                reason=f"a denial repeating its words (estimated Jaccard {sim:.2f}), "
                                       f"within {WINDOW_DAYS} days, by another speaker"))
