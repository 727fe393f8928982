"""The per-document time limit (the ``max_seconds`` setting).

A batch of ``n`` documents gets ``n * max_seconds``; when it runs over, each of its
documents runs again alone under ``max_seconds``, so only the slow one fails, with
an error naming it. The timer is a ``SIGALRM`` interval timer, which only the main
thread of a Unix process can set; elsewhere (a web server's worker threads) the
limit is not enforced and documents are bounded by the other per-document limits.
"""
from __future__ import annotations

import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

T = TypeVar("T")


class Overtime(BaseException):
    """Raised by the timer inside a stage. A BaseException so that no stage's own
    ``except Exception`` (or the runner's retry of a failing batch) swallows it."""


def can_time() -> bool:
    """Whether this thread can set the timer (the main thread, on a system with SIGALRM)."""
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread() \
        and signal.getitimer(signal.ITIMER_REAL)[0] == 0


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise :class:`Overtime` in this block once ``seconds`` have passed."""
    def _ring(_signum: int, _frame: object) -> None:
        raise Overtime()
    previous = signal.signal(signal.SIGALRM, _ring)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def within(seconds: float, work: Callable[[], T]) -> T:
    """``work()``, or :class:`Overtime` after ``seconds`` (no limit where the timer cannot be set)."""
    if seconds <= 0 or not can_time():
        return work()
    with time_limit(seconds):
        return work()
