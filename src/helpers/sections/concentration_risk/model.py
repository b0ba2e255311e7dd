"""The Concentration risk section's drawdown model.

The S&P 500 is split into the seven (weight w, from data) and the other 493 (weight 1 - w).
The seven's share prices fall by a fraction d (0 = no fall, 1 = wiped out); the rest fall
by beta * d, capped at 1 because a share price cannot fall by more than all of it:

    rest fall  r = min(beta * d, 1)
    index fall f = w * d + (1 - w) * r

An S&P 500 index fund loses f (fees, dividends and tracking error are ignored). A savings
balance B all in such a fund loses B * f. A stock/bond mix like a target-date fund, with a
share s in stocks that fall like the index and 1 - s in bonds and cash that fall by b (a
negative b is a gain), loses

    mix fall   m = s * f + (1 - s) * b        and in dollars  B * m.

Falls are fractions of value; weights are fractions that must add up to one.

`scenario_many` is `scenario` on arrays (one element per draw of a Monte Carlo): the same
arithmetic in the same order, so each element equals the scalar model's result exactly.
"""
from __future__ import annotations

import math
from typing import Mapping

import pandas as pd

BETA_RANGE = (0.0, 3.0)
WEIGHT_TOLERANCE = 1e-6


def _number(value, name: str) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a number, got {value!r}") from None
    if not math.isfinite(number):
        raise ValueError(f"{name} must be a finite number, got {value!r}")
    return number


def check_fall(value, name: str = "drawdown", *, allow_gain: bool = False) -> float:
    """A fall as a fraction of value: 0 (nothing lost) to 1 (everything lost).

    With `allow_gain`, down to -1 (the holding doubles), for bonds that may rise in a sell-off."""
    fall = _number(value, name)
    low = -1.0 if allow_gain else 0.0
    if not low <= fall <= 1.0:
        raise ValueError(f"{name} must be a fraction between {low:g} and 1 ({low:.0%} to 100%), got {value!r}")
    return fall


def check_beta(value) -> float:
    beta = _number(value, "beta")
    low, high = BETA_RANGE
    if not low <= beta <= high:
        raise ValueError(f"beta (how far the other 493 fall per unit of the seven's fall) must be between "
                         f"{low:g} and {high:g}, got {value!r}")
    return beta


def check_weights(weights: Mapping[str, float]) -> dict[str, float]:
    """Weights of the parts of a portfolio: each between 0 and 1, together exactly 1."""
    if not weights:
        raise ValueError("weights are empty; expected at least one part of the portfolio")
    checked = {}
    for name, value in weights.items():
        weight = _number(value, f"weight of {name!r}")
        if not 0.0 <= weight <= 1.0:
            raise ValueError(f"weight of {name!r} must be a fraction between 0 and 1, got {value!r}")
        checked[name] = weight
    total = sum(checked.values())
    if abs(total - 1.0) > WEIGHT_TOLERANCE:
        raise ValueError(f"weights must sum to 1, got {total:.6g} ("
                         + ", ".join(f"{k}={v:g}" for k, v in checked.items()) + ")")
    return checked


def portfolio_fall(weights: Mapping[str, float], falls: Mapping[str, float]) -> float:
    """Fall of a portfolio: the weighted sum of its parts' falls (each part named in both mappings)."""
    weights = check_weights(weights)
    missing = set(weights) - set(falls)
    if missing:
        raise ValueError(f"no fall given for: {', '.join(sorted(missing))}")
    return sum(weight * _number(falls[name], f"fall of {name!r}") for name, weight in weights.items())


def split(seven_weight: float) -> dict[str, float]:
    """The index as two parts: the seven and the other 493."""
    weight = _number(seven_weight, "the seven's weight")
    if not 0.0 <= weight <= 1.0:
        raise ValueError(f"the seven's weight must be a fraction between 0 and 1, got {seven_weight!r}")
    return {"seven": weight, "rest": 1.0 - weight}


def rest_fall(seven_fall: float, beta: float) -> float:
    """How far the other 493 fall: beta times the seven's fall, at most 100%."""
    return min(check_beta(beta) * check_fall(seven_fall, "the seven's fall"), 1.0)


def index_fall(seven_weight: float, seven_fall: float, beta: float) -> float:
    """Fall of the S&P 500 (and of a fund tracking it)."""
    d = check_fall(seven_fall, "the seven's fall")
    return portfolio_fall(split(seven_weight), {"seven": d, "rest": rest_fall(d, beta)})


def mix_fall(stock_share: float, stock_fall: float, bond_fall: float = 0.0) -> float:
    """Fall of a stock/bond mix (a target-date fund): stocks fall `stock_fall`, the rest `bond_fall`."""
    share = _number(stock_share, "stock share")
    if not 0.0 <= share <= 1.0:
        raise ValueError(f"stock share must be a fraction between 0 and 1, got {stock_share!r}")
    return portfolio_fall({"stocks": share, "bonds": 1.0 - share},
                          {"stocks": check_fall(stock_fall, "stock fall"),
                           "bonds": check_fall(bond_fall, "bond fall", allow_gain=True)})


def dollar_loss(balance: float, fall: float) -> float:
    """Dollars lost on `balance` when it falls by `fall` (negative when a mix gains)."""
    amount = _number(balance, "balance")
    if amount < 0:
        raise ValueError(f"balance must be 0 or more US dollars, got {balance!r}")
    return amount * _number(fall, "fall")


def scenario(seven_weight: float, seven_fall: float, beta: float, balance: float, stock_share: float,
             bond_fall: float = 0.0) -> dict[str, float]:
    """Every result of the model for one set of inputs."""
    fund = index_fall(seven_weight, seven_fall, beta)
    mix = mix_fall(stock_share, fund, bond_fall)
    rest = rest_fall(seven_fall, beta)
    return {
        "seven_weight": float(seven_weight), "seven_fall": float(seven_fall), "beta": float(beta),
        "rest_fall": rest,
        "seven_contribution": float(seven_weight) * float(seven_fall),
        "rest_contribution": (1.0 - float(seven_weight)) * rest,
        "index_fall": fund,
        "mix_fall": mix,
        "balance": float(balance),
        "fund_loss_usd": dollar_loss(balance, fund),
        "mix_loss_usd": dollar_loss(balance, mix),
    }


def _array(value, name: str, low: float, high: float):
    """`value` (a number or an array) as a float array, every element finite and within low..high."""
    import numpy as np

    values = np.asarray(value, dtype=float)
    if values.ndim > 1:
        raise ValueError(f"{name} must be a number or a one-dimensional array, got {values.ndim} dimensions")
    bad = ~np.isfinite(values) | (values < low) | (values > high)
    if bad.any():
        where = f"{low:g} or more" if high == math.inf else f"between {low:g} and {high:g}"
        raise ValueError(f"{name} must be {where}, got {float(values[bad].flat[0])!r}")
    return values


def scenario_many(seven_weight: float, seven_fall, beta, balance, stock_share, bond_fall=0.0) -> dict:
    """`scenario` for many draws at once: each input a number or an array (one element per draw, all the
    same length); returns arrays. Element by element it equals `scenario` exactly (the same operations
    in the same order), and it checks the same bounds."""
    import numpy as np

    w = split(seven_weight)["seven"]
    d = _array(seven_fall, "the seven's fall", 0.0, 1.0)
    b = _array(beta, "beta", *BETA_RANGE)
    amount = _array(balance, "balance", 0.0, math.inf)
    s = _array(stock_share, "stock share", 0.0, 1.0)
    bonds = _array(bond_fall, "bond fall", -1.0, 1.0)
    d, b, amount, s, bonds = np.broadcast_arrays(d, b, amount, s, bonds)
    rest = np.minimum(b * d, 1.0)
    fund = w * d + (1.0 - w) * rest
    mix = s * fund + (1.0 - s) * bonds
    return {"seven_fall": d.astype(float), "beta": b.astype(float), "rest_fall": rest,
            "seven_contribution": w * d, "rest_contribution": (1.0 - w) * rest,
            "index_fall": fund, "mix_fall": mix, "balance": amount.astype(float),
            "fund_loss_usd": amount * fund, "mix_loss_usd": amount * mix}


def losses_for_balances(balances: pd.DataFrame, index: float, mix: float) -> pd.DataFrame:
    """Dollar losses for each row of `balances` (column `value`, US dollars): all in an index fund, or in the mix."""
    out = balances.copy()
    out["fund_loss_usd"] = [dollar_loss(b, index) for b in out["value"]]
    out["mix_loss_usd"] = [dollar_loss(b, mix) for b in out["value"]]
    return out


def sweep(seven_weight: float, betas, falls) -> pd.DataFrame:
    """Index fall for each (beta, seven's fall): one row per pair."""
    return pd.DataFrame([{"beta": b, "seven_fall": d, "index_fall": index_fall(seven_weight, d, b)}
                         for b in betas for d in falls])


def fall_needed(seven_weight: float, beta: float, target_index_fall: float) -> float | None:
    """The seven's fall that makes the index fall by `target_index_fall`; None if no fall up to 100% does.

    The index fall rises with the seven's fall (piecewise linear, kink where beta * d reaches 1), so
    it is solved on each piece."""
    w = split(seven_weight)["seven"]
    beta = check_beta(beta)
    target = check_fall(target_index_fall, "target fall")
    if target == 0:
        return 0.0
    kink = 1.0 / beta if beta > 1.0 else 1.0
    slope = w + (1 - w) * beta  # index fall per unit of the seven's fall before the kink
    if slope > 0 and target / slope <= kink:
        return target / slope
    at_kink = index_fall(w, kink, beta)
    if w > 0 and target <= index_fall(w, 1.0, beta):
        return kink + (target - at_kink) / w  # after the kink the rest is wiped out; only the seven move
    return None


def implied_beta(seven_return: float, index_return: float, seven_weight_end: float) -> dict[str, float]:
    """Back out the rest's co-movement from one past year.

    From the seven's and the index's returns over a year (e.g. -0.413 and -0.204) and the seven's
    weight at the end of it, the weight at the start is w0 = w1 * (1 + index) / (1 + seven), the
    rest's return is (index - w0 * seven) / (1 - w0), and beta is the rest's return over the seven's."""
    seven = _number(seven_return, "the seven's return")
    index = _number(index_return, "the index's return")
    w1 = split(seven_weight_end)["seven"]
    if seven <= -1 or index <= -1:
        raise ValueError("returns must be above -100%")
    if seven == 0:
        raise ValueError("the seven's return is 0: beta is undefined")
    w0 = w1 * (1 + index) / (1 + seven)
    if not 0 < w0 < 1:
        raise ValueError(f"these returns imply a start-of-year weight of {w0:.3f}, outside 0..1")
    rest = (index - w0 * seven) / (1 - w0)
    return {"seven_weight_start": w0, "rest_return": rest, "beta": rest / seven}
