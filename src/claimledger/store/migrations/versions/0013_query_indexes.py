"""indexes for the listed queries at 10,000 documents: claimants' words in a full-text
index (SQLite FTS5 table kept by triggers, PostgreSQL GIN index), claims' words for
``--about`` on PostgreSQL, and each figure's estimate history stored (``quantities.history``,
filled for the figures stored before by store/estimates.py's fill_histories)

Revision ID: 0013
Revises: 0012
"""
from alembic import op
import sqlalchemy as sa

revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None

#: claims' claimant columns (store/fulltext.py builds the same expressions)
CLAIMANT = ("claimant_name", "claimant_role", "claimant_organization")


def _words(expr: str) -> str:
    """PostgreSQL: a text's words as plain lexemes (every run of letters and digits one word)."""
    return f"to_tsvector('simple', regexp_replace(lower({expr}), '[^[:alnum:]]+', ' ', 'g'))"


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    if sqlite:
        cols = ", ".join(CLAIMANT)
        new = ", ".join(f"new.{c}" for c in CLAIMANT)
        old = ", ".join(f"old.{c}" for c in CLAIMANT)
        for statement in (
                f"create virtual table claimants_fts using fts5({cols}, content='claims', content_rowid='id', "
                "tokenize='porter unicode61 remove_diacritics 2')",
                f"create trigger claimants_fts_insert after insert on claims begin "
                f"insert into claimants_fts(rowid, {cols}) values (new.id, {new}); end",
                f"create trigger claimants_fts_delete after delete on claims begin "
                f"insert into claimants_fts(claimants_fts, rowid, {cols}) values ('delete', old.id, {old}); end",
                f"create trigger claimants_fts_update after update of {cols} on claims begin "
                f"insert into claimants_fts(claimants_fts, rowid, {cols}) values ('delete', old.id, {old}); "
                f"insert into claimants_fts(rowid, {cols}) values (new.id, {new}); end",
                "insert into claimants_fts(claimants_fts) values ('rebuild')"):
            op.execute(statement)
    else:
        doc = " || ' ' || ".join(f"coalesce({c}, '')" for c in CLAIMANT)
        op.execute(f"create index claims_claimant_fts on claims using gin ({_words(doc)})")
        op.execute(f"create index claims_words_fts on claims using gin ({_words('text')})")
    with op.batch_alter_table('quantities', schema=None) as batch_op:
        batch_op.add_column(sa.Column('history', sa.String(length=310), nullable=True))
        batch_op.create_index('ix_quantities_history', ['history', 'as_of', 'document_id'], unique=False)
    # every figure's history, as store/estimates.py's history_key gives it (its place's or its
    # page's country, from the page's places and the gazetteer): the same code as at ingest
    from claimledger.store.estimates import fill_histories, refill_stored
    bind = op.get_bind()
    refill_stored(bind, fill_histories)


def downgrade() -> None:
    with op.batch_alter_table('quantities', schema=None) as batch_op:
        batch_op.drop_index('ix_quantities_history')
        batch_op.drop_column('history')
    if op.get_bind().dialect.name == "sqlite":
        for suffix in ("insert", "delete", "update"):
            op.execute(f"drop trigger if exists claimants_fts_{suffix}")
        op.execute("drop table if exists claimants_fts")
    else:
        op.execute("drop index if exists claims_claimant_fts")
        op.execute("drop index if exists claims_words_fts")
