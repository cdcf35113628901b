"""Executors: how shards reach workers. One protocol (datatrove's model: the job is the same steps, the
executor only places them), two kinds:

- `local`: a pool of processes on this machine (multiprocessing, spawned: no forked copy of the driver's
  database connections or threads). Each process loads the models once, on its first shard.
- `ray`: Ray Data, `map_batches` over the shard list with an actor pool: each actor loads the models once
  in its constructor and analyses one shard per call. Given `address` it runs on that cluster unchanged
  (the nodes need claimledger installed and the inputs on a path they all see); without, it starts a
  local Ray with the dashboard and usage statistics off.

Both yield each shard's result as it finishes (not in shard order); the job writes and loads them.
"""
from __future__ import annotations

import logging
import os
import pickle
import sys
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from multiprocessing import get_context
from typing import Any, Literal, Protocol

from ..errors import ClaimledgerError, E
from ..options import Options
from .shards import ShardSpec
from .work import ShardResult, analyse_shard, warm

ExecutorName = Literal["local", "ray"]
# Worker processes get one thread each for BLAS / OpenMP: N workers on N cores, none spinning on another's.
_ONE_THREAD = {"OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}


class Executor(Protocol):
    """Runs `analyse_shard` over shards on `workers` workers, yielding results as they finish."""

    name: str
    workers: int

    def map(self, shards: Sequence[ShardSpec], options: Options, db: str | None) -> Iterator[ShardResult]: ...


def _start_worker(options: Options, parent: int) -> None:
    os.environ.update(_ONE_THREAD)
    _die_with(parent)
    warm(options)


def _die_with(parent: int) -> None:
    """End this worker when the job's process ends, however it ends: a driver killed with -9 must not leave
    workers analysing on (or holding its stdout open). Linux's PR_SET_PDEATHSIG at once; elsewhere, and
    as a back-up, a thread that looks at the parent every second."""
    import ctypes
    import signal
    import threading

    if sys.platform.startswith("linux"):
        try:
            ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # 1 = PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:  # the parent ended before the line above
        os._exit(1)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(1)

    threading.Thread(target=watch, name="claimledger-parent-watch", daemon=True).start()


class LocalExecutor:
    """A pool of `workers` processes on this machine. A worker that dies (killed, out of memory) stops the
    job with E155; what finished before it is kept."""

    name = "local"

    def __init__(self, workers: int = 1) -> None:
        self.workers = max(1, workers)

    def map(self, shards: Sequence[ShardSpec], options: Options, db: str | None) -> Iterator[ShardResult]:
        if not shards:
            return
        pool = ProcessPoolExecutor(self.workers, mp_context=get_context("spawn"),
                                   initializer=_start_worker, initargs=(options, os.getpid()))
        pending: set[Future[ShardResult]] = set()
        todo = iter(shards)
        try:
            while True:
                # A bounded window: shards are handed out as workers free up, not all queued at once.
                while len(pending) < 2 * self.workers and (spec := next(todo, None)) is not None:
                    pending.add(pool.submit(analyse_shard, spec, options, db))
                if not pending:
                    break
                finished, pending = wait(pending, return_when=FIRST_COMPLETED)
                for future in finished:
                    yield future.result()
        except BrokenProcessPool as error:
            raise E.E155.error(detail=str(error) or "a worker process ended") from None
        finally:
            pool.shutdown(wait=True, cancel_futures=True)


class _ShardActor:
    """A Ray Data actor: the models load once, in the constructor; each call analyses one shard."""

    def __init__(self, options: Options, db: str | None) -> None:
        os.environ.update(_ONE_THREAD)
        self.options = options
        self.db = db
        warm(options)

    def __call__(self, batch: dict[str, Any]) -> dict[str, list[bytes]]:
        results = [analyse_shard(pickle.loads(spec), self.options, self.db) for spec in batch["spec"]]
        return {"result": [pickle.dumps(r) for r in results]}


class RayExecutor:
    """Ray Data with an actor pool of `workers` actors (one CPU each), on a local Ray or on `address`."""

    name = "ray"

    def __init__(self, workers: int = 1, address: str | None = None) -> None:
        self.workers = max(1, workers)
        self.address = address

    def map(self, shards: Sequence[ShardSpec], options: Options, db: str | None) -> Iterator[ShardResult]:
        if not shards:
            return
        ray, data = _import_ray()
        started = self._connect(ray)
        try:
            context = data.DataContext.get_current()
            context.enable_progress_bars = False  # the job draws its own
            context.execution_options.preserve_order = False
            items = [{"spec": pickle.dumps(spec)} for spec in shards]
            dataset = data.from_items(items, override_num_blocks=len(items)).map_batches(
                _ShardActor, fn_constructor_kwargs={"options": options, "db": db}, batch_size=1,
                compute=data.ActorPoolStrategy(size=self.workers), num_cpus=1)
            for row in dataset.iter_rows():
                yield pickle.loads(row["result"])
        except (ClaimledgerError, KeyboardInterrupt, GeneratorExit):
            raise
        except Exception as error:  # noqa: BLE001: an actor lost (its node gone) or a task that failed
            first = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
            raise E.E155.error(detail=first[:300]) from None
        finally:
            if started:
                ray.shutdown()

    def _connect(self, ray: Any) -> bool:
        """Join the running Ray (a test session's), the cluster at `address`, or start a local one; True if
        this call started it (and so shuts it down)."""
        if ray.is_initialized():
            return False
        kwargs: dict[str, Any] = {"include_dashboard": False, "configure_logging": True, "logging_level": logging.ERROR,
                                  "log_to_driver": False}
        if self.address is None:
            kwargs["num_cpus"] = self.workers
        try:
            ray.init(address=self.address, **kwargs)
        except Exception as error:  # noqa: BLE001: Ray raises many kinds (ConnectionError, RuntimeError...)
            where = f" at {self.address}" if self.address else ""
            raise E.E154.error(where=where, detail=str(error).splitlines()[0] if str(error) else type(error).__name__) from None
        return True


def _import_ray() -> tuple[Any, Any]:
    # Before Ray is imported: no usage statistics sent, no dashboard, no network beyond the cluster.
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
    os.environ.setdefault("RAY_DATA_DISABLE_PROGRESS_BARS", "1")
    try:
        import ray
        import ray.data
    except ImportError:
        raise E.E153.error() from None
    logging.getLogger("ray.data").setLevel(logging.ERROR)  # its notes on stderr would drown the progress lines
    return ray, ray.data


def make_executor(name: ExecutorName, workers: int, address: str | None = None) -> Executor:
    if name == "ray":
        return RayExecutor(workers, address)
    return LocalExecutor(workers)
