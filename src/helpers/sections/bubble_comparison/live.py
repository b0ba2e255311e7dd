"""The Bubble comparison section's live assumptions (helpers.core.live): the asset life and the growth of AI
revenue move how much of AI depreciation AI revenue covers, the revenue the latest year's capex needs, and
the depreciation clock (depreciation, the revenue it needs and AI revenue by calendar year)."""
from __future__ import annotations

import dataclasses

from helpers.core.live import Knob, Lines, Result
from helpers.core.present import PALETTE
from helpers.sections.bubble_comparison import figures

KNOBS = (
    Knob("asset_life", (3.0, 4.0, 5.0, 6.0, 8.0, 10.0, 12.0)),
    Knob("ai_revenue_growth", (0.25, 0.5, 0.75, 1.0)),
)
FINDINGS = ("bubble-comparison-coverage", "bubble-comparison-revenue-required")
FIELDS = tuple(f.name for f in dataclasses.fields(figures.Scenario))


@dataclasses.dataclass
class Context:
    d: figures.Data
    required: dict  # the revenue-required finding by scenario (AI revenue growth plays no part in it)


def prepare(values: dict) -> Context:
    return Context(figures.load(), {})


def scenario(values: dict) -> figures.Scenario:
    return figures.Scenario(*(values[k] for k in FIELDS))


def chart(c: Context, values: dict) -> Lines:
    years = tuple(int(y) for y in figures.clock(c.d, scenario(values)).table["year"])
    return Lines("AI depreciation, the revenue it needs and AI revenue by calendar year (US$ billions, log scale)",
                 years, (("Depreciation", PALETTE["cost"]), ("Revenue needed", PALETTE["loss"]),
                         ("AI revenue", PALETTE["revenue"])), log=True)


def evaluate(c: Context, values: dict) -> Result:
    """The notebook's depreciation clock and its findings for one setting."""
    s = scenario(values)
    clock = figures.clock(c.d, s)
    key = dataclasses.replace(s, ai_revenue_growth=0.0)
    if key not in c.required:
        c.required[key] = figures.required_finding(figures.required(c.d, s))
    table = clock.table
    return Result((figures.coverage_finding(clock), c.required[key]),
                  [list(table["depreciation"]), list(table["needed"]), list(table["revenue"])])
