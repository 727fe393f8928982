"""Full-text search over claims and documents: SQLite FTS5 (porter stemming, diacritics
folded) kept up to date by triggers, PostgreSQL ``to_tsvector('english', …)`` behind a GIN
index (migration 0009). Both take a plain query of words, every one required, so the
same words find the same rows on either backend ("strikes" finds "strike", "Kyiv's"
finds "Kyiv").

:func:`word_prefilter` narrows the word filters (``claims --by`` and ``--about``, whose
matching is exact, whole words: store/queries.py's ``word_pattern``) to the rows whose
index holds every word (migration 0013): a superset of the exact matches, which the exact
check then keeps or drops, so the rows are the same as a scan's. On SQLite it is the FTS5
tables (``claims_fts`` for a claim's text, ``claimants_fts`` for its claimant's name, role
and organisation); on PostgreSQL GIN indexes on each text's runs of letters and digits
(``simple`` lexemes: no stemming, no stop words). A word holding no ASCII letter or digit
(only punctuation, say) is not narrowed: its filter scans, as before."""
from __future__ import annotations

import re
from typing import Any

from sqlalchemy import ColumnElement, CompoundSelect, Engine, Select, bindparam, func, literal_column, select, text

from claimledger.store.models import ClaimMention, Document

#: what each searchable kind searches (the same columns as migration 0009)
_COLUMNS: dict[str, tuple[type[ClaimMention] | type[Document], tuple[str, ...]]] = {
    "claims": (ClaimMention, ("text",)), "documents": (Document, ("title", "text"))}

_WORD = re.compile(r"\w+", re.UNICODE)


def query_words(query: str) -> list[str]:
    """The words of a plain query (punctuation and FTS operators are not syntax here)."""
    return _WORD.findall(query)


def matching_ids(engine: Engine, kind: str, query: str) -> Select[Any]:
    """A select of the ids of ``kind`` ("claims" or "documents") whose text holds every word
    of ``query`` (stemmed), to use as ``Model.id.in_(...)``."""
    model, columns = _COLUMNS[kind]
    words = query_words(query)
    if not words:
        return select(model.id).where(text("1 = 0"))
    if engine.dialect.name == "sqlite":
        fts = " ".join('"' + w.replace('"', '') + '"' for w in words)
        table: ColumnElement[Any] = literal_column(f"{kind}_fts")
        return (select(literal_column("rowid")).select_from(text(f"{kind}_fts"))
                .where(table.op("MATCH")(bindparam("fts_query", fts, unique=True))))
    # literals, not parameters, so that the expression is the index's (migration 0009)
    doc: ColumnElement[Any] | None = None
    for c in columns:
        col = func.coalesce(getattr(model, c), literal_column("''"))
        doc = col if doc is None else doc.op("||")(literal_column("' '")).op("||")(col)
    vector = func.to_tsvector(literal_column("'english'"), doc)
    return select(model.id).where(vector.op("@@")(func.plainto_tsquery(literal_column("'english'"),
                                                                       " ".join(words))))


#: the texts a word prefilter searches: SQLite's FTS5 table, PostgreSQL's indexed expression (migration 0013)
_WORD_INDEXES: dict[str, tuple[str, str]] = {
    "claim_words": ("claims_fts", "text"),
    "claimants": ("claimants_fts", "coalesce(claimant_name, '') || ' ' || coalesce(claimant_role, '') || ' ' "
                                   "|| coalesce(claimant_organization, '')"),
}
_ASCII_WORD = re.compile(r"[A-Za-z0-9]")


def _pg_words(expr: str) -> str:
    return f"to_tsvector('simple', regexp_replace(lower({expr}), '[^[:alnum:]]+', ' ', 'g'))"


def word_prefilter(engine: Engine, kind: str, words: list[str]) -> Select[Any] | None:
    """A select of the ids of the claims whose ``kind`` ("claim_words": the text;
    "claimants": name, role and organisation) holds every one of ``words`` as the index
    tokenizes them: every claim an exact whole-word match finds, and maybe more. None when
    no word can be narrowed (see the module docstring)."""
    usable = [w for w in words if _ASCII_WORD.search(w)]
    if not usable:
        return None
    table, expr = _WORD_INDEXES[kind]
    if engine.dialect.name == "sqlite":
        # every word a quoted phrase ("" is a quote inside one): its tokens, in order
        fts = " ".join('"' + w.replace('"', '""') + '"' for w in usable)
        return (select(literal_column("rowid")).select_from(text(table))
                .where(literal_column(table).op("MATCH")(bindparam("words_query", fts, unique=True))))
    query = func.plainto_tsquery(literal_column("'simple'"), func.regexp_replace(
        func.lower(bindparam("words_query", " ".join(usable), unique=True)), literal_column("'[^[:alnum:]]+'"),
        literal_column("' '"), literal_column("'g'")))
    ids = select(ClaimMention.id).where(literal_column(_pg_words(expr)).op("@@")(query))
    # read from the index first, once: with the table's statistics the planner would rather test
    # the word patterns on every row and recompute the words of each row it keeps (it prices
    # the expression as cheap), 200 ms where the index takes a few
    near = ids.cte(f"near_{kind}").prefix_with("MATERIALIZED")
    return select(near.c.id)


def modelled(obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any) -> bool:
    """Alembic's ``include_object``: the full-text tables and indexes (migration 0009) and the
    index of a history's order (migration 0014, on an expression) are made by SQL of their own,
    not by the models, so autogenerate leaves them alone."""
    return not (name and (name.endswith("_fts") or "_fts_" in name or name == "ix_quantities_order"))


def among(engine: Engine, ids: Select[Any] | CompoundSelect[Any]) -> ColumnElement[bool]:
    """``claims.id`` is one of ``ids`` (a word prefilter's select), read from those ids: on
    PostgreSQL as ``= any(array(…))``, so that the claims are looked up by id, one by one, and only
    they are tested (with ``in (…)`` the planner, pricing the word patterns as cheap, would
    rather scan every claim, test each and join: 200-450 ms for a name of a few thousand claims
    at 10,000 documents, where the lookups take 20)."""
    if engine.dialect.name == "sqlite":
        return ClaimMention.id.in_(ids)
    return ClaimMention.id == func.any(func.array(ids.scalar_subquery()))
