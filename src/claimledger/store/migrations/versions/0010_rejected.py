"""documents rejected by ingest, with the reason

Revision ID: 0010
Revises: 0009
"""
from alembic import op
import sqlalchemy as sa


revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('rejected',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('kind', sa.String(length=60), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('rejected_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_rejected_kind'), 'rejected', ['kind'], unique=False)
    op.create_index(op.f('ix_rejected_rejected_at'), 'rejected', ['rejected_at'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_rejected_rejected_at'), table_name='rejected')
    op.drop_index(op.f('ix_rejected_kind'), table_name='rejected')
    op.drop_table('rejected')
