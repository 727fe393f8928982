"""Store: the ledger in SQLAlchemy (SQLite embedded, PostgreSQL for teams).

Nothing outside this package writes SQL; schema changes are Alembic migrations.
:class:`Ledger` is the one object the rest of claimledger reads and writes through.
"""
from claimledger.store.db import open_store
from claimledger.store.ledger import FeedState, Ledger
from claimledger.store.results import Page
from claimledger.store.writer import StoreResult, store_records

__all__ = ["FeedState", "Ledger", "Page", "StoreResult", "open_store", "store_records"]
