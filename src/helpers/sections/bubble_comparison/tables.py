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
# The inputs of the revenue-required engine (revenue_required.py), as columns of bubble_revenue_required.csv
ENGINE_INPUT_COLUMNS = ("capex", "chip_share", "life_years", "gross_margin_pct", "required_return_pct")
ENGINE_INPUTS = {"capex": "capex", "chip_share": "chip_share", "life_years": "life_years",
                 "gross_margin": "gross_margin_pct", "required_return": "required_return_pct"}

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

TABLES += (
    Table(
        "bubble_revenue_required.csv",
        "Published estimates of the revenue AI must earn to justify its capex (Sequoia, Kupperman, JPMorgan, Bain), "
        "one row per case, with the inputs each author states in the terms of the section's revenue-required engine.",
        (
            Col("case", "str", "whose estimate and when, e.g. sequoia_2024, kupperman_2025_09_high"),
            Col("author", "str", "who published it"),
            Col("as_of", "str", "when it was published, YYYY-MM or YYYY", pattern=AS_OF_PATTERN),
            Col("published_as", "str", "the figure in the author's words"),
            Col("basis", "str", "annual (each year of the life), lifetime (over the life of a year's capex) or "
                "perpetuity (for ever, no repayment)", allowed=("annual", "lifetime", "perpetuity")),
            Col("capex", "float", "the spending the estimate starts from, in `unit`", min=0, max=10_000),
            Col("unit", "str", "usd_bn, for capex and published", allowed=("usd_bn",)),
            Col("capex_covers", "str", "what the capex is, in words"),
            Col("chip_share", "float", "share of the data centre's whole cost that the capex covers, fraction 0-1 "
                "(0.5: GPUs are half the cost; 1: the capex is the whole spend)", min=0.01, max=1),
            Col("life_years", "float", "useful life, years; empty when the basis does not use it", required=False,
                min=0.1, max=100),
            Col("gross_margin_pct", "float", "the gross margin the author states, percent; empty when not stated "
                "(then it is the implied input)", required=False, min=0, max=100),
            Col("margin_of", "str", "whose margin: buyer (kept on top of the compute bill: revenue = charge / (1 - "
                "margin)) or operator (pays for the capital: revenue = charge / margin)", allowed=("buyer", "operator")),
            Col("required_return_pct", "float", "yearly return on the capital invested, percent (0: break-even)",
                min=0, max=100),
            Col("published", "float", "the published figure, in `unit`", min=0.01, max=10_000),
            Col("implied_input", "str", "the input backed out when the figure does not follow from the stated inputs",
                allowed=tuple(ENGINE_INPUTS)),
            Col("not_stated", "str", "columns whose value the author does not state (';'-separated): an assumption "
                "named in the note, or left empty", required=False),
            source_col(),
            Col("capex_source_id", "str", "source of the capex figure when it is not the case's own source",
                required=False),
            note_col(),
        ),
        key=("case",),
        rules=(
            RowRule("not_stated", "only engine input columns (capex, chip_share, life_years, gross_margin_pct, "
                    "required_return_pct), separated by ';'",
                    lambda df: df["not_stated"].fillna("").map(
                        lambda v: any(p not in ENGINE_INPUT_COLUMNS for p in v.split(";") if p))),
            RowRule("gross_margin_pct", "a value, or the implied input named in not_stated",
                    lambda df: df["gross_margin_pct"].isna() & ~((df["implied_input"] == "gross_margin")
                                                                & df["not_stated"].fillna("").str.contains(
                                                                    "gross_margin_pct"))),
            RowRule("life_years", "a life for basis annual",
                    lambda df: (df["basis"] == "annual") & df["life_years"].isna()),
            RowRule("required_return_pct", "a return above 0 for basis perpetuity",
                    lambda df: (df["basis"] == "perpetuity") & (df["required_return_pct"] <= 0)),
        ),
    ),
)
