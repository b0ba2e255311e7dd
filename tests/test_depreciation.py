import math

import numpy as np
import pandas as pd
import pytest

from helpers.sections.bubble_comparison import model as dep


# --- straight-line schedules, computed by hand -------------------------------------------------

def test_one_vintage():
    # 60 spent in 2023 over 6 years: 10 a year in 2023..2028, nothing after
    total = dep.annual_depreciation({2023: 60.0}, 6)
    assert list(total.index) == [2023, 2024, 2025, 2026, 2027, 2028]
    assert list(total) == [10.0] * 6
    longer = dep.annual_depreciation({2023: 60.0}, 6, through=2030)
    assert list(longer.loc[2029:]) == [0.0, 0.0]
    assert longer.sum() == pytest.approx(60.0)


def test_overlapping_vintages():
    # 60 in 2023 and 120 in 2024 over 3 years: 20 | 20+40 | 20+40 | 40
    table = dep.schedule({2023: 60.0, 2024: 120.0}, 3)
    assert list(table.index) == [2023, 2024, 2025, 2026]
    assert list(table[2023]) == [20.0, 20.0, 20.0, 0.0]
    assert list(table[2024]) == [0.0, 40.0, 40.0, 40.0]
    assert list(table.sum(axis=1)) == [20.0, 60.0, 60.0, 40.0]


def test_asset_life_of_one_year_expenses_each_vintage_in_its_year():
    capex = {2023: 151.0, 2024: 246.0, 2025: 410.0}
    total = dep.annual_depreciation(capex, 1)
    assert total.to_dict() == capex


def test_fractional_life_charges_the_remainder_in_the_last_year():
    # 50 over 2.5 years: 20, 20, 10
    assert dep.charge_fractions(2.5) == pytest.approx([0.4, 0.4, 0.2])
    assert list(dep.annual_depreciation({2020: 50.0}, 2.5)) == pytest.approx([20.0, 20.0, 10.0])
    assert sum(dep.charge_fractions(5.5)) == pytest.approx(1.0)


def test_through_cuts_the_schedule():
    total = dep.annual_depreciation({2023: 60.0, 2024: 120.0}, 3, through=2024)
    assert total.to_dict() == {2023: 20.0, 2024: 60.0}


def test_life_sensitivity_by_hand():
    # in 2024, with 60 (2023) and 120 (2024): life 1 -> 120; life 2 -> 30 + 60 = 90; life 3 -> 20 + 40 = 60
    sens = dep.life_sensitivity({2023: 60.0, 2024: 120.0}, [1, 2, 3], 2024)
    assert sens.to_dict() == {1.0: 120.0, 2.0: 90.0, 3.0: 60.0}


@pytest.mark.parametrize("life", [0, -1, -0.5, float("nan"), float("inf"), "six"])
def test_asset_life_of_zero_or_below_is_refused(life):
    with pytest.raises(ValueError, match="asset_life must be a number of years above 0"):
        dep.annual_depreciation({2023: 10.0}, life)


def test_negative_capex_is_refused():
    with pytest.raises(ValueError, match="capex cannot be negative, got -5 for 2024"):
        dep.annual_depreciation({2023: 10.0, 2024: -5.0}, 6)


def test_missing_or_empty_capex_is_refused():
    with pytest.raises(ValueError, match="no value for year"):
        dep.annual_depreciation({2023: 10.0, 2024: float("nan")}, 6)
    with pytest.raises(ValueError, match="empty"):
        dep.annual_depreciation({}, 6)
    with pytest.raises(ValueError, match="whole calendar years"):
        dep.annual_depreciation({2023.5: 10.0}, 6)


# --- capex path and revenue projection ---------------------------------------------------------

FORECASTS = pd.DataFrame({"year": [2025, 2026, 2026, 2026], "value": [300.0, 600.0, 630.0, 725.0]})


def test_capex_path_uses_actuals_then_the_chosen_forecast_then_growth():
    path = dep.capex_path({2023: 151.0, 2024: 246.0, 2025: 410.0}, FORECASTS, "high", 0.1, through=2028)
    assert list(path["year"]) == [2023, 2024, 2025, 2026, 2027, 2028]
    assert list(path["status"]) == ["actual"] * 3 + ["forecast", "assumed", "assumed"]
    # the 2025 forecast is ignored: 2025 has an actual
    assert list(path["capex"]) == pytest.approx([151.0, 246.0, 410.0, 725.0, 797.5, 877.25])
    low = dep.capex_path({2023: 151.0, 2024: 246.0, 2025: 410.0}, FORECASTS, "low", 0.0, through=2027)
    assert list(low["capex"]) == [151.0, 246.0, 410.0, 600.0, 600.0]


def test_capex_path_refuses_bad_choices_and_gaps():
    with pytest.raises(ValueError, match="choice must be one of low, high"):
        dep.capex_path({2023: 1.0}, FORECASTS, "middle", 0.0, through=2026)
    with pytest.raises(ValueError, match="gaps"):
        dep.capex_path({2023: 1.0}, FORECASTS, "low", 0.0, through=2026)  # 2024 has no figure
    with pytest.raises(ValueError, match="growth"):
        dep.capex_path({2023: 1.0}, FORECASTS.iloc[0:0], "low", -1.0, through=2026)


def test_project_revenue():
    frame = dep.project_revenue({2024: 10.0, 2025: 20.0}, 0.5, through=2027)
    assert list(frame["revenue"]) == [10.0, 20.0, 30.0, 45.0]
    assert list(frame["status"]) == ["reported", "reported", "projected", "projected"]


# --- the revenue-gap arithmetic ----------------------------------------------------------------

def test_revenue_needed_reproduces_sequoia():
    assert dep.revenue_needed(50.0, 2, 2) == 200.0  # Sept 2023: $50B of GPUs -> $200B
    assert dep.revenue_needed(150.0, 2, 2) == 600.0  # June 2024: $150B -> $600B
    assert dep.revenue_needed(150.0, 1, 1) == 150.0
    assert dep.revenue_needed(150.0, 2.5, 3) == pytest.approx(1125.0)
    # 4 companies x $10B + 6 x $5B = $70B of assumed revenue -> gap of 530
    assert dep.revenue_gap(dep.revenue_needed(150.0), 4 * 10 + 6 * 5) == 530.0
    assert dep.revenue_gap(100.0, 120.0) == -20.0


@pytest.mark.parametrize("kwargs", [dict(datacenter_multiplier=0), dict(margin_multiplier=-2),
                                    dict(datacenter_multiplier=float("nan"))])
def test_revenue_needed_refuses_bad_multipliers(kwargs):
    with pytest.raises(ValueError, match="multiplier must be a number above 0"):
        dep.revenue_needed(100.0, **kwargs)


def test_revenue_needed_refuses_negative_spend():
    with pytest.raises(ValueError, match="spend cannot be negative"):
        dep.revenue_needed(-1.0)


def test_sequoia_2023_inputs_as_multipliers():
    # Sept 2023: energy and the rest of the data centre cost as much again as the GPUs (1 -> x2); a 50%
    # gross margin needs $2 of revenue per $1 of cost
    assert dep.sequoia_2023_multipliers(1.0, 50.0) == (2.0, 2.0)
    assert dep.sequoia_2023_multipliers(0.5, 75.0) == (1.5, 4.0)
    assert dep.revenue_needed(50.0, *dep.sequoia_2023_multipliers(1.0, 50.0)) == 200.0
    with pytest.raises(ValueError, match="end-user margin must be a percentage from 0 to below 100"):
        dep.sequoia_2023_multipliers(1.0, 100.0)
    with pytest.raises(ValueError, match="energy cost per GPU dollar"):
        dep.sequoia_2023_multipliers(-0.1, 50.0)


def test_assumed_revenue_adds_count_times_revenue_each():
    # Sequoia 2024: 5 big-tech companies at $10B and 5 others at $5B
    assert dep.assumed_revenue((5, 10.0), (5, 5.0)) == 75.0
    assert dep.assumed_revenue((4, 10.0), (6, 5.0)) == 70.0
    with pytest.raises(ValueError, match="at least one group"):
        dep.assumed_revenue()
    with pytest.raises(ValueError, match="cannot be negative"):
        dep.assumed_revenue((-1, 10.0))


def test_gap_case_by_hand():
    case = dep.gap_case(150.0, 2, 2, revenue=70.0)
    assert case == dict(gpu=150.0, dcm=2, mm=2, needed=600.0, revenue=70.0, gap=530.0)
    alone = dep.gap_case(50.0, 2, 2)
    assert alone["needed"] == 200.0 and math.isnan(alone["revenue"]) and math.isnan(alone["gap"])
    with pytest.raises(ValueError, match="margin_multiplier must be a number above 0"):
        dep.gap_case(50.0, 2, 0)


# --- how much hangs on the asset life ----------------------------------------------------------

def test_life_grid():
    assert dep.life_grid(2.0, longest=3.0) == [1.0, 1.5, 2.0, 2.5, 3.0]
    # the chosen life and the sourced ones are added; a life beyond the grid extends it
    assert dep.life_grid(2.2, [5.5], longest=3.0) == [1.0, 1.5, 2.0, 2.2, 2.5, 3.0, 5.5]
    assert dep.life_grid(4.0, longest=3.0)[-3:] == [3.0, 3.5, 4.0]
    assert dep.life_grid(6.0) == [1.0 + 0.5 * k for k in range(29)]
    with pytest.raises(ValueError, match="asset_life must be a number of years above 0"):
        dep.life_grid(0)


def test_life_needed_by_hand():
    # in 2024, with 60 (2023) and 120 (2024): life 2 -> 90, life 3 -> 60; needed x 2 x 1.5
    table = dep.life_needed({2023: 60.0, 2024: 120.0}, [2, 3], 2024, 2, 1.5)
    assert table.to_dict() == {"depreciation": {2.0: 90.0, 3.0: 60.0}, "needed": {2.0: 270.0, 3.0: 180.0}}


# --- the clock ---------------------------------------------------------------------------------

def test_clock_by_hand():
    capex = dep.capex_path({2023: 60.0, 2024: 120.0}, FORECASTS.iloc[0:0], "high", 0.0, through=2025)
    revenue = dep.project_revenue({2024: 30.0}, 1.0, through=2025)
    table = dep.clock(capex, 3, revenue, datacenter_multiplier=2, margin_multiplier=1.5, ai_share=0.5,
                      through=2025).set_index("year")
    # AI share halves capex: 30, 60, 60 -> depreciation 10 | 10+20 | 10+20+20
    assert list(table["depreciation"]) == [10.0, 30.0, 50.0]
    assert list(table["needed"]) == [30.0, 90.0, 150.0]  # x 2 x 1.5
    assert math.isnan(table.loc[2023, "revenue"])
    assert list(table.loc[2024:, "revenue"]) == [30.0, 60.0]
    assert list(table.loc[2024:, "coverage"]) == [1.0, 1.2]
    assert table.loc[2025, "share_of_needed"] == pytest.approx(0.4)
    assert table.loc[2025, "gap"] == 90.0
    assert dep.first_year_covered(table.reset_index(), "depreciation") == 2024
    assert dep.first_year_covered(table.reset_index(), "needed") is None


def test_calendar_revenue_carries_twelve_months_to_june_half_a_year_to_the_calendar_year():
    # twelve months to June 2026 (ending at 2026.5) are centred on 2026.0; calendar 2026 half a year later
    frame = dep.calendar_revenue(pd.DataFrame({"value": [100.0], "ends": [2026.5]}), 0.44, through=2028)
    assert list(frame["year"]) == [2026, 2027, 2028]
    assert list(frame["status"]) == ["projected"] * 3
    assert list(frame["revenue"]) == pytest.approx([120.0, 172.8, 248.832])  # 100 x 1.44 ** 0.5, then x 1.44
    # calendar-year figures are that year's revenue, reported; nothing is filled in before the first figure
    both = dep.calendar_revenue(pd.DataFrame({"value": [10.0, 20.0], "ends": [2025.0, 2026.0]}), 1.0, through=2027)
    assert both.to_dict("list") == {"year": [2024, 2025, 2026, 2027], "revenue": [10.0, 20.0, 40.0, 80.0],
                                    "status": ["reported", "reported", "projected", "projected"]}
    with pytest.raises(ValueError, match="its own end date"):
        dep.calendar_revenue(pd.DataFrame({"value": [1.0, 2.0], "ends": [2026.0, 2026.0]}), 0.0, through=2027)
    with pytest.raises(ValueError, match="growth must be above -100%"):
        dep.calendar_revenue(pd.DataFrame({"value": [1.0], "ends": [2026.0]}), -1.0, through=2027)


def test_depreciation_status_follows_the_vintages_charged():
    capex = dep.capex_path({2023: 60.0, 2024: 120.0}, FORECASTS, "high", 0.0, through=2028)
    # 2025 and 2026 forecasts, then assumed; a 2-year life charges each vintage in its year and the next
    status = dep.depreciation_status(capex, 2, through=2028)
    assert status.to_dict() == {2023: "actual", 2024: "actual", 2025: "forecast", 2026: "forecast",
                                2027: "assumed", 2028: "assumed"}
    # with a 1-year life only the year's own spending counts
    assert dep.depreciation_status(capex, 1, through=2026).to_dict() == {2023: "actual", 2024: "actual",
                                                                         2025: "forecast", 2026: "forecast"}


def test_clock_marks_what_each_year_compares():
    capex = dep.capex_path({2023: 60.0, 2024: 120.0}, FORECASTS, "high", 0.0, through=2027)
    revenue = dep.project_revenue({2023: 5.0, 2024: 30.0}, 1.0, through=2027)
    table = dep.clock(capex, 2, revenue, datacenter_multiplier=1, margin_multiplier=1, through=2027).set_index("year")
    assert list(table["depreciation_status"]) == ["actual", "actual", "forecast", "forecast", "assumed"]
    assert list(table["revenue_status"]) == ["reported", "reported", "projected", "projected", "projected"]
    assert list(table["compares"]) == ["reported", "reported", "forecast", "forecast", "forecast"]
    assert int(dep.latest_like_for_like(table.reset_index())["year"]) == 2024
    # reported revenue against depreciation that includes a forecast is neither: it is marked "mixed"
    assert dep.compares("reported", "forecast") == "mixed" and dep.compares("projected", "actual") == "mixed"
    assert math.isnan(dep.compares(float("nan"), "actual"))
    only_forecasts = dep.clock(capex, 2, dep.project_revenue({2025: 1.0}, 0.0, through=2027), datacenter_multiplier=1,
                               margin_multiplier=1, through=2027)
    assert dep.latest_like_for_like(only_forecasts[only_forecasts["year"] >= 2026]) is None
    with pytest.raises(ValueError, match="calendar year twice"):
        dep.clock(capex, 2, pd.concat([revenue, revenue]), datacenter_multiplier=1, margin_multiplier=1)


def test_clock_refuses_bad_share():
    capex = dep.capex_path({2023: 60.0}, FORECASTS.iloc[0:0], "high", 0.0, through=2023)
    revenue = dep.project_revenue({2023: 1.0}, 0.0, through=2023)
    with pytest.raises(ValueError, match="ai_share"):
        dep.clock(capex, 3, revenue, datacenter_multiplier=2, margin_multiplier=2, ai_share=0)


# --- aligning series on their peaks ------------------------------------------------------------

def test_align_on_peak_defaults_to_the_largest_value():
    aligned = dep.align_on_peak({1999: 80.0, 2000: 100.0, 2001: 50.0, 2002: 25.0})
    assert list(aligned["years_from_peak"]) == [-1, 0, 1, 2]
    assert list(aligned["pct_of_peak"]) == [80.0, 100.0, 50.0, 25.0]


def test_align_on_a_given_peak_year_and_value():
    # year-end closes with an intra-year peak of 200 in 2000 (the largest year-end value is 1999's)
    aligned = dep.align_on_peak({1999: 160.0, 2000: 100.0, 2001: 50.0}, peak_year=2000, peak_value=200.0)
    assert list(aligned["years_from_peak"]) == [-1, 0, 1]
    assert list(aligned["pct_of_peak"]) == [80.0, 50.0, 25.0]
    # two series with different peak years line up on the same axis
    other = dep.align_on_peak({2024: 50.0, 2025: 100.0, 2026: 75.0})
    assert list(other["years_from_peak"]) == [-1, 0, 1]


def test_align_on_peak_refuses_what_it_cannot_align():
    with pytest.raises(ValueError, match="empty"):
        dep.align_on_peak({})
    with pytest.raises(ValueError, match="peak year 1990 is not in the series"):
        dep.align_on_peak({2000: 1.0}, peak_year=1990)


# --- the clock on arrays of assumptions ----------------------------------------------------------------

@pytest.mark.parametrize("life, growth, capex_growth, share, through", [
    (6.0, 0.5, 0.0, 1.0, 2030), (5.5, 0.7, -0.21, 0.75, 2030), (2.0000000001, 2.9, 0.99, 0.1, 2045),
    (3.3333333333, -0.4, -0.45, 0.333, 2026), (25.0, 0.3, 0.1, 1.0, 2045), (1.0, 0.0, 0.0, 1.0, 2028)])
def test_the_clock_on_arrays_equals_the_scalar_clock_exactly(life, growth, capex_growth, share, through):
    actual = pd.Series({2023: 151.0, 2024: 251.0, 2025: 413.4})
    forecasts = pd.DataFrame({"year": [2026, 2026], "value": [600.0, 725.0]})
    figures = pd.DataFrame({"value": [13.8, 110.0], "ends": [2025.0, 2026.5]})
    path = dep.capex_path(actual, forecasts, "high", capex_growth, through=through)
    revenue = dep.calendar_revenue(figures, growth, through=through)
    one = dep.clock(path, life, revenue, datacenter_multiplier=2.0, margin_multiplier=2.0, ai_share=share,
                    through=through)
    many = dep.clock_many(path, figures, asset_life=[life, 4.0], capex_growth=[capex_growth, 0.2],
                          revenue_growth=[growth, 0.1], ai_share=[share, 1.0], through=through)
    assert many["year"].tolist() == one["year"].tolist()
    for column in ("capex", "depreciation", "revenue", "coverage"):
        assert np.array_equal(many[column][0], one[column].to_numpy(dtype=float), equal_nan=True), column
    first = dep.first_years_covered(many)[0]
    covered = dep.first_year_covered(one)
    assert (np.isnan(first) and covered is None) or first == covered


def test_the_clock_on_arrays_refuses_impossible_draws():
    path = dep.capex_path({2023: 100.0}, pd.DataFrame({"year": [], "value": []}), "high", 0.0, through=2026)
    figures = pd.DataFrame({"value": [10.0], "ends": [2024.0]})
    kw = dict(capex_growth=0.0, revenue_growth=0.5, ai_share=1.0, through=2026)
    with pytest.raises(ValueError, match="asset_life must be a number of years above 0 in every draw"):
        dep.clock_many(path, figures, asset_life=[6.0, 0.0], **kw)
    with pytest.raises(ValueError, match="ai_share must be a fraction"):
        dep.clock_many(path, figures, asset_life=6.0, **{**kw, "ai_share": [1.0, 1.5]})
    with pytest.raises(ValueError, match="growth must be above -100% a year in every draw"):
        dep.clock_many(path, figures, asset_life=6.0, **{**kw, "revenue_growth": [-1.0]})
