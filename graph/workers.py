"""An ordered, bounded pool of worker processes: the bulk loader (graph/bulk.py) processes files in it and
the aggregates' recount (graph/recount.py) reads stored documents in it.

Workers are ``spawn``ed (no fork of an open store's threads), each optionally warmed once by an
initializer, and collect their garbage after every task (:func:`in_worker`)."""
from __future__ import annotations

import collections
import concurrent.futures
import gc
import multiprocessing
from collections.abc import Callable, Iterator, Sequence
from typing import TypeVar

__all__ = ["in_worker", "in_workers"]

T = TypeVar("T")
Item = TypeVar("Item")
Shared = TypeVar("Shared")


def in_worker(task: Callable[[Item, Shared], T], item: Item, shared: Shared) -> T:
    """``task(item, shared)`` in a worker process, its garbage collected at once. rdflib's graphs leave
    cycles (~5,000 objects a document) that the collector's automatic runs kept scanning while they were
    still live; collecting once per document instead cut a loading worker's CPU time from 51 to 43-45 ms
    a document (50 documents of the 10,000 corpus, 6 rounds alternated in one process, minimum of each)."""
    result = task(item, shared)
    gc.collect()
    return result


def in_workers(task: Callable[[Item, Shared], T], items: Sequence[Item], shared: Shared, jobs: int, window: int,
               initializer: Callable[[Shared], None] | None = None) -> Iterator[T]:
    """``task(item, shared)`` for every item, in input order; with ``jobs`` > 1 in that many worker
    processes (:func:`in_worker`; each first runs ``initializer(shared)`` when given), keeping at most
    ``window`` items submitted and not yet taken (bounded memory). TASK and INITIALIZER must be
    module-level functions (the workers are sent their names)."""
    if jobs <= 1:
        for item in items:
            yield task(item, shared)
        return
    context = multiprocessing.get_context("spawn")
    with concurrent.futures.ProcessPoolExecutor(jobs, mp_context=context, initializer=initializer,
                                                initargs=(shared,) if initializer else ()) as pool:
        pending: collections.deque[concurrent.futures.Future[T]] = collections.deque()
        queued = iter(items)
        for item in queued:
            pending.append(pool.submit(in_worker, task, item, shared))
            if len(pending) >= window:
                break
        while pending:
            result = pending.popleft().result()
            following = next(queued, None)
            if following is not None:
                pending.append(pool.submit(in_worker, task, following, shared))
            yield result
