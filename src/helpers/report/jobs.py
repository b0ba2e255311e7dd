"""The combined report's jobs, run by the build's workers; each writes into `folder` and returns
the seconds it took."""
from __future__ import annotations

import json
import time
from pathlib import Path

from helpers.build.outputs import SectionFolder
from helpers.report.content import back_page, combined_page, front_page, page_numbers


def load_section(spec: dict) -> dict:
    """A section as the combined report needs it: `spec` (slug, title, short, parameters, folder)
    plus what its build left in the folder: findings, figures, the rendered body, its PDF part."""
    folder = SectionFolder(Path(spec["folder"]))
    return {**spec, **folder.entry(), "body": (folder / "body.html").read_text(encoding="utf-8"),
            "appendix": folder.appendix(), "part": folder.part()}


def ledger_files() -> list[str]:
    """The data files the claim audit reads: the ledger, the sources and what its checks recompute from."""
    from helpers.core.claims import CHECK_READS

    return sorted({"claims.csv", "sources.csv", *(f for files in CHECK_READS.values() for f in files)})


def load_ledger(data_dir: str) -> tuple:
    from helpers.core import claims
    from helpers.core import data

    frames = {name: data.load(name, data_dir) for name in ledger_files()}
    return claims.evaluate(frames["claims.csv"], frames), frames["sources.csv"]


def back_job(folder: str, specs: list[dict], data_dir: str, context: dict) -> float:
    """Render the combined PDF's last part (the appendices): back.pdf, back.json."""
    from helpers.build import pdfparts
    from helpers.build.manifest import package_versions

    t0 = time.perf_counter()
    sections = [load_section(spec) for spec in specs]
    ledger, sources = load_ledger(data_dir)
    part = pdfparts.render_part(back_page(ledger, sources, sections, dict(context, versions=package_versions())))
    (Path(folder) / "back.pdf").write_bytes(part.pdf)
    (Path(folder) / "back.json").write_text(json.dumps(part.meta(), sort_keys=True), encoding="utf-8")
    return round(time.perf_counter() - t0, 2)


def html_and_deck_job(folder: str, specs: list[dict], data_dir: str, context: dict) -> float:
    """Write the combined report's HTML page and the meeting deck (deck.html, deck.pdf, deck.pptx)."""
    from helpers.build.manifest import package_versions
    from helpers.report import deck

    t0 = time.perf_counter()
    sections = [load_section(spec) for spec in specs]
    ledger, sources = load_ledger(data_dir)
    versions = package_versions()
    (Path(folder) / "ai-bubble-report.html").write_text(
        combined_page(sections, ledger, sources, dict(context, versions=versions)), encoding="utf-8")
    deck.write(Path(folder), sections, ledger, sources, dict(context, versions=versions),
               lambda s, name, fmt: SectionFolder(Path(s["folder"])).slide_figure("deck", name, fmt))
    return round(time.perf_counter() - t0, 2)


def assemble_job(folder: str, specs: list[dict], data_dir: str, context: dict) -> float:
    """Render the first part (title, contents with page numbers, summary) and put the combined PDF
    together from it, the sections' own pages and the back part: ai-bubble-report.pdf."""
    from helpers.build import pdfparts

    t0 = time.perf_counter()
    sections = [load_section(spec) for spec in specs]
    ledger, sources = load_ledger(data_dir)
    back = json.loads((Path(folder) / "back.json").read_text(encoding="utf-8"))
    used = page_numbers(sections, back, front_pages=3, summary_page=2)  # a guess, corrected below
    for _ in range(4):  # the numbers can change the front's length; settle in a pass or two
        front = pdfparts.render_part(front_page(sections, ledger, sources, context, used))
        actual = page_numbers(sections, back, front.pages, front.anchors["summary"] + 1)
        if actual == used:
            break
        used = actual
    parts = [(None, front.pdf)] + [(s["slug"], (SectionFolder(Path(s["folder"])) / "section-base.pdf").read_bytes())
                                   for s in sections] + [(None, (Path(folder) / "back.pdf").read_bytes())]
    (Path(folder) / "ai-bubble-report.pdf").write_bytes(pdfparts.assemble(parts))
    return round(time.perf_counter() - t0, 2)
