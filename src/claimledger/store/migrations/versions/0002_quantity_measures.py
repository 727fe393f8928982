"""quantity measure keys, for estimate histories across documents

Revision ID: 0002
Revises: 0001
"""
from alembic import op
import sqlalchemy as sa


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('quantities', schema=None) as batch_op:
        batch_op.add_column(sa.Column('measure_subject', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('measure', sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column('measure_place', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('measure_key', sa.String(length=300), nullable=True))
        batch_op.create_index(batch_op.f('ix_quantities_measure_key'), ['measure_key'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('quantities', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_quantities_measure_key'))
        batch_op.drop_column('measure_key')
        batch_op.drop_column('measure_place')
        batch_op.drop_column('measure')
        batch_op.drop_column('measure_subject')
