"""Processes for the stages that parallelise: a pool for per-item work (reading, topic
extraction) and forked jobs for work on the whole archive (rendering pages).

`executor.map` keeps input order and jobs are returned in order, so parallel output is
identical to a serial run; small archives stay serial because starting processes costs more
than it saves. So do the few items a rebuild recomputes: a worker forked from the enriched
build would stay alive beside it, and every memory page the build then touches for the first
time is copied (copy-on-write), which costs more than the few items take.
"""
from __future__ import annotations

import os
import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from functools import partial
from typing import Callable, Iterator, TypeVar

T = TypeVar("T")


def cores() -> int:
    """The cores this process may run on (its CPU affinity, which a container or `taskset`
    can narrow below the machine's count)."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


PARALLEL_FROM = 400
POOL_FROM = 64  # items in one call of a pool's map below which it maps here instead


@contextmanager
def mapper(workers: int, items: int) -> Iterator[Callable]:
    """Yield a `map`-like function: a process pool's when it pays off, the builtin otherwise.
    `workers` 0 means one per core this process may use (`cores`), not per core of the
    machine: a build confined to one core would otherwise fork workers that only take turns."""
    count = workers or cores()
    if count <= 1 or items < PARALLEL_FROM:
        yield lambda function, iterable: list(map(function, iterable))
        return
    # Small chunks, so that the workers run out of work nearly together: with eight chunks per
    # worker, a chunk of topic extraction at 10,000 articles was seconds of work, and one
    # worker could finish its last that much before the other.
    chunksize = max(1, items // (count * 32))
    with ProcessPoolExecutor(max_workers=count) as pool:
        yield partial(_ordered_map, pool, chunksize)


def _ordered_map(pool: ProcessPoolExecutor, chunksize: int, function, iterable) -> list:
    """The pool's map, or the builtin one for a few items: the pool's processes start at its
    first use, so a rebuild that recomputes a handful of items never forks them."""
    items = list(iterable)
    if len(items) < POOL_FROM:
        return list(map(function, items))
    return list(pool.map(function, items, chunksize=chunksize))


_JOBS: list[Callable] = []  # read by forked children, which inherit it with the archive
_NEXT: list = []  # [the shared index of the next job nobody has taken], likewise inherited


def run_jobs(jobs: list[Callable[[], T]], workers: int, items: int) -> list[T]:
    """Run zero-argument jobs and return their results in order: the first here, one each in
    forked processes (one per core besides this one), and every job after those in whichever
    process is free first.

    Forking shares the enriched archive with the children as it is in memory: nothing is
    pickled on the way in, only each job's result on the way back. Where the jobs beyond the
    first few run depends on timing; what they return does not.
    """
    count = workers or cores()
    if count <= 1 or items < PARALLEL_FROM or len(jobs) < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return [job() for job in jobs]
    context = multiprocessing.get_context("fork")
    children = min(count - 1, len(jobs) - 1)
    _JOBS[:], _NEXT[:] = jobs, [context.Value("i", children + 1)]
    try:
        with ProcessPoolExecutor(max_workers=children, mp_context=context) as pool:
            others = [pool.submit(_run_jobs_from, index) for index in range(1, children + 1)]
            results = _run_jobs_from(0)
            for future in others:
                results.update(future.result())
        return [results[index] for index in range(len(jobs))]
    finally:
        _JOBS.clear()
        _NEXT.clear()


def _run_jobs_from(first: int) -> dict[int, object]:
    """Job `first`, then the next job nobody has taken, until none is left: by index."""
    results, index = {}, first
    while index < len(_JOBS):
        results[index] = _JOBS[index]()
        with _NEXT[0].get_lock():
            index = _NEXT[0].value
            _NEXT[0].value += 1
    return results
