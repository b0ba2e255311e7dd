"""`python -m helpers compare base bear bull`: build each scenario, then one page that sets their
key figures side by side in a table and a chart (reports/scenarios/index.html)."""
from __future__ import annotations

import base64
import sys
import textwrap
from pathlib import Path

from helpers.build import publish
from helpers.build import render
from helpers.core.errors import ParameterError
from helpers.core.html import fragment
from helpers.core.paths import DEFAULT_DATA_DIR, DEFAULT_REPORTS_DIR


def scenario_path(name: str, data_dir: Path) -> Path:
    path = Path(name)
    if path.suffix in (".yaml", ".yml"):
        if not path.is_file():
            raise ParameterError(f"{name}: scenario file not found")
        return path
    candidate = data_dir / "scenarios" / f"{name}.yaml"
    if not candidate.is_file():
        known = sorted(p.stem for p in (data_dir / "scenarios").glob("*.yaml"))
        raise ParameterError(f"unknown scenario '{name}'; expected one of: {', '.join(known) or 'none'} "
                             f"(files in {data_dir / 'scenarios'}) or a path to a .yaml file")
    return candidate


def key_rows(manifests: dict[str, dict]) -> list[dict]:
    """One row per key figure (label), with each scenario's shown value and numeric value."""
    rows: dict[str, dict] = {}
    for scenario, manifest in manifests.items():
        for slug, section in manifest["sections"].items():
            for f in section.get("findings", []):
                if not (f.get("label") and f.get("shown")):
                    continue
                row = rows.setdefault(f["name"], {"name": f["name"], "label": f["label"], "section": slug,
                                                  "shown": {}, "value": {}})
                row["shown"][scenario] = f["shown"]
                row["value"][scenario] = f.get("value")
    return list(rows.values())


def spread(row: dict) -> float:
    values = [v for v in row["value"].values() if isinstance(v, (int, float))]
    if len(values) < 2:
        return 0.0
    scale = max(abs(v) for v in values) or 1.0
    return (max(values) - min(values)) / scale


def chart_svg(rows: list[dict], names: list[str]) -> tuple[str, str, str]:
    import numpy as np

    from helpers.core.present import PALETTE, _render, chart

    numeric = [r for r in rows if sum(isinstance(r["value"].get(n), (int, float)) for n in names) >= 2]
    top = max(numeric, key=spread) if numeric else None
    title = (f"Across scenarios, “{top['label']}” moves most: " + " → ".join(top["shown"].get(n, "–") for n in names)
             if top else "The scenarios side by side")
    cols = min(3, max(1, len(numeric)))
    nrows = max(1, -(-len(numeric) // cols))
    fig, axes = chart(title, "this report's notebooks under each scenario's parameters (data/scenarios/)",
                      ncols=1, size=(11, 2.6 * nrows + 1.2))
    fig.delaxes(axes)
    grid = fig.subplots(nrows, cols, squeeze=False)
    colors = [PALETTE["neutral"], PALETTE["cost"], PALETTE["revenue"], PALETTE["accent"], PALETTE["good"]]
    for ax, row in zip(grid.flat, numeric):
        values = [row["value"].get(n) if isinstance(row["value"].get(n), (int, float)) else np.nan for n in names]
        ax.bar(range(len(names)), values, color=[colors[i % len(colors)] for i in range(len(names))])
        for i, n in enumerate(names):
            if row["shown"].get(n):
                ax.annotate(row["shown"][n], (i, 0 if np.isnan(values[i]) else values[i]), ha="center", va="bottom",
                            xytext=(0, 2), textcoords="offset points", fontsize=10)
        ax.set_xticks(range(len(names)), names)
        ax.set_title("\n".join(textwrap.wrap(row["label"], 38)), fontsize=11, loc="left")
        ax.set_yticks([])
        ax.grid(False)
        finite = [v for v in values if not np.isnan(v)]
        if finite and min(finite) > 1000:  # years: show the differences, not bars from zero
            ax.set_ylim(min(finite) - 3, max(finite) + 3)
    for ax in list(grid.flat)[len(numeric):]:
        ax.set_visible(False)
    svg, _ = _render(fig)
    alt = "Small bar charts, one per key figure, comparing scenarios " + ", ".join(names) + ": " + "; ".join(
        f"{r['label']}: " + ", ".join(f"{n} {r['shown'].get(n, '–')}" for n in names) for r in numeric) + "."
    return svg, title, alt


def compare(names: list[str], data: Path | None = None, reports: Path = DEFAULT_REPORTS_DIR) -> Path:
    from helpers.build import Options, build

    if len(names) < 2:
        raise ParameterError("compare needs at least two scenarios, e.g. compare base bear bull")
    data_dir = Path(data or DEFAULT_DATA_DIR)
    paths = [scenario_path(n, data_dir) for n in names]
    labels = [p.stem for p in paths]
    manifests = {}
    for label, path in zip(labels, paths):
        print(f"== scenario {label} ({path})", file=sys.stderr, flush=True)
        manifests[label] = build(Options(data=data, scenario=path, out=reports / "scenarios" / label))
    rows = key_rows(manifests)
    svg, title, alt = chart_svg(rows, labels)
    params = [{"name": f"{slug}.{name}",
               "cells": [str(manifests[l]["sections"].get(slug, {}).get("parameters", {}).get(name, "–"))
                          for l in labels]}
              for slug, section in manifests[labels[0]]["sections"].items() for name in section["parameters"]]
    uri = "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()
    body = fragment("compare", src=uri, alt=alt, title=title, labels=labels, rows=rows, params=params)
    page = render.page(title="Scenarios side by side", subtitle=" · ".join(labels), body=body, crumbs="../index.html",
                       fingerprint=render_fingerprint(manifests), data_label=str(data_dir),
                       scenario=", ".join(str(p) for p in paths), parameters={})
    target = reports / "scenarios" / "index.html"
    with publish.locked(reports / "scenarios"):
        publish.write_text(target, page)
    print(f"comparison written to {target}", file=sys.stderr)
    return target


def render_fingerprint(manifests: dict) -> str:
    from helpers.build.fingerprint import combine

    return combine({k: m["fingerprint"] for k, m in manifests.items()})
