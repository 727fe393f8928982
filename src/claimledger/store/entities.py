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

from claimledger.store.models import Entity, EntityAlias, EntityRole, EntityToken
from claimledger.store.people import Known, Mention, choose, fold_name, fold_org, fold_word, name_words
from claimledger.store.rows import ClaimRow, drawn_uid


def _prefixes(words: Iterable[str]) -> set[str]:
    return {w[:3] for w in words if w}


def _claimant(claim: ClaimRow) -> tuple[str, str | None, list[str]] | None:
    """The kind of speaker a claim names, its name, and the words it is matched by (None for
    anonymous and unnamed sources)."""
    if claim.anonymous:
        return None
    name = claim.claimant_name if claim.claimant_name and name_words(claim.claimant_name) else None
    if name is None and not claim.claimant_organization:
        return None
    kind = "person" if name else "organization"
    words = Mention(name, claim.claimant_role, claim.claimant_organization, claim.claimant_side).words if name \
        else fold_org(claim.claimant_organization or "").split()
    return (kind, name, words) if words else None


class EntityResolver:
    """Resolves the claimants of one batch inside its transaction."""

    def __init__(self, session: Session) -> None:
        self.s = session
        #: entities made or loaded in this batch, by id (a made one, not yet flushed, by a
        #: negative key until the batch's flush gives it its id)
        self.known: dict[int, Known] = {}
        #: the name prefixes of each known entity's words, kept beside ``known``
        self.prefixes: dict[int, set[str]] = {}
        #: the known entities by name prefix (``prefixes`` the other way round), and where each
        #: stands in ``known``: a claimant's candidates are those of its prefixes, in that order
        self.blocks: dict[str, set[int]] = {}
        self.rank: dict[int, int] = {}
        self.loaded: set[str] = set()
        #: the entities made in this batch, by their negative key
        self.made: dict[int, Entity] = {}
        #: stored entities read by :meth:`prefetch`, and their ids by name prefix
        self.stored: dict[int, Entity] | None = None
        self.by_prefix: dict[str, set[int]] = {}
        #: why each claim was taken for its entity (entity, claim id, alias, score, reason), in the
        #: order found: written by rows.write_merges once the batch's entities have their ids
        self.merges: list[tuple[Entity, int, str, float, str]] = []

    def prefetch(self, claims: Iterable[ClaimRow]) -> None:
        """Read at once every stored entity that shares a name prefix with a claimant of the
        batch: a few queries per batch, not one per new name. Entities still join the
        candidates in the order one-by-one loading would give them (see :meth:`_load`)."""
        prefixes = sorted(set().union(*(_prefixes(w[2]) for w in map(_claimant, claims) if w)))
        self.stored = {}
        for i in range(0, len(prefixes), 500):
            rows = self.s.execute(select(EntityToken.prefix, EntityToken.entity_id)
                                  .where(EntityToken.prefix.in_(prefixes[i:i + 500])))
            for prefix, entity_id in rows:
                self.by_prefix.setdefault(prefix, set()).add(entity_id)
        ids = sorted(set().union(*self.by_prefix.values())) if self.by_prefix else []
        for i in range(0, len(ids), 500):
            q = (select(Entity).where(Entity.id.in_(ids[i:i + 500]))
                 .options(selectinload(Entity.aliases), selectinload(Entity.roles), selectinload(Entity.tokens)))
            self.stored.update((e.id, e) for e in self.s.scalars(q))

    def _load(self, prefixes: set[str]) -> None:
        todo = prefixes - self.loaded
        if not todo:
            return
        self.loaded |= todo
        if self.stored is None:
            raise RuntimeError("EntityResolver.prefetch() reads the batch's stored entities; call it before resolve()")
        ids = set().union(*(self.by_prefix.get(p, set()) for p in todo)) - set(self.known)
        for entity_id in sorted(ids):  # id order, as the one-by-one queries returned them
            self._remember(entity_id, self._known(self.stored[entity_id]))

    def _remember(self, key: int, known: Known) -> None:
        self.rank.setdefault(key, len(self.rank))
        self.known[key] = known
        old, mine = self.prefixes.get(key, set()), _prefixes(known.words)
        for prefix in old - mine:
            self.blocks[prefix].discard(key)
        for prefix in mine - old:
            self.blocks.setdefault(prefix, set()).add(key)
        self.prefixes[key] = mine

    def candidates(self, kind: str, words: list[str]) -> list[Known]:
        """The known entities of this kind that share a name prefix with ``words``, in the order
        they became known: those of the claimant's blocks, not a pass over every known entity."""
        keys: set[int] = set().union(*(self.blocks.get(p, ()) for p in _prefixes(words)))
        return [k for k in (self.known[key] for key in sorted(keys, key=self.rank.__getitem__)) if k.kind == kind]

    def _known(self, e: Entity, key: int | None = None) -> Known:
        full = max((a.alias for a in e.aliases), key=lambda a: (len(name_words(a)), a == e.canonical), default="")
        words = [fold_word(w) for w in name_words(full)] if e.kind == "person" else fold_org(e.canonical).split()
        if e.kind == "person":
            orgs = sorted({o for o in [e.organization, *(r.organization for r in e.roles)] if o})
        else:
            orgs = [a.alias for a in e.aliases]
        return Known(e.id if key is None else key, e.kind, words, e.side, orgs, [r.role for r in e.roles if r.role])

    def resolve(self, claim: ClaimRow, day: str | None) -> None:
        """Set ``claim.entity_id``: an entity it merges into (its reason kept), or a new one."""
        found = _claimant(claim)
        if found is None:
            return
        kind, name, words = found
        self._load(_prefixes(words))
        cands = self.candidates(kind, words)
        m = Mention(name if kind == "person" else None, claim.claimant_role, claim.claimant_organization,
                    claim.claimant_side)
        got = choose(m, cands)
        alias = name or claim.claimant_organization or ""
        if got is None:
            key, entity = self._new(kind, alias, claim, day)
            score, reason = 1.0, "first mention"
        else:
            known, score, reason = got
            key = known.entity_id
            entity = self.made[key] if key < 0 else self.s.get_one(Entity, key)
        self._attach(entity, claim, alias, day)
        self.merges.append((entity, claim.id, alias, score, reason))
        claim.entity = entity
        self._remember(key, self._known(entity, key))

    def _new(self, kind: str, alias: str, claim: ClaimRow, day: str | None) -> tuple[int, Entity]:
        uid = drawn_uid(self.s, Entity, "entity:" + hashlib.sha256(f"entity {claim.uid}".encode()).hexdigest()[:16])
        canonical = " ".join(name_words(alias)) if kind == "person" else alias
        entity = Entity(uid=uid, kind=kind, canonical=canonical, side=claim.claimant_side,
                        organization=claim.claimant_organization if kind == "person" else None,
                        first_seen=day, last_seen=day, mentions=0)
        self.s.add(entity)
        key = -1 - len(self.made)  # its id comes at the batch's flush
        self.made[key] = entity
        return key, entity

    def _attach(self, e: Entity, claim: ClaimRow, alias: str, day: str | None) -> None:
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
