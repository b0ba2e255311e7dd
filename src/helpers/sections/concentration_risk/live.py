"""The Concentration risk section's live assumptions (helpers.core.live): how far the seven fall, how far the
other 493 follow them and the share of a retirement balance in stocks move what an index fund and a 401(k)
lose, drawn as the drawdown chart's bars."""
from __future__ import annotations

from helpers.core.live import Bars, Knob, Result
from helpers.core.present import PALETTE
from helpers.sections.concentration_risk import figures

KNOBS = (
    Knob("seven_fall", (0.1, 0.2, 0.3, 0.413, 0.5, 0.6, 0.7, 0.8, 0.9)),
    Knob("rest_beta", (0.0, 0.306, 0.5, 0.75, 1.0, 1.25, 1.5)),
    Knob("stock_share", (0.4, 0.6, 0.851, 1.0)),
)
FINDINGS = ("concentration-risk-index-fund-loss", "concentration-risk-401k-loss")
CHART = Bars("Loss, % of value", ("The seven", "The other 493", "S&P 500 index fund", "Target-date mix"),
             PALETTE["cost"])
PARAMETERS = ("seven_fall", "rest_beta", "balance_usd", "stock_share", "bond_fall")


def prepare(values: dict) -> figures.Frames:
    return figures.load()


def evaluate(d: figures.Frames, values: dict) -> Result:
    """The notebook's drawdown scenario and its two findings for one setting."""
    s = figures.scenario(d, **{k: values[k] for k in PARAMETERS})
    result = s.result
    return Result((figures.index_fund_finding(s), figures.retirement_loss_finding(s)),
                  [result["seven_fall"], result["rest_fall"], result["index_fall"], result["mix_fall"]])
