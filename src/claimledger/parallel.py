"""Where the pipeline runs: in this process, in a pool of processes, or on a Dask cluster.

An executor takes batches of records and yields, batch by batch and in input
order, what became of each document as a :class:`Extracted`: its
``claimledger/1`` record (plain JSON, so it crosses process and machine
boundaries) or the error that stopped it. Every executor keeps a bounded
number of batches in flight, so memory stays flat however many documents
come in; storing stays with the caller (one writer).
"""
from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Protocol

from claimledger.errors import ClaimledgerError, ConfigError
from claimledger.records import Record
from claimledger.settings import Settings


@dataclass
class Extracted:
    """One document's result: its record as JSON, or the error that stopped it."""

    name: str | None
    record: dict[str, Any] | None = None
    error: ClaimledgerError | None = None
    #: True when the text was already in the ledger and the NLP was skipped
    known: bool = False


@lru_cache(maxsize=2)
def _pipeline(settings: Settings) -> Any:
    from claimledger.pipeline import default_pipeline
    return default_pipeline(settings)


def extract_batch(records: list[Record], settings: Settings) -> list[Extracted]:
    """Run the pipeline over one batch (in whichever process this is); loads it once per process."""
    out = []
    for o in _pipeline(settings).run(records):
        if o.error is None and o.record is not None:
            out.append(Extracted(o.name, o.record.to_json()))
        else:
            out.append(Extracted(o.name, None, o.error or ClaimledgerError("no record", source=o.name)))
    return out


def warm_up(settings: Settings) -> None:
    """Load the model and the lazily read tables with one short page, then move everything
    loaded out of the garbage collector's view (``gc.freeze``): the model, the gazetteer and
    the lexicons live as long as the process, and every full collection would otherwise walk
    their half a million objects again (about 2% of a long ingest's time)."""
    import gc
    global _frozen
    extract_batch([Record(text=_WARM_UP)], settings)
    if not _frozen:  # once a process: a library caller's own objects of later calls stay collectable
        gc.collect()
        gc.freeze()
        _frozen = True


#: whether :func:`warm_up` has frozen what this process loaded
_frozen = False

#: glibc's mallopt parameters (malloc.h)
_M_TRIM_THRESHOLD, _M_MMAP_THRESHOLD = -1, -3
#: blocks at least this large are mapped on their own, and given back when freed: above the
#: model's batch arrays (1-4 MiB at ``batch_size`` 8, which mapped one by one cost 11% of
#: the pipeline's speed), below a batch's large passing blocks of the store
MMAP_THRESHOLD = 4 * 1024 * 1024
#: free memory at the heap's top beyond this is given back
TRIM_THRESHOLD = 128 * 1024


def bound_heap() -> bool:
    """Fix glibc malloc's mmap threshold (:data:`MMAP_THRESHOLD`) and trim threshold
    (:data:`TRIM_THRESHOLD`) for the life of a long ingest. glibc otherwise raises the mmap
    threshold to the size of each large block freed (up to 32 MiB), after which a batch's
    large passing blocks come from the heap, which a long run fragments and never gives back:
    the store-only run of the bench corpus peaked 11 MB higher for every 1,000 pages stored
    (279 MB at 2,000, 290 at 3,000); with these thresholds 3 MB (269, 272), and the pipeline
    runs at the same speed. True when set (Linux with glibc); elsewhere it does nothing."""
    import ctypes
    import sys
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL("libc.so.6")
        mallopt = libc.mallopt
    except (OSError, AttributeError):
        return False  # not glibc (musl has no mallopt thresholds)
    return bool(mallopt(_M_MMAP_THRESHOLD, MMAP_THRESHOLD)) and bool(mallopt(_M_TRIM_THRESHOLD, TRIM_THRESHOLD))


def _start_worker(settings: Settings) -> None:
    """A worker's start: :func:`warm_up`. One BLAS thread per worker (when numpy is not loaded
    yet): the workers are the parallelism."""
    import os
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    bound_heap()
    warm_up(settings)


_WARM_UP = "Warm-up\n\nOfficials in the city said on Monday that two people were hurt, police said.\n"


def _settle(seconds: float) -> None:
    import time
    time.sleep(seconds)


class Executor(Protocol):
    """Runs :func:`extract_batch` over batches, yielding results batch by batch in order."""

    def map(self, batches: Iterable[list[Record]]) -> Iterator[list[Extracted]]:
        """Each batch's results, in the order the batches come."""
        ...

    def close(self) -> None:
        """Release the workers (the executor is not used again)."""
        ...


class SerialExecutor:
    """Everything in this process."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.warmed = False

    def map(self, batches: Iterable[list[Record]]) -> Iterator[list[Extracted]]:
        """Run each batch here, one after the other (:func:`warm_up` before the first)."""
        for batch in batches:
            if not self.warmed:
                warm_up(self.settings)
                self.warmed = True
            yield extract_batch(batch, self.settings)

    def close(self) -> None:
        """Nothing to release."""


class WorkerError(ClaimledgerError):
    """A worker process or cluster worker died or could not run a batch."""

    status = 503


def _result(future: Any) -> list[Extracted]:
    try:
        done: list[Extracted] = future.result()
        return done
    except ClaimledgerError:
        raise
    except Exception as exc:  # noqa: BLE001 - a dead worker, a lost connection: said plainly
        raise WorkerError(f"a worker could not finish a batch ({exc.__class__.__name__}: {exc}); the batches "
                          "before it are stored, run ingest again to go on (stored texts are skipped)") from exc


def _bounded(submit: Any, batches: Iterable[list[Record]], in_flight: int) -> Iterator[list[Extracted]]:
    """Submit batches, at most ``in_flight`` at a time, and yield their results in order."""
    pending: deque[Any] = deque()
    for batch in batches:
        pending.append(submit(batch))
        if len(pending) >= in_flight:
            yield _result(pending.popleft())
    while pending:
        yield _result(pending.popleft())


def window(settings: Settings, slots: int) -> int:
    """How many batches are in flight at once for ``slots`` parallel workers: two each, plus
    the batches of one commit (``commit_every`` documents), so that the workers go on
    extracting while this process stores a commit, instead of waiting for it."""
    return 2 * slots + -(-settings.commit_every // max(1, settings.batch_size))


class ProcessExecutor:
    """A pool of ``workers`` processes on this machine (``concurrent.futures``); each loads
    the model once. Processes are spawned, not forked, so no thread of the parent is copied."""

    def __init__(self, settings: Settings, workers: int) -> None:
        import multiprocessing
        if workers < 1:
            raise ConfigError(f"--workers must be at least 1, not {workers}")
        self.settings = settings
        self.workers = workers
        self.in_flight = window(settings, workers)
        # each worker loads the model as it starts, all of them at once
        self.pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"),
                                        initializer=_start_worker, initargs=(settings,))

    def warm(self) -> None:
        """Start every worker and wait until each has loaded the model."""
        for f in [self.pool.submit(_settle, 1.0) for _ in range(self.workers)]:
            f.result()

    def map(self, batches: Iterable[list[Record]]) -> Iterator[list[Extracted]]:
        """Run the batches in the pool, a bounded number in flight, results in order."""
        def submit(batch: list[Record]) -> Future[list[Extracted]]:
            return self.pool.submit(extract_batch, batch, self.settings)
        yield from _bounded(submit, batches, self.in_flight)

    def close(self) -> None:
        """Stop the worker processes (batches not started are cancelled)."""
        self.pool.shutdown(wait=True, cancel_futures=True)


class DaskExecutor:
    """Batches run on a Dask distributed cluster (``tcp://scheduler:8786``); each worker
    loads the model once. The workers need claimledger and the model installed."""

    def __init__(self, settings: Settings, address: str) -> None:
        try:
            from distributed import Client
        except ImportError as exc:
            raise ConfigError("--dask needs dask.distributed: pip install 'claimledger[dask]'") from exc
        self.settings = settings
        try:
            self.client = Client(address, timeout=settings.fetch_timeout)  # type: ignore[no-untyped-call]
        except OSError as exc:
            raise ConfigError(f"cannot reach the Dask scheduler at {address}: {exc}") from exc
        threads = sum(self.client.nthreads().values()) or 1  # type: ignore[no-untyped-call]
        self.in_flight = window(settings, threads)

    def map(self, batches: Iterable[list[Record]]) -> Iterator[list[Extracted]]:
        """Run the batches on the cluster, a bounded number in flight, results in order."""
        def submit(batch: list[Record]) -> Any:
            return self.client.submit(extract_batch, batch, self.settings, pure=False)
        yield from _bounded(submit, batches, self.in_flight)

    def close(self) -> None:
        """Disconnect from the cluster (the cluster itself keeps running)."""
        self.client.close()  # type: ignore[no-untyped-call]


def make_executor(settings: Settings, workers: int = 1, dask: str | None = None) -> Executor:
    """The executor for ``--workers N`` (processes on this machine) or ``--dask ADDRESS``."""
    if dask:
        return DaskExecutor(settings, dask)
    if workers > 1:
        return ProcessExecutor(settings, workers)
    if workers < 1:
        raise ConfigError(f"--workers must be at least 1, not {workers}")
    return SerialExecutor(settings)
