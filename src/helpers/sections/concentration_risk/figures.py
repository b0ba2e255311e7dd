"""The Concentration risk section: how much of the S&P 500 rides on seven companies, from data/,
and the charts and tables of the notebook.

The drawdown model itself is in helpers.drawdown; this module prepares tables and draws charts so
the notebook reads as a story. Readings are plotted at their own dates, as points: a year with no
reading shows no point, and nothing is drawn between readings.
"""
from __future__ import annotations

import calendar
import math
from datetime import date

import numpy as np
import pandas as pd
from matplotlib.lines import Line2D
from matplotlib.ticker import FuncFormatter, PercentFormatter

from helpers.sections.concentration_risk import model as drawdown
from helpers.core.present import INK, MUTED, PALETTE
from helpers.core.present import chart as _chart
from helpers.core.sources import cite
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
CHARS_PER_INCH = 7.4  # bold 16-point title characters per inch of figure width
SOURCE_CHARS = 135  # the longest source line that fits on one line of a 10-inch chart


def chart(title: str, source: str, *, size=(10, 5.6), **kw):
    """present.chart, with a title that wraps onto a second line rather than running off the figure."""
    import textwrap

    width = int(size[0] * CHARS_PER_INCH)
    return _chart("\n".join(textwrap.wrap(title, width)), source, size=size, **kw)


def source_line(sources: pd.DataFrame, ids, max_chars: int = SOURCE_CHARS, extra: str = "") -> str:
    """cite() naming as many sources as fit on one line of a chart; the rest are counted."""
    ids = [i for i in dict.fromkeys(ids) if isinstance(i, str)]
    for limit in range(len(ids), 0, -1):
        text = cite(sources, ids, limit=limit) + extra
        if len(text) <= max_chars:
            return text
    return cite(sources, ids, limit=1) + extra


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
    loss = ret[(ret["measure"] == "peak_to_trough_loss") & (ret["headline"] == "yes")]
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


def chart_history(history: pd.DataFrame, source: str):
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


def chart_effective_n(points: pd.DataFrame, source: str):
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


def chart_capex_gap(capex: pd.DataFrame, source: str):
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
            right.annotate(f"{row.value:,.0f}" + (" (earlier forecast)" if earlier else ""), (row.year, row.value),
                           ha="right" if left_side else "left", va="center", fontsize=10.5, color=color,
                           xytext=(-8 if left_side else 8, 0), textcoords="offset points")
    handles = [Line2D([], [], marker=CAPEX_STYLE[g][1], color=CAPEX_STYLE[g][0], linestyle="none", markersize=9,
                      label=GROUP_LABELS[g]) for g in CAPEX_STYLE if g in set(dollars["companies"])]
    handles.append(Line2D([], [], marker="o", color=MUTED, markerfacecolor="white", linestyle="none", markersize=9,
                          label="Forecast or plan"))
    years = sorted(dollars["year"].unique())
    right.set_xticks(years, [str(y) for y in years])
    right.set_xlim(min(years) - 0.6, max(years) + 0.9)
    right.set_ylim(0, dollars["value"].max() * 1.12)
    right.set_ylabel("Capex, US$ billions")
    right.set_xlabel("Calendar year")
    right.set_title("Dollars: only hyperscaler series were found", fontsize=13, loc="left")
    right.legend(handles=handles, loc="upper left", fontsize=10.5)
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


def chart_attribution(attr: pd.DataFrame, source: str):
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
                ha="left", va="bottom", fontsize=10.5, color=INK, xytext=(4, 0), textcoords="offset points")
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


def chart_drawdown(result: dict, stock_share: float, bond_fall: float, source: str):
    d, r = result["seven_fall"], result["rest_fall"]
    f, m = result["index_fall"], result["mix_fall"]
    balance = result["balance"]
    fig, (left, right) = chart(
        f"The seven {fall_text(d)}: S&P 500 fund {fall_text(f)}, a ${balance:,.0f} target-date 401(k) "
        f"{loss_text(result['mix_loss_usd'])}", source, ncols=2, size=(11, 5.8),
        gridspec_kw={"width_ratios": [1.5, 1]})
    labels = ["The seven", "The other 493", "S&P 500\nindex fund", f"Target-date mix\n({stock_share:.0%} stocks)"]
    left.bar(0, d * 100, color=PALETTE["cost"], width=0.62)
    left.bar(1, r * 100, color=PALETTE["neutral"], width=0.62)
    left.bar(2, result["seven_contribution"] * 100, color=PALETTE["cost"], width=0.62, label="from the seven")
    left.bar(2, result["rest_contribution"] * 100, bottom=result["seven_contribution"] * 100, color=PALETTE["neutral"],
             width=0.62, label="from the other 493")
    left.bar(3, max(m, 0) * 100, color=PALETTE["revenue"], width=0.62)
    for xi, value in enumerate((d, r, f, m)):
        left.annotate(fall_text(value), (xi, max(value, 0) * 100), ha="center",
                      va="bottom", fontsize=12, fontweight="bold", xytext=(0, 3), textcoords="offset points")
    left.set_xticks(range(4), labels, fontsize=11)
    left.set_ylim(0, max(d, r, f, m, 0.05) * 100 * (1.22 if max(f, m) < 0.6 * max(d, r, 0.05) else 1.45))
    _pct_axis(left)
    left.set_ylabel("Fall in value")
    left.grid(axis="x", visible=False)
    left.legend(loc="upper right", fontsize=10, title="Index fund's fall", title_fontsize=10)
    left.set_title(f"Falls (the other 493 fall {result['beta']:g} × the seven's)", fontsize=12, loc="left")

    losses = [result["fund_loss_usd"], result["mix_loss_usd"]]
    right.bar([0, 1], [max(v, 0) for v in losses], color=[PALETTE["loss"], PALETTE["revenue"]], width=0.6)
    for xi, value in enumerate(losses):
        right.annotate(loss_text(value), (xi, max(value, 0)), ha="center",
                       va="bottom", fontsize=12, fontweight="bold", xytext=(0, 3), textcoords="offset points")
    right.set_xticks([0, 1], ["All in an\nS&P 500 fund", "In the\ntarget-date mix"], fontsize=11)
    right.set_ylim(0, max(max(losses), 0.1 * balance, 10) * 1.2)
    right.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"${v:,.0f}"))
    right.set_ylabel("Loss, US dollars")
    right.grid(axis="x", visible=False)
    bonds = f"; bonds {'−' if bond_fall > 0 else '+'}{abs(bond_fall):.0%}" if bond_fall else ""
    right.set_title(f"On a ${balance:,.0f} balance{bonds}", fontsize=12, loc="left")
    return fig


def chart_sensitivity(seven_weight: float, beta: float, seven_fall: float, falls: pd.DataFrame, source: str):
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
                    ha="center", va="center", fontsize=10.5, color=MUTED,
                    bbox=dict(boxstyle="round,pad=0.15", facecolor="white", edgecolor="none"))
    ax.plot(grid * 100, [drawdown.index_fall(seven_weight, x, beta) * 100 for x in grid], color=PALETTE["cost"],
            linewidth=3, label=f"This build: beta {beta:g}")
    point = drawdown.index_fall(seven_weight, seven_fall, beta)
    ax.scatter([seven_fall * 100], [point * 100], s=110, color=PALETTE["cost"], zorder=4)
    late = seven_fall > 0.75
    ax.annotate(f"the seven {fall_text(seven_fall, 0)}:\nindex {fall_text(point)}", (seven_fall * 100, point * 100),
                ha="right" if late else "left", va="top", fontsize=11.5, fontweight="bold", color=PALETTE["cost"],
                xytext=(-8 if late else 8, -6), textcoords="offset points")
    for row in falls.itertuples():
        ax.axhline(row.fall * 100, color=PALETTE["accent"], linestyle="--", linewidth=1.1)
        ax.annotate(f"S&P 500, {row.label}: −{row.fall:.0%}", (1, row.fall * 100), ha="left", va="bottom",
                    fontsize=10.5, color="#9a6a10", xytext=(0, 2), textcoords="offset points")
    if needed is not None:
        ax.scatter([needed * 100], [ref["fall"] * 100], s=80, marker="o", facecolors="white",
                   edgecolors=PALETTE["cost"], linewidths=2, zorder=4)
    ax.set_xlim(0, 102)
    ax.set_ylim(0, 100)
    ax.set_xticks(range(0, 101, 20))
    _pct_axis(ax, "x")
    _pct_axis(ax)
    ax.set_xlabel(f"Fall of the seven (their weight: {seven_weight:.1%} of the index)")
    ax.set_ylabel("Fall of an S&P 500 index fund")
    ax.legend(loc="upper left", fontsize=11)
    return fig
