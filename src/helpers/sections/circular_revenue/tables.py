"""Tables read by the Circular revenue section: the deal network, the companies' revenue and the
dot-com precedents."""
from helpers.core.schema import DATE_PATTERN, Col, RowRule, Table, note_col, source_col

DEAL_KINDS = ("equity_investment", "warrant", "chip_purchase", "compute_contract", "capacity_backstop",
              "revenue_share")
YES_NO = ("yes", "no")
REVENUE_MEASURES = ("revenue", "annualized_revenue_run_rate")


def _alternative_without_headline(df):
    """Rows with headline=no must be another figure for a deal (from, to, kind) that has a headline row."""
    import pandas as pd  # imported only when a file is checked

    heads = df[df["headline"] == "yes"]
    known = set(zip(heads["from_company"], heads["to_company"], heads["kind"]))
    has_head = [(f, t, k) in known for f, t, k in zip(df["from_company"], df["to_company"], df["kind"])]
    return (df["headline"] == "no") & ~pd.Series(has_head, index=df.index, dtype=bool)


def _second_compared_headline(df):
    """Two headline rows of one company and measure that are both compared with revenue."""
    import pandas as pd

    compared = df[(df["headline"] == "yes") & df["versus"].notna()]
    return pd.Series(df.index.isin(compared.index[compared.duplicated(["company", "measure"])]), index=df.index)


TABLES = (
    Table(
        "deals.csv",
        "The AI deal network: one row per flow of money (or equity) from one company to another.",
        (
            Col("deal_id", "str", "short unique id; an alternative figure for a deal carries the deal's id plus a suffix"),
            Col("from_company", "str", "who pays, invests or grants (parent company: Amazon for AWS, Google for "
                "Google Cloud)"),
            Col("to_company", "str", "who receives the money, the investment or the order"),
            Col("kind", "str", "equity_investment, warrant (shares granted at a nominal price), chip_purchase, "
                "compute_contract (cloud or compute capacity), capacity_backstop (a promise to buy unsold capacity) "
                "or revenue_share", allowed=DEAL_KINDS),
            Col("amount", "float", "headline value in `unit`; empty when no dollar value was disclosed (the deal "
                "still counts for loops but not for dollar sums)", required=False, min=0),
            Col("unit", "str", "usd_bn", allowed=("usd_bn",)),
            Col("period", "str", "years the deal covers, when the source states them", required=False),
            Col("announced", "str", "announcement date, YYYY-MM-DD, when the source gives it", required=False,
                pattern=DATE_PATTERN),
            Col("status", "str", "firm (signed or reported commitment) or conditional (letter of intent, 'up to', "
                "milestone vesting)", allowed=("firm", "conditional")),
            Col("headline", "str", "yes for the one row per deal that the graph and charts use; no for another "
                "source's or measure's figure for the same deal", allowed=YES_NO),
            Col("after_article", "str", "yes for deals announced after the article was published", allowed=YES_NO),
            source_col(),
            note_col(),
        ),
        key=("deal_id",),
        rules=(
            RowRule("to_company", "a company other than from_company",
                    lambda df: df["from_company"] == df["to_company"]),
            RowRule("amount", "an amount on every alternative (headline=no) row",
                    lambda df: (df["headline"] == "no") & df["amount"].isna()),
            RowRule("headline", "an alternative figure only for a deal (from, to, kind) that has a headline row",
                    _alternative_without_headline),
        ),
    ),
    Table(
        "deal_companies.csv",
        "Revenue and other scale figures for the companies in the deal network (nodes are sized by them).",
        (
            Col("company", "str", "company, named as in deals.csv (Google for Alphabet)"),
            Col("metric", "str", "revenue (fiscal year), annualized_revenue_run_rate, segment revenue, revenue "
                "shares by customer (pct), cost per gigawatt, ..."),
            Col("value", "float", "the figure, in `unit`", min=0),
            Col("unit", "str", "usd_bn or pct", allowed=("usd_bn", "pct")),
            Col("period", "str", "fiscal year (FY2025), half or quarter, or as-of date"),
            Col("headline", "str", "yes for the one revenue figure per company that sizes its node and scales its "
                "deals", allowed=YES_NO),
            source_col(),
            note_col(),
        ),
        key=("company", "metric", "period", "source_id"),
        rules=(
            RowRule("headline", "at most one headline row per company",
                    lambda df: (df["headline"] == "yes") & df.duplicated(["company", "headline"])),
            RowRule("metric", "revenue or annualized_revenue_run_rate in usd_bn on headline rows",
                    lambda df: (df["headline"] == "yes") & (~df["metric"].isin(REVENUE_MEASURES)
                                                           | (df["unit"] != "usd_bn"))),
        ),
    ),
    Table(
        "dotcom_precedents.csv",
        "Dot-com precedents: telecom equipment makers' vendor financing (1999-2001) and carriers' capacity swaps, "
        "with the revenue they are compared with.",
        (
            Col("company", "str", "company (or an industry total)"),
            Col("period", "str", "fiscal year (FY2001), part-year (9M 2001), span (2000-2001) or as-of date"),
            Col("measure", "str", "revenue, vendor_financing_commitments, vendor_financing_outstanding, "
                "capacity_swap_revenue, ..."),
            Col("value", "float", "the figure, in `unit`", min=0),
            Col("unit", "str", "usd_bn or count", allowed=("usd_bn", "count")),
            Col("versus", "str", "period(s) of the same company's revenue row(s) this figure is compared with, "
                "joined by '+' when summed; empty when not compared", required=False),
            Col("headline", "str", "yes for the row the charts use when sources disagree", allowed=YES_NO),
            source_col(),
            note_col(),
        ),
        key=("company", "period", "measure", "source_id"),
        rules=(
            RowRule("versus", "at most one compared headline row per company and measure",
                    _second_compared_headline),
            RowRule("headline", "at most one headline row per company, period and measure",
                    lambda df: (df["headline"] == "yes") & df.duplicated(["company", "period", "measure", "headline"])),
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
    ),
)
