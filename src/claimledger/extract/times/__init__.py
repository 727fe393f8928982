"""Times: temporal expressions found by a fast regular scanner and normalised
to TIMEX3 values, anchored on the date of the segment they stand in.

The rules (patterns, word tables, negative contexts, and each rule's examples)
are data, in ``data/timex.toml``. The code is the engine that applies them:
``engine.py`` compiles and scans, ``handlers.py`` computes each rule's value,
``tense.py`` reads the direction of the governing verb from the parse, and
``values.py`` holds the calendar arithmetic and value formats.
"""
from claimledger.extract.times.engine import TimesStage, rules, scan, tag_times
from claimledger.extract.times.handlers import HANDLERS
from claimledger.extract.times.values import number, tables

__all__ = ["HANDLERS", "TimesStage", "number", "rules", "scan", "tables", "tag_times"]
