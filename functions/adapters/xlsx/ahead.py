"""Run the next few jobs of a sequence in worker threads while the caller uses the results in order."""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TypeVar

T = TypeVar("T")


def worker_count(limit: int = 2) -> int:
    """Threads worth running beside the caller: the cores this process may use, at most `limit`."""
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # not on Linux
        cores = os.cpu_count() or 1
    return max(1, min(limit, cores))


def ahead(jobs: Iterable[Callable[[], T]], workers: int) -> Iterator[T]:
    """Each job's result (its exception raised), in order, with up to `workers` later jobs already running.

    Pays off only when a job lets go of the GIL (calamine parses a sheet without it): then the jobs run
    on the other cores while the caller works on the result before. At most workers + 1 results are alive.
    Leaving early cancels the jobs not yet started and waits for the running ones.
    """
    pending: deque[Future[T]] = deque()
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="ahead") as pool:
        try:
            for job in jobs:
                pending.append(pool.submit(job))
                if len(pending) > workers:
                    yield pending.popleft().result()
            while pending:
                yield pending.popleft().result()
        finally:
            for future in pending:
                future.cancel()
