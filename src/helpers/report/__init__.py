"""The combined report (summary, sections, claim audit, sources) and the meeting deck: one unit,
its content (content.py), the jobs that make it (jobs.py) and its caching (here).

Both are assembled from the sections' cached, already-rendered bodies and the findings and figures
each notebook registered (helpers.build.outputs), so nothing is executed twice. The combined PDF is
put together from parts (helpers.build.pdfparts): a front part (title, contents, summary), each
section's own pages as its PDF already has them, and a back part (claim audit, sources).
"""
from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from helpers.build import cache, fingerprint
from helpers.build.publish import copy_in
from helpers.build.outputs import COMBINED_FILES
from helpers.build.plan import Planned, footer_digest, page_context
from helpers.core.cutoff import article
from helpers.report.deck import deck_date

STEPS = ("back", "deck", "assemble")  # the job names, also the keys of its timings


def cache_dir(planned: list[Planned], context: dict) -> Path:
    """Keyed by everything the combined report and deck show: the sections, the ledger and the
    files its checks read, the code, and the footer's labels."""
    from helpers.build.manifest import package_versions
    from helpers.report.jobs import ledger_files

    digest = fingerprint.combine({
        "sections": {p.section.slug: p.digest for p in planned},
        "data": {n: fingerprint.file_digest(context["data_dir"] / n) for n in ledger_files()},
        "code": context["code"],
        "footer": footer_digest(context),
        "versions": package_versions(),  # printed in the reproducibility appendix
        "deck_date": deck_date(),  # a presenter's date on the title slide, if given
    })
    return cache.COMBINED_CACHE / digest


def complete(folder: Path) -> bool:
    return all((folder / name).is_file() for name in COMBINED_FILES)


@dataclass
class CombinedJob:
    """The combined report as this build makes it: its cache entry and staging folder."""
    cache: Path
    tmp: Path

    @classmethod
    def plan(cls, entry: Path, force: bool = False) -> CombinedJob | None:
        """For the cache entry `entry` (cache_dir()); None when it is already complete (and not forced)."""
        if not force and complete(entry):
            return None
        return cls(entry, cache.staging(entry))

    def jobs(self, todo: list[Planned], planned: list[Planned], context: dict, progress) -> list:
        """Its back part (the appendices: claim audit, data, sources, build) and its HTML and deck need
        every section run; its PDF, put together from the parts, comes last."""
        from helpers.build import fingerprint as fp
        from helpers.build.scheduler import Job
        from helpers.report import jobs

        folder, data_dir = str(self.tmp), str(context["data_dir"])
        overall = dict(page_context(context), fingerprint=fp.overall({p.section.slug: p.digest for p in planned}),
                       article=article(context["data_dir"]), deck_date=deck_date())

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
        return [
            Job("back", lambda: (jobs.back_job, (folder, specs(), data_dir, overall)), needs=runs, rank=3,
                started=part("the claim audit and sources", True), done=part("the claim audit and sources", False)),
            Job("deck", lambda: (jobs.html_and_deck_job, (folder, specs(), data_dir, overall)), needs=runs, rank=2,
                started=part("the deck", True), done=part("the deck", False)),
            Job("assemble", lambda: (jobs.assemble_job, (folder, specs(), data_dir, overall)),
                needs=(*pdfs, "back"), rank=1, started=lambda: progress.set("report", "putting the PDF together"),
                done=lambda _: progress.set("report", "done")),
        ]

    def seconds(self, outcome: dict) -> dict:
        return {step: outcome[step] for step in STEPS}

    def commit(self) -> None:
        cache.store(self.tmp, self.cache, complete(self.cache))

    def discard(self) -> None:
        shutil.rmtree(self.tmp, ignore_errors=True)


def publish(stage: Path, entry: Path) -> None:
    """Copy the cached combined report and deck (cache entry `entry`) into the staging tree."""
    for name in COMBINED_FILES:
        copy_in(entry / name, stage / name)
