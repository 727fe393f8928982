"""full-text search over claims and documents: SQLite FTS5 tables kept by triggers,
PostgreSQL GIN indexes on tsvector expressions

Revision ID: 0009
Revises: 0008
"""
from alembic import op

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None

#: table -> the columns searched (store/fulltext.py builds the same expressions)
SEARCHED = {"claims": ("text",), "documents": ("title", "text")}


def _sqlite(table: str, columns: tuple[str, ...]) -> list[str]:
    cols = ", ".join(columns)
    new = ", ".join(f"new.{c}" for c in columns)
    old = ", ".join(f"old.{c}" for c in columns)
    fts = f"{table}_fts"
    return [
        f"create virtual table {fts} using fts5({cols}, content='{table}', content_rowid='id', "
        "tokenize='porter unicode61 remove_diacritics 2')",
        f"create trigger {fts}_insert after insert on {table} begin "
        f"insert into {fts}(rowid, {cols}) values (new.id, {new}); end",
        f"create trigger {fts}_delete after delete on {table} begin "
        f"insert into {fts}({fts}, rowid, {cols}) values ('delete', old.id, {old}); end",
        f"create trigger {fts}_update after update of {cols} on {table} begin "
        f"insert into {fts}({fts}, rowid, {cols}) values ('delete', old.id, {old}); "
        f"insert into {fts}(rowid, {cols}) values (new.id, {new}); end",
        f"insert into {fts}({fts}) values ('rebuild')",
    ]


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    for table, columns in SEARCHED.items():
        if sqlite:
            for statement in _sqlite(table, columns):
                op.execute(statement)
        else:
            doc = " || ' ' || ".join(f"coalesce({c}, '')" for c in columns)
            op.execute(f"create index {table}_fts on {table} using gin (to_tsvector('english', {doc}))")


def downgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    for table in SEARCHED:
        if sqlite:
            for suffix in ("insert", "delete", "update"):
                op.execute(f"drop trigger if exists {table}_fts_{suffix}")
            op.execute(f"drop table if exists {table}_fts")
        else:
            op.execute(f"drop index if exists {table}_fts")
