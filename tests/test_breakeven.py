import pandas as pd
import pytest

from helpers.sections.basics import model as breakeven
from helpers.sections.basics.model import BaseYear

# Hand-computed reference: revenue 10, cost of revenue 5, total expenses 25 -> other costs 20, loss 15.
BASE = BaseYear(2025, revenue=10.0, cost_of_revenue=5.0, total_expenses=25.0)


def test_base_year_properties():
    assert BASE.operating_costs == 20.0
    assert BASE.gross_margin == 0.5
    assert BASE.profit == -15.0


def test_projection_by_hand():
    frame = breakeven.project(BASE, revenue_growth=1.0, cost_growth=0.0, gross_margin=0.5, horizon=2)
    # 2026: revenue 20, cost of revenue 10, other 20 -> profit -10; 2027: 40, 20, 20 -> 0
    assert list(frame["year"]) == [2025, 2026, 2027]
    assert list(frame["revenue"]) == [10.0, 20.0, 40.0]
    assert list(frame["profit"]) == [-15.0, -10.0, 0.0]
    assert list(frame["cumulative_profit"]) == [-15.0, -25.0, -25.0]


def test_break_even_year_by_hand():
    # gross profit 5 * 2^k >= 20 -> k = 2
    assert breakeven.break_even_year(BASE, 1.0, 0.0, 0.5) == 2027
    # costs growing as fast as revenue: never
    assert breakeven.break_even_year(BASE, 0.5, 0.5, 0.5) is None
    # 5 * 1.1^k >= 20 -> k = ceil(ln 4 / ln 1.1) = 15
    assert breakeven.break_even_year(BASE, 0.1, 0.0, 0.5) == 2040
    assert breakeven.break_even_year(BASE, 0.1, 0.0, 0.5, max_years=14) is None


def test_already_profitable_base_year():
    rich = BaseYear(2025, revenue=10.0, cost_of_revenue=2.0, total_expenses=8.0)
    assert breakeven.break_even_year(rich, 0.0, 0.0, 0.5) == 2025


def test_cumulative_loss_to_break_even():
    # losses in 2026 only (2027 breaks even): 10
    assert breakeven.cumulative_loss_to_break_even(BASE, 1.0, 0.0, 0.5) == 10.0
    assert breakeven.cumulative_loss_to_break_even(BASE, 0.5, 0.5, 0.5) is None


def test_required_revenue_growth_is_the_threshold():
    g = breakeven.required_revenue_growth(BASE, cost_growth=0.0, gross_margin=0.5, years=2)
    assert g == pytest.approx(1.0)  # 5 * (1+g)^2 = 20
    assert breakeven.break_even_year(BASE, g + 1e-9, 0.0, 0.5) == 2027
    assert breakeven.break_even_year(BASE, g - 0.01, 0.0, 0.5, max_years=2) is None
    assert breakeven.required_revenue_growth(BASE, 0.0, 0.0, 5) is None


def test_sensitivity_orders_by_swing():
    table = breakeven.sensitivity(BASE, dict(revenue_growth=1.0, cost_growth=0.0, gross_margin=0.5), step=0.1)
    assert set(table["parameter"]) == {"revenue_growth", "cost_growth", "gross_margin"}
    assert table.attrs["central_year"] == 2027
    assert list(table["swing_years"]) == sorted(table["swing_years"], reverse=True)
    row = table.set_index("parameter").loc["gross_margin"]
    # margin 0.4: 4 * 2^k >= 20 -> k=3 (2028); margin 0.6: 6 * 2^k >= 20 -> k=2 (2027)
    assert (row["low_year"], row["high_year"]) == (2028, 2027)


def test_grid_shape_and_values():
    grid = breakeven.grid(BASE, [0.0, 1.0], [0.0, 1.0], 0.5, max_years=50)
    assert grid.loc[1.0, 0.0] == 2027
    assert pd.isna(grid.loc[0.0, 0.0])


@pytest.mark.parametrize("kwargs, message", [
    (dict(revenue_growth=-1.0, cost_growth=0.0, gross_margin=0.5), "growth rates"),
    (dict(revenue_growth=0.1, cost_growth=0.0, gross_margin=1.5), "gross_margin"),
])
def test_bad_assumptions_are_refused(kwargs, message):
    with pytest.raises(ValueError, match=message):
        breakeven.break_even_year(BASE, **kwargs)


def test_bad_horizon_is_refused():
    with pytest.raises(ValueError, match="whole number"):
        breakeven.project(BASE, 0.1, 0.1, 0.5, horizon=0)


def test_base_year_from_data_uses_reported_headline_rows():
    from helpers.core import data

    base = breakeven.base_year(data.load("openai_financials.csv"))
    fin = data.load("openai_financials.csv")
    rows = fin[(fin["headline"] == "yes") & (fin["year"] == base.year) & (fin["period"] == "FY")].set_index("metric")
    assert base.revenue == rows.loc["revenue", "value"]
    assert base.total_expenses == rows.loc["total_expenses", "value"]


@pytest.mark.parametrize("values, step", [
    ({"revenue_growth": 0.5, "cost_growth": 0.3, "gross_margin": -0.95}, 0.1),
    ({"revenue_growth": 0.5, "cost_growth": -0.5, "gross_margin": 0.4}, 0.5),
    ({"revenue_growth": -0.5, "cost_growth": 0.3, "gross_margin": 1.0}, 0.5),
])
def test_sensitivity_at_the_edges_of_the_declared_ranges_stops_at_the_models_domain(values, step):
    table = breakeven.sensitivity(BASE, values, step)
    assert len(table) == 3
    assert table["low_value"].min() >= -1.0 and table["high_value"].max() <= 3.5
