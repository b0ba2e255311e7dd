"""The build's job graph: order, ranks, failures."""
import pytest

from helpers.build.scheduler import Inline, Job, run


def _job(name, log, needs=(), rank=0, fail=False):
    def work(label):
        if fail:
            raise RuntimeError(f"{label} broke")
        log.append(label)
        return label.upper()

    return Job(name, lambda: (work, (name,)), needs=needs, rank=rank)


def test_a_job_waits_for_what_it_needs_and_ranks_break_ties():
    log = []
    jobs = [_job("assemble", log, needs=("pdf a", "pdf b"), rank=1), _job("pdf a", log, needs=("run a",), rank=2),
            _job("pdf b", log, needs=("run b",), rank=2), _job("back", log, rank=3),
            _job("run a", log, rank=4), _job("run b", log, rank=4)]
    results = run(jobs, Inline(), slots=1)
    assert log == ["run a", "run b", "back", "pdf a", "pdf b", "assemble"]
    assert results["assemble"] == "ASSEMBLE"


def test_callbacks_see_start_and_result():
    seen = []
    job = Job("one", lambda: (len, ("abc",)), started=lambda: seen.append("started"), done=seen.append)
    run([job], Inline(), slots=1)
    assert seen == ["started", 3]


def test_the_first_failure_stops_the_run():
    log = []
    with pytest.raises(RuntimeError, match="run a broke"):
        run([_job("run a", log, fail=True), _job("pdf a", log, needs=("run a",))], Inline(), slots=1)
    assert log == []


@pytest.mark.parametrize("jobs, message", [
    ([Job("a", lambda: (len, ("",)), needs=("b",)), Job("b", lambda: (len, ("",)), needs=("a",))],
     "jobs wait on each other: a, b"),
    ([Job("a", lambda: (len, ("",)), needs=("nowhere",))], "job a needs unknown jobs: nowhere"),
])
def test_a_graph_that_cannot_finish_is_refused(jobs, message):
    with pytest.raises(ValueError, match=message):
        run(jobs, Inline(), slots=2)


def test_jobs_run_side_by_side_on_a_pool():
    from concurrent.futures import ThreadPoolExecutor

    log = []
    jobs = [_job(f"run {n}", log, rank=1) for n in range(4)] + [_job("last", log, needs=("run 0", "run 3"))]
    with ThreadPoolExecutor(2) as pool:
        results = run(jobs, pool, slots=2)
    assert set(log[:4]) == {f"run {n}" for n in range(4)} and log[-1] == "last"
    assert len(results) == 5


def test_ctrl_c_while_jobs_run_stops_the_run_between_waits():
    """The signal only sets a flag (a KeyboardInterrupt inside the pool's locks could hang it);
    the loop raises at its next look, and the workers, idle or not, stay quiet."""
    import multiprocessing
    import os
    import signal
    import threading
    import time
    from concurrent.futures import ProcessPoolExecutor

    from helpers.build.scheduler import deferred_interrupts, quiet_worker

    before = signal.getsignal(signal.SIGINT)  # SIG_IGN when the tests run in a background job
    pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork"), initializer=quiet_worker)
    try:
        with deferred_interrupts() as flag:
            threading.Timer(0.3, os.kill, (os.getpid(), signal.SIGINT)).start()
            started = time.monotonic()
            with pytest.raises(KeyboardInterrupt):
                run([Job("slow", lambda: (time.sleep, (5,)))], pool, 1, flag)
            assert flag == [signal.SIGINT] and time.monotonic() - started < 2
    finally:
        for process in pool._processes.values():
            os.kill(process.pid, signal.SIGINT)  # the job in the worker stops with KeyboardInterrupt
        pool.shutdown(wait=True, cancel_futures=True)
    assert signal.getsignal(signal.SIGINT) is before  # restored
