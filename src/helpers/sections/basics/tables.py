"""Tables read by the Basics section."""
from helpers.core.schema import DATE_PATTERN, UNITS, Col, RowRule, Table, note_col, source_col

FINANCIAL_METRICS = (
    "revenue", "net_loss", "net_loss_cumulative", "total_expenses", "compute_cost_total",
    "inference_compute_cost", "training_compute_cost", "rd_compute_cost", "cash_burn",
    "cash_burn_cumulative", "compute_cost_total_cumulative", "api_revenue", "gross_margin",
    "cost_of_revenue", "stock_compensation",
)
PERIODS = ("FY", "H1", "Q3", "Q1-Q3", "annualized", "cumulative")

TABLES = (
    Table(
        "openai_financials.csv",
        "OpenAI's revenue, costs and losses by calendar year, reported and projected.",
        (
            Col("company", "str", "company name"),
            Col("year", "int", "calendar year (for cumulative metrics, the last year of the span)", min=2015, max=2035),
            Col("period", "str", "part of the year covered: FY (full year), H1, Q3, Q1-Q3, annualized "
                "(run-rate), cumulative (span in note)", allowed=PERIODS),
            Col("metric", "str", "what is measured", allowed=FINANCIAL_METRICS),
            Col("value", "float", "the figure, in `unit`"),
            Col("unit", "str", "usd_bn (billions of US dollars) or pct", allowed=("usd_bn", "pct")),
            Col("status", "str", "reported (a past year) or projected", allowed=("reported", "projected")),
            Col("headline", "str", "yes for the one row per year and metric that the charts use", allowed=("yes", "no")),
            source_col(),
            note_col(),
        ),
        plausible={"usd_bn": (-2_000, 2_000, "billions of US dollars; no OpenAI figure reaches $2 trillion")},
        key=("company", "year", "period", "metric", "status", "source_id"),
        rules=(
            RowRule("value", "a value of 0 or more (only gross_margin may be negative)",
                    lambda df: (df["value"] < 0) & (df["metric"] != "gross_margin")),
            RowRule("unit", "pct for gross_margin and usd_bn for every other metric",
                    lambda df: (df["metric"] == "gross_margin") != (df["unit"] == "pct")),
            RowRule("headline", "at most one headline row per company, year and metric",
                    lambda df: (df["headline"] == "yes") & df.duplicated(["company", "year", "metric", "headline"])),
        ),
    ),
    Table(
        "openai_valuations.csv",
        "OpenAI's valuation at each funding round or share sale.",
        (
            Col("date", "str", "date of the round, YYYY-MM-DD or YYYY-MM", pattern=DATE_PATTERN),
            Col("valuation", "float", "valuation in `unit`", min=0),
            Col("unit", "str", "usd_bn", allowed=("usd_bn",)),
            Col("round", "str", "kind of transaction (post-money round, secondary sale)"),
            source_col(),
            note_col(),
        ),
        key=("date", "round", "source_id"),
    ),
    Table(
        "industry_figures.csv",
        "Single figures about the industry (IBM, Kruze Consulting, Citi and others).",
        (
            Col("figure_id", "str", "short unique id used by the notebooks"),
            Col("description", "str", "what the figure is"),
            Col("value", "float", "the figure, in `unit`"),
            Col("unit", "str", "unit code", allowed=UNITS),
            Col("period", "str", "year, span or as-of date the figure refers to"),
            source_col(),
            note_col(),
        ),
        key=("figure_id",),
    ),
)
