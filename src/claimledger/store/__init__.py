"""Store: the ledger in SQLAlchemy (SQLite embedded, PostgreSQL for teams).

Nothing outside this package writes SQL; schema changes are Alembic migrations.
"""
from claimledger.store.db import open_store
from claimledger.store.writer import StoreResult, store_records

__all__ = ["StoreResult", "open_store", "store_records"]
