"""One engine for "what revenue would justify this capex": the yearly revenue the AI economy must earn so
that the capital spent on data centres is paid back (and, if asked, earns a return).

Every published estimate of this kind (Sequoia's $200B and $600B questions, Kupperman's $160B and
$320-480B, JPMorgan's ~$650B, Bain's ~$2 trillion) is one case of the same arithmetic:

    cost            = capex / chip_share
    capital charge  = cost x (1 / life_years + required_return)          basis "annual"
                    = cost x (1 + required_return x life_years)          basis "lifetime"
                    = cost x required_return                             basis "perpetuity"
    revenue         = capital charge / capital share of revenue

- `capex`: the spending the estimate starts from, US$ billions (a year's GPU bill, a year's data-centre spend,
  the build-out through 2030).
- `chip_share`: the share of a working data centre's whole cost that `capex` covers. Sequoia starts from
  Nvidia's GPU sales and takes GPUs to be half the cost (0.5, "multiply by 2x"); an estimate that starts
  from the whole data-centre spend has 1.
- `life_years`: the useful life over which the cost is recovered, straight line. Basis "annual" gives the
  revenue needed in each year of that life; "lifetime" the revenue over the whole life of one year's
  spending, which at a steady rate of spending is also each year's requirement (Sequoia, Bain);
  "perpetuity" a return for ever with no recovery of the capital (JPMorgan's "into perpetuity").
- `required_return`: a yearly return on the whole capital invested, as a fraction (a return on invested
  capital, as Kupperman states it: 20% of $400B a year on top of the depreciation), not an annuity on the
  declining balance. 0 is break-even.
- The margin. One convention: **revenue x capital share = capital charge**, the capital share being the part
  of each revenue dollar that pays for the capital. Authors call different things a "gross margin", so
  `margin_of` says whose margin `gross_margin` is:
    "buyer"    the margin the buyer of the compute keeps on top of its compute bill: the capital is its cost
               of revenue, so revenue = charge / (1 - gross_margin). Sequoia ("multiply by 2x again, to reflect a
               50% gross margin for the end-user"); the section's margin_multiplier is 1 / (1 - gross_margin).
    "operator" the data-centre operator's gross margin after power and staff, before depreciation: the
               capital is paid out of it, so revenue = charge / gross_margin. Kupperman ("you need $160 billion
               of revenue just to cover the depreciation" of $40B at a 25% gross margin); Bain's ratio of capex
               to revenue reads the same way.
  At 50% the two readings agree (both double the charge); at 25% they differ fourfold, which is why the
  reading is an argument and not a guess.

Every function takes numbers or numpy arrays (broadcast together), so the same code serves one case, a
grid or Monte Carlo draws; bad input is refused with a one-line ValueError naming the argument.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal

import numpy as np
import pandas as pd

BASES = ("annual", "lifetime", "perpetuity")
MARGINS = ("buyer", "operator")
INPUTS = ("capex", "chip_share", "life_years", "gross_margin", "required_return")
ROUNDING_SHARE = 0.05  # at most 5% off counts as the author's rounding (see tolerance)


# --------------------------------------------------------------------------------------------------
# Checks: each names the argument and what was expected, on one line

def _array(name: str, value) -> np.ndarray:
    try:
        out = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a number or an array of numbers, got {value!r}") from None
    if np.isnan(out).any():
        raise ValueError(f"{name} must be a number, got NaN")
    return out


def _check(name: str, value, ok, expected: str) -> np.ndarray:
    out = _array(name, value)
    bad = ~ok(out)
    if bad.any():
        raise ValueError(f"{name} must be {expected}, got {out[bad].flat[0]:g}")
    return out


def _choice(name: str, value: str, choices: tuple[str, ...]) -> str:
    if value not in choices:
        raise ValueError(f"{name} must be one of {', '.join(choices)}, got {value!r}")
    return value


def _inputs(capex, chip_share, life_years, gross_margin, required_return, basis, margin_of):
    basis = _choice("basis", basis, BASES)
    margin_of = _choice("margin_of", margin_of, MARGINS)
    capex = _check("capex", capex, lambda a: np.isfinite(a) & (a >= 0), "US$ billions of at least 0")
    chip_share = _check("chip_share", chip_share, lambda a: (a > 0) & (a <= 1), "a fraction above 0 and at most 1")
    life = _check("life_years", life_years, lambda a: a > 0, "a number of years above 0 (inf for no end)")
    if basis == "annual" and np.isinf(life).any():
        raise ValueError("life_years must be finite for basis 'annual' (an endless life never recovers the capital; "
                         "use basis 'perpetuity')")
    share = capital_share(gross_margin, margin_of)
    ret = _check("required_return", required_return, lambda a: np.isfinite(a) & (a >= 0),
                 "a yearly fraction of at least 0")
    if basis == "perpetuity" and (ret == 0).any():
        raise ValueError("required_return must be above 0 for basis 'perpetuity' (nothing is recovered otherwise)")
    return capex, chip_share, life, share, ret, basis


def capital_share(gross_margin, margin_of: str = "buyer"):
    """The part of each revenue dollar that pays for the capital, from a gross margin and whose margin it is
    (see the module's docstring): 1 - gross_margin for the buyer's margin, gross_margin for the operator's."""
    _choice("margin_of", margin_of, MARGINS)
    if margin_of == "buyer":
        m = _check("gross_margin", gross_margin, lambda a: (a >= 0) & (a < 1),
                   "a fraction from 0 to below 1 (the buyer's margin on top of its compute bill)")
        return 1 - m
    return _check("gross_margin", gross_margin, lambda a: (a > 0) & (a <= 1),
                  "a fraction above 0 and at most 1 (the operator's margin that pays for the capital)")


def charge_factor(life_years, required_return, basis: str = "annual"):
    """Capital charge per $1 of cost: 1/life + r (annual), 1 + r x life (lifetime), r (perpetuity)."""
    life, ret = np.asarray(life_years, dtype=float), np.asarray(required_return, dtype=float)
    if basis == "annual":
        return 1 / life + ret
    if basis == "lifetime":  # with no return the life does not matter, even an endless one
        return 1 + np.where(ret == 0, 0.0, ret * np.where(ret == 0, 0.0, life))
    return ret + np.zeros_like(life)


def _out(value):
    return float(value) if np.ndim(value) == 0 else value


# --------------------------------------------------------------------------------------------------
# The engine

def required_revenue(capex, chip_share=1.0, life_years=1.0, gross_margin=0.0, required_return=0.0,
                     basis: str = "annual", margin_of: str = "buyer"):
    """The revenue the AI economy must earn, US$ billions (a year's, or a lifetime's for basis "lifetime").

    Broadcasts over numpy arrays. Raises ValueError naming the first argument out of range."""
    capex, chip, life, share, ret, basis = _inputs(capex, chip_share, life_years, gross_margin, required_return,
                                                   basis, margin_of)
    return _out(capex / chip * charge_factor(life, ret, basis) / share)


def revenue_by_year(capex_by_vintage, chip_share=1.0, life_years=6.0, gross_margin=0.0, required_return=0.0,
                    margin_of: str = "buyer", through: int | None = None) -> pd.Series:
    """The revenue needed in each calendar year by every vintage still in service (basis "annual").

    `capex_by_vintage`: US$ billions by year of spending (a mapping or Series). A vintage is in service, and
    needs its yearly revenue, in the year it is spent and the following years up to its life (a fractional life
    charges the fraction in its last year, as the section's depreciation schedule does; the return is earned in
    the same years and the same proportion). Index: calendar year, from the first vintage to `through`
    (default: the last year any vintage is in service)."""
    from helpers.sections.bubble_comparison.model import _as_capex, charge_fractions

    spend = _as_capex(capex_by_vintage)
    life = float(_check("life_years", life_years, lambda a: np.isfinite(a) & (a > 0), "a number of years above 0"))
    per_year = required_revenue(1.0, chip_share, life, gross_margin, required_return, "annual", margin_of)
    shares = np.array(charge_fractions(life)) * life  # 1 for each full year in service, the fraction in the last
    first = int(spend.index.min())
    last = int(spend.index.max()) + len(shares) - 1 if through is None else int(through)
    if last < first:
        raise ValueError(f"through must be a year from the first vintage ({first}) on, got {through}")
    years = pd.RangeIndex(first, last + 1, name="year")
    out = pd.Series(0.0, index=years, name="revenue_needed")
    for vintage, amount in spend.items():
        for k, share in enumerate(shares):
            if vintage + k in out.index:
                out[vintage + k] += amount * per_year * share
    return out


def implied(target: str, published, capex=None, chip_share=1.0, life_years=1.0, gross_margin=0.0,
            required_return=0.0, basis: str = "annual", margin_of: str = "buyer"):
    """The value of one input (`target`, one of INPUTS) at which required_revenue gives `published`, the
    other inputs as given (the target's own argument is ignored). NaN where no value in the input's range
    does (for example a life when the return alone already exceeds the published figure)."""
    _choice("target", target, INPUTS)
    if capex is None and target != "capex":
        raise ValueError("capex must be given (US$ billions) unless it is the target")
    _choice("basis", basis, BASES)
    _choice("margin_of", margin_of, MARGINS)
    revenue = _check("published", published, lambda a: np.isfinite(a) & (a > 0), "US$ billions above 0")
    given = dict(capex=1.0 if capex is None else capex, chip_share=chip_share, life_years=life_years,
                 gross_margin=gross_margin, required_return=required_return)
    if target == "life_years" and basis == "perpetuity":
        raise ValueError("target must be an input the figure depends on: basis 'perpetuity' has no life")
    probe = {**given, target: _NEUTRAL[target](basis, margin_of)}
    capex_, chip, life, share, ret, basis = _inputs(*(probe[k] for k in INPUTS), basis, margin_of)
    with np.errstate(divide="ignore", invalid="ignore"):
        x = revenue * chip * share / capex_  # = the charge factor the figure needs
        if target == "capex":
            value = revenue * chip * share / charge_factor(life, ret, basis)
        elif target == "chip_share":
            value = capex_ * charge_factor(life, ret, basis) / (revenue * share)
            value = np.where((value > 0) & (value <= 1), value, np.nan)
        elif target == "gross_margin":
            needed_share = capex_ * charge_factor(life, ret, basis) / (revenue * chip)
            value = 1 - needed_share if margin_of == "buyer" else needed_share
            ok = (value >= 0) & (value < 1) if margin_of == "buyer" else (value > 0) & (value <= 1)
            value = np.where(ok, value, np.nan)
        elif target == "life_years":
            value = 1 / (x - ret) if basis == "annual" else (x - 1) / ret
            value = np.where(np.isfinite(value) & (value > 0), value, np.nan)
        else:  # required_return
            value = x - 1 / life if basis == "annual" else (x - 1) / life if basis == "lifetime" else x
            value = np.where(np.isfinite(value) & (value >= 0), value, np.nan)
    return _out(np.asarray(value, dtype=float))


# A value for the solved-for input that passes the checks (its own argument is ignored)
_NEUTRAL = {
    "capex": lambda basis, margin_of: 1.0,
    "chip_share": lambda basis, margin_of: 1.0,
    "life_years": lambda basis, margin_of: 1.0,
    "gross_margin": lambda basis, margin_of: 0.0 if margin_of == "buyer" else 1.0,
    "required_return": lambda basis, margin_of: 0.1 if basis == "perpetuity" else 0.0,
}


# --------------------------------------------------------------------------------------------------
# Rounding: when a recomputed figure is the published one

def tolerance(published: float) -> float:
    """How far a recomputation may be from a published figure and still be the author's rounding: half a unit
    of the figure's last significant digit ($480B: 5; $200B: 50; $2,000B: 500), but never more than 5% of it
    ($200B: 10; $2,000B: 100), so that a round figure is not a licence for any result."""
    value = abs(float(published))
    if not math.isfinite(value) or value == 0:
        raise ValueError(f"published must be a finite figure other than 0, got {published!r}")
    exponent = Decimal(repr(value)).normalize().as_tuple().exponent
    return min(0.5 * 10.0 ** exponent, ROUNDING_SHARE * value)


def reproduces(recomputed, published: float) -> bool:
    """True when the recomputed figure is within the published figure's rounding (tolerance)."""
    return bool(abs(float(recomputed) - float(published)) <= tolerance(published) + 1e-9)


# --------------------------------------------------------------------------------------------------
# The published cases, from data/bubble_revenue_required.csv

INPUT_COLUMNS = {"capex": "capex", "chip_share": "chip_share", "life_years": "life_years",
                 "gross_margin": "gross_margin_pct", "required_return": "required_return_pct"}
PCT = ("gross_margin", "required_return")


@dataclass(frozen=True)
class Case:
    """One published estimate: its inputs in the engine's terms, its figure and the recomputation."""
    case: str
    inputs: dict  # capex, chip_share, life_years, gross_margin, required_return (fractions); NaN if not stated
    basis: str
    margin_of: str
    published: float
    recomputed: float  # NaN when an input is not stated
    ok: bool  # recomputed within the published figure's rounding
    implied_input: str  # the input backed out when the figure does not follow from its stated inputs
    implied_value: float  # its value that reproduces the published figure (NaN when ok)
    stated_value: float  # its value as stated (NaN when not stated)


def case_inputs(row) -> dict:
    """A case row's inputs in the engine's terms: percentages as fractions, an empty life as endless."""
    out = {}
    for name, column in INPUT_COLUMNS.items():
        value = row[column]
        value = float(value) if value is not None and value == value else math.nan
        if name == "life_years" and math.isnan(value):
            value = math.inf
        out[name] = value / 100 if name in PCT else value
    return out


def published_cases(frame: pd.DataFrame) -> pd.DataFrame:
    """Each case of bubble_revenue_required.csv recomputed: its inputs, published figure, recomputed figure,
    whether it reproduces within rounding, and otherwise the difference and the implied value of the input the
    row names in `implied_input`. One row per case, in file order."""
    rows = []
    for _, row in frame.iterrows():
        c = one_case(row)
        rows.append(dict(case=c.case, **c.inputs, basis=c.basis, margin_of=c.margin_of, published=c.published,
                         recomputed=c.recomputed, reproduces=c.ok, difference=c.recomputed - c.published,
                         implied_input=c.implied_input, stated_value=c.stated_value, implied_value=c.implied_value))
    return pd.DataFrame(rows)


def one_case(row) -> Case:
    inputs = case_inputs(row)
    args = dict(basis=row["basis"], margin_of=row["margin_of"])
    target = row["implied_input"]
    known = {k: v for k, v in inputs.items() if not (isinstance(v, float) and math.isnan(v))}
    missing = [k for k in INPUTS if k not in known]
    if missing and missing != [target]:
        raise ValueError(f"case {row['case']}: inputs {', '.join(missing)} are not stated; only the implied input "
                         f"({target}) may be left empty")
    published = float(row["published"])
    recomputed = math.nan if missing else required_revenue(**inputs, **args)
    ok = not missing and reproduces(recomputed, published)
    value = math.nan if ok else implied(target, published, **{k: v for k, v in known.items() if k != target}, **args)
    return Case(row["case"], inputs, row["basis"], row["margin_of"], published, recomputed, ok, target, value,
                inputs[target])
