"""What a build publishes besides the reports themselves: each section's files copied into the
staging tree, build.json (what built it) and the landing page."""
from __future__ import annotations

import json
import platform
from importlib import metadata
from pathlib import Path

from helpers.build import fingerprint, publish
from helpers.build.changes import Changes, diff
from helpers.build.outputs import FIGURE_FORMATS, SLIDES_FOLDER, SectionFolder, published
from helpers.build.plan import Planned
from helpers.core.cutoff import article
from helpers.sections import SECTIONS

PINNED = ("papermill", "nbconvert", "nbformat", "ipykernel", "pandas", "matplotlib", "seaborn",
          "networkx", "pandera", "weasyprint", "pyyaml", "numpy", "jinja2", "python-pptx")


def package_versions() -> dict[str, str]:
    versions = {"python": platform.python_version()}
    for name in PINNED:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return versions


def read(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def up_to_date(out: Path, planned: list[Planned], context: dict) -> bool:
    manifest = read(out / "build.json")
    if not manifest or manifest.get("data") != context["data_label"] or manifest.get("scenario") != context["scenario"]:
        return False
    for item in planned:
        entry = manifest.get("sections", {}).get(item.section.slug, {})
        if entry.get("fingerprint") != item.digest:
            return False
        if not (out / published(item.section.slug)["section.html"]).is_file():
            return False
    return (out / "index.html").is_file()


def claim_verdicts(data_dir: Path) -> dict[str, str]:
    """claim id -> verdict as claims.csv states it (already checked against its schema)."""
    import csv

    with open(data_dir / "claims.csv", encoding="utf-8", newline="") as handle:
        return {row["claim_id"]: row["verdict"] for row in csv.DictReader(handle)}


def publish_sections(stage: Path, planned: list[Planned], context: dict, timings: dict) -> tuple[dict, Changes]:
    """Copy each planned section's files into `stage`, then write build.json, build-times.json, the
    page of what changed since the build that was there, and the landing page; returns the manifest
    and the changes."""
    previous = read(stage / "build.json")
    sections = dict(previous.get("sections", {}))
    for item in planned:
        slug = item.section.slug
        for name in sections.get(slug, {}).get("figures", []):  # drop figures the section no longer makes
            for ext in FIGURE_FORMATS:
                (stage / "figures" / f"{name}.{ext}").unlink(missing_ok=True)
                (stage / "figures" / SLIDES_FOLDER / f"{name}.{ext}").unlink(missing_ok=True)
        folder = SectionFolder(item.cache)
        entry = folder.entry()
        for src, dest in published(slug).items():
            publish.copy_in(folder / src, stage / dest)
        for figure in entry["figures"]:
            for ext in FIGURE_FORMATS:
                publish.copy_in(folder.figure(figure["name"], ext), stage / "figures" / f"{figure['name']}.{ext}")
                if figure.get("slide"):  # a deck chart at 1920 × 1080, for a presenter's own slides
                    publish.copy_in(folder.slide_figure("slides", figure["name"], ext),
                                    stage / "figures" / SLIDES_FOLDER / f"{figure['name']}.{ext}")
        sections[slug] = {
            "title": item.section.title, "notebook": f"notebooks/{item.section.notebook}",
            "fingerprint": item.digest, "inputs": item.inputs, "parameters": item.values,
            "figures": [f["name"] for f in entry["figures"]],
            "findings": entry.get("findings", []),
        }
    manifest = {
        "fingerprint": fingerprint.overall({s: m["fingerprint"] for s, m in sections.items()}),
        "data": context["data_label"],
        "data_cutoff": context["cutoff"],
        "scenario": context["scenario"],
        "sections": dict(sorted(sections.items())),
        "claims": claim_verdicts(context["data_dir"]),
        "packages": package_versions(),
    }
    changes = diff(previous, manifest)
    publish.write_text(stage / "changes.html", changes_page(manifest, changes))
    publish.write_text(stage / "index.html", index_page(manifest, context))
    publish.write_text(stage / "build.json", json.dumps(manifest, indent=2) + "\n")
    times = read(stage / "build-times.json")
    times.update({slug: t["seconds"] for slug, t in timings.items()})
    publish.write_text(stage / "build-times.json", json.dumps(dict(sorted(times.items())), indent=2) + "\n")
    return manifest, changes


def _footer(manifest: dict) -> dict:
    return {"fingerprint": manifest["fingerprint"], "data_label": manifest["data"], "scenario": manifest["scenario"],
            "cutoff": manifest.get("data_cutoff"),
            "parameters": {s: m["parameters"] for s, m in manifest["sections"].items()}}


def changes_page(manifest: dict, changes: Changes) -> str:
    from helpers.build import render

    return render.page("changes.html.j2", title="Changes since the last build", changes=changes,
                       crumbs="index.html", **_footer(manifest))


def index_page(manifest: dict, context: dict) -> str:
    from helpers.build import render
    from helpers.report.content import REPORT_SUBTITLE, REPORT_TITLE

    from helpers.report import answer

    built = manifest["sections"]
    entries = [(s, built[s.slug]) for s in SECTIONS if s.slug in built]
    findings = [{"short": s.short, "findings": m.get("findings", [])} for s, m in entries]
    whole = len(entries) == len(SECTIONS)
    return render.page("index.html.j2", title=REPORT_TITLE, subtitle=REPORT_SUBTITLE,
                       entries=entries, answer=answer.answer(findings) if whole else None,
                       headline=answer.key_figures(findings), crumbs=None, section=None, **_footer(manifest),
                       article=article(context["data_dir"]), has_combined=whole)
