"""Segment: cut a page into headline, byline, caption, boilerplate, body,
related teasers and live items, and read its metadata."""
from claimledger.segment.plaintext import SegmentStage, segment_text

__all__ = ["SegmentStage", "segment_text"]
