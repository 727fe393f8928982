"""Ingest: turn paths, URLs, feeds and streams into records (text plus where it came from)."""
from claimledger.ingest.readers import decode_bytes, expand_paths, read_document, read_inputs

__all__ = ["decode_bytes", "expand_paths", "read_document", "read_inputs"]
