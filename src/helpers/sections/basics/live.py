"""The Basics section's live assumptions (helpers.core.live): revenue growth, operating-cost growth and the
gross margin move the break-even year, the revenue growth needed by the horizon and the projection of
revenue against total costs."""
from __future__ import annotations

from helpers.core.live import Knob, Lines, Result
from helpers.core.present import PALETTE
from helpers.sections.basics import figures, model

KNOBS = (
    Knob("revenue_growth", (0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0)),
    Knob("cost_growth", (0.0, 0.1, 0.2, 0.3, 0.4, 0.5)),
    Knob("gross_margin", (0.2, 0.3, 0.4, 0.5, 0.6)),
)
FINDINGS = ("basics-break-even-year", "basics-growth-needed")


def prepare(values: dict) -> figures.Frames:
    return figures.load()


def chart(d: figures.Frames, values: dict) -> Lines:
    years = tuple(range(d.base.year, d.base.year + values["horizon"] + 1))
    return Lines("OpenAI’s revenue and total costs, reported then projected (US$ billions, log scale)", years,
                 (("Revenue", PALETTE["revenue"]), ("Total costs", PALETTE["cost"])), log=True, mark="break-even")


def evaluate(d: figures.Frames, values: dict) -> Result:
    """The notebook's break-even findings and projection for one setting."""
    shares = {k: values[k] for k in ("revenue_growth", "cost_growth", "gross_margin")}
    found = figures.break_even_findings(d, **shares, horizon=values["horizon"])
    projection = model.project(d.base, **shares, horizon=values["horizon"])
    year = next((f.value for f in found if f.name == "basics-break-even-year"), None)
    return Result(found, [list(projection["revenue"]), list(projection["total_costs"])], mark=year)
