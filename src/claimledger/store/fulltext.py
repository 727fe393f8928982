"""Full-text search over claims and documents: SQLite FTS5 (porter stemming, diacritics
folded) kept up to date by triggers, PostgreSQL ``to_tsvector('english', …)`` behind a GIN
index (migration 0009). Both take a plain query of words, every one required, so the
same words find the same rows on either backend ("strikes" finds "strike", "Kyiv's"
finds "Kyiv")."""
from __future__ import annotations

import re
from typing import Any

from sqlalchemy import ColumnElement, Engine, Select, bindparam, func, literal_column, select, text

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


def modelled(obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any) -> bool:
    """Alembic's ``include_object``: the full-text tables and indexes (migration 0009) are
    made by SQL of their own, not by the models, so autogenerate leaves them alone."""
    return not (name and (name.endswith("_fts") or "_fts_" in name))
