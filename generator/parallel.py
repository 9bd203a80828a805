"""One process pool for the stages that parallelise (reading, topic extraction).

`executor.map` keeps input order, so parallel output is identical to a serial run; small
archives stay serial because starting processes costs more than it saves.
"""
from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from functools import partial
from typing import Callable, Iterator

PARALLEL_FROM = 400


@contextmanager
def mapper(workers: int, items: int) -> Iterator[Callable]:
    """Yield a `map`-like function: a process pool's when it pays off, the builtin otherwise."""
    count = workers or os.cpu_count() or 1
    if count <= 1 or items < PARALLEL_FROM:
        yield lambda function, iterable: list(map(function, iterable))
        return
    chunksize = max(1, items // (count * 8))
    with ProcessPoolExecutor(max_workers=count) as pool:
        yield partial(_ordered_map, pool, chunksize)


def _ordered_map(pool: ProcessPoolExecutor, chunksize: int, function, iterable) -> list:
    return list(pool.map(function, iterable, chunksize=chunksize))
