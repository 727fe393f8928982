"""estimates KEYWORDS matches one stored text a figure: ``quantities.words``, its measure key,
place, what is counted and subject, each lowered by the database, one a line (store/estimates.py's
keyword_text), filled for the figures stored before by store/estimates.py's fill_keywords

Revision ID: 0015
Revises: 0014
"""
from alembic import op
import sqlalchemy as sa

revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('quantities', sa.Column('words', sa.Text(), nullable=True))
    # the same code as at ingest
    from claimledger.store.estimates import fill_keywords, refill_stored
    bind = op.get_bind()
    refill_stored(bind, fill_keywords)


def downgrade() -> None:
    # not a batch: on SQLite that copies the table, and the copy would lose ix_quantities_order
    op.drop_column('quantities', 'words')
