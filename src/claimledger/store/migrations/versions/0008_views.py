"""views for the common joins: claims with their documents, speakers and statements; events
with their clusters and places (for SQL users and Datasette)

Revision ID: 0008
Revises: 0007
"""
from alembic import op


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None

CLAIMS = """
create view claims_with_documents as
select c.uid, c.text, c.day, c.said_on, c.modality, c.quote, c.channel, c.anonymous,
       c.claimant_name, c.claimant_role, c.claimant_organization, c.claimant_side,
       e.uid as entity, e.canonical as speaker, s.uid as statement, s.reports,
       d.sha256 as document, d.title, d.outlet, d.published, c.start, c."end"
from claims c
join documents d on d.id = c.document_id
left join entities e on e.id = c.entity_id
left join statements s on s.id = c.statement_id
"""
EVENTS = """
create view events_with_places as
select ev.uid, ev.type, ev.mode, ev.status, ev.text, ev.when_start, ev.when_end,
       k.uid as cluster, k.sources, k.start_day, k.end_day,
       p.name as place, p.country, p.geonames_id, g.admin1_name, g.admin2_name, p.lat, p.lon,
       d.sha256 as document, d.title, d.outlet, d.published, ev.start, ev."end"
from events ev
join documents d on d.id = ev.document_id
left join event_clusters k on k.id = ev.cluster_id
left join places p on p.id = ev.place_id
left join geo_places g on g.geonames_id = p.geonames_id
"""


def upgrade() -> None:
    op.execute(CLAIMS)
    op.execute(EVENTS)


def downgrade() -> None:
    op.execute("drop view if exists events_with_places")
    op.execute("drop view if exists claims_with_documents")
