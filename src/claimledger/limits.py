"""A per-document time limit: a runaway document becomes error E016 instead of stalling a run.

SIGALRM interrupts the main thread between Python bytecodes (and blocking waits), so no stage has to
poll a clock. Signals reach only the main thread: elsewhere (a web server's worker thread) the limit
is not enforced, and callers there should rely on the linear cost of every stage instead.
"""
from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

from .errors import E


@contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Raise E016 inside the block once `seconds` have passed (None or 0: no limit)."""
    usable = (bool(seconds) and hasattr(signal, "setitimer")
              and threading.current_thread() is threading.main_thread())
    if not usable:
        yield
        return
    assert seconds is not None

    def expire(signum: int, frame: FrameType | None) -> None:
        raise E.E016.error(seconds=seconds)

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
