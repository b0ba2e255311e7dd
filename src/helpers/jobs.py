"""Run a small graph of jobs on a pool of worker processes.

A job starts once the jobs it needs have finished; among the jobs that could start, the one with
the highest rank goes first; no more run at once than there are workers, so a job submitted is a
job running (the progress display can say so). The first failure stops the run: it is raised once
the jobs already running have been handed back.
"""
from __future__ import annotations

from concurrent.futures import FIRST_COMPLETED, Future, wait
from dataclasses import dataclass
from typing import Any, Callable


@dataclass
class Job:
    name: str
    call: Callable[[], tuple[Callable, tuple]]  # -> (function, arguments), asked for when the job starts
    needs: tuple[str, ...] = ()
    rank: int = 0
    started: Callable[[], None] | None = None
    done: Callable[[Any], None] | None = None


class Inline:
    """The executor interface, run in this process, one job at a time."""

    def submit(self, fn, *args) -> Future:
        future: Future = Future()
        try:
            future.set_result(fn(*args))
        except BaseException as exc:  # noqa: BLE001 - handed back through the future
            if isinstance(exc, KeyboardInterrupt):
                raise
            future.set_exception(exc)
        return future


def run(jobs: list[Job], executor, slots: int) -> dict[str, Any]:
    """Run `jobs` on `executor` with at most `slots` at once; returns each job's result by name."""
    names = {job.name for job in jobs}
    for job in jobs:
        missing = set(job.needs) - names
        if missing:
            raise ValueError(f"job {job.name} needs unknown jobs: {', '.join(sorted(missing))}")
    waiting = list(jobs)
    running: dict[Future, Job] = {}
    results: dict[str, Any] = {}
    while waiting or running:
        ready = sorted((j for j in waiting if all(n in results for n in j.needs)), key=lambda j: -j.rank)
        for job in ready[:max(0, slots - len(running))]:
            waiting.remove(job)
            if job.started:
                job.started()
            fn, args = job.call()
            running[executor.submit(fn, *args)] = job
        if not running:
            raise ValueError(f"jobs wait on each other: {', '.join(j.name for j in waiting)}")
        finished, _ = wait(running, return_when=FIRST_COMPLETED)
        for future in sorted(finished, key=lambda f: running[f].name):
            job = running.pop(future)
            results[job.name] = future.result()
            if job.done:
                job.done(results[job.name])
    return results
