"""event places stored with the event, for merging events across documents

Revision ID: 0003
Revises: 0002
"""
from alembic import op
import sqlalchemy as sa


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.add_column(sa.Column('place_name', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('place_country', sa.String(length=2), nullable=True))
        batch_op.add_column(sa.Column('place_feature', sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column('place_lat', sa.Float(), nullable=True))
        batch_op.add_column(sa.Column('place_lon', sa.Float(), nullable=True))
        batch_op.create_index(batch_op.f('ix_events_when_start'), ['when_start'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_events_when_start'))
        for col in ('place_lon', 'place_lat', 'place_feature', 'place_country', 'place_name'):
            batch_op.drop_column(col)
