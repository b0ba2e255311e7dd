"""Run one section: execute its notebook with papermill, then render its HTML and PDF into a folder.

Runs in a worker process when several jobs run at once, and communicates only through the files it
writes and what it returns.
"""
from __future__ import annotations

import base64
import json
import logging
import os
import shutil
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

from helpers.build import kernels
from helpers.build.outputs import SectionFolder
from helpers.core.errors import BuildError
from helpers.core.present import SLIDE_KEY
from helpers.core.paths import CACHE_DIR, NOTEBOOKS_DIR, SECTION_ENV, label


def _register_value_translator() -> None:
    """Inject parameter values as Python literals (repr), so quotes, backslashes and newlines
    in a string stay a value and never become code."""
    from papermill.translators import PythonTranslator, papermill_translators

    class LiteralTranslator(PythonTranslator):
        @classmethod
        def translate_str(cls, val):
            return repr(val)

        @classmethod
        def translate_escaped_str(cls, str_val):
            return repr(str_val)

    papermill_translators.register("python", LiteralTranslator)


def normalize(nb) -> None:
    """Strip what differs between identical runs: random cell ids, timings, kernel details."""
    for index, cell in enumerate(nb.cells):
        cell["id"] = f"cell-{index:03d}"
        cell.metadata.pop("execution", None)
        cell.metadata.pop("papermill", None)
    pm = nb.metadata.get("papermill", {})
    nb.metadata["papermill"] = {"parameters": pm.get("parameters", {})}
    nb.metadata.pop("widgets", None)


# What papermill, nbclient and asyncio say while a notebook runs (a kernel that died, a task left
# behind by an interrupt) goes to the section's kernel log, not the terminal: the build reports
# failures itself, in one line.
RUN_LOGGERS = ("papermill", "nbclient", "traitlets", "asyncio")


@contextmanager
def _logs_to(path: Path):
    path.parent.mkdir(parents=True, exist_ok=True)
    handler = logging.FileHandler(path, mode="a", encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(name)s %(levelname)s %(message)s"))
    loggers = [logging.getLogger(name) for name in RUN_LOGGERS]
    saved = [(logger.handlers[:], logger.propagate) for logger in loggers]
    for logger in loggers:
        logger.handlers, logger.propagate = [handler], False
    try:
        yield
    finally:
        for logger, (handlers, propagate) in zip(loggers, saved):
            logger.handlers, logger.propagate = handlers, propagate
        logging.getLogger("asyncio").setLevel(logging.CRITICAL)  # tasks collected later stay quiet too
        handler.close()


@contextmanager
def _section_env(slug: str):
    """The kernel learns which section it runs (helpers.core.data refuses files it does not declare)."""
    previous = os.environ.get(SECTION_ENV)
    os.environ[SECTION_ENV] = slug
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop(SECTION_ENV, None)
        else:
            os.environ[SECTION_ENV] = previous


def execute(section, values: dict, target: Path):
    """Run the section's notebook with papermill in a warm kernel; returns the executed notebook,
    normalized (the caller writes it). A failing cell leaves the executed copy in .build/failed/."""
    import papermill
    from papermill.exceptions import PapermillExecutionError

    _register_value_translator()
    socket_dir = tempfile.mkdtemp(prefix="ai-bubble-kernel-")
    log_path = CACHE_DIR / "kernels" / f"{section.slug}.log"
    seed = kernels.Seed(log_path)
    try:
        with _logs_to(log_path), _section_env(section.slug):
            nb = papermill.execute_notebook(
                str(section.path), str(target), parameters=values, kernel_name="python3",
                progress_bar=False, log_output=False, cwd=str(NOTEBOOKS_DIR),
                kernel_manager_class=kernels.manager_class(socket_dir, seed),
                # written once at the end, not after every cell (each save serializes every chart so far)
                request_save_on_cell_execute=False,
            )
    except PapermillExecutionError as exc:
        failed = CACHE_DIR / "failed" / f"{section.slug}.ipynb"
        failed.parent.mkdir(parents=True, exist_ok=True)
        if target.exists():
            shutil.copyfile(target, failed)
        detail = (str(exc.evalue).strip().splitlines() or [""])[0]
        raise BuildError(f"notebooks/{section.notebook}: cell {exc.exec_count} raised {exc.ename}: {detail} "
                         f"(executed copy kept at {label(failed)})") from None
    finally:
        seed.close()
        shutil.rmtree(socket_dir, ignore_errors=True)
    normalize(nb)
    return nb


def figures_in(nb) -> list[dict]:
    found = []
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            meta = output.get("metadata", {}).get("report_figure")
            if meta:
                found.append({**meta, "svg": output["data"]["image/svg+xml"], "png": output["data"]["image/png"],
                              "slide": output["metadata"].get(SLIDE_KEY)})
    return found


def _drop_figure_copies(nb) -> None:
    """Keep each chart once in the executed notebook: its HTML output embeds the SVG; the PNG and
    SVG copies that travel alongside only feed figures/ and would triple the file."""
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            if output.get("metadata", {}).get("report_figure"):
                output["data"].pop("image/png", None)
                output["data"].pop("image/svg+xml", None)
                output["metadata"].pop(SLIDE_KEY, None)


def findings_in(nb) -> list[dict]:
    return [output["metadata"]["report_finding"] for cell in nb.cells for output in cell.get("outputs", [])
            if output.get("metadata", {}).get("report_finding")]


def run_section(section, values: dict, context: dict, folder: Path) -> dict:
    """Execute `section` and render its HTML into `folder` (the PDF is a separate job, so that the
    PDFs and the rest of the report can be spread over the cores); returns its manifest entry
    with timings."""
    import nbformat

    from helpers.build import render
    from helpers.core import assumptions, live
    from helpers.core.html import fragment, trusted

    folder = SectionFolder(folder)
    folder.path.mkdir(parents=True, exist_ok=True)
    seconds = {}
    t0 = time.perf_counter()
    nb = execute(section, values, folder / "executed.ipynb")
    seconds["execute"] = round(time.perf_counter() - t0, 2)

    # the section's live assumptions: its model over the grids of its key assumptions, in this process, on
    # the same data folder (the cache key already covers the section's data, code and parameters)
    found = findings_in(nb)
    cpu = time.process_time()
    with _section_env(section.slug):
        live_table = live.table(section.slug, values, found)
    seconds["live_cpu"] = round(time.process_time() - cpu, 3)

    t0 = time.perf_counter()
    main_nb, appendix = render.split_appendix(nb)
    numbered = render.number_figures(render.notebook_body(main_nb), section.number)
    appendix["data"] = render.number_figures(appendix["data"], section.number,
                                             start=len(render.FIGCAPTION.findall(numbered)) + 1)
    body = render.with_assumptions(numbered, assumptions.box_html(section.slug, values, live_table))
    body = live.mark_findings(body, live_table)
    (folder / "body.html").write_text(body, encoding="utf-8")
    (folder / "appendix.json").write_text(json.dumps(appendix, sort_keys=True), encoding="utf-8")
    cited = render.source_links(body + appendix["claims"] + appendix["data"])
    back = fragment("section_appendix", claims=trusted(appendix["claims"]), data=trusted(appendix["data"]),
                    sources=trusted(render.sources_list(cited)) if cited else None)
    page = dict(title=section.title, crumbs="../index.html", parameters={section.slug: values}, **context)
    html_page = dict(page, pager=pager(section))
    # the section's own page: argument, then its appendix and what built it; its PDF is drawn from two
    # parts, the argument alone (which the combined PDF reuses) and the rest
    (folder / "section.html").write_text(render.page(body=body + back, **html_page), encoding="utf-8")
    (folder / "main.html").write_text(render.page(body=body, link_targets=[f"source-{i}" for i in cited],
                                                  **dict(page, footer=False)), encoding="utf-8")
    (folder / "appendix.html").write_text(render.page(body=back, **dict(page, header=False, crumbs=None)),
                                          encoding="utf-8")
    seconds["render"] = round(time.perf_counter() - t0, 2)

    figures = figures_in(nb)
    _drop_figure_copies(nb)
    nbformat.write(nb, folder / "executed.ipynb")
    folder.figures.mkdir(exist_ok=True)
    for figure in figures:
        folder.figure(figure["name"], "svg").write_text(figure["svg"], encoding="utf-8")
        folder.figure(figure["name"], "png").write_bytes(base64.b64decode(figure["png"]))
        if figure["slide"]:
            write_slide_figures(folder, figure["name"], figure["slide"])
    entry = {"figures": [{"name": f["name"], "title": f["title"], "alt": f["alt"], "deck": f.get("deck", False),
                          **({"slide": {k: f["slide"][k] for k in SLIDE_ENTRY}} if f["slide"] else {})}
                         for f in figures],
             "findings": found}
    (folder / "entry.json").write_text(json.dumps(entry, indent=2) + "\n", encoding="utf-8")
    return {**entry, "seconds": seconds}


# What entry.json keeps of a deck chart's slide (the drawings go to files).
SLIDE_ENTRY = ("layout", "title", "source", "findings", "sources")


def write_slide_figures(folder: SectionFolder, name: str, slide: dict) -> None:
    """A deck chart drawn for its slide (figures/deck/, what deck.html and deck.pptx embed) and at
    1920 × 1080 for a presenter's own slides (figures/slides/, published)."""
    for kind, prefix in (("deck", "deck_"), ("slides", "")):
        folder.slide_figure(kind, name, "svg").parent.mkdir(parents=True, exist_ok=True)
        folder.slide_figure(kind, name, "svg").write_text(slide[prefix + "svg"], encoding="utf-8")
        folder.slide_figure(kind, name, "png").write_bytes(base64.b64decode(slide[prefix + "png"]))


def pager(section) -> dict:
    """The section pages before and after this one (the landing page at either end)."""
    from helpers.sections import SECTIONS

    order = list(SECTIONS)
    at = next(i for i, s in enumerate(order) if s.slug == section.slug)
    home = {"href": "../index.html", "title": "All reports"}

    def link(i):
        return {"href": f"{order[i].slug}.html", "title": order[i].short} if 0 <= i < len(order) else home
    return {"prev": link(at - 1), "next": link(at + 1)}


def section_pdf(folder: str) -> float:
    """Lay out and draw the section's argument and its appendix once each: `section-base.pdf` (the
    argument without page numbers, the part the combined report is put together from), `section.pdf`
    (both, numbered: the section's own PDF) and `part.json` (the argument's page count and the page of
    every link target). Returns the seconds it took."""
    from helpers.build import pdfparts

    t0 = time.perf_counter()
    folder = SectionFolder(Path(folder))
    part = pdfparts.render_part((folder / "main.html").read_text(encoding="utf-8"))
    appendix = pdfparts.render_part((folder / "appendix.html").read_text(encoding="utf-8"))
    (folder / "section-base.pdf").write_bytes(part.pdf)
    (folder / "section.pdf").write_bytes(pdfparts.assemble([(None, part.pdf), (None, appendix.pdf)]))
    (folder / "part.json").write_text(json.dumps(part.meta(), indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return round(time.perf_counter() - t0, 2)


def init_worker() -> None:
    """Load what every kernel needs, once, before the workers are forked: the kernels forked from
    them start warm (see helpers.build.kernels)."""
    kernels.preload()


def worker(slug: str, values: dict, context: dict, folder: str) -> dict:
    """Entry point in a worker process: run one section into `folder`."""
    from helpers.sections import by_slug

    return run_section(by_slug(slug), values, context, Path(folder))
