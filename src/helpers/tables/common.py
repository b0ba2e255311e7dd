"""Tables every section shares: the sources list and the claims ledger."""
from helpers.schema import DATE_PATTERN, UNITS, Col, RowRule, Table, note_col, source_col

TABLES = (
    Table(
        "sources.csv",
        "Every source cited by the other files.",
        (
            Col("source_id", "str", "short unique id"),
            Col("publisher", "str", "who published it"),
            Col("title", "str", "title of the document or article"),
            Col("date", "str", "publication date, YYYY-MM-DD (or YYYY-MM, YYYY); empty when the page is undated",
                required=False, pattern=DATE_PATTERN),
            Col("url", "str", "link", pattern=r"^https?://\S+$"),
            Col("kind", "str", "primary (filing, company release, official statistic) or secondary (press report)",
                allowed=("primary", "secondary")),
            Col("note", "str", "the figure it supports, with a short quote", required=False),
        ),
        key=("source_id",),
        sourced=False,
    ),
)

SECTION_SLUGS = ("basics", "circular-revenue", "concentration-risk", "bubble-comparison")
VERDICTS = ("holds", "rounded", "misattributed", "overstated", "wrong", "unverifiable")

TABLES += (
    Table(
        "claims.csv",
        "The claims ledger: every number the article states, the best source found and a verdict.",
        (
            Col("claim_id", "str", "stable short id", pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$"),
            Col("section", "str", "section of the report the claim belongs to", allowed=SECTION_SLUGS),
            Col("claim", "str", "the claim in English, in our words"),
            Col("article_value", "str", "the value as the article states it (a number, a range like 30-40, or words)"),
            Col("unit", "str", "unit code", allowed=UNITS),
            Col("period", "str", "year, span or as-of date the claim refers to"),
            Col("attributed_to", "str", "whom the article attributes it to, or 'none'"),
            Col("source_id", "str", "best public source found (row of sources.csv); empty only when unverifiable",
                required=False),
            Col("source_value", "str", "the value that source gives", required=False),
            Col("verdict", "str", "holds, rounded, misattributed, overstated, wrong or unverifiable", allowed=VERDICTS),
            Col("reason", "str", "one line on why"),
            Col("check", "str", "name of the arithmetic check in src/helpers/claims.py that recomputes the verdict "
                "from data/, if any", required=False),
        ),
        key=("claim_id",),
        rules=(
            RowRule("source_id", "a source for every verdict except unverifiable",
                    lambda df: df["source_id"].isna() & (df["verdict"] != "unverifiable")),
        ),
    ),
    Table(
        "oracle_financials.csv",
        "Oracle's revenue and net income by fiscal year (years end 31 May) and the 10 September 2025 jump.",
        (
            Col("company", "str", "Oracle"),
            Col("fiscal_year", "int", "fiscal year (FY2025 ended 31 May 2025)", min=1990, max=2035),
            Col("fiscal_year_end", "str", "last day of the fiscal year", pattern=DATE_PATTERN),
            Col("metric", "str", "total_revenue, net_income (canonical: one row a year, as first reported); "
                "*_alt rows are other sources' or restated values; market-value and share-price moves"),
            Col("value", "float", "the figure, in `unit`"),
            Col("unit", "str", "usd_m, usd_bn or pct", allowed=("usd_m", "usd_bn", "pct")),
            source_col(),
            note_col(),
        ),
        key=("company", "fiscal_year", "metric", "source_id"),
        sections=("circular-revenue",),
        rules=(
            RowRule("metric", "one canonical total_revenue and net_income row per fiscal year",
                    lambda df: df["metric"].isin(["total_revenue", "net_income"])
                    & df.duplicated(["company", "fiscal_year", "metric"])),
        ),
    ),
    Table(
        "nvidia_customers.csv",
        "Nvidia's customer concentration: disclosed direct-customer shares and analysts' estimates.",
        (
            Col("company", "str", "customer (or Nvidia for its own totals)"),
            Col("period", "str", "Nvidia fiscal period the figure covers"),
            Col("metric", "str", "share_of_total_revenue, share_of_nvidia_revenue_est (analyst estimate), "
                "combined_share_of_total_revenue, share_of_accounts_receivable, total_revenue, ..."),
            Col("value", "float", "the figure, in `unit`", min=0),
            Col("unit", "str", "pct, usd_bn or usd_m", allowed=("pct", "usd_bn", "usd_m")),
            source_col(),
            note_col(),
        ),
        key=("company", "period", "metric", "source_id"),
        sections=("circular-revenue",),
    ),
)
