"""The Basics section: OpenAI's cost/revenue gap from data/, and its charts.

The model itself is in helpers.breakeven; this module prepares tables and draws charts
so the notebook reads as a story.
"""
from __future__ import annotations

import math

import numpy as np
from matplotlib.ticker import FuncFormatter
import pandas as pd

from helpers.core.present import INK, PALETTE, chart, fmt_usd_bn

LABELS = {"revenue_growth": "Revenue growth", "cost_growth": "Operating-cost growth", "gross_margin": "Gross margin"}


def headline(financials: pd.DataFrame, metric: str, company: str = "OpenAI") -> pd.DataFrame:
    """One row per year for `metric`: the row flagged headline, full-year or cumulative."""
    rows = financials[(financials["company"] == company) & (financials["metric"] == metric)
                      & (financials["headline"] == "yes")]
    return rows.sort_values("year").set_index("year")[["value", "status", "source_id", "period"]]


def gap_table(financials: pd.DataFrame) -> pd.DataFrame:
    """Revenue, total costs, loss and cost per revenue dollar by year, from headline rows."""
    frame = pd.DataFrame({m: headline(financials, m)["value"] for m in
                          ("revenue", "total_expenses", "inference_compute_cost", "net_loss")})
    frame["status"] = headline(financials, "revenue")["status"]
    frame["operating_loss"] = frame["total_expenses"] - frame["revenue"]
    frame["cost_per_revenue_dollar"] = frame["total_expenses"] / frame["revenue"]
    frame["inference_per_revenue_dollar"] = frame["inference_compute_cost"] / frame["revenue"]
    frame.index = frame.index.astype(int)
    return frame


def sources_of(financials: pd.DataFrame, metrics, years=None) -> list[str]:
    rows = financials[(financials["metric"].isin(metrics)) & (financials["headline"] == "yes")]
    if years is not None:
        rows = rows[rows["year"].isin(list(years))]
    return list(rows["source_id"])


def chart_revenue_vs_costs(gap: pd.DataFrame, source: str):
    both = gap.dropna(subset=["revenue", "total_expenses"])
    latest = int(both.index.max())
    ratio = both.loc[latest, "cost_per_revenue_dollar"]
    fig, ax = chart(f"OpenAI spent ${ratio:.2f} for every $1 of revenue in {latest}", source)
    shown = gap.dropna(subset=["revenue"])
    shown = shown[shown.index <= latest + 2]  # later projections would flatten the reported years
    x = np.arange(len(shown))
    projected = (shown["status"] == "projected").to_numpy()
    ax.bar(x - 0.2, shown["revenue"], 0.4, color=PALETTE["revenue"], label="Revenue (reported)")
    ax.bar(x[projected] - 0.2, shown["revenue"][projected], 0.4, color="white", edgecolor=PALETTE["revenue"],
           hatch="///", label="Revenue (company projection)")
    costs = shown["total_expenses"]
    ax.bar(x + 0.2, costs.fillna(0), 0.4, color=PALETTE["cost"], label="Total costs and expenses (reported)")
    for xi, (rev, cost) in enumerate(zip(shown["revenue"], costs)):
        ax.annotate(fmt_usd_bn(rev), (xi - 0.2, rev), ha="center", va="bottom", fontsize=10, xytext=(0, 2),
                    textcoords="offset points")
        if cost == cost:
            ax.annotate(fmt_usd_bn(cost), (xi + 0.2, cost), ha="center", va="bottom", fontsize=10, xytext=(0, 2),
                        textcoords="offset points")
    ax.set_xticks(x, [str(y) for y in shown.index])
    ax.set_ylabel("US$ billions")
    ax.set_xlabel("Calendar year")
    ax.legend(loc="upper left")
    return fig


def chart_cost_to_serve(gap: pd.DataFrame, paid_margins: pd.DataFrame, source: str):
    serve = gap.dropna(subset=["inference_per_revenue_dollar"])
    reported = serve[serve["status"] == "reported"]
    latest = int(reported.index.max())
    cents = reported.loc[latest, "inference_per_revenue_dollar"] * 100
    fig, ax = chart(f"Running the models alone took {cents:.0f}¢ of every revenue dollar in {latest}", source)
    x = np.arange(len(serve))
    colors = [PALETTE["cost"] if s == "reported" else "white" for s in serve["status"]]
    ax.bar(x, serve["inference_per_revenue_dollar"] * 100, 0.55, color=colors, edgecolor=PALETTE["cost"], linewidth=2)
    for xi, (value, status) in enumerate(zip(serve["inference_per_revenue_dollar"], serve["status"])):
        label = f"{value * 100:.0f}¢" + (" (projected)" if status == "projected" else "")
        ax.annotate(label, (xi, value * 100), ha="center", va="bottom", xytext=(0, 3), textcoords="offset points")
    ax.set_xticks(x, [str(y) for y in serve.index])
    ax.set_ylabel("US cents per $1 of revenue")
    ax.set_xlabel("Calendar year (projected years outlined)")
    ax.set_ylim(0, max(100, float(serve["inference_per_revenue_dollar"].max() * 115)))
    ax.axhline(100, color=PALETTE["neutral"], linestyle="--", linewidth=1)
    ax.annotate("100¢: compute alone would eat all revenue", (len(serve) - 0.5, 100), ha="right", va="bottom",
                fontsize=10, color=PALETTE["neutral"])
    return fig


def chart_losses_vs_valuation(items: pd.DataFrame, valuation: float, valuation_label: str, title: str, source: str):
    """Horizontal bars of projected losses/burn (usd_bn) against the latest valuation."""
    fig, ax = chart(title, source, size=(10, 5.2))
    y = np.arange(len(items) + 1)
    values = [valuation, *items["value"]]
    labels = [valuation_label, *items["label"]]
    ax.barh(y, values, color=[PALETTE["revenue"]] + [PALETTE["loss"]] * len(items), height=0.6)
    for yi, value in zip(y, values):
        ax.annotate(fmt_usd_bn(value, 0), (value, yi), va="center", xytext=(4, 0), textcoords="offset points")
    ax.set_yticks(y, labels)
    ax.invert_yaxis()
    ax.set_xlabel("US$ billions")
    ax.grid(axis="y", visible=False)
    ax.set_xlim(0, max(values) * 1.15)
    return fig


def chart_projection(projection: pd.DataFrame, be_year: int | None, horizon: int, source: str):
    end = int(projection["year"].max())
    title = (f"On these assumptions OpenAI first turns a profit in {be_year}" if be_year and be_year <= end else
             f"On these assumptions OpenAI is still losing money in {end}")
    fig, ax = chart(title, source)
    ax.plot(projection["year"], projection["revenue"], color=PALETTE["revenue"], linewidth=2.5, marker="o",
            label="Revenue")
    ax.plot(projection["year"], projection["total_costs"], color=PALETTE["cost"], linewidth=2.5, marker="o",
            label="Total costs")
    ax.fill_between(projection["year"], projection["revenue"], projection["total_costs"],
                    where=projection["total_costs"] > projection["revenue"], color=PALETTE["cost"], alpha=0.12,
                    interpolate=True, label="Loss")
    base = int(projection["year"].min())
    ax.axvline(base + 0.5, color=PALETTE["neutral"], linestyle=":", linewidth=1)
    ax.annotate("reported | projected", (base + 0.5, ax.get_ylim()[0]), ha="center", va="bottom", fontsize=10,
                color=PALETTE["neutral"], xytext=(0, 4), textcoords="offset points")
    if be_year and be_year <= end:
        ax.axvline(be_year, color=PALETTE["good"], linewidth=1.5)
        ax.annotate(f"break-even {be_year}", (be_year, ax.get_ylim()[1] * 0.9), ha="right", va="top",
                    color=PALETTE["good"], xytext=(-4, 0), textcoords="offset points")
    ax.set_yscale("log")
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:,.0f}"))
    ax.yaxis.set_minor_formatter(FuncFormatter(lambda v, _: f"{v:,.0f}" if str(v)[0] in "25" else ""))
    ax.set_ylabel("US$ billions (log scale)")
    ax.set_xlabel("Calendar year")
    ax.legend(loc="lower right")
    ax.xaxis.get_major_locator().set_params(integer=True)
    return fig


def chart_tornado(table: pd.DataFrame, base_year: int, max_years: int, step: float, source: str):
    central = table.attrs["central_year"]
    cap = base_year + max_years + 1
    top = table.iloc[0]
    fig, ax = chart(f"{LABELS[top['parameter']]} moves the break-even year most: "
                    f"{_year_text(top['low_year'])} to {_year_text(top['high_year'])}", source, size=(10, 4.8))
    reference = central if central is not None else cap
    for yi, row in table.iterrows():
        for side, color in (("low", PALETTE["cost"]), ("high", PALETTE["revenue"])):
            year = row[f"{side}_year"]
            year = cap if year is None or (isinstance(year, float) and math.isnan(year)) else year
            ax.barh(yi, year - reference, left=reference, color=color, height=0.55,
                    label=f"{'−' if side == 'low' else '+'}{step * 100:.0f} points" if yi == 0 else None)
            ax.annotate(_year_text(row[f"{side}_year"]), (year, yi), va="center",
                        ha="left" if year >= reference else "right",
                        xytext=(4 if year >= reference else -4, 0), textcoords="offset points", fontsize=10)
    ax.axvline(reference, color=PALETTE["neutral"], linewidth=1)
    ax.set_yticks(range(len(table)), [f"{LABELS[p]}\n(now {v:.0%})" for p, v in zip(table["parameter"], table["central"])])
    ax.invert_yaxis()
    ax.set_xlabel(f"Break-even year (central case: {_year_text(central)})")
    ax.grid(axis="y", visible=False)
    ax.legend(loc="lower right")
    return fig


def _year_text(year) -> str:
    if year is None or (isinstance(year, float) and math.isnan(year)):
        return "never (within the search window)"
    return str(int(year))


def chart_grid(table: pd.DataFrame, gross_margin: float, end_year: int, source: str, required: float | None,
               cost_growth: float):
    title = (f"To break even by {end_year}, revenue must grow {required:.0%} a year if costs grow {cost_growth:.0%}"
             if required is not None else f"No revenue growth reaches break-even by {end_year} at this margin")
    fig, ax = chart(title, source, size=(10, 6.2))
    values = table.to_numpy(dtype=float, na_value=np.nan)
    shown = np.where(np.isnan(values) | (values > end_year), np.nan, values)
    import matplotlib as mpl

    cmap = mpl.colormaps["viridis_r"].with_extremes(bad="#e9ecef")
    image = ax.imshow(shown, cmap=cmap, aspect="auto", origin="lower",
                      vmin=np.nanmin(values) if np.isfinite(np.nanmin(values)) else end_year - 10, vmax=end_year)
    for i in range(values.shape[0]):
        for j in range(values.shape[1]):
            v = values[i, j]
            late = np.isnan(v) or v > end_year
            light = not late and (v - image.norm.vmin) / max(image.norm.vmax - image.norm.vmin, 1) < 0.5
            ax.text(j, i, "–" if late else str(int(v)), ha="center", va="center", fontsize=8.5,
                    color="#8a94a0" if late else (INK if light else "white"))
    ax.set_xticks(range(len(table.columns)), [f"{c:.0%}" for c in table.columns], rotation=0)
    ax.set_yticks(range(len(table.index)), [f"{r:.0%}" for r in table.index])
    ax.set_xlabel("Yearly growth of operating costs")
    ax.set_ylabel("Yearly revenue growth")
    ax.grid(False)
    bar = fig.colorbar(image, ax=ax, shrink=0.8)
    bar.set_label(f"Break-even year (– = not by {end_year})")
    return fig
