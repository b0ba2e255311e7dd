"""The Concentration risk section: how much of the S&P 500 rides on seven companies, from data/,
and what its notebook shows.

The drawdown model itself is in `model.py`; this module picks rows from data/, computes the figures
the notebook states and draws its charts, so the notebook only narrates:

    d = figures.load()
    show(figures.history_chart(d))

Chart functions return a `helpers.core.present.Chart`, finding functions a `Finding`, table
functions a dict for `present.table(**...)`, prose functions a dict for `present.prose(**...)`.
Readings are plotted at their own dates, as points: a year with no reading shows no point, and
nothing is drawn between readings.
"""
from __future__ import annotations

import calendar
import math
import re
from dataclasses import dataclass
from datetime import date
from functools import cached_property

import numpy as np
import pandas as pd
from matplotlib.lines import Line2D
from matplotlib.ticker import FuncFormatter, PercentFormatter

from helpers.core import uncertainty
from helpers.core.data import ASSUMPTION
from helpers.core.present import INK, MUTED, PALETTE, Chart, Finding, chart, fmt_pct, fmt_usd_bn, fmt_value
from helpers.core.sources import cite
from helpers.sections.concentration_risk import model as drawdown
from helpers.sections.concentration_risk.tables import SEVEN

SERIES = {"top10_weight": ("Top 10 stocks' weight", PALETTE["revenue"], "o"),
          "mag7_weight": ("The seven's weight", PALETTE["cost"], "s")}
GROUP_LABELS = {"mag7": "The seven", "sp500_ex_mag7": "The other 493", "hyperscalers5": "5 hyperscalers (Goldman)",
                "hyperscalers4": "4 hyperscalers", "hyperscalers_ms": "Hyperscalers (Morgan Stanley)",
                "big_tech": "Big Tech (set not stated)", "amazon": "Amazon", "alphabet": "Alphabet",
                "sp500_tech_and_related": "Tech and related companies"}
METRIC_WORDS = {"capex": "Capex", "capex_growth_yoy": "Capex growth on a year earlier",
                "capex_pct_of_revenue": "Capex as a share of revenue", "share_of_sp500_capex": "Share of all S&P 500 capex"}
BASKET_WORDS = {"jpm_ai_related": "JPMorgan: AI-related stocks", "jpm_direct_ai_29": "JPMorgan: 29 direct AI stocks",
                "jpm_ai_30": "JPMorgan: 30 AI stocks", "jpm_ai_capital_equipment": "JPMorgan: AI capital-equipment stocks",
                "jpm_ai_utilities": "JPMorgan: AI-linked utilities", "sp500_ex_ai": "JPMorgan: S&P 500 without AI stocks",
                "cembalest_ai_42": "Cembalest (JPM): 42 AI companies", "hyperscalers4": "Cembalest (JPM): 4 hyperscalers",
                "hyperscalers4_plus_semis": "Cembalest (JPM): 4 hyperscalers and chipmakers", "mag7": "The seven",
                "sp500_ex_mag7": "The other 493"}
MEASURE_WORDS = {"share_of_sp500_returns": "share of S&P 500 returns",
                 "share_of_sp500_earnings_growth": "share of S&P 500 earnings growth",
                 "share_of_sp500_capex_growth": "share of S&P 500 capex growth",
                 "share_of_sp500_eps_growth": "share of S&P 500 earnings-per-share growth",
                 "share_of_sp500_earnings_profits_capex_low": "share of S&P 500 earnings, profits and capex (low end)",
                 "share_of_sp500_earnings_profits_capex_high": "share of S&P 500 earnings, profits and capex (high end)",
                 "share_of_sp500_market_cap": "share of S&P 500 market value", "price_return": "share-price return",
                 "earnings_growth": "earnings growth", "ebit_growth": "operating-profit (EBIT) growth",
                 "market_cap": "market value", "capex_plus_rd_cumulative": "capex and R&D, cumulative",
                 "capex_plus_rd_last_12m": "capex and R&D over 12 months",
                 "capex_plus_rd_expected_growth": "expected growth of capex and R&D",
                 "household_wealth_gain": "gain in US household wealth",
                 "household_wealth_loss_if_10pct_fall": "loss of household wealth if they fell 10%",
                 "consumption_loss_if_10pct_fall": "yearly loss of consumption if they fell 10%"}
SOURCE_CHARS = 135  # the longest source line that fits on one line of a 10-inch chart
SOURCE_CHARS_WIDE = 150  # the same for an 11-inch chart
MODEL_SOURCE = "this report's drawdown model"
LABEL_SIZE = 11  # points: the smallest text in a chart (a 10-inch chart is shown at about 63% on a PDF page)


def source_line(sources: pd.DataFrame, ids, max_chars: int = SOURCE_CHARS, extra: str = "") -> str:
    """cite() naming as many sources as fit on one line of a chart; the rest are counted."""
    ids = [i for i in dict.fromkeys(ids) if isinstance(i, str)]
    for limit in range(len(ids), 0, -1):
        text = cite(sources, ids, limit=limit) + extra
        if len(text) <= max_chars:
            return text
    return cite(sources, ids, limit=1) + extra


def _ids(ids) -> tuple[str, ...]:
    """Distinct source ids in the order given (blanks dropped)."""
    return tuple(i for i in dict.fromkeys(ids) if isinstance(i, str))


# ------------------------------------------------------------------------------------------ the section's data
@dataclass(frozen=True)
class Frames:
    """The section's data files, read via data.load."""
    sources: pd.DataFrame
    history: pd.DataFrame
    weights: pd.DataFrame
    capex: pd.DataFrame
    attr: pd.DataFrame
    ret: pd.DataFrame

    @cached_property
    def seven_now(self) -> pd.Series:
        """The seven's latest headline weight: the drawdown model's weight."""
        return latest(self.history, "mag7_weight")


def load() -> Frames:
    """The section's frames, read (and checked) via data.load."""
    from helpers.core import data

    return Frames(sources=data.load("sources.csv"), history=data.load("concentration_history.csv"),
                  weights=data.load("concentration_weights.csv"), capex=data.load("concentration_capex.csv"),
                  attr=data.load("ai_attribution.csv"), ret=data.load("retirement_figures.csv"))


# ------------------------------------------------------------------------------------------ dates
def decimal_year(as_of: str) -> tuple[float, float]:
    """Where a reading sits on a time axis, and how uncertain its date is (half-width in years).

    YYYY is placed mid-year with a half-year spread; YYYY-MM mid-month; YYYY-MM-DD exactly."""
    parts = [int(p) for p in str(as_of).split("-")]
    year = parts[0]
    if len(parts) == 1:
        return year + 0.5, 0.5
    if len(parts) == 2:
        return year + (parts[1] - 0.5) / 12, 0.5 / 12
    days = 366 if calendar.isleap(year) else 365
    return year + ((date(*parts) - date(year, 1, 1)).days + 0.5) / days, 0.0


def date_words(as_of: str) -> str:
    """'2000-03' -> 'March 2000'; '2024-12-31' -> '31 December 2024'; '2015' -> '2015'."""
    parts = [int(p) for p in str(as_of).split("-")]
    if len(parts) == 1:
        return str(parts[0])
    month = calendar.month_name[parts[1]]
    return f"{month} {parts[0]}" if len(parts) == 2 else f"{parts[2]} {month} {parts[0]}"


def reading_date_words(row) -> str:
    """The date of a reading in words, as precisely as its row gives it.

    A full or month date is `date_words(as_of)`. When `as_of` is only a year and the row's note places
    the reading within it ("As of mid-2025", "at the end of 2024"), that part of the note is used:
    'mid-2025', 'end of 2024'; otherwise the year alone."""
    as_of = str(row["as_of"])
    note = row.get("note") if hasattr(row, "get") else None
    if re.fullmatch(r"\d{4}", as_of) and isinstance(note, str):
        found = re.search(rf"\b(?:(?:early|mid|late|end)-|(?:early|mid|late) |(?:start|middle|end) of ){as_of}\b",
                          note, flags=re.IGNORECASE)
        if found:
            return found.group(0).lower()
    return date_words(as_of)


def with_dates(frame: pd.DataFrame, column: str = "as_of") -> pd.DataFrame:
    out = frame.copy()
    placed = [decimal_year(a) for a in out[column]]
    out["x"] = [p[0] for p in placed]
    out["x_spread"] = [p[1] for p in placed]
    out["calendar_year"] = out[column].str.slice(0, 4).astype(int)
    keys = ["x"] + (["headline"] if "headline" in out else [])  # "yes" before "no" at the same date
    return out.sort_values(keys, ascending=[True] + [False] * (len(keys) - 1), kind="stable").reset_index(drop=True)


# ------------------------------------------------------------------------------------------ history
def readings(history: pd.DataFrame, measure: str, headline_only: bool = False) -> pd.DataFrame:
    rows = history[history["measure"] == measure]
    if headline_only:
        rows = rows[rows["headline"] == "yes"]
    return with_dates(rows)


def latest(history: pd.DataFrame, measure: str) -> pd.Series:
    """The most recent headline reading of a measure."""
    rows = readings(history, measure, headline_only=True)
    if rows.empty:
        raise ValueError(f"concentration_history.csv: no headline reading of {measure}")
    return rows.iloc[-1]


def reading_near(history: pd.DataFrame, measure: str, when: str, within_days: int = 31) -> pd.Series:
    """The reading of `measure` dated closest to `when` (YYYY-MM-DD), if one lies within `within_days`."""
    rows = readings(history, measure)
    target, _ = decimal_year(when)
    gaps = (rows["x"] - target).abs()
    if rows.empty or gaps.min() * 365.25 > within_days:
        raise ValueError(f"concentration_history.csv: no {measure} reading within {within_days} days of {when}")
    return rows.loc[gaps.idxmin()]


def peak_2000(history: pd.DataFrame) -> pd.Series:
    """The headline top-10 reading of calendar year 2000 (the dot-com peak)."""
    rows = readings(history, "top10_weight", headline_only=True)
    rows = rows[rows["calendar_year"] == 2000]
    if rows.empty:
        raise ValueError("concentration_history.csv: no headline top10_weight reading for 2000")
    return rows.iloc[0]


def long_run_average(history: pd.DataFrame) -> pd.Series:
    """The latest headline reading of the top-10 weight's long-run average."""
    rows = history[(history["measure"] == "top10_weight_long_run_average") & (history["headline"] == "yes")]
    if rows.empty:
        raise ValueError("concentration_history.csv: no headline top10_weight_long_run_average reading")
    return with_dates(rows).iloc[-1]


def highest(history: pd.DataFrame, measure: str) -> pd.Series:
    """The highest headline reading of a measure (of equal ones, the latest dated)."""
    return readings(history, measure, headline_only=True).sort_values("value", kind="stable").iloc[-1]


def seven_weight_on(history: pd.DataFrame, as_of: str) -> float | None:
    """The seven's weight (%) in the first reading dated exactly `as_of`, or None if there is none."""
    rows = history[(history["measure"] == "mag7_weight") & (history["as_of"] == as_of)]
    return float(rows["value"].iloc[0]) if not rows.empty else None


def missing_years(present, start: int, end: int) -> str:
    """Years from start to end with no reading, as compact ranges: '2016-2018, 2020'."""
    have = set(int(y) for y in present)
    gaps = [y for y in range(start, end + 1) if y not in have]
    spans, run = [], []
    for year in gaps:
        if run and year != run[-1] + 1:
            spans.append(run)
            run = []
        run.append(year)
    if run:
        spans.append(run)
    return ", ".join(str(s[0]) if len(s) == 1 else f"{s[0]}–{s[-1]}" for s in spans) or "none"


def effective_n_from_hhi(hhi: float) -> float:
    """Effective number of stocks, 1/HHI of the weights as fractions (= 10,000 / HHI in % points squared)."""
    if hhi <= 0:
        raise ValueError(f"HHI must be positive, got {hhi}")
    return 10_000.0 / hhi


def weight_sets(weights: pd.DataFrame) -> pd.DataFrame:
    """Each date and source that lists all seven companies: the seven's total weight and their own HHI.

    Share classes are added up to the company. The seven's sum of squared % weights is a lower
    bound on the whole index's HHI, so 10,000 / it is an upper bound on the effective number."""
    by_company = weights.groupby(["as_of", "source_id", "company"], as_index=False)["weight"].sum()
    rows = []
    for (as_of, source_id), group in by_company.groupby(["as_of", "source_id"]):
        if set(group["company"]) != set(SEVEN):
            continue
        hhi_seven = float((group["weight"] ** 2).sum())
        rows.append({"as_of": as_of, "source_id": source_id, "seven_total": float(group["weight"].sum()),
                     "hhi_seven": hhi_seven, "effective_n_at_most": effective_n_from_hhi(hhi_seven),
                     "largest": group.sort_values("weight").iloc[-1]["company"],
                     **{c: float(group.set_index("company").loc[c, "weight"]) for c in SEVEN}})
    return with_dates(pd.DataFrame(rows)) if rows else pd.DataFrame()


def effective_n_points(history: pd.DataFrame, weights: pd.DataFrame) -> pd.DataFrame:
    """Every effective-number figure the data allows: from HHI readings, stated directly, and the
    upper bounds from the seven's own weights."""
    rows = []
    for row in readings(history, "hhi").itertuples():
        rows.append({"as_of": row.as_of, "kind": "from HHI", "effective_n": effective_n_from_hhi(row.value),
                     "hhi": row.value, "source_id": row.source_id})
    for row in readings(history, "effective_n").itertuples():
        rows.append({"as_of": row.as_of, "kind": "stated", "effective_n": row.value, "hhi": 10_000 / row.value,
                     "source_id": row.source_id})
    sets = weight_sets(weights)
    for row in sets.itertuples() if not sets.empty else ():
        rows.append({"as_of": row.as_of, "kind": "at most (the seven alone)", "effective_n": row.effective_n_at_most,
                     "hhi": row.hhi_seven, "source_id": row.source_id})
    return with_dates(pd.DataFrame(rows))


def yearly_table(history: pd.DataFrame) -> pd.DataFrame:
    """Headline readings by calendar year: one row per year that has any, blank where none was found."""
    rows = history[(history["headline"] == "yes") & history["measure"].isin(["mag7_weight", "top10_weight", "hhi",
                                                                            "mag7_earnings_share", "effective_n"])]
    rows = with_dates(rows)
    table = rows.pivot_table(index="calendar_year", columns="measure", values="value", aggfunc="first")
    dates = rows.pivot_table(index="calendar_year", columns="measure", values="as_of", aggfunc="first")
    out = pd.DataFrame(index=table.index)
    out["Seven's weight (%)"] = table.get("mag7_weight")
    out["as of"] = dates.get("mag7_weight")
    out["Top-10 weight (%)"] = table.get("top10_weight")
    out["as of "] = dates.get("top10_weight")
    hhi = table.get("hhi", pd.Series(dtype=float))
    n_direct = table.get("effective_n", pd.Series(dtype=float))
    out["Effective number of stocks"] = [n_direct.get(y) if pd.notna(n_direct.get(y)) else
                                         (effective_n_from_hhi(hhi.get(y)) if pd.notna(hhi.get(y)) else None)
                                         for y in out.index]
    out = out.rename_axis("Year").reset_index()
    return out.astype(object).where(out.notna(), None)


# ------------------------------------------------------------------------------------------ capex
def capex_growth(capex: pd.DataFrame, year: int) -> dict[str, pd.Series]:
    """The full-year actual capex growth of the seven and of the other 493 in `year`."""
    rows = capex[(capex["metric"] == "capex_growth_yoy") & (capex["period"] == "FY") & (capex["status"] == "actual")
                 & (capex["year"] == year)]
    out = {}
    for group in ("mag7", "sp500_ex_mag7"):
        match = rows[rows["companies"] == group]
        if len(match) != 1:
            raise ValueError(f"concentration_capex.csv: expected one actual FY {year} capex_growth_yoy row for {group}")
        out[group] = match.iloc[0]
    return out


def gap_year(capex: pd.DataFrame) -> int:
    """Latest year with actual full-year capex growth for both the seven and the other 493."""
    rows = capex[(capex["metric"] == "capex_growth_yoy") & (capex["period"] == "FY") & (capex["status"] == "actual")]
    years = set(rows[rows["companies"] == "mag7"]["year"]) & set(rows[rows["companies"] == "sp500_ex_mag7"]["year"])
    if not years:
        raise ValueError("concentration_capex.csv: no year with actual capex growth for both mag7 and sp500_ex_mag7")
    return int(max(years))


def doubling_years(growth_pct: float) -> float | None:
    """Years for spending to double at a constant yearly growth rate (None if it does not grow)."""
    rate = growth_pct / 100
    return math.log(2) / math.log1p(rate) if rate > 0 else None


def capex_dollars(capex: pd.DataFrame) -> pd.DataFrame:
    """Full-year capex in dollars, one row per company set, year, status and source."""
    rows = capex[(capex["metric"] == "capex") & (capex["period"] == "FY") & (capex["unit"] == "usd_bn")]
    return rows.sort_values(["companies", "source_id", "year"]).reset_index(drop=True)


# ------------------------------------------------------------------------------------------ attribution
def attribution_row(attr: pd.DataFrame, measure: str, basket: str) -> pd.Series:
    rows = attr[(attr["measure"] == measure) & (attr["basket"] == basket) & (attr["headline"] == "yes")]
    if rows.empty:
        raise ValueError(f"ai_attribution.csv: no headline row of {measure} for {basket}")
    return rows.iloc[0]


# ------------------------------------------------------------------------------------------ retirement
def retirement_row(ret: pd.DataFrame, measure: str, subject: str | None = None) -> pd.Series:
    """The latest headline row of a measure (for one subject if given)."""
    rows = ret[(ret["measure"] == measure) & (ret["headline"] == "yes")]
    if subject is not None:
        rows = rows[rows["subject"] == subject]
    if rows.empty:
        raise ValueError(f"retirement_figures.csv: no headline row of {measure}" + (f" for {subject}" if subject else ""))
    return rows.sort_values("period").iloc[-1]


def tdf_equity_share(ret: pd.DataFrame) -> tuple[float, list[str], str]:
    """Total equity share (fraction) of the target-date fund in data: US plus non-US equities."""
    us = retirement_row(ret, "us_equity_share")
    non_us = retirement_row(ret, "non_us_equity_share", us["subject"])
    return (us["value"] + non_us["value"]) / 100, [us["source_id"], non_us["source_id"]], us["subject"]


def past_falls(ret: pd.DataFrame) -> pd.DataFrame:
    """Past S&P 500 falls (fractions) for reference: headline peak-to-trough losses and the 2022 bear market."""
    loss = ret[(ret["measure"] == "peak_to_trough_loss") & (ret["headline"] == "yes") & (ret["subject"] == "S&P 500")]
    rows = [{"label": f"{_span(r.period)} crash", "fall": r.value / 100, "source_id": r.source_id}
            for r in loss.itertuples()]
    bears = ret[(ret["measure"] == "bear_market_price_change") & (ret["headline"] == "yes")]
    bears = bears[bears["period"].str.startswith("2022")]
    rows += [{"label": "2022 bear market", "fall": -r.value / 100, "source_id": r.source_id} for r in bears.itertuples()]
    return pd.DataFrame(rows).sort_values("fall").reset_index(drop=True)


def _span(period: str) -> str:
    """'2000-2002' -> '2000-02'."""
    parts = str(period).split("-")
    if len(parts) == 2 and len(parts[0]) == len(parts[1]) == 4 and parts[0][:2] == parts[1][:2]:
        return f"{parts[0]}-{parts[1][2:]}"
    return str(period)


def balances(ret: pd.DataFrame) -> pd.DataFrame:
    """The latest average and median balance for each plan provider."""
    rows = ret[ret["measure"].isin(["avg_401k_balance", "median_401k_balance"]) & (ret["headline"] == "yes")]
    rows = rows.sort_values("period").groupby(["subject", "measure"], as_index=False).last()
    rows["label"] = [f"{s.split(' ')[0]} {'average' if m.startswith('avg') else 'median'} ({p})"
                     for s, m, p in zip(rows["subject"], rows["measure"], rows["period"])]
    return rows.sort_values("value").reset_index(drop=True)


# ------------------------------------------------------------------------------------------ the model's inputs
CALIBRATION_YEAR_END = "2022-12-31"  # the default beta is backed out of 2022, the seven's worst recent year


@dataclass(frozen=True)
class Calibration:
    """The default beta, backed out of 2022: the seven's and the index's returns that year (rows of
    retirement_figures.csv, in %), the seven's weight reading nearest the year's end (a row of
    concentration_history.csv) and what model.implied_beta makes of them (fractions)."""
    seven_return: pd.Series
    index_return: pd.Series
    weight_end: pd.Series
    seven_weight_start: float
    rest_return: float
    beta: float


def beta_calibration(history: pd.DataFrame, ret: pd.DataFrame) -> Calibration:
    """How far the other 493 fell per unit of the seven's fall in 2022 (see model.implied_beta)."""
    seven = retirement_row(ret, "calendar_year_return", "Magnificent Seven")
    index = retirement_row(ret, "calendar_year_return", "S&P 500")
    end = reading_near(history, "mag7_weight", CALIBRATION_YEAR_END)
    implied = drawdown.implied_beta(seven["value"] / 100, index["value"] / 100, end["value"] / 100)
    return Calibration(seven, index, end, **implied)


def default_balance(ret: pd.DataFrame) -> pd.Series:
    """The row behind the default balance: Vanguard's latest median 401(k) balance."""
    return retirement_row(ret, "median_401k_balance", "Vanguard plans")


@dataclass(frozen=True)
class Scenario:
    """One run of the drawdown model: the seven's weight (a fraction, from data) and the notebook's
    parameters; `result` is model.scenario's output for them."""
    seven_weight: float
    seven_fall: float
    rest_beta: float
    balance_usd: float
    stock_share: float
    bond_fall: float
    weight_sources: tuple[str, ...] = ()  # where the seven's weight comes from

    @cached_property
    def result(self) -> dict[str, float]:
        return drawdown.scenario(self.seven_weight, self.seven_fall, self.rest_beta, self.balance_usd,
                                 self.stock_share, self.bond_fall)


def scenario(d: Frames, *, seven_fall: float, rest_beta: float, balance_usd: float, stock_share: float,
             bond_fall: float) -> Scenario:
    """The drawdown model for the notebook's parameters, at the seven's latest weight in the data."""
    return Scenario(d.seven_now["value"] / 100, seven_fall, rest_beta, balance_usd, stock_share, bond_fall,
                    _ids([d.seven_now["source_id"]]))


def balance_losses(ret: pd.DataFrame, s: Scenario) -> pd.DataFrame:
    """What the scenario's falls cost at the balances in the data and at the parameter balance (last row)."""
    result = s.result
    rows = drawdown.losses_for_balances(balances(ret), result["index_fall"], result["mix_fall"])
    own = pd.DataFrame([{"label": "The balance this report assumes", "value": s.balance_usd,
                         "fund_loss_usd": result["fund_loss_usd"], "mix_loss_usd": result["mix_loss_usd"],
                         "source_id": ASSUMPTION}])
    return pd.concat([rows, own], ignore_index=True)


# ------------------------------------------------------------------------------------------ charts
def _pct_axis(ax, axis: str = "y"):
    formatter = FuncFormatter(lambda v, _: f"{v:.0f}%")
    (ax.yaxis if axis == "y" else ax.xaxis).set_major_formatter(formatter)


def _points(ax, rows: pd.DataFrame, color: str, marker: str, label: str, size: float = 70):
    """Headline readings filled, other sources hollow; a horizontal whisker where only the year is known."""
    for filled in (True, False):
        part = rows[(rows["headline"] == "yes") == filled]
        if part.empty:
            continue
        spread = part[part["x_spread"] >= 0.25]
        if not spread.empty:
            ax.errorbar(spread["x"], spread["value"], xerr=spread["x_spread"], fmt="none", ecolor=color,
                        elinewidth=1.2, capsize=3, alpha=0.7, zorder=2)
        ax.scatter(part["x"], part["value"], s=size, marker=marker, zorder=3, linewidths=1.6,
                   facecolors=color if filled else "white", edgecolors=color,
                   label=label if filled else None)


def history_plotted(history: pd.DataFrame) -> pd.DataFrame:
    """The rows the history chart draws (for its source line)."""
    return history[history["measure"].isin(["top10_weight", "mag7_weight"])
                   | ((history["measure"] == "top10_weight_long_run_average") & (history["headline"] == "yes"))]


def _draw_history(history: pd.DataFrame, source: str):
    top = readings(history, "top10_weight")
    seven = readings(history, "mag7_weight")
    now, peak = latest(history, "top10_weight"), peak_2000(history)
    seven_now = latest(history, "mag7_weight")
    word = "above" if now["value"] > peak["value"] else "below"
    fig, ax = chart(f"Ten stocks now hold {now['value']:g}% of the S&P 500, {word} the {peak['value']:g}% "
                    f"of the 2000 peak", source, size=(10, 6))
    for measure, rows in (("top10_weight", top), ("mag7_weight", seven)):
        label, color, marker = SERIES[measure]
        _points(ax, rows, color, marker, label)
    label_x = 2002.3  # the empty stretch between the 2001 and 2010 readings
    ax.axhline(peak["value"], color=PALETTE["neutral"], linestyle="--", linewidth=1.2, zorder=1)
    ax.annotate(f"Top 10 at the 2000 peak: {peak['value']:g}%", (label_x, peak["value"]), ha="left", va="bottom",
                fontsize=11, color=MUTED, xytext=(0, 3), textcoords="offset points")
    averages = history[(history["measure"] == "top10_weight_long_run_average") & (history["headline"] == "yes")]
    if not averages.empty:
        avg = with_dates(averages).iloc[-1]
        ax.axhline(avg["value"], color=PALETTE["neutral"], linestyle=":", linewidth=1.2, zorder=1)
        ax.annotate(f"Top 10, 40-year average: {avg['value']:g}%", (label_x, avg["value"]), ha="left", va="top",
                    fontsize=11, color=MUTED, xytext=(0, -3), textcoords="offset points")
    for row, color in ((now, SERIES["top10_weight"][1]), (seven_now, SERIES["mag7_weight"][1])):
        ax.annotate(f"{row['value']:g}%", (row["x"] + row["x_spread"], row["value"]), ha="left", va="center",
                    fontsize=12, fontweight="bold", color=color, xytext=(7, 0), textcoords="offset points")
    ax.set_xlim(1998.5, 2027.2)
    ax.set_ylim(0, max(45.0, float(top["value"].max()) + 4))
    _pct_axis(ax)
    ax.set_ylabel("Share of the S&P 500's market value")
    ax.set_xlabel("Date of the reading (no point: no reading found for that year)")
    handles = [Line2D([], [], marker=SERIES[m][2], color=SERIES[m][1], linestyle="none", markersize=9, label=SERIES[m][0])
               for m in ("top10_weight", "mag7_weight")]
    handles += [Line2D([], [], marker="o", color=MUTED, markerfacecolor="white", linestyle="none", markersize=9,
                       label="Another source's reading"),
                Line2D([], [], color=MUTED, marker="|", markersize=10, linewidth=1.2,
                       label="Only the year is known")]
    ax.legend(handles=handles, loc="upper left", fontsize=11)
    return fig


def _draw_effective_n(points: pd.DataFrame, source: str):
    stated = points[points["kind"] == "stated"]
    from_hhi = points[points["kind"] == "from HHI"]
    bound = points[points["kind"].str.startswith("at most")]
    now = (stated if not stated.empty else from_hhi).iloc[-1]
    first = from_hhi.iloc[0] if not from_hhi.empty else points.iloc[0]
    fig, ax = chart(f"The index now behaves like {now['effective_n']:.0f} equal-weighted stocks, down from "
                    f"{first['effective_n']:.0f} in {first['as_of'][:4]}", source, size=(10, 5.6))
    ax.scatter(from_hhi["x"], from_hhi["effective_n"], s=90, color=PALETTE["revenue"], zorder=3,
               label="10,000 ÷ HHI of the index weights (S&P DJI data)")
    ax.scatter(stated["x"], stated["effective_n"], s=90, marker="D", color=PALETTE["cost"], zorder=3,
               label="Effective number as stated (Bridgeway)")
    ax.scatter(bound["x"], bound["effective_n"], s=90, marker="v", facecolors="white", edgecolors=PALETTE["accent"],
               linewidths=1.8, zorder=3, label="Ceiling from the seven's own weights")
    style = {"from HHI": dict(ha="right", va="center", xytext=(-9, 0)),
             "stated": dict(ha="center", va="top", xytext=(0, -10))}
    for row in points.itertuples():
        kw = style.get(row.kind, dict(ha="center", va="bottom", xytext=(0, 9)))
        text = f"{row.effective_n:.0f}" if row.kind in style else f"≤{row.effective_n:.0f}"
        ax.annotate(text, (row.x, row.effective_n), fontsize=12, textcoords="offset points", **kw)
    ax.set_xlim(1998.5, 2027.5)
    ax.set_ylim(0, max(100.0, float(points["effective_n"].max()) * 1.2))
    ax.set_ylabel("Effective number of stocks")
    ax.set_xlabel("Date of the reading (500 equal weights would give 500)")
    ax.legend(loc="lower left", fontsize=11)
    return fig


CAPEX_STYLE = {"hyperscalers5": (PALETTE["revenue"], "o"), "hyperscalers4": (PALETTE["good"], "s"),
               "hyperscalers_ms": (PALETTE["accent"], "^"), "mag7": (PALETTE["cost"], "D")}


def capex_plotted(capex: pd.DataFrame) -> pd.DataFrame:
    """The rows the capex chart draws: both groups' growth in the gap year, and full-year dollars of company sets."""
    year = gap_year(capex)
    growth = capex[(capex["metric"] == "capex_growth_yoy") & (capex["year"] == year) & (capex["period"] == "FY")
                   & (capex["status"] == "actual") & capex["companies"].isin(["mag7", "sp500_ex_mag7"])]
    dollars = capex_dollars(capex)
    return pd.concat([growth, dollars[dollars["companies"].isin(list(CAPEX_STYLE))]])


MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def made_when(sources: pd.DataFrame, source_id: str) -> str:
    """When a source was published, in words for a chart label ('Feb 2026', '2024'): a forecast's vintage."""
    date = str(sources.set_index("source_id").loc[source_id, "date"]) if source_id in set(sources["source_id"]) else ""
    parts = date.split("-") if date and date != "nan" else []
    if len(parts) >= 2:
        return f"{MONTHS[int(parts[1]) - 1]} {parts[0]}"
    return parts[0] if parts else ""


def capex_label(row, earlier: bool, made: str) -> str:
    """A dollar point's label: the value and, for a forecast, when it was made (a plan made before the year's actual
    came in is marked as the earlier forecast), so that tallies of different dates are not read as one vintage."""
    label = f"{row.value:,.0f}"
    if row.status != "forecast":
        return label
    words = "earlier forecast" if earlier else "forecast"
    return f"{label} ({words}, {made})" if made else f"{label} ({words})"


def _draw_capex_gap(capex: pd.DataFrame, source: str, made: dict[str, str] | None = None):
    made = made or {}
    year = gap_year(capex)
    growth = capex_growth(capex, year)
    seven, rest = growth["mag7"]["value"], growth["sp500_ex_mag7"]["value"]
    title = (f"In {year} the seven raised capex {seven:g}%, the other 493 only {rest:g}%: "
             f"{seven / rest:.0f}× the growth rate" if rest > 0 else
             f"In {year} the seven raised capex {seven:g}%; the other 493 did not raise theirs")
    fig, (left, right) = chart(title, source, ncols=2, size=(11, 5.8), gridspec_kw={"width_ratios": [1, 2.1]})
    left.bar([0, 1], [seven, rest], color=[PALETTE["cost"], PALETTE["neutral"]], width=0.6)
    for xi, value in enumerate((seven, rest)):
        left.annotate(f"{value:g}%", (xi, value), ha="center", va="bottom", fontsize=13, fontweight="bold",
                      xytext=(0, 3), textcoords="offset points")
    left.set_xticks([0, 1], ["The seven", "The other\n493"])
    left.set_ylim(0, seven * 1.2)
    _pct_axis(left)
    left.set_ylabel(f"Capex growth, {year} vs {year - 1}")
    left.grid(axis="x", visible=False)
    left.set_title("Growth rate", fontsize=13, loc="left")

    dollars = capex_dollars(capex)
    dollars = dollars[dollars["companies"].isin(list(CAPEX_STYLE))]
    for group, rows in dollars.groupby("companies", sort=False):
        color, marker = CAPEX_STYLE[group]
        for status in ("actual", "forecast"):
            part = rows[rows["status"] == status]
            if not part.empty:
                right.scatter(part["year"], part["value"], s=85, marker=marker, zorder=3, linewidths=1.8,
                              facecolors=color if status == "actual" else "white", edgecolors=color)
        for _, series in rows.groupby("source_id"):  # join only consecutive years from the same source
            series = series.sort_values("year")
            for a, b in zip(series.iloc[:-1].itertuples(), series.iloc[1:].itertuples()):
                if b.year - a.year == 1:
                    right.plot([a.year, b.year], [a.value, b.value], color=color, linewidth=1.5, zorder=2,
                               linestyle="-" if b.status == "actual" else "--")
        for row in rows.itertuples():
            earlier = (row.status == "forecast") and ((rows["year"] == row.year) & (rows["status"] == "actual")).any()
            left_side = group == "hyperscalers5"
            right.annotate(capex_label(row, earlier, made.get(row.source_id, "")), (row.year, row.value),
                           ha="right" if left_side else "left", va="center", fontsize=LABEL_SIZE, color=color,
                           xytext=(-8 if left_side else 8, 0), textcoords="offset points")
    handles = [Line2D([], [], marker=CAPEX_STYLE[g][1], color=CAPEX_STYLE[g][0], linestyle="none", markersize=9,
                      label=GROUP_LABELS[g]) for g in CAPEX_STYLE if g in set(dollars["companies"])]
    handles.append(Line2D([], [], marker="o", color=MUTED, markerfacecolor="white", linestyle="none", markersize=9,
                          label="Forecast or plan (month it was made)"))
    years = sorted(dollars["year"].unique())
    right.set_xticks(years, [str(y) for y in years])
    right.set_xlim(min(years) - 0.6, max(years) + 1.7)
    right.set_ylim(0, dollars["value"].max() * 1.12)
    right.set_ylabel("Capex, US$ billions")
    right.set_xlabel("Calendar year")
    right.set_title("Dollars: only hyperscaler series were found", fontsize=13, loc="left")
    right.legend(handles=handles, loc="upper left", fontsize=LABEL_SIZE)
    return fig


def attribution_plotted(attr: pd.DataFrame) -> pd.DataFrame:
    """The rows the attribution chart draws."""
    picks = [("share_of_sp500_returns", "jpm_ai_related"), ("share_of_sp500_earnings_growth", "jpm_ai_related"),
             ("share_of_sp500_capex_growth", "jpm_ai_related"),
             ("share_of_sp500_earnings_profits_capex_low", "cembalest_ai_42"),
             ("share_of_sp500_earnings_profits_capex_high", "cembalest_ai_42"),
             ("share_of_sp500_market_cap", "jpm_ai_30")]
    rows = [attribution_row(attr, m, b) for m, b in picks]
    mag7 = attr[(attr["measure"] == "share_of_sp500_returns") & (attr["basket"] == "mag7") & (attr["headline"] == "yes")]
    mag7 = mag7[mag7["period"].str.fullmatch(r"\d{4}")].sort_values("period")
    return pd.concat([pd.DataFrame(rows), mag7])


def _draw_attribution(attr: pd.DataFrame, source: str):
    ret = attribution_row(attr, "share_of_sp500_returns", "jpm_ai_related")
    earn = attribution_row(attr, "share_of_sp500_earnings_growth", "jpm_ai_related")
    capx = attribution_row(attr, "share_of_sp500_capex_growth", "jpm_ai_related")
    low = attribution_row(attr, "share_of_sp500_earnings_profits_capex_low", "cembalest_ai_42")
    high = attribution_row(attr, "share_of_sp500_earnings_profits_capex_high", "cembalest_ai_42")
    weight = attribution_row(attr, "share_of_sp500_market_cap", "jpm_ai_30")
    mag7 = attr[(attr["measure"] == "share_of_sp500_returns") & (attr["basket"] == "mag7") & (attr["headline"] == "yes")]
    mag7 = mag7[mag7["period"].str.fullmatch(r"\d{4}")].sort_values("period")
    fig, ax = chart(f"AI stocks drove {ret['value']:g}% of S&P 500 returns, {capx['value']:g}% of capex growth "
                    f"since ChatGPT", source, size=(10, 5.8))
    bars = [("JPMorgan: AI-related stocks' share of\nS&P 500 returns", ret["value"], PALETTE["cost"]),
            ("... of S&P 500 earnings growth", earn["value"], PALETTE["cost"]),
            ("... of S&P 500 capex growth", capx["value"], PALETTE["cost"])]
    bars += [(f"The seven's share of S&P 500\nreturns in {r.period}", r.value, PALETTE["accent"]) for r in mag7.itertuples()]
    y = np.arange(len(bars) + 1)
    for yi, (label, value, color) in enumerate(bars):
        ax.barh(yi, value, color=color, height=0.62)
        ax.annotate(f"{value:g}%", (value, yi), va="center", xytext=(4, 0), textcoords="offset points", fontsize=12)
    yc = len(bars)
    ax.barh(yc, high["value"] - low["value"], left=low["value"], color="white", edgecolor=PALETTE["revenue"],
            hatch="///", height=0.62)
    ax.annotate(f"{low['value']:g}–{high['value']:g}%", (high["value"], yc), va="center", xytext=(4, 0),
                textcoords="offset points", fontsize=12)
    labels = [b[0] for b in bars] + ["Cembalest (JPM): 42 AI companies' share\nof earnings, profits and capex"]
    ax.axvline(weight["value"], color=INK, linestyle="--", linewidth=1.3)
    ax.annotate(f"JPM's 30 AI stocks' weight\nin the index: {weight['value']:g}%", (weight["value"], -0.45),
                ha="left", va="bottom", fontsize=LABEL_SIZE, color=INK, xytext=(4, 0), textcoords="offset points")
    ax.set_yticks(y, labels, fontsize=11)
    ax.invert_yaxis()
    ax.set_xlim(0, 110)
    ax.xaxis.set_major_formatter(PercentFormatter(decimals=0))
    ax.set_xlabel("Share of the S&P 500 total since Nov 2022 (the seven: in the year shown)")
    ax.grid(axis="y", visible=False)
    return fig


def fall_text(fall: float, digits: int = 1) -> str:
    """A fall as a signed percentage: 0.226 -> '−22.6%'; a gain -0.05 -> '+5.0%'; 0 -> '0%'."""
    if abs(fall) < 0.5 * 10 ** -(digits + 2):
        return "0%"
    return f"{'−' if fall > 0 else '+'}{abs(fall):.{digits}%}"


def loss_text(amount: float) -> str:
    """A dollar loss as a signed amount: 7335 -> '−$7,335'; a gain -50 -> '+$50'; 0 -> '$0'."""
    if round(amount) == 0:
        return "$0"
    return f"{'−' if amount > 0 else '+'}${abs(amount):,.0f}"


def loss_label(fall: float, digits: int = 1) -> str:
    """A fall as a loss on an axis of losses: 0.226 -> '22.6%'; a gain -0.05 -> 'gain 5.0%'; 0 -> '0%'."""
    if abs(fall) < 0.5 * 10 ** -(digits + 2):
        return "0%"
    return f"{fall:.{digits}%}" if fall > 0 else f"gain {-fall:.{digits}%}"


def loss_usd_label(amount: float) -> str:
    """A dollar loss on an axis of losses: 7335 -> '$7,335'; a gain -50 -> 'gain $50'; 0 -> '$0'."""
    if round(amount) == 0:
        return "$0"
    return f"${amount:,.0f}" if amount > 0 else f"gain ${-amount:,.0f}"


def _pct(share: float) -> str:
    """A share for a title, as the bars' labels show it ('under 0.1%' rather than '0.0%' for a small non-zero one)."""
    shown = f"{share:.1%}"
    return "under 0.1%" if shown == "0.0%" and share > 0 else shown


def about_usd(amount: float) -> str:
    """Dollars rounded for a title: to the hundred from $1,000, to ten from $100 ('about $7,300'); 'about' only
    when the whole dollars were rounded."""
    amount = round(abs(amount))
    rounded = round(amount, -2) if amount >= 1000 else round(amount, -1) if amount >= 100 else round(amount)
    return f"{'about ' if rounded != amount else ''}${rounded:,.0f}"


def drawdown_title(result: dict) -> str:
    """The scenario's finding as a conditional: if the seven fell so much, what an index fund and the
    balance in a target-date 401(k) would lose (or gain)."""
    seven, fund, saver = result["seven_fall"], result["index_fall"], result["mix_loss_usd"]
    moved = f"fell {_pct(seven)}" if seven >= 0 else f"rose {_pct(-seven)}"
    fund_verb = "lose" if fund >= 0 else "gain"
    saver_verb = "lose" if saver >= 0 else "gain"
    saver_words = about_usd(saver) if saver_verb == fund_verb else f"would {saver_verb} {about_usd(saver)}"
    return (f"If the seven {moved}, an S&P 500 fund would {fund_verb} {_pct(abs(fund))} and a "
            f"${result['balance']:,.0f} target-date 401(k) {saver_words}")


def _draw_drawdown(result: dict, stock_share: float, bond_fall: float, source: str):
    """Losses drawn as bars growing up from zero on axes of losses (a gain is a bar of zero, labelled 'gain')."""
    d, r = result["seven_fall"], result["rest_fall"]
    f, m = result["index_fall"], result["mix_fall"]
    balance = result["balance"]
    fig, (left, right) = chart(drawdown_title(result), source, ncols=2, size=(11, 5.8),
                               gridspec_kw={"width_ratios": [1.5, 1]})
    labels = ["The seven", "The other 493", "S&P 500\nindex fund", f"Target-date mix\n({stock_share:.0%} stocks)"]
    left.bar(0, max(d, 0) * 100, color=PALETTE["cost"], width=0.62)
    left.bar(1, max(r, 0) * 100, color=PALETTE["neutral"], width=0.62)
    left.bar(2, max(result["seven_contribution"], 0) * 100, color=PALETTE["cost"], width=0.62,
             label="from the seven")
    left.bar(2, max(result["rest_contribution"], 0) * 100, bottom=max(result["seven_contribution"], 0) * 100,
             color=PALETTE["neutral"], width=0.62, label="from the other 493")
    left.bar(3, max(m, 0) * 100, color=PALETTE["revenue"], width=0.62)
    for xi, value in enumerate((d, r, f, m)):
        left.annotate(loss_label(value), (xi, max(value, 0) * 100), ha="center",
                      va="bottom", fontsize=12, fontweight="bold", xytext=(0, 3), textcoords="offset points")
    left.set_xticks(range(4), labels, fontsize=LABEL_SIZE)
    left.set_ylim(0, max(d, r, f, m, 0.05) * 100 * (1.25 if max(f, m) < 0.6 * max(d, r, 0.05) else 1.5))
    _pct_axis(left)
    left.set_ylabel("Loss, % of value")
    left.grid(axis="x", visible=False)
    left.legend(loc="upper right", fontsize=LABEL_SIZE, title="Index fund's loss", title_fontsize=LABEL_SIZE)
    left.set_title(f"Losses (the other 493 lose {result['beta']:g} × the seven's)", fontsize=12, loc="left")

    losses = [result["fund_loss_usd"], result["mix_loss_usd"]]
    right.bar([0, 1], [max(v, 0) for v in losses], color=[PALETTE["loss"], PALETTE["revenue"]], width=0.6)
    for xi, value in enumerate(losses):
        right.annotate(loss_usd_label(value), (xi, max(value, 0)), ha="center",
                       va="bottom", fontsize=12, fontweight="bold", xytext=(0, 3), textcoords="offset points")
    right.set_xticks([0, 1], ["All in an\nS&P 500 fund", "In the\ntarget-date mix"], fontsize=LABEL_SIZE)
    right.set_ylim(0, max(max(losses), 0.1 * balance, 10) * 1.2)
    right.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"${v:,.0f}"))
    right.set_ylabel("Loss, US dollars")
    right.grid(axis="x", visible=False)
    bonds = f"; bonds {'lose' if bond_fall > 0 else 'gain'} {abs(bond_fall):.0%}" if bond_fall else ""
    right.set_title(f"On a ${balance:,.0f} balance{bonds}", fontsize=12, loc="left")
    return fig


def _draw_sensitivity(seven_weight: float, beta: float, seven_fall: float, falls: pd.DataFrame, source: str):
    crash = falls[falls["label"].str.startswith("2000")]
    ref = crash.iloc[0] if not crash.empty else falls.sort_values("fall").iloc[-1]
    needed = drawdown.fall_needed(seven_weight, beta, ref["fall"])
    what = ref["label"].replace(" crash", "")
    title = (f"At beta {beta:g}, only a {needed:.0%} fall of the seven repeats the {what} loss ({ref['fall']:.0%})"
             if needed is not None else
             f"At beta {beta:g}, not even a 100% fall of the seven repeats the {what} loss ({ref['fall']:.0%})")
    fig, ax = chart(title, source, size=(10, 6))
    grid = np.linspace(0, 1, 201)
    label_at = 0.62
    others = [b for b in (0.0, 0.5, 1.0, 2.0) if abs(b - beta) > 1e-9]
    shades = {0.0: "#b4bcc5", 0.5: "#97a2ae", 1.0: "#7d8895", 2.0: "#59636e"}
    for b in others:
        ax.plot(grid * 100, [drawdown.index_fall(seven_weight, x, b) * 100 for x in grid], color=shades[b],
                linewidth=1.5)
        ax.annotate(f"beta {b:g}", (label_at * 100, drawdown.index_fall(seven_weight, label_at, b) * 100),
                    ha="center", va="center", fontsize=LABEL_SIZE, color=MUTED,
                    bbox=dict(boxstyle="round,pad=0.15", facecolor="white", edgecolor="none"))
    ax.plot(grid * 100, [drawdown.index_fall(seven_weight, x, beta) * 100 for x in grid], color=PALETTE["cost"],
            linewidth=3, label=f"This build: beta {beta:g}")
    point = drawdown.index_fall(seven_weight, seven_fall, beta)
    ax.scatter([seven_fall * 100], [point * 100], s=110, color=PALETTE["cost"], zorder=4)
    late = seven_fall > 0.75
    ax.annotate(f"the seven lose {seven_fall:.0%}:\nthe index loses {point:.1%}", (seven_fall * 100, point * 100),
                ha="right" if late else "left", va="top", fontsize=11.5, fontweight="bold", color=PALETTE["cost"],
                xytext=(-8 if late else 8, -6), textcoords="offset points")
    for row in falls.itertuples():
        ax.axhline(row.fall * 100, color=PALETTE["accent"], linestyle="--", linewidth=1.1)
        ax.annotate(f"S&P 500 lost {row.fall:.0%} in the {row.label}", (1, row.fall * 100), ha="left", va="bottom",
                    fontsize=LABEL_SIZE, color="#9a6a10", xytext=(0, 3), textcoords="offset points",
                    bbox=dict(boxstyle="round,pad=0.1", facecolor="white", edgecolor="none", alpha=0.85))
    if needed is not None:
        ax.scatter([needed * 100], [ref["fall"] * 100], s=80, marker="o", facecolors="white",
                   edgecolors=PALETTE["cost"], linewidths=2, zorder=4)
    ax.set_xlim(0, 102)
    ax.set_ylim(0, 100)
    ax.set_xticks(range(0, 101, 20))
    _pct_axis(ax, "x")
    _pct_axis(ax)
    ax.set_xlabel(f"Loss of the seven, % (their weight: {seven_weight:.1%} of the index)")
    ax.set_ylabel("Loss of an S&P 500 index fund, %")
    ax.legend(loc="upper left", fontsize=11)
    return fig


# ==========================================================================================
# What the notebook shows: charts (present.Chart), findings (present.Finding), tables (the
# arguments of present.table) and paragraphs (a template and its values for present.prose).


# ------------------------------------------------------------------------------------------ history
def history_prose(d: Frames) -> dict:
    """The paragraphs on the top-10 and the seven's weight against the 2000 peak, for `prose(**...)`."""
    h = d.history
    top_now, peak, seven_now = latest(h, "top10_weight"), peak_2000(h), d.seven_now
    seven_first = readings(h, "mag7_weight", headline_only=True).iloc[0]
    earn, avg, top_max = latest(h, "mag7_earnings_share"), long_run_average(h), highest(h, "top10_weight")
    earn_weight = seven_weight_on(h, earn["as_of"])
    return dict(
        boxed=True, template="The ten largest stocks held {top_now} of the S&P 500 in {top_now_date}, "
                 "against {peak} at the dot-com peak ({peak_date}) and a 40-year average of {avg} (S&P Dow Jones "
                 "Indices). The highest headline reading is {top_max} ({top_max_date}). The seven alone held "
                 "{seven_now} on {seven_now_date}, up from {seven_first} in {seven_first_date}: they now weigh "
                 "{vs_peak} than the whole top ten did in 2000.\n\n"
                 "Their share of the index's profits is smaller than their share of its value: {earn} of S&P 500 "
                 "profits against {earn_weight} of its market value ({earn_date}, Creative Planning).",
        top_now=fmt_value(top_now["value"], "pct"), top_now_date=reading_date_words(top_now),
        peak=fmt_value(peak["value"], "pct"), peak_date=reading_date_words(peak), avg=fmt_value(avg["value"], "pct"),
        top_max=fmt_value(top_max["value"], "pct"), top_max_date=reading_date_words(top_max),
        seven_now=fmt_value(seven_now["value"], "pct"), seven_now_date=reading_date_words(seven_now),
        seven_first=fmt_value(seven_first["value"], "pct"), seven_first_date=reading_date_words(seven_first),
        vs_peak="more" if seven_now["value"] > peak["value"] else "less",
        earn=fmt_value(earn["value"], "pct"),
        earn_weight=fmt_value(earn_weight, "pct") if earn_weight is not None else "n/a",
        earn_date=reading_date_words(earn),
    )


def history_chart(d: Frames) -> Chart:
    """Every top-10 and seven's-weight reading at its own date, against the 2000 peak and the long-run average."""
    h = d.history
    top_now, peak, seven_now, avg = latest(h, "top10_weight"), peak_2000(h), d.seven_now, long_run_average(h)
    ids = _ids([peak["source_id"], top_now["source_id"], seven_now["source_id"], avg["source_id"],
                *history_plotted(h)["source_id"]])
    top_years, seven_years = readings(h, "top10_weight")["calendar_year"], readings(h, "mag7_weight")["calendar_year"]
    alt = (f"Dot chart of the S&P 500's top-10 weight ({top_years.min()} to {top_years.max()}) and of the seven's "
           f"weight ({seven_years.min()} to {seven_years.max()}), each reading at its own date; the top ten reached "
           f"{top_now['value']:g}% against {peak['value']:g}% at the 2000 peak, and the seven {seven_now['value']:g}%.")
    return Chart(_draw_history(h, source_line(d.sources, ids)), "concentration-risk-history", alt, sources=ids,
                 deck=True)


def top10_finding(d: Frames) -> Finding:
    """The top ten's weight now against the 2000 peak, and the seven's."""
    top_now, peak, seven_now = latest(d.history, "top10_weight"), peak_2000(d.history), d.seven_now
    return Finding("concentration-risk-top10",
                   f"The ten largest stocks hold {fmt_value(top_now['value'], 'pct')} of the S&P 500, against "
                   f"{fmt_value(peak['value'], 'pct')} at the 2000 peak; the seven alone hold "
                   f"{fmt_value(seven_now['value'], 'pct')}.",
                   label="Top-10 weight in the S&P 500, now (2000 peak)", value=float(top_now["value"]),
                   shown=f"{fmt_value(top_now['value'], 'pct')} ({fmt_value(peak['value'], 'pct')})",
                   how=f"the latest reading ({reading_date_words(top_now)}) against the 2000 peak's",
                   sources=_ids([top_now["source_id"], peak["source_id"], seven_now["source_id"]]))


def yearly_readings_table(d: Frames) -> dict:
    """One headline reading per year and measure, for `table(**...)`."""
    h = d.history
    used = h[(h["headline"] == "yes") & h["measure"].isin(["mag7_weight", "top10_weight", "hhi", "effective_n"])]
    return dict(
        frame=yearly_table(h),
        caption="One reading per year and measure (blank: no source found for that year; every reading is in "
                "the data appendix)",
        source=cite(d.sources, used["source_id"], limit=6),
        formats={"Seven's weight (%)": "{:g}".format, "Top-10 weight (%)": "{:g}".format,
                 "Effective number of stocks": "{:.0f}".format},
    )


MISSING_FROM = {"mag7_weight": 2015, "top10_weight": 1999}  # first year each series is looked for


def missing_years_prose(d: Frames) -> dict:
    """The years with no headline reading of either weight, for `prose(**...)`."""
    h = d.history
    last_year = int(with_dates(h)["calendar_year"].max())
    start7, start10 = MISSING_FROM["mag7_weight"], MISSING_FROM["top10_weight"]
    return dict(
        template="Years with no reading found: the seven's weight, {gap7} (of {start7}–{end}); the top-10 "
                 "weight, {gap10} (of {start10}–{end}). The chart and table leave them empty rather than filling "
                 "them in.",
        gap7=missing_years(readings(h, "mag7_weight", True)["calendar_year"], start7, last_year),
        gap10=missing_years(readings(h, "top10_weight", True)["calendar_year"], start10, last_year),
        start7=start7, start10=start10, end=last_year,
    )


def other_readings_table(d: Frames) -> dict:
    """The readings that are not the year's headline (other sources), for `table(**...)`."""
    others = with_dates(d.history[d.history["headline"] == "no"])
    what = {"mag7_weight": "Seven's weight", "top10_weight": "Top-10 weight"}
    others = others.assign(what=others["measure"].map(what))
    return dict(
        frame=others[["as_of", "what", "value", "source_id", "note"]].rename(columns={
            "as_of": "As of", "what": "Measure", "value": "Value (%)", "source_id": "Source id",
            "note": "Why it is not the headline"}),
        caption="Readings from other sources, shown hollow in the chart (some disagree with the headline for the "
                "same date)",
        source=cite(d.sources, others["source_id"], limit=6),
        formats={"Value (%)": "{:g}".format},
    )


# ------------------------------------------------------------------------------------------ effective number
def effective_n_prose(d: Frames) -> dict:
    """The effective number of stocks, first and latest, for `prose(**...)`."""
    points = effective_n_points(d.history, d.weights)
    hhi_rows = points[points["kind"] == "from HHI"]
    stated = points[points["kind"] == "stated"]
    bound = points[points["kind"].str.startswith("at most")].iloc[-1]
    return dict(
        boxed=True, template="In {first_date} the S&P 500's HHI was {first_hhi}: as concentrated as "
                 "{first_n} equal-weighted stocks. By {last_hhi_date} it was {last_hhi} ({last_n} stocks), and "
                 "Bridgeway puts the effective number at {stated_n} at {stated_date}. The seven's own weights alone "
                 "cap it at {bound} ({bound_date}).",
        first_date=date_words(hhi_rows.iloc[0]["as_of"]), first_hhi=f"{hhi_rows.iloc[0]['hhi']:g}",
        first_n=f"{hhi_rows.iloc[0]['effective_n']:.0f}", last_hhi_date=date_words(hhi_rows.iloc[-1]["as_of"]),
        last_hhi=f"{hhi_rows.iloc[-1]['hhi']:g}", last_n=f"{hhi_rows.iloc[-1]['effective_n']:.0f}",
        stated_n=f"{stated.iloc[-1]['effective_n']:.0f}", stated_date=date_words(stated.iloc[-1]["as_of"]),
        bound=f"{bound['effective_n']:.0f}", bound_date=date_words(bound["as_of"]),
    )


def effective_n_chart(d: Frames) -> Chart:
    """Every effective-number figure: from HHI readings, as stated, and the ceiling from the seven's weights."""
    points = effective_n_points(d.history, d.weights)
    ids = _ids(points["source_id"])
    alt = ("Dot chart of the S&P 500's effective number of stocks: "
           + "; ".join(f"{date_words(r.as_of)}: {r.effective_n:.0f} ({r.kind})" for r in points.itertuples()) + ".")
    return Chart(_draw_effective_n(points, source_line(d.sources, ids)), "concentration-risk-effective-number", alt,
                 sources=ids)


def _compared(value: float, reference: float) -> str:
    return "below" if value < reference else "above" if value > reference else "equal to"


def seven_weights_table(d: Frames) -> dict:
    """The seven's own weights on the latest date that lists all seven, for `table(**...)`."""
    latest_set, seven_now = weight_sets(d.weights).iloc[-1], d.seven_now
    order = sorted(SEVEN, key=lambda c: -latest_set[c])
    total = latest_set["seven_total"]
    frame = pd.DataFrame({"Company": order + ["The seven together", "The other 493"],
                          "Weight (%)": [latest_set[c] for c in order] + [total, 100 - total]})
    return dict(
        frame=frame,
        caption=f"The seven's weights on {date_words(latest_set['as_of'])}, the latest date with all seven listed "
                f"(Alphabet's two share classes added together). This blog table sums to {total:.1f}%, "
                f"{_compared(total, seven_now['value'])} the {seven_now['value']:g}% of "
                f"{date_words(seven_now['as_of'])} that the model below uses",
        source=cite(d.sources, [latest_set["source_id"]]),
        formats={"Weight (%)": "{:.2f}".format},
    )


# ------------------------------------------------------------------------------------------ capex
def _gap_growth(capex: pd.DataFrame) -> tuple[int, float, float]:
    """The gap year and the seven's and the other 493's capex growth in it (%)."""
    year = gap_year(capex)
    growth = capex_growth(capex, year)
    return year, growth["mag7"]["value"], growth["sp500_ex_mag7"]["value"]


def _gap_sources(capex: pd.DataFrame) -> tuple[str, ...]:
    growth = capex_growth(capex, gap_year(capex))
    return _ids([growth[group].get("source_id") for group in ("mag7", "sp500_ex_mag7")])


def capex_prose(d: Frames) -> dict:
    """Capex growth of the seven and of the rest, the hyperscalers' dollars and tech's share, for `prose(**...)`."""
    capex = d.capex
    year, g7, g493 = _gap_growth(capex)
    share = capex[capex["metric"] == "share_of_sp500_capex"].set_index("year")["value"]
    dollars = capex_dollars(capex)
    h5 = dollars[dollars["companies"] == "hyperscalers5"].set_index("year")
    h5_actual = h5[h5["status"] == "actual"]
    plan = dollars[dollars["companies"] == "mag7"].iloc[-1]
    return dict(
        boxed=True, template="In {year} the seven raised capital spending by {g7} and the other 493 by "
                 "{g493}. At those rates the seven's spending doubles every {d7} years and the rest's every {d493}. "
                 "Goldman counts five hyperscalers' capex rising from {h5a} in {h5a_year} to {h5b} in {h5b_year}; the "
                 "seven plan {plan} for {plan_year}. Technology and related companies made {share_now} of all "
                 "S&P 500 capex in {share_now_year}, above the {share_2000} peak of {share_2000_year} (Topdown "
                 "Charts).",
        year=year, g7=fmt_value(g7, "pct"), g493=fmt_value(g493, "pct"),
        d7=f"{doubling_years(g7):.1f}", d493=f"{doubling_years(g493):.0f}",
        h5a=fmt_usd_bn(h5["value"].iloc[0], 0), h5a_year=h5.index[0],
        h5b=fmt_usd_bn(h5_actual["value"].iloc[-1], 0), h5b_year=h5_actual.index[-1],
        plan=fmt_usd_bn(plan["value"], 0), plan_year=plan["year"],
        share_now=fmt_value(share.loc[share.index.max()], "pct"), share_now_year=share.index.max(),
        share_2000=fmt_value(share.loc[share.index.min()], "pct"), share_2000_year=share.index.min(),
    )


def capex_gap_chart(d: Frames) -> Chart:
    """The seven's capex growth against the other 493's, and the hyperscalers' capex in dollars."""
    year, g7, g493 = _gap_growth(d.capex)
    plotted = capex_plotted(d.capex)
    ids = _ids(plotted["source_id"])
    made = {i: made_when(d.sources, i) for i in ids}
    alt = (f"Bar chart: capex growth in {year} of {g7:g}% for the seven against {g493:g}% for the other 493; and a dot "
           "chart of capex in US$ billions by year: " + "; ".join(
               f"{GROUP_LABELS[r.companies]} {r.year}: {r.value:,.0f} ({r.status}"
               + (f" made {made[r.source_id]}" if r.status == "forecast" and made.get(r.source_id) else "") + ")"
               for r in plotted[plotted["metric"] == "capex"].itertuples())
           + ". Forecasts of different dates are different vintages: a later tally of a smaller set can exceed an "
             "earlier tally of a larger one.")
    fig = _draw_capex_gap(d.capex, source_line(d.sources, ids, max_chars=SOURCE_CHARS_WIDE), made)
    return Chart(fig, "concentration-risk-capex-gap", alt, sources=ids, deck=True)


def capex_gap_finding(d: Frames) -> Finding:
    """The seven's capex growth against the other 493's (value: how many times as fast)."""
    year, g7, g493 = _gap_growth(d.capex)
    return Finding("concentration-risk-capex-gap",
                   f"In {year} the seven raised capital spending by {fmt_value(g7, 'pct')}; the other 493 by "
                   f"{fmt_value(g493, 'pct')}.",
                   label=f"Capex growth in {year}: the seven / the other 493",
                   value=round(float(g7 / g493), 2) if g493 else None,
                   shown=f"{fmt_value(g7, 'pct')} / {fmt_value(g493, 'pct')}",
                   how=f"each group's capital spending growth in {year} over {year - 1}, as reported",
                   sources=_gap_sources(d.capex))


def capex_table(d: Frames) -> dict:
    """Every capex figure in the data, for `table(**...)`."""
    shown = d.capex.sort_values(["metric", "year", "companies"])
    shown = shown.assign(shown=[fmt_value(v, u) for v, u in zip(shown["value"], shown["unit"])],
                         who=shown["companies"].map(GROUP_LABELS), metric=shown["metric"].map(METRIC_WORDS))
    return dict(
        frame=shown[["year", "who", "members", "metric", "period", "shown", "status"]].rename(columns={
            "year": "Year", "who": "Companies", "members": "Who is in the set", "metric": "Measure",
            "period": "Period", "shown": "Value", "status": "Status"}),
        caption="Every capex figure in the data (company sets differ between sources)",
        source=cite(d.sources, shown["source_id"], limit=8),
    )


# ------------------------------------------------------------------------------------------ attribution
def _jpmorgan(attr: pd.DataFrame) -> tuple[pd.Series, pd.Series, pd.Series, pd.Series]:
    """JPMorgan's rows: AI stocks' shares of S&P 500 returns, earnings growth and capex growth since
    ChatGPT, and its 30 AI stocks' weight in the index."""
    return (attribution_row(attr, "share_of_sp500_returns", "jpm_ai_related"),
            attribution_row(attr, "share_of_sp500_earnings_growth", "jpm_ai_related"),
            attribution_row(attr, "share_of_sp500_capex_growth", "jpm_ai_related"),
            attribution_row(attr, "share_of_sp500_market_cap", "jpm_ai_30"))


def attribution_prose(d: Frames) -> dict:
    """JPMorgan's shares of S&P 500 returns, earnings and capex growth since ChatGPT, for `prose(**...)`."""
    attr = d.attr
    r75, r80, r90, w = _jpmorgan(attr)
    loss = attribution_row(attr, "household_wealth_loss_if_10pct_fall", "jpm_ai_30")
    spend = attribution_row(attr, "consumption_loss_if_10pct_fall", "jpm_ai_30")
    return dict(
        boxed=True, template="JPMorgan: AI-related stocks delivered {r75} of S&P 500 returns, {r80} of "
                 "its earnings growth and {r90} of its capex growth since ChatGPT's launch. Its 30 AI stocks make up "
                 "{w} of the index's value. JPMorgan's economists estimate that a 10% fall in those stocks would cut "
                 "US household wealth by {loss} and consumption by about {spend} a year.",
        r75=fmt_value(r75["value"], "pct"), r80=fmt_value(r80["value"], "pct"), r90=fmt_value(r90["value"], "pct"),
        w=fmt_value(w["value"], "pct"), loss=fmt_value(loss["value"], loss["unit"]),
        spend=fmt_usd_bn(spend["value"], 0) if spend["unit"] == "usd_bn" else fmt_value(spend["value"], spend["unit"]),
    )


def attribution_chart(d: Frames) -> Chart:
    """AI stocks' shares of S&P 500 returns, earnings and capex growth, against their weight in the index."""
    attr = d.attr
    r75, r80, r90, w = _jpmorgan(attr)
    low = attribution_row(attr, "share_of_sp500_earnings_profits_capex_low", "cembalest_ai_42")
    high = attribution_row(attr, "share_of_sp500_earnings_profits_capex_high", "cembalest_ai_42")
    ids = _ids(attribution_plotted(attr)["source_id"])
    alt = (f"Horizontal bar chart: AI-related stocks' share of S&P 500 returns {r75['value']:g}%, earnings growth "
           f"{r80['value']:g}% and capex growth {r90['value']:g}% since November 2022 (JPMorgan); the seven's share of "
           f"returns by year; Cembalest's {low['value']:g}-{high['value']:g}% range; a line at the AI stocks' "
           f"{w['value']:g}% weight in the index.")
    return Chart(_draw_attribution(attr, source_line(d.sources, ids)), "concentration-risk-ai-attribution", alt,
                 sources=ids, deck=True)


def attribution_table(d: Frames) -> dict:
    """Every attribution figure in the data, for `table(**...)`."""
    shown = d.attr.sort_values(["basket", "measure"])
    shown = shown.assign(shown=[fmt_value(v, u) for v, u in zip(shown["value"], shown["unit"])],
                         who=shown["basket"].map(BASKET_WORDS), what=shown["measure"].map(MEASURE_WORDS))
    return dict(
        frame=shown[["who", "what", "shown", "period", "headline"]].rename(columns={
            "who": "Whose stocks", "what": "Figure", "shown": "Value", "period": "Period", "headline": "Used"}),
        caption="Every attribution figure in the data (its notes say what each covers; 'no' marks a "
                "disagreeing figure for the same basket)",
        source=cite(d.sources, shown["source_id"], limit=8),
    )


# ------------------------------------------------------------------------------------------ the drawdown model
def inputs_table(d: Frames, s: Scenario) -> dict:
    """The model's inputs: the values this build uses and the data the defaults come from, for `table(**...)`."""
    seven_now, calib, median = d.seven_now, beta_calibration(d.history, d.ret), default_balance(d.ret)
    tdf_share, tdf_ids, tdf_name = tdf_equity_share(d.ret)
    cited = lambda ids: cite(d.sources, ids)  # noqa: E731
    frame = pd.DataFrame([
        {"Input": "The seven's weight in the index (from the data, not an assumption)", "Used": fmt_pct(s.seven_weight, 1),
         "From data": f"{seven_now['value']:g}% on {date_words(seven_now['as_of'])}",
         "Source": cited([seven_now["source_id"]])},
        {"Input": "The seven's fall", "Used": fmt_pct(s.seven_fall, 1),
         "From data": f"their 2022 fall: {-calib.seven_return['value']:g}%",
         "Source": cited([calib.seven_return["source_id"]])},
        {"Input": "The other 493's fall per unit of the seven's", "Used": f"{s.rest_beta:g}",
         "From data": f"{calib.beta:.2f}, implied by 2022 (see below)",
         "Source": cited([calib.seven_return["source_id"], calib.weight_end["source_id"]])},
        {"Input": "A 401(k) balance", "Used": f"${s.balance_usd:,.0f}",
         "From data": f"Vanguard median, {median['period']}: ${median['value']:,.0f}",
         "Source": cited([median["source_id"]])},
        {"Input": "Stocks in the target-date mix", "Used": fmt_pct(s.stock_share, 1),
         "From data": f"{tdf_name}: {tdf_share:.1%} (US and foreign equities)", "Source": cited(tdf_ids)},
        {"Input": "Fall of bonds and cash", "Used": fmt_pct(s.bond_fall, 1),
         "From data": "none (an assumption)", "Source": ASSUMPTION},
    ])
    return dict(frame=frame,
                caption="The model's inputs: the values used in this report and the figures the defaults come from",
                source=cited([seven_now["source_id"], calib.seven_return["source_id"], median["source_id"], *tdf_ids]))


def calibration_prose(d: Frames) -> dict:
    """How the default beta is backed out of 2022, for `prose(**...)`."""
    calib = beta_calibration(d.history, d.ret)
    return dict(
        template="How the default beta is found: in 2022 the seven fell {m7} and the S&P 500 {spx}, and the seven "
                 "ended the year at {w_end} of the index. Working back, they started it at about {w0}, so the other "
                 "493 fell about {rest}: {beta} times the seven's fall. The Motley Fool does not say how it combines "
                 "the seven's returns, so this is a rough calibration.",
        m7=fmt_value(-calib.seven_return["value"], "pct"), spx=fmt_value(-calib.index_return["value"], "pct"),
        w_end=fmt_value(calib.weight_end["value"], "pct"), w0=fmt_pct(calib.seven_weight_start, 1),
        rest=fmt_pct(-calib.rest_return, 1), beta=f"{calib.beta:.2f}",
    )


def drawdown_prose(d: Frames, s: Scenario) -> dict:
    """What the scenario costs an index fund and a target-date balance, against past falls, for `prose(**...)`."""
    result, falls = s.result, past_falls(d.ret)
    mix, mix_usd = result["mix_fall"], result["mix_loss_usd"]
    return dict(
        boxed=True, template="If the seven fell {d} and the other 493 {r}, an S&P 500 index fund would "
                 "lose {f}: {c7} from the seven and {c493} from the rest. A target-date mix with {s} in stocks would "
                 "{m}. On a balance of {bal}, that is {fund_usd} all in an index fund, or {mix_usd} in the "
                 "target-date mix. For comparison, the S&P 500 lost {refs}.",
        d=fmt_pct(s.seven_fall, 1), r=fmt_pct(result["rest_fall"], 1), f=fmt_pct(result["index_fall"], 1),
        c7=fmt_pct(result["seven_contribution"], 1), c493=fmt_pct(result["rest_contribution"], 1),
        s=fmt_pct(s.stock_share, 1),
        m=f"lose {fmt_pct(mix, 1)}" if mix >= 0 else f"gain {fmt_pct(-mix, 1)}",
        bal=f"${s.balance_usd:,.0f}",
        fund_usd=f"a loss of ${result['fund_loss_usd']:,.0f}",
        mix_usd=f"a loss of ${mix_usd:,.0f}" if mix_usd >= 0 else f"a gain of ${-mix_usd:,.0f}",
        refs=", ".join(f"{fmt_pct(r.fall, 1)} in the {r.label}" for r in falls.itertuples()),
    )


def drawdown_chart(d: Frames, s: Scenario) -> Chart:
    """The falls of the seven, the rest, an index fund and a target-date mix, and the dollars lost."""
    result = s.result
    ids = _ids([d.seven_now["source_id"], ASSUMPTION])
    # an 11-inch chart: its source line has room to name both (the model's path follows them)
    source = source_line(d.sources, ids, max_chars=SOURCE_CHARS_WIDE, extra="; " + MODEL_SOURCE)
    alt = (f"Bar chart of losses: the seven {s.seven_fall:.1%}, the other 493 {result['rest_fall']:.1%}, an S&P 500 "
           f"fund {result['index_fall']:.1%}, a target-date mix {result['mix_fall']:.1%}; and the dollar loss on a "
           f"${s.balance_usd:,.0f} balance: ${result['fund_loss_usd']:,.0f} in an index fund, "
           f"${result['mix_loss_usd']:,.0f} in the mix.")
    return Chart(_draw_drawdown(result, s.stock_share, s.bond_fall, source), "concentration-risk-drawdown", alt,
                 sources=ids, deck=True)


def index_fund_finding(s: Scenario) -> Finding:
    """What an S&P 500 index fund loses in the scenario."""
    fall = s.result["index_fall"]
    return Finding("concentration-risk-index-fund-loss",
                   f"If the seven fell {fmt_pct(s.seven_fall, 1)}, an S&P 500 index fund would lose "
                   f"{fmt_pct(fall, 1)}.",
                   label=f"S&P 500 fund loss if the seven fall {fmt_pct(s.seven_fall, 1)}", value=round(float(fall), 4),
                   shown=fmt_pct(fall, 1),
                   how=(f"{fmt_pct(s.seven_weight, 1)} of the index × {fmt_pct(s.seven_fall, 1)} + "
                        f"{fmt_pct(1 - s.seven_weight, 1)} × {fmt_pct(s.result['rest_fall'], 1)} (the other 493)"),
                   sources=s.weight_sources)


def retirement_loss_finding(s: Scenario) -> Finding:
    """What the parameter balance in a target-date 401(k) loses in the scenario."""
    loss = s.result["mix_loss_usd"]
    return Finding("concentration-risk-401k-loss",
                   f"A ${s.balance_usd:,.0f} target-date 401(k) with {fmt_pct(s.stock_share, 1)} in stocks would lose "
                   f"${loss:,.0f}.",
                   label=f"Loss on a ${s.balance_usd:,.0f} target-date 401(k)", value=round(float(loss), 0),
                   shown=f"${loss:,.0f}",
                   how=(f"${s.balance_usd:,.0f} × ({fmt_pct(s.stock_share, 1)} in stocks × {fmt_pct(s.result['index_fall'], 1)} + "
                        f"{fmt_pct(1 - s.stock_share, 1)} in bonds and cash × {fmt_pct(s.bond_fall, 1)})"),
                   sources=s.weight_sources)


def balances_table(d: Frames, s: Scenario) -> dict:
    """What the same falls cost at typical 401(k) balances and at the parameter balance, for `table(**...)`."""
    rows, result = balance_losses(d.ret, s), s.result
    mix_column = f"Loss in the target-date mix ({s.stock_share:.0%} stocks) ($)"
    money = "{:,.0f}".format
    return dict(
        frame=rows[["label", "value", "fund_loss_usd", "mix_loss_usd"]].rename(columns={
            "label": "401(k) balance", "value": "Balance ($)", "fund_loss_usd": "Loss all in an S&P 500 fund ($)",
            "mix_loss_usd": mix_column}),
        caption=f"What the same fall (index fund {fall_text(result['index_fall'])}, mix "
                f"{fall_text(result['mix_fall'])}) costs at typical balances (averages are pulled up by large "
                "accounts; medians are the typical saver)",
        source=cite(d.sources, rows["source_id"]),
        formats={c: money for c in ["Balance ($)", "Loss all in an S&P 500 fund ($)", mix_column]},
    )


def sensitivity_chart(d: Frames, s: Scenario) -> Chart:
    """An index fund's fall against the seven's fall, for this beta and others, against past falls."""
    falls = past_falls(d.ret)
    ids = _ids([d.seven_now["source_id"], *falls["source_id"]])
    source = source_line(d.sources, ids, extra="; " + MODEL_SOURCE)
    alt = (f"Line chart of an S&P 500 fund's fall against the seven's fall from 0% to 100%, for beta {s.rest_beta:g} "
           f"and for betas 0, 0.5, 1 and 2, with the seven at {s.seven_weight:.1%} of the index; dashed lines mark "
           "past S&P 500 falls: " + "; ".join(f"{r.label} {r.fall:.0%}" for r in falls.itertuples()) + ".")
    fig = _draw_sensitivity(s.seven_weight, s.rest_beta, s.seven_fall, falls, source)
    return Chart(fig, "concentration-risk-drawdown-sensitivity", alt, sources=ids)


def _largest_fall(d: Frames, s: Scenario) -> tuple[pd.Series, float | None]:
    """The largest past S&P 500 fall in the data, and the seven's fall that would repeat it (None: none would)."""
    largest = past_falls(d.ret).iloc[-1]
    return largest, drawdown.fall_needed(s.seven_weight, s.rest_beta, largest["fall"])


def fall_needed_prose(d: Frames, s: Scenario) -> dict:
    """The most the seven can take the index down, and what a repeat of the largest past fall needs."""
    largest, needed = _largest_fall(d, s)
    return dict(
        template="With beta {beta}, the seven alone can take the index down by at most {max_fall} (if they lost "
                 "everything and the rest moved with them as assumed). A loss like the {label} ({ref}) needs "
                 "{needed}.",
        beta=f"{s.rest_beta:g}", max_fall=fmt_pct(drawdown.index_fall(s.seven_weight, 1.0, s.rest_beta), 1),
        label=largest["label"], ref=fmt_pct(largest["fall"], 1),
        needed=(f"the seven to fall {needed:.0%}" if needed is not None else
                "more than the seven can lose: the other 493 would have to fall further on their own"),
    )


def fall_needed_findings(d: Frames, s: Scenario) -> tuple[Finding, ...]:
    """The condition that would change the picture: the seven's fall that repeats the largest past fall
    (none when no fall of the seven would)."""
    largest, needed = _largest_fall(d, s)
    if needed is None:
        return ()
    return (Finding("concentration-risk-fall-needed",
                    f"With the other 493 moving {s.rest_beta:g} times as far, a loss like the {largest['label']} "
                    f"({fmt_pct(largest['fall'], 1)}) needs the seven to fall {needed:.0%}.", kind="condition"),)


# ------------------------------------------------------------------------------------------ how sure: a Monte Carlo
NAME = "concentration-risk"
BEAR_MARKET = 0.20  # a loss of 20% or more from a high: the usual definition of a bear market
# The drawdown model's assumptions a range may be given for, in words (every float parameter of the notebook)
RANGED = {"seven_fall": "the seven's fall", "rest_beta": "the other 493's beta",
          "stock_share": "the share in stocks", "bond_fall": "the fall of bonds and cash", "balance_usd": "the balance"}
FUND_INPUTS = ("seven_fall", "rest_beta")  # the assumptions that move an index fund's loss
MIX_INPUTS = ("stock_share", "bond_fall")  # those that move only the target-date mix's


@dataclass(frozen=True)
class Draws:
    """The drawdown model run on `n` draws of the assumptions: the scenario whose values are the central
    ones, the ranges drawn, the draws (every assumption, those without a range held at their value) and
    model.scenario_many's results (arrays of n)."""
    s: Scenario
    n: int
    spreads: dict  # name -> uncertainty.Spread, the ranged assumptions
    inputs: dict  # name -> array of n values
    result: dict  # model.scenario_many of the draws

    @property
    def bear_share(self) -> float:
        """The share of draws in which an S&P 500 index fund loses BEAR_MARKET or more."""
        return uncertainty.share(self.result["index_fall"] >= BEAR_MARKET)


def monte_carlo(s: Scenario, ranges: str, n: int | None = None) -> Draws:
    """Draw the ranged assumptions (seeded by the section, the seven's weight and the parameter values, never
    the clock) and run the drawdown model on every draw at once (model.scenario_many: each draw equals
    model.scenario on its values exactly)."""
    central = {name: getattr(s, name) for name in RANGED}
    spreads = uncertainty.parse_for(ranges, central, "the drawdown model")
    n = uncertainty.DRAWS if n is None else n
    seed = uncertainty.seed_for(NAME, s.seven_weight, central, uncertainty.unparse(spreads), n)
    inputs = uncertainty.with_fixed(uncertainty.draws(spreads, n, seed), central, n)
    result = drawdown.scenario_many(s.seven_weight, inputs["seven_fall"], inputs["rest_beta"], inputs["balance_usd"],
                                    inputs["stock_share"], inputs["bond_fall"])
    return Draws(s, n, spreads, inputs, result)


def _nasdaq_fall(ret: pd.DataFrame) -> pd.Series:
    """The Nasdaq Composite's dot-com fall (a row, in %): the high end of the seven's fall."""
    return retirement_row(ret, "peak_to_trough_loss", "Nasdaq Composite")


def _stock_share_rows(ret: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """The lowest and highest target-date stock shares in the data besides the default fund's (rows, in %):
    Vanguard's 2040 fund and the start of Vanguard's glide path."""
    return retirement_row(ret, "equity_share"), retirement_row(ret, "equity_share_glidepath_start")


def sourced_bounds(d: Frames) -> dict[str, float]:
    """The bounds of the default ranges that follow from the data (fractions): the seven's fall up to the
    Nasdaq Composite's dot-com fall; the share in stocks from Vanguard's 2040 fund to the start of its glide path."""
    low, high = _stock_share_rows(d.ret)
    return {"seven_fall high": float(_nasdaq_fall(d.ret)["value"]) / 100,
            "stock_share low": float(low["value"]) / 100, "stock_share high": float(high["value"]) / 100}


def range_source_ids(d: Frames) -> list[str]:
    """The rows the default ranges come from: the seven's 2022 fall (the centre of theirs, and the year beta
    is backed out of), the Nasdaq's dot-com fall and the two target-date stock shares."""
    calib = beta_calibration(d.history, d.ret)
    low, high = _stock_share_rows(d.ret)
    return list(_ids([calib.seven_return["source_id"], _nasdaq_fall(d.ret)["source_id"], low["source_id"],
                      high["source_id"]]))


def _amount(name: str, value: float) -> str:
    if name == "rest_beta":
        return f"{value:g}"
    if name == "balance_usd":
        return f"${value:,.0f}"
    return ("−" if value < 0 else "") + f"{abs(value) * 100:g}%"


def ranges_words(m: Draws) -> str:
    """The ranges drawn, in words: "the seven's fall 20% to 78%, the other 493's beta 0.153 to 0.612, ..."."""
    return uncertainty.ranges_words(m.spreads, RANGED.get, _amount)


def _seven_words(m: Draws) -> str:
    """How far the seven fall across the draws: "by 20% to 78%", or "41.3%" when their fall has no range."""
    spread = m.spreads.get("seven_fall")
    if spread is None:
        return fmt_pct(m.s.seven_fall, 1)
    if spread.dist == "normal":
        return f"by about {_amount('seven_fall', spread.central)}"
    return f"by {_amount('seven_fall', spread.low)} to {_amount('seven_fall', spread.high)}"


def loss_chance(d: Frames, m: Draws) -> Finding:
    """The share of draws in which an S&P 500 index fund loses BEAR_MARKET or more."""
    share, w = m.bear_share, m.s.seven_weight
    return Finding(
        f"{NAME}-index-fund-loss-chance",
        f"If the seven fall {_seven_words(m)}, an S&P 500 index fund loses {BEAR_MARKET:.0%} or more (a bear "
        f"market) in {uncertainty.share_text(share)} of {m.n:,} draws of the assumptions.",
        label=f"Draws in which an S&P 500 fund loses {BEAR_MARKET:.0%} or more", value=round(share, 3),
        shown=uncertainty.share_text(share),
        how=(f"{m.n:,} draws of {ranges_words(m)} (a range without a word is triangular, peaking at the central "
             f"value); in each draw the fund loses {fmt_pct(w, 1)} (the seven's weight) × the seven's fall + "
             f"{fmt_pct(1 - w, 1)} × beta × the seven's fall (the other 493's fall, at most 100%); the share of "
             f"draws in which that is {BEAR_MARKET:.0%} or more"),
        sources=_ids([*m.s.weight_sources, *range_source_ids(d)]))


def drivers_sentence(m: Draws) -> str:
    """Which assumptions drive the spread, in one sentence: ranked against the index fund's loss, and (for the
    share in stocks and the bonds' fall, which do not move it) against the target-date mix's."""
    fund = uncertainty.drivers({k: m.inputs[k] for k in FUND_INPUTS if k in m.spreads}, m.result["index_fall"])
    mix = uncertainty.drivers({k: m.inputs[k] for k in MIX_INPUTS if k in m.spreads}, m.result["mix_fall"])
    if not fund and not mix:
        return "Every assumption is held at one value here, so all draws give the same losses."
    mix_words = "; ".join(f"{RANGED[k]} {uncertainty.signed(r)}" for k, r in mix)
    if not fund:
        return (f"Only the target-date mix's loss varies here; ranked against it across the draws: {mix_words}.")
    (top, rho), rest = fund[0], fund[1:]
    others = "; ".join(f"{RANGED[k]} {uncertainty.signed(r)}" for k, r in rest)
    top_words = RANGED[top][:1].upper() + RANGED[top][1:]
    return (f"{top_words} drives most of the spread: ranked against the index fund's loss across the draws, it "
            f"correlates {uncertainty.signed(rho)}" + (f" ({others})" if others else "")
            + (f"; against the target-date mix's loss, {mix_words}." if mix else "."))


def loss_chance_prose(m: Draws) -> dict:
    """The paragraph under the chart of the draws: what was drawn, the median draw and what drives the spread,
    for `prose(**...)`."""
    fund, mix = np.percentile(m.result["index_fall"], [25, 50, 75]), np.percentile(m.result["mix_fall"], 50)
    peaked = any(s.dist != "uniform" for s in m.spreads.values())
    return dict(
        template="Each draw takes every assumption from its range{peak}. In the median draw an index fund loses "
                 "{median} (in the middle half of the draws, {low} to {high}) and the target-date mix {mix}. {drivers}",
        peak=", most often near the central value" if peaked and m.spreads else "",
        median=fmt_pct(fund[1], 1), low=fmt_pct(fund[0], 1), high=fmt_pct(fund[2], 1),
        mix=f"loses {fmt_pct(mix, 1)}" if mix >= 0 else f"gains {fmt_pct(-mix, 1)}", drivers=drivers_sentence(m))


def loss_chance_title(m: Draws) -> str:
    return (f"In {uncertainty.share_text(m.bear_share)} of {m.n:,} draws, the seven's fall costs an S&P 500 fund "
            f"{BEAR_MARKET:.0%} or more")


def loss_chance_chart(d: Frames, m: Draws) -> Chart:
    """How the losses of an index fund and of the target-date mix spread across the draws (histograms of 1-point
    bins, as % of draws), with the bear-market line; titled with the share of draws at or past it (the finding
    itself is `loss_chance`, shown in the main text: the chart is set in the data appendix)."""
    fund, mix = m.result["index_fall"] * 100, m.result["mix_fall"] * 100
    ids = _ids([*m.s.weight_sources, *range_source_ids(d)])
    source = cite(d.sources, ids, limit=len(ids)) + "; ranges: see the assumptions; " + MODEL_SOURCE
    fig, ax = chart(loss_chance_title(m), source, size=(10, 3.6))
    low = max(math.floor(min(fund.min(), mix.min(), BEAR_MARKET * 100)) - 1, -100)
    high = math.ceil(max(fund.max(), mix.max(), BEAR_MARKET * 100)) + 1
    bins = np.arange(low, high + 1, 1.0)
    weights = np.full(m.n, 100 / m.n)
    ax.hist(fund, bins=bins, weights=weights, color=PALETTE["loss"], alpha=0.85, label="S&P 500 index fund")
    ax.hist(mix, bins=bins, weights=weights, histtype="step", color=PALETTE["revenue"], linewidth=2,
            label=f"Target-date mix ({m.s.stock_share:.0%} stocks)")
    ax.axvline(BEAR_MARKET * 100, color=PALETTE["accent"], linestyle="--", linewidth=1.5)
    ax.annotate(f"a {BEAR_MARKET:.0%} loss: a bear market", (BEAR_MARKET * 100, 1), xycoords=("data", "axes fraction"),
                ha="left", va="top", xytext=(4, -2), textcoords="offset points", fontsize=LABEL_SIZE, color="#9a6a10")
    central = m.s.result["index_fall"] * 100
    ax.scatter([central], [0], marker="^", s=70, color=INK, zorder=4, clip_on=False,
               label=f"Central assumptions: {central:.1f}%")
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:.0f}%"))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:.0f}%"))
    ax.set_xlim(low, high)
    ax.set_ylim(0, ax.get_ylim()[1] * 1.2)  # room for the line's label above the bars
    ax.set_xlabel("Loss if the seven fall, % of value")
    ax.set_ylabel("Share of draws, %")
    ax.grid(axis="x", visible=False)
    ax.legend(loc="upper right", fontsize=LABEL_SIZE)
    band = np.percentile(fund, [5, 50, 95])
    alt = (f"Histogram of an S&P 500 index fund's loss and a target-date mix's loss across {m.n:,} draws of the "
           f"assumptions ({ranges_words(m)}): the fund's median loss is {band[1]:.1f}% and 90% of draws lie between "
           f"{band[0]:.1f}% and {band[2]:.1f}%; a dashed line marks a {BEAR_MARKET:.0%} loss, reached or passed in "
           f"{uncertainty.share_text(m.bear_share)} of draws; the central assumptions give {central:.1f}%.")
    return Chart(fig, f"{NAME}-loss-draws", alt, sources=ids)
