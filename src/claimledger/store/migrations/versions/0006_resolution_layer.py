"""the resolution layer: entities (people, organisations) with aliases, roles and the reason of
each merge; statements (one claim, many reports) and their links; event clusters; GeoNames places

Revision ID: 0006
Revises: 0005
"""
from alembic import op
import sqlalchemy as sa


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('entities',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uid', sa.String(length=40), nullable=False),
    sa.Column('kind', sa.String(length=12), nullable=False),
    sa.Column('canonical', sa.String(length=300), nullable=False),
    sa.Column('side', sa.String(length=2), nullable=True),
    sa.Column('organization', sa.String(length=300), nullable=True),
    sa.Column('first_seen', sa.String(length=32), nullable=True),
    sa.Column('last_seen', sa.String(length=32), nullable=True),
    sa.Column('mentions', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('entities', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_entities_canonical'), ['canonical'], unique=False)
        batch_op.create_index(batch_op.f('ix_entities_kind'), ['kind'], unique=False)
        batch_op.create_index(batch_op.f('ix_entities_side'), ['side'], unique=False)
        batch_op.create_index(batch_op.f('ix_entities_uid'), ['uid'], unique=True)

    op.create_table('geo_places',
    sa.Column('geonames_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('country', sa.String(length=2), nullable=True),
    sa.Column('feature', sa.String(length=20), nullable=False),
    sa.Column('admin1', sa.String(length=20), nullable=True),
    sa.Column('admin1_name', sa.String(length=200), nullable=True),
    sa.Column('admin2', sa.String(length=80), nullable=True),
    sa.Column('admin2_name', sa.String(length=200), nullable=True),
    sa.Column('lat', sa.Float(), nullable=True),
    sa.Column('lon', sa.Float(), nullable=True),
    sa.Column('mentions', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('geonames_id')
    )
    with op.batch_alter_table('geo_places', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_geo_places_country'), ['country'], unique=False)
        batch_op.create_index(batch_op.f('ix_geo_places_name'), ['name'], unique=False)

    op.create_table('entity_aliases',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('entity_id', sa.Integer(), nullable=False),
    sa.Column('alias', sa.String(length=300), nullable=False),
    sa.Column('folded', sa.String(length=300), nullable=False),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['entity_id'], ['entities.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('entity_id', 'alias')
    )
    with op.batch_alter_table('entity_aliases', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_entity_aliases_entity_id'), ['entity_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_entity_aliases_folded'), ['folded'], unique=False)

    op.create_table('entity_roles',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('entity_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=200), nullable=True),
    sa.Column('organization', sa.String(length=300), nullable=True),
    sa.Column('side', sa.String(length=2), nullable=True),
    sa.Column('first_seen', sa.String(length=32), nullable=True),
    sa.Column('last_seen', sa.String(length=32), nullable=True),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['entity_id'], ['entities.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('entity_roles', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_entity_roles_entity_id'), ['entity_id'], unique=False)

    op.create_table('entity_tokens',
    sa.Column('entity_id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=80), nullable=False),
    sa.Column('prefix', sa.String(length=3), nullable=False),
    sa.Column('part', sa.String(length=8), nullable=False),
    sa.ForeignKeyConstraint(['entity_id'], ['entities.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('entity_id', 'key')
    )
    with op.batch_alter_table('entity_tokens', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_entity_tokens_prefix'), ['prefix'], unique=False)

    op.create_table('event_clusters',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uid', sa.String(length=40), nullable=False),
    sa.Column('type', sa.String(length=12), nullable=False),
    sa.Column('mode', sa.String(length=24), nullable=True),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('start_day', sa.String(length=10), nullable=True),
    sa.Column('end_day', sa.String(length=10), nullable=True),
    sa.Column('first_seen', sa.String(length=32), nullable=True),
    sa.Column('last_seen', sa.String(length=32), nullable=True),
    sa.Column('place_name', sa.String(length=200), nullable=True),
    sa.Column('place_country', sa.String(length=2), nullable=True),
    sa.Column('place_feature', sa.String(length=16), nullable=True),
    sa.Column('geonames_id', sa.Integer(), nullable=True),
    sa.Column('lat', sa.Float(), nullable=True),
    sa.Column('lon', sa.Float(), nullable=True),
    sa.Column('actors', sa.JSON(), nullable=False),
    sa.Column('outlets', sa.JSON(), nullable=False),
    sa.Column('sources', sa.Integer(), nullable=False),
    sa.Column('mentions', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['geonames_id'], ['geo_places.geonames_id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('event_clusters', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_event_clusters_geonames_id'), ['geonames_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_event_clusters_place_country'), ['place_country'], unique=False)
        batch_op.create_index(batch_op.f('ix_event_clusters_sources'), ['sources'], unique=False)
        batch_op.create_index(batch_op.f('ix_event_clusters_start_day'), ['start_day'], unique=False)
        batch_op.create_index(batch_op.f('ix_event_clusters_type'), ['type'], unique=False)
        batch_op.create_index(batch_op.f('ix_event_clusters_uid'), ['uid'], unique=True)

    op.create_table('statements',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uid', sa.String(length=40), nullable=False),
    sa.Column('entity_id', sa.Integer(), nullable=True),
    sa.Column('speaker_key', sa.String(length=300), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('modality', sa.String(length=12), nullable=False),
    sa.Column('side', sa.String(length=2), nullable=True),
    sa.Column('anonymous', sa.Boolean(), nullable=False),
    sa.Column('first_day', sa.String(length=10), nullable=True),
    sa.Column('last_day', sa.String(length=10), nullable=True),
    sa.Column('reports', sa.Integer(), nullable=False),
    sa.Column('signature', sa.LargeBinary(), nullable=False),
    sa.ForeignKeyConstraint(['entity_id'], ['entities.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('statements', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_statements_entity_id'), ['entity_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_statements_first_day'), ['first_day'], unique=False)
        batch_op.create_index(batch_op.f('ix_statements_speaker_key'), ['speaker_key'], unique=False)
        batch_op.create_index(batch_op.f('ix_statements_uid'), ['uid'], unique=True)

    op.create_table('statement_links',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('statement_id', sa.Integer(), nullable=False),
    sa.Column('other_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=14), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['other_id'], ['statements.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['statement_id'], ['statements.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('statement_id', 'other_id', 'kind')
    )
    with op.batch_alter_table('statement_links', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_statement_links_other_id'), ['other_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_statement_links_statement_id'), ['statement_id'], unique=False)

    op.create_table('entity_merges',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('entity_id', sa.Integer(), nullable=False),
    sa.Column('claim_id', sa.Integer(), nullable=True),
    sa.Column('alias', sa.String(length=300), nullable=False),
    sa.Column('score', sa.Float(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['claim_id'], ['claims.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['entity_id'], ['entities.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('entity_merges', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_entity_merges_claim_id'), ['claim_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_entity_merges_entity_id'), ['entity_id'], unique=False)

    with op.batch_alter_table('claims', schema=None) as batch_op:
        batch_op.add_column(sa.Column('entity_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('statement_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_claims_entity_id'), ['entity_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_claims_statement_id'), ['statement_id'], unique=False)
        batch_op.create_foreign_key('fk_claims_statement_id_statements', 'statements', ['statement_id'], ['id'], ondelete='SET NULL')
        batch_op.create_foreign_key('fk_claims_entity_id_entities', 'entities', ['entity_id'], ['id'], ondelete='SET NULL')

    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.add_column(sa.Column('cluster_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_events_cluster_id'), ['cluster_id'], unique=False)
        batch_op.create_foreign_key('fk_events_cluster_id_event_clusters', 'event_clusters', ['cluster_id'], ['id'], ondelete='SET NULL')



def downgrade() -> None:
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.drop_constraint('fk_events_cluster_id_event_clusters', type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_events_cluster_id'))
        batch_op.drop_column('cluster_id')

    with op.batch_alter_table('claims', schema=None) as batch_op:
        batch_op.drop_constraint('fk_claims_statement_id_statements', type_='foreignkey')
        batch_op.drop_constraint('fk_claims_entity_id_entities', type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_claims_statement_id'))
        batch_op.drop_index(batch_op.f('ix_claims_entity_id'))
        batch_op.drop_column('statement_id')
        batch_op.drop_column('entity_id')

    with op.batch_alter_table('entity_merges', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_entity_merges_entity_id'))
        batch_op.drop_index(batch_op.f('ix_entity_merges_claim_id'))

    op.drop_table('entity_merges')
    with op.batch_alter_table('statement_links', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_statement_links_statement_id'))
        batch_op.drop_index(batch_op.f('ix_statement_links_other_id'))

    op.drop_table('statement_links')
    with op.batch_alter_table('statements', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_statements_uid'))
        batch_op.drop_index(batch_op.f('ix_statements_speaker_key'))
        batch_op.drop_index(batch_op.f('ix_statements_first_day'))
        batch_op.drop_index(batch_op.f('ix_statements_entity_id'))

    op.drop_table('statements')
    with op.batch_alter_table('event_clusters', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_event_clusters_uid'))
        batch_op.drop_index(batch_op.f('ix_event_clusters_type'))
        batch_op.drop_index(batch_op.f('ix_event_clusters_start_day'))
        batch_op.drop_index(batch_op.f('ix_event_clusters_sources'))
        batch_op.drop_index(batch_op.f('ix_event_clusters_place_country'))
        batch_op.drop_index(batch_op.f('ix_event_clusters_geonames_id'))

    op.drop_table('event_clusters')
    with op.batch_alter_table('entity_tokens', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_entity_tokens_prefix'))

    op.drop_table('entity_tokens')
    with op.batch_alter_table('entity_roles', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_entity_roles_entity_id'))

    op.drop_table('entity_roles')
    with op.batch_alter_table('entity_aliases', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_entity_aliases_folded'))
        batch_op.drop_index(batch_op.f('ix_entity_aliases_entity_id'))

    op.drop_table('entity_aliases')
    with op.batch_alter_table('geo_places', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_geo_places_name'))
        batch_op.drop_index(batch_op.f('ix_geo_places_country'))

    op.drop_table('geo_places')
    with op.batch_alter_table('entities', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_entities_uid'))
        batch_op.drop_index(batch_op.f('ix_entities_side'))
        batch_op.drop_index(batch_op.f('ix_entities_kind'))
        batch_op.drop_index(batch_op.f('ix_entities_canonical'))

    op.drop_table('entities')
