"""estimate histories read their figures' contradictions instead of computing them per query:
each figure's page country and place country stored with its history (``quantities.country``,
``quantities.place_country``), a history's figures indexed in its order (``ix_quantities_order``,
on an expression: made by SQL of its own), and every pair of figures of one history that
contradict within store/estimates.py's STORED_WINDOW days (the ``contradictions`` table, both
ways), filled for the figures stored before by store/estimates.py's fill_figures

Revision ID: 0014
Revises: 0013
"""
from alembic import op
import sqlalchemy as sa

revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('quantities', schema=None) as batch_op:
        batch_op.add_column(sa.Column('country', sa.String(length=8), nullable=True))
        batch_op.add_column(sa.Column('place_country', sa.String(length=8), nullable=True))
    op.create_table('contradictions',
    sa.Column('quantity_id', sa.Integer(), nullable=False),
    sa.Column('other_id', sa.Integer(), nullable=False),
    sa.Column('days', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['other_id'], ['quantities.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['quantity_id'], ['quantities.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('quantity_id', 'other_id')
    )
    with op.batch_alter_table('contradictions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_contradictions_other_id'), ['other_id'], unique=False)
    # a history in its order (store/estimates.py's _order_key, the same expression), so that its
    # first figures are the front of an index
    collate = ' collate "C"' if op.get_bind().dialect.name == "postgresql" else ""
    op.execute("create index ix_quantities_order on quantities "
               f"(history, (coalesce(nullif(as_of, ''), '9999'){collate}), document_id, id)")
    # the same code as at ingest: every figure's countries (from its page's places and the
    # gazetteer), then the pairs of every history
    from claimledger.store.estimates import fill_figures, refill_stored
    bind = op.get_bind()
    refill_stored(bind, fill_figures)
    if bind.dialect.name == "postgresql":
        # the planner's statistics of the filled tables (a server with autovacuum off has none:
        # it would scan the pairs a page looks up by figure)
        op.execute("analyze quantities")
        op.execute("analyze contradictions")


def downgrade() -> None:
    op.execute("drop index if exists ix_quantities_order")
    with op.batch_alter_table('contradictions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_contradictions_other_id'))
    op.drop_table('contradictions')
    with op.batch_alter_table('quantities', schema=None) as batch_op:
        batch_op.drop_column('place_country')
        batch_op.drop_column('country')
