"""The analyst's desk: a web UI and REST API over the ledger (``claimledger serve``)."""
from claimledger.web.app import create_app

__all__ = ["create_app"]
