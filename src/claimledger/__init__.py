"""claimledger: turns conflict news into a sourced ledger of claims, events and estimates."""

__version__ = "0.1.0"
SCHEMA = "claimledger/1"
