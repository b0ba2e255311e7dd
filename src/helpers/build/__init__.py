"""The build: check data and parameters, run the sections that changed (in parallel), and
publish HTML, PDF, figures and build.json atomically.

    plan.py        data and parameter checks, cache keys          (what to build)
    graph.py       the job graph over the workers                 (running it)
    scheduler.py   the small job scheduler the graph runs on
    kernels.py     warm kernels forked for papermill
    execute.py     one section: notebook -> HTML, then its PDF
    render.py      HTML pages from templates; pdfparts.py PDFs from parts
    outputs.py     the declared layout of a section's folder
    cache.py       .build/ entries; publish.py the staged, atomic swap into reports/
    manifest.py    build.json and the landing page
    compare.py     scenarios side by side
The combined report and the deck are one unit of their own: helpers.report.
"""
from __future__ import annotations

import os
import sys
import time

from helpers.build import graph, manifest, publish
from helpers.build.changes import lines
from helpers.build.plan import Options, default_out, plan
from helpers.build.progress import Progress
from helpers.core.paths import DATA_ENV, SRC_DIR, VALIDATED_ENV, label
from helpers.sections import SECTIONS

__all__ = ["Options", "build"]


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def build(options: Options) -> dict:
    from helpers import report

    started = time.perf_counter()
    out = default_out(options)
    planned, context = plan(options)
    publish.ensure_writable(out)
    os.environ[DATA_ENV] = str(context["data_dir"])
    os.environ[VALIDATED_ENV] = str(context["data_dir"])  # checked by plan(); kernels need not re-check
    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(SRC_DIR), os.environ.get("PYTHONPATH")]))
    os.environ.setdefault("MPLBACKEND", "Agg")
    whole = {p.section.slug for p in planned} == {s.slug for s in SECTIONS}

    with publish.locked(out):
        publish.remove_stale_staging(out)
        if not options.force and manifest.up_to_date(out, planned, context):
            _say(f"{label(out)}/ is up to date ({len(planned)} section(s) unchanged; --force rebuilds)")
            return manifest.read(out / "build.json")
        progress = Progress([p.section.slug for p in planned])
        todo = []
        for item in planned:
            if item.cached and not options.force:
                progress.set(item.section.slug, "cached", "(inputs unchanged)")
            else:
                todo.append(item)
        entry = report.cache_dir(planned, context) if whole else None  # keyed once, before anything runs
        combined = report.CombinedJob.plan(entry, options.force) if whole else None
        jobs = options.jobs or os.cpu_count() or 1
        timings = graph.run(todo, planned, context, jobs, progress, combined)
        with publish.staged(out) as stage:
            result, changes = manifest.publish_sections(stage, planned, context, timings)
            if whole:
                report.publish(stage, entry)
            elif (out / "ai-bubble-report.html").exists():
                _say("combined report and deck left as they were (built only when every section is built)")
    for line in lines(changes):
        _say(line)
    _say(f"reports written to {label(out)}/ in {time.perf_counter() - started:.1f}s "
         f"(open {label(out)}/index.html)")
    return result
