"""Run one section: execute its notebook with papermill, then render HTML and PDF into a folder.

Runs in a worker process when several sections are built at once, so it imports the heavy
libraries itself and communicates only through the files it writes and the dict it returns.
"""
from __future__ import annotations

import base64
import json
import os
import shutil
import tempfile
import sys
import time
from pathlib import Path

from helpers.errors import BuildError
from helpers.paths import CACHE_DIR, NOTEBOOKS_DIR, label


def _kernel_manager_class(socket_dir: str, log_path: Path):
    """Kernels talk over local sockets (IPC) in a private folder, not TCP: nothing listens on the
    network, and kernels started at the same moment by parallel workers cannot collide. The
    kernel's own output goes to a log file, not the user's terminal."""
    from jupyter_client.manager import AsyncKernelManager

    class LocalKernelManager(AsyncKernelManager):
        def __init__(self, **kwargs):
            kwargs.setdefault("transport", "ipc")
            kwargs.setdefault("ip", os.path.join(socket_dir, "kernel"))
            super().__init__(**kwargs)

        async def _async_launch_kernel(self, kernel_cmd, **kw):
            log_path.parent.mkdir(parents=True, exist_ok=True)
            with open(log_path, "ab") as log:
                kw.update(stdout=log, stderr=log)
                await super()._async_launch_kernel(kernel_cmd, **kw)

    return LocalKernelManager


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


def execute(section, values: dict, target: Path):
    import nbformat
    import papermill
    from papermill.exceptions import PapermillExecutionError

    _register_value_translator()
    socket_dir = tempfile.mkdtemp(prefix="ai-bubble-kernel-")
    try:
        papermill.execute_notebook(
            str(section.path), str(target), parameters=values, kernel_name="python3",
            progress_bar=False, log_output=False, cwd=str(NOTEBOOKS_DIR),
            kernel_manager_class=_kernel_manager_class(socket_dir, CACHE_DIR / "kernels" / f"{section.slug}.log"),
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
        shutil.rmtree(socket_dir, ignore_errors=True)
    nb = nbformat.read(target, as_version=4)
    normalize(nb)
    nbformat.write(nb, target)
    return nb


def figures_in(nb) -> list[dict]:
    found = []
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            meta = output.get("metadata", {}).get("report_figure")
            if meta:
                found.append({**meta, "svg": output["data"]["image/svg+xml"], "png": output["data"]["image/png"]})
    return found


def _drop_figure_copies(nb) -> None:
    """Keep each chart once in the executed notebook: its HTML output embeds the SVG; the PNG and
    SVG copies that travel alongside only feed figures/ and would triple the file."""
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            if output.get("metadata", {}).get("report_figure"):
                output["data"].pop("image/png", None)
                output["data"].pop("image/svg+xml", None)


def findings_in(nb) -> list[dict]:
    return [output["metadata"]["report_finding"] for cell in nb.cells for output in cell.get("outputs", [])
            if output.get("metadata", {}).get("report_finding")]


def run_section(section, values: dict, context: dict, folder: Path) -> dict:
    """Execute `section` and render its HTML into `folder` (the PDF is a separate job, so that all
    PDFs, the long combined report's first, can be spread over the cores); returns its manifest
    entry with timings."""
    import nbformat

    from helpers import render

    folder.mkdir(parents=True, exist_ok=True)
    seconds = {}
    t0 = time.perf_counter()
    nb = execute(section, values, folder / "executed.ipynb")
    seconds["execute"] = round(time.perf_counter() - t0, 2)

    t0 = time.perf_counter()
    body = render.notebook_body(nb)
    (folder / "body.html").write_text(body, encoding="utf-8")
    numbered, _ = render.number_figures(body)
    html = render.page(title=section.title, body=numbered, crumbs="../index.html",
                       parameters={section.slug: values}, **context)
    (folder / "section.html").write_text(html, encoding="utf-8")
    seconds["render"] = round(time.perf_counter() - t0, 2)

    figures = figures_in(nb)
    _drop_figure_copies(nb)
    nbformat.write(nb, folder / "executed.ipynb")
    (folder / "figures").mkdir(exist_ok=True)
    for figure in figures:
        (folder / "figures" / f"{figure['name']}.svg").write_text(figure["svg"], encoding="utf-8")
        (folder / "figures" / f"{figure['name']}.png").write_bytes(base64.b64decode(figure["png"]))
    entry = {"figures": [{"name": f["name"], "title": f["title"], "alt": f["alt"], "deck": f.get("deck", False)}
                         for f in figures],
             "findings": findings_in(nb)}
    (folder / "entry.json").write_text(json.dumps(entry, indent=2) + "\n", encoding="utf-8")
    return {**entry, "seconds": seconds}


def pdf_job(html_path: str, pdf_path: str) -> float:
    """Render an HTML page to PDF; returns the seconds it took (runs in a worker)."""
    from helpers import render

    t0 = time.perf_counter()
    html = Path(html_path).read_text(encoding="utf-8")
    Path(pdf_path).write_bytes(render.pdf_bytes(html))
    return round(time.perf_counter() - t0, 2)


_QUEUE = None


def init_worker(queue) -> None:
    """Pool initializer: the queue on which workers report that a section started."""
    global _QUEUE
    _QUEUE = queue


def worker(payload: tuple) -> dict:
    """Entry point in a worker process: (slug, values, context, folder)."""
    from helpers.sections import by_slug

    slug, values, context, folder = payload
    if _QUEUE is not None:
        _QUEUE.put(("running", slug, time.time()))
    try:
        return run_section(by_slug(slug), values, context, Path(folder))
    except KeyboardInterrupt:
        sys.exit(130)
