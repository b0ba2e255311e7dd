"""Checks that recompute the Bubble comparison claims' verdicts from data/ (see helpers.core.claims)."""
from __future__ import annotations

import pandas as pd

from helpers.core.claims import Outcome, outcome_from_row, row_matching, check, parse_value, verdict_for


@check("ai_capex_cycle_trillion", "bubble_series.csv")
def _(claim, frames):
    """The article: a trillion-dollar capex cycle, i.e. at least $1T. Cumulative hyperscaler capex
    since 2023 (reported, plus the latest year's guidance)."""
    rows = frames["bubble_series.csv"]
    capex = rows[(rows["series"] == "hyperscaler_capex") & (rows["headline"] == "yes") & (rows["year"] >= 2023)]
    total = float(capex["value"].sum()) / 1000
    verdict = "holds" if total >= parse_value(claim["article_value"])[0] else "overstated"
    span = f"{int(capex['year'].min())}-{int(capex['year'].max())}"
    return Outcome(verdict, f"Microsoft, Alphabet, Amazon and Meta capex {span} (last year guided): "
                            f"${total:.2f} trillion", tuple(capex["source_id"].unique()))
