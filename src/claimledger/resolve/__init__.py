"""Resolve: map mentions to things in the world (places to GeoNames entries)."""
from claimledger.resolve.gazetteer import GazEntry, Gazetteer, gazetteer

__all__ = ["GazEntry", "Gazetteer", "gazetteer"]
