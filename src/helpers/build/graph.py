"""The build's job graph: per section, run the notebook, then lay out its PDF; for the combined
report (helpers.report), its back part, its HTML and deck, and its PDF. Ranks put the notebooks
first, as everything else waits on them. `run` spreads the graph over one worker per core."""
from __future__ import annotations

import multiprocessing
import os
import shutil
import signal
from concurrent.futures import ProcessPoolExecutor
from contextlib import nullcontext

from helpers.build import cache
from helpers.build.plan import Planned, page_context
from helpers.build.progress import Progress


def run(todo: list[Planned], planned: list[Planned], context: dict, jobs: int, progress: Progress,
        combined_job=None) -> dict:
    """Execute the sections in `todo` and render their PDFs, and the combined report and the deck
    when `combined_job` (helpers.report.CombinedJob) is given; returns the seconds per step."""
    from helpers.build import execute
    from helpers.build.scheduler import Inline, deferred_interrupts, quiet_worker
    from helpers.build.scheduler import run as run_jobs

    for item in todo:
        item.tmp = cache.staging(item.cache)
    if combined_job is not None:
        combined_job.tmp.mkdir(parents=True)
    results: dict[str, dict] = {}
    finished: list[Planned] = []  # moved into the cache once no job can be reading their folders
    graph = section_jobs(todo, context, progress, results, finished)
    if combined_job is not None:
        graph += combined_job.jobs(todo, planned, context, progress)
    execute.init_worker()  # loaded once here, inherited by the workers forked below
    if jobs <= 1 or len(graph) <= 2:
        pool, slots, deferral = Inline(), 1, nullcontext(None)
    else:
        pool = ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("fork"),
                                   initializer=quiet_worker)
        slots, deferral = jobs, deferred_interrupts()
    with deferral as interrupted:
        try:
            outcome = run_jobs(graph, pool, slots, interrupted)
        except BaseException:
            if isinstance(pool, ProcessPoolExecutor):
                for process in list(getattr(pool, "_processes", {}).values()):  # let workers stop their kernels
                    try:
                        os.kill(process.pid, signal.SIGINT)
                    except OSError:
                        pass
                pool.shutdown(wait=True, cancel_futures=True)
            for item in finished:  # sections that did finish are kept for the next build
                commit(item)
            for item in todo:
                shutil.rmtree(item.tmp, ignore_errors=True)
            if combined_job is not None:
                combined_job.discard()
            raise
        if isinstance(pool, ProcessPoolExecutor):
            pool.shutdown(wait=True)
    for item in finished:
        commit(item)
    if combined_job is not None:
        combined_job.commit()
        results["combined report"] = {"seconds": combined_job.seconds(outcome)}
    return results


def section_jobs(todo: list[Planned], context: dict, progress: Progress, results: dict, finished: list) -> list:
    """Per section: run the notebook ("run <slug>"), then lay out its PDF ("pdf <slug>")."""
    from helpers.build import execute
    from helpers.build.scheduler import Job

    pages = page_context(context)
    graph = []
    for item in todo:
        slug = item.section.slug

        def ran(result, slug=slug):
            results[slug] = result
            progress.set(slug, "PDF next")

        def rendered(seconds, item=item, slug=slug):
            results[slug]["seconds"]["pdf"] = seconds
            finished.append(item)
            progress.set(slug, "done")

        graph.append(Job(f"run {slug}", lambda item=item: (execute.worker, (
            item.section.slug, item.values, dict(pages, fingerprint=item.digest), str(item.tmp))),
            rank=4, started=lambda slug=slug: progress.set(slug, "running"), done=ran))
        graph.append(Job(f"pdf {slug}", lambda item=item: (execute.section_pdf, (str(item.tmp),)),
                         needs=(f"run {slug}",), rank=2, started=lambda slug=slug: progress.set(slug, "rendering PDF"),
                         done=rendered))
    return graph


def commit(item: Planned) -> None:
    """Move a finished section into the cache under its digest (and prune old entries)."""
    cache.store(item.tmp, item.cache, item.cached)
    cache.prune(item.cache)
