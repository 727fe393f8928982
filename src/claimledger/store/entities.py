"""Entities in the ledger: claimants resolved as a batch is stored (store/people.py matches).

Candidates come by blocking (``entity_tokens.prefix``: the first three letters of each
folded name word), so a batch costs one small query per new name, never a pass over the
ledger. An entity's uid is drawn from the first mention it was made for, so a ledger
built again from the same documents in the same order has the same entity ids.
"""
from __future__ import annotations

import hashlib
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from claimledger.store.models import ClaimMention, Entity, EntityAlias, EntityMerge, EntityRole, EntityToken
from claimledger.store.people import Known, Mention, choose, fold_name, fold_org, fold_word, name_words


def _prefixes(words: Iterable[str]) -> set[str]:
    return {w[:3] for w in words if w}


class EntityResolver:
    """Resolves the claimants of one batch inside its transaction."""

    def __init__(self, session: Session) -> None:
        self.s = session
        #: entities made or loaded in this batch, by id
        self.known: dict[int, Known] = {}
        self.loaded: set[str] = set()

    def _load(self, prefixes: set[str]) -> None:
        todo = prefixes - self.loaded
        if not todo:
            return
        self.loaded |= todo
        ids = set(self.s.scalars(select(EntityToken.entity_id).where(EntityToken.prefix.in_(todo))))
        q = (select(Entity).where(Entity.id.in_(ids - set(self.known)))
             .options(selectinload(Entity.aliases), selectinload(Entity.roles), selectinload(Entity.tokens)))
        for e in self.s.scalars(q):
            self.known[e.id] = self._known(e)

    def _known(self, e: Entity) -> Known:
        full = max((a.alias for a in e.aliases), key=lambda a: (len(name_words(a)), a == e.canonical), default="")
        words = [fold_word(w) for w in name_words(full)] if e.kind == "person" else fold_org(e.canonical).split()
        if e.kind == "person":
            orgs = sorted({o for o in [e.organization, *(r.organization for r in e.roles)] if o})
        else:
            orgs = [a.alias for a in e.aliases]
        return Known(e.id, e.kind, words, e.side, orgs, [r.role for r in e.roles if r.role])

    def resolve(self, claim: ClaimMention, day: str | None) -> None:
        """Set ``claim.entity_id``: an entity it merges into (its reason kept), or a new one."""
        if claim.anonymous:
            return
        name = claim.claimant_name if claim.claimant_name and name_words(claim.claimant_name) else None
        if name is None and not claim.claimant_organization:
            return
        kind = "person" if name else "organization"
        m = Mention(name, claim.claimant_role, claim.claimant_organization, claim.claimant_side)
        words = m.words if name else fold_org(claim.claimant_organization or "").split()
        if not words:
            return
        self._load(_prefixes(words))
        cands = [k for k in self.known.values() if k.kind == kind and _prefixes(k.words) & _prefixes(words)]
        if kind == "organization":
            m = Mention(None, claim.claimant_role, claim.claimant_organization, claim.claimant_side)
        got = choose(m, cands)
        alias = name or claim.claimant_organization or ""
        if got is None:
            entity = self._new(kind, alias, claim, day)
            score, reason = 1.0, "first mention"
        else:
            known, score, reason = got
            entity = self.s.get_one(Entity, known.entity_id)
        self._attach(entity, claim, alias, day)
        self.s.add(EntityMerge(entity_id=entity.id, claim_id=claim.id, alias=alias, score=score, reason=reason))
        claim.entity_id = entity.id
        self.known[entity.id] = self._known(entity)

    def _new(self, kind: str, alias: str, claim: ClaimMention, day: str | None) -> Entity:
        uid = "entity:" + hashlib.sha256(f"entity {claim.uid}".encode()).hexdigest()[:16]
        canonical = " ".join(name_words(alias)) if kind == "person" else alias
        entity = Entity(uid=uid, kind=kind, canonical=canonical, side=claim.claimant_side,
                        organization=claim.claimant_organization if kind == "person" else None,
                        first_seen=day, last_seen=day, mentions=0)
        self.s.add(entity)
        self.s.flush()
        return entity

    def _attach(self, e: Entity, claim: ClaimMention, alias: str, day: str | None) -> None:
        e.mentions = (e.mentions or 0) + 1
        if day and (e.first_seen is None or day < e.first_seen):
            e.first_seen = day
        if day and (e.last_seen is None or day > e.last_seen):
            e.last_seen = day
        e.side = e.side or claim.claimant_side
        if e.kind == "person":
            e.organization = e.organization or claim.claimant_organization
        row = next((a for a in e.aliases if a.alias == alias), None)
        if row is None:
            row = EntityAlias(alias=alias, folded=fold_name(alias) if e.kind == "person" else fold_org(alias), count=0)
            e.aliases.append(row)
        row.count += 1
        words = name_words(alias) if e.kind == "person" else fold_org(alias).split()
        if e.kind == "person" and len(words) > len(name_words(e.canonical)):
            e.canonical = " ".join(words)  # the fullest form: "Oleksandr Syrskyi" over "Syrskyi"
        have = {t.key for t in e.tokens}
        folded = [fold_word(w) for w in words] if e.kind == "person" else words
        for i, key in enumerate(folded):
            if key and key not in have:
                part = "surname" if i == len(folded) - 1 and e.kind == "person" else "given"
                e.tokens.append(EntityToken(key=key[:80], prefix=key[:3], part=part))
                have.add(key)
        if claim.claimant_role or (claim.claimant_organization and e.kind == "person"):
            role = next((r for r in e.roles if r.role == claim.claimant_role
                         and r.organization == claim.claimant_organization), None)
            if role is None:
                role = EntityRole(role=claim.claimant_role, organization=claim.claimant_organization,
                                  side=claim.claimant_side, first_seen=day, last_seen=day, count=0)
                e.roles.append(role)
            role.count += 1
            if day and (role.first_seen is None or day < role.first_seen):
                role.first_seen = day
            if day and (role.last_seen is None or day > role.last_seen):
                role.last_seen = day
