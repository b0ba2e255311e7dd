"""Checks that recompute the Circular revenue claims' verdicts from data/ (see helpers.core.claims)."""
from __future__ import annotations

import pandas as pd

from helpers.core.claims import Outcome, outcome_from_row, row_matching, check, parse_value, verdict_for


def _oracle(frames: dict, metric: str) -> pd.Series:
    return row_matching(frames["oracle_financials.csv"], "oracle_financials.csv", metric=metric)


@check("oracle_share_rise", "oracle_financials.csv")
def _(claim, frames):
    return outcome_from_row(claim, _oracle(frames, "share_price_change_one_day"),
                   f"close-to-close rise on 10 Sep 2025: {_oracle(frames, 'share_price_change_one_day')['value']:g}%")


@check("oracle_market_cap_gain", "oracle_financials.csv")
def _(claim, frames):
    row = _oracle(frames, "market_cap_gain_one_day")
    return outcome_from_row(claim, row, f"market value added on 10 Sep 2025: ${row['value']:g}B")


def oracle_decade(frames: dict, last_fiscal_year: int = 2025, years: int = 10) -> dict[str, float]:
    """Oracle's total revenue and net income (usd_bn) over the `years` fiscal years to `last_fiscal_year`."""
    table = frames["oracle_financials.csv"]
    span = range(last_fiscal_year - years + 1, last_fiscal_year + 1)
    sums = {}
    for metric in ("total_revenue", "net_income"):
        rows = table[(table["metric"] == metric) & table["fiscal_year"].isin(list(span))]
        if sorted(rows["fiscal_year"]) != list(span):
            raise ValueError(f"oracle_financials.csv: need one {metric} row for each fiscal year {span.start}-{span.stop - 1}")
        scale = rows["unit"].map({"usd_m": 0.001, "usd_bn": 1.0})
        sums[metric] = float((rows["value"] * scale).sum())
    return sums


@check("oracle_gain_vs_decade_revenue", "oracle_financials.csv")
def _(claim, frames):
    """The article: the one-day gain was larger than all of Oracle's revenue in the prior decade."""
    gain = parse_value(claim["article_value"])[0]
    sums = oracle_decade(frames)
    verdict = "holds" if gain > sums["total_revenue"] else "wrong"
    ids = tuple(frames["oracle_financials.csv"].query("metric in ['total_revenue', 'net_income']")["source_id"].unique())
    return Outcome(verdict, f"revenue FY2016-FY2025: ${sums['total_revenue']:,.0f}B; "
                            f"net income: ${sums['net_income']:,.0f}B", ids)


@check("msft_share_of_nvidia", "nvidia_customers.csv")
def _(claim, frames):
    rows = frames["nvidia_customers.csv"]
    rows = rows[(rows["company"] == "Microsoft") & (rows["metric"] == "share_of_nvidia_revenue_est")]
    row = rows.iloc[0]
    return outcome_from_row(claim, row, f"analysts' estimate ({row['period']}): {row['value']:g}%")


def _deal(frames: dict, payer: str, receiver: str, kind: str) -> pd.Series:
    return row_matching(frames["deals.csv"], "deals.csv", from_company=payer, to_company=receiver, kind=kind,
                headline="yes")


@check("nvidia_openai_pledge", "deals.csv")
def _(claim, frames):
    row = _deal(frames, "Nvidia", "OpenAI", "equity_investment")
    return outcome_from_row(claim, row.rename({"amount": "value"}),
                   f"Nvidia's pledge to OpenAI ({row['status']}): ${row['amount']:g}B")


@check("oracle_openai_contract", "deals.csv")
def _(claim, frames):
    row = _deal(frames, "OpenAI", "Oracle", "compute_contract")
    return outcome_from_row(claim, row.rename({"amount": "value"}),
                   f"OpenAI's compute contract with Oracle: ${row['amount']:g}B")
