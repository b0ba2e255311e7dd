"""The Basics section's break-even model.

From a base year of reported figures (revenue, cost of revenue, total expenses), revenue
grows at `revenue_growth` a year; the cost of serving it is (1 - gross_margin) of revenue;
all other costs (research, salaries, rent: "operating costs") grow at `cost_growth`.
Profit in projected year k (k >= 1 after the base year) is

    gross_margin * revenue0 * (1 + revenue_growth)**k - opex0 * (1 + cost_growth)**k

and the break-even year is the first projected year in which that is >= 0. The growth factors
(1 + rate)**k are multiplied out year by year (`growth_factors`), so that `project_many` and
`break_even_years`, the same model on arrays of assumptions (one row per draw of a Monte Carlo), give
exactly the numbers of `project` and `break_even_year` for each draw.
"""
from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np
import pandas as pd

GROWTH_FLOOR = -0.99


@dataclass(frozen=True)
class BaseYear:
    year: int
    revenue: float  # usd_bn
    cost_of_revenue: float  # usd_bn
    total_expenses: float  # usd_bn

    @property
    def operating_costs(self) -> float:
        return self.total_expenses - self.cost_of_revenue

    @property
    def gross_margin(self) -> float:
        return 1 - self.cost_of_revenue / self.revenue

    @property
    def profit(self) -> float:
        return self.revenue - self.total_expenses


def base_year(financials: pd.DataFrame, company: str = "OpenAI") -> BaseYear:
    """The latest full year with reported headline revenue and total expenses.

    Cost of revenue is the reported figure for that year if there is one, else it is
    derived from the year's reported gross margin."""
    rows = financials[(financials["company"] == company) & (financials["headline"] == "yes")
                      & (financials["status"] == "reported") & (financials["period"] == "FY")]
    table = rows.pivot_table(index="year", columns="metric", values="value", aggfunc="first")
    usable = table.dropna(subset=[c for c in ("revenue", "total_expenses") if c in table.columns] or ["revenue"])
    if "total_expenses" not in table.columns or usable.empty:
        raise ValueError(f"no year has reported revenue and total_expenses for {company}")
    year = int(usable.index.max())
    row = table.loc[year]
    if pd.notna(row.get("cost_of_revenue")):
        cost = float(row["cost_of_revenue"])
    elif pd.notna(row.get("gross_margin")):
        cost = float(row["revenue"]) * (1 - float(row["gross_margin"]) / 100)
    else:
        raise ValueError(f"{company} {year}: needs cost_of_revenue or gross_margin to split costs")
    return BaseYear(year, float(row["revenue"]), cost, float(row["total_expenses"]))


def _check(revenue_growth: float, cost_growth: float, gross_margin: float, years: int) -> None:
    if revenue_growth <= GROWTH_FLOOR or cost_growth <= GROWTH_FLOOR:
        raise ValueError(f"growth rates must be above {GROWTH_FLOOR:.0%} a year, got "
                         f"revenue_growth={revenue_growth}, cost_growth={cost_growth}")
    if not -1 <= gross_margin <= 1:
        raise ValueError(f"gross_margin must be a fraction between -1 and 1, got {gross_margin}")
    if int(years) != years or years < 1:
        raise ValueError(f"the number of years must be a whole number of at least 1, got {years}")


def growth_factors(rate: float, years: int) -> list[float]:
    """(1 + rate)**k for k = 1..years, multiplied out year by year (as numpy's cumprod does)."""
    factors, factor = [], 1.0
    for _ in range(years):
        factor = factor * (1 + rate)
        factors.append(factor)
    return factors


def project(base: BaseYear, revenue_growth: float, cost_growth: float, gross_margin: float,
            horizon: int) -> pd.DataFrame:
    """Year-by-year projection, base year first (as reported), then `horizon` projected years."""
    _check(revenue_growth, cost_growth, gross_margin, horizon)
    ups, cost_ups = growth_factors(revenue_growth, horizon), growth_factors(cost_growth, horizon)
    revenue = [base.revenue] + [base.revenue * up for up in ups]
    cost_of_revenue = [base.cost_of_revenue] + [(1 - gross_margin) * r for r in revenue[1:]]
    operating = [base.operating_costs] + [base.operating_costs * up for up in cost_ups]
    total_costs = [c + o for c, o in zip(cost_of_revenue, operating)]
    profit = [r - t for r, t in zip(revenue, total_costs)]
    # built column by column (the page's live chart projects a few hundred settings; rows of dicts were 3x slower)
    return pd.DataFrame({"year": range(base.year, base.year + horizon + 1), "revenue": revenue,
                         "cost_of_revenue": cost_of_revenue, "operating_costs": operating,
                         "status": ["reported"] + ["projected"] * horizon, "total_costs": total_costs,
                         "profit": profit, "cumulative_profit": list(itertools.accumulate(profit))})


def break_even_year(base: BaseYear, revenue_growth: float, cost_growth: float, gross_margin: float,
                    max_years: int = 100) -> int | None:
    """First projected year with profit >= 0, or None if not within `max_years`."""
    _check(revenue_growth, cost_growth, gross_margin, max_years)
    if base.profit >= 0:
        return base.year
    up, cost_up = 1.0, 1.0
    for k in range(1, max_years + 1):
        up, cost_up = up * (1 + revenue_growth), cost_up * (1 + cost_growth)
        if gross_margin * base.revenue * up - base.operating_costs * cost_up >= 0:
            return base.year + k
    return None


def _arrays(revenue_growth, cost_growth, gross_margin, years: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The assumptions as float arrays of one shape (one value per draw), checked as `_check` does."""
    g, c, m = np.broadcast_arrays(*(np.atleast_1d(np.asarray(x, dtype=float))
                                    for x in (revenue_growth, cost_growth, gross_margin)))
    if g.size and ((g <= GROWTH_FLOOR) | (c <= GROWTH_FLOOR) | ~np.isfinite(g) | ~np.isfinite(c)).any():
        raise ValueError(f"growth rates must be above {GROWTH_FLOOR:.0%} a year in every draw")
    if g.size and ((m < -1) | (m > 1) | ~np.isfinite(m)).any():
        raise ValueError("gross_margin must be a fraction between -1 and 1 in every draw")
    _check(0.0, 0.0, 0.0, years)
    return g, c, m


def _factors(rates: np.ndarray, years: int) -> np.ndarray:
    """(1 + rate)**k for k = 1..years, one row per draw: growth_factors on arrays."""
    return np.cumprod(np.repeat((1 + rates)[:, None], years, axis=1), axis=1)


def project_many(base: BaseYear, revenue_growth, cost_growth, gross_margin, horizon: int) -> dict[str, np.ndarray]:
    """`project` for arrays of assumptions: `year` (base year first) and, one row per draw, revenue,
    cost_of_revenue, operating_costs, total_costs and profit (usd_bn)."""
    g, c, m = _arrays(revenue_growth, cost_growth, gross_margin, horizon)
    n = g.size
    revenue = np.column_stack([np.full(n, base.revenue), base.revenue * _factors(g, horizon)])
    cost_of_revenue = np.column_stack([np.full(n, base.cost_of_revenue), (1 - m)[:, None] * revenue[:, 1:]])
    operating = np.column_stack([np.full(n, base.operating_costs), base.operating_costs * _factors(c, horizon)])
    total = cost_of_revenue + operating
    return {"year": np.arange(base.year, base.year + horizon + 1), "revenue": revenue,
            "cost_of_revenue": cost_of_revenue, "operating_costs": operating, "total_costs": total,
            "profit": revenue - total}


def break_even_years(base: BaseYear, revenue_growth, cost_growth, gross_margin, max_years: int = 100) -> np.ndarray:
    """`break_even_year` for arrays of assumptions: one year per draw, NaN where none comes within `max_years`."""
    g, c, m = _arrays(revenue_growth, cost_growth, gross_margin, max_years)
    if base.profit >= 0:
        return np.full(g.size, float(base.year))
    hit = (m * base.revenue)[:, None] * _factors(g, max_years) - base.operating_costs * _factors(c, max_years) >= 0
    return np.where(hit.any(axis=1), base.year + 1 + hit.argmax(axis=1), np.nan)


def cumulative_loss_to_break_even(base: BaseYear, revenue_growth: float, cost_growth: float,
                                  gross_margin: float, max_years: int = 100) -> float | None:
    """Sum of projected losses after the base year until the break-even year (usd_bn)."""
    year = break_even_year(base, revenue_growth, cost_growth, gross_margin, max_years)
    if year is None:
        return None
    frame = project(base, revenue_growth, cost_growth, gross_margin, max(year - base.year, 1))
    later = frame[(frame["year"] > base.year) & (frame["year"] < year)]
    return float(-later["profit"].sum())


SENSITIVE = ("revenue_growth", "cost_growth", "gross_margin")


def sensitivity(base: BaseYear, values: dict, step: float, max_years: int = 100) -> pd.DataFrame:
    """Break-even year when each assumption moves down and up by `step` (others held).

    Sorted with the assumption that moves the year most first. Years that never come
    within `max_years` are reported as None."""
    if step <= 0:
        raise ValueError(f"the sensitivity step must be positive, got {step}")
    central = break_even_year(base, **{k: values[k] for k in SENSITIVE}, max_years=max_years)
    rows = []
    for name in SENSITIVE:
        result = {"parameter": name, "central": values[name]}
        for side, sign in (("low", -1), ("high", 1)):
            moved = dict({k: values[k] for k in SENSITIVE}, **{name: values[name] + sign * step})
            # a step that leaves the model's domain stops at its edge (a margin of -100%..100%,
            # growth just above -99% a year)
            moved["gross_margin"] = min(max(moved["gross_margin"], -1.0), 1.0)
            for growth in ("revenue_growth", "cost_growth"):
                moved[growth] = max(moved[growth], GROWTH_FLOOR + 0.01)
            result[f"{side}_value"] = moved[name]
            result[f"{side}_year"] = break_even_year(base, **moved, max_years=max_years)
        cap = base.year + max_years + 1
        years = [cap if y is None else y for y in (result["low_year"], result["high_year"])]
        result["swing_years"] = max(years) - min(years)
        rows.append(result)
    frame = pd.DataFrame(rows).sort_values("swing_years", ascending=False, kind="stable").reset_index(drop=True)
    frame.attrs["central_year"] = central
    return frame


def grid(base: BaseYear, revenue_growths, cost_growths, gross_margin: float, max_years: int = 100) -> pd.DataFrame:
    """Break-even year for each (revenue growth, cost growth) pair: rows revenue, columns cost."""
    return pd.DataFrame(
        [[break_even_year(base, g, c, gross_margin, max_years) for c in cost_growths] for g in revenue_growths],
        index=pd.Index(list(revenue_growths), name="revenue_growth"),
        columns=pd.Index(list(cost_growths), name="cost_growth"),
    )


def required_revenue_growth(base: BaseYear, cost_growth: float, gross_margin: float, years: int) -> float | None:
    """Smallest yearly revenue growth that breaks even within `years` after the base year.

    Break-even in year k needs (1+g)^k / (1+c)^k >= opex0 / (gross_margin * revenue0). When
    that ratio exceeds 1 the left side only helps as k grows, so the condition at k = years
    is the binding one: g = (1+c) * ratio**(1/years) - 1. None when the margin is not positive.
    """
    _check(0.0, cost_growth, gross_margin, years)
    if base.profit >= 0:
        return GROWTH_FLOOR
    if gross_margin <= 0:
        return None
    ratio = base.operating_costs / (gross_margin * base.revenue)
    if ratio <= 1:  # already profitable at this margin in the first projected year, whatever the growth
        return (1 + cost_growth) * ratio - 1
    return (1 + cost_growth) * ratio ** (1 / years) - 1
