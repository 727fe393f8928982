"""The pipeline runner.

The stage contract and registry live in :mod:`claimledger.stages`; this runner
imports no stage module and no stage imports it. A new extractor is a new
module that registers a stage, never an edit to this runner.
:class:`Pipeline` checks at assembly time that every stage runs after the
Record fields it needs.
"""
from __future__ import annotations

import copy
import logging
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from claimledger.deadline import Overtime, can_time, within
from claimledger.errors import ClaimledgerError, InputError, PipelineError
from claimledger.records import Record
from claimledger.settings import Settings
from claimledger.stages import INPUT_FIELDS, Stage, check_fields, registered_stages

__all__ = ["Outcome", "Pipeline", "default_pipeline", "registered_stages"]

log = logging.getLogger(__name__)


@dataclass
class Outcome:
    """What became of one input: its record, or the error that stopped it."""

    record: Record | None
    error: ClaimledgerError | None = None
    name: str | None = None


class Pipeline:
    """Runs stages over records in batches; checks their order on assembly."""

    def __init__(self, stages: list[Stage]) -> None:
        have: set[str] = set(INPUT_FIELDS)
        for stage in stages:
            check_fields(stage.name, "requires", stage.requires)
            check_fields(stage.name, "provides", stage.provides)
            missing = set(stage.requires) - have
            if missing:
                raise PipelineError(
                    f"stage {stage.name!r} needs {', '.join(sorted(missing))}, "
                    f"which no earlier stage provides (order: {', '.join(s.name for s in stages)})")
            have |= set(stage.provides)
        self.stages = stages
        self.provides = have
        #: seconds one document may take (0: no limit); see :mod:`claimledger.deadline`
        self.max_seconds: float = 0
        #: seconds spent in each stage since the pipeline was built (for ``bench/``)
        self.timings: dict[str, float] = {s.name: 0.0 for s in stages}
        #: the clock ``timings`` reads: wall time, or ``time.process_time`` for the CPU seconds
        #: of this process (which the load of a shared machine changes little)
        self.clock: Callable[[], float] = time.perf_counter

    def run(self, records: list[Record]) -> list[Outcome]:
        """Run every stage over ``records``; a failing document does not stop the others,
        nor does one that takes longer than ``max_seconds`` (it fails alone, named)."""
        if not records or self.max_seconds <= 0 or not can_time():
            return self._run_stages(records)
        fresh = copy.deepcopy(records)  # to run again one by one if the batch runs over
        try:
            return within(self.max_seconds * len(records), lambda: self._run_stages(records))
        except Overtime:
            if len(records) > 1:
                return [out for r in fresh for out in self.run([r])]
            name = records[0].source.path or records[0].source.url
            err = InputError(f"took longer than {self.max_seconds:g} s to extract (the max_seconds setting); "
                             "split it into articles", source=name)
            return [Outcome(None, err, name)]

    def _run_stages(self, records: list[Record]) -> list[Outcome]:
        outcomes = {id(r): Outcome(r, name=r.source.path or r.source.url) for r in records}
        alive = list(records)
        for stage in self.stages:
            if not alive:
                break
            started = self.clock()
            try:
                alive = stage.process_batch(alive)
            except ClaimledgerError:
                alive = self._one_by_one(stage, alive, outcomes)
            except Exception:  # a bug in a stage: isolate the document that triggers it
                log.exception("stage %s failed on a batch; retrying one by one", stage.name)
                alive = self._one_by_one(stage, alive, outcomes)
            self.timings[stage.name] = self.timings.get(stage.name, 0.0) + self.clock() - started
            for r in alive:
                r.done.append(stage.name)
        return [outcomes[id(r)] for r in records]

    def _one_by_one(self, stage: Stage, records: list[Record], outcomes: dict[int, Outcome]) -> list[Record]:
        kept = []
        for r in records:
            try:
                kept.extend(stage.process_batch([r]))
            except ClaimledgerError as exc:
                outcomes[id(r)] = Outcome(None, exc, outcomes[id(r)].name)
            except Exception as exc:  # noqa: BLE001 - reported per document, never swallowed
                err = ClaimledgerError(f"internal error in stage {stage.name}: {exc!r}",
                                       source=outcomes[id(r)].name)
                outcomes[id(r)] = Outcome(None, err, outcomes[id(r)].name)
        return kept

    def run_stream(self, records: Iterable[Record], batch_size: int) -> Iterator[Outcome]:
        """Run over an iterable in batches of ``batch_size``, yielding outcomes in order."""
        batch: list[Record] = []
        for r in records:
            batch.append(r)
            if len(batch) >= batch_size:
                yield from self.run(batch)
                batch = []
        if batch:
            yield from self.run(batch)


def default_pipeline(settings: Settings, names: list[str] | None = None) -> Pipeline:
    """Assemble the registered stages (or just ``names``) in their default order."""
    stages = registered_stages()
    if names is None:
        chosen = sorted(stages.values(), key=lambda c: c.order)
    else:
        unknown = [n for n in names if n not in stages]
        if unknown:
            raise PipelineError(f"unknown stage(s) {', '.join(unknown)}; known: {', '.join(sorted(stages))}")
        chosen = [stages[n] for n in names]
    pipeline = Pipeline([cls(settings) for cls in chosen])
    pipeline.max_seconds = settings.max_seconds
    return pipeline
