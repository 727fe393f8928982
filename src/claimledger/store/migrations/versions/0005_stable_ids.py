"""stable item ids, and foreign keys instead of positions inside a record

Every item row gets its ``uid`` (records.item_uid: document hash, kind, 1-based
place in its list), quantities point at their claim and their whole by row,
events at their place by row and at their claims through ``event_claims``.
Rows already in the ledger are filled in from their documents.

Revision ID: 0005
Revises: 0004
"""
import json

from alembic import op
import sqlalchemy as sa


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None

#: table -> kind in the item id
KINDS = {'segments': 'segment', 'times': 'time', 'places': 'place', 'quantities': 'quantity',
         'claims': 'claim', 'events': 'event'}


def _fill_uids(conn: sa.Connection) -> None:
    """Existing rows: their place in their document is their order of insertion."""
    for table, kind in KINDS.items():
        rows = conn.execute(sa.text(
            f"select t.id, t.document_id, d.sha256 from {table} t join documents d on d.id = t.document_id "
            f"order by t.document_id, t.id")).all()
        n, last = 0, None
        for row_id, doc_id, sha in rows:
            n = n + 1 if doc_id == last else 1
            last = doc_id
            conn.execute(sa.text(f"update {table} set uid = :u where id = :i"),
                         {"u": f"{kind}:{sha[:16]}:{n}", "i": row_id})


def _fill_links(conn: sa.Connection) -> None:
    conn.execute(sa.text(
        "update quantities set claim_id = (select c.id from claims c where c.document_id = quantities.document_id "
        "and c.claim_no = quantities.claim_no) where claim_no is not null"))
    quantities = conn.execute(sa.text("select id, document_id, derived_from from quantities order by document_id, id"))
    by_doc: dict[int, list[tuple[int, int | None]]] = {}
    for qid, doc_id, derived in quantities:
        by_doc.setdefault(doc_id, []).append((qid, derived))
    for rows in by_doc.values():
        for qid, derived in rows:
            if derived is not None and 0 <= derived < len(rows):
                conn.execute(sa.text("update quantities set derived_from_id = :w where id = :i"),
                             {"w": rows[derived][0], "i": qid})
    places: dict[int, list[int]] = {}
    for pid, doc_id in conn.execute(sa.text("select id, document_id from places order by document_id, id")):
        places.setdefault(doc_id, []).append(pid)
    claims = {(d, n): cid for cid, d, n in conn.execute(sa.text("select id, document_id, claim_no from claims"))}
    events = conn.execute(sa.text("select id, document_id, place_index, claim_nos from events")).all()
    for eid, doc_id, idx, claim_nos in events:
        doc_places = places.get(doc_id, [])
        if idx is not None and 0 <= idx < len(doc_places):
            conn.execute(sa.text("update events set place_id = :p where id = :i"), {"p": doc_places[idx], "i": eid})
        nos = claim_nos if isinstance(claim_nos, list) else json.loads(claim_nos or "[]")
        for no in sorted(set(nos or [])):
            if (doc_id, no) in claims:
                conn.execute(sa.text("insert into event_claims (event_id, claim_id) values (:e, :c)"),
                             {"e": eid, "c": claims[(doc_id, no)]})


def upgrade() -> None:
    for table in KINDS:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('uid', sa.String(length=80), nullable=True))
    with op.batch_alter_table('quantities', schema=None) as batch_op:
        batch_op.add_column(sa.Column('claim_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('derived_from_id', sa.Integer(), nullable=True))
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.add_column(sa.Column('place_id', sa.Integer(), nullable=True))
    op.create_table('event_claims',
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('claim_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['claim_id'], ['claims.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('event_id', 'claim_id')
    )
    with op.batch_alter_table('event_claims', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_event_claims_claim_id'), ['claim_id'], unique=False)
    conn = op.get_bind()
    _fill_uids(conn)
    _fill_links(conn)
    for table in KINDS:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.alter_column('uid', existing_type=sa.String(length=80), nullable=False)
            batch_op.create_index(batch_op.f(f'ix_{table}_uid'), ['uid'], unique=True)
    with op.batch_alter_table('quantities', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_quantities_claim_id'), ['claim_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_quantities_claim_id_claims'), 'claims', ['claim_id'], ['id'],
                                    ondelete='SET NULL')
        batch_op.create_foreign_key(batch_op.f('fk_quantities_derived_from_id_quantities'), 'quantities',
                                    ['derived_from_id'], ['id'], ondelete='SET NULL')
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_events_place_id'), ['place_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_events_place_id_places'), 'places', ['place_id'], ['id'],
                                    ondelete='SET NULL')


def downgrade() -> None:
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_events_place_id_places'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_events_place_id'))
        batch_op.drop_column('place_id')
    with op.batch_alter_table('quantities', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_quantities_derived_from_id_quantities'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_quantities_claim_id_claims'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_quantities_claim_id'))
        batch_op.drop_column('derived_from_id')
        batch_op.drop_column('claim_id')
    op.drop_table('event_claims')
    for table in KINDS:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(batch_op.f(f'ix_{table}_uid'))
            batch_op.drop_column('uid')
