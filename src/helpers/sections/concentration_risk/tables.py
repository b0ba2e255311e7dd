"""Tables read by the Concentration risk section."""
from helpers.core.schema import DATE_PATTERN, Col, RowRule, Table, note_col, source_col


HISTORY_MEASURES = ("mag7_weight", "mag7_earnings_share", "top10_weight", "top10_weight_long_run_average", "hhi",
                    "effective_n")
HISTORY_UNITS = {"mag7_weight": "pct", "mag7_earnings_share": "pct", "top10_weight": "pct",
                 "top10_weight_long_run_average": "pct", "hhi": "index_points", "effective_n": "count"}
SEVEN = ("Alphabet", "Amazon", "Apple", "Meta", "Microsoft", "Nvidia", "Tesla")
CAPEX_GROUPS = ("mag7", "sp500_ex_mag7", "hyperscalers5", "hyperscalers4", "hyperscalers_ms", "big_tech", "amazon",
                "alphabet", "sp500_tech_and_related")
CAPEX_METRICS = ("capex", "capex_growth_yoy", "capex_pct_of_revenue", "share_of_sp500_capex")
ATTRIBUTION_BASKETS = ("jpm_ai_related", "jpm_direct_ai_29", "jpm_ai_30", "jpm_ai_capital_equipment", "jpm_ai_utilities",
                       "sp500_ex_ai", "cembalest_ai_42", "hyperscalers4", "hyperscalers4_plus_semis", "mag7",
                       "sp500_ex_mag7")
RETIREMENT_MEASURES = ("avg_401k_balance", "median_401k_balance", "us_equity_share", "non_us_equity_share",
                       "equity_share", "equity_share_glidepath_start", "peak_to_trough_loss",
                       "bear_market_price_change", "calendar_year_return")


def _year_of(df):
    return df["as_of"].str.slice(0, 4)


TABLES = (
    Table(
        "concentration_history.csv",
        "How concentrated the S&P 500 is, reading by reading: the seven's weight, the top-10 weight, the HHI of "
        "the weights and the effective number of stocks.",
        (
            Col("measure", "str", "what is measured", allowed=HISTORY_MEASURES),
            Col("as_of", "str", "date of the reading, YYYY-MM-DD, YYYY-MM or YYYY", pattern=DATE_PATTERN),
            Col("value", "float", "the figure, in `unit`", min=0),
            Col("unit", "str", "pct, index_points (HHI) or count (effective number of stocks)",
                allowed=("pct", "index_points", "count")),
            Col("headline", "str", "yes for the one reading per measure and calendar year that the tables use",
                allowed=("yes", "no")),
            source_col(),
            note_col(),
        ),
        key=("measure", "as_of", "source_id"),
        rules=(
            RowRule("unit", "pct for weights and shares, index_points for hhi, count for effective_n",
                    lambda df: df["unit"] != df["measure"].map(HISTORY_UNITS)),
            RowRule("value", "a percentage of at most 100",
                    lambda df: (df["unit"] == "pct") & (df["value"] > 100)),
            RowRule("headline", "at most one headline reading per measure and calendar year",
                    lambda df: (df["headline"] == "yes")
                    & df.assign(year=_year_of(df)).duplicated(["measure", "year", "headline"])),
        ),
    ),
    Table(
        "concentration_weights.csv",
        "Index weights of the seven companies on the dates a source lists them.",
        (
            Col("company", "str", "one of the seven", allowed=SEVEN),
            Col("share_class", "str", "all (the company's total) or the share class listed"),
            Col("weight", "float", "weight in the S&P 500, in `unit`", min=0, max=100),
            Col("unit", "str", "pct", allowed=("pct",)),
            Col("as_of", "str", "date of the weights", pattern=DATE_PATTERN),
            source_col(),
            note_col(),
        ),
        key=("company", "share_class", "as_of", "source_id"),
    ),
    Table(
        "concentration_capex.csv",
        "Capital spending of the seven, of the other 493 and of the hyperscalers: growth rates and dollars by year.",
        (
            Col("year", "int", "calendar year the spending falls in", min=1990, max=2035),
            Col("companies", "str", "the company set (code)", allowed=CAPEX_GROUPS),
            Col("members", "str", "who is in the set, as the source defines it"),
            Col("metric", "str", "what is measured", allowed=CAPEX_METRICS),
            Col("period", "str", "FY (full year) or the quarter/half it covers", allowed=("FY", "H1", "Q1", "Q3")),
            Col("value", "float", "the figure, in `unit`", min=0),
            Col("unit", "str", "usd_bn or pct", allowed=("usd_bn", "pct")),
            Col("status", "str", "actual or forecast", allowed=("actual", "forecast")),
            source_col(),
            note_col(),
        ),
        key=("year", "companies", "metric", "period", "status", "source_id"),
        rules=(
            RowRule("unit", "usd_bn for capex and pct for growth and shares",
                    lambda df: (df["metric"] == "capex") != (df["unit"] == "usd_bn")),
        ),
    ),
    Table(
        "ai_attribution.csv",
        "How much of the S&P 500's returns, earnings growth and capex growth analysts attribute to AI-related "
        "stocks and to the seven, with the baskets' size.",
        (
            Col("measure", "str", "what is measured"),
            Col("basket", "str", "whose figure (code: whose basket of stocks)", allowed=ATTRIBUTION_BASKETS),
            Col("value", "float", "the figure, in `unit`", min=0),
            Col("unit", "str", "pct, usd_bn or usd_tn", allowed=("pct", "usd_bn", "usd_tn")),
            Col("period", "str", "span or date the figure covers"),
            Col("headline", "str", "yes for the row the charts use where sources disagree", allowed=("yes", "no")),
            source_col(),
            note_col(),
        ),
        key=("measure", "basket", "period", "source_id"),
        rules=(
            RowRule("headline", "at most one headline row per measure, basket and month",
                    lambda df: (df["headline"] == "yes")
                    & df.assign(month=df["period"].str.slice(0, 7)).duplicated(["measure", "basket", "month",
                                                                                 "headline"])),
        ),
    ),
    Table(
        "retirement_figures.csv",
        "401(k) balances, target-date fund stock shares and past S&P 500 falls, for the drawdown model.",
        (
            Col("measure", "str", "what is measured", allowed=RETIREMENT_MEASURES),
            Col("subject", "str", "whose figure: plan provider, fund or index"),
            Col("value", "float", "the figure, in `unit`"),
            Col("unit", "str", "usd or pct", allowed=("usd", "pct")),
            Col("period", "str", "as-of date (YYYY-MM-DD) or span"),
            Col("headline", "str", "yes for the row used where sources disagree", allowed=("yes", "no")),
            source_col(),
            note_col(),
        ),
        key=("measure", "subject", "period", "source_id"),
        rules=(
            RowRule("headline", "at most one headline row per measure, subject and period",
                    lambda df: (df["headline"] == "yes") & df.duplicated(["measure", "subject", "period", "headline"])),
            RowRule("value", "balances of 0 or more and percentages between -100 and 100",
                    lambda df: ((df["unit"] == "usd") & (df["value"] < 0))
                    | ((df["unit"] == "pct") & ((df["value"] < -100) | (df["value"] > 100)))),
        ),
    ),
)
