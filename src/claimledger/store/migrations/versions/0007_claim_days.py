"""the day of each claim (said, else published) as an indexed column, for paging newest first

Revision ID: 0007
Revises: 0006
"""
from alembic import op
import sqlalchemy as sa


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('claims', schema=None) as batch_op:
        batch_op.add_column(sa.Column('day', sa.String(length=10), nullable=True))
        batch_op.create_index(batch_op.f('ix_claims_day'), ['day'], unique=False)
    op.execute("update claims set day = substr(coalesce(said_on, (select published from documents d "
               "where d.id = claims.document_id)), 1, 10)")
    with op.batch_alter_table('entities', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_entities_mentions'), ['mentions'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('entities', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_entities_mentions'))
    with op.batch_alter_table('claims', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_claims_day'))
        batch_op.drop_column('day')
