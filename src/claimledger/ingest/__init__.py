"""Ingest: turn paths into records (text plus where it came from)."""
from claimledger.ingest.readers import decode_bytes, expand_paths, read_document

__all__ = ["decode_bytes", "expand_paths", "read_document"]
