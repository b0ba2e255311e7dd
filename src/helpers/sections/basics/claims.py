"""Checks that recompute the Basics claims' verdicts from data/ (see helpers.core.claims)."""
from __future__ import annotations

import pandas as pd

from helpers.core.claims import Outcome, article_published, outcome_from_row, row_matching, check, parse_value, verdict_for


def _openai(frames: dict, metric: str, year: int) -> pd.Series:
    return row_matching(frames["openai_financials.csv"], "openai_financials.csv", metric=metric, year=year, headline="yes")


def _financial_check(name: str, metric: str, year: int, words: str) -> None:
    @check(name, "openai_financials.csv")
    def _(claim, frames):
        row = _openai(frames, metric, year)
        return outcome_from_row(claim, row, f"{words}: ${row['value']:g}B ({row['status']})")


_financial_check("openai_2024_loss", "net_loss", 2024, "OpenAI's 2024 net loss")
_financial_check("openai_2024_revenue", "revenue", 2024, "OpenAI's 2024 revenue")
_financial_check("openai_cumulative_loss_2028", "net_loss_cumulative", 2028, "projected losses 2023-2028")
_financial_check("openai_running_cost", "inference_compute_cost", 2025, "OpenAI's 2025 inference compute cost")


def _industry_check(name: str, figure_id: str, words: str, fmt: str) -> None:
    @check(name, "industry_figures.csv")
    def _(claim, frames):
        row = row_matching(frames["industry_figures.csv"], "industry_figures.csv", figure_id=figure_id)
        return outcome_from_row(claim, row, f"{words}: {fmt.format(row['value'])}")


_industry_check("ibm_compute_cost", "ibm_compute_cost_increase", "IBM's projected rise in compute cost", "{:g}%")
_industry_check("ibm_execs_genai", "ibm_execs_cite_genai", "executives citing generative AI", "{:g}%")
_industry_check("citi_infra_spend", "citi_ai_infra_spend_2029", "Citi's AI infrastructure spend to 2029",
                "${:g} trillion")
_industry_check("openai_api_revenue", "openai_api_revenue", "OpenAI API revenue, annualized", "${:g}B")


@check("openai_valuation", "openai_valuations.csv", "article.csv")
def _(claim, frames):
    """The latest valuation when the article was published (later rounds are the year-on view)."""
    published = article_published(frames)
    rows = frames["openai_valuations.csv"]
    row = rows[rows["date"].str.slice(0, len(published)) <= published].sort_values("date").iloc[-1]
    return Outcome(verdict_for(claim["article_value"], float(row["valuation"])),
                   f"latest valuation when the article ran ({row['date']}): ${row['valuation']:g}B", (row["source_id"],))
