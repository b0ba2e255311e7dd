"""The build: check data and parameters, execute each section notebook with papermill,
render HTML and PDF, export figures, write build.json, and publish atomically."""
from __future__ import annotations

import base64
import json
import os
import platform
import shutil
import sys
import time
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

import nbformat

from helpers import data, fingerprint, params, publish, render
from helpers.errors import BuildError
from helpers.paths import CACHE_DIR, DATA_ENV, DEFAULT_DATA_DIR, DEFAULT_REPORTS_DIR, NOTEBOOKS_DIR, ROOT, SRC_DIR
from helpers.sections import SECTIONS, Section, select

PINNED = ("papermill", "nbconvert", "nbformat", "ipykernel", "pandas", "matplotlib", "seaborn",
          "networkx", "pandera", "weasyprint", "pyyaml", "numpy", "jinja2")


@dataclass
class Options:
    data: Path | None = None
    scenario: Path | None = None
    pairs: list[str] = field(default_factory=list)
    out: Path | None = None
    only: list[str] | None = None


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _label(path: Path) -> str:
    path = path.resolve()
    try:
        return path.relative_to(ROOT).as_posix()
    except ValueError:
        return str(path)


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


def normalize(nb) -> None:
    """Strip what differs between identical runs: random cell ids, timings, kernel details."""
    for index, cell in enumerate(nb.cells):
        cell["id"] = f"cell-{index:03d}"
        cell.metadata.pop("execution", None)
        cell.metadata.pop("papermill", None)
    pm = nb.metadata.get("papermill", {})
    nb.metadata["papermill"] = {"parameters": pm.get("parameters", {})}
    nb.metadata.pop("widgets", None)


def _kernel_manager_class():
    """Kernels talk over local sockets (IPC), not TCP: nothing listens on the network."""
    from jupyter_client.manager import AsyncKernelManager

    class LocalKernelManager(AsyncKernelManager):
        def __init__(self, **kwargs):
            kwargs.setdefault("transport", "ipc")
            super().__init__(**kwargs)

    return LocalKernelManager


def execute(section: Section, values: dict, target: Path) -> nbformat.NotebookNode:
    import papermill
    from papermill.exceptions import PapermillExecutionError

    try:
        papermill.execute_notebook(
            str(section.path), str(target), parameters=values, kernel_name="python3",
            progress_bar=sys.stderr.isatty(), log_output=False, cwd=str(NOTEBOOKS_DIR),
            kernel_manager_class=_kernel_manager_class(),
        )
    except PapermillExecutionError as exc:
        failed = CACHE_DIR / "failed" / f"{section.slug}.ipynb"
        failed.parent.mkdir(parents=True, exist_ok=True)
        if target.exists():
            shutil.copyfile(target, failed)
        detail = (str(exc.evalue).strip().splitlines() or [""])[0]
        raise BuildError(f"notebooks/{section.notebook}: cell {exc.exec_count} raised {exc.ename}: {detail} "
                         f"(executed copy kept at {_label(failed)})") from None
    nb = nbformat.read(target, as_version=4)
    normalize(nb)
    return nb


def figures_in(nb) -> list[dict]:
    found = []
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            meta = output.get("metadata", {}).get("report_figure")
            if meta:
                found.append({**meta, "svg": output["data"]["image/svg+xml"], "png": output["data"]["image/png"]})
    return found


def build(options: Options) -> dict:
    started = time.perf_counter()
    sections = select(options.only)
    data_dir = Path(options.data or DEFAULT_DATA_DIR).resolve()
    out = default_out(options)

    reads = sorted({name for s in sections for name in s.reads})
    data.check_folder(data_dir, reads)
    values = params.resolve(sections, Path(options.scenario) if options.scenario else None, options.pairs)
    os.environ[DATA_ENV] = str(data_dir)
    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(SRC_DIR), os.environ.get("PYTHONPATH")]))
    os.environ.setdefault("MPLBACKEND", "Agg")

    with publish.locked(out), publish.staged(out) as stage:
        previous = _read_manifest(stage / "build.json")
        manifest_sections = dict(previous.get("sections", {}))
        for number, section in enumerate(sections, 1):
            tag = f"[{number}/{len(sections)} {section.slug}]"
            inputs = fingerprint.section_inputs(section, data_dir, values[section.slug])
            digest = fingerprint.combine(inputs)
            steps = {}

            _say(f"{tag} executing {section.notebook} ...")
            t0 = time.perf_counter()
            executed_path = stage / "executed" / f"{section.slug}.ipynb"
            executed_path.parent.mkdir(parents=True, exist_ok=True)
            if executed_path.exists():
                executed_path.unlink()  # may be a hard link into the published tree
            nb = execute(section, values[section.slug], executed_path)
            nbformat.write(nb, executed_path)
            steps["execute"] = round(time.perf_counter() - t0, 2)

            _say(f"{tag} rendering HTML and PDF ...")
            t0 = time.perf_counter()
            body, _ = render.number_figures(render.notebook_body(nb))
            context = dict(title=section.title, section=None, body=body, crumbs="../index.html",
                           fingerprint=digest, data_label=_data_label(data_dir),
                           scenario=_label(Path(options.scenario)) if options.scenario else None,
                           parameters={section.slug: values[section.slug]})
            html = render.page(**context)
            publish.write_text(stage / "sections" / f"{section.slug}.html", html)
            publish.write_bytes(stage / "sections" / f"{section.slug}.pdf", render.pdf_bytes(html))
            steps["render"] = round(time.perf_counter() - t0, 2)

            figures = figures_in(nb)
            for figure in figures:
                publish.write_text(stage / "figures" / f"{figure['name']}.svg", figure["svg"])
                publish.write_bytes(stage / "figures" / f"{figure['name']}.png", base64.b64decode(figure["png"]))
            manifest_sections[section.slug] = {
                "title": section.title, "notebook": f"notebooks/{section.notebook}", "fingerprint": digest,
                "inputs": inputs, "parameters": values[section.slug],
                "figures": [f["name"] for f in figures], "seconds": steps,
            }
            _say(f"{tag} done in {sum(steps.values()):.1f}s")

        manifest = {
            "fingerprint": fingerprint.combine({s: m["fingerprint"] for s, m in sorted(manifest_sections.items())}),
            "data": _data_label(data_dir),
            "scenario": _label(Path(options.scenario)) if options.scenario else None,
            "sections": dict(sorted(manifest_sections.items())),
            "packages": package_versions(),
        }
        manifest["seconds_total"] = round(time.perf_counter() - started, 2)
        publish.write_text(stage / "index.html", _index_page(manifest))
        publish.write_text(stage / "build.json", json.dumps(manifest, indent=2, sort_keys=False) + "\n")
    _say(f"reports written to {_label(out)}/ in {time.perf_counter() - started:.1f}s "
         f"(open {_label(out)}/index.html)")
    return manifest


def _data_label(data_dir: Path) -> str:
    return _label(data_dir)


def _read_manifest(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _index_page(manifest: dict) -> str:
    built = {slug: m for slug, m in manifest["sections"].items()}
    entries = [(s, built[s.slug]) for s in SECTIONS if s.slug in built]
    return render.page("index.html.j2", title="Does the math of the AI boom add up?",
                       subtitle="A reproducible test, with sourced numbers, of the argument that the AI boom is a bubble.",
                       entries=entries, fingerprint=manifest["fingerprint"], data_label=manifest["data"],
                       scenario=manifest["scenario"], parameters={s: m["parameters"] for s, m in built.items()},
                       crumbs=None, section=None)
