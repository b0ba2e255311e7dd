"""Checks that recompute the Concentration risk claims' verdicts from data/ (see helpers.core.claims)."""
from __future__ import annotations

import pandas as pd

from helpers.core.claims import Outcome, outcome_from_row, row_matching, check, parse_value, verdict_for


def _capex_check(name: str, companies: str, words: str) -> None:
    @check(name, "concentration_capex.csv")
    def _(claim, frames):
        row = row_matching(frames["concentration_capex.csv"], "concentration_capex.csv", companies=companies, year=2024,
                   metric="capex_growth_yoy", period="FY", status="actual")
        return outcome_from_row(claim, row, f"{words}, 2024 vs 2023: {row['value']:g}%")


_capex_check("mag7_capex_growth", "mag7", "the seven's capex growth")
_capex_check("sp493_capex_growth", "sp500_ex_mag7", "the other 493's capex growth")


def _attribution_check(name: str, measure: str, words: str) -> None:
    @check(name, "ai_attribution.csv")
    def _(claim, frames):
        row = row_matching(frames["ai_attribution.csv"], "ai_attribution.csv", measure=measure, basket="jpm_ai_related",
                   headline="yes")
        return outcome_from_row(claim, row, f"JPMorgan: AI-related stocks' share of {words} since Nov 2022: {row['value']:g}%")


_attribution_check("jpm_ai_share_returns", "share_of_sp500_returns", "S&P 500 returns")
_attribution_check("jpm_ai_share_capex_growth", "share_of_sp500_capex_growth", "S&P 500 capex growth")
