"""claimledger: turns conflict news into a sourced ledger of claims, events and estimates."""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from claimledger.store.ledger import Ledger

__version__ = "0.1.0"
SCHEMA = "claimledger/1"


def open(url: str = "sqlite:///claimledger.db") -> "Ledger":  # noqa: A001 - the notebook entry, by design
    """The ledger at ``url`` (a SQLAlchemy URL), migrated and ready: ``claimledger.open("sqlite:///l.db")``.

    Every query of the returned :class:`~claimledger.store.ledger.Ledger` gives typed rows with
    ``.to_json()`` and pages with ``.to_pandas()``; close it with ``.close()`` or use ``with``."""
    from claimledger.store.ledger import Ledger
    return Ledger.open(url)
