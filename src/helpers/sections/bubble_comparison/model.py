"""The Bubble comparison section's model: the depreciation clock and the revenue-gap arithmetic.

Straight-line depreciation. Capex spent in year v (a *vintage*) is charged in equal parts over
`asset_life` years, starting in the year it is spent (a full-year convention: no half-year in the
first year). A fractional life charges the remainder in its last year: with a life of 5.5 years,
1/5.5 of the vintage is charged in each of years v..v+4 and 0.5/5.5 in year v+5. Depreciation in a
year is the sum of the charges of every vintage still being depreciated.

The revenue gap is the arithmetic Sequoia Capital published as "AI's $200B / $600B question":

    revenue needed = GPU spend x datacenter_multiplier x margin_multiplier

(datacenter_multiplier: the whole data centre's cost per dollar of GPUs; margin_multiplier: the end
user's revenue per dollar of compute cost, 2 for a 50% gross margin). The clock applies the same
multipliers to each year's depreciation charge, spreading the lifetime requirement over the asset life.

This is the section's revenue-required engine (revenue_required.py) with chip_share = 1 /
datacenter_multiplier and the buyer's gross margin m = 1 - 1 / margin_multiplier: one convention,
revenue x the capital's share of revenue = the capital charge, the share being 1 - m when the margin is
the buyer's, kept on top of its compute bill (revenue = cost / (1 - m), as Sequoia computes it).

Series are aligned on their peaks by counting years from the peak year.
"""
from __future__ import annotations

import math
from typing import Mapping

import numpy as np
import pandas as pd

CHOICES = ("low", "high")


def _check_life(asset_life: float) -> float:
    try:
        life = float(asset_life)
    except (TypeError, ValueError):
        raise ValueError(f"asset_life must be a number of years above 0, got {asset_life!r}") from None
    if not math.isfinite(life) or life <= 0:
        raise ValueError(f"asset_life must be a number of years above 0, got {asset_life!r}")
    return life


def _as_capex(capex: Mapping[int, float] | pd.Series) -> pd.Series:
    """Capex by year (usd_bn) as a float Series indexed by int year; refuses negative or missing values."""
    series = pd.Series(capex, dtype=float) if not isinstance(capex, pd.Series) else capex.astype(float)
    if series.empty:
        raise ValueError("capex is empty: give at least one year of spending")
    if series.isna().any():
        raise ValueError(f"capex has no value for year(s) {list(series.index[series.isna()])}")
    if (series < 0).any():
        bad = series[series < 0]
        raise ValueError(f"capex cannot be negative, got {bad.iloc[0]:g} for {bad.index[0]}")
    try:
        whole = all(float(y) == int(y) for y in series.index)
    except (TypeError, ValueError):
        whole = False
    if not whole:
        raise ValueError(f"capex must be indexed by whole calendar years, got {list(series.index)}")
    series.index = pd.Index([int(y) for y in series.index], name="vintage")
    if series.index.has_duplicates:
        raise ValueError(f"capex lists a year twice: {sorted(set(series.index[series.index.duplicated()]))}")
    return series.sort_index()


def charge_fractions(asset_life: float) -> list[float]:
    """Share of a vintage charged in each year from the year it is spent; the shares sum to 1."""
    life = _check_life(asset_life)
    years = math.ceil(life - 1e-9)
    return [min(1.0, life - k) / life for k in range(years)]


def schedule(capex: Mapping[int, float] | pd.Series, asset_life: float, through: int | None = None) -> pd.DataFrame:
    """Depreciation charge by year (rows) and vintage (columns), usd_bn.

    Rows run from the first vintage to `through` (default: the last year any vintage is charged)."""
    spend = _as_capex(capex)
    shares = charge_fractions(asset_life)
    first = int(spend.index.min())
    last = int(spend.index.max()) + len(shares) - 1 if through is None else int(through)
    if last < first:
        raise ValueError(f"through={through} is before the first vintage ({first})")
    years = pd.RangeIndex(first, last + 1, name="year")
    charges = np.zeros((len(years), len(spend)))  # filled as an array: a cell at a time in pandas is 100x slower
    for column, (vintage, amount) in enumerate(spend.items()):
        for k, share in enumerate(shares):
            if first <= vintage + k <= last:
                charges[vintage + k - first, column] = amount * share
    return pd.DataFrame(charges, index=years, columns=spend.index)


def annual_depreciation(capex: Mapping[int, float] | pd.Series, asset_life: float,
                        through: int | None = None) -> pd.Series:
    """Total straight-line depreciation by year, usd_bn."""
    return schedule(capex, asset_life, through).sum(axis=1).rename("depreciation")


def life_sensitivity(capex: Mapping[int, float] | pd.Series, lives, year: int) -> pd.Series:
    """Depreciation charged in `year` for each asset life in `lives` (index: life)."""
    return pd.Series({float(life): float(annual_depreciation(capex, life, through=year).get(year, 0.0))
                      for life in lives}, name="depreciation").rename_axis("asset_life")


def capex_path(actual: Mapping[int, float] | pd.Series, forecasts: pd.DataFrame, choice: str, growth: float,
               through: int) -> pd.DataFrame:
    """Capex by year: actuals, then a forecast for each later year that has one, then growth.

    `forecasts` has columns year and value (several rows per year allowed); `choice` picks the
    smallest ("low") or largest ("high") forecast of a year. After the last year with an actual or a
    forecast, capex grows by `growth` a year up to `through`. Columns: year, capex, status
    (actual / forecast / assumed)."""
    if choice not in CHOICES:
        raise ValueError(f"choice must be one of {', '.join(CHOICES)}, got {choice!r}")
    if growth <= -1:
        raise ValueError(f"growth must be above -100% a year, got {growth}")
    spent = _as_capex(actual)
    rows = [dict(year=int(y), capex=float(v), status="actual") for y, v in spent.items()]
    later = forecasts[forecasts["year"] > spent.index.max()]
    if not later.empty:
        picked = later.groupby("year")["value"].agg("min" if choice == "low" else "max")
        _as_capex(picked)
        rows += [dict(year=int(y), capex=float(v), status="forecast") for y, v in picked.items()]
    frame = pd.DataFrame(rows)
    expected = list(range(int(frame["year"].min()), int(frame["year"].max()) + 1))
    if list(frame["year"]) != expected:
        raise ValueError(f"capex path has gaps: years {sorted(set(expected) - set(frame['year']))} have no figure")
    last_year, last_value = int(frame["year"].iloc[-1]), float(frame["capex"].iloc[-1])
    extra = [dict(year=y, capex=last_value * (1 + growth) ** (y - last_year), status="assumed")
             for y in range(last_year + 1, int(through) + 1)]
    frame = pd.concat([frame, pd.DataFrame(extra)], ignore_index=True) if extra else frame
    return frame[frame["year"] <= int(through)].reset_index(drop=True)


def project_revenue(reported: Mapping[int, float] | pd.Series, growth: float, through: int) -> pd.DataFrame:
    """Reported calendar-year revenue by year, then growth of `growth` a year from the latest reported year to
    `through` (calendar_revenue with every figure a calendar year).

    Columns: year, revenue, status (reported / projected)."""
    seen = _as_capex(reported)  # same checks: whole years, no negative or missing values
    figures = pd.DataFrame({"value": seen.to_numpy(), "ends": seen.index.to_numpy() + 1.0})
    return calendar_revenue(figures, growth, through)


def calendar_revenue(figures: pd.DataFrame, growth: float, through: int) -> pd.DataFrame:
    """Revenue by calendar year: reported where a figure covers exactly that year, projected after the latest figure.

    `figures` has columns value (usd_bn) and ends: when the twelve months a figure covers end, in years (a calendar
    year Y ends at Y + 1; twelve months to the end of June 2026 end at 2026.5). A figure that ends on a year boundary
    is that calendar year's revenue (status reported). After the latest figure (the anchor), revenue grows by `growth`
    a year: calendar year Y (centred at Y + 0.5) gets anchor x (1 + growth) ** (Y + 1 - ends), its distance in years
    from the centre of the anchor's twelve months; so twelve months to June 2026 reach calendar 2026 half a year of
    growth later. Years before the anchor that no figure covers are left out (nothing is filled in backwards).

    Columns: year, revenue, status (reported / projected)."""
    if growth <= -1:
        raise ValueError(f"growth must be above -100% a year, got {growth}")
    if figures.empty:
        raise ValueError("revenue is empty: give at least one reported figure")
    values, ends = figures["value"].astype(float), figures["ends"].astype(float)
    if values.isna().any() or (values < 0).any():
        raise ValueError(f"revenue must be a number of at least 0, got {list(values)}")
    if ends.isna().any() or ends.duplicated().any():
        raise ValueError(f"each revenue figure needs its own end date, got {list(ends)}")
    whole = (ends - ends.round()).abs() < 1e-9
    rows = [dict(year=int(round(e)) - 1, revenue=float(v), status="reported")
            for v, e, w in zip(values, ends, whole) if w]
    anchor_end = float(ends.max())
    anchor = float(values[ends.idxmax()])
    first = int(math.floor(anchor_end + 1e-9))  # the first calendar year not wholly covered by the anchor
    rows += [dict(year=y, revenue=anchor * (1 + growth) ** (y + 1 - anchor_end), status="projected")
             for y in range(first, int(through) + 1)]
    frame = pd.DataFrame(rows, columns=["year", "revenue", "status"]).sort_values("year")
    return frame[frame["year"] <= int(through)].reset_index(drop=True)


def _check_multipliers(datacenter_multiplier: float, margin_multiplier: float) -> None:
    for name, value in (("datacenter_multiplier", datacenter_multiplier), ("margin_multiplier", margin_multiplier)):
        if not (isinstance(value, (int, float)) and math.isfinite(value) and value > 0):
            raise ValueError(f"{name} must be a number above 0, got {value!r}")


def revenue_needed(spend, datacenter_multiplier: float = 2.0, margin_multiplier: float = 2.0):
    """Sequoia's arithmetic: the end-user revenue that `spend` on GPUs needs (same unit as spend)."""
    _check_multipliers(datacenter_multiplier, margin_multiplier)
    values = pd.Series([spend] if isinstance(spend, (int, float)) else spend, dtype=float)
    if (values < 0).any():
        raise ValueError(f"spend cannot be negative, got {values[values < 0].iloc[0]:g}")
    return spend * datacenter_multiplier * margin_multiplier


def revenue_gap(needed, revenue):
    """The revenue still missing: needed minus earned (negative when revenue exceeds the need)."""
    return needed - revenue


def sequoia_2023_multipliers(energy_cost_per_gpu_dollar: float, end_user_margin_pct: float) -> tuple[float, float]:
    """Sequoia's September 2023 inputs as the two multipliers: energy and the rest of the data centre
    cost `energy_cost_per_gpu_dollar` per $1 of GPU (multiplier 1 + that), and an end-user gross margin
    of `end_user_margin_pct` percent needs 1 / (1 - margin) of revenue per $1 of cost."""
    if not (math.isfinite(energy_cost_per_gpu_dollar) and energy_cost_per_gpu_dollar >= 0):
        raise ValueError(f"energy cost per GPU dollar must be a number of at least 0, got {energy_cost_per_gpu_dollar!r}")
    if not (math.isfinite(end_user_margin_pct) and 0 <= end_user_margin_pct < 100):
        raise ValueError(f"end-user margin must be a percentage from 0 to below 100, got {end_user_margin_pct!r}")
    from helpers.sections.bubble_comparison.revenue_required import capital_share

    return 1 + energy_cost_per_gpu_dollar, float(1 / capital_share(end_user_margin_pct / 100, "buyer"))


def assumed_revenue(*groups: tuple[float, float]) -> float:
    """Revenue assumed for groups of companies, each given as (how many, revenue each): the sum of
    count x revenue (Sequoia 2024: 5 companies at $10B each and 5 at $5B)."""
    if not groups:
        raise ValueError("give at least one group of companies as (count, revenue each)")
    total = 0.0
    for count, each in groups:
        if count < 0 or each < 0:
            raise ValueError(f"company counts and revenues cannot be negative, got ({count:g}, {each:g})")
        total = total + count * each
    return total


def gap_case(gpu_spend: float, datacenter_multiplier: float, margin_multiplier: float,
             revenue: float | None = None) -> dict:
    """One line of the revenue-gap arithmetic: GPU spend, the two multipliers, the revenue needed and,
    when `revenue` is given, the gap left after it (NaN otherwise)."""
    needed = revenue_needed(gpu_spend, datacenter_multiplier, margin_multiplier)
    missing = math.nan if revenue is None else revenue_gap(needed, revenue)
    return dict(gpu=gpu_spend, dcm=datacenter_multiplier, mm=margin_multiplier, needed=needed,
                revenue=math.nan if revenue is None else revenue, gap=missing)


def life_grid(asset_life: float, also=(), *, shortest: float = 1.0, longest: float = 15.0,
              step: float = 0.5) -> list[float]:
    """Asset lives to compare: every `step` years from `shortest` to `longest` (or to `asset_life` if
    longer), plus `asset_life` and the lives in `also`, sorted, each once."""
    life = _check_life(asset_life)
    if not 0 < step or shortest > longest:
        raise ValueError(f"a grid of lives needs step > 0 and shortest <= longest, got {step}, {shortest}, {longest}")
    grid = {float(x) for x in np.arange(shortest, max(longest, life) + 0.01, step)}
    return sorted(grid | {life} | {float(v) for v in also})


def life_needed(capex: Mapping[int, float] | pd.Series, lives, year: int, datacenter_multiplier: float,
                margin_multiplier: float) -> pd.DataFrame:
    """For each asset life: the depreciation charged in `year` and the revenue it needs (index: life)."""
    table = life_sensitivity(capex, lives, year).to_frame()
    table["needed"] = revenue_needed(table["depreciation"], datacenter_multiplier, margin_multiplier)
    return table


STATUS_RANK = {"actual": 0, "forecast": 1, "assumed": 2}


def depreciation_status(capex: pd.DataFrame, asset_life: float, through: int | None = None) -> pd.Series:
    """What each year's depreciation rests on: "actual" when every vintage charged that year is reported capex,
    "forecast" when one is a forecast (and none assumed), "assumed" when one comes from the assumed growth.

    `capex`: a capex_path frame (columns year, capex, status)."""
    status = capex.set_index("year")["status"]
    unknown = set(status) - set(STATUS_RANK)
    if unknown:
        raise ValueError(f"capex status must be one of {', '.join(STATUS_RANK)}, got {sorted(unknown)}")
    # which vintages are charged in which year (a vintage of zero still counts: its year is charged on it)
    table = schedule(capex.set_index("year")["capex"].clip(lower=1e-12), asset_life, through)
    by_rank = {rank: name for name, rank in STATUS_RANK.items()}
    out = {}
    for year, charges in table.iterrows():
        ranks = [STATUS_RANK[status[v]] for v, amount in charges.items() if amount > 0]
        out[int(year)] = by_rank[max(ranks)] if ranks else "actual"
    return pd.Series(out, name="depreciation_status").rename_axis("year")


def compares(revenue_status, depreciation_status) -> str | float:
    """What a year of the clock sets side by side: "reported" (reported revenue with depreciation of reported capex),
    "forecast" (projected revenue with depreciation that includes forecast or assumed capex), "mixed" otherwise;
    NaN when the year has no revenue."""
    if not isinstance(revenue_status, str):
        return math.nan
    if revenue_status == "reported" and depreciation_status == "actual":
        return "reported"
    if revenue_status == "projected" and depreciation_status != "actual":
        return "forecast"
    return "mixed"


def depreciation_years(capex: pd.DataFrame, asset_life: float, ai_share: float = 1.0,
                       through: int | None = None) -> pd.DataFrame:
    """The part of the clock that does not depend on revenue or the multipliers, indexed by calendar year:
    depreciation (of the AI share of capex), capex, capex_status and depreciation_status (see `clock`)."""
    if not 0 < ai_share <= 1:
        raise ValueError(f"ai_share must be a fraction above 0 and at most 1, got {ai_share}")
    last = int(capex["year"].max()) if through is None else int(through)
    spend = capex.set_index("year")["capex"] * ai_share
    frame = annual_depreciation(spend, asset_life, through=last).to_frame()
    frame["capex"] = spend.reindex(frame.index)
    frame["capex_status"] = capex.set_index("year")["status"].reindex(frame.index)
    frame["depreciation_status"] = depreciation_status(capex, asset_life, through=last).reindex(frame.index)
    return frame


def clock(capex: pd.DataFrame, asset_life: float, revenue: pd.DataFrame, *, datacenter_multiplier: float,
          margin_multiplier: float, ai_share: float = 1.0, through: int | None = None,
          depreciation: pd.DataFrame | None = None) -> pd.DataFrame:
    """The depreciation clock, one row per calendar year from the first vintage to `through`: each year's revenue
    against the same calendar year's depreciation.

    `capex`: a capex_path frame; `revenue`: a calendar_revenue frame (calendar years only); `depreciation`:
    depreciation_years(capex, asset_life, ai_share, through) when the caller has it already (a live grid reuses
    it across revenue settings). Columns: year, capex,
    capex_status, depreciation (of the AI share of capex), depreciation_status (depreciation_status: actual /
    forecast / assumed), needed (depreciation x both multipliers), revenue, revenue_status (reported / projected),
    compares ("reported" with reported, "forecast" with forecast, or "mixed"), coverage (revenue per $1 of
    depreciation), share_of_needed (revenue per $1 needed: the utilization at which capacity priced to just cover
    its costs and margins would earn the revenue), gap (needed minus revenue)."""
    _check_multipliers(datacenter_multiplier, margin_multiplier)
    if revenue["year"].duplicated().any():
        raise ValueError(f"revenue lists a calendar year twice: {sorted(set(revenue['year'][revenue['year'].duplicated()]))}")
    base = depreciation_years(capex, asset_life, ai_share, through) if depreciation is None else depreciation
    earned = revenue.set_index("year")
    # built from arrays in one go: column by column in pandas took most of a live grid's time
    depreciated = base["depreciation"].to_numpy(dtype=float)
    needed = depreciated * datacenter_multiplier * margin_multiplier
    earned_revenue = earned["revenue"].reindex(base.index).to_numpy(dtype=float)
    revenue_status = earned["status"].reindex(base.index).to_numpy()
    with np.errstate(divide="ignore", invalid="ignore"):
        coverage, share_of_needed = earned_revenue / depreciated, earned_revenue / needed
    return pd.DataFrame({
        "year": base.index.to_numpy(), "depreciation": depreciated, "capex": base["capex"].to_numpy(),
        "capex_status": base["capex_status"].to_numpy(), "depreciation_status": base["depreciation_status"].to_numpy(),
        "needed": needed, "revenue": earned_revenue, "revenue_status": revenue_status,
        "compares": [compares(r, p) for r, p in zip(revenue_status, base["depreciation_status"])],
        "coverage": coverage, "share_of_needed": share_of_needed, "gap": revenue_gap(needed, earned_revenue)})


def latest_like_for_like(table: pd.DataFrame) -> pd.Series | None:
    """The latest year of a clock table that sets reported revenue against depreciation of reported capex, or None."""
    hits = np.flatnonzero(table["compares"].to_numpy() == "reported")
    return table.iloc[hits[-1]] if len(hits) else None


def first_year_covered(table: pd.DataFrame, target: str = "depreciation") -> int | None:
    """First year in a clock table whose revenue is at least `target` (a column), or None."""
    revenue, reached = table["revenue"].to_numpy(dtype=float), table[target].to_numpy(dtype=float)
    hits = np.flatnonzero(~np.isnan(revenue) & (revenue >= reached))
    return int(table["year"].iloc[hits[0]]) if len(hits) else None


def align_on_peak(series: Mapping[int, float] | pd.Series, peak_year: int | None = None,
                  peak_value: float | None = None) -> pd.DataFrame:
    """A yearly series counted in years from its peak, and as a percentage of the peak value.

    The peak year defaults to the year of the largest value (the first, if tied); `peak_value`
    (e.g. an intra-year closing high) defaults to the series' value in the peak year.
    Columns: year, years_from_peak, value, pct_of_peak."""
    values = pd.Series(series, dtype=float) if not isinstance(series, pd.Series) else series.astype(float)
    values = values.dropna()
    if values.empty:
        raise ValueError("cannot align an empty series on its peak")
    values.index = [int(y) for y in values.index]
    values = values.sort_index()
    year = int(values.idxmax()) if peak_year is None else int(peak_year)
    if peak_value is None:
        if year not in values.index:
            raise ValueError(f"peak year {year} is not in the series; give peak_value")
        peak_value = float(values.loc[year])
    if not peak_value > 0:
        raise ValueError(f"the peak value must be above 0, got {peak_value}")
    return pd.DataFrame({"year": values.index, "years_from_peak": values.index - year, "value": values.to_numpy(),
                         "pct_of_peak": values.to_numpy() / peak_value * 100})


# --------------------------------------------------------------------------------------------------
# The clock on arrays of assumptions: one row per draw (the Monte Carlo's "how sure")

def powers(base, exponent: float) -> np.ndarray:
    """base ** exponent for each value of `base`, with Python's float power: the scalar model's. numpy's power
    may round differently (SIMD implementations), and each draw must equal the scalar clock to the last bit."""
    values = np.asarray(base, dtype=float).ravel().tolist()
    return np.fromiter((b ** exponent for b in values), dtype=float, count=len(values))


def _draws(**arrays) -> dict[str, np.ndarray]:
    """The assumptions as float arrays of one shape (one value per draw)."""
    shaped = np.broadcast_arrays(*(np.atleast_1d(np.asarray(v, dtype=float)) for v in arrays.values()))
    out = dict(zip(arrays, (a.ravel() for a in shaped)))
    if not all(np.isfinite(a).all() for a in out.values()):
        raise ValueError("every assumption must be a finite number in every draw")
    return out


def capex_many(path: pd.DataFrame, growth) -> np.ndarray:
    """capex_path's capex for an array of growth rates: one row per draw, one column per year of `path` (a
    capex_path frame). Reported and forecast years are the path's; each "assumed" year grows from the last
    year with a figure as capex_path grows it."""
    g = np.atleast_1d(np.asarray(growth, dtype=float))
    if (g <= -1).any():
        raise ValueError("growth must be above -100% a year in every draw")
    sourced = path[path["status"] != "assumed"]
    last_year, last_value = int(sourced["year"].iloc[-1]), float(sourced["capex"].iloc[-1])
    out = np.tile(path["capex"].to_numpy(dtype=float), (g.size, 1))
    for column, (year, status) in enumerate(zip(path["year"], path["status"])):
        if status == "assumed":
            out[:, column] = last_value * powers(1 + g, int(year) - last_year)
    return out


def depreciation_many(spend: np.ndarray, first: int, asset_life, through: int) -> np.ndarray:
    """annual_depreciation for arrays: `spend` has one row per draw and one column per vintage from `first`;
    `asset_life` one value per draw. Returns depreciation by year from `first` to `through`, one row per draw.
    The charges are added vintage by vintage in the order annual_depreciation adds them."""
    life = np.atleast_1d(np.asarray(asset_life, dtype=float))
    if not (np.isfinite(life) & (life > 0)).all():
        raise ValueError("asset_life must be a number of years above 0 in every draw")
    n, vintages = spend.shape
    years = int(through) - int(first) + 1
    charged = np.ceil(life - 1e-9)  # years each draw charges a vintage (charge_fractions)
    shares = [np.where(k < charged, np.minimum(1.0, life - k) / life, 0.0)
              for k in range(min(int(charged.max()), years))]
    out = np.zeros((n, years))
    for j in range(min(vintages, years)):
        for k, share in enumerate(shares[: years - j]):
            out[:, j + k] = out[:, j + k] + spend[:, j] * share
    return out


def revenue_many(figures: pd.DataFrame, growth, years) -> np.ndarray:
    """calendar_revenue for an array of growth rates: revenue in each of `years`, one row per draw; NaN in a year
    before the anchor that no figure covers."""
    g = np.atleast_1d(np.asarray(growth, dtype=float))
    if (g <= -1).any():
        raise ValueError("growth must be above -100% a year in every draw")
    years = [int(y) for y in years]
    reference = calendar_revenue(figures, 0.0, through=max(years))
    reported = reference[reference["status"] == "reported"].set_index("year")["revenue"]
    ends = figures["ends"].astype(float)
    anchor_end, anchor = float(ends.max()), float(figures["value"].astype(float)[ends.idxmax()])
    first = int(math.floor(anchor_end + 1e-9))
    out = np.full((g.size, len(years)), np.nan)
    for column, year in enumerate(years):
        if year >= first:
            out[:, column] = anchor * powers(1 + g, year + 1 - anchor_end)
        elif year in reported.index:
            out[:, column] = float(reported.loc[year])
    return out


def clock_many(path: pd.DataFrame, figures: pd.DataFrame, *, asset_life, capex_growth, revenue_growth, ai_share,
               through: int) -> dict[str, np.ndarray]:
    """The depreciation clock (clock) for arrays of assumptions, one row per draw: `year` (from the path's first
    year to `through`), and by draw and year `capex` (the AI share), `depreciation`, `revenue` (NaN where the scope
    has no figure) and `coverage` (revenue per $1 of depreciation). `path`: a capex_path frame through `through`
    (its assumed years are grown again for each draw); `figures`: calendar_revenue's figures (value, ends)."""
    a = _draws(asset_life=asset_life, capex_growth=capex_growth, revenue_growth=revenue_growth, ai_share=ai_share)
    if ((a["ai_share"] <= 0) | (a["ai_share"] > 1)).any():
        raise ValueError("ai_share must be a fraction above 0 and at most 1 in every draw")
    path = path[path["year"] <= int(through)]
    first = int(path["year"].iloc[0])
    years = np.arange(first, int(through) + 1)
    spend = capex_many(path, a["capex_growth"]) * a["ai_share"][:, None]
    depreciation = depreciation_many(spend, first, a["asset_life"], int(through))
    revenue = revenue_many(figures, a["revenue_growth"], years)
    return {"year": years, "capex": spend, "depreciation": depreciation, "revenue": revenue,
            "coverage": revenue / depreciation}


def first_years_covered(many: dict[str, np.ndarray]) -> np.ndarray:
    """first_year_covered for each draw of clock_many: the first year whose revenue is at least its depreciation,
    NaN where none is."""
    hit = np.nan_to_num(many["revenue"], nan=-np.inf) >= many["depreciation"]
    return np.where(hit.any(axis=1), many["year"][hit.argmax(axis=1)], np.nan)
