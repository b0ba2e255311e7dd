"""Tables read by the Bubble comparison section."""
from helpers.core.schema import DATE_PATTERN, UNITS, Col, RowRule, Table, note_col, source_col

EPISODES = ("uk_railway_mania_1840s", "us_railroads_gilded_age", "telecom_fiber_1996_2002", "dotcom_1995_2002",
            "ai_2023_on")
EPISODE_MEASURES = (
    "peak_year", "investment_peak_year", "investment_pct_gdp_peak", "it_investment_pct_gdp", "asset_life_years",
    "utilization_after_peak", "peak_to_trough_loss_pct", "years_to_recover", "peak_index_level",
    "trough_index_level", "recovery_index_level",
)
MEASURE_UNITS = {"peak_year": "years", "investment_peak_year": "years", "investment_pct_gdp_peak": "pct",
                 "it_investment_pct_gdp": "pct", "asset_life_years": "years", "utilization_after_peak": "pct",
                 "peak_to_trough_loss_pct": "pct", "years_to_recover": "years", "peak_index_level": "index_points",
                 "trough_index_level": "index_points", "recovery_index_level": "index_points"}
SERIES = (
    "nasdaq_composite_close", "hyperscaler_capex", "ai_revenue_openai", "ai_revenue_enterprise",
    "ai_revenue_genai_economy", "ai_capex_pct_gdp", "telecom_spending_us", "telecom_equipment_spending_us",
    "telecom_capex_na_wireline", "telecom_capex_na_providers", "telecom_capex_global",
)
BASES = ("calendar_year", "year_end", "run_rate", "trailing_12m")
GAP_ESTIMATES = ("sequoia_2023", "sequoia_2024", "sequoia_2025", "openai_2024", "bain_2030", "citi_2029",
                 "genai_economy_2026")
AS_OF_PATTERN = DATE_PATTERN

TABLES = (
    Table(
        "bubble_episodes.csv",
        "Five investment booms on the same measures: investment relative to GDP, asset life, utilization, "
        "peak-to-trough loss and years to recover, one row per estimate.",
        (
            Col("episode", "str", "the boom: uk_railway_mania_1840s, us_railroads_gilded_age, telecom_fiber_1996_2002, "
                "dotcom_1995_2002 or ai_2023_on", allowed=EPISODES),
            Col("measure", "str", "what is measured (see data/README.md)", allowed=EPISODE_MEASURES),
            Col("measured", "str", "exactly what the figure covers, in words (and which end of a range)"),
            Col("value", "float", "the figure, in `unit`; a calendar year for *_year measures", min=0),
            Col("unit", "str", "pct, years or index_points", allowed=UNITS),
            Col("period", "str", "year, date or span the figure refers to"),
            Col("headline", "str", "yes for the one row per episode and measure that the charts use",
                allowed=("yes", "no")),
            Col("estimate_by", "str", "whose estimate or measurement it is (and who reported it)"),
            source_col(),
            note_col(),
        ),
        key=("episode", "measure", "measured", "source_id"),
        rules=(
            RowRule("unit", "the unit that goes with the measure (pct, years or index_points)",
                    lambda df: df["unit"] != df["measure"].map(MEASURE_UNITS)),
            RowRule("headline", "at most one headline row per episode and measure",
                    lambda df: (df["headline"] == "yes") & df.duplicated(["episode", "measure", "headline"])),
        ),
    ),
    Table(
        "bubble_series.csv",
        "Yearly series for the booms: Nasdaq Composite closes, hyperscaler and telecom capital spending, AI "
        "revenue by scope, AI capex relative to GDP; actuals and forecasts.",
        (
            Col("series", "str", "which series (see data/README.md)", allowed=SERIES),
            Col("year", "int", "calendar year the figure is for", min=1800, max=2100),
            Col("value", "float", "the figure, in `unit`", min=0),
            Col("unit", "str", "usd_bn, pct or index_points", allowed=("usd_bn", "pct", "index_points")),
            Col("status", "str", "actual (reported for a past period) or forecast (made before the period ended)",
                allowed=("actual", "forecast")),
            Col("basis", "str", "calendar_year (total for the year), year_end (closing value), run_rate "
                "(annualized at a point in time) or trailing_12m", allowed=BASES),
            Col("headline", "str", "yes for the one row per series and year that the charts use", allowed=("yes", "no")),
            Col("as_of", "str", "when a forecast was made, YYYY-MM or YYYY (empty for actuals)", required=False,
                pattern=AS_OF_PATTERN),
            source_col(),
            note_col(),
        ),
        key=("series", "year", "status", "basis", "source_id", "value"),
        rules=(
            RowRule("headline", "at most one headline row per series and year",
                    lambda df: (df["headline"] == "yes") & df.duplicated(["series", "year", "headline"])),
            RowRule("as_of", "a date for every forecast",
                    lambda df: (df["status"] == "forecast") & df["as_of"].isna()),
        ),
    ),
    Table(
        "bubble_revenue_gap.csv",
        "The revenue-gap arithmetic published by venture investors and consultancies (Sequoia's '$600B question', "
        "Bain, Citi) and the AI revenue it is set against.",
        (
            Col("estimate", "str", "whose calculation and when: sequoia_2023, sequoia_2024, sequoia_2025, bain_2030, "
                "citi_2029, openai_2024, genai_economy_2026", allowed=GAP_ESTIMATES),
            Col("measure", "str", "the input or output of the calculation (see data/README.md)"),
            Col("value", "float", "the figure, in `unit`", min=0),
            Col("unit", "str", "usd_bn, ratio, pct or count", allowed=("usd_bn", "ratio", "pct", "count")),
            Col("as_of", "str", "when the figure was published, YYYY-MM or YYYY", pattern=AS_OF_PATTERN),
            Col("estimate_by", "str", "whose figure it is (and who reported it)"),
            source_col(),
            note_col(),
        ),
        key=("estimate", "measure", "source_id"),
    ),
)
