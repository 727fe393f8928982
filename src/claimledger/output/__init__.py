"""Output: rendering records and ledger views for people (rich tables)."""
