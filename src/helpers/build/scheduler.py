"""Run a small graph of jobs on a pool of worker processes.

A job starts once the jobs it needs have finished; among the jobs that could start, the one with
the highest rank goes first; no more run at once than there are workers, so a job submitted is a
job running (the progress display can say so). The first failure is raised at once; stopping the
jobs still running is the caller's business.
"""
from __future__ import annotations

import signal
import sys
from concurrent.futures import FIRST_COMPLETED, Future, wait
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Callable

POLL = 0.2  # seconds between looks at the interrupt flag while jobs run


@contextmanager
def deferred_interrupts():
    """While a pool runs jobs, Ctrl-C and kill (SIGINT, SIGTERM) set a flag instead of raising
    wherever the main thread happens to be: raised inside concurrent.futures' locks, a
    KeyboardInterrupt can leave one held and hang the pool's shutdown. `run` checks the flag
    between waits and raises KeyboardInterrupt there. Yields the list of signals received."""
    received: list[int] = []

    def note(signum, frame):
        received.append(signum)

    previous = {signum: signal.signal(signum, note) for signum in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield received
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def quiet_worker() -> None:
    """Pool initializer: between jobs a worker ignores Ctrl-C and kill (the build stops it through
    the pool), so a signal that finds it idle does not kill it with a traceback on the terminal;
    an interrupt that lands in a finalizer (__del__) is dropped rather than printed."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    default_hook = sys.unraisablehook

    def hook(unraisable):
        if not isinstance(unraisable.exc_value, KeyboardInterrupt):
            default_hook(unraisable)

    sys.unraisablehook = hook


def in_worker(fn: Callable, *args):
    """Run a job in a worker: Ctrl-C and kill raise KeyboardInterrupt while it runs (a running
    notebook then stops its kernel), whatever the process it was forked from had set."""
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    try:
        return fn(*args)
    finally:
        quiet_worker()


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


def run(jobs: list[Job], executor, slots: int, interrupted: list | None = None) -> dict[str, Any]:
    """Run `jobs` on `executor` with at most `slots` at once; returns each job's result by name.
    `interrupted` is the flag from `deferred_interrupts`; given one, the executor is taken to be a
    process pool whose workers were started with `quiet_worker`, and each job runs in `in_worker`.
    Once the flag holds a signal: KeyboardInterrupt."""
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
            if interrupted is not None:
                fn, args = in_worker, (fn, *args)
            running[executor.submit(fn, *args)] = job
        if not running:
            raise ValueError(f"jobs wait on each other: {', '.join(j.name for j in waiting)}")
        finished = set()
        while not finished:
            if interrupted:
                raise KeyboardInterrupt
            finished, _ = wait(running, timeout=POLL if interrupted is not None else None,
                               return_when=FIRST_COMPLETED)
        for future in sorted(finished, key=lambda f: running[f].name):
            job = running.pop(future)
            results[job.name] = future.result()
            if job.done:
                job.done(results[job.name])
    return results
