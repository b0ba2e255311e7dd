"""The revenue-required engine: each published case from its author's own inputs, the implied input where a
figure does not follow, vectorization, and the one-line errors."""
import math

import numpy as np
import pandas as pd
import pytest

from helpers.core import data
from helpers.sections.bubble_comparison import model
from helpers.sections.bubble_comparison import revenue_required as rr


@pytest.fixture(scope="module")
def cases():
    return rr.published_cases(data.load("bubble_revenue_required.csv")).set_index("case")


def row(cases, case):
    return cases.loc[case]


# --- the published cases, each from its own inputs (data/bubble_revenue_required.csv) ---------------

def test_sequoia_2023_200b(cases):
    # $50B of GPU run rate, GPUs half the cost, a 50% margin for the end user: $200B of lifetime revenue
    c = row(cases, "sequoia_2023")
    assert rr.required_revenue(50, 0.5, gross_margin=0.5, basis="lifetime") == 200.0
    assert c["recomputed"] == 200.0 and c["reproduces"]


def test_sequoia_2024_600b(cases):
    c = row(cases, "sequoia_2024")
    assert rr.required_revenue(150, 0.5, gross_margin=0.5, basis="lifetime") == 600.0
    assert c["recomputed"] == 600.0 and c["reproduces"]


def test_kupperman_first_estimate_160b(cases):
    # $400B over 10 years = $40B a year, paid out of a 25% gross margin
    c = row(cases, "kupperman_2025_08")
    assert rr.required_revenue(400, 1, 10, 0.25, margin_of="operator") == pytest.approx(160.0)
    assert c["reproduces"]


def test_kupperman_first_post_480b_at_a_20_percent_return(cases):
    c = row(cases, "kupperman_2025_08_roic")
    assert rr.required_revenue(400, 1, 10, 0.25, 0.20, margin_of="operator") == pytest.approx(480.0)
    assert c["reproduces"]


def test_kupperman_addendum_low_end_320b_at_five_years(cases):
    c = row(cases, "kupperman_2025_09_low")
    assert c["recomputed"] == pytest.approx(320.0) and c["reproduces"]


def test_kupperman_addendum_high_end_480b_does_not_follow_from_three_years(cases):
    # 3 years gives $533B; $480B needs a life of 3 1/3 years
    c = row(cases, "kupperman_2025_09_high")
    assert c["recomputed"] == pytest.approx(400 / 3 / 0.25)
    assert not c["reproduces"]
    assert c["difference"] == pytest.approx(400 / 3 / 0.25 - 480)
    assert c["implied_input"] == "life_years" and c["implied_value"] == pytest.approx(10 / 3)
    assert rr.required_revenue(400, 1, c["implied_value"], 0.25, margin_of="operator") == pytest.approx(480.0)


def test_jpmorgan_650b_needs_more_than_its_5_trillion(cases):
    # 10% for ever on $5T is $500B a year (every revenue dollar counted as return); ~$650B needs $6.5T,
    # within the report's own $5-7T
    c = row(cases, "jpmorgan_2025_11")
    assert c["recomputed"] == pytest.approx(500.0) and not c["reproduces"]
    assert c["implied_input"] == "capex" and c["implied_value"] == pytest.approx(6500.0)
    assert 5000 <= c["implied_value"] <= 7000


def test_bain_2t_follows_from_500b_only_with_a_25_percent_capex_to_revenue_ratio(cases):
    c = row(cases, "bain_2025_09")
    assert math.isnan(c["recomputed"]) and not c["reproduces"]  # the ratio is not stated
    assert c["implied_input"] == "gross_margin" and c["implied_value"] == pytest.approx(0.25)
    assert rr.required_revenue(500, 1, gross_margin=0.25, basis="lifetime", margin_of="operator") == 2000.0


def test_every_case_is_checked(cases):
    assert len(cases) == len(data.load("bubble_revenue_required.csv"))
    assert set(cases.index) == {"sequoia_2023", "sequoia_2024", "kupperman_2025_08", "kupperman_2025_08_roic",
                                "kupperman_2025_09_low", "kupperman_2025_09_high", "jpmorgan_2025_11", "bain_2025_09"}


# --- conventions --------------------------------------------------------------------------------

def test_the_two_readings_of_a_gross_margin_agree_at_50_percent_only():
    assert rr.required_revenue(100, gross_margin=0.5) == rr.required_revenue(100, gross_margin=0.5, margin_of="operator")
    assert rr.required_revenue(100, gross_margin=0.25) == pytest.approx(100 / 0.75)
    assert rr.required_revenue(100, gross_margin=0.25, margin_of="operator") == pytest.approx(400.0)


def test_the_engine_is_the_sections_multipliers():
    # datacenter_multiplier = 1 / chip_share, margin_multiplier = 1 / (1 - buyer's margin)
    assert model.revenue_needed(150.0, 2.0, 2.0) == rr.required_revenue(150, 0.5, gross_margin=0.5, basis="lifetime")
    assert model.revenue_needed(150.0, 2.5, 4.0) == pytest.approx(
        rr.required_revenue(150, 1 / 2.5, gross_margin=0.75, basis="lifetime"))


def test_bases():
    assert rr.required_revenue(600, life_years=6) == 100.0
    assert rr.required_revenue(600, life_years=6, required_return=0.1) == pytest.approx(160.0)
    assert rr.required_revenue(600, life_years=6, basis="lifetime") == 600.0
    assert rr.required_revenue(600, life_years=6, required_return=0.1, basis="lifetime") == pytest.approx(960.0)
    assert rr.required_revenue(600, required_return=0.1, basis="perpetuity", life_years=math.inf) == pytest.approx(60.0)


# --- rounding ------------------------------------------------------------------------------------

@pytest.mark.parametrize("published, tol", [(480, 5), (200, 10), (2000, 100), (650, 5), (160, 5), (600, 30),
                                            (3.4, 0.05)])
def test_tolerance_is_half_the_last_digit_at_most_5_percent(published, tol):
    assert rr.tolerance(published) == pytest.approx(tol)


def test_reproduces_within_rounding_only():
    assert rr.reproduces(484.9, 480) and not rr.reproduces(485.1, 480)
    assert rr.reproduces(2090, 2000) and not rr.reproduces(2200, 2000)


# --- the implied input ---------------------------------------------------------------------------

@pytest.mark.parametrize("target", rr.INPUTS)
def test_implied_inverts_required_revenue(target):
    inputs = dict(capex=400.0, chip_share=0.8, life_years=4.0, gross_margin=0.3, required_return=0.05)
    for margin_of in rr.MARGINS:
        revenue = rr.required_revenue(**inputs, margin_of=margin_of)
        others = {k: v for k, v in inputs.items() if k != target}
        assert rr.implied(target, revenue, **others, margin_of=margin_of) == pytest.approx(inputs[target])


def test_implied_is_nan_where_no_value_works():
    # the return alone is already $60B a year: no life gives $50B
    assert math.isnan(rr.implied("life_years", 50, capex=600, required_return=0.1))
    # a chip share above 1 is no share
    assert math.isnan(rr.implied("chip_share", 50, capex=600, life_years=6))


def test_implied_needs_the_capex_unless_it_is_the_target():
    with pytest.raises(ValueError, match="capex must be given"):
        rr.implied("life_years", 480, gross_margin=0.25, margin_of="operator")


# --- vectorization -------------------------------------------------------------------------------

def test_required_revenue_broadcasts_over_arrays():
    lives = np.array([3.0, 5.0, 10.0])
    out = rr.required_revenue(400, 1, lives, 0.25, margin_of="operator")
    assert out == pytest.approx([400 / 3 / 0.25, 320.0, 160.0])
    grid = rr.required_revenue(400, 1, lives[:, None], np.array([0.25, 0.5]), margin_of="operator")
    assert grid.shape == (3, 2) and grid[1, 1] == pytest.approx(160.0)
    draws = np.random.default_rng(0).uniform(3, 10, 1000)
    assert rr.required_revenue(400, 1, draws, 0.25, margin_of="operator").shape == (1000,)
    assert isinstance(rr.required_revenue(400, 1, 5, 0.25), float)


def test_implied_broadcasts_over_arrays():
    out = rr.implied("life_years", np.array([320.0, 480.0]), capex=400, gross_margin=0.25, margin_of="operator")
    assert out == pytest.approx([5.0, 10 / 3])


def test_revenue_by_year_sums_the_vintages_in_service():
    out = rr.revenue_by_year({2024: 120.0, 2025: 240.0}, life_years=3, gross_margin=0.5)
    # each vintage needs capex / 3 / 50% a year for three years
    assert list(out.index) == [2024, 2025, 2026, 2027]
    assert list(out) == pytest.approx([80.0, 240.0, 240.0, 160.0])
    with_return = rr.revenue_by_year({2024: 100.0}, life_years=2.5, required_return=0.1)
    assert list(with_return) == pytest.approx([50.0, 50.0, 25.0])  # (1/2.5 + 0.1) x 100, half in the last year
    assert rr.revenue_by_year({2024: 100.0}, life_years=2, through=2024).tolist() == [50.0]


# --- bad input: one line naming the argument and what was expected ----------------------------------

@pytest.mark.parametrize("kwargs, message", [
    (dict(capex=-1), "capex must be US$ billions of at least 0, got -1"),
    (dict(capex="lots"), "capex must be a number or an array of numbers, got 'lots'"),
    (dict(capex=float("nan")), "capex must be a number, got NaN"),
    (dict(chip_share=0), "chip_share must be a fraction above 0 and at most 1, got 0"),
    (dict(chip_share=1.5), "chip_share must be a fraction above 0 and at most 1, got 1.5"),
    (dict(life_years=0), "life_years must be a number of years above 0"),
    (dict(life_years=math.inf), "life_years must be finite for basis 'annual'"),
    (dict(gross_margin=1.0), "gross_margin must be a fraction from 0 to below 1"),
    (dict(gross_margin=0, margin_of="operator"), "gross_margin must be a fraction above 0 and at most 1"),
    (dict(required_return=-0.1), "required_return must be a yearly fraction of at least 0, got -0.1"),
    (dict(basis="monthly"), "basis must be one of annual, lifetime, perpetuity, got 'monthly'"),
    (dict(margin_of="seller"), "margin_of must be one of buyer, operator, got 'seller'"),
    (dict(basis="perpetuity"), "required_return must be above 0 for basis 'perpetuity'"),
    (dict(capex=np.array([100.0, -5.0])), "capex must be US$ billions of at least 0, got -5"),
])
def test_bad_input_gets_one_line(kwargs, message):
    args = dict(capex=100.0, chip_share=1.0, life_years=5.0, gross_margin=0.25, required_return=0.0)
    args.update(kwargs)
    with pytest.raises(ValueError) as err:
        rr.required_revenue(**args)
    assert str(err.value).startswith(message) and "\n" not in str(err.value)


def test_bad_target_and_published():
    with pytest.raises(ValueError, match="target must be one of capex"):
        rr.implied("margin", 100, capex=100)
    with pytest.raises(ValueError, match="published must be US\\$ billions above 0"):
        rr.implied("life_years", 0, capex=100)
    with pytest.raises(ValueError, match="published must be a finite figure other than 0"):
        rr.tolerance(0)


def test_a_case_with_an_unstated_input_other_than_the_implied_one_is_refused():
    frame = data.load("bubble_revenue_required.csv")
    bad = frame[frame["case"] == "bain_2025_09"].assign(implied_input="capex")
    with pytest.raises(ValueError, match="case bain_2025_09: inputs gross_margin are not stated"):
        rr.published_cases(bad)
