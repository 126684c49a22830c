"""graph/workers.py: tasks in spawned worker processes, answered in input order through a bounded window,
each worker warmed once by the initializer; one job runs everything in this process."""
from __future__ import annotations

import os

from graph.workers import in_workers

_warmed: list[str] = []  # what the initializer was given, in this process


def _warm(shared: str) -> None:
    _warmed.append(shared)


def _task(item: int, shared: str) -> tuple[int, str, int, list[str]]:
    return item * item, shared, os.getpid(), list(_warmed)


def test_one_job_runs_in_this_process_without_the_initializer():
    found = list(in_workers(_task, [1, 2, 3], "s", 1, window=2, initializer=_warm))
    assert [(square, shared) for square, shared, _, _ in found] == [(1, "s"), (4, "s"), (9, "s")]
    assert {pid for _, _, pid, _ in found} == {os.getpid()} and not _warmed


def test_workers_answer_in_input_order_each_warmed_once():
    items = list(range(40))
    found = list(in_workers(_task, items, "shared", 2, window=3, initializer=_warm))
    assert [square for square, *_ in found] == [i * i for i in items]
    pids = {pid for _, _, pid, _ in found}
    assert os.getpid() not in pids and 1 <= len(pids) <= 2
    assert all(warmed == ["shared"] for *_, warmed in found)
