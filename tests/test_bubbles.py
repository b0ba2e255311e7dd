import math

import pandas as pd
import pytest

from helpers.sections.bubble_comparison import figures as bubbles
from helpers.core import data
from helpers.core.present import chart


@pytest.fixture(scope="module")
def episodes():
    return data.load("bubble_episodes.csv")


@pytest.fixture(scope="module")
def series():
    return data.load("bubble_series.csv")


def test_comparison_has_every_episode_and_measure_and_leaves_gaps_empty(episodes):
    comp = bubbles.comparison(episodes)
    assert len(comp) == len(bubbles.EPISODES) * len(bubbles.MEASURES)
    ai = comp[comp["episode"] == bubbles.AI].set_index("measure")
    # the AI boom has no peak yet: no loss, no recovery time, and nothing is filled in
    assert math.isnan(ai.loc["peak_to_trough_loss_pct", "value"])
    assert math.isnan(ai.loc["years_to_recover", "value"])
    assert pd.isna(ai.loc["years_to_recover", "estimate_by"])
    table = bubbles.comparison_table(comp, episodes).set_index("Measure")
    assert pd.isna(table.loc["Years to regain the peak", bubbles.EPISODES[bubbles.AI]])


def test_comparison_uses_the_headline_row_and_the_spread_of_all_rows(episodes):
    comp = bubbles.comparison(episodes).set_index(["episode", "measure"])
    row = comp.loc[("uk_railway_mania_1840s", "investment_pct_gdp_peak")]
    rows = episodes[(episodes["episode"] == "uk_railway_mania_1840s") & (episodes["measure"] == "investment_pct_gdp_peak")]
    assert row["value"] == rows.loc[rows["headline"] == "yes", "value"].iloc[0]
    assert (row["low"], row["high"], row["n"]) == (rows["value"].min(), rows["value"].max(), len(rows))


def test_estimates_table_lists_every_row_once(episodes):
    every = bubbles.estimates_table(episodes)
    compared = episodes[episodes["measure"].isin([m for m, _, _ in bubbles.MEASURES])]
    groups = compared.groupby(["episode", "measure"]).ngroups
    assert len(every) == groups
    listed = every["Charted estimate"].notna().sum() + every["Other estimates"].fillna("").str.count("; ").add(
        every["Other estimates"].notna().astype(int)).sum()
    assert listed == len(compared)


def test_short_by():
    assert bubbles.short_by("Andrew Odlyzko (quoted by Edward Chancellor, Breakingviews)") == "Odlyzko"
    assert bubbles.short_by("US Bureau of Economic Analysis (via Justin Fox)") == "BEA"
    assert bubbles.short_by("Microsoft (CFO Amy Hood, reported by The Register)") == "Microsoft"
    assert bubbles.short_by("Merrill Lynch (reported by the Wall Street Journal)") == "Merrill Lynch"


def test_capex_inputs_take_headline_actuals_of_the_ai_era_and_later_forecasts(series):
    actual, forecasts, used = bubbles.capex_inputs(series)
    assert actual.index.min() == bubbles.AI_ERA_START
    assert not actual.index.duplicated().any()
    assert (forecasts["year"] > actual.index.max()).all()
    assert set(used["source_id"]) >= set(series.loc[series["series"] == "hyperscaler_capex"].query(
        "headline == 'yes' and year >= @bubbles.AI_ERA_START and status == 'actual'")["source_id"])


def test_revenue_rows_keep_one_reported_figure_a_year_and_no_run_rates(series):
    for scope in bubbles.SCOPES:
        rows = bubbles.revenue_rows(series, scope)
        assert not rows["year"].duplicated().any()
        assert set(rows["basis"]) <= set(bubbles.REVENUE_BASES)
    with pytest.raises(ValueError, match="revenue_scope must be one of"):
        bubbles.revenue_rows(series, "everything")


def test_text_parameters_are_checked():
    bubbles.check_choices("low", "openai")
    with pytest.raises(ValueError, match="capex_forecast must be one of low, high, got 'mid'"):
        bubbles.check_choices("mid", "openai")
    with pytest.raises(ValueError, match="revenue_scope"):
        bubbles.check_choices("high", "all")


def test_min_life_covering():
    sens = pd.Series({1.0: 100.0, 2.0: 60.0, 3.0: 40.0})
    assert bubbles.min_life_covering(sens, 60.0) == 2.0
    assert bubbles.min_life_covering(sens, 10.0) is None


def test_usd_words():
    assert bubbles.usd(25.17) == "$25.2B"
    assert bubbles.usd(110.0) == "$110B"
    assert bubbles.usd(48.2) == "$48.2B"
    assert bubbles.usd(2690.4) == "$2.7 trillion"


def test_fit_wraps_the_source_line_to_the_figure():
    fig, _ = chart("A title", "word " * 120, size=(10, 5))
    bubbles._fit(fig)
    note = next(t for t in fig.texts if t.get_text().startswith("Source: "))
    assert max(len(line) for line in note.get_text().split("\n")) <= 10 * bubbles.SOURCE_CHARS_PER_INCH
