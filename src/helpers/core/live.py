"""Assumptions a reader can move in the page: each section's key assumptions as sliders (or choices) in
its assumptions box, and its headline numbers and key chart following them at once, with no server.

The Python model stays the one source of truth. A section declares its live assumptions in
`sections/<slug>/live.py`:

    KNOBS = (Knob("revenue_growth", (0.0, 0.1, ...)), ...)  # 2-4 parameters, each with a grid of values
    FINDINGS = ("basics-break-even-year", ...)              # the findings whose numbers follow them
    CHART = Lines(...) or Bars(...)                         # what the box's small chart draws

    def prepare(values) -> object: ...      # the section's data, loaded once (figures.load())
    def chart(context, values) -> Lines | Bars: ...         # optional: the chart's axes for these values
    def evaluate(context, values) -> Result: ...            # one setting: its findings and chart numbers

`evaluate` calls the same functions the notebook calls, so a value shown for a setting is the value
`python -m helpers build -p <slug>.<name>=<value>` writes to build.json. The build evaluates the
cartesian product of the grids (other parameters at the build's own values; the build's own value of
each knob is added to its grid) and embeds the results in the section's HTML as one JSON block; the
page's one inline script (templates/live.js, allowed by the Content-Security-Policy through its hash)
only looks values up and redraws the chart. At the build's own setting the results must equal the
findings the notebook registered: the build stops otherwise.
"""
from __future__ import annotations

import base64
import hashlib
import html
import importlib
import itertools
import json
import math
import re
from dataclasses import dataclass, field
from functools import lru_cache

from helpers.core.paths import TEMPLATES_DIR

LIVE_ATTR = "data-live"  # marks a page that carries live assumptions (render.page adds the script)


@dataclass(frozen=True)
class Knob:
    """A parameter the reader can move, and the values it can take in the page."""
    name: str
    values: tuple


@dataclass(frozen=True)
class Lines:
    """A line chart: one x value per point, series of (label, colour), an optional log scale."""
    title: str
    x: tuple
    series: tuple[tuple[str, str], ...]
    unit: str = "usd_bn"  # how the y axis labels its values: usd_bn, pct, usd, ratio
    log: bool = False
    mark: str | None = None  # a label for the vertical line at each setting's `mark` x value, if any

    def spec(self) -> dict:
        return {"type": "lines", "title": self.title, "x": list(self.x), "unit": self.unit, "log": self.log,
                "series": [{"label": s, "color": c} for s, c in self.series], "mark": self.mark}


@dataclass(frozen=True)
class Bars:
    """A horizontal bar chart: one bar per label, values in `unit`."""
    title: str
    labels: tuple[str, ...]
    color: str
    unit: str = "pct"

    def spec(self) -> dict:
        return {"type": "bars", "title": self.title, "labels": list(self.labels), "color": self.color,
                "unit": self.unit}


@dataclass
class Result:
    """One setting's findings (helpers.core.present.Finding) and the numbers its chart draws: for Lines one
    list per series (and `mark`, an x value or None), for Bars one value per label."""
    findings: tuple
    chart: list
    mark: float | None = None


@dataclass
class _Strings:
    """Every text once; settings refer to texts by index (sentences repeat across settings)."""
    items: list = field(default_factory=list)
    index: dict = field(default_factory=dict)

    def __call__(self, text: str | None) -> int | None:
        if text is None:
            return None
        if text not in self.index:
            self.index[text] = len(self.items)
            self.items.append(text)
        return self.index[text]


def module(slug: str):
    """The section's live.py, or None when it declares no live assumptions."""
    from helpers.sections import by_slug

    try:
        return importlib.import_module(f"{by_slug(slug).package}.live")
    except ModuleNotFoundError as exc:
        if exc.name and exc.name.endswith(".live"):
            return None
        raise


def grid(param, knob: Knob, current) -> list:
    """The knob's values in the page: its grid within the parameter's range and choices, with the build's own
    value added (so the page opens on it)."""
    values = [v for v in knob.values if _allowed(param, v)]
    if current not in values:
        values.append(current)
    if param.type in ("int", "float"):
        values.sort()
    return values


def _allowed(param, value) -> bool:
    if param.choices and value not in param.choices:
        return False
    if param.type in ("int", "float"):
        return (param.min is None or value >= param.min) and (param.max is None or value <= param.max)
    return True


def _round(value) -> float | None:
    """A chart number with 4 significant digits (the chart is drawn, not read to the cent); NaN as null."""
    if value is None:
        return None
    value = float(value)
    if math.isnan(value) or math.isinf(value):
        return None
    return float(f"{value:.4g}")


def _finding_cells(found: dict, names: tuple, strings: _Strings) -> list:
    from helpers.core.present import sentence_parts

    cells = []
    for name in names:
        f = found.get(name)
        if f is None or f.shown is None:
            cells.append(None)
            continue
        parts = sentence_parts(f.sentence, f.shown)
        number = parts["number"] if parts["number"] == f.shown else None
        before, after = (parts["before"], parts["after"]) if number else (f.sentence, "")
        cells.append([strings(f.label or ""), strings(f.shown), strings(before), strings(number), strings(after)])
    return cells


def table(slug: str, values: dict, registered: list[dict] | None = None) -> dict | None:
    """Evaluate the section's live model over the product of its knobs' grids: the JSON the page embeds.

    `registered`: the findings the notebook registered (build.json's); the live results at the build's own
    setting must equal them. None when the section declares no live assumptions."""
    from helpers.core.assumptions import label, shown
    from helpers.core.errors import BuildError
    from helpers.core.params import declared
    from helpers.sections import by_slug

    live = module(slug)
    if live is None:
        return None
    params = declared(by_slug(slug))
    values = {name: p.default for name, p in params.items()} | dict(values)
    grids = [grid(params[k.name], k, values[k.name]) for k in live.KNOBS]
    context = live.prepare(values)
    chart = live.chart(context, values) if hasattr(live, "chart") else live.CHART
    strings = _Strings()
    cells = []
    at = tuple(g.index(values[k.name]) for k, g in zip(live.KNOBS, grids))
    for combo in itertools.product(*grids):
        setting = dict(values, **{k.name: v for k, v in zip(live.KNOBS, combo)})
        try:
            result = live.evaluate(context, setting)
        except ValueError:  # a setting the model refuses (the build would stop on it too)
            cells.append(None)
            continue
        found = {f.name: f for f in result.findings}
        numbers = ([[_round(v) for v in series] for series in result.chart] if isinstance(chart, Lines)
                   else [_round(v) for v in result.chart])
        cells.append({"f": _finding_cells(found, live.FINDINGS, strings), "c": numbers, "m": _round(result.mark)})
    if registered is not None:
        own = cells[_flat(at, [len(g) for g in grids])]
        built = {f["name"]: f for f in registered}
        for name, cell in zip(live.FINDINGS, own["f"] if own else [None] * len(live.FINDINGS)):
            expected = built.get(name, {}).get("shown")
            got = strings.items[cell[1]] if cell else None
            if got != expected:
                raise BuildError(f"sections/{slug.replace('-', '_')}/live.py: {name} is {got!r} at the build's own "
                                 f"assumptions, but the notebook registered {expected!r}; live.py must call the "
                                 f"functions the notebook calls")
    return {
        "slug": slug,
        "knobs": [{"param": f"{slug}.{k.name}", "label": label(params[k.name]), "type": params[k.name].type,
                   "values": g, "shown": [shown(params[k.name], v) for v in g], "at": i}
                  for k, g, i in zip(live.KNOBS, grids, at)],
        "findings": list(live.FINDINGS),
        "strings": strings.items,
        "chart": chart.spec(),
        "cells": cells,
    }


def _flat(index: tuple, sizes: list[int]) -> int:
    """The position of a combination in the product (the first knob varies slowest)."""
    flat = 0
    for i, size in zip(index, sizes):
        flat = flat * size + i
    return flat


def initial(data: dict) -> dict:
    """What the box shows before the script runs: each live finding's label and shown value at the build's setting."""
    at = _flat(tuple(k["at"] for k in data["knobs"]), [len(k["values"]) for k in data["knobs"]])
    cell = data["cells"][at] or {"f": [None] * len(data["findings"])}
    return {name: {"label": data["strings"][c[0]], "shown": data["strings"][c[1]]}
            for name, c in zip(data["findings"], cell["f"]) if c}


def embed(data: dict) -> str:
    """The table as the text of a <script type="application/json"> block: nothing in it can close the block."""
    text = json.dumps(data, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def box_html(data: dict | None) -> str:
    """The controls, results and chart that the assumptions box carries (templates/fragments/live.html.j2)."""
    if data is None:
        return ""
    from helpers.core.html import fragment, trusted

    knobs = [dict(k, values_json=json.dumps(k["values"]), count=len(k["values"])) for k in data["knobs"]]
    own = initial(data)
    results = [{"name": n, "label": own.get(n, {}).get("label", ""), "shown": own.get(n, {}).get("shown")}
               for n in data["findings"]]
    return fragment("live", slug=data["slug"], knobs=knobs, results=results, chart=data["chart"],
                    payload=trusted(embed(data)))


NUMBER = re.compile(r'(<(?:a|span) class="num"[^>]*>)([^<]*)(<span class="prov")')


def mark_findings(body: str, data: dict | None) -> str:
    """Mark the live findings in a section's body: the finding's box (data-live-finding) and, where the sentence
    states the finding's value whole, the number itself (data-finding), so the script can update both."""
    if data is None:
        return body
    shown = initial(data)
    for name in data["findings"]:
        start = body.find(f'id="finding-{name}"')
        if start < 0:
            continue
        end = body.find("</div>", start)
        head = body.rfind("<div", 0, start)
        block = body[head:end]
        block = block.replace(f'id="finding-{name}"', f'id="finding-{name}" data-live-finding="{name}"', 1)
        value = shown.get(name, {}).get("shown")

        def number(m, value=value, name=name):
            if value is None or html.unescape(m.group(2)) != value:
                return m.group(0)
            return f'{m.group(1)}<span data-finding="{name}">{m.group(2)}</span>{m.group(3)}'

        block = NUMBER.sub(number, block, count=1)
        body = body[:head] + block + body[end:]
    return body


@lru_cache(maxsize=1)
def script() -> str:
    """The page's one inline script (templates/live.js)."""
    return (TEMPLATES_DIR / "live.js").read_text(encoding="utf-8")


def script_hash(text: str | None = None) -> str:
    """The Content-Security-Policy source that allows exactly that script: 'sha256-<base64>'."""
    digest = hashlib.sha256((script() if text is None else text).encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode()}'"
