"""The build: check data and parameters, run the sections that changed (in parallel), and
publish HTML, PDF, figures and build.json atomically.

A section's outputs are cached under .build/cache/ by the hash of everything that determines
them (its data files, notebook, the helpers code, the lock file, its parameters, and the labels
printed in its footer), so an unchanged section is copied, not re-executed.
"""
from __future__ import annotations

import json
import multiprocessing
import os
import platform
import shutil
import signal
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from contextlib import nullcontext
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from helpers import fingerprint, params, publish
from helpers.paths import CACHE_DIR, DATA_ENV, DEFAULT_DATA_DIR, DEFAULT_REPORTS_DIR, SRC_DIR, VALIDATED_ENV, label
from helpers.progress import Progress
from helpers.sections import SECTIONS, Section, select

PINNED = ("papermill", "nbconvert", "nbformat", "ipykernel", "pandas", "matplotlib", "seaborn",
          "networkx", "pandera", "weasyprint", "pyyaml", "numpy", "jinja2")
SECTION_CACHE = CACHE_DIR / "sections"
KEEP_CACHED = 6  # cached builds kept per section
SECTION_FILES = ("entry.json", "body.html", "section.html", "section.pdf", "section-base.pdf", "part.json",
                 "executed.ipynb")


@dataclass
class Options:
    data: Path | None = None
    scenario: Path | None = None
    pairs: list[str] = field(default_factory=list)
    out: Path | None = None
    only: list[str] | None = None
    force: bool = False
    jobs: int | None = None


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def default_out(options: Options) -> Path:
    if options.out:
        return Path(options.out)
    if options.scenario:
        return DEFAULT_REPORTS_DIR / "scenarios" / Path(options.scenario).stem
    return DEFAULT_REPORTS_DIR


def package_versions() -> dict[str, str]:
    versions = {"python": platform.python_version()}
    for name in PINNED:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return versions


def validate_data(data_dir: Path, names: list[str], code: dict[str, str]) -> None:
    """Check the data files against their schemas; remembered by content hash, so an unchanged
    folder is not re-read (and pandas is not imported) on a rebuild."""
    digests = {}
    for name in names:
        path = data_dir / name
        digests[name] = fingerprint.file_digest(path) if path.is_file() else "missing"
    marker = CACHE_DIR / "validated" / fingerprint.combine({"data": digests, "code": code})
    if marker.exists():
        return
    from helpers import data

    data.check_folder(data_dir, names)
    marker.parent.mkdir(parents=True, exist_ok=True)
    marker.touch()


@dataclass
class Planned:
    section: Section
    values: dict
    inputs: dict
    digest: str
    cache: Path

    @property
    def cached(self) -> bool:
        return all((self.cache / name).is_file() for name in SECTION_FILES)

    @property
    def folder(self) -> Path:
        """Where the section's outputs are now: its staging folder during a build, else the cache."""
        tmp = getattr(self, "tmp", None)
        return tmp if tmp is not None and tmp.exists() else self.cache


def plan(options: Options) -> tuple[list[Planned], dict]:
    sections = select(options.only)
    data_dir = Path(options.data or DEFAULT_DATA_DIR).resolve()
    if not data_dir.is_dir():
        from helpers.errors import DataError

        raise DataError(f"{options.data or 'data'}: data folder not found")
    values = params.resolve(sections, Path(options.scenario) if options.scenario else None, options.pairs)
    code = fingerprint.code_digests()
    validate_data(data_dir, sorted({name for s in sections for name in s.reads}), code)
    context = {"data_label": label(data_dir),
               "scenario": label(Path(options.scenario)) if options.scenario else None, "code": code}
    planned = []
    for section in sections:
        inputs = fingerprint.section_inputs(section, data_dir, values[section.slug], code)
        inputs["footer"] = fingerprint.combine({k: context[k] for k in ("data_label", "scenario")})
        digest = fingerprint.combine(inputs)
        planned.append(Planned(section, values[section.slug], inputs, digest, SECTION_CACHE / section.slug / digest))
    return planned, {**context, "data_dir": data_dir}


def _run(todo: list[Planned], planned: list[Planned], context: dict, jobs: int, progress: Progress,
         force: bool = False) -> dict:
    """Execute the sections in `todo` and render their PDFs, and the combined report and the deck
    when this build makes them, as one graph of jobs spread over the workers (see `_graph`)."""
    from helpers import runner
    from helpers.jobs import Inline, deferred_interrupts, quiet_worker, run

    for item in todo:
        item.tmp = item.cache.with_name(item.cache.name + f".tmp-{os.getpid()}")
        shutil.rmtree(item.tmp, ignore_errors=True)
    combined_job = _combined_plan(planned, context, force)
    if combined_job is not None:
        shutil.rmtree(combined_job["tmp"], ignore_errors=True)
        combined_job["tmp"].mkdir(parents=True)
    results: dict[str, dict] = {}
    finished: list[Planned] = []  # moved into the cache once no job can be reading their folders
    graph = _graph(todo, planned, context, combined_job, progress, results, finished)
    runner.init_worker()  # loaded once here, inherited by the workers forked below
    if jobs <= 1 or len(graph) <= 2:
        pool, slots, deferral = Inline(), 1, nullcontext(None)
    else:
        pool = ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("fork"),
                                   initializer=quiet_worker)
        slots, deferral = jobs, deferred_interrupts()
    with deferral as interrupted:
        try:
            outcome = run(graph, pool, slots, interrupted)
        except BaseException:
            if isinstance(pool, ProcessPoolExecutor):
                for process in list(getattr(pool, "_processes", {}).values()):  # let workers stop their kernels
                    try:
                        os.kill(process.pid, signal.SIGINT)
                    except OSError:
                        pass
                pool.shutdown(wait=True, cancel_futures=True)
            for item in finished:  # sections that did finish are kept for the next build
                _commit(item)
            for item in todo:
                shutil.rmtree(item.tmp, ignore_errors=True)
            if combined_job is not None:
                shutil.rmtree(combined_job["tmp"], ignore_errors=True)
            raise
        if isinstance(pool, ProcessPoolExecutor):
            pool.shutdown(wait=True)
    for item in finished:
        _commit(item)
    if combined_job is not None:
        _commit_combined(combined_job)
        results["combined report"] = {"seconds": {k: outcome[k] for k in ("back", "deck", "assemble")}}
    return results


def _graph(todo: list[Planned], planned: list[Planned], context: dict, combined_job: dict | None,
           progress: Progress, results: dict, finished: list) -> list:
    """The build's jobs. Per section: run the notebook, then lay out its PDF. For the combined
    report: its back part (claim audit, sources) needs only data/, so it runs early; its HTML and the
    deck need every section run; its PDF, put together from the parts, comes last. Ranks put the
    notebooks first, as everything else waits on them."""
    from helpers import combined, runner
    from helpers.jobs import Job

    page_context = {k: context[k] for k in ("data_label", "scenario")}
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

        graph.append(Job(f"run {slug}", lambda item=item: (runner.worker, (
            item.section.slug, item.values, dict(page_context, fingerprint=item.digest), str(item.tmp))),
            rank=4, started=lambda slug=slug: progress.set(slug, "running"), done=ran))
        graph.append(Job(f"pdf {slug}", lambda item=item: (runner.section_pdf, (str(item.tmp),)),
                         needs=(f"run {slug}",), rank=2, started=lambda slug=slug: progress.set(slug, "rendering PDF"),
                         done=rendered))
    if combined_job is None:
        return graph

    folder, data_dir = str(combined_job["tmp"]), str(context["data_dir"])
    overall = dict(page_context, fingerprint=fingerprint.overall({p.section.slug: p.digest for p in planned}))

    def specs() -> list[dict]:
        return [{"slug": p.section.slug, "title": p.section.title, "short": p.section.short,
                 "parameters": p.values, "folder": str(p.folder)} for p in planned]

    progress.add("report")
    parts: list[str] = []  # what of the combined report is being made right now

    def part(name: str, starting: bool):
        def update(*_):
            parts.append(name) if starting else parts.remove(name)
            if not progress.state["report"].startswith(("putting", "done")):
                progress.set("report", "rendering " + " and ".join(parts) if parts else "waiting for the sections")
        return update

    runs = tuple(f"run {p.section.slug}" for p in todo)
    pdfs = tuple(f"pdf {p.section.slug}" for p in todo)
    graph += [
        Job("back", lambda: (combined.back_job, (folder, data_dir, {p.section.slug: p.values for p in planned},
                                                 overall)), rank=3,
            started=part("the claim audit and sources", True), done=part("the claim audit and sources", False)),
        Job("deck", lambda: (combined.html_and_deck_job, (folder, specs(), data_dir, overall)), needs=runs, rank=2,
            started=part("the deck", True), done=part("the deck", False)),
        Job("assemble", lambda: (combined.assemble_job, (folder, specs(), data_dir, overall)),
            needs=(*pdfs, "back"), rank=1, started=lambda: progress.set("report", "putting the PDF together"),
            done=lambda _: progress.set("report", "done")),
    ]
    return graph


def _store(tmp: Path, cache: Path, complete: bool) -> None:
    """Move a finished folder into the cache. If another build stored the same inputs first, its
    entry is the same bytes and may be being read: keep it and drop ours."""
    cache.parent.mkdir(parents=True, exist_ok=True)
    if cache.exists() and not complete:
        shutil.rmtree(cache, ignore_errors=True)  # left incomplete by a build that was killed
    try:
        os.rename(tmp, cache)
    except OSError:
        shutil.rmtree(tmp, ignore_errors=True)


def _commit(item: Planned) -> None:
    """Move a finished section into the cache under its digest (and prune old entries)."""
    _store(item.tmp, item.cache, item.cached)
    entries = sorted((p for p in item.cache.parent.iterdir() if p.is_dir() and ".tmp-" not in p.name),
                     key=lambda p: p.stat().st_mtime, reverse=True)
    for old in entries[KEEP_CACHED:]:
        shutil.rmtree(old, ignore_errors=True)


def _up_to_date(out: Path, planned: list[Planned], context: dict) -> bool:
    manifest = _read_manifest(out / "build.json")
    if not manifest or manifest.get("data") != context["data_label"] or manifest.get("scenario") != context["scenario"]:
        return False
    for item in planned:
        entry = manifest.get("sections", {}).get(item.section.slug, {})
        if entry.get("fingerprint") != item.digest:
            return False
        if not (out / "sections" / f"{item.section.slug}.html").is_file():
            return False
    return (out / "index.html").is_file()


def build(options: Options) -> dict:
    started = time.perf_counter()
    out = default_out(options)
    planned, context = plan(options)
    publish.ensure_writable(out)
    os.environ[DATA_ENV] = str(context["data_dir"])
    os.environ[VALIDATED_ENV] = str(context["data_dir"])  # checked by plan(); kernels need not re-check
    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(SRC_DIR), os.environ.get("PYTHONPATH")]))
    os.environ.setdefault("MPLBACKEND", "Agg")

    with publish.locked(out):
        publish.remove_stale_staging(out)
        if not options.force and _up_to_date(out, planned, context):
            _say(f"{label(out)}/ is up to date ({len(planned)} section(s) unchanged; --force rebuilds)")
            return _read_manifest(out / "build.json")
        progress = Progress([p.section.slug for p in planned])
        todo = []
        for item in planned:
            if item.cached and not options.force:
                progress.set(item.section.slug, "cached", "(inputs unchanged)")
            else:
                todo.append(item)
        jobs = options.jobs or os.cpu_count() or 1
        timings = _run(todo, planned, context, jobs, progress, options.force)
        with publish.staged(out) as stage:
            manifest = _publish(stage, planned, context, timings)
            if {p.section.slug for p in planned} == {s.slug for s in SECTIONS}:
                _publish_combined(stage, planned, context)
            elif (out / "ai-bubble-report.html").exists():
                _say("combined report and deck left as they were (built only when every section is built)")
    _say(f"reports written to {label(out)}/ in {time.perf_counter() - started:.1f}s "
         f"(open {label(out)}/index.html)")
    return manifest


def _publish(stage: Path, planned: list[Planned], context: dict, timings: dict) -> dict:
    previous = _read_manifest(stage / "build.json")
    sections = dict(previous.get("sections", {}))
    for item in planned:
        slug = item.section.slug
        for name in sections.get(slug, {}).get("figures", []):  # drop figures the section no longer makes
            for ext in ("svg", "png"):
                (stage / "figures" / f"{name}.{ext}").unlink(missing_ok=True)
        entry = json.loads((item.cache / "entry.json").read_text())
        for src, dest in (("section.html", f"sections/{slug}.html"), ("section.pdf", f"sections/{slug}.pdf"),
                          ("executed.ipynb", f"executed/{slug}.ipynb")):
            publish.copy_in(item.cache / src, stage / dest)
        for figure in entry["figures"]:
            for ext in ("svg", "png"):
                publish.copy_in(item.cache / "figures" / f"{figure['name']}.{ext}",
                                stage / "figures" / f"{figure['name']}.{ext}")
        sections[slug] = {
            "title": item.section.title, "notebook": f"notebooks/{item.section.notebook}",
            "fingerprint": item.digest, "inputs": item.inputs, "parameters": item.values,
            "figures": [f["name"] for f in entry["figures"]],
            "findings": entry.get("findings", []),
        }
    manifest = {
        "fingerprint": fingerprint.overall({s: m["fingerprint"] for s, m in sections.items()}),
        "data": context["data_label"],
        "scenario": context["scenario"],
        "sections": dict(sorted(sections.items())),
        "packages": package_versions(),
    }
    publish.write_text(stage / "index.html", _index_page(manifest))
    publish.write_text(stage / "build.json", json.dumps(manifest, indent=2) + "\n")
    times = _read_manifest(stage / "build-times.json")
    times.update({slug: t["seconds"] for slug, t in timings.items()})
    publish.write_text(stage / "build-times.json", json.dumps(dict(sorted(times.items())), indent=2) + "\n")
    return manifest


COMBINED_FILES = ("ai-bubble-report.html", "ai-bubble-report.pdf", "deck.pdf")


def _combined_plan(planned: list[Planned], context: dict, force: bool = False) -> dict | None:
    """The combined report's cache and staging folders, or None when it is not built this time (a
    partial build) or is already cached."""
    if {p.section.slug for p in planned} != {s.slug for s in SECTIONS}:
        return None
    cache = _combined_cache_dir(planned, context)
    if not force and _combined_complete(cache):
        return None
    return {"cache": cache, "tmp": cache.with_name(cache.name + f".tmp-{os.getpid()}")}


def _combined_cache_dir(planned: list[Planned], context: dict) -> Path:
    """Keyed by everything the combined report and deck show: the sections, the ledger and the
    files its checks read, the code, and the footer's labels."""
    from helpers.combined import ledger_files

    digest = fingerprint.combine({
        "sections": {p.section.slug: p.digest for p in planned},
        "data": {n: fingerprint.file_digest(context["data_dir"] / n) for n in ledger_files()},
        "code": context["code"],
        "footer": fingerprint.combine({k: context[k] for k in ("data_label", "scenario")}),
    })
    return CACHE_DIR / "combined" / digest


def _combined_complete(cache: Path) -> bool:
    return all((cache / name).is_file() for name in COMBINED_FILES)


def _commit_combined(job: dict) -> None:
    _store(job["tmp"], job["cache"], _combined_complete(job["cache"]))


def _publish_combined(stage: Path, planned: list[Planned], context: dict) -> None:
    cache = _combined_cache_dir(planned, context)
    for name in COMBINED_FILES:
        publish.copy_in(cache / name, stage / name)


def _read_manifest(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _index_page(manifest: dict) -> str:
    from helpers import render

    built = manifest["sections"]
    entries = [(s, built[s.slug]) for s in SECTIONS if s.slug in built]
    headline = [dict(f, section=s.title.split(":")[0]) for s, m in entries for f in m.get("findings", [])
                if f.get("label") and f.get("shown")]
    return render.page("index.html.j2", title="Does the math of the AI boom add up?",
                       subtitle="A reproducible test, with sourced numbers, of the argument that the AI boom is a bubble.",
                       entries=entries, headline=headline, fingerprint=manifest["fingerprint"],
                       data_label=manifest["data"], scenario=manifest["scenario"],
                       parameters={s: m["parameters"] for s, m in built.items()}, crumbs=None, section=None,
                       has_combined=len(entries) == len(SECTIONS), scenarios=manifest.get("scenario") is None)
